//! Editing-help scenarios (completion, hover, quick fixes, colors), shared by
//! `lsp_editing_stdio.rs` and `lsp_editing_duplex.rs`. Positions are 0-based
//! `line:character`; expected ranges are worked out by hand in comments.

use agentls_e2e::{Client, Transport, edit, render_all, replace_all};
use serde_json::{Value, json};

/// In a subfolder of `.claude/agents/`: Claude Code reads it, Copilot CLI
/// (which reads only the files directly in `.claude/agents/`) does not, so
/// the scenarios see Claude Code's verdicts alone.
pub const AGENT: &str = "file:///tmp/agentls-e2e/.claude/agents/team/code-reviewer.md";

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

fn labels(items: &[Value]) -> Vec<&str> {
    items.iter().filter_map(|i| i["label"].as_str()).collect()
}

/// `"line:char-line:char newText"` of an edit.
fn edit_string(e: &Value) -> String {
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

/// An item's text edit, as [`edit_string`].
fn text_edit(item: &Value) -> String {
    edit_string(&item["textEdit"])
}

fn find<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["label"] == label)
        .unwrap_or_else(|| panic!("no {label} in {:?}", labels(items)))
}

/// Compares `value` with the snapshot `name` in `lsp_editing/snapshots/`,
/// one file for both transports (they must answer the same).
fn snapshot(name: &str, value: &str) {
    insta::with_settings!({prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!(name, value);
    });
}

/// Each item as `label | edit | format`, one per line.
fn item_lines(items: &[Value]) -> String {
    items
        .iter()
        .map(|i| {
            let format = if i["insertTextFormat"] == 2 {
                "snippet"
            } else {
                "plain"
            };
            format!(
                "{} | {} | {format}",
                i["label"].as_str().unwrap_or("?"),
                text_edit(i)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A snippet's text as an editor inserts it: placeholders replaced by their
/// default text, escapes resolved.
fn expand_snippet(snippet: &str) -> String {
    let mut out = String::new();
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                if chars.peek() == Some(&':') {
                    chars.next();
                }
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => out.extend(chars.next()),
                        '}' => break,
                        c => out.push(c),
                    }
                }
            }
            '$' if chars.peek().is_some_and(char::is_ascii_digit) => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The editor's side of one open agent file: it asks for completions and
/// accepts items into its own copy of the text the way VS Code and Neovim
/// do (snippet expanded, lines after the first indented like the cursor's
/// line unless the item is `insertTextMode: asIs`, additional edits
/// applied), sending each acceptance to the server as one `didChange`.
struct Editor {
    c: Client,
    text: String,
    version: i64,
    utf8: bool,
    /// The diagnostics last published, rendered.
    diagnostics: Vec<String>,
}

impl Editor {
    /// Opens `text` as [`AGENT`] in a client of `capabilities`.
    fn open(t: Transport, capabilities: Value, text: &str) -> Self {
        let mut c = Client::start(t);
        let init = c.initialize_with(capabilities);
        let utf8 = init["capabilities"]["positionEncoding"] == "utf-8";
        c.open(AGENT, 1, text);
        let published = c.wait_diagnostics(AGENT);
        Self {
            c,
            text: text.to_owned(),
            version: 1,
            utf8,
            diagnostics: render_all(&published.1),
        }
    }

    /// A client offering snippets and Markdown, and `encoding`.
    fn with_snippets(t: Transport, encoding: &str, text: &str) -> Self {
        Self::open(
            t,
            json!({
                "general": {"positionEncodings": [encoding]},
                "textDocument": {"completion": {"completionItem": {"snippetSupport": true}}},
            }),
            text,
        )
    }

    /// The byte offset of an LSP position.
    fn offset(&self, position: &Value) -> usize {
        let line = usize::try_from(position["line"].as_u64().unwrap_or(0)).unwrap_or(0);
        let mut character = position["character"].as_u64().unwrap_or(0);
        let start: usize = self
            .text
            .split_inclusive('\n')
            .take(line)
            .map(str::len)
            .sum();
        let mut at = start;
        for ch in self.text[start..].chars() {
            if character == 0 || ch == '\n' || ch == '\r' {
                break;
            }
            let units = if self.utf8 {
                ch.len_utf8()
            } else {
                ch.len_utf16()
            };
            character = character.saturating_sub(u64::try_from(units).unwrap_or(1));
            at += ch.len_utf8();
        }
        at
    }

    /// The items at `line:character`, in the editor's order; `trigger` is
    /// the trigger character typed, if any (else an explicit request).
    fn complete(&mut self, line: u32, character: u32, trigger: Option<&str>) -> Vec<Value> {
        let context = match trigger {
            Some(ch) => json!({"triggerKind": 2, "triggerCharacter": ch}),
            None => json!({"triggerKind": 1}),
        };
        let result = self.c.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": AGENT}, "position": {"line": line, "character": character}, "context": context}),
        );
        let mut items = result.as_array().cloned().unwrap_or_default();
        items.sort_by(|a, b| a["sortText"].as_str().cmp(&b["sortText"].as_str()));
        let at = self.offset(&json!({"line": line, "character": character}));
        for i in &items {
            let r = &i["textEdit"]["range"];
            assert_eq!(r["start"]["line"], r["end"]["line"], "one line: {i}");
            assert!(
                self.offset(&r["start"]) <= at && at <= self.offset(&r["end"]),
                "the edit does not contain the cursor: {i}"
            );
        }
        items
    }

    /// Accepts `item`; returns the diagnostics published for the result.
    fn accept(&mut self, item: &Value) -> Vec<String> {
        let main = &item["textEdit"];
        let mut new_text = main["newText"].as_str().unwrap_or_default().to_owned();
        if item["insertTextFormat"] == 2 {
            new_text = expand_snippet(&new_text);
        }
        let start = self.offset(&main["range"]["start"]);
        if item["insertTextMode"] != 1 {
            let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
            let line = &self.text[line_start..start];
            let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
            new_text = new_text.replace('\n', &format!("\n{indent}"));
        }
        let mut edits = vec![json!({"range": main["range"], "newText": new_text})];
        edits.extend(
            item["additionalTextEdits"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
        );
        let mut byte_edits: Vec<(usize, usize, Value)> = edits
            .into_iter()
            .map(|e| {
                (
                    self.offset(&e["range"]["start"]),
                    self.offset(&e["range"]["end"]),
                    e,
                )
            })
            .collect();
        // Last first, so that earlier positions stay valid, as editors send them.
        byte_edits.sort_by_key(|(s, _, _)| std::cmp::Reverse(*s));
        let mut changes = Vec::new();
        for (s, e, edit) in byte_edits {
            let text = edit["newText"].as_str().unwrap_or_default();
            self.text.replace_range(s..e, text);
            changes.push(json!({"range": edit["range"], "text": text}));
        }
        self.version += 1;
        self.c.change(AGENT, self.version, &changes);
        let published = self.c.wait_diagnostics(AGENT);
        assert_eq!(published.0, Some(self.version));
        self.diagnostics = render_all(&published.1);
        self.diagnostics.clone()
    }

    /// Line `n` of the editor's text.
    fn line(&self, n: usize) -> &str {
        self.text
            .split('\n')
            .nth(n)
            .unwrap_or_default()
            .trim_end_matches('\r')
    }

    /// Replaces the whole text (a new version), and waits for diagnostics.
    fn set(&mut self, text: &str) {
        self.version += 1;
        self.text = text.to_owned();
        self.c.change(AGENT, self.version, &[replace_all(text)]);
        self.diagnostics = render_all(&self.c.wait_diagnostics(AGENT).1);
    }

    fn shutdown(mut self) {
        assert_eq!(self.c.shutdown().unwrap_or(0), 0);
    }
}

/// The head of the agents the completion scenarios use (lines 0 to 2).
const HEAD: &str = "---\nname: code-reviewer\ndescription: Reviews code\n";

/// The value of each enumerated field, after `key: ` (line 3): the exact
/// list, the edit at the cursor, and the file after accepting the first
/// item, whose warning about the empty value is gone.
pub fn completion_empty_values(t: Transport) {
    let mut ed = Editor::with_snippets(t, "utf-16", &format!("{HEAD}model: \n---\nBody\n"));
    assert_eq!(ed.diagnostics, Vec::<String>::new());
    let items = ed.complete(3, 7, Some(" "));
    snapshot("completion_model", &item_lines(&items));
    assert_eq!(text_edit(&items[0]), "3:7-3:7 sonnet");
    assert_eq!(items[0]["kind"], 20, "EnumMember");
    assert_eq!(ed.accept(&items[0]), Vec::<String>::new());
    assert_eq!(ed.line(3), "model: sonnet");

    // (key, its values, the warning about the empty value)
    let cases: [(&str, &[&str], Option<&str>); 7] = [
        (
            "color",
            &[
                "red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan",
            ],
            None,
        ),
        (
            "permissionMode",
            &[
                "default",
                "acceptEdits",
                "auto",
                "dontAsk",
                "bypassPermissions",
                "plan",
                "manual",
            ],
            Some("AG303"),
        ),
        ("memory", &["user", "project", "local"], Some("AG305")),
        (
            "effort",
            &["low", "medium", "high", "xhigh", "max"],
            Some("AG307"),
        ),
        ("isolation", &["worktree", "remote"], Some("AG308")),
        ("background", &["true", "false"], Some("AG306")),
        ("omitClaudeMd", &["true", "false"], None),
    ];
    for (key, values, warning) in cases {
        for blanks in [" ", "   "] {
            ed.set(&format!("{HEAD}{key}:{blanks}\n---\nBody\n"));
            let at = u32::try_from(key.len() + 1 + blanks.len()).unwrap_or(0);
            let codes: Vec<&str> = ed
                .diagnostics
                .iter()
                .filter_map(|d| d.rsplit(' ').next())
                .collect();
            assert_eq!(
                codes,
                warning.into_iter().collect::<Vec<_>>(),
                "{key}:{blanks:?}"
            );
            let items = ed.complete(3, at, Some(" "));
            assert_eq!(labels(&items), values, "{key}");
            assert_eq!(
                text_edit(&items[0]),
                format!("3:{at}-3:{at} {}", values[0]),
                "{key}"
            );
            assert_eq!(items[0]["insertTextFormat"], 1, "{key}");
            assert_eq!(ed.accept(&items[0]), Vec::<String>::new(), "{key}");
            assert_eq!(ed.line(3), format!("{key}:{blanks}{}", values[0]));
        }
    }

    // Typed right after the colon (the `:` trigger): the item brings the blank.
    ed.set(&format!("{HEAD}model:\n---\nBody\n"));
    let items = ed.complete(3, 6, Some(":"));
    let sonnet = find(&items, "sonnet");
    assert_eq!(text_edit(sonnet), "3:6-3:6  sonnet");
    assert_eq!(sonnet["filterText"], "sonnet");
    assert_eq!(ed.accept(sonnet), Vec::<String>::new());
    assert_eq!(ed.line(3), "model: sonnet");

    // A trailing comment stays.
    ed.set(&format!("{HEAD}model: sonnet # pinned\n---\nBody\n"));
    let items = ed.complete(3, 13, None);
    assert_eq!(text_edit(find(&items, "opus")), "3:7-3:13 opus");
    assert_eq!(ed.accept(find(&items, "opus")), Vec::<String>::new());
    assert_eq!(ed.line(3), "model: opus # pinned");

    // Quoted keys and blanks before the colon.
    ed.set(&format!("{HEAD}\"color\" : \n---\nBody\n"));
    let items = ed.complete(3, 10, Some(" "));
    assert_eq!(labels(&items).len(), 8);
    assert_eq!(ed.accept(find(&items, "cyan")), Vec::<String>::new());
    assert_eq!(ed.line(3), "\"color\" : cyan");
    ed.shutdown();
}

/// Tools in each list form: the exact list (tools already listed left out,
/// common ones first), the edit, and the file after accepting `Grep`.
pub fn completion_tool_lists(t: Transport) {
    let mut ed = Editor::with_snippets(t, "utf-16", &format!("{HEAD}tools: Read, \n---\nBody\n"));
    assert_eq!(ed.diagnostics, Vec::<String>::new());
    // After a comma and a blank (3:13).
    let items = ed.complete(3, 13, Some(" "));
    snapshot("completion_tools_after_read", &item_lines(&items));
    let all = labels(&items)
        .iter()
        .map(|s| (*s).to_owned())
        .collect::<Vec<_>>();
    assert_eq!(text_edit(&items[0]), "3:13-3:13 Grep");
    assert_eq!(items[0]["kind"], 3, "Function");
    assert_eq!(ed.accept(&items[0]), Vec::<String>::new());
    assert_eq!(ed.line(3), "tools: Read, Grep");

    // Right after the comma (the `,` trigger): the item brings the blank.
    ed.set(&format!("{HEAD}tools: Read,\n---\nBody\n"));
    let items = ed.complete(3, 12, Some(","));
    assert_eq!(labels(&items), all);
    assert_eq!(text_edit(&items[0]), "3:12-3:12  Grep");
    assert_eq!(ed.accept(&items[0]), Vec::<String>::new());
    assert_eq!(ed.line(3), "tools: Read, Grep");

    // The flow-list form.
    ed.set(&format!("{HEAD}tools: [Read, ]\n---\nBody\n"));
    let items = ed.complete(3, 14, Some(" "));
    assert_eq!(labels(&items), all);
    assert_eq!(text_edit(&items[0]), "3:14-3:14 Grep");
    assert_eq!(ed.accept(&items[0]), Vec::<String>::new());
    assert_eq!(ed.line(3), "tools: [Read, Grep]");

    // A flow list continued on the next line (4:4, after `Gr`).
    ed.set(&format!("{HEAD}tools: [Read,\n  Gr]\n---\nBody\n"));
    let items = ed.complete(4, 4, None);
    assert_eq!(labels(&items), all);
    assert_eq!(text_edit(&items[0]), "4:2-4:4 Grep");
    assert_eq!(ed.accept(&items[0]), Vec::<String>::new());
    assert_eq!(ed.line(4), "  Grep]");

    // The YAML-list form: after `- ` (5:4), right after `-` (5:3), and on an
    // indented empty line under the list (5:2), where items bring their dash.
    for (line, at, trigger, edit) in [
        ("  - ", 4, Some(" "), "5:4-5:4 Grep"),
        ("  -", 3, Some("-"), "5:3-5:3  Grep"),
        ("  ", 2, None, "5:2-5:2 - Grep"),
    ] {
        ed.set(&format!("{HEAD}tools:\n  - Read\n{line}\n---\nBody\n"));
        let items = ed.complete(5, at, trigger);
        assert_eq!(labels(&items), all, "{line:?}");
        assert_eq!(text_edit(&items[0]), edit);
        assert_eq!(ed.accept(&items[0]), Vec::<String>::new(), "{line:?}");
        assert_eq!(ed.line(5), "  - Grep");
    }

    // `Task` lists `Agent`, `read` lists `Read` (its fix writes `Read`).
    ed.set(&format!("{HEAD}tools: Task, read, Grep, \n---\nBody\n"));
    let items = ed.complete(3, 25, Some(" "));
    let want: Vec<&String> = all
        .iter()
        .filter(|l| *l != "Agent" && *l != "Grep")
        .collect();
    assert_eq!(labels(&items), want);

    // Inside a rule: nothing replaces `Bash(`.
    ed.set(&format!("{HEAD}tools: Bash(\n---\nBody\n"));
    assert!(ed.complete(3, 12, Some("(")).is_empty());
    ed.shutdown();
}

/// A fresh key line: the keys not present yet, as `key: ` snippets.
pub fn completion_fresh_key(t: Transport) {
    let mut ed = Editor::with_snippets(t, "utf-16", &format!("{HEAD}model: opus\n\n---\nBody\n"));
    let items = ed.complete(4, 0, None);
    snapshot("completion_keys", &item_lines(&items));
    assert_eq!(text_edit(&items[0]), "4:0-4:0 tools: $0");
    let color = find(&items, "color");
    assert_eq!(text_edit(color), "4:0-4:0 color: $0");
    assert_eq!(color["insertTextFormat"], 2, "snippet");
    assert_eq!(find(&items, "hooks")["insertTextFormat"], 2);
    assert!(
        find(&items, "permissionMode")["documentation"]
            .to_string()
            .contains("acceptEdits")
    );
    assert_eq!(ed.accept(color), Vec::<String>::new());
    assert_eq!(ed.line(4), "color: ");
    // …and its value right away.
    let items = ed.complete(4, 7, Some(" "));
    assert_eq!(ed.accept(find(&items, "green")), Vec::<String>::new());
    assert_eq!(ed.line(4), "color: green");
    // Nothing in the body.
    assert!(ed.complete(6, 2, None).is_empty());
    ed.shutdown();
}

/// The `<example>` snippet in each form a description takes: the item's
/// edits, the file after accepting it (a snapshot), no diagnostic gained,
/// and the example as the preview reads it.
pub fn completion_example_snippet(t: Transport) {
    // (form, description lines, line and character after the `<`)
    let forms: [(&str, &str, u32, u32); 6] = [
        ("double-quoted", "description: \"Reviews code. <\"\n", 2, 29),
        ("single-quoted", "description: 'Reviews code. <'\n", 2, 29),
        // The wizard's form: it needs Claude Code's retry (AG005) until quoted.
        ("plain", "description: Use it: after a change.\\n<\n", 2, 39),
        (
            "plain-lines",
            "description: Reviews code\n  after a change. <\n",
            3,
            19,
        ),
        ("folded", "description: >\n  Reviews code.\n\n  <\n", 5, 3),
        ("literal", "description: |\n  Reviews code.\n  <\n", 4, 3),
    ];
    let mut report = String::new();
    for (form, description, line, at) in forms {
        let text = format!("---\nname: code-reviewer\n{description}model: opus\n---\nBody\n");
        let mut ed = Editor::with_snippets(t, "utf-16", &text);
        let before = ed.diagnostics.clone();
        let items = ed.complete(line, at, Some("<"));
        assert_eq!(labels(&items), ["<example>"], "{form}");
        let item = &items[0];
        assert_eq!(item["insertTextFormat"], 2, "{form}");
        let extra: Vec<String> = item["additionalTextEdits"]
            .as_array()
            .into_iter()
            .flatten()
            .map(edit_string)
            .collect();
        let after = ed.accept(item);
        for d in &after {
            assert!(before.contains(d), "{form}: new {d}");
        }
        let preview = ed.c.request(
            "agentls/previewExamples",
            json!({"textDocument": {"uri": AGENT}}),
        );
        let markdown = preview["markdown"].as_str().unwrap_or_default();
        assert!(
            markdown.contains("#### Example 1")
                && markdown.contains("**Context:** the situation")
                && markdown.contains("I'll use the code-reviewer agent to …"),
            "{form}: {markdown}"
        );
        report.push_str(&format!(
            "== {form}\nedit: {}\nadditional: {extra:?}\ndiagnostics before: {before:?}\nafter: {after:?}\n{}\n",
            text_edit(item),
            ed.text
        ));
        ed.shutdown();
    }
    snapshot("completion_example_forms", &report);

    // Only after `<` or when asked at a word start; a blank typed does not
    // open it, nor does a comment line or an example already open.
    let text = "---\nname: code-reviewer\ndescription: |\n  Reviews code. \n# note <\n---\nBody\n";
    let mut ed = Editor::with_snippets(t, "utf-16", text);
    assert!(ed.complete(3, 16, Some(" ")).is_empty());
    assert_eq!(labels(&ed.complete(3, 16, None)), ["<example>"]);
    assert!(ed.complete(4, 8, Some("<")).is_empty());
    ed.set("---\nname: code-reviewer\ndescription: |\n  <example>\n  user: hi\n  <\n---\nBody\n");
    assert!(ed.complete(5, 3, Some("<")).is_empty());
    ed.shutdown();
}

/// A client without snippet support gets plain text: `key: `, the blank
/// after a bare colon, the example with its indentation, inserted as is.
pub fn completion_without_snippets(t: Transport) {
    let text =
        "---\nname: code-reviewer\ndescription: |\n  Reviews code.\n  <\nmodel:\n\n---\nBody\n";
    let mut ed = Editor::open(
        t,
        json!({"general": {"positionEncodings": ["utf-16"]}}),
        text,
    );
    assert_eq!(ed.diagnostics, Vec::<String>::new());
    let items = ed.complete(6, 0, None);
    assert_eq!(text_edit(find(&items, "color")), "6:0-6:0 color: ");
    assert!(items.iter().all(|i| i["insertTextFormat"] == 1));
    assert_eq!(ed.accept(find(&items, "color")), Vec::<String>::new());
    assert_eq!(ed.line(6), "color: ");

    let items = ed.complete(5, 6, Some(":"));
    assert_eq!(text_edit(&items[0]), "5:6-5:6  sonnet");
    assert_eq!(items[0]["insertTextFormat"], 1);
    assert_eq!(ed.accept(&items[0]), Vec::<String>::new());
    assert_eq!(ed.line(5), "model: sonnet");

    let items = ed.complete(4, 3, Some("<"));
    assert_eq!(labels(&items), ["<example>"]);
    let item = &items[0];
    assert_eq!(
        (&item["insertTextFormat"], &item["insertTextMode"]),
        (&json!(1), &json!(1))
    );
    assert_eq!(
        text_edit(item),
        "4:2-4:3 <example>\n  Context: the situation\n  user: \"what the user asks\"\n  assistant: \"I'll use the code-reviewer agent to …\"\n  <commentary>\n  why this agent fits\n  </commentary>\n  </example>"
    );
    assert_eq!(ed.accept(item), Vec::<String>::new());
    assert_eq!(ed.line(11), "  </example>");
    assert_eq!(ed.line(12), "model: sonnet");
    ed.shutdown();
}

/// MCP tools and servers named in other open agents and in this file's
/// other list, offered whole (`mcp__github__*`, never `mcp__github__`).
pub fn completion_workspace_mcp_tools(t: Transport) {
    const OTHER: &str = "file:///tmp/agentls-e2e/.claude/agents/team/triager.md";
    let mut ed = Editor::with_snippets(
        t,
        "utf-16",
        "---\nname: code-reviewer\ndescription: Reviews code\ntools: Read, \ndisallowedTools: mcp__db__drop\n---\nBody\n",
    );
    ed.c.open(
        OTHER,
        1,
        "---\nname: triager\ndescription: Triages\ntools: mcp__github__create_issue, mcp__slack\ndisallowedTools: mcp__jira__*\n---\nSee mcp__body__tool.\n",
    );
    let _ = ed.c.wait_diagnostics(OTHER);
    let mcp = |items: &[Value]| -> Vec<String> {
        labels(items)
            .into_iter()
            .filter(|l| l.starts_with("mcp__"))
            .map(str::to_owned)
            .collect()
    };
    let items = ed.complete(3, 13, Some(" "));
    assert_eq!(
        mcp(&items),
        [
            "mcp__db__drop",
            "mcp__db__*",
            "mcp__github__create_issue",
            "mcp__github__*",
            "mcp__jira__*",
            "mcp__slack",
        ]
    );
    assert_eq!(
        text_edit(find(&items, "mcp__github__*")),
        "3:13-3:13 mcp__github__*"
    );
    assert_eq!(ed.accept(find(&items, "mcp__slack")), Vec::<String>::new());
    assert_eq!(ed.line(3), "tools: Read, mcp__slack");

    // The other agent now names another tool (3:7-3:32 is `mcp__github__create_issue`).
    ed.c.change(OTHER, 2, &[edit((3, 7), (3, 32), "mcp__jira__search")]);
    let _ = ed.c.wait_diagnostics(OTHER);
    ed.set("---\nname: code-reviewer\ndescription: Reviews code\ntools: Read, \n---\nBody\n");
    let items = ed.complete(3, 13, Some(" "));
    assert_eq!(
        mcp(&items),
        ["mcp__jira__search", "mcp__jira__*", "mcp__slack"]
    );
    // A server listed whole covers its tools.
    ed.set("---\nname: code-reviewer\ndescription: Reviews code\ntools: mcp__jira, \n---\nBody\n");
    let items = ed.complete(3, 18, Some(" "));
    assert_eq!(mcp(&items), ["mcp__slack"]);
    ed.shutdown();
}

/// CRLF line ends, emoji and CJK before the cursor, in `encoding`: values,
/// tools before a comment, the example snippet in a quoted description.
pub fn completion_crlf_and_non_ascii(t: Transport, encoding: &str) {
    // 0 ---
    // 1 name: 漢字😀                  (UTF-16: 6+1+1+2=10 units; UTF-8: 6+3+3+4=16 bytes)
    // 2 description: "説明 😀 <"      (`<` at 20 / 26)
    // 3 color: 😀 gr                  (`gr` at 10..12 / 12..14)
    // 4 tools: Read,  # 漢字😀        (the cursor at 13, before the comment)
    // 5 model:
    // 6 ---
    let text = "---\r\nname: 漢字😀\r\ndescription: \"説明 😀 <\"\r\ncolor: 😀 gr\r\ntools: Read,  # 漢字😀\r\nmodel: \r\n---\r\nBody\r\n";
    let mut ed = Editor::with_snippets(t, encoding, text);
    let utf8 = encoding == "utf-8";
    assert_eq!(ed.utf8, utf8);
    let before = ed.diagnostics.clone();
    // The whole value `😀 gr` is the value being replaced.
    let end = if utf8 { 14 } else { 12 };
    let items = ed.complete(3, end, None);
    assert_eq!(labels(&items).len(), 8);
    assert_eq!(
        text_edit(find(&items, "green")),
        format!("3:7-3:{end} green")
    );
    assert_eq!(find(&items, "green")["kind"], 16, "Color");
    assert_eq!(
        find(&items, "green")["documentation"],
        "#30a46c",
        "the swatch"
    );
    let after = ed.accept(find(&items, "green"));
    assert!(
        after.len() < before.len(),
        "the bad color is gone: {after:?}"
    );
    assert_eq!(ed.line(3), "color: green");
    assert!(ed.text.contains("color: green\r\n"));

    let items = ed.complete(4, 13, None);
    assert_eq!(text_edit(&items[0]), "4:13-4:13 Grep");
    let before = ed.diagnostics.clone();
    assert_eq!(ed.accept(&items[0]), before);
    assert_eq!(ed.line(4), "tools: Read, Grep # 漢字😀");

    let items = ed.complete(5, 7, Some(" "));
    assert_eq!(ed.accept(&items[0]), before);
    assert_eq!(ed.line(5), "model: sonnet");

    let (lt, at) = if utf8 { (26, 27) } else { (20, 21) };
    let items = ed.complete(2, at, Some("<"));
    assert_eq!(labels(&items), ["<example>"]);
    assert!(text_edit(&items[0]).starts_with(&format!("2:{lt}-2:{at} <example>\\\\n")));
    assert_eq!(ed.accept(&items[0]), before);
    assert_eq!(
        ed.line(2),
        "description: \"説明 😀 <example>\\nContext: the situation\\nuser: \\\"what the user asks\\\"\\nassistant: \\\"I'll use the 漢字😀 agent to …\\\"\\n<commentary>\\nwhy this agent fits\\n</commentary>\\n</example>\""
    );
    assert_eq!(
        ed.text.matches('\n').count(),
        ed.text.matches("\r\n").count()
    );
    // A key line's value: nothing to offer for `name`.
    let items = ed.complete(1, if utf8 { 16 } else { 10 }, None);
    assert!(items.is_empty(), "{:?}", labels(&items));
    ed.shutdown();
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
    let catalog: Vec<&str> = agentls::formats::claude_agent::catalog::FIELDS
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
                "  color [7] 3:0-3:13",
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
            "  color [7] 3:0-3:13",
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
    // The summary (13 is `U`): the whole preview. The description is text
    // Claude reads as written: its asterisks are not emphasis, and stay.
    let v = text(&hover(&mut c, 2, 14));
    assert_eq!(
        v,
        "a\n\nUse it *often*.\n\nExample 1\n\n  Context: c\n\nuser\n  one\n\nassistant\n  ok\n\nwhy"
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
        c.apply_workspace_edit(AGENT, version, &action["edit"]);
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

/// The items at `line:character`, asked for explicitly, in the editor's order.
fn complete(c: &mut Client, line: u32, character: u32) -> Vec<Value> {
    let result = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": AGENT}, "position": {"line": line, "character": character}, "context": {"triggerKind": 1}}),
    );
    let mut items = result.as_array().cloned().unwrap_or_default();
    items.sort_by(|a, b| a["sortText"].as_str().cmp(&b["sortText"].as_str()));
    items
}

/// A client that resolves completion items gets the list without their
/// documentation and detail (a color keeps its hex: the swatch), and each
/// item's documentation and detail from `completionItem/resolve`, the same
/// as a client that takes them in the list.
pub fn completion_resolve(t: Transport) {
    let text = "---\nname: a\ndescription: b\nmodel: \ncolor: \n---\nBody\n";
    let eager = {
        let mut c = client(t, &["utf-16"]);
        c.open(AGENT, 1, text);
        let _ = c.wait_diagnostics(AGENT);
        let items = complete(&mut c, 3, 7);
        assert_eq!(c.shutdown().unwrap_or(0), 0);
        items
    };
    let mut c = Client::start(t);
    c.initialize_with(json!({
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": {"completion": {"completionItem": {
            "snippetSupport": true,
            "documentationFormat": ["markdown", "plaintext"],
            "resolveSupport": {"properties": ["documentation", "detail"]},
        }}},
    }));
    let caps = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": AGENT}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(caps, Value::Null, "not open yet");
    c.open(AGENT, 1, text);
    let _ = c.wait_diagnostics(AGENT);
    let lazy = complete(&mut c, 3, 7);
    assert_eq!(labels(&lazy), labels(&eager));
    assert!(!lazy.is_empty());
    for (l, e) in lazy.iter().zip(&eager) {
        assert_eq!(l["documentation"], Value::Null, "{l}");
        assert!(
            e["documentation"]["value"]
                .as_str()
                .is_some_and(|d| !d.is_empty()),
            "{e}"
        );
        let resolved = c.request("completionItem/resolve", l.clone());
        assert_eq!(
            resolved["documentation"], e["documentation"],
            "{}",
            l["label"]
        );
        assert_eq!(resolved["textEdit"], e["textEdit"]);
        // The client resolves the detail too: it comes with the documentation.
        assert_eq!(l["detail"], Value::Null, "{l}");
        assert!(e["detail"].is_string(), "{e}");
        assert_eq!(resolved["detail"], e["detail"], "{}", l["label"]);
    }
    // Colors keep their hex in the list.
    let colors = complete(&mut c, 4, 7);
    assert!(
        colors.iter().all(|i| i["documentation"]
            .as_str()
            .is_some_and(|h| h.starts_with('#'))),
        "{colors:?}"
    );
    // An item carries only its list's number; the server remembers the
    // last eight lists: an item of an older one resolves as it is.
    assert!(lazy.iter().all(|i| i["data"].is_u64()), "{lazy:?}");
    let resolved = c.request("completionItem/resolve", lazy[0].clone());
    assert_eq!(resolved["documentation"], eager[0]["documentation"]);
    for _ in 0..8 {
        let _ = complete(&mut c, 4, 7);
    }
    let forgotten = c.request("completionItem/resolve", lazy[0].clone());
    assert_eq!(forgotten["label"], lazy[0]["label"]);
    assert_eq!(forgotten["documentation"], Value::Null, "{forgotten}");
    // An item resolved after the text changed keeps what it has.
    let item = lazy[0].clone();
    c.change(AGENT, 2, &[edit((3, 0), (4, 0), "")]);
    let _ = c.wait_diagnostics(AGENT);
    let resolved = c.request("completionItem/resolve", item.clone());
    assert_eq!(resolved["label"], item["label"]);
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

/// A completion reply as a client that takes LSP 3.17's item defaults reads
/// it: each item of a list gets the list's `insertTextFormat` and `data`
/// when it has none, and, without a `textEdit`, one replacing the default
/// `editRange` with its `textEditText`, or else its label.
fn with_defaults_applied(reply: &Value) -> Vec<Value> {
    let Some(items) = reply.get("items").and_then(Value::as_array) else {
        return reply.as_array().cloned().unwrap_or_default();
    };
    let defaults = &reply["itemDefaults"];
    items
        .iter()
        .map(|item| {
            let mut item = item.as_object().cloned().unwrap_or_default();
            for key in ["insertTextFormat", "data"] {
                if !item.contains_key(key)
                    && let Some(v) = defaults.get(key)
                {
                    item.insert(key.into(), v.clone());
                }
            }
            let text = item.remove("textEditText");
            if !item.contains_key("textEdit")
                && let Some(range) = defaults.get("editRange")
            {
                let new_text = text.unwrap_or_else(|| item["label"].clone());
                item.insert(
                    "textEdit".into(),
                    json!({"range": range, "newText": new_text}),
                );
            }
            Value::Object(item)
        })
        .collect()
}

/// A client that declares `completionList.itemDefaults` (as VS Code and
/// Neovim do) gets a list whose shared range, format and resolve data are
/// said once; with the defaults applied it is, at every position of the
/// frontmatter of agents in several shapes (values, colors, tool lists,
/// keys, the example snippet, a plain description that the item quotes,
/// CRLF and non-ASCII text), item for item the array a client without them
/// gets. Its items resolve through the default data, and the reply is less
/// than half the size.
pub fn completion_item_defaults(t: Transport) {
    let texts = [
        "---\nname: a\ndescription: b\nmodel: \ncolor: \ntools: Read, \n\n---\nBody\n",
        "---\nname: a\ndescription: Use it: after a change.\\n<\nmodel:\ndisallowedTools:\n  - \n---\nBody\n",
        "---\r\nname: 漢字😀\r\ndescription: \"説明 😀 <\"\r\ncolor: 😀 gr\r\ntools: Read,  # 漢字😀\r\nmodel: \r\n---\r\nBody\r\n",
    ];
    let capabilities = |defaults: bool| {
        let mut completion = json!({"completionItem": {
            "snippetSupport": true,
            "documentationFormat": ["markdown", "plaintext"],
            "resolveSupport": {"properties": ["documentation", "detail"]},
        }});
        if defaults {
            completion["completionList"] = json!({"itemDefaults": [
                "commitCharacters", "editRange", "insertTextFormat", "insertTextMode", "data",
            ]});
        }
        json!({"general": {"positionEncodings": ["utf-16"]}, "textDocument": {"completion": completion}})
    };
    let mut plain = Client::start(t);
    plain.initialize_with(capabilities(false));
    let mut lists = Client::start(t);
    lists.initialize_with(capabilities(true));
    let (mut compared, mut listed, mut plain_bytes, mut list_bytes) = (0, 0, 0, 0);
    for (n, text) in texts.iter().enumerate() {
        let version = i64::try_from(n + 1).unwrap_or(1);
        for c in [&mut plain, &mut lists] {
            if n == 0 {
                c.open(AGENT, version, text);
            } else {
                c.change(AGENT, version, &[replace_all(text)]);
            }
            let _ = c.wait_diagnostics(AGENT);
        }
        let frontmatter_lines = text.split("---").nth(1).unwrap_or("").lines().count();
        for (line, content) in text.lines().take(frontmatter_lines).enumerate() {
            let line = u32::try_from(line).unwrap_or(0);
            let width = u32::try_from(content.encode_utf16().count()).unwrap_or(0);
            for character in 0..=width {
                let ask = json!({"textDocument": {"uri": AGENT}, "position": {"line": line, "character": character}, "context": {"triggerKind": 1}});
                let array = plain.request("textDocument/completion", ask.clone());
                let list = lists.request("textDocument/completion", ask);
                let at = format!("text {n}, {line}:{character}");
                if array.is_null() {
                    assert_eq!(list, Value::Null, "{at}");
                    continue;
                }
                assert!(array.is_array(), "{at}: {array}");
                assert_eq!(list["isIncomplete"], false, "{at}: {list}");
                assert!(
                    list["itemDefaults"]["editRange"].is_object(),
                    "{at}: {list}"
                );
                // The resolve data is each list's own number: the same
                // items carry it; compare without it.
                let applied = with_defaults_applied(&list);
                let array = array.as_array().cloned().unwrap_or_default();
                let strip = |items: &[Value]| -> Vec<Value> {
                    items
                        .iter()
                        .map(|i| {
                            let mut i = i.clone();
                            if let Some(o) = i.as_object_mut() {
                                o.remove("data");
                            }
                            i
                        })
                        .collect()
                };
                assert_eq!(strip(&applied), strip(&array), "{at}");
                for (a, b) in applied.iter().zip(&array) {
                    assert_eq!(a["data"].is_u64(), b["data"].is_u64(), "{at}: {a}");
                }
                compared += 1;
                if list["items"].as_array().is_some_and(|i| i.len() > 1) {
                    listed += 1;
                    plain_bytes += Value::from(array).to_string().len();
                    list_bytes += list.to_string().len();
                }
            }
        }
    }
    assert!(
        compared > 40 && listed > 20,
        "{compared} replies, {listed} lists"
    );
    assert!(
        list_bytes * 2 < plain_bytes,
        "{list_bytes} bytes of lists against {plain_bytes} of arrays"
    );
    // An item resolves with the list's default data, as the client sends it.
    lists.change(AGENT, 9, &[replace_all(texts[0])]);
    let _ = lists.wait_diagnostics(AGENT);
    let list = lists.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": AGENT}, "position": {"line": 3, "character": 7}}),
    );
    let sonnet = with_defaults_applied(&list)
        .into_iter()
        .find(|i| i["label"] == "sonnet")
        .unwrap_or_default();
    assert_eq!(text_edit(&sonnet), "3:7-3:7 sonnet");
    assert!(list["items"][0].get("data").is_none(), "{list}");
    let resolved = lists.request("completionItem/resolve", sonnet);
    assert!(
        resolved["documentation"]["value"]
            .as_str()
            .is_some_and(|d| d.contains("Sonnet")),
        "{resolved}"
    );
    assert_eq!(plain.shutdown().unwrap_or(0), 0);
    assert_eq!(lists.shutdown().unwrap_or(0), 0);
}
