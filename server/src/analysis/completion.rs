//! Completion in the frontmatter: keys, and the values of each field, from
//! the catalog and the cursor's [`Context`].
//!
//! Every item's edit contains the cursor and leaves `key: value` YAML:
//!
//! - **Right after an indicator** (`model:|`, `tools: Read,|`, `  -|`, the
//!   trigger characters `:`, `,` and `-`), items are offered at once and
//!   their text starts with the blank that YAML needs (` sonnet`), so that
//!   picking one never glues the value to the indicator. Such items are
//!   snippets when the client takes snippets (Neovim's built-in completion
//!   inserts a plain item only up to its first blank), with the label as
//!   filter text.
//! - **Lists**: tools already listed are left out, also under an old name
//!   (`Task` lists `Agent`) or in another case (`read`: its quick fix turns
//!   it into `Read`); internal tools are never offered. On a line under a
//!   block list that has no dash yet, items bring their `- `.
//! - **The `<example>` snippet** in `description` is offered after `<` (the
//!   trigger character, or `<ex…` typed) and on an explicit request at the
//!   start of a word, never because a blank was typed. It is written for the
//!   description's form (escaped in quotes, `\n` for line breaks on one line,
//!   real lines in a block scalar, blank lines between them in a folded one);
//!   a plain description is put in double quotes on the way, keeping its
//!   text (for a line that needed Claude Code's retry, the text the retry
//!   reads). It is offered only after checking, on the description alone,
//!   that the result loads with the example and nothing else changed,
//!   and adds no diagnostic.

use std::borrow::Cow;
use std::ops::Range;

use crate::formats::catalog::FieldType;
use crate::formats::claude_agent::catalog as cat;
use crate::formats::claude_agent::tools as tool_cat;
use crate::frontmatter::Style;

use super::context::{self, Context, DescriptionAt};
use super::{Edit, FileKind, Target, examples};

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
    pub detail: Option<Cow<'static, str>>,
    /// Markdown documentation.
    pub documentation: Option<Cow<'static, str>>,
    /// For colors: the hex code, which editors turn into a swatch.
    pub color: Option<&'static str>,
    /// The bytes to replace; always contains the cursor.
    pub range: Range<usize>,
    /// The replacement (a snippet when [`Item::snippet`]).
    pub new_text: String,
    /// Whether `new_text` uses snippet syntax (`$0`, `${1:…}`).
    pub snippet: bool,
    /// Sort key: aliases before ids, common tools first.
    pub sort: String,
    /// Shown struck through (renamed or legacy).
    pub deprecated: bool,
    /// What the editor filters on, when `new_text` does not start with the
    /// label (a leading blank or `- `).
    pub filter_text: Option<String>,
    /// Edits applied together with the item, elsewhere in the text (they
    /// never overlap `range`): quoting a plain description.
    pub additional_edits: Vec<Edit>,
    /// Whether the lines of `new_text` already carry their indentation (the
    /// editor must insert it as is). Otherwise editors indent the lines
    /// after the first like the cursor's line, as they do for snippets.
    pub as_is: bool,
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
            filter_text: None,
            additional_edits: Vec::new(),
            as_is: false,
        }
    }

    /// The text once an editor has accepted the item: the snippet's
    /// placeholders at their default text, the lines after the first
    /// indented like the line the edit starts on (unless [`Item::as_is`]),
    /// as VS Code and Neovim insert them, and the additional edits applied.
    #[must_use]
    pub fn accepted(&self, text: &str) -> String {
        let mut new_text = if self.snippet {
            expand_snippet(&self.new_text)
        } else {
            self.new_text.clone()
        };
        if !self.as_is {
            let line_start = text[..self.range.start].rfind('\n').map_or(0, |i| i + 1);
            let line = &text[line_start..self.range.start];
            let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
            new_text = new_text.replace('\n', &format!("\n{indent}"));
        }
        let mut edits: Vec<Edit> = self.additional_edits.clone();
        edits.push(Edit {
            range: self.range.clone(),
            new_text,
        });
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        let mut out = text.to_owned();
        for e in edits {
            out.replace_range(e.range, &e.new_text);
        }
        out
    }
}

/// Snippet text as an editor inserts it: placeholders (`$1`, `${2:text}`)
/// replaced by their default text, escapes resolved.
fn expand_snippet(snippet: &str) -> String {
    let mut out = String::new();
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                if chars.peek() == Some(&':') {
                    chars.next();
                }
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => out.extend(chars.next()),
                        '}' => break,
                        c => out.push(c),
                    }
                }
            }
            '$' if chars.peek().is_some_and(char::is_ascii_digit) => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// What completion needs besides the text and the cursor.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The kind of agent file.
    pub kind: FileKind,
    /// MCP tools named in other open agent files (see [`mcp_names`]).
    pub workspace_tools: &'a [String],
    /// Whether the client accepts snippet syntax.
    pub snippets: bool,
    /// Whether completion was asked for explicitly (as opposed to opened by
    /// a trigger character).
    pub invoked: bool,
    /// The file's name without extension (the name a plugin agent loads
    /// under), for the example snippet when no `name` can be read.
    pub file_stem: Option<&'a str>,
}

impl Request<'_> {
    /// An explicit request in a file of `kind`, with snippets, nothing else
    /// known.
    #[must_use]
    pub fn new(kind: FileKind) -> Self {
        Self {
            kind,
            workspace_tools: &[],
            snippets: true,
            invoked: true,
            file_stem: None,
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

/// Completions at byte `offset` of `text`.
#[must_use]
pub fn complete(text: &str, offset: usize, req: &Request<'_>) -> Vec<Item> {
    let Some(ctx) = context::at(text, offset) else {
        return Vec::new();
    };
    match ctx {
        Context::Key { range, has_colon } => keys(text, range, has_colon, req),
        Context::Value { key, range, prefix } => {
            decorate(values(&key, range, req.kind), prefix, "", req.snippets)
        }
        Context::ListEntry {
            key,
            range,
            present,
            prefix,
            suffix,
        } => match crate::formats::catalog::field(crate::formats::format(req.kind).fields, &key)
            .map(|f| f.ty)
        {
            Some(FieldType::ToolList) => decorate(
                tools(text, &key, range, &present, req.workspace_tools),
                &prefix,
                suffix,
                req.snippets,
            ),
            Some(FieldType::List) => decorate(
                list_values(&key, range, &present, req.kind),
                &prefix,
                suffix,
                req.snippets,
            ),
            _ => Vec::new(),
        },
        Context::Description(d) => example_snippet(text, &d, req).into_iter().collect(),
    }
}

/// Snippet syntax for literal text: `\`, `$` and `}` escaped.
fn snippet_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '$' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The sort key of the `i`th item of a group: `group`, then `i` in two
/// digits at least (as `format!("{group}{i:02}")` writes it, without the
/// formatting machinery: a list makes one per item).
fn sort_key(group: &str, i: usize) -> String {
    let mut key = String::with_capacity(group.len() + 2);
    key.push_str(group);
    if i < 100 {
        key.push(char::from(b'0' + u8::try_from(i / 10).unwrap_or(0)));
        key.push(char::from(b'0' + u8::try_from(i % 10).unwrap_or(0)));
    } else {
        key.push_str(&i.to_string());
    }
    key
}

/// Puts `prefix` and `suffix` around each item's text.
fn decorate(items: Vec<Item>, prefix: &str, suffix: &str, snippets: bool) -> Vec<Item> {
    if prefix.is_empty() && suffix.is_empty() {
        return items;
    }
    items
        .into_iter()
        .map(|mut item| {
            let text = format!("{prefix}{}{suffix}", item.new_text);
            item.filter_text = Some(item.label.clone());
            if snippets {
                item.new_text = snippet_escape(&text);
                item.snippet = true;
            } else {
                item.new_text = text;
            }
            item
        })
        .collect()
}

fn type_summary(ty: FieldType) -> &'static str {
    match ty {
        FieldType::String => "string",
        FieldType::ToolList => "tool list",
        FieldType::NameList => "list of names",
        FieldType::Enum(_) => "one of a set",
        FieldType::Bool => "true or false",
        FieldType::PositiveInt => "positive integer",
        FieldType::Number => "number",
        FieldType::EnumOrInt(_) => "level or integer",
        FieldType::Model => "model",
        FieldType::Mapping => "mapping",
        FieldType::List => "list",
    }
}

fn keys(text: &str, range: Range<usize>, has_colon: bool, req: &Request<'_>) -> Vec<Item> {
    let current = &text[range.clone()];
    let present = context::keys_present(text);
    let format = crate::formats::format(req.kind);
    let mut out = Vec::new();
    for (i, f) in format.fields.iter().enumerate() {
        if (present.iter().any(|p| p == f.name) && f.name != current)
            || format.ignored_fields.contains(&f.name)
        {
            continue;
        }
        let mut item = Item::new(
            f.name,
            ItemKind::Field,
            range.clone(),
            sort_key(if f.documented { "a" } else { "b" }, i),
        );
        let required = if f.required { "required · " } else { "" };
        item.detail = Some([required, type_summary(f.ty)].concat().into());
        item.documentation = Some(f.doc.into());
        if !has_colon {
            item.new_text = match (req.snippets, f.ty) {
                (true, FieldType::Mapping | FieldType::List) => format!("{}:\n  $0", f.name),
                (true, _) => format!("{}: $0", f.name),
                (false, _) => format!("{}: ", f.name),
            };
            item.snippet = req.snippets;
        }
        out.push(item);
    }
    out
}

fn values(key: &str, range: Range<usize>, kind: FileKind) -> Vec<Item> {
    let format = crate::formats::format(kind);
    let ty = crate::formats::catalog::field(format.fields, key).map(|f| f.ty);
    match (key, ty) {
        (_, None) => Vec::new(),
        (_, Some(FieldType::Model)) => {
            let mut out = Vec::new();
            for (i, m) in cat::MODEL_ALIASES.iter().enumerate() {
                let mut item = Item::new(m.name, ItemKind::Model, range.clone(), sort_key("a", i));
                item.detail = Some("alias".into());
                item.documentation = Some(m.doc.into());
                out.push(item);
            }
            for (i, m) in cat::MODEL_IDS.iter().enumerate() {
                let mut item = Item::new(m.name, ItemKind::Model, range.clone(), sort_key("b", i));
                item.detail = Some(m.doc.into());
                item.documentation = Some([m.doc, " Pins this exact model."].concat().into());
                out.push(item);
            }
            out
        }
        ("color", _) if (format.values)(key).is_none() => cat::COLORS
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut item = Item::new(c.name, ItemKind::Color, range.clone(), sort_key("", i));
                item.color = cat::color_hex(c.name);
                item.detail = Some(c.doc.into());
                item
            })
            .collect(),
        _ => (format.values)(key)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            // Plugin agents accept only `worktree` (AG308 flags the rest).
            .filter(|(_, v)| {
                !(key == "isolation" && kind == FileKind::ClaudePluginAgent && v.name != "worktree")
            })
            .map(|(i, v)| {
                let mut item = Item::new(v.name, ItemKind::Value, range.clone(), sort_key("", i));
                item.documentation = Some(v.doc.into());
                item.detail = Some(v.doc.into());
                item.deprecated = v.name == "manual";
                item
            })
            .collect(),
    }
}

/// The documented values of a list field (a format's own tool names, say),
/// but those already listed.
fn list_values(key: &str, range: Range<usize>, present: &[String], kind: FileKind) -> Vec<Item> {
    (crate::formats::format(kind).values)(key)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter(|(_, v)| !present.iter().any(|p| p.trim() == v.name))
        .map(|(i, v)| {
            let mut item = Item::new(v.name, ItemKind::Value, range.clone(), sort_key("", i));
            item.detail = Some(v.doc.into());
            item.documentation = Some(v.doc.into());
            item
        })
        .collect()
}

/// An MCP tool entry read as `(server, tool)`: `mcp__s__t` is
/// `(s, Some(t))`, `mcp__s__*` is `(s, Some("*"))`, `mcp__s` is `(s, None)`.
/// `None` for anything malformed, and for `mcp__*`.
fn parse_mcp(name: &str) -> Option<(&str, Option<&str>)> {
    let rest = name.strip_prefix("mcp__")?;
    let (server, tool) = match rest.find("__") {
        Some(i) => (&rest[..i], Some(&rest[i + 2..])),
        None => (rest, None),
    };
    let server_ok = !server.is_empty()
        && server
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let tool_ok = tool.is_none_or(|t| {
        t == "*"
            || (!t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    });
    (server_ok && tool_ok).then_some((server, tool))
}

/// The MCP entries (`mcp__server__tool`, `mcp__server__*`, `mcp__server`)
/// of the `tools` and `disallowedTools` lists in `text`, for completion in
/// other files.
#[must_use]
pub fn mcp_names(text: &str) -> Vec<String> {
    let mut out: Vec<String> = ["tools", "disallowedTools"]
        .iter()
        .flat_map(|k| context::list_entries(text, k))
        .filter(|n| parse_mcp(n).is_some())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn tools(
    text: &str,
    key: &str,
    range: Range<usize>,
    present: &[String],
    workspace: &[String],
) -> Vec<Item> {
    let allow = key == "tools";
    // What the entries already there name: a rule names its tool, an old
    // name the new one, and a name in another case the tool its quick fix
    // writes.
    let bases: Vec<&str> = present
        .iter()
        .map(|p| p.split('(').next().unwrap_or(p).trim())
        .collect();
    let listed = |name: &str| {
        bases.iter().any(|b| {
            *b == name || tool_cat::renamed(b) == Some(name) || b.eq_ignore_ascii_case(name)
        })
    };
    let mut out = Vec::new();
    for t in tool_cat::TOOLS {
        if t.internal || listed(t.name) {
            continue;
        }
        let common = COMMON_TOOLS.iter().position(|c| *c == t.name);
        let sort = match (common, allow && t.not_for_subagents) {
            (_, true) => format!("c{}", t.name),
            (Some(i), _) => sort_key("a", i),
            (None, _) => format!("b{}", t.name),
        };
        let mut item = Item::new(t.name, ItemKind::Tool, range.clone(), sort);
        item.detail = Some(if allow && t.not_for_subagents {
            "never given to sub-agents".into()
        } else {
            "tool".into()
        });
        item.documentation = Some(t.doc.into());
        out.push(item);
    }
    out.extend(mcp_items(text, &range, present, workspace, allow));
    if !allow && !listed("mcp__*") {
        let mut item = Item::new("mcp__*", ItemKind::Tool, range, "e");
        item.detail = Some("every MCP tool".into());
        out.push(item);
    }
    out
}

/// MCP tools and servers named in this file's tool lists and in other open
/// agents: each tool, and each server as a whole (`mcp__s__*`, or
/// `mcp__s` where that form was written), unless already covered.
fn mcp_items(
    text: &str,
    range: &Range<usize>,
    present: &[String],
    workspace: &[String],
    allow: bool,
) -> Vec<Item> {
    let here = mcp_names(text);
    let covered = |server: &str, tool: Option<&str>| {
        present.iter().any(|p| {
            (!allow && p == "mcp__*")
                || parse_mcp(p).is_some_and(|(s, t)| {
                    s == server && (t.is_none() || t == Some("*") || t == tool)
                })
        })
    };
    // (server, the whole-server form seen, if any)
    let mut servers: Vec<(&str, Option<&str>)> = Vec::new();
    let mut out = Vec::new();
    let names = here
        .iter()
        .map(|n| (n, true))
        .chain(workspace.iter().map(|n| (n, false)));
    for (name, in_file) in names {
        let Some((server, tool)) = parse_mcp(name) else {
            continue;
        };
        let whole = matches!(tool, None | Some("*")).then_some(name.as_str());
        match servers.iter_mut().find(|(s, _)| *s == server) {
            Some((_, form)) => {
                if form.is_none() {
                    *form = whole;
                }
            }
            None => servers.push((server, whole)),
        }
        let Some(tool) = tool.filter(|t| *t != "*") else {
            continue;
        };
        if covered(server, Some(tool)) || out.iter().any(|i: &Item| i.label == *name) {
            continue;
        }
        let mut item = Item::new(
            name.clone(),
            ItemKind::Tool,
            range.clone(),
            format!("d{server}__{tool}"),
        );
        item.detail = Some(if in_file {
            "MCP tool named elsewhere in this file".into()
        } else {
            "MCP tool named in another open agent".into()
        });
        out.push(item);
    }
    for (server, form) in servers {
        if covered(server, None) {
            continue;
        }
        let label = form.map_or_else(|| format!("mcp__{server}__*"), str::to_owned);
        let mut item = Item::new(label, ItemKind::Tool, range.clone(), format!("d{server}~"));
        item.detail = Some(format!("every tool of the {server} MCP server").into());
        out.push(item);
    }
    out
}

/// A piece of a snippet line.
enum Seg {
    /// Literal text.
    Text(String),
    /// A placeholder: its number and default text.
    Hole(u8, String),
}

/// The `<example>` block, line by line.
fn example_lines(name: Option<&str>) -> Vec<Vec<Seg>> {
    let t = |s: &str| Seg::Text(s.to_owned());
    let h = |n: u8, s: &str| Seg::Hole(n, s.to_owned());
    let assistant = match name {
        Some(n) => format!("I'll use the {n} agent to …"),
        None => "I'll use this agent to …".to_owned(),
    };
    vec![
        vec![t("<example>")],
        vec![t("Context: "), h(1, "the situation")],
        vec![t("user: \""), h(2, "what the user asks"), t("\"")],
        vec![t("assistant: \""), h(3, &assistant), t("\"")],
        vec![t("<commentary>")],
        vec![h(4, "why this agent fits")],
        vec![t("</commentary>")],
        vec![t("</example>")],
    ]
}

/// How literal text is escaped for the description's YAML form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escape {
    /// Inside `"…"`: `\` and `"`.
    Double,
    /// Inside `'…'`: `'` doubled.
    Single,
    /// In a block scalar: nothing.
    Block,
}

fn yaml_escape(s: &str, e: Escape) -> String {
    match e {
        Escape::Double => crate::frontmatter::escape_double_quoted(s),
        Escape::Single => s.replace('\'', "''"),
        Escape::Block => s.to_owned(),
    }
}

/// The lines rendered for a YAML form, joined by `join` (YAML text), as
/// snippet syntax or as the plain text an editor ends up inserting.
fn render(lines: &[Vec<Seg>], e: Escape, join: &str, snippet: bool) -> String {
    let lit = |s: &str| {
        if snippet {
            snippet_escape(s)
        } else {
            s.to_owned()
        }
    };
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str(&lit(join));
        }
        for seg in line {
            match seg {
                Seg::Text(s) => out.push_str(&lit(&yaml_escape(s, e))),
                Seg::Hole(n, d) if snippet => {
                    out.push_str(&format!("${{{n}:{}}}", snippet_escape(&yaml_escape(d, e))));
                }
                Seg::Hole(_, d) => out.push_str(&yaml_escape(d, e)),
            }
        }
    }
    out
}

/// Marks the snippet's place while checking the result.
const MARK: &str = "AGENTLSEXAMPLEMARK";

/// The edits that turn a plain value into a double-quoted one holding the
/// same text, exactly as Claude Code's retry quotes it (`\` and `"`
/// escaped; a `\n` is kept, since the YAML escape and Claude Code's
/// un-escaping both make it a line break). Positions at the edges of
/// `main` (the snippet's range) go into the text before or after the
/// snippet instead, so that no edit touches `main`.
fn quote_plain(
    text: &str,
    value: &Range<usize>,
    main: &Range<usize>,
) -> (String, Vec<Edit>, String) {
    let (mut before, mut extra, mut after) = (String::new(), Vec::new(), String::new());
    let mut elsewhere = |at: usize, s: &str| {
        extra.push(Edit {
            range: at..at,
            new_text: s.to_owned(),
        });
    };
    if value.start == main.start {
        before.push('"');
    } else {
        elsewhere(value.start, "\"");
    }
    let mut chars = text[value.clone()].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = value.start + i;
        let escape = match c {
            '"' => true,
            '\\' => {
                let n = chars.peek().is_some_and(|(_, n)| *n == 'n');
                if n {
                    chars.next();
                }
                !n
            }
            _ => false,
        };
        if !escape || (main.start..main.end).contains(&at) {
            continue;
        }
        if at == main.end {
            after.push('\\');
        } else {
            elsewhere(at, "\\");
        }
    }
    if value.end == main.end {
        after.push('"');
    } else {
        elsewhere(value.end, "\"");
    }
    (before, extra, after)
}

/// Applies `edits` (non-overlapping, any order) to the `description` entry
/// alone and wraps it as a frontmatter of its own.
fn entry_document(text: &str, entry: &Range<usize>, edits: &[Edit], eol: &str) -> String {
    let mut body = text[entry.clone()].to_owned();
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    for e in sorted {
        body.replace_range(
            e.range.start - entry.start..e.range.end - entry.start,
            &e.new_text,
        );
    }
    format!("---{eol}{body}{eol}---{eol}")
}

/// Whether the example edit does exactly what it should: on the
/// description entry alone, the result loads with `expected` where the
/// snippet went and the rest of the description as before, and gains no
/// diagnostic.
fn example_verified(
    text: &str,
    d: &DescriptionAt,
    edits: &[Edit],
    marked: &[Edit],
    expected: &str,
    kind: FileKind,
    eol: &str,
) -> bool {
    let doc = |edits: &[Edit]| entry_document(text, &d.entry, edits, eol);
    let loaded = |t: &str| examples::description(t).map(|d| d.text);
    let (before, after, reference) = (doc(&[]), doc(edits), doc(marked));
    let original = doc(&[Edit {
        range: d.range.clone(),
        new_text: format!("{}{MARK}", d.prefix),
    }]);
    let (Some(new), Some(reference)) = (loaded(&after), loaded(&reference)) else {
        return false;
    };
    if reference.matches(MARK).count() != 1 || new != reference.replacen(MARK, expected, 1) {
        return false;
    }
    if loaded(&original).is_some_and(|o| o != reference) {
        return false;
    }
    let codes = |t: &str| {
        let mut c: Vec<&str> = super::check(t, Target::new(kind))
            .iter()
            .map(|d| d.rule.code)
            .collect();
        c.sort_unstable();
        c
    };
    let mut old = codes(&before);
    codes(&after).into_iter().all(|c| {
        old.iter()
            .position(|o| *o == c)
            .map(|i| old.remove(i))
            .is_some()
    })
}

/// The `name` for the snippet's "I'll use the NAME agent": as Claude Code
/// reads it, else as written on its line, else the file's name.
fn snippet_name(text: &str, req: &Request<'_>) -> Option<String> {
    super::agent_name(text)
        .map(|(n, _)| n)
        .or_else(|| context::scalar_on_line(text, "name"))
        .or_else(|| req.file_stem.map(str::to_owned))
}

fn example_snippet(text: &str, d: &DescriptionAt, req: &Request<'_>) -> Option<Item> {
    let word = &text[d.range.clone()];
    let wanted = if word.is_empty() {
        req.invoked
    } else {
        "<example>".starts_with(word)
    };
    if !wanted || d.in_example {
        return None;
    }
    let name = snippet_name(text, req);
    let lines = example_lines(name.as_deref());
    let eol = super::line_break(text);
    let expected = render(&lines, Escape::Block, "\n", false);
    // Editors indent the lines after the first like the cursor's line.
    let line_start = text[..d.range.start].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..d.range.start];
    let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    // (escape, join as the editor ends up inserting it, join in the item)
    let (escape, join, item_join) = match d.style {
        Style::DoubleQuoted | Style::Plain => (Escape::Double, "\\n".to_owned(), "\\n".to_owned()),
        Style::SingleQuoted => (Escape::Single, "\\n".to_owned(), "\\n".to_owned()),
        Style::Literal => (
            Escape::Block,
            format!("{eol}{indent}"),
            if req.snippets {
                eol.to_owned()
            } else {
                format!("{eol}{indent}")
            },
        ),
        // Folded lines join with a blank; a blank line between keeps the break.
        Style::Folded => (
            Escape::Block,
            format!("{eol}{indent}{eol}{indent}"),
            if req.snippets {
                format!("{eol}{eol}")
            } else {
                format!("{eol}{indent}{eol}{indent}")
            },
        ),
    };
    let (before, extra, after) = if d.style == Style::Plain {
        quote_plain(text, &d.value, &d.range)
    } else {
        (String::new(), Vec::new(), String::new())
    };
    let lead = format!("{}{before}", d.prefix);
    let inserted = render(&lines, escape, &join, false);
    let main = Edit {
        range: d.range.clone(),
        new_text: format!("{lead}{inserted}{after}"),
    };
    let marked = Edit {
        range: d.range.clone(),
        new_text: format!("{lead}{MARK}{after}"),
    };
    let all: Vec<Edit> = std::iter::once(main).chain(extra.iter().cloned()).collect();
    let all_marked: Vec<Edit> = std::iter::once(marked)
        .chain(extra.iter().cloned())
        .collect();
    if !example_verified(text, d, &all, &all_marked, &expected, req.kind, eol) {
        return None;
    }
    let body = render(&lines, escape, &item_join, req.snippets);
    let lit = |s: &str| {
        if req.snippets {
            snippet_escape(s)
        } else {
            s.to_owned()
        }
    };
    let mut item = Item::new("<example>", ItemKind::Snippet, d.range.clone(), "a");
    item.new_text = format!("{}{body}{}", lit(&lead), lit(&after));
    item.snippet = req.snippets;
    item.as_is = !req.snippets && matches!(d.style, Style::Literal | Style::Folded);
    item.additional_edits = extra;
    item.detail = Some(if d.style == Style::Plain {
        "an example of when to use this agent (quotes the description)".into()
    } else {
        "an example of when to use this agent".into()
    });
    item.documentation = Some(
        "Claude reads the examples in `description` to decide when to delegate: a situation, what the user said, how the assistant hands over, and why.".into(),
    );
    Some(item)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Target, check};

    #[test]
    fn sort_keys_are_what_format_writes() {
        for i in [0, 7, 10, 42, 99, 100, 123, 1000] {
            assert_eq!(sort_key("a", i), format!("a{i:02}"));
            assert_eq!(sort_key("", i), format!("{i:02}"));
        }
    }

    fn request(snippets: bool) -> Request<'static> {
        Request {
            snippets,
            ..Request::new(FileKind::ClaudeAgent)
        }
    }

    /// The items at `$0`, in the editor's order (by sort text).
    fn items_with(fixture: &str, req: &Request<'_>) -> (String, Vec<Item>) {
        let offset = fixture.find("$0").expect("cursor");
        let text = fixture.replace("$0", "");
        let mut items = complete(&text, offset, req);
        items.sort_by(|a, b| a.sort.cmp(&b.sort));
        for i in &items {
            assert!(
                i.range.start <= offset && offset <= i.range.end,
                "{}: {:?} does not contain the cursor {offset}",
                i.label,
                i.range
            );
        }
        (text, items)
    }

    fn at(fixture: &str) -> (String, Vec<Item>) {
        items_with(fixture, &request(true))
    }

    fn labels(fixture: &str) -> Vec<String> {
        at(fixture).1.into_iter().map(|i| i.label).collect()
    }

    fn accepted(text: &str, item: &Item) -> String {
        item.accepted(text)
    }

    fn pick<'a>(items: &'a [Item], label: &str) -> &'a Item {
        items
            .iter()
            .find(|i| i.label == label)
            .unwrap_or_else(|| panic!("no {label}"))
    }

    fn codes(text: &str) -> Vec<&'static str> {
        check(text, Target::new(FileKind::ClaudeAgent))
            .iter()
            .map(|d| d.rule.code)
            .collect()
    }

    #[test]
    fn keys_not_yet_present() {
        let got = labels("---\nname: a\n$0\n---\n");
        assert!(!got.contains(&"name".to_owned()));
        assert_eq!(got[0], "description");
        assert!(got.contains(&"tools".to_owned()));
        assert!(
            got.iter().position(|l| l == "omitClaudeMd")
                > got.iter().position(|l| l == "initialPrompt"),
            "undocumented last"
        );
        // Quoted keys and blanks before the colon count as present.
        let got = labels("---\n\"model\": x\ncolor : red\n$0\n---\n");
        assert!(!got.contains(&"model".to_owned()) && !got.contains(&"color".to_owned()));
    }

    #[test]
    fn empty_values_after_the_blank() {
        // Every value context: the edit goes at the cursor, after the blank.
        for (key, want) in [
            ("color", "red"),
            ("permissionMode", "default"),
            ("memory", "user"),
            ("effort", "low"),
            ("isolation", "worktree"),
            ("background", "true"),
            ("omitClaudeMd", "true"),
            ("model", "sonnet"),
        ] {
            for blanks in [" ", "   "] {
                let f = format!("---\nname: a\ndescription: b\n{key}:{blanks}$0\n---\nBody\n");
                let (text, items) = at(&f);
                let item = &items[0];
                assert_eq!(item.label, want, "{key}");
                assert!(item.range.is_empty() && item.filter_text.is_none(), "{key}");
                let after = accepted(&text, item);
                assert!(
                    after.contains(&format!("\n{key}:{blanks}{want}\n---")),
                    "{key}: {after}"
                );
                assert_eq!(codes(&after), Vec::<&str>::new(), "{after}");
            }
        }
    }

    #[test]
    fn exact_value_lists() {
        let l = |key: &str| labels(&format!("---\n{key}: $0\n---\n"));
        assert_eq!(
            l("color"),
            [
                "red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan"
            ]
        );
        assert_eq!(
            l("permissionMode"),
            [
                "default",
                "acceptEdits",
                "auto",
                "dontAsk",
                "bypassPermissions",
                "plan",
                "manual"
            ]
        );
        assert_eq!(l("memory"), ["user", "project", "local"]);
        assert_eq!(l("effort"), ["low", "medium", "high", "xhigh", "max"]);
        assert_eq!(l("isolation"), ["worktree", "remote"]);
        assert_eq!(l("background"), ["true", "false"]);
        assert_eq!(
            &l("model")[..5],
            ["sonnet", "opus", "haiku", "fable", "inherit"]
        );
        assert!(l("name").is_empty() && l("maxTurns").is_empty());
        // A plugin agent: `remote` is not allowed there (AG308).
        let (_, items) = items_with(
            "---\nisolation: $0\n---\n",
            &Request::new(FileKind::ClaudePluginAgent),
        );
        let got: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(got, ["worktree"]);
    }

    #[test]
    fn right_after_the_colon_a_blank_comes_first() {
        for snippets in [true, false] {
            let (text, items) = items_with("---\nmodel:$0\n---\n", &request(snippets));
            let sonnet = pick(&items, "sonnet");
            assert_eq!(sonnet.range, 10..10);
            assert_eq!(sonnet.filter_text.as_deref(), Some("sonnet"));
            assert_eq!(sonnet.snippet, snippets);
            assert_eq!(accepted(&text, sonnet), "---\nmodel: sonnet\n---\n");
            let (text, items) = items_with("---\nmodel:so$0\n---\n", &request(snippets));
            assert_eq!(
                accepted(&text, pick(&items, "sonnet")),
                "---\nmodel: sonnet\n---\n"
            );
            let (text, items) = items_with("---\ntools:$0\n---\n", &request(snippets));
            assert_eq!(
                accepted(&text, pick(&items, "Read")),
                "---\ntools: Read\n---\n"
            );
            let (text, items) = items_with("---\ntools: Read,$0\n---\n", &request(snippets));
            assert_eq!(
                accepted(&text, pick(&items, "Grep")),
                "---\ntools: Read, Grep\n---\n"
            );
            let (text, items) =
                items_with("---\ntools:\n  - Read\n  -$0\n---\n", &request(snippets));
            assert_eq!(
                accepted(&text, pick(&items, "Grep")),
                "---\ntools:\n  - Read\n  - Grep\n---\n"
            );
        }
    }

    #[test]
    fn a_trailing_comment_stays() {
        let (text, items) = at("---\nmodel: sonnet$0 # comment\n---\n");
        assert_eq!(
            accepted(&text, pick(&items, "opus")),
            "---\nmodel: opus # comment\n---\n"
        );
        let (text, items) = at("---\nmodel: $0 # comment\n---\n");
        assert_eq!(
            accepted(&text, pick(&items, "opus")),
            "---\nmodel: opus # comment\n---\n"
        );
        let (text, items) = at("---\ntools: Read, Gr$0 # comment\n---\n");
        assert_eq!(
            accepted(&text, pick(&items, "Grep")),
            "---\ntools: Read, Grep # comment\n---\n"
        );
    }

    #[test]
    fn tools_leave_out_listed_ones() {
        let got = labels("---\ntools: Read, Bash(git *), $0\n---\n");
        assert!(!got.contains(&"Read".to_owned()) && !got.contains(&"Bash".to_owned()));
        assert_eq!(got[0], "Grep");
        let got = labels("---\ndisallowedTools:\n  - Write\n  - $0\n---\n");
        assert!(!got.contains(&"Write".to_owned()) && got.contains(&"mcp__*".to_owned()));
        // An old name lists the new one; another case lists the tool.
        assert!(!labels("---\ntools: Task, $0\n---\n").contains(&"Agent".to_owned()));
        assert!(!labels("---\ntools: Task(a, b), $0\n---\n").contains(&"Agent".to_owned()));
        assert!(!labels("---\ntools: read, $0\n---\n").contains(&"Read".to_owned()));
        // Internal tools are never offered.
        let got = labels("---\ntools: $0\n---\n");
        for t in tool_cat::TOOLS.iter().filter(|t| t.internal) {
            assert!(!got.contains(&t.name.to_owned()), "{}", t.name);
        }
        assert!(
            !got.contains(&"SendUserMessage".to_owned()) && !got.contains(&"SetGoal".to_owned())
        );
        // Inside a rule: nothing replaces `Bash(`.
        assert!(labels("---\ntools: Bash($0\n---\n").is_empty());
        assert!(labels("---\ntools:\n  - Bash(git $0\n---\n").is_empty());
    }

    #[test]
    fn the_exact_tool_list() {
        let got = labels("---\ntools: Read, $0\n---\n");
        assert_eq!(
            got,
            [
                "Grep",
                "Glob",
                "Edit",
                "Write",
                "Bash",
                "WebFetch",
                "WebSearch",
                "Agent",
                "TodoWrite",
                "Artifact",
                "CronCreate",
                "CronDelete",
                "CronList",
                "EnterWorktree",
                "ExitWorktree",
                "LSP",
                "ListAgents",
                "ListMcpResourcesTool",
                "Monitor",
                "NotebookEdit",
                "PowerShell",
                "PushNotification",
                "ReadMcpResourceTool",
                "RemoteTrigger",
                "ReportFindings",
                "SendMessage",
                "SendUserFile",
                "ShareOnboardingGuide",
                "Skill",
                "TaskCreate",
                "TaskGet",
                "TaskList",
                "TaskStop",
                "TaskUpdate",
                "ToolSearch",
                "AskUserQuestion",
                "EndConversation",
                "EnterPlanMode",
                "ExitPlanMode",
                "ScheduleWakeup",
                "WaitForMcpServers",
                "Workflow",
            ]
        );
    }

    #[test]
    fn mcp_tools_and_servers() {
        let workspace = [
            "mcp__github__*".to_owned(),
            "mcp__slack".to_owned(),
            "mcp__jira__search".to_owned(),
        ];
        let req = Request {
            workspace_tools: &workspace,
            ..request(true)
        };
        let mcp = |fixture: &str| -> Vec<String> {
            items_with(fixture, &req)
                .1
                .into_iter()
                .filter(|i| i.label.starts_with("mcp__"))
                .map(|i| i.label)
                .collect()
        };
        assert_eq!(
            mcp("---\ntools: $0\ndisallowedTools: mcp__db__drop\n---\n"),
            [
                "mcp__db__drop",
                "mcp__db__*",
                "mcp__github__*",
                "mcp__jira__search",
                "mcp__jira__*",
                "mcp__slack",
            ]
        );
        // Covered by what is listed: a server as a whole covers its tools.
        assert_eq!(
            mcp("---\ntools: mcp__jira__*, mcp__slack, $0\n---\n"),
            ["mcp__github__*"]
        );
        assert_eq!(
            mcp("---\ndisallowedTools: mcp__*, $0\n---\n"),
            Vec::<String>::new()
        );
        assert_eq!(
            mcp_names(
                "---\ntools: [mcp__a__b, \"mcp__c\", mcp__, mcp__x__, mcp__*]\n---\nmcp__body__t\n"
            ),
            ["mcp__a__b", "mcp__c"]
        );
    }

    #[test]
    fn missing_contexts() {
        // A flow list continued on the next line.
        let (text, items) = at("---\ntools: [Read,\n  Gr$0]\n---\n");
        assert_eq!(
            accepted(&text, pick(&items, "Grep")),
            "---\ntools: [Read,\n  Grep]\n---\n"
        );
        assert!(!items.iter().any(|i| i.label == "Read"));
        // A flow list where a blank alone follows an entry.
        let (text, items) = at("---\ntools: [Read $0]\n---\n");
        assert_eq!(
            accepted(&text, pick(&items, "Grep")),
            "---\ntools: [Read, Grep]\n---\n"
        );
        // A quoted key, blanks before the colon.
        let (text, items) = at("---\n\"model\": $0\n---\n");
        assert_eq!(
            accepted(&text, pick(&items, "opus")),
            "---\n\"model\": opus\n---\n"
        );
        let (text, items) = at("---\nmodel : $0\n---\n");
        assert_eq!(
            accepted(&text, pick(&items, "opus")),
            "---\nmodel : opus\n---\n"
        );
        // An empty line under a block list: items with their dash.
        let (text, items) = at("---\ntools:\n  - Read\n  $0\nmodel: x\n---\n");
        let grep = pick(&items, "Grep");
        assert_eq!(grep.filter_text.as_deref(), Some("Grep"));
        assert_eq!(
            accepted(&text, grep),
            "---\ntools:\n  - Read\n  - Grep\nmodel: x\n---\n"
        );
        assert!(!items.iter().any(|i| i.label == "Read"));
        let (text, items) = items_with("---\ntools:\n    - Read\n  Gr$0\n---\n", &request(false));
        assert_eq!(
            accepted(&text, pick(&items, "Grep")),
            "---\ntools:\n    - Read\n    - Grep\n---\n"
        );
    }

    /// Accepts the example snippet at `$0` with and without snippets and
    /// returns the file, after checking it gains no diagnostic and loads
    /// the example.
    fn example(fixture: &str) -> String {
        let mut results = Vec::new();
        for snippets in [true, false] {
            let (text, items) = items_with(fixture, &request(snippets));
            assert_eq!(items.len(), 1, "{fixture}: {items:?}");
            let item = &items[0];
            assert_eq!((item.label.as_str(), item.snippet), ("<example>", snippets));
            let after = accepted(&text, item);
            let mut before = codes(&text);
            for c in codes(&after) {
                let i = before
                    .iter()
                    .position(|b| *b == c)
                    .unwrap_or_else(|| panic!("new {c} in\n{after}"));
                before.remove(i);
            }
            let d = examples::description(&after).expect("loads").text;
            assert!(
                d.contains("<example>\nContext: the situation\nuser: \"what the user asks\"\nassistant: \"I'll use the rev agent to …\"\n<commentary>\nwhy this agent fits\n</commentary>\n</example>"),
                "{d:?}"
            );
            results.push(after);
        }
        assert_eq!(results[0], results[1], "with and without snippets");
        results.remove(0)
    }

    #[test]
    fn example_in_every_description_form() {
        // Double-quoted: `"` and `\` escaped, `\n` escapes.
        assert_eq!(
            example("---\nname: rev\ndescription: \"Use it. <$0\"\n---\n"),
            "---\nname: rev\ndescription: \"Use it. <example>\\nContext: the situation\\nuser: \\\"what the user asks\\\"\\nassistant: \\\"I'll use the rev agent to …\\\"\\n<commentary>\\nwhy this agent fits\\n</commentary>\\n</example>\"\n---\n"
        );
        // Single-quoted: `'` doubled, `\n` as Claude Code un-escapes it.
        assert_eq!(
            example("---\nname: rev\ndescription: 'Use it. <$0'\n---\n"),
            "---\nname: rev\ndescription: 'Use it. <example>\\nContext: the situation\\nuser: \"what the user asks\"\\nassistant: \"I''ll use the rev agent to …\"\\n<commentary>\\nwhy this agent fits\\n</commentary>\\n</example>'\n---\n"
        );
        // Plain on one line: quoted as Claude Code's retry would; the `\n`
        // already there keeps its meaning, a `"` is escaped.
        assert_eq!(
            example("---\nname: rev\ndescription: Use it \"now\".\\n<$0\n---\n"),
            "---\nname: rev\ndescription: \"Use it \\\"now\\\".\\n<example>\\nContext: the situation\\nuser: \\\"what the user asks\\\"\\nassistant: \\\"I'll use the rev agent to …\\\"\\n<commentary>\\nwhy this agent fits\\n</commentary>\\n</example>\"\n---\n"
        );
        // The wizard's form, which needed the retry (AG005): now strict YAML.
        let f = "---\nname: rev\ndescription: Use it: when.\\n<$0\n---\n";
        assert!(codes(&f.replace("$0", "")).contains(&"AG005"));
        assert!(!codes(&example(f)).contains(&"AG005"));
        // Plain over several lines, text after the cursor.
        assert_eq!(
            example("---\nname: rev\ndescription: Use it.\n  Then <$0 more\nmodel: opus\n---\n"),
            "---\nname: rev\ndescription: \"Use it.\n  Then <example>\\nContext: the situation\\nuser: \\\"what the user asks\\\"\\nassistant: \\\"I'll use the rev agent to …\\\"\\n<commentary>\\nwhy this agent fits\\n</commentary>\\n</example> more\"\nmodel: opus\n---\n"
        );
        // Literal block: real lines at the block's indentation.
        assert_eq!(
            example("---\nname: rev\ndescription: |\n  Use it.\n  <$0\n---\n"),
            "---\nname: rev\ndescription: |\n  Use it.\n  <example>\n  Context: the situation\n  user: \"what the user asks\"\n  assistant: \"I'll use the rev agent to …\"\n  <commentary>\n  why this agent fits\n  </commentary>\n  </example>\n---\n"
        );
        // Folded block: a blank line between lines keeps each on its own.
        assert_eq!(
            example("---\nname: rev\ndescription: >\n  Use it.\n\n  <$0\n---\n"),
            "---\nname: rev\ndescription: >\n  Use it.\n\n  <example>\n  \n  Context: the situation\n  \n  user: \"what the user asks\"\n  \n  assistant: \"I'll use the rev agent to …\"\n  \n  <commentary>\n  \n  why this agent fits\n  \n  </commentary>\n  \n  </example>\n---\n"
        );
        // CRLF.
        let got = example("---\r\nname: rev\r\ndescription: |\r\n  Use it.\r\n  <$0\r\n---\r\n");
        assert!(
            got.contains("  <example>\r\n  Context: the situation\r\n"),
            "{got:?}"
        );
        // An empty value, right after the colon.
        assert_eq!(
            example("---\nname: rev\ndescription:$0\n---\n")
                .lines()
                .nth(2),
            Some(
                "description: \"<example>\\nContext: the situation\\nuser: \\\"what the user asks\\\"\\nassistant: \\\"I'll use the rev agent to …\\\"\\n<commentary>\\nwhy this agent fits\\n</commentary>\\n</example>\""
            )
        );
    }

    #[test]
    fn example_only_where_it_belongs() {
        let none = |fixture: &str, req: &Request<'_>| items_with(fixture, req).1.is_empty();
        let typed = Request {
            invoked: false,
            ..request(true)
        };
        // A blank typed in a description does not open it; `<` does, and an
        // explicit request at a word start does.
        assert!(none("---\ndescription: Use it. $0\n---\n", &typed));
        assert!(none("---\ndescription: |\n  Use it. $0\n---\n", &typed));
        assert!(!none("---\ndescription: Use it. <$0\n---\n", &typed));
        assert!(!none("---\ndescription: Use it. $0\n---\n", &request(true)));
        assert!(none("---\ndescription: Use it$0\n---\n", &request(true)));
        assert!(none(
            "---\ndescription: Use it. <com$0\n---\n",
            &request(true)
        ));
        // Not in a comment, not inside an example already open.
        assert!(none(
            "---\nname: a\n# see <$0\ndescription: x\n---\n",
            &request(true)
        ));
        assert!(none(
            "---\ndescription: Use it. # see <$0\n---\n",
            &request(true)
        ));
        assert!(none(
            "---\ndescription: |\n  <example>\n  user: hi\n  <$0\n---\n",
            &request(true)
        ));
    }

    #[test]
    fn example_names_the_agent() {
        let assistant = |fixture: &str, req: &Request<'_>| {
            let (_, items) = items_with(fixture, req);
            let t = &items[0].new_text;
            t[t.find("assistant").expect("assistant")..t.find("<commentary>").expect("c")]
                .to_owned()
        };
        let plain = request(false);
        // The YAML is broken elsewhere: the name is read from its line.
        let got = assistant(
            "---\nname: 'rev'\nmodel: [\ndescription: |\n  <$0\n---\n",
            &plain,
        );
        assert!(got.contains("the rev agent"), "{got}");
        let got = assistant("---\ndescription: |\n  <$0\n---\n", &plain);
        assert!(got.contains("I'll use this agent to"), "{got}");
        let stem = Request {
            file_stem: Some("from-file"),
            ..plain
        };
        let got = assistant("---\ndescription: |\n  <$0\n---\n", &stem);
        assert!(got.contains("the from-file agent"), "{got}");
    }

    #[test]
    fn snippet_text_expands_to_the_plain_text() {
        let lines = example_lines(Some("a$b}\\"));
        for e in [Escape::Double, Escape::Single, Escape::Block] {
            assert_eq!(
                expand_snippet(&render(&lines, e, "\\n", true)),
                render(&lines, e, "\\n", false)
            );
        }
    }
}
