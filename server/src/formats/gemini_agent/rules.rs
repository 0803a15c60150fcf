//! The rules for Gemini CLI subagents, as Gemini CLI 0.61.0 loads them
//! (`parseAgentMarkdown`): its own frontmatter regex, js-yaml, then a strict
//! zod schema. Whatever fails refuses the whole file, so nearly every rule
//! is an error.
//!
//! Gemini CLI finds the frontmatter differently from Claude Code (the
//! closing `---` must start a line; a byte-order mark hides the opening
//! one), so the file is read here again, whatever the generic reader found:
//! [`check`] and [`unread`] both run [`analyse`].

use std::ops::Range;

use super::catalog as cat;
use super::jsyaml::{self, Js, Read};
use crate::analysis::Ctx;
use crate::analysis::diagnostic::{Diagnostic, Edit, Fix};
use crate::analysis::rules as r;
use crate::formats::Fallback;
use crate::frontmatter::{Frontmatter, Located, Node, NodeKind, Style, SyntaxError};

/// The frontmatter block as Gemini CLI's regex finds it:
/// `/^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n([\s\S]*))?/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Where it is (`body_start` is the end of the text when there is no body).
    pub located: Located,
    /// Whether a line break follows the closing `---` (else the body is
    /// empty, whatever follows it).
    pub body: bool,
}

/// Finds the frontmatter as Gemini CLI does: `---` and a line break at the
/// very first byte, then the first line that starts with `---`.
#[must_use]
pub fn locate(text: &str) -> Option<Block> {
    let content_start = if text.starts_with("---\n") {
        4
    } else if text.starts_with("---\r\n") {
        5
    } else {
        return None;
    };
    let j = content_start + text[content_start..].find("\n---")?;
    let content_end = if j > content_start && text.as_bytes()[j - 1] == b'\r' {
        j - 1
    } else {
        j
    };
    let close = j + 1..j + 4;
    let rest = &text[close.end..];
    let (body, body_start) = if rest.starts_with('\n') {
        (true, close.end + 1)
    } else if rest.starts_with("\r\n") {
        (true, close.end + 2)
    } else {
        (false, text.len())
    };
    Some(Block {
        located: Located {
            open: 0..3,
            content: content_start..content_end,
            close,
            body_start,
        },
        body,
    })
}

/// The schema branches of `markdownFrontmatterSchema`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Branch {
    Local,
    RemoteUrl,
    RemoteJson,
}

/// What the loader makes of a file that loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// The agent's name.
    pub name: String,
    /// The description the model is shown, when it can be known offline.
    pub description: Option<String>,
    /// Whether it is a remote agent.
    pub remote: bool,
}

/// The outcome of the schema on a parsed frontmatter.
#[derive(Debug, Default)]
struct Verdict {
    /// The reasons it is refused (empty when it loads).
    issues: Vec<Diagnostic>,
    /// The agents it defines, when it loads.
    agents: Vec<Agent>,
    /// Remote agents whose card is fetched when Gemini CLI starts: where to say so.
    fetched: Vec<(Range<usize>, String)>,
}

/// Runs every rule (a format's `check`): the frontmatter is read again as
/// Gemini CLI reads it.
pub(crate) fn check(ctx: &mut Ctx<'_>, _: &Frontmatter) {
    analyse(ctx);
}

/// What Gemini CLI does with a file the generic reader could not read (a
/// format's `unread`): it may read it differently; the same analysis.
pub(crate) fn unread(ctx: &mut Ctx<'_>, _: &Fallback) {
    analyse(ctx);
}

/// The range of the first line.
fn first_line(text: &str) -> Range<usize> {
    0..crate::analysis::first_line_end(text, 0)
}

/// The range to show for an error at `offset`: to the end of its line, at
/// least one character.
fn error_range(text: &str, offset: usize) -> Range<usize> {
    let offset = crate::frontmatter::floor_char_boundary(text, offset);
    let end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    if end > offset {
        return offset..end;
    }
    let next = text[offset..]
        .chars()
        .next()
        .map_or(offset, |c| offset + c.len_utf8());
    if next > offset {
        return offset..next;
    }
    // At the very end (or before a line break): the character before.
    let start = text[..offset]
        .char_indices()
        .next_back()
        .map_or(offset, |(i, _)| i);
    start..offset
}

fn analyse(ctx: &mut Ctx<'_>) {
    let text = ctx.text;
    if let Some(file) = ctx.file_stem
        && !file.ends_with(".md")
    {
        ctx.push(Diagnostic::new(
            &r::GEMINI_FILE_IGNORED,
            first_line(text),
            format!("Gemini CLI reads only files whose names end in `.md`, in lowercase: it never loads `{file}`. Rename it."),
        ));
        return;
    }
    let Some(block) = locate(text) else {
        no_frontmatter(ctx);
        return;
    };
    check_fence(ctx, &block);
    let read = match jsyaml::read(text, &block.located) {
        Ok(read) => read,
        Err(e) => {
            yaml_invalid(ctx, &block, &e);
            return;
        }
    };
    let verdict = verdict(text, &block, &read);
    let loads = verdict.issues.is_empty();
    for issue in verdict.issues {
        ctx.push(issue);
    }
    for (range, url) in verdict.fetched {
        ctx.push(Diagnostic::new(
            &r::GEMINI_REMOTE_CARD,
            range,
            format!("A remote agent: Gemini CLI fetches its agent card from {url} when it starts, and registers it only if that works (otherwise it logs `Failed to load remote agent` and goes on without it). agentls cannot check that offline."),
        ));
    }
    if loads
        && verdict.agents.iter().any(|a| !a.remote)
        && let Some(root) = &read.fm.root
    {
        local_warnings(ctx, &block, &read, root);
    }
}

/// Reports a file in which Gemini CLI's regex finds no frontmatter.
fn no_frontmatter(ctx: &mut Ctx<'_>) {
    let text = ctx.text;
    const REFUSED: &str = "Gemini CLI finds no frontmatter and refuses this agent (`Missing mandatory YAML frontmatter`)";
    if let Some(rest) = text.strip_prefix('\u{feff}') {
        let bom = 0..'\u{feff}'.len_utf8();
        let mut d = Diagnostic::new(
            &r::GEMINI_FRONTMATTER_MISSING,
            bom.start..bom.end + if rest.starts_with("---") { 3 } else { 0 },
            format!(
                "The file starts with a byte-order mark: {REFUSED}. Save it as UTF-8 without a BOM."
            ),
        );
        if locate(rest).is_some() {
            d = d.replace("Remove the byte-order mark", bom, "");
        }
        ctx.push(d);
        return;
    }
    let trimmed = text.trim_start_matches([' ', '\t', '\r', '\n']);
    if trimmed.len() < text.len()
        && (trimmed.starts_with("---\n") || trimmed.starts_with("---\r\n"))
    {
        let at = text.len() - trimmed.len();
        let mut d = Diagnostic::new(
            &r::GEMINI_FRONTMATTER_MISSING,
            at..at + 3,
            format!(
                "The frontmatter must start at the very first byte of the file: {REFUSED}. Remove what comes before `---`."
            ),
        );
        if locate(trimmed).is_some() {
            d = d.replace("Remove the blank lines before the frontmatter", 0..at, "");
        }
        ctx.push(d);
        return;
    }
    if text.starts_with("---") {
        let line = first_line(text);
        let message = if text[line.clone()].trim_end() != "---" {
            format!(
                "The opening `---` must be alone on the first line, followed by a line break: {REFUSED}."
            )
        } else if text[line.end..]
            .trim_start_matches(['\r', '\n'])
            .starts_with("---")
            && !text[line.end..].contains("\n\n---")
        {
            format!(
                "An empty frontmatter (`---` right after `---`): {REFUSED}. Put `name` and `description` between the fences."
            )
        } else {
            format!(
                "This `---` opens a frontmatter that no line starting with `---` closes: {REFUSED}. Add a `---` line after the last field."
            )
        };
        ctx.push(Diagnostic::new(
            &r::GEMINI_FRONTMATTER_MISSING,
            0..3,
            message,
        ));
        return;
    }
    ctx.push(Diagnostic::new(
        &r::GEMINI_FRONTMATTER_MISSING,
        first_line(text),
        format!("No frontmatter: {REFUSED}. Start the file with a `---` block holding `name` and `description`, and `---`."),
    ));
}

/// Reports a closing line that drops the body, or a `---` that cuts a value.
fn check_fence(ctx: &mut Ctx<'_>, block: &Block) {
    let text = ctx.text;
    let close = block.located.close.clone();
    let line_end = text[close.end..]
        .find('\n')
        .map_or(text.len(), |i| close.end + i);
    let after = &text[close.end..line_end];
    if !block.body {
        let rest = &text[close.end..];
        if rest.trim().is_empty() {
            return;
        }
        let on_line = after.trim_end_matches('\r');
        let mut d = Diagnostic::new(
            &r::GEMINI_BODY_DROPPED,
            close.start..close.end + on_line.len(),
            "The closing `---` is not alone on its line: Gemini CLI then reads no body at all, and the agent runs with an empty system prompt. Put `---` alone on its line.",
        );
        d = if on_line.trim().is_empty() {
            d.replace(
                "Remove the spaces after `---`",
                close.end..close.end + on_line.len(),
                "",
            )
        } else {
            let eol = crate::analysis::line_break(text);
            d.replace(
                "Start the body on the next line",
                close.end..close.end,
                eol.to_owned(),
            )
        };
        ctx.push(d);
        return;
    }
    // A `---` line followed by indented lines, then another `---` line: the
    // author's frontmatter went on, Gemini CLI's ended here.
    let mut lines = text[block.located.body_start..].split('\n');
    let Some(first) = lines.by_ref().find(|l| !l.trim().is_empty()) else {
        return;
    };
    if !first.starts_with([' ', '\t']) {
        return;
    }
    let mut fields = Vec::new();
    for line in lines {
        let t = line.trim_end_matches('\r');
        if t.trim_end() == "---" {
            let lost = if fields.is_empty() {
                String::new()
            } else {
                format!(" The fields after it ({}) are not read.", fields.join(", "))
            };
            ctx.push(Diagnostic::new(
                &r::GEMINI_FENCE_IN_VALUE,
                close,
                format!("This `---` ends the frontmatter: Gemini CLI ends it at the first line starting with `---`, even inside a value, and the lines after it become the system prompt.{lost} Indent it, or avoid `---` at the start of a line in the frontmatter."),
            ));
            return;
        }
        if t.trim().is_empty() || t.starts_with([' ', '\t']) {
            continue;
        }
        match t.split_once(':') {
            Some((k, _))
                if !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
            {
                fields.push(format!("`{k}`"));
            }
            _ => return,
        }
    }
}

/// Reports a frontmatter js-yaml refuses, with a quoting fix when quoting
/// the values Claude Code's retry would quote makes it valid.
fn yaml_invalid(ctx: &mut Ctx<'_>, block: &Block, e: &SyntaxError) {
    let text = ctx.text;
    let content = &text[block.located.content.clone()];
    let mut message = format!(
        "Invalid YAML ({}): Gemini CLI refuses this agent (`YAML frontmatter parsing failed`); unlike Claude Code, it does not retry with the values quoted.",
        e.message
    );
    let mut fix = None;
    if !content.contains('\r') {
        let rewrite = crate::frontmatter::retry::rewrite(content);
        let mut fixed_located = block.located.clone();
        fixed_located.content = 0..rewrite.text.len();
        if rewrite.changed
            && !rewrite.quoted.is_empty()
            && jsyaml::read(&rewrite.text, &fixed_located).is_ok()
        {
            let base = block.located.content.start;
            let edits: Vec<Edit> = rewrite
                .quoted
                .iter()
                .map(|q| {
                    let value = &content[q.clone()];
                    Edit {
                        range: q.start + base..q.end + base,
                        new_text: crate::frontmatter::double_quoted(value),
                    }
                })
                .collect();
            message.push_str(" Quote the value.");
            fix = Some(Fix {
                title: if edits.len() > 1 {
                    "Quote these values".to_owned()
                } else {
                    "Quote the value".to_owned()
                },
                edits,
            });
        }
    }
    if e.message.contains("duplicated mapping key") {
        message.push_str(" Keep one of the two.");
    }
    let mut d = Diagnostic::new(
        &r::GEMINI_YAML_INVALID,
        error_range(text, e.offset),
        message,
    );
    if let Some(fix) = fix {
        d = d.with_fix(fix);
    }
    ctx.push(d);
}

/// The JavaScript properties of a mapping: key text, key node, value.
fn props<'a>(read: &'a Read, node: &'a Node) -> Vec<(String, &'a Node, &'a Node)> {
    read.view()
        .entries(node)
        .into_iter()
        .map(|p| (p.key.into_owned(), p.key_node, p.value))
        .collect()
}

/// Where to report a value: the value, or its key when it is empty.
fn at_value(v: &Node, k: &Node) -> Range<usize> {
    if v.span.is_empty() {
        k.span.clone()
    } else {
        v.span.clone()
    }
}

/// A value's source text.
fn source<'t>(text: &'t str, node: &Node) -> &'t str {
    text.get(node.span.clone()).unwrap_or_default()
}

/// `name` made a slug: lowercase, runs of other characters as `-`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// The keys a branch accepts.
fn keys_of(branch: Branch) -> &'static [&'static str] {
    match branch {
        Branch::Local => cat::LOCAL_KEYS,
        Branch::RemoteUrl | Branch::RemoteJson => cat::REMOTE_KEYS,
    }
}

/// A better spelling of an unknown key, when there is one.
fn key_hint(key: &str, branch: Branch) -> Option<&'static str> {
    let known = match key {
        "maxTurns" | "max-turns" | "maxturns" => Some("max_turns"),
        "mcpServers" | "mcp-servers" => Some("mcp_servers"),
        "displayName" | "display-name" => Some("display_name"),
        "timeout" | "timeoutMins" | "timeout-mins" => Some("timeout_mins"),
        "agentCardUrl" | "agent-card-url" => Some("agent_card_url"),
        "agentCardJson" | "agent-card-json" => Some("agent_card_json"),
        _ => None,
    };
    known
        .filter(|k| keys_of(branch).contains(k))
        .or_else(|| crate::formats::catalog::closest(key, keys_of(branch).iter().copied()))
}

/// Gemini CLI's guess of what a file means (`guessIntendedKind`).
fn intended(read: &Read, root: &Node) -> Option<Branch> {
    let props = props(read, root);
    let has = |k: &str| props.iter().any(|(key, _, _)| key == k);
    let kind = props
        .iter()
        .find(|(k, _, _)| k == "kind")
        .and_then(|(_, _, v)| read.view().as_str(v));
    let remote = if has("agent_card_json") {
        Branch::RemoteJson
    } else {
        Branch::RemoteUrl
    };
    match kind {
        Some("local") => return Some(Branch::Local),
        Some("remote") => return Some(remote),
        _ => {}
    }
    let local_keys = cat::LOCAL_HINTS.iter().any(|k| has(k));
    let remote_keys = cat::REMOTE_HINTS.iter().any(|k| has(k));
    match (local_keys, remote_keys) {
        (true, false) => Some(Branch::Local),
        (false, true) => Some(remote),
        _ => None,
    }
}

/// Runs the schema: which branch accepts the file, or why none does.
fn verdict(text: &str, block: &Block, read: &Read) -> Verdict {
    let at = block.located.open.clone();
    let Some(root) = &read.fm.root else {
        return Verdict {
            issues: vec![Diagnostic::new(
                &r::GEMINI_NOT_A_MAPPING,
                at,
                "The frontmatter is empty: Gemini CLI refuses this agent (`Expected object, received null`). Write `name` and `description` between the fences.",
            )],
            ..Verdict::default()
        };
    };
    let root = read.view().resolve(root);
    match &root.kind {
        NodeKind::Map(_) => {}
        NodeKind::Seq(items) => return remote_list(text, read, items),
        _ => {
            return Verdict {
                issues: vec![Diagnostic::new(
                    &r::GEMINI_NOT_A_MAPPING,
                    root.span.clone(),
                    format!(
                        "The frontmatter is {}, not a mapping of keys to values: Gemini CLI refuses this agent (`Expected object`).",
                        read.js(root).words()
                    ),
                )],
                ..Verdict::default()
            };
        }
    }
    // The first branch that passes loads the file: the ones after it are
    // not read (the union tries them in this order).
    let mut results: Vec<(Branch, Vec<Diagnostic>)> = Vec::with_capacity(3);
    for branch in [Branch::Local, Branch::RemoteUrl, Branch::RemoteJson] {
        let issues = branch_issues(text, read, root, branch, &at);
        if issues.is_empty() {
            return loaded(read, root, branch);
        }
        results.push((branch, issues));
    }
    let chosen = intended(read, root).unwrap_or_else(|| {
        results
            .iter()
            .min_by_key(|(_, i)| i.len())
            .map_or(Branch::Local, |(b, _)| *b)
    });
    let issues = results
        .into_iter()
        .find(|(b, _)| *b == chosen)
        .map(|(_, i)| i)
        .unwrap_or_default();
    Verdict {
        issues,
        ..Verdict::default()
    }
}

/// The agent a file that passed `branch` defines.
fn loaded(read: &Read, root: &Node, branch: Branch) -> Verdict {
    let view = read.view();
    let get = |k: &str| view.get(root, k);
    let name = get("name")
        .and_then(|n| view.as_str(n))
        .unwrap_or_default()
        .to_owned();
    let description = get("description")
        .and_then(|n| view.as_str(n))
        .map(str::to_owned);
    match branch {
        Branch::Local => Verdict {
            agents: vec![Agent {
                name,
                description,
                remote: false,
            }],
            ..Verdict::default()
        },
        Branch::RemoteUrl => {
            let url = get("agent_card_url")
                .and_then(|n| view.as_str(n))
                .unwrap_or_default()
                .to_owned();
            let range = get("agent_card_url").map_or(0..0, |n| n.span.clone());
            Verdict {
                agents: vec![Agent {
                    name,
                    description: None,
                    remote: true,
                }],
                fetched: vec![(range, url)],
                ..Verdict::default()
            }
        }
        Branch::RemoteJson => {
            let node = get("agent_card_json");
            let card = node.and_then(|n| view.as_str(n)).unwrap_or_default();
            match card_description(card, description.as_deref()) {
                Ok(shown) => Verdict {
                    agents: vec![Agent {
                        name,
                        description: shown,
                        remote: true,
                    }],
                    ..Verdict::default()
                },
                Err(why) => Verdict {
                    issues: vec![Diagnostic::new(
                        &r::GEMINI_AGENT_CARD_UNUSABLE,
                        node.map_or(0..0, |n| n.span.clone()),
                        format!(
                            "This agent card {why}: Gemini CLI cannot connect to the agent, logs `Failed to load remote agent` and skips it. Give the card the agent's `url`."
                        ),
                    )],
                    ..Verdict::default()
                },
            }
        }
    }
}

/// The description Gemini CLI shows for a remote agent with an inline card
/// (`Err`: why the card cannot be used). `Ok(None)` when it cannot be told.
fn card_description(card: &str, own: Option<&str>) -> Result<Option<String>, &'static str> {
    let Ok(serde_json::Value::Object(card)) = serde_json::from_str::<serde_json::Value>(card)
    else {
        return Err("is not a JSON object");
    };
    let interface_url = ["additionalInterfaces", "supportedInterfaces"]
        .iter()
        .any(|k| {
            card.get(*k)
                .and_then(|v| v.as_array())
                .is_some_and(|items| {
                    items.iter().any(|i| {
                        let transport = i.get("transport").or_else(|| i.get("protocolBinding"));
                        transport.and_then(|t| t.as_str()) == Some("GRPC")
                            && i.get("url").is_some_and(serde_json::Value::is_string)
                    })
                })
        });
    if !interface_url && !card.get("url").is_some_and(serde_json::Value::is_string) {
        return Err("has no `url` (text)");
    }
    let mut parts = Vec::new();
    if let Some(d) = own.map(str::trim).filter(|d| !d.is_empty()) {
        parts.push(format!("User Description: {d}"));
    }
    if let Some(d) = card
        .get("description")
        .and_then(|d| d.as_str())
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        parts.push(format!("Agent Description: {d}"));
    }
    if let Some(skills) = card.get("skills").and_then(|s| s.as_array())
        && !skills.is_empty()
    {
        let mut lines = Vec::new();
        for s in skills {
            let (Some(name), desc) = (
                s.get("name").and_then(|n| n.as_str()),
                s.get("description").and_then(|d| d.as_str()),
            ) else {
                return Ok(None);
            };
            let desc = desc
                .filter(|d| !d.is_empty())
                .unwrap_or("No description provided");
            lines.push(format!("{name}: {desc}"));
        }
        parts.push(format!("Skills:\n{}", lines.join("\n")));
    }
    Ok(Some(if parts.is_empty() {
        own.unwrap_or_default().to_owned()
    } else {
        parts.join("\n")
    }))
}

/// A YAML list: remote agents, each checked by the remote schemas.
fn remote_list(text: &str, read: &Read, items: &[Node]) -> Verdict {
    let view = read.view();
    let mut out = Verdict::default();
    for item in items {
        let item = view.resolve(item);
        if !matches!(item.kind, NodeKind::Map(_)) {
            out.issues.push(Diagnostic::new(
                &r::GEMINI_NOT_A_MAPPING,
                item.span.clone(),
                format!(
                    "A frontmatter list is read as remote agents, one mapping each; this item is {}: Gemini CLI refuses the file.",
                    read.js(item).words()
                ),
            ));
            continue;
        }
        let at = item
            .entries()
            .and_then(|e| e.first())
            .map_or(item.span.clone(), |e| e.key.span.clone());
        let url = branch_issues(text, read, item, Branch::RemoteUrl, &at);
        let json = branch_issues(text, read, item, Branch::RemoteJson, &at);
        if url.is_empty() {
            let mut v = loaded(read, item, Branch::RemoteUrl);
            out.agents.append(&mut v.agents);
            out.fetched.append(&mut v.fetched);
        } else if json.is_empty() {
            let mut v = loaded(read, item, Branch::RemoteJson);
            out.agents.append(&mut v.agents);
            out.issues.append(&mut v.issues);
        } else {
            let has_json = view.has(item, "agent_card_json");
            out.issues.extend(if has_json { json } else { url });
        }
    }
    if !out.issues.is_empty() {
        out.agents.clear();
        out.fetched.clear();
    }
    out
}

/// What refuses the mapping `root` in a branch of the schema.
#[allow(clippy::too_many_lines)]
fn branch_issues(
    text: &str,
    read: &Read,
    root: &Node,
    branch: Branch,
    at: &Range<usize>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let view = read.view();
    let props = props(read, root);
    let remote = branch != Branch::Local;
    let what = if remote { "remote agent" } else { "agent" };
    let get = |k: &str| {
        props
            .iter()
            .find(|(key, _, _)| key == k)
            .map(|(_, kn, v)| (*kn, *v))
    };
    // Unknown keys (every branch is strict).
    let names: std::collections::HashSet<&str> = props.iter().map(|(k, _, _)| k.as_str()).collect();
    let owned: std::collections::HashSet<*const Node> = root
        .entries()
        .unwrap_or_default()
        .iter()
        .map(|e| std::ptr::from_ref(&e.key))
        .collect();
    for (key, key_node, value) in &props {
        if keys_of(branch).contains(&key.as_str()) {
            continue;
        }
        let present = |k: &str| names.contains(k);
        let hint = key_hint(key, branch).filter(|h| !present(h));
        let role = if !remote && cat::REMOTE_KEYS.contains(&key.as_str()) {
            " (a remote agent's key: a local agent cannot have it; add `kind: remote` if this is a remote agent)"
        } else if remote && cat::LOCAL_KEYS.contains(&key.as_str()) {
            " (a local agent's key: a remote agent cannot have it)"
        } else {
            ""
        };
        let mut issue = Diagnostic::new(
            &r::GEMINI_UNKNOWN_KEY,
            key_node.span.clone(),
            format!(
                "Unknown key `{key}`{role}: Gemini CLI refuses this {what} (`Unrecognized key(s) in object`).{}",
                hint.map_or(String::new(), |h| format!(" Did you mean `{h}`?"))
            ),
        );
        if let Some(h) = hint
            && key_node.span.end <= text.len()
            && source(text, key_node) == key.as_str()
        {
            issue = issue.replace(format!("Rename to `{h}`"), key_node.span.clone(), h);
        }
        if owned.contains(&std::ptr::from_ref(*key_node)) {
            let lines = crate::analysis::whole_lines(
                text,
                key_node.span.start,
                value.span.end.max(key_node.span.end),
            );
            issue = issue.replace(format!("Remove `{key}`"), lines, "");
        }
        out.push(issue);
    }
    // kind
    if let Some((_, v)) = get("kind") {
        let want = if remote { "remote" } else { "local" };
        if view.as_str(v) != Some(want) {
            let mut issue = Diagnostic::new(
                &r::GEMINI_VALUE_INVALID,
                v.span.clone(),
                format!(
                    "`kind` must be `{want}` here (`local` or `remote`, in lowercase): Gemini CLI refuses this {what} (`Invalid literal value`)."
                ),
            );
            if let Some(s) = view.as_str(v)
                && matches!(s.trim().to_ascii_lowercase().as_str(), "local" | "remote")
            {
                let lower = s.trim().to_ascii_lowercase();
                issue = issue.replace(format!("Replace with `{lower}`"), v.span.clone(), lower);
            }
            out.push(issue);
        }
    }
    // name
    match get("name") {
        None => out.push(Diagnostic::new(
            &r::GEMINI_NAME_INVALID,
            at.clone(),
            format!("No `name`: Gemini CLI refuses this {what} (`name: Required`). Add `name:` with a slug such as `code-reviewer`."),
        )),
        Some((k, v)) => match read.js(v) {
            Js::String => {
                let s = view.as_str(v).unwrap_or_default();
                if !is_slug(s) {
                    let mut issue = Diagnostic::new(
                        &r::GEMINI_NAME_INVALID,
                        v.span.clone(),
                        format!("`{s}` is not a valid name: Gemini CLI refuses this {what} (`Name must be a valid slug`). Use lowercase letters, digits, `-` and `_` only."),
                    );
                    let fixed = slug(s);
                    if !fixed.is_empty() && fixed != s {
                        issue = issue.replace(format!("Replace with `{fixed}`"), v.span.clone(), fixed);
                    }
                    out.push(issue);
                }
            }
            js => {
                let mut issue = Diagnostic::new(
                    &r::GEMINI_NAME_INVALID,
                    at_value(v, k),
                    format!("`name` is {}: Gemini CLI refuses this {what} (`Expected string, received {}`). Write a slug such as `code-reviewer`.", js.words(), js.zod_name()),
                );
                let src = source(text, v);
                if matches!(v.kind, NodeKind::Scalar(_)) && is_slug(src) {
                    issue = issue.replace("Quote the name", v.span.clone(), crate::frontmatter::double_quoted(src));
                }
                out.push(issue);
            }
        },
    }
    // description
    match (get("description"), remote) {
        (None, false) => out.push(Diagnostic::new(
            &r::GEMINI_DESCRIPTION_INVALID,
            at.clone(),
            "No `description`: Gemini CLI refuses this agent (`description: Required`). Say what the agent does: the model delegates by it.",
        )),
        (None, true) => {}
        (Some((k, v)), _) => match read.js(v) {
            Js::String => {
                if !remote && view.as_str(v).is_some_and(str::is_empty) {
                    out.push(Diagnostic::new(
                        &r::GEMINI_DESCRIPTION_INVALID,
                        v.span.clone(),
                        "The description is empty: Gemini CLI refuses this agent (`String must contain at least 1 character(s)`). Say what the agent does.",
                    ));
                }
            }
            js => {
                let mut issue = Diagnostic::new(
                    &r::GEMINI_DESCRIPTION_INVALID,
                    at_value(v, k),
                    format!("The description is {}: Gemini CLI refuses this {what} (`Expected string, received {}`).", js.words(), js.zod_name()),
                );
                if matches!(&v.kind, NodeKind::Scalar(s) if s.style == Style::Plain && !s.text.is_empty())
                    && matches!(js, Js::Number(_) | Js::Date | Js::Bool(_))
                {
                    issue.message.push_str(" Quote it to make it text.");
                    let src = source(text, v).to_owned();
                    issue = issue.replace("Quote the description", v.span.clone(), crate::frontmatter::double_quoted(&src));
                }
                out.push(issue);
            }
        },
    }
    // display_name, model: strings.
    for key in ["display_name", "model"] {
        if remote && key == "model" {
            continue;
        }
        if let Some((k, v)) = get(key) {
            let js = read.js(v);
            if js != Js::String {
                let mut issue = Diagnostic::new(
                    &r::GEMINI_VALUE_INVALID,
                    at_value(v, k),
                    format!(
                        "`{key}` takes text; this is {}: Gemini CLI refuses this {what} (`Expected string, received {}`).",
                        js.words(),
                        js.zod_name()
                    ),
                );
                if matches!(&v.kind, NodeKind::Scalar(s) if s.style == Style::Plain && !s.text.is_empty())
                {
                    let src = source(text, v).to_owned();
                    issue = issue.replace(
                        "Quote the value",
                        v.span.clone(),
                        crate::frontmatter::double_quoted(&src),
                    );
                }
                out.push(issue);
            }
        }
    }
    if remote {
        remote_fields(read, &props, branch, at, &mut out);
        return out;
    }
    if let Some((k, v)) = get("tools") {
        tools(text, read, v, &k.span, &mut out);
    }
    if let Some((k, v)) = get("mcp_servers") {
        mcp_servers(read, v, &k.span, &mut out);
    }
    if let Some((k, v)) = get("temperature") {
        match read.js(v) {
            Js::Number(n) if !n.is_nan() => {}
            js => out.push(number_issue(
                text,
                read,
                v,
                "temperature",
                js,
                "a number",
                &k.span,
            )),
        }
    }
    for key in ["max_turns", "timeout_mins"] {
        if let Some((k, v)) = get(key) {
            let problem = match read.js(v) {
                Js::Number(n) if n.is_nan() => Some("`Expected number, received nan`"),
                Js::Number(n) if n.fract() != 0.0 || n.is_infinite() => {
                    Some("`Expected integer, received float`")
                }
                Js::Number(n) if n <= 0.0 => Some("`Number must be greater than 0`"),
                Js::Number(_) => None,
                _ => Some(""),
            };
            if let Some(p) = problem {
                let js = read.js(v);
                let mut issue = number_issue(text, read, v, key, js, "a positive integer", &k.span);
                if !p.is_empty() {
                    issue.message = format!(
                        "`{key}` takes a positive integer: Gemini CLI refuses this agent ({p})."
                    );
                }
                out.push(issue);
            }
        }
    }
    out
}

/// A number field with a value of the wrong type, with a fix that unquotes
/// a quoted number.
fn number_issue(
    text: &str,
    read: &Read,
    v: &Node,
    key: &str,
    js: Js,
    want: &str,
    at: &Range<usize>,
) -> Diagnostic {
    let mut issue = Diagnostic::new(
        &r::GEMINI_VALUE_INVALID,
        if v.span.is_empty() {
            at.clone()
        } else {
            v.span.clone()
        },
        format!(
            "`{key}` takes {want}; this is {}: Gemini CLI refuses this agent (`Expected number, received {}`).",
            js.words(),
            js.zod_name()
        ),
    );
    if let NodeKind::Scalar(s) = &read.view().resolve(v).kind
        && s.style != Style::Plain
        && matches!(jsyaml::plain(s.text.trim()), Js::Number(n) if !n.is_nan())
        && (key == "temperature" || s.text.trim().parse::<u64>().is_ok_and(|n| n > 0))
        && !source(text, v).is_empty()
    {
        issue.message.push_str(" Write the number without quotes.");
        issue = issue.replace(
            "Remove the quotes",
            v.span.clone(),
            s.text.trim().to_owned(),
        );
    }
    issue
}

/// `tools`: a list of tool names Gemini CLI knows.
fn tools(text: &str, read: &Read, v: &Node, at: &Range<usize>, out: &mut Vec<Diagnostic>) {
    let view = read.view();
    let node = view.resolve(v);
    match &node.kind {
        NodeKind::Seq(items) => {
            for item in items {
                let item = view.resolve(item);
                match read.js(item) {
                    Js::String => {
                        let name = view.as_str(item).unwrap_or_default();
                        if cat::is_valid_tool(name) {
                            continue;
                        }
                        let hint = cat::suggest_tool(name);
                        let mut issue = Diagnostic::new(
                            &r::GEMINI_TOOLS_INVALID,
                            item.span.clone(),
                            format!(
                                "`{name}` is not a Gemini CLI tool: it refuses this agent (`Invalid tool name`).{}",
                                hint.as_ref().map_or_else(
                                    || " Use Gemini CLI's names (`read_file`, `grep_search`, `run_shell_command`…), `*`, `mcp_*` or `mcp_<server>_<tool>`.".to_owned(),
                                    |h| format!(" Gemini CLI calls it `{h}`.")
                                )
                            ),
                        );
                        if let Some(h) = hint {
                            issue = issue.replace(format!("Replace with `{h}`"), item.span.clone(), h);
                        }
                        out.push(issue);
                    }
                    js => out.push(Diagnostic::new(
                        &r::GEMINI_TOOLS_INVALID,
                        item.span.clone(),
                        format!("A tool name must be text; this is {}: Gemini CLI refuses this agent (`Expected string, received {}`).", js.words(), js.zod_name()),
                    )),
                }
            }
        }
        _ => {
            let js = read.js(node);
            let mut issue = Diagnostic::new(
                &r::GEMINI_TOOLS_INVALID,
                if node.span.is_empty() {
                    at.clone()
                } else {
                    node.span.clone()
                },
                format!(
                    "`tools` must be a YAML list; this is {}: Gemini CLI refuses this agent (`Expected array, received {}`).{}",
                    js.words(),
                    js.zod_name(),
                    if js == Js::Null {
                        " Remove `tools` to give the agent every tool, or list them."
                    } else {
                        ""
                    }
                ),
            );
            if let Some(s) = view.as_str(node) {
                let names: Vec<&str> = s
                    .split([',', ' '])
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .collect();
                let mapped: Vec<String> = names
                    .iter()
                    .map(|n| {
                        if cat::is_valid_tool(n) {
                            (*n).to_owned()
                        } else {
                            cat::suggest_tool(n).unwrap_or_else(|| (*n).to_owned())
                        }
                    })
                    .collect();
                if !mapped.is_empty()
                    && mapped.iter().all(|n| {
                        cat::is_valid_tool(n)
                            && n.chars()
                                .all(|c| c.is_ascii_alphanumeric() || "_-.:".contains(c))
                    })
                    && !source(text, node).is_empty()
                {
                    issue = issue.replace(
                        "Write the tools as a list",
                        node.span.clone(),
                        format!("[{}]", mapped.join(", ")),
                    );
                }
            }
            out.push(issue);
        }
    }
}

/// `mcp_servers`: a mapping of names to server settings.
fn mcp_servers(read: &Read, v: &Node, at: &Range<usize>, out: &mut Vec<Diagnostic>) {
    let view = read.view();
    let node = view.resolve(v);
    if !matches!(node.kind, NodeKind::Map(_)) {
        let js = read.js(node);
        out.push(Diagnostic::new(
            &r::GEMINI_VALUE_INVALID,
            if node.span.is_empty() { at.clone() } else { node.span.clone() },
            format!("`mcp_servers` must be a mapping of server names to settings; this is {}: Gemini CLI refuses this agent (`Expected object, received {}`).", js.words(), js.zod_name()),
        ));
        return;
    }
    for server in view.entries(node) {
        let value = server.value;
        if !matches!(value.kind, NodeKind::Map(_)) {
            let js = read.js(value);
            out.push(Diagnostic::new(
                &r::GEMINI_VALUE_INVALID,
                if value.span.is_empty() { server.key_node.span.clone() } else { value.span.clone() },
                format!("The MCP server `{}` must be a mapping of settings (`command`, `args`, `url`…); this is {}: Gemini CLI refuses this agent (`Expected object, received {}`).", server.key, js.words(), js.zod_name()),
            ));
            continue;
        }
        for setting in view.entries(value) {
            let key = setting.key.as_ref();
            let v = setting.value;
            let js = read.js(v);
            let want = match key {
                "command" | "cwd" | "url" | "http_url" | "tcp" | "description" => {
                    (js != Js::String).then_some("text")
                }
                "args" | "include_tools" | "exclude_tools" => {
                    let ok = view
                        .array(v)
                        .is_some_and(|items| items.iter().all(|i| read.js(i) == Js::String));
                    (!ok).then_some("a list of text")
                }
                "env" | "headers" => {
                    let ok = matches!(view.resolve(v).kind, NodeKind::Map(_))
                        && view
                            .entries(v)
                            .iter()
                            .all(|p| read.js(p.value) == Js::String);
                    (!ok).then_some("a mapping of names to text")
                }
                "type" => {
                    let ok = view.as_str(v).is_some_and(|t| cat::MCP_TYPES.contains(&t));
                    (!ok).then_some("`sse` or `http`")
                }
                "timeout" => (!matches!(js, Js::Number(n) if !n.is_nan())).then_some("a number"),
                "trust" => (!matches!(js, Js::Bool(_))).then_some("true or false"),
                "auth" => {
                    let ok = matches!(view.resolve(v).kind, NodeKind::Map(_))
                        && view
                            .get(v, "type")
                            .and_then(|t| view.as_str(t))
                            .is_some_and(|t| matches!(t, "google-credentials" | "oauth"));
                    (!ok).then_some("a mapping whose `type` is `google-credentials` or `oauth`")
                }
                _ => None,
            };
            if let Some(want) = want {
                out.push(Diagnostic::new(
                    &r::GEMINI_VALUE_INVALID,
                    if v.span.is_empty() { setting.key_node.span.clone() } else { v.span.clone() },
                    format!("`{key}` of the MCP server `{}` takes {want}: Gemini CLI refuses this agent.", server.key),
                ));
            }
        }
    }
}

/// Whether zod's `.url()` (the WHATWG URL parser) accepts `s`, roughly: a
/// scheme, and for the web schemes a host.
fn is_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || s.chars().any(char::is_whitespace) {
        return false;
    }
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" | "ws" | "wss" | "ftp" => !rest.trim_start_matches(['/', '\\']).is_empty(),
        _ => true,
    }
}

/// A remote agent's own fields.
fn remote_fields(
    read: &Read,
    props: &[(String, &Node, &Node)],
    branch: Branch,
    at: &Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let view = read.view();
    let get = |k: &str| {
        props
            .iter()
            .find(|(key, _, _)| key == k)
            .map(|(_, kn, v)| (*kn, *v))
    };
    match branch {
        Branch::RemoteUrl => {
            match get("agent_card_url") {
                None => out.push(Diagnostic::new(
                    &r::GEMINI_VALUE_INVALID,
                    at.clone(),
                    "A remote agent needs `agent_card_url` (or `agent_card_json`): Gemini CLI refuses it (`agent_card_url: Required`).",
                )),
                Some((k, v)) => {
                    let ok = view.as_str(v).is_some_and(is_url);
                    if !ok {
                        out.push(Diagnostic::new(
                            &r::GEMINI_VALUE_INVALID,
                            at_value(v, k),
                            "`agent_card_url` must be a URL: Gemini CLI refuses this remote agent (`Invalid url`).",
                        ));
                    }
                }
            }
            if let Some((k, _)) = get("agent_card_json") {
                out.push(Diagnostic::new(
                    &r::GEMINI_VALUE_INVALID,
                    k.span.clone(),
                    "A remote agent takes `agent_card_url` or `agent_card_json`, not both: Gemini CLI refuses it. Keep one.",
                ));
            }
        }
        Branch::RemoteJson => {
            match get("agent_card_json") {
                None => out.push(Diagnostic::new(
                    &r::GEMINI_VALUE_INVALID,
                    at.clone(),
                    "A remote agent needs `agent_card_json` (or `agent_card_url`): Gemini CLI refuses it (`agent_card_json: Required`).",
                )),
                Some((k, v)) => {
                    let ok = view.as_str(v).is_some_and(|s| {
                        read.js(v) == Js::String && serde_json::from_str::<serde_json::Value>(s).is_ok()
                    });
                    if !ok {
                        out.push(Diagnostic::new(
                            &r::GEMINI_VALUE_INVALID,
                            at_value(v, k),
                            "`agent_card_json` must be a string of valid JSON (quote it, or use a block scalar): Gemini CLI refuses this remote agent (`agent_card_json must be valid JSON`).",
                        ));
                    }
                }
            }
            if let Some((k, _)) = get("agent_card_url") {
                out.push(Diagnostic::new(
                    &r::GEMINI_VALUE_INVALID,
                    k.span.clone(),
                    "A remote agent takes `agent_card_json` or `agent_card_url`, not both: Gemini CLI refuses it. Keep one.",
                ));
            }
        }
        Branch::Local => {}
    }
    if let Some((k, v)) = get("auth") {
        auth(read, v, &k.span, out);
    }
}

/// A remote agent's `auth` (`authConfigSchema`).
fn auth(read: &Read, v: &Node, at: &Range<usize>, out: &mut Vec<Diagnostic>) {
    let view = read.view();
    let node = view.resolve(v);
    let range = if node.span.is_empty() {
        at.clone()
    } else {
        node.span.clone()
    };
    if !matches!(node.kind, NodeKind::Map(_)) {
        out.push(Diagnostic::new(
            &r::GEMINI_VALUE_INVALID,
            range,
            "`auth` must be a mapping with a `type` (`apiKey`, `http`, `google-credentials`, `oauth`): Gemini CLI refuses this remote agent.",
        ));
        return;
    }
    let s = |k: &str| {
        view.get(node, k)
            .map(|n| (read.js(n), view.as_str(n).unwrap_or_default()))
    };
    let needs = |k: &str| -> Option<String> {
        match s(k) {
            Some((Js::String, t)) if !t.is_empty() => None,
            Some(_) => Some(format!("`{k}` must be non-empty text")),
            None => Some(format!("`{k}` is required")),
        }
    };
    let optional = |k: &str| -> Option<String> {
        match s(k) {
            None => None,
            Some((Js::String, t)) if !t.is_empty() => None,
            Some(_) => Some(format!("`{k}` must be non-empty text")),
        }
    };
    let problem = match s("type").map(|(_, t)| t) {
        Some("apiKey") => needs("key").or_else(|| match s("name") {
            Some((Js::String, _)) | None => None,
            Some(_) => Some("`name` must be text".to_owned()),
        }),
        Some("http") => needs("scheme")
            .or_else(|| optional("token"))
            .or_else(|| optional("username"))
            .or_else(|| optional("password"))
            .or_else(|| optional("value"))
            .or_else(|| {
                if s("value").is_some() {
                    return None;
                }
                match s("scheme").map(|(_, t)| t) {
                    Some("Bearer") => s("token")
                        .is_none()
                        .then(|| "the `Bearer` scheme requires `token`".to_owned()),
                    Some("Basic") => {
                        (s("username").is_none() || s("password").is_none()).then(|| {
                            "the `Basic` scheme requires `username` and `password`".to_owned()
                        })
                    }
                    Some(other) => Some(format!("the scheme `{other}` requires `value`")),
                    None => None,
                }
            }),
        Some("google-credentials" | "oauth") => None,
        Some(other) => Some(format!(
            "`type` `{other}` is not one of `apiKey`, `http`, `google-credentials`, `oauth`"
        )),
        None => {
            Some("`type` is required (`apiKey`, `http`, `google-credentials`, `oauth`)".to_owned())
        }
    };
    if let Some(p) = problem {
        out.push(Diagnostic::new(
            &r::GEMINI_VALUE_INVALID,
            range,
            format!("In `auth`, {p}: Gemini CLI refuses this remote agent."),
        ));
    }
}

/// Warnings and hints on a local agent that loads.
fn local_warnings(ctx: &mut Ctx<'_>, block: &Block, read: &Read, root: &Node) {
    let view = read.view();
    if let Some(d) = view.get(root, "description")
        && let Some(s) = view.as_str(d)
        && !s.is_empty()
        && s.trim().is_empty()
    {
        ctx.push(Diagnostic::new(
            &r::GEMINI_DESCRIPTION_BLANK,
            d.span.clone(),
            "The description is blank: Gemini CLI loads the agent and lists it to the model with an empty description, so the model has nothing to delegate by. Say what the agent does.",
        ));
    }
    let text = ctx.text;
    if block.body && text[block.located.body_start..].trim().is_empty() {
        ctx.push(Diagnostic::new(
            &r::GEMINI_PROMPT_EMPTY,
            block.located.close.clone(),
            "Nothing follows the frontmatter: the body is the agent's system prompt, and Gemini CLI runs it with an empty one. Describe its role and how it should work.",
        ));
    }
}

/// The agents a file defines as Gemini CLI loads them (none when it refuses
/// the file), from its text alone.
#[must_use]
pub fn agents(text: &str) -> Vec<Agent> {
    let Some(block) = locate(text) else {
        return Vec::new();
    };
    let Ok(read) = jsyaml::read(text, &block.located) else {
        return Vec::new();
    };
    let v = verdict(text, &block, &read);
    if v.issues.is_empty() {
        v.agents
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_as_gemini_finds_it() {
        let b = locate("---\nname: a\n---\nBody").expect("block");
        assert_eq!(b.located.content, 4..11);
        assert!(b.body);
        let t = "---\r\nname: a\r\n---\r\nBody";
        let b = locate(t).expect("block");
        assert_eq!(&t[b.located.content.clone()], "name: a");
        assert_eq!(&t[b.located.body_start..], "Body");
        let t = "---\nname: a\n---trailing\nBody";
        let b = locate(t).expect("block");
        assert!(!b.body);
        let t = "---\ndescription: a --- b\n---\n";
        let b = locate(t).expect("block");
        assert_eq!(&t[b.located.content.clone()], "description: a --- b");
        assert!(locate("\u{feff}---\nname: a\n---\n").is_none());
        assert!(locate("---\n---\nBody\n").is_none());
        assert!(locate("---\nname: a\n").is_none());
        assert!(locate(" ---\nname: a\n---\n").is_none());
        let t = "---\n\n---\n";
        assert_eq!(locate(t).map(|b| b.located.content), Some(4..4));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Code Reviewer"), "code-reviewer");
        assert_eq!(slug("a:b"), "a-b");
        assert_eq!(slug("日本語"), "");
        assert!(is_slug("-leading"));
        assert!(!is_slug("a.b"));
    }

    #[test]
    fn urls() {
        assert!(is_url("https://example.com/card.json"));
        assert!(is_url("http://127.0.0.1:9/"));
        assert!(!is_url("not a url"));
        assert!(!is_url("https://"));
        assert!(!is_url("example.com"));
    }
}
