//! Splitting a `tools:` string the way Claude Code does: entries are
//! separated by commas or whitespace, except inside parentheses
//! (`Bash(git add *), Agent(a, b)` is two entries).

use std::ops::Range;

/// The tool an entry names: `Bash` for `Bash(git *)`.
#[must_use]
pub fn tool_name(entry: &str) -> &str {
    entry.split_once('(').map_or(entry, |(name, _)| name).trim()
}

/// Splits `text` into entries; each range is in bytes of `text`.
#[must_use]
pub fn split(text: &str) -> Vec<Range<usize>> {
    split_by(text, |c| c == ',' || c.is_whitespace())
}

/// Splits `text` into entries at the characters `separator` accepts,
/// except inside parentheses; each range is in bytes of `text`.
#[must_use]
pub fn split_by(text: &str, separator: impl Fn(char) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if depth == 0 && separator(c) {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
            continue;
        }
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        start.get_or_insert(i);
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(t: &str) -> Vec<&str> {
        split(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn commas_spaces_and_parentheses() {
        assert_eq!(parts("Read, Grep,Glob"), ["Read", "Grep", "Glob"]);
        assert_eq!(
            parts("Read Grep  Bash(git add *)"),
            ["Read", "Grep", "Bash(git add *)"]
        );
        assert_eq!(
            parts("Agent(a, b), mcp__gh__*"),
            ["Agent(a, b)", "mcp__gh__*"]
        );
        assert!(parts("  ,  ").is_empty());
    }
}
