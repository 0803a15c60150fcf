//! SARIF 2.1.0, as GitHub code scanning reads it: one run, the rules that
//! fired (with their documentation and link), one result per diagnostic
//! with a region in UTF-16 code units (SARIF's default column kind), the
//! fixes, and the problems as tool notifications.

use serde_json::{Value, json};

use super::super::FileReport;
use super::{End, Sink, Streamed, member, relative_uri};
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

/// Writes a SARIF log as files come: the results as each file is reported,
/// then the problems (as notifications) and the tool with the rules that
/// fired, in the order they first fired (each result's `ruleIndex`).
pub(super) struct Sarif<W: std::io::Write> {
    out: std::io::BufWriter<W>,
    /// The rules that fired, in the order they first did.
    rules: Vec<&'static Rule>,
    /// The `results` array.
    results: Streamed,
}

impl<W: std::io::Write> Sarif<W> {
    pub(super) fn new(out: W) -> Self {
        Self {
            out: std::io::BufWriter::new(out),
            rules: Vec::new(),
            results: Streamed::new(HEAD, "        "),
        }
    }

    /// The index of `rule` in the log's rules, added when new.
    fn index(&mut self, rule: &'static Rule) -> usize {
        match self.rules.iter().position(|r| r.code == rule.code) {
            Some(i) => i,
            None => {
                self.rules.push(rule);
                self.rules.len() - 1
            }
        }
    }
}

const HEAD: &str = "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"runs\": [\n    {\n      \"columnKind\": \"utf16CodeUnits\",\n      \"results\": [";

impl<W: std::io::Write> Sink for Sarif<W> {
    fn file(&mut self, file: FileReport) -> std::io::Result<()> {
        let uri = relative_uri(&file.path);
        for d in &file.diagnostics {
            let mut result = json!({
                "ruleId": d.rule.code,
                "ruleIndex": self.index(d.rule),
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": location(&uri),
                        "region": region(&file, &d.range),
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
                                    "deletedRegion": region(&file, &e.range),
                                    "insertedContent": {"text": e.new_text},
                                })).collect::<Vec<_>>(),
                            }],
                        })
                    })
                    .collect();
            }
            self.results.element(&mut self.out, &result)?;
        }
        Ok(())
    }

    fn end(&mut self, end: &End<'_>) -> std::io::Result<()> {
        use std::io::Write as _;
        let notifications: Vec<Value> = end
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
        let invocations = json!([{
            "executionSuccessful": !end.problems.iter().any(|p| p.io),
            "toolExecutionNotifications": notifications,
        }]);
        let rules: Vec<Value> = self
            .rules
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
        let tool = json!({
            "driver": {
                "name": "agentls",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }
        });
        let out = &mut self.out;
        self.results.close(out)?;
        member(out, "      ", "invocations", &invocations)?;
        member(out, "      ", "tool", &tool)?;
        out.write_all(b"\n    }\n  ],\n  \"version\": \"2.1.0\"\n}\n")?;
        out.flush()
    }
}
