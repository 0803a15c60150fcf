//! Qwen Code subagents over LSP, in process and through the real binary: a
//! document is opened at a path that makes it one (`.qwen/agents/`), edited
//! incrementally (frontmatter and body: a prompt under 10 characters
//! refuses the agent), and its diagnostics (exact ranges), quick fixes
//! (applied), completions, hovers and code lens are checked. Positions are
//! UTF-16 (`color: ` is 7 characters, `description: ` 13).

use agentls_e2e::{Client, Transport, edit};
use serde_json::{Value, json};

const AGENT: &str = "file:///tmp/agentls-e2e-qwen/.qwen/agents/reviewer.md";

fn start(t: Transport) -> Client {
    let mut c = Client::start(t);
    c.initialize(&["utf-16"]);
    c
}

fn at(line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": AGENT}, "position": {"line": line, "character": character}})
}

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|i| i["label"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Applies the fix titled `title` of `diagnostic` as version `version`.
fn apply(c: &mut Client, diagnostic: &Value, title: &str, version: i64) {
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": AGENT}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}}),
        )
        .as_array()
        .cloned()
        .unwrap_or_default();
    let action = actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no fix {title:?} in {actions:?}"));
    c.apply_workspace_edit(AGENT, version, &action["edit"]);
}

fn scenario(t: Transport) {
    let mut c = start(t);
    // 0 ---
    // 1 name: reviewer
    // 2 description: Reviews code
    // 3 color: Blue
    // 4 ---
    // 5 You review code, one line at a time.
    c.open(
        AGENT,
        1,
        "---\nname: reviewer\ndescription: Reviews code\ncolor: Blue\n---\nYou review code, one line at a time.\n",
    );
    let (_, d) = c.wait_diagnostics(AGENT);
    assert_eq!(agentls_e2e::render_all(&d), ["3:7-3:11 warning AG977"]);
    apply(&mut c, &d[0], "Replace with `blue`", 2);
    c.expect_diagnostics(AGENT, Some(2), &[]);

    // Typing in the body: a prompt under 10 characters refuses the agent.
    c.change(AGENT, 3, &[edit((5, 0), (5, 36), "Hi.")]);
    c.expect_diagnostics(AGENT, Some(3), &["5:0-5:3 error AG975"]);
    c.change(AGENT, 4, &[edit((5, 3), (5, 3), " Review the diff.")]);
    c.expect_diagnostics(AGENT, Some(4), &[]);

    // A colon in a plain value: the line reader takes over; the fix quotes it.
    c.change(AGENT, 5, &[edit((2, 25), (2, 25), ": X, Y")]);
    let (_, d) = c.wait_diagnostics(AGENT);
    assert_eq!(agentls_e2e::render_all(&d), ["2:25-2:31 warning AG971"]);
    let message = d[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("the description \"Reviews code: X, Y\""),
        "{message}"
    );
    apply(&mut c, &d[0], "Quote the value", 6);
    c.expect_diagnostics(AGENT, Some(6), &[]);

    // Values of an enumerated field, and a key's documentation.
    c.change(AGENT, 7, &[edit((4, 0), (4, 0), "approvalMode: \n")]);
    let _ = c.wait_diagnostics(AGENT);
    assert_eq!(
        labels(&c.request("textDocument/completion", at(4, 14))),
        ["default", "plan", "auto-edit", "auto", "yolo", "bubble"]
    );
    c.change(AGENT, 8, &[edit((4, 14), (4, 14), "plan")]);
    c.expect_diagnostics(AGENT, Some(8), &[]);
    let md = c.request("textDocument/hover", at(4, 3))["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        md.starts_with("**approvalMode** · optional · string"),
        "{md}"
    );
    assert!(md.contains("[Qwen Code docs: Subagents, Permission Mode](https://qwenlm.github.io/qwen-code-docs/en/users/features/sub-agents/#permission-mode)"), "{md}");
    assert_eq!(
        c.request("textDocument/hover", at(4, 16))["contents"]["value"],
        "**plan**: Analyse only: the agent plans but changes nothing."
    );

    // A reserved name refuses the agent.
    c.change(AGENT, 9, &[edit((1, 6), (1, 14), "main")]);
    c.expect_diagnostics(AGENT, Some(9), &["1:6-1:10 error AG973"]);
    c.change(AGENT, 10, &[edit((1, 6), (1, 10), "reviewer")]);
    c.expect_diagnostics(AGENT, Some(10), &[]);

    // The lens shows the line of the `agent` tool the model sees.
    let lenses = c.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": AGENT}}),
    );
    assert_eq!(
        lenses[0]["command"]["title"],
        "Qwen Code lists: - **reviewer**: Reviews code: X, Y"
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

#[test]
fn qwen_agent_in_process() {
    scenario(Transport::Duplex);
}

#[test]
fn qwen_agent_through_the_binary() {
    scenario(Transport::Stdio);
}
