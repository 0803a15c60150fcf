//! A frontmatter as js-yaml's `load` reads it (Gemini CLI's parser, and
//! OpenCode's through gray-matter): strict YAML with no retry, where a
//! duplicated key, a tag js-yaml does not know, or several documents are
//! errors, and plain scalars are typed by js-yaml's default schema (a
//! `2024-01-01` is a date, `1_000` a number).
//!
//! The tree is the project's own ([`crate::frontmatter::yaml`]); this module
//! adds what js-yaml refuses beyond a syntax error, and the JavaScript type
//! of each value, which is what the tools' schemas check.

use std::ops::Range;

use crate::frontmatter::object::View;
use crate::frontmatter::{Frontmatter, Located, Node, NodeKind, Outcome, Style, SyntaxError, yaml};

/// A value's JavaScript type after js-yaml's load, as zod names it in its
/// messages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Js {
    /// `null`, `~`, an empty value.
    Null,
    /// `true`, `False`, …
    Bool(bool),
    /// An integer or a float (`.nan`, `.inf` included).
    Number(f64),
    /// A plain `2024-01-01` or a full timestamp.
    Date,
    /// Any other scalar.
    String,
    /// A sequence.
    Array,
    /// A mapping.
    Object,
}

impl Js {
    /// The type's name as zod's messages give it (`received number`).
    #[must_use]
    pub fn zod_name(self) -> &'static str {
        match self {
            Js::Null => "null",
            Js::Bool(_) => "boolean",
            Js::Number(n) if n.is_nan() => "nan",
            Js::Number(_) => "number",
            Js::Date => "date",
            Js::String => "string",
            Js::Array => "array",
            Js::Object => "object",
        }
    }

    /// The type in words, for messages (`a number`).
    #[must_use]
    pub fn words(self) -> &'static str {
        match self {
            Js::Null => "empty (null)",
            Js::Bool(_) => "a boolean",
            Js::Number(n) if n.is_nan() => "not a number (NaN)",
            Js::Number(_) => "a number",
            Js::Date => "a date (YAML reads it as one)",
            Js::String => "text",
            Js::Array => "a list",
            Js::Object => "a mapping",
        }
    }
}

/// A frontmatter js-yaml loads, with the tags written before its nodes.
#[derive(Debug, Clone)]
pub struct Read {
    /// The tree (spans in file bytes), as a [`Frontmatter`] with a valid outcome.
    pub fm: Frontmatter,
    /// Each tag (`!!str`) and the offset of the node it stands before.
    pub tags: Vec<(usize, String)>,
}

impl Read {
    /// A view of the tree (aliases and merge keys resolved).
    #[must_use]
    pub fn view(&self) -> View<'_> {
        self.fm.view()
    }

    /// The JavaScript type of a node (aliases resolved).
    #[must_use]
    pub fn js(&self, node: &Node) -> Js {
        let view = self.view();
        let node = view.resolve(node);
        match &node.kind {
            NodeKind::Seq(_) => Js::Array,
            NodeKind::Map(_) => Js::Object,
            NodeKind::Alias(_) => Js::Null,
            NodeKind::Scalar(s) => {
                let tag = self
                    .tags
                    .iter()
                    .find(|(at, _)| *at == node.span.start)
                    .map(|(_, t)| t.as_str());
                match tag {
                    Some("!!str" | "!") => Js::String,
                    Some("!!int" | "!!float") => {
                        number(s.text.trim()).unwrap_or(Js::Number(f64::NAN))
                    }
                    Some("!!bool") => Js::Bool(s.text.trim().eq_ignore_ascii_case("true")),
                    Some("!!null") => Js::Null,
                    Some("!!timestamp") => Js::Date,
                    Some("!!binary") => Js::Object,
                    _ if s.style != Style::Plain => Js::String,
                    _ => plain(&s.text),
                }
            }
        }
    }
}

/// The type js-yaml's default schema gives a plain scalar.
#[must_use]
pub fn plain(text: &str) -> Js {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Js::Null,
        "true" | "True" | "TRUE" => return Js::Bool(true),
        "false" | "False" | "FALSE" => return Js::Bool(false),
        _ => {}
    }
    if let Some(n) = number(text) {
        return n;
    }
    if is_timestamp(text) {
        return Js::Date;
    }
    Js::String
}

/// A js-yaml integer or float, with its value.
fn number(text: &str) -> Option<Js> {
    if let Some(i) = integer(text) {
        return Some(Js::Number(i));
    }
    float(text).map(Js::Number)
}

/// js-yaml's integer: decimal, `0b`, `0x`, `0o`, with `_` between digits.
fn integer(text: &str) -> Option<f64> {
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'-') => (-1.0, &text[1..]),
        Some(b'+') => (1.0, &text[1..]),
        _ => (1.0, text),
    };
    if rest.is_empty() {
        return None;
    }
    if rest == "0" {
        return Some(0.0);
    }
    let radix = |digits: &str, base: u32| -> Option<f64> {
        if digits.is_empty() || digits.ends_with('_') {
            return None;
        }
        // Digits and `_` only, at least one digit; read without a copy (a
        // plain scalar is often a whole sentence).
        let mut v = 0f64;
        let mut any = false;
        for c in digits.chars().filter(|c| *c != '_') {
            v = v * f64::from(base) + f64::from(c.to_digit(base)?);
            any = true;
        }
        any.then_some(sign * v)
    };
    if let Some(d) = rest.strip_prefix("0b") {
        return radix(d, 2);
    }
    if let Some(d) = rest.strip_prefix("0x") {
        return radix(d, 16);
    }
    if let Some(d) = rest.strip_prefix("0o") {
        return radix(d, 8);
    }
    if rest.starts_with('_') {
        return None;
    }
    radix(rest, 10)
}

/// js-yaml's float pattern (`2.5e4`, `.5`, `.inf`, `.nan`), with its value.
fn float(text: &str) -> Option<f64> {
    if text.ends_with('_') {
        return None;
    }
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'-') => (-1.0, &text[1..]),
        Some(b'+') => (1.0, &text[1..]),
        _ => (1.0, text),
    };
    if matches!(rest, ".inf" | ".Inf" | ".INF") {
        return Some(sign * f64::INFINITY);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    // [0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?  or  \.[0-9_]+([eE][-+]?[0-9]+)?
    let b = rest.as_bytes();
    let mut i = 0;
    let int_start = i;
    while i < b.len() && (b[i].is_ascii_digit() || (i > int_start && b[i] == b'_')) {
        i += 1;
    }
    let int_digits = i > int_start;
    if !int_digits && (b.first() != Some(&b'.') || sign < 0.0 || text.starts_with('+')) {
        return None;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
        if !int_digits && i == frac {
            return None;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let exp = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    let clean: String = rest.chars().filter(|c| *c != '_').collect();
    let clean = if clean.starts_with('.') {
        format!("0{clean}")
    } else {
        clean
    };
    clean.parse::<f64>().ok().map(|v| sign * v)
}

/// js-yaml's date (`2024-01-01`) or timestamp (`2024-1-1 10:00:00Z`).
#[must_use]
pub fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |from: usize, min: usize, max: usize| -> Option<usize> {
        let n = b[from.min(b.len())..]
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_digit())
            .count();
        (n >= min).then_some(from + n)
    };
    // YYYY-MM-DD exactly.
    if b.len() == 10
        && digits(0, 4, 4) == Some(4)
        && b[4] == b'-'
        && digits(5, 2, 2) == Some(7)
        && b[7] == b'-'
        && digits(8, 2, 2) == Some(10)
    {
        return true;
    }
    // YYYY-M(M)-D(D)(T|t|[ \t]+)H(H):MM:SS(.frac)?([ \t]*(Z|[-+]H(H)(:MM)?))?
    let Some(i) = digits(0, 4, 4) else {
        return false;
    };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    let Some(i) = digits(i + 1, 1, 2) else {
        return false;
    };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    let Some(mut i) = digits(i + 1, 1, 2) else {
        return false;
    };
    match b.get(i) {
        Some(b'T' | b't') => i += 1,
        Some(b' ' | b'\t') => {
            while matches!(b.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
        }
        _ => return false,
    }
    let Some(i) = digits(i, 1, 2) else {
        return false;
    };
    if b.get(i) != Some(&b':') {
        return false;
    }
    let Some(i) = digits(i + 1, 2, 2) else {
        return false;
    };
    if b.get(i) != Some(&b':') {
        return false;
    }
    let Some(mut i) = digits(i + 1, 2, 2) else {
        return false;
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if i == b.len() {
        return true;
    }
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'-' | b'+') => {
            let Some(j) = digits(i + 1, 1, 2) else {
                return false;
            };
            if j == b.len() {
                return true;
            }
            b.get(j) == Some(&b':') && digits(j + 1, 2, 2) == Some(b.len())
        }
        _ => false,
    }
}

/// The tags js-yaml's default schema knows.
const KNOWN_TAGS: &[&str] = &[
    "!",
    "!!str",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!map",
    "!!seq",
    "!!timestamp",
    "!!merge",
    "!!binary",
    "!!omap",
    "!!pairs",
    "!!set",
];

/// Reads the block `located` finds in `text` as js-yaml does. `Err` holds
/// js-yaml's reason for refusing it (offsets in the file).
pub fn read(text: &str, located: &Located) -> Result<Read, SyntaxError> {
    read_with(text, located, true)
}

/// [`read`], where a tag js-yaml does not know is an error only when
/// `unknown_tags_fail` (eemeli's `yaml`, Qwen Code's parser, only warns and
/// reads the value as text).
pub fn read_with(
    text: &str,
    located: &Located,
    unknown_tags_fail: bool,
) -> Result<Read, SyntaxError> {
    let base = located.content.start;
    let content = text.get(located.content.clone()).unwrap_or_default();
    let mut doc = yaml::parse(content).map_err(|e| SyntaxError {
        offset: crate::frontmatter::floor_char_boundary(text, e.offset + base),
        message: e.message,
    })?;
    if let Some(root) = &mut doc.root {
        root.map_spans(&|o| o + base);
    }
    if doc.documents > 1 {
        let offset = second_document(content).map_or(base, |o| o + base);
        return Err(SyntaxError {
            offset,
            message: "expected a single document in the stream, but found more".to_owned(),
        });
    }
    let mut opaque = Vec::new();
    if let Some(root) = &doc.root {
        spans(root, &mut opaque);
    }
    opaque.sort_by_key(|r| (r.start, r.end));
    let tags = scan_tags(text, located.content.clone(), &opaque);
    let mut problems: Vec<SyntaxError> = tags
        .iter()
        .filter(|(_, t, _)| {
            unknown_tags_fail
                && !KNOWN_TAGS.contains(&t.as_str())
                && !t.starts_with("!<tag:yaml.org,2002:")
        })
        .map(|(at, t, _)| SyntaxError {
            offset: *at,
            message: format!("unknown tag !<{t}>"),
        })
        .collect();
    if let Some(root) = &doc.root {
        duplicates(root, &mut problems);
    }
    if let Some(first) = problems.into_iter().min_by_key(|p| p.offset) {
        return Err(first);
    }
    Ok(Read {
        fm: Frontmatter {
            located: located.clone(),
            outcome: Outcome::Valid,
            root: doc.root,
            documents: doc.documents,
        },
        tags: tags.into_iter().map(|(_, t, node)| (node, t)).collect(),
    })
}

/// Where a second document starts (a `---` or `...` line after content).
fn second_document(content: &str) -> Option<usize> {
    let mut offset = 0;
    for line in content.split_inclusive('\n') {
        let t = line.trim_end();
        if offset > 0 && (t == "---" || t == "..." || t.starts_with("--- ")) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// The spans of every scalar and alias (where a `!` is text, not a tag).
fn spans(node: &Node, out: &mut Vec<Range<usize>>) {
    match &node.kind {
        NodeKind::Scalar(_) | NodeKind::Alias(_) => out.push(node.span.clone()),
        NodeKind::Seq(items) => items.iter().for_each(|n| spans(n, out)),
        NodeKind::Map(entries) => {
            for e in entries {
                spans(&e.key, out);
                spans(&e.value, out);
            }
        }
    }
}

/// The tags in `range` of `text` outside the `opaque` spans and comments:
/// (where the tag starts, the tag, where the node after it starts).
fn scan_tags(
    text: &str,
    range: Range<usize>,
    opaque: &[Range<usize>],
) -> Vec<(usize, String, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = range.start;
    let mut next_opaque = 0;
    while i < range.end.min(bytes.len()) {
        while next_opaque < opaque.len() && opaque[next_opaque].end <= i {
            next_opaque += 1;
        }
        if let Some(r) = opaque.get(next_opaque)
            && r.start <= i
            && i < r.end
        {
            i = r.end;
            continue;
        }
        let prev = if i == range.start {
            b'\n'
        } else {
            bytes[i - 1]
        };
        let boundary = matches!(prev, b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',');
        match bytes[i] {
            b'#' if boundary => {
                while i < range.end && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'!' if boundary => {
                let start = i;
                while i < range.end
                    && !matches!(
                        bytes[i],
                        b' ' | b'\t' | b'\n' | b'\r' | b',' | b'[' | b']' | b'{' | b'}'
                    )
                {
                    i += 1;
                }
                let tag = text.get(start..i).unwrap_or_default().to_owned();
                let mut node = i;
                while node < range.end && matches!(bytes[node], b' ' | b'\t') {
                    node += 1;
                }
                out.push((start, tag, node));
            }
            _ => i += 1,
        }
    }
    out
}

/// Every key written twice in one mapping (js-yaml's "duplicated mapping
/// key"; a merge `<<` may be overridden, so it is not counted).
fn duplicates(node: &Node, out: &mut Vec<SyntaxError>) {
    match &node.kind {
        NodeKind::Seq(items) => items.iter().for_each(|n| duplicates(n, out)),
        NodeKind::Map(entries) => {
            let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
            for e in entries {
                if let NodeKind::Scalar(s) = &e.key.kind
                    && !(&*s.text == "<<" && s.style == Style::Plain)
                    && !seen.insert(s.text.as_ref())
                {
                    out.push(SyntaxError {
                        offset: e.key.span.start,
                        message: "duplicated mapping key".to_owned(),
                    });
                }
                duplicates(&e.value, out);
            }
        }
        NodeKind::Scalar(_) | NodeKind::Alias(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// js-yaml's integers, read digit by digit as the filtered copy of the
    /// digits read them.
    #[test]
    fn integers_read_as_js_yaml_reads_them() {
        fn by_copy(text: &str) -> Option<f64> {
            let (sign, rest) = match text.as_bytes().first() {
                Some(b'-') => (-1.0, &text[1..]),
                Some(b'+') => (1.0, &text[1..]),
                _ => (1.0, text),
            };
            let radix = |digits: &str, base: u32| -> Option<f64> {
                if digits.is_empty() || digits.ends_with('_') {
                    return None;
                }
                let clean: String = digits.chars().filter(|c| *c != '_').collect();
                if clean.is_empty() || !clean.chars().all(|c| c.is_digit(base)) {
                    return None;
                }
                clean
                    .chars()
                    .try_fold(0f64, |v, c| {
                        Some(v * f64::from(base) + f64::from(c.to_digit(base)?))
                    })
                    .map(|v| sign * v)
            };
            match rest {
                "" => None,
                "0" => Some(0.0),
                _ if rest.starts_with("0b") => radix(&rest[2..], 2),
                _ if rest.starts_with("0x") => radix(&rest[2..], 16),
                _ if rest.starts_with("0o") => radix(&rest[2..], 8),
                _ if rest.starts_with('_') => None,
                _ => radix(rest, 10),
            }
        }
        let pieces = [
            "0", "1", "9", "_", "x", "b", "o", "F", "a", "-", "+", " ", "é", "8", "2",
        ];
        let mut stack = vec![(String::new(), 0)];
        let mut numbers = 0;
        while let Some((s, n)) = stack.pop() {
            assert_eq!(integer(&s), by_copy(&s), "{s:?}");
            numbers += usize::from(integer(&s).is_some());
            if n < 5 {
                stack.extend(pieces.iter().map(|p| (format!("{s}{p}"), n + 1)));
            }
        }
        assert!(numbers > 5_000, "{numbers}");
    }

    #[test]
    fn plain_scalars_typed_as_js_yaml_does() {
        assert_eq!(plain("2024-01-01"), Js::Date);
        assert_eq!(plain("2024-1-1 10:00:00Z"), Js::Date);
        assert_eq!(plain("2024-01-01x"), Js::String);
        assert_eq!(plain("1_000"), Js::Number(1000.0));
        assert_eq!(plain("0x1F"), Js::Number(31.0));
        assert_eq!(plain("-3"), Js::Number(-3.0));
        assert_eq!(plain("2.5"), Js::Number(2.5));
        assert_eq!(plain(".5"), Js::Number(0.5));
        assert_eq!(plain("1e3"), Js::Number(1000.0));
        assert_eq!(plain("-.inf"), Js::Number(f64::NEG_INFINITY));
        assert!(matches!(plain(".nan"), Js::Number(n) if n.is_nan()));
        assert_eq!(plain("yes"), Js::String);
        assert_eq!(plain("True"), Js::Bool(true));
        assert_eq!(plain("~"), Js::Null);
        assert_eq!(plain("1.2.3"), Js::String);
        assert_eq!(plain("_1"), Js::String);
        assert_eq!(plain("."), Js::String);
        assert_eq!(plain("-"), Js::String);
        assert_eq!(plain("+"), Js::String);
    }

    fn read_text(text: &str) -> Result<Read, SyntaxError> {
        let located = Located {
            open: 0..0,
            content: 0..text.len(),
            close: text.len()..text.len(),
            body_start: text.len(),
        };
        read(text, &located)
    }

    #[test]
    fn what_js_yaml_refuses_beyond_syntax() {
        let e = read_text("name: a\nname: b\n").err().map(|e| e.message);
        assert_eq!(e.as_deref(), Some("duplicated mapping key"));
        let e = read_text("description: !tag-like text\n")
            .err()
            .map(|e| e.message);
        assert_eq!(e.as_deref(), Some("unknown tag !<!tag-like>"));
        let ok = read_text("description: !!str 42\nname: 'a !b' # !c\n").expect("valid");
        let d = ok.fm.get("description").expect("description");
        assert_eq!(ok.js(d), Js::String);
        assert!(read_text("base: &b {a: 1}\n<<: *b\na: 2\n").is_ok());
    }
}
