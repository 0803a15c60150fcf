//! What a run of `agentls check` found: each file's diagnostics with the
//! excerpts of its text that the report shows, and the paths it could not check.

use std::path::PathBuf;

use ropey::Rope;

use crate::analysis::{Diagnostic, FileKind, Severity};
use crate::document::position::{self, Encoding};

/// The diagnostics of one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as found.
    pub path: PathBuf,
    /// The kind it was checked as.
    pub kind: FileKind,
    /// What agentls found (after `--fix`, what is left).
    pub diagnostics: Vec<Diagnostic>,
    /// What the report shows of the text (kept instead of the text).
    pub excerpts: Excerpts,
    /// How many fixes `--fix` applied to it.
    pub fixed: usize,
    /// For standard input with `--fix`: the fixed text (the text as read
    /// when nothing was fixed), written to standard output.
    pub fixed_text: Option<String>,
}

/// All a report needs of a file's text, kept instead of the text: the line
/// and column of every offset it shows, and the parts of lines it quotes.
/// Both are short sorted lists: a file shows few places.
#[derive(Debug, Clone, Default)]
pub struct Excerpts {
    /// Offset, its position (column in characters), its column in UTF-16.
    positions: Vec<(usize, position::Position, u32)>,
    lines: Vec<Line>,
}

/// What the report quotes of one line.
#[derive(Debug, Clone)]
struct Line {
    number: u32,
    /// Its length in characters.
    chars: usize,
    /// The character where `text` starts.
    from: usize,
    /// The quoted characters: the whole line, or for a long one, the part
    /// that the windows around its shown columns cover.
    text: String,
}

/// What the human report shows of a line: its length in characters, and
/// the characters from `from` on that the report quotes.
#[derive(Debug, Clone, Copy)]
pub struct LineExcerpt<'a> {
    /// The line's length in characters.
    pub chars: usize,
    /// The character where `text` starts.
    pub from: usize,
    /// The characters kept, from `from`.
    pub text: &'a str,
}

/// How many characters of a long line the human report shows, and how many
/// of them come before the column it points at.
pub const SHOWN_CHARS: usize = 100;
/// See [`SHOWN_CHARS`].
pub const SHOWN_BEFORE: usize = 20;

impl Excerpts {
    /// The positions of `offsets` in `text` and the lines they are on.
    pub(super) fn of(text: &str, offsets: impl IntoIterator<Item = usize>) -> Self {
        let mut excerpts = Self::default();
        let mut offsets: Vec<usize> = offsets.into_iter().collect();
        if offsets.is_empty() {
            return excerpts;
        }
        offsets.sort_unstable();
        offsets.dedup();
        let rope = Rope::from_str(text);
        excerpts.positions = offsets
            .into_iter()
            .map(|offset| {
                let at = position::to_position(&rope, offset, Encoding::Utf32);
                let utf16 = position::to_position(&rope, offset, Encoding::Utf16).character;
                (offset, at, utf16)
            })
            .collect();
        let mut numbers: Vec<u32> = excerpts.positions.iter().map(|(_, p, _)| p.line).collect();
        numbers.sort_unstable();
        numbers.dedup();
        for number in numbers {
            let line = rope.line(number as usize).to_string();
            let line = line.trim_end_matches(['\n', '\r']);
            let chars = line.chars().count();
            let (mut from, mut to) = (0, chars);
            if chars > SHOWN_CHARS {
                // Only the windows the report can show around these columns.
                let cols = excerpts
                    .positions
                    .iter()
                    .filter(|(_, p, _)| p.line == number)
                    .map(|(_, p, _)| p.character as usize);
                from = cols.clone().min().unwrap_or(0).saturating_sub(SHOWN_BEFORE);
                to = cols
                    .max()
                    .unwrap_or(0)
                    .saturating_sub(SHOWN_BEFORE)
                    .saturating_add(SHOWN_CHARS)
                    .min(chars);
            }
            excerpts.lines.push(Line {
                number,
                chars,
                from,
                text: line
                    .chars()
                    .skip(from)
                    .take(to.saturating_sub(from))
                    .collect(),
            });
        }
        excerpts.lines.shrink_to_fit();
        excerpts
    }

    fn at(&self, offset: usize) -> Option<&(usize, position::Position, u32)> {
        self.positions
            .binary_search_by_key(&offset, |(o, ..)| *o)
            .ok()
            .map(|i| &self.positions[i])
    }

    /// Line and column (0-based, in characters) of a byte offset the report shows.
    #[must_use]
    pub fn position(&self, offset: usize) -> position::Position {
        self.at(offset).map(|(_, p, _)| *p).unwrap_or_default()
    }

    /// Line and column (0-based, in UTF-16 code units, as SARIF counts) of
    /// a byte offset the report shows.
    #[must_use]
    pub fn position_utf16(&self, offset: usize) -> position::Position {
        self.at(offset)
            .map(|(_, p, c)| position::Position {
                line: p.line,
                character: *c,
            })
            .unwrap_or_default()
    }

    /// What the report quotes of a line it shows (nothing of another).
    #[must_use]
    pub fn line(&self, line: u32) -> LineExcerpt<'_> {
        self.lines
            .binary_search_by_key(&line, |l| l.number)
            .ok()
            .map_or(
                LineExcerpt {
                    chars: 0,
                    from: 0,
                    text: "",
                },
                |i| {
                    let l = &self.lines[i];
                    LineExcerpt {
                        chars: l.chars,
                        from: l.from,
                        text: &l.text,
                    }
                },
            )
    }
}

/// The offsets a file's report shows: every diagnostic's range and its
/// fixes' edits (SARIF places them).
pub(super) fn shown_offsets(diagnostics: &[Diagnostic]) -> impl Iterator<Item = usize> + '_ {
    diagnostics
        .iter()
        .flat_map(|d| {
            std::iter::once(d.range.clone()).chain(
                d.fixes
                    .iter()
                    .flat_map(|f| f.edits.iter().map(|e| e.range.clone())),
            )
        })
        .flat_map(|r| [r.start, r.end])
}

/// A path that could not be checked, or was not, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The path, as given or walked.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
    /// An input/output error (a missing path, a file that cannot be read or
    /// written): the run exits with status 2. Other problems (a symbolic
    /// link loop, a file named that is no agent file, a bad configuration
    /// file) are only reported.
    pub io: bool,
}

impl Problem {
    pub(super) fn io(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
            io: true,
        }
    }

    pub(super) fn note(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
            io: false,
        }
    }
}

/// Everything a run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Files analysed, in path order.
    pub files: Vec<FileReport>,
    /// Paths that could not be read, with the reason.
    pub problems: Vec<Problem>,
    /// Advice for the run as a whole (Markdown that looks like agent files
    /// in folders no format claims), for standard error.
    pub hints: Vec<String>,
    /// What each tool's roster of the files checked adds to every session.
    pub rosters: Vec<crate::workspace::crossfile::Roster>,
}

impl Report {
    /// The counts of its files.
    #[must_use]
    pub fn totals(&self) -> super::output::Totals {
        let mut totals = super::output::Totals::default();
        for file in &self.files {
            totals.add(file);
        }
        totals
    }

    /// How many diagnostics of `severity` were found.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        let totals = self.totals();
        match severity {
            Severity::Error => totals.errors,
            Severity::Warning => totals.warnings,
            Severity::Hint => totals.hints,
        }
    }

    /// How many fixes `--fix` applied, in every file.
    #[must_use]
    pub fn fixed(&self) -> usize {
        self.totals().fixed
    }

    /// The exit status: 2 after an input/output problem, else 1 when an
    /// error was found or the warnings exceed `max_warnings`, else 0.
    #[must_use]
    pub fn exit_status(&self, max_warnings: Option<usize>) -> u8 {
        self.totals().exit_status(&self.problems, max_warnings)
    }
}
