//! The generated workspace, and the session that indexes it: index time,
//! `workspace/symbol`, peak RSS, and keystrokes typed while it is indexed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::percentile;
use crate::report::Measures;
use crate::server::{Server, keystroke, ms, typed};

/// A generated workspace of `count` agent files in six formats, spread
/// over projects of 500 files each (Claude Code agents, skills and
/// commands, Copilot custom agents, OpenCode agents, Gemini CLI agents),
/// with references between them.
pub fn generated_workspace(root: &Path, count: usize) -> PathBuf {
    let ws = root.join(format!("workspace{count}"));
    let done = ws.join(".complete");
    if done.exists() {
        return ws;
    }
    let _ = std::fs::remove_dir_all(&ws);
    for i in 0..count {
        let project = ws.join(format!("p{}", i / 500));
        let n = i % 500;
        let (rel, text) = match n % 6 {
            0 => (
                format!(".claude/agents/agent{n}.md"),
                format!(
                    "---\nname: agent{n}\ndescription: Use when task {n} needs reviewing; hands over to @agent-agent{}.\ntools: Read, Grep, Agent(agent{})\nskills: [skill{}]\n---\nYou review task {n}.\n",
                    (n + 6) % 500,
                    (n + 12) % 500,
                    n + 1
                ),
            ),
            1 => (
                format!(".claude/skills/skill{n}/SKILL.md"),
                format!(
                    "---\ndescription: Does step {n} of the release\nagent: agent{}\n---\nStep {n}.\n",
                    n - 1
                ),
            ),
            2 => (
                format!(".claude/commands/cmd{n}.md"),
                format!(
                    "---\ndescription: Runs command {n}\nallowed-tools: Skill(skill{})\n---\nRun.\n",
                    n - 1
                ),
            ),
            3 => (
                format!(".github/agents/copilot{n}.agent.md"),
                format!("---\nname: copilot{n}\ndescription: Copilot agent {n}\n---\nHelp.\n"),
            ),
            4 => (
                format!(".opencode/agent/oc{n}.md"),
                format!("---\ndescription: OpenCode agent {n}\nmode: subagent\n---\nHelp.\n"),
            ),
            _ => (
                format!(".gemini/agents/gem{n}.md"),
                format!("---\nname: gem{n}\ndescription: Gemini agent {n}\n---\nHelp.\n"),
            ),
        };
        let path = project.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        std::fs::write(path, text).expect("write");
    }
    std::fs::write(&done, "").expect("marker");
    ws
}

/// What an editor declares for this session: progress, watched files,
/// versioned diagnostics.
fn capabilities() -> Value {
    json!({"window": {"workDoneProgress": true},
           "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
           "textDocument": {"publishDiagnostics": {"versionSupport": true}}})
}

/// Indexes a generated workspace of `count` files: the time from
/// `initialized` to the end of the index's `$/progress`, then
/// `workspace/symbol`, and the server's peak RSS; then, in a second
/// session, keystrokes typed into an agent from `initialized` on, until
/// the index is complete. A server without progress or without
/// `workspace/symbol` gets no row for them.
pub fn bench_workspace(cmd: &str, root: &Path, count: usize, rows: &mut Measures) {
    let ws = generated_workspace(root, count);
    let label = format!(
        "workspace of {} generated files (6 formats)",
        crate::thousands(count)
    );
    let mut s = Server::spawn(cmd);
    s.initialize_with(&ws, capabilities());
    let start = Instant::now();
    s.notify("initialized", json!({}));
    // A server that has not begun progress within 5 s has none.
    while s.progress_ended.is_none() {
        let wait = if s.progress_began {
            Duration::from_secs(120)
        } else {
            match Duration::from_secs(5).checked_sub(start.elapsed()) {
                Some(left) => left,
                None => break,
            }
        };
        let Some(m) = s.recv(wait) else { break };
        s.answer(&m);
    }
    if s.was_killed() && s.progress_began {
        eprintln!("{cmd}: no end of indexing seen");
    }
    if s.was_killed() {
        report_logs(cmd, &s.logs);
        // Silent for 5 s with no progress (the watchdog's deadline): start
        // over for the requests.
        s = Server::spawn(cmd);
        s.initialize_with(&ws, capabilities());
        s.notify("initialized", json!({}));
    }
    if let Some(end) = s.progress_ended {
        rows.add(
            format!("{label}: initialized to index complete"),
            ms(end - start),
            "ms",
        );
    }
    let (result, took) = s.request("workspace/symbol", json!({"query": "agent12"}));
    if !s.last_error {
        let found = result.as_array().map_or(0, Vec::len);
        rows.add(
            format!("{label}: workspace/symbol \"agent12\" ({found} symbols)"),
            ms(took),
            "ms",
        );
        let (_, took) = s.request("workspace/symbol", json!({"query": ""}));
        rows.add(
            format!("{label}: workspace/symbol \"\" (all)"),
            ms(took),
            "ms",
        );
    }
    rows.add(
        format!("{label}: peak RSS"),
        s.peak_rss_kib() as f64 / 1024.0,
        "MiB",
    );
    report_logs(cmd, &s.logs);
    s.stop();
    typing_while_indexed(cmd, &ws, &label, rows);
}

/// Keystrokes into a Claude agent of the workspace from `initialized` on,
/// one at a time, each timed to its diagnostics, until the index's
/// `$/progress` ends (300 for a server without progress).
fn typing_while_indexed(cmd: &str, ws: &Path, label: &str, rows: &mut Measures) {
    let path = ws.join("p0/.claude/agents/agent0.md");
    let mut text = std::fs::read_to_string(&path).unwrap_or_default();
    let uri = format!("file://{}", path.display());
    let mut s = Server::spawn(cmd);
    s.initialize_with(ws, capabilities());
    s.notify("initialized", json!({}));
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let mut times = Vec::new();
    // The slowest keystroke: how long, which, and when after typing began.
    let mut slowest: Option<(Duration, usize, Duration)> = None;
    if s.diagnostics(&uri, 1, Duration::from_secs(30)).is_some() {
        let offset = text.len().saturating_sub(1);
        // At most 120 s, for a server whose progress never ends.
        let typing_from = Instant::now();
        for i in 0.. {
            let indexing = if s.progress_began {
                s.progress_ended.is_none() && typing_from.elapsed() < Duration::from_secs(120)
            } else {
                i < 300
            };
            if !indexing {
                break;
            }
            let version = 2 + i64::try_from(i).unwrap_or(0);
            let at = typing_from.elapsed();
            match keystroke(&mut s, &uri, &mut text, offset + i, typed(i), version) {
                Some(took) => {
                    if slowest.is_none_or(|(t, _, _)| took > t) {
                        slowest = Some((took, i, at));
                    }
                    times.push(took);
                }
                None => break,
            }
        }
    }
    if s.was_killed() {
        eprintln!("{cmd}: no diagnostics within 2 s while the workspace was indexed");
    }
    report_logs(cmd, &s.logs);
    times.sort();
    if !times.is_empty() {
        let what = if s.progress_began {
            "while the workspace is indexed"
        } else {
            "right after initialized (no progress: 300)"
        };
        rows.add(
            format!("{label}: keystroke → diagnostics while the workspace is indexed: p50"),
            ms(percentile(&times, 0.5)),
            "ms",
        );
        rows.add(
            format!("{label}: keystroke → diagnostics while the workspace is indexed: max"),
            ms(percentile(&times, 1.0)),
            "ms",
        );
        eprintln!("{cmd}: {} keystrokes {what}", times.len());
        if let Some((took, i, at)) = slowest {
            eprintln!(
                "{cmd}: the slowest, {:.3} ms, was keystroke {i}, typed {:.1} ms after the first",
                ms(took),
                ms(at)
            );
        }
    }
    #[allow(clippy::cast_precision_loss)]
    rows.add(
        format!("{label}: keystrokes typed while indexed (300 without progress)"),
        times.len() as f64,
        "keystrokes",
    );
    s.stop();
}

/// Prints what a server logged in the workspace session (why it did not
/// index, for one).
fn report_logs(cmd: &str, logs: &[String]) {
    for l in logs.iter().take(5) {
        eprintln!("{cmd} logged: {}", l.lines().next().unwrap_or(""));
    }
}
