//! LSP shapes for the editing features: completion items, hovers, code
//! actions and colors, converted from the analysis's plain results.

use std::collections::HashMap;

use ropey::Rope;
use tower_lsp_server::ls_types as lsp;

use super::convert;
use crate::analysis::completion::{Item, ItemKind};
use crate::analysis::hover::Hover;
use crate::analysis::outline::{Fold, Symbol, SymbolKind};
use crate::analysis::{Diagnostic, Fix};
use crate::document::Encoding;
use crate::formats::claude_agent::catalog as cat;

/// What the client said it supports, as far as these features care.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientFeatures {
    /// Snippet syntax in completion items.
    pub snippets: bool,
    /// Markdown in hovers (otherwise plain text).
    pub hover_markdown: bool,
    /// Markdown in completion documentation.
    pub completion_markdown: bool,
    /// Nested document symbols (otherwise a flat list).
    pub hierarchical_symbols: bool,
    /// The client asks for a completion item's documentation when it shows
    /// it (`completionItem/resolve`), so the list can go without.
    pub resolve_documentation: bool,
    /// The client also asks for a completion item's detail when it shows
    /// it (VS Code shows it beside the selected item only), so an item
    /// whose documentation is resolved goes without its detail too (an
    /// item is resolved only when its documentation is).
    pub resolve_detail: bool,
    /// The client applies file and folder renames in a workspace edit
    /// (a rename then moves the file named after the name).
    pub rename_files: bool,
    /// The completion list's item defaults the client takes.
    pub list_defaults: super::completion_list::Defaults,
}

impl ClientFeatures {
    /// Reads the client's capabilities.
    #[must_use]
    pub fn from(params: &lsp::InitializeParams) -> Self {
        let text = params.capabilities.text_document.as_ref();
        let item = text
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref());
        let hover_formats = text
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref());
        let resolves = |property: &str| {
            item.and_then(|i| i.resolve_support.as_ref())
                .is_some_and(|r| r.properties.iter().any(|p| p == property))
        };
        Self {
            snippets: item.and_then(|i| i.snippet_support).unwrap_or(false),
            hover_markdown: hover_formats.is_none_or(|f| f.contains(&lsp::MarkupKind::Markdown)),
            completion_markdown: item
                .and_then(|i| i.documentation_format.as_ref())
                .is_none_or(|f| f.contains(&lsp::MarkupKind::Markdown)),
            hierarchical_symbols: text
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|s| s.hierarchical_document_symbol_support)
                .unwrap_or(false),
            resolve_documentation: resolves("documentation"),
            resolve_detail: resolves("detail"),
            rename_files: super::navigation::client_renames_files(params),
            list_defaults: super::completion_list::Defaults::from(params),
        }
    }
}

fn markup(markdown: String, as_markdown: bool) -> lsp::MarkupContent {
    if as_markdown {
        lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: markdown,
        }
    } else {
        lsp::MarkupContent {
            kind: lsp::MarkupKind::PlainText,
            value: super::plain::plain(&markdown),
        }
    }
}

/// An item's documentation as the client takes it. A color's is its hex
/// code alone: VS Code draws the swatch from it.
#[must_use]
pub fn completion_documentation(
    item: &Item,
    features: ClientFeatures,
) -> Option<lsp::Documentation> {
    match (item.color, &item.documentation) {
        (Some(hex), _) => Some(lsp::Documentation::String(hex.to_owned())),
        (None, Some(doc)) => Some(lsp::Documentation::MarkupContent(markup(
            doc.to_string(),
            features.completion_markdown,
        ))),
        (None, None) => None,
    }
}

/// A completion item. Its documentation (and its detail, if the client
/// resolves that too) is left for `completionItem/resolve` when the client
/// resolves it (`resolve` then holds what finds the item again), except a
/// color's hex code, which draws the swatch in the list.
#[must_use]
///
/// `to_range` converts byte ranges (the caller converts each distinct one
/// once: the items of a list mostly share one).
pub fn completion(
    item: Item,
    features: ClientFeatures,
    resolve: Option<serde_json::Value>,
    to_range: &mut impl FnMut(&std::ops::Range<usize>) -> lsp::Range,
) -> lsp::CompletionItem {
    let kind = match item.kind {
        ItemKind::Field => lsp::CompletionItemKind::PROPERTY,
        ItemKind::Value | ItemKind::Model => lsp::CompletionItemKind::ENUM_MEMBER,
        ItemKind::Color => lsp::CompletionItemKind::COLOR,
        ItemKind::Tool => lsp::CompletionItemKind::FUNCTION,
        ItemKind::Snippet => lsp::CompletionItemKind::SNIPPET,
    };
    let resolved =
        features.resolve_documentation && item.color.is_none() && item.documentation.is_some();
    let (documentation, data) = if resolved {
        (None, resolve)
    } else {
        (completion_documentation(&item, features), None)
    };
    lsp::CompletionItem {
        data,
        label: item.label,
        kind: Some(kind),
        detail: item
            .detail
            .filter(|_| !(resolved && features.resolve_detail))
            .map(std::borrow::Cow::into_owned),
        documentation,
        sort_text: Some(item.sort),
        filter_text: item.filter_text,
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
            range: to_range(&item.range),
            new_text: item.new_text,
        })),
        additional_text_edits: (!item.additional_edits.is_empty()).then(|| {
            item.additional_edits
                .iter()
                .map(|e| lsp::TextEdit {
                    range: to_range(&e.range),
                    new_text: e.new_text.clone(),
                })
                .collect()
        }),
        insert_text_format: Some(if item.snippet {
            lsp::InsertTextFormat::SNIPPET
        } else {
            lsp::InsertTextFormat::PLAIN_TEXT
        }),
        insert_text_mode: item.as_is.then_some(lsp::InsertTextMode::AS_IS),
        tags: item
            .deprecated
            .then(|| vec![lsp::CompletionItemTag::DEPRECATED]),
        ..Default::default()
    }
}

/// A hover.
#[must_use]
pub fn hover(
    rope: &Rope,
    hover: Hover,
    encoding: Encoding,
    features: ClientFeatures,
) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(markup(hover.markdown, features.hover_markdown)),
        range: Some(convert::range(rope, &hover.range, encoding)),
    }
}

/// A workspace edit applying `fix` to the document at `uri`.
#[must_use]
pub fn workspace_edit(
    rope: &Rope,
    uri: &lsp::Uri,
    fix: &Fix,
    encoding: Encoding,
) -> lsp::WorkspaceEdit {
    let edits = fix
        .edits
        .iter()
        .map(|e| lsp::TextEdit {
            range: convert::range(rope, &e.range, encoding),
            new_text: e.new_text.clone(),
        })
        .collect();
    lsp::WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

/// The quick fixes of `diagnostics` that touch `range` (bytes).
#[must_use]
pub fn quick_fixes(
    rope: &Rope,
    uri: &lsp::Uri,
    diagnostics: &[Diagnostic],
    range: &std::ops::Range<usize>,
    encoding: Encoding,
) -> Vec<lsp::CodeActionOrCommand> {
    let mut out = Vec::new();
    for d in diagnostics {
        let touches = d.range.start <= range.end && range.start <= d.range.end;
        if !touches {
            continue;
        }
        for (i, fix) in d.fixes.iter().enumerate() {
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: fix.title.clone(),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![convert::diagnostic(rope, d, encoding)]),
                edit: Some(workspace_edit(rope, uri, fix, encoding)),
                is_preferred: Some(i == 0),
                ..Default::default()
            }));
        }
    }
    out
}

fn symbol_kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Frontmatter => lsp::SymbolKind::NAMESPACE,
        SymbolKind::Key => lsp::SymbolKind::PROPERTY,
        SymbolKind::Example => lsp::SymbolKind::EVENT,
        SymbolKind::Heading { .. } => lsp::SymbolKind::STRING,
    }
}

/// Document symbols: nested when the client supports it, else a flat list
/// (children named with their container).
#[must_use]
pub fn document_symbols(
    rope: &Rope,
    uri: &lsp::Uri,
    symbols: &[Symbol],
    encoding: Encoding,
    hierarchical: bool,
) -> lsp::DocumentSymbolResponse {
    #[allow(deprecated)] // `deprecated` is a required field of the LSP type
    fn nested(rope: &Rope, s: &Symbol, encoding: Encoding) -> lsp::DocumentSymbol {
        lsp::DocumentSymbol {
            name: s.name.clone(),
            detail: s.detail.clone(),
            kind: symbol_kind(s.kind),
            tags: None,
            deprecated: None,
            range: convert::range(rope, &s.range, encoding),
            selection_range: convert::range(rope, &s.selection, encoding),
            children: (!s.children.is_empty()).then(|| {
                s.children
                    .iter()
                    .map(|c| nested(rope, c, encoding))
                    .collect()
            }),
        }
    }
    #[allow(deprecated)]
    fn flat(
        rope: &Rope,
        uri: &lsp::Uri,
        s: &Symbol,
        container: Option<&str>,
        encoding: Encoding,
        out: &mut Vec<lsp::SymbolInformation>,
    ) {
        out.push(lsp::SymbolInformation {
            name: s.name.clone(),
            kind: symbol_kind(s.kind),
            tags: None,
            deprecated: None,
            location: lsp::Location {
                uri: uri.clone(),
                range: convert::range(rope, &s.range, encoding),
            },
            container_name: container.map(str::to_owned),
        });
        for c in &s.children {
            flat(rope, uri, c, Some(&s.name), encoding, out);
        }
    }
    if hierarchical {
        lsp::DocumentSymbolResponse::Nested(
            symbols.iter().map(|s| nested(rope, s, encoding)).collect(),
        )
    } else {
        let mut out = Vec::new();
        for s in symbols {
            flat(rope, uri, s, None, encoding, &mut out);
        }
        lsp::DocumentSymbolResponse::Flat(out)
    }
}

/// Folding ranges, by line (LSP folds whole lines).
#[must_use]
pub fn folding_ranges(rope: &Rope, folds: &[Fold]) -> Vec<lsp::FoldingRange> {
    let mut out: Vec<lsp::FoldingRange> = Vec::new();
    for f in folds {
        let start = rope.byte_to_line(f.range.start.min(rope.len_bytes()));
        let end = rope.byte_to_line(f.range.end.min(rope.len_bytes()));
        if end <= start {
            continue;
        }
        let (Ok(start_line), Ok(end_line)) = (u32::try_from(start), u32::try_from(end)) else {
            continue;
        };
        if out
            .iter()
            .any(|o| o.start_line == start_line && o.end_line == end_line)
        {
            continue;
        }
        let _ = f.kind;
        out.push(lsp::FoldingRange {
            start_line,
            end_line,
            kind: Some(lsp::FoldingRangeKind::Region),
            ..Default::default()
        });
    }
    out
}

fn rgb(hex: &str) -> (f32, f32, f32) {
    let channel = |i: usize| {
        f32::from(u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0)) / 255.0
    };
    (channel(1), channel(3), channel(5))
}

/// The color swatch of a `color:` value.
#[must_use]
pub fn color_information(
    rope: &Rope,
    range: &std::ops::Range<usize>,
    name: &str,
    encoding: Encoding,
) -> Option<lsp::ColorInformation> {
    let (red, green, blue) = rgb(cat::color_hex(name)?);
    Some(lsp::ColorInformation {
        range: convert::range(rope, range, encoding),
        color: lsp::Color {
            red,
            green,
            blue,
            alpha: 1.0,
        },
    })
}

/// The eight colors, nearest to `color` first: a picker limited to what
/// Claude Code accepts.
#[must_use]
pub fn color_presentations(color: lsp::Color, range: lsp::Range) -> Vec<lsp::ColorPresentation> {
    let mut named: Vec<(f32, &str)> = cat::COLOR_HEX
        .iter()
        .map(|(name, hex)| {
            let (r, g, b) = rgb(hex);
            (
                (r - color.red).powi(2) + (g - color.green).powi(2) + (b - color.blue).powi(2),
                *name,
            )
        })
        .collect();
    named.sort_by(|a, b| a.0.total_cmp(&b.0));
    named
        .into_iter()
        .map(|(_, name)| lsp::ColorPresentation {
            label: name.to_owned(),
            text_edit: Some(lsp::TextEdit {
                range,
                new_text: name.to_owned(),
            }),
            additional_text_edits: None,
        })
        .collect()
}

/// How long a roster lens's title may be, in characters.
const ROSTER_TITLE_CHARS: usize = 120;

/// The title of the code lens that shows a file's roster line: the tool's
/// name, then the line on one line (its line breaks shown as `↵`), cut to
/// [`ROSTER_TITLE_CHARS`].
#[must_use]
pub fn roster_title(kind: crate::analysis::FileKind, line: &str) -> String {
    let format = crate::formats::format(kind);
    let verb = format.shows;
    let tool = format.tool;
    let flat: String = line
        .trim_end()
        .chars()
        .map(|c| if c == '\n' { '↵' } else { c })
        .filter(|c| *c != '\r')
        .collect();
    let mut title = format!("{tool} {verb}: {flat}");
    if let Some((cut, _)) = title.char_indices().nth(ROSTER_TITLE_CHARS) {
        title.truncate(cut);
        title.push('…');
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_color_first() {
        let r = lsp::Range::default();
        let p = color_presentations(
            lsp::Color {
                red: 0.9,
                green: 0.3,
                blue: 0.3,
                alpha: 1.0,
            },
            r,
        );
        assert_eq!(p[0].label, "red");
        assert_eq!(p.len(), 8);
    }
}
