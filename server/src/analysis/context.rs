//! Where the cursor is in the frontmatter, read from the frontmatter's YAML
//! layout rather than from one line: the top-level entries (a key at column
//! 0, plain or quoted, blanks allowed before its colon) and the lines each
//! owns (indented lines, block-list items, the lines of a flow list still
//! open); inside a value, its form (plain or quoted scalar, block scalar,
//! flow list, block list, comma string), its comments and quotes. Nothing
//! here needs the YAML to parse, so it works while someone types.

use std::ops::Range;

use crate::formats::catalog::FieldType;
use crate::frontmatter::{self, Locate, Style};

/// What the cursor is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Context {
    /// A key being typed at the start of a frontmatter line; `range` is the
    /// key text to replace, `has_colon` whether a `:` already follows it.
    Key {
        /// The key's text (possibly empty).
        range: Range<usize>,
        /// Whether the line already has `key:`.
        has_colon: bool,
    },
    /// The single value of `key`, written on the key's line.
    Value {
        /// The key.
        key: String,
        /// The value text to replace (inside the quotes of a quoted value;
        /// empty at the cursor when there is no value yet). Never includes a
        /// trailing comment.
        range: Range<usize>,
        /// What to write before the value: a blank when the range starts
        /// right after the colon (`model:|`).
        prefix: &'static str,
    },
    /// One entry of a list-valued field (`tools`, `skills`, …), in any of
    /// its forms: `a, b` string, flow list, block list.
    ListEntry {
        /// The key.
        key: String,
        /// The entry under the cursor (possibly empty).
        range: Range<usize>,
        /// The other entries already there.
        present: Vec<String>,
        /// What to write before the entry: a blank after `:`, `,` or a
        /// bare `-`; `, ` after a flow-list entry; `- ` (with the list's
        /// indentation when the line lacks it) on a block-list line that has
        /// no dash yet.
        prefix: String,
        /// What to write after it: `,` before a flow-list entry.
        suffix: &'static str,
    },
    /// Inside the description's value.
    Description(DescriptionAt),
}

/// The cursor inside the description, and how the description is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescriptionAt {
    /// The word that ends at the cursor (what a snippet replaces).
    pub range: Range<usize>,
    /// How the value is written.
    pub style: Style,
    /// The value's source: a plain value's text on all its lines (without
    /// comments; empty at the cursor when there is none yet), a quoted one
    /// from quote to quote, a block scalar from its header to its last line.
    pub value: Range<usize>,
    /// What to write before a snippet: a blank right after the colon.
    pub prefix: &'static str,
    /// Whether an `<example>` opened before the cursor is not closed yet.
    pub in_example: bool,
    /// The whole `description` entry: from its key to the end of its last line.
    pub entry: Range<usize>,
}

/// The frontmatter content range, also for a block still being written
/// (an opening `---` with no closing one yet).
fn content_range(text: &str) -> Option<Range<usize>> {
    match frontmatter::locate(text) {
        Locate::Found(l) => Some(l.content),
        Locate::Unterminated { open } => {
            let start = text[open.end..].find('\n').map(|i| open.end + i + 1)?;
            Some(start..text.len())
        }
        Locate::Missing { .. } => None,
    }
}

/// A physical line of the frontmatter, without its line break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Line {
    start: usize,
    end: usize,
}

/// The lines of `content`. A last piece without a line break counts only
/// when it holds text or the frontmatter runs to the end of the file (the
/// empty piece before a closing fence is the fence's line).
fn split_lines(text: &str, content: &Range<usize>) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = content.start;
    loop {
        let rest = &text[start..content.end];
        let (piece, next) = match rest.find('\n') {
            Some(i) => (start..start + i, Some(start + i + 1)),
            None => (start..content.end, None),
        };
        let end = if text[piece.clone()].ends_with('\r') {
            piece.end - 1
        } else {
            piece.end
        };
        match next {
            Some(n) => {
                out.push(Line { start, end });
                start = n;
            }
            None => {
                if !piece.is_empty() || content.end == text.len() {
                    out.push(Line { start, end });
                }
                return out;
            }
        }
    }
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn leading_blanks(s: &str) -> usize {
    s.len() - s.trim_start_matches(is_blank).len()
}

/// Whether `s` (a line from its first non-blank char) is a block-list item:
/// `-` followed by a blank or nothing.
fn is_dash_item(s: &str) -> bool {
    s.strip_prefix('-')
        .is_some_and(|r| r.is_empty() || r.starts_with(is_blank))
}

/// The head of a top-level entry: its key as written, and its colon.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Head {
    /// The key (inside its quotes, if quoted).
    key: String,
    /// The key's text (inside its quotes, if quoted).
    key_range: Range<usize>,
    /// Whether the key is quoted.
    quoted: bool,
    /// The offset of the `:` after the key and any blanks.
    colon: Option<usize>,
}

/// Where the quoted scalar opening at byte `open` of `s` closes (the byte
/// of the closing quote): `"` with backslash escapes, `'` with `''`.
fn closing_quote(s: &str, open: usize) -> Option<usize> {
    let q = s[open..].chars().next()?;
    let mut chars = s[open + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        if q == '"' && c == '\\' {
            chars.next();
        } else if c == q {
            if q == '\'' && s[open + 1 + i + 1..].starts_with('\'') {
                chars.next();
            } else {
                return Some(open + 1 + i);
            }
        }
    }
    None
}

/// The head of the line, if the line starts a top-level entry: anything at
/// column 0 but a blank, a comment or a list item.
fn head(text: &str, line: Line) -> Option<Head> {
    let s = &text[line.start..line.end];
    let first = s.chars().next()?;
    if is_blank(first) || first == '#' || is_dash_item(s) {
        return None;
    }
    let (key, key_range, quoted, after) = if first == '"' || first == '\'' {
        match closing_quote(s, 0) {
            Some(close) => (
                s[1..close].to_owned(),
                line.start + 1..line.start + close,
                true,
                close + 1,
            ),
            None => (s[1..].to_owned(), line.start + 1..line.end, true, s.len()),
        }
    } else {
        let n = s
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(s.len());
        (s[..n].to_owned(), line.start..line.start + n, false, n)
    };
    let blanks = leading_blanks(&s[after..]);
    let colon = s[after + blanks..]
        .starts_with(':')
        .then_some(line.start + after + blanks);
    Some(Head {
        key,
        key_range,
        quoted,
        colon,
    })
}

/// `s` with its YAML comments blanked out (same length in bytes), reading
/// quoted scalars so that a `#` inside quotes stays. `line_start`: whether
/// `s` starts at the start of a line (else right after a key's colon).
/// Also returns the flow-collection depth at the end, counted from `depth`.
fn lex(s: &str, line_start: bool, mut depth: usize) -> (String, usize) {
    let mut out = s.as_bytes().to_vec();
    let mut quote: Option<char> = None;
    let mut prev: Option<char> = line_start.then_some('\n');
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some('"') => {
                if c == '\\' {
                    chars.next();
                } else if c == '"' {
                    quote = None;
                }
            }
            Some(_) => {
                if c == '\'' {
                    if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
            }
            None => {
                let token_start =
                    prev.is_none_or(|p| matches!(p, ' ' | '\t' | '\n' | '[' | '{' | ','));
                if (c == '"' || c == '\'') && token_start {
                    quote = Some(c);
                } else if c == '#' && prev.is_some_and(|p| matches!(p, ' ' | '\t' | '\n')) {
                    let end = s[i..].find('\n').map_or(s.len(), |j| i + j);
                    for b in &mut out[i..end] {
                        *b = b' ';
                    }
                    while chars.peek().is_some_and(|(j, _)| *j < end) {
                        chars.next();
                    }
                    prev = Some(' ');
                    continue;
                } else if matches!(c, '[' | '{') {
                    depth += 1;
                } else if matches!(c, ']' | '}') {
                    depth = depth.saturating_sub(1);
                }
            }
        }
        prev = Some(c);
    }
    // Only whole characters (from `#` to the line's end) were replaced by
    // ASCII blanks, so this is still UTF-8.
    (
        String::from_utf8(out).unwrap_or_else(|_| s.to_owned()),
        depth,
    )
}

/// A top-level entry: its head line and the lines it owns.
#[derive(Debug, Clone)]
struct Entry {
    head: Head,
    /// The index of the head line.
    line: usize,
    /// One past the index of its last line.
    end: usize,
}

/// The frontmatter read into lines and entries.
struct Scan {
    lines: Vec<Line>,
    entries: Vec<Entry>,
}

impl Scan {
    fn new(text: &str, content: &Range<usize>) -> Self {
        let lines = split_lines(text, content);
        let mut entries: Vec<Entry> = Vec::new();
        // A flow list (`[`…`]`) still open owns the column-0 lines that do
        // not look like `key:`.
        let mut depth = 0;
        for (i, l) in lines.iter().enumerate() {
            match head(text, *l) {
                Some(h) if depth == 0 || h.colon.is_some() => {
                    if let Some(last) = entries.last_mut() {
                        last.end = i;
                    }
                    depth = h.colon.map_or(0, |c| {
                        let rest = &text[c + 1..l.end];
                        if rest.trim_start_matches(is_blank).starts_with(['[', '{']) {
                            lex(rest, false, 0).1
                        } else {
                            0
                        }
                    });
                    entries.push(Entry {
                        head: h,
                        line: i,
                        end: lines.len(),
                    });
                }
                _ if depth > 0 => depth = lex(&text[l.start..l.end], true, depth).1,
                _ => {}
            }
        }
        Self { lines, entries }
    }

    /// The entry that owns line `li`, if any.
    fn owner(&self, li: usize) -> Option<&Entry> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.line <= li && li < e.end)
    }

    /// The value region of an entry: from after its colon to the end of its
    /// last line.
    fn value_region(&self, e: &Entry) -> Option<Range<usize>> {
        let colon = e.head.colon?;
        Some(colon + 1..self.lines[e.end - 1].end.max(colon + 1))
    }
}

/// Whether `key` holds a list of names in some format's catalog.
fn is_list_field(key: &str) -> bool {
    crate::formats::FORMATS.iter().any(|f| {
        matches!(
            crate::formats::catalog::field(f.fields, key).map(|f| f.ty),
            Some(FieldType::ToolList | FieldType::NameList)
        )
    })
}

/// The top-level keys written in the frontmatter, in order.
#[must_use]
pub fn keys_present(text: &str) -> Vec<String> {
    let Some(content) = content_range(text) else {
        return Vec::new();
    };
    Scan::new(text, &content)
        .entries
        .into_iter()
        .filter(|e| e.head.colon.is_some())
        .map(|e| e.head.key)
        .collect()
}

/// The entries of the list-valued top-level field `key` (every occurrence,
/// in any form), as written, quotes removed.
#[must_use]
pub fn list_entries(text: &str, key: &str) -> Vec<String> {
    let Some(content) = content_range(text) else {
        return Vec::new();
    };
    let scan = Scan::new(text, &content);
    scan.entries
        .iter()
        .filter(|e| e.head.key == key)
        .flat_map(|e| read_list(text, &scan, e).items)
        .map(|r| text[r].to_owned())
        .collect()
}

/// The scalar written on the head line of the top-level field `key`
/// (quotes removed, comment left out), even when the YAML does not parse.
#[must_use]
pub fn scalar_on_line(text: &str, key: &str) -> Option<String> {
    let content = content_range(text)?;
    let scan = Scan::new(text, &content);
    let e = scan.entries.iter().rev().find(|e| e.head.key == key)?;
    let colon = e.head.colon?;
    let line = scan.lines[e.line];
    let v = scalar_range(text, colon + 1, line.end)?;
    let range = unquote(text, v);
    let s = text[range].trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// The scalar after a colon on one line: its range (quotes included),
/// without blanks around it or a trailing comment. `None` when empty.
fn scalar_range(text: &str, from: usize, line_end: usize) -> Option<Range<usize>> {
    let s = &text[from..line_end];
    let start = leading_blanks(s);
    let rest = &s[start..];
    if rest.starts_with(['"', '\'']) {
        let end = closing_quote(rest, 0).map_or(rest.len(), |c| c + 1);
        return Some(from + start..from + start + end);
    }
    let (masked, _) = lex(s, false, 0);
    let value = masked[start..].trim_end();
    (!value.is_empty()).then(|| from + start..from + start + value.len())
}

/// The range inside quotes, if the text there is quoted.
fn unquote(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    if s.len() >= 2
        && ((s.starts_with('"') && s.ends_with('"')) || (s.starts_with('\'') && s.ends_with('\'')))
    {
        r.start + 1..r.end - 1
    } else if s.starts_with(['"', '\'']) {
        // Still being typed: no closing quote yet.
        r.start + 1..r.end
    } else {
        r
    }
}

/// The context at byte `offset` of `text`, if it is inside the frontmatter.
#[must_use]
pub fn at(text: &str, offset: usize) -> Option<Context> {
    let content = content_range(text)?;
    if offset < content.start || offset > content.end || !text.is_char_boundary(offset) {
        return None;
    }
    let scan = Scan::new(text, &content);
    let li = scan
        .lines
        .iter()
        .position(|l| l.start <= offset && offset <= l.end)?;
    let line = scan.lines[li];
    let s = &text[line.start..line.end];
    if let Some(e) = scan.owner(li)
        && e.line == li
    {
        return on_head(text, offset, &scan, e);
    }
    // Column 0 with nothing after the cursor: a new key.
    if offset == line.start && s.trim().is_empty() {
        return Some(Context::Key {
            range: offset..offset,
            has_colon: false,
        });
    }
    let e = scan.owner(li)?;
    let key = e.head.key.as_str();
    if key == "description" && e.head.colon.is_some() {
        description_at(text, offset, &scan, e, li)
    } else if is_list_field(key) && e.head.colon.is_some() {
        list_at(text, offset, &scan, e, li)
    } else {
        None
    }
}

/// The cursor on an entry's head line.
fn on_head(text: &str, offset: usize, scan: &Scan, e: &Entry) -> Option<Context> {
    let h = &e.head;
    let line = scan.lines[e.line];
    let Some(colon) = h.colon else {
        // A key being typed: the line holds one word.
        let word_end = h.key_range.end;
        return (!h.quoted && offset <= word_end && text[word_end..line.end].trim().is_empty())
            .then(|| Context::Key {
                range: h.key_range.clone(),
                has_colon: false,
            });
    };
    if offset <= colon {
        return (offset >= h.key_range.start && offset <= h.key_range.end).then(|| Context::Key {
            range: h.key_range.clone(),
            has_colon: true,
        });
    }
    let key = h.key.as_str();
    if key == "description" {
        return description_at(text, offset, scan, e, e.line);
    }
    if is_list_field(key) {
        return list_at(text, offset, scan, e, e.line);
    }
    let colon_end = colon + 1;
    match scalar_range(text, colon_end, line.end) {
        None => {
            // No value yet: it goes at the cursor, unless the cursor is in a comment.
            let (masked, _) = lex(&text[colon_end..line.end], false, 0);
            if masked[..offset - colon_end] != text[colon_end..offset] {
                return None;
            }
            let at_comment = text[offset..line.end].starts_with('#');
            (!at_comment).then(|| Context::Value {
                key: key.to_owned(),
                range: offset..offset,
                prefix: if offset == colon_end { " " } else { "" },
            })
        }
        Some(v) => {
            if offset < v.start || offset > v.end {
                return None;
            }
            let quoted = text[v.clone()].starts_with(['"', '\'']);
            let inner = unquote(text, v.clone());
            if quoted && (offset < inner.start || offset > inner.end) {
                return None;
            }
            Some(Context::Value {
                key: key.to_owned(),
                prefix: if !quoted && v.start == colon_end {
                    " "
                } else {
                    ""
                },
                range: inner,
            })
        }
    }
}

/// How a list value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// A string of entries separated by commas or blanks (quoted or not,
    /// on one line or folded over several).
    Plain,
    /// `[a, b]`.
    Flow,
    /// `- a` items on the following lines.
    Block,
}

/// A list value: its form and its entries (each as written, quotes removed).
struct ListRead {
    form: Form,
    items: Vec<Range<usize>>,
}

/// Splits a plain or flow list's (comment-masked) text into entries:
/// separated by commas, blanks, brackets and quotes outside parentheses.
fn split_entries(masked: &str) -> Vec<Range<usize>> {
    super::tool_list::split_by(masked, |c| {
        c == ',' || c.is_whitespace() || matches!(c, '[' | ']' | '{' | '}' | '"' | '\'')
    })
}

/// The block-list item on a line: the range of its text after `- `
/// (comment left out, quotes removed), and where the text after the dash
/// starts. `None` when the line is not an item.
fn block_item(text: &str, line: Line) -> Option<(Range<usize>, usize)> {
    let s = &text[line.start..line.end];
    let indent = leading_blanks(s);
    let rest = &s[indent..];
    if !rest.starts_with('-') || rest.starts_with("---") {
        return None;
    }
    let after_dash = line.start + indent + 1;
    let item =
        scalar_range(text, after_dash, line.end).map_or(line.end..line.end, |r| unquote(text, r));
    Some((item, after_dash))
}

fn read_list(text: &str, scan: &Scan, e: &Entry) -> ListRead {
    let Some(region) = scan.value_region(e) else {
        return ListRead {
            form: Form::Plain,
            items: Vec::new(),
        };
    };
    let (masked, _) = lex(&text[region.clone()], false, 0);
    let head_end = scan.lines[e.line].end;
    let first = masked.char_indices().find(|(_, c)| !c.is_whitespace());
    let form = match first {
        Some((_, '[')) => Form::Flow,
        Some((i, _)) if region.start + i > head_end && is_dash_item(&masked[i..]) => Form::Block,
        _ => Form::Plain,
    };
    let items = match form {
        Form::Block => (e.line + 1..e.end)
            .filter_map(|i| block_item(text, scan.lines[i]))
            .map(|(r, _)| r)
            .filter(|r| !r.is_empty())
            .collect(),
        Form::Plain | Form::Flow => split_entries(&masked)
            .into_iter()
            .map(|r| region.start + r.start..region.start + r.end)
            .collect(),
    };
    ListRead { form, items }
}

/// The cursor in the value of a list-valued field.
fn list_at(text: &str, offset: usize, scan: &Scan, e: &Entry, li: usize) -> Option<Context> {
    let region = scan.value_region(e)?;
    let line = scan.lines[li];
    // Not in a comment.
    let from = if li == e.line {
        region.start
    } else {
        line.start
    };
    let (masked_line, _) = lex(&text[from..line.end], li != e.line, 0);
    if masked_line[..offset - from] != text[from..offset] {
        return None;
    }
    let list = read_list(text, scan, e);
    let key = e.head.key.clone();
    let others = |current: Option<&Range<usize>>| -> Vec<String> {
        list.items
            .iter()
            .filter(|r| Some(*r) != current)
            .map(|r| text[r.clone()].to_owned())
            .collect()
    };
    let has_value = !list.items.is_empty()
        || text[region.clone()]
            .trim_start()
            .starts_with(['[', '"', '\'']);
    if list.form == Form::Block || (!has_value && li != e.line) {
        if li == e.line {
            return None; // a value after `tools:` would clash with the items below
        }
        return block_entry(text, offset, scan, e, line, others);
    }
    let current = list
        .items
        .iter()
        .find(|r| r.start <= offset && offset <= r.end)
        .cloned();
    if let Some(r) = &current
        && text[r.clone()].contains('(')
    {
        return None; // inside or on a rule such as `Bash(git *)`
    }
    let range = current.clone().unwrap_or(offset..offset);
    let before = text[..range.start].chars().next_back();
    let mut prefix = if range.start == region.start || matches!(before, Some(',' | '-')) {
        " ".to_owned()
    } else {
        String::new()
    };
    let mut range = range;
    let mut suffix = "";
    if list.form == Form::Flow && lex(&text[region.start..offset], false, 0).1 == 0 {
        return None; // after the closing bracket
    }
    if list.form == Form::Flow && current.is_none() {
        // In `[a b]` the blank does not separate entries: add the comma.
        let prev = list.items.iter().rev().find(|r| r.end <= range.start);
        let between = prev.map(|p| &text[p.end..range.start]);
        if let (Some(p), Some(between)) = (prev, between)
            && !between.contains([',', '[', ']', '\n', '"', '\''])
        {
            range.start = p.end;
            prefix = ", ".to_owned();
        }
        let next = list.items.iter().find(|r| r.start >= range.end);
        if let Some(n) = next
            && !text[range.end..n.start].contains([',', ']', '"', '\''])
        {
            suffix = ",";
        }
    }
    Some(Context::ListEntry {
        key,
        present: others(current.as_ref()),
        range,
        prefix,
        suffix,
    })
}

/// The cursor on a line of a block list (`- item`), or on a line under it
/// that has no dash yet.
fn block_entry(
    text: &str,
    offset: usize,
    scan: &Scan,
    e: &Entry,
    line: Line,
    others: impl Fn(Option<&Range<usize>>) -> Vec<String>,
) -> Option<Context> {
    let key = e.head.key.clone();
    if let Some((item, after_dash)) = block_item(text, line) {
        if offset < after_dash {
            return None;
        }
        let prefix = if item.start == after_dash || (item.is_empty() && offset == after_dash) {
            " ".to_owned()
        } else {
            String::new()
        };
        if item.is_empty() {
            return Some(Context::ListEntry {
                key,
                range: offset..offset,
                present: others(None),
                prefix,
                suffix: "",
            });
        }
        if offset < item.start || offset > item.end || text[item.clone()].contains('(') {
            return None;
        }
        return Some(Context::ListEntry {
            key,
            present: others(Some(&item)),
            range: item,
            prefix,
            suffix: "",
        });
    }
    // A line with no dash: the entry needs one, at the items' indentation.
    let s = &text[line.start..line.end];
    let indent = leading_blanks(s);
    let word = s[indent..].trim_end();
    if word.contains(char::is_whitespace) || word.starts_with('#') {
        return None;
    }
    let items_indent = (e.line + 1..e.end)
        .map(|i| scan.lines[i])
        .find(|l| block_item(text, *l).is_some())
        .map(|l| &text[l.start..l.start + leading_blanks(&text[l.start..l.end])]);
    let (ws_end, word_end) = if word.is_empty() {
        (offset, offset)
    } else {
        (line.start + indent, line.start + indent + word.len())
    };
    if offset < ws_end || offset > word_end {
        return None;
    }
    let current_indent = &text[line.start..ws_end];
    let (range, prefix) = match items_indent {
        Some(want) if want != current_indent => (line.start..word_end, format!("{want}- ")),
        _ => (ws_end..word_end, "- ".to_owned()),
    };
    Some(Context::ListEntry {
        key,
        range,
        present: others(None),
        prefix,
        suffix: "",
    })
}

/// The cursor in the description's value.
fn description_at(text: &str, offset: usize, scan: &Scan, e: &Entry, li: usize) -> Option<Context> {
    let region = scan.value_region(e)?;
    let colon_end = region.start;
    let head_line = scan.lines[e.line];
    let line = scan.lines[li];
    let head_rest = &text[colon_end..head_line.end];
    let vstart = colon_end + leading_blanks(head_rest);
    let first = text[vstart..head_line.end].chars().next();
    // Where the word before the cursor may start: the cursor line's text.
    let line_floor = line.start + leading_blanks(&text[line.start..line.end]);
    let (style, value, floor, prefix) = match first {
        Some(c @ ('|' | '>')) => {
            // Content lines are indented; a line at column 0 ends the block.
            if li == e.line || !text[line.start..line.end].starts_with(is_blank) {
                return None;
            }
            let style = if c == '|' {
                Style::Literal
            } else {
                Style::Folded
            };
            (style, vstart..region.end, line_floor, "")
        }
        Some(q @ ('"' | '\'')) => {
            let close = closing_quote(&text[..region.end], vstart);
            if offset <= vstart || close.is_some_and(|c| offset > c) {
                return None;
            }
            let style = if q == '"' {
                Style::DoubleQuoted
            } else {
                Style::SingleQuoted
            };
            let floor = if li == e.line { vstart + 1 } else { line_floor };
            let end = close.map_or(region.end, |c| c + 1);
            (style, vstart..end, floor, "")
        }
        _ => {
            // A plain value, possibly over several lines: not in a comment.
            let from = if li == e.line { colon_end } else { line.start };
            let (masked_line, _) = lex(&text[from..line.end], li != e.line, 0);
            if masked_line[..offset - from] != text[from..offset] {
                return None;
            }
            let (masked, _) = lex(&text[region.clone()], false, 0);
            let first = masked.find(|c: char| !c.is_whitespace());
            let last = masked.trim_end().len();
            let value = match first {
                Some(f) => {
                    let v = region.start + f..region.start + last;
                    if offset < v.start {
                        return None;
                    }
                    v.start..v.end.max(offset)
                }
                None => offset..offset,
            };
            let floor = if li == e.line {
                value.start.min(offset)
            } else {
                line_floor
            };
            let prefix = if value.is_empty() && offset == colon_end {
                " "
            } else {
                ""
            };
            (Style::Plain, value, floor, prefix)
        }
    };
    if offset < floor {
        return None;
    }
    let range = word_before(text, offset, floor);
    // The cursor ends a word (not in the middle of one).
    if text[offset..line.end]
        .chars()
        .next()
        .is_some_and(|c| !(c.is_whitespace() || matches!(c, '"' | '\'' | '\\')))
    {
        return None;
    }
    let before = &text[value.start.min(range.start)..range.start];
    let in_example = before.matches("<example>").count() > before.matches("</example>").count();
    Some(Context::Description(DescriptionAt {
        range,
        style,
        value,
        prefix,
        in_example,
        entry: head_line.start..region.end,
    }))
}

/// The word (up to whitespace, a `"` or a `\n` escape) ending at
/// `offset`, not reaching before `floor`.
fn word_before(text: &str, offset: usize, floor: usize) -> Range<usize> {
    let mut start = text[floor..offset]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || *c == '"')
        .map_or(floor, |(i, c)| floor + i + c.len_utf8());
    // In a one-line description, `\n` escapes separate words too.
    if let Some(i) = text[start..offset].rfind("\\n") {
        start += i + 2;
    }
    start..offset
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `$0` marks the cursor.
    fn ctx(fixture: &str) -> Option<Context> {
        let offset = fixture.find("$0").expect("cursor");
        let text = fixture.replace("$0", "");
        at(&text, offset)
    }

    fn slice(fixture: &str, r: &Range<usize>) -> String {
        fixture.replace("$0", "")[r.clone()].to_owned()
    }

    /// `(key, replaced text, prefix)` of a value context.
    fn value(fixture: &str) -> Option<(String, String, &'static str)> {
        match ctx(fixture) {
            Some(Context::Value { key, range, prefix }) => {
                Some((key, slice(fixture, &range), prefix))
            }
            other => panic!("not a value: {other:?}"),
        }
    }

    /// `(key, replaced text, present, prefix, suffix)` of a list entry.
    fn entry(fixture: &str) -> (String, String, Vec<String>, String, &'static str) {
        match ctx(fixture) {
            Some(Context::ListEntry {
                key,
                range,
                present,
                prefix,
                suffix,
            }) => (key, slice(fixture, &range), present, prefix, suffix),
            other => panic!("not a list entry: {other:?}"),
        }
    }

    fn description(fixture: &str) -> DescriptionAt {
        match ctx(fixture) {
            Some(Context::Description(d)) => d,
            other => panic!("not a description: {other:?}"),
        }
    }

    #[test]
    fn keys() {
        let f = "---\nname: a\nmo$0\n---\n";
        assert_eq!(
            ctx(f),
            Some(Context::Key {
                range: 12..14,
                has_colon: false
            })
        );
        let f = "---\nname: a\n$0\n---\n";
        assert_eq!(
            ctx(f),
            Some(Context::Key {
                range: 12..12,
                has_colon: false
            })
        );
        let f = "---\nna$0me: a\n---\n";
        assert_eq!(
            ctx(f),
            Some(Context::Key {
                range: 4..8,
                has_colon: true
            })
        );
        assert_eq!(ctx("---\nname: a\n---\nBody $0\n"), None);
        assert_eq!(ctx("---\nname: a\n---$0\n"), None, "the closing fence");
        // A file being written: no closing fence yet.
        assert_eq!(
            ctx("---\nna$0"),
            Some(Context::Key {
                range: 4..6,
                has_colon: false
            })
        );
        // A new key line under a block list.
        let f = "---\ntools:\n  - Read\n$0\n---\n";
        assert_eq!(
            ctx(f),
            Some(Context::Key {
                range: 20..20,
                has_colon: false
            })
        );
        assert_eq!(
            keys_present("---\n\"model\": x\ncolor : y\n# c\n---\n"),
            ["model", "color"]
        );
    }

    #[test]
    fn values_after_the_colon() {
        let v = |f| value(f).map(|(_, s, p)| (s, p));
        assert_eq!(v("---\nmodel: so$0\n---\n"), Some(("so".into(), "")));
        assert_eq!(v("---\ncolor: \"bl$0\"\n---\n"), Some(("bl".into(), "")));
        // Empty values: the range is at the cursor, after the blank(s).
        let f = "---\nmodel: $0\n---\n";
        assert!(
            matches!(ctx(f), Some(Context::Value { range, prefix: "", .. }) if range == (11..11))
        );
        let f = "---\ncolor:   $0\n---\n";
        assert!(
            matches!(ctx(f), Some(Context::Value { range, prefix: "", .. }) if range == (13..13))
        );
        // Right after the colon (the `:` trigger): a blank goes first.
        let f = "---\nmodel:$0\n---\n";
        assert!(
            matches!(ctx(f), Some(Context::Value { range, prefix: " ", .. }) if range == (10..10))
        );
        assert_eq!(v("---\nmodel:so$0\n---\n"), Some(("so".into(), " ")));
        for key in [
            "permissionMode",
            "memory",
            "effort",
            "isolation",
            "background",
            "omitClaudeMd",
        ] {
            let f = format!("---\n{key}: $0\n---\n");
            assert_eq!(
                value(&f),
                Some((key.to_owned(), String::new(), "")),
                "{key}"
            );
        }
        // A trailing comment is not part of the value.
        assert_eq!(
            v("---\nmodel: sonnet$0 # comment\n---\n"),
            Some(("sonnet".into(), ""))
        );
        assert_eq!(
            v("---\nmodel: $0 # comment\n---\n"),
            Some((String::new(), ""))
        );
        assert_eq!(ctx("---\nmodel: sonnet # com$0ment\n---\n"), None);
        assert_eq!(ctx("---\nmodel: \"sonnet\" $0\n---\n"), None);
        // Quoted keys, blanks before the colon.
        assert_eq!(
            value("---\n\"model\": $0\n---\n"),
            Some(("model".into(), String::new(), ""))
        );
        assert_eq!(
            value("---\nmodel : $0\n---\n"),
            Some(("model".into(), String::new(), ""))
        );
        assert_eq!(
            value("---\n'color':   gr$0\n---\n"),
            Some(("color".into(), "gr".into(), ""))
        );
    }

    #[test]
    fn tool_entries() {
        let (key, s, present, prefix, suffix) =
            entry("---\ntools: Read, Gr$0, Bash(git a, b)\n---\n");
        assert_eq!((key.as_str(), s.as_str()), ("tools", "Gr"));
        assert_eq!(present, ["Read", "Bash(git a, b)"]);
        assert_eq!((prefix.as_str(), suffix), ("", ""));
        let f = "---\ntools: Read, $0\n---\n";
        assert!(
            matches!(ctx(f), Some(Context::ListEntry { range, present, .. }) if range == (17..17) && present == ["Read"])
        );
        // After a bare comma or colon (the `,` and `:` triggers), a blank goes first.
        let (_, s, present, prefix, _) = entry("---\ntools: Read,$0\n---\n");
        assert_eq!(
            (s.as_str(), present, prefix.as_str()),
            ("", vec!["Read".to_owned()], " ")
        );
        let (_, s, _, prefix, _) = entry("---\ntools:$0\n---\n");
        assert_eq!((s.as_str(), prefix.as_str()), ("", " "));
        let (_, s, _, prefix, _) = entry("---\ntools: $0\n---\n");
        assert_eq!((s.as_str(), prefix.as_str()), ("", ""));
        let (_, s, present, _, _) = entry("---\ntools: [\"Read\", \"Gl$0\"]\n---\n");
        assert_eq!((s.as_str(), present), ("Gl", vec!["Read".to_owned()]));
        // A flow list continued on the next line.
        let (_, s, present, _, _) = entry("---\ntools: [Read,\n  Gr$0]\nmodel: x\n---\n");
        assert_eq!((s.as_str(), present), ("Gr", vec!["Read".to_owned()]));
        // Its lines may even start at column 0.
        let (_, s, present, _, _) = entry("---\ntools: [Read,\nGr$0]\nmodel: x\n---\n");
        assert_eq!((s.as_str(), present), ("Gr", vec!["Read".to_owned()]));
        assert_eq!(
            keys_present("---\ntools: [Read,\nGrep]\nmodel: x\n---\n"),
            ["tools", "model"]
        );
        // In a flow list, a blank alone does not separate entries.
        let (_, s, _, prefix, suffix) = entry("---\ntools: [Read $0]\n---\n");
        assert_eq!((s.as_str(), prefix.as_str(), suffix), (" ", ", ", ""));
        let (_, s, _, prefix, suffix) = entry("---\ntools: [$0 Read]\n---\n");
        assert_eq!((s.as_str(), prefix.as_str(), suffix), ("", "", ","));
        // After the closing bracket: nothing.
        assert_eq!(ctx("---\ntools: [Read, Grep]$0\n---\n"), None);
        assert_eq!(ctx("---\ntools: [Read,\n  Grep] $0\n---\n"), None);
        // Inside a rule, or on one: nothing.
        assert_eq!(ctx("---\ntools: Bash($0\n---\n"), None);
        assert_eq!(ctx("---\ntools: Read, Bash(git $0\n---\n"), None);
        assert_eq!(ctx("---\ntools: Bash(git *)$0\n---\n"), None);
        // In a comment: nothing.
        assert_eq!(ctx("---\ntools: Read # and $0\n---\n"), None);
    }

    #[test]
    fn block_list_entries() {
        let (key, s, present, prefix, _) =
            entry("---\ntools:\n  - Read\n  - We$0\n  - Grep\nmodel: x\n---\n");
        assert_eq!((key.as_str(), s.as_str()), ("tools", "We"));
        assert_eq!(present, ["Read", "Grep"]);
        assert_eq!(prefix, "");
        // After a bare dash (the `-` trigger): a blank goes first.
        let (_, s, present, prefix, _) = entry("---\ntools:\n  - Read\n  -$0\n---\n");
        assert_eq!(
            (s.as_str(), present, prefix.as_str()),
            ("", vec!["Read".to_owned()], " ")
        );
        let (_, s, _, prefix, _) = entry("---\ntools:\n  - Read\n  - $0\n---\n");
        assert_eq!((s.as_str(), prefix.as_str()), ("", ""));
        // An empty indented line under the list: a new item, with its dash.
        let (_, s, present, prefix, _) = entry("---\ntools:\n  - Read\n  $0\n---\n");
        assert_eq!(
            (s.as_str(), present, prefix.as_str()),
            ("", vec!["Read".to_owned()], "- ")
        );
        let (_, s, _, prefix, _) = entry("---\ntools:\n  - Read\n  Gr$0\n---\n");
        assert_eq!((s.as_str(), prefix.as_str()), ("Gr", "- "));
        // The line's indentation differs from the items': the edit fixes it.
        let (_, s, _, prefix, _) = entry("---\ntools:\n    - Read\n  $0\n---\n");
        assert_eq!((s.as_str(), prefix.as_str()), ("  ", "    - "));
        // The first item, under `tools:`.
        let (_, s, present, prefix, _) = entry("---\ntools:\n  $0\nmodel: x\n---\n");
        assert_eq!((s.as_str(), present, prefix.as_str()), ("", vec![], "- "));
        // Items at column 0, quoted items, comments.
        let (_, s, present, _, _) = entry("---\ntools:\n- \"Read\" # main\n- 'Gl$0'\n---\n");
        assert_eq!((s.as_str(), present), ("Gl", vec!["Read".to_owned()]));
        assert_eq!(ctx("---\ntools:\n  - Read # a $0\n---\n"), None);
        assert_eq!(ctx("---\ntools:\n  - Bash(git $0\n---\n"), None);
        assert_eq!(
            list_entries(
                "---\ntools: [a, \"b\"]\ndisallowedTools:\n  - c # x\n  - 'd'\ntools: e f\n---\n",
                "tools"
            ),
            ["a", "b", "e", "f"]
        );
        assert_eq!(
            list_entries(
                "---\ndisallowedTools:\n  - c # x\n  - 'd'\n---\n",
                "disallowedTools"
            ),
            ["c", "d"]
        );
    }

    #[test]
    fn descriptions() {
        let f = "---\ndescription: Use it.\\n<ex$0\n---\n";
        let d = description(f);
        assert_eq!(slice(f, &d.range), "<ex");
        assert_eq!(d.style, Style::Plain);
        assert_eq!(slice(f, &d.value), "Use it.\\n<ex");
        let f = "---\ndescription: |\n  Use it.\n  <$0\n---\n";
        let d = description(f);
        assert_eq!(
            (slice(f, &d.range).as_str(), d.style),
            ("<", Style::Literal)
        );
        let f = "---\ndescription: >-\n  Use it.\n  <$0\nmodel: x\n---\n";
        let d = description(f);
        assert_eq!((slice(f, &d.range).as_str(), d.style), ("<", Style::Folded));
        assert_eq!(slice(f, &d.value), ">-\n  Use it.\n  <");
        let f = "---\ndescription: \"Use it. <$0\"\n---\n";
        let d = description(f);
        assert_eq!(
            (slice(f, &d.range).as_str(), d.style),
            ("<", Style::DoubleQuoted)
        );
        assert_eq!(slice(f, &d.value), "\"Use it. <\"");
        let f = "---\ndescription: 'It''s. <$0'\n---\n";
        let d = description(f);
        assert_eq!(
            (slice(f, &d.range).as_str(), d.style),
            ("<", Style::SingleQuoted)
        );
        // A plain value over two lines.
        let f = "---\ndescription: Use it.\n  More. <$0\nmodel: x\n---\n";
        let d = description(f);
        assert_eq!((slice(f, &d.range).as_str(), d.style), ("<", Style::Plain));
        assert_eq!(slice(f, &d.value), "Use it.\n  More. <");
        // An empty value right after the colon.
        let d = description("---\ndescription:$0\n---\n");
        assert_eq!((d.range.is_empty(), d.prefix), (true, " "));
        // Not in a comment, not after a closing quote, not in the middle of a word.
        assert_eq!(ctx("---\ndescription: Use it. # a <$0\n---\n"), None);
        assert_eq!(ctx("---\n# a <$0\ndescription: x\n---\n"), None);
        assert_eq!(ctx("---\ndescription: \"Use it.\" <$0\n---\n"), None);
        assert_eq!(ctx("---\ndescription: Use <$0it\n---\n"), None);
        assert_eq!(ctx("---\ndescription: |\n  Use it.\n---$0\n"), None);
        // In a block scalar, `#` is text.
        let d = description("---\ndescription: |\n  # Use it <$0\n---\n");
        assert_eq!(d.style, Style::Literal);
        // Inside an example already open.
        let d = description("---\ndescription: |\n  <example>\n  user: hi\n  <$0\n---\n");
        assert!(d.in_example);
        let d = description("---\ndescription: |\n  <example>\n  </example>\n  <$0\n---\n");
        assert!(!d.in_example);
    }

    #[test]
    fn crlf_and_multibyte() {
        let f = "---\r\nname: 漢字😀\r\ncolor: gr$0\r\n---\r\n";
        assert_eq!(value(f), Some(("color".into(), "gr".into(), "")));
        let f = "---\r\nname: 漢字😀\r\ncolor: $0\r\n---\r\n";
        assert_eq!(value(f), Some(("color".into(), String::new(), "")));
        let (_, s, present, prefix, _) = entry("---\r\ntools:\r\n  - 漢字\r\n  $0\r\n---\r\n");
        assert_eq!(
            (s.as_str(), present, prefix.as_str()),
            ("", vec!["漢字".to_owned()], "- ")
        );
        assert_eq!(
            scalar_on_line("---\r\nname: 'rév' # x\r\n---\r\n", "name").as_deref(),
            Some("rév")
        );
    }
}
