//! The LSP client: a server under test, spoken to over stdio, and the
//! typing loop that times each keystroke to its diagnostics.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A server under test, spoken to over stdio. Its output is read on the
/// calling thread (no hand-off to a reader thread inside the measurement);
/// a watchdog kills a server that stays silent past a deadline.
pub struct Server {
    child: Child,
    stdin: ChildStdin,
    reader: BufReader<ChildStdout>,
    /// When the watchdog kills the server, if it has not answered by then.
    deadline: Arc<Mutex<Option<Instant>>>,
    /// Whether the watchdog killed it.
    pub killed: Arc<AtomicBool>,
    next_id: i64,
    /// Whether the server asked for whole texts on change (`textDocumentSync`
    /// 1, as agnix-lsp does): then each keystroke sends the whole text, as an
    /// editor would, instead of the one-character edit.
    pub full_sync: bool,
    /// The size in bytes of the body of the last message read.
    last_len: usize,
    /// Whether the last request's answer was an error.
    pub last_error: bool,
    /// Whether the server began work done progress (`$/progress` begin, or
    /// asked to create a token).
    pub progress_began: bool,
    /// When the server ended its work done progress (`$/progress` end).
    pub progress_ended: Option<Instant>,
    /// What the server logged (`window/logMessage`, `window/showMessage`),
    /// the first 20 messages.
    pub logs: Vec<String>,
}

impl Server {
    pub fn spawn(cmd: &str) -> Server {
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
            last_len: 0,
            last_error: false,
            progress_began: false,
            progress_ended: None,
            logs: Vec::new(),
        }
    }

    /// Whether the watchdog killed the server.
    pub fn was_killed(&self) -> bool {
        self.killed.load(Ordering::SeqCst)
    }

    /// The next message from the server, or `None` once it has gone (or
    /// was killed for missing `timeout`). Notes progress and log messages
    /// on the way.
    pub fn recv(&mut self, timeout: Duration) -> Option<Value> {
        if let Ok(mut d) = self.deadline.lock() {
            *d = Some(Instant::now() + timeout);
        }
        let message = self.read_message();
        if let Ok(mut d) = self.deadline.lock() {
            *d = None;
        }
        if let Some(m) = &message {
            match m["method"].as_str() {
                Some("$/progress") => match m["params"]["value"]["kind"].as_str() {
                    Some("begin") => self.progress_began = true,
                    Some("end") => self.progress_ended = Some(Instant::now()),
                    _ => {}
                },
                Some("window/workDoneProgress/create") => self.progress_began = true,
                Some("window/logMessage" | "window/showMessage") if self.logs.len() < 20 => {
                    self.logs
                        .push(m["params"]["message"].as_str().unwrap_or("").to_owned());
                }
                _ => {}
            }
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
        self.last_len = len;
        Some(serde_json::from_slice(&body).unwrap_or(Value::Null))
    }

    pub fn send(&mut self, v: &Value) {
        self.send_raw(&v.to_string());
    }

    pub fn send_raw(&mut self, body: &str) {
        let _ = write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len());
        let _ = self.stdin.flush();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Answers a request from the server (with null) so that it does not wait.
    pub fn answer(&mut self, m: &Value) {
        if m.get("id").is_some() && m.get("method").is_some() {
            let reply = json!({"jsonrpc": "2.0", "id": m["id"], "result": Value::Null});
            self.send(&reply);
        }
    }

    /// Sends a request; returns its result, the round-trip time and the size
    /// in bytes of the answer's body. An error answer gives a null result and
    /// sets `last_error`.
    pub fn request_sized(&mut self, method: &str, params: Value) -> (Value, Duration, usize) {
        let id = self.next_id;
        self.next_id += 1;
        let start = Instant::now();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let Some(m) = self.recv(Duration::from_secs(30)) else {
                self.last_error = true;
                return (Value::Null, start.elapsed(), 0);
            };
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                let took = start.elapsed();
                self.last_error = m.get("error").is_some();
                return (m["result"].clone(), took, self.last_len);
            }
            self.answer(&m);
        }
    }

    /// Sends a request; returns its result and the round-trip time.
    pub fn request(&mut self, method: &str, params: Value) -> (Value, Duration) {
        let (result, took, _) = self.request_sized(method, params);
        (result, took)
    }

    /// Waits for diagnostics for `uri` (of `version`, when the server says).
    pub fn diagnostics(&mut self, uri: &str, version: i64, timeout: Duration) -> Option<Duration> {
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
            self.answer(&m);
        }
    }

    /// Sends `initialize` with `capabilities` and notes the sync kind the
    /// server asks for; `initialized` is left to the caller.
    pub fn initialize_with(&mut self, root: &Path, capabilities: Value) {
        let root_uri = format!("file://{}", root.display());
        let (result, _) = self.request(
            "initialize",
            json!({"processId": std::process::id(), "rootUri": root_uri,
                   "workspaceFolders": [{"uri": root_uri, "name": "bench"}], "capabilities": capabilities}),
        );
        let sync = &result["capabilities"]["textDocumentSync"];
        let kind = sync.get("change").unwrap_or(sync);
        self.full_sync = kind.as_i64() == Some(1);
    }

    /// `initialize` with what VS Code declares for what is measured here,
    /// then `initialized`.
    pub fn initialize(&mut self, root: &Path) {
        self.initialize_with(
            root,
            json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}, "textDocument": {
                "publishDiagnostics": {"versionSupport": true},
                "completion": {"completionItem": {"snippetSupport": true, "documentationFormat": ["markdown", "plaintext"],
                                                  "resolveSupport": {"properties": ["documentation", "detail", "additionalTextEdits"]}},
                               "completionList": {"itemDefaults": ["commitCharacters", "editRange", "insertTextFormat", "insertTextMode", "data"]}},
                "hover": {"contentFormat": ["markdown", "plaintext"]}}}),
        );
        self.notify("initialized", json!({}));
    }

    pub fn peak_rss_kib(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            })
            .unwrap_or(0)
    }

    pub fn stop(mut self) {
        if !self.was_killed() {
            let _ = self.request("shutdown", Value::Null);
            self.notify("exit", Value::Null);
        }
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
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let col = before
        .rfind('\n')
        .map_or(before, |i| &before[i + 1..])
        .encode_utf16()
        .count();
    (line, col)
}

/// Sends one keystroke (`c` at byte `at` of `text`, as `version`) and
/// waits for its diagnostics, at most 2 s (then the watchdog stops the
/// server). Returns the time, and inserts `c` into `text`.
pub fn keystroke(
    server: &mut Server,
    uri: &str,
    text: &mut String,
    at: usize,
    c: &str,
    version: i64,
) -> Option<Duration> {
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
    server.diagnostics(uri, version, Duration::from_millis(2000))?;
    let took = start.elapsed();
    text.insert_str(at, c);
    Some(took)
}

/// The `i`th character typed: words of nine `x` and a space.
pub fn typed(i: usize) -> &'static str {
    if i % 10 == 9 { " " } else { "x" }
}

/// Typing latency: `count` single-character edits into `text` at `offset`,
/// each timed to its diagnostics. Returns the sorted times and how many
/// keystrokes got no diagnostics.
pub fn typing(
    server: &mut Server,
    uri: &str,
    text: &mut String,
    offset: usize,
    first_version: i64,
    count: usize,
) -> (Vec<Duration>, usize) {
    let mut times = Vec::with_capacity(count);
    let mut missed = 0;
    for (at, i) in (offset..).zip(0..count) {
        let version = first_version + i64::try_from(i).unwrap_or(0);
        if let Some(took) = keystroke(server, uri, text, at, typed(i), version) {
            times.push(took);
        } else {
            // Silent for 2 s: the watchdog stopped the server.
            missed = count - times.len();
            break;
        }
    }
    times.sort();
    (times, missed)
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
