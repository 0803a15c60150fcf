//! The `<example>` blocks of an agent's description.
//!
//! The description is read as Claude Code reads it (YAML, its quoting retry,
//! then every literal `\n` turned into a line break) and split into a
//! summary and blocks: `<example>` … `</example>`, each with an optional
//! `Context:`, `user:` and `assistant:` turns (quoted or not) and
//! `<commentary>` … `</commentary>`. Every part keeps the exact range of
//! source bytes it came from, through quoting, escapes, block scalars and
//! folded lines, via [`Description::source`].

use std::ops::Range;

use crate::frontmatter::yaml::Entry;
use crate::frontmatter::{self, Frontmatter, Locate, Node, Style};

/// The description as Claude Code loads it, with a map back to the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    /// The loaded text (after YAML and `\n` un-escaping).
    pub text: String,
    /// For each char of `text` (by its byte offset), the source bytes it came from.
    map: Vec<(usize, Range<usize>)>,
    /// The source bytes of the whole value.
    pub span: Range<usize>,
    /// The source bytes of the `description` key.
    pub key: Range<usize>,
    /// How the value is written.
    pub style: Style,
}

/// What a part of an example is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// `Context: …`, the situation.
    Context,
    /// `user: …`, what the user says.
    User,
    /// `assistant: …`, what the assistant says or does.
    Assistant,
    /// `<commentary>…</commentary>`, why the agent fits.
    Commentary,
    /// Any other text inside the example.
    Other,
}

/// One part of an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// What it is.
    pub kind: PartKind,
    /// Its text, as loaded, without the label and surrounding quotes.
    pub text: String,
    /// Its range in [`Description::text`] (label included).
    pub loaded: Range<usize>,
}

/// One `<example>` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// Its range in [`Description::text`], tags included (to the end of the
    /// text when it is never closed).
    pub loaded: Range<usize>,
    /// Whether `</example>` closes it.
    pub closed: bool,
    /// Its parts, in order.
    pub parts: Vec<Part>,
}

/// A structural problem, located in the loaded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `<example>` never closed.
    Unclosed(Range<usize>),
    /// `</example>` with no `<example>` open.
    Unopened(Range<usize>),
    /// `<commentary>` never closed (or closed by `</example>`).
    CommentaryUnclosed(Range<usize>),
    /// `</commentary>` with no `<commentary>` open.
    CommentaryUnopened(Range<usize>),
    /// `<commentary>` outside any example.
    CommentaryOutside(Range<usize>),
    /// A second `<example>` opened inside one.
    Nested(Range<usize>),
}

/// The examples of a description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Examples {
    /// The description.
    pub description: Description,
    /// The text outside the blocks (trimmed), with its loaded ranges.
    pub summary: Vec<Range<usize>>,
    /// The blocks, in order.
    pub examples: Vec<Example>,
    /// What is wrong with their structure.
    pub problems: Vec<Problem>,
}

impl Description {
    /// The source bytes that `loaded` (a range of [`Description::text`]) came from.
    #[must_use]
    pub fn source(&self, loaded: &Range<usize>) -> Range<usize> {
        if loaded.is_empty() {
            let at = self.map.partition_point(|(o, _)| *o < loaded.start);
            let pos = self.map.get(at).map_or(self.span.end, |(_, r)| r.start);
            return pos..pos;
        }
        let first = self.map.partition_point(|(o, _)| *o < loaded.start);
        let last = self
            .map
            .partition_point(|(o, _)| *o < loaded.end)
            .saturating_sub(1);
        match (self.map.get(first), self.map.get(last)) {
            (Some((_, a)), Some((_, b))) => a.start..b.end.max(a.start),
            _ => self.span.end..self.span.end,
        }
    }

    /// The offset in the loaded text of the char that source byte `offset`
    /// belongs to (or the nearest one after it).
    #[must_use]
    pub fn loaded_offset(&self, offset: usize) -> Option<usize> {
        if !(self.span.start..=self.span.end).contains(&offset) {
            return None;
        }
        let i = self.map.partition_point(|(_, r)| r.end <= offset);
        Some(self.map.get(i).map_or(self.text.len(), |(o, _)| *o))
    }
}

/// Whether `c` can be skipped in the source while aligning: layout that
/// YAML removes (indentation, line breaks, quotes, escaped line breaks).
fn ignorable(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '"' | '\'' | '\\')
}

/// How many source bytes at the start of `s` produce the loaded char `c`.
fn produces(s: &str, c: char, style: Style) -> Option<usize> {
    let first = s.chars().next()?;
    if style == Style::DoubleQuoted && first == '\\' {
        let rest = &s[1..];
        let esc = rest.chars().next()?;
        return match (esc, c) {
            ('n', '\n')
            | ('t', '\t')
            | ('"', '"')
            | ('\\', '\\')
            | ('/', '/')
            | (' ', ' ')
            | ('0', '\0') => Some(2),
            ('a', '\u{7}')
            | ('b', '\u{8}')
            | ('e', '\u{1b}')
            | ('f', '\u{c}')
            | ('r', '\r')
            | ('v', '\u{b}') => Some(2),
            ('_', '\u{a0}') | ('N', '\u{85}') | ('L', '\u{2028}') | ('P', '\u{2029}') => Some(2),
            ('\\', '\n') if rest.get(1..2) == Some("n") => Some(3), // `\\n`: a literal \n, then Claude Code's un-escape
            ('x', _) => hex_escape(rest, 2, c),
            ('u', _) => hex_escape(rest, 4, c),
            ('U', _) => hex_escape(rest, 8, c),
            _ => None,
        };
    }
    if c == '\n' {
        if s.starts_with("\\n") {
            return Some(2); // Claude Code's un-escape of a literal \n
        }
        if s.starts_with("\r\n") {
            return Some(2);
        }
        if first == '\n' {
            return Some(1);
        }
    }
    if c == '\'' && style == Style::SingleQuoted {
        return s.starts_with("''").then_some(2);
    }
    if c == ' ' && matches!(first, '\n' | '\r') && style != Style::Literal {
        // A folded line break: the break and the next line's indentation.
        let ws = s.len() - s.trim_start_matches([' ', '\t', '\n', '\r']).len();
        return Some(ws);
    }
    (first == c).then(|| c.len_utf8())
}

fn hex_escape(rest: &str, digits: usize, c: char) -> Option<usize> {
    let hex = rest.get(1..=digits)?;
    let code = u32::from_str_radix(hex, 16).ok()?;
    (char::from_u32(code) == Some(c)).then_some(2 + digits)
}

/// Aligns the loaded text with its source, char by char.
fn align(loaded: &str, source: &str, base: usize, style: Style) -> Vec<(usize, Range<usize>)> {
    let mut map = Vec::with_capacity(loaded.len());
    let mut j = 0;
    for (i, c) in loaded.char_indices() {
        let mut k = j;
        let found = loop {
            if k >= source.len() {
                break None;
            }
            if let Some(len) = produces(&source[k..], c, style) {
                break Some((k, len));
            }
            let sc = source[k..].chars().next().unwrap_or(' ');
            if !ignorable(sc) {
                break None;
            }
            k += sc.len_utf8();
        };
        match found {
            Some((at, len)) => {
                map.push((i, base + at..base + at + len));
                j = at + len;
            }
            // Not found (an unusual escape): zero width here, and try to
            // resynchronise with the next char.
            None => map.push((i, base + j..base + j)),
        }
    }
    map
}

/// The description of an agent file, with its source map, when it has one
/// that Claude Code can read.
#[must_use]
pub fn description(text: &str) -> Option<Description> {
    let Locate::Found(located) = frontmatter::locate(text) else {
        return None;
    };
    let fm = frontmatter::parse(text, &located);
    description_of(text, &fm)
}

/// [`description`] over an already parsed frontmatter.
#[must_use]
pub fn description_of(text: &str, fm: &Frontmatter) -> Option<Description> {
    let quoted: &[Range<usize>] = match &fm.outcome {
        frontmatter::Outcome::Rescued { quoted, .. } => quoted,
        _ => &[],
    };
    description_in(text, fm.entries(), quoted)
}

/// [`description`] from top-level `entries` (the last `description` wins),
/// knowing which values Claude Code's retry quoted to read them.
#[must_use]
pub fn description_in(
    text: &str,
    entries: &[Entry],
    quoted: &[Range<usize>],
) -> Option<Description> {
    let entry = entries
        .iter()
        .rev()
        .find(|e| e.key.as_str() == Some("description"))?;
    let node: &Node = &entry.value;
    let scalar = node.scalar()?;
    if scalar.value != frontmatter::ScalarValue::Str {
        return None;
    }
    let source = text.get(node.span.clone())?;
    // A value rescued by Claude Code's retry was quoted by the retry, not in
    // the file: its source is raw text.
    let rescued = quoted.iter().any(|q| q.contains(&node.span.start));
    let style = if rescued { Style::Plain } else { scalar.style };
    let loaded = frontmatter::unescape_description(&scalar.text);
    let map = align(&loaded, source, node.span.start, style);
    Some(Description {
        text: loaded,
        map,
        span: node.span.clone(),
        key: entry.key.span.clone(),
        style,
    })
}

/// Finds the tags in the loaded text: (range, is_example, is_closing).
fn tags(text: &str) -> Vec<(Range<usize>, bool, bool)> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find('<') {
        let at = from + i;
        let rest = &lower[at..];
        let found = [
            ("<example>", true, false),
            ("</example>", true, true),
            ("<commentary>", false, false),
            ("</commentary>", false, true),
        ]
        .into_iter()
        .find(|(t, _, _)| rest.starts_with(t));
        match found {
            Some((tag, example, closing)) => {
                out.push((at..at + tag.len(), example, closing));
                from = at + tag.len();
            }
            None => from = at + 1,
        }
    }
    out
}

/// Strips one pair of surrounding quotes (straight or curly).
fn unquote(s: &str) -> &str {
    let s = s.trim();
    for (open, close) in [('"', '"'), ('\u{201c}', '\u{201d}'), ('\'', '\'')] {
        if s.len() >= 2 && s.starts_with(open) && s.ends_with(close) {
            return &s[open.len_utf8()..s.len() - close.len_utf8()];
        }
    }
    s
}

/// Trims a range of `text` to its non-whitespace content.
fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.start + s.trim_end().len();
    start..end.max(start)
}

/// Splits the inside of an example (`inner`, loaded range) into parts.
fn parts(text: &str, inner: Range<usize>, commentaries: &[Range<usize>]) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    // Turn markers: a label at a line start (after `- `), or after the end
    // of a sentence or quote on the same line (`… needs it. user: "…"`).
    let mut markers: Vec<(usize, PartKind, usize)> = Vec::new();
    let lower = text[inner.clone()].to_ascii_lowercase();
    for (label, kind) in [
        ("context:", PartKind::Context),
        ("user:", PartKind::User),
        ("assistant:", PartKind::Assistant),
    ] {
        for (i, _) in lower.match_indices(label) {
            let at = inner.start + i;
            let before = &text[inner.start..at];
            let boundary =
                before.is_empty() || before.ends_with(|c: char| c.is_whitespace() || c == '>');
            let prev = before.trim_end_matches([' ', '\t']);
            let prev = prev
                .strip_suffix('-')
                .map_or(prev, |p| p.trim_end_matches([' ', '\t']));
            let starts_turn = prev.is_empty()
                || prev.ends_with(['\n', '.', '?', '!', '\'', '"', '\u{201d}', ')', '>', ':']);
            if boundary && starts_turn && !commentaries.iter().any(|c| c.contains(&at)) {
                markers.push((at, kind, label.len()));
            }
        }
    }
    markers.sort_by_key(|(at, _, _)| *at);
    let mut boundaries: Vec<(usize, Option<(PartKind, usize)>)> = markers
        .iter()
        .map(|(at, k, len)| (*at, Some((*k, *len))))
        .collect();
    for c in commentaries {
        boundaries.push((c.start, None));
    }
    boundaries.sort_by_key(|(at, _)| *at);
    // Text before the first boundary.
    let first = boundaries.first().map_or(inner.end, |(at, _)| *at);
    let lead = trim(text, inner.start..first);
    if !lead.is_empty() {
        out.push(Part {
            kind: PartKind::Other,
            text: text[lead.clone()].to_owned(),
            loaded: lead,
        });
    }
    for (i, (at, marker)) in boundaries.iter().enumerate() {
        let next = boundaries.get(i + 1).map_or(inner.end, |(n, _)| *n);
        match marker {
            Some((kind, len)) => {
                let end = commentaries
                    .iter()
                    .find(|c| c.start >= *at && c.start < next)
                    .map_or(next, |c| c.start);
                let loaded = trim(text, *at..end);
                let body = trim(text, at + len..end);
                out.push(Part {
                    kind: *kind,
                    text: unquote(&text[body]).to_owned(),
                    loaded,
                });
            }
            None => {
                let c = commentaries
                    .iter()
                    .find(|c| c.start == *at)
                    .cloned()
                    .unwrap_or(*at..*at);
                let body = text[c.clone()].trim();
                let body = body.strip_prefix("<commentary>").unwrap_or(body);
                let body = body.strip_suffix("</commentary>").unwrap_or(body);
                out.push(Part {
                    kind: PartKind::Commentary,
                    text: body.trim().to_owned(),
                    loaded: c.clone(),
                });
                // Text after a commentary and before the next marker.
                let after = trim(text, c.end..next);
                if !after.is_empty() {
                    out.push(Part {
                        kind: PartKind::Other,
                        text: text[after.clone()].to_owned(),
                        loaded: after,
                    });
                }
            }
        }
    }
    out
}

/// Parses the description's examples. Never fails: broken structure is
/// reported in [`Examples::problems`].
#[must_use]
pub fn parse(description: Description) -> Examples {
    let text = description.text.as_str();
    let mut examples = Vec::new();
    let mut problems = Vec::new();
    let mut summary = Vec::new();
    let mut open_example: Option<usize> = None;
    let mut open_commentary: Option<usize> = None;
    let mut commentaries: Vec<Range<usize>> = Vec::new();
    let mut outside_from = 0;
    for (range, is_example, closing) in tags(text) {
        match (is_example, closing) {
            (true, false) => {
                if let Some(start) = open_example {
                    problems.push(Problem::Nested(range.clone()));
                    // Close the first one here, so the rest still parses.
                    if let Some(c) = open_commentary.take() {
                        problems.push(Problem::CommentaryUnclosed(c..c + "<commentary>".len()));
                        commentaries.push(c..range.start);
                    }
                    let inner = start + "<example>".len()..range.start;
                    examples.push(Example {
                        loaded: start..range.start,
                        closed: false,
                        parts: parts(text, inner, &commentaries),
                    });
                    commentaries.clear();
                } else {
                    summary.push(trim(text, outside_from..range.start));
                }
                open_example = Some(range.start);
            }
            (true, true) => match open_example.take() {
                Some(start) => {
                    if let Some(c) = open_commentary.take() {
                        problems.push(Problem::CommentaryUnclosed(c..c + "<commentary>".len()));
                        commentaries.push(c..range.start);
                    }
                    let inner = start + "<example>".len()..range.start;
                    examples.push(Example {
                        loaded: start..range.end,
                        closed: true,
                        parts: parts(text, inner, &commentaries),
                    });
                    commentaries.clear();
                    outside_from = range.end;
                }
                None => problems.push(Problem::Unopened(range)),
            },
            (false, false) => {
                if open_example.is_none() {
                    problems.push(Problem::CommentaryOutside(range));
                } else if open_commentary.is_none() {
                    open_commentary = Some(range.start);
                }
            }
            (false, true) => match open_commentary.take() {
                Some(start) => commentaries.push(start..range.end),
                None if open_example.is_some() => problems.push(Problem::CommentaryUnopened(range)),
                None => problems.push(Problem::CommentaryOutside(range)),
            },
        }
    }
    if let Some(start) = open_example {
        problems.push(Problem::Unclosed(start..start + "<example>".len()));
        if let Some(c) = open_commentary.take() {
            problems.push(Problem::CommentaryUnclosed(c..c + "<commentary>".len()));
            commentaries.push(c..text.len());
        }
        let inner = start + "<example>".len()..text.len();
        examples.push(Example {
            loaded: start..text.len(),
            closed: false,
            parts: parts(text, inner, &commentaries),
        });
    } else {
        summary.push(trim(text, outside_from..text.len()));
    }
    summary.retain(|r| !r.is_empty());
    // A trailing "- " list marker before an example belongs to no one.
    for r in &mut summary {
        let s = &text[r.clone()];
        if let Some(stripped) = s.strip_suffix('-') {
            *r = trim(text, r.start..r.start + stripped.len());
        }
    }
    summary.retain(|r| !r.is_empty());
    Examples {
        description,
        summary,
        examples,
        problems,
    }
}

/// The examples of an agent file's description.
#[must_use]
pub fn of(text: &str) -> Option<Examples> {
    description(text).map(parse)
}

fn quote_block(out: &mut String, text: &str) {
    for line in text.lines() {
        out.push_str("> ");
        out.push_str(line);
        out.push('\n');
    }
}

/// One example rendered as a conversation: the context as a note, turns as
/// labelled quotes, the commentary in italics.
#[must_use]
pub fn render_example(example: &Example, number: usize) -> String {
    let mut out = format!("#### Example {number}\n");
    if !example.closed {
        out.push_str("\n*(this example is never closed with `</example>`)*\n");
    }
    for part in &example.parts {
        out.push('\n');
        match part.kind {
            PartKind::Context => quote_block(&mut out, &format!("**Context:** {}", part.text)),
            PartKind::User => {
                out.push_str("**user**\n");
                quote_block(&mut out, &part.text);
            }
            PartKind::Assistant => {
                out.push_str("**assistant**\n");
                quote_block(&mut out, &part.text);
            }
            PartKind::Commentary => {
                for line in part.text.lines().filter(|l| !l.trim().is_empty()) {
                    out.push_str(&format!("*{}*\n", line.trim()));
                }
            }
            PartKind::Other => {
                out.push_str(&part.text);
                out.push('\n');
            }
        }
    }
    out
}

/// The whole description rendered as Markdown: the summary, then every
/// example as a conversation.
#[must_use]
pub fn render(examples: &Examples, name: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(name) = name {
        out.push_str(&format!("### {name}\n\n"));
    }
    let text = &examples.description.text;
    for r in &examples.summary {
        out.push_str(text[r.clone()].trim());
        out.push_str("\n\n");
    }
    if examples.examples.is_empty() {
        out.push_str("*No `<example>` blocks.*\n");
    }
    for (i, e) in examples.examples.iter().enumerate() {
        out.push_str(&render_example(e, i + 1));
        out.push('\n');
    }
    out.trim_end().to_owned() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples(text: &str) -> Examples {
        of(text).expect("a description")
    }

    #[test]
    fn one_line_with_escapes() {
        let text = "---\nname: a\ndescription: Use it. Examples:\\n- <example>\\n  Context: X needs Y.\\n  user: \"Do Y\"\\n  assistant: \"I'll use a\"\\n  <commentary>\\n  Fits.\\n  </commentary>\\n</example>\n---\nBody\n";
        let ex = examples(text);
        assert_eq!(ex.examples.len(), 1);
        let e = &ex.examples[0];
        assert!(e.closed);
        let kinds: Vec<PartKind> = e.parts.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                PartKind::Context,
                PartKind::User,
                PartKind::Assistant,
                PartKind::Commentary
            ]
        );
        assert_eq!(e.parts[1].text, "Do Y");
        assert_eq!(e.parts[3].text, "Fits.");
        // Source ranges: the user turn maps back to the escaped source.
        let src = ex.description.source(&e.parts[1].loaded);
        assert_eq!(&text[src], "user: \"Do Y\"");
        let summary: Vec<&str> = ex
            .summary
            .iter()
            .map(|r| &ex.description.text[r.clone()])
            .collect();
        assert_eq!(summary, ["Use it. Examples:"]);
    }

    #[test]
    fn double_quoted_with_escaped_newlines_and_quotes() {
        let text = "---\ndescription: \"Lead.\\\\n<example>\\\\nuser: \\\"hi\\\"\\\\nassistant: \\\"ok\\\"\\\\n</example>\"\n---\nB\n";
        let ex = examples(text);
        let e = &ex.examples[0];
        assert_eq!(e.parts[0].text, "hi");
        assert_eq!(
            &text[ex.description.source(&e.parts[0].loaded)],
            "user: \\\"hi\\\""
        );
        assert_eq!(
            &text[ex.description.source(&e.loaded)],
            "<example>\\\\nuser: \\\"hi\\\"\\\\nassistant: \\\"ok\\\"\\\\n</example>"
        );
    }

    #[test]
    fn block_scalar() {
        let text = "---\ndescription: |\n  Lead.\n  <example>\n  Context: c\n  user: \"u\"\n  assistant: a\n  </example>\nmodel: x\n---\nB\n";
        let ex = examples(text);
        let e = &ex.examples[0];
        assert_eq!(e.parts.len(), 3);
        assert_eq!(
            &text[ex.description.source(&e.parts[2].loaded)],
            "assistant: a"
        );
        assert_eq!(
            &text[ex.description.source(&e.loaded)],
            "<example>\n  Context: c\n  user: \"u\"\n  assistant: a\n  </example>"
        );
    }

    #[test]
    fn turns_on_one_line() {
        let text = "---\ndescription: \"<example>Context: a new app. user: 'What now?' assistant: 'Let me use it.' <commentary>Needs it.</commentary></example>\"\n---\nB\n";
        let ex = examples(text);
        let parts: Vec<(PartKind, &str)> = ex.examples[0]
            .parts
            .iter()
            .map(|p| (p.kind, p.text.as_str()))
            .collect();
        assert_eq!(
            parts,
            [
                (PartKind::Context, "a new app."),
                (PartKind::User, "What now?"),
                (PartKind::Assistant, "Let me use it."),
                (PartKind::Commentary, "Needs it.")
            ]
        );
        // "the user: …" inside a sentence is not a turn.
        let text = "---\ndescription: \"<example>Context: when the user: asks\\nuser: hi\\nassistant: ok</example>\"\n---\nB\n";
        let kinds: Vec<PartKind> = examples(text).examples[0]
            .parts
            .iter()
            .map(|p| p.kind)
            .collect();
        assert_eq!(
            kinds,
            [PartKind::Context, PartKind::User, PartKind::Assistant]
        );
    }

    #[test]
    fn problems() {
        let text = "---\ndescription: \"A</example>\\n<commentary>x</commentary>\\n<example>\\nuser: u\\n<commentary>why\"\n---\nB\n";
        let ex = examples(text);
        let kinds: Vec<&str> = ex
            .problems
            .iter()
            .map(|p| match p {
                Problem::Unclosed(_) => "unclosed",
                Problem::Unopened(_) => "unopened",
                Problem::CommentaryUnclosed(_) => "commentary-unclosed",
                Problem::CommentaryUnopened(_) => "commentary-unopened",
                Problem::CommentaryOutside(_) => "commentary-outside",
                Problem::Nested(_) => "nested",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "unopened",
                "commentary-outside",
                "commentary-outside",
                "unclosed",
                "commentary-unclosed"
            ]
        );
        assert_eq!(ex.examples.len(), 1);
        assert!(!ex.examples[0].closed);
    }

    #[test]
    fn render_as_conversation() {
        let text = "---\ndescription: \"Lead.\\n<example>\\nContext: c\\nuser: \\\"u\\\"\\nassistant: a\\n<commentary>why</commentary>\\n</example>\"\n---\nB\n";
        let md = render(&examples(text), Some("rev"));
        assert_eq!(
            md,
            "### rev\n\nLead.\n\n#### Example 1\n\n> **Context:** c\n\n**user**\n> u\n\n**assistant**\n> a\n\n*why*\n"
        );
    }
}
