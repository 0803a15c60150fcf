//! agentls against Copilot CLI 1.0.102's own custom agent loader, on the
//! recorded verdicts (no loader at test time):
//!
//! - `tests/fixtures/loader/copilot-agent/` (`VERDICTS.tsv`, overridden by
//!   `RECHECKED.tsv` where a file was run again by hand): each file placed
//!   in `.github/agents/`. `refused`: an error; `loaded`: no error;
//!   `loaded-warning` (the CLI logged a line about the file): no error and a
//!   warning. What the model is told (`ROSTER.tsv`, recorded from the CLI's
//!   requests: the `task` tool's "User-provided custom agents" list) is the
//!   roster line agentls shows, exactly;
//! - `tests/fixtures/loader/copilot-agent-claude-path/` (`VERDICTS.tsv`):
//!   Claude Code agents in `.claude/agents/`, which Copilot CLI reads too.
//!   They stay Claude Code agents for agentls; the public
//!   `copilot_cli_verdict` must refuse exactly the files the CLI refused.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use agentls::analysis::{self, FileKind, Severity, Target};
use agentls::formats::{self, copilot};

fn folder(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/loader")
        .join(set)
}

/// The rows of a TSV file of a set (header skipped), or none.
fn rows(set: &str, file: &str) -> Vec<Vec<String>> {
    let Ok(text) = std::fs::read_to_string(folder(set).join(file)) else {
        return Vec::new();
    };
    text.lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

fn read(set: &str, file: &str) -> String {
    let bytes = std::fs::read(folder(set).join(file)).expect("fixture");
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn custom_agents_agree_with_copilot_cli() {
    let rechecked: HashMap<String, String> = rows("copilot-agent", "RECHECKED.tsv")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let mut wrong = Vec::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let verdicts = rows("copilot-agent", "VERDICTS.tsv");
    assert_eq!(verdicts.len(), 182);
    for row in &verdicts {
        let (f, detail) = (&row[0], &row[2]);
        let verdict = rechecked.get(f).unwrap_or(&row[1]).as_str();
        *counts.entry(verdict.to_owned()).or_default() += 1;
        let text = read("copilot-agent", f);
        let path = PathBuf::from(format!("/p/.github/agents/{f}"));
        let kind = analysis::detect(&path, |_| false);
        assert_eq!(kind, Some(FileKind::CopilotAgent), "{f}");
        let name = formats::path_name(FileKind::CopilotAgent, &path);
        let diags = analysis::check_file(
            &text,
            Target::new(FileKind::CopilotAgent),
            name.as_deref(),
        );
        let count = |s| diags.iter().filter(|d| d.severity == s).count();
        let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        let ok = match verdict {
            "refused" => errors > 0,
            "loaded-warning" => errors == 0 && warnings > 0,
            _ => errors == 0,
        };
        // The public verdict agrees too.
        let public = copilot::copilot_cli_verdict(&text).is_err();
        if !ok || public != (verdict == "refused") {
            let said: Vec<String> = diags
                .iter()
                .map(|d| format!("{} {:?} {}", d.rule.code, d.severity, d.message))
                .collect();
            wrong.push(format!(
                "{f}: Copilot CLI {verdict} ({detail}); copilot_cli_verdict refuses: {public}; agentls: {said:?}"
            ));
        }
        // The CLI's own message, where it logged one, is the one agentls quotes.
        if verdict == "refused"
            && let Some(reason) = detail.strip_prefix("[ERROR] custom agent markdown frontmatter is malformed: ")
            && !reason.starts_with("failed to parse YAML frontmatter: ") | reason.contains("duplicate entry")
        {
            let message = copilot::copilot_cli_verdict(&text)
                .err()
                .map(|r| r.message)
                .unwrap_or_default();
            if !message.ends_with(reason) {
                wrong.push(format!("{f}: the CLI logs {reason:?}; agentls says {message:?}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} files disagree with Copilot CLI:\n{}",
        wrong.len(),
        verdicts.len(),
        wrong.join("\n")
    );
    for class in ["refused", "loaded", "loaded-warning"] {
        assert!(counts.get(class).copied().unwrap_or(0) >= 20, "{counts:?}");
    }
}

#[test]
fn the_roster_line_is_what_the_model_is_told() {
    let mut wrong = Vec::new();
    let mut compared = 0;
    let roster = rows("copilot-agent", "ROSTER.tsv");
    assert_eq!(roster.len(), 182, "every file has its recorded roster");
    for row in &roster {
        let f = &row[0];
        let theirs: Option<String> = serde_json::from_str::<Option<String>>(&row[1])
            .expect("JSON")
            .filter(|l| !l.is_empty());
        let text = read("copilot-agent", f);
        let path = PathBuf::from(format!("/p/.github/agents/{f}"));
        let name = formats::path_name(FileKind::CopilotAgent, &path);
        let ours = analysis::roster(&text, FileKind::CopilotAgent, name.as_deref()).map(|(_, l)| l);
        compared += 1;
        if ours != theirs {
            wrong.push(format!("{f}: the model is told {theirs:?}; agentls shows {ours:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {compared} roster lines differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn claude_agents_as_copilot_cli_reads_them() {
    let mut wrong = Vec::new();
    let verdicts = rows("copilot-agent-claude-path", "VERDICTS.tsv");
    assert!(verdicts.len() >= 100);
    for row in &verdicts {
        let (f, verdict, detail) = (&row[0], &row[1], &row[2]);
        let text = read("copilot-agent-claude-path", f);
        // Still a Claude Code agent for agentls.
        assert_eq!(
            analysis::detect(&Path::new("/p").join(f), |_| false),
            Some(FileKind::ClaudeAgent),
            "{f}"
        );
        let refused = copilot::copilot_cli_verdict(&text);
        if refused.is_err() != (verdict == "refused") {
            wrong.push(format!(
                "{f}: Copilot CLI {verdict} ({detail}); copilot_cli_verdict: {refused:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} Claude agents judged otherwise than Copilot CLI:\n{}",
        wrong.len(),
        verdicts.len(),
        wrong.join("\n")
    );
}
