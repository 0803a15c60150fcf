//! The `source.fixAll.agentls` code action: every safe fix of a document in
//! one edit, the same fixes `agentls check --fix` applies; offered only when
//! asked for, and advertised in the capabilities.

use agentls_e2e::{Client, Transport};
use serde_json::{Value, json};

const AGENT: &str = "file:///tmp/agentls-e2e-fix-all/.claude/agents/fixer.md";
const TEXT: &str = "---\nname: fixer\ndescription: Fixes things\ntools: read, Task, Bash\nmodel: sonet\n---\nBody\n";

fn actions(c: &mut Client, only: Option<&[&str]>) -> Vec<Value> {
    let mut context = json!({"diagnostics": []});
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": AGENT}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": context}),
    )
    .as_array()
    .cloned()
    .unwrap_or_default()
}

fn run(t: Transport) {
    let mut c = Client::start(t);
    let init = c.initialize(&["utf-16"]);
    let kinds = &init["capabilities"]["codeActionProvider"]["codeActionKinds"];
    assert!(
        kinds
            .as_array()
            .is_some_and(|k| k.contains(&json!("source.fixAll.agentls"))),
        "{kinds}"
    );
    c.open(AGENT, 1, TEXT);
    let (_, before) = c.wait_diagnostics(AGENT);
    assert_eq!(before.len(), 3, "AG407, AG402 and AG301: {before:?}");
    for only in [
        &["source.fixAll"][..],
        &["source"],
        &["source.fixAll.agentls"],
    ] {
        let found = actions(&mut c, Some(only));
        assert_eq!(found.len(), 1, "{only:?}: {found:?}");
        let action = &found[0];
        assert_eq!(action["kind"], "source.fixAll.agentls");
        assert_eq!(action["title"], "Fix all agentls problems (2 safe fixes)");
        assert_eq!(
            action["edit"]["changes"][AGENT],
            json!([{
                "range": {"start": {"line": 3, "character": 7}, "end": {"line": 3, "character": 17}},
                "newText": "Read, Agent",
            }])
        );
    }
    for only in [None, Some(&["quickfix"][..])] {
        assert!(
            actions(&mut c, only)
                .iter()
                .all(|a| a["kind"] != "source.fixAll.agentls"),
            "{only:?}"
        );
    }
    let action = actions(&mut c, Some(&["source.fixAll"])).remove(0);
    c.apply_workspace_edit(AGENT, 2, &action["edit"]);
    let (version, after) = c.wait_diagnostics(AGENT);
    assert_eq!(version, Some(2));
    let codes: Vec<&str> = after.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["AG301"], "only the model's guess is left");
    assert!(
        actions(&mut c, Some(&["source.fixAll"])).is_empty(),
        "nothing left to fix"
    );
    c.shutdown();
}

#[test]
fn fix_all_over_stdio() {
    run(Transport::Stdio);
}

#[test]
fn fix_all_in_process() {
    run(Transport::Duplex);
}
