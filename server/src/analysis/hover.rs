//! Hover documentation for frontmatter keys and values.

use std::ops::Range;

use crate::catalog::claude_agent as cat;
use crate::catalog::tools as tool_cat;
use crate::frontmatter::{self, Locate, Node, NodeKind, ScalarValue};

use super::{FileKind, tool_list};

/// What to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// The bytes the hover is about.
    pub range: Range<usize>,
    /// Markdown.
    pub markdown: String,
}

fn docs_link() -> String {
    format!("\n\n[Claude Code docs: sub-agents]({})", cat::DOCS_URL)
}

/// The hover at byte `offset`, if it is on a frontmatter key or value.
#[must_use]
pub fn hover(text: &str, offset: usize, kind: FileKind) -> Option<Hover> {
    let Locate::Found(located) = frontmatter::locate(text) else {
        return None;
    };
    if !(located.content.start..=located.content.end).contains(&offset) {
        return None;
    }
    let fm = frontmatter::parse(text, &located);
    if let Some(h) = block_header_hover(text, &fm, offset) {
        return Some(h);
    }
    let entry = fm.entries().iter().find(|e| {
        e.key.span.contains(&offset)
            || (e.value.span.start <= offset
                && offset <= e.value.span.end
                && !e.value.span.is_empty())
    })?;
    let key = entry.key.as_str().unwrap_or_default();
    if entry.key.span.contains(&offset) {
        return Some(Hover {
            range: entry.key.span.clone(),
            markdown: key_doc(key, kind),
        });
    }
    value_hover(text, key, &entry.value, offset)
}

fn key_doc(key: &str, kind: FileKind) -> String {
    let Some(field) = crate::catalog::field(cat::FIELDS, key) else {
        let mut s = format!("**{key}**: not a key Claude Code recognises; it ignores it.");
        if let Some(hint) = cat::unknown_key_hint(key) {
            s.push_str(&format!(" Did you mean `{hint}`?"));
        }
        return s;
    };
    let mut s = field.doc.to_owned();
    if let Some(values) = cat::enum_values(key) {
        s.push_str("\n\n");
        for v in values {
            s.push_str(&format!("- `{}`: {}\n", v.name, v.doc));
        }
    }
    if kind == FileKind::ClaudePluginAgent && cat::PLUGIN_IGNORED_FIELDS.contains(&key) {
        s.push_str("\n\n**Ignored here:** plugin agents cannot set this field.");
    }
    if !field.documented {
        s.push_str("\n\n*Recognised by Claude Code's loader but not in its documentation.*");
    }
    s.push_str(&docs_link());
    s
}

fn value_hover(text: &str, key: &str, node: &Node, offset: usize) -> Option<Hover> {
    let range = node.span.clone();
    let scalar = node.scalar();
    let value = scalar.map(|s| s.text.trim()).unwrap_or_default();
    let markdown = match key {
        "name" => format!(
            "**Agent `{value}`**\n\nClaude delegates to it by this name: mention `@agent-{value}` in a prompt, or Claude calls the Agent tool with `subagent_type: \"{value}\"` when the description matches the task. Run it as the main session with `claude --agent {value}`."
        ),
        "description" => return description_hover(text, offset),
        "model" => model_doc(value),
        "color" => match cat::COLORS.iter().find(|c| c.name == value) {
            Some(c) => format!("**{}**: {}", c.name, c.doc),
            None => format!(
                "`{value}` is not a color Claude Code knows: it drops it silently. Colors: {}.",
                cat::COLORS
                    .iter()
                    .map(|c| c.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        "tools" | "disallowedTools" => return tool_hover(text, node, offset),
        _ => {
            let v = cat::enum_values(key)?.iter().find(|v| v.name == value)?;
            format!("**{}**: {}", v.name, v.doc)
        }
    };
    Some(Hover { range, markdown })
}

/// On an example: that example as a conversation, over its own source
/// range. Elsewhere on the description: the whole preview.
fn description_hover(text: &str, offset: usize) -> Option<Hover> {
    let ex = super::examples::of(text)?;
    let d = &ex.description;
    let at = d.loaded_offset(offset)?;
    for (i, e) in ex.examples.iter().enumerate() {
        if e.loaded.start <= at && at < e.loaded.end.max(e.loaded.start + 1) {
            return Some(Hover {
                range: d.source(&e.loaded),
                markdown: super::examples::render_example(e, i + 1),
            });
        }
    }
    Some(Hover {
        range: d.span.clone(),
        markdown: whole_preview(text, &ex),
    })
}

/// On the header of a block-scalar description (`|-`, `>`…), which is
/// neither its key nor its value: the whole preview.
fn block_header_hover(text: &str, fm: &frontmatter::Frontmatter, offset: usize) -> Option<Hover> {
    let entry = fm
        .entries()
        .iter()
        .rev()
        .find(|e| e.key.as_str() == Some("description"))?;
    let after_key = entry.key.span.end;
    if !(after_key < offset && offset < entry.value.span.start) {
        return None;
    }
    let line_end = text[after_key..]
        .find('\n')
        .map_or(text.len(), |i| after_key + i);
    let header = text[after_key..line_end.min(entry.value.span.start)].find(['|', '>'])?;
    let start = after_key + header;
    let end = start
        + text[start..line_end]
            .find(|c: char| c.is_whitespace())
            .unwrap_or(line_end - start);
    if !(start..=end).contains(&offset) {
        return None;
    }
    let ex = super::examples::of(text)?;
    Some(Hover {
        range: start..end,
        markdown: whole_preview(text, &ex),
    })
}

/// The whole description rendered, under the agent's name, cut to a size
/// an editor can show.
fn whole_preview(text: &str, ex: &super::examples::Examples) -> String {
    let name = super::agent_name(text).map(|(n, _)| n);
    let mut markdown = super::examples::render(ex, name.as_deref());
    if markdown.len() > 20_000 {
        let cut = (0..=20_000)
            .rev()
            .find(|i| markdown.is_char_boundary(*i))
            .unwrap_or(0);
        markdown.truncate(cut);
        markdown.push_str("\n\n…");
    }
    markdown
}

fn model_doc(value: &str) -> String {
    if let Some(m) = cat::MODEL_ALIASES
        .iter()
        .find(|m| m.name.eq_ignore_ascii_case(value))
    {
        return format!("**{}** (model alias): {}", m.name, m.doc);
    }
    if let Some(m) = cat::MODEL_IDS.iter().find(|m| m.name == value) {
        return format!("**{}**: {}", m.name, m.doc);
    }
    if cat::is_plausible_model_id(value) {
        return format!("**{value}**: a full model id, passed to the API as is.");
    }
    format!("`{value}` is neither a model alias nor a Claude model id.")
}

/// The tool entry under the cursor and its documentation.
fn tool_hover(text: &str, node: &Node, offset: usize) -> Option<Hover> {
    let (entry, range) = match &node.kind {
        NodeKind::Seq(items) => {
            let item = items
                .iter()
                .find(|i| i.span.start <= offset && offset <= i.span.end)?;
            (item.as_str()?.trim().to_owned(), item.span.clone())
        }
        NodeKind::Scalar(s) if s.value == ScalarValue::Str => {
            let src = text.get(node.span.clone())?;
            let base = if src == s.text {
                node.span.start
            } else if src.get(1..src.len().saturating_sub(1)) == Some(s.text.as_str()) {
                node.span.start + 1
            } else {
                return None;
            };
            let r = tool_list::split(&s.text)
                .into_iter()
                .find(|r| base + r.start <= offset && offset <= base + r.end)?;
            (s.text[r.clone()].to_owned(), base + r.start..base + r.end)
        }
        _ => return None,
    };
    Some(Hover {
        range,
        markdown: tool_doc(&entry),
    })
}

fn tool_doc(entry: &str) -> String {
    if entry == "*" {
        return "**\\***: every tool.".to_owned();
    }
    if let Some(rest) = entry.strip_prefix("mcp__") {
        let mut parts = rest.splitn(2, "__");
        let server = parts.next().unwrap_or_default();
        return match parts.next() {
            None => format!("**MCP server `{server}`**: every tool of this server."),
            Some("*") => format!("**MCP server `{server}`**: every tool of this server."),
            Some(tool) => format!("**MCP tool `{tool}`** of the server `{server}`."),
        };
    }
    let (name, rule) = match entry.find('(') {
        Some(i) => (&entry[..i], Some(entry[i + 1..].trim_end_matches(')'))),
        None => (entry, None),
    };
    let rule = rule.map_or(String::new(), |r| format!("\n\nLimited by the rule `{r}`."));
    if let Some(t) = tool_cat::find(name) {
        return format!("**{}**: {}{rule}", t.name, t.doc);
    }
    if let Some(new) = tool_cat::renamed(name) {
        let doc = tool_cat::find(new).map_or("", |t| t.doc);
        return format!(
            "**{name}** was renamed to **{new}**; Claude Code still maps the old name.\n\n{new}: {doc}{rule}"
        );
    }
    if let Some(advice) = tool_cat::removed(name) {
        return format!("**{name}** no longer exists in Claude Code. {advice}");
    }
    format!("`{name}` is not a tool Claude Code knows.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(fixture: &str) -> Option<(String, String)> {
        let offset = fixture.find("$0").expect("cursor");
        let text = fixture.replace("$0", "");
        hover(&text, offset, FileKind::ClaudeAgent)
            .map(|h| (text[h.range.clone()].to_owned(), h.markdown))
    }

    #[test]
    fn keys_and_values() {
        let (range, md) = at("---\nna$0me: rev\ndescription: d\n---\n").expect("hover");
        assert_eq!(range, "name");
        assert!(md.contains("identity") && md.contains("docs"));
        let (range, md) = at("---\nname: r$0ev\ndescription: d\n---\n").expect("hover");
        assert_eq!(range, "rev");
        assert!(md.contains("@agent-rev"));
        let (_, md) = at("---\nmodel: so$0nnet\n---\n").expect("hover");
        assert!(md.starts_with("**sonnet** (model alias)"));
        let (_, md) = at("---\npermissionMode: pl$0an\n---\n").expect("hover");
        assert!(md.contains("Read-only"));
        assert_eq!(
            at("---\nallowed-tools: R$0ead\n---\n"),
            None,
            "an unknown key's value has nothing to say"
        );
        let (_, md) = at("---\nallowed-to$0ols: Read\n---\n").expect("hover");
        assert!(md.contains("Did you mean `tools`?"));
    }

    #[test]
    fn tools() {
        let (range, md) = at("---\ntools: Read, Ta$0sk, Bash(git *)\n---\n").expect("hover");
        assert_eq!(range, "Task");
        assert!(md.contains("renamed to **Agent**"));
        let (range, md) = at("---\ntools: Read, Bash(gi$0t *)\n---\n").expect("hover");
        assert_eq!(range, "Bash(git *)");
        assert!(md.contains("rule `git *`"));
        let (range, md) = at("---\ntools:\n  - mcp__gh__get$0_issue\n---\n").expect("hover");
        assert_eq!(range, "mcp__gh__get_issue");
        assert!(md.contains("`get_issue`"));
        let (_, md) = at("---\ntools: Multi$0Edit\n---\n").expect("hover");
        assert!(md.contains("no longer exists"));
    }

    #[test]
    fn rescued_and_escaped_descriptions() {
        let (range, md) = at("---\ndescription: Use: it$0\\nwhen\n---\n").expect("hover");
        assert_eq!(range, "Use: it\\nwhen");
        assert!(md.contains("Use: it  \nwhen"), "{md}");
    }

    #[test]
    fn examples() {
        let file = "---\nname: rev\ndescription: Lead.\\n<example>\\nuser: one\\n</example>\\n<example>\\nuser: t$0wo\\nassistant: ok\\n</example>\n---\n";
        let (range, md) = at(file).expect("hover");
        assert_eq!(range, "<example>\\nuser: two\\nassistant: ok\\n</example>");
        assert_eq!(
            md,
            "#### Example 2\n\n**user**\n> two\n\n**assistant**\n> ok\n"
        );
        let (range, md) = at(&file.replace("t$0wo", "two").replace("Le", "L$0e")).expect("hover");
        assert!(range.starts_with("Lead."));
        assert!(md.starts_with("### rev\n\nLead.\n\n#### Example 1"), "{md}");
    }

    #[test]
    fn block_header_shows_the_whole_preview() {
        let file = "---\nname: rev\ndescription: |$0-\n  Lead.\n  <example>\n  user: u\n  assistant: a\n  </example>\n---\n";
        let (range, md) = at(file).expect("hover");
        assert_eq!(range, "|-");
        assert!(md.starts_with("### rev\n\nLead.\n\n#### Example 1"), "{md}");
        // Not after the header, on its line.
        let file = "---\nname: rev\ndescription: |-  $0\n  Lead.\n---\n";
        assert_eq!(at(file), None);
    }
}
