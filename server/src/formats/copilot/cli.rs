//! How Copilot CLI 1.0.102 reads a custom agent file, step by step (see
//! `docs/formats/copilot-agent.md`):
//!
//! 1. [`locate`]: the frontmatter opens on the first line (after a BOM) with
//!    a line `---` and closes at the next line `---` (trailing blanks
//!    allowed on both); anything else is "missing or malformed YAML
//!    frontmatter";
//! 2. YAML, strictly (serde_yaml 0.9 over libyaml, YAML 1.2 core schema):
//!    no retry, a key given twice in any mapping is an error, merge keys
//!    (`<<`) are not applied, a block with nothing in it is `{}`;
//! 3. the values as JSON ([`Json`]: serde_yaml's typing of plain scalars,
//!    `.inf` and `.nan` become `null`);
//! 4. a zod schema ([`schema`]): the first failure refuses the file
//!    (`description: Required`, `infer: Expected boolean, received string`,
//!    `mcp-servers.fs.args: Required`); keys outside it are logged
//!    (`unknown fields ignored: a, b`) and the file loads.
//!
//! [`copilot_cli_verdict`] is the whole of it as one public function.

use std::ops::Range;

use crate::frontmatter::object::View;
use crate::frontmatter::yaml::{self, Entry, Node, NodeKind, ScalarValue, Style};

/// The prefix of every refusal Copilot CLI logs for an agent file.
pub const MALFORMED: &str = "custom agent markdown frontmatter is malformed";

/// Where Copilot CLI finds the frontmatter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The opening `---` line (without its line break).
    pub open: Range<usize>,
    /// The YAML between the fences.
    pub content: Range<usize>,
    /// The closing `---` line (without its line break).
    pub close: Range<usize>,
    /// Where the body (the agent's instructions) starts: after the closing
    /// line's break.
    pub body_start: usize,
}

/// Why Copilot CLI finds no frontmatter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoBlock {
    /// The first line is not `---` (the range is the first line); `late`
    /// is a `---` line after blank lines, the frontmatter meant.
    NotFirst {
        /// The first line.
        first: Range<usize>,
        /// A `---` line after only blank lines.
        late: Option<Range<usize>>,
    },
    /// The opening `---` has no closing line `---` after it.
    Unclosed {
        /// The opening line.
        open: Range<usize>,
        /// The first line that starts with `---` but is not a fence
        /// (`----`, `--- x`): the closing line that was meant.
        near: Option<Range<usize>>,
    },
}

/// Whether a line (without its `\n`) is a fence: `---` and then only
/// whitespace (Unicode's: a tab, a `\r`, a vertical tab, a no-break space
/// all end a fence; `--- # c` and `----` do not).
fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// The lines of `text` from `from`, as (start, line without `\n`).
fn lines_from(text: &str, from: usize) -> impl Iterator<Item = (usize, &str)> {
    // `split_inclusive('\n')`, with a vectorised search (a description of
    // examples is often one line of tens of kilobytes).
    let mut at = from;
    std::iter::from_fn(move || {
        let start = at;
        let rest = text.as_bytes().get(start..).filter(|r| !r.is_empty())?;
        at = memchr::memchr(b'\n', rest).map_or(text.len(), |i| start + i + 1);
        let line = &text[start..at];
        Some((start, line.strip_suffix('\n').unwrap_or(line)))
    })
}

/// A line's range without its trailing whitespace.
fn trimmed(start: usize, line: &str) -> Range<usize> {
    start..start + line.trim_end().len()
}

/// Finds the frontmatter as Copilot CLI does.
///
/// # Errors
/// Why there is none, with where to say so.
pub fn locate(text: &str) -> Result<Block, NoBlock> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = lines_from(text, start);
    let Some((_, first)) = lines.next() else {
        return Err(NoBlock::NotFirst {
            first: start..start,
            late: None,
        });
    };
    let first_range = trimmed(start, first);
    // The opening line needs a line break after it.
    if !is_fence(first) || start + first.len() >= text.len() {
        let late = if first.trim().is_empty() {
            lines_from(text, start)
                .find(|(_, l)| !l.trim().is_empty())
                .filter(|(_, l)| is_fence(l.trim_start()))
                .map(|(s, l)| {
                    let at = s + (l.len() - l.trim_start().len());
                    at..at + 3
                })
        } else {
            None
        };
        if is_fence(first) {
            return Err(NoBlock::Unclosed {
                open: first_range,
                near: None,
            });
        }
        return Err(NoBlock::NotFirst {
            first: first_range,
            late,
        });
    }
    let content_start = start + first.len() + 1;
    let mut near = None;
    for (s, line) in lines {
        if is_fence(line) {
            let close = trimmed(s, line);
            let body_start = (s + line.len() + 1).min(text.len());
            return Ok(Block {
                open: first_range,
                content: content_start..s,
                close,
                body_start,
            });
        }
        if near.is_none() && line.starts_with("---") {
            near = Some(trimmed(s, line));
        }
    }
    Err(NoBlock::Unclosed {
        open: first_range,
        near,
    })
}

/// A JSON type, as zod names it in its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Json {
    /// `null` (also `.inf` and `.nan`, which JSON cannot hold).
    Null,
    /// `true`/`false`.
    Boolean,
    /// A number.
    Number,
    /// A string.
    String,
    /// A list.
    Array,
    /// A mapping.
    Object,
}

impl Json {
    /// zod's name for it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Boolean => "boolean",
            Json::Number => "number",
            Json::String => "string",
            Json::Array => "array",
            Json::Object => "object",
        }
    }
}

/// serde_yaml 0.9's reading of a plain scalar: `~`/`null`/`Null`/`NULL`
/// and nothing are null; `true`/`True`/`TRUE` and the falses are booleans;
/// decimal, `0x`, `0o`, `0b` integers and Rust floats are numbers (not
/// `0123`, which YAML 1.2 keeps a string; not `inf` or `nan`, but `.inf`
/// and `.nan`, which JSON turns into null); anything else is a string.
#[must_use]
pub fn plain_type(text: &str) -> Json {
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Json::Null;
    }
    if matches!(text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE") {
        return Json::Boolean;
    }
    if is_int(text) {
        return Json::Number;
    }
    if digits_but_not_number(text) {
        return Json::String;
    }
    match parse_float(text) {
        Some(f) if f.is_finite() => Json::Number,
        Some(_) => Json::Null,
        None => Json::String,
    }
}

/// serde_yaml's floats: YAML's `.inf` and `.nan` spellings, and what Rust
/// parses as a finite `f64`.
fn parse_float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(u) if u.starts_with(['+', '-']) => return None,
        Some(u) => u,
        None => text,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(text, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Leading zeros then only digits (`0123`, `-007`): a string in YAML 1.2.
fn digits_but_not_number(text: &str) -> bool {
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    t.len() > 1 && t.starts_with('0') && t[1..].bytes().all(|b| b.is_ascii_digit())
}

/// serde_yaml's integers: an optional sign, then `0x`/`0o`/`0b` digits or
/// decimal digits (no leading zero), within 128 bits.
fn is_int(text: &str) -> bool {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'+') => (false, &text[1..]),
        Some(b'-') => (true, &text[1..]),
        _ => (false, text),
    };
    if rest.starts_with(['+', '-']) {
        return false;
    }
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(digits) = rest.strip_prefix(prefix) {
            if digits.starts_with(['+', '-']) {
                return false;
            }
            return if negative {
                i128::from_str_radix(&format!("-{digits}"), radix).is_ok()
            } else {
                u128::from_str_radix(digits, radix).is_ok()
            };
        }
    }
    if digits_but_not_number(text) {
        return false;
    }
    if negative {
        text.parse::<i128>().is_ok()
    } else {
        rest.parse::<u128>().is_ok()
    }
}

/// Reads nodes as JSON values, as the CLI's serde_yaml → JSON does: aliases
/// resolved, plain scalars typed by [`plain_type`] unless a core tag says
/// otherwise (`!!str 5` is text; other tags are dropped).
#[derive(Debug)]
pub struct Types<'a> {
    text: &'a str,
    view: View<'a>,
}

impl<'a> Types<'a> {
    /// Types for the tree under `root`, parsed from `text` (spans in its
    /// bytes).
    #[must_use]
    pub fn new(text: &'a str, root: Option<&'a Node>) -> Self {
        Types {
            text,
            view: View::new(root),
        }
    }

    /// The node an alias refers to (the node itself otherwise).
    #[must_use]
    pub fn resolve(&self, node: &'a Node) -> &'a Node {
        self.view.resolve(node)
    }

    /// The JSON type of a node.
    #[must_use]
    pub fn ty(&self, node: &'a Node) -> Json {
        let node = self.view.resolve(node);
        match &node.kind {
            NodeKind::Seq(_) => Json::Array,
            NodeKind::Map(_) => Json::Object,
            NodeKind::Alias(_) => Json::Null,
            NodeKind::Scalar(s) => match core_tag(self.text, node.span.start) {
                Some("str") => Json::String,
                Some("int" | "float") => match s.value {
                    ScalarValue::Int(_) => Json::Number,
                    ScalarValue::Float(f) if f.is_finite() => Json::Number,
                    _ => Json::Null,
                },
                Some("bool") => Json::Boolean,
                Some("null") => Json::Null,
                _ if s.style == Style::Plain => plain_type(&s.text),
                _ => Json::String,
            },
        }
    }

    /// The text of a node that JSON reads as a string.
    #[must_use]
    pub fn str(&self, node: &'a Node) -> Option<&'a str> {
        let node = self.view.resolve(node);
        match &node.kind {
            NodeKind::Scalar(s) if self.ty(node) == Json::String => Some(&s.text),
            _ => None,
        }
    }

    /// A boolean's value.
    #[must_use]
    pub fn boolean(&self, node: &'a Node) -> Option<bool> {
        let node = self.view.resolve(node);
        match &node.kind {
            NodeKind::Scalar(s) if self.ty(node) == Json::Boolean => {
                Some(s.text.eq_ignore_ascii_case("true"))
            }
            _ => None,
        }
    }

    /// A number's value.
    fn number(&self, node: &'a Node) -> Option<f64> {
        let node = self.view.resolve(node);
        match &node.kind {
            NodeKind::Scalar(s) if self.ty(node) == Json::Number => {
                let t = s.text.trim_start_matches('+');
                t.parse::<f64>().ok().or(match s.value {
                    ScalarValue::Int(i) => Some(i as f64),
                    ScalarValue::Float(f) => Some(f),
                    _ => Some(1.0),
                })
            }
            _ => None,
        }
    }

    /// A mapping key as a JSON property name (`null`, `true`, `5`).
    #[must_use]
    pub fn key(&self, key: &'a Node) -> String {
        let node = self.view.resolve(key);
        match (&node.kind, self.ty(node)) {
            (NodeKind::Scalar(_), Json::Null) => "null".to_owned(),
            (NodeKind::Scalar(s), Json::Boolean) => s.text.to_ascii_lowercase(),
            (NodeKind::Scalar(s), _) => s.text.to_string(),
            _ => String::new(),
        }
    }

    /// Whether [`Types::key`] of `key` is `want`, mostly without building it:
    /// a scalar can only be `want` when its text is, ASCII case aside
    /// (`null` aside).
    #[must_use]
    pub fn key_is(&self, key: &'a Node, want: &str) -> bool {
        if want != "null"
            && let NodeKind::Scalar(s) = &self.view.resolve(key).kind
            && !s.text.eq_ignore_ascii_case(want)
        {
            return false;
        }
        self.key(key) == want
    }

    /// The entries of a mapping (none for anything else).
    #[must_use]
    pub fn entries(&self, node: &'a Node) -> &'a [Entry] {
        self.view.resolve(node).entries().unwrap_or(&[])
    }

    /// The items of a list (none for anything else).
    #[must_use]
    pub fn items(&self, node: &'a Node) -> &'a [Node] {
        match &self.view.resolve(node).kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }
}

/// The core tag (`str` for `!!str`) on the scalar starting at `start`, if
/// any: the last `!` token before it (past an anchor), on its line.
fn core_tag(text: &str, start: usize) -> Option<&str> {
    let before = text.get(..start)?;
    let line = &before[before.rfind(['\n', '\r']).map_or(0, |i| i + 1)..];
    let mut tokens = line.split_whitespace().rev();
    loop {
        let t = tokens.next()?;
        if t.starts_with('&') {
            continue;
        }
        return t.strip_prefix("!!").or_else(|| {
            t.strip_prefix("!<tag:yaml.org,2002:")
                .and_then(|r| r.strip_suffix('>'))
        });
    }
}

/// What stops Copilot CLI from loading the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// No frontmatter where it looks for one.
    NoFrontmatter(NoBlock),
    /// Not YAML.
    Yaml {
        /// Where the parser gave up (to the end of its line).
        range: Range<usize>,
        /// The parser's message (agentls's YAML parser: libyaml words it
        /// differently).
        message: String,
    },
    /// A key given twice in one mapping.
    Duplicate {
        /// The later key.
        key: Range<usize>,
        /// The earlier entry (its key to the end of its value).
        first: Range<usize>,
        /// The key as serde_yaml prints it (`"description"`).
        name: String,
        /// serde_yaml's message (`github: duplicate entry with key
        /// "permissions" at line 3 column 3`).
        message: String,
    },
    /// The frontmatter is not a mapping, a value has the wrong type, or a
    /// required one is missing: zod's message.
    Schema(Issue),
}

/// One schema failure: zod's path and message, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The path, as the CLI prints it (`mcp-servers.fs.args`); empty for
    /// the frontmatter itself.
    pub path: String,
    /// The message (`Required`, `Expected boolean, received string`).
    pub message: String,
    /// Where it is: the value, or the mapping a required key is missing
    /// from (its key), or the frontmatter's opening line.
    pub range: Range<usize>,
    /// What the value is, for a wrong type (not for a missing one).
    pub received: Option<Json>,
}

impl Problem {
    /// What Copilot CLI logs for it, after the file's path
    /// (`custom agent markdown frontmatter is malformed: description: Required`).
    #[must_use]
    pub fn logged(&self) -> String {
        let reason = match self {
            Problem::NoFrontmatter(_) => "missing or malformed YAML frontmatter".to_owned(),
            Problem::Yaml { message, .. } => format!("failed to parse YAML frontmatter: {message}"),
            Problem::Duplicate { message, .. } => {
                format!("failed to parse YAML frontmatter: {message}")
            }
            Problem::Schema(issue) if issue.path.is_empty() => issue.message.clone(),
            Problem::Schema(issue) => format!("{}: {}", issue.path, issue.message),
        };
        format!("{MALFORMED}: {reason}")
    }

    /// Where it is.
    #[must_use]
    pub fn range(&self) -> Range<usize> {
        match self {
            Problem::NoFrontmatter(NoBlock::NotFirst { first, late }) => {
                late.clone().unwrap_or_else(|| first.clone())
            }
            Problem::NoFrontmatter(NoBlock::Unclosed { open, near }) => {
                near.clone().unwrap_or_else(|| open.clone())
            }
            Problem::Yaml { range, .. } => range.clone(),
            Problem::Duplicate { key, .. } => key.clone(),
            Problem::Schema(issue) => issue.range.clone(),
        }
    }
}

/// Copilot CLI's reading of one file.
#[derive(Debug)]
pub struct Reading {
    /// The frontmatter it found, if any.
    pub block: Option<Block>,
    /// The parsed frontmatter (spans in file bytes), when it is YAML.
    pub root: Option<Node>,
    /// Why it refuses the file, the one it logs first; every schema
    /// failure follows (each refuses the file alone).
    pub problems: Vec<Problem>,
    /// The top-level keys outside its schema (each one's key node range):
    /// when the file loads, the CLI logs `unknown field(s) ignored: …`.
    pub unknown: Vec<(String, Range<usize>)>,
}

impl Reading {
    /// A top-level value (the last of a key given twice).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        top_entries(self.root.as_ref())
            .iter()
            .rev()
            .find(|e| e.key.as_str() == Some(key))
            .map(|e| &e.value)
    }

    /// The top-level entries.
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        top_entries(self.root.as_ref())
    }
}

fn top_entries(root: Option<&Node>) -> &[Entry] {
    root.and_then(Node::entries).unwrap_or(&[])
}

/// The keys of Copilot CLI's schema for a custom agent, in the order it
/// checks them (the first failure is the one it logs).
pub const SCHEMA_KEYS: &[&str] = &[
    "name",
    "description",
    "tools",
    "infer",
    "disable-model-invocation",
    "user-invocable",
    "mcp-servers",
    "model",
    "reasoning-effort",
    "github",
    "hooks",
    "skills",
];

/// Reads `text` as Copilot CLI reads a custom agent file.
#[must_use]
pub fn read(text: &str) -> Reading {
    let mut reading = Reading {
        block: None,
        root: None,
        problems: Vec::new(),
        unknown: Vec::new(),
    };
    let block = match locate(text) {
        Ok(b) => b,
        Err(why) => {
            reading.problems.push(Problem::NoFrontmatter(why));
            return reading;
        }
    };
    let base = block.content.start;
    let content = &text[block.content.clone()];
    reading.block = Some(block.clone());
    let yaml_error = |at: usize, message: String| Problem::Yaml {
        range: to_line_end(text, at, block.content.end),
        message,
    };
    // Claude Code's reading of the same block usually just ran.
    let strict =
        crate::frontmatter::strict_reading(content).unwrap_or_else(|| yaml::parse(content));
    let doc = match strict {
        Ok(doc) => doc,
        Err(e) => {
            reading
                .problems
                .push(yaml_error(base + e.offset, e.message));
            return reading;
        }
    };
    let mut root = doc.root;
    if let Some(r) = &mut root {
        r.map_spans(&|o| o + base);
    }
    // agentls's parser reads surrogate escapes as JSON writes them; libyaml
    // refuses them.
    if let Some(at) = root.as_ref().and_then(|r| surrogate_escape(text, r, 0)) {
        reading.problems.push(yaml_error(
            at,
            "found invalid Unicode character escape code".to_owned(),
        ));
        return reading;
    }
    if doc.documents > 1 {
        let second = second_document(content)
            .map_or(block.content.clone(), |r| base + r.start..base + r.end);
        reading.problems.push(Problem::Yaml {
            range: second,
            message: "deserializing from YAML containing more than one document is not supported"
                .to_owned(),
        });
        return reading;
    }
    let types = Types::new(text, root.as_ref());
    if let Some(r) = &root
        && let Some(d) = first_duplicate(&types, r, &mut String::new(), 0)
    {
        reading.problems.push(d);
        reading.root = root.clone();
        return reading;
    }
    let mut issues = Vec::new();
    match &root {
        // Nothing but comments and blanks: `{}`.
        None => schema::object(&types, &[], &block.open, &mut issues),
        Some(r) => match types.ty(r) {
            Json::Object => schema::object(&types, types.entries(r), &block.open, &mut issues),
            other => issues.push(Issue {
                path: String::new(),
                message: format!("Expected object, received {}", other.name()),
                range: r.span.clone(),
                received: Some(other),
            }),
        },
    }
    reading
        .problems
        .extend(issues.into_iter().map(Problem::Schema));
    // Logged once the file loads; reported whatever else is wrong with it.
    {
        for e in top_entries(root.as_ref()) {
            let key = types.key(&e.key);
            if !SCHEMA_KEYS.contains(&key.as_str()) {
                reading.unknown.push((key, e.key.span.clone()));
            }
        }
    }
    drop(types);
    reading.root = root;
    reading
}

/// The offset of a `\u` escape of a UTF-16 surrogate in a double-quoted
/// scalar, if any.
fn surrogate_escape(text: &str, node: &Node, depth: usize) -> Option<usize> {
    if depth > 64 {
        return None;
    }
    match &node.kind {
        NodeKind::Scalar(s) if s.style == Style::DoubleQuoted => {
            let src = text.get(node.span.clone())?;
            surrogate_in(src).map(|at| node.span.start + at)
        }
        NodeKind::Seq(items) => items
            .iter()
            .find_map(|n| surrogate_escape(text, n, depth + 1)),
        NodeKind::Map(entries) => entries.iter().find_map(|e| {
            surrogate_escape(text, &e.key, depth + 1)
                .or_else(|| surrogate_escape(text, &e.value, depth + 1))
        }),
        NodeKind::Scalar(_) | NodeKind::Alias(_) => None,
    }
}

/// The offset of a `\u` escape of a UTF-16 surrogate in the source of a
/// double-quoted scalar, if any.
fn surrogate_in(src: &str) -> Option<usize> {
    let bytes = src.as_bytes();
    // Each `\u` (a vectorised search) that a backslash escapes: one ending
    // an odd run of backslashes (in `\\u` the first escapes the second,
    // and `u` is a letter).
    memchr::memmem::find_iter(bytes, b"\\u").find(|&at| {
        let run = bytes[..at]
            .iter()
            .rev()
            .take_while(|b| **b == b'\\')
            .count();
        run % 2 == 0
            && src
                .get(at + 2..at + 6)
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .is_some_and(|v| (0xD800..=0xDFFF).contains(&v))
    })
}

/// `offset` to the end of its line (at least one character), not past `limit`.
fn to_line_end(text: &str, offset: usize, limit: usize) -> Range<usize> {
    let offset = crate::frontmatter::floor_char_boundary(text, offset);
    let end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i)
        .min(limit.max(offset));
    if end > offset {
        return offset..end;
    }
    let next = text[offset..]
        .chars()
        .next()
        .map_or(offset, |c| offset + c.len_utf8());
    offset..next
}

/// Where the second YAML document of `content` starts: a `...` or `---`
/// line after the first document.
fn second_document(content: &str) -> Option<Range<usize>> {
    let mut at = 0;
    for line in content.split_inclusive('\n') {
        let t = line.trim_end();
        if at > 0 && (t == "---" || t.starts_with("--- ") || t == "...") {
            return Some(at..at + t.len());
        }
        at += line.len();
    }
    None
}

/// The first key given twice in one mapping, anywhere (serde_yaml reads
/// every mapping into a map that refuses duplicates), in document order;
/// `path` is serde_yaml's path to the mapping (`github`, `a[0].b`).
fn first_duplicate(
    types: &Types<'_>,
    node: &Node,
    path: &mut String,
    depth: usize,
) -> Option<Problem> {
    if depth > 64 {
        return None;
    }
    match &node.kind {
        NodeKind::Map(entries) => {
            for (i, e) in entries.iter().enumerate() {
                if let Some(earlier) = entries[..i]
                    .iter()
                    .find(|p| same_key(types, &p.key, &e.key))
                {
                    let name = key_name(types, &e.key);
                    let mut message = String::new();
                    if !path.is_empty() {
                        message.push_str(&format!("{path}: "));
                    }
                    message.push_str(&format!("duplicate entry with key {name}"));
                    if let Some((line, column)) = line_column(types.text, node.span.start) {
                        message.push_str(&format!(" at line {line} column {column}"));
                    }
                    return Some(Problem::Duplicate {
                        key: e.key.span.clone(),
                        first: earlier.key.span.start
                            ..earlier.value.span.end.max(earlier.key.span.end),
                        name,
                        message,
                    });
                }
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&types.key(&e.key));
                let found = first_duplicate(types, &e.value, path, depth + 1);
                path.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        NodeKind::Seq(items) => items.iter().enumerate().find_map(|(i, n)| {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let found = first_duplicate(types, n, path, depth + 1);
            path.truncate(len);
            found
        }),
        NodeKind::Scalar(_) | NodeKind::Alias(_) => None,
    }
}

/// The 1-based line and column of `offset` in the frontmatter (counted
/// from its first line), as serde_yaml reports a mapping's start; `None`
/// at the very start, which it does not report.
fn line_column(text: &str, offset: usize) -> Option<(usize, usize)> {
    let block = locate(text).ok()?;
    let before = text.get(block.content.start..offset)?;
    if before.is_empty() {
        return None;
    }
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    Some((line, column))
}

/// Whether two keys are equal as serde_yaml values.
fn same_key(types: &Types<'_>, a: &Node, b: &Node) -> bool {
    let (ta, tb) = (types.ty(a), types.ty(b));
    match (&types.resolve(a).kind, &types.resolve(b).kind) {
        (NodeKind::Scalar(x), NodeKind::Scalar(y)) if ta == tb => match ta {
            Json::Null => true,
            Json::Boolean => x.text.eq_ignore_ascii_case(&y.text),
            _ => x.text == y.text,
        },
        _ => false,
    }
}

/// A key as serde_yaml prints it in its duplicate error: a string quoted.
fn key_name(types: &Types<'_>, key: &Node) -> String {
    match &types.resolve(key).kind {
        NodeKind::Scalar(s) if types.ty(key) == Json::String => format!("{:?}", s.text),
        NodeKind::Scalar(s) => s.text.to_string(),
        _ => "(a collection)".to_owned(),
    }
}

/// The zod schema of a custom agent's frontmatter, as Copilot CLI 1.0.102
/// checks it (messages and paths as it logs them).
pub(crate) mod schema {
    use super::{Issue, Json, Types};
    use crate::frontmatter::yaml::{Entry, Node};
    use std::ops::Range;

    /// The hook events the CLI accepts in an agent, and the name it checks
    /// their hooks under.
    pub const HOOK_EVENTS: &[(&str, &str)] = &[
        ("SessionStart", "sessionStart"),
        ("SessionEnd", "sessionEnd"),
        ("UserPromptSubmit", "userPromptSubmitted"),
        ("PreToolUse", "preToolUse"),
        ("PostToolUse", "postToolUse"),
        ("PreCompact", "preCompact"),
        ("SubagentStart", "subagentStart"),
        ("SubagentStop", "subagentStop"),
        ("Stop", "agentStop"),
        ("ErrorOccurred", "errorOccurred"),
        ("Notification", "notification"),
        ("sessionStart", "sessionStart"),
        ("sessionEnd", "sessionEnd"),
        ("userPromptSubmitted", "userPromptSubmitted"),
        ("preToolUse", "preToolUse"),
        ("postToolUse", "postToolUse"),
        ("preCompact", "preCompact"),
        ("subagentStart", "subagentStart"),
        ("subagentStop", "subagentStop"),
        ("agentStop", "agentStop"),
        ("errorOccurred", "errorOccurred"),
    ];

    /// The last entry for `key`.
    fn find<'a>(t: &Types<'a>, entries: &'a [Entry], key: &str) -> Option<&'a Entry> {
        entries.iter().rev().find(|e| t.key_is(&e.key, key))
    }

    fn issue(
        path: String,
        message: impl Into<String>,
        range: Range<usize>,
        got: Option<Json>,
    ) -> Issue {
        Issue {
            path,
            message: message.into(),
            range,
            received: got,
        }
    }

    fn wrong(path: String, expected: &str, got: Json, range: Range<usize>) -> Issue {
        issue(
            path,
            format!("Expected {expected}, received {}", got.name()),
            range,
            Some(got),
        )
    }

    /// The range to report a value on: the value, or its key when the value
    /// is empty.
    fn at(e: &Entry) -> Range<usize> {
        if e.value.span.is_empty() {
            e.key.span.clone()
        } else {
            e.value.span.clone()
        }
    }

    /// `key` of `entries` must be of type `expected` when present.
    fn typed(
        t: &Types<'_>,
        entries: &[Entry],
        path: &str,
        key: &str,
        expected: Json,
        out: &mut Vec<Issue>,
    ) {
        if let Some(e) = find(t, entries, key) {
            let got = t.ty(&e.value);
            if got != expected {
                out.push(wrong(join(path, key), expected.name(), got, at(e)));
            }
        }
    }

    fn join(path: &str, key: &str) -> String {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    }

    /// A list of strings (`0: Expected string, received number` for the
    /// first item that is not one); a string too when `string_ok`.
    fn string_list(t: &Types<'_>, e: &Entry, path: String, string_ok: bool, out: &mut Vec<Issue>) {
        match t.ty(&e.value) {
            Json::String if string_ok => {}
            Json::Array => {
                for (i, item) in t.items(&e.value).iter().enumerate() {
                    let got = t.ty(item);
                    if got != Json::String {
                        out.push(issue(
                            path,
                            format!("{i}: Expected string, received {}", got.name()),
                            item.span.clone(),
                            Some(got),
                        ));
                        return;
                    }
                }
            }
            got => out.push(wrong(path, "array", got, at(e))),
        }
    }

    /// A mapping of strings (`env`, `headers`): `env.A: Expected string`.
    fn string_map(t: &Types<'_>, e: &Entry, path: String, out: &mut Vec<Issue>) {
        let got = t.ty(&e.value);
        if got != Json::Object {
            out.push(wrong(path, "object", got, at(e)));
            return;
        }
        for v in t.entries(&e.value) {
            let got = t.ty(&v.value);
            if got != Json::String {
                out.push(wrong(
                    format!("{path}.{}", t.key(&v.key)),
                    "string",
                    got,
                    at(v),
                ));
                return;
            }
        }
    }

    /// The top-level object: `entries` of the frontmatter mapping, `open`
    /// the opening fence (where a missing key is reported).
    pub(crate) fn object(
        t: &Types<'_>,
        entries: &[Entry],
        open: &Range<usize>,
        out: &mut Vec<Issue>,
    ) {
        typed(t, entries, "", "name", Json::String, out);
        match find(t, entries, "description") {
            None => out.push(issue(
                "description".to_owned(),
                "Required",
                open.clone(),
                None,
            )),
            Some(_) => typed(t, entries, "", "description", Json::String, out),
        }
        if let Some(e) = find(t, entries, "tools") {
            string_list(t, e, "tools".to_owned(), true, out);
        }
        for key in ["infer", "disable-model-invocation", "user-invocable"] {
            typed(t, entries, "", key, Json::Boolean, out);
        }
        if let Some(e) = find(t, entries, "mcp-servers") {
            mcp_servers(t, e, out);
        }
        if let Some(e) = find(t, entries, "model") {
            model(t, e, out);
        }
        typed(t, entries, "", "reasoning-effort", Json::String, out);
        if let Some(e) = find(t, entries, "github") {
            github(t, e, out);
        }
        if let Some(e) = find(t, entries, "hooks") {
            hooks(t, e, out);
        }
    }

    /// `model`: a string, or a non-empty list of strings.
    fn model(t: &Types<'_>, e: &Entry, out: &mut Vec<Issue>) {
        match t.ty(&e.value) {
            Json::String => {}
            Json::Array if t.items(&e.value).is_empty() => out.push(issue(
                "model".to_owned(),
                "Expected a non-empty list of model names",
                at(e),
                Some(Json::Array),
            )),
            Json::Array => string_list(t, e, "model".to_owned(), false, out),
            got => out.push(wrong("model".to_owned(), "string", got, at(e))),
        }
    }

    /// `github`: `{permissions?: {scope: string}}`.
    fn github(t: &Types<'_>, e: &Entry, out: &mut Vec<Issue>) {
        let got = t.ty(&e.value);
        if got != Json::Object {
            out.push(wrong("github".to_owned(), "object", got, at(e)));
            return;
        }
        if let Some(p) = find(t, t.entries(&e.value), "permissions") {
            string_map(t, p, "github.permissions".to_owned(), out);
        }
    }

    /// `mcp-servers`: null, or a mapping of servers: local (`type` absent,
    /// `local` or `stdio`; `command`, `args`, `tools`) or remote (`type`
    /// `http` or `sse`, or any `type` with a `url`; `url`, `tools`).
    fn mcp_servers(t: &Types<'_>, e: &Entry, out: &mut Vec<Issue>) {
        match t.ty(&e.value) {
            Json::Null => return,
            Json::Object => {}
            got => {
                out.push(wrong("mcp-servers".to_owned(), "object", got, at(e)));
                return;
            }
        }
        for server in t.entries(&e.value) {
            let path = format!("mcp-servers.{}", t.key(&server.key));
            let got = t.ty(&server.value);
            if got != Json::Object {
                out.push(wrong(path, "object", got, at(server)));
                continue;
            }
            let fields = t.entries(&server.value);
            let ty = find(t, fields, "type");
            let ty_text = ty.and_then(|f| t.str(&f.value));
            let remote = matches!(ty_text, Some("http" | "sse"))
                || (!matches!(ty_text, Some("local" | "stdio"))
                    && find(t, fields, "url").is_some());
            let required = |key: &str, out: &mut Vec<Issue>| -> Option<&Entry> {
                let f = find(t, fields, key);
                if f.is_none() {
                    out.push(issue(
                        format!("{path}.{key}"),
                        "Required",
                        server.key.span.clone(),
                        None,
                    ));
                }
                f
            };
            let mut issues = Vec::new();
            if remote {
                if let Some(f) = required("url", &mut issues)
                    && t.ty(&f.value) != Json::String
                {
                    issues.push(wrong(
                        format!("{path}.url"),
                        "string",
                        t.ty(&f.value),
                        at(f),
                    ));
                }
            } else {
                if let Some(f) = required("command", &mut issues)
                    && t.ty(&f.value) != Json::String
                {
                    issues.push(wrong(
                        format!("{path}.command"),
                        "string",
                        t.ty(&f.value),
                        at(f),
                    ));
                }
                if let Some(f) = required("args", &mut issues) {
                    string_list(t, f, format!("{path}.args"), false, &mut issues);
                }
            }
            if let Some(f) = required("tools", &mut issues) {
                string_list(t, f, format!("{path}.tools"), false, &mut issues);
            }
            let (allowed, expected) = if remote {
                (&["http", "sse"][..], "'http' | 'sse'")
            } else {
                (&["local", "stdio"][..], "'local' | 'stdio'")
            };
            match ty {
                None if remote => issues.push(issue(
                    format!("{path}.type"),
                    "Required",
                    server.key.span.clone(),
                    None,
                )),
                None => {}
                Some(f) => match t.ty(&f.value) {
                    Json::String if allowed.contains(&t.str(&f.value).unwrap_or_default()) => {}
                    Json::String => issues.push(issue(
                        format!("{path}.type"),
                        format!("Invalid enum value. Expected {expected}"),
                        at(f),
                        Some(Json::String),
                    )),
                    got => issues.push(wrong(format!("{path}.type"), "string", got, at(f))),
                },
            }
            if let Some(f) = find(t, fields, if remote { "headers" } else { "env" }) {
                string_map(t, f, format!("{path}.{}", t.key(&f.key)), &mut issues);
            }
            if !remote {
                typed(t, fields, &path, "cwd", Json::String, &mut issues);
            }
            if let Some(f) = find(t, fields, "timeout") {
                let ok = t
                    .number(&f.value)
                    .is_some_and(|n| n > 0.0 && n.fract() == 0.0);
                if !ok {
                    issues.push(issue(
                        format!("{path}.timeout"),
                        "Expected positive integer",
                        at(f),
                        Some(t.ty(&f.value)),
                    ));
                }
            }
            out.extend(issues);
        }
    }

    /// `hooks`: a mapping of known events to lists of hook actions (or
    /// Claude Code's matchers holding them).
    fn hooks(t: &Types<'_>, e: &Entry, out: &mut Vec<Issue>) {
        if t.ty(&e.value) != Json::Object {
            out.push(issue(
                "hooks".to_owned(),
                "hooks must be an object",
                at(e),
                Some(t.ty(&e.value)),
            ));
            return;
        }
        for event in t.entries(&e.value) {
            let name = t.key(&event.key);
            let Some((_, canonical)) = HOOK_EVENTS.iter().find(|(n, _)| *n == name) else {
                out.push(issue(
                    format!("hooks.{name}"),
                    "Unsupported agent hook event",
                    event.key.span.clone(),
                    None,
                ));
                continue;
            };
            if t.ty(&event.value) != Json::Array {
                out.push(issue(
                    format!("hooks.{name}"),
                    "Expected an array of hook actions",
                    at(event),
                    Some(t.ty(&event.value)),
                ));
                continue;
            }
            let mut index = 0;
            for item in t.items(&event.value) {
                // A Claude Code matcher: its hooks, in its place.
                let inner = (t.ty(item) == Json::Object)
                    .then(|| find(t, t.entries(item), "hooks"))
                    .flatten()
                    .filter(|h| t.ty(&h.value) == Json::Array);
                match inner {
                    Some(h) => {
                        for action in t.items(&h.value) {
                            hook_action(t, action, &format!("hooks.{canonical}[{index}]"), out);
                            index += 1;
                        }
                    }
                    None => {
                        hook_action(t, item, &format!("hooks.{canonical}[{index}]"), out);
                        index += 1;
                    }
                }
            }
        }
    }

    fn hook_action(t: &Types<'_>, node: &Node, path: &str, out: &mut Vec<Issue>) {
        if t.ty(node) != Json::Object {
            out.push(issue(
                path.to_owned(),
                "Expected object",
                node.span.clone(),
                Some(t.ty(node)),
            ));
            return;
        }
        let fields = t.entries(node);
        let kind = find(t, fields, "type");
        let http = match kind.map(|k| (k, t.str(&k.value))) {
            None | Some((_, Some("command"))) => false,
            Some((_, Some("http"))) => true,
            Some((k, _)) => {
                out.push(issue(
                    format!("{path}.type"),
                    "Invalid hook type",
                    at(k),
                    None,
                ));
                return;
            }
        };
        if http {
            match find(t, fields, "url") {
                None => out.push(issue(
                    format!("{path}.url"),
                    "HTTP hook URL is required",
                    node.span.clone(),
                    None,
                )),
                Some(u) => {
                    let ok = t.str(&u.value).is_some_and(|url| {
                        let lower = url.trim().to_ascii_lowercase();
                        (lower.starts_with("http://") || lower.starts_with("https://"))
                            && url.trim().len() > lower.find("//").unwrap_or(0) + 2
                    });
                    if !ok {
                        out.push(issue(
                            format!("{path}.url"),
                            "HTTP hook URL must use http: or https: protocol",
                            at(u),
                            None,
                        ));
                    }
                }
            }
        } else {
            let exec = find(t, fields, "exec").is_some();
            let shell = ["bash", "powershell", "command"]
                .iter()
                .any(|k| find(t, fields, k).is_some());
            if exec == shell {
                out.push(issue(
                    path.to_owned(),
                    "Specify either 'exec' (native executable) or 'bash'/'powershell'/'command' (shell), but not both",
                    node.span.clone(),
                    None,
                ));
            }
            for key in ["exec", "bash", "powershell", "command", "cwd"] {
                if let Some(f) = find(t, fields, key)
                    && t.ty(&f.value) != Json::String
                {
                    out.push(issue(
                        format!("{path}.{key}"),
                        "Expected string",
                        at(f),
                        Some(t.ty(&f.value)),
                    ));
                }
            }
            if let Some(f) = find(t, fields, "env") {
                for v in t.entries(&f.value) {
                    if t.ty(&v.value) != Json::String {
                        out.push(issue(
                            format!("{path}.env[{:?}]", t.key(&v.key)),
                            "env values must be strings",
                            at(v),
                            Some(t.ty(&v.value)),
                        ));
                    }
                }
            }
        }
        if let Some(f) = find(t, fields, "timeout") {
            match t.number(&f.value) {
                None => out.push(issue(
                    format!("{path}.timeout"),
                    "timeout must be a number",
                    at(f),
                    Some(t.ty(&f.value)),
                )),
                Some(n) if n <= 0.0 => out.push(issue(
                    format!("{path}.timeout"),
                    "timeout must be positive",
                    at(f),
                    Some(Json::Number),
                )),
                Some(_) => {}
            }
        }
    }
}

/// What Copilot CLI 1.0.102 read from a custom agent file it loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliAgent {
    /// The `name` field, when it is a non-empty string (otherwise the CLI
    /// names the agent after its file).
    pub name: Option<String>,
    /// The description.
    pub description: String,
    /// The keys it ignores, as it logs them (`unknown fields ignored: …`).
    pub unknown_fields: Vec<String>,
    /// Whether the model is told about the agent (not with
    /// `disable-model-invocation: true` or `infer: false`).
    pub listed: bool,
}

/// Why Copilot CLI 1.0.102 refuses a custom agent file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliRefusal {
    /// What it logs after the file's path
    /// (`custom agent markdown frontmatter is malformed: description: Required`).
    /// For a YAML error the parser's words are agentls's, not libyaml's.
    pub message: String,
    /// Where in the text the problem is (byte offsets).
    pub range: Range<usize>,
}

/// Judges a Markdown file's text as Copilot CLI 1.0.102's custom agent
/// loader does (it reads `.github/agents/**/*.md` and also
/// `.claude/agents/*.md`): its frontmatter block, strict YAML with no
/// quoting retry, duplicate keys refused, merge keys not applied, then its
/// schema (`description` required; `name`, `model` strings; `tools` a list
/// or a string; `infer`, `disable-model-invocation`, `user-invocable`
/// booleans; `mcp-servers`, `github`, `hooks` objects of their shapes).
///
/// Checked against the CLI's verdicts on every file of
/// `tests/fixtures/loader/copilot-agent/` and
/// `tests/fixtures/loader/copilot-agent-claude-path/`.
///
/// # Errors
/// The refusal: what the CLI logs, and where the problem is.
pub fn copilot_cli_verdict(text: &str) -> Result<CliAgent, CliRefusal> {
    let reading = read(text);
    if let Some(p) = reading.problems.first() {
        return Err(CliRefusal {
            message: p.logged(),
            range: p.range(),
        });
    }
    let types = Types::new(text, reading.root.as_ref());
    let string = |key: &str| reading.get(key).and_then(|n| types.str(n));
    let boolean = |key: &str| reading.get(key).and_then(|n| types.boolean(n));
    let listed = match (boolean("disable-model-invocation"), boolean("infer")) {
        (Some(d), _) => !d,
        (None, Some(i)) => i,
        (None, None) => true,
    };
    Ok(CliAgent {
        name: string("name").filter(|n| !n.is_empty()).map(str::to_owned),
        description: string("description").unwrap_or_default().to_owned(),
        unknown_fields: reading.unknown.iter().map(|(k, _)| k.clone()).collect(),
        listed,
    })
}

#[cfg(test)]
mod tests {

    /// `key_is` answers as comparing `key` does, for keys of every JSON type.
    #[test]
    fn a_key_is_compared_as_it_is_named() {
        let text = "---\n~: 1\nnull: 2\nTrue: 3\nFALSE: 4\n5: 5\n0x1F: 6\nName: 7\n'name': 8\n!!str null: 9\n? [a]\n: 10\n.5: 11\n---\n";
        let reading = read(text);
        let root = reading.root.as_ref().expect("a mapping");
        let types = Types::new(text, Some(root));
        let wants = [
            "null", "true", "false", "True", "5", "31", "0x1F", "name", "Name", "", "0.5", ".5",
            "~",
        ];
        let mut matched = 0;
        for e in types.entries(root) {
            for want in wants {
                let named = types.key(&e.key) == want;
                assert_eq!(
                    types.key_is(&e.key, want),
                    named,
                    "{:?} against {want:?}",
                    types.key(&e.key)
                );
                matched += usize::from(named);
            }
        }
        assert!(matched >= 8, "{matched}");
    }

    /// The escape search gives what reading escape by escape gives.
    #[test]
    fn surrogate_escapes_are_found_as_escapes_are_read() {
        fn one_by_one(src: &str) -> Option<usize> {
            let bytes = src.as_bytes();
            let mut i = 0;
            while i + 1 < bytes.len() {
                if bytes[i] == b'\\' {
                    if bytes[i + 1] == b'u'
                        && let Some(hex) = src.get(i + 2..i + 6)
                        && let Ok(v) = u32::from_str_radix(hex, 16)
                        && (0xD800..=0xDFFF).contains(&v)
                    {
                        return Some(i);
                    }
                    i += 2;
                } else {
                    i += 1;
                }
            }
            None
        }
        let pieces = ["\\", "u", "D800", "dc00", "0041", "a", "é", "\\n", " "];
        let mut checked = 0;
        // Every string of up to five pieces.
        let mut stack = vec![(String::new(), 0)];
        while let Some((s, n)) = stack.pop() {
            assert_eq!(surrogate_in(&s), one_by_one(&s), "{s:?}");
            checked += 1;
            if n < 5 {
                stack.extend(pieces.iter().map(|p| (format!("{s}{p}"), n + 1)));
            }
        }
        assert!(checked > 10_000, "{checked}");
        assert_eq!(surrogate_in("a\\\\\\uD800"), Some(3));
        assert_eq!(surrogate_in("a\\\\uD800"), None);
    }
    use super::*;

    #[test]
    fn plain_scalars_as_serde_yaml_types_them() {
        for (t, j) in [
            ("", Json::Null),
            ("~", Json::Null),
            ("Null", Json::Null),
            ("NULL", Json::Null),
            ("nULL", Json::String),
            ("True", Json::Boolean),
            ("FALSE", Json::Boolean),
            ("yes", Json::String),
            ("on", Json::String),
            ("12", Json::Number),
            ("-12", Json::Number),
            ("+12", Json::Number),
            ("0", Json::Number),
            ("-0", Json::Number),
            ("0123", Json::String),
            ("0x1F", Json::Number),
            ("0X1F", Json::String),
            ("0o17", Json::Number),
            ("0b101", Json::Number),
            ("1.5", Json::Number),
            ("1e3", Json::Number),
            ("1.", Json::Number),
            (".5", Json::Number),
            ("1_000", Json::String),
            (".inf", Json::Null),
            ("-.inf", Json::Null),
            (".nan", Json::Null),
            ("inf", Json::String),
            ("nan", Json::String),
            ("123456789012345678901234567890", Json::Number),
            ("1.2.3", Json::String),
            ("gpt-4.1", Json::String),
        ] {
            assert_eq!(plain_type(t), j, "{t:?}");
        }
    }

    #[test]
    fn fences() {
        let ok =
            |t: &str| locate(t).map(|b| (t[b.content].to_owned(), t[b.body_start..].to_owned()));
        assert_eq!(
            ok("---\ndescription: d\n---\nBody\n"),
            Ok(("description: d\n".to_owned(), "Body\n".to_owned()))
        );
        assert_eq!(
            ok("\u{feff}---  \r\ndescription: d\r\n---\t\r\nBody"),
            Ok(("description: d\r\n".to_owned(), "Body".to_owned()))
        );
        assert_eq!(ok("---\n---"), Ok((String::new(), String::new())));
        assert!(matches!(
            locate("\n---\ndescription: d\n---\n"),
            Err(NoBlock::NotFirst { late: Some(r), .. }) if r == (1..4)
        ));
        assert!(matches!(
            locate("---\ndescription: d\n----\nBody\n"),
            Err(NoBlock::Unclosed { near: Some(r), .. }) if r == (19..23)
        ));
        assert!(matches!(locate("---"), Err(NoBlock::Unclosed { .. })));
        assert!(matches!(locate(""), Err(NoBlock::NotFirst { .. })));
        assert!(matches!(
            locate("# Title\n"),
            Err(NoBlock::NotFirst { late: None, .. })
        ));
    }

    #[test]
    fn verdicts() {
        let v = |t: &str| copilot_cli_verdict(t).map_err(|r| r.message);
        assert_eq!(
            v("---\ndescription: d\n---\nB\n").map(|a| a.listed),
            Ok(true)
        );
        assert_eq!(
            v("---\nname: x\n---\nB\n"),
            Err(format!("{MALFORMED}: description: Required"))
        );
        assert_eq!(
            v("---\ndescription: d\ninfer: yes\n---\nB\n"),
            Err(format!(
                "{MALFORMED}: infer: Expected boolean, received string"
            ))
        );
        assert_eq!(
            v("---\ndescription: d\ndescription: e\n---\nB\n"),
            Err(format!(
                "{MALFORMED}: failed to parse YAML frontmatter: duplicate entry with key \"description\""
            ))
        );
        assert_eq!(
            v("---\ndescription: d\ntools: [1]\n---\nB\n"),
            Err(format!(
                "{MALFORMED}: tools: 0: Expected string, received number"
            ))
        );
        assert_eq!(
            v(
                "---\ndescription: d\nmcp-servers:\n  fs:\n    command: x\n    tools: ['*']\n---\nB\n"
            ),
            Err(format!("{MALFORMED}: mcp-servers.fs.args: Required"))
        );
        let agent =
            v("---\ndescription: d\ncolor: red\nfoo: 1\ndisable-model-invocation: true\n---\n")
                .expect("loads");
        assert_eq!(agent.unknown_fields, ["color", "foo"]);
        assert!(!agent.listed);
    }
}
