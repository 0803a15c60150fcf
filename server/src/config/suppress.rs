//! Inline suppression comments, in the file checked:
//!
//! - in the Markdown body, `<!-- agentls-ignore AG105, name-missing -->`
//!   silences those rules on its own line when the line holds anything
//!   else, otherwise on the next line; `<!-- agentls-ignore-file AG105 -->`
//!   silences them in the whole file;
//! - in YAML frontmatter, `# agentls-ignore: AG105` at the end of a line
//!   silences them on that line, alone on its line on the next one, and
//!   `# agentls-ignore-file: AG105` in the whole file.
//!
//! Codes, code prefixes and rule names are accepted, separated by commas or
//! blanks; without any, every rule is silenced. Comments inside fenced code
//! blocks, and a `#` inside a quoted YAML value or a block scalar, are text,
//! not suppressions.

use std::ops::Range;

use super::select::Selector;

/// The word that starts a suppression.
pub const MARKER: &str = "agentls-ignore";

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The comment, in bytes of the text.
    pub range: Range<usize>,
    /// What removing it removes: the whole line when the comment is alone
    /// on it, else the comment and the blanks before it.
    pub removal: Range<usize>,
    /// The line (0-based) it silences; `None`: the whole file.
    pub line: Option<usize>,
    /// The rules named, as written, with their ranges; empty: every rule.
    pub codes: Vec<(String, Range<usize>)>,
    /// Whether it is a YAML comment (else an HTML one).
    pub yaml: bool,
}

impl Suppression {
    /// The selector each named code stands for (`None` for a code that
    /// names no rule).
    #[must_use]
    pub fn selectors(&self) -> Vec<Option<Selector>> {
        self.codes
            .iter()
            .map(|(c, _)| Selector::parse(c).ok())
            .collect()
    }
}

/// The byte ranges of the text's lines, line breaks included.
fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        let line = start..end;
        start = end;
        Some(line)
    })
}

/// The end of a line's content (before `\r\n` or `\n`).
fn content_end(text: &str, line: &Range<usize>) -> usize {
    line.start + text[line.clone()].trim_end_matches(['\n', '\r']).len()
}

/// The codes written in `text[range]`, separated by commas or blanks.
fn codes(text: &str, range: Range<usize>) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut at = range.start;
    for token in text[range.clone()].split([',', ' ', '\t']) {
        if !token.is_empty() {
            out.push((token.to_owned(), at..at + token.len()));
        }
        at += token.len() + 1;
    }
    out
}

/// Finds the suppression comments of `text`; `yaml`: whether its
/// frontmatter is YAML (so that `#` comments count: not in a Cursor rule).
#[must_use]
pub fn scan(text: &str, yaml: bool) -> Vec<Suppression> {
    if !text.contains(MARKER) {
        return Vec::new();
    }
    let (frontmatter, body_start) = match crate::frontmatter::locate(text) {
        crate::frontmatter::Locate::Found(l) => (Some(l.open.end..l.close.start), l.body_start),
        _ => (None, 0),
    };
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    // The indentation of the key whose block scalar is being read.
    let mut block_scalar: Option<usize> = None;
    for (number, line) in lines(text).enumerate() {
        let end = content_end(text, &line);
        let content = &text[line.start..end];
        if frontmatter
            .as_ref()
            .is_some_and(|f| f.contains(&line.start))
        {
            let indent = content.len() - content.trim_start_matches([' ', '\t']).len();
            // The lines of a block scalar (`key: |`) are text, not comments.
            if let Some(block) = block_scalar {
                if content.trim().is_empty() || indent > block {
                    continue;
                }
                block_scalar = None;
            }
            if opens_block_scalar(content) {
                block_scalar = Some(indent);
            }
            if yaml && let Some(s) = yaml_comment(text, &line, end, number) {
                out.push(s);
            }
            continue;
        }
        if line.start < body_start {
            continue;
        }
        let trimmed = content.trim_start();
        for mark in ["```", "~~~"] {
            if trimmed.starts_with(mark) {
                fence = match fence {
                    None => Some(mark),
                    Some(open) if open == mark => None,
                    other => other,
                };
            }
        }
        if fence.is_some() || trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            continue;
        }
        let mut from = line.start;
        while let Some(i) = text[from..end].find("<!--") {
            let open = from + i;
            let Some(j) = text[open..end].find("-->") else {
                break;
            };
            let close = open + j + 3;
            from = close;
            let Some((file, codes_start)) = directive(text, open + 4, close - 3) else {
                continue;
            };
            let alone =
                text[line.start..open].trim().is_empty() && text[close..end].trim().is_empty();
            let removal = if alone {
                line.clone()
            } else {
                let before = text[line.start..open].trim_end_matches([' ', '\t']).len();
                line.start + before..close
            };
            out.push(Suppression {
                range: open..close,
                removal,
                line: target_line(file, alone, number),
                codes: codes(text, codes_start..close - 3),
                yaml: false,
            });
        }
    }
    out
}

/// The line a suppression silences.
fn target_line(file: bool, alone: bool, number: usize) -> Option<usize> {
    match (file, alone) {
        (true, _) => None,
        (false, true) => Some(number + 1),
        (false, false) => Some(number),
    }
}

/// Reads `agentls-ignore[-file][:]` at `at` (blanks before it skipped):
/// whether it is the file form, and where its codes start.
fn directive(text: &str, at: usize, end: usize) -> Option<(bool, usize)> {
    let rest = text[at..end].trim_start();
    let after = rest.strip_prefix(MARKER)?;
    let (file, after) = match after.strip_prefix("-file") {
        Some(a) => (true, a),
        None => (false, after),
    };
    // The word ends here: `agentls-ignored` is no directive.
    if !(after.is_empty() || after.starts_with([':', ' ', '\t'])) {
        return None;
    }
    let after_colon = after.strip_prefix(':').unwrap_or(after);
    Some((file, end - after_colon.len()))
}

/// Whether a frontmatter line opens a block scalar: `key: |`, `- >-`, with
/// an optional comment after the indicator.
fn opens_block_scalar(content: &str) -> bool {
    let value = content.split('#').next().unwrap_or(content).trim_end();
    let Some(indicator) = value.rsplit([' ', '\t']).next() else {
        return false;
    };
    let before = value[..value.len() - indicator.len()].trim_end();
    (before.ends_with(':') || before.ends_with('-'))
        && indicator.starts_with(['|', '>'])
        && indicator[1..]
            .chars()
            .all(|c| matches!(c, '-' | '+' | '1'..='9'))
}

/// Whether the end of `before` lies inside a quoted YAML value (a quote
/// that starts a value: after `:`, `-`, `[`, `{`, `,` or at the start).
fn in_quotes(before: &str) -> bool {
    let mut quote = None;
    let mut last: Option<char> = None;
    let mut chars = before.chars().peekable();
    while let Some(c) = chars.next() {
        let starts_value = last.is_none_or(|l| matches!(l, ':' | '-' | '[' | '{' | ','));
        if !c.is_whitespace() && quote.is_none() && !matches!(c, '"' | '\'') {
            last = Some(c);
        }
        match (quote, c) {
            (None, '"' | '\'') if starts_value => quote = Some(c),
            (None, '"' | '\'') => last = Some(c),
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => {
                // `''` inside single quotes is an escaped quote.
                if q == '\'' && chars.peek() == Some(&'\'') {
                    chars.next();
                } else {
                    quote = None;
                    last = Some(c);
                }
            }
            _ => {}
        }
    }
    quote.is_some()
}

/// A `# agentls-ignore…` comment on a frontmatter line.
fn yaml_comment(text: &str, line: &Range<usize>, end: usize, number: usize) -> Option<Suppression> {
    let content = &text[line.start..end];
    let mut from = 0;
    while let Some(i) = content[from..].find('#') {
        let hash = from + i;
        from = hash + 1;
        // A comment starts the line or follows a blank, outside quotes.
        if hash > 0 && !content[..hash].ends_with([' ', '\t']) || in_quotes(&content[..hash]) {
            continue;
        }
        let Some((file, codes_start)) = directive(text, line.start + hash + 1, end) else {
            continue;
        };
        let alone = content[..hash].trim().is_empty();
        let start = line.start + hash;
        let removal = if alone {
            line.clone()
        } else {
            line.start + content[..hash].trim_end_matches([' ', '\t']).len()..end
        };
        return Some(Suppression {
            range: start..end,
            removal,
            line: target_line(file, alone, number),
            codes: codes(text, codes_start..end),
            yaml: true,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str, s: &Suppression) -> (String, Option<usize>, Vec<String>, String) {
        (
            text[s.range.clone()].to_owned(),
            s.line,
            s.codes
                .iter()
                .map(|(c, r)| {
                    assert_eq!(&text[r.clone()], c);
                    c.clone()
                })
                .collect(),
            text[s.removal.clone()].to_owned(),
        )
    }

    #[test]
    fn html_and_yaml_forms() {
        let text = "---\nname: x # agentls-ignore: AG106\n# agentls-ignore: AG105,AG106\ndescription: y\n---\nBody <!-- agentls-ignore AG501 -->\n<!-- agentls-ignore-file name-missing -->\n```\n<!-- agentls-ignore AG1 -->\n```\n<!-- agentls-ignored AG1 -->\n";
        let found = scan(text, true);
        let got: Vec<_> = found.iter().map(|s| shown(text, s)).collect();
        assert_eq!(
            got,
            vec![
                (
                    "# agentls-ignore: AG106".to_owned(),
                    Some(1),
                    vec!["AG106".to_owned()],
                    " # agentls-ignore: AG106".to_owned()
                ),
                (
                    "# agentls-ignore: AG105,AG106".to_owned(),
                    Some(3),
                    vec!["AG105".to_owned(), "AG106".to_owned()],
                    "# agentls-ignore: AG105,AG106\n".to_owned()
                ),
                (
                    "<!-- agentls-ignore AG501 -->".to_owned(),
                    Some(5),
                    vec!["AG501".to_owned()],
                    " <!-- agentls-ignore AG501 -->".to_owned()
                ),
                (
                    "<!-- agentls-ignore-file name-missing -->".to_owned(),
                    None,
                    vec!["name-missing".to_owned()],
                    "<!-- agentls-ignore-file name-missing -->\n".to_owned()
                ),
            ]
        );
        assert!(found[0].yaml && !found[2].yaml);
        // Not YAML (a Cursor rule): `#` is text.
        assert_eq!(scan(text, false).len(), 2);
        assert!(scan("no marker", true).is_empty());
    }

    #[test]
    fn text_that_only_looks_like_a_comment() {
        let text = "---\ndescription: |\n  Use it # agentls-ignore: AG106\n\n  more\nquoted: \"a # agentls-ignore: AG1\"\nsingle: 'it''s # agentls-ignore: AG1'\nname: x # agentls-ignore: AG106\n---\nBody\n";
        let found = scan(text, true);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(7));
        assert!(opens_block_scalar("description: >-"));
        assert!(opens_block_scalar("  - |2 # note"));
        assert!(!opens_block_scalar("description: a|b"));
        assert!(!opens_block_scalar("key: '|'"));
        assert!(!in_quotes("description: It's fine "));
        assert!(in_quotes("description: 'It''s "));
        assert!(!in_quotes("tools: [\"Read\", 'Grep'] "));
        assert!(in_quotes("tools: [\"Read\", 'Gr "));
    }
}
