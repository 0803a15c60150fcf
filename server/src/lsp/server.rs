//! The language server: document sync and diagnostics.
//!
//! Concurrency rules (tower-lsp-server runs handlers concurrently and
//! catches no panics):
//! - every document mutation happens before the handler's first `.await`,
//!   so mutations apply in message order;
//! - no `DashMap` guard is held across an `.await`;
//! - analysis runs under `catch_unwind` on the protocol thread (it is
//!   cheap); the Markdown reparse runs on the parse thread, once typing
//!   pauses, and outlines on the blocking pool, each under `catch_unwind`:
//!   a bug costs one result, never the server;
//! - diagnostics carry the document version, and a result computed for a
//!   version that is no longer current is dropped.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use dashmap::DashMap;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeActionResponse, CodeLens, CodeLensOptions, CodeLensParams,
    ColorInformation, ColorPresentation, ColorPresentationParams, ColorProviderCapability, Command,
    CompletionItem, CompletionOptions, CompletionParams, CompletionResponse, CompletionTriggerKind,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentColorParams,
    DocumentSymbolParams, DocumentSymbolResponse, ExecuteCommandOptions, ExecuteCommandParams,
    FoldingRange, FoldingRangeParams, FoldingRangeProviderCapability, Hover, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, InitializedParams, LSPAny,
    MessageType, OneOf, Position, ServerCapabilities, ServerInfo, TextDocumentIdentifier,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, Uri,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};
use tower_lsp_server::{Client, LanguageServer};

use super::convert;
use super::features::{self, ClientFeatures};
use crate::analysis::{self, Target};
use crate::document::{Document, Encoding};

/// One open document and what the server knows about it.
struct Open {
    doc: Document,
    /// `None` for files that are not agent definitions: they get no diagnostics.
    target: Option<Target>,
    /// Whether a background Markdown reparse is scheduled or running.
    parsing: bool,
    /// The file name without extension (for fixes that invent a name).
    stem: Option<String>,
    /// When the text last changed (the background parse waits for a pause).
    last_edit: Instant,
    /// The MCP tools named in its tool lists, and the change they were read after.
    mcp_tools: Option<(Instant, Vec<String>)>,
    /// The last check, for the next keystroke to reuse when it can.
    memo: analysis::Memo,
}

/// The background Markdown parse starts once the text has not changed for
/// this long: while someone types, keystrokes have the cores to themselves
/// (a request that needs the tree meanwhile parses on demand).
const PARSE_AFTER_QUIET: Duration = Duration::from_millis(40);

/// What a request needs of a document: a cheap copy of its state.
struct Snapshot {
    rope: ropey::Rope,
    target: Target,
    stem: Option<String>,
}

/// The name the document's path gives it ([`agentls::formats::path_name`]).
fn stem_of(uri: &Uri, target: Option<Target>) -> Option<String> {
    let path = uri.to_file_path()?;
    match target {
        Some(t) => crate::formats::path_name(t.kind, &path),
        None => path.file_stem()?.to_str().map(str::to_owned),
    }
}

/// The server state.
pub struct Backend {
    client: Client,
    docs: Arc<DashMap<Uri, Open>>,
    encoding: OnceLock<Encoding>,
    features: OnceLock<ClientFeatures>,
    shut_down: Arc<AtomicBool>,
    /// The workspace folders, the only places the server looks at on disk.
    roots: std::sync::RwLock<Vec<std::path::PathBuf>>,
    /// The tools the client's settings target (`targets`), if it set any;
    /// else each file's default ([`crate::formats::target::default_for`]).
    targets: std::sync::RwLock<Option<crate::formats::target::Tools>>,
    /// The `.agentls.toml` files found bad, each told to the user once.
    bad_configs: std::sync::Mutex<std::collections::HashSet<std::path::PathBuf>>,
}

/// The `targets` setting, from initialization options or a configuration
/// change: `{"targets": ["claude", "copilot"]}` or `"claude,copilot"`,
/// directly or under `agentls`. `Ok(None)`: not set (each file's default).
fn targets_setting(
    value: Option<&serde_json::Value>,
) -> std::result::Result<Option<crate::formats::target::Tools>, String> {
    let Some(value) = value else {
        return Ok(None);
    };
    let targets = value
        .get("agentls")
        .and_then(|a| a.get("targets"))
        .or_else(|| value.get("targets"));
    match targets {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(list)) => {
            crate::formats::target::Tools::parse(list).map(|t| Some(t).filter(|t| !t.is_empty()))
        }
        Some(serde_json::Value::Array(items)) => {
            let list: Vec<&str> = items.iter().filter_map(serde_json::Value::as_str).collect();
            if list.len() != items.len() {
                return Err("`targets` must list tool names".to_owned());
            }
            // An empty list is no setting: each file's default targets.
            crate::formats::target::Tools::parse(&list.join(","))
                .map(|t| Some(t).filter(|t| !t.is_empty()))
        }
        Some(_) => Err("`targets` must be a list of tool names".to_owned()),
    }
}

/// Decides from a document's URI whether and how to analyse it.
///
/// The only file-system access of the whole server is here: whether
/// `.claude-plugin/plugin.json` exists beside a folder above the document,
/// and only inside the workspace folders (`roots`; with none, anywhere
/// above the document the client opened). Nothing is read or run.
#[must_use]
pub fn target_for(uri: &Uri, roots: &[std::path::PathBuf]) -> Option<Target> {
    let path = uri.to_file_path()?;
    let inside = |p: &Path| roots.is_empty() || roots.iter().any(|r| p.starts_with(r));
    let kind = analysis::detect(&path, |p| inside(p) && p.is_file())?;
    Some(Target {
        kind,
        documentation_name: analysis::is_documentation_name(&path),
        tools: crate::formats::target::default_for(kind, &path),
    })
}

/// The code action kind of "Normalize frontmatter".
pub const NORMALIZE_KIND: &str = "source.normalizeFrontmatter";

/// The code action kind of "fix all": every safe fix of the document in one
/// edit (the fixes `agentls check --fix` applies). Offered only when the
/// client asks for it (`only` naming `source`, `source.fixAll` or this kind),
/// as on save.
pub const FIX_ALL_KIND: &str = "source.fixAll.agentls";

/// The command that renders a document's description and examples.
pub const PREVIEW_COMMAND: &str = "agentls.previewExamples";

/// Parameters of the `agentls/previewExamples` request.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewParams {
    /// The document.
    pub text_document: TextDocumentIdentifier,
}

/// Result of the `agentls/previewExamples` request.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewResult {
    /// The description and its examples, rendered as Markdown.
    pub markdown: String,
    /// The document version it was rendered from.
    pub version: i32,
}

impl Backend {
    /// Applies the `targets` setting found in `value`; on a bad one, tells
    /// the user (ending with `otherwise`) and returns false.
    async fn set_targets(&self, value: Option<&serde_json::Value>, otherwise: &str) -> bool {
        match targets_setting(value) {
            Ok(targets) => {
                if let Ok(mut t) = self.targets.write() {
                    *t = targets;
                }
                true
            }
            Err(why) => {
                self.client
                    .show_message(MessageType::WARNING, format!("agentls: {why}; {otherwise}"))
                    .await;
                false
            }
        }
    }

    /// How to analyse `uri`: its format, and the targeted tools (the
    /// `targets` setting; else the nearest `.agentls.toml` inside the
    /// workspace; else the tools that read its path). A bad configuration
    /// file comes back to be told once.
    fn target_of(&self, uri: &Uri) -> (Option<Target>, Option<String>) {
        let roots = self.roots.read().map(|r| r.clone()).unwrap_or_default();
        let Some(mut target) = target_for(uri, &roots) else {
            return (None, None);
        };
        let Some(path) = uri.to_file_path() else {
            return (Some(target), None);
        };
        if let Ok(Some(tools)) = self.targets.read().map(|t| *t) {
            target.tools = crate::formats::target::chosen(target.kind, &path, Some(tools));
            return (Some(target), None);
        }
        let Some(dir) = uri
            .to_file_path()
            .and_then(|p| p.parent().map(Path::to_path_buf))
        else {
            return (Some(target), None);
        };
        let mut complaint = None;
        match crate::config::find(&dir) {
            Some((path, _)) if !roots.is_empty() && !roots.iter().any(|r| path.starts_with(r)) => {}
            Some((_, Ok(config))) => {
                target.tools = crate::formats::target::chosen(target.kind, &path, config.targets);
            }
            Some((path, Err(why))) => {
                let first = self
                    .bad_configs
                    .lock()
                    .map(|mut seen| seen.insert(path.clone()))
                    .unwrap_or(false);
                if first {
                    complaint = Some(format!("agentls: {}: {why}; ignored", path.display()));
                }
            }
            None => {}
        }
        (Some(target), complaint)
    }

    /// The Markdown preview of `uri`'s description, from its current text.
    fn preview_markdown(&self, uri: &Uri) -> Result<String> {
        let rope = {
            let open = self.docs.get(uri).ok_or_else(|| {
                tower_lsp_server::jsonrpc::Error::invalid_params(format!(
                    "{} is not open",
                    uri.as_str()
                ))
            })?;
            open.doc.rope().clone()
        };
        let rendered = self.guarded("preview", uri, || {
            let text = rope.to_string();
            let name = analysis::agent_name(&text).map(|(n, _)| n);
            analysis::examples::of(&text).map_or_else(
                || "*This file has no description Claude Code can read.*\n".to_owned(),
                |ex| analysis::examples::render(&ex, name.as_deref()),
            )
        });
        rendered.ok_or_else(tower_lsp_server::jsonrpc::Error::internal_error)
    }

    /// A malformed frame from the client (see [`super::framing`]): logged.
    pub async fn invalid_message(&self, params: serde_json::Value) {
        let reason = params
            .get("reason")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("malformed message");
        self.client
            .log_message(
                MessageType::WARNING,
                format!("agentls: ignored a malformed message from the client ({reason})"),
            )
            .await;
    }

    /// A request that is not valid JSON-RPC: answered with an error under its id.
    pub async fn invalid_request(&self) -> Result<()> {
        Err(tower_lsp_server::jsonrpc::Error::invalid_request())
    }

    /// `agentls/previewExamples`: the same as the command, as a request.
    pub async fn preview_examples(&self, params: PreviewParams) -> Result<PreviewResult> {
        let uri = params.text_document.uri;
        let markdown = self.preview_markdown(&uri)?;
        let version = self.docs.get(&uri).map_or(0, |o| o.doc.version());
        Ok(PreviewResult { markdown, version })
    }

    /// A server talking to `client`; `shut_down` is set when the client
    /// sends `shutdown` (the process then exits 0 on `exit`, else 1).
    #[must_use]
    pub fn new(client: Client, shut_down: Arc<AtomicBool>) -> Self {
        Self {
            client,
            docs: Arc::new(DashMap::new()),
            encoding: OnceLock::new(),
            features: OnceLock::new(),
            shut_down,
            roots: std::sync::RwLock::default(),
            targets: std::sync::RwLock::default(),
            bad_configs: std::sync::Mutex::default(),
        }
    }

    fn encoding(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or(Encoding::Utf16)
    }

    fn features(&self) -> ClientFeatures {
        self.features.get().copied().unwrap_or_default()
    }

    /// The state a request needs, for agent files small enough to analyse.
    fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let open = self.docs.get(uri)?;
        let target = open.target?;
        if open.doc.rope().len_bytes() > analysis::MAX_ANALYSED_BYTES {
            return None;
        }
        Some(Snapshot {
            rope: open.doc.rope().clone(),
            target,
            stem: open.stem.clone(),
        })
    }

    /// The completion items at `position` of `uri`, with the text they are
    /// for; `invoked` when asked for rather than triggered by a character.
    fn complete(
        &self,
        uri: &Uri,
        position: Position,
        invoked: bool,
    ) -> Option<(ropey::Rope, Vec<analysis::completion::Item>)> {
        let snap = self.snapshot(uri)?;
        let (encoding, features) = (self.encoding(), self.features());
        let workspace = self.workspace_mcp_tools(uri);
        let items = self.guarded("completion", uri, || {
            let offset = convert::offset(&snap.rope, position, encoding);
            let text = snap.rope.to_string();
            let request = analysis::completion::Request {
                kind: snap.target.kind,
                workspace_tools: &workspace,
                snippets: features.snippets,
                invoked,
                file_stem: snap.stem.as_deref(),
            };
            analysis::completion::complete(&text, offset, &request)
        })?;
        Some((snap.rope, items))
    }

    /// Runs `f` under a panic guard: a panic is logged and answers `None`.
    fn guarded<T>(&self, what: &str, uri: &Uri, f: impl FnOnce() -> T) -> Option<T> {
        match catch_unwind(AssertUnwindSafe(f)) {
            Ok(v) => Some(v),
            Err(panic) => {
                self.log_panic(what, uri, &*panic);
                None
            }
        }
    }

    /// Like [`Backend::guarded`], on a blocking thread: for work that grows
    /// with the document (a walk of its Markdown tree), so that it never
    /// holds up the protocol thread.
    async fn guarded_blocking<T: Send + 'static>(
        &self,
        what: &str,
        uri: &Uri,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        match tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(f))).await {
            Ok(Ok(v)) => Some(v),
            Ok(Err(panic)) => {
                self.log_panic(what, uri, &*panic);
                None
            }
            Err(_) => None,
        }
    }

    /// Logs a caught panic to the client.
    fn log_panic(&self, what: &str, uri: &Uri, panic: &(dyn std::any::Any + Send)) {
        let why = panic
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let client = self.client.clone();
        let message = format!(
            "agentls: {what} for {} failed ({why}); the server keeps running",
            uri.as_str()
        );
        tokio::spawn(async move { client.log_message(MessageType::ERROR, message).await });
    }

    /// The document's text and a Markdown tree matching it: the maintained
    /// tree when it is current, else a parse on the blocking pool (which
    /// then becomes the maintained tree).
    async fn current_tree(
        &self,
        uri: &Uri,
    ) -> Option<(ropey::Rope, crate::document::markdown::MarkdownTree)> {
        if let Some(delay) = test_delay() {
            tokio::time::sleep(delay).await;
        }
        let job = {
            let mut open = self.docs.get_mut(uri)?;
            open.target?;
            if open.doc.rope().len_bytes() > analysis::MAX_ANALYSED_BYTES {
                return None;
            }
            if let Some(tree) = open.doc.tree() {
                return Some((open.doc.rope().clone(), tree.clone()));
            }
            open.doc.parse_job()
        };
        let rope = job.rope().clone();
        let parsed =
            tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(|| job.run())).ok())
                .await
                .ok()
                .flatten()?;
        let tree = parsed.tree()?.clone();
        if let Some(mut open) = self.docs.get_mut(uri) {
            open.doc.install(parsed);
        }
        Some((rope, tree))
    }

    /// MCP tools written in the other open documents.
    fn workspace_mcp_tools(&self, except: &Uri) -> Vec<String> {
        let mut tools = Vec::new();
        for mut entry in self.docs.iter_mut() {
            if entry.key() == except || entry.target.is_none() {
                continue;
            }
            let changed = entry.last_edit;
            // Read each document once per change, not on every completion.
            if entry
                .mcp_tools
                .as_ref()
                .is_none_or(|(at, _)| *at != changed)
            {
                let found = analysis::completion::mcp_names(&entry.doc.text());
                entry.mcp_tools = Some((changed, found));
            }
            if let Some((_, found)) = &entry.mcp_tools {
                tools.extend(found.iter().cloned());
            }
        }
        tools.sort();
        tools.dedup();
        tools
    }

    /// Analyses the current text of `uri` (synchronously, under a panic
    /// guard) and returns what to publish, stamped with its version.
    fn diagnose(&self, uri: &Uri) -> Option<(Vec<tower_lsp_server::ls_types::Diagnostic>, i32)> {
        let (rope, version, target, stem, mut memo) = {
            let mut open = self.docs.get_mut(uri)?;
            let memo = std::mem::take(&mut open.memo);
            (
                open.doc.rope().clone(),
                open.doc.version(),
                open.target,
                open.stem.clone(),
                memo,
            )
        };
        let Some(target) = target else {
            return Some((Vec::new(), version));
        };
        let encoding = self.encoding();
        let result = catch_unwind(AssertUnwindSafe(|| {
            // A keystroke in the body: the head of the text (and a little
            // more) is enough to reuse the last check; no copy of the whole.
            let reused = memo
                .head_len()
                .filter(|_| !panic_hook_armed())
                .and_then(|head| {
                    let len = rope.len_bytes();
                    let end = rope.char_to_byte(rope.byte_to_char((head + 256).min(len)));
                    let prefix = rope.byte_slice(..end).to_string();
                    memo.reuse(&prefix, len, target, stem.as_deref())
                });
            let diagnostics = reused.unwrap_or_else(|| {
                let text = rope.to_string();
                test_panic_hook(&text);
                analysis::check_file_memo(&text, target, stem.as_deref(), &mut memo)
            });
            diagnostics
                .iter()
                .map(|d| convert::diagnostic(&rope, d, encoding))
                .collect::<Vec<_>>()
        }));
        match result {
            Ok(diags) => {
                if let Some(mut open) = self.docs.get_mut(uri) {
                    open.memo = memo;
                }
                Some((diags, version))
            }
            Err(panic) => {
                self.log_panic("analysis", uri, &*panic);
                None
            }
        }
    }

    /// Publishes diagnostics unless the document moved on meanwhile.
    async fn publish(
        &self,
        uri: Uri,
        result: Option<(Vec<tower_lsp_server::ls_types::Diagnostic>, i32)>,
    ) {
        let Some((diags, version)) = result else {
            return;
        };
        let current = self.docs.get(&uri).map(|o| o.doc.version());
        if current != Some(version) {
            return; // stale: a newer version will publish its own
        }
        self.client
            .publish_diagnostics(uri, diags, Some(version))
            .await;
    }

    /// Schedules a Markdown reparse of `uri` on the parse thread unless one
    /// is scheduled; it starts once the text has been quiet for
    /// [`PARSE_AFTER_QUIET`], and picks up later edits when it finishes.
    fn schedule_parse(&self, uri: &Uri) {
        {
            let Some(mut open) = self.docs.get_mut(uri) else {
                return;
            };
            if open.parsing
                || !open.doc.needs_parse()
                || open.doc.rope().len_bytes() > analysis::MAX_ANALYSED_BYTES
            {
                return;
            }
            open.parsing = true;
        }
        let docs = Arc::clone(&self.docs);
        let uri = uri.clone();
        on_parse_thread(move || {
            loop {
                let job = {
                    let Some(mut open) = docs.get_mut(&uri) else {
                        return;
                    };
                    if !open.doc.needs_parse() {
                        open.parsing = false;
                        return;
                    }
                    let quiet = open.last_edit.elapsed();
                    if quiet < PARSE_AFTER_QUIET {
                        None
                    } else {
                        Some(open.doc.parse_job())
                    }
                };
                let Some(job) = job else {
                    // Still typing: wait for a pause (the guard is dropped).
                    std::thread::sleep(PARSE_AFTER_QUIET / 2);
                    continue;
                };
                let parsed = catch_unwind(AssertUnwindSafe(|| job.run()));
                let Some(mut open) = docs.get_mut(&uri) else {
                    return;
                };
                match parsed {
                    Ok(parsed) => open.doc.install(parsed),
                    Err(_) => {
                        open.parsing = false;
                        return;
                    }
                }
            }
        });
    }
}

/// Work for the parse thread.
type ParseWork = Box<dyn FnOnce() + Send>;

/// Runs `work` on the one thread that parses Markdown in the background.
///
/// One thread, not tokio's blocking pool: parses run one at a time (the
/// keystroke path keeps a core on a 2-core machine), and every thread that
/// allocates gets its own glibc malloc arena, so a pool of parse threads made
/// memory creep up under a long editing session (measured by the soak run:
/// 14 MB to 27 MB with eight threads, flat with one).
fn on_parse_thread(work: impl FnOnce() + Send + 'static) {
    static QUEUE: OnceLock<std::sync::Mutex<std::sync::mpsc::Sender<ParseWork>>> = OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<ParseWork>();
        let spawned = std::thread::Builder::new()
            .name("agentls-parse".to_owned())
            .spawn(move || {
                for work in rx {
                    // A panic costs that parse only (the work guards its own state).
                    let _ = catch_unwind(AssertUnwindSafe(work));
                }
            });
        if spawned.is_err() {
            tracing_fallback(
                "agentls: cannot start the parse thread; Markdown features will be missing",
            );
        }
        std::sync::Mutex::new(tx)
    });
    if let Ok(tx) = queue.lock() {
        let _ = tx.send(Box::new(work));
    }
}

#[allow(clippy::print_stderr)]
fn tracing_fallback(message: &str) {
    eprintln!("{message}");
}

/// Whether the debug-only panic hook is armed (then every check reads the
/// whole text, where the hook looks for its marker).
fn panic_hook_armed() -> bool {
    cfg!(debug_assertions) && std::env::var_os("AGENTLS_TEST_PANIC").is_some()
}

/// In debug builds only, panics when the text contains the value of
/// `AGENTLS_TEST_PANIC`: the end-to-end tests use it to prove that a panic
/// in analysis costs one result, never the server.
fn test_panic_hook(text: &str) {
    if cfg!(debug_assertions)
        && let Some(marker) = std::env::var_os("AGENTLS_TEST_PANIC")
    {
        let marker = marker.to_string_lossy();
        assert!(
            marker.is_empty() || !text.contains(marker.as_ref()),
            "AGENTLS_TEST_PANIC marker found"
        );
    }
}

/// In debug builds only, `AGENTLS_TEST_DELAY_MS`: how long requests that
/// need the Markdown tree wait first. The end-to-end tests use it to make a
/// request slow on purpose (cancellation, and that a slow request delays
/// nothing else).
fn test_delay() -> Option<std::time::Duration> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let ms = std::env::var("AGENTLS_TEST_DELAY_MS")
        .ok()?
        .parse::<u64>()
        .ok()?;
    Some(std::time::Duration::from_millis(ms.min(60_000)))
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = convert::negotiate(&params);
        let _ = self.encoding.set(encoding);
        let _ = self.features.set(ClientFeatures::from(&params));
        #[allow(deprecated)] // root_uri: still what many clients send
        let folders: Vec<std::path::PathBuf> = match (&params.workspace_folders, &params.root_uri) {
            (Some(folders), _) => folders
                .iter()
                .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                .collect(),
            (None, Some(root)) => root
                .to_file_path()
                .map(|p| vec![p.into_owned()])
                .unwrap_or_default(),
            (None, None) => Vec::new(),
        };
        if let Ok(mut roots) = self.roots.write() {
            *roots = folders;
        }
        self.set_targets(
            params.initialization_options.as_ref(),
            "using each file's default targets",
        )
        .await;
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(convert::encoding_kind(encoding)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..Default::default()
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    // After `:` and a blank (a value), `,` and `-` (a list entry), `<`
                    // (an example). Right after `:`, `,` or `-`, items bring the blank.
                    trigger_characters: Some([":", " ", ",", "-", "<"].map(str::to_owned).to_vec()),
                    resolve_provider: Some(true),
                    ..Default::default()
                }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::REFACTOR_REWRITE,
                            CodeActionKind::from(NORMALIZE_KIND),
                            CodeActionKind::from(FIX_ALL_KIND),
                        ]),
                        ..Default::default()
                    },
                )),
                color_provider: Some(ColorProviderCapability::Simple(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![PREVIEW_COMMAND.to_owned()],
                    ..Default::default()
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "agentls".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let message = format!(
            "agentls {} ready (positions in {:?})",
            env!("CARGO_PKG_VERSION"),
            self.encoding()
        );
        self.client.log_message(MessageType::INFO, message).await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        if let Ok(mut roots) = self.roots.write() {
            for f in params.event.removed {
                if let Some(p) = f.uri.to_file_path() {
                    roots.retain(|r| r != p.as_ref());
                }
            }
            for f in params.event.added {
                if let Some(p) = f.uri.to_file_path() {
                    roots.push(p.into_owned());
                }
            }
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if !self
            .set_targets(Some(&params.settings), "targets unchanged")
            .await
        {
            return;
        }
        // Every open document is judged again against the new targets: all
        // retargeted before the first await, then checked and published.
        let uris: Vec<Uri> = self.docs.iter().map(|e| e.key().clone()).collect();
        for uri in &uris {
            let (target, _) = self.target_of(uri);
            if let Some(mut open) = self.docs.get_mut(uri) {
                open.target = target;
                open.memo = analysis::Memo::default();
            }
        }
        let results: Vec<_> = uris.iter().map(|uri| self.diagnose(uri)).collect();
        for (uri, result) in uris.into_iter().zip(results) {
            self.publish(uri, result).await;
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let position = params.text_document_position.position;
        let uri = params.text_document_position.text_document.uri;
        // Typing a trigger character is not asking: the example snippet
        // waits for `<` or an explicit request.
        let invoked = params
            .context
            .as_ref()
            .is_none_or(|c| c.trigger_kind == CompletionTriggerKind::INVOKED);
        let Some((rope, items)) = self.complete(&uri, position, invoked) else {
            return Ok(None);
        };
        let (encoding, features) = (self.encoding(), self.features());
        // What `completionItem/resolve` needs to find an item again.
        let resolve =
            serde_json::json!({"uri": uri.as_str(), "position": position, "invoked": invoked});
        let items: Vec<_> = items
            .into_iter()
            .map(|item| {
                features::completion(&rope, item, encoding, features, Some(resolve.clone()))
            })
            .collect();
        Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
    }

    async fn completion_resolve(&self, mut item: CompletionItem) -> Result<CompletionItem> {
        #[derive(serde::Deserialize)]
        struct Data {
            uri: Uri,
            position: Position,
            invoked: bool,
        }
        let Some(data) = item
            .data
            .take()
            .and_then(|d| serde_json::from_value::<Data>(d).ok())
        else {
            return Ok(item);
        };
        // The same completion, on the text as it is now: the item of the
        // same label brings its documentation.
        if let Some((_, items)) = self.complete(&data.uri, data.position, data.invoked)
            && let Some(found) = items.iter().find(|i| i.label == item.label)
        {
            item.documentation = features::completion_documentation(found, self.features());
        }
        Ok(item)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let Some(snap) = self.snapshot(&uri) else {
            return Ok(None);
        };
        let (encoding, features) = (self.encoding(), self.features());
        Ok(self
            .guarded("hover", &uri, || {
                let offset = convert::offset(
                    &snap.rope,
                    params.text_document_position_params.position,
                    encoding,
                );
                let text = snap.rope.to_string();
                analysis::hover::hover_in(&text, offset, snap.target.kind, snap.stem.as_deref())
                    .map(|h| features::hover(&snap.rope, h, encoding, features))
            })
            .flatten())
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(snap) = self.snapshot(&uri) else {
            return Ok(None);
        };
        let wants = |kind: &CodeActionKind| {
            params
                .context
                .only
                .as_ref()
                .is_none_or(|only| only.iter().any(|k| kind.as_str().starts_with(k.as_str())))
        };
        let encoding = self.encoding();
        let actions = self.guarded("code actions", &uri, || {
            let text = snap.rope.to_string();
            let range = convert::offset(&snap.rope, params.range.start, encoding)
                ..convert::offset(&snap.rope, params.range.end, encoding);
            let mut actions = Vec::new();
            if wants(&CodeActionKind::QUICKFIX) {
                let diagnostics = analysis::check_file(&text, snap.target, snap.stem.as_deref());
                actions = features::quick_fixes(&snap.rope, &uri, &diagnostics, &range, encoding);
            }
            let normalize = CodeActionKind::from(NORMALIZE_KIND);
            if wants(&normalize)
                && let Some(edit) = analysis::normalize::normalize(&text, snap.target.kind)
            {
                let fix = analysis::Fix {
                    title: analysis::normalize::TITLE.to_owned(),
                    edits: vec![edit],
                };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: analysis::normalize::TITLE.to_owned(),
                    kind: Some(normalize),
                    edit: Some(features::workspace_edit(&snap.rope, &uri, &fix, encoding)),
                    ..Default::default()
                }));
            }
            let fix_all = CodeActionKind::from(FIX_ALL_KIND);
            let asked = params.context.only.as_ref().is_some_and(|only| {
                only.iter()
                    .any(|k| fix_all.as_str().starts_with(k.as_str()))
            });
            if asked
                && let Some(fixed) =
                    analysis::fix_all::fix_all(&text, snap.target, snap.stem.as_deref())
            {
                let title = format!(
                    "Fix all agentls problems ({} safe fix{})",
                    fixed.applied,
                    if fixed.applied == 1 { "" } else { "es" }
                );
                let fix = analysis::Fix {
                    title: title.clone(),
                    edits: vec![analysis::fix_all::single_edit(&text, &fixed.text)],
                };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(fix_all),
                    edit: Some(features::workspace_edit(&snap.rope, &uri, &fix, encoding)),
                    ..Default::default()
                }));
            }
            if wants(&CodeActionKind::REFACTOR_REWRITE) {
                let on_description = analysis::examples::description(&text)
                    .is_some_and(|d| d.key.start <= range.end && range.start <= d.span.end);
                if on_description {
                    let rewrites = [
                        (
                            "Rewrite description as a block scalar",
                            analysis::rewrite::to_block(&text),
                        ),
                        (
                            "Rewrite description as one line",
                            analysis::rewrite::to_line(&text),
                        ),
                    ];
                    for (title, edit) in rewrites {
                        let Some(edit) = edit else { continue };
                        let fix = analysis::Fix {
                            title: title.to_owned(),
                            edits: vec![edit],
                        };
                        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                            title: title.to_owned(),
                            kind: Some(CodeActionKind::REFACTOR_REWRITE),
                            edit: Some(features::workspace_edit(&snap.rope, &uri, &fix, encoding)),
                            ..Default::default()
                        }));
                    }
                }
            }
            actions
        });
        Ok(actions.filter(|a| !a.is_empty()))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let uri = params.text_document.uri;
        let Some(snap) = self.snapshot(&uri) else {
            return Ok(None);
        };
        let encoding = self.encoding();
        Ok(self
            .guarded("code lens", &uri, || {
                let text = snap.rope.to_string();
                let preview = |title: String| {
                    Some(Command {
                        title,
                        command: PREVIEW_COMMAND.to_owned(),
                        arguments: Some(vec![serde_json::json!(uri.as_str())]),
                    })
                };
                let mut lenses = Vec::new();
                if let Some((range, line)) =
                    analysis::roster(&text, snap.target.kind, snap.stem.as_deref())
                {
                    lenses.push(CodeLens {
                        range: convert::range(&snap.rope, &range, encoding),
                        command: preview(features::roster_title(snap.target.kind, &line)),
                        data: None,
                    });
                }
                let examples = crate::formats::format(snap.target.kind).examples;
                if let Some(ex) = analysis::examples::of(&text).filter(|_| examples) {
                    let title = match ex.examples.len() {
                        0 => "Preview description".to_owned(),
                        1 => "Preview 1 example".to_owned(),
                        n => format!("Preview {n} examples"),
                    };
                    lenses.push(CodeLens {
                        range: convert::range(&snap.rope, &ex.description.key, encoding),
                        command: preview(title),
                        data: None,
                    });
                }
                (!lenses.is_empty()).then_some(lenses)
            })
            .flatten())
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        if params.command != PREVIEW_COMMAND {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(format!(
                "unknown command {}",
                params.command
            )));
        }
        let uri = params
            .arguments
            .first()
            .and_then(|a| {
                a.as_str()
                    .or_else(|| a.get("uri").and_then(serde_json::Value::as_str))
            })
            .and_then(|s| s.parse::<Uri>().ok())
            .ok_or_else(|| {
                tower_lsp_server::jsonrpc::Error::invalid_params(
                    "expected the document URI as the first argument",
                )
            })?;
        Ok(Some(serde_json::Value::String(
            self.preview_markdown(&uri)?,
        )))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        let Some((rope, tree)) = self.current_tree(&uri).await else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let hierarchical = self.features().hierarchical_symbols;
        let at = uri.clone();
        Ok(self
            .guarded_blocking("document symbols", &uri, move || {
                let text = rope.to_string();
                let symbols = analysis::outline::symbols(&text, &tree);
                features::document_symbols(&rope, &at, &symbols, encoding, hierarchical)
            })
            .await)
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let uri = params.text_document.uri;
        let Some((rope, tree)) = self.current_tree(&uri).await else {
            return Ok(None);
        };
        Ok(self
            .guarded_blocking("folding ranges", &uri, move || {
                let text = rope.to_string();
                features::folding_ranges(&rope, &analysis::outline::folding(&text, &tree))
            })
            .await)
    }

    async fn document_color(&self, params: DocumentColorParams) -> Result<Vec<ColorInformation>> {
        let uri = params.text_document.uri;
        let Some(snap) = self.snapshot(&uri) else {
            return Ok(Vec::new());
        };
        let encoding = self.encoding();
        Ok(self
            .guarded("colors", &uri, || {
                let text = snap.rope.to_string();
                analysis::colors(&text)
                    .into_iter()
                    .filter_map(|(range, name)| {
                        features::color_information(&snap.rope, &range, &name, encoding)
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    async fn color_presentation(
        &self,
        params: ColorPresentationParams,
    ) -> Result<Vec<ColorPresentation>> {
        Ok(features::color_presentations(params.color, params.range))
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let (target, complaint) = self.target_of(&doc.uri);
        self.docs.insert(
            doc.uri.clone(),
            Open {
                doc: Document::new(&doc.text, doc.version),
                target,
                parsing: false,
                stem: stem_of(&doc.uri, target),
                last_edit: Instant::now(),
                mcp_tools: None,
                memo: analysis::Memo::default(),
            },
        );
        let result = self.diagnose(&doc.uri);
        self.schedule_parse(&doc.uri);
        self.publish(doc.uri, result).await;
        if let Some(complaint) = complaint {
            self.client
                .show_message(MessageType::WARNING, complaint)
                .await;
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let encoding = self.encoding();
        let applied = {
            let Some(mut open) = self.docs.get_mut(&uri) else {
                return;
            };
            catch_unwind(AssertUnwindSafe(|| {
                for change in params.content_changes {
                    match change.range {
                        None => open.doc.replace_all(&change.text),
                        Some(r) => {
                            let rope = open.doc.rope();
                            let start = convert::offset(rope, r.start, encoding);
                            let end = convert::offset(rope, r.end, encoding);
                            open.doc.edit(start, end, &change.text);
                        }
                    }
                }
                open.doc.set_version(params.text_document.version);
                open.last_edit = Instant::now();
            }))
            .is_ok()
        };
        if !applied {
            // The document's state can no longer be trusted: forget it rather than guess.
            self.docs.remove(&uri);
            let message = format!(
                "agentls: an edit to {} failed; close and reopen the file",
                uri.as_str()
            );
            self.client.log_message(MessageType::ERROR, message).await;
            return;
        }
        let result = self.diagnose(&uri);
        self.schedule_parse(&uri);
        self.publish(uri, result).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let was_agent = self.docs.remove(&uri).is_some_and(|(_, open)| {
            open.doc.cancel_parses();
            open.target.is_some()
        });
        if was_agent {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }
}
