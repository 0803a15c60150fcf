//! Editing-help scenarios (completion, hover, quick fixes, colors), shared by
//! `lsp_editing_stdio.rs` and `lsp_editing_duplex.rs`. Positions are 0-based
//! `line:character`; expected ranges are worked out by hand in comments.

use agentls_e2e::{Client, Transport, edit, render_all};
use serde_json::{Value, json};

pub const AGENT: &str = "file:///tmp/agentls-e2e/.claude/agents/code-reviewer.md";

/// A client offering snippets, Markdown and `encodings`.
fn client(t: Transport, encodings: &[&str]) -> Client {
    let mut c = Client::start(t);
    c.initialize_with(json!({
        "general": {"positionEncodings": encodings},
        "textDocument": {
            "completion": {"completionItem": {"snippetSupport": true, "documentationFormat": ["markdown", "plaintext"]}},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
        },
    }));
    c
}

fn complete(c: &mut Client, line: u32, character: u32) -> Vec<Value> {
    let result = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": AGENT}, "position": {"line": line, "character": character}}),
    );
    let mut items = result.as_array().cloned().unwrap_or_default();
    items.sort_by(|a, b| a["sortText"].as_str().cmp(&b["sortText"].as_str()));
    items
}

fn labels(items: &[Value]) -> Vec<&str> {
    items.iter().filter_map(|i| i["label"].as_str()).collect()
}

/// `"line:char-line:char newText"` of an item's text edit.
fn text_edit(item: &Value) -> String {
    let e = &item["textEdit"];
    let r = &e["range"];
    format!(
        "{}:{}-{}:{} {}",
        r["start"]["line"],
        r["start"]["character"],
        r["end"]["line"],
        r["end"]["character"],
        e["newText"].as_str().unwrap_or("?")
    )
}

fn find<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["label"] == label)
        .unwrap_or_else(|| panic!("no {label} in {:?}", labels(items)))
}

pub fn completion_contexts(t: Transport) {
    let mut c = client(t, &["utf-16"]);
    // 0 ---
    // 1 name: code-reviewer
    // 2 description: Reviews code
    // 3 model: so
    // 4 tools: Read, Gr
    // 5 disallowedTools:
    // 6   - We
    // 7 (empty: a fresh key line)
    // 8 ---
    let text = "---\nname: code-reviewer\ndescription: Reviews code\nmodel: so\ntools: Read, Gr\ndisallowedTools:\n  - We\n\n---\nBody\n";
    c.open(AGENT, 1, text);
    let _ = c.wait_diagnostics(AGENT);

    // The value of `model`, cursor after `so` (3:9): aliases first, the
    // edit replaces `so` (3:7-3:9).
    let items = complete(&mut c, 3, 9);
    assert_eq!(
        &labels(&items)[..5],
        ["sonnet", "opus", "haiku", "fable", "inherit"]
    );
    assert_eq!(text_edit(find(&items, "sonnet")), "3:7-3:9 sonnet");
    assert_eq!(find(&items, "sonnet")["kind"], 20, "EnumMember");

    // After a comma in `tools` (4:15, after `Gr`): tools not yet listed,
    // common ones first, replacing `Gr` (4:13-4:15).
    let items = complete(&mut c, 4, 15);
    assert!(!labels(&items).contains(&"Read"));
    assert_eq!(labels(&items)[0], "Grep");
    assert_eq!(text_edit(find(&items, "Grep")), "4:13-4:15 Grep");
    assert_eq!(find(&items, "Grep")["kind"], 3, "Function");

    // Inside a list item of `disallowedTools` (6:6, after `We`): replaces `We` (6:4-6:6).
    let items = complete(&mut c, 6, 6);
    assert_eq!(text_edit(find(&items, "WebFetch")), "6:4-6:6 WebFetch");
    assert!(labels(&items).contains(&"mcp__*"));

    // A fresh key line (7:0): fields not present yet, as snippets `key: $0`.
    let items = complete(&mut c, 7, 0);
    let got = labels(&items);
    assert!(!got.contains(&"name") && !got.contains(&"model") && !got.contains(&"tools"));
    assert_eq!(got[0], "color");
    assert_eq!(text_edit(find(&items, "color")), "7:0-7:0 color: $0");
    assert_eq!(find(&items, "color")["insertTextFormat"], 2, "snippet");
    assert_eq!(find(&items, "hooks")["insertTextFormat"], 2);
    assert!(
        find(&items, "permissionMode")["documentation"]["value"]
            .as_str()
            .is_some_and(|d| d.contains("acceptEdits"))
    );

    // Nothing in the body.
    assert!(complete(&mut c, 9, 2).is_empty());
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

/// MCP tools named in other open agents are offered in a tools list, and
/// follow edits to those agents.
pub fn completion_workspace_mcp_tools(t: Transport) {
    const OTHER: &str = "file:///tmp/agentls-e2e/.claude/agents/triager.md";
    let mut c = client(t, &["utf-16"]);
    c.open(
        OTHER,
        1,
        "---\nname: triager\ndescription: Triages\ntools: mcp__github__create_issue\n---\nBody\n",
    );
    let _ = c.wait_diagnostics(OTHER);
    // 3 tools: Read,  (cursor at 3:13, after the comma and space)
    c.open(
        AGENT,
        1,
        "---\nname: code-reviewer\ndescription: Reviews code\ntools: Read, \n---\nBody\n",
    );
    let _ = c.wait_diagnostics(AGENT);
    let items = complete(&mut c, 3, 13);
    assert_eq!(
        text_edit(find(&items, "mcp__github__create_issue")),
        "3:13-3:13 mcp__github__create_issue"
    );

    // The other agent now names another tool (3:7-3:32 is `mcp__github__create_issue`).
    c.change(OTHER, 2, &[edit((3, 7), (3, 32), "mcp__jira__search")]);
    let _ = c.wait_diagnostics(OTHER);
    let items = complete(&mut c, 3, 13);
    let labels = labels(&items);
    assert!(labels.contains(&"mcp__jira__search"), "{labels:?}");
    assert!(!labels.contains(&"mcp__github__create_issue"), "{labels:?}");
}

pub fn completion_crlf_and_non_ascii(t: Transport, encoding: &str) {
    let mut c = client(t, &[encoding]);
    // 0 ---
    // 1 name: 漢字😀        (UTF-16: 6+1+1+2=10 units; UTF-8: 6+3+3+4=16 bytes)
    // 2 color: 😀 gr        ("color: " 7, 😀 2/4, space 1: `gr` starts at 10 / 12)
    // 3 ---
    let text = "---\r\nname: 漢字😀\r\ncolor: 😀 gr\r\n---\r\nBody\r\n";
    c.open(AGENT, 1, text);
    let _ = c.wait_diagnostics(AGENT);
    let (start, end) = if encoding == "utf-8" {
        (12, 14)
    } else {
        (10, 12)
    };
    let items = complete(&mut c, 2, end);
    // The whole value `😀 gr` is the value being replaced (7..end).
    assert_eq!(
        text_edit(find(&items, "green")),
        format!("2:7-2:{end} green")
    );
    assert_eq!(find(&items, "green")["kind"], 16, "Color");
    assert_eq!(
        find(&items, "green")["documentation"],
        "#30a46c",
        "the swatch"
    );
    let _ = start;
    // A fresh key at the end of line 1 is not a key context: the cursor is in a value.
    let items = complete(&mut c, 1, if encoding == "utf-8" { 16 } else { 10 });
    assert!(
        items.is_empty(),
        "no completions for `name` values: {:?}",
        labels(&items)
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

fn hover(c: &mut Client, line: u32, character: u32) -> Value {
    c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": AGENT}, "position": {"line": line, "character": character}}),
    )
}

fn hover_range(h: &Value) -> String {
    let r = &h["range"];
    format!(
        "{}:{}-{}:{}",
        r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"]
    )
}

pub fn hovers(t: Transport) {
    let mut c = client(t, &["utf-16"]);
    // 0 ---
    // 1 name: code-reviewer
    // 2 description: Reviews code
    // 3 tools: Read, Task, Bash(git *)
    // 4 model: opus
    // 5 color: cyan
    // 6 permissionMode: plan
    // 7 ---
    let text = "---\nname: code-reviewer\ndescription: Reviews code\ntools: Read, Task, Bash(git *)\nmodel: opus\ncolor: cyan\npermissionMode: plan\n---\nBody\n";
    c.open(AGENT, 1, text);
    let _ = c.wait_diagnostics(AGENT);
    // Every key has documentation.
    for (line, key) in [
        (1, "name"),
        (2, "description"),
        (3, "tools"),
        (4, "model"),
        (5, "color"),
        (6, "permissionMode"),
    ] {
        let h = hover(&mut c, line, 1);
        assert_eq!(
            hover_range(&h),
            format!("{line}:0-{line}:{}", key.len()),
            "{key}"
        );
        assert_eq!(h["contents"]["kind"], "markdown");
        assert!(
            h["contents"]["value"]
                .as_str()
                .is_some_and(|v| v.starts_with(&format!("**{key}**"))),
            "{key}: {h}"
        );
    }
    // Values.
    let h = hover(&mut c, 1, 8);
    assert!(
        h["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("@agent-code-reviewer"))
    );
    let h = hover(&mut c, 3, 14); // in `Task` (13..17)
    assert_eq!(hover_range(&h), "3:13-3:17");
    assert!(
        h["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("renamed to **Agent**"))
    );
    let h = hover(&mut c, 3, 25); // in `Bash(git *)` (19..30)
    assert_eq!(hover_range(&h), "3:19-3:30");
    let h = hover(&mut c, 4, 8);
    assert!(
        h["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("**opus** (model alias)"))
    );
    let h = hover(&mut c, 5, 8);
    assert!(
        h["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("#00a2c7"))
    );
    let h = hover(&mut c, 6, 17);
    assert!(
        h["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("read-only"))
    );
    // Nothing in the body.
    assert_eq!(hover(&mut c, 8, 1), Value::Null);
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

/// A value for each key of the catalog, in order: the document of
/// [`hover_every_key`].
const EVERY_KEY: &[(&str, &str)] = &[
    ("name", "code-reviewer"),
    ("description", "Reviews code"),
    ("tools", "Read, Grep"),
    ("disallowedTools", "Write"),
    ("model", "sonnet"),
    ("color", "cyan"),
    ("permissionMode", "plan"),
    ("maxTurns", "10"),
    ("skills", "api-conventions"),
    ("mcpServers", "[github]"),
    ("hooks", "{}"),
    ("memory", "project"),
    ("background", "false"),
    ("effort", "high"),
    ("isolation", "worktree"),
    ("initialPrompt", "Start"),
    ("omitClaudeMd", "true"),
    ("autoCompactWindow", "200000"),
    ("observer", "x"),
    ("observerMessage", "x"),
    ("observeSubagents", "false"),
    ("observeToolResults", "false"),
    ("experimental", "{cacheTtl: 5m}"),
];

/// A hover on every key of the catalog, one per line: its range is the
/// key, and it says what the key does, its values, its default, what Claude
/// Code does with a bad value, and links to the docs. Returns every hover,
/// for a snapshot.
pub fn hover_every_key(t: Transport) -> String {
    let catalog: Vec<&str> = agentls::catalog::claude_agent::FIELDS
        .iter()
        .map(|f| f.name)
        .collect();
    let listed: Vec<&str> = EVERY_KEY.iter().map(|(k, _)| *k).collect();
    assert_eq!(listed, catalog, "the document has every key of the catalog");
    let mut c = client(t, &["utf-16"]);
    // Line 0 is `---`; key i is on line i + 1.
    let mut text = String::from("---\n");
    for (key, value) in EVERY_KEY {
        text.push_str(&format!("{key}: {value}\n"));
    }
    text.push_str("---\nBody\n");
    c.open(AGENT, 1, &text);
    let _ = c.wait_diagnostics(AGENT);
    let mut out = String::new();
    for (i, (key, _)) in EVERY_KEY.iter().enumerate() {
        let line = u32::try_from(i + 1).expect("few lines");
        // On the key's last character.
        let h = hover(&mut c, line, u32::try_from(key.len() - 1).expect("short"));
        assert_eq!(
            hover_range(&h),
            format!("{line}:0-{line}:{}", key.len()),
            "{key}"
        );
        assert_eq!(h["contents"]["kind"], "markdown", "{key}");
        let md = h["contents"]["value"].as_str().unwrap_or_default();
        assert!(md.starts_with(&format!("**{key}** · ")), "{key}: {md}");
        for section in [
            "\n- **Values:** ",
            "\n- **Default:** ",
            "\n- **If invalid:** ",
        ] {
            assert!(md.contains(section), "{key} has no {section:?}: {md}");
        }
        assert!(
            md.contains("](https://code.claude.com/docs/en/"),
            "{key}: no link: {md}"
        );
        out.push_str(&format!("== {key} ({})\n{md}\n\n", hover_range(&h)));
    }
    assert_eq!(c.shutdown().unwrap_or(0), 0);
    out
}

/// `name [kind] range` of every symbol, depth-first, as [`walk`] renders them.
fn symbols(c: &mut Client) -> Vec<String> {
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": AGENT}}),
    );
    let mut got = Vec::new();
    walk(&symbols, 0, &mut got);
    got
}

/// Hover, color swatches and the outline while a key is half typed (the
/// YAML is invalid), then with the closing `---` deleted as well: the
/// intact entries keep them, with the same ranges.
pub fn editing_broken_frontmatter(t: Transport) {
    let mut c = Client::start(t);
    c.initialize_with(json!({
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": {
            "hover": {"contentFormat": ["markdown"]},
            "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
        },
    }));
    // 0 ---
    // 1 name: rev
    // 2 description: Reviews code
    // 3 color: 'cyan' # hi
    // 4 (empty: a key is typed here)
    // 5 tools: Read, Grep
    // 6 ---
    // 7 # Role
    // 8 Text.
    let text = "---\nname: rev\ndescription: Reviews code\ncolor: 'cyan' # hi\n\ntools: Read, Grep\n---\n# Role\nText.\n";
    c.open(AGENT, 1, text);
    let _ = c.wait_diagnostics(AGENT);
    let check = |c: &mut Client, step: &str, frontmatter: &str| {
        let h = hover(c, 1, 2);
        assert_eq!(hover_range(&h), "1:0-1:4", "{step}: {h}");
        assert!(
            h["contents"]["value"]
                .as_str()
                .is_some_and(|v| v.starts_with("**name** · required")),
            "{step}: {h}"
        );
        // `Grep` is 5:13-5:17; `rev` 1:6-1:9.
        let h = hover(c, 5, 15);
        assert_eq!(hover_range(&h), "5:13-5:17", "{step}: {h}");
        let h = hover(c, 1, 7);
        assert!(
            h["contents"]["value"]
                .as_str()
                .is_some_and(|v| v.contains("@agent-rev")),
            "{step}: {h}"
        );
        let colors = c.request(
            "textDocument/documentColor",
            json!({"textDocument": {"uri": AGENT}}),
        );
        assert_eq!(
            colors
                .as_array()
                .map(|a| a.iter().map(|i| i["range"].clone()).collect::<Vec<_>>()),
            Some(vec![
                json!({"start": {"line": 3, "character": 7}, "end": {"line": 3, "character": 13}})
            ]),
            "{step}: {colors}"
        );
        assert_eq!(
            symbols(c),
            [
                frontmatter,
                "  name [7] 1:0-1:9",
                "  description [7] 2:0-2:25",
                "  color [7] 3:0-3:18",
                "  tools [7] 5:0-5:17",
                "Role [15] 7:0-9:0",
            ],
            "{step}"
        );
    };
    check(&mut c, "valid", "frontmatter [3] 0:0-6:3");
    // `mo` typed on line 4: invalid YAML, Claude Code reads no field.
    c.change(AGENT, 2, &[edit((4, 0), (4, 0), "mo")]);
    let (_, diagnostics) = c.wait_diagnostics(AGENT);
    assert!(
        render_all(&diagnostics).iter().any(|d| d.contains("AG004")),
        "{diagnostics:?}"
    );
    check(&mut c, "half-typed key", "frontmatter [3] 0:0-6:3");
    // The closing `---` deleted too: the frontmatter runs to its last entry.
    c.change(AGENT, 3, &[edit((6, 0), (7, 0), "")]);
    let (_, diagnostics) = c.wait_diagnostics(AGENT);
    assert!(
        render_all(&diagnostics).iter().any(|d| d.contains("AG003")),
        "{diagnostics:?}"
    );
    // Lines 7-8 are now 6-7: `# Role` is on line 6.
    let h = hover(&mut c, 1, 2);
    assert_eq!(hover_range(&h), "1:0-1:4", "{h}");
    let got = symbols(&mut c);
    assert_eq!(
        got,
        [
            "frontmatter [3] 0:0-5:17",
            "  name [7] 1:0-1:9",
            "  description [7] 2:0-2:25",
            "  color [7] 3:0-3:18",
            "  tools [7] 5:0-5:17",
            "Role [15] 6:0-8:0",
        ]
    );
    let colors = c.request(
        "textDocument/documentColor",
        json!({"textDocument": {"uri": AGENT}}),
    );
    assert_eq!(
        colors[0]["range"],
        json!({"start": {"line": 3, "character": 7}, "end": {"line": 3, "character": 13}}),
        "{colors}"
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

/// A client that takes only plain text gets text without Markdown: no
/// `#` headings, `>` quotes, `**` or backticks, in key, value, description
/// and example hovers.
pub fn hover_plain_text(t: Transport) {
    let mut c = Client::start(t);
    c.initialize_with(json!({"textDocument": {"hover": {"contentFormat": ["plaintext"]}}}));
    // 0 ---
    // 1 name: a
    // 2 description: Use it *often*.\n<example>\nContext: c\nuser: "one"\nassistant: ok\n<commentary>why</commentary>\n</example>
    // 3 model: haiku
    // 4 tools: Bash(git *), mcp__*
    // 5 ---
    let description = r#"Use it *often*.\n<example>\nContext: c\nuser: "one"\nassistant: ok\n<commentary>why</commentary>\n</example>"#;
    c.open(
        AGENT,
        1,
        &format!("---\nname: a\ndescription: {description}\nmodel: haiku\ntools: Bash(git *), mcp__*\n---\nBody\n"),
    );
    let _ = c.wait_diagnostics(AGENT);
    let text = |h: &Value| {
        assert_eq!(h["contents"]["kind"], "plaintext", "{h}");
        let v = h["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        for markup in ["**", "`", "\n#", "\n>", "\n  >"] {
            assert!(!v.contains(markup), "{markup:?} in {v}");
        }
        assert!(!v.starts_with(['#', '>']), "{v}");
        v
    };
    let v = text(&hover(&mut c, 3, 8));
    assert!(v.starts_with("haiku (model alias)"), "{v}");
    // The summary (13 is `U`): the whole preview.
    let v = text(&hover(&mut c, 2, 14));
    assert_eq!(
        v,
        "a\n\nUse it often.\n\nExample 1\n\n  Context: c\n\nuser\n  one\n\nassistant\n  ok\n\nwhy"
    );
    // Inside the example (`Context` starts at 13 + 24 = 37): that example.
    let v = text(&hover(&mut c, 2, 40));
    assert_eq!(
        v,
        "Example 1\n\n  Context: c\n\nuser\n  one\n\nassistant\n  ok\n\nwhy"
    );
    // A key: its sections, as text.
    let v = text(&hover(&mut c, 3, 1));
    assert!(v.starts_with("model · optional · string\n\n"), "{v}");
    assert!(
        v.contains("\n- Default: The main conversation's model"),
        "{v}"
    );
    assert!(
        v.ends_with("(https://code.claude.com/docs/en/sub-agents#choose-a-model)"),
        "{v}"
    );
    // A rule keeps its `*`; so does `mcp__*` (7 + 13 = 20 is past `Bash(git *), `).
    let v = text(&hover(&mut c, 4, 10));
    assert!(v.contains("Limited by the rule git *."), "{v}");
    let v = text(&hover(&mut c, 4, 22));
    assert!(v.starts_with("mcp__* only works in disallowedTools"), "{v}");
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

/// Applies a workspace edit's text edits as one didChange (last edit first,
/// so earlier positions stay valid), as an editor applying a code action does.
fn apply(c: &mut Client, version: i64, workspace_edit: &Value) {
    let mut edits = workspace_edit["changes"][AGENT]
        .as_array()
        .cloned()
        .unwrap_or_default();
    edits.sort_by_key(|e| {
        std::cmp::Reverse((
            e["range"]["start"]["line"].as_u64(),
            e["range"]["start"]["character"].as_u64(),
        ))
    });
    let changes: Vec<Value> = edits
        .iter()
        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
        .collect();
    c.change(AGENT, version, &changes);
}

fn actions_at(c: &mut Client, diagnostic: &Value) -> Vec<Value> {
    c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": AGENT}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}}),
    )
    .as_array()
    .cloned()
    .unwrap_or_default()
}

/// Every quick fix, applied the way an editor does, removes its diagnostic
/// and adds none.
pub fn quick_fixes(t: Transport) {
    let mut c = client(t, &["utf-16"]);
    let text = "---\nName: X\ndescription: Reviews: code\ntools: Read, Task, Grpe\ncolor: Blue\nmodel: sonet\nbackground: yes\nallowed-tools: Read\n---\nBody\n";
    c.open(AGENT, 1, text);
    let mut published = c.wait_diagnostics(AGENT);
    let mut version = 1;
    let mut fixed = Vec::new();
    loop {
        let diagnostics = published.1.clone();
        let Some((d, action)) = diagnostics.iter().find_map(|d| {
            actions_at(&mut c, d)
                .into_iter()
                .next()
                .map(|a| (d.clone(), a))
        }) else {
            break;
        };
        assert_eq!(action["kind"], "quickfix");
        assert_eq!(action["diagnostics"][0]["code"], d["code"]);
        version += 1;
        apply(&mut c, version, &action["edit"]);
        published = c.wait_diagnostics(AGENT);
        assert_eq!(published.0, Some(version));
        let before: Vec<String> = render_all(&diagnostics)
            .into_iter()
            .map(|s| s.split(' ').skip(1).collect::<Vec<_>>().join(" "))
            .collect();
        let after: Vec<String> = render_all(&published.1)
            .into_iter()
            .map(|s| s.split(' ').skip(1).collect::<Vec<_>>().join(" "))
            .collect();
        assert!(
            after.len() < before.len(),
            "{} did not remove its diagnostic: {after:?}",
            action["title"]
        );
        for a in &after {
            assert!(before.contains(a), "{} introduced {a}", action["title"]);
        }
        fixed.push(action["title"].as_str().unwrap_or_default().to_owned());
        assert!(fixed.len() < 20, "fixing does not converge: {fixed:?}");
    }
    // What remains has no fix; what was fixed is what we expect.
    assert_eq!(
        fixed,
        [
            "Rename to \"name: x\"",
            "Quote the value as Claude Code reads it",
            "Replace with Agent",
            "Replace with \"Grep\"",
            "Replace with \"blue\"",
            "Replace with \"sonnet\"",
            "Replace with true",
            "Remove \"allowed-tools\"",
        ]
    );
    assert_eq!(render_all(&published.1), Vec::<String>::new());
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

pub fn colors(t: Transport) {
    let mut c = client(t, &["utf-16"]);
    c.open(
        AGENT,
        1,
        "---\nname: a\ndescription: b\ncolor: purple\n---\nBody\n",
    );
    let _ = c.wait_diagnostics(AGENT);
    let infos = c.request(
        "textDocument/documentColor",
        json!({"textDocument": {"uri": AGENT}}),
    );
    assert_eq!(infos.as_array().map(Vec::len), Some(1), "{infos}");
    assert_eq!(
        infos[0]["range"],
        json!({"start": {"line": 3, "character": 7}, "end": {"line": 3, "character": 13}})
    );
    let red = infos[0]["color"]["red"].as_f64().unwrap_or(0.0);
    assert!((red - f64::from(0x8e_u8) / 255.0).abs() < 1e-3, "{infos}");
    // The picker offers the eight colors, nearest first.
    let p = c.request(
        "textDocument/colorPresentation",
        json!({"textDocument": {"uri": AGENT}, "color": {"red": 0.0, "green": 0.6, "blue": 0.3, "alpha": 1.0}, "range": infos[0]["range"]}),
    );
    assert_eq!(p.as_array().map(Vec::len), Some(8));
    assert_eq!(p[0]["label"], "green");
    assert_eq!(p[0]["textEdit"]["newText"], "green");
    // A bad color gets no swatch.
    c.change(AGENT, 2, &[edit((3, 7), (3, 13), "magenta")]);
    let _ = c.wait_diagnostics(AGENT);
    let colors = |c: &mut Client| {
        c.request(
            "textDocument/documentColor",
            json!({"textDocument": {"uri": AGENT}}),
        )
    };
    assert_eq!(colors(&mut c), json!([]));
    // A comment after the value is not in the swatch's range, so picking a
    // color keeps it: `color: 'cyan' # hi`, the value is 3:7-3:13.
    c.change(AGENT, 3, &[edit((3, 7), (3, 14), "'cyan' # hi")]);
    let _ = c.wait_diagnostics(AGENT);
    let infos = colors(&mut c);
    let range = json!({"start": {"line": 3, "character": 7}, "end": {"line": 3, "character": 13}});
    assert_eq!(infos[0]["range"], range, "{infos}");
    // A hover on the comment (3:16) is not a hover on the color.
    assert_eq!(hover(&mut c, 3, 16), Value::Null);
    assert_eq!(hover_range(&hover(&mut c, 3, 9)), "3:7-3:13");
    let p = c.request(
        "textDocument/colorPresentation",
        json!({"textDocument": {"uri": AGENT}, "color": {"red": 0.9, "green": 0.3, "blue": 0.3, "alpha": 1.0}, "range": range}),
    );
    assert_eq!(p[0]["textEdit"]["newText"], "red");
    c.change(
        AGENT,
        4,
        &[json!({"range": p[0]["textEdit"]["range"], "text": "red"})],
    );
    let (_, diagnostics) = c.wait_diagnostics(AGENT);
    assert_eq!(render_all(&diagnostics), Vec::<String>::new());
    // Now `color: red # hi`: the value is 3:7-3:10.
    let infos = colors(&mut c);
    assert_eq!(
        infos[0]["range"],
        json!({"start": {"line": 3, "character": 7}, "end": {"line": 3, "character": 10}}),
        "{infos}"
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

/// `(name, kind, "line:char-line:char")` of every symbol, depth-first.
fn walk(symbols: &Value, depth: usize, out: &mut Vec<String>) {
    for s in symbols.as_array().into_iter().flatten() {
        let r = &s["range"];
        out.push(format!(
            "{}{} [{}] {}:{}-{}:{}",
            "  ".repeat(depth),
            s["name"].as_str().unwrap_or("?"),
            s["kind"],
            r["start"]["line"],
            r["start"]["character"],
            r["end"]["line"],
            r["end"]["character"]
        ));
        walk(&s["children"], depth + 1, out);
    }
}

pub fn outline_and_folding(t: Transport) {
    let mut c = Client::start(t);
    c.initialize_with(
        json!({"textDocument": {"documentSymbol": {"hierarchicalDocumentSymbolSupport": true}}}),
    );
    // 0 ---            5   user: "check"     10 # Role
    // 1 name: rev      6   </example>        11 Text.
    // 2 description: | 7 model: sonnet       12 ## Steps
    // 3   <example>    8 ---                 13 One.
    // 4   Context: c   9 (empty)
    let text = "---\nname: rev\ndescription: |\n  <example>\n  Context: c\n  user: \"check\"\n  </example>\nmodel: sonnet\n---\n\n# Role\nText.\n## Steps\nOne.\n";
    c.open(AGENT, 1, text);
    let _ = c.wait_diagnostics(AGENT);
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": AGENT}}),
    );
    let mut got = Vec::new();
    walk(&symbols, 0, &mut got);
    assert_eq!(
        got,
        [
            "frontmatter [3] 0:0-8:3",
            "  name [7] 1:0-1:9",
            "  description [7] 2:0-6:12",
            "    Example 1: Context: c [24] 3:2-6:12",
            "  model [7] 7:0-7:13",
            "Role [15] 10:0-14:0",
            "  Steps [15] 12:0-14:0",
        ]
    );
    let folds = c.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": AGENT}}),
    );
    let mut lines: Vec<(u64, u64)> = folds
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap_or(0),
                f["endLine"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    lines.sort_unstable();
    // The frontmatter, the description value, its example, and the two sections.
    assert_eq!(lines, [(0, 8), (2, 6), (3, 6), (10, 13), (12, 13)]);
    // A client without nested symbols gets a flat list with containers.
    let mut c2 = Client::start(match t {
        Transport::Stdio => Transport::Stdio,
        Transport::Duplex => Transport::Duplex,
    });
    c2.initialize(&["utf-16"]);
    c2.open(AGENT, 1, text);
    let _ = c2.wait_diagnostics(AGENT);
    let flat = c2.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": AGENT}}),
    );
    let example = flat
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["name"] == "Example 1: Context: c")
        .cloned()
        .unwrap_or_default();
    assert_eq!(example["containerName"], "description");
    assert_eq!(c2.shutdown().unwrap_or(0), 0);
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}
