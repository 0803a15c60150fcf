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
    CompletionItem, CompletionOptions, CompletionParams, CompletionTriggerKind,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWorkspaceFoldersParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, DocumentColorParams, DocumentSymbolParams, DocumentSymbolResponse,
    ExecuteCommandOptions, ExecuteCommandParams, FoldingRange, FoldingRangeParams,
    FoldingRangeProviderCapability, Hover, HoverParams, HoverProviderCapability, InitializeParams,
    InitializeResult, InitializedParams, LSPAny, MessageType, OneOf, Position, ServerCapabilities,
    ServerInfo, TextDocumentIdentifier, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri, WorkspaceFoldersServerCapabilities,
    WorkspaceServerCapabilities,
};
use tower_lsp_server::{Client, LanguageServer};

use super::convert;
use super::features::{self, ClientFeatures};
use super::navigation;
use crate::analysis::{self, Target};
use crate::document::{Document, Encoding};
use tower_lsp_server::ls_types::{
    DocumentLink, DocumentLinkOptions, DocumentLinkParams, GotoDefinitionParams,
    GotoDefinitionResponse, Location, PrepareRenameResponse, ReferenceParams, RenameOptions,
    RenameParams, TextDocumentPositionParams, WorkDoneProgressOptions, WorkspaceEdit,
    WorkspaceSymbolParams, WorkspaceSymbolResponse,
};

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
    /// The configuration in force for it.
    settings: crate::config::Settings,
    /// Whether the text holds a suppression comment's marker (`None`: not
    /// known, look). Kept through edits by looking around each edit only.
    marker: Option<bool>,
}

impl Open {
    /// Whether the text holds a suppression comment's marker.
    fn has_marker(&mut self) -> bool {
        *self.marker.get_or_insert_with(|| {
            super::settings::rope_contains(self.doc.rope(), crate::config::suppress::MARKER)
        })
    }

    /// Keeps [`Open::marker`] true to the text after an edit that put
    /// `inserted` bytes at byte `at`: a text without the marker gains one
    /// only where the edit meets its neighbours; a text with one may have
    /// lost it (looked for again when asked).
    fn edited(&mut self, at: usize, inserted: usize) {
        self.marker = match self.marker {
            Some(false) => {
                let rope = self.doc.rope();
                let reach = crate::config::suppress::MARKER.len();
                let mut from = at.saturating_sub(reach);
                let mut to = (at + inserted + reach).min(rope.len_bytes());
                while from > 0 && !is_char_start(rope, from) {
                    from -= 1;
                }
                while to < rope.len_bytes() && !is_char_start(rope, to) {
                    to += 1;
                }
                let around = rope.byte_slice(from..to).to_string();
                Some(around.contains(crate::config::suppress::MARKER))
            }
            _ => None,
        }
    }
}

/// Whether byte `at` of `rope` starts a character.
fn is_char_start(rope: &ropey::Rope, at: usize) -> bool {
    crate::document::position::floor_boundary(rope, at) == at
}

/// The background Markdown parse starts once the text has not changed for
/// this long: while someone types, keystrokes have the cores to themselves
/// (a request that needs the tree meanwhile parses on demand).
const PARSE_AFTER_QUIET: Duration = Duration::from_millis(40);

/// How long a request about names (definition, references, rename,
/// workspace symbols) waits for the workspace index to be complete before
/// answering from what is indexed so far.
const NAMES_WAIT: Duration = Duration::from_secs(10);

/// What a request needs of a document: a cheap copy of its state.
struct Snapshot {
    rope: ropey::Rope,
    target: Target,
    stem: Option<String>,
    settings: crate::config::Settings,
    path: Option<std::path::PathBuf>,
}

/// The name the document's path gives it ([`agentls::formats::path_name`]).
fn stem_of(uri: &Uri, target: Option<Target>) -> Option<String> {
    let path = uri.to_file_path()?;
    match target {
        Some(t) => crate::formats::path_name(t.kind, &path),
        None => path.file_stem()?.to_str().map(str::to_owned),
    }
}

/// A configuration file found for a document, and what is wrong with it.
type Found = (std::path::PathBuf, Option<crate::config::ConfigError>);

/// The server state.
pub struct Backend {
    client: Client,
    docs: Arc<DashMap<Uri, Open>>,
    encoding: OnceLock<Encoding>,
    features: OnceLock<ClientFeatures>,
    shut_down: Arc<AtomicBool>,
    /// The workspace folders, the only places the server looks at on disk.
    roots: std::sync::RwLock<Vec<std::path::PathBuf>>,
    /// The editor's settings sent to the server (initialization options,
    /// `workspace/didChangeConfiguration`), if any.
    pushed: std::sync::RwLock<Option<Arc<crate::config::Config>>>,
    /// The editor's settings the server asked for
    /// (`workspace/configuration`), when the client answered; they win
    /// over the pushed ones.
    pulled: std::sync::RwLock<Option<Arc<crate::config::Config>>>,
    /// Whether the client answers `workspace/configuration`.
    pulls: AtomicBool,
    /// The `.agentls.toml` files found bad, each told to the user once.
    bad_configs: std::sync::Mutex<std::collections::HashSet<std::path::PathBuf>>,
    /// The closed `.agentls.toml` files whose error is published on them,
    /// with the error.
    config_errors: std::sync::Mutex<std::collections::HashMap<std::path::PathBuf, String>>,
    /// The workspace index, cross-file diagnostics and the roster lens.
    workspace: super::workspace::Workspace,
    /// Where the last completions were asked, for `completionItem/resolve`.
    asked: std::sync::Mutex<Asked>,
}

/// Where the last few completion lists were asked. Each item of a list
/// carries only the list's number as its `data` (not the document and the
/// position, twenty times over); resolving an item looks the number up here.
#[derive(Default)]
struct Asked {
    next: u64,
    recent: std::collections::VecDeque<(u64, Uri, Position, bool)>,
}

impl Asked {
    /// How many lists are remembered: an item of an older one resolves
    /// without documentation.
    const KEPT: usize = 8;

    fn remember(&mut self, uri: Uri, position: Position, invoked: bool) -> u64 {
        self.next += 1;
        if self.recent.len() == Self::KEPT {
            self.recent.pop_front();
        }
        self.recent.push_back((self.next, uri, position, invoked));
        self.next
    }

    fn find(&self, id: u64) -> Option<(Uri, Position, bool)> {
        self.recent
            .iter()
            .find(|(n, ..)| *n == id)
            .map(|(_, uri, position, invoked)| (uri.clone(), *position, *invoked))
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

/// [`target_for`] under `settings`: a `[paths]` setting decides the
/// format first, and the settings' `targets` choose the tools.
#[must_use]
pub fn configured_target(
    uri: &Uri,
    roots: &[std::path::PathBuf],
    settings: &crate::config::Settings,
) -> Option<Target> {
    let path = uri.to_file_path()?;
    let mut target = match settings.kind_for(&path) {
        Some(kind) => Target {
            kind,
            documentation_name: analysis::is_documentation_name(&path),
            tools: crate::formats::target::default_for(kind, &path),
        },
        None => target_for(uri, roots)?,
    };
    target.tools =
        crate::formats::target::chosen(target.kind, &path, settings.targets_for(Some(&path)));
    Some(target)
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
    /// Applies the editor's settings found in `value` (the keys of
    /// `.agentls.toml`, directly or under `agentls`); on bad ones, tells
    /// the user (ending with `otherwise`) and returns false.
    async fn set_settings(&self, value: Option<&serde_json::Value>, otherwise: &str) -> bool {
        match crate::config::Config::from_settings(value) {
            Ok(config) => {
                if let Ok(mut pushed) = self.pushed.write() {
                    *pushed = config.map(Arc::new);
                }
                true
            }
            Err(why) => {
                self.client
                    .show_message(
                        MessageType::WARNING,
                        format!("agentls: settings: {why}; {otherwise}"),
                    )
                    .await;
                false
            }
        }
    }

    /// Asks the client for the `agentls` section of its settings, when it
    /// answers such requests; a bad answer is told and left out.
    async fn pull_settings(&self) {
        if !self.pulls.load(Ordering::SeqCst) {
            return;
        }
        let item = tower_lsp_server::ls_types::ConfigurationItem {
            scope_uri: None,
            section: Some("agentls".to_owned()),
        };
        let Ok(answer) = self.client.configuration(vec![item]).await else {
            return;
        };
        let value = answer.into_iter().next().filter(|v| !v.is_null());
        match crate::config::Config::from_settings(value.as_ref()) {
            Ok(config) => {
                if let Ok(mut pulled) = self.pulled.write() {
                    *pulled = config.map(Arc::new);
                }
            }
            Err(why) => {
                self.client
                    .show_message(
                        MessageType::WARNING,
                        format!("agentls: settings: {why}; left out"),
                    )
                    .await;
            }
        }
    }

    /// The editor's settings layer: pulled, else pushed.
    fn editor_settings(&self) -> Option<Arc<crate::config::Config>> {
        let pulled = self.pulled.read().ok().and_then(|p| p.clone());
        pulled.or_else(|| self.pushed.read().ok().and_then(|p| p.clone()))
    }

    /// The configuration file at `path`: its text in the editor when it is
    /// open there, else on disk.
    fn read_config(
        &self,
        path: &Path,
    ) -> std::result::Result<crate::config::Config, crate::config::ConfigError> {
        let open =
            Uri::from_file_path(path).and_then(|uri| self.docs.get(&uri).map(|o| o.doc.text()));
        match open {
            Some(text) => {
                let mut config = crate::config::Config::parse(&text)?;
                config.root = path.parent().map(Path::to_path_buf);
                Ok(config)
            }
            None => crate::config::read(path),
        }
    }

    /// The nearest `.agentls.toml` above `path` inside the workspace
    /// folders (with none, anywhere above), open in the editor or on disk.
    fn find_config(
        &self,
        path: &Path,
        roots: &[std::path::PathBuf],
    ) -> Option<(
        std::path::PathBuf,
        std::result::Result<crate::config::Config, crate::config::ConfigError>,
    )> {
        for dir in path.ancestors().skip(1) {
            if !roots.is_empty() && !roots.iter().any(|r| dir.starts_with(r)) {
                return None;
            }
            let candidate = dir.join(crate::config::FILE_NAME);
            let open = Uri::from_file_path(&candidate).is_some_and(|u| self.docs.contains_key(&u));
            if open || candidate.is_file() {
                let config = self.read_config(&candidate);
                return Some((candidate, config));
            }
        }
        None
    }

    /// How to analyse `uri`: its format (a `[paths]` setting, else its
    /// path), the targeted tools and the rest of the configuration in
    /// force (the nearest `.agentls.toml` inside the workspace, under the
    /// editor's settings), and the configuration file found with what is
    /// wrong with it.
    fn target_of(&self, uri: &Uri) -> (Option<Target>, crate::config::Settings, Option<Found>) {
        let roots = self.roots.read().map(|r| r.clone()).unwrap_or_default();
        let Some(path) = uri.to_file_path().map(std::borrow::Cow::into_owned) else {
            return (None, crate::config::Settings::default(), None);
        };
        if super::settings::is_config(&path) {
            return (None, crate::config::Settings::default(), None);
        }
        let mut found = None;
        let file_layer = match self.find_config(&path, &roots) {
            Some((config_path, Ok(config))) => {
                found = Some((config_path, None));
                Some(Arc::new(config))
            }
            Some((config_path, Err(why))) => {
                found = Some((config_path, Some(why)));
                None
            }
            None => None,
        };
        let editor = self.editor_settings().map(|e| {
            let mut layer = (*e).clone();
            layer.root = roots.iter().find(|r| path.starts_with(r)).cloned();
            Arc::new(layer)
        });
        let settings = crate::config::Settings::new(file_layer.into_iter().chain(editor));
        (configured_target(uri, &roots, &settings), settings, found)
    }

    /// Publishes on a closed configuration file what is wrong with it (or
    /// clears what was published when it is fine now), and tells the user
    /// once about each bad file.
    async fn report_config(&self, found: Option<Found>) {
        let Some((path, error)) = found else {
            return;
        };
        let Some(uri) = Uri::from_file_path(&path) else {
            return;
        };
        if self.docs.contains_key(&uri) {
            return; // its own diagnostics come from its text in the editor
        }
        if let Some(why) = &error {
            let first = self
                .bad_configs
                .lock()
                .map(|mut seen| seen.insert(path.clone()))
                .unwrap_or(false);
            if first {
                let message = format!("agentls: {}: {why}; ignored", path.display());
                self.client
                    .show_message(MessageType::WARNING, message)
                    .await;
            }
        }
        let message = error.as_ref().map(ToString::to_string);
        let changed = self
            .config_errors
            .lock()
            .is_ok_and(|mut published| match &message {
                Some(m) if published.get(&path) == Some(m) => false,
                Some(m) => {
                    published.insert(path.clone(), m.clone());
                    true
                }
                None => published.remove(&path).is_some(),
            });
        if !changed {
            return;
        }
        let diagnostics = match &error {
            Some(why) => {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                vec![super::settings::config_diagnostic(
                    &text,
                    why,
                    self.encoding(),
                )]
            }
            None => Vec::new(),
        };
        super::transport::publish_diagnostics(&self.client, uri, diagnostics, None).await;
    }

    /// A configuration file changed (edited in the editor, saved, or
    /// changed on disk: the watched-files handler calls this): its
    /// diagnostics are published again, and every open document is judged
    /// again under the configuration now in force.
    pub async fn config_changed(&self, path: &Path) {
        let open = Uri::from_file_path(path).is_some_and(|u| self.docs.contains_key(&u));
        let found =
            (open || path.is_file()).then(|| (path.to_path_buf(), self.read_config(path).err()));
        let gone = found.is_none();
        if found.as_ref().is_none_or(|(_, error)| error.is_none())
            && let Ok(mut told) = self.bad_configs.lock()
        {
            // Fine (or gone) now: the next mistake is told again.
            told.remove(path);
        }
        self.report_config(found).await;
        if gone
            && self
                .config_errors
                .lock()
                .is_ok_and(|mut p| p.remove(path).is_some())
            && let Some(uri) = Uri::from_file_path(path)
        {
            super::transport::publish_diagnostics(&self.client, uri, Vec::new(), None).await;
        }
        self.recheck_all().await;
    }

    /// Judges every open document again: all retargeted before the first
    /// await, then checked and published.
    async fn recheck_all(&self) {
        // (An open configuration file's diagnostics follow its own edits.)
        let uris: Vec<Uri> = self
            .docs
            .iter()
            .map(|e| e.key().clone())
            .filter(|u| {
                !u.to_file_path()
                    .is_some_and(|p| super::settings::is_config(&p))
            })
            .collect();
        let mut found = Vec::new();
        for uri in &uris {
            let (target, settings, config) = self.target_of(uri);
            found.push(config);
            if let Some(mut open) = self.docs.get_mut(uri) {
                open.target = target;
                open.settings = settings;
                open.stem = stem_of(uri, target);
                open.memo = analysis::Memo::default();
            }
        }
        let results: Vec<_> = uris.iter().map(|uri| self.diagnose(uri)).collect();
        for (uri, result) in uris.into_iter().zip(results) {
            self.publish(uri, result).await;
        }
        let mut seen = std::collections::HashSet::new();
        for config in found.into_iter().flatten() {
            if seen.insert(config.0.clone()) {
                self.report_config(Some(config)).await;
            }
        }
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
            let text = String::from(&rope);
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
        let docs: Arc<DashMap<Uri, Open>> = Arc::new(DashMap::new());
        let lookup = Arc::clone(&docs);
        let workspace = super::workspace::Workspace::new(client.clone(), move |uri| {
            lookup
                .get(uri)
                .map(|o| (o.doc.rope().clone(), o.doc.version(), o.settings.clone()))
        });
        Self {
            client,
            docs,
            workspace,
            encoding: OnceLock::new(),
            features: OnceLock::new(),
            shut_down,
            roots: std::sync::RwLock::default(),
            pushed: std::sync::RwLock::default(),
            pulled: std::sync::RwLock::default(),
            pulls: AtomicBool::new(false),
            bad_configs: std::sync::Mutex::default(),
            config_errors: std::sync::Mutex::default(),
            asked: std::sync::Mutex::default(),
        }
    }

    fn encoding(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or(Encoding::Utf16)
    }

    fn features(&self) -> ClientFeatures {
        self.features.get().copied().unwrap_or_default()
    }

    /// What a navigation request needs: the open agent documents and the
    /// workspace index ([`navigation::Workspace::files`]).
    fn navigation_workspace(&self) -> navigation::Workspace {
        let open = self
            .docs
            .iter()
            .filter_map(|entry| {
                let target = entry.target?;
                Some(navigation::OpenFile {
                    path: entry.key().to_file_path()?.into_owned(),
                    kind: target.kind,
                    rope: entry.doc.rope().clone(),
                    version: entry.doc.version(),
                })
            })
            .collect();
        navigation::Workspace {
            open,
            roots: self.roots.read().map(|r| r.clone()).unwrap_or_default(),
            encoding: self.encoding(),
            rename_files: self.features().rename_files,
            indexed: self.workspace.clone(),
        }
    }

    /// Runs a navigation request for the document at `uri` off the
    /// protocol thread, under a panic guard.
    async fn navigate<T: Send + 'static>(
        &self,
        what: &str,
        uri: &Uri,
        f: impl FnOnce(&navigation::Workspace, &Path) -> T + Send + 'static,
    ) -> Option<T> {
        self.workspace.wait_ready(NAMES_WAIT).await;
        let ws = self.navigation_workspace();
        let path = uri.to_file_path()?.into_owned();
        self.guarded_blocking(what, uri, move || f(&ws, &path))
            .await
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
            settings: open.settings.clone(),
            path: uri.to_file_path().map(std::borrow::Cow::into_owned),
        })
    }

    /// Serves `textDocument/completion` (routed here by
    /// [`super::completion_list::Routes`]): the items as a list with the
    /// item defaults the client takes.
    ///
    /// # Errors
    /// Never: a failure answers no items.
    pub async fn completion_list(
        &self,
        params: CompletionParams,
    ) -> Result<Option<super::transport::RawJson>> {
        let defaults = self.features().list_defaults;
        // Written as JSON here, not handed over as a JSON tree (see
        // `lsp/transport.rs`).
        Ok(self.completion_items(params).and_then(|items| {
            super::transport::RawJson::new(&super::completion_list::Reply::new(items, defaults))
        }))
    }

    /// The completion items for `params`, or `None` for none.
    fn completion_items(&self, params: CompletionParams) -> Option<Vec<CompletionItem>> {
        let position = params.text_document_position.position;
        let uri = params.text_document_position.text_document.uri;
        // Typing a trigger character is not asking: the example snippet
        // waits for `<` or an explicit request.
        let invoked = params
            .context
            .as_ref()
            .is_none_or(|c| c.trigger_kind == CompletionTriggerKind::INVOKED);
        let (rope, items) = self.complete(&uri, position, invoked)?;
        let (encoding, features) = (self.encoding(), self.features());
        // What `completionItem/resolve` needs to find an item again.
        let resolve = self
            .asked
            .lock()
            .ok()
            .map(|mut asked| serde_json::json!(asked.remember(uri.clone(), position, invoked)));
        // Each distinct range converted once: the items mostly share one.
        let mut converted: Vec<(std::ops::Range<usize>, tower_lsp_server::ls_types::Range)> =
            Vec::new();
        let mut to_range = |r: &std::ops::Range<usize>| {
            if let Some((_, done)) = converted.iter().find(|(k, _)| k == r) {
                return *done;
            }
            let done = convert::range(&rope, r, encoding);
            converted.push((r.clone(), done));
            done
        };
        let items: Vec<_> = items
            .into_iter()
            .map(|item| features::completion(item, features, resolve.clone(), &mut to_range))
            .collect();
        (!items.is_empty()).then_some(items)
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
        let mut workspace = self.workspace_mcp_tools(uri);
        // The MCP servers the configuration declares: offered whole.
        workspace.extend(
            snap.settings
                .known()
                .mcp_servers
                .iter()
                .map(|server| format!("mcp__{server}__*")),
        );
        let items = self.guarded("completion", uri, || {
            let offset = convert::offset(&snap.rope, position, encoding);
            let text = String::from(&snap.rope);
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
        thread_local! {
            /// The buffer a document's whole text is copied into for its check.
            static WHOLE: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
        }
        /// The largest buffer kept between checks (a 2 MiB document and
        /// its room for typing).
        const KEPT_TEXT_BUFFER: usize = 9 << 18;
        /// How far past the last check's head a keystroke's check reads at
        /// first: what was typed or pasted since, and the start of the body.
        const HEAD_ROOM: usize = 1024;
        let (rope, version, target, stem, mut memo, settings, marker) = {
            let mut open = self.docs.get_mut(uri)?;
            let memo = std::mem::take(&mut open.memo);
            let marker = open.target.is_some() && open.has_marker();
            (
                open.doc.rope().clone(),
                open.doc.version(),
                open.target,
                open.stem.clone(),
                memo,
                open.settings.clone(),
                marker,
            )
        };
        let encoding = self.encoding();
        let path = uri.to_file_path().map(std::borrow::Cow::into_owned);
        let Some(target) = target else {
            if path.as_deref().is_some_and(super::settings::is_config) {
                let text = String::from(&rope);
                return Some((
                    super::settings::config_diagnostics(&text, encoding),
                    version,
                ));
            }
            return Some((Vec::new(), version));
        };
        let result = catch_unwind(AssertUnwindSafe(|| {
            // A keystroke in the body: the head of the text (and a little
            // more) is enough to reuse the last check. A keystroke in the
            // frontmatter: the head (with room for what was typed) is
            // enough to check it again. No copy of the whole.
            let reused = memo
                .head_len()
                .filter(|_| !panic_hook_armed())
                .and_then(|head| {
                    let len = rope.len_bytes();
                    let end = crate::document::position::floor_boundary(&rope, head + HEAD_ROOM);
                    let prefix = String::from(rope.byte_slice(..end));
                    analysis::check_head_memo(&prefix, len, target, stem.as_deref(), &mut memo)
                });
            // The whole text, copied into this thread's buffer (kept from
            // the last keystroke: no allocation of the document's size).
            // Settings and suppression comments need the text when names are
            // declared known or the file holds a suppression; a check that
            // is not reused needs it too.
            let needs_text = !settings.known().is_empty() || marker;
            let mut whole = WHOLE.take();
            whole.clear();
            if reused.is_none() || needs_text {
                let len = rope.len_bytes();
                if whole.capacity() < len {
                    // A fresh buffer with room for typing: growing the old
                    // one would copy its stale bytes (a megabyte for a
                    // megabyte document, on every keystroke that outgrew it).
                    whole = String::with_capacity(len + len / 8);
                }
                whole.extend(rope.chunks());
            }
            let mut diagnostics = reused.unwrap_or_else(|| {
                crate::analysis::test_panic_hook(&whole);
                analysis::check_file_memo(&whole, target, stem.as_deref(), &mut memo)
            });
            settings.apply_part(
                path.as_deref(),
                target.kind,
                if needs_text { &whole } else { "" },
                &mut diagnostics,
                crate::config::Part::Own,
            );
            // A buffer grown for a huge document is not kept.
            if whole.capacity() <= KEPT_TEXT_BUFFER {
                WHOLE.set(whole);
            }
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
                let workspace = &self.workspace;
                let merged = catch_unwind(AssertUnwindSafe(|| {
                    workspace.merge(uri, &rope, target.kind, version, diags.clone(), &settings)
                }));
                Some((merged.unwrap_or(diags), version))
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
        super::transport::publish_diagnostics(&self.client, uri, diags, Some(version)).await;
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
        self.workspace.initialize(&params, &folders, encoding);
        if let Ok(mut roots) = self.roots.write() {
            *roots = folders;
        }
        let pulls = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false);
        self.pulls.store(pulls, Ordering::SeqCst);
        self.set_settings(params.initialization_options.as_ref(), "using the defaults")
            .await;
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(convert::encoding_kind(encoding)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        // Saving `.agentls.toml` applies it at once.
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
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
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
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
        if self.pulls.load(Ordering::SeqCst) {
            self.pull_settings().await;
            if !self.docs.is_empty() {
                self.recheck_all().await;
            }
        }
        // Said once the settings are in: what comes next is judged by them.
        let message = format!(
            "agentls {} ready (positions in {:?})",
            env!("CARGO_PKG_VERSION"),
            self.encoding()
        );
        self.client.log_message(MessageType::INFO, message).await;
        self.workspace.start();
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let paths = |folders: Vec<tower_lsp_server::ls_types::WorkspaceFolder>| -> Vec<_> {
            folders
                .into_iter()
                .filter_map(|f| f.uri.to_file_path().map(std::borrow::Cow::into_owned))
                .collect()
        };
        let (removed, added) = (paths(params.event.removed), paths(params.event.added));
        if let Ok(mut roots) = self.roots.write() {
            roots.retain(|r| !removed.contains(r));
            roots.extend(added.iter().cloned());
        }
        self.workspace.folders_changed(added, &removed);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        for config in self.workspace.watched(params.changes).await {
            self.config_changed(&config).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if !self
            .set_settings(Some(&params.settings), "settings unchanged")
            .await
        {
            return;
        }
        self.pull_settings().await;
        // Every open document is judged again under the new settings.
        self.recheck_all().await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    // `textDocument/completion` is served by [`Backend::completion_list`]:
    // `serve` routes it there (see `lsp/completion_list.rs`).

    async fn completion_resolve(&self, mut item: CompletionItem) -> Result<CompletionItem> {
        let Some((uri, position, invoked)) = item
            .data
            .take()
            .and_then(|d| d.as_u64())
            .and_then(|id| self.asked.lock().ok()?.find(id))
        else {
            return Ok(item);
        };
        // The same completion, on the text as it is now: the item of the
        // same label brings its documentation.
        if let Some((_, items)) = self.complete(&uri, position, invoked)
            && let Some(found) = items.iter().find(|i| i.label == item.label)
        {
            item.documentation = features::completion_documentation(found, self.features());
            if item.detail.is_none() {
                item.detail = found.detail.as_deref().map(str::to_owned);
            }
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
                let text = String::from(&snap.rope);
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
            let text = String::from(&snap.rope);
            let range = convert::offset(&snap.rope, params.range.start, encoding)
                ..convert::offset(&snap.rope, params.range.end, encoding);
            let mut actions = Vec::new();
            if wants(&CodeActionKind::QUICKFIX) {
                let mut diagnostics =
                    analysis::check_file(&text, snap.target, snap.stem.as_deref());
                snap.settings.apply(
                    snap.path.as_deref(),
                    snap.target.kind,
                    &text,
                    &mut diagnostics,
                );
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
            // The fixes of the diagnostics the settings leave, as the
            // editor shows them (and as `agentls check --fix` applies them).
            let check = |t: &str| {
                let mut found = analysis::check_file(t, snap.target, snap.stem.as_deref());
                snap.settings
                    .apply(snap.path.as_deref(), snap.target.kind, t, &mut found);
                found
            };
            if asked && let Some(fixed) = analysis::fix_all::fix_all_with(&text, check) {
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
                let text = String::from(&snap.rope);
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
                    if let Some(title) = uri
                        .to_file_path()
                        .and_then(|p| self.workspace.roster_title(&p, snap.target.kind))
                    {
                        lenses.push(CodeLens {
                            range: convert::range(&snap.rope, &range, encoding),
                            command: preview(title),
                            data: None,
                        });
                    }
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
                let text = String::from(&rope);
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
                let text = String::from(&rope);
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
                let text = String::from(&snap.rope);
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

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let found = self
            .navigate("definition", &at.text_document.uri, move |ws, path| {
                navigation::definition(ws, path, at.position)
            })
            .await;
        Ok(found
            .filter(|l| !l.is_empty())
            .map(GotoDefinitionResponse::Array))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let at = params.text_document_position;
        let declaration = params.context.include_declaration;
        Ok(self
            .navigate("references", &at.text_document.uri, move |ws, path| {
                navigation::references(ws, path, at.position, declaration)
            })
            .await)
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let position = params.position;
        let answer = self
            .navigate(
                "prepareRename",
                &params.text_document.uri,
                move |ws, path| navigation::prepare_rename(ws, path, position),
            )
            .await;
        match answer {
            Some(Err(why)) => Err(tower_lsp_server::jsonrpc::Error::invalid_params(why)),
            Some(Ok(found)) => Ok(found),
            None => Ok(None),
        }
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let at = params.text_document_position;
        let new_name = params.new_name;
        let answer = self
            .navigate("rename", &at.text_document.uri, move |ws, path| {
                navigation::rename(ws, path, at.position, &new_name)
            })
            .await;
        match answer {
            Some(Err(why)) => Err(tower_lsp_server::jsonrpc::Error::invalid_params(why)),
            Some(Ok(edit)) => Ok(edit),
            None => Ok(None),
        }
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.workspace.wait_ready(NAMES_WAIT).await;
        let ws = self.navigation_workspace();
        let found = tokio::task::spawn_blocking(move || {
            catch_unwind(AssertUnwindSafe(|| {
                navigation::workspace_symbols(&ws, &params.query)
            }))
        })
        .await;
        Ok(match found {
            Ok(Ok(symbols)) => Some(WorkspaceSymbolResponse::Nested(symbols)),
            _ => None,
        })
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let uri = params.text_document.uri;
        let Some(snap) = self.snapshot(&uri) else {
            return Ok(None);
        };
        let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
            return Ok(None);
        };
        let encoding = self.encoding();
        Ok(self
            .guarded_blocking("documentLink", &uri.clone(), move || {
                navigation::document_links(&snap.rope, snap.target.kind, &path, encoding)
            })
            .await)
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let (target, settings, found) = self.target_of(&doc.uri);
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
                settings,
                marker: None,
            },
        );
        let result = self.diagnose(&doc.uri);
        self.schedule_parse(&doc.uri);
        let config = doc
            .uri
            .to_file_path()
            .filter(|p| super::settings::is_config(p))
            .map(std::borrow::Cow::into_owned);
        self.publish(doc.uri, result).await;
        self.report_config(found).await;
        if let Some(path) = config {
            // What the editor holds may differ from the disk: judge by it.
            self.config_changed(&path).await;
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
                        None => {
                            open.doc.replace_all(&change.text);
                            open.marker = None;
                        }
                        Some(r) => {
                            let rope = open.doc.rope();
                            let start = convert::offset(rope, r.start, encoding);
                            let end = convert::offset(rope, r.end, encoding);
                            open.doc.edit(start, end, &change.text);
                            open.edited(start, change.text.len());
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
        let config = uri
            .to_file_path()
            .filter(|p| super::settings::is_config(p))
            .map(std::borrow::Cow::into_owned);
        self.publish(uri, result).await;
        if let Some(path) = config {
            self.config_changed(&path).await;
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if let Some(path) = params
            .text_document
            .uri
            .to_file_path()
            .filter(|p| super::settings::is_config(p))
        {
            self.config_changed(&path).await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let was_agent = self.docs.remove(&uri).is_some_and(|(_, open)| {
            open.doc.cancel_parses();
            open.target.is_some()
        });
        let config = uri
            .to_file_path()
            .filter(|p| super::settings::is_config(p))
            .map(std::borrow::Cow::into_owned);
        self.workspace.closed(&uri);
        if was_agent || config.is_some() {
            super::transport::publish_diagnostics(&self.client, uri.clone(), Vec::new(), None)
                .await;
        }
        if let Some(path) = config {
            // From now on the file on disk is the configuration.
            if let Ok(mut published) = self.config_errors.lock() {
                published.remove(&path);
            }
            self.config_changed(&path).await;
        }
    }
}
