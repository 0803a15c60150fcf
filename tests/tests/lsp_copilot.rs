//! GitHub Copilot custom agents, VS Code prompt files and chat modes over
//! LSP, in process and through the real binary: a document is opened at the
//! path that makes it one, edited incrementally, and its diagnostics (exact
//! ranges), quick fixes, completions, hovers and code lens are checked.
//! Positions are UTF-16.

use agentls_e2e::{Client, Transport, at, edit, labels};

const AGENT: &str = "file:///tmp/agentls-e2e-copilot/.github/agents/review.agent.md";
const PROMPT: &str = "file:///tmp/agentls-e2e-copilot/.github/prompts/fix.prompt.md";
const CHAT_MODE: &str = "file:///tmp/agentls-e2e-copilot/.github/chatmodes/plan.chatmode.md";

fn start(t: Transport) -> Client {
    let mut c = Client::start(t);
    c.initialize(&["utf-16"]);
    c
}

fn hover(c: &mut Client, uri: &str, line: u32, character: u32) -> String {
    c.request("textDocument/hover", at(uri, line, character))["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn agent(t: Transport) {
    let mut c = start(t);
    // 0 ---
    // 1 name: reviewer
    // 2 description: Use when: a review is asked
    // 3 ---
    // 4 Review the diff.
    c.open(
        AGENT,
        1,
        "---\nname: reviewer\ndescription: Use when: a review is asked\n---\nReview the diff.\n",
    );
    // Strict YAML: the `: ` in the plain value refuses the agent.
    let (_, diagnostics) = c.wait_diagnostics(AGENT);
    assert_eq!(
        agentls_e2e::render_all(&diagnostics),
        ["2:21-2:40 error AG801"]
    );
    let message = diagnostics[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("Copilot CLI parses the frontmatter strictly and refuses this agent"),
        "{message}"
    );
    let actions = c.quick_fixes(AGENT, &diagnostics[0]);
    assert_eq!(actions[0]["title"], "Quote the value");
    c.apply_workspace_edit(AGENT, 2, &actions[0]["edit"]);
    c.expect_diagnostics(AGENT, Some(2), &[]);

    // 3 infer: yes
    c.change(AGENT, 3, &[edit((3, 0), (3, 0), "infer: yes\n")]);
    let (_, diagnostics) = c.wait_diagnostics(AGENT);
    assert_eq!(
        agentls_e2e::render_all(&diagnostics),
        ["3:0-3:5 warning AG811", "3:7-3:10 error AG805"]
    );
    let actions = c.quick_fixes(AGENT, &diagnostics[1]);
    assert_eq!(actions[0]["title"], "Replace with true");
    c.apply_workspace_edit(AGENT, 4, &actions[0]["edit"]);
    let (_, diagnostics) = c.wait_diagnostics(AGENT);
    assert_eq!(
        agentls_e2e::render_all(&diagnostics),
        ["3:0-3:5 warning AG811"]
    );
    let actions = c.quick_fixes(AGENT, &diagnostics[0]);
    assert_eq!(actions[0]["title"], "Remove `infer`");
    c.apply_workspace_edit(AGENT, 5, &actions[0]["edit"]);
    c.expect_diagnostics(AGENT, Some(5), &[]);

    // A VS Code field: Copilot CLI ignores it (a warning), VS Code reads it.
    c.change(AGENT, 6, &[edit((3, 0), (3, 0), "target: vscod\n")]);
    let (_, diagnostics) = c.wait_diagnostics(AGENT);
    assert_eq!(
        agentls_e2e::render_all(&diagnostics),
        ["3:0-3:6 warning AG807", "3:8-3:13 warning AG812"]
    );
    let actions = c.quick_fixes(AGENT, &diagnostics[1]);
    assert_eq!(actions[0]["title"], "Replace with \"vscode\"");
    c.apply_workspace_edit(AGENT, 7, &actions[0]["edit"]);
    c.expect_diagnostics(AGENT, Some(7), &["3:0-3:6 warning AG807"]);
    let md = hover(&mut c, AGENT, 3, 2);
    assert!(md.starts_with("**target** · optional · string"), "{md}");
    assert!(md.contains("**Read by:** VS Code, GitHub.com"), "{md}");
    assert!(md.contains("[GitHub docs: "), "{md}");

    // Completion offers Copilot's fields, not Claude Code's; values of an enum.
    c.change(AGENT, 8, &[edit((4, 0), (4, 0), "m\n")]);
    let _ = c.wait_diagnostics(AGENT);
    let keys = labels(&c.request("textDocument/completion", at(AGENT, 4, 1)));
    for k in [
        "model",
        "mcp-servers",
        "handoffs",
        "disable-model-invocation",
    ] {
        assert!(keys.contains(&k.to_owned()), "{k}: {keys:?}");
    }
    for k in ["color", "permissionMode", "name", "target"] {
        assert!(!keys.contains(&k.to_owned()), "{k}: {keys:?}");
    }
    c.change(AGENT, 9, &[edit((4, 0), (4, 1), "reasoning-effort: ")]);
    assert_eq!(
        labels(&c.request("textDocument/completion", at(AGENT, 4, 18))),
        ["low", "medium", "high", "xhigh", "max"]
    );

    // `reasoning-effort:` with no value is null: refused until it has one.
    let (_, diagnostics) = c.wait_diagnostics(AGENT);
    assert_eq!(
        agentls_e2e::render_all(&diagnostics),
        ["3:0-3:6 warning AG807", "4:0-4:16 error AG805"]
    );
    assert!(c.code_lens_titles(AGENT).is_empty());
    c.change(AGENT, 10, &[edit((4, 18), (4, 18), "high")]);
    c.expect_diagnostics(AGENT, Some(10), &["3:0-3:6 warning AG807"]);

    // The lens and the hover on `name`: the line Copilot CLI lists.
    assert_eq!(
        c.code_lens_titles(AGENT),
        ["Copilot CLI lists: - **reviewer**: Use when: a review is asked"]
    );
    let md = hover(&mut c, AGENT, 1, 8);
    assert!(md.contains("`copilot --agent reviewer`"), "{md}");
    assert!(
        md.contains("- **reviewer**: Use when: a review is asked"),
        "{md}"
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

fn prompt(t: Transport) {
    let mut c = start(t);
    // 0 ---
    // 1 mode: agent
    // 2 description: Fix a bug: reproduce it first
    // 3 ---
    // 4 Fix it.
    c.open(
        PROMPT,
        1,
        "---\nmode: agent\ndescription: Fix a bug: reproduce it first\n---\nFix it.\n",
    );
    // VS Code's own YAML reads the `: ` as text: only the deprecated key.
    let (_, diagnostics) = c.wait_diagnostics(PROMPT);
    assert_eq!(
        agentls_e2e::render_all(&diagnostics),
        ["1:0-1:4 warning AG815"]
    );
    let actions = c.quick_fixes(PROMPT, &diagnostics[0]);
    assert_eq!(actions[0]["title"], "Rename to `agent`");
    c.apply_workspace_edit(PROMPT, 2, &actions[0]["edit"]);
    c.expect_diagnostics(PROMPT, Some(2), &[]);

    // `tools` with `agent: ask`: ignored.
    c.change(
        PROMPT,
        3,
        &[
            edit((1, 7), (1, 12), "ask"),
            edit((3, 0), (3, 0), "tools: [search]\n"),
        ],
    );
    c.expect_diagnostics(PROMPT, Some(3), &["3:0-3:5 warning AG817"]);
    // An unknown key, with the field it resembles.
    c.change(PROMPT, 4, &[edit((3, 0), (4, 0), "descripton: x\n")]);
    let (_, diagnostics) = c.wait_diagnostics(PROMPT);
    assert_eq!(
        agentls_e2e::render_all(&diagnostics),
        ["3:0-3:10 warning AG813"]
    );
    c.change(PROMPT, 5, &[edit((3, 0), (4, 0), "")]);
    c.expect_diagnostics(PROMPT, Some(5), &[]);

    // Completion: the prompt file's fields and `agent`'s values.
    c.change(PROMPT, 6, &[edit((3, 0), (3, 0), "a\n")]);
    let _ = c.wait_diagnostics(PROMPT);
    let keys = labels(&c.request("textDocument/completion", at(PROMPT, 3, 1)));
    for k in ["argument-hint", "model", "tools", "name"] {
        assert!(keys.contains(&k.to_owned()), "{k}: {keys:?}");
    }
    for k in ["mode", "handoffs", "target", "agent"] {
        assert!(!keys.contains(&k.to_owned()), "{k}: {keys:?}");
    }
    assert_eq!(
        labels(&c.request("textDocument/completion", at(PROMPT, 1, 7))),
        ["ask", "edit", "agent"]
    );
    let md = hover(&mut c, PROMPT, 1, 2);
    assert!(md.starts_with("**agent** · optional · string"), "{md}");
    assert!(md.contains("[VS Code docs: "), "{md}");
    // VS Code lists prompts to people, not to the model: no lens.
    assert!(c.code_lens_titles(PROMPT).is_empty());
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

fn chat_mode(t: Transport) {
    let mut c = start(t);
    c.open(
        CHAT_MODE,
        1,
        "---\ndescription: Plan the work\ntools: ['search']\n---\nPlan it.\n",
    );
    let (_, diagnostics) = c.wait_diagnostics(CHAT_MODE);
    assert_eq!(
        agentls_e2e::render_all(&diagnostics),
        ["0:0-0:3 warning AG816"]
    );
    let message = diagnostics[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("Please move this file to .github/agents/plan.agent.md"),
        "{message}"
    );
    // VS Code's boolean is a plain `true` or `false`.
    c.change(
        CHAT_MODE,
        2,
        &[edit((3, 0), (3, 0), "user-invocable: 'false'\n")],
    );
    c.expect_diagnostics(
        CHAT_MODE,
        Some(2),
        &["0:0-0:3 warning AG816", "3:16-3:23 warning AG812"],
    );
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
fn prompt_in_process() {
    prompt(Transport::Duplex);
}

#[test]
fn prompt_through_the_binary() {
    prompt(Transport::Stdio);
}

#[test]
fn chat_mode_in_process() {
    chat_mode(Transport::Duplex);
}
