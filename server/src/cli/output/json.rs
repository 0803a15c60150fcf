//! The JSON format: one document with the diagnostics, the problems and a summary.

use super::super::Report;
use crate::analysis::Severity;

/// Renders a report as JSON: `{"diagnostics": [...], "problems": [...], "roster": [...], "summary": {...}}`.
/// Lines and columns are 1-based, columns count Unicode characters.
#[must_use]
pub fn render_json(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = write_json(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes [`render_json`]'s document to `out` as it goes (no copy of the
/// whole output in memory).
///
/// # Errors
/// When `out` fails.
pub fn write_json(report: &Report, out: impl std::io::Write) -> std::io::Result<()> {
    use serde::Serialize;

    #[derive(Serialize)]
    struct JsonEdit<'a> {
        start: usize,
        end: usize,
        new_text: &'a str,
    }
    #[derive(Serialize)]
    struct JsonFix<'a> {
        title: &'a str,
        edits: Vec<JsonEdit<'a>>,
    }
    #[derive(Serialize)]
    struct JsonDiagnostic<'a> {
        path: std::borrow::Cow<'a, str>,
        code: &'a str,
        name: &'a str,
        severity: Severity,
        message: &'a str,
        line: u32,
        column: u32,
        end_line: u32,
        end_column: u32,
        byte_range: [usize; 2],
        fixes: Vec<JsonFix<'a>>,
    }
    #[derive(Serialize)]
    struct JsonProblem<'a> {
        path: std::borrow::Cow<'a, str>,
        message: &'a str,
    }
    #[derive(Serialize)]
    struct Summary {
        files: usize,
        errors: usize,
        warnings: usize,
        hints: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        fixed: Option<usize>,
    }
    /// Serializes the diagnostics lazily, one file at a time.
    struct Diagnostics<'a>(&'a Report);
    impl Serialize for Diagnostics<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeSeq;
            let mut seq = serializer.serialize_seq(None)?;
            for file in &self.0.files {
                for d in &file.diagnostics {
                    let start = file.excerpts.position(d.range.start);
                    let end = file.excerpts.position(d.range.end);
                    seq.serialize_element(&JsonDiagnostic {
                        path: file.path.to_string_lossy(),
                        code: d.rule.code,
                        name: d.rule.name,
                        severity: d.severity,
                        message: &d.message,
                        line: start.line + 1,
                        column: start.character + 1,
                        end_line: end.line + 1,
                        end_column: end.character + 1,
                        byte_range: [d.range.start, d.range.end],
                        fixes: d
                            .fixes
                            .iter()
                            .map(|f| JsonFix {
                                title: &f.title,
                                edits: f
                                    .edits
                                    .iter()
                                    .map(|e| JsonEdit {
                                        start: e.range.start,
                                        end: e.range.end,
                                        new_text: &e.new_text,
                                    })
                                    .collect(),
                            })
                            .collect(),
                    })?;
                }
            }
            seq.end()
        }
    }
    #[derive(Serialize)]
    struct JsonRosterFile<'a> {
        path: std::borrow::Cow<'a, str>,
        chars: usize,
    }
    #[derive(Serialize)]
    struct JsonRoster<'a> {
        tool: &'a str,
        listed: std::collections::BTreeMap<&'a str, usize>,
        chars: usize,
        /// Estimated: characters / 4, rounded.
        tokens: usize,
        /// Every file listed, largest line first.
        files: Vec<JsonRosterFile<'a>>,
    }
    #[derive(Serialize)]
    struct Document<'a> {
        diagnostics: Diagnostics<'a>,
        problems: Vec<JsonProblem<'a>>,
        roster: Vec<JsonRoster<'a>>,
        summary: Summary,
    }

    let document = Document {
        diagnostics: Diagnostics(report),
        problems: report
            .problems
            .iter()
            .map(|p| JsonProblem {
                path: p.path.to_string_lossy(),
                message: &p.message,
            })
            .collect(),
        roster: report
            .rosters
            .iter()
            .map(|r| JsonRoster {
                tool: r.tool,
                listed: r.counts.iter().copied().collect(),
                chars: r.chars,
                tokens: r.tokens(),
                files: r
                    .files
                    .iter()
                    .map(|(p, chars)| JsonRosterFile {
                        path: p.to_string_lossy(),
                        chars: *chars,
                    })
                    .collect(),
            })
            .collect(),
        summary: Summary {
            files: report.files.len(),
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            hints: report.count(Severity::Hint),
            fixed: report
                .files
                .iter()
                .any(|f| f.fixed > 0)
                .then(|| report.fixed()),
        },
    };
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &document)?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out)
}
