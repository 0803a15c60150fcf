//! agentls against OpenCode 1.18.33's own loader, on generated agent files:
//! `tests/fixtures/loader/opencode-agent/`, with what the real loader did
//! with every file (`VERDICTS.tsv`, recorded by `record.sh opencode-agent`:
//! each file alone in `.opencode/agent/`, then `opencode debug config`).
//!
//! Every verdict is checked, with no loader at test time:
//! - `refused` (the whole configuration rejected, or the file skipped): an
//!   error;
//! - `loaded` (keys OpenCode does not know moved into `options` included):
//!   no error;
//! - `fallback` (the YAML failed and gray-matter's cache answered with no
//!   metadata): no error, and the warning that says every field is ignored
//!   (AG904);
//! - what the model sees (the `read` column: the resolved agent): the line
//!   of the `task` tool agentls shows, exactly (`primary` and disabled
//!   agents are not listed; no description gives the stock sentence).
//!
//! Commands have no loader oracle: `tests/fixtures/loader/opencode-command/`
//! holds command files recorded the same way by
//! `record_opencode_commands.py` (each file alone in `.opencode/command/`,
//! then `opencode debug config`; `read` is the resolved command), checked
//! alike, and the name OpenCode gives each command (its path below
//! `command/`, or its `name`).

use std::path::{Path, PathBuf};

use agentls::analysis::{self, Severity, Target};
use agentls::formats;

fn folder(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/loader")
        .join(set)
}

/// `(file, verdict, detail, read)` for every recorded file of a set.
fn verdicts(set: &str, file: &str) -> Vec<(String, String, String, String)> {
    agentls_e2e::fixtures::verdicts(set, file)
}

const STOCK: &str = "This subagent should only be called manually by the user.";

#[test]
fn every_verdict_of_opencode_agrees() {
    let mut wrong = Vec::new();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    let mut rosters = 0;
    for (f, verdict, detail, read) in verdicts("opencode-agent", "VERDICTS.tsv") {
        let bytes = std::fs::read(folder("opencode-agent").join(&f)).expect("fixture");
        let text = String::from_utf8_lossy(&bytes);
        let path = PathBuf::from(format!("/p/.opencode/agent/{f}"));
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
        let ignored = diags.iter().any(|d| d.rule.code == "AG904");
        *counts.entry(verdict.clone()).or_default() += 1;
        let ok = match verdict.as_str() {
            "refused" => errors > 0,
            "loaded" => errors == 0,
            "fallback" => errors == 0 && ignored,
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
                "{f}: OpenCode {verdict} ({detail}); agentls: {said:?}"
            ));
        }
        // What the model sees.
        let ours = analysis::roster(&text, kind, name.as_deref()).map(|(_, l)| l);
        let theirs = serde_json::from_str::<serde_json::Value>(&read)
            .ok()
            .and_then(|r| {
                if r["mode"] == "primary" || r["disable"] == true {
                    return None;
                }
                let name = match &r["name"] {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let description = r["description"].as_str().unwrap_or(STOCK);
                Some(format!("- {name}: {description}"))
            });
        if verdict != "refused" {
            rosters += 1;
        }
        if ours != theirs {
            wrong.push(format!(
                "{f}: the model sees {theirs:?}; agentls shows {ours:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} disagreements with OpenCode's loader:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(
        ["refused", "loaded", "fallback"]
            .iter()
            .all(|v| counts.get(*v).copied().unwrap_or(0) >= 10),
        "{counts:?}"
    );
    assert!(rosters >= 100, "{rosters} roster lines compared");
}

#[test]
fn every_verdict_of_opencode_on_commands_agrees() {
    let mut wrong = Vec::new();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for (f, verdict, detail, read) in verdicts("opencode-command", "VERDICTS.tsv") {
        let bytes = std::fs::read(folder("opencode-command").join(&f)).expect("fixture");
        let text = String::from_utf8_lossy(&bytes);
        let path = PathBuf::from(format!("/p/.opencode/command/{f}"));
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
        let ignored = diags.iter().any(|d| d.rule.code == "AG904");
        *counts.entry(verdict.clone()).or_default() += 1;
        let ok = match verdict.as_str() {
            "refused" => errors > 0,
            "loaded" => errors == 0,
            "fallback" => errors == 0 && ignored,
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
                "{f}: OpenCode {verdict} ({detail}); agentls: {said:?}"
            ));
        }
        if let Ok(r) = serde_json::from_str::<serde_json::Value>(&read) {
            let ours = formats::opencode::rules::name(&text, name.as_deref().unwrap_or_default());
            if r["name"].as_str() != Some(ours.as_str()) {
                wrong.push(format!(
                    "{f}: OpenCode names it {}; agentls {ours:?}",
                    r["name"]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} disagreements with OpenCode's loader:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(
        ["refused", "loaded", "fallback"]
            .iter()
            .all(|v| counts.get(*v).copied().unwrap_or(0) >= 1),
        "{counts:?}"
    );
}

const SETS: &[&str] = &["opencode-agent", "opencode-command"];

fn place(set: &str, file: &str) -> String {
    if set == "opencode-command" {
        format!("/p/.opencode/commands/{file}")
    } else {
        format!("/p/.opencode/agents/team/{file}")
    }
}

/// Every fixture of the sets, cut at a dozen places and with text spliced
/// in there: nothing panics, every range lies on character boundaries.
#[test]
fn no_input_panics() {
    let probes = agentls_e2e::fixtures::cut_and_splice(SETS, place);
    assert!(probes > 1000, "{probes} probes");
}
