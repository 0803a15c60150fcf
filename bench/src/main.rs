//! Whole-server benchmarks, against agentls and optionally a peer.
//!
//! `cargo run --release -p agentls-bench -- [--server CMD] [--peer CMD] [--check CMD] [--peer-check CMD] [--no-check] [--workspace [--files N]]`
//!
//! For each server command (spoken to over stdio): cold start (spawn to the
//! first diagnostics of an opened agent file), then, for a typical agent, the
//! largest corpus agent and a generated 1 MiB agent, three runs of 1,000
//! characters typed one `didChange` at a time into the description and into
//! the body, timing each `didChange` to its `publishDiagnostics` (the median
//! run's p50, p99 and max); completion and hover latency; peak RSS. For each checker command: the corpus, 1,000 and
//! 10,000 generated agent files, wall time and peak RSS. A generated
//! workspace of 10,000 files in six formats: the time from `initialized` to
//! the end of indexing (`$/progress`), `workspace/symbol`, peak RSS
//! (`--workspace`: only this). Prints one table
//! with the peer's figures beside agentls's and the ratios.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod common;
use common::{generated, percentile};

/// A server under test, spoken to over stdio. Its output is read on the
/// calling thread (no hand-off to a reader thread inside the measurement);
/// a watchdog kills a server that stays silent past a deadline.
struct Server {
    child: Child,
    stdin: ChildStdin,
    reader: BufReader<ChildStdout>,
    /// When the watchdog kills the server, if it has not answered by then.
    deadline: Arc<Mutex<Option<Instant>>>,
    /// Whether the watchdog killed it.
    killed: Arc<AtomicBool>,
    next_id: i64,
    /// Whether the server asked for whole texts on change (`textDocumentSync`
    /// 1, as agnix-lsp does): then each keystroke sends the whole text, as an
    /// editor would, instead of the one-character edit.
    full_sync: bool,
}

impl Server {
    fn spawn(cmd: &str) -> Server {
        let parts: Vec<&str> = cmd.split_whitespace().collect();
        let mut child = Command::new(parts[0])
            .args(&parts[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd}: {e}"));
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let deadline: Arc<Mutex<Option<Instant>>> = Arc::new(Mutex::new(None));
        let killed = Arc::new(AtomicBool::new(false));
        let (watched, flag, pid) = (Arc::clone(&deadline), Arc::clone(&killed), child.id());
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(50));
                if Arc::strong_count(&watched) == 1 {
                    return; // the server was stopped
                }
                let due = watched.lock().ok().and_then(|d| *d);
                if due.is_some_and(|d| Instant::now() > d) {
                    flag.store(true, Ordering::SeqCst);
                    let _ = Command::new("kill").arg(pid.to_string()).status();
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            reader: BufReader::new(stdout),
            deadline,
            killed,
            next_id: 1,
            full_sync: false,
        }
    }

    /// The next message from the server, or `None` once it has gone (or
    /// was killed for missing `timeout`).
    fn recv(&mut self, timeout: Duration) -> Option<Value> {
        if let Ok(mut d) = self.deadline.lock() {
            *d = Some(Instant::now() + timeout);
        }
        let message = self.read_message();
        if let Ok(mut d) = self.deadline.lock() {
            *d = None;
        }
        message
    }

    fn read_message(&mut self) -> Option<Value> {
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let line = line.trim();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; len];
        self.reader.read_exact(&mut body).ok()?;
        Some(serde_json::from_slice(&body).unwrap_or(Value::Null))
    }

    fn send(&mut self, v: &Value) {
        self.send_raw(&v.to_string());
    }

    fn send_raw(&mut self, body: &str) {
        let _ = write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len());
        let _ = self.stdin.flush();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request; returns its result and the round-trip time.
    fn request(&mut self, method: &str, params: Value) -> (Value, Duration) {
        let id = self.next_id;
        self.next_id += 1;
        let start = Instant::now();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let Some(m) = self.recv(Duration::from_secs(30)) else {
                return (Value::Null, start.elapsed());
            };
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return (m["result"].clone(), start.elapsed());
            }
            if m.get("id").is_some() && m.get("method").is_some() {
                // A request from the server: answer it so it does not wait.
                let reply = json!({"jsonrpc": "2.0", "id": m["id"], "result": Value::Null});
                self.send(&reply);
            }
        }
    }

    /// Waits for diagnostics for `uri` (of `version`, when the server says).
    fn diagnostics(&mut self, uri: &str, version: i64, timeout: Duration) -> Option<Duration> {
        let start = Instant::now();
        loop {
            let left = timeout.checked_sub(start.elapsed())?;
            let m = self.recv(left)?;
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                let v = m["params"]["version"].as_i64();
                if v.is_none_or(|v| v >= version) {
                    return Some(start.elapsed());
                }
            }
            if m.get("id").is_some() && m.get("method").is_some() {
                let reply = json!({"jsonrpc": "2.0", "id": m["id"], "result": Value::Null});
                self.send(&reply);
            }
        }
    }

    fn initialize(&mut self, root: &Path) {
        let root_uri = format!("file://{}", root.display());
        let (result, _) = self.request(
            "initialize",
            json!({"processId": std::process::id(), "rootUri": root_uri, "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
                   // What VS Code declares for what is measured here.
                   "capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}, "textDocument": {
                       "publishDiagnostics": {"versionSupport": true},
                       "completion": {"completionItem": {"snippetSupport": true, "documentationFormat": ["markdown", "plaintext"],
                                                         "resolveSupport": {"properties": ["documentation", "detail", "additionalTextEdits"]}}},
                       "hover": {"contentFormat": ["markdown", "plaintext"]}}}}),
        );
        let sync = &result["capabilities"]["textDocumentSync"];
        let kind = sync.get("change").unwrap_or(sync);
        self.full_sync = kind.as_i64() == Some(1);
        self.notify("initialized", json!({}));
    }

    fn peak_rss_kib(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            })
            .unwrap_or(0)
    }

    fn stop(mut self) {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Line and UTF-16 column of byte `offset`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let col = before
        .rfind('\n')
        .map_or(before, |i| &before[i + 1..])
        .encode_utf16()
        .count();
    (line, col)
}

/// One row of the table: a label and agentls's figure, and the peer's.
struct Row {
    label: String,
    ours: Option<f64>,
    peer: Option<f64>,
    unit: &'static str,
}

fn fixtures() -> PathBuf {
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

/// Typing latency: 1,000 single-character edits into `text` at `offset`,
/// each timed to its diagnostics. Returns the sorted times and how many
/// keystrokes got no diagnostics.
fn typing(
    server: &mut Server,
    uri: &str,
    text: &mut String,
    offset: usize,
    first_version: i64,
) -> (Vec<Duration>, usize) {
    let mut times = Vec::with_capacity(1000);
    let mut missed = 0;
    for (at, i) in (offset..).zip(0..1000) {
        let c = if i % 10 == 9 { " " } else { "x" };
        let version = first_version + i64::from(i);
        let change = if server.full_sync {
            let mut whole = text.clone();
            whole.insert_str(at, c);
            json!({"text": whole})
        } else {
            let (line, col) = position(text, at);
            json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": c})
        };
        // The message is built before the clock starts: with whole texts,
        // encoding 1 MiB of JSON is the client's work, not the server's.
        let body = json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
                          "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        .to_string();
        let start = Instant::now();
        server.send_raw(&body);
        if server
            .diagnostics(uri, version, Duration::from_millis(2000))
            .is_some()
        {
            times.push(start.elapsed());
        } else {
            // Silent for 2 s: the watchdog stopped the server.
            missed = 1000 - times.len();
            break;
        }
        text.insert_str(at, c);
    }
    times.sort();
    (times, missed)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn bench_server(cmd: &str, root: &Path, rows: &mut Vec<(String, f64, &'static str)>) {
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
    // holds TEXT (to profile one of them).
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
        rows.push((
            "cold start to first diagnostics (median of 10)".into(),
            ms(percentile(&cold, 0.5)),
            "ms",
        ));
        cold_rss.sort_unstable();
        rows.push((
            "RSS at first diagnostics (median of 10)".into(),
            cold_rss[cold_rss.len() / 2] as f64 / 1024.0,
            "MiB",
        ));
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
                    rows.push((
                        format!("keystroke → diagnostics, {label}, {place}: {stat}"),
                        ms(d),
                        "ms",
                    ));
                }
            }
            if missed > 0 {
                rows.push((
                    format!("keystrokes without diagnostics within 2 s, {label}, {place}"),
                    f64::from(u32::try_from(missed).unwrap_or(0)),
                    "of 3000",
                ));
            }
            if s.killed.load(Ordering::SeqCst) {
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
        rows.push((
            format!("peak RSS, {label} (typed into, then idle 1.5 s)"),
            s.peak_rss_kib() as f64 / 1024.0,
            "MiB",
        ));
        s.stop();
    }
    if only.is_some() {
        return;
    }
    let mut s = Server::spawn(cmd);
    s.initialize(root);
    // Completion after `model: ` and hover on `name`.
    let uri = format!("file://{}/.claude/agents/requests.md", root.display());
    let text = "---\nname: rev\ndescription: Reviews code\nmodel: \n---\nBody\n";
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let _ = s.diagnostics(&uri, 1, Duration::from_secs(5));
    for (method, line, character, label) in [
        ("textDocument/completion", 3, 7, "completion"),
        ("textDocument/hover", 1, 2, "hover"),
    ] {
        let mut times: Vec<Duration> = (0..200)
            .map(|_| s.request(method, json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})).1)
            .collect();
        times.sort();
        rows.push((
            format!("{label} latency: p50"),
            ms(percentile(&times, 0.5)),
            "ms",
        ));
        rows.push((
            format!("{label} latency: p99"),
            ms(percentile(&times, 0.99)),
            "ms",
        ));
    }
    rows.push((
        "peak RSS, completion and hover session".into(),
        s.peak_rss_kib() as f64 / 1024.0,
        "MiB",
    ));
    s.stop();
}

/// Runs a checker command on `path`: its wall time (timed here: GNU time
/// counts in hundredths of a second) and its peak RSS (from GNU time).
fn run_check(cmd: &str, path: &Path) -> Option<(f64, f64)> {
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %M")
        .args(cmd.split_whitespace())
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    let wall = start.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.lines().last()?;
    let mut it = last.split_whitespace();
    let _: f64 = it.next()?.parse().ok()?;
    let kib: f64 = it.next()?.parse().ok()?;
    Some((ms(wall), kib / 1024.0))
}

fn generated_tree(root: &Path, count: usize) -> PathBuf {
    let dir = root.join(format!("gen{count}/.claude/agents"));
    if !dir.join(format!("a{}.md", count - 1)).exists() {
        std::fs::create_dir_all(&dir).expect("dir");
        let seeds: Vec<String> = (0..5)
            .filter_map(|i| {
                std::fs::read_dir(fixtures().join("seeds"))
                    .ok()?
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        p.extension().is_some_and(|x| x == "md") && !p.ends_with("README.md")
                    })
                    .nth(i)
            })
            .map(|p| std::fs::read_to_string(p).unwrap_or_default())
            .collect();
        for i in 0..count {
            std::fs::write(dir.join(format!("a{i}.md")), &seeds[i % seeds.len()]).expect("write");
        }
    }
    root.join(format!("gen{count}"))
}

fn bench_check(cmd: &str, root: &Path, rows: &mut Vec<(String, f64, &'static str)>) {
    let cases = [
        (
            "check the corpus (611 files, 360 agents)",
            fixtures().join("corpus"),
        ),
        (
            "check 1,000 generated agent files",
            generated_tree(root, 1000),
        ),
        (
            "check 10,000 generated agent files",
            generated_tree(root, 10_000),
        ),
    ];
    for (label, path) in cases {
        // Best of 3 (the first warms the file cache); a run over 10 s is not
        // repeated (the file cache matters little there).
        let mut runs: Vec<(f64, f64)> = Vec::new();
        for _ in 0..3 {
            let Some(run) = run_check(cmd, &path) else {
                break;
            };
            runs.push(run);
            if run.0 > 10_000.0 {
                break;
            }
        }
        if let Some(best) = runs
            .iter()
            .copied()
            .reduce(|a, b| if b.0 < a.0 { b } else { a })
        {
            rows.push((format!("{label}: wall time"), best.0, "ms"));
            rows.push((format!("{label}: peak RSS"), best.1, "MiB"));
        }
    }
}

/// A generated workspace of `count` agent files in six formats, spread
/// over projects of 500 files each (Claude Code agents, skills and
/// commands, Copilot custom agents, OpenCode agents, Gemini CLI agents),
/// with references between them.
fn generated_workspace(root: &Path, count: usize) -> PathBuf {
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

/// Indexes a generated workspace of 10,000 files (`--files N`): the time from
/// `initialized` to the end of the index's `$/progress`, then
/// `workspace/symbol`, and the server's peak RSS.
fn bench_workspace(cmd: &str, root: &Path, rows: &mut Vec<(String, f64, &'static str)>) {
    let count = arg("--files")
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let ws = generated_workspace(root, count);
    let mut s = Server::spawn(cmd);
    let uri = format!("file://{}", ws.display());
    s.request(
        "initialize",
        json!({"processId": std::process::id(), "rootUri": uri, "workspaceFolders": [{"uri": uri, "name": "bench"}],
               "capabilities": {"window": {"workDoneProgress": true},
                                "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}),
    );
    let start = Instant::now();
    s.notify("initialized", json!({}));
    let mut indexed = None;
    while let Some(m) = s.recv(Duration::from_secs(120)) {
        if m.get("id").is_some() && m.get("method").is_some() {
            let reply = json!({"jsonrpc": "2.0", "id": m["id"], "result": Value::Null});
            s.send(&reply);
        }
        if m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end" {
            indexed = Some(start.elapsed());
            break;
        }
    }
    let Some(indexed) = indexed else {
        eprintln!("{cmd}: no end of indexing seen");
        return;
    };
    let label = format!("workspace of {count} generated files (6 formats)");
    rows.push((
        format!("{label}: initialized to index complete"),
        ms(indexed),
        "ms",
    ));
    let (result, took) = s.request("workspace/symbol", json!({"query": "agent12"}));
    let found = result.as_array().map_or(0, Vec::len);
    rows.push((
        format!("{label}: workspace/symbol \"agent12\" ({found} symbols)"),
        ms(took),
        "ms",
    ));
    let (_, took) = s.request("workspace/symbol", json!({"query": ""}));
    rows.push((
        format!("{label}: workspace/symbol \"\" (all)"),
        ms(took),
        "ms",
    ));
    rows.push((
        format!("{label}: peak RSS"),
        s.peak_rss_kib() as f64 / 1024.0,
        "MiB",
    ));
    s.stop();
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
    let root = std::env::temp_dir().join("agentls-bench");
    std::fs::create_dir_all(root.join(".claude/agents")).expect("bench dir");
    // The editing sessions' workspace folder holds nothing: the generated
    // trees beside it are for the checker and the workspace index rows.
    let server_root = root.join("server");
    std::fs::create_dir_all(server_root.join(".claude/agents")).expect("bench dir");

    let mut ours = Vec::new();
    let workspace_only = flag("--workspace");
    if !workspace_only {
        bench_server(&server, &server_root, &mut ours);
    }
    let only = arg("--only").is_some();
    if !only {
        bench_workspace(&server, &root, &mut ours);
    }
    if !flag("--no-check") && !workspace_only && !only {
        bench_check(&check, &root, &mut ours);
    }
    let mut theirs = Vec::new();
    if let Some(peer) = &peer {
        bench_server(peer, &server_root, &mut theirs);
    }
    if let Some(peer_check) = peer_check.as_ref().filter(|_| !flag("--no-check") && !only) {
        bench_check(peer_check, &root, &mut theirs);
    }
    let mut table: Vec<Row> = ours
        .iter()
        .map(|(l, v, u)| Row {
            label: l.clone(),
            ours: Some(*v),
            peer: None,
            unit: u,
        })
        .collect();
    for (l, v, u) in theirs {
        match table.iter_mut().find(|r| r.label == l) {
            Some(r) => r.peer = Some(v),
            None => table.push(Row {
                label: l,
                ours: None,
                peer: Some(v),
                unit: u,
            }),
        }
    }
    let peer_name = peer
        .as_deref()
        .or(peer_check.as_deref())
        .map_or("peer", |p| p.split_whitespace().next().unwrap_or("peer"));
    let peer_name = Path::new(peer_name)
        .file_name()
        .map_or(peer_name.to_owned(), |n| n.to_string_lossy().into_owned());
    println!("| measure | agentls | {peer_name} | ratio |");
    println!("|---|---:|---:|---:|");
    let fmt = |v: Option<f64>, unit: &str| {
        v.map_or_else(
            || "–".to_owned(),
            |v| {
                if v < 10.0 {
                    format!("{v:.3} {unit}")
                } else {
                    format!("{v:.1} {unit}")
                }
            },
        )
    };
    for r in &table {
        let ratio = match (r.ours, r.peer) {
            (Some(a), Some(b)) if a > 0.0 => format!("{:.1}x", b / a),
            _ => "–".to_owned(),
        };
        println!(
            "| {} | {} | {} | {ratio} |",
            r.label,
            fmt(r.ours, r.unit),
            fmt(r.peer, r.unit)
        );
    }
}
