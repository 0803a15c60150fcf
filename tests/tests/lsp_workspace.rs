//! The workspace index over LSP, on a workspace generated in a temporary
//! folder: the server registers for watched files and indexes the folder
//! with `$/progress`; duplicate names appear and go away as a closed file
//! changes on disk and as an open file is edited; a name that shadows a
//! built-in agent; a reference to an agent nothing defines; the roster
//! cost lens; an ignored folder and a symbolic link loop.

use std::path::{Path, PathBuf};

use agentls_e2e::{Client, Transport, edit, render_all};
use serde_json::{Value, json};

const REVIEWER: &str =
    "---\nname: reviewer\ndescription: Reviews code\n---\nAsk @agent-helper and @agent-ghost.\n";
const HELPER: &str = "---\nname: helper\ndescription: Helps\n---\nBody\n";
const EXPLORE: &str = "---\nname: Explore\ndescription: Explores the code base\n---\nBody\n";

/// A fresh workspace: three agents, an ignored copy, a symbolic link loop.
fn workspace(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!(
        "agentls-e2e-workspace-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&root);
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(".claude/agents/reviewer.md", REVIEWER);
    write(".claude/agents/helper.md", HELPER);
    write(".claude/agents/explore.md", EXPLORE);
    write("vendor/.claude/agents/reviewer.md", REVIEWER);
    write(".gitignore", "vendor/\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&root, root.join(".claude/agents/loop")).expect("symlink");
    root
}

fn uri(root: &Path, rel: &str) -> String {
    format!("file://{}/{rel}", root.display())
}

/// Starts a server on `root` with a client that can show progress and
/// watch files; waits for the registration and the end of indexing.
fn start(t: Transport, root: &Path) -> Client {
    let mut c = Client::start(t);
    c.initialize_params(json!({
        "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "window": {"workDoneProgress": true},
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
        },
        "processId": null,
        "workspaceFolders": [{"uri": format!("file://{}", root.display()), "name": "ws"}],
    }));
    let registration = c.wait_server_request("client/registerCapability");
    let registration = &registration["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = registration["registerOptions"]["watchers"]
        .as_array()
        .expect("watchers")
        .iter()
        .filter_map(|w| w["globPattern"].as_str())
        .collect();
    assert_eq!(globs, ["**/*.md", "**/*.mdc", "**/.agentls.toml"]);
    let created = c.wait_server_request("window/workDoneProgress/create");
    let token = created["token"].clone();
    let begin = c.wait_notification("$/progress");
    assert_eq!(begin["token"], token);
    assert_eq!(begin["value"]["kind"], "begin");
    assert_eq!(begin["value"]["title"], "Indexing agent files");
    loop {
        let progress = c.wait_notification("$/progress");
        assert_eq!(progress["token"], token);
        if progress["value"]["kind"] == "end" {
            assert_eq!(progress["value"]["message"], "3 agent files");
            break;
        }
        assert_eq!(progress["value"]["kind"], "report");
    }
    c
}

fn watched(c: &mut Client, uri: &str, typ: u32) {
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": typ}]}),
    );
}

fn messages(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["message"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn duplicates_follow_the_disk_and_the_edits(t: Transport) {
    let root = workspace(&format!("dup-{t:?}"));
    let mut c = start(t, &root);
    let reviewer = uri(&root, ".claude/agents/reviewer.md");
    c.open(&reviewer, 1, REVIEWER);
    // @agent-ghost: defined nowhere, and ~/.claude/agents is outside the workspace.
    let (version, d) = c.wait_diagnostics(&reviewer);
    assert_eq!(version, Some(1));
    assert_eq!(render_all(&d), ["4:29-4:34 hint AG1161"]);
    assert_eq!(
        messages(&d),
        [
            "No Claude Code agent named \"ghost\" in this workspace, and no built-in one: unless ~/.claude/agents defines it, it will not be found."
        ]
    );

    // A closed file appears on disk with the same name: a duplicate.
    let copy = root.join(".claude/agents/sub/copy.md");
    std::fs::create_dir_all(copy.parent().expect("parent")).expect("mkdir");
    std::fs::write(&copy, REVIEWER).expect("write");
    watched(&mut c, &uri(&root, ".claude/agents/sub/copy.md"), 1);
    let (version, d) = c.wait_diagnostics(&reviewer);
    assert_eq!(version, Some(1));
    assert_eq!(
        render_all(&d),
        ["1:6-1:14 warning AG107", "4:29-4:34 hint AG1161"]
    );
    assert_eq!(
        messages(&d)[0],
        format!(
            "Another agent is also named \"reviewer\": {} and {}. Claude Code loads only one of them, whichever the file system lists first.",
            root.join(".claude/agents/reviewer.md").display(),
            copy.display()
        )
    );
    // It is renamed on disk: the duplicate goes.
    std::fs::write(&copy, REVIEWER.replace("reviewer", "copy")).expect("write");
    watched(&mut c, &uri(&root, ".claude/agents/sub/copy.md"), 2);
    c.expect_diagnostics(&reviewer, Some(1), &["4:29-4:34 hint AG1161"]);
    // It comes back, then is deleted.
    std::fs::write(&copy, REVIEWER).expect("write");
    watched(&mut c, &uri(&root, ".claude/agents/sub/copy.md"), 2);
    c.expect_diagnostics(
        &reviewer,
        Some(1),
        &["1:6-1:14 warning AG107", "4:29-4:34 hint AG1161"],
    );
    std::fs::remove_file(&copy).expect("delete");
    watched(&mut c, &uri(&root, ".claude/agents/sub/copy.md"), 3);
    c.expect_diagnostics(&reviewer, Some(1), &["4:29-4:34 hint AG1161"]);

    // An open file is renamed to the same name: both files say so.
    let helper = uri(&root, ".claude/agents/helper.md");
    c.open(&helper, 1, HELPER);
    c.expect_diagnostics(&helper, Some(1), &[]);
    c.change(&helper, 2, &[edit((1, 6), (1, 12), "reviewer")]);
    c.expect_diagnostics(&helper, Some(2), &["1:6-1:14 warning AG107"]);
    // The reviewer's @agent-helper now names nothing, and it has a twin.
    c.expect_diagnostics(
        &reviewer,
        Some(1),
        &[
            "1:6-1:14 warning AG107",
            "4:11-4:17 hint AG1161",
            "4:29-4:34 hint AG1161",
        ],
    );
    c.change(&helper, 3, &[edit((1, 6), (1, 14), "helper")]);
    c.expect_diagnostics(&helper, Some(3), &[]);
    c.expect_diagnostics(&reviewer, Some(1), &["4:29-4:34 hint AG1161"]);
    assert_eq!(c.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn duplicates_follow_the_disk_and_the_edits_in_process() {
    duplicates_follow_the_disk_and_the_edits(Transport::Duplex);
}

#[test]
fn duplicates_follow_the_disk_and_the_edits_through_the_binary() {
    duplicates_follow_the_disk_and_the_edits(Transport::Stdio);
}

/// A built-in agent's name, and the roster cost lens.
#[test]
fn shadowing_and_the_roster_lens() {
    let root = workspace("shadow");
    let mut c = start(Transport::Duplex, &root);
    let explore = uri(&root, ".claude/agents/explore.md");
    c.open(&explore, 1, EXPLORE);
    let (_, d) = c.wait_diagnostics(&explore);
    assert_eq!(
        render_all(&d),
        ["1:6-1:13 warning AG106", "1:6-1:13 warning AG1160"]
    );
    assert_eq!(
        messages(&d)[1..],
        [
            "Claude Code has a built-in agent named \"Explore\": this file replaces it in every session, including where the built-in was meant. Rename the agent unless that is the point."
        ]
    );
    // Every listed agent's roster line, as Claude Code shows it.
    let line = |text: &str, stem: &str| {
        agentls::analysis::roster(text, agentls::formats::FileKind::ClaudeAgent, Some(stem))
            .expect("listed")
            .1
            .chars()
            .count()
    };
    let this = line(EXPLORE, "explore");
    let total = this + line(REVIEWER, "reviewer") + line(HELPER, "helper");
    let percent = (this * 100 + total / 2) / total;
    let titles = c.code_lens_titles(&explore);
    assert_eq!(
        titles[1],
        format!(
            "Roster: 3 agents, {total} chars ≈ {} tokens for Claude Code; this file {this} ({percent}%)",
            (total + 2) / 4
        )
    );
    assert_eq!(c.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&root);
}

/// Workspace folders added and removed are indexed and dropped; a changed
/// `.agentls.toml` makes the server check the open files again.
#[test]
fn folders_and_configuration_files() {
    let root = workspace("folders");
    let other = root.with_file_name(format!(
        "{}-other",
        root.file_name().expect("name").to_string_lossy()
    ));
    let _ = std::fs::remove_dir_all(&other);
    std::fs::create_dir_all(other.join(".claude/agents")).expect("mkdir");
    std::fs::write(
        other.join(".claude/agents/ghost.md"),
        "---\nname: ghost\ndescription: Haunts\n---\nBoo.\n",
    )
    .expect("write");
    let mut c = start(Transport::Duplex, &root);
    let reviewer = uri(&root, ".claude/agents/reviewer.md");
    c.open(&reviewer, 1, REVIEWER);
    c.expect_diagnostics(&reviewer, Some(1), &["4:29-4:34 hint AG1161"]);
    let folder = json!({"uri": format!("file://{}", other.display()), "name": "other"});
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [folder], "removed": []}}),
    );
    // The new folder defines the ghost: the reference resolves.
    c.expect_diagnostics(&reviewer, Some(1), &[]);
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": [folder]}}),
    );
    c.expect_diagnostics(&reviewer, Some(1), &["4:29-4:34 hint AG1161"]);

    std::fs::write(root.join(".agentls.toml"), "targets = 3\n").expect("config");
    watched(&mut c, &uri(&root, ".agentls.toml"), 1);
    c.expect_diagnostics(&reviewer, Some(1), &["4:29-4:34 hint AG1161"]);
    let message = c.wait_notification("window/showMessage");
    let said = message["message"].as_str().unwrap_or_default();
    assert!(
        said.contains(".agentls.toml: invalid type") && said.ends_with("; ignored"),
        "{said}"
    );
    assert_eq!(c.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&root);
    let _ = std::fs::remove_dir_all(&other);
}

/// A large open document (over 64 KiB) is re-indexed when typing pauses,
/// off the keystroke path: its cross-file diagnostics follow.
#[test]
fn a_large_document_is_indexed_when_typing_pauses() {
    let root = workspace("large");
    let mut c = start(Transport::Duplex, &root);
    let big = uri(&root, ".claude/agents/big.md");
    let text = format!(
        "---\nname: helper\ndescription: Helps a lot\n---\n{}",
        "Lorem ipsum dolor sit amet.\n".repeat(3000)
    );
    c.open(&big, 1, &text);
    c.expect_diagnostics(&big, Some(1), &[]);
    // The refresh finds it shares its name with helper.md.
    c.expect_diagnostics(&big, Some(1), &["1:6-1:12 warning AG107"]);
    c.change(&big, 2, &[edit((1, 6), (1, 12), "big")]);
    // The keystroke keeps the last cross-file diagnostics; the refresh drops them.
    c.expect_diagnostics(&big, Some(2), &["1:6-1:12 warning AG107"]);
    c.expect_diagnostics(&big, Some(2), &[]);
    assert_eq!(c.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&root);
}

/// In a workspace of thousands of files the names are grouped on the
/// blocking pool, not on a keystroke: the duplicate still shows, once the
/// grouping is done and the open documents are refreshed.
#[test]
fn a_large_workspace_groups_its_names_in_the_background() {
    let root =
        std::env::temp_dir().join(format!("agentls-e2e-workspace-many-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let agents = root.join(".claude/agents");
    std::fs::create_dir_all(&agents).expect("mkdir");
    for i in 0..5_000 {
        let text = format!("---\nname: a{i}\ndescription: Agent {i}\n---\nBody\n");
        std::fs::write(agents.join(format!("a{i}.md")), text).expect("write");
    }
    let twin = "---\nname: twin\ndescription: One of two\n---\nAsk @agent-a4999.\n";
    std::fs::write(agents.join("twin-a.md"), twin).expect("write");
    std::fs::write(agents.join("twin-b.md"), twin).expect("write");
    let mut c = Client::start(Transport::Duplex);
    c.initialize_params(json!({
        "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
        "processId": null,
        "workspaceFolders": [{"uri": format!("file://{}", root.display()), "name": "ws"}],
    }));
    let twin_a = uri(&root, ".claude/agents/twin-a.md");
    c.open(&twin_a, 1, twin);
    // Before the index is complete and grouped, no duplicate is known; each
    // refresh publishes again only when something changed. The reference
    // to a4999 is never called unknown, not even while an older grouping
    // answers.
    let mut seen = Vec::new();
    while seen.is_empty() {
        let (version, d) = c.wait_diagnostics(&twin_a);
        assert_eq!(version, Some(1));
        seen = render_all(&d);
    }
    assert_eq!(seen, ["1:6-1:10 warning AG107"]);
    assert_eq!(c.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&root);
}
