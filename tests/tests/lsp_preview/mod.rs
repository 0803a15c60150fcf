//! Example preview scenarios (hover, code lens, command, request) and the
//! description/frontmatter rewrite actions, shared by the stdio and duplex
//! test files. Expected ranges are worked out by hand in comments.

use agentls_e2e::{Client, Transport, edit};
use serde_json::{Value, json};

/// In a subfolder of `.claude/agents/`, which Copilot CLI does not read: Claude
/// Code's verdicts alone.
pub const AGENT: &str = "file:///tmp/agentls-e2e/.claude/agents/team/backend-architect.md";

/// The seed agent 000: a double-quoted description with `\\n` escapes and
/// two examples.
pub const SEED: &str = include_str!("../../fixtures/seeds/000_135de6437549c4ed.md");

fn start(t: Transport) -> Client {
    let mut c = Client::start(t);
    c.initialize(&["utf-16"]);
    c
}

fn hover(c: &mut Client, line: u32, character: u32) -> Value {
    c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": AGENT}, "position": {"line": line, "character": character}}),
    )
}

/// The UTF-16 column of the `n`th occurrence of `needle` on line 2 (the description).
fn column(needle: &str, n: usize) -> u32 {
    let line = SEED.lines().nth(2).unwrap_or_default();
    let byte = line
        .match_indices(needle)
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("no {needle}"));
    u32::try_from(line[..byte].encode_utf16().count()).unwrap_or(0)
}

pub fn hover_inside_example_two(t: Transport) -> String {
    let mut c = start(t);
    c.open(AGENT, 1, SEED);
    let _ = c.wait_diagnostics(AGENT);
    // Inside the second example's user turn.
    let at = column("Can you review this backend", 0);
    let h = hover(&mut c, 2, at + 3);
    let md = h["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(md.starts_with("#### Example 2\n"), "{md}");
    assert!(
        md.contains("**user**\n> Can you review this backend architecture"),
        "{md}"
    );
    // The hover's range is the whole second example, from its `<example>`
    // to the end of its `</example>`.
    let from = column("<example>", 1);
    let to = column("</example>", 1) + 10;
    assert_eq!(
        h["range"],
        json!({"start": {"line": 2, "character": from}, "end": {"line": 2, "character": to}})
    );
    // On the lead sentence: the whole preview.
    let h = hover(&mut c, 2, 20);
    let all = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        all.starts_with("### backend-architect\n\nUse this agent when"),
        "{all}"
    );
    assert!(all.contains("#### Example 1") && all.contains("#### Example 2"));
    assert_eq!(c.shutdown().unwrap_or(0), 0);
    md
}

pub fn lens_command_and_request(t: Transport) -> String {
    let mut c = start(t);
    c.open(AGENT, 1, SEED);
    let _ = c.wait_diagnostics(AGENT);
    let lenses = c.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": AGENT}}),
    );
    assert_eq!(lenses.as_array().map(Vec::len), Some(2), "{lenses}");
    // On the `name` key: what Claude Code lists for the agent, on one line.
    assert_eq!(
        lenses[0]["range"],
        json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 4}})
    );
    let roster = lenses[0]["command"]["title"].as_str().unwrap_or_default();
    assert!(
        roster.starts_with("Claude Code lists: - backend-architect: Use this agent when")
            && roster.ends_with('…')
            && roster.chars().count() == 121
            && !roster.contains('\n'),
        "{roster}"
    );
    // On the `description` key: line 2, characters 0..11.
    assert_eq!(
        lenses[1]["range"],
        json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 11}})
    );
    assert_eq!(lenses[1]["command"]["title"], "Preview 2 examples");
    assert_eq!(lenses[1]["command"]["command"], "agentls.previewExamples");
    // The lens's command, executed as an editor would.
    let markdown = c.request(
        "workspace/executeCommand",
        json!({"command": "agentls.previewExamples", "arguments": lenses[1]["command"]["arguments"]}),
    );
    let markdown = markdown.as_str().unwrap_or_default().to_owned();
    // The custom request answers the same, with the version.
    let r = c.request(
        "agentls/previewExamples",
        json!({"textDocument": {"uri": AGENT}}),
    );
    assert_eq!(r["markdown"], markdown);
    assert_eq!(r["version"], 1);
    // From the current edited state: rename the agent, and the preview follows.
    c.change(AGENT, 2, &[edit((1, 6), (1, 23), "api-architect")]);
    let _ = c.wait_diagnostics(AGENT);
    let r = c.request(
        "agentls/previewExamples",
        json!({"textDocument": {"uri": AGENT}}),
    );
    assert!(
        r["markdown"]
            .as_str()
            .is_some_and(|m| m.starts_with("### api-architect\n")),
        "{r}"
    );
    assert_eq!(r["version"], 2);
    // Without examples, the lens still opens the preview.
    c.change(
        AGENT,
        3,
        &[agentls_e2e::replace_all(
            "---\nname: api\ndescription: Designs backends.\n---\nBody\n",
        )],
    );
    let _ = c.wait_diagnostics(AGENT);
    let lenses = c.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": AGENT}}),
    );
    assert_eq!(
        lenses[0]["command"]["title"],
        "Claude Code lists: - api: Designs backends. (Tools: All tools)",
        "{lenses}"
    );
    assert_eq!(
        lenses[1]["command"]["title"], "Preview description",
        "{lenses}"
    );
    // Unknown documents are an error, not a crash.
    let err = c.request_raw(
        "agentls/previewExamples",
        json!({"textDocument": {"uri": "file:///nope.md"}}),
    );
    assert_eq!(err["error"]["code"], -32602, "{err}");
    assert_eq!(c.shutdown().unwrap_or(0), 0);
    markdown
}

fn actions(c: &mut Client, line: u32, only: &str) -> Vec<Value> {
    c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": AGENT}, "range": {"start": {"line": line, "character": 2}, "end": {"line": line, "character": 2}}, "context": {"diagnostics": [], "only": [only]}}),
    )
    .as_array()
    .cloned()
    .unwrap_or_default()
}

pub fn rewrite_to_block_and_back(t: Transport) {
    let mut c = start(t);
    let text = "---\nname: rev\ndescription: Reviews code.\\n<example>\\nuser: \"check\"\\nassistant: \"I'll use rev\"\\n</example>\nmodel: sonnet\n---\nBody\n";
    c.open(AGENT, 1, text);
    let _ = c.wait_diagnostics(AGENT);
    let before = c.request(
        "agentls/previewExamples",
        json!({"textDocument": {"uri": AGENT}}),
    )["markdown"]
        .clone();
    let found = actions(&mut c, 2, "refactor.rewrite");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["title"], "Rewrite description as a block scalar");
    c.apply_workspace_edit(AGENT, 2, &found[0]["edit"]);
    let (_, diags) = c.wait_diagnostics(AGENT);
    assert_eq!(diags, Vec::<Value>::new());
    // The example is now on its own lines, and reads the same.
    let h = hover(&mut c, 5, 8); // line 5: `  user: "check"`
    assert!(
        h["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.starts_with("#### Example 1")),
        "{h}"
    );
    let after = c.request(
        "agentls/previewExamples",
        json!({"textDocument": {"uri": AGENT}}),
    )["markdown"]
        .clone();
    assert_eq!(after, before);
    // And back.
    let found = actions(&mut c, 2, "refactor.rewrite");
    assert_eq!(found[0]["title"], "Rewrite description as one line");
    c.apply_workspace_edit(AGENT, 3, &found[0]["edit"]);
    let _ = c.wait_diagnostics(AGENT);
    let back = c.request(
        "agentls/previewExamples",
        json!({"textDocument": {"uri": AGENT}}),
    )["markdown"]
        .clone();
    assert_eq!(back, before);
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

pub fn normalize_frontmatter(t: Transport) {
    let mut c = start(t);
    // Keys out of order, and a value only Claude Code's retry can read.
    let text = "---\ncolor: blue\ndescription: Reviews: code\nname: rev\n---\nBody\n";
    c.open(AGENT, 1, text);
    let (_, diags) = c.wait_diagnostics(AGENT);
    assert_eq!(agentls_e2e::render_all(&diags), ["2:13-2:26 warning AG005"]);
    let found = actions(&mut c, 1, "source");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0]["title"], "Normalize frontmatter");
    assert_eq!(found[0]["kind"], "source.normalizeFrontmatter");
    // "source" takes fix-all too: AG005's quoting is a safe fix.
    assert_eq!(found[1]["kind"], "source.fixAll.agentls");
    c.apply_workspace_edit(AGENT, 2, &found[0]["edit"]);
    let (version, diags) = c.wait_diagnostics(AGENT);
    assert_eq!(version, Some(2));
    assert_eq!(diags, Vec::<Value>::new(), "strict YAML now, same meaning");
    // Nothing more to normalize.
    assert!(actions(&mut c, 1, "source").is_empty());
    let h = hover(&mut c, 1, 2);
    assert!(
        h["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.starts_with("**name**")),
        "name comes first now: {h}"
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}
