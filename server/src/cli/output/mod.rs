//! The formats `agentls check` writes a [`Report`] in, one module each.

mod github;
mod human;
mod json;
mod junit;
mod sarif;

use std::path::Path;

use super::{FileReport, Problem, Report};
use crate::analysis::Severity;
use crate::workspace::crossfile::Roster;

pub use human::render_human;
pub use json::render_json;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Human-readable, with the source line and a caret.
    #[default]
    Human,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0, as GitHub code scanning reads it.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the files.
    Github,
    /// JUnit XML, as CI systems show test results.
    Junit,
}

/// Receives a run's results as they are found, in report order: each
/// file's report, then the end (problems, rosters, totals). Each format is
/// one; [`run_into`](super::run_into) feeds it file by file, so that a run
/// never holds every report at once, and [`write()`] feeds it a whole
/// [`Report`].
pub trait Sink {
    /// One file's report.
    ///
    /// # Errors
    /// When the output fails.
    fn file(&mut self, file: FileReport) -> std::io::Result<()>;

    /// What follows the files; the output is complete after it.
    ///
    /// # Errors
    /// When the output fails.
    fn end(&mut self, end: &End<'_>) -> std::io::Result<()>;
}

/// What a report says after its files.
#[derive(Debug, Clone, Copy)]
pub struct End<'a> {
    /// Paths that could not be checked, or were not, and why.
    pub problems: &'a [Problem],
    /// What each tool's roster of the files checked adds to every session.
    pub rosters: &'a [Roster],
    /// The counts of the files reported.
    pub totals: &'a Totals,
}

/// The counts of the files a report holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Files reported.
    pub files: usize,
    /// Diagnostics of each severity.
    pub errors: usize,
    /// See [`Totals::errors`].
    pub warnings: usize,
    /// See [`Totals::errors`].
    pub hints: usize,
    /// Fixes `--fix` applied.
    pub fixed: usize,
}

impl Totals {
    /// Counts one more file.
    pub fn add(&mut self, file: &FileReport) {
        self.files += 1;
        self.fixed += file.fixed;
        for d in &file.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Hint => self.hints += 1,
            }
        }
    }

    /// The exit status: 2 after an input/output problem, else 1 when an
    /// error was found or the warnings exceed `max_warnings`, else 0.
    #[must_use]
    pub fn exit_status(&self, problems: &[Problem], max_warnings: Option<usize>) -> u8 {
        if problems.iter().any(|p| p.io) {
            2
        } else if self.errors > 0 || max_warnings.is_some_and(|max| self.warnings > max) {
            1
        } else {
            0
        }
    }
}

/// The sink that writes `format` to `out`; `color` colours the human format.
#[must_use]
pub fn sink<'a, W: std::io::Write + 'a>(format: Format, out: W, color: bool) -> Box<dyn Sink + 'a> {
    match format {
        Format::Human => Box::new(human::Human::new(out, color)),
        Format::Json => Box::new(json::Json::new(out)),
        Format::Sarif => Box::new(sarif::Sarif::new(out)),
        Format::Github => Box::new(github::Github::new(out)),
        Format::Junit => Box::new(junit::Junit::new(out)),
    }
}

/// Writes `report` in `format` to `out`; `color` colours the human format.
///
/// # Errors
/// When `out` fails.
pub fn write(
    report: &Report,
    format: Format,
    out: impl std::io::Write,
    color: bool,
) -> std::io::Result<()> {
    feed(report, sink(format, out, color).as_mut())
}

/// Gives `sink` every file of `report` (copied: a sink takes its files)
/// and its end.
///
/// # Errors
/// When the sink's output fails.
pub fn feed(report: &Report, sink: &mut dyn Sink) -> std::io::Result<()> {
    for file in &report.files {
        sink.file(file.clone())?;
    }
    sink.end(&End {
        problems: &report.problems,
        rosters: &report.rosters,
        totals: &report.totals(),
    })
}

/// Writes `value` as `serde_json`'s pretty printer does, indented by
/// `indent` more spaces on every line after the first (a value inside a
/// document written in parts), as it goes.
pub(super) fn pretty_json(
    out: &mut impl std::io::Write,
    value: &impl serde::Serialize,
    indent: &str,
) -> std::io::Result<()> {
    /// Puts `indent` after every line break written through it: a string
    /// in JSON holds no line break, so every one is the printer's.
    struct Indented<'a, W> {
        out: &'a mut W,
        indent: &'a [u8],
    }
    impl<W: std::io::Write> std::io::Write for Indented<'_, W> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let mut rest = buf;
            while let Some(at) = rest.iter().position(|&b| b == b'\n') {
                self.out.write_all(&rest[..=at])?;
                self.out.write_all(self.indent)?;
                rest = &rest[at + 1..];
            }
            self.out.write_all(rest)?;
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.out.flush()
        }
    }
    let indented = Indented {
        out,
        indent: indent.as_bytes(),
    };
    serde_json::to_writer_pretty(indented, value).map_err(std::io::Error::from)
}

/// A JSON array of a document written in parts, written an element at a
/// time, as `serde_json`'s pretty printer writes the whole document: the
/// document's start, up to the array's `[`, comes with the first element
/// (or when the array closes empty).
pub(super) struct Streamed {
    /// The document up to and including the array's `[`.
    head: &'static str,
    /// The indentation of the array's elements; its `]` has two spaces less.
    indent: &'static str,
    /// Whether an element has been written.
    any: bool,
}

impl Streamed {
    pub(super) const fn new(head: &'static str, indent: &'static str) -> Self {
        Self {
            head,
            indent,
            any: false,
        }
    }

    /// Writes one more element.
    pub(super) fn element(
        &mut self,
        out: &mut impl std::io::Write,
        value: &impl serde::Serialize,
    ) -> std::io::Result<()> {
        if self.any {
            out.write_all(b",\n")?;
        } else {
            out.write_all(self.head.as_bytes())?;
            out.write_all(b"\n")?;
        }
        self.any = true;
        out.write_all(self.indent.as_bytes())?;
        pretty_json(out, value, self.indent)
    }

    /// Ends the array (after the document's start, when it is empty).
    pub(super) fn close(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        if self.any {
            out.write_all(b"\n")?;
            out.write_all(&self.indent.as_bytes()[2..])?;
        } else {
            out.write_all(self.head.as_bytes())?;
        }
        out.write_all(b"]")
    }
}

/// Writes one more member of an object written in parts, `key` and
/// `value`, its lines indented by `indent`.
pub(super) fn member(
    out: &mut impl std::io::Write,
    indent: &str,
    key: &str,
    value: &impl serde::Serialize,
) -> std::io::Result<()> {
    write!(out, ",\n{indent}\"{key}\": ")?;
    pretty_json(out, value, indent)
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The one summary line (with its line break): how many files were
/// checked, fixed, and what was found.
#[must_use]
pub fn summary(totals: &Totals) -> String {
    let Totals {
        errors,
        warnings,
        hints,
        fixed,
        ..
    } = *totals;
    let mut checked = plural(totals.files, "agent file");
    if fixed > 0 {
        checked = format!(
            "{checked} ({} applied)",
            plural(fixed, "fix").replace("fixs", "fixes")
        );
    }
    if errors + warnings + hints == 0 {
        return format!("Checked {checked}: no problems.\n");
    }
    let mut parts = vec![plural(errors, "error"), plural(warnings, "warning")];
    if hints > 0 {
        parts.push(plural(hints, "hint"));
    }
    format!("Checked {checked}: {}.\n", parts.join(", "))
}

/// A path as a relative URI reference with forward slashes: relative to
/// the current folder when it is under it, with `./` dropped and the
/// characters a URI cannot hold percent-encoded.
#[must_use]
pub fn relative_uri(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let rel = match (path.is_absolute(), &cwd) {
        (true, Some(cwd)) => path.strip_prefix(cwd).unwrap_or(path),
        _ => path,
    };
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::RootDir => parts.push(String::new()),
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    let mut out = String::with_capacity(joined.len());
    for b in joined.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value written in parts is what the pretty printer writes for it
    /// inside the whole.
    #[test]
    fn a_value_written_in_parts_reads_as_in_the_whole() {
        let values = [
            serde_json::json!({"a": [1, {"b": "line\nbreak", "c": []}], "d": {}}),
            serde_json::json!([]),
            serde_json::json!("x"),
            serde_json::json!([[{"deep": [true, null]}]]),
        ];
        for value in values {
            let whole = serde_json::to_string_pretty(&serde_json::json!({"k": [value.clone()]}))
                .expect("JSON");
            let mut parts = b"{\n  \"k\": [\n    ".to_vec();
            pretty_json(&mut parts, &value, "    ").expect("written");
            parts.extend_from_slice(b"\n  ]\n}");
            assert_eq!(String::from_utf8(parts).expect("UTF-8"), whole);
        }
    }
}
