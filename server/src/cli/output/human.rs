//! The human format: `path:line:col: severity[CODE] message`, the source
//! line with a caret under the range, the fixes, then one summary line.

use super::super::Report;
use crate::analysis::Severity;

/// Source lines longer than this many characters are shown as a window.
const MAX_SHOWN: usize = 100;

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
    let _ = write_human(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes [`render_human`]'s text to `out` as it goes.
///
/// # Errors
/// When `out` fails.
pub fn write_human(report: &Report, out: impl std::io::Write) -> std::io::Result<()> {
    write_human_colored(report, out, false)
}

/// [`write_human`], with the severity word and code in colour when `color`
/// (for a terminal).
///
/// # Errors
/// When `out` fails.
pub fn write_human_colored(
    report: &Report,
    out: impl std::io::Write,
    color: bool,
) -> std::io::Result<()> {
    use std::io::Write as _;
    use unicode_width::UnicodeWidthChar as _;
    let mut out = std::io::BufWriter::new(out);
    for file in &report.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        for d in &file.diagnostics {
            let start = file.excerpts.position(d.range.start);
            let end = file.excerpts.position(d.range.end);
            let (on, off) = if color {
                (colour(d.severity), "\x1b[0m")
            } else {
                ("", "")
            };
            writeln!(
                out,
                "{}:{}:{}: {on}{}[{}]{off} {}",
                file.path.display(),
                start.line + 1,
                start.character + 1,
                d.severity.as_str(),
                d.rule.code,
                d.message
            )?;
            let line: Vec<char> = file.excerpts.line(start.line).chars().collect();
            let number = (start.line + 1).to_string();
            let col = start.character as usize;
            let range_end = if end.line == start.line {
                (end.character as usize).max(col)
            } else {
                line.len()
            };
            // Long lines (one-line descriptions) are shown as a window around the range.
            let from = if line.len() > MAX_SHOWN {
                col.saturating_sub(20)
            } else {
                0
            };
            let to = line.len().min(from + MAX_SHOWN);
            let mut shown: String = line[from..to].iter().collect();
            // Pad and caret in terminal columns: CJK and emoji take two.
            let mut pad = String::new();
            for c in &line[from..col.min(to)] {
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
            if to < line.len() {
                shown.push('…');
            }
            let width: usize = line[col.min(to)..range_end.min(to)]
                .iter()
                .map(|c| c.width().unwrap_or(0))
                .sum();
            let width = width.max(1);
            writeln!(out, " {number} | {shown}")?;
            writeln!(
                out,
                " {} | {pad}{} {}",
                " ".repeat(number.len()),
                "^".repeat(width),
                d.rule.name
            )?;
            for fix in &d.fixes {
                writeln!(out, " {} = fix: {}", " ".repeat(number.len()), fix.title)?;
            }
        }
    }
    for roster in &report.rosters {
        writeln!(out, "{}", roster_line(roster))?;
    }
    out.write_all(super::summary(report).as_bytes())?;
    out.flush()
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
