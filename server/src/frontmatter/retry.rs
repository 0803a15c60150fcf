//! Claude Code's second chance for frontmatter that is not valid YAML.
//!
//! When the YAML parse fails, Claude Code 2.1.330 rewrites the text once
//! (`quoteProblematicValues`) and parses again. For each line matching
//! `/^([a-zA-Z_-]+):\s+(\S.*)$/` whose value is not already quoted and not a
//! `[...]` list, a value containing one of `` {}[]*&#!|>%@` `` or `": "` is
//! wrapped in double quotes (escaping `\` and `"`); leading tabs become two
//! spaces each. Lines ending in `\r` never match (in JavaScript `.` does not
//! match `\r`), which is why CRLF files are not rescued.
//!
//! The rewrite keeps a map from its offsets back to the original text so that
//! every node of the rescued parse still points at the right source bytes.

use super::locate::is_js_space;
use super::yaml::{self, NodeKind};

/// How one line of the rewrite relates to the original line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum LineMap {
    /// Unchanged.
    Same,
    /// `tabs` leading tabs became two spaces each.
    Tabs { tabs: usize },
    /// The value was quoted: in the original it spans `value` (relative to
    /// the line start); in the rewrite it starts at `new_value` and is `new_len` long.
    /// `escaped` holds the offsets (in the original value) of the `\` and `"`
    /// that gained a backslash.
    Quoted {
        value: std::ops::Range<usize>,
        new_value: usize,
        new_len: usize,
        escaped: Vec<usize>,
    },
}

/// The rewritten text and its map back to the original.
#[derive(Debug, Clone)]
pub struct Rewrite {
    /// The text Claude Code parses the second time.
    pub text: String,
    /// For each line: (start in the rewrite, start in the original, map).
    lines: Vec<(usize, usize, LineMap)>,
    /// Whether any line was changed.
    pub changed: bool,
    /// Byte ranges (in the original) of the values that were quoted.
    pub quoted: Vec<std::ops::Range<usize>>,
}

/// Matches `^([a-zA-Z_-]+):\s+(\S.*)$` on one line (without its `\n`);
/// returns the key's end and the value's start.
fn match_key_value(line: &str) -> Option<(usize, usize)> {
    let key_end = line
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphabetic() || *c == '_' || *c == '-'))
        .map_or(line.len(), |(i, _)| i);
    if key_end == 0 || !line[key_end..].starts_with(':') {
        return None;
    }
    let after = key_end + 1;
    let value_start = line[after..]
        .char_indices()
        .find(|(_, c)| !is_js_space(*c))
        .map(|(i, _)| after + i)?;
    if value_start == after {
        return None; // `\s+` needs at least one space
    }
    // `.` to the end: no line terminator (the line holds no `\n`).
    let rest = &line[value_start..];
    if rest.contains('\r') || rest.contains('\u{2028}') || rest.contains('\u{2029}') {
        return None;
    }
    Some((key_end, value_start))
}

fn needs_quoting(value: &str) -> bool {
    // All ASCII: a byte of a longer UTF-8 character is never one of them.
    value.contains(": ")
        || value.bytes().any(|b| {
            matches!(
                b,
                b'{' | b'}'
                    | b'['
                    | b']'
                    | b'*'
                    | b'&'
                    | b'#'
                    | b'!'
                    | b'|'
                    | b'>'
                    | b'%'
                    | b'@'
                    | b'`'
            )
        })
}

fn is_quoted(value: &str) -> bool {
    (value.starts_with('"') && value.ends_with('"'))
        || (value.starts_with('\'') && value.ends_with('\''))
}

fn is_yaml_list(value: &str) -> bool {
    value.starts_with('[')
        && value.ends_with(']')
        && matches!(
            yaml::parse(value).map(|d| d.root.map(|r| r.kind)),
            Ok(Some(NodeKind::Seq(_)))
        )
}

/// Applies Claude Code's rewrite to frontmatter `text`.
#[must_use]
pub fn rewrite(text: &str) -> Rewrite {
    let mut out = String::with_capacity(text.len() + 64);
    let mut lines = Vec::new();
    let mut quoted = Vec::new();
    let mut changed = false;
    let mut orig = 0;
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let new_start = out.len();
        let tabs = line.bytes().take_while(|b| *b == b'\t').count();
        let map = match match_key_value(line) {
            Some((key_end, value_start))
                if !is_quoted(&line[value_start..])
                    && !is_yaml_list(&line[value_start..])
                    && needs_quoting(&line[value_start..]) =>
            {
                let value = &line[value_start..];
                out.push_str(&line[..key_end]);
                out.push_str(": \"");
                let new_value = out.len() - new_start - 1;
                let mut escaped = Vec::new();
                let mut copied = 0;
                for (i, c) in value.match_indices(['\\', '"']) {
                    out.push_str(&value[copied..i]);
                    escaped.push(i);
                    out.push('\\');
                    out.push_str(c);
                    copied = i + c.len();
                }
                out.push_str(&value[copied..]);
                out.push('"');
                quoted.push(orig + value_start..orig + line.len());
                LineMap::Quoted {
                    value: value_start..line.len(),
                    new_value,
                    new_len: out.len() - new_start - new_value,
                    escaped,
                }
            }
            _ if tabs > 0 => {
                out.push_str(&"  ".repeat(tabs));
                out.push_str(&line[tabs..]);
                LineMap::Tabs { tabs }
            }
            _ => {
                out.push_str(line);
                LineMap::Same
            }
        };
        changed |= map != LineMap::Same;
        lines.push((new_start, orig, map));
        orig += line.len() + 1;
    }
    Rewrite {
        text: out,
        lines,
        changed,
        quoted,
    }
}

impl Rewrite {
    /// Maps a byte offset of the rewrite back to the original text. An
    /// offset on a character boundary of the rewrite maps to one of the
    /// original: an inserted quote or backslash maps to the character it
    /// stands before.
    #[must_use]
    pub fn to_original(&self, offset: usize) -> usize {
        let idx = self
            .lines
            .partition_point(|(start, _, _)| *start <= offset)
            .saturating_sub(1);
        let Some((new_start, orig_start, map)) = self.lines.get(idx) else {
            return offset;
        };
        let col = offset - new_start;
        orig_start
            + match map {
                LineMap::Same => col,
                LineMap::Tabs { tabs } => {
                    if col < 2 * tabs {
                        col / 2
                    } else {
                        col - tabs
                    }
                }
                LineMap::Quoted {
                    value,
                    new_value,
                    new_len,
                    escaped,
                } => {
                    // The rewrite is `key: "value"`: the key and its colon are
                    // kept, the blanks after it (any width) became one space.
                    let colon = new_value - 2;
                    if col <= colon + 1 {
                        col
                    } else if col <= *new_value {
                        value.start
                    } else if col >= new_value + new_len {
                        value.end + (col - new_value - new_len)
                    } else {
                        value.start
                            + unescaped_offset(escaped, col - new_value - 1).min(value.len())
                    }
                }
            }
    }
}

/// The offset in a quoted value's original text of offset `k` in its
/// escaped form, given the original offsets of the escaped characters.
fn unescaped_offset(escaped: &[usize], k: usize) -> usize {
    for (before, &e) in escaped.iter().enumerate() {
        let backslash = e + before;
        if k <= backslash + 1 {
            return k.min(backslash) - before;
        }
    }
    k - escaped.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value scans as first written, a character at a time: the
    /// reference the faster ones must agree with.
    fn quoted_reference(line: &str) -> Option<String> {
        let (key_end, value_start) = {
            let key_end = line
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_alphabetic() || *c == '_' || *c == '-'))
                .map_or(line.len(), |(i, _)| i);
            if key_end == 0 || !line[key_end..].starts_with(':') {
                return None;
            }
            let after = key_end + 1;
            let value_start = line[after..]
                .char_indices()
                .find(|(_, c)| !is_js_space(*c))
                .map(|(i, _)| after + i)?;
            if value_start == after
                || !line[value_start..]
                    .chars()
                    .all(|c| !matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'))
            {
                return None;
            }
            (key_end, value_start)
        };
        let value = &line[value_start..];
        let needs = value.contains(": ") || value.chars().any(|c| "{}[]*&#!|>%@`".contains(c));
        if is_quoted(value) || is_yaml_list(value) || !needs {
            return None;
        }
        let mut out = format!("{}: \"", &line[..key_end]);
        for c in value.chars() {
            if matches!(c, '\\' | '"') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
        Some(out)
    }

    proptest::proptest! {
        #[test]
        fn the_fast_scans_agree_with_the_reference(
            key in "[a-z_-]{0,4}",
            sep in "(:|: |:\t|:  | : )",
            value in "[a-z :#\"\\\\{}\\[\\]*&!|>%@`\r\u{2028}é😀'-]{0,16}",
        ) {
            let line = format!("{key}{sep}{value}");
            let done = rewrite(&line);
            match quoted_reference(&line) {
                Some(expected) => {
                    proptest::prop_assert_eq!(&done.text, &expected);
                    proptest::prop_assert_eq!(done.quoted.len(), 1);
                }
                None => proptest::prop_assert!(done.quoted.is_empty(), "{:?}", done.text),
            }
        }
    }

    #[test]
    fn quotes_problem_values_only() {
        let r = rewrite("name: a\ndescription: Use: this\ntools: [Read, Grep]\nx: \"ok: yes\"\n");
        assert_eq!(
            r.text,
            "name: a\ndescription: \"Use: this\"\ntools: [Read, Grep]\nx: \"ok: yes\"\n"
        );
        assert!(r.changed);
        let r = rewrite("name: a\ndescription: plain\n");
        assert!(!r.changed);
    }

    #[test]
    fn escapes_backslash_and_quote() {
        let r = rewrite(r#"description: "a" b: c\n"#);
        assert_eq!(r.text, r#"description: "\"a\" b: c\\n""#);
    }

    #[test]
    fn crlf_lines_never_match() {
        let r = rewrite("description: My [ref: 1]\r\n");
        assert!(!r.changed);
    }

    #[test]
    fn tabs_become_spaces_and_map_back() {
        let text = "tools:\n\t- Read\n";
        let r = rewrite(text);
        assert_eq!(r.text, "tools:\n  - Read\n");
        let at = r.text.find("Read").unwrap_or_default();
        assert_eq!(&text[r.to_original(at)..r.to_original(at + 4)], "Read");
    }

    #[test]
    fn offsets_map_back_through_escapes_and_wide_blanks() {
        // U+FEFF counts as a blank for the key regex (JavaScript's `\s`).
        let text = "name:\u{feff}a\"b\\c: d\u{e9}\n";
        let r = rewrite(text);
        assert_eq!(r.text, "name: \"a\\\"b\\\\c: d\u{e9}\"\n");
        for (new, _) in r.text.char_indices() {
            let back = r.to_original(new);
            assert!(text.is_char_boundary(back), "{new} -> {back}");
        }
        let at = |needle: &str| r.text.find(needle).unwrap_or_default();
        assert_eq!(&text[r.to_original(at("b"))..], "b\\c: d\u{e9}\n");
        assert_eq!(&text[r.to_original(at("c:"))..], "c: d\u{e9}\n");
        assert_eq!(&text[r.to_original(at("\\\"b"))..], "\"b\\c: d\u{e9}\n");
        assert_eq!(r.to_original(at(" \"a")), 5);
        assert_eq!(&text[r.to_original(at("\"a"))..], "a\"b\\c: d\u{e9}\n");
    }

    #[test]
    fn quoted_values_map_back() {
        let text = "a: b\ndescription: x: y\nc: d\n";
        let r = rewrite(text);
        let start = r.text.find('"').unwrap_or_default();
        let end = r.text.rfind('"').unwrap_or_default() + 1;
        assert_eq!(&text[r.to_original(start)..r.to_original(end)], "x: y");
        let c = r.text.rfind("c:").unwrap_or_default();
        assert_eq!(&text[r.to_original(c)..], "c: d\n");
    }
}
