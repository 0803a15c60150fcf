//! agentls against Qwen Code 0.24.4's own subagent loader, on generated
//! files: `tests/fixtures/loader/qwen-agent/`, with what the real loader did
//! with every file (`VERDICTS.tsv`, recorded by `record.sh qwen-agent`: each
//! file alone in `~/.qwen/agents/`, offline).
//!
//! Every verdict is checked, with no loader at test time:
//! - `refused` (skipped, with a line in the debug log or none): an error;
//! - `loaded`: no error;
//! - `loaded-warning` (a `Dropping field` or `invalid … value` line): no
//!   error, and a warning;
//! - `fallback` (the YAML parser failed and the line reader took over): no
//!   error, and the warning that says so (AG971);
//! - what the model sees (the `read` column: the name and description in the
//!   `agent` tool's list): the roster line agentls shows, exactly.

use std::path::{Path, PathBuf};

use agentls::analysis::{self, Severity, Target};
use agentls::formats;

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/loader/qwen-agent")
}

/// `(file, verdict, detail, read)` for every recorded file.
fn verdicts() -> Vec<(String, String, String, String)> {
    agentls_e2e::fixtures::verdicts("qwen-agent", "VERDICTS.tsv")
}

#[test]
fn every_verdict_of_qwen_code_agrees() {
    let mut wrong = Vec::new();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    let mut rosters = 0;
    for (f, verdict, detail, read) in verdicts() {
        let bytes = std::fs::read(folder().join(&f)).expect("fixture");
        let text = String::from_utf8_lossy(&bytes);
        let path = PathBuf::from(format!("/p/.qwen/agents/{f}"));
        let Some(kind) = analysis::detect(&path, |_| false) else {
            wrong.push(format!("{f}: not detected at {}", path.display()));
            continue;
        };
        let name = formats::path_name(kind, &path);
        let diags = analysis::check_file(&text, Target::new(kind), name.as_deref());
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = diags
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        let fell_back = diags.iter().any(|d| d.rule.code == "AG971");
        *counts.entry(verdict.clone()).or_default() += 1;
        let ok = match verdict.as_str() {
            "refused" => errors > 0,
            "loaded" => errors == 0,
            "loaded-warning" => errors == 0 && warnings > 0,
            "fallback" => errors == 0 && fell_back,
            other => {
                wrong.push(format!("{f}: unexpected verdict {other}"));
                continue;
            }
        };
        if !ok {
            let said: Vec<String> = diags
                .iter()
                .map(|d| format!("{} {:?} {}", d.rule.code, d.severity, d.message))
                .collect();
            wrong.push(format!(
                "{f}: Qwen Code {verdict} ({detail}); agentls: {said:?}"
            ));
        }
        // What the model sees.
        let ours = analysis::roster(&text, kind, name.as_deref()).map(|(_, l)| l);
        let theirs = serde_json::from_str::<serde_json::Value>(&read)
            .ok()
            .and_then(|r| {
                Some(format!(
                    "- **{}**: {}",
                    r["name"].as_str()?,
                    r["description"].as_str()?
                ))
            });
        if verdict == "refused" {
            if ours.is_some() {
                wrong.push(format!(
                    "{f}: not listed by Qwen Code; agentls shows {ours:?}"
                ));
            }
        } else {
            rosters += 1;
            if ours != theirs {
                wrong.push(format!(
                    "{f}: the model sees {theirs:?}; agentls shows {ours:?}"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} disagreements with Qwen Code's loader:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(
        ["refused", "loaded", "loaded-warning", "fallback"]
            .iter()
            .all(|v| counts.get(*v).copied().unwrap_or(0) >= 8),
        "{counts:?}"
    );
    assert!(rosters >= 60, "{rosters} roster lines compared");
}

const SETS: &[&str] = &["qwen-agent"];

fn place(_: &str, file: &str) -> String {
    format!("/p/.qwen/agents/{file}")
}

/// Every fixture of the sets, cut at a dozen places and with text spliced
/// in there: nothing panics, every range lies on character boundaries.
#[test]
fn no_input_panics() {
    let probes = agentls_e2e::fixtures::cut_and_splice(SETS, place);
    assert!(probes > 1000, "{probes} probes");
}
