//! The workspace index in the server: built in the background when the
//! client is ready (with `$/progress`), kept fresh by watched-file events
//! for closed files and by edits for open ones, and turned into cross-file
//! diagnostics for open documents and the roster code lens.
//!
//! Nothing here blocks a request: walks and reads run on the blocking pool,
//! the index is behind a lock held only to read or swap entries, and
//! diagnostics of other open documents are refreshed by a debounced task
//! that publishes only what changed.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::Duration;

use crate::config::{Part, Settings};
use dashmap::DashMap;
use ropey::Rope;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{
    self as lsp, DidChangeWatchedFilesRegistrationOptions, FileChangeType, FileEvent,
    FileSystemWatcher, GlobPattern, InitializeParams, MessageType, NumberOrString, ProgressToken,
    Registration, Uri, WorkDoneProgressCreateParams,
};

use super::convert;
use crate::document::Encoding;
use crate::formats::FileKind;
use crate::workspace::crossfile::{self, Context, Names};
use crate::workspace::index::{Entry, Index};
use crate::workspace::walk;

/// How long after a change elsewhere the open documents' cross-file
/// diagnostics are refreshed (changes in between are taken together).
const REFRESH_AFTER: Duration = Duration::from_millis(100);

/// Open documents up to this size update the index on every keystroke;
/// larger ones when typing pauses ([`REFRESH_AFTER`]), on the blocking pool.
const SYNC_INDEX_LIMIT: usize = 64 * 1024;

/// At most this many unreadable files are logged one by one per walk.
const LOGGED_PROBLEMS: usize = 20;

/// The current text, version and settings of an open document, if it is open.
type Lookup = dyn Fn(&Uri) -> Option<(Rope, i32, Settings)> + Send + Sync;

/// Files read, and the paths skipped with why.
type Read = (
    std::collections::BTreeMap<PathBuf, Entry>,
    Vec<(PathBuf, String)>,
);

/// An index of at least this many files has its names grouped on the
/// blocking pool, not on a keystroke: meanwhile the last grouping answers,
/// and the open documents are refreshed when the new one is ready.
const NAMES_INLINE_MAX: usize = 5_000;

/// What was last published for an open agent document.
struct Published {
    version: i32,
    path: PathBuf,
    kind: FileKind,
    /// Its own entry, from its text (re-applied after a walk).
    entry: Entry,
    /// The entry is of an older text: a large document is re-indexed by
    /// the refresh, off the keystroke path.
    stale: bool,
    own: Vec<lsp::Diagnostic>,
    cross: Vec<lsp::Diagnostic>,
}

/// What the client can do.
#[derive(Debug, Clone, Copy, Default)]
struct Caps {
    progress: bool,
    watch: bool,
}

struct Inner {
    client: Client,
    index: RwLock<Index>,
    /// The grouped names, with the index's names generation they are of.
    names: Mutex<(u64, Arc<Names>)>,
    /// Whether the names are being grouped on the blocking pool.
    grouping: AtomicBool,
    roots: RwLock<Vec<PathBuf>>,
    home: Option<PathBuf>,
    encoding: OnceLock<Encoding>,
    caps: OnceLock<Caps>,
    /// Walks of workspace folders in flight.
    walking: AtomicUsize,
    /// Every workspace folder has been walked once.
    ready: AtomicBool,
    /// Woken when `ready` turns true.
    became_ready: tokio::sync::Notify,
    refresh_scheduled: AtomicBool,
    open: DashMap<Uri, Published>,
    docs: Box<Lookup>,
    next_token: AtomicUsize,
}

/// The workspace index and what the server does with it. Cheap to clone.
#[derive(Clone)]
pub struct Workspace {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("files", &self.with_index(Index::len))
            .field("ready", &self.ready())
            .finish_non_exhaustive()
    }
}

impl Workspace {
    /// A workspace for `client`; `docs` looks up an open document's text.
    #[must_use]
    pub fn new(
        client: Client,
        docs: impl Fn(&Uri) -> Option<(Rope, i32, Settings)> + Send + Sync + 'static,
    ) -> Self {
        #[allow(deprecated)] // the replacement is in std since 1.86, same behaviour on Unix
        let home = std::env::home_dir();
        Self {
            inner: Arc::new(Inner {
                client,
                index: RwLock::default(),
                names: Mutex::new((u64::MAX, Arc::default())),
                grouping: AtomicBool::new(false),
                roots: RwLock::default(),
                home,
                encoding: OnceLock::new(),
                caps: OnceLock::new(),
                walking: AtomicUsize::new(0),
                ready: AtomicBool::new(false),
                became_ready: tokio::sync::Notify::new(),
                refresh_scheduled: AtomicBool::new(false),
                open: DashMap::new(),
                docs: Box::new(docs),
                next_token: AtomicUsize::new(1),
            }),
        }
    }

    /// Takes what the client can do and the workspace folders from `initialize`.
    pub fn initialize(&self, params: &InitializeParams, roots: &[PathBuf], encoding: Encoding) {
        let caps = &params.capabilities;
        let _ = self.inner.caps.set(Caps {
            progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            watch: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files)
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
        });
        let _ = self.inner.encoding.set(encoding);
        if let Ok(mut r) = self.inner.roots.write() {
            *r = roots.to_vec();
        }
    }

    fn caps(&self) -> Caps {
        self.inner.caps.get().copied().unwrap_or_default()
    }

    fn encoding(&self) -> Encoding {
        self.inner
            .encoding
            .get()
            .copied()
            .unwrap_or(Encoding::Utf16)
    }

    fn roots(&self) -> Vec<PathBuf> {
        self.inner
            .roots
            .read()
            .map(|r| r.clone())
            .unwrap_or_default()
    }

    /// Whether every workspace folder has been indexed once.
    #[must_use]
    pub fn ready(&self) -> bool {
        self.inner.ready.load(Ordering::SeqCst)
    }

    fn set_ready(&self) {
        self.inner.ready.store(true, Ordering::SeqCst);
        self.inner.became_ready.notify_waiters();
    }

    /// Waits until the index is complete, for at most `limit` (a request
    /// about names waits for them; other requests never do).
    pub async fn wait_ready(&self, limit: Duration) {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let woken = self.inner.became_ready.notified();
            if self.ready() {
                return;
            }
            if tokio::time::timeout_at(deadline, woken).await.is_err() {
                return;
            }
        }
    }

    /// Runs `f` over the index (for navigation: every file's symbols).
    pub fn with_index<T>(&self, f: impl FnOnce(&Index) -> T) -> T {
        match self.inner.index.read() {
            Ok(index) => f(&index),
            Err(poisoned) => f(&poisoned.into_inner()),
        }
    }

    fn write_index<T>(&self, f: impl FnOnce(&mut Index) -> T) -> T {
        match self.inner.index.write() {
            Ok(mut index) => f(&mut index),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }

    /// Registers for watched files (when the client can) and indexes every
    /// workspace folder, in the background.
    pub fn start(&self) {
        if self.caps().watch {
            // Its own task: a client slow to answer delays no indexing.
            let this = self.clone();
            tokio::spawn(async move { this.register_watchers().await });
        }
        let this = self.clone();
        tokio::spawn(async move {
            let roots = this.roots();
            if roots.is_empty() {
                this.set_ready();
                return;
            }
            this.inner.walking.fetch_add(roots.len(), Ordering::SeqCst);
            for root in roots {
                this.index_root(root).await;
            }
        });
    }

    async fn register_watchers(&self) {
        let watchers = ["**/*.md", "**/*.mdc", "**/.agentls.toml"]
            .into_iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.to_owned()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "agentls-watched-files".to_owned(),
            method: "workspace/didChangeWatchedFiles".to_owned(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self
            .inner
            .client
            .register_capability(vec![registration])
            .await
        {
            self.log(
                MessageType::WARNING,
                format!("agentls: the client refused to watch files ({e}); closed files will not be re-read"),
            )
            .await;
        }
    }

    async fn log(&self, kind: MessageType, message: String) {
        self.inner.client.log_message(kind, message).await;
    }

    /// Walks `root` (counted in `walking` by the caller), reads its agent
    /// files on the blocking pool, and swaps them into the index.
    async fn index_root(&self, root: PathBuf) {
        let progress = if self.caps().progress {
            let n = self.inner.next_token.fetch_add(1, Ordering::SeqCst);
            let token = NumberOrString::String(format!("agentls/index/{n}"));
            let created = self
                .inner
                .client
                .send_request::<lsp::request::WorkDoneProgressCreate>(
                    WorkDoneProgressCreateParams {
                        token: token.clone(),
                    },
                )
                .await;
            match created {
                Ok(()) => Some(
                    self.inner
                        .client
                        .progress(ProgressToken::from(token), "Indexing agent files")
                        .with_message(root.display().to_string())
                        .with_percentage(0)
                        .begin()
                        .await,
                ),
                Err(_) => None,
            }
        } else {
            None
        };
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let job = {
            let (root, done, total) = (root.clone(), Arc::clone(&done), Arc::clone(&total));
            let (tx, rx) = tokio::sync::oneshot::channel();
            // A thread of its own, at a lower priority that the walk's and
            // the reading's threads inherit: a keystroke meanwhile gets a
            // core as soon as it wakes the protocol thread. (A thread of
            // the blocking pool would keep the lower priority for the
            // requests it runs later.)
            let spawned = std::thread::Builder::new()
                .name("agentls-index".into())
                .spawn(move || {
                    background_priority();
                    let _ = tx.send(read_tree(&root, &done, &total));
                });
            if spawned.is_err() {
                self.log(
                    MessageType::WARNING,
                    "agentls: could not start a thread to index the workspace".into(),
                )
                .await;
            }
            rx
        };
        tokio::pin!(job);
        let result = loop {
            tokio::select! {
                result = &mut job => break result.ok(),
                () = tokio::time::sleep(Duration::from_millis(200)) => {
                    if let Some(p) = &progress {
                        let (d, t) = (done.load(Ordering::Relaxed), total.load(Ordering::Relaxed));
                        if let Some(percent) = (d * 100).checked_div(t) {
                            let percent = u32::try_from(percent).unwrap_or(100);
                            p.report_with_message(format!("{d}/{t} files"), percent).await;
                        }
                    }
                }
            }
        };
        let (count, problems) = match result {
            Some((entries, problems)) => {
                let count = entries.len();
                // The walk's entries become the index in a moment: a
                // keystroke meanwhile waits for no copy of thousands.
                let replaced = self.write_index(|index| {
                    let replaced = index.adopt_under(&root, entries);
                    // Open documents are indexed from their text, not the disk.
                    for item in &self.inner.open {
                        if item.path.starts_with(&root) {
                            index.insert(item.path.clone(), item.entry.clone());
                        }
                    }
                    replaced
                });
                if !replaced.is_empty() {
                    tokio::task::spawn_blocking(move || drop(replaced));
                }
                (count, problems)
            }
            None => (0, vec![(root.clone(), "the walk failed".to_owned())]),
        };
        for (path, why) in problems.iter().take(LOGGED_PROBLEMS) {
            self.log(
                MessageType::WARNING,
                format!("agentls: skipped {}: {why}", path.display()),
            )
            .await;
        }
        if problems.len() > LOGGED_PROBLEMS {
            self.log(
                MessageType::WARNING,
                format!(
                    "agentls: skipped {} more paths under {}",
                    problems.len() - LOGGED_PROBLEMS,
                    root.display()
                ),
            )
            .await;
        }
        if self.inner.walking.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.set_ready();
        }
        self.refresh().await;
        // Last: once the client sees the end, the index answers in full.
        if let Some(p) = progress {
            p.finish_with_message(format!("{count} agent files")).await;
        }
    }

    /// Workspace folders added and removed.
    pub fn folders_changed(&self, added: Vec<PathBuf>, removed: &[PathBuf]) {
        if let Ok(mut roots) = self.inner.roots.write() {
            roots.retain(|r| !removed.contains(r));
            roots.extend(added.iter().cloned());
        }
        if !removed.is_empty() {
            self.write_index(|index| {
                for root in removed {
                    index.remove_under(root);
                }
            });
            self.schedule_refresh();
        }
        if added.is_empty() {
            return;
        }
        self.inner.walking.fetch_add(added.len(), Ordering::SeqCst);
        self.inner.ready.store(false, Ordering::SeqCst);
        let this = self.clone();
        tokio::spawn(async move {
            for root in added {
                this.index_root(root).await;
            }
        });
    }

    /// Files changed on disk (`workspace/didChangeWatchedFiles`). Returns
    /// the `.agentls.toml` files among them, for the server to apply.
    pub async fn watched(&self, changes: Vec<FileEvent>) -> Vec<PathBuf> {
        let roots = self.roots();
        let mut configs = Vec::new();
        let mut work = Vec::new();
        for change in changes {
            let Some(path) = change.uri.to_file_path().map(std::borrow::Cow::into_owned) else {
                continue;
            };
            if path
                .file_name()
                .is_some_and(|n| n == crate::config::FILE_NAME)
            {
                configs.push(path);
                continue;
            }
            let inside = roots.iter().any(|r| path.starts_with(r));
            // An open document is indexed from its edits.
            if !inside || self.inner.open.contains_key(&change.uri) {
                continue;
            }
            work.push((path, change.typ == FileChangeType::DELETED));
        }
        if work.is_empty() {
            return configs;
        }
        let within = roots.clone();
        let read = tokio::task::spawn_blocking(move || {
            work.into_iter()
                .map(|(path, deleted)| {
                    if deleted {
                        return (path, None);
                    }
                    if path.is_dir() {
                        // A folder created or moved in: everything under it.
                        let walked = walk::walk(&path);
                        let entries = walked
                            .files
                            .into_iter()
                            .filter_map(|f| {
                                Some((f.path.clone(), Entry::read(&f.path, f.kind).ok()?))
                            })
                            .collect::<Vec<_>>();
                        return (path, Some(entries));
                    }
                    let entry = detect_inside(&path, &within)
                        .and_then(|kind| Entry::read(&path, kind).ok());
                    (
                        path.clone(),
                        Some(entry.map(|e| vec![(path, e)]).unwrap_or_default()),
                    )
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        self.write_index(|index| {
            for (path, entries) in read {
                match entries {
                    None => {
                        index.remove_under(&path);
                    }
                    Some(entries) => {
                        index.remove_under(&path);
                        for (p, e) in entries {
                            index.insert(p, e);
                        }
                    }
                }
            }
        });
        self.schedule_refresh();
        configs
    }

    /// The diagnostics to publish for open document `uri` (of `kind`, at
    /// `version`, whose text is `rope`): its own, then the cross-file ones,
    /// through its `settings`. Its text updates the index first.
    pub fn merge(
        &self,
        uri: &Uri,
        rope: &Rope,
        kind: FileKind,
        version: i32,
        own: Vec<lsp::Diagnostic>,
        settings: &Settings,
    ) -> Vec<lsp::Diagnostic> {
        let Some(path) = uri.to_file_path().map(std::borrow::Cow::into_owned) else {
            return own;
        };
        // Large, or the index busy (a background job reading all of it):
        // the last entry and cross-file diagnostics stand until the refresh
        // re-indexes it. A keystroke never waits for the index.
        let large = rope.len_bytes() > SYNC_INDEX_LIMIT;
        let fresh = (!large).then(|| Entry::of(&String::from(rope), kind, &path));
        let index = if large {
            None
        } else {
            match self.inner.index.try_write() {
                Ok(index) => Some(index),
                Err(std::sync::TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
                Err(std::sync::TryLockError::WouldBlock) => None,
            }
        };
        let Some(mut index) = index else {
            let (entry, cross) = match self.inner.open.get(uri) {
                Some(p) => (p.entry.clone(), p.cross.clone()),
                None => (
                    self.inner
                        .index
                        .try_read()
                        .ok()
                        .and_then(|i| i.get(&path).cloned())
                        .or_else(|| fresh.clone())
                        .unwrap_or_else(|| Entry::too_large(kind)),
                    Vec::new(),
                ),
            };
            let mut all = own.clone();
            all.extend(cross.iter().cloned());
            self.inner.open.insert(
                uri.clone(),
                Published {
                    version,
                    path,
                    kind,
                    entry,
                    stale: true,
                    own,
                    cross,
                },
            );
            self.schedule_refresh();
            return all;
        };
        let entry = fresh.unwrap_or_else(|| Entry::too_large(kind));
        let (names_before, names_after) = {
            let before = index.names_generation();
            index.insert(path.clone(), entry.clone());
            (before, index.names_generation())
        };
        drop(index);
        let cross = self.cross_diagnostics(&path, kind, &entry, rope, settings);
        let mut all = own.clone();
        all.extend(cross.iter().cloned());
        self.inner.open.insert(
            uri.clone(),
            Published {
                version,
                path,
                kind,
                entry,
                stale: false,
                own,
                cross,
            },
        );
        if names_before != names_after {
            self.schedule_refresh();
        }
        all
    }

    /// An open document was closed: its entry comes from the disk again
    /// (or goes, when the file is not there or not in the workspace).
    pub fn closed(&self, uri: &Uri) {
        let Some((_, published)) = self.inner.open.remove(uri) else {
            return;
        };
        let path = published.path;
        let inside = self.roots().iter().any(|r| path.starts_with(r));
        let entry = inside
            .then(|| detect_inside(&path, &self.roots()))
            .flatten()
            .and_then(|kind| Entry::read(&path, kind).ok());
        self.write_index(|index| match entry {
            Some(entry) => {
                index.insert(path, entry);
            }
            None => {
                index.remove(&path);
            }
        });
        self.schedule_refresh();
    }

    /// The grouped names of the index as it is now, and `true`; for a
    /// large index whose names changed, the last grouping and `false`
    /// while a new one is made on the blocking pool (the open documents are
    /// refreshed after it).
    fn names(&self) -> (Arc<Names>, bool) {
        let (generation, files) = self.with_index(|i| (i.names_generation(), i.len()));
        let Ok(mut cache) = self.inner.names.lock() else {
            return (Arc::new(self.with_index(Names::new)), true);
        };
        if cache.0 != generation {
            if files < NAMES_INLINE_MAX {
                *cache = (generation, Arc::new(self.with_index(Names::new)));
            } else {
                self.group_names_in_background();
                return (Arc::clone(&cache.1), false);
            }
        }
        (Arc::clone(&cache.1), true)
    }

    /// Groups the names on the blocking pool, then refreshes the open
    /// documents' cross-file diagnostics.
    fn group_names_in_background(&self) {
        if self.inner.grouping.swap(true, Ordering::SeqCst) {
            return;
        }
        let this = self.clone();
        tokio::spawn(async move {
            let grouper = this.clone();
            let grouped = tokio::task::spawn_blocking(move || {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    grouper.with_index(|i| (i.names_generation(), Names::new(i)))
                }))
                .ok()
            })
            .await
            .ok()
            .flatten();
            if let Some((generation, names)) = grouped
                && let Ok(mut cache) = this.inner.names.lock()
            {
                *cache = (generation, Arc::new(names));
            }
            this.inner.grouping.store(false, Ordering::SeqCst);
            this.schedule_refresh();
        });
    }

    fn context_roots(&self) -> (Vec<PathBuf>, bool) {
        let roots = self.roots();
        let references = self.ready() && !roots.is_empty();
        (roots, references)
    }

    /// The cross-file diagnostics of the file at `path`, through its
    /// settings and suppression comments.
    fn cross_diagnostics(
        &self,
        path: &Path,
        kind: FileKind,
        entry: &Entry,
        rope: &Rope,
        settings: &Settings,
    ) -> Vec<lsp::Diagnostic> {
        let (names, current) = self.names();
        let (roots, references) = self.context_roots();
        let ctx = Context {
            roots: &roots,
            home: self.inner.home.as_deref(),
            // An older grouping would call names defined since unknown.
            references: references && current,
        };
        let encoding = self.encoding();
        let mut found = names.diagnostics(path, entry, &ctx);
        if !found.is_empty() {
            // Suppression comments need the text; most files have none.
            let text = if super::settings::rope_contains(rope, crate::config::suppress::MARKER) {
                String::from(rope)
            } else {
                String::new()
            };
            settings.apply_part(Some(path), kind, &text, &mut found, Part::Across);
        }
        found
            .iter()
            .map(|d| convert::diagnostic(rope, d, encoding))
            .collect()
    }

    /// Refreshes the open documents' cross-file diagnostics soon (changes
    /// meanwhile are taken together).
    pub fn schedule_refresh(&self) {
        if self.inner.refresh_scheduled.swap(true, Ordering::SeqCst) {
            return;
        }
        let this = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(REFRESH_AFTER).await;
            this.inner.refresh_scheduled.store(false, Ordering::SeqCst);
            this.refresh().await;
        });
    }

    /// Recomputes every open document's cross-file diagnostics and
    /// publishes those that changed, stamped with the document's version.
    async fn refresh(&self) {
        self.reindex_stale().await;
        let uris: Vec<Uri> = self.inner.open.iter().map(|e| e.key().clone()).collect();
        let mut publish = Vec::new();
        for uri in uris {
            let Some((rope, version, settings)) = (self.inner.docs)(&uri) else {
                continue;
            };
            let Some((path, kind, entry, published_version)) = self
                .inner
                .open
                .get(&uri)
                .map(|p| (p.path.clone(), p.kind, p.entry.clone(), p.version))
            else {
                continue;
            };
            if published_version != version {
                continue; // an edit on its way publishes its own
            }
            let cross = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.cross_diagnostics(&path, kind, &entry, &rope, &settings)
            }))
            .unwrap_or_default();
            let Some(mut published) = self.inner.open.get_mut(&uri) else {
                continue;
            };
            if published.version != version || published.cross == cross {
                continue;
            }
            published.cross = cross;
            let mut all = published.own.clone();
            all.extend(published.cross.iter().cloned());
            publish.push((uri, all, version));
        }
        for (uri, diagnostics, version) in publish {
            super::transport::publish_diagnostics(
                &self.inner.client,
                uri,
                diagnostics,
                Some(version),
            )
            .await;
        }
    }

    /// Re-indexes the large open documents edited since their last entry,
    /// on the blocking pool.
    async fn reindex_stale(&self) {
        let stale: Vec<(Uri, PathBuf, FileKind)> = self
            .inner
            .open
            .iter()
            .filter(|p| p.stale)
            .map(|p| (p.key().clone(), p.path.clone(), p.kind))
            .collect();
        let jobs: Vec<_> = stale
            .into_iter()
            .filter_map(|(uri, path, kind)| {
                let (rope, version, _) = (self.inner.docs)(&uri)?;
                Some((uri, path, kind, rope, version))
            })
            .collect();
        if jobs.is_empty() {
            return;
        }
        let done = tokio::task::spawn_blocking(move || {
            jobs.into_iter()
                .filter_map(|(uri, path, kind, rope, version)| {
                    let entry = std::panic::catch_unwind(|| {
                        if rope.len_bytes() > crate::analysis::MAX_ANALYSED_BYTES {
                            Entry::too_large(kind)
                        } else {
                            Entry::of(&String::from(&rope), kind, &path)
                        }
                    })
                    .ok()?;
                    Some((uri, path, entry, version))
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        for (uri, path, entry, version) in done {
            let Some(mut published) = self.inner.open.get_mut(&uri) else {
                continue;
            };
            if published.version != version {
                continue; // edited meanwhile: the next refresh takes it
            }
            // Not while a background job reads the index: this runs on the
            // protocol thread, and the next refresh tries again.
            let inserted = match self.inner.index.try_write() {
                Ok(mut index) => {
                    index.insert(path, entry.clone());
                    true
                }
                Err(std::sync::TryLockError::Poisoned(poisoned)) => {
                    poisoned.into_inner().insert(path, entry.clone());
                    true
                }
                Err(std::sync::TryLockError::WouldBlock) => false,
            };
            if inserted {
                published.entry = entry;
                published.stale = false;
            } else {
                drop(published);
                self.schedule_refresh();
            }
        }
    }

    /// The roster code lens title for the file at `path`, once the
    /// workspace is indexed: its tool's roster and this file's share.
    #[must_use]
    pub fn roster_title(&self, path: &Path, kind: FileKind) -> Option<String> {
        if !self.ready() || self.roots().is_empty() {
            return None;
        }
        let tool = crate::formats::format(kind).tool;
        let rosters = self.with_index(crossfile::rosters);
        rosters
            .into_iter()
            .find(|r| r.tool == tool)
            .map(|r| r.lens_title(path))
    }
}

/// The kind of the file at `path`, looking at the disk (for a plugin's
/// `plugin.json`) only inside the workspace folders `roots`.
fn detect_inside(path: &Path, roots: &[PathBuf]) -> Option<FileKind> {
    crate::formats::detect(path, |p| {
        roots.iter().any(|r| p.starts_with(r)) && p.is_file()
    })
}

/// Lowers the calling thread's scheduling priority to nice 10 (never
/// raises it), and so that of the threads it starts: background work that
/// yields to the protocol thread. On Linux, where the nice value is a
/// thread's; elsewhere nothing.
fn background_priority() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{getpriority_process, setpriority_process};
        // `None`: on Linux, the calling thread. Failing leaves it as it was.
        if getpriority_process(None).is_ok_and(|nice| nice < 10) {
            let _ = setpriority_process(None, 10);
        }
    }
}

/// Walks `root` and reads every agent file found, on every core; `done`
/// and `total` count progress. Returns the entries and the problems met.
fn read_tree(root: &Path, done: &AtomicUsize, total: &AtomicUsize) -> Read {
    let walked = walk::walk(root);
    total.store(walked.files.len(), Ordering::Relaxed);
    let mut problems = walked.problems;
    let next = AtomicUsize::new(0);
    // One core is left to the protocol thread: a keystroke while indexing
    // must not wait for the scheduler to give it one back.
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .saturating_sub(1)
        .clamp(1, walked.files.len().max(1));
    let files = &walked.files;
    let results: Vec<(PathBuf, Result<Entry, String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(found) = files.get(i) else {
                            break;
                        };
                        let entry =
                            std::panic::catch_unwind(|| Entry::read(&found.path, found.kind))
                                .map_err(|_| "could not be analysed".to_owned())
                                .and_then(|r| r.map_err(|e| e.to_string()));
                        out.push((found.path.clone(), entry));
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut entries = std::collections::BTreeMap::new();
    for (path, result) in results {
        match result {
            Ok(entry) => {
                entries.insert(path, entry);
            }
            Err(why) => problems.push((path, why)),
        }
    }
    (entries, problems)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The nice value of the calling thread, as Linux reports it.
    fn nice() -> i64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("stat");
        // After the name in parentheses: state is field 3, nice field 19.
        let fields: Vec<&str> = stat[stat.rfind(')').expect(")") + 2..].split(' ').collect();
        fields[16].parse().expect("nice")
    }

    /// The index's thread runs at a lower priority, and so do the threads
    /// it starts; the thread that started it keeps its own.
    #[test]
    fn background_work_yields_and_its_threads_inherit_it() {
        let before = nice();
        let (own, child) = std::thread::spawn(|| {
            super::background_priority();
            let own = nice();
            let child = std::thread::spawn(nice).join().expect("child");
            (own, child)
        })
        .join()
        .expect("thread");
        // Nice 10, or the caller's if lower already (a test run under `nice`).
        let expected = before.max(10);
        assert_eq!((own, child), (expected, expected));
        assert_eq!(nice(), before);
    }
}
