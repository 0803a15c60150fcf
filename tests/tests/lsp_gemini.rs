//! Gemini CLI subagents over LSP, in process and through the real binary: a
//! document is opened at a path that makes it one (`.gemini/agents/`),
//! edited incrementally, and its diagnostics (exact ranges), quick fixes
//! (applied), completions, hovers and code lens are checked. Positions are
//! UTF-16 (`name: ` is 6 characters, `tools: ` 7).

use agentls_e2e::{Client, Transport, edit};
use serde_json::{Value, json};

const AGENT: &str = "file:///tmp/agentls-e2e-gemini/.gemini/agents/reviewer.md";

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

/// The quick fixes offered for a published diagnostic.
fn fixes(c: &mut Client, diagnostic: &Value) -> Vec<Value> {
    c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": AGENT}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}}),
    )
    .as_array()
    .cloned()
    .unwrap_or_default()
}

/// Applies the fix titled `title` of `diagnostic` as version `version`.
fn apply(c: &mut Client, diagnostic: &Value, title: &str, version: i64) {
    let actions = fixes(c, diagnostic);
    let action = actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no fix {title:?} in {actions:?}"));
    c.apply_workspace_edit(AGENT, version, &action["edit"]);
}

fn hover(c: &mut Client, line: u32, character: u32) -> String {
    c.request("textDocument/hover", at(line, character))["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn scenario(t: Transport) {
    let mut c = start(t);
    // 0 ---
    // 1 name: Code Reviewer
    // 2 description: Reviews code
    // 3 tools: Read, Grep
    // 4 ---
    // 5 You review code.
    c.open(
        AGENT,
        1,
        "---\nname: Code Reviewer\ndescription: Reviews code\ntools: Read, Grep\n---\nYou review code.\n",
    );
    let (_, d) = c.wait_diagnostics(AGENT);
    assert_eq!(
        agentls_e2e::render_all(&d),
        ["1:6-1:19 error AG944", "3:7-3:17 error AG947"]
    );
    assert!(
        d[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Gemini CLI refuses this agent")),
        "{}",
        d[0]
    );
    // The name as a slug, then the tools as a list of Gemini CLI's names.
    apply(&mut c, &d[0], "Replace with `code-reviewer`", 2);
    let (_, d) = c.wait_diagnostics(AGENT);
    assert_eq!(agentls_e2e::render_all(&d), ["3:7-3:17 error AG947"]);
    apply(&mut c, &d[0], "Write the tools as a list", 3);
    c.expect_diagnostics(AGENT, Some(3), &[]);

    // Claude Code's `color`: an unknown key, which Gemini CLI refuses.
    c.change(AGENT, 4, &[edit((4, 0), (4, 0), "color: cyan\n")]);
    let (_, d) = c.wait_diagnostics(AGENT);
    assert_eq!(agentls_e2e::render_all(&d), ["4:0-4:5 error AG943"]);
    apply(&mut c, &d[0], "Remove `color`", 5);
    c.expect_diagnostics(AGENT, Some(5), &[]);

    // Completion of a key: the Gemini catalog, without the keys present.
    c.change(AGENT, 6, &[edit((4, 0), (4, 0), "m\n")]);
    let _ = c.wait_diagnostics(AGENT);
    let keys = labels(&c.request("textDocument/completion", at(4, 1)));
    for k in [
        "max_turns",
        "mcp_servers",
        "model",
        "temperature",
        "timeout_mins",
    ] {
        assert!(keys.contains(&k.to_owned()), "{k}: {keys:?}");
    }
    for k in ["name", "tools", "color", "maxTurns", "permissionMode"] {
        assert!(!keys.contains(&k.to_owned()), "{k}: {keys:?}");
    }
    // The values of `kind`.
    c.change(AGENT, 7, &[edit((4, 0), (4, 1), "kind: ")]);
    let _ = c.wait_diagnostics(AGENT);
    assert_eq!(
        labels(&c.request("textDocument/completion", at(4, 6))),
        ["local", "remote"]
    );
    c.change(AGENT, 8, &[edit((4, 0), (5, 0), "")]);
    c.expect_diagnostics(AGENT, Some(8), &[]);

    // Hovers: a key (the catalog, linked to Gemini CLI's documentation) and
    // a tool of the list.
    let md = hover(&mut c, 3, 2);
    assert!(
        md.starts_with("**tools** · optional · list of tool names"),
        "{md}"
    );
    assert!(
        md.contains("[Gemini CLI docs: Subagents, Tool wildcards](https://geminicli.com/docs/core/subagents/#tool-wildcards)"),
        "{md}"
    );
    assert_eq!(
        hover(&mut c, 3, 10),
        "**read_file**: Reads one file (ReadFile)."
    );

    // The lens shows the entry the model sees.
    let lenses = c.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": AGENT}}),
    );
    assert_eq!(
        lenses[0]["command"]["title"],
        "Gemini CLI lists: <subagent>↵    <name>code-reviewer</name>↵    <description>Reviews code</description>↵  </subagent>"
    );

    // Spaces after the closing `---`: Gemini CLI then drops the body.
    c.change(AGENT, 9, &[edit((4, 3), (4, 3), "  ")]);
    let (_, d) = c.wait_diagnostics(AGENT);
    assert_eq!(agentls_e2e::render_all(&d), ["4:0-4:5 warning AG949"]);
    apply(&mut c, &d[0], "Remove the spaces after `---`", 10);
    c.expect_diagnostics(AGENT, Some(10), &[]);
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

#[test]
fn gemini_agent_in_process() {
    scenario(Transport::Duplex);
}

#[test]
fn gemini_agent_through_the_binary() {
    scenario(Transport::Stdio);
}
