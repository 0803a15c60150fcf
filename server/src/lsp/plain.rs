//! Markdown rendered as plain text, for clients that ask for plain text
//! (`contentFormat: ["plaintext"]`): what a reader would see of the
//! Markdown, without its markup.
//!
//! It covers what the hovers and completion documentation use, and the
//! Markdown people write in descriptions: headings lose their `#`s, block
//! quotes become indentation, `*`/`_` emphasis and `` ` `` code marks go
//! (the text inside a code span is kept exactly), backslash escapes give
//! their character, links read `text (address)`, and fenced code keeps its
//! lines without the fences. A `*` or `_` that does not emphasise anything
//! (`5 * 3`, `snake_case`, an unclosed `*`) stays.

/// `markdown` as plain text.
#[must_use]
pub fn plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut fence: Option<&str> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) && trimmed.trim_start_matches(marker).trim().is_empty() {
                fence = None;
            } else {
                out.push_str(line);
                out.push('\n');
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        let (prefix, rest) = block(line);
        out.push_str(&prefix);
        out.push_str(&inline(rest));
        out.truncate(out.trim_end_matches([' ', '\t']).len());
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// A line's block markup turned into indentation: `> ` quotes (two spaces
/// per level), an ATX heading's `#`s, a `*`/`+` bullet (as `- `). Returns
/// the indentation and the rest of the line.
fn block(line: &str) -> (String, &str) {
    let mut prefix = String::new();
    let mut rest = line;
    loop {
        let t = rest.trim_start_matches(' ');
        let Some(after) = t.strip_prefix('>') else {
            break;
        };
        prefix.push_str("  ");
        rest = after.strip_prefix(' ').unwrap_or(after);
    }
    let indent = rest.len() - rest.trim_start_matches(' ').len();
    let t = &rest[indent..];
    let hashes = t.bytes().take_while(|b| *b == b'#').count();
    if (1..=6).contains(&hashes) && t[hashes..].is_empty() {
        return (prefix, "");
    }
    if (1..=6).contains(&hashes) && t[hashes..].starts_with([' ', '\t']) {
        let text = t[hashes..].trim();
        // A closing sequence of `#`s after a space goes too.
        let text = match text.trim_end_matches('#') {
            stripped if stripped.ends_with([' ', '\t']) || stripped.is_empty() => {
                stripped.trim_end()
            }
            _ => text,
        };
        return (prefix, text);
    }
    for bullet in ["* ", "+ "] {
        if let Some(item) = t.strip_prefix(bullet) {
            prefix.push_str(&rest[..indent]);
            prefix.push_str("- ");
            return (prefix, item);
        }
    }
    (prefix, rest)
}

/// A run of `*` or `_` that may open or close emphasis.
struct Delimiter {
    /// Index in the output pieces.
    piece: usize,
    ch: char,
    count: usize,
    can_open: bool,
    can_close: bool,
}

/// The inline markup of one line removed.
fn inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    // Pieces of output; delimiter runs are pieces of their own, emptied
    // where they match.
    let mut pieces: Vec<String> = vec![String::new()];
    let mut delimiters: Vec<Delimiter> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1).is_some_and(char::is_ascii_punctuation) {
            push(&mut pieces, chars[i + 1]);
            i += 2;
            continue;
        }
        if c == '`' {
            let run = run_len(&chars, i, '`');
            if let Some(close) = closing_backticks(&chars, i + run, run) {
                let code: String = chars[i + run..close].iter().collect();
                let code = match code.strip_prefix(' ').and_then(|c| c.strip_suffix(' ')) {
                    Some(inner) if !inner.trim().is_empty() => inner.to_owned(),
                    _ => code,
                };
                if let Some(p) = pieces.last_mut() {
                    p.push_str(&code);
                }
                i = close + run;
            } else {
                for _ in 0..run {
                    push(&mut pieces, '`');
                }
                i += run;
            }
            continue;
        }
        if c == '['
            && let Some((label, url, end)) = link(&chars, i)
        {
            let label = inline(&label);
            let shown = if label == url || url.is_empty() {
                label
            } else {
                format!("{label} ({url})")
            };
            if let Some(p) = pieces.last_mut() {
                p.push_str(&shown);
            }
            i = end;
            continue;
        }
        if c == '*' || c == '_' {
            let run = run_len(&chars, i, c);
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + run).copied();
            let (left, right) = flanking(before, after);
            let (can_open, can_close) = if c == '*' {
                (left, right)
            } else {
                (
                    left && (!right || before.is_some_and(is_punctuation)),
                    right && (!left || after.is_some_and(is_punctuation)),
                )
            };
            pieces.push(std::iter::repeat_n(c, run).collect());
            if can_open || can_close {
                delimiters.push(Delimiter {
                    piece: pieces.len() - 1,
                    ch: c,
                    count: run,
                    can_open,
                    can_close,
                });
            }
            pieces.push(String::new());
            i += run;
            continue;
        }
        push(&mut pieces, c);
        i += 1;
    }
    // Match closers with the nearest opener of the same character.
    let mut openers: Vec<usize> = Vec::new();
    for d in 0..delimiters.len() {
        if delimiters[d].can_close
            && let Some(pos) = openers
                .iter()
                .rposition(|o| delimiters[*o].ch == delimiters[d].ch)
        {
            let o = openers[pos];
            let used = delimiters[o].count.min(delimiters[d].count);
            for k in [o, d] {
                delimiters[k].count -= used;
                let piece = delimiters[k].piece;
                pieces[piece] =
                    std::iter::repeat_n(delimiters[k].ch, delimiters[k].count).collect();
            }
            openers.truncate(pos + usize::from(delimiters[o].count > 0));
            if delimiters[d].count == 0 {
                continue;
            }
        }
        if delimiters[d].can_open && delimiters[d].count > 0 {
            openers.push(d);
        }
    }
    pieces.concat()
}

fn push(pieces: &mut [String], c: char) {
    if let Some(p) = pieces.last_mut() {
        p.push(c);
    }
}

fn run_len(chars: &[char], from: usize, c: char) -> usize {
    chars[from..].iter().take_while(|x| **x == c).count()
}

/// The start of the next run of exactly `run` backticks from `from`.
fn closing_backticks(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '`' {
            let n = run_len(chars, i, '`');
            if n == run {
                return Some(i);
            }
            i += n;
        } else {
            i += 1;
        }
    }
    None
}

/// `[label](url)` at `from`: the label, the address and the index after `)`.
fn link(chars: &[char], from: usize) -> Option<(String, String, usize)> {
    let mut depth = 0usize;
    let mut close = None;
    for (j, c) in chars.iter().enumerate().skip(from) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(j);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = chars[close + 2..].iter().position(|c| *c == ')')? + close + 2;
    let url: String = chars[close + 2..end].iter().collect();
    if url.contains(char::is_whitespace) {
        return None;
    }
    let label: String = chars[from + 1..close].iter().collect();
    Some((label, url, end + 1))
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace() && !c.is_control())
}

/// Whether a delimiter run between `before` and `after` is left- and
/// right-flanking (CommonMark's definitions).
fn flanking(before: Option<char>, after: Option<char>) -> (bool, bool) {
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punct = |c: Option<char>| c.is_some_and(is_punctuation);
    let left = !space(after) && (!punct(after) || space(before) || punct(before));
    let right = !space(before) && (!punct(before) || space(after) || punct(after));
    (left, right)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_text_stays() {
        assert_eq!(
            plain("**name** (`x`): see [docs](https://e.x)"),
            "name (x): see docs (https://e.x)"
        );
        assert_eq!(plain("**\\***: every tool."), "*: every tool.");
        assert_eq!(
            plain("Limited by the rule `git *`."),
            "Limited by the rule git *."
        );
        assert_eq!(plain("`mcp__*`: every MCP tool"), "mcp__*: every MCP tool");
        assert_eq!(plain("*Use it* for `a_b`, _c_"), "Use it for a_b, c");
        assert_eq!(
            plain("5 * 3 and snake_case_name"),
            "5 * 3 and snake_case_name"
        );
        assert_eq!(plain("an *unclosed star"), "an *unclosed star");
        assert_eq!(plain("C# code, [Beta] tag"), "C# code, [Beta] tag");
        assert_eq!(plain("``a ` b``"), "a ` b");
    }

    #[test]
    fn blocks() {
        let md = "### rev\n\nLead.\n\n#### Example 1\n\n> **Context:** c\n\n**user**\n> one\n> two\n\n*why*\n\n* item\n  + sub\n```yaml\nx: 1\n```";
        assert_eq!(
            plain(md),
            "rev\n\nLead.\n\nExample 1\n\n  Context: c\n\nuser\n  one\n  two\n\nwhy\n\n- item\n  - sub\nx: 1"
        );
        assert_eq!(plain("## Title ##\n#hashtag"), "Title\n#hashtag");
        assert_eq!(plain("> > deep"), "    deep");
    }
}
