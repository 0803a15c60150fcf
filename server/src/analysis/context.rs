//! Where the cursor is in the frontmatter, read from the frontmatter's line
//! structure (top-level keys start at column 0, list items with `- `, flow
//! lists in brackets, comma- or space-separated entries, parentheses
//! protecting separators). This works while the YAML is broken, as it is
//! most of the time while someone types.

use std::ops::Range;

use crate::catalog::FieldType;
use crate::catalog::claude_agent as cat;
use crate::frontmatter::{self, Locate};

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
    /// The single value of `key`; `range` is the value text to replace.
    Value {
        /// The key.
        key: String,
        /// The value text (possibly empty).
        range: Range<usize>,
    },
    /// One entry of a list-valued field (`tools`, `skills`, …), in any of
    /// its forms; `range` is the entry to replace.
    ListEntry {
        /// The key.
        key: String,
        /// The entry under the cursor (possibly empty).
        range: Range<usize>,
        /// The other entries already there.
        present: Vec<String>,
    },
    /// Inside the description's value.
    Description {
        /// The word under the cursor (to replace with a snippet).
        range: Range<usize>,
        /// Whether the value is a block scalar (`|`/`>`), as opposed to one line.
        block: bool,
    },
}

/// The top-level keys written in the frontmatter `content`, in order.
#[must_use]
pub fn keys_present(text: &str, content: Range<usize>) -> Vec<String> {
    text[content]
        .lines()
        .filter_map(|l| key_of_line(l).map(|(k, _)| k.to_owned()))
        .collect()
}

/// `key: rest` at column 0: the key and the byte offset just after the colon.
fn key_of_line(line: &str) -> Option<(&str, usize)> {
    let end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    if end == 0 || !line[end..].starts_with(':') {
        return None;
    }
    Some((&line[..end], end + 1))
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

/// Splits a list's text into entries: separated by commas, whitespace,
/// brackets and quotes outside parentheses; ranges are relative.
fn entries(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if depth == 0 && (c == ',' || c.is_whitespace() || matches!(c, '[' | ']' | '"' | '\'')) {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
            continue;
        }
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        start.get_or_insert(i);
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

fn is_list_field(key: &str) -> bool {
    matches!(
        crate::catalog::field(cat::FIELDS, key).map(|f| f.ty),
        Some(FieldType::ToolList | FieldType::NameList)
    )
}

/// The entry around `at` (relative to `value`), and the other entries.
fn entry_at(value: &str, base: usize, at: usize) -> (Range<usize>, Vec<String>) {
    let all = entries(value);
    let current = all.iter().find(|r| r.start <= at && at <= r.end).cloned();
    let present = all
        .iter()
        .filter(|r| Some(*r) != current.as_ref())
        .map(|r| value[r.clone()].to_owned())
        .collect();
    let range = current.map_or(base + at..base + at, |r| base + r.start..base + r.end);
    (range, present)
}

/// The context at byte `offset` of `text`, if it is inside the frontmatter.
#[must_use]
pub fn at(text: &str, offset: usize) -> Option<Context> {
    let content = content_range(text)?;
    if offset < content.start || offset > content.end || !text.is_char_boundary(offset) {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    if line_start >= content.end && content.end < text.len() {
        return None; // on the closing fence's line
    }
    let line_end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let col = offset - line_start;

    if !line.starts_with([' ', '\t', '-', '#']) {
        match key_of_line(line) {
            Some((key, after)) if col >= after => {
                let value_start =
                    line_start + after + (line[after..].len() - line[after..].trim_start().len());
                let value_end = line_start + line.trim_end().len().max(after);
                let value = &text[value_start.min(value_end)..value_end];
                if key == "description" {
                    let block = value.starts_with(['|', '>']);
                    return Some(Context::Description {
                        range: word_before(text, offset, line_start + after),
                        block,
                    });
                }
                if is_list_field(key) {
                    // The cursor may sit in trailing blanks (`tools: Read, $0`):
                    // the new entry goes there, not at the trimmed end.
                    let list_end = value_end.max(offset);
                    let list_start = value_start.min(value_end);
                    let value = &text[list_start..list_end];
                    let at = offset.saturating_sub(list_start).min(value.len());
                    let (range, present) = entry_at(value, list_start, at);
                    return Some(Context::ListEntry {
                        key: key.to_owned(),
                        range,
                        present,
                    });
                }
                let (s, e) = (value_start.min(value_end), value_end);
                let trimmed = unquote(text, s..e);
                return Some(Context::Value {
                    key: key.to_owned(),
                    range: trimmed,
                });
            }
            Some((key, _)) => {
                return Some(Context::Key {
                    range: line_start..line_start + key.len(),
                    has_colon: true,
                });
            }
            None => {
                let word_end = line
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                    .unwrap_or(line.len());
                if col <= word_end && line[word_end..].trim().is_empty() {
                    return Some(Context::Key {
                        range: line_start..line_start + word_end,
                        has_colon: false,
                    });
                }
                return None;
            }
        }
    }
    // An indented line or a list item: find the key it belongs to.
    let parent = text[content.start..line_start]
        .lines()
        .rev()
        .find_map(|l| {
            if l.starts_with([' ', '\t', '-', '#']) || l.trim().is_empty() {
                None
            } else {
                Some(key_of_line(l))
            }
        })
        .flatten()
        .map(|(k, _)| k.to_owned())?;
    if parent == "description" {
        return Some(Context::Description {
            range: word_before(text, offset, line_start),
            block: true,
        });
    }
    let trimmed = line.trim_start();
    if let Some(item) = trimmed.strip_prefix('-') {
        let item_start =
            line_start + (line.len() - trimmed.len()) + 1 + (item.len() - item.trim_start().len());
        if offset < item_start || !is_list_field(&parent) {
            return None;
        }
        let item_end = line_start + line.trim_end().len();
        let range = unquote(text, item_start..item_end.max(item_start));
        let present = list_items(text, content.start, line_start, line_end, content.end);
        return Some(Context::ListEntry {
            key: parent,
            range,
            present,
        });
    }
    None
}

/// The range inside quotes, if the text there is quoted.
fn unquote(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    if s.len() >= 2
        && ((s.starts_with('"') && s.ends_with('"')) || (s.starts_with('\'') && s.ends_with('\'')))
    {
        r.start + 1..r.end - 1
    } else {
        r
    }
}

/// The block list items of the key that owns the line at `line_start`,
/// other than that line.
fn list_items(
    text: &str,
    content_start: usize,
    line_start: usize,
    line_end: usize,
    content_end: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    let before = &text[content_start..line_start];
    for l in before.lines().rev() {
        if !l.starts_with([' ', '\t', '-']) {
            break;
        }
        if let Some(item) = l.trim_start().strip_prefix('-') {
            out.push(item.trim().trim_matches(['"', '\'']).to_owned());
        }
    }
    let after_start = (line_end + 1).min(content_end);
    for l in text[after_start..content_end].lines() {
        if !l.starts_with([' ', '\t', '-']) {
            break;
        }
        if let Some(item) = l.trim_start().strip_prefix('-') {
            out.push(item.trim().trim_matches(['"', '\'']).to_owned());
        }
    }
    out
}

/// The word (up to whitespace or `\n` escapes) ending at `offset`, not
/// reaching before `floor`.
fn word_before(text: &str, offset: usize, floor: usize) -> Range<usize> {
    let start = text[floor..offset]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || *c == '"')
        .map_or(floor, |(i, c)| floor + i + c.len_utf8());
    let mut start = start;
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
        // A file being written: no closing fence yet.
        assert_eq!(
            ctx("---\nna$0"),
            Some(Context::Key {
                range: 4..6,
                has_colon: false
            })
        );
    }

    #[test]
    fn values() {
        let f = "---\nmodel: so$0\n---\n";
        match ctx(f) {
            Some(Context::Value { key, range }) => {
                assert_eq!(key, "model");
                assert_eq!(slice(f, &range), "so");
            }
            other => panic!("{other:?}"),
        }
        let f = "---\ncolor: \"bl$0\"\n---\n";
        match ctx(f) {
            Some(Context::Value { range, .. }) => assert_eq!(slice(f, &range), "bl"),
            other => panic!("{other:?}"),
        }
        let f = "---\nmodel: $0\n---\n";
        assert!(matches!(ctx(f), Some(Context::Value { range, .. }) if range.is_empty()));
    }

    #[test]
    fn tool_entries() {
        let f = "---\ntools: Read, Gr$0, Bash(git a, b)\n---\n";
        match ctx(f) {
            Some(Context::ListEntry {
                key,
                range,
                present,
            }) => {
                assert_eq!(key, "tools");
                assert_eq!(slice(f, &range), "Gr");
                assert_eq!(present, ["Read", "Bash(git a, b)"]);
            }
            other => panic!("{other:?}"),
        }
        let f = "---\ntools: Read, $0\n---\n";
        assert!(
            matches!(ctx(f), Some(Context::ListEntry { range, present, .. }) if range == (17..17) && present == ["Read"])
        );
        let f = "---\ntools: Read,$0\n---\n";
        assert!(
            matches!(ctx(f), Some(Context::ListEntry { range, present, .. }) if range == (16..16) && present == ["Read"])
        );
        let f = "---\ntools: [\"Read\", \"Gl$0\"]\n---\n";
        assert!(
            matches!(ctx(f), Some(Context::ListEntry { range, present, .. }) if slice(f, &range) == "Gl" && present == ["Read"])
        );
        let f = "---\ntools:\n  - Read\n  - We$0\n  - Grep\nmodel: x\n---\n";
        match ctx(f) {
            Some(Context::ListEntry {
                key,
                range,
                present,
            }) => {
                assert_eq!(key, "tools");
                assert_eq!(slice(f, &range), "We");
                assert_eq!(present, ["Read", "Grep"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn description() {
        let f = "---\ndescription: Use it.\\n<ex$0\n---\n";
        assert!(
            matches!(ctx(f), Some(Context::Description { range, block: false }) if slice(f, &range) == "<ex")
        );
        let f = "---\ndescription: |\n  Use it.\n  <$0\n---\n";
        assert!(
            matches!(ctx(f), Some(Context::Description { range, block: true }) if slice(f, &range) == "<")
        );
    }

    #[test]
    fn crlf_and_multibyte() {
        let f = "---\r\nname: 漢字😀\r\ncolor: gr$0\r\n---\r\n";
        match ctx(f) {
            Some(Context::Value { key, range }) => {
                assert_eq!(key, "color");
                assert_eq!(slice(f, &range), "gr");
            }
            other => panic!("{other:?}"),
        }
    }
}
