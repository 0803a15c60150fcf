//! Navigation by name over LSP on the fixture workspace
//! `tests/fixtures/navigation/` (Claude Code agents, a skill and a command,
//! Copilot agents and a prompt file, OpenCode, Gemini CLI): definition,
//! references and rename from each kind of reference (`@agent-NAME`,
//! `Agent()`, `Skill()`, `agent:`, `skills:`, a handoff), renames that move
//! a file and a skill folder, refusals, workspace symbols across formats,
//! and document links. Nothing is written to disk: the edits are checked.

use std::path::{Path, PathBuf};

use agentls_e2e::{Client, at};
use serde_json::{Value, json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/navigation")
}

fn base() -> String {
    format!("file://{}", root().display())
}

/// The URI of a fixture file.
fn uri(rel: &str) -> String {
    format!("{}/{rel}", base())
}

/// A URI relative to the fixture root, for short assertions.
fn rel(uri: &Value) -> String {
    let u = uri.as_str().unwrap_or_default();
    u.strip_prefix(&format!("{}/", base()))
        .unwrap_or(u)
        .to_owned()
}

fn range(r: &Value) -> String {
    format!(
        "{}:{}-{}:{}",
        r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"]
    )
}

/// Locations as `file l:c-l:c`.
fn locations(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|l| format!("{} {}", rel(&l["uri"]), range(&l["range"])))
                .collect()
        })
        .unwrap_or_default()
}

/// A workspace edit as `file l:c-l:c text` lines and `move a -> b` lines, in order.
fn changes(edit: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(ops) = edit["documentChanges"].as_array() {
        for op in ops {
            if op["kind"] == "rename" {
                out.push(format!(
                    "move {} -> {}",
                    rel(&op["oldUri"]),
                    rel(&op["newUri"])
                ));
                continue;
            }
            for e in op["edits"].as_array().into_iter().flatten() {
                out.push(format!(
                    "{} {} {}",
                    rel(&op["textDocument"]["uri"]),
                    range(&e["range"]),
                    e["newText"].as_str().unwrap_or_default()
                ));
            }
        }
    }
    if let Some(map) = edit["changes"].as_object() {
        let mut files: Vec<_> = map.iter().collect();
        files.sort_by_key(|(u, _)| (*u).clone());
        for (u, edits) in files {
            for e in edits.as_array().into_iter().flatten() {
                out.push(format!(
                    "{} {} {}",
                    rel(&json!(u)),
                    range(&e["range"]),
                    e["newText"].as_str().unwrap_or_default()
                ));
            }
        }
    }
    out
}

/// A client in the fixture workspace; `moves`: whether it applies file
/// renames in workspace edits.
fn start(moves: bool) -> Client {
    let mut c = Client::duplex();
    let workspace_edit = if moves {
        json!({"documentChanges": true, "resourceOperations": ["create", "rename", "delete"]})
    } else {
        json!({"documentChanges": false})
    };
    c.initialize_params(json!({
        "processId": null,
        "rootUri": base(),
        "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "workspace": {"workspaceEdit": workspace_edit},
        },
    }));
    c
}

fn text(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_default()
}

/// Opens a fixture file as it is on disk.
fn open(c: &mut Client, rel: &str) {
    c.open(&uri(rel), 1, &text(rel));
}

fn definition(c: &mut Client, rel: &str, line: u32, character: u32) -> Vec<String> {
    locations(&c.request("textDocument/definition", at(&uri(rel), line, character)))
}

fn references(c: &mut Client, rel: &str, line: u32, character: u32, decl: bool) -> Vec<String> {
    let mut params = at(&uri(rel), line, character);
    params["context"] = json!({"includeDeclaration": decl});
    locations(&c.request("textDocument/references", params))
}

fn rename(c: &mut Client, rel: &str, line: u32, character: u32, new_name: &str) -> Value {
    let mut params = at(&uri(rel), line, character);
    params["newName"] = json!(new_name);
    c.request_raw("textDocument/rename", params)
}

#[test]
fn capabilities() {
    let mut c = Client::duplex();
    let init = c.initialize(&["utf-16"]);
    let caps = &init["capabilities"];
    assert_eq!(caps["definitionProvider"], json!(true));
    assert_eq!(caps["referencesProvider"], json!(true));
    assert_eq!(caps["renameProvider"], json!({"prepareProvider": true}));
    assert_eq!(caps["workspaceSymbolProvider"], json!(true));
    assert_eq!(
        caps["documentLinkProvider"],
        json!({"resolveProvider": false})
    );
    c.shutdown();
}

const REVIEWER: &str = ".claude/agents/reviewer.md";
const TESTER: &str = ".claude/agents/tester.md";
const LEAD: &str = ".claude/agents/lead.md";
const SKILL: &str = ".claude/skills/deploy/SKILL.md";
const SHIP: &str = ".claude/commands/git/ship.md";
const PLANNER: &str = ".github/agents/planner.agent.md";
const IMPLEMENTER: &str = ".github/agents/implementer.agent.md";
const PROMPT: &str = ".github/prompts/plan.prompt.md";
const BUILD: &str = ".opencode/command/build.md";

fn loc(rel: &str, range: &str) -> String {
    format!("{rel} {range}")
}

#[test]
fn definition_from_each_kind_of_reference() {
    let mut c = start(true);
    open(&mut c, LEAD);
    let tester = [loc(TESTER, "1:6-1:12")];
    // `@agent-tester` in the body and in the description.
    assert_eq!(definition(&mut c, REVIEWER, 5, 12), tester);
    assert_eq!(definition(&mut c, REVIEWER, 2, 50), tester);
    // `Agent(reviewer, tester)`, `Skill(deploy)`; `Skill(deploy *)` is a pattern.
    assert_eq!(definition(&mut c, LEAD, 3, 20), [loc(REVIEWER, "1:6-1:14")]);
    assert_eq!(definition(&mut c, LEAD, 3, 35), tester);
    assert_eq!(definition(&mut c, LEAD, 3, 45), [loc(SKILL, "1:6-1:12")]);
    assert!(definition(&mut c, LEAD, 3, 60).is_empty());
    // A skill's `agent:`.
    assert_eq!(definition(&mut c, SKILL, 4, 8), tester);
    // An agent's `skills:` (`lint` is defined nowhere).
    assert_eq!(
        definition(&mut c, REVIEWER, 3, 10),
        [loc(SKILL, "1:6-1:12")]
    );
    assert!(definition(&mut c, REVIEWER, 3, 18).is_empty());
    // A Copilot handoff, to an agent named by its file: the file's start.
    assert_eq!(
        definition(&mut c, PLANNER, 5, 12),
        [loc(IMPLEMENTER, "0:0-0:0")]
    );
    // A prompt file's `agent:`, an OpenCode command's `agent:`.
    assert_eq!(definition(&mut c, PROMPT, 1, 8), [loc(PLANNER, "1:6-1:13")]);
    assert_eq!(
        definition(&mut c, BUILD, 2, 8),
        [loc(".opencode/agent/builder.md", "0:0-0:0")]
    );
    // On the name itself; away from any name.
    assert_eq!(definition(&mut c, TESTER, 1, 7), tester);
    assert!(definition(&mut c, TESTER, 4, 2).is_empty());
    c.shutdown();
}

#[test]
fn references_across_files() {
    let mut c = start(true);
    // From the definition, with and without it.
    let uses = [
        loc(LEAD, "3:29-3:35"),
        loc(REVIEWER, "2:47-2:53"),
        loc(REVIEWER, "5:11-5:17"),
        loc(SKILL, "4:7-4:13"),
    ];
    let mut with = vec![loc(TESTER, "1:6-1:12")];
    with.extend(uses.iter().cloned());
    assert_eq!(references(&mut c, TESTER, 1, 7, true), with);
    assert_eq!(references(&mut c, TESTER, 1, 7, false), uses);
    // From `Skill(deploy)` in a command: the skill's every reference.
    assert_eq!(
        references(&mut c, SHIP, 2, 22, true),
        [
            loc(SKILL, "1:6-1:12"),
            loc(LEAD, "3:44-3:50"),
            loc(REVIEWER, "3:9-3:15"),
            loc(SHIP, "2:21-2:27"),
        ]
    );
    // From a mention; an open document counts as it is in the editor.
    c.open(
        &uri(SHIP),
        1,
        "---\ndescription: Ships the branch.\nallowed-tools: Skill(deploy)\n---\nShip it with @agent-reviewer and @agent-tester.\n",
    );
    assert_eq!(
        references(&mut c, LEAD, 5, 28, false),
        [
            loc(LEAD, "3:19-3:27"),
            loc(LEAD, "5:27-5:35"),
            loc(SHIP, "4:20-4:28"),
        ]
    );
    assert_eq!(
        references(&mut c, TESTER, 1, 7, false),
        [
            loc(LEAD, "3:29-3:35"),
            loc(REVIEWER, "2:47-2:53"),
            loc(REVIEWER, "5:11-5:17"),
            loc(SHIP, "4:40-4:46"),
            loc(SKILL, "4:7-4:13"),
        ]
    );
    // A handoff's target, from its file's first line.
    assert_eq!(
        references(&mut c, IMPLEMENTER, 0, 1, true),
        [loc(IMPLEMENTER, "0:0-0:0"), loc(PLANNER, "5:11-5:22")]
    );
    c.shutdown();
}

#[test]
fn rename_moves_the_agent_file() {
    let mut c = start(true);
    let r = rename(&mut c, REVIEWER, 5, 12, "qa");
    assert_eq!(
        changes(&r["result"]),
        [
            ".claude/agents/lead.md 3:29-3:35 qa",
            ".claude/agents/reviewer.md 2:47-2:53 qa",
            ".claude/agents/reviewer.md 5:11-5:17 qa",
            ".claude/agents/tester.md 1:6-1:12 qa",
            ".claude/skills/deploy/SKILL.md 4:7-4:13 qa",
            "move .claude/agents/tester.md -> .claude/agents/qa.md",
        ]
    );
    // An open document's edit carries its version; others have none.
    open(&mut c, LEAD);
    let r = rename(&mut c, LEAD, 5, 28, "critic");
    let ops = r["result"]["documentChanges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let versions: Vec<(String, Value)> = ops
        .iter()
        .filter(|o| o.get("textDocument").is_some())
        .map(|o| {
            (
                rel(&o["textDocument"]["uri"]),
                o["textDocument"]["version"].clone(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [
            (LEAD.to_owned(), json!(1)),
            (REVIEWER.to_owned(), Value::Null),
            (SHIP.to_owned(), Value::Null),
        ]
    );
    assert_eq!(
        changes(&r["result"]),
        [
            ".claude/agents/lead.md 3:19-3:27 critic",
            ".claude/agents/lead.md 5:27-5:35 critic",
            ".claude/agents/reviewer.md 1:6-1:14 critic",
            ".claude/commands/git/ship.md 4:20-4:28 critic",
            "move .claude/agents/reviewer.md -> .claude/agents/critic.md",
        ]
    );
    c.shutdown();
}

#[test]
fn plugin_agents_and_names_unlike_their_file() {
    let mut c = start(true);
    const SEC: &str = "plugins/kit/agents/sec.md";
    assert_eq!(definition(&mut c, SHIP, 5, 20), [loc(SEC, "1:6-1:9")]);
    // At the `name` value, the part after `kit:` is renamed.
    let prepared = c.request("textDocument/prepareRename", at(&uri(SEC), 1, 7));
    assert_eq!(
        prepared,
        json!({"range": {"start": {"line": 1, "character": 6}, "end": {"line": 1, "character": 9}}, "placeholder": "sec"})
    );
    let r = rename(&mut c, SEC, 1, 7, "audit");
    assert_eq!(
        changes(&r["result"]),
        [
            ".claude/commands/git/ship.md 5:16-5:23 kit:audit",
            "plugins/kit/agents/sec.md 1:6-1:9 audit",
            "move plugins/kit/agents/sec.md -> plugins/kit/agents/audit.md",
        ]
    );
    // At a reference, the whole name, whose plugin part stays.
    let prepared = c.request("textDocument/prepareRename", at(&uri(SHIP), 5, 20));
    assert_eq!(prepared["placeholder"], "kit:sec");
    let r = rename(&mut c, SHIP, 5, 20, "kit:audit");
    assert_eq!(changes(&r["result"]).len(), 3);
    // `team-lead` lives in `lead.md`: its file stays.
    let r = rename(&mut c, LEAD, 1, 8, "captain");
    assert_eq!(
        changes(&r["result"]),
        [".claude/agents/lead.md 1:6-1:15 captain"]
    );
    c.shutdown();
}

#[test]
fn rename_moves_the_skill_folder() {
    let mut c = start(true);
    let r = rename(&mut c, REVIEWER, 3, 10, "release");
    assert_eq!(
        changes(&r["result"]),
        [
            ".claude/agents/lead.md 3:44-3:50 release",
            ".claude/agents/reviewer.md 3:9-3:15 release",
            ".claude/commands/git/ship.md 2:21-2:27 release",
            ".claude/skills/deploy/SKILL.md 1:6-1:12 release",
            "move .claude/skills/deploy -> .claude/skills/release",
        ]
    );
    c.shutdown();
}

#[test]
fn rename_from_handoffs_prompts_and_commands() {
    let mut c = start(true);
    // A handoff to an agent named by its file: the file moves.
    let r = rename(&mut c, PLANNER, 5, 12, "coder");
    assert_eq!(
        changes(&r["result"]),
        [
            ".github/agents/planner.agent.md 5:11-5:22 coder",
            "move .github/agents/implementer.agent.md -> .github/agents/coder.agent.md",
        ]
    );
    // A prompt file's `agent:`: the name field, and the file named after it.
    let r = rename(&mut c, PROMPT, 1, 8, "architect");
    assert_eq!(
        changes(&r["result"]),
        [
            ".github/agents/planner.agent.md 1:6-1:13 architect",
            ".github/prompts/plan.prompt.md 1:7-1:14 architect",
            "move .github/agents/planner.agent.md -> .github/agents/architect.agent.md",
        ]
    );
    // A command is its path: renamed from its first line, it moves.
    let prepared = c.request("textDocument/prepareRename", at(&uri(SHIP), 0, 1));
    assert_eq!(
        prepared,
        json!({"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 3}}, "placeholder": "git:ship"})
    );
    let r = rename(&mut c, SHIP, 0, 1, "git:send");
    assert_eq!(
        changes(&r["result"]),
        ["move .claude/commands/git/ship.md -> .claude/commands/git/send.md"]
    );
    // An OpenCode command's agent.
    let r = rename(&mut c, BUILD, 2, 8, "maker");
    assert_eq!(
        changes(&r["result"]),
        [
            ".opencode/command/build.md 2:7-2:14 maker",
            "move .opencode/agent/builder.md -> .opencode/agent/maker.md",
        ]
    );
    c.shutdown();
}

#[test]
fn rename_refusals() {
    let mut c = start(true);
    let error = |r: &Value| {
        r["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        error(&rename(&mut c, TESTER, 1, 7, "q a")),
        "Cannot rename to `q a`: ` ` cannot be part of a name: use letters, digits, `-`, `_` and `.`."
    );
    assert_eq!(
        error(&rename(&mut c, TESTER, 1, 7, "reviewer")),
        format!(
            "Cannot rename to `reviewer`: {} already defines that name.",
            root().join(REVIEWER).display()
        )
    );
    assert_eq!(
        error(&rename(&mut c, SHIP, 0, 1, "ops:ship")),
        "Cannot rename to `ops:ship`: the name keeps its folder part `git:`; change only `ship`."
    );
    let r = c.request_raw("textDocument/prepareRename", at(&uri(REVIEWER), 3, 18));
    assert_eq!(
        error(&r),
        "Cannot rename `lint`: no Claude Code skill or command of that name in the workspace."
    );
    // Away from a name: nothing to rename.
    assert_eq!(
        c.request("textDocument/prepareRename", at(&uri(TESTER), 4, 1)),
        Value::Null
    );
    c.shutdown();

    // A client that cannot move files: a stated name is renamed in place;
    // a name that is a path cannot be renamed.
    let mut c = start(false);
    let r = rename(&mut c, SKILL, 4, 8, "qa");
    assert_eq!(
        changes(&r["result"]),
        [
            ".claude/agents/lead.md 3:29-3:35 qa",
            ".claude/agents/reviewer.md 2:47-2:53 qa",
            ".claude/agents/reviewer.md 5:11-5:17 qa",
            ".claude/agents/tester.md 1:6-1:12 qa",
            ".claude/skills/deploy/SKILL.md 4:7-4:13 qa",
        ]
    );
    assert_eq!(
        error(&rename(&mut c, SHIP, 0, 1, "git:send")),
        "Cannot rename `git:ship`: its name is its file or folder name, and this editor does not let a rename move files."
    );
    c.shutdown();
}

#[test]
fn workspace_symbols_across_formats() {
    let mut c = start(true);
    let symbols = |c: &mut Client, query: &str| -> Vec<String> {
        let found = c.request("workspace/symbol", json!({"query": query}));
        found
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|s| {
                        format!(
                            "{} ({}, kind {}) {}",
                            s["name"].as_str().unwrap_or_default(),
                            s["containerName"].as_str().unwrap_or_default(),
                            s["kind"],
                            loc(&rel(&s["location"]["uri"]), &range(&s["location"]["range"]))
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        symbols(&mut c, ""),
        [
            "build (opencode-command, kind 12) .opencode/command/build.md 0:0-0:0",
            "builder (opencode-agent, kind 5) .opencode/agent/builder.md 0:0-0:0",
            "deploy (claude-skill, kind 12) .claude/skills/deploy/SKILL.md 1:6-1:12",
            "git:ship (claude-command, kind 12) .claude/commands/git/ship.md 0:0-0:0",
            "helper (gemini-agent, kind 5) .gemini/agents/helper.md 1:6-1:12",
            "implementer (copilot-agent, kind 5) .github/agents/implementer.agent.md 0:0-0:0",
            "kit:sec (claude-plugin-agent, kind 5) plugins/kit/agents/sec.md 1:6-1:9",
            "plan (copilot-prompt, kind 12) .github/prompts/plan.prompt.md 0:0-0:0",
            "planner (copilot-agent, kind 5) .github/agents/planner.agent.md 1:6-1:13",
            "reviewer (claude-agent, kind 5) .claude/agents/reviewer.md 1:6-1:14",
            "team-lead (claude-agent, kind 5) .claude/agents/lead.md 1:6-1:15",
            "tester (claude-agent, kind 5) .claude/agents/tester.md 1:6-1:12",
        ]
    );
    let names = |c: &mut Client, query: &str| -> Vec<String> {
        symbols(c, query)
            .into_iter()
            .map(|s| s.split(' ').next().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(names(&mut c, "PLAN"), ["plan", "planner"]);
    assert_eq!(names(&mut c, "lead"), ["team-lead"]);
    assert_eq!(names(&mut c, "tst"), ["tester"]);
    assert!(names(&mut c, "zzz").is_empty());
    c.shutdown();
}

#[test]
fn document_links_to_existing_files() {
    let mut c = start(true);
    open(&mut c, REVIEWER);
    let links = c.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": uri(REVIEWER)}}),
    );
    // `notes.md` does not exist: no link.
    assert_eq!(
        links,
        json!([{
            "range": {"start": {"line": 6, "character": 17}, "end": {"line": 6, "character": 36}},
            "target": uri("docs/guide.md"),
        }])
    );
    c.shutdown();
}
