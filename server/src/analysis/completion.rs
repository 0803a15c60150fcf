//! Completion in the frontmatter: keys, and the values of each field, from
//! the catalog and the cursor's [`Context`].

use std::ops::Range;

use crate::catalog::claude_agent as cat;
use crate::catalog::{FieldType, tools as tool_cat};
use crate::frontmatter::{self, Locate};

use super::FileKind;
use super::context::{self, Context};

/// What a completion item is, for the editor's icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A frontmatter key.
    Field,
    /// A value of an enumerated field.
    Value,
    /// A color (editors show a swatch).
    Color,
    /// A tool.
    Tool,
    /// A model.
    Model,
    /// A snippet (an `<example>` block).
    Snippet,
}

/// One completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What the list shows.
    pub label: String,
    /// The icon.
    pub kind: ItemKind,
    /// One line beside the label.
    pub detail: Option<String>,
    /// Markdown documentation.
    pub documentation: Option<String>,
    /// For colors: the hex code, which editors turn into a swatch.
    pub color: Option<&'static str>,
    /// The bytes to replace.
    pub range: Range<usize>,
    /// The replacement (a snippet when [`Item::snippet`]).
    pub new_text: String,
    /// Whether `new_text` uses snippet syntax (`$0`, `${1:…}`).
    pub snippet: bool,
    /// Sort key: aliases before ids, common tools first.
    pub sort: String,
    /// Shown struck through (renamed or legacy).
    pub deprecated: bool,
}

impl Item {
    fn new(
        label: impl Into<String>,
        kind: ItemKind,
        range: Range<usize>,
        sort: impl Into<String>,
    ) -> Self {
        let label = label.into();
        Self {
            new_text: label.clone(),
            label,
            kind,
            detail: None,
            documentation: None,
            color: None,
            range,
            snippet: false,
            sort: sort.into(),
            deprecated: false,
        }
    }
}

/// Tools people use most, offered first.
const COMMON_TOOLS: &[&str] = &[
    "Read",
    "Grep",
    "Glob",
    "Edit",
    "Write",
    "Bash",
    "WebFetch",
    "WebSearch",
    "Agent",
    "TodoWrite",
];

/// Completions at byte `offset`. `workspace_tools` are MCP tools seen in
/// other files (offered for tool lists); `snippets` says whether the
/// client accepts snippet syntax.
#[must_use]
pub fn complete(
    text: &str,
    offset: usize,
    kind: FileKind,
    workspace_tools: &[String],
    snippets: bool,
) -> Vec<Item> {
    let Some(ctx) = context::at(text, offset) else {
        return Vec::new();
    };
    match ctx {
        Context::Key { range, has_colon } => keys(text, range, has_colon, kind, snippets),
        Context::Value { key, range } => values(&key, range),
        Context::ListEntry {
            key,
            range,
            present,
        } => match key.as_str() {
            "tools" | "disallowedTools" => tools(&key, range, &present, workspace_tools),
            _ => Vec::new(),
        },
        Context::Description { range, block } => {
            if text[range.clone()].starts_with('<') || range.is_empty() {
                example_snippet(text, range, block, snippets)
            } else {
                Vec::new()
            }
        }
    }
}

fn type_summary(ty: FieldType) -> &'static str {
    match ty {
        FieldType::String => "string",
        FieldType::ToolList => "tool list",
        FieldType::NameList => "list of names",
        FieldType::Enum(_) => "one of a set",
        FieldType::Bool => "true or false",
        FieldType::PositiveInt => "positive integer",
        FieldType::EnumOrInt(_) => "level or integer",
        FieldType::Model => "model",
        FieldType::Mapping => "mapping",
        FieldType::List => "list",
    }
}

fn keys(
    text: &str,
    range: Range<usize>,
    has_colon: bool,
    kind: FileKind,
    snippets: bool,
) -> Vec<Item> {
    let content = match frontmatter::locate(text) {
        Locate::Found(l) => l.content,
        _ => 0..text.len(),
    };
    let current = &text[range.clone()];
    let present = context::keys_present(text, content);
    let plugin = kind == FileKind::ClaudePluginAgent;
    let mut out = Vec::new();
    for (i, f) in cat::FIELDS.iter().enumerate() {
        if (present.iter().any(|p| p == f.name) && f.name != current)
            || (plugin && cat::PLUGIN_IGNORED_FIELDS.contains(&f.name))
        {
            continue;
        }
        let mut item = Item::new(
            f.name,
            ItemKind::Field,
            range.clone(),
            format!("{}{i:02}", if f.documented { 'a' } else { 'b' }),
        );
        let required = if f.required { "required · " } else { "" };
        item.detail = Some(format!("{required}{}", type_summary(f.ty)));
        item.documentation = Some(f.doc.to_owned());
        if !has_colon {
            item.new_text = match (snippets, f.ty) {
                (true, FieldType::Mapping | FieldType::List) => format!("{}:\n  $0", f.name),
                (true, _) => format!("{}: $0", f.name),
                (false, _) => format!("{}: ", f.name),
            };
            item.snippet = snippets;
        }
        out.push(item);
    }
    out
}

fn values(key: &str, range: Range<usize>) -> Vec<Item> {
    match key {
        "model" => {
            let mut out = Vec::new();
            for (i, m) in cat::MODEL_ALIASES.iter().enumerate() {
                let mut item =
                    Item::new(m.name, ItemKind::Model, range.clone(), format!("a{i:02}"));
                item.detail = Some("alias".to_owned());
                item.documentation = Some(m.doc.to_owned());
                out.push(item);
            }
            for (i, m) in cat::MODEL_IDS.iter().enumerate() {
                let mut item =
                    Item::new(m.name, ItemKind::Model, range.clone(), format!("b{i:02}"));
                item.detail = Some(m.doc.to_owned());
                item.documentation = Some(format!("{} Pins this exact model.", m.doc));
                out.push(item);
            }
            out
        }
        "color" => cat::COLORS
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut item = Item::new(c.name, ItemKind::Color, range.clone(), format!("{i:02}"));
                item.color = cat::color_hex(c.name);
                item.detail = Some(c.doc.to_owned());
                item
            })
            .collect(),
        _ => cat::enum_values(key)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut item = Item::new(v.name, ItemKind::Value, range.clone(), format!("{i:02}"));
                item.documentation = Some(v.doc.to_owned());
                item.detail = Some(v.doc.to_owned());
                item.deprecated = v.name == "manual";
                item
            })
            .collect(),
    }
}

fn tools(key: &str, range: Range<usize>, present: &[String], workspace: &[String]) -> Vec<Item> {
    let allow = key == "tools";
    let listed = |name: &str| {
        present
            .iter()
            .any(|p| p == name || p.starts_with(&format!("{name}(")))
    };
    let mut out = Vec::new();
    for t in tool_cat::TOOLS {
        if listed(t.name) || t.doc.contains("(undocumented)") || t.doc.starts_with("Internal") {
            continue;
        }
        let common = COMMON_TOOLS.iter().position(|c| *c == t.name);
        let sort = match (common, allow && t.not_for_subagents) {
            (_, true) => format!("c{}", t.name),
            (Some(i), _) => format!("a{i:02}"),
            (None, _) => format!("b{}", t.name),
        };
        let mut item = Item::new(t.name, ItemKind::Tool, range.clone(), sort);
        item.detail = Some(if allow && t.not_for_subagents {
            "never given to sub-agents".to_owned()
        } else {
            "tool".to_owned()
        });
        item.documentation = Some(t.doc.to_owned());
        out.push(item);
    }
    for name in workspace {
        if listed(name) {
            continue;
        }
        let mut item = Item::new(
            name.clone(),
            ItemKind::Tool,
            range.clone(),
            format!("d{name}"),
        );
        item.detail = Some("MCP tool used elsewhere in the workspace".to_owned());
        out.push(item);
    }
    if !allow && !listed("mcp__*") {
        let mut item = Item::new("mcp__*", ItemKind::Tool, range, "e");
        item.detail = Some("every MCP tool".to_owned());
        out.push(item);
    }
    out
}

/// The `name` of the agent, for the snippet's "I'll use the NAME agent".
fn agent_name(text: &str) -> String {
    super::agent_name(text).map_or_else(|| "this".to_owned(), |(n, _)| n)
}

fn example_snippet(text: &str, range: Range<usize>, block: bool, snippets: bool) -> Vec<Item> {
    let name = agent_name(text);
    let lines = [
        "<example>".to_owned(),
        format!(
            "Context: {}",
            if snippets {
                "${1:the situation}"
            } else {
                "the situation"
            }
        ),
        format!(
            "user: \"{}\"",
            if snippets {
                "${2:what the user asks}"
            } else {
                "what the user asks"
            }
        ),
        format!(
            "assistant: \"{}\"",
            if snippets {
                format!("${{3:I'll use the {name} agent to …}}")
            } else {
                format!("I'll use the {name} agent to …")
            }
        ),
        "<commentary>".to_owned(),
        (if snippets {
            "${4:why this agent fits}"
        } else {
            "why this agent fits"
        })
        .to_owned(),
        "</commentary>".to_owned(),
        "</example>".to_owned(),
    ];
    let new_text = if block {
        // Keep the block scalar's indentation on every line.
        let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let indent: String = text[line_start..range.start]
            .chars()
            .take_while(|c| *c == ' ')
            .collect();
        lines.join(&format!("\n{indent}"))
    } else {
        lines.join("\\n")
    };
    let mut item = Item::new("<example>", ItemKind::Snippet, range, "a");
    item.detail = Some("an example of when to use this agent".to_owned());
    item.documentation = Some(
        "Claude reads the examples in `description` to decide when to delegate: a situation, what the user said, how the assistant hands over, and why.".to_owned(),
    );
    item.new_text = new_text;
    item.snippet = snippets;
    vec![item]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(fixture: &str) -> Vec<String> {
        let offset = fixture.find("$0").expect("cursor");
        let text = fixture.replace("$0", "");
        let mut items = complete(
            &text,
            offset,
            FileKind::ClaudeAgent,
            &["mcp__gh__get_issue".to_owned()],
            true,
        );
        items.sort_by(|a, b| a.sort.cmp(&b.sort));
        items.into_iter().map(|i| i.label).collect()
    }

    #[test]
    fn keys_not_yet_present() {
        let got = labels("---\nname: a\n$0\n---\n");
        assert!(!got.contains(&"name".to_owned()));
        assert_eq!(got[0], "description");
        assert!(got.contains(&"tools".to_owned()));
        let got = labels("---\nname: a\n$0\n---\n");
        assert!(
            got.iter().position(|l| l == "omitClaudeMd")
                > got.iter().position(|l| l == "initialPrompt"),
            "undocumented last"
        );
    }

    #[test]
    fn models_aliases_first() {
        let got = labels("---\nmodel: $0\n---\n");
        assert_eq!(&got[..5], ["sonnet", "opus", "haiku", "fable", "inherit"]);
        assert!(got.contains(&"claude-opus-4-5".to_owned()));
    }

    #[test]
    fn tools_leave_out_listed_ones() {
        let got = labels("---\ntools: Read, Bash(git *), $0\n---\n");
        assert!(!got.contains(&"Read".to_owned()) && !got.contains(&"Bash".to_owned()));
        assert_eq!(got[0], "Grep");
        assert!(got.contains(&"mcp__gh__get_issue".to_owned()));
        let got = labels("---\ndisallowedTools:\n  - Write\n  - $0\n---\n");
        assert!(!got.contains(&"Write".to_owned()) && got.contains(&"mcp__*".to_owned()));
    }

    #[test]
    fn example_snippet_in_one_line_and_block_descriptions() {
        let text = "---\nname: rev\ndescription: Use it.\\n<\n---\n";
        let items = complete(
            text,
            text.find("<\n").unwrap_or(0) + 1,
            FileKind::ClaudeAgent,
            &[],
            false,
        );
        assert_eq!(items.len(), 1);
        assert!(
            items[0]
                .new_text
                .starts_with("<example>\\nContext: the situation\\nuser: ")
        );
        assert!(items[0].new_text.contains("I'll use the rev agent"));
        let text = "---\nname: rev\ndescription: |\n  Use it.\n  <\n---\n";
        let items = complete(
            text,
            text.rfind('<').unwrap_or(0) + 1,
            FileKind::ClaudeAgent,
            &[],
            false,
        );
        assert!(
            items[0].new_text.starts_with("<example>\n  Context: "),
            "{}",
            items[0].new_text
        );
    }
}
