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
use crate::frontmatter::yaml::{self, Entry, Node, NodeKind, Style};

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

/// Whether a line (without its `\n`) is a fence: `---` and then only spaces,
/// tabs or a `\r`.
fn is_fence(line: &str) -> bool {
    line.strip_prefix("---")
        .is_some_and(|rest| rest.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r')))
}

/// The lines of `text` from `from`, as (start, line without `\n`).
fn lines_from(text: &str, from: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut at = from;
    text[from..].split_inclusive('\n').map(move |l| {
        let start = at;
        at += l.len();
        (start, l.strip_suffix('\n').unwrap_or(l))
    })
}

/// A line's range without a final `\r`.
fn trimmed(start: usize, line: &str) -> Range<usize> {
    start..start + line.strip_suffix('\r').unwrap_or(line).len()
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
    if matches!(
        text,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    ) {
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

/// The JSON type of a node, aliases resolved (a quoted or block scalar is
/// a string; a plain one is typed as serde_yaml types it).
#[must_use]
pub fn json_type(view: &View<'_>, node: &Node) -> Json {
    match &view.resolve(node).kind {
        NodeKind::Seq(_) => Json::Array,
        NodeKind::Map(_) => Json::Object,
        NodeKind::Alias(_) => Json::Null,
        NodeKind::Scalar(s) if s.style == Style::Plain => plain_type(&s.text),
        NodeKind::Scalar(_) => Json::String,
    }
}

/// The text of a node that JSON reads as a string.
#[must_use]
pub fn json_str<'a>(view: &View<'a>, node: &'a Node) -> Option<&'a str> {
    let node = view.resolve(node);
    match &node.kind {
        NodeKind::Scalar(s) if json_type(view, node) == Json::String => Some(&s.text),
        _ => None,
    }
}

/// The key of a mapping entry as JSON reads it (`None` for a key JSON
/// cannot hold).
fn json_key<'a>(view: &View<'a>, key: &'a Node) -> Option<&'a str> {
    match &view.resolve(key).kind {
        NodeKind::Scalar(s) => Some(&s.text),
        _ => None,
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
            Problem::Duplicate { name, .. } => {
                format!("failed to parse YAML frontmatter: duplicate entry with key {name}")
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
    /// the file loads and the CLI logs `unknown field(s) ignored: …`.
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

/// The keys of Copilot CLI's schema for a custom agent.
pub const SCHEMA_KEYS: &[&str] = &[
    "name",
    "description",
    "tools",
    "model",
    "infer",
    "disable-model-invocation",
    "user-invocable",
    "mcp-servers",
    "github",
    "hooks",
    "reasoning-effort",
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
    let doc = match yaml::parse(content) {
        Ok(doc) => doc,
        Err(e) => {
            let at = crate::frontmatter::floor_char_boundary(text, base + e.offset);
            reading.problems.push(Problem::Yaml {
                range: to_line_end(text, at, block.content.end),
                message: e.message,
            });
            return reading;
        }
    };
    if doc.documents > 1 {
        let second = second_document(content).map_or(block.content.clone(), |r| {
            base + r.start..base + r.end
        });
        reading.problems.push(Problem::Yaml {
            range: second,
            message: "deserializing from YAML containing more than one document is not supported"
                .to_owned(),
        });
        return reading;
    }
    let mut root = doc.root;
    if let Some(r) = &mut root {
        r.map_spans(&|o| o + base);
    }
    let view = View::new(root.as_ref());
    if let Some(r) = &root
        && let Some(d) = first_duplicate(&view, r, 0)
    {
        reading.problems.push(d);
        reading.root = root;
        return reading;
    }
    let mut issues = Vec::new();
    match &root {
        // Nothing but comments and blanks: `{}`.
        None => schema::object(&view, &[], &block.open, &mut issues),
        Some(r) => match json_type(&view, r) {
            Json::Object => {
                schema::object(&view, r.entries().unwrap_or(&[]), &block.open, &mut issues);
            }
            Json::Null if matches!(r.kind, NodeKind::Scalar(_)) => {
                schema::object(&view, &[], &block.open, &mut issues);
            }
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
    if reading.problems.is_empty() {
        for e in top_entries(root.as_ref()) {
            let key = json_key(&view, &e.key).unwrap_or_default();
            if !SCHEMA_KEYS.contains(&key) {
                reading.unknown.push((key.to_owned(), e.key.span.clone()));
            }
        }
    }
    reading.root = root;
    reading
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

/// Where the second YAML document of `content` starts: the line after a
/// `...` or `---` line that follows the first document.
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
/// every mapping into a map that refuses duplicates), in document order.
fn first_duplicate(view: &View<'_>, node: &Node, depth: usize) -> Option<Problem> {
    if depth > 64 {
        return None;
    }
    match &node.kind {
        NodeKind::Map(entries) => {
            for (i, e) in entries.iter().enumerate() {
                if let Some(d) = first_duplicate(view, &e.key, depth + 1) {
                    return Some(d);
                }
                if let Some(earlier) = entries[..i].iter().find(|p| same_key(view, &p.key, &e.key))
                {
                    return Some(Problem::Duplicate {
                        key: e.key.span.clone(),
                        first: earlier.key.span.start..earlier.value.span.end.max(earlier.key.span.end),
                        name: key_name(view, &e.key),
                    });
                }
                if let Some(d) = first_duplicate(view, &e.value, depth + 1) {
                    return Some(d);
                }
            }
            None
        }
        NodeKind::Seq(items) => items.iter().find_map(|n| first_duplicate(view, n, depth + 1)),
        NodeKind::Scalar(_) | NodeKind::Alias(_) => None,
    }
}

/// Whether two keys are equal as serde_yaml values.
fn same_key(view: &View<'_>, a: &Node, b: &Node) -> bool {
    let (a, b) = (view.resolve(a), view.resolve(b));
    match (&a.kind, &b.kind) {
        (NodeKind::Scalar(x), NodeKind::Scalar(y)) => {
            let (tx, ty) = (json_type(view, a), json_type(view, b));
            tx == ty
                && match tx {
                    Json::String | Json::Boolean => x.text == y.text || tx == Json::Boolean && x.text.eq_ignore_ascii_case(&y.text),
                    Json::Null => true,
                    Json::Number => x.text == y.text,
                    _ => false,
                }
        }
        _ => false,
    }
}

/// A key as serde_yaml prints it in its duplicate error: a string quoted.
fn key_name(view: &View<'_>, key: &Node) -> String {
    match &view.resolve(key).kind {
        NodeKind::Scalar(s) if json_type(view, key) == Json::String => format!("{:?}", s.text),
        NodeKind::Scalar(s) => s.text.clone(),
        _ => "(a collection)".to_owned(),
    }
}

/// The zod schema of a custom agent's frontmatter.
pub(crate) mod schema {
    use super::{Issue, Json, json_key, json_type};
    use crate::frontmatter::object::View;
    use crate::frontmatter::yaml::{Entry, Node};
    use std::ops::Range;

    /// The last entry for `key` in `entries`.
    fn find<'a>(view: &View<'a>, entries: &'a [Entry], key: &str) -> Option<&'a Entry> {
        entries
            .iter()
            .rev()
            .find(|e| json_key(view, &e.key) == Some(key))
    }

    fn wrong(path: String, expected: &str, got: Json, node: &Node) -> Issue {
        Issue {
            path,
            message: format!("Expected {expected}, received {}", got.name()),
            range: node.span.clone(),
            received: Some(got),
        }
    }

    fn required(path: String, at: Range<usize>) -> Issue {
        Issue {
            path,
            message: "Required".to_owned(),
            range: at,
            received: None,
        }
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

    /// An optional string.
    fn string(view: &View<'_>, entries: &[Entry], key: &str, out: &mut Vec<Issue>) {
        if let Some(e) = find(view, entries, key) {
            let t = json_type(view, &e.value);
            if t != Json::String {
                let mut issue = wrong(key.to_owned(), "string", t, &e.value);
                issue.range = at(e);
                out.push(issue);
            }
        }
    }

    /// An optional boolean.
    fn boolean(view: &View<'_>, entries: &[Entry], key: &str, out: &mut Vec<Issue>) {
        if let Some(e) = find(view, entries, key) {
            let t = json_type(view, &e.value);
            if t != Json::Boolean {
                let mut issue = wrong(key.to_owned(), "boolean", t, &e.value);
                issue.range = at(e);
                out.push(issue);
            }
        }
    }

    /// A list of strings (`0: Expected string, received number` for the
    /// first item that is not one), or a string.
    fn string_list(
        view: &View<'_>,
        node: &Node,
        path: String,
        string_ok: bool,
        out: &mut Vec<Issue>,
    ) {
        match json_type(view, node) {
            Json::String if string_ok => {}
            Json::Array => {
                let items = view.array(node).unwrap_or(&[]);
                for (i, item) in items.iter().enumerate() {
                    let t = json_type(view, item);
                    if t != Json::String {
                        let mut issue = wrong(path, "string", t, item);
                        issue.message = format!("{i}: {}", issue.message);
                        out.push(issue);
                        return;
                    }
                }
            }
            t => out.push(wrong(path, "array", t, node)),
        }
    }

    /// The top-level object: `entries` of the frontmatter mapping, `open`
    /// the opening fence (where a missing key is reported).
    pub(crate) fn object(
        view: &View<'_>,
        entries: &[Entry],
        open: &Range<usize>,
        out: &mut Vec<Issue>,
    ) {
        string(view, entries, "name", out);
        match find(view, entries, "description") {
            None => out.push(required("description".to_owned(), open.clone())),
            Some(_) => string(view, entries, "description", out),
        }
        if let Some(e) = find(view, entries, "tools") {
            let mut issues = Vec::new();
            string_list(view, &e.value, "tools".to_owned(), true, &mut issues);
            for mut i in issues {
                if e.value.span.is_empty() {
                    i.range = e.key.span.clone();
                }
                out.push(i);
            }
        }
        if let Some(e) = find(view, entries, "model") {
            let t = json_type(view, &e.value);
            if !matches!(t, Json::String | Json::Array) {
                let mut issue = wrong("model".to_owned(), "string", t, &e.value);
                issue.range = at(e);
                out.push(issue);
            }
        }
        boolean(view, entries, "infer", out);
        boolean(view, entries, "disable-model-invocation", out);
        boolean(view, entries, "user-invocable", out);
        if let Some(e) = find(view, entries, "mcp-servers") {
            mcp_servers(view, e, out);
        }
        if let Some(e) = find(view, entries, "github") {
            let t = json_type(view, &e.value);
            if t != Json::Object {
                let mut issue = wrong("github".to_owned(), "object", t, &e.value);
                issue.range = at(e);
                out.push(issue);
            }
        }
        if let Some(e) = find(view, entries, "hooks") {
            hooks(view, e, out);
        }
    }

    fn mcp_servers(view: &View<'_>, e: &Entry, out: &mut Vec<Issue>) {
        let t = json_type(view, &e.value);
        if t != Json::Object {
            let mut issue = wrong("mcp-servers".to_owned(), "object", t, &e.value);
            issue.range = at(e);
            out.push(issue);
            return;
        }
        let node = view.resolve(&e.value);
        for server in node.entries().unwrap_or(&[]) {
            let name = json_key(view, &server.key).unwrap_or_default();
            let path = format!("mcp-servers.{name}");
            let t = json_type(view, &server.value);
            if t != Json::Object {
                let mut issue = wrong(path, "object", t, &server.value);
                issue.range = at(server);
                out.push(issue);
                continue;
            }
            let fields = view.resolve(&server.value).entries().unwrap_or(&[]);
            let ty = find(view, fields, "type").and_then(|t| super::json_str(view, &t.value));
            let remote = matches!(ty, Some("http" | "sse"));
            let mut need = |key: &str, check: &dyn Fn(&Node, String, &mut Vec<Issue>)| match find(
                view, fields, key,
            ) {
                None => out.push(required(format!("{path}.{key}"), server.key.span.clone())),
                Some(f) => check(&f.value, format!("{path}.{key}"), out),
            };
            let text = |node: &Node, p: String, out: &mut Vec<Issue>| {
                let t = json_type(view, node);
                if t != Json::String {
                    out.push(wrong(p, "string", t, node));
                }
            };
            let list = |node: &Node, p: String, out: &mut Vec<Issue>| {
                string_list(view, node, p, false, out);
            };
            if remote {
                need("url", &text);
            } else {
                need("command", &text);
                need("args", &list);
            }
            need("tools", &list);
        }
    }

    fn hooks(view: &View<'_>, e: &Entry, out: &mut Vec<Issue>) {
        if json_type(view, &e.value) != Json::Object {
            out.push(Issue {
                path: "hooks".to_owned(),
                message: "hooks must be an object".to_owned(),
                range: at(e),
                received: Some(json_type(view, &e.value)),
            });
            return;
        }
        for event in view.resolve(&e.value).entries().unwrap_or(&[]) {
            if json_type(view, &event.value) != Json::Array {
                let name = json_key(view, &event.key).unwrap_or_default();
                out.push(Issue {
                    path: format!("hooks.{name}"),
                    message: "Expected an array of hook actions".to_owned(),
                    range: at(event),
                    received: Some(json_type(view, &event.value)),
                });
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
    let view = View::new(reading.root.as_ref());
    let string = |key: &str| reading.get(key).and_then(|n| json_str(&view, n));
    let boolean = |key: &str| {
        reading.get(key).and_then(|n| match &view.resolve(n).kind {
            NodeKind::Scalar(s) if json_type(&view, n) == Json::Boolean => {
                Some(s.text.eq_ignore_ascii_case("true"))
            }
            _ => None,
        })
    };
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
        let ok = |t: &str| locate(t).map(|b| (t[b.content].to_owned(), t[b.body_start..].to_owned()));
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
        assert!(matches!(locate("# Title\n"), Err(NoBlock::NotFirst { late: None, .. })));
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
            Err(format!("{MALFORMED}: infer: Expected boolean, received string"))
        );
        assert_eq!(
            v("---\ndescription: d\ndescription: e\n---\nB\n"),
            Err(format!(
                "{MALFORMED}: failed to parse YAML frontmatter: duplicate entry with key \"description\""
            ))
        );
        assert_eq!(
            v("---\ndescription: d\ntools: [1]\n---\nB\n"),
            Err(format!("{MALFORMED}: tools: 0: Expected string, received number"))
        );
        assert_eq!(
            v("---\ndescription: d\nmcp-servers:\n  fs:\n    command: x\n    tools: ['*']\n---\nB\n"),
            Err(format!("{MALFORMED}: mcp-servers.fs.args: Required"))
        );
        let agent = v("---\ndescription: d\ncolor: red\nfoo: 1\ndisable-model-invocation: true\n---\n")
            .expect("loads");
        assert_eq!(agent.unknown_fields, ["color", "foo"]);
        assert!(!agent.listed);
    }
}
