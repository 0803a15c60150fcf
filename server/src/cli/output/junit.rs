//! JUnit XML, as CI systems show test results: one test suite for the run,
//! one test case per file checked (failed when it has an error, its other
//! diagnostics in `system-out`), and one errored test case per path that
//! could not be read.

use std::fmt::Write as _;

use super::super::Report;
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

/// Writes the JUnit XML of `report` to `out`.
///
/// # Errors
/// When `out` fails.
pub fn write_junit(report: &Report, mut out: impl std::io::Write) -> std::io::Result<()> {
    let mut cases = String::new();
    let mut failures = 0;
    let mut errors = 0;
    for file in &report.files {
        let path = escape(&file.path.to_string_lossy());
        let _ = write!(
            cases,
            "    <testcase name=\"{path}\" classname=\"agentls.{}\" file=\"{path}\"",
            crate::formats::format(file.kind).name
        );
        if file.diagnostics.is_empty() {
            cases.push_str("/>\n");
            continue;
        }
        cases.push_str(">\n");
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
            failures += 1;
            let first = file
                .diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error)
                .map(|d| format!("{} {}", d.rule.code, d.rule.name))
                .unwrap_or_default();
            let _ = writeln!(
                cases,
                "      <failure type=\"{}\" message=\"{} error{}\">{}</failure>",
                escape(&first),
                file_errors,
                if file_errors == 1 { "" } else { "s" },
                escape(&lines)
            );
        } else {
            let _ = writeln!(cases, "      <system-out>{}</system-out>", escape(&lines));
        }
        cases.push_str("    </testcase>\n");
    }
    for p in report.problems.iter().filter(|p| p.io) {
        errors += 1;
        let path = escape(&p.path.to_string_lossy());
        let _ = writeln!(
            cases,
            "    <testcase name=\"{path}\" classname=\"agentls\" file=\"{path}\">\n      <error message=\"{}\"/>\n    </testcase>",
            escape(&p.message)
        );
    }
    let tests = report.files.len() + errors;
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"agentls\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n  <testsuite name=\"agentls check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\">\n{cases}  </testsuite>\n</testsuites>\n"
    )?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_characters_xml_cannot_hold() {
        assert_eq!(
            escape("<a href=\"x\">&'\u{1}\r\n"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\u{fffd}&#13;\n"
        );
    }
}
