//! Where each character of a loaded text (a description after YAML and
//! `\n` un-escaping) came from in the file, kept in runs.
//!
//! Most of a description is copied byte for byte from its source; an
//! escape, a folded line break or `\n` is one character from other bytes.
//! The map keeps a run for each stretch copied byte for byte and one for
//! each other character, so that it costs a few entries per escape, not one
//! per character, and a keystroke inside a copied stretch moves runs, not
//! characters. Built from the character-by-character map, it answers the
//! same questions as that list would.

use std::ops::Range;

/// Loaded bytes `loaded` came from source bytes `source`: byte for byte
/// when the two have the same length (a copied stretch), else one
/// character from the whole of `source` (an escape; `source` may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    loaded: Range<usize>,
    source: Range<usize>,
}

impl Run {
    fn copied(&self) -> bool {
        self.loaded.len() == self.source.len()
    }
}

/// The source map of a loaded text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceMap {
    runs: Vec<Run>,
}

use crate::frontmatter::floor_char_boundary as floor_boundary;

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

fn char_len(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(0, char::len_utf8)
}

impl SourceMap {
    /// The map of `text` from each of its characters' offset and source
    /// bytes, in order.
    pub fn from_chars(text: &str, chars: impl IntoIterator<Item = (usize, Range<usize>)>) -> Self {
        let mut runs: Vec<Run> = Vec::new();
        for (at, source) in chars {
            let len = char_len(text, at);
            if let Some(last) = runs.last_mut()
                && source.len() == len
                && last.copied()
                && last.loaded.end == at
                && last.source.end == source.start
            {
                last.loaded.end += len;
                last.source.end += len;
                continue;
            }
            runs.push(Run {
                loaded: at..at + len,
                source,
            });
        }
        runs.shrink_to_fit();
        Self { runs }
    }

    /// The character at `loaded` (a char boundary in `run`) and its source bytes.
    fn char_in(run: &Run, text: &str, loaded: usize) -> (usize, Range<usize>) {
        if run.copied() {
            let start = run.source.start + (loaded - run.loaded.start);
            (loaded, start..start + char_len(text, loaded))
        } else {
            (run.loaded.start, run.source.clone())
        }
    }

    /// The first character at or after loaded byte `at`, with its source bytes.
    pub fn char_from(&self, text: &str, at: usize) -> Option<(usize, Range<usize>)> {
        let i = self.runs.partition_point(|r| r.loaded.end <= at);
        let run = self.runs.get(i)?;
        if at <= run.loaded.start {
            return Some(Self::char_in(run, text, run.loaded.start));
        }
        let next = if run.copied() {
            ceil_boundary(text, at)
        } else {
            run.loaded.end
        };
        if next < run.loaded.end {
            Some(Self::char_in(run, text, next))
        } else {
            let run = self.runs.get(i + 1)?;
            Some(Self::char_in(run, text, run.loaded.start))
        }
    }

    /// The last character before loaded byte `at`, with its source bytes.
    pub fn char_before(&self, text: &str, at: usize) -> Option<(usize, Range<usize>)> {
        let i = self
            .runs
            .partition_point(|r| r.loaded.start < at)
            .checked_sub(1)?;
        let run = &self.runs[i];
        let last = if run.copied() {
            floor_boundary(text, at.min(run.loaded.end) - 1)
        } else {
            run.loaded.start
        };
        Some(Self::char_in(run, text, last))
    }

    /// The first character whose source bytes end after source byte
    /// `offset`: its loaded offset.
    pub fn loaded_after(&self, text: &str, offset: usize) -> Option<usize> {
        let i = self.runs.partition_point(|r| r.source.end <= offset);
        let run = self.runs.get(i)?;
        if !run.copied() || offset < run.source.start {
            return Some(run.loaded.start);
        }
        Some(floor_boundary(
            text,
            run.loaded.start + (offset - run.source.start),
        ))
    }

    /// The map after source bytes `at..old_end` (inside one copied
    /// stretch, with a copied byte on either side) became `inserted` bytes
    /// copied byte for byte: `None` when they are not so.
    #[must_use]
    pub fn edited(&self, at: usize, old_end: usize, inserted: usize) -> Option<(Self, usize)> {
        let left = at.checked_sub(1)?;
        let i = self.runs.partition_point(|r| r.source.end <= left);
        let run = self.runs.get(i)?;
        if !run.copied() || run.source.start > left || run.source.end <= old_end {
            return None;
        }
        let loaded_at = run.loaded.start + (at - run.source.start);
        let grow = |o: usize| o + inserted - (old_end - at);
        let mut runs = Vec::with_capacity(self.runs.len());
        runs.extend_from_slice(&self.runs[..i]);
        runs.push(Run {
            loaded: run.loaded.start..grow(run.loaded.end),
            source: run.source.start..grow(run.source.end),
        });
        runs.extend(self.runs[i + 1..].iter().map(|r| Run {
            loaded: grow(r.loaded.start)..grow(r.loaded.end),
            source: grow(r.source.start)..grow(r.source.end),
        }));
        Some((Self { runs }, loaded_at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A character-by-character map: `text` copied from `base` on, except
    /// that each `\n` comes from two source bytes (`\` and `n`).
    fn chars_of(text: &str, base: usize) -> Vec<(usize, Range<usize>)> {
        let mut at = base;
        text.char_indices()
            .map(|(i, c)| {
                let len = if c == '\n' { 2 } else { c.len_utf8() };
                at += len;
                (i, at - len..at)
            })
            .collect()
    }

    #[test]
    fn runs_answer_as_the_character_list_does() {
        for text in ["", "abc", "a\nb", "é😀\n\nx y\n", "\n", "ab\n"] {
            let chars = chars_of(text, 10);
            let map = SourceMap::from_chars(text, chars.clone());
            for at in 0..=text.len() + 1 {
                let from = chars.iter().find(|(o, _)| *o >= at).cloned();
                assert_eq!(map.char_from(text, at), from, "{text:?} from {at}");
                let before = chars.iter().rev().find(|(o, _)| *o < at).cloned();
                assert_eq!(map.char_before(text, at), before, "{text:?} before {at}");
            }
            for offset in 0..=text.len() * 2 + 12 {
                let after = chars.iter().find(|(_, r)| r.end > offset).map(|(o, _)| *o);
                assert_eq!(
                    map.loaded_after(text, offset),
                    after,
                    "{text:?} after {offset}"
                );
            }
        }
    }

    #[test]
    fn an_edit_inside_a_copied_stretch_moves_the_runs_after_it() {
        let old = "ab\ncd ef\ngh";
        let map = SourceMap::from_chars(old, chars_of(old, 5));
        // Source: "ab\\ncd ef\\ngh" at 5; insert "XY" after "cd" (source 11).
        let (edited, loaded_at) = map.edited(11, 11, 2).expect("inside a stretch");
        let new = "ab\ncdXY ef\ngh";
        assert_eq!(loaded_at, 5);
        assert_eq!(edited, SourceMap::from_chars(new, chars_of(new, 5)));
        // Remove " e" (source 11..13).
        let (edited, _) = map.edited(11, 13, 0).expect("inside a stretch");
        let new = "ab\ncdf\ngh";
        assert_eq!(edited, SourceMap::from_chars(new, chars_of(new, 5)));
        // At an escape's edge: refused.
        assert_eq!(map.edited(9, 9, 1), None);
    }
}
