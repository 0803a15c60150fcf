//! The "Normalize frontmatter" source action, as a pure function.
//!
//! [`normalize`] rewrites the YAML between the fences so that it is valid
//! YAML a strict parser accepts, with its keys in canonical order (the order
//! of the catalog's fields, then unknown keys in their original order),
//! while every value keeps the meaning Claude Code gives it: what its YAML
//! parse yields, or, when that fails, what its quoting retry yields (see
//! [`crate::frontmatter::retry`]), before `description`'s `\n` un-escaping.
//!
//! Diffs stay minimal. The frontmatter is cut into pieces by line:
//!
//! - the **header**, everything before the first key (comments at the top),
//!   stays in place;
//! - one **chunk** per top-level entry: its lines from the key line to the
//!   line before the next key, plus the comment lines right above its key
//!   (comments at the mapping's indentation that follow the previous value);
//! - the **footer**, comment and blank lines after the last value, stays in
//!   place too.
//!
//! A chunk that is valid YAML on its own and means the same is kept byte for
//! byte. Only the others (the values Claude Code's retry rescues: a single
//! line with `: `, `[`, `@`, `#` …, tab-indented lists) are written anew:
//! a scalar as a double-quoted YAML scalar, a collection as JSON-style flow
//! YAML, built from the parsed tree. Duplicate keys are all kept, in order.
//!
//! The result is checked before it is returned: it must be found by Claude
//! Code's frontmatter regex at the same place, leave the body alone, parse
//! as strict YAML into the same entries in canonical order, each with the
//! same value. When any check fails, or when the input is a case this
//! module does not touch (no frontmatter, YAML that does not load even after
//! the retry, a frontmatter that is not a mapping, a `---` inside a value,
//! aliases), [`normalize`] returns `None`.

use std::ops::Range;

use crate::formats::catalog::Field;
use crate::frontmatter::{self, Locate, Located, Node, NodeKind, Outcome, ScalarValue};

use super::diagnostic::Edit;
use super::{FileKind, MAX_ANALYSED_BYTES};

/// The title of the source action, as an editor shows it.
pub const TITLE: &str = "Normalize frontmatter";

/// The fields of `kind`'s catalog, in canonical order.
#[must_use]
pub fn fields(kind: FileKind) -> &'static [Field] {
    crate::formats::format(kind).fields
}

/// Where a top-level key sorts in canonical order: its index among
/// [`fields`], or `fields(kind).len()` for any other key (unknown keys keep
/// their original order among themselves, the sort being stable).
#[must_use]
pub fn canonical_rank(key: &Node, kind: FileKind) -> usize {
    let fields = fields(kind);
    key.as_str()
        .and_then(|k| fields.iter().position(|f| f.name == k))
        .unwrap_or(fields.len())
}

/// The order of `entries` once normalized: for each position of the result,
/// the index of the source entry that goes there (a stable sort by
/// [`canonical_rank`]; duplicates keep their relative order).
#[must_use]
pub fn canonical_order(entries: &[frontmatter::yaml::Entry], kind: FileKind) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| canonical_rank(&entries[i].key, kind));
    order
}

/// The entries normalization writes, in order: canonical order, and of a
/// key given twice only the last, whose value Claude Code's parser keeps
/// (strict YAML forbids the others).
fn output_order(entries: &[frontmatter::yaml::Entry], kind: FileKind) -> Vec<usize> {
    fn key(e: &frontmatter::yaml::Entry) -> Option<&str> {
        e.key.scalar().map(|s| s.text.as_ref())
    }
    let mut order = canonical_order(entries, kind);
    order.retain(|&i| {
        key(&entries[i]).is_none() || !entries[i + 1..].iter().any(|e| key(e) == key(&entries[i]))
    });
    order
}

/// Normalizes the frontmatter of `text`, a file of `kind`: one edit that
/// replaces the YAML between the fences (`Located::content`) with valid
/// YAML, keys in canonical order, every value meaning what it meant to
/// Claude Code. Applying the edit and normalizing again gives `None`.
///
/// Returns `None` when there is nothing to do (the YAML is valid and already
/// in canonical order) and when the file is left alone: no frontmatter, an
/// unterminated one, YAML that Claude Code cannot load even with its retry,
/// a frontmatter that is not a non-empty mapping, a `---` inside a value (the
/// frontmatter is cut there), aliases, a file over
/// [`MAX_ANALYSED_BYTES`], or a layout this module cannot rewrite safely.
/// Never panics.
#[must_use]
pub fn normalize(text: &str, kind: FileKind) -> Option<Edit> {
    if text.len() > MAX_ANALYSED_BYTES {
        return None;
    }
    let Locate::Found(located) = frontmatter::locate(text) else {
        return None;
    };
    if cut_by_fence(text, &located) {
        return None;
    }
    let fm = frontmatter::parse(text, &located);
    if matches!(fm.outcome, Outcome::Failed { .. }) || fm.documents > 1 {
        return None;
    }
    let root = fm.root.as_ref()?;
    let entries = root.entries()?;
    if entries.is_empty() || has_alias(root) {
        return None;
    }
    let order = output_order(entries, kind);
    let sorted = order.len() == entries.len() && order.iter().enumerate().all(|(i, &j)| i == j);
    if sorted && fm.outcome == Outcome::Valid {
        return None;
    }
    let layout = Layout::new(text, &located, entries)?;
    let mut chunks = Vec::with_capacity(entries.len());
    for i in 0..entries.len() {
        chunks.push(layout.chunk(i)?);
    }
    let mut new_text = String::with_capacity(located.content.len() + 64);
    new_text.push_str(&text[layout.header.clone()]);
    for &i in &order {
        new_text.push_str(&chunks[i]);
    }
    new_text.push_str(&text[layout.footer.clone()]);
    if new_text == text[located.content.clone()] {
        return None;
    }
    verify(text, &located, &new_text, entries, &order).then(|| Edit {
        range: located.content.clone(),
        new_text,
    })
}

/// Whether the closing `---` sits inside a value (text before it on its
/// line): the frontmatter is cut there, and rewriting it would move the cut.
fn cut_by_fence(text: &str, located: &Located) -> bool {
    let line_start = text[..located.close.start]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    !text[line_start..located.close.start].trim().is_empty()
}

/// Whether the tree holds an alias (its anchor could move after it).
fn has_alias(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Alias(_) => true,
        NodeKind::Scalar(_) => false,
        NodeKind::Seq(items) => items.iter().any(has_alias),
        NodeKind::Map(entries) => entries
            .iter()
            .any(|e| has_alias(&e.key) || has_alias(&e.value)),
    }
}

/// Whether two nodes load as the same value: same type, same text for
/// strings, same number, same items and entries in the same order.
fn same(a: &Node, b: &Node) -> bool {
    match (&a.kind, &b.kind) {
        (NodeKind::Scalar(x), NodeKind::Scalar(y)) => match (x.value, y.value) {
            (ScalarValue::Str, ScalarValue::Str) => x.text == y.text,
            (ScalarValue::Null, ScalarValue::Null) => true,
            (ScalarValue::Bool(p), ScalarValue::Bool(q)) => p == q,
            (ScalarValue::Int(p), ScalarValue::Int(q)) => p == q,
            (ScalarValue::Float(p), ScalarValue::Float(q)) => {
                p.to_bits() == q.to_bits() || (p.is_nan() && q.is_nan())
            }
            _ => false,
        },
        (NodeKind::Seq(p), NodeKind::Seq(q)) => {
            p.len() == q.len() && p.iter().zip(q).all(|(x, y)| same(x, y))
        }
        (NodeKind::Map(p), NodeKind::Map(q)) => {
            p.len() == q.len()
                && p.iter()
                    .zip(q)
                    .all(|(x, y)| same(&x.key, &y.key) && same(&x.value, &y.value))
        }
        _ => false,
    }
}

/// Whether `chunk`, parsed alone by a strict parser, is a mapping of exactly
/// one entry that means the same as `entry`.
fn stands_alone(chunk: &str, entry: &frontmatter::yaml::Entry) -> bool {
    let Ok(doc) = frontmatter::yaml::parse(chunk) else {
        return false;
    };
    if doc.documents > 1 {
        return false;
    }
    match doc.root.as_ref().and_then(Node::entries) {
        Some([only]) => same(&only.key, &entry.key) && same(&only.value, &entry.value),
        _ => false,
    }
}

/// How the frontmatter's lines split into header, chunks and footer.
struct Layout<'a> {
    text: &'a str,
    entries: &'a [frontmatter::yaml::Entry],
    /// Lines before the first key: stays first.
    header: Range<usize>,
    /// Trailing comment and blank lines after the last value: stays last.
    footer: Range<usize>,
    /// For each entry: the comment lines above its key (attached to it).
    lead: Vec<Range<usize>>,
    /// For each entry: its own lines, from its key line.
    own: Vec<Range<usize>>,
    /// The whitespace before the keys (the mapping's indentation).
    indent: &'a str,
}

/// Whether `line` (without its line break) is empty or whitespace only.
fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// Whether `line` holds only a comment, indented by at most `indent` bytes.
fn is_comment_at(line: &str, indent: usize) -> bool {
    let body = line.trim_start_matches([' ', '\t']);
    body.starts_with('#') && line.len() - body.len() <= indent
}

impl<'a> Layout<'a> {
    /// Splits the content of `located` by the top-level `entries`. `None`
    /// when the keys do not each start a line of their own (a flow mapping,
    /// two entries on one line, a key after an anchor or tag on its line).
    fn new(
        text: &'a str,
        located: &Located,
        entries: &'a [frontmatter::yaml::Entry],
    ) -> Option<Self> {
        let content = located.content.clone();
        // The start offset (in the whole text) of every line of the content.
        let mut starts = vec![content.start];
        for (i, b) in text[content.clone()].bytes().enumerate() {
            if b == b'\n' && content.start + i + 1 < content.end {
                starts.push(content.start + i + 1);
            }
        }
        let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let line_end = |line: usize| starts.get(line + 1).copied().unwrap_or(content.end);
        let mut key_lines = Vec::with_capacity(entries.len());
        let mut previous_end = content.start;
        for entry in entries {
            let key = entry.key.span.start;
            if !content.contains(&key) {
                return None;
            }
            let line = line_of(key);
            let prefix = text.get(starts[line]..key)?;
            if !prefix.bytes().all(|b| b == b' ' || b == b'\t')
                || starts[line] < previous_end
                || key_lines.last().is_some_and(|&l| l >= line)
            {
                return None;
            }
            key_lines.push(line);
            previous_end = entry.value.span.end.max(entry.key.span.end);
        }
        let indent = text.get(starts[key_lines[0]]..entries[0].key.span.start)?;
        let indent_len = indent.len();
        let header = content.start..starts[key_lines[0]];
        let mut lead = Vec::with_capacity(entries.len());
        lead.push(content.start..content.start);
        let mut own = Vec::with_capacity(entries.len());
        let mut footer = content.end..content.end;
        for (i, entry) in entries.iter().enumerate() {
            let start = starts[key_lines[i]];
            let end = key_lines
                .get(i + 1)
                .map_or(content.end, |&next| starts[next]);
            let value_end = entry.value.span.end.max(entry.key.span.end);
            let last = i + 1 == entries.len();
            // The trailing run of blank and comment lines after the value.
            let mut detached = end;
            let mut line = line_of(end.saturating_sub(1));
            while end > start && starts[line] >= value_end && starts[line] > start {
                let l = &text[starts[line]..line_end(line)];
                let l = l.trim_end_matches(['\n', '\r']);
                if !(is_blank(l) || is_comment_at(l, indent_len)) {
                    break;
                }
                detached = starts[line];
                if line == 0 {
                    break;
                }
                line -= 1;
            }
            if !last {
                // Blank lines right after the value stay with it; the
                // comments after them (and what follows) go with the next key.
                while detached < end {
                    let l = &text[detached..line_end(line_of(detached))];
                    if !is_blank(l) {
                        break;
                    }
                    detached = line_end(line_of(detached));
                }
                lead.push(detached..end);
            } else {
                footer = detached..end;
            }
            own.push(start..detached);
        }
        Some(Self {
            text,
            entries,
            header,
            footer,
            lead,
            own,
            indent,
        })
    }

    /// The text of entry `i`: its lines verbatim when they stand alone as
    /// YAML with the same meaning, else the entry written anew.
    fn chunk(&self, i: usize) -> Option<String> {
        let entry = &self.entries[i];
        let mut chunk = String::new();
        chunk.push_str(&self.text[self.lead[i].clone()]);
        chunk.push_str(&self.text[self.own[i].clone()]);
        if !chunk.ends_with('\n') {
            chunk.push_str(self.eol(i));
        }
        if stands_alone(&chunk, entry) {
            return Some(chunk);
        }
        for keep_comments in [true, false] {
            let chunk = self.rewrite(i, keep_comments)?;
            if stands_alone(&chunk, entry) {
                return Some(chunk);
            }
        }
        None
    }

    /// The line break of entry `i`'s key line (`\n` when it has none).
    fn eol(&self, i: usize) -> &'static str {
        let own = &self.text[self.own[i].clone()];
        match own.find('\n') {
            Some(n) if own[..n].ends_with('\r') => "\r\n",
            _ => "\n",
        }
    }

    /// Entry `i` written anew: its key, a double-quoted scalar or a flow
    /// collection on the same line, then (with `keep_comments`) the comment
    /// lines of the entry that are not inside a value, and the blank lines
    /// after its value.
    fn rewrite(&self, i: usize, keep_comments: bool) -> Option<String> {
        let entry = &self.entries[i];
        let eol = self.eol(i);
        let mut out = String::new();
        out.push_str(&self.text[self.lead[i].clone()]);
        out.push_str(&self.indent.replace('\t', "  "));
        out.push_str(&block_key(&entry.key)?);
        out.push(':');
        let value = flow_value(&entry.value)?;
        if !value.is_empty() {
            out.push(' ');
            out.push_str(&value);
        }
        let own = self.own[i].clone();
        let key_line_end = self.text[own.clone()]
            .find('\n')
            .map_or(own.end, |n| own.start + n + 1);
        if keep_comments && entry.value.span.start >= key_line_end {
            // A comment after the key, with the value on the lines below.
            let after_key = self.text.get(entry.key.span.end..key_line_end);
            if let Some(rest) = after_key.and_then(|a| a.trim_start().strip_prefix(':')) {
                let rest = rest.trim();
                if rest.starts_with('#') {
                    out.push(' ');
                    out.push_str(rest);
                }
            }
        }
        out.push_str(eol);
        let mut scalars = Vec::new();
        scalar_spans(&entry.value, &mut scalars);
        let value_end = entry.value.span.end;
        let mut at = key_line_end;
        for line in self.text[key_line_end..own.end].split_inclusive('\n') {
            let bare = line.trim_end_matches(['\n', '\r']);
            let range = at..at + line.len();
            at += line.len();
            if is_blank(bare) {
                if range.start >= value_end {
                    out.push_str(eol);
                }
            } else if keep_comments
                && bare.trim_start().starts_with('#')
                && !scalars
                    .iter()
                    .any(|s| s.start < range.end && range.start < s.end)
            {
                let tabs = bare.bytes().take_while(|b| *b == b'\t').count();
                out.push_str(&"  ".repeat(tabs));
                out.push_str(&bare[tabs..]);
                out.push_str(eol);
            }
        }
        Some(out)
    }
}

/// The source spans of every scalar in `node`.
fn scalar_spans(node: &Node, out: &mut Vec<Range<usize>>) {
    match &node.kind {
        NodeKind::Scalar(_) => out.push(node.span.clone()),
        NodeKind::Alias(_) => {}
        NodeKind::Seq(items) => items.iter().for_each(|n| scalar_spans(n, out)),
        NodeKind::Map(entries) => {
            for e in entries {
                scalar_spans(&e.key, out);
                scalar_spans(&e.value, out);
            }
        }
    }
}

/// Whether `key` can be written as a plain YAML scalar that loads as the
/// same string.
fn is_plain_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !matches!(
            key,
            "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        )
}

/// A top-level key written anew (a string key only).
fn block_key(key: &Node) -> Option<String> {
    let text = key.as_str()?;
    Some(if is_plain_key(text) {
        text.to_owned()
    } else {
        double_quoted(text)
    })
}

/// `value` as one line of YAML: a double-quoted string, a plain number,
/// boolean or null (empty at the top level of an entry), or a JSON-style flow
/// collection. `None` for an alias.
fn flow_value(value: &Node) -> Option<String> {
    match &value.kind {
        NodeKind::Scalar(s) => Some(match s.value {
            ScalarValue::Null => String::new(),
            _ => scalar(value)?,
        }),
        _ => flow(value),
    }
}

/// A scalar inside a flow collection.
fn scalar(node: &Node) -> Option<String> {
    let s = node.scalar()?;
    Some(match s.value {
        ScalarValue::Str => double_quoted(&s.text),
        ScalarValue::Null => "null".to_owned(),
        ScalarValue::Bool(b) => b.to_string(),
        ScalarValue::Int(i) => i.to_string(),
        ScalarValue::Float(f) => {
            if f.is_nan() {
                ".nan".to_owned()
            } else if f.is_infinite() {
                if f > 0.0 { ".inf" } else { "-.inf" }.to_owned()
            } else {
                // Debug keeps a `.0` or an exponent: never an integer.
                format!("{f:?}")
            }
        }
    })
}

/// A node as JSON-style flow YAML.
fn flow(node: &Node) -> Option<String> {
    match &node.kind {
        NodeKind::Scalar(_) => scalar(node),
        NodeKind::Alias(_) => None,
        NodeKind::Seq(items) => {
            let items: Option<Vec<String>> = items.iter().map(flow).collect();
            Some(format!("[{}]", items?.join(", ")))
        }
        NodeKind::Map(entries) => {
            let entries: Option<Vec<String>> = entries
                .iter()
                .map(|e| {
                    if !matches!(e.key.kind, NodeKind::Scalar(_)) {
                        return None;
                    }
                    Some(format!("{}: {}", scalar(&e.key)?, flow(&e.value)?))
                })
                .collect();
            Some(format!("{{{}}}", entries?.join(", ")))
        }
    }
}

/// `text` as a double-quoted YAML (and JSON) string: `\` and `"` escaped,
/// control characters and line breaks as escapes, so a literal backslash-n
/// stays `\\n` and loads as the same two characters. A run of three dashes
/// is broken by an escape, since Claude Code ends the frontmatter at the
/// first `---` anywhere.
#[must_use]
pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut dashes = 0;
    for c in text.chars() {
        if c == '-' {
            dashes += 1;
            if dashes == 3 {
                out.push_str("\\u002D");
                dashes = 0;
                continue;
            }
        } else {
            dashes = 0;
        }
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c < ' '
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') =>
            {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Checks a rewrite: Claude Code finds the same frontmatter and body in the
/// edited file, the new YAML is valid for a strict parser, and its entries
/// are the old ones in `order`, each meaning the same.
fn verify(
    text: &str,
    located: &Located,
    content: &str,
    old: &[frontmatter::yaml::Entry],
    order: &[usize],
) -> bool {
    let mut edited = String::with_capacity(text.len() + content.len());
    edited.push_str(&text[..located.content.start]);
    edited.push_str(content);
    edited.push_str(&text[located.content.end..]);
    let Locate::Found(new) = frontmatter::locate(&edited) else {
        return false;
    };
    if new.content != (located.content.start..located.content.start + content.len())
        || edited[new.close.start..] != text[located.close.start..]
        || cut_by_fence(&edited, &new)
    {
        return false;
    }
    let fm = frontmatter::parse(&edited, &new);
    if fm.outcome != Outcome::Valid || fm.documents > 1 {
        return false;
    }
    let Some(entries) = fm.root.as_ref().and_then(Node::entries) else {
        return false;
    };
    entries.len() == order.len()
        && entries.iter().zip(order).all(|(e, &i)| {
            old.get(i)
                .is_some_and(|o| same(&e.key, &o.key) && same(&e.value, &o.value))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edit: &Edit) -> String {
        let mut out = text.to_owned();
        out.replace_range(edit.range.clone(), &edit.new_text);
        out
    }

    /// Normalizes `text` as a project agent, checks the result is stable and
    /// returns it.
    fn normalized(text: &str) -> String {
        let edit = normalize(text, FileKind::ClaudeAgent).expect("something to normalize");
        let out = apply(text, &edit);
        assert_eq!(
            normalize(&out, FileKind::ClaudeAgent),
            None,
            "not idempotent:\n{out}"
        );
        let Locate::Found(l) = frontmatter::locate(&out) else {
            panic!("no frontmatter in\n{out}");
        };
        assert_eq!(
            frontmatter::parse(&out, &l).outcome,
            Outcome::Valid,
            "{out}"
        );
        out
    }

    fn loaded(text: &str, key: &str) -> Option<String> {
        let Locate::Found(l) = frontmatter::locate(text) else {
            return None;
        };
        let fm = frontmatter::parse(text, &l);
        fm.get(key).and_then(Node::as_str).map(str::to_owned)
    }

    #[test]
    fn reorders_only() {
        let text = "---\nmodel: sonnet\n# who it is\nname: a\ntools: Read, Grep\ndescription: |\n  Line one.\n\n  Line two.\n---\nBody\n";
        assert_eq!(
            normalized(text),
            "---\n# who it is\nname: a\ndescription: |\n  Line one.\n\n  Line two.\ntools: Read, Grep\nmodel: sonnet\n---\nBody\n"
        );
    }

    #[test]
    fn rescued_description_keeps_its_loaded_value() {
        let text = "---\nname: a\ndescription: Use: this\\nnow\nmodel: sonnet\n---\nBody";
        let before = loaded(text, "description");
        assert_eq!(before.as_deref(), Some("Use: this\\nnow"));
        let out = normalized(text);
        assert_eq!(
            out,
            "---\nname: a\ndescription: \"Use: this\\\\nnow\"\nmodel: sonnet\n---\nBody"
        );
        assert_eq!(loaded(&out, "description"), before);
        assert_eq!(
            frontmatter::unescape_description(&loaded(&out, "description").unwrap_or_default()),
            "Use: this\nnow"
        );
    }

    #[test]
    fn rescued_values_of_every_kind() {
        let text = "---\nname: r\ndescription: \"Starts quoted\" but continues: here\ncolor: blue\nx-note: @mention [a] {b} C# #tag\n---\nBody\n";
        let out = normalized(text);
        assert_eq!(
            out,
            "---\nname: r\ndescription: \"\\\"Starts quoted\\\" but continues: here\"\ncolor: blue\nx-note: \"@mention [a] {b} C# #tag\"\n---\nBody\n"
        );
        assert_eq!(
            loaded(&out, "x-note").as_deref(),
            Some("@mention [a] {b} C# #tag")
        );
    }

    #[test]
    fn tabs_become_a_flow_list() {
        let text = "---\nname: tab-indent\ndescription: Tabs: here\ntools:\n\t- Read\n\t# - Write\n\t- Grep\n---\nBody.\n";
        assert_eq!(
            normalized(text),
            "---\nname: tab-indent\ndescription: \"Tabs: here\"\ntools: [\"Read\", \"Grep\"]\n  # - Write\n---\nBody.\n"
        );
    }

    #[test]
    fn crlf_is_kept() {
        let text = "---\r\nmodel: opus\r\nname: a\r\ndescription: b\r\n---\r\nBody\r\n";
        assert_eq!(
            normalized(text),
            "---\r\nname: a\r\ndescription: b\r\nmodel: opus\r\n---\r\nBody\r\n"
        );
        let text = "---\r\nname: a\r\ndescription: b\r\ntools:\r\n\t- Read\r\n---\r\nBody\r\n";
        assert_eq!(
            normalized(text),
            "---\r\nname: a\r\ndescription: b\r\ntools: [\"Read\"]\r\n---\r\nBody\r\n"
        );
    }

    #[test]
    fn unknown_keys_go_last_in_their_order() {
        let text = "---\nzeta: 1\nname: a\nalpha: [x]\ncolor: red\ndescription: b\n---\nBody\n";
        assert_eq!(
            normalized(text),
            "---\nname: a\ndescription: b\ncolor: red\nzeta: 1\nalpha: [x]\n---\nBody\n"
        );
    }

    #[test]
    fn a_duplicated_key_keeps_its_last_value_as_claude_code_does() {
        let text = "---\nmodel: opus\nname: a\nmodel: haiku\ndescription: b\n---\nBody\n";
        assert_eq!(
            normalized(text),
            "---\nname: a\ndescription: b\nmodel: haiku\n---\nBody\n"
        );
        // Already in order: the duplicate alone is reason to normalize.
        let text = "---\nname: a\nname: b\ndescription: c\n---\nBody\n";
        assert_eq!(
            normalized(text),
            "---\nname: b\ndescription: c\n---\nBody\n"
        );
    }

    #[test]
    fn header_and_footer_comments_stay() {
        let text = "---\n# header\n\nmodel: opus\n\n# about the name\nname: a\ndescription: b\n\n# footer\n---\nBody\n";
        assert_eq!(
            normalized(text),
            "---\n# header\n\n# about the name\nname: a\ndescription: b\nmodel: opus\n\n\n# footer\n---\nBody\n"
        );
    }

    #[test]
    fn a_comment_rescued_by_the_retry_is_kept_in_the_value() {
        // Strict YAML reads "C#" and drops "#tag" as a comment; Claude Code
        // (whose retry ran because of the other line) keeps it.
        let text = "---\nname: a\ndescription: C# code #tag\nmodel: Use: x\n---\nBody\n";
        let out = normalized(text);
        assert_eq!(loaded(&out, "description").as_deref(), Some("C# code #tag"));
        assert_eq!(loaded(&out, "model").as_deref(), Some("Use: x"));
    }

    #[test]
    fn nothing_to_do() {
        for text in [
            "---\nname: a\ndescription: b\nmodel: opus\nfoo: 1\n---\nBody\n",
            "---\nname: a\ndescription: \"x: y\"\n---\nBody\n",
            "# No frontmatter\n",
            "---\n---\nBody\n",
            "---\n# only a comment\n---\nBody\n",
            "---\nname: a\n",
        ] {
            assert_eq!(normalize(text, FileKind::ClaudeAgent), None, "{text}");
        }
    }

    #[test]
    fn broken_yaml_is_left_alone() {
        for text in [
            // Unindented continuation lines: even the retry fails.
            "---\nmodel: x\nname: a\ndescription: Examples:\n\n<example>\nuser: \"hi\"\n</example>\n---\nBody\n",
            // CRLF defeats the retry.
            "---\r\nmodel: x\r\nname: a\r\ndescription: My [ref: 1]\r\n---\r\nBody\r\n",
        ] {
            assert_eq!(normalize(text, FileKind::ClaudeAgent), None, "{text}");
        }
    }

    #[test]
    fn unusual_shapes_are_left_alone() {
        for text in [
            // Not a mapping.
            "---\n- name: a\n---\nBody\n",
            "---\njust text\n---\nBody\n",
            // A `---` inside a value cuts the frontmatter.
            "---\nmodel: x\nname: d\ndescription: Use this --- when\n---\nBody\n",
            // An alias whose anchor would move after it.
            "---\nmodel: &m opus\nname: a\ndescription: *m\n---\nBody\n",
            // A flow mapping.
            "---\n{model: x, name: a, description: b}\n---\nBody\n",
        ] {
            assert_eq!(normalize(text, FileKind::ClaudeAgent), None, "{text}");
        }
    }

    #[test]
    fn double_quoting_escapes_what_it_must() {
        assert_eq!(double_quoted("a\\nb \"c\""), r#""a\\nb \"c\"""#);
        assert_eq!(double_quoted("x\ny\tz\u{1}"), r#""x\ny\tz\u0001""#);
        assert_eq!(double_quoted("a --- b"), r#""a --\u002D b""#);
        let text = "---\nname: a\ndescription: \"x \\u002D-- y\"\nmodel: \"a: b\"\n---\nBody\n";
        // Already valid and sorted: nothing to do, even with dashes.
        assert_eq!(normalize(text, FileKind::ClaudeAgent), None);
        let text = "---\nmodel: o\nname: a\ndescription: \"x \\u002D-- y\"\n---\nBody\n";
        let out = normalized(text);
        assert_eq!(loaded(&out, "description").as_deref(), Some("x --- y"));
    }

    #[test]
    fn indented_mapping_and_bom() {
        let text = "\u{feff}---\n  model: x\n  name: a\n  description: b\n---\nBody\n";
        assert_eq!(
            normalized(text),
            "\u{feff}---\n  name: a\n  description: b\n  model: x\n---\nBody\n"
        );
    }

    /// Entries (and comment or blank lines) a random frontmatter is made of:
    /// valid ones, ones only Claude Code's retry rescues, tabs, comments.
    const PIECES: &[&str] = &[
        "name: agent-x",
        "name: \"quoted: yes\"",
        "description: Use: this\\nnow",
        "description: plain text",
        "description: |\n  Block\n\n  more",
        "model: sonnet",
        "tools: Read, Grep",
        "tools:\n\t- Read\n\t- Bash(git *)",
        "tools:\n  - Read\n  # - Write\n  - Grep",
        "color: [blue]",
        "x-note: @at start",
        "foo: bar # comment",
        "hooks:\n  Stop:\n    - hooks: [{type: command, command: x}]",
        "experimental:\n\tcacheTtl: 5m",
        "memory: C# #tag",
        "maxTurns: 5",
        "# a comment",
        "",
    ];

    #[test]
    fn random_frontmatter_round_trips() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
        let config = Config {
            cases: 512,
            failure_persistence: None,
            ..Config::default()
        };
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[11; 32]);
        let mut runner = TestRunner::new_with_rng(config, rng);
        let strategy = (
            proptest::collection::vec(0..PIECES.len(), 1..9),
            any::<bool>(),
        );
        runner
            .run(&strategy, |(pieces, crlf)| {
                let lines: Vec<&str> = pieces.iter().map(|&i| PIECES[i]).collect();
                let mut text = format!("---\n{}\n---\nBody\n", lines.join("\n"));
                if crlf {
                    text = text.replace('\n', "\r\n");
                }
                check_round_trip(&text);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }

    /// Normalizes `text` and checks every promise of [`normalize`].
    fn check_round_trip(text: &str) {
        let Locate::Found(l) = frontmatter::locate(text) else {
            return;
        };
        let fm = frontmatter::parse(text, &l);
        let kind = FileKind::ClaudeAgent;
        let Some(edit) = normalize(text, kind) else {
            if matches!(fm.outcome, Outcome::Failed { .. }) || fm.entries().is_empty() {
                return;
            }
            let order = output_order(fm.entries(), kind);
            assert!(
                fm.outcome == Outcome::Valid
                    && order.len() == fm.entries().len()
                    && order.iter().enumerate().all(|(i, &j)| i == j),
                "left alone:\n{text}"
            );
            return;
        };
        assert_eq!(edit.range, l.content, "{text}");
        let out = apply(text, &edit);
        let Locate::Found(l2) = frontmatter::locate(&out) else {
            panic!("lost the frontmatter:\n{out}");
        };
        let fm2 = frontmatter::parse(&out, &l2);
        assert_eq!(fm2.outcome, Outcome::Valid, "{text:?}\n=>\n{out}");
        assert_eq!(&out[l2.body_start..], &text[l.body_start..]);
        let order = output_order(fm.entries(), kind);
        let old = fm.entries();
        let new = fm2.entries();
        assert_eq!(new.len(), order.len());
        for (n, &i) in new.iter().zip(&order) {
            assert!(
                same(&n.key, &old[i].key) && same(&n.value, &old[i].value),
                "{out}"
            );
        }
        assert_eq!(normalize(&out, kind), None, "not idempotent:\n{out}");
        if text.contains('\r') {
            assert!(
                !out.replace("\r\n", "").contains('\n'),
                "LF in a CRLF file:\n{out:?}"
            );
        }
    }
}
