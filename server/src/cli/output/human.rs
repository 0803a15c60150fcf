//! The human format: `path:line:col: severity[CODE] message`, the source
//! line with a caret under the range, the fixes, then one summary line.

use super::super::{FileReport, Report};
use super::{End, Sink};
use crate::analysis::Severity;

use super::super::report::{SHOWN_BEFORE, SHOWN_CHARS};

/// The ANSI colour of a severity's word and code.
fn colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Hint => "\x1b[1;36m",
    }
}

/// Renders a report for people: `path:line:col: severity[CODE] message`,
/// the source line and a caret under the range, then a summary.
#[must_use]
pub fn render_human(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = super::write(report, super::Format::Human, &mut out, false);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the human format as files come, with the severity word and code
/// in colour when `color` (for a terminal).
pub(super) struct Human<W: std::io::Write> {
    out: std::io::BufWriter<W>,
    color: bool,
}

impl<W: std::io::Write> Human<W> {
    pub(super) fn new(out: W, color: bool) -> Self {
        Self {
            out: std::io::BufWriter::new(out),
            color,
        }
    }
}

impl<W: std::io::Write> Sink for Human<W> {
    fn file(&mut self, file: FileReport) -> std::io::Result<()> {
        use std::io::Write as _;
        use unicode_width::UnicodeWidthChar as _;
        for d in &file.diagnostics {
            let start = file.excerpts.position(d.range.start);
            let end = file.excerpts.position(d.range.end);
            let (on, off) = if self.color {
                (colour(d.severity), "\x1b[0m")
            } else {
                ("", "")
            };
            writeln!(
                self.out,
                "{}:{}:{}: {on}{}[{}]{off} {}",
                file.path.display(),
                start.line + 1,
                start.character + 1,
                d.severity.as_str(),
                d.rule.code,
                d.message
            )?;
            let excerpt = file.excerpts.line(start.line);
            let kept: Vec<char> = excerpt.text.chars().collect();
            // The line's characters `a..b`, of those the excerpt keeps.
            let chars = |a: usize, b: usize| {
                let clamp =
                    |i: usize| i.clamp(excerpt.from, excerpt.from + kept.len()) - excerpt.from;
                &kept[clamp(a)..clamp(b).max(clamp(a))]
            };
            let len = excerpt.chars;
            let number = (start.line + 1).to_string();
            let col = start.character as usize;
            let range_end = if end.line == start.line {
                (end.character as usize).max(col)
            } else {
                len
            };
            // Long lines (one-line descriptions) are shown as a window around the range.
            let from = if len > SHOWN_CHARS {
                col.saturating_sub(SHOWN_BEFORE)
            } else {
                0
            };
            let to = len.min(from + SHOWN_CHARS);
            let mut shown: String = chars(from, to).iter().collect();
            // Pad and caret in terminal columns: CJK and emoji take two.
            let mut pad = String::new();
            for c in chars(from, col.min(to)) {
                if *c == '\t' {
                    pad.push('\t');
                } else {
                    pad.extend(std::iter::repeat_n(' ', c.width().unwrap_or(0)));
                }
            }
            if from > 0 {
                shown.insert(0, '…');
                pad.insert(0, ' ');
            }
            if to < len {
                shown.push('…');
            }
            let width: usize = chars(col.min(to), range_end.min(to))
                .iter()
                .map(|c| c.width().unwrap_or(0))
                .sum();
            let width = width.max(1);
            writeln!(self.out, " {number} | {shown}")?;
            writeln!(
                self.out,
                " {} | {pad}{} {}",
                " ".repeat(number.len()),
                "^".repeat(width),
                d.rule.name
            )?;
            for fix in &d.fixes {
                writeln!(
                    self.out,
                    " {} = fix: {}",
                    " ".repeat(number.len()),
                    fix.title
                )?;
            }
        }
        Ok(())
    }

    fn end(&mut self, end: &End<'_>) -> std::io::Result<()> {
        use std::io::Write as _;
        for roster in end.rosters {
            writeln!(self.out, "{}", roster_line(roster))?;
        }
        self.out.write_all(super::summary(end.totals).as_bytes())?;
        self.out.flush()
    }
}

/// What one tool's roster costs every session, with its largest lines:
/// `Roster for Claude Code: 3 agents, 1,234 chars ≈ 309 tokens (largest: a.md 620, …)`.
fn roster_line(roster: &crate::workspace::crossfile::Roster) -> String {
    use crate::workspace::crossfile::thousands;
    let largest: Vec<String> = roster
        .files
        .iter()
        .take(3)
        .map(|(path, chars)| format!("{} {}", path.display(), thousands(*chars)))
        .collect();
    format!(
        "Roster for {}: {}, {} chars ≈ {} tokens (characters / 4) in every session (largest: {}).",
        roster.tool,
        roster.listed(),
        thousands(roster.chars),
        thousands(roster.tokens()),
        largest.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Diagnostic, FileKind, rules};
    use crate::cli::report::{Excerpts, FileReport, shown_offsets};

    /// The lines a diagnostic at `range` of `text` shows, rendered from the
    /// whole line (the report keeps only windows of long ones).
    fn from_whole_line(text: &str, range: std::ops::Range<usize>) -> String {
        use unicode_width::UnicodeWidthChar as _;
        let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line: Vec<char> = text[line_start..line_end].chars().collect();
        let number = (text[..range.start].matches('\n').count() + 1).to_string();
        let col = text[line_start..range.start].chars().count();
        let end = col + text[range.clone()].chars().count();
        let from = if line.len() > SHOWN_CHARS {
            col.saturating_sub(SHOWN_BEFORE)
        } else {
            0
        };
        let to = line.len().min(from + SHOWN_CHARS);
        let mut shown: String = line[from..to].iter().collect();
        let mut pad: String = line[from..col.min(to)]
            .iter()
            .map(|c| " ".repeat(c.width().unwrap_or(0)))
            .collect();
        if from > 0 {
            shown.insert(0, '…');
            pad.insert(0, ' ');
        }
        if to < line.len() {
            shown.push('…');
        }
        let width: usize = line[col.min(to)..end.min(to)]
            .iter()
            .map(|c| c.width().unwrap_or(0))
            .sum();
        format!(
            " {number} | {shown}\n {} | {pad}{}",
            " ".repeat(number.len()),
            "^".repeat(width.max(1))
        )
    }

    #[test]
    fn a_long_line_shows_as_the_whole_line_would() {
        let words: String = (0..120).map(|i| format!("wörd{i} 漢字 ")).collect();
        let text = format!("---\nname: a\ndescription: {words}end\nmodel: x\n---\nBody\n");
        let at = |needle: &str| {
            let start = text.find(needle).expect(needle);
            start..start + needle.len()
        };
        let ranges = [
            at("wörd3 "),
            at("wörd60"),
            at("wörd119 漢字"),
            at("end"),
            at("model"),
        ];
        // One diagnostic alone on its line, then all of them together.
        let mut sets: Vec<Vec<std::ops::Range<usize>>> =
            ranges.iter().map(|r| vec![r.clone()]).collect();
        sets.push(ranges.to_vec());
        for set in sets {
            let diagnostics: Vec<Diagnostic> = set
                .iter()
                .map(|r| Diagnostic::new(rules::ALL[0], r.clone(), "m"))
                .collect();
            let excerpts = Excerpts::of(&text, shown_offsets(&diagnostics));
            let report = Report {
                files: vec![FileReport {
                    path: "a.md".into(),
                    kind: FileKind::ClaudeAgent,
                    diagnostics,
                    excerpts,
                    fixed: 0,
                    fixed_text: None,
                }],
                ..Report::default()
            };
            let out = render_human(&report);
            for r in set {
                let expected = from_whole_line(&text, r.clone());
                assert!(out.contains(&expected), "{expected}\nnot in\n{out}");
            }
        }
    }
}
