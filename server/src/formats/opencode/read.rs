//! How OpenCode 1.18.33 reads a Markdown agent or command (`ConfigMarkdown`):
//! gray-matter (js-yaml underneath), and when that throws, its
//! `fallbackSanitization` rewrite and a second gray-matter call, which hits
//! gray-matter's cache when the rewrite changed nothing.
//!
//! gray-matter finds the block its own way: the file (a byte-order mark
//! dropped) starts with `---` not followed by a fourth `-`; the rest of that
//! line names the language; the block ends at the first `\n---` anywhere
//! (`---   `, `---x` and `----` lines too), or runs to the end of the file.

use std::ops::Range;

use crate::formats::gemini_agent::jsyaml::{self, Read};
use crate::frontmatter::{Located, SyntaxError};

/// What gray-matter finds in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// No frontmatter: the whole text is the body.
    Missing,
    /// A block (possibly unterminated: `close` is `None`).
    Found {
        /// The opening `---`.
        open: Range<usize>,
        /// The language named after the opening `---`, when not blank.
        language: Option<String>,
        /// The YAML (from the end of the opening line to the closing line).
        matter: Range<usize>,
        /// The closing `---`, when there is one.
        close: Option<Range<usize>>,
        /// Where the body starts.
        body: usize,
    },
}

/// gray-matter's block in `text`.
#[must_use]
pub fn block(text: &str) -> Block {
    let base = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let s = &text[base..];
    if !s.starts_with("---") || s[3..].starts_with('-') {
        return Block::Missing;
    }
    let rest = base + 3;
    // `language`: the rest of the first line (up to `\r?\n`; without one,
    // all but the last character).
    let after = &text[rest..];
    let lang_raw = match after.find('\n') {
        Some(i) => after[..i].strip_suffix('\r').unwrap_or(&after[..i]),
        None => after
            .char_indices()
            .next_back()
            .map_or("", |(i, _)| &after[..i]),
    };
    let lang = lang_raw.trim();
    let from = rest + lang_raw.len();
    let (matter_end, close, body) = match text[from..].find("\n---") {
        Some(i) => {
            let close = from + i + 1..from + i + 4;
            let mut body = close.end;
            if text[body..].starts_with('\r') {
                body += 1;
            }
            if text[body..].starts_with('\n') {
                body += 1;
            }
            (from + i, Some(close), body)
        }
        None => (text.len(), None, text.len()),
    };
    Block::Found {
        open: base..base + 3,
        language: (!lang.is_empty()).then(|| lang.to_owned()),
        matter: from..matter_end,
        close,
        body,
    }
}

/// Whether gray-matter reads the block as empty (comment lines removed,
/// nothing but blanks).
fn is_empty(matter: &str) -> bool {
    matter
        .split('\n')
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with('#') && t.len() > 1)
        })
        .all(|l| l.trim().is_empty())
}

/// What the loader ends up with.
#[derive(Debug)]
pub enum Outcome {
    /// No frontmatter (or none gray-matter recognises): no metadata, the
    /// whole file is the body.
    Missing,
    /// An empty block: no metadata.
    Empty,
    /// Parsed (`rescued`: only after the colon rewrite, which quoted these
    /// values).
    Parsed {
        /// The tree, spans in the original text.
        read: Box<Read>,
        /// The values the rewrite made block scalars, when it was needed.
        rescued: Vec<Range<usize>>,
    },
    /// The YAML failed and the rewrite changed nothing: gray-matter's cache
    /// answers with no metadata and the whole file as the body.
    Ignored(SyntaxError),
    /// The YAML failed, and failed again after the rewrite: the file is
    /// skipped without a word.
    Skipped {
        /// The first error.
        error: SyntaxError,
        /// The values the rewrite changed.
        rewritten: Vec<Range<usize>>,
    },
}

/// The text `fallbackSanitization` makes of `text`, with the original
/// offset of every byte it kept, and the ranges of the values it rewrote.
#[derive(Debug, Clone)]
pub struct Rewrite {
    /// The rewritten text.
    pub text: String,
    /// `(start in the rewrite, start in the original, length)` of each
    /// stretch copied unchanged.
    segs: Vec<(usize, usize, usize)>,
    /// The original ranges of the values rewritten as `key: |-` blocks.
    pub values: Vec<Range<usize>>,
}

impl Rewrite {
    /// The original offset of an offset of the rewrite.
    #[must_use]
    pub fn to_original(&self, offset: usize) -> usize {
        let i = self.segs.partition_point(|(new, _, _)| *new <= offset);
        if i == 0 {
            return 0;
        }
        let (new, orig, len) = self.segs[i - 1];
        orig + (offset - new).min(len)
    }
}

/// `fallbackSanitization`: in `/^---\r?\n([\s\S]*?)\r?\n---/`, every line
/// `key: value` (at column 0, key `[a-zA-Z_][a-zA-Z0-9_]*`) whose value is
/// not empty, `|`, `>`, or quoted, and holds a `:`, becomes `key: |-` and the
/// value indented on the next line. `None` when the regex does not match.
#[must_use]
pub fn rewrite(text: &str) -> Option<Rewrite> {
    let start = if text.starts_with("---\n") {
        4
    } else if text.starts_with("---\r\n") {
        5
    } else {
        return None;
    };
    let j = start + text[start..].find("\n---")?;
    let end = if j > start && text.as_bytes()[j - 1] == b'\r' {
        j - 1
    } else {
        j
    };
    let mut out = String::with_capacity(text.len() + 64);
    let mut segs = vec![(0, 0, start)];
    out.push_str(&text[..start]);
    let mut values = Vec::new();
    let mut offset = start;
    let block = &text[start..end];
    let mut first = true;
    for raw in block.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if !first {
            // The separator: `\n` in the rewrite for `\r?\n` in the original.
            segs.push((out.len(), offset - 1, 1));
            out.push('\n');
        }
        first = false;
        let t = line.trim_matches(js_space);
        let keep = t.starts_with('#') || t.is_empty() || line.starts_with(js_space);
        let split = if keep {
            None
        } else {
            key_value(line).filter(|(_, z)| {
                let z = z.trim_matches(js_space);
                !(z.is_empty() || z == ">" || z == "|" || z.starts_with('"') || z.starts_with('\''))
                    && z.contains(':')
            })
        };
        match split {
            Some((key, value)) => {
                let z = value.trim_matches(js_space);
                let z_at = offset + (z.as_ptr() as usize - line.as_ptr() as usize);
                segs.push((out.len(), offset, key.len()));
                out.push_str(key);
                out.push_str(": |-\n  ");
                segs.push((out.len(), z_at, z.len()));
                out.push_str(z);
                values.push(z_at..z_at + z.len());
            }
            None => {
                segs.push((out.len(), offset, line.len()));
                out.push_str(line);
            }
        }
        offset += raw.len() + 1;
    }
    segs.push((out.len(), end, text.len() - end));
    out.push_str(&text[end..]);
    Some(Rewrite {
        text: out,
        segs,
        values,
    })
}

/// JavaScript's `\s` (and `String.prototype.trim`'s blanks).
fn js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// `^([a-zA-Z_][a-zA-Z0-9_]*)\s*:\s*(.*)$` on a line: the key and the
/// value after the colon.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let key_end = line
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_alphabetic() || c == '_' || (i > 0 && c.is_ascii_digit())))
        .map_or(line.len(), |(i, _)| i);
    if key_end == 0 {
        return None;
    }
    let rest = line[key_end..].trim_start_matches(js_space);
    let value = rest.strip_prefix(':')?;
    if value.contains(['\u{2028}', '\u{2029}']) {
        return None;
    }
    Some((&line[..key_end], value))
}

/// Reads the YAML of a block gray-matter found.
fn parse(
    text: &str,
    open: &Range<usize>,
    matter: &Range<usize>,
    body: usize,
) -> Result<Read, SyntaxError> {
    let located = Located {
        open: open.clone(),
        content: matter.clone(),
        close: matter.end..matter.end,
        body_start: body,
    };
    jsyaml::read(text, &located)
}

/// What OpenCode's loader makes of `text`.
#[must_use]
pub fn outcome(text: &str) -> Outcome {
    let Block::Found {
        open,
        language,
        matter,
        body,
        ..
    } = block(text)
    else {
        return Outcome::Missing;
    };
    let first = match language.as_deref() {
        Some(l) if !matches!(l.to_ascii_lowercase().as_str(), "yaml" | "yml") => Err(SyntaxError {
            offset: open.end,
            message: format!("gray-matter engine \"{l}\" is not registered"),
        }),
        _ if is_empty(&text[matter.clone()]) => return Outcome::Empty,
        _ => parse(text, &open, &matter, body),
    };
    let error = match first {
        Ok(read) => {
            return Outcome::Parsed {
                read: Box::new(read),
                rescued: Vec::new(),
            };
        }
        Err(e) => e,
    };
    // The rewrite runs on the file as read, byte-order mark included.
    let Some(rewritten) = rewrite(text).filter(|r| r.text != text) else {
        return Outcome::Ignored(error);
    };
    let second = match block(&rewritten.text) {
        Block::Found {
            open,
            language,
            matter,
            body,
            ..
        } if language.is_none() => {
            if is_empty(&rewritten.text[matter.clone()]) {
                return Outcome::Empty;
            }
            parse(&rewritten.text, &open, &matter, body)
        }
        _ => Err(error.clone()),
    };
    match second {
        Ok(mut read) => {
            let map = |o: usize| rewritten.to_original(o);
            if let Some(root) = &mut read.fm.root {
                root.map_spans(&map);
            }
            for (at, _) in &mut read.tags {
                *at = map(*at);
            }
            read.fm.located = Located {
                open: map(read.fm.located.open.start)..map(read.fm.located.open.end),
                content: map(read.fm.located.content.start)..map(read.fm.located.content.end),
                close: map(read.fm.located.close.start)..map(read.fm.located.close.end),
                body_start: map(read.fm.located.body_start),
            };
            Outcome::Parsed {
                read: Box::new(read),
                rescued: rewritten.values,
            }
        }
        Err(_) => Outcome::Skipped {
            error,
            rewritten: rewritten.values,
        },
    }
}

/// Where the body (the prompt or template) starts, as the loader reads it:
/// after the block, or the whole file when the frontmatter was not used.
#[must_use]
pub fn body_start(text: &str, outcome: &Outcome) -> usize {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    match (outcome, block(text)) {
        (Outcome::Missing | Outcome::Ignored(_) | Outcome::Skipped { .. }, _) => bom,
        (_, Block::Found { body, .. }) => body,
        (_, Block::Missing) => bom,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gray_matter_blocks() {
        let t = "---\ndescription: x\n---\nBody";
        let Block::Found { matter, body, .. } = block(t) else {
            panic!("block");
        };
        assert_eq!(&t[matter], "\ndescription: x");
        assert_eq!(&t[body..], "Body");
        let t = "---\na: 1\n---   \nBody";
        let Block::Found { body, .. } = block(t) else {
            panic!("block");
        };
        assert_eq!(&t[body..], "   \nBody");
        assert_eq!(block("----\na: 1\n---\n"), Block::Missing);
        assert_eq!(block("\n---\na: 1\n---\n"), Block::Missing);
        let Block::Found { close, .. } = block("---\na: 1\n") else {
            panic!("block");
        };
        assert_eq!(close, None);
        let Block::Found { language, .. } = block("--- yaml\na: 1\n---\n") else {
            panic!("block");
        };
        assert_eq!(language.as_deref(), Some("yaml"));
    }

    #[test]
    fn the_colon_rewrite() {
        let t = "---\ndescription: Triggers include: X, Y\nmode: subagent\n---\nBody";
        let r = rewrite(t).expect("rewrite");
        assert_eq!(
            r.text,
            "---\ndescription: |-\n  Triggers include: X, Y\nmode: subagent\n---\nBody"
        );
        assert_eq!(&t[r.values[0].clone()], "Triggers include: X, Y");
        let at = r.text.find("mode").expect("mode");
        assert_eq!(&t[r.to_original(at)..r.to_original(at) + 4], "mode");
        let at = r.text.find("X, Y").expect("value");
        assert_eq!(&t[r.to_original(at)..r.to_original(at) + 4], "X, Y");
        let t = "---\r\ndescription: a: b\r\n---\r\nBody";
        let r = rewrite(t).expect("crlf");
        assert_eq!(r.text, "---\r\ndescription: |-\n  a: b\r\n---\r\nBody");
        assert!(rewrite("---\ndescription: plain\n").is_none());
    }

    #[test]
    fn outcomes() {
        let parsed = |t: &str| matches!(outcome(t), Outcome::Parsed { .. });
        assert!(parsed("---\ndescription: x\n---\nB"));
        assert!(matches!(
            outcome("---\ndescription: Triggers include: X, Y\n---\nB"),
            Outcome::Parsed { ref rescued, .. } if rescued.len() == 1
        ));
        assert!(matches!(
            outcome("---\ndescription: [Beta] reviewer\n---\nB"),
            Outcome::Ignored(_)
        ));
        assert!(matches!(
            outcome("---\ndescription: Examples:\n<example>\nuser: hi\n</example>\n---\nB"),
            Outcome::Skipped { .. }
        ));
        assert!(matches!(outcome("---\n---\nB"), Outcome::Empty));
        assert!(matches!(outcome("B"), Outcome::Missing));
    }
}
