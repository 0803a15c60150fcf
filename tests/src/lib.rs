//! A synchronous LSP test client for `agentls`, over two transports:
//!
//! - [`StdioServer`]: the real `agentls` binary as a child process, talking
//!   over its stdin/stdout, exactly as an editor runs it;
//! - [`DuplexServer`]: the server in-process, [`agentls::lsp::serve`] over a
//!   [`tokio::io::duplex`] pipe on a runtime the harness owns.
//!
//! Tests drive either through one [`Client`]: it frames JSON-RPC messages
//! (`Content-Length` headers), numbers requests, waits for the matching
//! response while keeping the notifications that arrive meanwhile, and hands
//! out `textDocument/publishDiagnostics` per document. Every wait has a
//! deadline ([`TIMEOUT`]) and fails with a message that names what was
//! awaited and shows the last messages exchanged (and, for the binary, its
//! stderr). Nothing waits by sleeping: every wait blocks on a channel.
//!
//! Dropping a [`Client`] shuts the server down (`shutdown`, then `exit`),
//! waits for it to end and kills the process if it does not.
//!
//! Diagnostics are compared as compact strings ([`render`]):
//! `"1:6-1:14 warning AG106"` is a warning with code `AG106` from line 1,
//! character 6 to line 1, character 14 (0-based, in the negotiated encoding).

pub mod fixtures;
use std::collections::VecDeque;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream, WriteHalf};

/// How long any single wait (a response, a notification, the server's exit)
/// may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// How many of the last messages a failure message shows.
const HISTORY_SHOWN: usize = 20;

// ---------------------------------------------------------------------------
// Framing
// ---------------------------------------------------------------------------

/// Frames one JSON-RPC message for the wire: a `Content-Length` header, a
/// blank line, then the JSON body.
#[must_use]
pub fn encode(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

/// Splits a byte stream into JSON-RPC messages. Feed it whatever chunks the
/// transport delivers ([`Decoder::push`]), then take complete messages out
/// ([`Decoder::next_message`]).
#[derive(Debug, Default)]
pub struct Decoder {
    buf: Vec<u8>,
}

impl Decoder {
    /// Appends bytes read from the transport.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete message, `Ok(None)` if more bytes are needed.
    ///
    /// # Errors
    ///
    /// When the headers lack a valid `Content-Length` or the body is not
    /// JSON: the stream cannot be trusted after that.
    pub fn next_message(&mut self) -> Result<Option<Value>, String> {
        let Some(header_end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") else {
            return Ok(None);
        };
        let headers = std::str::from_utf8(&self.buf[..header_end])
            .map_err(|e| format!("headers are not UTF-8: {e}"))?;
        let mut length = None;
        for line in headers.split("\r\n") {
            let Some((name, value)) = line.split_once(':') else {
                return Err(format!("malformed header line {line:?}"));
            };
            if name.trim().eq_ignore_ascii_case("content-length") {
                let n = value
                    .trim()
                    .parse::<usize>()
                    .map_err(|e| format!("bad Content-Length {value:?}: {e}"))?;
                length = Some(n);
            }
        }
        let length = length.ok_or_else(|| format!("no Content-Length in {headers:?}"))?;
        let body_start = header_end + 4;
        if self.buf.len() < body_start + length {
            return Ok(None);
        }
        let body: Vec<u8> = self
            .buf
            .drain(..body_start + length)
            .skip(body_start)
            .collect();
        serde_json::from_slice(&body)
            .map(Some)
            .map_err(|e| format!("body is not JSON ({e}): {}", String::from_utf8_lossy(&body)))
    }
}

/// What a transport's reader reports to the [`Client`].
#[derive(Debug)]
pub enum Event {
    /// A complete message from the server.
    Message(Value),
    /// The server closed its output (it exited, or is about to).
    Closed,
    /// Reading failed or the stream was not valid LSP framing.
    Broken(String),
}

/// Feeds `bytes` to `decoder` and forwards every complete message; returns
/// `false` when the stream is broken (reported as [`Event::Broken`]).
fn forward(decoder: &mut Decoder, bytes: &[u8], events: &Sender<Event>) -> bool {
    decoder.push(bytes);
    loop {
        match decoder.next_message() {
            Ok(Some(message)) => {
                let _ = events.send(Event::Message(message));
            }
            Ok(None) => return true,
            Err(e) => {
                let _ = events.send(Event::Broken(e));
                return false;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Transports
// ---------------------------------------------------------------------------

/// Which server a [`Client`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// The real binary over stdio ([`StdioServer`]).
    Stdio,
    /// The server in-process over a duplex pipe ([`DuplexServer`]).
    Duplex,
}

/// A running server: where the [`Client`] writes frames, and how it ends.
/// Incoming messages do not pass through here: the transport's reader sends
/// them to the client as [`Event`]s.
pub trait Server: Send {
    /// A short name for failure messages (`"stdio"`, `"duplex"`).
    fn name(&self) -> &'static str;
    /// Writes one framed message (see [`encode`]) to the server.
    ///
    /// # Errors
    ///
    /// When the server no longer reads its input.
    fn send(&mut self, frame: &[u8]) -> std::io::Result<()>;
    /// Closes the server's input and waits up to `timeout` for it to end.
    /// Returns the process exit code (in process: the status the binary would exit with).
    ///
    /// # Errors
    ///
    /// When it did not end in time (it is left running: call [`Server::kill`]).
    fn wait(&mut self, timeout: Duration) -> Result<Option<i32>, String>;
    /// Stops the server at once.
    fn kill(&mut self);
    /// What the server wrote to stderr so far (empty in-process).
    fn stderr(&self) -> String;
    /// The server's process id, when it runs as a process.
    fn pid(&self) -> Option<u32> {
        None
    }
}

/// The real `agentls` binary, spawned with piped stdin/stdout/stderr. A
/// reader thread turns its stdout into [`Event`]s; another collects stderr
/// for failure messages.
pub struct StdioServer {
    child: Child,
    stdin: Option<ChildStdin>,
    stderr: Arc<Mutex<String>>,
}

impl StdioServer {
    /// The binary under test: `$AGENTLS_BIN` if set, else `agentls` in the
    /// profile folder of the running test executable (tests run from
    /// `target/<profile>/deps/`, the binary is `target/<profile>/agentls`).
    ///
    /// # Panics
    ///
    /// When the binary does not exist: build it with `cargo build -p agentls`
    /// (`cargo test --workspace` builds it too).
    #[must_use]
    pub fn binary() -> PathBuf {
        if let Some(path) = std::env::var_os("AGENTLS_BIN") {
            let path = PathBuf::from(path);
            assert!(
                path.is_file(),
                "AGENTLS_BIN={} does not exist",
                path.display()
            );
            return path;
        }
        let exe = std::env::current_exe().expect("the test executable's path");
        let mut dir = exe
            .parent()
            .expect("the test executable's folder")
            .to_owned();
        if dir.ends_with("deps") {
            dir.pop();
        }
        let path = dir.join(format!("agentls{}", std::env::consts::EXE_SUFFIX));
        assert!(
            path.is_file(),
            "the agentls binary is not built: {} does not exist. Run `cargo build -p agentls` \
             (or `cargo test --workspace`, which builds it) first, or set AGENTLS_BIN.",
            path.display()
        );
        path
    }

    /// Spawns [`StdioServer::binary`] with extra environment variables
    /// (`AGENTLS_TEST_PANIC` is cleared unless given here) and starts the
    /// threads that report its output to `events`.
    ///
    /// # Panics
    ///
    /// When the binary cannot be found or started.
    #[must_use]
    pub fn spawn(env: &[(&str, &str)], events: Sender<Event>) -> Self {
        let binary = Self::binary();
        let mut command = Command::new(&binary);
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env_remove("AGENTLS_TEST_PANIC");
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let stdin = child.stdin.take();
        let mut stdout = child.stdout.take().expect("piped stdout");
        let mut stderr_pipe = child.stderr.take().expect("piped stderr");
        std::thread::spawn(move || {
            let mut decoder = Decoder::default();
            let mut buf = vec![0_u8; 64 * 1024];
            loop {
                match stdout.read(&mut buf) {
                    Ok(0) => {
                        let _ = events.send(Event::Closed);
                        return;
                    }
                    Ok(n) => {
                        if !forward(&mut decoder, &buf[..n], &events) {
                            return;
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        let _ = events.send(Event::Broken(format!("reading stdout: {e}")));
                        return;
                    }
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0_u8; 4096];
            while let Ok(n) = stderr_pipe.read(&mut buf) {
                if n == 0 {
                    return;
                }
                if let Ok(mut s) = sink.lock() {
                    s.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            }
        });
        Self {
            child,
            stdin,
            stderr,
        }
    }
}

impl Server for StdioServer {
    fn name(&self) -> &'static str {
        "stdio"
    }

    fn pid(&self) -> Option<u32> {
        Some(self.child.id())
    }

    fn send(&mut self, frame: &[u8]) -> std::io::Result<()> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| std::io::Error::other("stdin already closed"))?;
        stdin.write_all(frame)?;
        stdin.flush()
    }

    fn wait(&mut self, timeout: Duration) -> Result<Option<i32>, String> {
        self.stdin = None; // EOF: a server that missed `exit` stops reading
        let deadline = Instant::now() + timeout;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return Ok(status.code()),
                Ok(None) if Instant::now() < deadline => {
                    // std has no wait-with-timeout: poll the exit status.
                    std::thread::sleep(Duration::from_millis(5));
                }
                Ok(None) => return Err(format!("the process did not exit within {timeout:?}")),
                Err(e) => return Err(format!("waiting for the process: {e}")),
            }
        }
    }

    fn kill(&mut self) {
        self.stdin = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn stderr(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Drop for StdioServer {
    /// Kills the process if it is still running (a [`Client`] normally
    /// ends it gracefully first), so no test leaves a server behind.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.kill();
        }
    }
}

/// The server in-process: [`agentls::lsp::serve`] on one end of a
/// [`tokio::io::duplex`] pipe, spawned on a multi-threaded runtime that this
/// value owns; a task on the same runtime reads the other end and reports
/// [`Event`]s. Writes block the calling (test) thread until done.
pub struct DuplexServer {
    runtime: Option<tokio::runtime::Runtime>,
    writer: Option<WriteHalf<DuplexStream>>,
    server: Option<tokio::task::JoinHandle<bool>>,
}

impl DuplexServer {
    /// Starts the server and the reader task that reports to `events`.
    ///
    /// # Panics
    ///
    /// When the runtime cannot be built.
    #[must_use]
    pub fn start(events: Sender<Event>) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let (client_end, server_end) = tokio::io::duplex(64 * 1024);
        let (server_read, server_write) = tokio::io::split(server_end);
        let server = runtime.spawn(agentls::lsp::serve(server_read, server_write));
        let (mut client_read, client_write) = tokio::io::split(client_end);
        runtime.spawn(async move {
            let mut decoder = Decoder::default();
            let mut buf = vec![0_u8; 64 * 1024];
            loop {
                match client_read.read(&mut buf).await {
                    Ok(0) => {
                        let _ = events.send(Event::Closed);
                        return;
                    }
                    Ok(n) => {
                        if !forward(&mut decoder, &buf[..n], &events) {
                            return;
                        }
                    }
                    Err(e) => {
                        let _ = events.send(Event::Broken(format!("reading the duplex: {e}")));
                        return;
                    }
                }
            }
        });
        Self {
            runtime: Some(runtime),
            writer: Some(client_write),
            server: Some(server),
        }
    }
}

impl Server for DuplexServer {
    fn name(&self) -> &'static str {
        "duplex"
    }

    fn send(&mut self, frame: &[u8]) -> std::io::Result<()> {
        let (Some(runtime), Some(writer)) = (self.runtime.as_ref(), self.writer.as_mut()) else {
            return Err(std::io::Error::other("the duplex is closed"));
        };
        runtime.block_on(async {
            match tokio::time::timeout(TIMEOUT, async {
                writer.write_all(frame).await?;
                writer.flush().await
            })
            .await
            {
                Ok(result) => result,
                Err(_) => Err(std::io::Error::other(format!(
                    "the server read nothing for {TIMEOUT:?}"
                ))),
            }
        })
    }

    fn wait(&mut self, timeout: Duration) -> Result<Option<i32>, String> {
        let Some(runtime) = self.runtime.as_ref() else {
            return Ok(None);
        };
        if let Some(mut writer) = self.writer.take() {
            // EOF for a server that missed `exit`.
            let _ = runtime.block_on(writer.shutdown());
        }
        let Some(server) = self.server.as_mut() else {
            return Ok(None);
        };
        match runtime.block_on(async { tokio::time::timeout(timeout, server).await }) {
            Ok(Ok(clean)) => {
                self.server = None;
                // What the binary's exit status would be.
                Ok(Some(if clean { 0 } else { 1 }))
            }
            Ok(Err(e)) => {
                self.server = None;
                Err(format!("the server task failed: {e}"))
            }
            Err(_) => Err(format!("the server did not stop within {timeout:?}")),
        }
    }

    fn kill(&mut self) {
        self.writer = None;
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }

    fn stderr(&self) -> String {
        String::new()
    }
}

impl Drop for DuplexServer {
    fn drop(&mut self) {
        self.kill();
        if let Some(runtime) = self.runtime.take() {
            // Do not wait long for a Markdown parse still on the blocking pool.
            runtime.shutdown_timeout(Duration::from_secs(1));
        }
    }
}

// ---------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------

/// A diagnostics publication: the document version it is for (`None` when
/// the server sent none, as on close) and the diagnostics.
pub type Published = (Option<i64>, Vec<Value>);

/// An LSP client for tests: synchronous calls over either transport.
pub struct Client {
    server: Box<dyn Server>,
    events: Receiver<Event>,
    /// Notifications received and not yet taken by a `wait_*`.
    pending: VecDeque<Value>,
    /// Requests from the server (answered with `null` as they arrived),
    /// not yet taken by [`Client::wait_server_request`].
    server_requests: VecDeque<Value>,
    /// One line per message sent or received, for failure messages.
    history: Vec<String>,
    next_id: i64,
    /// The server closed its output.
    closed: bool,
    shutdown_sent: bool,
    exit_sent: bool,
    /// The server was waited for (or killed).
    ended: bool,
    /// What `workspace/configuration` answers for each item (`null` unset).
    configuration: Value,
}

impl Client {
    /// Starts a server over `transport` and a client for it.
    #[must_use]
    pub fn start(transport: Transport) -> Self {
        match transport {
            Transport::Stdio => Self::stdio(&[]),
            Transport::Duplex => Self::duplex(),
        }
    }

    /// Spawns the real binary ([`StdioServer`]) with extra environment variables.
    #[must_use]
    pub fn stdio(env: &[(&str, &str)]) -> Self {
        let (tx, rx) = mpsc::channel();
        Self::new(Box::new(StdioServer::spawn(env, tx)), rx)
    }

    /// Starts the server in-process ([`DuplexServer`]).
    #[must_use]
    pub fn duplex() -> Self {
        let (tx, rx) = mpsc::channel();
        Self::new(Box::new(DuplexServer::start(tx)), rx)
    }

    /// A client for any [`Server`] whose reader reports to `events`.
    #[must_use]
    pub fn new(server: Box<dyn Server>, events: Receiver<Event>) -> Self {
        Self {
            server,
            events,
            pending: VecDeque::new(),
            server_requests: VecDeque::new(),
            history: Vec::new(),
            next_id: 1,
            closed: false,
            shutdown_sent: false,
            exit_sent: false,
            ended: false,
            configuration: Value::Null,
        }
    }

    /// Sets what the client answers to `workspace/configuration`: this
    /// value for every item asked (`null` until set).
    pub fn set_configuration(&mut self, value: Value) {
        self.configuration = value;
    }

    /// The transport's name (`"stdio"` or `"duplex"`).
    #[must_use]
    pub fn transport(&self) -> &'static str {
        self.server.name()
    }

    /// Fails the test with `what`, the last messages exchanged and the
    /// server's stderr.
    #[track_caller]
    fn fail(&self, what: &str) -> ! {
        let skip = self.history.len().saturating_sub(HISTORY_SHOWN);
        let mut msg = format!("[{}] {what}\nlast messages:\n", self.server.name());
        for line in &self.history[skip..] {
            msg.push_str("  ");
            msg.push_str(line);
            msg.push('\n');
        }
        let stderr = self.server.stderr();
        if !stderr.is_empty() {
            msg.push_str("server stderr:\n");
            msg.push_str(&stderr);
        }
        panic!("{msg}");
    }

    /// Sends one message as is (no id bookkeeping).
    ///
    /// # Panics
    ///
    /// When the server does not read it.
    #[track_caller]
    pub fn send(&mut self, message: &Value) {
        self.history.push(format!("-> {}", summary(message)));
        if let Err(e) = self.server.send(&encode(message)) {
            self.fail(&format!("cannot send {}: {e}", summary(message)));
        }
        match message.get("method").and_then(Value::as_str) {
            Some("shutdown") => self.shutdown_sent = true,
            Some("exit") => self.exit_sent = true,
            _ => {}
        }
    }

    /// Writes raw bytes to the server, framing or not (for hostile-input tests).
    ///
    /// # Panics
    ///
    /// When the server does not read them.
    #[track_caller]
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        self.history.push(format!("-> {} raw bytes", bytes.len()));
        if let Err(e) = self.server.send(bytes) {
            self.fail(&format!("cannot send raw bytes: {e}"));
        }
    }

    /// The server process's peak resident memory (`VmHWM`) and current
    /// (`VmRSS`), in KiB, read from `/proc` (Linux, stdio servers only).
    #[must_use]
    pub fn memory_kib(&self) -> Option<(u64, u64)> {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.server.pid()?)).ok()?;
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        };
        Some((field("VmHWM:")?, field("VmRSS:")?))
    }

    /// Receives the next message before `deadline`, answering server-to-client
    /// requests with a `null` result on the way. `Err` describes a timeout or
    /// a closed or broken stream.
    fn receive(&mut self, deadline: Instant) -> Result<Value, String> {
        loop {
            if self.closed {
                return Err("the server closed its output".to_owned());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            let event = match self.events.recv_timeout(left) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!("nothing arrived within {TIMEOUT:?}"));
                }
                Err(RecvTimeoutError::Disconnected) => Event::Closed,
            };
            match event {
                Event::Message(message) => {
                    self.history.push(format!("<- {}", summary(&message)));
                    let is_request = message.get("method").is_some() && message.get("id").is_some();
                    if is_request {
                        let id = message["id"].clone();
                        let result = if message["method"] == "workspace/configuration" {
                            let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                            Value::Array(vec![self.configuration.clone(); items])
                        } else {
                            Value::Null
                        };
                        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
                        self.server_requests.push_back(message.clone());
                    }
                    return Ok(message);
                }
                Event::Closed => {
                    self.closed = true;
                    self.history.push("<- (end of stream)".to_owned());
                }
                Event::Broken(e) => {
                    self.closed = true;
                    self.history.push(format!("<- (broken stream: {e})"));
                    return Err(format!("the server's output is broken: {e}"));
                }
            }
        }
    }

    /// Sends a request and waits for its response, which is returned whole
    /// (`result` or `error`). Notifications arriving meanwhile are kept for
    /// the `wait_*` methods.
    ///
    /// # Panics
    ///
    /// On timeout, a closed stream, or a response to an unknown id.
    #[track_caller]
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.start_request(method, params);
        self.wait_response(id, method)
    }

    /// Sends a request without waiting; returns its id (see [`Client::wait_response`]).
    #[track_caller]
    pub fn start_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Waits for the whole response to request `id` (sent as `method`),
    /// keeping notifications that arrive meanwhile.
    ///
    /// # Panics
    ///
    /// On timeout, a closed stream, or a response to another request.
    #[track_caller]
    pub fn wait_response(&mut self, id: i64, method: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = match self.receive(deadline) {
                Ok(message) => message,
                Err(e) => self.fail(&format!("waiting for the response to {method} #{id}: {e}")),
            };
            if message.get("method").is_some() {
                if message.get("id").is_none() {
                    self.pending.push_back(message);
                }
                continue;
            }
            if message.get("id") == Some(&json!(id)) {
                return message;
            }
            self.fail(&format!(
                "waiting for the response to {method} #{id}: got a response to another request: {message}"
            ));
        }
    }

    /// Sends a request and returns its `result`.
    ///
    /// # Panics
    ///
    /// When the response is an error, or as [`Client::request_raw`].
    #[track_caller]
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        if let Some(error) = response.get("error") {
            self.fail(&format!("{method} failed: {error}"));
        }
        response.get("result").cloned().unwrap_or(Value::Null)
    }

    /// Sends a notification.
    #[track_caller]
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// `initialize` offering these position encodings (in
    /// `capabilities.general.positionEncodings`), then `initialized` once
    /// the response has arrived (a server answers anything sent earlier with
    /// -32002). Returns the `InitializeResult`.
    #[track_caller]
    pub fn initialize(&mut self, encodings: &[&str]) -> Value {
        self.initialize_with(json!({"general": {"positionEncodings": encodings}}))
    }

    /// `initialize` with these whole params (then `initialized`).
    #[track_caller]
    pub fn initialize_params(&mut self, params: Value) -> Value {
        let result = self.request("initialize", params);
        self.notify("initialized", json!({}));
        result
    }

    /// [`Client::initialize`] with the given client capabilities.
    #[track_caller]
    pub fn initialize_with(&mut self, capabilities: Value) -> Value {
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "clientInfo": {"name": "agentls-e2e"},
                "capabilities": capabilities,
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    /// `textDocument/didOpen` of a Markdown document.
    #[track_caller]
    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {
                "uri": uri, "languageId": "markdown", "version": version, "text": text,
            }}),
        );
    }

    /// `textDocument/didChange` with these content changes (see [`edit`]
    /// and [`replace_all`]), applied in order by the server.
    #[track_caller]
    pub fn change(&mut self, uri: &str, version: i64, changes: &[Value]) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// Applies a workspace edit's text edits for `uri` as one `didChange`
    /// of `version`, last edit first so that earlier positions stay valid,
    /// as an editor applying a code action does. Returns how many edits it
    /// applied.
    #[track_caller]
    pub fn apply_workspace_edit(&mut self, uri: &str, version: i64, edit: &Value) -> usize {
        let mut edits = edit["changes"][uri].as_array().cloned().unwrap_or_default();
        edits.sort_by_key(|e| {
            std::cmp::Reverse((
                e["range"]["start"]["line"].as_u64(),
                e["range"]["start"]["character"].as_u64(),
            ))
        });
        let changes: Vec<Value> = edits
            .iter()
            .map(|e| json!({"range": e["range"], "text": e["newText"]}))
            .collect();
        self.change(uri, version, &changes);
        changes.len()
    }

    /// The quick fixes the server offers for `diagnostic` (as published) in `uri`.
    #[track_caller]
    pub fn quick_fixes(&mut self, uri: &str, diagnostic: &Value) -> Vec<Value> {
        self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}}),
        )
        .as_array()
        .cloned()
        .unwrap_or_default()
    }

    /// The titles of the code lenses of `uri`, in order.
    #[track_caller]
    pub fn code_lens_titles(&mut self, uri: &str) -> Vec<String> {
        self.request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        )
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|l| {
            l["command"]["title"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
    }

    /// `textDocument/didClose`.
    #[track_caller]
    pub fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }

    /// Waits for the next notification that `accept` takes, keeping the
    /// others; `what` names it in the failure message.
    #[track_caller]
    fn wait_for(&mut self, what: &str, accept: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&accept) {
            return self.pending.remove(i).expect("index in range");
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = match self.receive(deadline) {
                Ok(message) => message,
                Err(e) => self.fail(&format!("waiting for {what}: {e}")),
            };
            if message.get("method").is_none() {
                self.fail(&format!(
                    "waiting for {what}: unexpected response {message}"
                ));
            }
            if message.get("id").is_some() {
                continue; // a server request, already answered
            }
            if accept(&message) {
                return message;
            }
            self.pending.push_back(message);
        }
    }

    /// Waits for a request from the server with this method (already
    /// answered with `null`) and returns its params; notifications arriving
    /// meanwhile are kept.
    ///
    /// # Panics
    ///
    /// On timeout or a closed stream.
    #[track_caller]
    pub fn wait_server_request(&mut self, method: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self
                .server_requests
                .iter()
                .position(|m| m["method"] == method)
            {
                let request = self.server_requests.remove(i).expect("index in range");
                return request["params"].clone();
            }
            let message = match self.receive(deadline) {
                Ok(message) => message,
                Err(e) => self.fail(&format!("waiting for a {method} request: {e}")),
            };
            if message.get("method").is_some() && message.get("id").is_none() {
                self.pending.push_back(message);
            }
        }
    }

    /// Waits for the next notification with this method and returns its params.
    ///
    /// # Panics
    ///
    /// On timeout or a closed stream.
    #[track_caller]
    pub fn wait_notification(&mut self, method: &str) -> Value {
        let message = self.wait_for(method, |m| m["method"] == method);
        message["params"].clone()
    }

    /// Waits for the next `textDocument/publishDiagnostics` for `uri`.
    /// Checks the shape of every diagnostic (range, severity, string code,
    /// source `agentls`, a message).
    ///
    /// # Panics
    ///
    /// On timeout, a closed stream, or a malformed diagnostic.
    #[track_caller]
    pub fn wait_diagnostics(&mut self, uri: &str) -> Published {
        let what = format!("publishDiagnostics for {uri}");
        let message = self.wait_for(&what, |m| is_publish_for(m, uri));
        let published = published(&message);
        for d in &published.1 {
            if let Err(e) = check_shape(d) {
                self.fail(&format!("malformed diagnostic ({e}): {d}"));
            }
        }
        published
    }

    /// Waits for the next diagnostics for `uri` and asserts their version
    /// and exact list (as [`render`]ed, in order).
    ///
    /// # Panics
    ///
    /// When they differ, or as [`Client::wait_diagnostics`].
    #[track_caller]
    pub fn expect_diagnostics(&mut self, uri: &str, version: Option<i64>, expected: &[&str]) {
        let (got_version, diags) = self.wait_diagnostics(uri);
        let got = render_all(&diags);
        if got_version != version || got != expected {
            self.fail(&format!(
                "diagnostics for {uri}:\n  expected version {version:?}: {expected:?}\n  got      version {got_version:?}: {got:?}\n  in full: {}",
                Value::Array(diags.clone())
            ));
        }
    }

    /// Takes every diagnostics publication for `uri` already received,
    /// without waiting (after [`Client::shutdown`]: everything the server sent).
    pub fn take_diagnostics(&mut self, uri: &str) -> Vec<Published> {
        let mut out = Vec::new();
        let mut rest = VecDeque::new();
        for message in self.pending.drain(..) {
            if is_publish_for(&message, uri) {
                out.push(published(&message));
            } else {
                rest.push_back(message);
            }
        }
        self.pending = rest;
        out
    }

    /// Shuts the server down as a client should: a `shutdown` request (its
    /// result must be `null`), the `exit` notification, then waits for the
    /// server to close its output and end. Every message received before the
    /// end stays available ([`Client::take_diagnostics`]). Returns the
    /// process exit code (in process: the status the binary would exit with).
    ///
    /// # Panics
    ///
    /// When a step fails or times out.
    #[track_caller]
    pub fn shutdown(&mut self) -> Option<i32> {
        let result = self.request("shutdown", Value::Null);
        if !result.is_null() {
            self.fail(&format!("shutdown returned {result}, not null"));
        }
        self.notify("exit", Value::Null);
        self.drain_until_closed()
            .unwrap_or_else(|e| self.fail(&format!("after exit: {e}")));
        let code = self
            .server
            .wait(TIMEOUT)
            .unwrap_or_else(|e| self.fail(&format!("after exit: {e}")));
        self.ended = true;
        code
    }

    /// Closes the server's input without `shutdown` or `exit`, as a client
    /// that vanished would, and waits for the server to end. Returns the
    /// process exit code (in process: the status the binary would exit with).
    ///
    /// # Panics
    ///
    /// When the server does not end in time.
    #[track_caller]
    pub fn end_input(&mut self) -> Option<i32> {
        let code = self
            .server
            .wait(TIMEOUT)
            .unwrap_or_else(|e| self.fail(&format!("after closing its input: {e}")));
        self.ended = true;
        code
    }

    /// Receives until the server closes its output, keeping notifications.
    fn drain_until_closed(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + TIMEOUT;
        while !self.closed {
            match self.receive(deadline) {
                Ok(message) => {
                    if message.get("method").is_some() && message.get("id").is_none() {
                        self.pending.push_back(message);
                    }
                }
                Err(_) if self.closed => {}
                Err(e) => return Err(format!("waiting for the end of the stream: {e}")),
            }
        }
        Ok(())
    }

    /// Best-effort graceful end for [`Drop`]: never panics.
    fn finish_quietly(&mut self) {
        let graceful = !self.closed && !std::thread::panicking();
        if graceful {
            if !self.shutdown_sent && !self.exit_sent {
                let id = self.next_id;
                self.next_id += 1;
                let request = json!({"jsonrpc": "2.0", "id": id, "method": "shutdown"});
                if self.server.send(&encode(&request)).is_ok() {
                    let deadline = Instant::now() + TIMEOUT;
                    while let Ok(message) = self.receive(deadline) {
                        if message.get("id") == Some(&json!(id)) && message.get("method").is_none()
                        {
                            break;
                        }
                    }
                }
            }
            if !self.exit_sent {
                let exit = json!({"jsonrpc": "2.0", "method": "exit"});
                let _ = self.server.send(&encode(&exit));
            }
            if self.server.wait(TIMEOUT).is_ok() {
                return;
            }
        }
        self.server.kill();
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if !self.ended {
            self.ended = true;
            self.finish_quietly();
        }
    }
}

/// Whether `message` publishes diagnostics for `uri`.
fn is_publish_for(message: &Value, uri: &str) -> bool {
    message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == uri
}

/// The version and diagnostics of a publishDiagnostics notification.
fn published(message: &Value) -> Published {
    let params = &message["params"];
    let version = params.get("version").and_then(Value::as_i64);
    let diags = params["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    (version, diags)
}

/// Checks that a diagnostic has what agentls always sends.
fn check_shape(d: &Value) -> Result<(), String> {
    for part in ["start", "end"] {
        for field in ["line", "character"] {
            if !d["range"][part][field].is_u64() {
                return Err(format!("range.{part}.{field} is not a number"));
            }
        }
    }
    if !matches!(d["severity"].as_u64(), Some(1..=4)) {
        return Err("no valid severity".to_owned());
    }
    if !d["code"].as_str().is_some_and(|c| c.starts_with("AG")) {
        return Err("code is not an AG code string".to_owned());
    }
    if d["source"] != "agentls" {
        return Err("source is not \"agentls\"".to_owned());
    }
    let code = d["code"].as_str().unwrap_or_default().to_ascii_lowercase();
    let href = d["codeDescription"]["href"].as_str().unwrap_or_default();
    if !href.ends_with(&format!("/docs/rules.md#{code}")) {
        return Err(format!(
            "codeDescription.href {href:?} is not the rule's documentation"
        ));
    }
    if d["message"].as_str().is_none_or(str::is_empty) {
        return Err("no message".to_owned());
    }
    Ok(())
}

/// One line describing a message, for failure messages.
fn summary(message: &Value) -> String {
    let mut text = message.to_string();
    if text.len() > 300 {
        let mut cut = 300;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push('…');
    }
    text
}

// ---------------------------------------------------------------------------
// Building changes, rendering diagnostics
// ---------------------------------------------------------------------------

/// The parameters of a request at a position of a document
/// (`textDocument/hover`, `textDocument/completion`).
#[must_use]
pub fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

/// The labels of a completion response's items, in order.
#[must_use]
pub fn labels(items: &Value) -> Vec<String> {
    let list = items.get("items").unwrap_or(items);
    list.as_array()
        .map(|a| {
            a.iter()
                .map(|i| i["label"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// An incremental content change: replace the range from `start` to `end`
/// (`(line, character)`, 0-based, in the negotiated encoding) with `text`.
#[must_use]
pub fn edit(start: (u32, u32), end: (u32, u32), text: &str) -> Value {
    json!({
        "range": {
            "start": {"line": start.0, "character": start.1},
            "end": {"line": end.0, "character": end.1},
        },
        "text": text,
    })
}

/// A full-text content change (no range): the document becomes `text`.
#[must_use]
pub fn replace_all(text: &str) -> Value {
    json!({ "text": text })
}

/// A diagnostic as `"startLine:startChar-endLine:endChar severity code"`,
/// e.g. `"1:6-1:14 warning AG106"`. Severities: `error`, `warning`,
/// `information`, `hint` (`none` when absent).
#[must_use]
pub fn render(diagnostic: &Value) -> String {
    let r = &diagnostic["range"];
    let n = |v: &Value| v.as_u64().map_or_else(|| "?".to_owned(), |n| n.to_string());
    let severity = match diagnostic["severity"].as_u64() {
        Some(1) => "error",
        Some(2) => "warning",
        Some(3) => "information",
        Some(4) => "hint",
        _ => "none",
    };
    let code = match &diagnostic["code"] {
        Value::String(s) => s.clone(),
        Value::Null => "-".to_owned(),
        other => other.to_string(),
    };
    format!(
        "{}:{}-{}:{} {severity} {code}",
        n(&r["start"]["line"]),
        n(&r["start"]["character"]),
        n(&r["end"]["line"]),
        n(&r["end"]["character"]),
    )
}

/// [`render`] for each diagnostic, in order.
#[must_use]
pub fn render_all(diagnostics: &[Value]) -> Vec<String> {
    diagnostics.iter().map(render).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoder_handles_split_and_joined_frames() {
        let a = encode(&json!({"id": 1, "result": "é😀"}));
        let b = encode(&json!({"method": "x"}));
        let mut bytes = a.clone();
        bytes.extend_from_slice(&b);
        let mut decoder = Decoder::default();
        let mut got = Vec::new();
        for chunk in bytes.chunks(7) {
            decoder.push(chunk);
            while let Some(m) = decoder.next_message().expect("valid") {
                got.push(m);
            }
        }
        assert_eq!(
            got,
            [json!({"id": 1, "result": "é😀"}), json!({"method": "x"})]
        );
    }

    #[test]
    fn decoder_reads_other_headers_and_any_case() {
        let body = r#"{"id":2}"#;
        let frame = format!(
            "content-length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{body}",
            body.len()
        );
        let mut decoder = Decoder::default();
        decoder.push(frame.as_bytes());
        assert_eq!(decoder.next_message(), Ok(Some(json!({"id": 2}))));
        assert_eq!(decoder.next_message(), Ok(None));
    }

    #[test]
    fn decoder_rejects_missing_length() {
        let mut decoder = Decoder::default();
        decoder.push(b"Content-Type: x\r\n\r\n{}");
        assert!(decoder.next_message().is_err());
    }

    #[test]
    fn render_is_compact() {
        let d = json!({
            "range": {"start": {"line": 1, "character": 6}, "end": {"line": 1, "character": 9}},
            "severity": 2, "code": "AG106", "source": "agentls", "message": "m",
            "codeDescription": {"href": "https://example.org/docs/rules.md#ag106"},
        });
        assert_eq!(render(&d), "1:6-1:9 warning AG106");
        assert_eq!(check_shape(&d), Ok(()));
        let mut wrong = d.clone();
        wrong["codeDescription"]["href"] = json!("https://example.org/docs/rules.md#ag101");
        assert!(check_shape(&wrong).is_err());
    }
}
