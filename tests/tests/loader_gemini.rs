//! agentls against Gemini CLI 0.61.0's own subagent loader, on generated
//! files: `tests/fixtures/loader/gemini-agent/`, with what the real loader
//! did with every file (`VERDICTS.tsv`, recorded by `record.sh gemini-agent`:
//! each file alone in `~/.gemini/agents/`, offline).
//!
//! Every verdict is checked, with no loader at test time:
//! - `refused`: agentls reports an error (Gemini CLI refuses the file);
//! - `loaded`: no error;
//! - what the model sees (the `read` column: the agent's name and
//!   description in the system prompt's `<available_subagents>`): the
//!   roster entry agentls shows, exactly.
//!
//! One class is decided by the network, not by the file: a remote agent
//! whose agent card is at a URL is registered only if Gemini CLI can fetch
//! the card when it starts. The oracle runs offline, so such files
//! (`agent_card_url: https://example.com/…`) are recorded as refused with no
//! log line; agentls cannot fetch the card either, and says so with a hint
//! (AG953) instead of an error. The same loader, run on inline cards (no
//! network needed), loads the one whose card has a `url` and refuses the one
//! without (both recorded in the set), which agentls also checks.

use std::path::{Path, PathBuf};

use agentls::analysis::{self, Severity, Target};
use agentls::formats;

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/loader/gemini-agent")
}

/// `(file, verdict, detail, read)` for every recorded file.
fn verdicts() -> Vec<(String, String, String, String)> {
    agentls_e2e::fixtures::verdicts("gemini-agent", "VERDICTS.tsv")
}

#[test]
fn every_verdict_of_gemini_cli_agrees() {
    let mut wrong = Vec::new();
    let (mut refused, mut loaded, mut network, mut rosters) = (0, 0, 0, 0);
    for (f, verdict, detail, read) in verdicts() {
        let bytes = std::fs::read(folder().join(&f)).expect("fixture");
        let text = String::from_utf8_lossy(&bytes);
        let path = PathBuf::from(format!("/p/.gemini/agents/{f}"));
        let Some(kind) = analysis::detect(&path, |_| false) else {
            wrong.push(format!("{f}: not detected at {}", path.display()));
            continue;
        };
        let name = formats::path_name(kind, &path);
        let diags = analysis::check_file(&text, Target::new(kind), name.as_deref());
        let said = || {
            diags
                .iter()
                .map(|d| format!("{} {:?} {}", d.rule.code, d.severity, d.message))
                .collect::<Vec<_>>()
        };
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let fetched = diags.iter().any(|d| d.rule.code == "AG953");
        let ok = match verdict.as_str() {
            "refused" if fetched && detail.starts_with("not loaded (no log line") => {
                network += 1;
                errors == 0
            }
            "refused" => {
                refused += 1;
                errors > 0
            }
            "loaded" => {
                loaded += 1;
                errors == 0
            }
            other => {
                wrong.push(format!("{f}: unexpected verdict {other}"));
                continue;
            }
        };
        if !ok {
            wrong.push(format!(
                "{f}: Gemini CLI {verdict} ({detail}); agentls: {:?}",
                said()
            ));
        }
        // What the model sees.
        let ours = analysis::roster(&text, kind, name.as_deref()).map(|(_, l)| l);
        let theirs = serde_json::from_str::<serde_json::Value>(&read)
            .ok()
            .and_then(|r| {
                Some(format!(
                    "<subagent>\n    <name>{}</name>\n    <description>{}</description>\n  </subagent>",
                    r["name"].as_str()?,
                    r["description"].as_str()?
                ))
            });
        if verdict == "loaded" {
            rosters += 1;
            if ours != theirs {
                wrong.push(format!(
                    "{f}: the model sees {theirs:?}; agentls shows {ours:?}"
                ));
            }
        } else if ours.is_some() {
            wrong.push(format!(
                "{f}: not listed by Gemini CLI; agentls shows {ours:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} disagreements with Gemini CLI's loader:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(
        refused >= 70 && loaded >= 50,
        "{refused} refused, {loaded} loaded"
    );
    assert!(network <= 4, "{network} decided by the network");
    assert_eq!(rosters, loaded);
}

const SETS: &[&str] = &["gemini-agent"];

fn place(_: &str, file: &str) -> String {
    format!("/p/.gemini/agents/{file}")
}

/// Every fixture of the sets, cut at a dozen places and with text spliced
/// in there: nothing panics, every range lies on character boundaries.
#[test]
fn no_input_panics() {
    let probes = agentls_e2e::fixtures::cut_and_splice(SETS, place);
    assert!(probes > 1000, "{probes} probes");
}
