//! The line Claude Code puts in front of the model for a skill or command,
//! in the Skill tool's list: `- name: description[ - when_to_use]`.

use super::rules::{body_fallback, read_bool, shown};
use crate::frontmatter::{Frontmatter, Node, NodeKind, ScalarValue};

/// The longest description (with `when_to_use`) the listing shows, in
/// UTF-16 units; longer ones are cut to one less and `…`.
const MAX_DESCRIPTION: usize = 1536;

/// A scalar as JavaScript's `String(v)` reads it (`None` for null, lists
/// and mappings).
fn text_of(node: &Node) -> Option<&str> {
    match &node.kind {
        NodeKind::Scalar(s) if s.value != ScalarValue::Null => Some(&s.text),
        _ => None,
    }
}

/// The listing line of a skill (`command` false) or command named `name`
/// (its folder, or its path as `a:b`), from its text and, when it could be
/// read, its frontmatter. `None` when the model is not told about it
/// (`disable-model-invocation`, or, for a skill, `paths` that make it
/// conditional; a command is listed whatever its `paths`).
#[must_use]
pub fn line(text: &str, fm: Option<&Frontmatter>, name: &str, command: bool) -> Option<String> {
    let default = if command { "Custom command" } else { "Skill" };
    let body = fm.map_or(text, |fm| &text[fm.located.body_start.min(text.len())..]);
    let get = |key: &str| fm.and_then(|fm| fm.get(key));
    if get("disable-model-invocation").and_then(read_bool) == Some(true) {
        return None;
    }
    if !command
        && let Some(paths) = get("paths")
        && conditional(paths)
    {
        return None;
    }
    let description = get("description")
        .and_then(text_of)
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map_or_else(|| body_fallback(body, default), str::to_owned);
    let mut shown_text = shown(&description);
    if let Some(when) = get("when_to_use").and_then(|n| match &n.kind {
        NodeKind::Seq(items) => Some(
            items
                .iter()
                .filter_map(text_of)
                .collect::<Vec<_>>()
                .join(","),
        ),
        _ => text_of(n).map(str::to_owned),
    }) {
        shown_text = format!("{shown_text} - {}", shown(&when));
    }
    let units: Vec<u16> = shown_text.encode_utf16().collect();
    if units.len() > MAX_DESCRIPTION {
        shown_text = format!(
            "{}…",
            String::from_utf16_lossy(&units[..MAX_DESCRIPTION - 1])
        );
    }
    let display = if command {
        None
    } else {
        get("name").and_then(text_of).filter(|d| {
            !d.is_empty()
                && *d != name
                && !name.ends_with(&format!(":{d}"))
                && d.encode_utf16().count() <= 256
                && d.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '.' | '-'))
        })
    };
    Some(match display {
        Some(d) => format!("- {name} ({d}): {shown_text}"),
        None => format!("- {name}: {shown_text}"),
    })
}

/// Whether `paths` makes a skill conditional: at least one glob left once
/// a trailing `/**` is dropped, and not every one `**`.
fn conditional(paths: &Node) -> bool {
    let globs: Vec<String> = match &paths.kind {
        NodeKind::Seq(items) => items
            .iter()
            .filter_map(|i| i.as_str())
            .map(str::to_owned)
            .collect(),
        NodeKind::Scalar(s) if s.value == ScalarValue::Str => {
            s.text.split(',').map(str::to_owned).collect()
        }
        _ => Vec::new(),
    };
    let kept: Vec<String> = globs
        .iter()
        .map(|g| {
            let g = g.trim();
            g.strip_suffix("/**").unwrap_or(g).to_owned()
        })
        .filter(|g| !g.is_empty())
        .collect();
    !kept.is_empty() && !kept.iter().all(|g| g == "**")
}
