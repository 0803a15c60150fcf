//! Hover documentation for frontmatter keys and values.

use std::ops::Range;

use crate::formats::claude_agent::catalog as cat;
use crate::formats::claude_agent::tools as tool_cat;
use crate::frontmatter::tolerant::{self, Tolerant};
use crate::frontmatter::{Node, NodeKind, ScalarValue};

use super::{FileKind, tool_list};
use crate::formats::catalog::FieldType;

/// What to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// The bytes the hover is about.
    pub range: Range<usize>,
    /// Markdown.
    pub markdown: String,
}

/// The hover at byte `offset`, if it is on a frontmatter key or value.
///
/// It reads the frontmatter as far as it can ([`tolerant::read`]): while a
/// key is half typed or the closing `---` is missing, the entries that are
/// intact still have their hovers.
#[must_use]
pub fn hover(text: &str, offset: usize, kind: FileKind) -> Option<Hover> {
    hover_in(text, offset, kind, None)
}

/// [`hover`], knowing the name the file's path gives it
/// ([`crate::formats::path_name`]), for what the model sees of a file named
/// by its path (a skill, a command).
#[must_use]
pub fn hover_in(
    text: &str,
    offset: usize,
    kind: FileKind,
    file_stem: Option<&str>,
) -> Option<Hover> {
    let fm = tolerant::read(text)?;
    let content = &fm.located.content;
    if !(content.start..=content.end).contains(&offset) {
        return None;
    }
    if let Some(h) = block_header_hover(text, &fm, offset) {
        return Some(h);
    }
    let entry = fm.entries.iter().find(|e| {
        let value = e.value.span.clone();
        e.key.span.contains(&offset)
            || (value.start <= offset && offset <= value.end && !value.is_empty())
    })?;
    let key = entry.key.as_str().unwrap_or_default();
    if entry.key.span.contains(&offset) {
        return Some(Hover {
            range: entry.key.span.clone(),
            markdown: key_doc(key, kind),
        });
    }
    value_hover(text, &fm, key, &entry.value, offset, (kind, file_stem))
}

/// A key's documentation: the catalog's text (what it does, its values,
/// its default, what Claude Code does with a bad value), the documented
/// values one by one, what applies to this kind of file, and the link.
fn key_doc(key: &str, kind: FileKind) -> String {
    let plugin = kind == FileKind::ClaudePluginAgent;
    let format = crate::formats::format(kind);
    let Some(field) = crate::formats::catalog::field(format.fields, key) else {
        return (format.unknown_key)(key);
    };
    let mut s = field.doc.to_owned();
    if let Some(values) = (format.values)(key) {
        s.push_str("\n\nThe values:\n\n");
        for v in values {
            s.push_str(&format!("- `{}`: {}\n", v.name, v.doc));
        }
        s.truncate(s.trim_end().len());
    }
    if format.ignored_fields.contains(&key) {
        s.push_str(&format!(
            "\n\n**Ignored here:** {} ignores this field in {}.",
            format.tool,
            if plugin {
                "plugin agents".to_owned()
            } else {
                format!("a {}", format.noun)
            }
        ));
    }
    if plugin && key == "isolation" {
        s.push_str("\n\n**In a plugin agent:** only `worktree` is accepted.");
    }
    if !field.documented {
        s.push_str("\n\n*Recognised by Claude Code's loader but not in its documentation.*");
    }
    s.push_str("\n\n");
    s.push_str(&field.docs.markdown());
    s
}

/// The type of `key` in `kind`'s catalog.
fn field_type(kind: FileKind, key: &str) -> Option<FieldType> {
    crate::formats::catalog::field(crate::formats::format(kind).fields, key).map(|f| f.ty)
}

fn value_hover(
    text: &str,
    fm: &Tolerant,
    key: &str,
    node: &Node,
    offset: usize,
    (kind, file_stem): (FileKind, Option<&str>),
) -> Option<Hover> {
    let range = node.span.clone();
    let scalar = node.scalar();
    let value = scalar.map(|s| s.text.trim()).unwrap_or_default();
    let markdown = match key {
        "name" => {
            let format = crate::formats::format(kind);
            let mut s = (format.about_name)(value);
            if let Some((_, line)) = super::roster(text, kind, file_stem) {
                s.push_str(&format!(
                    "\n\n**What the model sees**: {} shows the {} as\n\n```text\n{line}\n```",
                    format.tool, format.noun
                ));
            }
            s
        }
        "description" if crate::formats::format(kind).examples => {
            return description_hover(text, fm, offset);
        }
        "model" if field_type(kind, key) == Some(FieldType::Model) => model_doc(value),
        "color"
            if field_type(kind, key).is_some()
                && (crate::formats::format(kind).values)(key).is_none() =>
        {
            match cat::COLORS.iter().find(|c| c.name == value) {
                Some(c) => format!("**{}**: {}", c.name, c.doc),
                None => format!(
                    "`{value}` is not a color Claude Code knows: it drops it silently. Colors: {}.",
                    cat::COLORS
                        .iter()
                        .map(|c| c.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        _ if field_type(kind, key) == Some(FieldType::ToolList) => {
            return tool_hover(text, key, node, offset);
        }
        _ => {
            let values = (crate::formats::format(kind).values)(key)?;
            // In a list, the item under the cursor.
            if let NodeKind::Seq(items) = &node.kind {
                let item = items
                    .iter()
                    .find(|i| i.span.start <= offset && offset <= i.span.end)?;
                let name = item.scalar()?.text.trim();
                let v = values.iter().find(|v| v.name == name)?;
                return Some(Hover {
                    range: item.span.clone(),
                    markdown: format!("**{}**: {}", v.name, v.doc),
                });
            }
            let v = values.iter().find(|v| v.name == value)?;
            format!("**{}**: {}", v.name, v.doc)
        }
    };
    Some(Hover { range, markdown })
}

/// On an example: that example as a conversation, over its own source
/// range. Elsewhere on the description: the whole preview.
fn description_hover(text: &str, fm: &Tolerant, offset: usize) -> Option<Hover> {
    let ex = super::examples::parse(super::examples::description_in(
        text,
        fm.located.content.end,
        &fm.entries,
        &fm.quoted,
    )?);
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
        markdown: whole_preview(fm, &ex),
    })
}

/// On the header of a block-scalar description (`|-`, `>`…), which is
/// neither its key nor its value: the whole preview.
fn block_header_hover(text: &str, fm: &Tolerant, offset: usize) -> Option<Hover> {
    let entry = fm
        .entries
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
    let ex = super::examples::parse(super::examples::description_in(
        text,
        fm.located.content.end,
        &fm.entries,
        &fm.quoted,
    )?);
    Some(Hover {
        range: start..end,
        markdown: whole_preview(fm, &ex),
    })
}

/// The whole description rendered, under the agent's name, cut to a size
/// an editor can show.
fn whole_preview(fm: &Tolerant, ex: &super::examples::Examples) -> String {
    let name = fm
        .get("name")
        .and_then(Node::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let mut markdown = super::examples::render(ex, name);
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
    let doc = if let Some(m) = cat::MODEL_ALIASES
        .iter()
        .find(|m| m.name.eq_ignore_ascii_case(value))
    {
        format!("**{}** (model alias): {}", m.name, m.doc)
    } else if let Some(m) = cat::MODEL_IDS.iter().find(|m| m.name == value) {
        format!("**{}**: {}", m.name, m.doc)
    } else if cat::is_plausible_model_id(value) {
        format!("**{value}**: a full model id, passed to the API as is.")
    } else {
        format!(
            "`{value}` is neither a model alias nor a Claude model id. Claude Code passes it on unchecked, so a typo only shows when the agent runs."
        )
    };
    format!("{doc}\n\n{}", cat::MODEL_DOCS.markdown())
}

/// The tool entry under the cursor and its documentation.
fn tool_hover(text: &str, key: &str, node: &Node, offset: usize) -> Option<Hover> {
    let (entry, range) = match &node.kind {
        NodeKind::Seq(items) => {
            let item = items
                .iter()
                .find(|i| i.span.start <= offset && offset <= i.span.end)?;
            (item.as_str()?.trim().to_owned(), item.span.clone())
        }
        NodeKind::Scalar(s) if s.value == ScalarValue::Str => {
            let src = text.get(node.span.clone())?;
            let base = if src == &*s.text {
                node.span.start
            } else if src.get(1..src.len().saturating_sub(1)) == Some(s.text.as_ref()) {
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
        markdown: tool_doc(&entry, key),
    })
}

/// A tool entry's documentation, in `key` (`tools` or `disallowedTools`).
fn tool_doc(entry: &str, key: &str) -> String {
    let deny = key == "disallowedTools";
    if entry == "*" {
        return "**\\***: every tool.".to_owned();
    }
    if let Some(rest) = entry.strip_prefix("mcp__") {
        let mut parts = rest.splitn(2, "__");
        let server = parts.next().unwrap_or_default();
        let doc = match parts.next() {
            _ if rest == "*" && deny => {
                "`mcp__*`: every MCP tool, of every server: `disallowedTools` removes them all."
                    .to_owned()
            }
            _ if rest == "*" => "`mcp__*` only works in `disallowedTools` (every MCP tool): in `tools` Claude Code skips this unanchored pattern, so it grants nothing. Name the server: `mcp__server__*`.".to_owned(),
            None | Some("*") => format!("`{entry}`: every tool of the MCP server `{server}`."),
            Some(tool) => format!("`{entry}`: the tool `{tool}` of the MCP server `{server}`."),
        };
        return format!("{doc}\n\n{}", cat::MCP_DOCS.markdown());
    }
    let (name, rule) = match entry.find('(') {
        Some(i) => (&entry[..i], Some(entry[i + 1..].trim_end_matches(')'))),
        None => (entry, None),
    };
    let rule = rule.map_or(String::new(), |r| {
        format!(
            "\n\nLimited by the rule `{r}`.\n\n{}",
            cat::RULES_DOCS.markdown()
        )
    });
    let link = cat::TOOLS_DOCS.markdown();
    if let Some(t) = tool_cat::find(name) {
        return format!("**{}**: {}{rule}\n\n{link}", t.name, t.doc);
    }
    if let Some(new) = tool_cat::renamed(name) {
        let doc = tool_cat::find(new).map_or("", |t| t.doc);
        return format!(
            "**{name}** was renamed to **{new}**; Claude Code still maps the old name.\n\n**{new}**: {doc}{rule}\n\n{link}"
        );
    }
    if let Some(advice) = tool_cat::removed(name) {
        return format!(
            "**{name}** no longer exists in Claude Code, so listing it grants nothing.{}\n\n{link}",
            sentence(advice)
        );
    }
    format!("`{name}` is not a tool Claude Code knows.\n\n{link}")
}

/// A clause of the catalog (``use `Edit` ``) as a sentence after another
/// one: a leading space, a capital, a final period; nothing if empty.
fn sentence(clause: &str) -> String {
    let mut chars = clause.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let end = if clause.ends_with('.') { "" } else { "." };
    format!(" {}{}{end}", first.to_uppercase(), chars.as_str())
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
        assert!(md.contains("read-only"));
        assert_eq!(
            at("---\nallowed-tools: R$0ead\n---\n"),
            None,
            "an unknown key's value has nothing to say"
        );
        let (_, md) = at("---\nallowed-to$0ols: Read\n---\n").expect("hover");
        assert!(md.contains("Did you mean `tools`?"));
    }

    /// A key's hover has the catalog's sections, the documented values,
    /// what applies to a plugin agent, and a link.
    #[test]
    fn key_hovers_have_every_section() {
        for f in cat::FIELDS {
            let text = format!("---\n{}: x\n---\n", f.name);
            let h = hover(&text, 5, FileKind::ClaudeAgent).expect(f.name);
            assert_eq!(h.range, 4..4 + f.name.len());
            for section in ["**Values:**", "**Default:**", "**If invalid:**"] {
                assert!(h.markdown.contains(section), "{}: {}", f.name, h.markdown);
            }
            assert!(
                h.markdown.ends_with(&format!(
                    "[Claude Code docs: {}]({})",
                    f.docs.title, f.docs.url
                )),
                "{}",
                h.markdown
            );
        }
        let (_, md) = at("---\nmem$0ory: user\n---\n").expect("hover");
        assert!(
            md.contains("- `project`: In `.claude/agent-memory/NAME/`"),
            "{md}"
        );
        let (_, md) = at("---\nobser$0ver: x\n---\n").expect("hover");
        assert!(md.contains("not in its documentation"), "{md}");
        let plugin = |fixture: &str| {
            let offset = fixture.find("$0").expect("cursor");
            let text = fixture.replace("$0", "");
            hover(&text, offset, FileKind::ClaudePluginAgent).map(|h| h.markdown)
        };
        let md = plugin("---\nho$0oks: {}\n---\n").expect("hover");
        assert!(md.contains("**Ignored here:**"), "{md}");
        let md = plugin("---\niso$0lation: worktree\n---\n").expect("hover");
        assert!(md.contains("only `worktree`"), "{md}");
        let md = plugin("---\nwhen_to$0_use: x\n---\n").expect("hover");
        assert!(md.contains("read it as the description"), "{md}");
    }

    #[test]
    fn unknown_keys_say_what_claude_code_says() {
        let (_, md) = at("---\nfork$0Context: true\n---\n").expect("hover");
        assert!(md.contains("ignored since"), "{md}");
        let (_, md) = at("---\nPreTool$0Use: []\n---\n").expect("hover");
        assert!(md.contains("refuse the agent"), "{md}");
        let (_, md) = at("---\nPostTool$0Use: []\n---\n").expect("hover");
        assert!(md.contains("belong under `hooks:`"), "{md}");
    }

    #[test]
    fn mcp_wildcards_removed_tools_and_models() {
        let (range, md) = at("---\ndisallowedTools: mcp_$0_*\n---\n").expect("hover");
        assert_eq!(range, "mcp__*");
        assert!(
            md.starts_with("`mcp__*`: every MCP tool, of every server"),
            "{md}"
        );
        assert!(!md.contains("MCP server `*`"), "{md}");
        let (_, md) = at("---\ntools: mcp_$0_*\n---\n").expect("hover");
        assert!(md.contains("grants nothing"), "{md}");
        let (_, md) = at("---\ntools: mcp__gh$0__*\n---\n").expect("hover");
        assert!(
            md.starts_with("`mcp__gh__*`: every tool of the MCP server `gh`."),
            "{md}"
        );
        let (_, md) = at("---\ntools: Multi$0Edit\n---\n").expect("hover");
        assert!(
            md.starts_with("**MultiEdit** no longer exists in Claude Code, so listing it grants nothing. Use `Edit`, which now makes several edits at once.\n"),
            "{md}"
        );
        let (_, md) = at("---\ntools: Tea$0mCreate\n---\n").expect("hover");
        assert!(
            md.starts_with(
                "**TeamCreate** no longer exists in Claude Code, so listing it grants nothing.\n"
            ),
            "{md}"
        );
        let (_, md) = at("---\nmodel: fa$0ble\n---\n").expect("hover");
        assert!(md.contains("hardest and longest-running tasks"), "{md}");
        assert!(!md.contains("as listed in"), "{md}");
        assert!(md.contains("#choose-a-model"), "{md}");
    }

    /// While a key is half typed, or before the closing `---`, the intact
    /// entries keep their hovers (keys, values, the description), with the
    /// same ranges.
    #[test]
    fn broken_yaml_keeps_the_intact_entries() {
        // (A `: ` in an unquoted description would make Claude Code's retry
        // quote every value with a ` #`, the color's comment included.)
        for tail in ["mo\n---\nBody\n", "mo\n", "", "model: \"so"] {
            let plain = format!(
                "---\nname: rev\ndescription: 'Use it.\\n<example>\\nuser: hi\\n</example>'\ncolor: 'cyan' # c\ntools: Read, Grep\n{tail}"
            );
            let on = |from: &str, to: &str| at(&plain.replacen(from, to, 1));
            let (range, md) = on("name", "na$0me").expect("key hover");
            assert_eq!(range, "name", "{tail:?}");
            assert!(md.contains("**Default:**"), "{md}");
            let (range, md) = on("Grep", "Gr$0ep").expect("tool hover");
            assert_eq!(range, "Grep", "{tail:?}");
            assert!(md.starts_with("**Grep**"), "{md}");
            let (range, md) = on("user: hi", "user: h$0i").expect("example");
            assert_eq!(range, "<example>\\nuser: hi\\n</example>", "{tail:?}");
            assert!(md.starts_with("#### Example 1"), "{md}");
            let (range, md) = on("Use it.", "U$0se it.").expect("preview");
            assert!(range.starts_with("'Use it."), "{tail:?}");
            assert!(md.starts_with("### rev\n"), "{md}");
            let (range, md) = on("'cyan' # c", "'cy$0an' # c").expect("color");
            assert_eq!(range, "'cyan'", "{tail:?}");
            assert!(md.starts_with("**cyan**"), "{md}");
            assert_eq!(on("'cyan' # c", "'cyan' # $0c"), None, "on the comment");
        }
        // A half-typed key has no hover of its own.
        assert_eq!(at("---\nname: a\nm$0o\n---\n"), None);
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
