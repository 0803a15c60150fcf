//! Claude Code skills, slash commands and output styles over LSP, in
//! process and through the real binary: a document is opened at the path
//! that makes it one, edited incrementally, and its diagnostics (exact
//! ranges), completions, hovers, quick fixes and code lenses are checked.
//! Positions are UTF-16 (`description: ` is 13 characters, `user-invocable: ` 16).

use agentls_e2e::{Client, Transport, at, edit, labels};

const SKILL: &str = "file:///tmp/agentls-e2e-formats/.claude/skills/review/SKILL.md";
const COMMAND: &str = "file:///tmp/agentls-e2e-formats/.claude/commands/git/commit.md";
const STYLE: &str = "file:///tmp/agentls-e2e-formats/.claude/output-styles/terse.md";

fn start(t: Transport) -> Client {
    let mut c = Client::start(t);
    c.initialize(&["utf-16"]);
    c
}

fn skill(t: Transport) {
    let mut c = start(t);
    // 0 ---
    // 1 description: Reviews code
    // 2 user-invocable: maybe
    // 3 ---
    // 4 Review the diff.
    c.open(
        SKILL,
        1,
        "---\ndescription: Reviews code\nuser-invocable: maybe\n---\nReview the diff.\n",
    );
    // Claude Code reads `maybe` as false; Copilot CLI, which reads
    // `.claude/skills` too (a default target here), refuses the skill.
    c.expect_diagnostics(
        SKILL,
        Some(1),
        &["2:16-2:21 warning AG020", "2:16-2:21 warning AG706"],
    );

    // Fix the value by typing over it.
    c.change(SKILL, 2, &[edit((2, 16), (2, 21), "false")]);
    c.expect_diagnostics(SKILL, Some(2), &[]);

    // A misspelt key: a warning with a fix to the field it resembles.
    c.change(SKILL, 3, &[edit((3, 0), (3, 0), "efort: high\n")]);
    let (_, diagnostics) = c.wait_diagnostics(SKILL);
    assert_eq!(
        agentls_e2e::render_all(&diagnostics),
        ["3:0-3:5 warning AG201"]
    );
    let actions = c.quick_fixes(SKILL, &diagnostics[0]);
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["title"], "Replace with \"effort\"");
    c.apply_workspace_edit(SKILL, 4, &actions[0]["edit"]);
    c.expect_diagnostics(SKILL, Some(4), &[]);

    // Removing the description: the model is shown the body's first line.
    c.change(SKILL, 5, &[edit((1, 0), (2, 0), "")]);
    c.expect_diagnostics(SKILL, Some(5), &["0:0-0:3 hint AG702"]);
    c.change(
        SKILL,
        6,
        &[edit((1, 0), (1, 0), "description: Reviews code\n")],
    );
    c.expect_diagnostics(SKILL, Some(6), &[]);

    // Completion on a new key line offers the skill's fields, not an agent's.
    c.change(SKILL, 7, &[edit((4, 0), (4, 0), "a\n")]);
    let _ = c.wait_diagnostics(SKILL);
    let keys = labels(&c.request("textDocument/completion", at(SKILL, 4, 1)));
    for k in ["allowed-tools", "when_to_use", "argument-hint", "context"] {
        assert!(keys.contains(&k.to_owned()), "{k}: {keys:?}");
    }
    for k in ["tools", "color", "permissionMode"] {
        assert!(!keys.contains(&k.to_owned()), "{k}: {keys:?}");
    }
    // Values of an enumerated field.
    c.change(SKILL, 8, &[edit((4, 0), (4, 1), "context: ")]);
    let _ = c.wait_diagnostics(SKILL);
    assert_eq!(
        labels(&c.request("textDocument/completion", at(SKILL, 4, 9))),
        ["fork", "inline"]
    );

    // Hover on a key: the skill catalog's documentation.
    let h = c.request("textDocument/hover", at(SKILL, 2, 3));
    let md = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        md.starts_with("**user-invocable** · optional · boolean"),
        "{md}"
    );
    assert!(md.contains("code.claude.com/docs/en/skills"), "{md}");

    // The lens shows the listing line the model sees, named by the folder.
    assert_eq!(
        c.code_lens_titles(SKILL),
        ["Claude Code lists: - review: Reviews code"]
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

fn command(t: Transport) {
    let mut c = start(t);
    // 0 ---
    // 1 name: commit-it
    // 2 description: Commits staged changes
    // 3 ---
    c.open(
        COMMAND,
        1,
        "---\nname: commit-it\ndescription: Commits staged changes\n---\nCommit.\n",
    );
    let (_, diagnostics) = c.wait_diagnostics(COMMAND);
    assert_eq!(
        agentls_e2e::render_all(&diagnostics),
        ["1:0-1:4 warning AG707"]
    );
    let message = diagnostics[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("`/git:commit`"), "{message}");
    let actions = c.quick_fixes(COMMAND, &diagnostics[0]);
    assert_eq!(actions[0]["title"], "Remove `name`");
    c.apply_workspace_edit(COMMAND, 2, &actions[0]["edit"]);
    c.expect_diagnostics(COMMAND, Some(2), &[]);
    assert_eq!(
        c.code_lens_titles(COMMAND),
        ["Claude Code lists: - git:commit: Commits staged changes"]
    );
    // Broken YAML: the command still loads, with every field dropped.
    c.change(COMMAND, 3, &[edit((1, 35), (1, 35), "\n- oops")]);
    let (_, diagnostics) = c.wait_diagnostics(COMMAND);
    assert_eq!(
        agentls_e2e::render_all(&diagnostics),
        ["2:2-2:6 warning AG701"]
    );
    let message = diagnostics[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("loads it as `/git:commit` with the description \"Commit.\""),
        "{message}"
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

fn output_style(t: Transport) {
    let mut c = start(t);
    // 0 ---
    // 1 name: Terse
    // 2 force-for-plugin: true
    // 3 ---
    c.open(
        STYLE,
        1,
        "---\nname: Terse\nforce-for-plugin: true\n---\nBe terse.\n",
    );
    c.expect_diagnostics(STYLE, Some(1), &["2:0-2:16 warning AG709"]);
    c.change(
        STYLE,
        2,
        &[edit((2, 0), (3, 0), "keep-coding-instructions: yes\n")],
    );
    c.expect_diagnostics(STYLE, Some(2), &[]);
    assert_eq!(
        c.code_lens_titles(STYLE),
        ["Claude Code adds to the system prompt: # Output Style: Terse"]
    );
    let keys = labels(&c.request("textDocument/completion", at(STYLE, 1, 1)));
    assert_eq!(
        keys,
        ["name", "description", "force-for-plugin"],
        "{keys:?}"
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

#[test]
fn skill_in_process() {
    skill(Transport::Duplex);
}

#[test]
fn skill_through_the_binary() {
    skill(Transport::Stdio);
}

#[test]
fn command_in_process() {
    command(Transport::Duplex);
}

#[test]
fn command_through_the_binary() {
    command(Transport::Stdio);
}

#[test]
fn output_style_in_process() {
    output_style(Transport::Duplex);
}
