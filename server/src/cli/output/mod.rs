//! The formats `agentls check` writes a [`Report`] in, one module each.

mod github;
mod human;
mod json;
mod junit;
mod sarif;

use std::path::Path;

use super::Report;
use crate::analysis::Severity;

pub use github::write_github;
pub use human::{render_human, write_human, write_human_colored};
pub use json::{render_json, write_json};
pub use junit::write_junit;
pub use sarif::write_sarif;

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
    match format {
        Format::Human => write_human_colored(report, out, color),
        Format::Json => write_json(report, out),
        Format::Sarif => write_sarif(report, out),
        Format::Github => write_github(report, out),
        Format::Junit => write_junit(report, out),
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The one summary line (with its line break): how many files were
/// checked, fixed, and what was found.
#[must_use]
pub fn summary(report: &Report) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let hints = report.count(Severity::Hint);
    let mut checked = plural(report.files.len(), "agent file");
    let fixed = report.fixed();
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
