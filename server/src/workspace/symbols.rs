//! The names a file defines and the names it refers to: the symbols of
//! navigation and of the workspace's cross-file checks.
//!
//! [`symbols`] reads one file on its own (its text, its kind, its path) and
//! never touches the disk. A name is what the tool that loads the file calls
//! it: a Claude Code agent's `name`, a skill's folder, a command's path as
//! `a:b`, a plugin's items as `plugin:name`, an OpenCode agent's path below
//! `agents/` unless `name` says otherwise, a prompt file's stem. Every range
//! is a byte range of the whole text covering exactly the name (inside its
//! quotes), so that a rename replaces exactly the name.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::analysis::{MAX_ANALYSED_BYTES, tool_list};
use crate::document::markdown;
use crate::formats::{self, FileKind, components};
use crate::frontmatter::{self, Frontmatter, Locate, Node, NodeKind, ScalarValue, Style};

/// Which names a symbol lives among (a name is unique and referable within
/// one namespace of one scope).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Namespace {
    /// Claude Code sub-agents (project, user, plugin): `@agent-NAME`,
    /// `Agent(NAME)`/`Task(NAME)`, a skill's `agent:`.
    ClaudeAgent,
    /// Claude Code skills and slash commands, which share one namespace:
    /// `/NAME`, `Skill(NAME)`, an agent's `skills:`.
    ClaudeSkill,
    /// Claude Code output styles.
    ClaudeOutputStyle,
    /// Agent Skills (`.github`, `.agents`, `.codex`, `.copilot` skills).
    AgentSkill,
    /// GitHub Copilot custom agents and chat modes: a prompt file's
    /// `agent:`/`mode:`, `handoffs[].agent`.
    CopilotAgent,
    /// VS Code prompt files.
    CopilotPrompt,
    /// OpenCode agents: an OpenCode command's `agent:`.
    OpenCodeAgent,
    /// OpenCode commands.
    OpenCodeCommand,
    /// Gemini CLI subagents.
    GeminiAgent,
    /// Qwen Code subagents.
    QwenAgent,
    /// Cursor rules.
    CursorRule,
}

impl Namespace {
    /// The namespace of the names files of `kind` define.
    #[must_use]
    pub fn of(kind: FileKind) -> Self {
        match kind {
            FileKind::ClaudeAgent | FileKind::ClaudePluginAgent => Self::ClaudeAgent,
            FileKind::ClaudeSkill | FileKind::ClaudeCommand => Self::ClaudeSkill,
            FileKind::ClaudeOutputStyle | FileKind::ClaudePluginOutputStyle => {
                Self::ClaudeOutputStyle
            }
            FileKind::AgentSkill => Self::AgentSkill,
            FileKind::CopilotAgent | FileKind::CopilotChatMode => Self::CopilotAgent,
            FileKind::CopilotPrompt => Self::CopilotPrompt,
            FileKind::OpenCodeAgent => Self::OpenCodeAgent,
            FileKind::OpenCodeCommand => Self::OpenCodeCommand,
            FileKind::GeminiAgent => Self::GeminiAgent,
            FileKind::QwenAgent => Self::QwenAgent,
            FileKind::CursorRule => Self::CursorRule,
        }
    }

    /// What a name of this namespace is, in words (`Claude Code agent`).
    #[must_use]
    pub fn noun(self) -> &'static str {
        match self {
            Self::ClaudeAgent => "Claude Code agent",
            Self::ClaudeSkill => "Claude Code skill or command",
            Self::ClaudeOutputStyle => "Claude Code output style",
            Self::AgentSkill => "Agent Skill",
            Self::CopilotAgent => "Copilot agent",
            Self::CopilotPrompt => "Copilot prompt file",
            Self::OpenCodeAgent => "OpenCode agent",
            Self::OpenCodeCommand => "OpenCode command",
            Self::GeminiAgent => "Gemini CLI agent",
            Self::QwenAgent => "Qwen Code agent",
            Self::CursorRule => "Cursor rule",
        }
    }
}

/// The name a file defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The name, as references write it (`plugin:name` for a plugin's items,
    /// `git:commit` for a command in `commands/git/`).
    pub name: String,
    /// The names it lives among.
    pub namespace: Namespace,
    /// Where the file states the name (the `name` value, inside its quotes;
    /// for a plugin's items only the last segment, which the field holds);
    /// `None` when only the path gives it.
    pub range: Option<Range<usize>>,
    /// Whether the name's last segment is the file's or folder's name
    /// (a rename then moves the file, or the skill's folder).
    pub from_path: bool,
}

/// How a file refers to a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferenceKind {
    /// `@agent-NAME` in the text (Claude Code).
    Mention,
    /// A name inside `Agent(…)` or `Task(…)` of a tool list.
    AgentRule,
    /// The exact name inside `Skill(…)` of a tool list.
    SkillRule,
    /// The `agent:` (or a prompt file's `mode:`) field.
    AgentField,
    /// An entry of a Claude Code agent's `skills:`.
    SkillsList,
    /// The `agent:` of an entry of a Copilot agent's `handoffs:`.
    Handoff,
}

/// A name a file refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The name, as written.
    pub name: String,
    /// The names it is looked up among.
    pub namespace: Namespace,
    /// The name's bytes in the file.
    pub range: Range<usize>,
    /// How it is written.
    pub kind: ReferenceKind,
}

/// A relative path to a file written in the file (a Markdown link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The path's bytes in the file (without a `#fragment`).
    pub range: Range<usize>,
    /// The path joined to the file's folder (not normalised, not checked).
    pub target: PathBuf,
}

/// Everything navigation needs to know about one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Symbols {
    /// The name the file defines, if the tool gives it one.
    pub definition: Option<Definition>,
    /// The names it refers to, in text order.
    pub references: Vec<Reference>,
    /// The relative paths it links to, in text order.
    pub links: Vec<Link>,
}

/// The symbols of the file `path` of `kind` holding `text`.
#[must_use]
pub fn symbols(text: &str, kind: FileKind, path: &Path) -> Symbols {
    symbols_of(text, kind, path, true)
}

/// [`symbols`] without the links, which need a Markdown parse of the body:
/// the names alone, cheap enough for every keystroke (the workspace index).
#[must_use]
pub fn names(text: &str, kind: FileKind, path: &Path) -> Symbols {
    symbols_of(text, kind, path, false)
}

fn symbols_of(text: &str, kind: FileKind, path: &Path, with_links: bool) -> Symbols {
    if text.len() > MAX_ANALYSED_BYTES {
        return Symbols::default();
    }
    let fm = match frontmatter::locate(text) {
        Locate::Found(located) => Some(frontmatter::parse(text, &located)),
        _ => None,
    };
    let body_start = fm
        .as_ref()
        .map_or(0, |f| f.located.body_start.min(text.len()));
    let mut references = Vec::new();
    if let Some(fm) = &fm {
        field_references(text, fm, kind, &mut references);
    }
    if is_claude(kind) {
        mentions(text, &mut references);
    }
    references.sort_by_key(|r| r.range.start);
    Symbols {
        definition: definition(text, fm.as_ref(), kind, path),
        references,
        links: if with_links {
            links(text, body_start, path)
        } else {
            Vec::new()
        },
    }
}

fn is_claude(kind: FileKind) -> bool {
    matches!(
        kind,
        FileKind::ClaudeAgent
            | FileKind::ClaudePluginAgent
            | FileKind::ClaudeSkill
            | FileKind::ClaudeCommand
            | FileKind::ClaudeOutputStyle
            | FileKind::ClaudePluginOutputStyle
    )
}

/// A string scalar's text and the range of its bytes in `text`, when the
/// source holds the text verbatim (plain, or quoted without escapes).
fn verbatim<'a>(text: &str, node: &'a Node) -> Option<(&'a str, Range<usize>)> {
    let NodeKind::Scalar(s) = &node.kind else {
        return None;
    };
    if s.value != ScalarValue::Str {
        return None;
    }
    let src = text.get(node.span.clone())?;
    if src == &*s.text {
        return Some((&s.text, node.span.clone()));
    }
    let quoted = matches!(s.style, Style::SingleQuoted | Style::DoubleQuoted);
    if quoted && src.len() >= 2 && src.get(1..src.len() - 1) == Some(s.text.as_ref()) {
        return Some((&s.text, node.span.start + 1..node.span.end - 1));
    }
    None
}

/// The `name` field's text and range, when it is a non-empty string
/// written verbatim.
fn name_field<'a>(text: &str, fm: Option<&'a Frontmatter>) -> Option<(&'a str, Range<usize>)> {
    let node = fm?.get("name")?;
    verbatim(text, node).filter(|(n, _)| !n.trim().is_empty())
}

/// Where the plugin's folder is among `names` (the folder above its
/// `dir` folder: `agents`, `skills`, `commands`), if the path is a plugin's.
fn plugin_prefix(names: &[&str], dir: &str) -> Option<(String, usize)> {
    let dirs = &names[..names.len().saturating_sub(1)];
    let at = (2..dirs.len())
        .find(|&i| dirs[i] == dir && dirs[i - 2] == "plugins")
        .or_else(|| (1..dirs.len()).rev().find(|&i| dirs[i] == dir))?;
    let plugin = dirs[at - 1];
    (!plugin.is_empty() && plugin != ".claude").then(|| (plugin.to_owned(), at))
}

fn definition(
    text: &str,
    fm: Option<&Frontmatter>,
    kind: FileKind,
    path: &Path,
) -> Option<Definition> {
    let namespace = Namespace::of(kind);
    let stem = formats::file_stem(path);
    let field = name_field(text, fm);
    let names = components(path);
    let make = |name: String, range: Option<Range<usize>>, last_from_path: Option<&str>| {
        let last = name.rsplit(':').next().unwrap_or(&name);
        let from_path = last_from_path.is_some_and(|p| p == last);
        (!name.is_empty()).then_some(Definition {
            name: name.clone(),
            namespace,
            range,
            from_path,
        })
    };
    match kind {
        // Identity is the `name` field alone; the file's stem only when they agree.
        FileKind::ClaudeAgent
        | FileKind::GeminiAgent
        | FileKind::QwenAgent
        | FileKind::ClaudeOutputStyle
        | FileKind::ClaudePluginOutputStyle
        | FileKind::CopilotAgent
        | FileKind::CopilotChatMode
        | FileKind::OpenCodeAgent
        | FileKind::AgentSkill => {
            let path_name = match kind {
                FileKind::ClaudeAgent | FileKind::GeminiAgent | FileKind::QwenAgent => None,
                FileKind::AgentSkill => formats::path_name(kind, path),
                FileKind::CopilotChatMode | FileKind::CopilotAgent | FileKind::OpenCodeAgent => {
                    formats::path_name(kind, path)
                }
                _ => stem.clone(),
            };
            // The last segment the path gives: a Copilot agent's stem
            // without `.agent`, an OpenCode agent's file, a skill's folder.
            let own = match kind {
                FileKind::AgentSkill => path_name.clone(),
                FileKind::CopilotAgent | FileKind::CopilotChatMode => {
                    formats::path_name(kind, Path::new(path.file_name()?))
                }
                _ => stem.clone(),
            };
            match field {
                Some((name, range)) => {
                    let from_path = own.as_deref() == Some(name);
                    Some(Definition {
                        name: name.to_owned(),
                        namespace,
                        range: Some(range),
                        from_path,
                    })
                }
                None => {
                    let mut d = make(path_name?, None, None)?;
                    d.from_path = true;
                    Some(d)
                }
            }
        }
        FileKind::ClaudePluginAgent => {
            let (plugin, at) = plugin_prefix(&names, "agents")?;
            let (_, dirs) = names.split_last()?;
            let mut parts: Vec<&str> = vec![&plugin];
            parts.extend(dirs.get(at + 1..).unwrap_or_default());
            let (last, range) = match &field {
                Some((name, range)) => (name.to_string(), Some(range.clone())),
                None => (stem.clone()?, None),
            };
            parts.push(&last);
            make(parts.join(":"), range, stem.as_deref())
        }
        FileKind::ClaudeSkill => {
            let folder = formats::path_name(kind, path)?;
            match plugin_prefix(&names, "skills") {
                // A plugin skill's `name` sets its last segment.
                Some((plugin, _)) => {
                    let (last, range) = match &field {
                        Some((name, range)) => (name.to_string(), Some(range.clone())),
                        None => (folder.clone(), None),
                    };
                    make(format!("{plugin}:{last}"), range, Some(&folder))
                }
                // A project or user skill is its folder; `name` is a display
                // name, edited with the folder only when it is the same.
                None => {
                    let range = field.filter(|(n, _)| *n == folder).map(|(_, r)| r);
                    make(folder.clone(), range, Some(&folder))
                }
            }
        }
        FileKind::ClaudeCommand => {
            let name = formats::path_name(kind, path)?;
            let own = name.rsplit(':').next().map(str::to_owned);
            let in_claude = names.windows(2).any(|w| w == [".claude", "commands"]);
            let name = match plugin_prefix(&names, "commands").filter(|_| !in_claude) {
                Some((plugin, _)) => format!("{plugin}:{name}"),
                None => name,
            };
            make(name, None, own.as_deref())
        }
        FileKind::CopilotPrompt | FileKind::OpenCodeCommand | FileKind::CursorRule => {
            let name = formats::path_name(kind, path)?;
            let own = match kind {
                FileKind::CopilotPrompt => Some(name.clone()),
                _ => stem.clone(),
            };
            let last = name.rsplit('/').next().unwrap_or(&name).to_owned();
            let mut d = make(name, None, None)?;
            d.from_path = own.as_deref() == Some(last.as_str());
            Some(d)
        }
    }
}

/// The references the frontmatter's fields hold.
fn field_references(text: &str, fm: &Frontmatter, kind: FileKind, out: &mut Vec<Reference>) {
    let mut push = |name: &str, range: Range<usize>, namespace, kind| {
        if !name.is_empty() {
            out.push(Reference {
                name: name.to_owned(),
                namespace,
                range,
                kind,
            });
        }
    };
    match kind {
        FileKind::ClaudeAgent
        | FileKind::ClaudePluginAgent
        | FileKind::ClaudeSkill
        | FileKind::ClaudeCommand => {
            for key in [
                "tools",
                "allowed-tools",
                "disallowedTools",
                "disallowed-tools",
            ] {
                for e in fm.entries().iter().filter(|e| e.key.as_str() == Some(key)) {
                    tool_rules(text, &e.value, &mut push);
                }
            }
            if matches!(kind, FileKind::ClaudeSkill | FileKind::ClaudeCommand)
                && let Some((name, range)) = fm.get("agent").and_then(|n| verbatim(text, n))
            {
                push(
                    name,
                    range,
                    Namespace::ClaudeAgent,
                    ReferenceKind::AgentField,
                );
            }
            if matches!(kind, FileKind::ClaudeAgent | FileKind::ClaudePluginAgent)
                && let Some(skills) = fm.get("skills")
            {
                list_items(text, skills, &mut |name, range| {
                    push(
                        name,
                        range,
                        Namespace::ClaudeSkill,
                        ReferenceKind::SkillsList,
                    );
                });
            }
        }
        FileKind::OpenCodeCommand => {
            if let Some((name, range)) = fm.get("agent").and_then(|n| verbatim(text, n)) {
                push(
                    name,
                    range,
                    Namespace::OpenCodeAgent,
                    ReferenceKind::AgentField,
                );
            }
        }
        FileKind::CopilotPrompt => {
            for key in ["agent", "mode"] {
                if let Some((name, range)) = fm.get(key).and_then(|n| verbatim(text, n))
                    && !matches!(name, "ask" | "edit" | "agent")
                {
                    push(
                        name,
                        range,
                        Namespace::CopilotAgent,
                        ReferenceKind::AgentField,
                    );
                }
            }
        }
        FileKind::CopilotAgent | FileKind::CopilotChatMode => {
            let view = fm.view();
            let Some(handoffs) = fm.get("handoffs").and_then(|h| view.array(h)) else {
                return;
            };
            for handoff in handoffs {
                let handoff = view.resolve(handoff);
                if let Some((name, range)) = handoff.get("agent").and_then(|n| verbatim(text, n)) {
                    push(name, range, Namespace::CopilotAgent, ReferenceKind::Handoff);
                }
            }
        }
        _ => {}
    }
}

/// Every item of a YAML list of names, or of a comma-separated string.
fn list_items(text: &str, node: &Node, f: &mut dyn FnMut(&str, Range<usize>)) {
    match &node.kind {
        NodeKind::Seq(items) => {
            for item in items {
                if let Some((name, range)) = verbatim(text, item) {
                    let trimmed = trim_range(name, 0..name.len());
                    f(
                        &name[trimmed.clone()],
                        range.start + trimmed.start..range.start + trimmed.end,
                    );
                }
            }
        }
        _ => {
            if let Some((list, range)) = verbatim(text, node) {
                let mut at = 0;
                for part in list.split(',') {
                    let r = trim_range(list, at..at + part.len());
                    at += part.len() + 1;
                    if !r.is_empty() {
                        f(&list[r.clone()], range.start + r.start..range.start + r.end);
                    }
                }
            }
        }
    }
}

/// `range` of `s` without its leading and trailing whitespace.
fn trim_range(s: &str, range: Range<usize>) -> Range<usize> {
    let part = &s[range.clone()];
    let start = range.start + (part.len() - part.trim_start().len());
    let end = range.end - (part.len() - part.trim_end().len());
    start..end.max(start)
}

/// Where a reference found in a field goes: its name, range, namespace, kind.
type Push<'a> = dyn FnMut(&str, Range<usize>, Namespace, ReferenceKind) + 'a;

/// The `Agent(…)`, `Task(…)` and `Skill(…)` entries of a tool list (a
/// string of entries, or a list of them).
fn tool_rules(text: &str, node: &Node, push: &mut Push<'_>) {
    let pieces: Vec<(&str, Range<usize>)> = match &node.kind {
        NodeKind::Seq(items) => items.iter().filter_map(|i| verbatim(text, i)).collect(),
        _ => verbatim(text, node).into_iter().collect(),
    };
    for (value, range) in pieces {
        for entry in tool_list::split(value) {
            let src = &value[entry.clone()];
            let tool = tool_list::tool_name(src);
            let (Some(open), Some(close)) = (src.find('('), src.rfind(')')) else {
                continue;
            };
            if close <= open {
                continue;
            }
            let inner = open + 1..close;
            let base = range.start + entry.start;
            match tool {
                "Agent" | "Task" => {
                    for r in tool_list::split(&src[inner.clone()]) {
                        let name = &src[inner.start + r.start..inner.start + r.end];
                        if !name.contains(['*', '(', ')']) {
                            push(
                                name,
                                base + inner.start + r.start..base + inner.start + r.end,
                                Namespace::ClaudeAgent,
                                ReferenceKind::AgentRule,
                            );
                        }
                    }
                }
                "Skill" => {
                    let r = trim_range(src, inner);
                    let name = &src[r.clone()];
                    // `Skill(deploy *)` is a pattern, not a name.
                    if !name.is_empty() && !name.contains(|c: char| c.is_whitespace() || c == '*') {
                        push(
                            name,
                            base + r.start..base + r.end,
                            Namespace::ClaudeSkill,
                            ReferenceKind::SkillRule,
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether `c` can be part of a name written after `@agent-`.
fn mention_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.')
}

/// The `@agent-NAME` mentions of the text (Claude Code), not preceded by a
/// word character (an e-mail address), without a final `.` or `:`.
fn mentions(text: &str, out: &mut Vec<Reference>) {
    const AT: &str = "@agent-";
    let mut from = 0;
    // A vectorised search: the index reads every body, some of them MiBs.
    let finder = memchr::memmem::Finder::new(AT);
    while let Some(i) = finder.find(&text.as_bytes()[from..]) {
        let at = from + i;
        from = at + AT.len();
        let preceded = text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        if preceded {
            continue;
        }
        let rest = &text[from..];
        let len = rest.find(|c| !mention_char(c)).unwrap_or(rest.len());
        let name = rest[..len].trim_end_matches(['.', ':']);
        if name.is_empty() {
            continue;
        }
        out.push(Reference {
            name: name.to_owned(),
            namespace: Namespace::ClaudeAgent,
            range: from..from + name.len(),
            kind: ReferenceKind::Mention,
        });
        from += name.len();
    }
}

/// The relative paths of the body's Markdown links (`[x](path)` and
/// `[x]: path`), not URLs, not absolute paths, not bare `#anchors`.
fn links(text: &str, body_start: usize, path: &Path) -> Vec<Link> {
    let body = &text[body_start..];
    if !body.contains("](") && !body.contains("]:") {
        return Vec::new();
    }
    // In pieces: a whole block tree costs about 100 times its text.
    let tree = markdown::MarkdownTree::in_pieces(crate::document::PIECE_LEN);
    let mut ranges = link_destinations(&tree, body);
    ranges.sort_by_key(|r| r.start);
    ranges.dedup();
    let folder = path.parent().unwrap_or(Path::new(""));
    ranges
        .into_iter()
        .filter_map(|r| {
            let dest = body.get(r.clone())?;
            let (dest, r) = match dest.strip_prefix('<').and_then(|d| d.strip_suffix('>')) {
                Some(inner) => (inner, r.start + 1..r.end - 1),
                None => (dest, r),
            };
            let cut = dest.find(['#', '?']).unwrap_or(dest.len());
            let target = &dest[..cut];
            let relative = !target.is_empty()
                && !target.starts_with(['/', '\\', '~'])
                && !has_scheme(target)
                && !target.contains(char::is_whitespace);
            relative.then(|| Link {
                range: body_start + r.start..body_start + r.start + cut,
                target: folder.join(target),
            })
        })
        .collect()
}

/// The byte ranges of the `link_destination` nodes of `text`'s tree: those
/// of the block tree (link reference definitions) and those of the inline
/// trees of the inline nodes holding a `](`, which an inline link needs (the
/// others are not parsed: a link destination cannot be in them). Each
/// inline tree is dropped once read.
#[must_use]
pub fn link_destinations(tree: &markdown::MarkdownTree, text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    tree.for_each_piece(text, |base, piece, block| {
        let mut collect = |tree: &tree_sitter::Tree| {
            let mut stack = vec![tree.root_node()];
            while let Some(node) = stack.pop() {
                if node.kind() == "link_destination" {
                    let r = node.byte_range();
                    ranges.push(base + r.start..base + r.end);
                    continue;
                }
                let mut cursor = node.walk();
                stack.extend(node.children(&mut cursor));
            }
        };
        collect(block);
        let with_link = |node: &tree_sitter::Node<'_>| {
            piece
                .get(node.byte_range())
                .is_some_and(|s| s.contains("]("))
        };
        for node in markdown::inline_nodes(block, with_link) {
            if let Some(inline) = markdown::inline_tree(piece, &node) {
                collect(&inline);
            }
        }
    });
    ranges
}

/// Whether `s` starts with a URL scheme (`https:`, `mailto:`) or a drive
/// letter (`C:`).
fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syms(text: &str, kind: FileKind, path: &str) -> Symbols {
        symbols(text, kind, Path::new(path))
    }

    /// Each reference as (name, text at its range, namespace, kind).
    fn refs(text: &str, s: &Symbols) -> Vec<(String, String, Namespace, ReferenceKind)> {
        s.references
            .iter()
            .map(|r| {
                (
                    r.name.clone(),
                    text[r.range.clone()].to_owned(),
                    r.namespace,
                    r.kind,
                )
            })
            .collect()
    }

    fn def(name: &str, ns: Namespace, range: Option<Range<usize>>, from_path: bool) -> Definition {
        Definition {
            name: name.to_owned(),
            namespace: ns,
            range,
            from_path,
        }
    }

    #[test]
    fn claude_agent_is_its_name_field() {
        let t = "---\nname: \"rev\"\ndescription: d\n---\nBody\n";
        let s = syms(t, FileKind::ClaudeAgent, "/p/.claude/agents/review.md");
        assert_eq!(
            s.definition,
            Some(def("rev", Namespace::ClaudeAgent, Some(11..14), false))
        );
        let s = syms(t, FileKind::ClaudeAgent, "/p/.claude/agents/sub/rev.md");
        assert_eq!(
            s.definition,
            Some(def("rev", Namespace::ClaudeAgent, Some(11..14), true))
        );
        let s = syms(
            "---\ndescription: d\n---\n",
            FileKind::ClaudeAgent,
            "/p/.claude/agents/rev.md",
        );
        assert_eq!(s.definition, None);
    }

    #[test]
    fn plugin_agents_skills_and_commands_are_prefixed() {
        let t = "---\nname: sec\ndescription: d\n---\n";
        let s = syms(
            t,
            FileKind::ClaudePluginAgent,
            "/r/plugins/kit/agents/review/sec.md",
        );
        assert_eq!(
            s.definition,
            Some(def(
                "kit:review:sec",
                Namespace::ClaudeAgent,
                Some(10..13),
                true
            ))
        );
        let s = syms(
            "---\ndescription: d\n---\n",
            FileKind::ClaudePluginAgent,
            "/r/kit/agents/sec.md",
        );
        assert_eq!(
            s.definition,
            Some(def("kit:sec", Namespace::ClaudeAgent, None, true))
        );
        let s = syms(
            t,
            FileKind::ClaudeSkill,
            "/r/plugins/kit/skills/scan/SKILL.md",
        );
        assert_eq!(
            s.definition,
            Some(def("kit:sec", Namespace::ClaudeSkill, Some(10..13), false))
        );
        let s = syms(
            "Body",
            FileKind::ClaudeCommand,
            "/r/plugins/kit/commands/git/go.md",
        );
        assert_eq!(
            s.definition,
            Some(def("kit:git:go", Namespace::ClaudeSkill, None, true))
        );
    }

    #[test]
    fn skills_and_commands_are_their_paths() {
        let s = syms(
            "---\nname: Deploy\n---\n",
            FileKind::ClaudeSkill,
            "/p/.claude/skills/deploy/SKILL.md",
        );
        assert_eq!(
            s.definition,
            Some(def("deploy", Namespace::ClaudeSkill, None, true))
        );
        let s = syms(
            "---\nname: deploy\n---\n",
            FileKind::ClaudeSkill,
            "/p/.claude/skills/deploy/SKILL.md",
        );
        assert_eq!(
            s.definition,
            Some(def("deploy", Namespace::ClaudeSkill, Some(10..16), true))
        );
        let s = syms(
            "Body",
            FileKind::ClaudeCommand,
            "/p/.claude/commands/git/commit.md",
        );
        assert_eq!(
            s.definition,
            Some(def("git:commit", Namespace::ClaudeSkill, None, true))
        );
        let s = syms(
            "---\nname: x\n---\n",
            FileKind::AgentSkill,
            "/p/.github/skills/pdf/SKILL.md",
        );
        assert_eq!(
            s.definition,
            Some(def("x", Namespace::AgentSkill, Some(10..11), false))
        );
    }

    #[test]
    fn other_formats() {
        let cases = [
            (
                "---\nname: rev\n---\n",
                FileKind::GeminiAgent,
                "/p/.gemini/agents/rev.md",
                def("rev", Namespace::GeminiAgent, Some(10..13), true),
            ),
            (
                "---\nname: 'rev'\n---\n",
                FileKind::QwenAgent,
                "/p/.qwen/agents/x.md",
                def("rev", Namespace::QwenAgent, Some(11..14), false),
            ),
            (
                "---\ndescription: d\n---\n",
                FileKind::CopilotAgent,
                "/p/.github/agents/team/rev.agent.md",
                def("team--rev", Namespace::CopilotAgent, None, true),
            ),
            (
                "---\nname: rev\n---\n",
                FileKind::CopilotAgent,
                "/p/.github/agents/rev.agent.md",
                def("rev", Namespace::CopilotAgent, Some(10..13), true),
            ),
            (
                "---\nmode: agent\n---\n",
                FileKind::CopilotPrompt,
                "/p/.github/prompts/fix-it.prompt.md",
                def("fix-it", Namespace::CopilotPrompt, None, true),
            ),
            (
                "---\ndescription: d\n---\n",
                FileKind::CopilotChatMode,
                "/p/.github/chatmodes/plan.chatmode.md",
                def("plan", Namespace::CopilotAgent, None, true),
            ),
            (
                "---\ndescription: d\n---\n",
                FileKind::OpenCodeAgent,
                "/p/.opencode/agents/team/rev.md",
                def("team/rev", Namespace::OpenCodeAgent, None, true),
            ),
            (
                "---\nagent: build\n---\n",
                FileKind::OpenCodeCommand,
                "/p/.opencode/command/test.md",
                def("test", Namespace::OpenCodeCommand, None, true),
            ),
            (
                "---\nalwaysApply: true\n---\n",
                FileKind::CursorRule,
                "/p/.cursor/rules/style.mdc",
                def("style", Namespace::CursorRule, None, true),
            ),
            (
                "---\nname: terse\n---\n",
                FileKind::ClaudeOutputStyle,
                "/p/.claude/output-styles/short.md",
                def("terse", Namespace::ClaudeOutputStyle, Some(10..15), false),
            ),
        ];
        for (text, kind, path, expected) in cases {
            assert_eq!(syms(text, kind, path).definition, Some(expected), "{path}");
        }
    }

    #[test]
    fn tool_rules_skills_and_mentions() {
        let t = "---\nname: lead\ndescription: Ask @agent-rev.\ntools: Read, Agent(rev, sec), Task(x*), Skill(deploy), Skill(deploy *)\ndisallowedTools:\n  - Agent(old)\nskills: [a, 'b']\n---\nUse @agent-kit:sec: then mail me@agent-no.\n";
        let s = syms(t, FileKind::ClaudeAgent, "/p/.claude/agents/lead.md");
        use Namespace::{ClaudeAgent as A, ClaudeSkill as S};
        use ReferenceKind::*;
        let owned = |v: &[(&str, &str, Namespace, ReferenceKind)]| {
            v.iter()
                .map(|(a, b, c, d)| ((*a).to_owned(), (*b).to_owned(), *c, *d))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            refs(t, &s),
            owned(&[
                ("rev", "rev", A, Mention),
                ("rev", "rev", A, AgentRule),
                ("sec", "sec", A, AgentRule),
                ("deploy", "deploy", S, SkillRule),
                ("old", "old", A, AgentRule),
                ("a", "a", S, SkillsList),
                ("b", "b", S, SkillsList),
                ("kit:sec", "kit:sec", A, Mention),
            ])
        );
    }

    #[test]
    fn skills_as_a_string_and_agent_fields() {
        let t = "---\nskills: a, b ,c\n---\n";
        let s = syms(t, FileKind::ClaudeAgent, "/p/.claude/agents/x.md");
        let names: Vec<_> = s.references.iter().map(|r| &t[r.range.clone()]).collect();
        assert_eq!(names, ["a", "b", "c"]);

        let t = "---\ncontext: fork\nagent: \"Explore\"\nallowed-tools: [\"Skill(lint)\"]\n---\n";
        let s = syms(t, FileKind::ClaudeSkill, "/p/.claude/skills/x/SKILL.md");
        assert_eq!(
            refs(t, &s),
            vec![
                (
                    "Explore".to_owned(),
                    "Explore".to_owned(),
                    Namespace::ClaudeAgent,
                    ReferenceKind::AgentField
                ),
                (
                    "lint".to_owned(),
                    "lint".to_owned(),
                    Namespace::ClaudeSkill,
                    ReferenceKind::SkillRule
                ),
            ]
        );

        let t = "---\nagent: review\n---\n";
        let s = syms(t, FileKind::OpenCodeCommand, "/p/.opencode/command/x.md");
        assert_eq!(s.references[0].namespace, Namespace::OpenCodeAgent);
        assert_eq!(&t[s.references[0].range.clone()], "review");

        for (t, n) in [
            ("---\nagent: planner\n---\n", 1),
            ("---\nmode: 'planner'\n---\n", 1),
            ("---\nagent: agent\nmode: ask\n---\n", 0),
        ] {
            let s = syms(t, FileKind::CopilotPrompt, "/p/a.prompt.md");
            assert_eq!(s.references.len(), n, "{t}");
            for r in &s.references {
                assert_eq!(&t[r.range.clone()], "planner");
                assert_eq!(r.namespace, Namespace::CopilotAgent);
            }
        }

        let t = "---\nhandoffs:\n  - label: Go\n    agent: impl\n  - agent: \"test\"\n---\n";
        let s = syms(t, FileKind::CopilotAgent, "/p/.github/agents/plan.agent.md");
        let got: Vec<_> = s
            .references
            .iter()
            .map(|r| (&t[r.range.clone()], r.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("impl", ReferenceKind::Handoff),
                ("test", ReferenceKind::Handoff)
            ]
        );
    }

    #[test]
    fn mentions_are_claude_only() {
        let t = "---\nname: x\n---\nAsk @agent-rev.\n";
        assert!(
            syms(t, FileKind::GeminiAgent, "/p/.gemini/agents/x.md")
                .references
                .is_empty()
        );
        assert_eq!(
            syms(t, FileKind::ClaudeCommand, "/p/.claude/commands/x.md")
                .references
                .len(),
            1
        );
    }

    #[test]
    fn links_are_relative_paths() {
        let t = "---\nname: x\n---\nSee [guide](docs/guide.md#top), [web](https://e.com/a.md), \
                 [abs](/etc/x), [here](#h), [ref][r] and `[code](no.md)`.\n\n[r]: <../ref.md>\n";
        let s = syms(t, FileKind::ClaudeAgent, "/p/.claude/agents/x.md");
        let got: Vec<_> = s
            .links
            .iter()
            .map(|l| (&t[l.range.clone()], l.target.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "docs/guide.md",
                    PathBuf::from("/p/.claude/agents/docs/guide.md")
                ),
                ("../ref.md", PathBuf::from("/p/.claude/agents/../ref.md")),
            ]
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in [
            "",
            "---",
            "---\n---\n",
            "---\ntools: Agent(\nskills: [\n---\n",
            "---\ntools: Agent)(x, Skill()\n---\n@agent-",
            "@agent-@agent-x",
            "---\nhandoffs: *a\n---\n",
            "---\nhandoffs: [1, {agent: 2}]\n---\n",
            "\u{feff}---\nname: é\n---\n[x](é.md)",
        ] {
            for f in formats::FORMATS {
                let _ = symbols(t, f.kind, Path::new("/p/.claude/agents/x.md"));
                let _ = symbols(t, f.kind, Path::new("x"));
                let _ = symbols(t, f.kind, Path::new(""));
            }
        }
    }
}

#[cfg(test)]
mod corpus {
    use super::*;

    /// Every Markdown file under `dir`, read as every kind, at its own path
    /// and at a path of each kind: no panic, and every range lies on
    /// character boundaries and holds the name it reports.
    pub(super) fn sweep(dir: &Path) -> usize {
        let mut files = 0;
        for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
            let path = entry.path();
            let is_md = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("mdc"));
            if !entry.file_type().is_file() || !is_md {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            files += 1;
            for f in formats::FORMATS {
                let s = symbols(&text, f.kind, path);
                if let Some(d) = &s.definition
                    && let Some(r) = &d.range
                {
                    assert!(d.name.ends_with(&text[r.clone()]), "{}", path.display());
                }
                for r in &s.references {
                    assert_eq!(&text[r.range.clone()], r.name, "{}", path.display());
                }
                for l in &s.links {
                    assert!(text.get(l.range.clone()).is_some(), "{}", path.display());
                }
            }
        }
        files
    }

    #[test]
    fn loader_fixtures() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/loader");
        assert!(sweep(&dir) > 500);
    }
}
