//! The one place that converts between byte offsets and line/character
//! positions, under the negotiated encoding.
//!
//! Lines follow LSP: `\n`, `\r\n` and `\r` end a line (ropey's `cr_lines`),
//! nothing else does. Positions from clients are clamped, never trusted: a
//! line past the end means the end of the text, a character past the end of
//! its line means the end of that line, and a UTF-16 offset inside a
//! surrogate pair means the start of that character.
//!
//! A text under about 1 KB is one leaf of its rope, and ropey keeps no
//! counts for a leaf: each question (the length, a line's start, a
//! character's index) counts the whole leaf again, and a conversion asks
//! four or five. So a rope of one chunk is converted on its `str`, with
//! the same counting functions ropey uses (`str_indices`), reading the
//! text once or twice; a larger rope answers from its counts as before.
//! A test checks that both ways agree.

use ropey::Rope;
use str_indices::{chars, lines_crlf, utf16};

use crate::frontmatter::floor_char_boundary;

/// How a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units (LSP's default).
    Utf16,
    /// Unicode scalar values (used for human-readable columns).
    Utf32,
}

/// A zero-based line and character.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Zero-based line.
    pub line: u32,
    /// Zero-based column in the encoding's units.
    pub character: u32,
}

/// The byte length of line `line` (which starts at byte `line_byte`)
/// without its line break.
fn line_content_bytes(rope: &Rope, line: usize, line_byte: usize) -> usize {
    let mut end = if line + 1 < rope.len_lines() {
        rope.line_to_byte(line + 1)
    } else {
        rope.len_bytes()
    };
    if end > line_byte && rope.byte(end - 1) == b'\n' {
        end -= 1;
        if end > line_byte && rope.byte(end - 1) == b'\r' {
            end -= 1;
        }
    } else if end > line_byte && rope.byte(end - 1) == b'\r' {
        end -= 1;
    }
    end - line_byte
}

/// The largest character boundary at or before byte `at` (the end of the
/// text past it): one look at the chunk holding it, no counting.
#[must_use]
pub fn floor_boundary(rope: &Rope, at: usize) -> usize {
    match single(rope) {
        Some(text) => floor_char_boundary(text, at),
        None => rope_floor_boundary(rope, at),
    }
}

/// The index of the character holding byte `at` (clamped to the text), and
/// the byte it starts at: what ropey's edits, which count characters, take.
#[must_use]
pub fn char_index(rope: &Rope, at: usize) -> (usize, usize) {
    match single(rope) {
        Some(text) => {
            let at = floor_char_boundary(text, at);
            (chars::count(&text[..at]), at)
        }
        None => {
            let c = rope.byte_to_char(at.min(rope.len_bytes()));
            (c, rope.char_to_byte(c))
        }
    }
}

fn rope_floor_boundary(rope: &Rope, at: usize) -> usize {
    if at >= rope.len_bytes() {
        return rope.len_bytes();
    }
    // A chunk is a `str`: its start is a character boundary.
    let (chunk, chunk_start, _, _) = rope.chunk_at_byte(at);
    chunk_start + floor_char_boundary(chunk, at - chunk_start)
}

/// The whole text, when the rope is one chunk.
fn single(rope: &Rope) -> Option<&str> {
    let mut chunks = rope.chunks();
    let first = chunks.next().unwrap_or_default();
    chunks.next().is_none().then_some(first)
}

/// The conversions on a `str` (a rope of one chunk).
mod text {
    use super::{Encoding, Position, chars, floor_char_boundary, lines_crlf, saturate, utf16};

    pub fn to_position(text: &str, offset: usize, encoding: Encoding) -> Position {
        let offset = floor_char_boundary(text, offset);
        let line = lines_crlf::from_byte_idx(text, offset);
        let before = &text[lines_crlf::to_byte_idx(text, line)..offset];
        let character = match encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => utf16::count(before),
            Encoding::Utf32 => chars::count(before),
        };
        Position {
            line: saturate(line),
            character: saturate(character),
        }
    }

    pub fn to_offset(text: &str, pos: Position, encoding: Encoding) -> usize {
        let line = pos.line as usize;
        let breaks = lines_crlf::count_breaks(text);
        if line > breaks {
            return text.len();
        }
        let start = lines_crlf::to_byte_idx(text, line);
        let end = if line < breaks {
            lines_crlf::to_byte_idx(text, line + 1)
        } else {
            text.len()
        };
        // A line holds one break at most, at its end.
        let content = text[start..end].trim_end_matches(['\n', '\r']);
        let character = pos.character as usize;
        let within = match encoding {
            Encoding::Utf8 => floor_char_boundary(content, character),
            Encoding::Utf16 => {
                let mut units = 0;
                content
                    .char_indices()
                    .find(|(_, c)| {
                        units += c.len_utf16();
                        units > character
                    })
                    .map_or(content.len(), |(i, _)| i)
            }
            Encoding::Utf32 => content
                .char_indices()
                .nth(character)
                .map_or(content.len(), |(i, _)| i),
        };
        start + within
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The position of byte `offset` (clamped to the text; rounded down to a
/// character boundary).
#[must_use]
pub fn to_position(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    match single(rope) {
        Some(text) => text::to_position(text, offset, encoding),
        None => rope_position(rope, offset, encoding),
    }
}

fn rope_position(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let line = rope.byte_to_line(offset);
    let character = match encoding {
        Encoding::Utf8 => rope_floor_boundary(rope, offset) - rope.line_to_byte(line),
        Encoding::Utf16 => {
            rope.char_to_utf16_cu(rope.byte_to_char(offset))
                - rope.char_to_utf16_cu(rope.line_to_char(line))
        }
        Encoding::Utf32 => rope.byte_to_char(offset) - rope.line_to_char(line),
    };
    Position {
        line: saturate(line),
        character: saturate(character),
    }
}

/// The byte offset of `pos`, clamped as the module documentation says.
#[must_use]
pub fn to_offset(rope: &Rope, pos: Position, encoding: Encoding) -> usize {
    match single(rope) {
        Some(text) => text::to_offset(text, pos, encoding),
        None => rope_offset(rope, pos, encoding),
    }
}

fn rope_offset(rope: &Rope, pos: Position, encoding: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let line_byte = rope.line_to_byte(line);
    let content = line_content_bytes(rope, line, line_byte);
    let character = pos.character as usize;
    match encoding {
        Encoding::Utf8 => rope_floor_boundary(rope, line_byte + character.min(content)),
        Encoding::Utf16 => {
            let first = rope.line_to_char(line);
            let last = rope.byte_to_char(line_byte + content);
            let start_cu = rope.char_to_utf16_cu(first);
            let end_cu = rope.char_to_utf16_cu(last);
            let target = (start_cu + character).min(end_cu);
            let mut ch = rope.utf16_cu_to_char(target);
            if rope.char_to_utf16_cu(ch) > target {
                ch -= 1;
            }
            rope.char_to_byte(ch)
        }
        Encoding::Utf32 => {
            let first = rope.line_to_char(line);
            let last = rope.byte_to_char(line_byte + content);
            rope.char_to_byte((first + character).min(last))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn emoji_cjk_and_crlf() {
        let text = "a😀b\r\n漢字x\rlast";
        let rope = Rope::from_str(text);
        let b = text.find('b').unwrap_or_default();
        assert_eq!(to_position(&rope, b, Encoding::Utf16), pos(0, 3));
        assert_eq!(to_position(&rope, b, Encoding::Utf8), pos(0, 5));
        assert_eq!(to_position(&rope, b, Encoding::Utf32), pos(0, 2));
        let x = text.find('x').unwrap_or_default();
        assert_eq!(to_position(&rope, x, Encoding::Utf16), pos(1, 2));
        assert_eq!(to_position(&rope, x, Encoding::Utf8), pos(1, 6));
        let l = text.find("last").unwrap_or_default();
        assert_eq!(to_position(&rope, l, Encoding::Utf16), pos(2, 0));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (off, _) in text.char_indices() {
                if text[..off].ends_with('\r') && text[off..].starts_with('\n') {
                    continue; // inside a CRLF: not a position a client can name
                }
                assert_eq!(
                    to_offset(&rope, to_position(&rope, off, enc), enc),
                    off,
                    "{enc:?} {off}"
                );
            }
        }
    }

    #[test]
    fn clamping() {
        let rope = Rope::from_str("ab\r\ncd");
        assert_eq!(to_offset(&rope, pos(0, 99), Encoding::Utf16), 2);
        assert_eq!(to_offset(&rope, pos(9, 0), Encoding::Utf16), 6);
        let rope = Rope::from_str("😀x");
        assert_eq!(
            to_offset(&rope, pos(0, 1), Encoding::Utf16),
            0,
            "inside a surrogate pair"
        );
        assert_eq!(
            to_offset(&rope, pos(0, 2), Encoding::Utf8),
            0,
            "inside a UTF-8 sequence"
        );
    }

    #[test]
    fn unicode_separators_are_not_line_breaks() {
        let rope = Rope::from_str("a\u{2028}b\u{85}c\nd");
        assert_eq!(rope.len_lines(), 2);
    }

    /// The UTF-8 conversions that look at one chunk give what counting
    /// characters gives: at every offset (boundaries or not) and every
    /// position (past the line's end, past the text's) of texts with
    /// emoji, CJK, every line break, and chunks of a long text.
    #[test]
    fn utf8_shortcuts_match_counting() {
        let long = "é😀漢\r\nx\ry".repeat(400);
        for text in [
            "",
            "a",
            "\n",
            "\r\n",
            "\r",
            "a😀b\r\n漢字x\rlast",
            "x\n\n\r\r\n😀",
            long.as_str(),
        ] {
            let rope = Rope::from_str(text);
            for offset in 0..=text.len() + 2 {
                let clamped = offset.min(text.len());
                let line = rope.byte_to_line(clamped);
                let char_idx = rope.byte_to_char(clamped);
                let expected = pos(
                    saturate(line),
                    saturate(rope.char_to_byte(char_idx) - rope.line_to_byte(line)),
                );
                assert_eq!(
                    to_position(&rope, offset, Encoding::Utf8),
                    expected,
                    "{offset} in {text:?}"
                );
            }
            for line in 0..rope.len_lines() + 1 {
                let width = if line < rope.len_lines() {
                    rope.line(line).len_bytes()
                } else {
                    0
                };
                for character in 0..width + 3 {
                    let p = pos(saturate(line), saturate(character));
                    let expected = if line >= rope.len_lines() {
                        rope.len_bytes()
                    } else {
                        let slice = rope.line(line);
                        // A line holds one break at most, at its end.
                        let content = slice.to_string().trim_end_matches(['\n', '\r']).len();
                        let target = rope.line_to_byte(line) + character.min(content);
                        rope.char_to_byte(rope.byte_to_char(target))
                    };
                    assert_eq!(
                        to_offset(&rope, p, Encoding::Utf8),
                        expected,
                        "{p:?} in {text:?}"
                    );
                }
            }
        }
    }

    /// Converting on the `str` gives what converting on the rope's counts
    /// gives, for every offset and position (past the line's end, past the
    /// text's, inside a character or a CRLF) of texts of random pieces.
    #[test]
    fn the_str_and_the_rope_agree() {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("a"),
            Just("é"),
            Just("😀"),
            Just("漢"),
            Just("\n"),
            Just("\r\n"),
            Just("\r"),
            Just("\u{2028}"),
        ];
        let mut runner = proptest::test_runner::TestRunner::default();
        let result = runner.run(&proptest::collection::vec(piece, 0..40), |pieces| {
            let text = pieces.concat();
            // The same text in several chunks (a CR stays with the LF after
            // it), so that the rope answers from its counts.
            let mut builder = ropey::RopeBuilder::new();
            let mut chunk = String::new();
            for piece in &pieces {
                if !chunk.is_empty() && !chunk.ends_with('\r') {
                    builder._append_chunk(&chunk);
                    chunk.clear();
                }
                chunk.push_str(piece);
            }
            builder._append_chunk(&chunk);
            let rope = builder._finish_no_fix();
            prop_assert_eq!(rope.to_string(), text.clone());
            let lines = u32::try_from(lines_crlf::count_breaks(&text)).unwrap_or(0) + 2;
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                for offset in 0..=text.len() + 1 {
                    prop_assert_eq!(
                        text::to_position(&text, offset, enc),
                        rope_position(&rope, offset, enc),
                        "{} {:?}",
                        offset,
                        enc
                    );
                    prop_assert_eq!(
                        floor_char_boundary(&text, offset),
                        rope_floor_boundary(&rope, offset)
                    );
                }
                for line in 0..lines {
                    for character in 0..12 {
                        let p = pos(line, character);
                        prop_assert_eq!(
                            text::to_offset(&text, p, enc),
                            rope_offset(&rope, p, enc),
                            "{:?} {:?}",
                            p,
                            enc
                        );
                    }
                }
            }
            Ok(())
        });
        assert!(result.is_ok(), "{result:?}");
    }
}
