//! The JSON format: one document with the diagnostics, the problems and a summary.

use serde::Serialize;

use super::super::{FileReport, Report};
use super::{End, Sink, Streamed, member};
use crate::analysis::Severity;

/// Renders a report as JSON: `{"diagnostics": [...], "problems": [...], "roster": [...], "summary": {...}}`.
/// Lines and columns are 1-based, columns count Unicode characters.
#[must_use]
pub fn render_json(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = super::write(report, super::Format::Json, &mut out, false);
    String::from_utf8(out).unwrap_or_default()
}

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

/// Writes the JSON document as files come: each diagnostic as its file is
/// reported, then the problems, the rosters and the summary. The text is
/// what `serde_json`'s pretty printer writes for the whole document.
pub(super) struct Json<W: std::io::Write> {
    out: std::io::BufWriter<W>,
    /// The `diagnostics` array.
    diagnostics: Streamed,
}

impl<W: std::io::Write> Json<W> {
    pub(super) fn new(out: W) -> Self {
        Self {
            out: std::io::BufWriter::new(out),
            diagnostics: Streamed::new("{\n  \"diagnostics\": [", "    "),
        }
    }
}

impl<W: std::io::Write> Sink for Json<W> {
    fn file(&mut self, file: FileReport) -> std::io::Result<()> {
        for d in &file.diagnostics {
            let start = file.excerpts.position(d.range.start);
            let end = file.excerpts.position(d.range.end);
            let diagnostic = JsonDiagnostic {
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
            };
            self.diagnostics.element(&mut self.out, &diagnostic)?;
        }
        Ok(())
    }

    fn end(&mut self, end: &End<'_>) -> std::io::Result<()> {
        use std::io::Write as _;
        let problems: Vec<JsonProblem<'_>> = end
            .problems
            .iter()
            .map(|p| JsonProblem {
                path: p.path.to_string_lossy(),
                message: &p.message,
            })
            .collect();
        let roster: Vec<JsonRoster<'_>> = end
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
            .collect();
        let totals = end.totals;
        let summary = Summary {
            files: totals.files,
            errors: totals.errors,
            warnings: totals.warnings,
            hints: totals.hints,
            fixed: (totals.fixed > 0).then_some(totals.fixed),
        };
        let out = &mut self.out;
        self.diagnostics.close(out)?;
        member(out, "  ", "problems", &problems)?;
        member(out, "  ", "roster", &roster)?;
        member(out, "  ", "summary", &summary)?;
        out.write_all(b"\n}\n")?;
        out.flush()
    }
}
