//! The frontmatter as far as it can be read, for the editor features that
//! must keep working while someone types: hover, color swatches, the
//! outline. Diagnostics never use it: they report what Claude Code reads.
//!
//! While a key is half typed (`mo` alone on a line) the YAML is invalid, and
//! before the closing `---` is written there is no frontmatter at all; in
//! both cases Claude Code reads no field. This reading keeps what is intact:
//!
//! - when Claude Code reads the YAML (valid, or rescued by its retry), its
//!   entries, exactly;
//! - when it does not, every top-level entry that parses on its own (its key
//!   line and the indented, comment and list lines under it), through the
//!   same quoting retry; an entry that does not parse with its lines is
//!   tried on its key line alone;
//! - with no closing `---`, the text after the opening one, read as a whole
//!   when that parses, else entry by entry as above.
//!
//! Spans are whole-file bytes, exact: each entry is parsed where it stands.

use std::ops::Range;

use super::locate::{Locate, Located, locate};
use super::yaml::{self, Entry, NodeKind};
use super::{Frontmatter, Outcome, parse};

/// How much text after an opening `---` without a closing one is read as
/// the frontmatter being written.
pub const UNTERMINATED_MAX: usize = 256 * 1024;

/// What could be read of a frontmatter.
#[derive(Debug, Clone, PartialEq)]
pub struct Tolerant {
    /// Where the frontmatter is. Without a closing `---`, a stand-in: from
    /// the opening fence to the end of the last entry read, where an empty
    /// `close` and the body start (the rest of the text is the body).
    pub located: Located,
    /// The top-level entries, in source order.
    pub entries: Vec<Entry>,
    /// The values Claude Code's retry quoted to read them (whole-file bytes).
    pub quoted: Vec<Range<usize>>,
    /// Whether `entries` are exactly what Claude Code reads: false when
    /// they were salvaged from invalid YAML or an unterminated block.
    pub exact: bool,
}

impl Tolerant {
    /// The value of a top-level key (the last one, if repeated).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&yaml::Node> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.key.as_str() == Some(key))
            .map(|e| &e.value)
    }
}

/// Reads the frontmatter of `text` as far as it can; `None` when the text
/// does not start with an opening `---`.
#[must_use]
pub fn read(text: &str) -> Option<Tolerant> {
    match locate(text) {
        Locate::Found(located) => {
            let fm = parse(text, &located);
            let (entries, quoted, exact) = match claude_code_reading(fm) {
                Some((entries, quoted)) => (entries, quoted, true),
                None => {
                    let (entries, quoted) = salvage(text, located.content.clone());
                    (entries, quoted, false)
                }
            };
            Some(Tolerant {
                located,
                entries,
                quoted,
                exact,
            })
        }
        Locate::Unterminated { open } => {
            let start = text[open.end..]
                .find('\n')
                .map_or(text.len(), |i| open.end + i + 1);
            // A block being written is short: past a limit (at a line's
            // end), the rest is taken for the body.
            let limit = if text.len() - start > UNTERMINATED_MAX {
                text[..start + UNTERMINATED_MAX]
                    .rfind('\n')
                    .map_or(start, |i| i + 1)
            } else {
                text.len()
            };
            let whole = Located {
                open: open.clone(),
                content: start..limit,
                close: limit..limit,
                body_start: limit,
            };
            let (entries, quoted) = claude_code_reading(parse(text, &whole))
                .unwrap_or_else(|| salvage(text, start..limit));
            // The block ends with its last entry, trailing blanks left out.
            let end = entries
                .iter()
                .map(|e| e.value.span.end.max(e.key.span.end))
                .max()
                .map_or(open.end, |end| text[..end].trim_end().len().max(start));
            Some(Tolerant {
                located: Located {
                    open,
                    content: start.min(end)..end,
                    close: end..end,
                    body_start: end,
                },
                entries,
                quoted,
                exact: false,
            })
        }
        Locate::Missing { .. } => None,
    }
}

/// The entries Claude Code reads and the values its retry quoted, or
/// `None` when it reads no YAML at all.
fn claude_code_reading(fm: Frontmatter) -> Option<(Vec<Entry>, Vec<Range<usize>>)> {
    let quoted = match fm.outcome {
        Outcome::Failed { .. } => return None,
        Outcome::Rescued { quoted, .. } => quoted,
        Outcome::Valid => Vec::new(),
    };
    let entries = match (fm.root, fm.documents) {
        (Some(root), 0 | 1) => match root.kind {
            NodeKind::Map(entries) => entries,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    Some((entries, quoted))
}

/// Whether a line can start a top-level entry: `key:` (a plain name) or a
/// quoted key at column 0.
fn starts_entry(line: &str) -> bool {
    if line.starts_with(['"', '\'']) {
        return true;
    }
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(line.len());
    end > 0
        && line[end..]
            .strip_prefix(':')
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

/// The entries of `content` that parse on their own.
fn salvage(text: &str, content: Range<usize>) -> (Vec<Entry>, Vec<Range<usize>>) {
    // Each chunk: a line at column 0 and the lines under it (indented,
    // blank, comments, `- ` items).
    let mut chunks: Vec<Range<usize>> = Vec::new();
    let mut offset = content.start;
    for line in text[content.clone()].split_inclusive('\n') {
        let continues = line.trim().is_empty() || line.starts_with([' ', '\t', '#', '-']);
        match chunks.last_mut() {
            Some(chunk) if continues => chunk.end = offset + line.len(),
            _ => chunks.push(offset..offset + line.len()),
        }
        offset += line.len();
    }
    let mut entries = Vec::new();
    let mut quoted = Vec::new();
    for chunk in chunks {
        let first_line_end = text[chunk.clone()]
            .find('\n')
            .map_or(chunk.end, |i| chunk.start + i + 1);
        if !starts_entry(&text[chunk.start..first_line_end]) {
            continue;
        }
        let read = read_alone(text, chunk.clone()).or_else(|| {
            (first_line_end < chunk.end)
                .then(|| read_alone(text, chunk.start..first_line_end))
                .flatten()
        });
        if let Some((e, q)) = read {
            entries.extend(e);
            quoted.extend(q);
        }
    }
    (entries, quoted)
}

/// The mapping entries of `range` parsed alone, as Claude Code would
/// (strict YAML, then its retry), spans in whole-file bytes.
fn read_alone(text: &str, range: Range<usize>) -> Option<(Vec<Entry>, Vec<Range<usize>>)> {
    let base = range.start;
    let source = &text[range];
    let (doc, rescued) = super::read_yaml(source, base).ok()?;
    let quoted = rescued.map(|(_, q)| q).unwrap_or_default();
    if doc.documents > 1 {
        return None;
    }
    match doc.root?.kind {
        NodeKind::Map(entries) if !entries.is_empty() => Some((entries, quoted)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(key, value source)` of every entry read.
    fn shape(text: &str) -> (Vec<(String, String)>, bool) {
        let t = read(text).expect("a frontmatter");
        let entries = t
            .entries
            .iter()
            .map(|e| {
                (
                    text[e.key.span.clone()].to_owned(),
                    text[e.value.span.clone()].to_owned(),
                )
            })
            .collect();
        (entries, t.exact)
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn valid_and_rescued_yaml_are_read_as_claude_code_reads_them() {
        assert_eq!(
            shape("---\nname: a\ndescription: Use: it\n---\nBody\n"),
            (pairs(&[("name", "a"), ("description", "Use: it")]), true)
        );
        let t = read("---\nname: a\ndescription: Use: it\n---\n").expect("read");
        assert_eq!(t.quoted, vec![25..32]);
        assert!(read("# Title\n").is_none());
        // A list is not a mapping: no entries, and nothing to salvage.
        assert_eq!(shape("---\n- a\n---\n"), (Vec::new(), true));
    }

    #[test]
    fn a_half_typed_key_leaves_the_other_entries() {
        let text = "---\nname: rev\ndescription: Reviews\nmo\ncolor: 'cyan' # hi\ntools:\n  - Read\n# c\n  - Grep\n---\nBody\n";
        assert_eq!(
            shape(text),
            (
                pairs(&[
                    ("name", "rev"),
                    ("description", "Reviews"),
                    ("color", "'cyan'"),
                    ("tools", "- Read\n# c\n  - Grep"),
                ]),
                false
            )
        );
        // A value the retry quotes is still read, and its range is known;
        // one it cannot rescue (a CRLF line) is not.
        let text = "---\nmo\ndescription: Use: it\r\nname: a: b\n---\n";
        let t = read(text).expect("read");
        assert_eq!(shape(text).0, pairs(&[("name", "a: b")]));
        assert_eq!(t.quoted.len(), 1);
        assert_eq!(&text[t.quoted[0].clone()], "a: b");
    }

    #[test]
    fn an_entry_that_does_not_parse_with_its_lines_is_read_alone() {
        // `tools: Read` followed by a list cannot parse; its line alone can.
        // `model: "x` cannot parse at all.
        let text = "---\ntools: Read\n- Grep\nmodel: \"x\ncolor: red\n---\n";
        assert_eq!(shape(text).0, pairs(&[("tools", "Read"), ("color", "red")]));
        // Unindented continuation lines: the first line is an entry, the
        // rest are not keys (`Context: c` is read as one, as it looks).
        let text = "---\nname: a\ndescription: Use it\n<example>\nContext: c\n</example>\n---\n";
        assert_eq!(
            shape(text).0,
            pairs(&[("name", "a"), ("description", "Use it"), ("Context", "c")])
        );
    }

    #[test]
    fn an_unterminated_block_ends_with_its_last_entry() {
        let text = "---\nname: a\ndescription: b\n";
        let t = read(text).expect("read");
        assert_eq!(
            shape(text),
            (pairs(&[("name", "a"), ("description", "b")]), false)
        );
        assert_eq!(
            &text[t.located.open.start..t.located.close.end],
            "---\nname: a\ndescription: b"
        );
        assert_eq!(t.located.body_start, text.len() - 1);
        // Typing a key at the end, and a body after a blank line.
        let text = "---\nname: a\nmo\n\n# Role\nYou review code: carefully.\n";
        let t = read(text).expect("read");
        assert_eq!(shape(text).0, pairs(&[("name", "a")]));
        assert_eq!(
            &text[t.located.body_start..],
            "\nmo\n\n# Role\nYou review code: carefully.\n"
        );
        // A long text after the fence is read up to the limit, at a line end.
        let long = format!(
            "---\nname: a\n{}model: x\n",
            "- item\n".repeat(UNTERMINATED_MAX / 7)
        );
        let t = read(&long).expect("read");
        assert_eq!(t.entries.len(), 1, "model is past the limit");
        // Nothing read: the block is the fence.
        let t = read("---\n").expect("read");
        assert!(t.entries.is_empty());
        assert_eq!(t.located.close, 3..3);
    }
}
