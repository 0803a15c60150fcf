//! Whole-server benchmarks, against agentls and optionally a peer.
//!
//! `cargo run --release -p agentls-bench -- [--server CMD] [--peer CMD] [--check CMD] [--peer-check CMD] [--peer-timeout SECS] [--no-check] [--only TEXT] [--workspace [--files N]]`
//!
//! For each server command (spoken to over stdio): cold start (spawn to the
//! first diagnostics of an opened agent file), then, for a typical agent, the
//! largest corpus agent and a generated 1 MiB agent, three runs of 1,000
//! characters typed one `didChange` at a time into the description and into
//! the body, timing each `didChange` to its `publishDiagnostics` (the median
//! run's p50, p99 and max); 300 characters into the description and the body
//! of a typical file of each other format; completion and hover latency, the
//! round trip of a request with an empty answer; peak RSS. For each checker
//! command: the corpus, 1,000 and 10,000 generated agent files, 10,000 and
//! 100,000 generated files in six formats, wall time and peak RSS (a run past
//! `--peer-timeout`, 300 s, is killed). A generated workspace of 10,000 files
//! in six formats: the time from `initialized` to the end of indexing
//! (`$/progress`), `workspace/symbol`, peak RSS, and keystrokes typed while it
//! is indexed (`--workspace`: only this). Prints where and how it ran, then
//! one table with the peer's figures beside agentls's and the ratios.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::json;

mod check;
mod common;
mod formats;
mod report;
mod server;
mod workspace;

use common::{generated, percentile};
use formats::bench_formats;
use report::Measures;
use server::{Server, ms, typing};

/// The test fixtures of the repository.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn largest_corpus_agent() -> String {
    let mut best = String::new();
    let mut stack = vec![fixtures().join("corpus")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md")
                && p.parent().is_some_and(|d| d.ends_with("agents"))
            {
                let t = std::fs::read_to_string(&p).unwrap_or_default();
                if t.len() > best.len() {
                    best = t;
                }
            }
        }
    }
    best
}

fn bench_server(cmd: &str, root: &Path, rows: &mut Measures) {
    let inputs = [
        (
            "typical agent (6 KB)",
            std::fs::read_to_string(fixtures().join("seeds/001_f442e1d585de68cb.md"))
                .unwrap_or_default(),
        ),
        ("largest corpus agent", largest_corpus_agent()),
        ("generated 1 MiB agent", generated(1024 * 1024)),
    ];
    // `--only TEXT`: only the typing sessions of the inputs whose label
    // holds TEXT (to profile one of them); `--only requests`: only the
    // completion, hover and empty-request rows.
    let only = arg("--only");
    let inputs: Vec<_> = inputs
        .into_iter()
        .filter(|(label, _)| only.as_deref().is_none_or(|o| label.contains(o)))
        .collect();
    let cold_runs = if only.is_some() { 0 } else { 10 };
    // Cold start: spawn to the first diagnostics, median of 10.
    let mut cold = Vec::new();
    let mut cold_rss = Vec::new();
    for i in 0..cold_runs {
        let start = Instant::now();
        let mut s = Server::spawn(cmd);
        s.initialize(root);
        let uri = format!("file://{}/.claude/agents/cold{i}.md", root.display());
        s.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": inputs[0].1}}));
        if s.diagnostics(&uri, 1, Duration::from_secs(10)).is_some() {
            cold.push(start.elapsed());
            cold_rss.push(s.peak_rss_kib());
        }
        s.stop();
    }
    cold.sort();
    if !cold.is_empty() {
        rows.add(
            "cold start to first diagnostics (median of 10)",
            ms(percentile(&cold, 0.5)),
            "ms",
        );
        cold_rss.sort_unstable();
        rows.add(
            "RSS at first diagnostics (median of 10)",
            cold_rss[cold_rss.len() / 2] as f64 / 1024.0,
            "MiB",
        );
    }
    for (n, (label, text)) in inputs.iter().enumerate() {
        // A server per input, so that its peak RSS is this input's.
        let mut s = Server::spawn(cmd);
        s.initialize(root);
        for (place, offset) in [
            (
                "description",
                text.find("description:").map_or(0, |i| i + 20),
            ),
            ("body", text.len().saturating_sub(1)),
        ] {
            let uri = format!(
                "file://{}/.claude/agents/bench{n}-{place}.md",
                root.display()
            );
            s.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}));
            let _ = s.diagnostics(&uri, 1, Duration::from_secs(30));
            // Three runs of 1,000 keystrokes, one after the other; each figure
            // is the median of the three runs' (a burst of noise on a shared
            // machine moves one run's p99, not the median).
            let mut text = text.clone();
            let mut runs = Vec::new();
            let mut missed = 0;
            for run in 0..3 {
                let (times, run_missed) = typing(
                    &mut s,
                    &uri,
                    &mut text,
                    offset + 1000 * run,
                    2 + 1000 * i64::try_from(run).unwrap_or(0),
                    1000,
                );
                missed += run_missed;
                if run_missed > 0 {
                    break;
                }
                runs.push(times);
            }
            let median = |p: f64| {
                let mut v: Vec<Duration> = runs.iter().map(|t| percentile(t, p)).collect();
                v.sort();
                v.get(v.len() / 2).copied()
            };
            for (stat, p) in [("p50", 0.5), ("p99", 0.99), ("max", 1.0)] {
                if let Some(d) = median(p) {
                    rows.add(
                        format!("keystroke → diagnostics, {label}, {place}: {stat}"),
                        ms(d),
                        "ms",
                    );
                }
            }
            if missed > 0 {
                rows.add(
                    format!("keystrokes without diagnostics within 2 s, {label}, {place}"),
                    f64::from(u32::try_from(missed).unwrap_or(0)),
                    "of 3000",
                );
            }
            if s.was_killed() {
                // Start over for the next input.
                s = Server::spawn(cmd);
                s.initialize(root);
                continue;
            }
            // A pause, as after typing: background work (a Markdown parse)
            // runs now, and counts in the peak RSS.
            std::thread::sleep(Duration::from_millis(1500));
            s.notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": uri}}),
            );
        }
        rows.add(
            format!("peak RSS, {label} (typed into, then idle 1.5 s)"),
            s.peak_rss_kib() as f64 / 1024.0,
            "MiB",
        );
        s.stop();
    }
    bench_formats(cmd, root, only.as_deref(), rows);
    // `--only requests`: the completion, hover and empty-request rows.
    if only.as_deref().is_some_and(|o| o != "requests") {
        return;
    }
    let mut s = Server::spawn(cmd);
    s.initialize(root);
    // Completion after `model: `, hover on `name`, and hover in the body,
    // where there is nothing to show: what a request costs with no work.
    let uri = format!("file://{}/.claude/agents/requests.md", root.display());
    let text = "---\nname: rev\ndescription: Reviews code\nmodel: \n---\nReview the change.\n";
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let _ = s.diagnostics(&uri, 1, Duration::from_secs(5));
    for (method, line, character, label) in [
        ("textDocument/completion", 3, 7, "completion latency"),
        ("textDocument/hover", 1, 2, "hover latency"),
        (
            "textDocument/hover",
            5,
            3,
            "round trip of a request with an empty answer",
        ),
    ] {
        let mut times = Vec::with_capacity(200);
        let mut answers = Vec::new();
        for _ in 0..200 {
            let (result, took, size) = s.request_sized(
                method,
                json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
            );
            times.push(took);
            answers.push((result, size));
        }
        times.sort();
        rows.add(format!("{label}: p50"), ms(percentile(&times, 0.5)), "ms");
        rows.add(format!("{label}: p99"), ms(percentile(&times, 0.99)), "ms");
        let (result, size) = answers.pop().unwrap_or_default();
        if method == "textDocument/completion" {
            #[allow(clippy::cast_precision_loss)]
            rows.add("completion reply size", size as f64 / 1024.0, "KiB");
        }
        if label.starts_with("round trip") && !result.is_null() {
            eprintln!("{cmd}: the hover in the body is not empty: {result}");
        }
    }
    rows.add(
        "peak RSS, completion and hover session",
        s.peak_rss_kib() as f64 / 1024.0,
        "MiB",
    );
    s.stop();
}

/// `count` with commas between thousands: 100,000.
pub fn thousands(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn flag(name: &str) -> bool {
    std::env::args().any(|a| a == name)
}

fn main() {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/agentls");
    let server = arg("--server").unwrap_or_else(|| target.display().to_string());
    let check =
        arg("--check").unwrap_or_else(|| format!("{} check --format json", target.display()));
    let peer = arg("--peer");
    let peer_check = arg("--peer-check");
    let limit = Duration::from_secs(
        arg("--peer-timeout")
            .and_then(|s| s.parse().ok())
            .unwrap_or(300),
    );
    let files = arg("--files")
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let root = std::env::temp_dir().join("agentls-bench");
    std::fs::create_dir_all(root.join(".claude/agents")).expect("bench dir");
    // The editing sessions' workspace folder holds nothing: the generated
    // trees beside it are for the checker and the workspace index rows.
    let server_root = root.join("server");
    std::fs::create_dir_all(server_root.join(".claude/agents")).expect("bench dir");

    let started = Instant::now();
    let workspace_only = flag("--workspace");
    let only = arg("--only").is_some();
    let checks = !flag("--no-check") && !workspace_only && !only;
    let mut commands = vec![server.as_str()];
    commands.extend(peer.as_deref());
    if checks {
        commands.extend(peer_check.as_deref());
    }
    let header = report::header(&commands);

    let mut ours = Measures::default();
    if !workspace_only {
        bench_server(&server, &server_root, &mut ours);
    }
    if !only {
        workspace::bench_workspace(&server, &root, files, &mut ours);
    }
    if checks {
        check::bench_check(&check, &root, limit, &mut ours);
    }
    let mut theirs = Measures::default();
    if let Some(peer) = &peer {
        if !workspace_only {
            bench_server(peer, &server_root, &mut theirs);
        }
        if !only {
            workspace::bench_workspace(peer, &root, files, &mut theirs);
        }
    }
    if let Some(peer_check) = peer_check.as_ref().filter(|_| checks) {
        check::bench_check(peer_check, &root, limit, &mut theirs);
    }
    let peer_name = peer
        .as_deref()
        .or(peer_check.as_deref())
        .map_or("peer", |p| p.split_whitespace().next().unwrap_or("peer"));
    let peer_name = Path::new(peer_name)
        .file_name()
        .map_or(peer_name.to_owned(), |n| n.to_string_lossy().into_owned());
    for line in header {
        println!("{line}");
    }
    println!("- run time: {:.0} s", started.elapsed().as_secs_f64());
    println!();
    for line in report::table(ours, theirs, &peer_name) {
        println!("{line}");
    }
}
