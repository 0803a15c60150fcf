//! OpenCode agents and commands over LSP, in process and through the real
//! binary: documents are opened at paths that make them an agent
//! (`.opencode/agent/review/deep.md`, named `review/deep`) and a command
//! (`.opencode/command/git/commit.md`), edited incrementally, and their
//! diagnostics (exact ranges), quick fixes (applied), completions, hovers and
//! code lens are checked. Positions are UTF-16 (`mode: ` is 6 characters,
//! `tools: ` and `color: ` 7, `subtask: ` 9).

use agentls_e2e::{Client, Transport, at, edit, labels};
use serde_json::{Value, json};

const AGENT: &str = "file:///tmp/agentls-e2e-opencode/.opencode/agent/review/deep.md";
const COMMAND: &str = "file:///tmp/agentls-e2e-opencode/.opencode/command/git/commit.md";

fn start(t: Transport) -> Client {
    let mut c = Client::start(t);
    c.initialize(&["utf-16"]);
    c
}

/// Applies the fix titled `title` of `diagnostic` as version `version`.
fn apply(c: &mut Client, uri: &str, diagnostic: &Value, title: &str, version: i64) {
    let actions = c.quick_fixes(uri, diagnostic);
    let action = actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no fix {title:?} in {actions:?}"));
    c.apply_workspace_edit(uri, version, &action["edit"]);
}

fn agent(t: Transport) {
    let mut c = start(t);
    // 0 ---
    // 1 description: Reviews code
    // 2 mode: Subagent
    // 3 tools: Read, Grep
    // 4 color: cyan
    // 5 ---
    // 6 You review code.
    c.open(
        AGENT,
        1,
        "---\ndescription: Reviews code\nmode: Subagent\ntools: Read, Grep\ncolor: cyan\n---\nYou review code.\n",
    );
    let (_, d) = c.wait_diagnostics(AGENT);
    assert_eq!(
        agentls_e2e::render_all(&d),
        [
            "2:6-2:14 error AG900",
            "3:0-3:5 hint AG908",
            "3:7-3:17 error AG900",
            "4:7-4:11 error AG900"
        ]
    );
    for e in [&d[0], &d[2], &d[3]] {
        let m = e["message"].as_str().unwrap_or_default();
        assert!(
            m.contains("OpenCode rejects its whole configuration"),
            "{m}"
        );
    }
    apply(&mut c, AGENT, &d[0], "Replace with `subagent`", 2);
    let _ = c.wait_diagnostics(AGENT);
    // Claude Code's tools list means nothing here: remove the line.
    c.change(AGENT, 3, &[edit((3, 0), (4, 0), "")]);
    let (_, d) = c.wait_diagnostics(AGENT);
    assert_eq!(agentls_e2e::render_all(&d), ["3:7-3:11 error AG900"]);
    apply(&mut c, AGENT, &d[0], "Replace with `\"#00a2c7\"`", 4);
    c.expect_diagnostics(AGENT, Some(4), &[]);

    // Claude Code's `maxTurns`: sent to the provider as an option.
    c.change(AGENT, 5, &[edit((4, 0), (4, 0), "maxTurns: 5\n")]);
    let (_, d) = c.wait_diagnostics(AGENT);
    assert_eq!(agentls_e2e::render_all(&d), ["4:0-4:8 warning AG907"]);
    apply(&mut c, AGENT, &d[0], "Rename to `steps`", 6);
    c.expect_diagnostics(AGENT, Some(6), &[]);

    // Completion: the agent's keys, then the values of `mode` and `color`.
    c.change(AGENT, 7, &[edit((5, 0), (5, 0), "t\n")]);
    let _ = c.wait_diagnostics(AGENT);
    let keys = labels(&c.request("textDocument/completion", at(AGENT, 5, 1)));
    for k in ["temperature", "top_p", "permission", "variant", "tools"] {
        assert!(keys.contains(&k.to_owned()), "{k}: {keys:?}");
    }
    for k in ["steps", "mode", "prompt", "maxTurns"] {
        assert!(!keys.contains(&k.to_owned()), "{k}: {keys:?}");
    }
    c.change(AGENT, 8, &[edit((5, 0), (6, 0), "")]);
    c.expect_diagnostics(AGENT, Some(8), &[]);
    c.change(AGENT, 9, &[edit((3, 7), (3, 16), "")]);
    let (_, d) = c.wait_diagnostics(AGENT);
    assert_eq!(agentls_e2e::render_all(&d), ["3:0-3:5 error AG900"]);
    assert_eq!(
        labels(&c.request("textDocument/completion", at(AGENT, 3, 7))),
        [
            "primary",
            "secondary",
            "accent",
            "success",
            "warning",
            "error",
            "info"
        ]
    );
    c.change(AGENT, 10, &[edit((3, 7), (3, 7), "accent")]);
    c.expect_diagnostics(AGENT, Some(10), &[]);
    assert_eq!(
        c.request("textDocument/hover", at(AGENT, 3, 9))["contents"]["value"],
        "**accent**: The theme's accent color."
    );

    // Hover on a key: the catalog, linked to OpenCode's documentation.
    let md = c.request("textDocument/hover", at(AGENT, 4, 2))["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        md.starts_with("**steps** · optional · positive integer"),
        "{md}"
    );
    assert!(
        md.contains(
            "[OpenCode docs: Agents, Max steps](https://opencode.ai/docs/agents/#max-steps)"
        ),
        "{md}"
    );

    // The lens: the line of the `task` tool, named by the path.
    let lenses = c.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": AGENT}}),
    );
    assert_eq!(
        lenses[0]["command"]["title"],
        "OpenCode lists: - review/deep: Reviews code"
    );

    // Broken YAML: OpenCode reads no field at all; the fix quotes the value.
    c.change(AGENT, 11, &[edit((1, 13), (1, 25), "[Beta] reviewer")]);
    let (_, d) = c.wait_diagnostics(AGENT);
    assert_eq!(agentls_e2e::render_all(&d), ["1:20-1:28 warning AG904"]);
    apply(&mut c, AGENT, &d[0], "Quote the value", 12);
    c.expect_diagnostics(AGENT, Some(12), &[]);
    let lenses = c.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": AGENT}}),
    );
    assert_eq!(
        lenses[0]["command"]["title"],
        "OpenCode lists: - review/deep: [Beta] reviewer"
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

fn command(t: Transport) {
    let mut c = start(t);
    // 0 ---
    // 1 description: Commit
    // 2 subtask: yes
    // 3 ---
    // 4 Commit with message $1.
    c.open(
        COMMAND,
        1,
        "---\ndescription: Commit\nsubtask: yes\n---\nCommit with message $1.\n",
    );
    let (_, d) = c.wait_diagnostics(COMMAND);
    assert_eq!(agentls_e2e::render_all(&d), ["2:9-2:12 error AG900"]);
    apply(&mut c, COMMAND, &d[0], "Replace with `true`", 2);
    c.expect_diagnostics(COMMAND, Some(2), &[]);
    // `template` in a Markdown command: the body replaces it.
    c.change(COMMAND, 3, &[edit((3, 0), (3, 0), "template: Say hi\n")]);
    let (_, d) = c.wait_diagnostics(COMMAND);
    assert_eq!(agentls_e2e::render_all(&d), ["3:0-3:8 warning AG909"]);
    apply(&mut c, COMMAND, &d[0], "Remove `template`", 4);
    c.expect_diagnostics(COMMAND, Some(4), &[]);
    // Keys of a command, not of an agent.
    c.change(COMMAND, 5, &[edit((3, 0), (3, 0), "a\n")]);
    let _ = c.wait_diagnostics(COMMAND);
    let keys = labels(&c.request("textDocument/completion", at(COMMAND, 3, 1)));
    assert_eq!(keys, ["agent", "model", "variant", "name"], "{keys:?}");
    // Commands are not shown to the model: no lens.
    let lenses = c.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": COMMAND}}),
    );
    assert!(lenses.as_array().is_none_or(Vec::is_empty), "{lenses}");
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

#[test]
fn agent_in_process() {
    agent(Transport::Duplex);
}

#[test]
fn agent_through_the_binary() {
    agent(Transport::Stdio);
}

#[test]
fn command_in_process() {
    command(Transport::Duplex);
}

#[test]
fn command_through_the_binary() {
    command(Transport::Stdio);
}
