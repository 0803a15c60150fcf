//! GitHub Actions workflow commands: one `::error`, `::warning` or
//! `::notice` line per diagnostic, which GitHub shows as an annotation on
//! the file and line, then the summary line.

use super::super::FileReport;
use super::{End, Sink};
use crate::analysis::Severity;

/// Escapes a command's message (GitHub's `escapeData`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value (GitHub's `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Writes the annotations as files come, then the problems and the summary.
pub(super) struct Github<W: std::io::Write> {
    out: std::io::BufWriter<W>,
}

impl<W: std::io::Write> Github<W> {
    pub(super) fn new(out: W) -> Self {
        Self {
            out: std::io::BufWriter::new(out),
        }
    }
}

impl<W: std::io::Write> Sink for Github<W> {
    fn file(&mut self, file: FileReport) -> std::io::Result<()> {
        use std::io::Write as _;
        let path = escape_property(&file.path.to_string_lossy());
        for d in &file.diagnostics {
            let start = file.excerpts.position(d.range.start);
            let end = file.excerpts.position(d.range.end);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Hint => "notice",
            };
            writeln!(
                self.out,
                "::{command} file={path},line={},col={},endLine={},endColumn={},title={}::{}",
                start.line + 1,
                start.character + 1,
                end.line + 1,
                end.character + 1,
                escape_property(&format!("{} {}", d.rule.code, d.rule.name)),
                escape_data(&d.message),
            )?;
        }
        Ok(())
    }

    fn end(&mut self, end: &End<'_>) -> std::io::Result<()> {
        use std::io::Write as _;
        for p in end.problems {
            let command = if p.io { "error" } else { "warning" };
            writeln!(
                self.out,
                "::{command} file={},title=agentls::{}",
                escape_property(&p.path.to_string_lossy()),
                escape_data(&p.message)
            )?;
        }
        self.out.write_all(super::summary(end.totals).as_bytes())?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_does() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
