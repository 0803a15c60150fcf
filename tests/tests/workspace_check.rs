//! `agentls check` over a folder as one workspace: the cross-file
//! diagnostics (a skill and a command of one name, a built-in agent's name,
//! a reference to nothing) and the roster cost line and JSON field.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn agentls(args: &[&str], dir: &Path) -> Output {
    Command::new(agentls_e2e::StdioServer::binary())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run agentls")
}

fn workspace() -> PathBuf {
    let root = std::env::temp_dir().join(format!("agentls-check-ws-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        ".claude/agents/plan.md",
        "---\nname: Plan\ndescription: Plans the work\n---\nHand over to @agent-builder.\n",
    );
    write(
        ".claude/skills/deploy/SKILL.md",
        "---\ndescription: Deploys the app\n---\nDeploy.\n",
    );
    write(
        ".claude/commands/deploy.md",
        "---\ndescription: Deploys\n---\nDeploy.\n",
    );
    std::path::absolute(&root).expect("absolute")
}

#[test]
fn cross_file_diagnostics_and_the_roster_line() {
    let root = workspace();
    let out = agentls(&["check", "--format", "json", "."], &root);
    assert_eq!(out.status.code(), Some(0), "warnings and hints only");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let found: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {}:{} {} {} {}",
                d["path"].as_str().unwrap_or_default(),
                d["line"],
                d["column"],
                d["severity"].as_str().unwrap_or_default(),
                d["code"].as_str().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default()
            )
        })
        .filter(|d| d.contains("AG107") || d.contains("AG116"))
        .collect();
    let abs = |rel: &str| format!("./{rel}");
    assert_eq!(
        found,
        [
            "./.claude/agents/plan.md 2:7 warning AG1160 Claude Code has a built-in agent named \"Plan\": this file replaces it in every session, including where the built-in was meant. Rename the agent unless that is the point.".to_owned(),
            "./.claude/agents/plan.md 5:21 hint AG1161 No Claude Code agent named \"builder\" in this workspace, and no built-in one: unless ~/.claude/agents defines it, it will not be found.".to_owned(),
            format!("./.claude/commands/deploy.md 1:1 warning AG107 The skill {} is also /deploy: Claude Code keeps the skill and ignores this command ({}).", abs(".claude/skills/deploy/SKILL.md"), abs(".claude/commands/deploy.md")),
            format!("./.claude/skills/deploy/SKILL.md 1:1 warning AG107 The command {} is also /deploy: Claude Code keeps this skill ({}) and ignores the command.", abs(".claude/commands/deploy.md"), abs(".claude/skills/deploy/SKILL.md")),
        ]
    );
    let roster = &json["roster"];
    assert_eq!(roster.as_array().map(Vec::len), Some(1));
    assert_eq!(roster[0]["tool"], "Claude Code");
    assert_eq!(
        roster[0]["listed"],
        serde_json::json!({"agent": 1, "skill": 1, "command": 1})
    );
    let chars = roster[0]["chars"].as_u64().expect("chars");
    let files = roster[0]["files"].as_array().expect("files");
    assert_eq!(
        files
            .iter()
            .filter_map(|f| f["chars"].as_u64())
            .sum::<u64>(),
        chars
    );
    assert_eq!(roster[0]["tokens"].as_u64(), Some((chars + 2) / 4));

    let human = agentls(&["check", "."], &root);
    let stdout = String::from_utf8_lossy(&human.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let roster_line = lines[lines.len() - 2];
    assert!(
        roster_line.starts_with(&format!(
            "Roster for Claude Code: 1 agent, 1 skill, 1 command, {chars} chars ≈ {} tokens (characters / 4) in every session (largest: {} {}",
            (chars + 2) / 4,
            files[0]["path"].as_str().unwrap_or_default(),
            files[0]["chars"]
        )),
        "{roster_line}"
    );
    let _ = std::fs::remove_dir_all(&root);
}
