//! JUnit XML, as CI systems show test results: one test suite for the run,
//! one test case per file checked (failed when it has an error, its other
//! diagnostics in `system-out`), and one errored test case per path that
//! could not be read.

use std::fmt::Write as _;

use super::super::FileReport;
use super::{End, Sink};
use crate::analysis::Severity;

/// Escapes text for an XML attribute or element; characters XML 1.0 cannot
/// hold (most control characters) become U+FFFD.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push_str("&#13;"),
            c if c < ' ' || matches!(c, '\u{fffe}' | '\u{ffff}') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// How many bytes of test cases are kept in memory before they go to a
/// temporary file.
const SPOOLED_IN_MEMORY: usize = 1 << 20;

/// Writes JUnit XML. Its counts come first, in the root's attributes, so
/// the test cases are kept aside (in memory up to 1 MiB, then in a
/// temporary file) until the end.
pub(super) struct Junit<W: std::io::Write> {
    out: W,
    cases: std::io::BufWriter<tempfile::SpooledTempFile>,
    failures: usize,
}

impl<W: std::io::Write> Junit<W> {
    pub(super) fn new(out: W) -> Self {
        Self {
            out,
            cases: std::io::BufWriter::new(tempfile::spooled_tempfile(SPOOLED_IN_MEMORY)),
            failures: 0,
        }
    }
}

impl<W: std::io::Write> Sink for Junit<W> {
    fn file(&mut self, file: FileReport) -> std::io::Result<()> {
        use std::io::Write as _;
        let cases = &mut self.cases;
        let path = escape(&file.path.to_string_lossy());
        write!(
            cases,
            "    <testcase name=\"{path}\" classname=\"agentls.{}\" file=\"{path}\"",
            crate::formats::format(file.kind).name
        )?;
        if file.diagnostics.is_empty() {
            return cases.write_all(b"/>\n");
        }
        cases.write_all(b">\n")?;
        let mut lines = String::new();
        for d in &file.diagnostics {
            let at = file.excerpts.position(d.range.start);
            let _ = writeln!(
                lines,
                "{}:{}:{}: {}[{}] {}",
                file.path.display(),
                at.line + 1,
                at.character + 1,
                d.severity.as_str(),
                d.rule.code,
                d.message
            );
        }
        let file_errors = file
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if file_errors > 0 {
            self.failures += 1;
            let first = file
                .diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error)
                .map(|d| format!("{} {}", d.rule.code, d.rule.name))
                .unwrap_or_default();
            writeln!(
                cases,
                "      <failure type=\"{}\" message=\"{} error{}\">{}</failure>",
                escape(&first),
                file_errors,
                if file_errors == 1 { "" } else { "s" },
                escape(&lines)
            )?;
        } else {
            writeln!(cases, "      <system-out>{}</system-out>", escape(&lines))?;
        }
        cases.write_all(b"    </testcase>\n")
    }

    fn end(&mut self, end: &End<'_>) -> std::io::Result<()> {
        use std::io::{Seek as _, Write as _};
        let mut errors = 0;
        for p in end.problems.iter().filter(|p| p.io) {
            errors += 1;
            let path = escape(&p.path.to_string_lossy());
            writeln!(
                self.cases,
                "    <testcase name=\"{path}\" classname=\"agentls\" file=\"{path}\">\n      <error message=\"{}\"/>\n    </testcase>",
                escape(&p.message)
            )?;
        }
        let failures = self.failures;
        let tests = end.totals.files + errors;
        write!(
            self.out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"agentls\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n  <testsuite name=\"agentls check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\">\n"
        )?;
        self.cases.flush()?;
        let cases = self.cases.get_mut();
        cases.rewind()?;
        std::io::copy(cases, &mut self.out)?;
        self.out.write_all(b"  </testsuite>\n</testsuites>\n")?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Past the memory kept for them, the test cases go to a temporary
    /// file and come back whole, after the counts.
    #[test]
    fn many_cases_come_back_whole_after_the_counts() {
        use crate::analysis::{Diagnostic, FileKind, rules};
        use std::io::Write as _;
        let n = 20_000;
        let mut out = Vec::new();
        {
            let mut junit = Junit::new(&mut out);
            for i in 0..n {
                let diagnostics = if i % 1000 == 7 {
                    vec![
                        Diagnostic::new(&rules::INVALID_UTF8, 0..1, "bad")
                            .severity(Severity::Error),
                    ]
                } else {
                    Vec::new()
                };
                let file = FileReport {
                    path: format!("agents/agent-{i:05}.md").into(),
                    kind: FileKind::ClaudeAgent,
                    diagnostics,
                    excerpts: crate::cli::Excerpts::default(),
                    fixed: 0,
                    fixed_text: None,
                };
                junit.file(file).expect("written");
            }
            junit.cases.flush().expect("flushed");
            assert!(
                junit.cases.get_ref().is_rolled(),
                "the cases went to a file"
            );
            let problems = [crate::cli::Problem::io("gone.md", "No such file")];
            let totals = crate::cli::output::Totals {
                files: n,
                errors: 20,
                ..Default::default()
            };
            junit
                .end(&End {
                    problems: &problems,
                    rosters: &[],
                    totals: &totals,
                })
                .expect("written");
        }

        let xml = String::from_utf8(out).expect("UTF-8");
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"agentls\" tests=\"20001\" failures=\"20\" errors=\"1\">\n"), "{}", &xml[..300]);
        let cases: Vec<&str> = xml
            .lines()
            .filter_map(|l| l.strip_prefix("    <testcase name=\""))
            .map(|l| &l[..l.find('"').unwrap_or(0)])
            .collect();
        let mut expected: Vec<String> = (0..n).map(|i| format!("agents/agent-{i:05}.md")).collect();
        expected.push("gone.md".into());
        assert_eq!(cases, expected);
        assert_eq!(xml.matches("<failure ").count(), 20);
        assert!(xml.ends_with("    </testcase>\n  </testsuite>\n</testsuites>\n"));
    }

    #[test]
    fn escapes_markup_and_characters_xml_cannot_hold() {
        assert_eq!(
            escape("<a href=\"x\">&'\u{1}\r\n"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\u{fffd}&#13;\n"
        );
    }
}
