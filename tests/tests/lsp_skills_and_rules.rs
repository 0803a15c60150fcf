//! Agent Skills and Cursor rules over LSP, and the `targets` setting: a
//! document opened where its tool reads it, edited incrementally, with
//! exact diagnostics (UTF-16 positions), a quick fix applied, completion,
//! hover and the code lens; then the targets changed by the client.

use agentls_e2e::{Client, Transport, edit, render_all};
use serde_json::{Value, json};

const AGENT_SKILL: &str = "file:///tmp/agentls-e2e-more/.agents/skills/pdf-tools/SKILL.md";
const RULE: &str = "file:///tmp/agentls-e2e-more/.cursor/rules/style.mdc";
const CLAUDE_SKILL: &str = "file:///tmp/agentls-e2e-more/.claude/skills/review/SKILL.md";

fn start(t: Transport, options: Value) -> Client {
    let mut c = Client::start(t);
    c.initialize_params(json!({
        "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
        "initializationOptions": options,
        "processId": null,
        "rootUri": null,
    }));
    c
}

fn agent_skill(t: Transport) {
    let mut c = start(t, json!(null));
    // 0 ---
    // 1 name: pdf-tools
    // 2 description: Use when: the user mentions PDFs
    // 3 ---
    c.open(
        AGENT_SKILL,
        1,
        "---\nname: pdf-tools\ndescription: Use when: the user mentions PDFs\n---\nRead the PDF.\n",
    );
    // Copilot CLI (strict YAML) refuses it; Codex's retry rescues the line.
    let (_, d) = c.wait_diagnostics(AGENT_SKILL);
    assert_eq!(render_all(&d), ["2:13-2:45 error AG851"]);
    let message = d[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("Copilot CLI refuses this skill: failed to parse YAML frontmatter"),
        "{message}"
    );
    let fix = c.quick_fixes(AGENT_SKILL, &d[0])[0].clone();
    assert_eq!(fix["title"], "Quote the value");
    c.apply_workspace_edit(AGENT_SKILL, 2, &fix["edit"]);
    c.expect_diagnostics(AGENT_SKILL, Some(2), &[]);
    // A name outside the standard's grammar, then one Copilot CLI refuses.
    c.change(AGENT_SKILL, 3, &[edit((1, 6), (1, 15), "PDF Tools")]);
    c.expect_diagnostics(AGENT_SKILL, Some(3), &["1:6-1:15 warning AG855"]);
    c.change(AGENT_SKILL, 4, &[edit((1, 6), (1, 7), "-")]);
    c.expect_diagnostics(AGENT_SKILL, Some(4), &["1:6-1:15 error AG852"]);
    c.change(AGENT_SKILL, 5, &[edit((1, 6), (1, 15), "pdf-tools")]);
    c.expect_diagnostics(AGENT_SKILL, Some(5), &[]);
    // Removing the description: Codex refuses (Copilot CLI would use the body).
    c.change(AGENT_SKILL, 6, &[edit((2, 0), (3, 0), "")]);
    let (_, d) = c.wait_diagnostics(AGENT_SKILL);
    assert_eq!(render_all(&d), ["0:0-0:3 error AG853"]);
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Codex refuses this skill: missing field `description`")
    );
    // Completion offers the standard's fields; hover documents them.
    c.change(AGENT_SKILL, 7, &[edit((2, 0), (2, 0), "l\n")]);
    let _ = c.wait_diagnostics(AGENT_SKILL);
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": AGENT_SKILL}, "position": {"line": 2, "character": 1}}),
    );
    let labels: Vec<&str> = items
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["label"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        labels.contains(&"license")
            && labels.contains(&"compatibility")
            && !labels.contains(&"tools"),
        "{labels:?}"
    );
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": AGENT_SKILL}, "position": {"line": 1, "character": 2}}),
    );
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .contains("agentskills.io"),
        "{h}"
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

fn cursor_rule(t: Transport) {
    let mut c = start(t, json!(null));
    // 0 ---
    // 1 description: House style
    // 2 globs: "*.ts", src/**
    // 3 alwaysApply: yes
    // 4 ---
    c.open(
        RULE,
        1,
        "---\ndescription: House style\nglobs: \"*.ts\", src/**\nalwaysApply: yes\n---\nUse tabs.\n",
    );
    let (_, d) = c.wait_diagnostics(RULE);
    assert_eq!(
        render_all(&d),
        ["2:7-2:13 warning AG991", "3:13-3:16 warning AG992"]
    );
    assert_eq!(
        c.code_lens_titles(RULE),
        [
            "Cursor applies this rule: Auto Attached (when a file matching \"*.ts\", src/** is in context)"
        ]
    );
    let fix = c.quick_fixes(RULE, &d[0])[0].clone();
    assert_eq!(fix["title"], "Remove the quotes");
    c.apply_workspace_edit(RULE, 2, &fix["edit"]);
    c.expect_diagnostics(RULE, Some(2), &["3:13-3:16 warning AG992"]);
    c.change(RULE, 3, &[edit((3, 13), (3, 16), "true")]);
    c.expect_diagnostics(RULE, Some(3), &["2:0-2:5 hint AG993"]);
    assert_eq!(
        c.code_lens_titles(RULE),
        ["Cursor applies this rule: Always (in every request)"]
    );
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": RULE}, "position": {"line": 3, "character": 3}}),
    );
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .starts_with("**alwaysApply**"),
        "{h}"
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

/// A Claude Code skill Copilot CLI would refuse: a warning naming Copilot
/// CLI while it is targeted (by default, since it reads `.claude/skills`),
/// none once the client targets Claude Code alone, and back again.
fn targets(t: Transport) {
    let text = "---\ndescription: Reviews code\nuser-invocable: maybe\n---\nReview.\n";
    let mut c = start(t, json!({"targets": ["claude"]}));
    c.open(CLAUDE_SKILL, 1, text);
    c.expect_diagnostics(CLAUDE_SKILL, Some(1), &["2:16-2:21 warning AG706"]);
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"agentls": {"targets": ["claude", "copilot"]}}}),
    );
    c.expect_diagnostics(
        CLAUDE_SKILL,
        Some(1),
        &["2:16-2:21 warning AG020", "2:16-2:21 warning AG706"],
    );
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"agentls": {"targets": "claude"}}}),
    );
    c.expect_diagnostics(CLAUDE_SKILL, Some(1), &["2:16-2:21 warning AG706"]);
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

#[test]
fn agent_skill_in_process() {
    agent_skill(Transport::Duplex);
}

#[test]
fn agent_skill_through_the_binary() {
    agent_skill(Transport::Stdio);
}

#[test]
fn cursor_rule_in_process() {
    cursor_rule(Transport::Duplex);
}

#[test]
fn targets_in_process() {
    targets(Transport::Duplex);
}

#[test]
fn targets_through_the_binary() {
    targets(Transport::Stdio);
}

/// `.agentls.toml` in the workspace names the targets; a bad one is told
/// to the user once, and ignored.
fn configuration_file(t: Transport) {
    let dir = std::env::temp_dir().join(format!(
        "agentls-lsp-config-{}-{}",
        std::process::id(),
        t as u8
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".claude/skills/review")).expect("dir");
    std::fs::write(dir.join(".agentls.toml"), "targets = [\"claude\"]\n").expect("config");
    let root = format!("file://{}", dir.display());
    let uri = format!("{root}/.claude/skills/review/SKILL.md");
    let text = "---\ndescription: Reviews code\nuser-invocable: maybe\n---\nReview.\n";
    let mut c = Client::start(t);
    c.initialize_params(json!({"capabilities": {}, "processId": null, "rootUri": root}));
    c.open(&uri, 1, text);
    c.expect_diagnostics(&uri, Some(1), &["2:16-2:21 warning AG706"]);
    std::fs::write(dir.join(".agentls.toml"), "targets = 3\n").expect("config");
    c.close(&uri);
    c.expect_diagnostics(&uri, None, &[]);
    c.open(&uri, 2, text);
    c.expect_diagnostics(
        &uri,
        Some(2),
        &["2:16-2:21 warning AG020", "2:16-2:21 warning AG706"],
    );
    let message = c.wait_notification("window/showMessage");
    let said = message["message"].as_str().unwrap_or_default();
    assert!(
        said.contains(".agentls.toml: invalid type") && said.ends_with("; ignored"),
        "{said}"
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn configuration_file_in_process() {
    configuration_file(Transport::Duplex);
}

#[test]
fn configuration_file_through_the_binary() {
    configuration_file(Transport::Stdio);
}

/// An empty `targets` list is no setting: each file's default targets.
#[test]
fn an_empty_targets_list_is_no_setting() {
    let text = "---\ndescription: Reviews code\nuser-invocable: maybe\n---\nReview.\n";
    let mut c = start(Transport::Duplex, json!({"targets": []}));
    c.open(CLAUDE_SKILL, 1, text);
    c.expect_diagnostics(
        CLAUDE_SKILL,
        Some(1),
        &["2:16-2:21 warning AG020", "2:16-2:21 warning AG706"],
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

/// The portability check of the issue: a `.claude/agents` file that Claude
/// Code loads (its retry rescues the unquoted `: `) but Copilot CLI refuses
/// gets a warning naming Copilot CLI only while Copilot CLI is a target; a
/// subfolder's agent, which Copilot CLI does not read, never does.
fn claude_agent_read_by_copilot(t: Transport) {
    const FLAT: &str = "file:///tmp/agentls-e2e-more/.claude/agents/reviewer.md";
    const NESTED: &str = "file:///tmp/agentls-e2e-more/.claude/agents/team/reviewer.md";
    // 0 ---
    // 1 name: reviewer
    // 2 description: Use when: a diff is ready
    // 3 ---
    let text = "---\nname: reviewer\ndescription: Use when: a diff is ready\n---\nReview it.\n";
    let mut c = start(t, json!({"targets": ["claude", "copilot"]}));
    c.open(FLAT, 1, text);
    let (_, d) = c.wait_diagnostics(FLAT);
    assert_eq!(
        render_all(&d),
        ["2:13-2:38 warning AG005", "2:21-2:38 warning AG020"]
    );
    let said = d[1]["message"].as_str().unwrap_or_default();
    assert!(
        said.starts_with("Copilot CLI, which reads .claude/agents too, refuses this agent: custom agent markdown frontmatter is malformed: failed to parse YAML frontmatter"),
        "{said}"
    );
    // Another name: two agents of one name would be a duplicate (AG107).
    c.open(
        NESTED,
        1,
        &text.replace("name: reviewer", "name: team-reviewer"),
    );
    c.expect_diagnostics(NESTED, Some(1), &["2:13-2:38 warning AG005"]);
    // Claude Code alone: no word about Copilot CLI.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"agentls": {"targets": ["claude"]}}}),
    );
    let mut seen = std::collections::HashMap::new();
    for _ in 0..2 {
        let p = c.wait_notification("textDocument/publishDiagnostics");
        seen.insert(
            p["uri"].as_str().unwrap_or_default().to_owned(),
            render_all(p["diagnostics"].as_array().map_or(&[][..], Vec::as_slice)),
        );
    }
    assert_eq!(seen[FLAT], ["2:13-2:38 warning AG005"]);
    assert_eq!(seen[NESTED], ["2:13-2:38 warning AG005"]);
    // Fixing the value satisfies both tools.
    c.change(
        FLAT,
        2,
        &[edit((2, 13), (2, 38), "\"Use when: a diff is ready\"")],
    );
    c.expect_diagnostics(FLAT, Some(2), &[]);
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

#[test]
fn claude_agent_read_by_copilot_in_process() {
    claude_agent_read_by_copilot(Transport::Duplex);
}

#[test]
fn claude_agent_read_by_copilot_through_the_binary() {
    claude_agent_read_by_copilot(Transport::Stdio);
}
