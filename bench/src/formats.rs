//! Typing into one typical file of each format: 300 characters into the
//! description, 300 at the end of the body.

use std::path::Path;
use std::time::Duration;

use serde_json::json;

use crate::common::percentile;
use crate::report::Measures;
use crate::server::{Server, ms, typing};

/// A format's name, where its file goes under the workspace folder, and
/// the file: a typical one from the corpus where it has the format, else
/// a realistic one written for the bench (`bench/inputs/`).
fn inputs() -> Vec<(&'static str, &'static str, String)> {
    let corpus = crate::fixtures().join("corpus/wshobson/agents/plugins");
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    vec![
        (
            "Claude Code skill",
            ".claude/skills/tailwind-design-system/SKILL.md",
            read(
                &corpus.join("frontend-mobile-development/skills/tailwind-design-system/SKILL.md"),
            ),
        ),
        (
            "Claude Code command",
            ".claude/commands/revert.md",
            read(&corpus.join("conductor/commands/revert.md")),
        ),
        (
            "Copilot custom agent",
            ".github/agents/reviewer.agent.md",
            read(&own.join("copilot-agent.agent.md")),
        ),
        (
            "Copilot prompt",
            ".github/prompts/review-pr.prompt.md",
            read(&own.join("copilot-prompt.prompt.md")),
        ),
        (
            "OpenCode agent",
            ".opencode/agent/reviewer.md",
            read(&own.join("opencode-agent.md")),
        ),
        (
            "Gemini CLI agent",
            ".gemini/agents/reviewer.md",
            read(&own.join("gemini-agent.md")),
        ),
        (
            "Qwen Code agent",
            ".qwen/agents/reviewer.md",
            read(&own.join("qwen-agent.md")),
        ),
        (
            "Cursor rule",
            ".cursor/rules/react-components.mdc",
            read(&own.join("cursor-rule.mdc")),
        ),
    ]
}

/// The byte where a description's value starts (inside its quotes, or on
/// the first line of a block scalar).
fn description_start(text: &str) -> Option<usize> {
    let key = text.find("\ndescription:")? + "\ndescription:".len();
    let rest = &text[key..];
    let mut at = key + (rest.len() - rest.trim_start_matches(' ').len());
    match text.as_bytes().get(at) {
        Some(b'"' | b'\'') => at += 1,
        Some(b'|' | b'>') => {
            at += text[at..].find('\n')? + 1;
            at += text[at..].len() - text[at..].trim_start_matches(' ').len();
        }
        _ => {}
    }
    Some(at)
}

/// For each format whose name holds `only` (all without it): open its file
/// at its path under `root`, type 300 characters into the description,
/// close; open it again, type 300 at the end of the body, close.
pub fn bench_formats(cmd: &str, root: &Path, only: Option<&str>, rows: &mut Measures) {
    let mut s = Server::spawn(cmd);
    s.initialize(root);
    for (format, rel, text) in inputs() {
        if only.is_some_and(|o| !format.contains(o)) {
            continue;
        }
        if text.is_empty() {
            eprintln!("{format}: no input file");
            continue;
        }
        let label = format!("{format} ({:.1} KB)", text.len() as f64 / 1000.0);
        let uri = format!("file://{}/{rel}", root.display());
        for (place, offset) in [
            ("description", description_start(&text)),
            ("body", Some(text.len().saturating_sub(1))),
        ] {
            let Some(offset) = offset else { continue };
            s.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}));
            if s.diagnostics(&uri, 1, Duration::from_secs(5)).is_none() {
                eprintln!("{cmd}: no diagnostics within 5 s of opening the {format}");
                s = Server::spawn(cmd);
                s.initialize(root);
                continue;
            }
            let mut typed = text.clone();
            let (times, missed) = typing(&mut s, &uri, &mut typed, offset, 2, 300);
            if missed == 0 {
                for (stat, p) in [("p50", 0.5), ("p99", 0.99)] {
                    rows.add(
                        format!("keystroke → diagnostics, {label}, {place}: {stat}"),
                        ms(percentile(&times, p)),
                        "ms",
                    );
                }
            } else {
                #[allow(clippy::cast_precision_loss)]
                rows.add(
                    format!("keystrokes without diagnostics within 2 s, {label}, {place}"),
                    missed as f64,
                    "of 300",
                );
            }
            if s.was_killed() {
                s = Server::spawn(cmd);
                s.initialize(root);
                continue;
            }
            s.notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": uri}}),
            );
        }
    }
    s.stop();
}
