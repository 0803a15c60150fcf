//! SARIF 2.1.0, as GitHub code scanning reads it: one run, the rules that
//! fired (with their documentation and link), one result per diagnostic
//! with a region in UTF-16 code units (SARIF's default column kind), the
//! fixes, and the problems as tool notifications.

use serde_json::{Value, json};

use super::super::{FileReport, Report};
use super::relative_uri;
use crate::analysis::{Rule, Severity};

/// The SARIF level of a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hint => "note",
    }
}

/// The first sentence of a rule's documentation.
fn first_sentence(doc: &str) -> &str {
    doc.find(". ").map_or(doc, |end| &doc[..=end])
}

/// A region from byte offsets of a file the report shows (1-based lines
/// and UTF-16 columns).
fn region(file: &FileReport, range: &std::ops::Range<usize>) -> Value {
    let start = file.excerpts.position_utf16(range.start);
    let end = file.excerpts.position_utf16(range.end);
    json!({
        "startLine": start.line + 1,
        "startColumn": start.character + 1,
        "endLine": end.line + 1,
        "endColumn": end.character + 1,
    })
}

fn location(uri: &str) -> Value {
    json!({"uri": uri, "uriBaseId": "%SRCROOT%"})
}

/// Builds the SARIF log of `report`.
#[must_use]
pub fn sarif(report: &Report) -> Value {
    let mut rules: Vec<&'static Rule> = report
        .files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .map(|d| d.rule)
        .collect();
    rules.sort_by_key(|r| r.code);
    rules.dedup_by_key(|r| r.code);
    let index = |rule: &Rule| rules.iter().position(|r| r.code == rule.code).unwrap_or(0);
    let mut results = Vec::new();
    for file in &report.files {
        let uri = relative_uri(&file.path);
        for d in &file.diagnostics {
            let mut result = json!({
                "ruleId": d.rule.code,
                "ruleIndex": index(d.rule),
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": location(&uri),
                        "region": region(file, &d.range),
                    }
                }],
            });
            if !d.fixes.is_empty() {
                result["fixes"] = d
                    .fixes
                    .iter()
                    .map(|fix| {
                        json!({
                            "description": {"text": fix.title},
                            "artifactChanges": [{
                                "artifactLocation": location(&uri),
                                "replacements": fix.edits.iter().map(|e| json!({
                                    "deletedRegion": region(file, &e.range),
                                    "insertedContent": {"text": e.new_text},
                                })).collect::<Vec<_>>(),
                            }],
                        })
                    })
                    .collect();
            }
            results.push(result);
        }
    }
    let notifications: Vec<Value> = report
        .problems
        .iter()
        .map(|p| {
            json!({
                "level": if p.io { "error" } else { "warning" },
                "message": {"text": p.message},
                "locations": [{
                    "physicalLocation": {"artifactLocation": location(&relative_uri(&p.path))}
                }],
            })
        })
        .collect();
    let rules: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": first_sentence(r.doc)},
                "fullDescription": {"text": r.doc},
                "help": {"text": r.doc, "markdown": r.doc},
                "helpUri": crate::analysis::rules::doc_url(r),
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "agentls",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "invocations": [{
                "executionSuccessful": !report.problems.iter().any(|p| p.io),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    })
}

/// Writes [`sarif`]'s log to `out`.
///
/// # Errors
/// When `out` fails.
pub fn write_sarif(report: &Report, out: impl std::io::Write) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &sarif(report))?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out)
}
