//! Configuration over LSP: the editor's settings (pushed with
//! `workspace/didChangeConfiguration`, pulled with
//! `workspace/configuration`) and `.agentls.toml` (edited in the editor,
//! saved, bad) applied to the open documents without a restart; a bad
//! configuration file's diagnostic on itself; inline suppressions and the
//! unused-suppression hint with its fix.

use std::path::PathBuf;

use agentls_e2e::{Client, Transport, edit, render_all};
use serde_json::{Value, json};

/// An agent with a bad name (AG106 at 1:6-1:14), an unknown key (AG201 at
/// 3:0-3:6) and an unknown tool (AG401 at 4:13-4:19).
const AGENT: &str =
    "---\nname: Bad_Name\ndescription: d\nx-team: core\ntools: Read, MyTool\n---\nBody\n";
const ALL: [&str; 3] = [
    "1:6-1:14 warning AG106",
    "3:0-3:6 warning AG201",
    "4:13-4:19 warning AG401",
];

fn project(name: &str, t: Transport) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!(
        "agentls-lsp-config-{name}-{}-{}",
        std::process::id(),
        t as u8
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".claude/agents")).expect("dir");
    let root = format!("file://{}", dir.display());
    (dir, root)
}

fn start(t: Transport, root: &str, capabilities: Value) -> Client {
    let mut c = Client::start(t);
    c.initialize_params(json!({"capabilities": capabilities, "processId": null, "rootUri": root}));
    c
}

/// Settings pushed with didChangeConfiguration apply to the open document
/// at once; known names, rules, severities.
fn pushed_settings(t: Transport) {
    let (dir, root) = project("pushed", t);
    let uri = format!("{root}/.claude/agents/a.md");
    let mut c = start(t, &root, json!({}));
    c.open(&uri, 1, AGENT);
    c.expect_diagnostics(&uri, Some(1), &ALL);
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"agentls": {
            "rules": {"ignore": ["unknown-key"], "severity": {"AG106": "error"}},
            "known": {"tools": ["MyTool"]},
        }}}),
    );
    c.expect_diagnostics(&uri, Some(1), &["1:6-1:14 error AG106"]);
    // A bad setting is told, and the settings stay as they were.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"agentls": {"rules": {"ignore": ["AG39"]}}}}),
    );
    let said = c.wait_notification("window/showMessage");
    assert!(
        said["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("agentls: settings: unknown rule \"AG39\""),
        "{said}"
    );
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"agentls": {}}}),
    );
    c.expect_diagnostics(&uri, Some(1), &ALL);
    assert_eq!(c.shutdown().unwrap_or(0), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pushed_settings_in_process() {
    pushed_settings(Transport::Duplex);
}

#[test]
fn pushed_settings_through_the_binary() {
    pushed_settings(Transport::Stdio);
}

/// A client that answers `workspace/configuration` is asked on
/// `initialized` and on each didChangeConfiguration; its answer wins over
/// `.agentls.toml`.
#[test]
fn pulled_settings_win_over_the_file() {
    let t = Transport::Duplex;
    let (dir, root) = project("pulled", t);
    std::fs::write(dir.join(".agentls.toml"), "[rules]\nignore = [\"AG106\"]\n").expect("config");
    let uri = format!("{root}/.claude/agents/a.md");
    let mut c = Client::start(t);
    c.set_configuration(json!({"rules": {"ignore": ["AG4"]}, "trace": {"server": "off"}}));
    c.initialize_params(json!({
        "capabilities": {"workspace": {"configuration": true}},
        "processId": null,
        "rootUri": root,
    }));
    let _ready = c.wait_notification("window/logMessage");
    c.open(&uri, 1, AGENT);
    c.expect_diagnostics(&uri, Some(1), &["3:0-3:6 warning AG201"]);
    // The editor's select replaces the file's selection.
    c.set_configuration(json!({"rules": {"select": ["AG106"]}}));
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    c.expect_diagnostics(&uri, Some(1), &["1:6-1:14 warning AG106"]);
    assert_eq!(c.shutdown().unwrap_or(0), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `.agentls.toml` open in the editor: its text applies as it is typed; a
/// bad one gets a diagnostic on itself and is ignored; closing it goes
/// back to the file on disk.
fn configuration_edited(t: Transport) {
    let (dir, root) = project("edited", t);
    std::fs::write(dir.join(".agentls.toml"), "[rules]\nignore = [\"AG4\"]\n").expect("config");
    let uri = format!("{root}/.claude/agents/a.md");
    let config = format!("{root}/.agentls.toml");
    let mut c = start(t, &root, json!({}));
    c.open(&uri, 1, AGENT);
    c.expect_diagnostics(&uri, Some(1), &ALL[..2]);
    // 0 [rules]
    // 1 ignore = ["AG39"]
    c.open(&config, 1, "[rules]\nignore = [\"AG39\"]\n");
    let (version, d) = c.wait_diagnostics(&config);
    assert_eq!(version, Some(1));
    assert_eq!(render_all(&d), ["1:10-1:16 error AG1121"]);
    assert_eq!(
        d[0]["message"],
        "unknown rule \"AG39\": write a code (AG105), a code prefix (AG1), ALL, or a rule name (name-too-long); `agentls rules` lists them; agentls ignores this file until it is fixed."
    );
    c.expect_diagnostics(&uri, Some(1), &ALL);
    c.change(&config, 2, &[edit((1, 0), (1, 17), "select = [\"AG106\"]")]);
    c.expect_diagnostics(&config, Some(2), &[]);
    c.expect_diagnostics(&uri, Some(1), &["1:6-1:14 warning AG106"]);
    c.close(&config);
    c.expect_diagnostics(&config, None, &[]);
    c.expect_diagnostics(&uri, Some(1), &ALL[..2]);
    assert_eq!(c.shutdown().unwrap_or(0), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn configuration_edited_in_process() {
    configuration_edited(Transport::Duplex);
}

#[test]
fn configuration_edited_through_the_binary() {
    configuration_edited(Transport::Stdio);
}

/// A bad `.agentls.toml` that is not open gets its diagnostic all the
/// same; fixed and saved, the diagnostic goes and the documents are judged
/// by it.
#[test]
fn a_bad_file_on_disk() {
    let t = Transport::Duplex;
    let (dir, root) = project("disk", t);
    std::fs::write(
        dir.join(".agentls.toml"),
        "targets = [\"claude\"]\n[rules]\nignor = []\n",
    )
    .expect("config");
    let uri = format!("{root}/.claude/agents/a.md");
    let config = format!("{root}/.agentls.toml");
    let mut c = start(t, &root, json!({}));
    c.open(&uri, 1, AGENT);
    c.expect_diagnostics(&uri, Some(1), &ALL);
    let (version, d) = c.wait_diagnostics(&config);
    assert_eq!(version, None);
    assert_eq!(render_all(&d), ["2:0-2:5 error AG1121"]);
    let message = d[0]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("unknown field `ignor`"), "{message}");
    std::fs::write(dir.join(".agentls.toml"), "[rules]\nignore = [\"AG2\"]\n").expect("config");
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": config}}),
    );
    c.expect_diagnostics(&config, None, &[]);
    c.expect_diagnostics(
        &uri,
        Some(1),
        &["1:6-1:14 warning AG106", "4:13-4:19 warning AG401"],
    );
    assert_eq!(c.shutdown().unwrap_or(0), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Suppression comments silence what they name; one that silences nothing
/// is a hint whose fix removes it.
fn suppressions(t: Transport) {
    let (dir, root) = project("suppress", t);
    let uri = format!("{root}/.claude/agents/a.md");
    let mut c = start(t, &root, json!({}));
    // 0 ---
    // 1 name: Bad_Name # agentls-ignore: AG106
    // 2 description: d
    // 3 # agentls-ignore: unknown-key
    // 4 x-team: core
    // 5 tools: Read, MyTool
    // 6 ---
    // 7 Body
    // 8 <!-- agentls-ignore-file tool-unknown, AG501 -->
    let text = "---\nname: Bad_Name # agentls-ignore: AG106\ndescription: d\n# agentls-ignore: unknown-key\nx-team: core\ntools: Read, MyTool\n---\nBody\n<!-- agentls-ignore-file tool-unknown, AG501 -->\n";
    c.open(&uri, 1, text);
    let (_, d) = c.wait_diagnostics(&uri);
    assert_eq!(render_all(&d), ["8:39-8:44 hint AG1120"]);
    assert_eq!(
        d[0]["message"],
        "Unused suppression: AG501 silences nothing in this file."
    );
    let fix = c.quick_fixes(&uri, &d[0])[0].clone();
    assert_eq!(fix["title"], "Remove AG501 from the suppression");
    c.apply_workspace_edit(&uri, 2, &fix["edit"]);
    c.expect_diagnostics(&uri, Some(2), &[]);
    // The unknown key is fixed: its suppression is unused now, and its fix
    // removes the whole line.
    c.change(&uri, 3, &[edit((4, 0), (5, 0), "")]);
    let (_, d) = c.wait_diagnostics(&uri);
    assert_eq!(render_all(&d), ["3:0-3:29 hint AG1120"]);
    let fix = c.quick_fixes(&uri, &d[0])[0].clone();
    assert_eq!(fix["title"], "Remove the unused suppression");
    c.apply_workspace_edit(&uri, 4, &fix["edit"]);
    c.expect_diagnostics(&uri, Some(4), &[]);
    assert_eq!(c.shutdown().unwrap_or(0), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A suppression comment typed in pieces counts once its marker is whole,
/// wherever the last piece lands (at its end, in its middle, or a deletion
/// that joins its halves), and stops counting once its marker is broken.
fn suppression_typed(t: Transport) {
    let (dir, root) = project("suppress-typed", t);
    let uri = format!("{root}/.claude/agents/a.md");
    let mut c = start(t, &root, json!({}));
    // 0 ---
    // 1 name: a
    // 2 description: d
    // 3 x-team: core
    // 4 ---
    // 5 Body
    let text = "---\nname: a\ndescription: d\nx-team: core\n---\nBody\n";
    c.open(&uri, 1, text);
    let (_, d) = c.wait_diagnostics(&uri);
    let unknown = render_all(&d);
    assert_eq!(unknown, ["3:0-3:6 warning AG201"]);
    // `<!-- agentls-ig` + `nore-file unknown-key -->` typed after it, a
    // character at a time for the marker's last letters.
    c.change(&uri, 2, &[edit((6, 0), (6, 0), "<!-- agentls-ig")]);
    c.expect_diagnostics(&uri, Some(2), &["3:0-3:6 warning AG201"]);
    c.change(&uri, 3, &[edit((6, 15), (6, 15), " -->")]);
    let _ = c.wait_diagnostics(&uri);
    c.change(&uri, 4, &[edit((6, 15), (6, 15), "nore-file unknown-key")]);
    let (_, now) = c.wait_diagnostics(&uri);
    assert_eq!(render_all(&now), Vec::<String>::new(), "{now:?}");
    // Broken in the middle (`agentls-i_gnore`): the warning is back.
    c.change(&uri, 5, &[edit((6, 14), (6, 14), "_")]);
    let (_, now) = c.wait_diagnostics(&uri);
    assert_eq!(render_all(&now), unknown);
    // Mended by deleting the extra character.
    c.change(&uri, 6, &[edit((6, 14), (6, 15), "")]);
    let (_, now) = c.wait_diagnostics(&uri);
    assert_eq!(render_all(&now), Vec::<String>::new());
    assert_eq!(c.shutdown().unwrap_or(0), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn suppression_typed_in_process() {
    suppression_typed(Transport::Duplex);
}

#[test]
fn suppression_typed_through_the_binary() {
    suppression_typed(Transport::Stdio);
}

#[test]
fn suppressions_in_process() {
    suppressions(Transport::Duplex);
}

#[test]
fn suppressions_through_the_binary() {
    suppressions(Transport::Stdio);
}

/// `[paths]` makes the server check a file it would not know by its path,
/// and `[[overrides]]` apply by path, relative to the file's folder.
#[test]
fn paths_and_overrides() {
    let t = Transport::Duplex;
    let (dir, root) = project("paths", t);
    std::fs::write(
        dir.join(".agentls.toml"),
        "[paths]\nclaude-agent = [\"team/*.md\"]\n\n[[overrides]]\npaths = [\"team/\"]\nrules.severity.AG401 = \"error\"\n",
    )
    .expect("config");
    let team = format!("{root}/team/c.md");
    let agent = format!("{root}/.claude/agents/a.md");
    let other = format!("{root}/notes/c.md");
    let mut c = start(t, &root, json!({}));
    c.open(&team, 1, AGENT);
    c.expect_diagnostics(&team, Some(1), &[ALL[0], ALL[1], "4:13-4:19 error AG401"]);
    c.open(&agent, 1, AGENT);
    c.expect_diagnostics(&agent, Some(1), &ALL);
    c.open(&other, 1, AGENT);
    c.expect_diagnostics(&other, Some(1), &[]);
    assert_eq!(c.shutdown().unwrap_or(0), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The MCP servers the configuration declares are offered in `tools`.
#[test]
fn known_mcp_servers_are_offered() {
    let t = Transport::Duplex;
    let (dir, root) = project("mcp", t);
    let uri = format!("{root}/.claude/agents/a.md");
    // 3 tools: Read, |
    let text = "---\nname: a\ndescription: d\ntools: Read, \n---\nBody\n";
    let mut c = Client::start(t);
    c.initialize_params(json!({
        "capabilities": {},
        "initializationOptions": {"known": {"mcp-servers": ["github"]}},
        "processId": null,
        "rootUri": root,
    }));
    c.open(&uri, 1, text);
    c.expect_diagnostics(&uri, Some(1), &[]);
    let offered = |c: &mut Client| {
        agentls_e2e::labels(&c.request("textDocument/completion", agentls_e2e::at(&uri, 3, 13)))
            .contains(&"mcp__github__*".to_owned())
    };
    assert!(offered(&mut c));
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"agentls": {}}}),
    );
    c.expect_diagnostics(&uri, Some(1), &[]);
    assert!(!offered(&mut c));
    assert_eq!(c.shutdown().unwrap_or(0), 0);
    let _ = std::fs::remove_dir_all(&dir);
}
