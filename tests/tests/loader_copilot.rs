//! agentls against Copilot CLI 1.0.102's own custom agent loader, on the
//! recorded verdicts (no loader at test time):
//!
//! - `tests/fixtures/loader/copilot-agent/` (`VERDICTS.tsv`, overridden by
//!   `RECHECKED.tsv` where a file was run again by hand) and
//!   `tests/fixtures/loader/copilot-agent-edges/` (fences, scalar types,
//!   schema order, hooks, MCP servers): each file placed in
//!   `.github/agents/`. `refused`: an error; `loaded`: no error;
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

/// Every recorded file of `set` placed in `.github/agents/`: an error where
/// Copilot CLI refused it, none where it loaded it, a warning where it
/// logged a line; `copilot_cli_verdict` refuses exactly the refused ones,
/// with the CLI's own message (where it is not libyaml's wording of a YAML
/// error); a loaded agent's id is its `name`, or the one its path gives.
fn agree_with_copilot_cli(set: &str) -> (usize, HashMap<String, usize>, Vec<String>) {
    let rechecked: HashMap<String, String> = rows(set, "RECHECKED.tsv")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let mut wrong = Vec::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let verdicts = rows(set, "VERDICTS.tsv");
    for row in &verdicts {
        let (f, detail) = (&row[0], &row[2]);
        let verdict = rechecked.get(f).unwrap_or(&row[1]).as_str();
        *counts.entry(verdict.to_owned()).or_default() += 1;
        let text = read(set, f);
        let path = PathBuf::from(format!("/p/.github/agents/{f}"));
        let kind = analysis::detect(&path, |_| false);
        assert_eq!(kind, Some(FileKind::CopilotAgent), "{f}");
        let name = formats::path_name(FileKind::CopilotAgent, &path);
        let diags =
            analysis::check_file(&text, Target::new(FileKind::CopilotAgent), name.as_deref());
        let count = |s| diags.iter().filter(|d| d.severity == s).count();
        let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        let ok = match verdict {
            "refused" => errors > 0,
            "loaded-warning" => errors == 0 && warnings > 0,
            _ => errors == 0,
        };
        let public = copilot::copilot_cli_verdict(&text);
        if !ok || public.is_err() != (verdict == "refused") {
            let said: Vec<String> = diags
                .iter()
                .map(|d| format!("{} {:?} {}", d.rule.code, d.severity, d.message))
                .collect();
            wrong.push(format!(
                "{set}/{f}: Copilot CLI {verdict} ({detail}); copilot_cli_verdict: {public:?}; agentls: {said:?}"
            ));
            continue;
        }
        // The CLI's own message, where it logged one, is the one agentls
        // gives (libyaml words YAML errors its own way).
        if verdict == "refused"
            && let Some(reason) =
                detail.strip_prefix("[ERROR] custom agent markdown frontmatter is malformed: ")
            && (!reason.starts_with("failed to parse YAML frontmatter: ")
                || reason.contains("duplicate entry")
                || reason.contains("more than one document"))
        {
            let message = public
                .as_ref()
                .err()
                .map(|r| r.message.clone())
                .unwrap_or_default();
            if !message.ends_with(reason) {
                wrong.push(format!(
                    "{set}/{f}: the CLI logs {reason:?}; agentls says {message:?}"
                ));
            }
        }
        // The id it lists the agent under.
        if let (Ok(agent), Some(id)) = (
            &public,
            row.get(3).and_then(|r| {
                serde_json::from_str::<serde_json::Value>(r).ok()?["name"]
                    .as_str()
                    .map(str::to_owned)
            }),
        ) {
            let ours = agent.name.clone().or(name.clone()).unwrap_or_default();
            // (The oracle trims the list it reads the ids from.)
            if ours.trim() != id {
                wrong.push(format!(
                    "{set}/{f}: listed as {id:?}; agentls names it {ours:?}"
                ));
            }
        }
    }
    (verdicts.len(), counts, wrong)
}

#[test]
fn custom_agents_agree_with_copilot_cli() {
    let mut all = Vec::new();
    let mut total = 0;
    for (set, expected) in [("copilot-agent", 182), ("copilot-agent-edges", 195)] {
        let (n, counts, wrong) = agree_with_copilot_cli(set);
        assert_eq!(n, expected, "{set}");
        for class in ["refused", "loaded", "loaded-warning"] {
            assert!(
                counts.get(class).copied().unwrap_or(0) >= 5,
                "{set}: {counts:?}"
            );
        }
        total += n;
        all.extend(wrong);
    }
    assert!(
        all.is_empty(),
        "{} of {total} files disagree with Copilot CLI:\n{}",
        all.len(),
        all.join("\n")
    );
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
            wrong.push(format!(
                "{f}: the model is told {theirs:?}; agentls shows {ours:?}"
            ));
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
