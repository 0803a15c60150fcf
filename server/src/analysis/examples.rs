//! The `<example>` blocks of an agent's description.
//!
//! The description is read as Claude Code reads it (YAML, its quoting retry,
//! then every literal `\n` turned into a line break) and split into a
//! summary and blocks: `<example>` … `</example>`, each with an optional
//! `Context:`, `user:` and `assistant:` turns (quoted or not) and
//! `<commentary>` … `</commentary>`. Every part keeps the exact range of
//! source bytes it came from, through quoting, escapes, block scalars and
//! folded lines, via [`Description::source`]: the value's source is decoded
//! again here, char by char, the way YAML reads it (and checked against the
//! YAML parser's text), so each loaded char knows its source bytes.
//!
//! [`render`] turns the result into Markdown for the preview.

use std::ops::Range;

use super::source_map::SourceMap;
use crate::frontmatter::yaml::Entry;
use crate::frontmatter::{self, Frontmatter, Locate, Node, Style};

/// The description as Claude Code loads it, with a map back to the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    /// The loaded text (after YAML and `\n` un-escaping).
    pub text: String,
    /// For each char of `text`, the source bytes it came from.
    map: SourceMap,
    /// The source bytes of the whole value.
    pub span: Range<usize>,
    /// The source bytes of the `description` key.
    pub key: Range<usize>,
    /// How the value is written.
    pub style: Style,
    /// Whether `map` comes from decoding the source exactly (see
    /// [`Description::is_exact`]).
    exact: bool,
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
    /// Its text, as loaded, without the label and surrounding quotes
    /// (shared: a keystroke in another example reuses it).
    pub text: std::sync::Arc<str>,
    /// Its range (label included) in its example's inside, from
    /// [`Example::inside`]: [`Example::part_loaded`] gives it in
    /// [`Description::text`].
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
    /// Where its inside (after `<example>`) starts in [`Description::text`].
    pub inside: usize,
    /// Its parts, in order (shared: a keystroke in another example of the
    /// description reuses them as they are).
    pub parts: std::sync::Arc<[Part]>,
}

impl Example {
    /// The range of `part` (one of [`Example::parts`]) in
    /// [`Description::text`].
    #[must_use]
    pub fn part_loaded(&self, part: &Part) -> Range<usize> {
        self.inside + part.loaded.start..self.inside + part.loaded.end
    }
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
        let text = &self.text;
        let first = self.map.char_from(text, loaded.start);
        if loaded.is_empty() {
            let pos = first.map_or(self.span.end, |(_, r)| r.start);
            return pos..pos;
        }
        // The last char before the end (the first char when there is none).
        let last = self
            .map
            .char_before(text, loaded.end)
            .or_else(|| self.map.char_from(text, 0));
        match (first, last) {
            (Some((_, a)), Some((_, b))) => a.start..b.end.max(a.start),
            _ => self.span.end..self.span.end,
        }
    }

    /// Whether every char's source range comes from decoding the value's
    /// source exactly as YAML does (quotes, escapes, folding, block
    /// indentation and chomping) and then Claude Code's `\n` un-escape.
    /// Always, unless that decoding disagrees with the YAML parser on some
    /// unusual value: the map is then a best-effort alignment.
    #[must_use]
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    /// The offset in the loaded text of the char that source byte `offset`
    /// belongs to (or the nearest one after it).
    #[must_use]
    pub fn loaded_offset(&self, offset: usize) -> Option<usize> {
        if !(self.span.start..=self.span.end).contains(&offset) {
            return None;
        }
        Some(
            self.map
                .loaded_after(&self.text, offset)
                .unwrap_or(self.text.len()),
        )
    }
}

/// Whether `c` can be skipped in the source while aligning: layout that
/// YAML removes (indentation, line breaks, quotes, escaped line breaks).
fn ignorable(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '"' | '\'' | '\\')
}

/// How many source bytes at the start of `s` produce the loaded char `c`
/// (for the fallback alignment only).
fn produces(s: &str, c: char, style: Style) -> Option<usize> {
    let first = s.chars().next()?;
    if style == Style::DoubleQuoted && first == '\\' {
        let rest = &s[1..];
        let esc = rest.chars().next()?;
        if ('\\', '\n') == (esc, c) && rest.get(1..2) == Some("n") {
            return Some(3); // `\\n`: a literal \n, then Claude Code's un-escape
        }
        return match esc {
            'x' => hex_escape(rest, 2, c),
            'u' => hex_escape(rest, 4, c),
            'U' => hex_escape(rest, 8, c),
            _ => (simple_escape(esc) == Some(c)).then_some(2),
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

/// Aligns the loaded text with its source, char by char: the fallback for
/// a value the exact decoder does not read the way the YAML parser did.
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

/// The char a one-char YAML escape (`\n`, `\t`, `\"`, …) stands for.
fn simple_escape(esc: char) -> Option<char> {
    Some(match esc {
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        't' | '\t' => '\t',
        'n' => '\n',
        'v' => '\u{b}',
        'f' => '\u{c}',
        'r' => '\r',
        'e' => '\u{1b}',
        ' ' => ' ',
        '"' => '"',
        '/' => '/',
        '\\' => '\\',
        'N' => '\u{85}',
        '_' => '\u{a0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        _ => return None,
    })
}

/// A decoded char and the source bytes (absolute) it came from.
type Mapped = Vec<(char, Range<usize>)>;

/// YAML's blanks inside a line.
fn is_white(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// The lines of `s` at `base`: each line's content (without its break) and
/// its break (`\n`, `\r\n` or a lone `\r`, as YAML reads them; empty for
/// the last line), as absolute ranges.
fn split_lines(s: &str, base: usize) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(i) = s[start..].find(['\n', '\r']) {
        let at = start + i;
        let len = if s[at..].starts_with("\r\n") { 2 } else { 1 };
        out.push((base + start..base + at, base + at..base + at + len));
        start = at + len;
    }
    out.push((base + start..base + s.len(), base + s.len()..base + s.len()));
    out
}

/// How a flow scalar is quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Plain,
    Single,
    Double,
}

/// One decoded char of a flow scalar's line: the char, its source, and
/// whether it is a raw blank (one that line folding may strip).
type Token = (char, Range<usize>, bool);

/// The chars of one line of a flow scalar; `None` on an escape this decoder
/// does not know. The second value says whether the line ends with an
/// escaped line break (a `\` as its last char).
fn flow_tokens(text: &str, line: Range<usize>, flow: Flow) -> Option<(Vec<Token>, bool)> {
    let s = &text[line.clone()];
    let mut out = Vec::with_capacity(s.len());
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let at = line.start + i;
        match (flow, c) {
            (Flow::Single, '\'') => {
                // Only `''` can stand inside single quotes.
                it.next().filter(|(_, n)| *n == '\'')?;
                out.push(('\'', at..at + 2, false));
            }
            (Flow::Double, '\\') => {
                let Some((_, esc)) = it.next() else {
                    return Some((out, true));
                };
                let (decoded, len) = match esc {
                    'x' | 'u' | 'U' => {
                        let digits = match esc {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex = s.get(i + 2..i + 2 + digits)?;
                        let code = u32::from_str_radix(hex, 16).ok()?;
                        for _ in 0..digits {
                            it.next();
                        }
                        (char::from_u32(code)?, 2 + digits)
                    }
                    esc => (simple_escape(esc)?, 1 + esc.len_utf8()),
                };
                out.push((decoded, at..at + len, false));
            }
            (_, c) => out.push((c, at..at + c.len_utf8(), is_white(c))),
        }
    }
    Some((out, false))
}

/// Pushes `count` line feeds that stand for the source from `from` to
/// `to`, one per line: the first ends where the first of `lines` ends, and
/// so on, the last at `to`.
fn push_line_feeds(
    out: &mut Mapped,
    count: usize,
    from: usize,
    to: usize,
    lines: &[(Range<usize>, Range<usize>)],
) {
    let mut start = from;
    for m in 1..=count {
        let end = if m == count {
            to
        } else {
            lines.get(m - 1).map_or(to, |l| l.1.end)
        };
        let end = end.max(start);
        out.push(('\n', start..end));
        start = end;
    }
}

/// Decodes a flow scalar's content (`span`, between the quotes if any),
/// folding its lines as YAML does.
fn decode_flow(text: &str, span: Range<usize>, flow: Flow) -> Option<Mapped> {
    let lines = split_lines(&text[span.clone()], span.start);
    let last = lines.len() - 1;
    let mut decoded: Vec<(Vec<Token>, bool)> = Vec::with_capacity(lines.len());
    for (i, (content, _)) in lines.iter().enumerate() {
        let (mut tokens, escaped_break) = flow_tokens(text, content.clone(), flow)?;
        if escaped_break && i == last {
            return None;
        }
        if i > 0 {
            let lead = tokens.iter().take_while(|t| t.2).count();
            tokens.drain(..lead);
        }
        if i < last && !escaped_break {
            while tokens.last().is_some_and(|t| t.2) {
                tokens.pop();
            }
        }
        decoded.push((tokens, escaped_break));
    }
    // A line that holds only blanks (and is not the last) is an empty line.
    let empty = |i: usize| i < last && decoded[i].0.is_empty() && !decoded[i].1;
    let mut out = Mapped::new();
    let mut i = 0;
    loop {
        let (tokens, escaped_break) = &decoded[i];
        out.extend(tokens.iter().map(|(c, r, _)| (*c, r.clone())));
        if i == last {
            break;
        }
        // Where the folded break starts: after the line's kept chars (for
        // an escaped break, at its backslash).
        let from = if *escaped_break {
            lines[i].0.end - 1
        } else {
            tokens.last().map_or(lines[i].0.start, |t| t.1.end)
        };
        let mut j = i + 1;
        while empty(j) {
            j += 1;
        }
        let to = match &decoded[j] {
            (tokens, _) if !tokens.is_empty() => tokens[0].1.start,
            (_, true) => lines[j].0.end - 1,
            (_, false) => lines[j].0.end,
        };
        let blank_lines = j - i - 1;
        if blank_lines == 0 && !*escaped_break {
            out.push((' ', from..to));
        } else {
            push_line_feeds(&mut out, blank_lines, from, to, &lines[i + 1..j]);
        }
        i = j;
    }
    Some(out)
}

/// The start of the block scalar header (`|` or `>`) of a value whose key
/// ends at `key_end`: after the colon, tags and anchors.
fn block_header(text: &str, key_end: usize, limit: usize) -> Option<usize> {
    let mut at = key_end;
    let skip_blanks = |at: usize| {
        at + text[at..limit].len()
            - text[at..limit]
                .trim_start_matches([' ', '\t', '\r', '\n'])
                .len()
    };
    at = skip_blanks(at);
    if !text[at..limit].starts_with(':') {
        return None;
    }
    at = skip_blanks(at + 1);
    while text[at..limit].starts_with(['!', '&']) {
        at += text[at..limit]
            .find([' ', '\t', '\r', '\n'])
            .unwrap_or(limit - at);
        at = skip_blanks(at);
    }
    text[at..limit].starts_with(['|', '>']).then_some(at)
}

/// Skips the tags (`!…`) and anchors (`&…`) at the start of `span`.
fn skip_properties(text: &str, span: Range<usize>) -> usize {
    let mut at = span.start;
    while text[at..span.end].starts_with(['!', '&']) {
        let rest = &text[at..span.end];
        let token = rest.find([' ', '\t', '\r', '\n']).unwrap_or(rest.len());
        at += token;
        at += text[at..span.end].len()
            - text[at..span.end]
                .trim_start_matches([' ', '\t', '\r', '\n'])
                .len();
    }
    at
}

/// The offset of the quote that closes the quoted scalar opened at `open`.
fn closing_quote(text: &str, open: usize, limit: usize, quote: char) -> Option<usize> {
    let s = &text[open + 1..limit];
    let mut it = s.char_indices();
    while let Some((i, c)) = it.next() {
        if quote == '"' && c == '\\' {
            it.next();
        } else if c == quote {
            if quote == '\'' && s[i + 1..].starts_with('\'') {
                it.next();
                continue;
            }
            return Some(open + 1 + i);
        }
    }
    None
}

/// How many leading spaces `line` has.
fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Decodes a block scalar (`|` or `>`) whose header starts at `header`, in
/// frontmatter that ends at `limit`, for a key at column `parent`.
fn decode_block(text: &str, header: usize, limit: usize, parent: usize) -> Option<Mapped> {
    let folded = text[header..].starts_with('>');
    let brk = header + text[header..limit].find(['\n', '\r'])?;
    let header_end = brk
        + if text[brk..].starts_with("\r\n") {
            2
        } else {
            1
        };
    let mut chomp = '=';
    let mut explicit = None;
    for c in text[header + 1..header_end].chars() {
        match c {
            '-' | '+' if chomp == '=' => chomp = c,
            '1'..='9' if explicit.is_none() => explicit = c.to_digit(10),
            _ => break,
        }
    }
    let all = split_lines(&text[header_end..limit], header_end);
    // A line of spaces only (a tab is text: the block's indentation is
    // counted up to it).
    let blank = |r: &Range<usize>| text[r.clone()].bytes().all(|b| b == b' ');
    // Only `|+` keeps the breaks of a block with no text.
    let empty = |lines: &[(Range<usize>, Range<usize>)]| -> Mapped {
        if chomp == '+' {
            lines
                .iter()
                .filter(|l| !l.1.is_empty())
                .map(|l| ('\n', l.1.clone()))
                .collect()
        } else {
            Mapped::new()
        }
    };
    let n = match explicit {
        Some(d) => parent + d as usize,
        None => {
            let first = all.iter().position(|(c, _)| !blank(c));
            match first.map(|i| (i, indentation(&text[all[i].0.clone()]))) {
                Some((_, n)) if n > parent => n,
                // The next key, or the end: the block holds no text.
                Some((i, _)) => return Some(empty(&all[..i])),
                None => return Some(empty(&all)),
            }
        }
    };
    if n <= parent {
        return None;
    }
    // The block's lines: up to the first non-empty line indented less.
    let mut lines: Vec<(Range<usize>, Range<usize>, bool)> = Vec::new();
    for (content, brk) in all {
        let line = &text[content.clone()];
        // YAML's empty line: at most the indentation's spaces, nothing else.
        let is_empty = line.len() <= n && indentation(line) == line.len();
        if !is_empty && indentation(line) < n {
            break;
        }
        if brk.is_empty() && content.is_empty() {
            break; // the end of the frontmatter
        }
        lines.push((content, brk, is_empty));
    }
    let Some(last_content) = lines.iter().rposition(|l| !l.2) else {
        return Some(empty(&lines_as_pairs(&lines)));
    };
    let mut out = Mapped::new();
    // Each content line's text (past the indentation) and source.
    let body = |(c, _, _): &(Range<usize>, Range<usize>, bool)| (c.start + n).min(c.end)..c.end;
    let mut prev: Option<usize> = None; // the last content line so far
    for (i, line) in lines.iter().enumerate().take(last_content + 1) {
        if line.2 {
            continue;
        }
        let b = body(line);
        let spaced = text[b.clone()].starts_with([' ', '\t']);
        // What the breaks since the previous content line become.
        let start = prev.map_or(0, |p| p + 1);
        let blank_lines = i - start;
        match prev {
            None => {
                let from = lines[0].0.start;
                push_line_feeds(
                    &mut out,
                    blank_lines,
                    from,
                    b.start,
                    &lines_as_pairs(&lines[..i]),
                );
            }
            Some(p) => {
                let from = lines[p].1.start;
                let prev_spaced = text[body(&lines[p])].starts_with([' ', '\t']);
                if folded && !spaced && !prev_spaced {
                    if blank_lines == 0 {
                        out.push((' ', from..b.start));
                    } else {
                        push_line_feeds(
                            &mut out,
                            blank_lines,
                            from,
                            b.start,
                            &lines_as_pairs(&lines[p + 1..i]),
                        );
                    }
                } else {
                    let pairs = lines_as_pairs(&lines[p..i]);
                    push_line_feeds(&mut out, blank_lines + 1, from, b.start, &pairs);
                }
            }
        }
        out.extend(
            text[b.clone()]
                .char_indices()
                .map(|(k, c)| (c, b.start + k..b.start + k + c.len_utf8())),
        );
        prev = Some(i);
    }
    // Chomping: the last content line's break (one is read even where the
    // frontmatter ends without it), and the empty lines after it.
    let tail = &lines[last_content..];
    if chomp != '-' {
        out.push(('\n', tail[0].1.clone()));
    }
    if chomp == '+' {
        let breaks = tail[1..].iter().filter(|l| !l.1.is_empty());
        out.extend(breaks.map(|l| ('\n', l.1.clone())));
    }
    Some(out)
}

fn lines_as_pairs(
    lines: &[(Range<usize>, Range<usize>, bool)],
) -> Vec<(Range<usize>, Range<usize>)> {
    lines
        .iter()
        .map(|(c, b, _)| (c.clone(), b.clone()))
        .collect()
}

/// Claude Code's un-escape over decoded chars: every `\` followed by `n`
/// becomes one line feed, standing for the source of both.
fn unescape_mapped(chars: Mapped) -> (String, Vec<(usize, Range<usize>)>) {
    let mut text = String::with_capacity(chars.len());
    let mut map = Vec::with_capacity(chars.len());
    let mut it = chars.into_iter().peekable();
    while let Some((c, r)) = it.next() {
        if c == '\\'
            && let Some((_, next)) = it.next_if(|(n, _)| *n == 'n')
        {
            map.push((text.len(), r.start..next.end));
            text.push('\n');
            continue;
        }
        map.push((text.len(), r));
        text.push(c);
    }
    (text, map)
}

/// Decodes the description's source exactly, char by char; `None` when the
/// result is not the text the YAML parser read (then the caller aligns).
fn decode(
    text: &str,
    content_end: usize,
    key: &Node,
    node: &Node,
    scalar: &frontmatter::yaml::Scalar,
    rescued: bool,
) -> Option<Mapped> {
    let span = node.span.clone();
    let source = text.get(span.clone())?;
    let chars = if rescued {
        // The retry quoted the rest of the line: the value is the raw text.
        source
            .char_indices()
            .map(|(i, c)| (c, span.start + i..span.start + i + c.len_utf8()))
            .collect()
    } else {
        // The node's span can take in a tag or an anchor before the value,
        // and blanks or a comment after it.
        let start = skip_properties(text, span.clone());
        match scalar.style {
            Style::Plain => {
                let mut end = span.end;
                let last_line = text[start..end]
                    .rfind(['\n', '\r'])
                    .map_or(start, |i| start + i + 1);
                if let Some(i) = text[last_line..end].find(" #") {
                    end = last_line + i;
                }
                end = start + text[start..end].trim_end_matches([' ', '\t']).len();
                decode_flow(text, start..end, Flow::Plain)?
            }
            Style::SingleQuoted | Style::DoubleQuoted => {
                let quote = if scalar.style == Style::DoubleQuoted {
                    '"'
                } else {
                    '\''
                };
                if !text[start..span.end].starts_with(quote) {
                    return None;
                }
                let end = closing_quote(text, start, span.end, quote)?;
                let flow = if quote == '"' {
                    Flow::Double
                } else {
                    Flow::Single
                };
                decode_flow(text, start + 1..end, flow)?
            }
            Style::Literal | Style::Folded => {
                let limit = content_end.max(span.end).min(text.len());
                let header = block_header(text, key.span.end, span.end.max(key.span.end))?;
                // Its key's line starts after a CR too (YAML's line break).
                let line_start = super::line_start(text, key.span.start);
                let parent = text[line_start..key.span.start].chars().count();
                decode_block(text, header, limit, parent)?
            }
        }
    };
    chars
        .iter()
        .map(|(c, _)| *c)
        .eq(scalar.text.chars())
        .then_some(chars)
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
    description_in(text, fm.located.content.end, fm.entries(), quoted)
}

/// [`description`] from top-level `entries` (the last `description` wins)
/// of a frontmatter whose YAML ends at `content_end`, knowing which values
/// Claude Code's retry quoted to read them.
#[must_use]
pub fn description_in(
    text: &str,
    content_end: usize,
    entries: &[Entry],
    quoted: &[Range<usize>],
) -> Option<Description> {
    let value = description_value(text, entries, quoted)?;
    let Value {
        entry,
        scalar,
        source,
        style,
        ..
    } = value;
    let node = &entry.value;
    // A one-line value, plain with its text as its source (no anchor, tag or
    // comment) or quoted: the last such description, edited, is this one.
    let one_line = memchr::memchr2(b'\n', b'\r', source.as_bytes()).is_none()
        && match style {
            Style::Plain => &*scalar.text == source,
            Style::SingleQuoted => {
                source.len() >= 2 && source.starts_with('\'') && source.ends_with('\'')
            }
            Style::DoubleQuoted => {
                source.len() >= 2 && source.starts_with('"') && source.ends_with('"')
            }
            Style::Literal | Style::Folded => false,
        };
    if one_line
        && let Some(d) = LAST_DESCRIPTION.with(|last| {
            last.borrow()
                .as_ref()
                .and_then(|l| l.edited(&entry.key.span, &node.span, source, style))
        })
    {
        return Some(d);
    }
    let d = described(text, content_end, &value)?;
    if one_line && d.exact {
        LAST_DESCRIPTION.with(|last| {
            *last.borrow_mut() = Some(LastDescription {
                source: source.to_owned(),
                description: d.clone(),
            });
        });
    }
    Some(d)
}

/// The last one-line description read on this thread whose text is its
/// source, with that source.
struct LastDescription {
    source: String,
    description: Description,
}

thread_local! {
    static LAST_DESCRIPTION: std::cell::RefCell<Option<LastDescription>> =
        const { std::cell::RefCell::new(None) };
}

impl LastDescription {
    /// The description of the value `source` at `span` (its key at `key`,
    /// written in `style`), if it is this one or this one after an inert
    /// edit (see [`frontmatter::incremental`]): its text and map patched.
    fn edited(
        &self,
        key: &Range<usize>,
        span: &Range<usize>,
        source: &str,
        style: Style,
    ) -> Option<Description> {
        let last = &self.description;
        if last.key != *key || last.style != style || last.span.start != span.start {
            return None;
        }
        if self.source == source {
            return Some(last.clone());
        }
        let (old, new) = (self.source.as_bytes(), source.as_bytes());
        let s = frontmatter::incremental::splice(old, new);
        // Double-quoted, the longest escape (`\\UXXXXXXXX`) ends before it.
        if !s.is_inert(old, new)
            || (style == Style::DoubleQuoted && old[s.at.saturating_sub(9)..s.at].contains(&b'\\'))
        {
            return None;
        }
        let at = span.start + s.at;
        let old_end = span.start + s.old_end;
        let inserted = &source[s.at..s.new_end];
        let (map, from) = last.map.edited(at, old_end, inserted.len())?;
        let to = from + (s.old_end - s.at);
        let text = frontmatter::incremental::spliced(&last.text, from..to, inserted)?;
        Some(Description {
            text,
            map,
            span: span.clone(),
            key: key.clone(),
            style,
            exact: true,
        })
    }
}

/// The `description` value of top-level `entries` (the last one wins), as
/// [`described`] reads it.
#[derive(Clone, Copy)]
struct Value<'a> {
    entry: &'a Entry,
    scalar: &'a frontmatter::yaml::Scalar,
    /// Its source bytes.
    source: &'a str,
    /// Whether Claude Code's retry quoted it.
    rescued: bool,
    /// How it is written (plain, for a value the retry quoted).
    style: Style,
}

/// The `description` value among `entries`, when it is a string; `quoted`
/// are the values Claude Code's retry quoted.
fn description_value<'a>(
    text: &'a str,
    entries: &'a [Entry],
    quoted: &[Range<usize>],
) -> Option<Value<'a>> {
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
    Some(Value {
        entry,
        scalar,
        source,
        rescued,
        style,
    })
}

/// [`description_in`]'s reading of `value`, afresh.
fn described(text: &str, content_end: usize, value: &Value<'_>) -> Option<Description> {
    let Value {
        entry,
        scalar,
        source,
        rescued,
        style,
    } = *value;
    let node = &entry.value;
    let (loaded, map, exact) = match decode(text, content_end, &entry.key, node, scalar, rescued) {
        Some(chars) => {
            let (loaded, map) = unescape_mapped(chars);
            let map = SourceMap::from_chars(&loaded, map);
            (loaded, map, true)
        }
        None => {
            let loaded = frontmatter::unescape_description(&scalar.text);
            let map = align(&loaded, source, node.span.start, style);
            let map = SourceMap::from_chars(&loaded, map);
            (loaded, map, false)
        }
    };
    Some(Description {
        text: loaded,
        map,
        span: node.span.clone(),
        key: entry.key.span.clone(),
        style,
        exact,
    })
}

/// The inline code spans of `text` (`` `…` ``, closed on the same line):
/// a tag inside one is a mention, not a tag.
fn code_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let run = |at: usize| bytes[at..].iter().take_while(|b| **b == b'`').count();
    let mut spans = Vec::new();
    let mut at = 0;
    while let Some(i) = memchr::memchr(b'`', &bytes[at..]) {
        let open = at + i;
        let len = run(open);
        let line_end = memchr::memchr(b'\n', &bytes[open..]).map_or(text.len(), |i| open + i);
        // The next run of exactly as many backticks on the line closes it.
        let mut k = open + len;
        let mut close = None;
        while let Some(j) = memchr::memchr(b'`', &bytes[k..line_end]) {
            let c = k + j;
            let n = run(c);
            if n == len {
                close = Some(c + n);
                break;
            }
            k = c + n;
        }
        match close {
            Some(end) => {
                spans.push(open..end);
                at = end;
            }
            None => at = open + len,
        }
    }
    spans
}

/// Finds the tags in the loaded text: (range, is_example, is_closing).
fn tags(text: &str) -> Vec<(Range<usize>, bool, bool)> {
    let bytes = text.as_bytes();
    let code = code_spans(text);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'<', &bytes[from..]) {
        let at = from + i;
        let rest = &bytes[at..];
        let found = [
            ("<example>", true, false),
            ("</example>", true, true),
            ("<commentary>", false, false),
            ("</commentary>", false, true),
        ]
        .into_iter()
        .find(|(t, _, _)| {
            rest.get(..t.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(t.as_bytes()))
        });
        match found {
            Some((tag, example, closing)) => {
                if !code.iter().any(|c| c.contains(&at)) {
                    out.push((at..at + tag.len(), example, closing));
                }
                from = at + tag.len();
            }
            None => from = at + 1,
        }
    }
    out
}

/// The quote pairs a turn can be wrapped in.
const QUOTES: [(char, char); 3] = [('"', '"'), ('\u{201c}', '\u{201d}'), ('\'', '\'')];

/// Whether a `close` quote followed by `after` closes a quotation: an
/// apostrophe inside a word (`it's`) does not.
fn closes(close: char, after: &str) -> bool {
    close != '\'' || !after.starts_with(char::is_alphanumeric)
}

/// Strips the quotes around a turn (straight or curly): the whole text, or
/// a quotation on its first line followed by more lines (an action such
/// as `<function call omitted>`).
fn unquote(s: &str) -> String {
    let s = s.trim();
    for (open, close) in QUOTES {
        let Some(rest) = s.strip_prefix(open) else {
            continue;
        };
        if let Some(inner) = rest.strip_suffix(close) {
            return inner.to_owned();
        }
        let first_end = rest.find('\n').unwrap_or(rest.len());
        let first = rest[..first_end].trim_end();
        if first_end < rest.len()
            && let Some(inner) = first.strip_suffix(close)
        {
            return format!("{inner}{}", &rest[first_end..]);
        }
    }
    s.to_owned()
}

/// Where the quotation that opens the text at `at` (after blanks) ends: just
/// past its closing quote, or at `end` when it never closes; `None` when
/// the text does not start with a quote.
fn quotation_end(text: &str, at: usize, end: usize) -> Option<usize> {
    let body = &text[at..end];
    let lead = body.len() - body.trim_start_matches([' ', '\t']).len();
    let first = body[lead..].chars().next()?;
    let (open, close) = QUOTES.into_iter().find(|(o, _)| *o == first)?;
    let start = at + lead + open.len_utf8();
    for (i, c) in text[start..end].char_indices() {
        let after = start + i + c.len_utf8();
        if c == close && closes(close, &text[after..end]) {
            return Some(after);
        }
    }
    Some(end)
}

/// Trims a range of `text` to its non-whitespace content.
fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.start + s.trim_end().len();
    start..end.max(start)
}

/// Words after which `user:` or `assistant:` is prose ("when the user:
/// asks"), not a turn.
const PROSE_BEFORE_LABEL: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "my", "your", "his", "her", "its", "our",
    "their", "each", "every", "any", "no", "some", "another", "other", "same", "to", "for", "of",
    "by", "with", "from", "as", "if", "when", "whose", "which", "new",
];

/// The turn labels found in `inner` (loaded range) outside the
/// commentaries: (offset, kind, label length).
///
/// A label starts a turn when it is preceded by a blank, a tag or nothing,
/// and:
/// - it starts a line (after an optional `- `), or follows a tag;
/// - or, run together with the text before it, that text is not inside the
///   current turn's quotation (`user: "Do it. assistant: ok?"` is one turn)
///   and either ends a sentence or quotation, or (for `user:` and
///   `assistant:`) the label is followed by a blank or a quote and is not
///   prose after a determiner or preposition (`the user: …`).
fn turn_markers(
    text: &str,
    inner: &Range<usize>,
    commentaries: &[Range<usize>],
) -> Vec<(usize, PartKind, usize)> {
    let lower = text[inner.clone()].to_ascii_lowercase();
    let mut candidates: Vec<(usize, PartKind, usize)> = Vec::new();
    for (label, kind) in [
        ("context:", PartKind::Context),
        ("user:", PartKind::User),
        ("assistant:", PartKind::Assistant),
    ] {
        for (i, _) in lower.match_indices(label) {
            candidates.push((inner.start + i, kind, label.len()));
        }
    }
    candidates.sort_by_key(|(at, _, _)| *at);
    let mut markers: Vec<(usize, PartKind, usize)> = Vec::new();
    // The end of the current turn's quotation, if it opened one.
    let mut quoted_until: Option<usize> = None;
    for (at, kind, len) in candidates {
        if commentaries.iter().any(|c| c.contains(&at)) {
            continue;
        }
        let last = markers.last().map_or(inner.start, |m| m.0);
        if commentaries.iter().any(|c| c.start >= last && c.start < at) {
            quoted_until = None;
        }
        let before = &text[inner.start..at];
        if !(before.is_empty() || before.ends_with(|c: char| c.is_whitespace() || c == '>')) {
            continue;
        }
        let prev = before.trim_end_matches([' ', '\t']);
        let prev = prev
            .strip_suffix('-')
            .map_or(prev, |p| p.trim_end_matches([' ', '\t']));
        let starts = if prev.is_empty() || prev.ends_with(['\n', '>']) {
            true
        } else if quoted_until.is_some_and(|q| at < q) {
            false
        } else if prev.ends_with(['.', '?', '!', '\'', '"', '\u{201d}', ')', ':']) {
            true
        } else if kind == PartKind::Context {
            false
        } else {
            let follows = text[at + len..inner.end]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '\u{201c}'));
            let word = prev
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or_default()
                .to_lowercase();
            follows && !PROSE_BEFORE_LABEL.contains(&word.as_str())
        };
        if starts {
            markers.push((at, kind, len));
            quoted_until = quotation_end(text, at + len, inner.end);
        }
    }
    markers
}

/// The parts of examples read by the last [`parse`] on this thread (and
/// those read since), by what they depend on: the inside of the example and
/// its commentaries, relative to it. A keystroke changes one example of a
/// description; the others' parts are taken from here.
#[derive(Default)]
struct PartsMemo {
    /// By the hash of an example's inside and commentaries.
    kept: std::collections::HashMap<u64, Vec<Kept>, std::hash::BuildHasherDefault<Fx>>,
    /// The number of the current [`parse`].
    generation: u64,
}

/// One example's parts as the memo keeps them: by its inside and its
/// commentaries (relative to the inside), with ranges relative to it, and
/// the last [`parse`] that read it.
struct Kept {
    inner: Box<str>,
    commentaries: Box<[Range<usize>]>,
    parts: std::sync::Arc<[Part]>,
    seen: u64,
}

impl Kept {
    fn is(&self, inner: &str, commentaries: &[Range<usize>], base: usize) -> bool {
        *self.inner == *inner
            && self.commentaries.len() == commentaries.len()
            && self
                .commentaries
                .iter()
                .zip(commentaries)
                .all(|(kept, c)| kept.start + base == c.start && kept.end + base == c.end)
    }
}

/// A fast hash of a few instructions per 8 bytes (a found entry is
/// compared in full), for the memo's keys: a keystroke hashes the insides
/// of every example of the description. As the memo's map's hasher, it
/// passes those keys through.
#[derive(Default)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

thread_local! {
    static PARTS: std::cell::RefCell<PartsMemo> = std::cell::RefCell::new(PartsMemo::default());
}

/// Insides longer than this are not kept by [`parts`]'s memo.
const MEMO_PART_MAX: usize = 16 * 1024;

/// A new [`parse`] starts: what the last one read stays for this one to
/// reuse, what it did not read goes.
fn parts_generation() {
    PARTS.with(|memo| {
        let mut memo = memo.borrow_mut();
        memo.generation += 1;
        let last = memo.generation - 1;
        memo.kept.retain(|_, bucket| {
            bucket.retain(|k| k.seen >= last);
            !bucket.is_empty()
        });
    });
}

/// The parts of the example whose inside is `inner`, with `commentaries`
/// (see [`parts_uncached`]), ranges relative to the inside's start, from
/// the memo when it read the same inside: then nothing is copied.
fn parts(text: &str, inner: Range<usize>, commentaries: &[Range<usize>]) -> std::sync::Arc<[Part]> {
    use std::hash::{Hash as _, Hasher as _};
    if inner.len() > MEMO_PART_MAX {
        return parts_uncached(text, inner, commentaries).into();
    }
    let base = inner.start;
    let inside = &text[inner.clone()];
    let mut hasher = Fx(inside.len() as u64);
    hasher.write(inside.as_bytes());
    for c in commentaries {
        (c.start - base, c.end - base).hash(&mut hasher);
    }
    let hash = hasher.finish();
    let known = PARTS.with(|memo| {
        let mut memo = memo.borrow_mut();
        let generation = memo.generation;
        let kept = memo
            .kept
            .get_mut(&hash)?
            .iter_mut()
            .find(|k| k.is(inside, commentaries, base))?;
        kept.seen = generation;
        Some(std::sync::Arc::clone(&kept.parts))
    });
    if let Some(parts) = known {
        return parts;
    }
    let parts: std::sync::Arc<[Part]> = parts_uncached(text, inner, commentaries).into();
    PARTS.with(|memo| {
        let mut memo = memo.borrow_mut();
        let kept = Kept {
            inner: inside.into(),
            commentaries: commentaries
                .iter()
                .map(|c| c.start - base..c.end - base)
                .collect(),
            parts: std::sync::Arc::clone(&parts),
            seen: memo.generation,
        };
        memo.kept.entry(hash).or_default().push(kept);
    });
    parts
}

/// Splits the inside of an example (`inner`, loaded range) into parts,
/// their ranges relative to its start.
fn parts_uncached(text: &str, inner: Range<usize>, commentaries: &[Range<usize>]) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    let markers = turn_markers(text, &inner, commentaries);
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
            text: text[lead.clone()].into(),
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
                    text: unquote(&text[body]).into(),
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
                let body = strip_tag(body, "<commentary>", false);
                let body = strip_tag(body, "</commentary>", true);
                out.push(Part {
                    kind: PartKind::Commentary,
                    text: body.trim().into(),
                    loaded: c.clone(),
                });
                // Text after a commentary and before the next marker.
                let after = trim(text, c.end..next);
                if !after.is_empty() {
                    out.push(Part {
                        kind: PartKind::Other,
                        text: text[after.clone()].into(),
                        loaded: after,
                    });
                }
            }
        }
    }
    for p in &mut out {
        p.loaded = p.loaded.start - inner.start..p.loaded.end - inner.start;
    }
    out
}

/// `s` without the tag at its start (or end), in any case.
fn strip_tag<'a>(s: &'a str, tag: &str, at_end: bool) -> &'a str {
    if at_end {
        let cut = s.len().saturating_sub(tag.len());
        match s.get(cut..) {
            Some(t) if t.eq_ignore_ascii_case(tag) => &s[..cut],
            _ => s,
        }
    } else {
        match s.get(..tag.len()) {
            Some(t) if t.eq_ignore_ascii_case(tag) => &s[tag.len()..],
            _ => s,
        }
    }
}

/// Parses the description's examples. Never fails: broken structure is
/// reported in [`Examples::problems`].
#[must_use]
pub fn parse(description: Description) -> Examples {
    let examples = LAST_EXAMPLES.with(|last| {
        last.borrow()
            .as_ref()
            .and_then(|l| l.edited(description.text.as_str()))
    });
    let examples = match examples {
        Some((summary, examples)) => Examples {
            description,
            summary,
            examples,
            problems: Vec::new(),
        },
        None => parse_whole(description),
    };
    LAST_EXAMPLES.with(|last| {
        let kept =
            examples.problems.is_empty() && examples.description.text.len() <= KEPT_DESCRIPTION_MAX;
        *last.borrow_mut() = kept.then(|| LastExamples {
            text: examples.description.text.clone(),
            examples: examples.examples.clone(),
        });
    });
    examples
}

/// The last description parsed on this thread whose examples have no
/// problem: its text and its examples.
struct LastExamples {
    text: String,
    examples: Vec<Example>,
}

thread_local! {
    static LAST_EXAMPLES: std::cell::RefCell<Option<LastExamples>> =
        const { std::cell::RefCell::new(None) };
}

/// Descriptions longer than this are not kept for the next [`parse`].
const KEPT_DESCRIPTION_MAX: usize = 256 * 1024;

/// The longest tag, `</commentary>`, in bytes.
const LONGEST_TAG: usize = "</commentary>".len();

impl LastExamples {
    /// The summary and examples of `text` when it is this description after
    /// an edit that leaves every tag where it was (moved by the edit): the
    /// edit holds no `<`, `>`, backtick or line break, and starts in no
    /// tag. The examples before the edit are kept, those after it moved, and
    /// only the one it falls in, if any, is read again.
    fn edited(&self, text: &str) -> Option<(Vec<Range<usize>>, Vec<Example>)> {
        let (old, new) = (self.text.as_bytes(), text.as_bytes());
        let s = frontmatter::incremental::splice(old, new);
        let special = |b: &u8| matches!(b, b'<' | b'>' | b'`' | b'\n' | b'\r');
        if old[s.at..s.old_end].iter().any(special) || new[s.at..s.new_end].iter().any(special) {
            return None;
        }
        // A `<` just before the edit with no `>` after it: the edit may be
        // inside a tag, or make one.
        let window = &old[s.at.saturating_sub(LONGEST_TAG)..s.at];
        if let Some(lt) = memchr::memrchr(b'<', window)
            && !window[lt..].contains(&b'>')
        {
            return None;
        }
        let delta = isize::try_from(s.new_end).ok()? - isize::try_from(s.old_end).ok()?;
        // Where a tag starts moves when the edit ends at or before it;
        // where one ends, when the edit starts before it (text typed just
        // after a tag is not in it).
        let start = |at: usize| {
            if at >= s.old_end {
                at.checked_add_signed(delta)
            } else {
                Some(at)
            }
        };
        let end = |at: usize| {
            if at > s.at {
                at.checked_add_signed(delta)
            } else {
                Some(at)
            }
        };
        let mut examples = Vec::with_capacity(self.examples.len());
        for e in &self.examples {
            let close = e.loaded.end - "</example>".len();
            let loaded = start(e.loaded.start)?..end(e.loaded.end)?;
            let inside = end(e.inside)?;
            let parts = if e.inside <= s.at && s.old_end <= close {
                // The edit is inside this example: its commentaries and
                // parts again.
                let inner = inside..loaded.end - "</example>".len();
                let commentaries = commentaries_in(text, &inner)?;
                parts_uncached(text, inner, &commentaries).into()
            } else {
                std::sync::Arc::clone(&e.parts)
            };
            examples.push(Example {
                loaded,
                closed: e.closed,
                inside,
                parts,
            });
        }
        Some((summary_between(text, &examples), examples))
    }
}

/// The commentaries of an example with no problem (`inner`, its inside):
/// each `<commentary>` and the `</commentary>` after it. `None` when they
/// do not pair up.
fn commentaries_in(text: &str, inner: &Range<usize>) -> Option<Vec<Range<usize>>> {
    let mut out = Vec::new();
    let mut open = None;
    for (range, is_example, closing) in tags(&text[inner.clone()]) {
        let range = inner.start + range.start..inner.start + range.end;
        match (is_example, closing, open) {
            (false, false, None) => open = Some(range.start),
            (false, true, Some(start)) => {
                out.push(start..range.end);
                open = None;
            }
            _ => return None,
        }
    }
    open.is_none().then_some(out)
}

/// The summary of a description whose `examples` are all closed, none
/// nested: the text between them, as [`parse_whole`] trims it.
fn summary_between(text: &str, examples: &[Example]) -> Vec<Range<usize>> {
    let mut summary = Vec::new();
    let mut from = 0;
    for e in examples {
        summary.push(trim(text, from..e.loaded.start));
        from = e.loaded.end;
    }
    summary.push(trim(text, from..text.len()));
    tidy_summary(text, &mut summary);
    summary
}

/// Drops the empty stretches of a summary, and a trailing "- " list
/// marker before an example, which belongs to no one.
fn tidy_summary(text: &str, summary: &mut Vec<Range<usize>>) {
    summary.retain(|r| !r.is_empty());
    for r in summary.iter_mut() {
        let s = &text[r.clone()];
        if let Some(stripped) = s.strip_suffix('-') {
            *r = trim(text, r.start..r.start + stripped.len());
        }
    }
    summary.retain(|r| !r.is_empty());
}

/// [`parse`] from scratch: every tag read, every example's parts looked up.
fn parse_whole(description: Description) -> Examples {
    parts_generation();
    let text = description.text.as_str();
    let mut examples = Vec::new();
    let mut problems = Vec::new();
    let mut summary = Vec::new();
    let mut open_example: Option<usize> = None;
    let mut open_commentary: Option<usize> = None;
    // A `<commentary>` outside any example, reported once: its closing tag
    // is not reported again.
    let mut outside_commentary = false;
    let mut commentaries: Vec<Range<usize>> = Vec::new();
    let mut outside_from = 0;
    for (range, is_example, closing) in tags(text) {
        match (is_example, closing) {
            (true, false) => {
                outside_commentary = false;
                if let Some(start) = open_example {
                    problems.push(Problem::Nested(range.clone()));
                    // Close the first one here, so the rest still parses.
                    if let Some(c) = open_commentary.take() {
                        problems.push(Problem::CommentaryUnclosed(c..c + "<commentary>".len()));
                        commentaries.push(trim(text, c..range.start));
                    }
                    let inner = start + "<example>".len()..range.start;
                    examples.push(Example {
                        loaded: trim(text, start..range.start),
                        closed: false,
                        inside: inner.start,
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
                        commentaries.push(trim(text, c..range.start));
                    }
                    let inner = start + "<example>".len()..range.start;
                    examples.push(Example {
                        loaded: start..range.end,
                        closed: true,
                        inside: inner.start,
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
                    outside_commentary = true;
                } else if open_commentary.is_none() {
                    open_commentary = Some(range.start);
                }
            }
            (false, true) => match open_commentary.take() {
                Some(start) => commentaries.push(start..range.end),
                None if open_example.is_some() => problems.push(Problem::CommentaryUnopened(range)),
                None if outside_commentary => outside_commentary = false,
                None => problems.push(Problem::CommentaryOutside(range)),
            },
        }
    }
    if let Some(start) = open_example {
        problems.push(Problem::Unclosed(start..start + "<example>".len()));
        if let Some(c) = open_commentary.take() {
            problems.push(Problem::CommentaryUnclosed(c..c + "<commentary>".len()));
            commentaries.push(trim(text, c..text.len()));
        }
        let inner = start + "<example>".len()..text.len();
        examples.push(Example {
            loaded: trim(text, start..text.len()),
            closed: false,
            inside: inner.start,
            parts: parts(text, inner, &commentaries),
        });
    } else {
        summary.push(trim(text, outside_from..text.len()));
    }
    tidy_summary(text, &mut summary);
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

/// Whether `&` at the start of `rest` begins a character reference
/// (`&amp;`, `&#39;`, `&#x27;`), which Markdown would decode.
fn entity_at(rest: &str) -> bool {
    let body = &rest[1..];
    let name_len = body
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name_len > 0 && body[name_len..].starts_with(';')
}

/// A pseudo-tag (`<function call omitted for brevity>`, `<Agent tool call
/// to x>`) at the start of `rest`: its length and inner text. Example
/// writers use them for what the assistant does; they are not HTML.
fn pseudo_tag(rest: &str) -> Option<(usize, &str)> {
    let inner_start = rest.strip_prefix('<')?;
    if !inner_start.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let close = inner_start.find(['<', '>', '\n'])?;
    let inner = &inner_start[..close];
    (inner_start[close..].starts_with('>') && inner.contains(char::is_whitespace))
        .then_some((close + 2, inner.trim()))
}

/// Escapes the Markdown in one line of the description's text, keeping it
/// readable: only what a renderer would interpret is escaped (emphasis,
/// code, links, HTML and entities, and block markers at the line start).
/// Pseudo-tags become an action in parentheses, in italics unless
/// `emphasised` (the line is already in italics).
fn escape_line(line: &str, emphasised: bool) -> String {
    escape(line, emphasised, true)
}

/// [`escape_line`], for a line that starts a Markdown line (`line_start`)
/// or follows other text on it.
fn escape(line: &str, emphasised: bool, line_start: bool) -> String {
    let line = line.trim();
    let mut out = String::with_capacity(line.len() + 8);
    // Block markers: headings, quotes, lists, rules, setext underlines.
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = line_start && digits > 0 && line[digits..].starts_with(['.', ')']);
    let mut start = 0;
    if line_start {
        if line.starts_with(['#', '>', '-', '+', '=']) {
            out.push('\\');
        } else if line.starts_with('*') && line[1..].starts_with([' ', '\t', '*']) {
            out.push_str("\\*");
            start = 1;
        } else if numbered {
            out.push_str(&line[..digits]);
            out.push('\\');
            start = digits;
        }
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut k = chars
        .iter()
        .position(|(i, _)| *i >= start)
        .unwrap_or(chars.len());
    while k < chars.len() {
        let (i, c) = chars[k];
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(k + 1).map(|n| n.1);
        let blank = |c: Option<char>| c.is_none_or(char::is_whitespace);
        let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        if c == '<'
            && let Some((len, inner)) = pseudo_tag(&line[i..])
        {
            let inner = escape_line(inner, true);
            if emphasised {
                out.push_str(&format!("({inner})"));
            } else {
                out.push_str(&format!("*({inner})*"));
            }
            let end = i + len;
            while k < chars.len() && chars[k].0 < end {
                k += 1;
            }
            continue;
        }
        let escape = match c {
            '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
            '`' | '[' | '|' => true,
            '*' | '~' => !(blank(prev) && blank(next)),
            '_' => !(alnum(prev) && alnum(next)),
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            '&' => entity_at(&line[i..]),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        k += 1;
    }
    out
}

/// Renders lines of the description's text as Markdown, each line on its
/// own (hard breaks), blank lines as paragraph breaks, every line after
/// `prefix` (`"> "` inside a quote).
fn push_lines(out: &mut String, text: &str, prefix: &str, first: &str) {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut written = false;
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() {
            if written && lines[i + 1..].iter().any(|l| !l.is_empty()) {
                out.push_str(prefix.trim_end());
                out.push('\n');
            }
            continue;
        }
        out.push_str(prefix);
        if !written {
            out.push_str(first);
        }
        out.push_str(&escape(line, false, written || first.is_empty()));
        if lines.get(i + 1).is_some_and(|l| !l.is_empty()) {
            out.push_str("  ");
        }
        out.push('\n');
        written = true;
    }
    if !written && !first.is_empty() {
        out.push_str(prefix);
        out.push_str(first.trim_end());
        out.push('\n');
    }
}

/// One example rendered as a conversation: the context as a note, turns as
/// labelled quotes, the commentary in italics. The text is escaped, so the
/// preview shows it as written.
#[must_use]
pub fn render_example(example: &Example, number: usize) -> String {
    let mut out = format!("#### Example {number}\n");
    if !example.closed {
        out.push_str("\n*(this example is never closed with `</example>`)*\n");
    }
    for part in example.parts.iter() {
        out.push('\n');
        match part.kind {
            PartKind::Context => push_lines(&mut out, &part.text, "> ", "**Context:** "),
            PartKind::User => {
                out.push_str("**user**\n");
                push_lines(&mut out, &part.text, "> ", "");
            }
            PartKind::Assistant => {
                out.push_str("**assistant**\n");
                push_lines(&mut out, &part.text, "> ", "");
            }
            PartKind::Commentary => {
                for line in part.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    out.push_str(&format!("*{}*\n", escape_line(line, true)));
                }
            }
            PartKind::Other => push_lines(&mut out, &part.text, "", ""),
        }
    }
    out
}

/// The whole description rendered as Markdown, in reading order: the text
/// outside the examples where it stands, every example as a conversation.
#[must_use]
pub fn render(examples: &Examples, name: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(name) = name {
        out.push_str(&format!("### {}\n\n", escape_line(name, false)));
    }
    let text = &examples.description.text;
    let mut items: Vec<(usize, Option<usize>)> = examples
        .summary
        .iter()
        .map(|r| (r.start, None))
        .chain(
            examples
                .examples
                .iter()
                .enumerate()
                .map(|(i, e)| (e.loaded.start, Some(i))),
        )
        .collect();
    items.sort_by_key(|(at, _)| *at);
    let mut summary = examples.summary.iter();
    for (_, item) in items {
        match item {
            None => {
                if let Some(r) = summary.next() {
                    push_lines(&mut out, &text[r.clone()], "", "");
                    out.push('\n');
                }
            }
            Some(i) => {
                out.push_str(&render_example(&examples.examples[i], i + 1));
                out.push('\n');
            }
        }
    }
    if examples.examples.is_empty() {
        out.push_str("*No `<example>` blocks.*\n");
    }
    out.trim_end().to_owned() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The description read afresh, without the last one.
    fn fresh(text: &str, fm: &Frontmatter) -> Option<Description> {
        let quoted: &[Range<usize>] = match &fm.outcome {
            frontmatter::Outcome::Rescued { quoted, .. } => quoted,
            _ => &[],
        };
        let value = description_value(text, fm.entries(), quoted)?;
        described(text, fm.located.content.end, &value)
    }

    #[test]
    fn an_edited_description_equals_a_fresh_one() {
        let mut reused = 0;
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let texts = crate::frontmatter::incremental::tests::fixture_texts();
        for text in texts.iter().chain(
            [
                "---\nname: a\ndescription: Use it\\nwhen\\n<example>user: hi bye</example>\n---\n"
                    .to_owned(),
                "---\nname: a\ndescription: \"Use it when\\nasked to\"\n---\n".to_owned(),
            "---\nname: a\ndescription: \"Use it\\\\nwhen \\x41sked\\u00e9 to \\\"go\\\"\\n<example>user: hi\\n</example>\"\n---\n".to_owned(),
                "---\nname: a\ndescription: 'Use it when\\nasked to'\n---\n".to_owned(),
            ]
            .iter(),
        ) {
            let Locate::Found(located) = frontmatter::locate(text) else {
                continue;
            };
            let fm = frontmatter::parse_uncached(text, &located);
            let Some(d) = description_of(text, &fm) else {
                continue;
            };
            let places: Vec<usize> = (d.span.start + 1..d.span.end.saturating_sub(1))
                .filter(|&i| i > 0 && text.as_bytes()[i - 1].is_ascii_alphanumeric())
                .collect();
            if places.is_empty() {
                continue;
            }
            for _ in 0..6 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let at = places[usize::try_from(seed >> 33).unwrap_or(0) % places.len()];
                for (remove, insert) in [(0, "x"), (0, " "), (0, "ab 1"), (1, ""), (2, "z")] {
                    let end = (at + remove).min(text.len());
                    if !text.is_char_boundary(end) || !text.is_char_boundary(at) {
                        continue;
                    }
                    let new = format!("{}{insert}{}", &text[..at], &text[end..]);
                    let Locate::Found(l) = frontmatter::locate(&new) else {
                        continue;
                    };
                    let new_fm = frontmatter::parse_uncached(&new, &l);
                    // The old one first, so that the new one can edit it.
                    let _ = description_of(text, &fm);
                    let edited = description_of(&new, &new_fm);
                    let expected = fresh(&new, &new_fm);
                    reused += usize::from(edited.as_ref().is_some_and(|e| e.span != d.span));
                    assert_eq!(edited, expected, "{new}");
                }
            }
        }
        assert!(reused > 500, "{reused}");
    }

    fn examples(text: &str) -> Examples {
        of(text).expect("a description")
    }

    /// Pieces of the descriptions typed into below: tags in any case, turn
    /// labels, code spans, list markers and line breaks.
    const PIECES: &[&str] = &[
        "Use it. ",
        "<example>",
        "</example>",
        "<EXAMPLE>",
        "<commentary>",
        "</commentary>",
        "Context: here\n",
        "user: \"hi\"\n",
        "assistant: ok\n",
        "`<example>`",
        "- ",
        "\n",
        "x",
        "  ",
        "when the user: asks",
        "<",
        ">",
        "`",
        "é漢",
    ];

    /// What an edit inserts.
    const INSERTS: &[&str] = &["x", " ", "ab", "<", ">", "`", "\n", "-", "m", "é", ""];

    /// A description of `text` (its map is not read by [`parse`]).
    fn plain(text: &str) -> Description {
        Description {
            text: text.to_owned(),
            map: SourceMap::default(),
            span: 0..0,
            key: 0..0,
            style: Style::Plain,
            exact: false,
        }
    }

    #[test]
    fn typing_into_examples_parses_as_a_whole_parse() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
        let config = Config {
            cases: 1500,
            failure_persistence: None,
            ..Config::default()
        };
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
        let mut runner = TestRunner::new_with_rng(config, rng);
        let strategy = (
            proptest::collection::vec(0..PIECES.len(), 1..24),
            proptest::collection::vec((0..10_000usize, 0..3usize, 0..INSERTS.len()), 1..30),
        );
        let reused = std::cell::Cell::new(0);
        runner
            .run(&strategy, |(pieces, edits)| {
                let mut text: String = pieces.iter().map(|&i| PIECES[i]).collect();
                let _ = parse(plain(&text));
                for (at, remove, insert) in edits {
                    let mut at = at % (text.len() + 1);
                    while !text.is_char_boundary(at) {
                        at -= 1;
                    }
                    let mut end = (at + remove).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(at..end, INSERTS[insert]);
                    let edited = LAST_EXAMPLES.with(|last| {
                        last.borrow()
                            .as_ref()
                            .and_then(|l| l.edited(&text))
                            .is_some()
                    });
                    reused.set(reused.get() + usize::from(edited));
                    let warm = parse(plain(&text));
                    let whole = parse_whole(plain(&text));
                    prop_assert_eq!(&warm, &whole, "{:?}", text);
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(reused.get() > 500, "{}", reused.get());
    }

    /// A bare CR is a line break to YAML: a block scalar's key after one
    /// is indented from it (found by the fuzzer).
    #[test]
    fn a_block_after_a_bare_carriage_return() {
        for text in [
            "---\nname: a\rdescription: >\n  name: a\n---\nB\n",
            "---\nname: a\ndescription: |\n  x: a\rdescription: > \n  - name: a\n---\nB\n",
        ] {
            let d = description(text).expect("a description");
            assert!(d.is_exact(), "{text:?}");
        }
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
        assert_eq!(&*e.parts[1].text, "Do Y");
        assert_eq!(&*e.parts[3].text, "Fits.");
        // Source ranges: the user turn maps back to the escaped source.
        let src = ex.description.source(&e.part_loaded(&e.parts[1]));
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
        assert_eq!(&*e.parts[0].text, "hi");
        assert_eq!(
            &text[ex.description.source(&e.part_loaded(&e.parts[0]))],
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
            &text[ex.description.source(&e.part_loaded(&e.parts[2]))],
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
            .map(|p| (p.kind, &*p.text))
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
                "unclosed",
                "commentary-unclosed"
            ]
        );
        assert_eq!(ex.examples.len(), 1);
        assert!(!ex.examples[0].closed);
    }

    /// The parts of the first example: (kind, text).
    fn turns(text: &str) -> Vec<(PartKind, String)> {
        examples(text).examples[0]
            .parts
            .iter()
            .map(|p| (p.kind, p.text.to_string()))
            .collect()
    }

    fn line(description: &str) -> String {
        format!("---\nname: a\ndescription: {description}\n---\nB\n")
    }

    #[test]
    fn turns_run_together_split_on_their_labels() {
        use PartKind::{Assistant, Context, User};
        let own = |k: PartKind, t: &str| (k, t.to_owned());
        // A folded block: every line folds into one.
        let folded = "---\nname: a\ndescription: >\n  Use it when a migration needs review.\n  <example>\n  Context: The user has written a new migration\n  user: \"Here is my migration, can you check it\"\n  assistant: \"I'll use the db-reviewer agent\"\n  </example>\n---\nB\n";
        assert_eq!(
            turns(folded),
            [
                own(Context, "The user has written a new migration"),
                own(User, "Here is my migration, can you check it"),
                own(Assistant, "I'll use the db-reviewer agent"),
            ]
        );
        // One line, no punctuation before the labels.
        assert_eq!(
            turns(&line("'<example>user: u assistant: a</example>'")),
            [own(User, "u"), own(Assistant, "a")]
        );
        assert_eq!(
            turns(&line(
                "'<example>Context: User wants a code review user: \"check my diff\" assistant: \"I will use it\"</example>'"
            )),
            [
                own(Context, "User wants a code review"),
                own(User, "check my diff"),
                own(Assistant, "I will use it"),
            ]
        );
        // An apostrophe inside a word does not close a quotation.
        assert_eq!(
            turns(&line(
                "\"<example>user: 'It's broken' assistant: 'Fixing'</example>\""
            )),
            [own(User, "It's broken"), own(Assistant, "Fixing")]
        );
    }

    #[test]
    fn labels_in_prose_and_quotations_are_not_turns() {
        use PartKind::{Assistant, Context, User};
        let own = |k: PartKind, t: &str| (k, t.to_owned());
        // Inside the turn's quotation, even after a full stop.
        assert_eq!(
            turns(&line(
                "'<example>user: \"Please do. assistant: will you?\" assistant: ok</example>'"
            )),
            [
                own(User, "Please do. assistant: will you?"),
                own(Assistant, "ok")
            ]
        );
        assert_eq!(
            turns(&line(
                "'<example>user: \"When the user: logs in, it fails\"\\nassistant: ok</example>'"
            )),
            [
                own(User, "When the user: logs in, it fails"),
                own(Assistant, "ok")
            ]
        );
        // After a determiner or a preposition, in a Context or a turn.
        assert_eq!(
            turns(&line(
                "'<example>Context: Ask the assistant: what now user: tell your user: hi assistant: ok</example>'"
            )),
            [
                own(Context, "Ask the assistant: what now"),
                own(User, "tell your user: hi"),
                own(Assistant, "ok"),
            ]
        );
        // Not followed by a blank or a quote, or inside a word.
        assert_eq!(
            turns(&line(
                "'<example>user: log in as user:pass or superuser: now assistant: ok</example>'"
            )),
            [
                own(User, "log in as user:pass or superuser: now"),
                own(Assistant, "ok"),
            ]
        );
    }

    #[test]
    fn quoted_turn_followed_by_an_action_line() {
        let text = line(
            "\"<example>\\nuser: \\\"Write it\\\"\\nassistant: \\\"Here it is:\\\"\\n<function call omitted for brevity>\\n</example>\"",
        );
        let parts = turns(&text);
        assert_eq!(
            parts[1].1,
            "Here it is:\n<function call omitted for brevity>"
        );
    }

    #[test]
    fn mentions_in_code_spans_are_not_tags() {
        let text = line(
            "'Writes agent files whose description has `<example>` blocks, or ``</example>``.'",
        );
        let ex = examples(&text);
        assert!(ex.examples.is_empty() && ex.problems.is_empty(), "{ex:?}");
        // A backtick that is never closed on its line quotes nothing.
        let text = line("'Uses ` marks.\\n<example>user: u assistant: a</example>'");
        assert_eq!(examples(&text).examples.len(), 1);
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

    #[test]
    fn markdown_in_the_text_is_escaped() {
        // Emphasis, code, links, HTML, entities and list markers show as written;
        // snake_case, a lone `*` and `a < b` need no escape.
        assert_eq!(
            escape_line(
                "__init__.py and *args, `x`, [a](b), <b>, &amp; snake_case a * b < c",
                false
            ),
            "\\_\\_init\\_\\_.py and \\*args, \\`x\\`, \\[a](b), \\<b>, \\&amp; snake_case a * b < c"
        );
        assert_eq!(escape_line("1. first", false), "1\\. first");
        assert_eq!(escape_line("- item", false), "\\- item");
        assert_eq!(escape_line("* item", false), "\\* item");
        assert_eq!(escape_line("# of files > 10", false), "\\# of files > 10");
        assert_eq!(escape_line("C:\\dir\\", false), "C:\\dir\\\\");
        // Pseudo-tags are actions, not HTML.
        assert_eq!(
            escape_line("<function call omitted for brevity>", false),
            "*(function call omitted for brevity)*"
        );
        assert_eq!(
            escape_line("<Agent tool call to x>", true),
            "(Agent tool call to x)"
        );
    }

    #[test]
    fn render_keeps_reading_order_and_line_breaks() {
        let text = line(
            "\"Lead.\\n<example>\\nuser: \\\"Fix these:\\n1. the __init__ file\\n2. the *main* loop\\\"\\nassistant: \\\"Here:\\\"\\n<function call omitted>\\n</example>\\nBetween.\\n<example>\\nuser: u\\nassistant: a\\n</example>\\nAfter.\"",
        );
        assert_eq!(
            render(&examples(&text), Some("my_agent")),
            "### my_agent\n\nLead.\n\n#### Example 1\n\n**user**\n> Fix these:  \n> 1\\. the \\_\\_init\\_\\_ file  \n> 2\\. the \\*main\\* loop\n\n**assistant**\n> Here:  \n> *(function call omitted)*\n\nBetween.\n\n#### Example 2\n\n**user**\n> u\n\n**assistant**\n> a\n\nAfter.\n"
        );
    }
}
