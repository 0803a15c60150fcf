//! Every quick fix of every fix case (`fixtures/fix-cases/`), requested and
//! applied over LSP as an editor does: the code action's workspace edit is
//! sent back as one `didChange`, and the diagnostics published for it must
//! have lost the fixed one and gained none. Run through the real binary over
//! stdio with UTF-16 positions and in process with UTF-8 ones (the cases hold
//! CRLF, emoji and CJK text).

use std::path::Path;

use agentls_e2e::{Client, Transport, render_all, replace_all};
use serde_json::{Value, json};

const AGENT: &str = "file:///tmp/agentls-e2e-fixes/.claude/agents/code-reviewer.md";

/// The diagnostics without their ranges (a fix may move the others).
fn codes(diagnostics: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = render_all(diagnostics)
        .into_iter()
        .map(|s| s.split(' ').skip(1).collect::<Vec<_>>().join(" "))
        .collect();
    out.sort();
    out
}

fn run(t: Transport, encoding: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fix-cases");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("fix-cases")
        .flatten()
        .map(|e| e.path())
        .collect();
    cases.sort();
    let mut c = Client::start(t);
    c.initialize_with(json!({"general": {"positionEncodings": [encoding]}}));
    let mut version = 0;
    let mut applied = 0;
    for path in cases {
        let text = std::fs::read_to_string(&path).expect("read");
        version += 1;
        if version == 1 {
            c.open(AGENT, version, &text);
        } else {
            c.change(AGENT, version, &[replace_all(&text)]);
        }
        let (_, before) = c.wait_diagnostics(AGENT);
        for d in &before {
            let actions = c.request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": AGENT}, "range": d["range"], "context": {"diagnostics": [d], "only": ["quickfix"]}}),
            );
            for action in actions.as_array().cloned().unwrap_or_default() {
                let title = action["title"].as_str().unwrap_or_default().to_owned();
                assert_eq!(action["kind"], "quickfix", "{title}");
                version += 1;
                let applied_edits = c.apply_workspace_edit(AGENT, version, &action["edit"]);
                assert!(applied_edits > 0, "an action without edits: {action}");
                let (v, after) = c.wait_diagnostics(AGENT);
                assert_eq!(v, Some(version));
                let (was, now) = (codes(&before), codes(&after));
                let label = format!("{} ({encoding}): {title:?}", path.display());
                assert!(now.len() < was.len(), "{label} removed nothing: {now:?}");
                let mut left = was.clone();
                for n in &now {
                    let i = left.iter().position(|w| w == n);
                    assert!(i.is_some(), "{label} introduced {n}");
                    left.remove(i.unwrap_or_default());
                }
                // The action names the diagnostic it fixes (the request's
                // range may also hold others').
                let target = action["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                let fixed = codes(&target);
                assert_eq!(fixed.len(), 1, "{label}: {action}");
                assert!(
                    left.contains(&fixed[0]),
                    "{label} did not remove {}",
                    fixed[0]
                );
                applied += 1;
                // Back to the case's text for the next action.
                version += 1;
                c.change(AGENT, version, &[replace_all(&text)]);
                let (_, again) = c.wait_diagnostics(AGENT);
                assert_eq!(codes(&again), was);
            }
        }
    }
    assert!(applied >= 40, "only {applied} quick fixes applied");
    assert_eq!(c.shutdown().unwrap_or(0), 0);
}

#[test]
fn every_quick_fix_over_stdio_utf16() {
    run(Transport::Stdio, "utf-16");
}

#[test]
fn every_quick_fix_in_process_utf8() {
    run(Transport::Duplex, "utf-8");
}
