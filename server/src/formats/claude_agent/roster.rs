//! The line Claude Code puts in front of the model for an agent, in the
//! Agent tool's list of agent types:
//! `- NAME: DESCRIPTION (Tools: TOOLS)`.
//!
//! The description is read as the loader reads it (every literal `\n`
//! becomes a line break); the tools are `tools` minus `disallowedTools`
//! (`None` when nothing is left), `All tools except …` with only
//! `disallowedTools`, and `All tools` without either or with `*`.

use crate::analysis::tool_list;
use crate::frontmatter::{Frontmatter, Node, unescape_description};

/// The roster line, or `None` when the frontmatter has no usable name and
/// description (the loader then lists nothing). `fallback_name` is the name
/// used without a `name` field (a plugin agent's file name).
#[must_use]
pub fn line(fm: &Frontmatter, fallback_name: Option<&str>) -> Option<String> {
    let name = fm
        .get("name")
        .and_then(Node::as_str)
        .or(fallback_name)?
        .to_owned();
    let description = fm.get("description").and_then(Node::as_str)?;
    if name.is_empty() || description.is_empty() {
        return None;
    }
    let tools = names(fm.get("tools"));
    let disallowed = names(fm.get("disallowedTools"));
    let shown = match (tools, disallowed) {
        (Some(t), Some(d)) if !t.is_empty() && !d.is_empty() => {
            let left: Vec<String> = t.into_iter().filter(|x| !d.contains(x)).collect();
            if left.is_empty() {
                "None".to_owned()
            } else {
                left.join(", ")
            }
        }
        (Some(t), _) if !t.is_empty() => t.join(", "),
        (_, Some(d)) if !d.is_empty() => format!("All tools except {}", d.join(", ")),
        _ => "All tools".to_owned(),
    };
    Some(format!(
        "- {name}: {} (Tools: {shown})",
        unescape_description(description)
    ))
}

/// The entries of a tool list as the loader splits them (`None` for no
/// list, or one holding `*`: every tool).
fn names(node: Option<&Node>) -> Option<Vec<String>> {
    let node = node?;
    let texts: Vec<&str> = match &node.kind {
        crate::frontmatter::NodeKind::Seq(items) => items.iter().filter_map(Node::as_str).collect(),
        _ => node.as_str().into_iter().collect(),
    };
    let mut out = Vec::new();
    for t in texts {
        for r in tool_list::split(t) {
            out.push(t[r].trim().to_owned());
        }
    }
    out.retain(|s| !s.is_empty());
    (!out.iter().any(|s| s == "*")).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::{Locate, locate, parse};

    fn roster(text: &str) -> Option<String> {
        let Locate::Found(l) = locate(text) else {
            return None;
        };
        line(&parse(text, &l), None)
    }

    #[test]
    fn lines_as_claude_code_writes_them() {
        let fm = |rest: &str| {
            format!("---\nname: rev\ndescription: Reviews code\\nwell\n{rest}---\nBody\n")
        };
        assert_eq!(
            roster(&fm("")).as_deref(),
            Some("- rev: Reviews code\nwell (Tools: All tools)")
        );
        assert_eq!(
            roster(&fm("tools: Read, Grep\n")).as_deref(),
            Some("- rev: Reviews code\nwell (Tools: Read, Grep)")
        );
        assert_eq!(
            roster(&fm("tools: [Read, '*']\n")).as_deref(),
            Some("- rev: Reviews code\nwell (Tools: All tools)")
        );
        assert_eq!(
            roster(&fm("tools: Read, Grep\ndisallowedTools: Grep\n")).as_deref(),
            Some("- rev: Reviews code\nwell (Tools: Read)")
        );
        assert_eq!(
            roster(&fm("tools: Read\ndisallowedTools: Read\n")).as_deref(),
            Some("- rev: Reviews code\nwell (Tools: None)")
        );
        assert_eq!(
            roster(&fm("disallowedTools: [Write, Edit]\n")).as_deref(),
            Some("- rev: Reviews code\nwell (Tools: All tools except Write, Edit)")
        );
        assert_eq!(
            roster(&fm("tools: read, grep\n")).as_deref(),
            Some("- rev: Reviews code\nwell (Tools: read, grep)")
        );
        assert_eq!(roster("---\nname: x\n---\nBody\n"), None);
    }
}
