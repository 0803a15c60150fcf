//! Where the frontmatter starts and ends, exactly as Claude Code finds it.
//!
//! Claude Code strips a BOM, then matches `/^---\s*\n([\s\S]*?)---\s*\n?/`
//! (JavaScript semantics): the opening `---` must be the first bytes, and the
//! frontmatter ends at the **first** `---` anywhere after it, even inside a
//! value. This module reproduces that match without a regex engine.

use std::ops::Range;

/// JavaScript's `\s`: the characters a regex's `\s` matches.
#[must_use]
pub fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// The frontmatter of a file, as byte ranges of the whole text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The opening `---`.
    pub open: Range<usize>,
    /// The YAML between the fences.
    pub content: Range<usize>,
    /// The closing `---` (the first `---` after the opening line).
    pub close: Range<usize>,
    /// Where the body (the system prompt) starts.
    pub body_start: usize,
}

/// What the search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Locate {
    /// A frontmatter block.
    Found(Located),
    /// The text does not start with `---` and a newline. `late_fence` is the
    /// range of a `---` line that follows only blank lines, if any: the
    /// frontmatter the author meant, which Claude Code will not see.
    Missing {
        /// A `---` line preceded only by blank lines or spaces.
        late_fence: Option<Range<usize>>,
    },
    /// An opening `---` without any `---` after it.
    Unterminated {
        /// The opening `---`.
        open: Range<usize>,
    },
}

/// Finds the frontmatter of `text` the way Claude Code does.
#[must_use]
pub fn locate(text: &str) -> Locate {
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let rest = &text[start..];
    if !rest.starts_with("---") {
        return Locate::Missing {
            late_fence: late_fence(text, start),
        };
    }
    let open = start..start + 3;
    // `\s*\n`: the longest run of whitespace that ends in a newline.
    let mut content_start = None;
    for (i, c) in text[open.end..].char_indices() {
        if c == '\n' {
            content_start = Some(open.end + i + 1);
        } else if !is_js_space(c) {
            break;
        }
    }
    let Some(content_start) = content_start else {
        return Locate::Missing { late_fence: None };
    };
    // A vectorised search: the block can be tens of KiB, read on every keystroke.
    let Some(found) = memchr::memmem::find(&text.as_bytes()[content_start..], b"---") else {
        return Locate::Unterminated { open };
    };
    let close = content_start + found..content_start + found + 3;
    let body_start = text[close.end..]
        .char_indices()
        .find(|(_, c)| !is_js_space(*c))
        .map_or(text.len(), |(i, _)| close.end + i);
    Locate::Found(Located {
        open,
        content: content_start..close.start,
        close,
        body_start,
    })
}

/// A `---` line after leading blank lines (the frontmatter was meant but
/// does not start at the first byte).
fn late_fence(text: &str, start: usize) -> Option<Range<usize>> {
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            offset += line.len();
            continue;
        }
        if trimmed == "---" {
            let at = offset + line.find("---")?;
            return Some(at..at + 3);
        }
        return None;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Located {
        match locate(text) {
            Locate::Found(l) => l,
            other => panic!("expected frontmatter, got {other:?}"),
        }
    }

    #[test]
    fn plain() {
        let t = "---\nname: a\n---\n\nBody\n";
        let l = found(t);
        assert_eq!(&t[l.content.clone()], "name: a\n");
        assert_eq!(&t[l.body_start..], "Body\n");
    }

    #[test]
    fn bom_and_crlf() {
        let t = "\u{feff}---\r\nname: a\r\n---\r\nBody";
        let l = found(t);
        assert_eq!(&t[l.content.clone()], "name: a\r\n");
        assert_eq!(&t[l.body_start..], "Body");
    }

    #[test]
    fn closing_dashes_inside_a_value() {
        let t = "---\nname: d\ndescription: Use this --- when\nmodel: x\n---\nBody";
        let l = found(t);
        assert_eq!(&t[l.content.clone()], "name: d\ndescription: Use this ");
        assert_eq!(&t[l.body_start..l.body_start + 4], "when");
    }

    #[test]
    fn missing_and_unterminated() {
        assert_eq!(
            locate("\n---\nname: a\n---\n"),
            Locate::Missing {
                late_fence: Some(1..4)
            }
        );
        assert_eq!(locate("# Title\n"), Locate::Missing { late_fence: None });
        assert_eq!(
            locate("--- x\nname: a\n---\n"),
            Locate::Missing { late_fence: None }
        );
        assert_eq!(
            locate("---\nname: a\n"),
            Locate::Unterminated { open: 0..3 }
        );
    }

    #[test]
    fn empty_frontmatter() {
        let l = found("---\n---\nBody");
        assert_eq!(l.content, 4..4);
    }
}
