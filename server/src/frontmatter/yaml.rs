//! A YAML document tree with a byte span on every node, built from
//! `saphyr-parser` events.
//!
//! Unlike a loader into hash maps, the tree keeps every mapping entry in
//! source order (duplicate keys included, so rules can report them) and never
//! expands aliases (so an alias bomb costs nothing): an alias names its
//! anchor's id, which the document's anchors resolve to the anchored node on demand.
//! Scalars are typed with the YAML 1.2 core schema, as Claude Code's parser
//! does.

use std::borrow::Cow;
use std::ops::Range;

use saphyr::ScalarOwned;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// Mappings and sequences nested deeper than this are refused.
pub const MAX_DEPTH: usize = 512;

/// A YAML node.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Byte range in the parsed text.
    pub span: Range<usize>,
    /// What the node holds.
    pub kind: NodeKind,
    /// The id of the anchor (`&name`) set on this node, 0 for none. Ids are
    /// unique in a stream: a redefined name gets a new id.
    pub anchor: usize,
}

/// The content of a [`Node`].
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// A scalar.
    Scalar(Scalar),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, entries in source order, duplicates kept.
    Map(Vec<Entry>),
    /// An alias (`*name`), with the id of the anchor it refers to (0 for an
    /// anchor defined nowhere before it); never expanded.
    Alias(usize),
}

/// A mapping entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key node.
    pub key: Node,
    /// The value node.
    pub value: Node,
}

/// A scalar with its decoded text, its style and its core-schema value.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The decoded text (after quoting, escapes and folding).
    pub text: std::sync::Arc<str>,
    /// How it was written.
    pub style: Style,
    /// What it resolves to.
    pub value: ScalarValue,
}

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Unquoted.
    Plain,
    /// `'single quoted'`.
    SingleQuoted,
    /// `"double quoted"`.
    DoubleQuoted,
    /// `|` block.
    Literal,
    /// `>` block.
    Folded,
}

/// A scalar's value under the YAML 1.2 core schema.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScalarValue {
    /// `null`, `~` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string (the text is in [`Scalar::text`]).
    Str,
}

/// A YAML syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset in the parsed text where the parser gave up.
    pub offset: usize,
    /// The parser's message.
    pub message: String,
}

/// The result of parsing a YAML stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The first document's root node, if the stream has one.
    pub root: Option<Node>,
    /// How many documents the stream holds.
    pub documents: usize,
}

impl Node {
    /// The mapping entries, if this is a mapping.
    #[must_use]
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Map(e) => Some(e),
            _ => None,
        }
    }

    /// The scalar, if this is a scalar.
    #[must_use]
    pub fn scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a string scalar.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) if s.value == ScalarValue::Str => Some(&s.text),
            _ => None,
        }
    }

    /// The value for `key` in a mapping (the last one, if repeated).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .rev()
            .find(|e| e.key.as_str() == Some(key))
            .map(|e| &e.value)
    }

    /// A short description of the node's type, for messages.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar(s) => match s.value {
                ScalarValue::Null => "empty",
                ScalarValue::Bool(_) => "a boolean",
                ScalarValue::Int(_) | ScalarValue::Float(_) => "a number",
                ScalarValue::Str => "a string",
            },
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
            NodeKind::Alias(_) => "an alias",
        }
    }

    /// Shifts every span by `delta` bytes, or maps it through `f`.
    pub fn map_spans(&mut self, f: &impl Fn(usize) -> usize) {
        self.span = f(self.span.start)..f(self.span.end);
        match &mut self.kind {
            NodeKind::Seq(items) => items.iter_mut().for_each(|n| n.map_spans(f)),
            NodeKind::Map(entries) => {
                for e in entries {
                    e.key.map_spans(f);
                    e.value.map_spans(f);
                }
            }
            NodeKind::Scalar(_) | NodeKind::Alias(_) => {}
        }
    }
}

/// The length of the quoted scalar at the start of `src` (opening `quote`
/// to closing one, escapes and `''` in single quotes skipped), if it is one.
fn quoted_len(src: &str, quote: char) -> Option<usize> {
    let mut chars = src.char_indices().peekable();
    if chars.next().map(|(_, c)| c) != Some(quote) {
        return None;
    }
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                continue;
            }
            return Some(i + 1);
        }
    }
    None
}

/// The length of the node properties (`&anchor`, `!tag`) at the start of
/// `src`, with the blanks after each.
fn properties_len(src: &str) -> usize {
    let mut at = 0;
    while src[at..].starts_with(['&', '!']) {
        let token = src[at..]
            .find([' ', '\t', '\r', '\n'])
            .unwrap_or(src.len() - at);
        at += token;
        let blanks = src[at..].len() - src[at..].trim_start_matches([' ', '\t', '\r', '\n']).len();
        at += blanks;
    }
    at
}

/// Byte offsets of each char of `text`, plus one past the end, so that
/// `table[char_index]` is a byte offset.
/// Byte offsets of the parser's character indices: none needed for ASCII
/// text (most frontmatter), where they are the same.
fn char_to_byte_table(text: &str) -> Option<Vec<usize>> {
    if text.is_ascii() {
        return None;
    }
    let mut table: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    table.push(text.len());
    Some(table)
}

enum Frame {
    Seq(usize, usize, Vec<Node>),
    Map(usize, usize, Vec<Entry>, Option<Node>),
}

/// saphyr's error for a tab between a `:` and the value after it.
const TAB_AFTER_COLON: &str = "':' must be followed by a valid YAML whitespace";

/// saphyr's error for a `\u` escape that is not a character (a surrogate).
const BAD_UNICODE_ESCAPE: &str =
    "while parsing a quoted scalar, found invalid Unicode character escape code";

/// How many such places a parse works around.
const MAX_WORKAROUNDS: usize = 64;

/// Parses `text` as a YAML stream. Never panics; a syntax error is returned
/// with its byte offset.
///
/// Two things Claude Code's parser (Bun's) reads and saphyr rejects are read
/// as Bun reads them, by rewriting them in a copy of the same length (so
/// every offset holds):
/// - `key:<TAB>value` is valid YAML 1.2 (a tab is separation space after the
///   `:`), but saphyr rejects it when the value starts with a letter or `-`:
///   such a tab is read as a space;
/// - a surrogate pair of `\u` escapes in a double-quoted scalar, as JSON
///   writes characters outside the BMP (`"\ud83d\ude00"`), is one character
///   (a lone surrogate becomes U+FFFD).
///
/// The last few results on each thread are kept and handed out again for
/// the same source.
pub fn parse(text: &str) -> Result<Document, SyntaxError> {
    if text.len() > CACHED_SOURCE_MAX {
        return parse_uncached(text);
    }
    let hit = RECENT.with(|recent| {
        let recent = recent.borrow();
        recent
            .iter()
            .find(|(source, _)| source == text)
            .map(|(_, parsed)| parsed.clone())
    });
    if let Some(parsed) = hit {
        return parsed;
    }
    let parsed = parse_uncached(text);
    RECENT.with(|recent| {
        let mut recent = recent.borrow_mut();
        if recent.len() == CACHED_SOURCES {
            recent.pop_front();
        }
        recent.push_back((text.to_owned(), parsed.clone()));
    });
    parsed
}

/// Sources larger than this are not kept by [`parse`]'s cache.
const CACHED_SOURCE_MAX: usize = 256 * 1024;

/// How many recent sources [`parse`] keeps on each thread.
const CACHED_SOURCES: usize = 4;

/// A parse result.
type Parsed = Result<Document, SyntaxError>;

thread_local! {
    /// The last sources parsed on this thread and their results: one check
    /// reads the same YAML for more than one tool (Claude Code, Copilot
    /// CLI's strict reading) and the same line for more than one question.
    static RECENT: std::cell::RefCell<std::collections::VecDeque<(String, Parsed)>> =
        const { std::cell::RefCell::new(std::collections::VecDeque::new()) };
}

/// What a scalar written `text` in `style` (with `tag`, if any) resolves
/// to under the core schema.
fn core_value(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Cow<'_, saphyr_parser::Tag>>,
) -> ScalarValue {
    match ScalarOwned::parse_from_cow_and_metadata(Cow::Borrowed(text), style, tag) {
        Some(ScalarOwned::Null) => ScalarValue::Null,
        Some(ScalarOwned::Boolean(b)) => ScalarValue::Bool(b),
        Some(ScalarOwned::Integer(i)) => ScalarValue::Int(i),
        Some(ScalarOwned::FloatingPoint(f)) => ScalarValue::Float(f.into_inner()),
        Some(ScalarOwned::String(_)) | None => ScalarValue::Str,
    }
}

/// What an untagged plain scalar `text` resolves to under the core schema.
#[must_use]
pub fn plain_value(text: &str) -> ScalarValue {
    core_value(text, ScalarStyle::Plain, None)
}

/// [`parse`] without its cache.
#[must_use = "the parse result"]
pub fn parse_uncached(text: &str) -> Result<Document, SyntaxError> {
    let mut patched: Option<String> = None;
    let mut pairs = false;
    for _ in 0..MAX_WORKAROUNDS {
        let current = patched.as_deref().unwrap_or(text);
        let err = match parse_stream(current) {
            Err(err) if err.message == TAB_AFTER_COLON || err.message == BAD_UNICODE_ESCAPE => err,
            Ok(mut doc) if pairs => {
                if let Some(root) = &mut doc.root {
                    drop_pair_padding(root);
                }
                return Ok(doc);
            }
            other => return other,
        };
        let mut fixed = current.to_owned();
        if err.message == TAB_AFTER_COLON {
            // The tabs between the `:` and the value the error points at.
            let before = &current[..err.offset.min(current.len())];
            let gap = before.len() - before.trim_end_matches([' ', '\t']).len();
            let start = err.offset - gap;
            if gap == 0 || !before[..start].ends_with(':') {
                return Err(err);
            }
            fixed.replace_range(start..err.offset, &" ".repeat(gap));
        } else if !join_surrogates(&mut fixed, err.offset) {
            return Err(err);
        } else {
            pairs = true;
        }
        patched = Some(fixed);
    }
    parse_stream(patched.as_deref().unwrap_or(text))
}

/// Rewrites the surrogate escapes of the double-quoted scalar starting at
/// `at` (its `"`): a pair `\uD83D\uDE00` (12 bytes) becomes `\U0001F600\0`,
/// the character and a NUL that [`drop_pair_padding`] removes; a lone one
/// becomes `\uFFFD`. Returns whether anything changed.
fn join_surrogates(text: &mut String, at: usize) -> bool {
    let Some(rest) = text.get(at..).filter(|r| r.starts_with('"')) else {
        return false;
    };
    let hex = |s: &str| {
        s.get(2..6)
            .filter(|h| s.starts_with("\\u") && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    let bytes = rest.as_bytes();
    let mut edits: Vec<(usize, String)> = Vec::new();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => break,
            b'\\' => {
                let here = &rest[i..];
                match hex(here) {
                    Some(high @ 0xD800..=0xDBFF) => {
                        if let Some(low @ 0xDC00..=0xDFFF) = hex(&here[6..]) {
                            let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                            edits.push((i, format!("\\U{c:08X}\\0")));
                            i += 12;
                        } else {
                            edits.push((i, "\\uFFFD".to_owned()));
                            i += 6;
                        }
                    }
                    Some(0xDC00..=0xDFFF) => {
                        edits.push((i, "\\uFFFD".to_owned()));
                        i += 6;
                    }
                    _ => i += 2,
                }
            }
            _ => i += 1,
        }
    }
    for (i, new) in edits.iter().rev() {
        text.replace_range(at + i..at + i + new.len(), new);
    }
    !edits.is_empty()
}

/// Removes the NUL that [`join_surrogates`] put after each joined character
/// (a NUL right after a character outside the BMP, in double-quoted scalars).
fn drop_pair_padding(node: &mut Node) {
    match &mut node.kind {
        NodeKind::Scalar(s) if s.style == Style::DoubleQuoted && s.text.contains('\0') => {
            let mut out = String::with_capacity(s.text.len());
            let mut prev = '\0';
            for c in s.text.chars() {
                if !(c == '\0' && u32::from(prev) > 0xFFFF) {
                    out.push(c);
                }
                prev = c;
            }
            s.text = out.into();
        }
        NodeKind::Seq(items) => items.iter_mut().for_each(drop_pair_padding),
        NodeKind::Map(entries) => {
            for e in entries {
                drop_pair_padding(&mut e.key);
                drop_pair_padding(&mut e.value);
            }
        }
        NodeKind::Scalar(_) | NodeKind::Alias(_) => {}
    }
}

fn parse_stream(text: &str) -> Result<Document, SyntaxError> {
    let table = char_to_byte_table(text);
    let byte = |m: saphyr_parser::Marker| match &table {
        None => m.index().min(text.len()),
        Some(table) => table.get(m.index()).copied().unwrap_or(text.len()),
    };
    let span = |s: Span| byte(s.start)..byte(s.end);
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    loop {
        let (event, sp) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => {
                return Err(SyntaxError {
                    offset: byte(*e.marker()),
                    message: e.info().to_owned(),
                });
            }
        };
        let node = match event {
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                continue;
            }
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => continue,
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(SyntaxError {
                        offset: byte(sp.start),
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                    });
                }
                let start = byte(sp.start);
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq(start, anchor, Vec::new())
                } else {
                    Frame::Map(start, anchor, Vec::new(), None)
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                // A flow collection ends at its `]`/`}`; a block one at its
                // last child (its end event sits at the next token).
                let flow = sp.end.index() > sp.start.index();
                let end = byte(sp.end);
                let last = |child_end: usize| if flow { end.max(child_end) } else { child_end };
                match stack.pop() {
                    Some(Frame::Seq(start, anchor, items)) => {
                        let end = items.last().map_or(end, |n| last(n.span.end));
                        Node {
                            span: start..end.max(start),
                            kind: NodeKind::Seq(items),
                            anchor,
                        }
                    }
                    Some(Frame::Map(start, anchor, entries, _)) => {
                        let end = entries.last().map_or(end, |e| last(e.value.span.end));
                        Node {
                            span: start..end.max(start),
                            kind: NodeKind::Map(entries),
                            anchor,
                        }
                    }
                    None => continue,
                }
            }
            Event::Alias(id) => Node {
                span: span(sp),
                kind: NodeKind::Alias(id),
                anchor: 0,
            },
            Event::Scalar(value, style, anchor, tag) => {
                let value_kind = core_value(value.as_ref(), style, tag.as_ref());
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::SingleQuoted,
                    ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
                };
                let mut span = span(sp);
                // saphyr starts a scalar's span at its anchor or tag
                // (`&n value`, `!!str 5`): start it at the value, so that
                // an edit of the value keeps them. Only when it has one: a
                // block scalar's span starts at its text, which may start
                // with `&` or `!` (`|` then `  &amp; more`).
                if (anchor != 0 || tag.is_some())
                    && let Some(src) = text.get(span.clone())
                {
                    span.start += properties_len(src);
                }
                // saphyr counts what follows a quoted scalar on its line,
                // a comment included (`'cyan' # hi`), into its span: end it
                // at the closing quote.
                if let Some(quote) = match style {
                    Style::SingleQuoted => Some('\''),
                    Style::DoubleQuoted => Some('"'),
                    _ => None,
                } && let Some(len) = text
                    .get(span.clone())
                    .and_then(|src| quoted_len(src, quote))
                {
                    span.end = span.start + len;
                }
                Node {
                    span,
                    kind: NodeKind::Scalar(Scalar {
                        text: value.into(),
                        style,
                        value: value_kind,
                    }),
                    anchor,
                }
            }
        };
        match stack.last_mut() {
            None => {
                if root.is_none() {
                    root = Some(node);
                }
            }
            Some(Frame::Seq(_, _, items)) => items.push(node),
            Some(Frame::Map(_, _, entries, pending)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => entries.push(Entry { key, value: node }),
            },
        }
    }
    Ok(Document { root, documents })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_hands_out_what_a_fresh_parse_gives() {
        // More sources than the cache keeps, each asked again after others
        // (valid, invalid, non-ASCII, the tab and surrogate workarounds).
        let sources = [
            "name: a\n",
            "name: [a\n",
            "name: é ü\ndescription: \"x\"\n",
            "name:\tvalue\n",
            "d: \"\\ud83d\\ude00\"\n",
            "a: b: c\n",
            "- x\n- y: 1\n",
        ];
        // Seven sources, visited in three orders (steps 1, 3 and 5).
        for step in [1, 3, 5] {
            for i in 0..sources.len() {
                let source = sources[(i * step) % sources.len()];
                assert_eq!(parse(source), parse_uncached(source), "{source:?}");
            }
        }
    }

    fn root(text: &str) -> Node {
        parse(text).expect("valid yaml").root.expect("a root node")
    }

    #[test]
    fn a_tab_after_a_colon_is_a_space() {
        let text = "model:\tsonnet\nname:\t \t-a\nlist:\t[a,\tb]\n";
        let r = root(text);
        let e = r.entries().expect("map");
        assert_eq!(e[0].value.as_str(), Some("sonnet"));
        assert_eq!(&text[e[0].value.span.clone()], "sonnet");
        assert_eq!(e[1].value.as_str(), Some("-a"));
        assert_eq!(&text[e[1].value.span.clone()], "-a");
        // A tab inside a value stays.
        assert_eq!(
            root("a: \"x:\ty\"\n").entries().expect("map")[0]
                .value
                .as_str(),
            Some("x:\ty")
        );
    }

    #[test]
    fn surrogate_pairs_join_as_json_writes_them() {
        let text = "a: \"x \\ud83d\\ude00 y \\ud83d z\"\nb: 'k \\ud83d'\n";
        let r = root(text);
        let e = r.entries().expect("map");
        assert_eq!(e[0].value.as_str(), Some("x \u{1f600} y \u{fffd} z"));
        assert_eq!(
            &text[e[0].value.span.clone()],
            "\"x \\ud83d\\ude00 y \\ud83d z\""
        );
        // Single-quoted: no escapes at all.
        assert_eq!(e[1].value.as_str(), Some("k \\ud83d"));
        assert_eq!(e[1].key.span.start, text.find("b:").unwrap_or_default());
    }

    #[test]
    fn spans_are_bytes() {
        let text = "title: Héllo 😀\ntags: [a, b]\n";
        let r = root(text);
        let e = r.entries().expect("map");
        assert_eq!(&text[e[0].key.span.clone()], "title");
        assert_eq!(&text[e[0].value.span.clone()], "Héllo 😀");
        assert_eq!(&text[e[1].key.span.clone()], "tags");
        assert_eq!(&text[e[1].value.span.clone()], "[a, b]");
    }

    #[test]
    fn collection_spans_end_at_their_content() {
        let text = "a:\n  b: 1\n  c: [x, y]\nd: 2\n";
        let r = root(text);
        let a = r.get("a").expect("a");
        assert_eq!(&text[a.span.clone()], "b: 1\n  c: [x, y]");
        let list = r.get("a").and_then(|a| a.get("c")).expect("c");
        assert_eq!(&text[list.span.clone()], "[x, y]");
        let text = "l:\n  - 1\n  - 2\nm: 3\n";
        let l = root(text).get("l").cloned().expect("l");
        assert_eq!(&text[l.span], "- 1\n  - 2");
    }

    #[test]
    fn quoted_span_includes_quotes() {
        let text = "a: \"x y\"\nb: 'z'\n";
        let r = root(text);
        let e = r.entries().expect("map");
        assert_eq!(&text[e[0].value.span.clone()], "\"x y\"");
        assert_eq!(&text[e[1].value.span.clone()], "'z'");
    }

    #[test]
    fn a_quoted_span_stops_at_the_closing_quote() {
        let text = "a: 'cy''an' # hi\nb: \"r\\\"e # d\"   # c\nc: red # c\nd: \"x\n  y\" # e\n";
        let r = root(text);
        let own = |k: &str| &text[r.get(k).expect(k).span.clone()];
        assert_eq!(own("a"), "'cy''an'");
        assert_eq!(own("b"), "\"r\\\"e # d\"");
        assert_eq!(own("c"), "red");
        assert_eq!(own("d"), "\"x\n  y\"");
    }

    #[test]
    fn duplicates_are_kept_and_aliases_not_expanded() {
        let r = root("a: 1\na: &x 2\nb: *x\n");
        let e = r.entries().expect("map");
        assert_eq!(e.len(), 3);
        assert!(
            matches!(e[2].value.kind, NodeKind::Alias(id) if id == e[1].value.anchor && id > 0)
        );
        assert_eq!(
            r.get("a").and_then(|n| n.scalar()).map(|s| s.value),
            Some(ScalarValue::Int(2))
        );
    }

    #[test]
    fn a_scalar_span_starts_after_its_anchor_and_tag() {
        let text = "a: &n  value\nb: !!str 5\nc: &x !!str 'q'\nd: &e\n";
        let r = root(text);
        let own = |k: &str| &text[r.get(k).expect(k).span.clone()];
        assert_eq!(own("a"), "value");
        assert_eq!(own("b"), "5");
        assert_eq!(own("c"), "'q'");
        assert_eq!(own("d"), "");
    }

    /// A block scalar whose text starts with `&` or `!` has no properties:
    /// its span keeps that text (it once skipped it as an anchor, to an
    /// empty span at the end: a fuzzer find, `example_blocks`).
    #[test]
    fn a_block_scalar_text_starting_like_an_anchor_is_text() {
        let text = "a: |\n  &x y\nb: >-\n  !x y\nc: &n |\n  &x y\n";
        let r = root(text);
        let own = |k: &str| &text[r.get(k).expect(k).span.clone()];
        assert_eq!(own("a"), "&x y\n");
        assert_eq!(own("b"), "!x y\n");
        assert_eq!(own("c"), "|\n  &x y\n");
    }

    #[test]
    fn core_schema_types() {
        let r = root("a: yes\nb: true\nc: 12\nd: ~\ne: '12'\n");
        let v = |k| r.get(k).and_then(|n| n.scalar()).map(|s| s.value);
        assert_eq!(v("a"), Some(ScalarValue::Str));
        assert_eq!(v("b"), Some(ScalarValue::Bool(true)));
        assert_eq!(v("c"), Some(ScalarValue::Int(12)));
        assert_eq!(v("d"), Some(ScalarValue::Null));
        assert_eq!(v("e"), Some(ScalarValue::Str));
    }

    #[test]
    fn errors_have_byte_offsets() {
        let text = "é: a\nb: c: d\n";
        let err = parse(text).expect_err("invalid");
        assert!(err.offset > 5 && err.offset <= text.len(), "{err:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(10_000);
        assert!(parse(&text).is_err());
    }
}
