//! Agent Skills against Copilot CLI 1.0.102 and Codex 0.171.0, on the
//! recorded verdicts of `tests/fixtures/loader/agent-skill/` (130 skills,
//! each loaded by both tools: `VERDICTS.copilot.tsv`, `VERDICTS.codex.tsv`).
//! Each file is checked with one tool targeted at a time:
//! - `refused`: an error naming that tool;
//! - `loaded`, `fallback`: no error.
//!
//! For Copilot CLI, the skill list line is also the one it shows.

use std::path::{Path, PathBuf};

use agentls::analysis::{self, Severity, Target};
use agentls::formats::target::{Tool, Tools};

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/loader/agent-skill")
}

#[test]
fn every_verdict_of_both_tools() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (file, tool, place) in [
        (
            "VERDICTS.copilot.tsv",
            Tool::CopilotCli,
            "/p/.github/skills/",
        ),
        ("VERDICTS.codex.tsv", Tool::Codex, "/p/.codex/skills/"),
    ] {
        let verdicts = std::fs::read_to_string(folder().join(file)).expect("verdicts");
        for line in verdicts.lines().skip(1) {
            let cells: Vec<&str> = line.split('\t').collect();
            let (f, verdict, detail) = (cells[0], cells[1], cells[2]);
            let path = PathBuf::from(format!("{place}{f}"));
            let kind = analysis::detect(&path, |_| false).expect("an Agent Skill path");
            let bytes = std::fs::read(folder().join(f)).expect("fixture");
            let text = String::from_utf8_lossy(&bytes);
            let target = Target {
                tools: Tools::of(&[tool]),
                ..Target::new(kind)
            };
            let name = agentls::formats::path_name(kind, &path);
            let diags = analysis::check_file(&text, target, name.as_deref());
            let errors: Vec<&analysis::Diagnostic> = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            let ok = match verdict {
                "refused" => {
                    !errors.is_empty() && errors.iter().all(|d| d.message.starts_with(tool.name()))
                }
                _ => errors.is_empty(),
            };
            checked += 1;
            if !ok {
                let said: Vec<String> = diags
                    .iter()
                    .map(|d| format!("{} {}", d.rule.code, d.message))
                    .collect();
                wrong.push(format!(
                    "{} {f}: {verdict} ({detail}); agentls: {said:?}",
                    tool.name()
                ));
            }
            if tool == Tool::CopilotCli
                && verdict == "loaded"
                && let Ok(read) =
                    serde_json::from_str::<serde_json::Value>(cells.get(3).copied().unwrap_or(""))
                && let (Some(n), Some(d)) = (read["name"].as_str(), read["description"].as_str())
            {
                let ours = analysis::roster(&text, kind, name.as_deref()).map(|(_, l)| l);
                let theirs = format!("- {n}: {d}");
                if ours.as_deref() != Some(theirs.as_str()) {
                    wrong.push(format!(
                        "Copilot CLI {f}: lists {theirs:?}; agentls shows {ours:?}"
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} disagreements:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert_eq!(checked, 260);
}
