//! `agentls check`: the same diagnostics as the server, for files, folders
//! and standard input, in the formats people and CI systems read.
//!
//! [`run_into`] walks the paths ([`crate::walk`]), reads every file once
//! for its name (applying the safe fixes with `--fix`, written with
//! [`fix`]), then again to check it ([`check_one`]) with what the files
//! together found ([`crate::workspace::crossfile`]), and gives each file's
//! report, in order, to a [`output::Sink`] that writes it as text, JSON,
//! SARIF, GitHub workflow commands or JUnit XML. [`run`] keeps them in a
//! [`Report`] instead. The other modules: `configs` (each file's settings:
//! its `.agentls.toml` under the flags), `hint` (agent-like Markdown no
//! format claims), `parallel` (work on every core, taken in order).

mod configs;
pub mod fix;
mod hint;
pub mod output;
mod parallel;
mod report;

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::analysis::{self, Diagnostic, FileKind, Target};
use crate::config::Settings;
use crate::formats::target::Tools;

use configs::Configs;
pub use output::{Format, render_human, render_json};
use report::shown_offsets;
pub use report::{Excerpts, FileReport, Problem, Report};

/// Options of `agentls check`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Files and folders to check.
    pub paths: Vec<PathBuf>,
    /// The format the report is written in ([`output::write`]).
    pub format: Format,
    /// Gitignore-style globs of paths not to walk (`--exclude`).
    pub excludes: Vec<String>,
    /// Treat every Markdown file as this kind instead of detecting it from its path.
    pub kind: Option<FileKind>,
    /// The tools to judge files against, instead of those named by the
    /// nearest `.agentls.toml` or, without one, the tools that read each
    /// file's path.
    pub targets: Option<Tools>,
    /// The rules `--select` and `--ignore` choose, over the configuration
    /// file's.
    pub rules: crate::config::RuleSet,
    /// Apply the safe fixes and write the files (`--fix`).
    pub fix: bool,
    /// A text read from standard input (`agentls check -`), checked as well.
    pub stdin: Option<Stdin>,
}

/// A text given on standard input.
#[derive(Debug, Clone)]
pub struct Stdin {
    /// The path it stands for (`--stdin-filename`), used to detect its
    /// kind and shown in messages; `-` without one.
    pub path: PathBuf,
    /// The bytes read.
    pub bytes: Vec<u8>,
}

/// A file to check: its path, kind, whether it is named like documentation,
/// and its settings.
type Candidate = (PathBuf, FileKind, bool, Settings);

/// What a named file that is no agent file is told.
const NOT_AN_AGENT_FILE: &str = "not an agent definition file (its path makes it none of the kinds agentls knows); use --kind to check it anyway (`agentls check --help` lists the kinds)";

/// The kind `path` is checked as: `--kind` for any Markdown file, else the
/// kind the settings' `[paths]` give it, else the kind its path gives.
fn kind_of(path: &Path, kind: Option<FileKind>, settings: &Settings) -> Option<FileKind> {
    match kind {
        Some(k) => path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("mdc"))
            .then_some(k),
        None => {
            let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            settings
                .kind_for(&abs)
                .or_else(|| crate::walk::detect(path))
        }
    }
}

/// Collects the candidate files under `paths`, with the problems met and
/// the Markdown files no format claimed.
fn collect(opts: &Options) -> (Vec<Candidate>, Vec<Problem>, Vec<PathBuf>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut unclaimed = Vec::new();
    let mut configs = Configs::new(opts);
    let walk = match crate::walk::walk(&opts.paths, &opts.excludes) {
        Ok(w) => w,
        Err(why) => {
            problems.push(Problem::io("--exclude", why));
            return (files, problems, unclaimed);
        }
    };
    for p in walk.problems {
        let io = !p.link;
        problems.push(Problem {
            path: p.path,
            message: p.message,
            io,
        });
    }
    // A file named twice (or under two roots given) is checked, and fixed, once.
    let mut seen = std::collections::HashSet::new();
    for walked in walk.files {
        let path = walked.path;
        if !seen.insert(std::path::absolute(&path).unwrap_or_else(|_| path.clone())) {
            continue;
        }
        let settings = configs.settings(&path, &mut problems);
        if let Some(kind) = kind_of(&path, opts.kind, &settings) {
            let doc = analysis::is_documentation_name(&path);
            files.push((path, kind, doc, settings));
        } else if walked.explicit {
            // Named explicitly, yet not an agent file: say so rather than pass in silence.
            problems.push(Problem::note(path, NOT_AN_AGENT_FILE));
        } else if opts.kind.is_none()
            && path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        {
            unclaimed.push(path);
        }
    }
    (files, problems, unclaimed)
}

/// Checks one text as `kind` at `path` with its settings (targets, rules,
/// suppression comments), adding what the files together found about it
/// (`across`). Every diagnostic `agentls check` reports for a file comes
/// from here, before `--fix` and after it.
#[must_use]
pub fn check_one(
    path: &Path,
    text: &str,
    kind: FileKind,
    settings: &Settings,
    across: &[Diagnostic],
) -> Vec<Diagnostic> {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let target = Target {
        kind,
        documentation_name: analysis::is_documentation_name(path),
        tools: crate::formats::target::chosen(kind, &abs, settings.targets_for(Some(&abs))),
    };
    let stem = crate::formats::path_name(kind, &abs);
    let mut diagnostics = analysis::check_file(text, target, stem.as_deref());
    if !across.is_empty() {
        diagnostics.extend(across.iter().cloned());
        diagnostics.sort_by_key(|d| (d.range.start, d.range.end));
    }
    settings.apply(Some(&abs), kind, text, &mut diagnostics);
    diagnostics
}

/// Where a file's bytes come from.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// A file on disk.
    Disk,
    /// Standard input.
    Stdin(&'a [u8]),
}

/// A file's text as read.
enum Text {
    /// Decoded, with where its first invalid UTF-8 byte was (read as
    /// U+FFFD), and for a file on disk, its metadata when read.
    Read {
        text: String,
        invalid_at: Option<usize>,
        snapshot: Option<fix::Snapshot>,
    },
    /// Over the analysis size limit: its length, and no more of it than
    /// needed to say so.
    TooLarge { len: u64, head: String },
}

/// Reads (or takes) a file's text.
fn read(path: &Path, source: Source<'_>) -> Result<Text, Problem> {
    let io = |e: std::io::Error| Problem::io(path, e.to_string());
    let limit = analysis::MAX_ANALYSED_BYTES as u64;
    let mut snapshot = None;
    let bytes = match source {
        Source::Stdin(bytes) => bytes.to_vec(),
        Source::Disk => {
            let mut file = std::fs::File::open(path).map_err(io)?;
            let meta = file.metadata().map_err(io)?;
            let len = meta.len();
            if len > limit {
                let mut head = Vec::new();
                file.take(limit + 1).read_to_end(&mut head).map_err(io)?;
                let head = String::from_utf8_lossy(&head).into_owned();
                return Ok(Text::TooLarge { len, head });
            }
            let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
            file.read_to_end(&mut bytes).map_err(io)?;
            snapshot = Some(fix::Snapshot::of(&meta));
            bytes
        }
    };
    let (text, invalid_at) = match String::from_utf8(bytes) {
        Ok(t) => (t, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    crate::analysis::test_panic_hook(&text);
    Ok(Text::Read {
        text,
        invalid_at,
        snapshot,
    })
}

/// What the first pass keeps of a file: what the files together need of it
/// (its name and roster line, not the names it refers to), and what
/// `--fix` did to it.
struct Named {
    /// The name it defines, and among which names.
    name: Option<(crate::workspace::symbols::Namespace, Box<str>)>,
    /// The length of the line its tool lists it with in every session.
    roster_chars: Option<u32>,
    fixed: u32,
    /// For standard input with `--fix`: the fixed text (the text as read
    /// when nothing was fixed).
    fixed_text: Option<Box<str>>,
}

/// The first pass over one file: reads it, applies the safe fixes with
/// `fix` (writing them to the file), and keeps its name.
fn name_file(
    path: &Path,
    kind: FileKind,
    settings: &Settings,
    fix: bool,
    source: Source<'_>,
) -> Result<Named, Problem> {
    let (mut text, invalid_at, snapshot) = match read(path, source)? {
        Text::TooLarge { .. } => {
            return Ok(Named {
                name: None,
                roster_chars: None,
                fixed: 0,
                fixed_text: None,
            });
        }
        Text::Read {
            text,
            invalid_at,
            snapshot,
        } => (text, invalid_at, snapshot),
    };
    let mut fixed = 0;
    let mut fixed_text = None;
    // A file that is not valid UTF-8 is never fixed: writing the text back
    // would replace its bytes.
    if fix && invalid_at.is_none() {
        let done =
            analysis::fix_all::fix_all_with(&text, |t| check_one(path, t, kind, settings, &[]));
        if let Some(done) = done {
            if let Some(snapshot) = &snapshot {
                fix::write(path, text.as_bytes(), snapshot, done.text.as_bytes())
                    .map_err(|why| Problem::io(path, why))?;
            }
            fixed = done.applied;
            text = done.text;
        }
        if matches!(source, Source::Stdin(_)) {
            fixed_text = Some(text.as_str().into());
        }
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // The names it refers to: the second pass finds them again.
    let entry = crate::workspace::index::Entry::of(&text, kind, &abs);
    Ok(Named {
        name: entry
            .symbols
            .definition
            .map(|d| (d.namespace, d.name.into_boxed_str())),
        roster_chars: entry
            .roster_chars
            .map(|c| u32::try_from(c).unwrap_or(u32::MAX)),
        fixed: u32::try_from(fixed).unwrap_or(u32::MAX),
        fixed_text,
    })
}

/// What the second pass needs of the files together.
struct Across<'a> {
    names: crate::workspace::crossfile::Names,
    ctx: crate::workspace::crossfile::Context<'a>,
}

/// The second pass over one file: reads it again (or takes standard
/// input's text, as fixed) and checks it, with what the files together
/// find about it.
fn check_file(
    path: &Path,
    kind: FileKind,
    settings: &Settings,
    across: &Across<'_>,
    source: Source<'_>,
) -> Result<FileReport, Problem> {
    let report = |diagnostics: Vec<Diagnostic>, excerpts| FileReport {
        path: path.to_path_buf(),
        kind,
        diagnostics,
        excerpts,
        fixed: 0,
        fixed_text: None,
    };
    let (text, invalid_at) = match read(path, source)? {
        Text::TooLarge { len, head } => {
            // Analysis would only say "too large".
            let mut diagnostics = analysis::check(&head, Target::new(kind));
            if let Some(d) = diagnostics.first_mut() {
                d.message = format!(
                    "This file is {len} bytes, over the 10 MiB that agentls analyses; it is not checked."
                );
            }
            let excerpts = Excerpts::of(&head, shown_offsets(&diagnostics));
            return Ok(report(diagnostics, excerpts));
        }
        Text::Read {
            text, invalid_at, ..
        } => (text, invalid_at),
    };
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let entry = crate::workspace::index::Entry::of(&text, kind, &abs);
    // Files are known by their paths as found, as the report shows them.
    let found = across.names.diagnostics(path, &entry, &across.ctx);
    drop(entry);
    let mut diagnostics = check_one(path, &text, kind, settings, &found);
    if let Some(at) = invalid_at {
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        diagnostics.insert(
            0,
            Diagnostic::new(&analysis::rules::INVALID_UTF8, at..end, "This file is not valid UTF-8 (first bad byte here): the invalid bytes are read as U+FFFD. Save it as UTF-8."),
        );
    }
    let excerpts = Excerpts::of(&text, shown_offsets(&diagnostics));
    Ok(report(diagnostics, excerpts))
}

/// A file to check: one found, or standard input (its path, kind,
/// settings and bytes).
enum Item<'a> {
    File(&'a Candidate),
    Stdin(Box<(&'a Path, FileKind, Settings, &'a [u8])>),
}

impl Item<'_> {
    fn parts(&self) -> (&Path, FileKind, &Settings, Source<'_>) {
        match self {
            Item::File((path, kind, _, settings)) => (path, *kind, settings, Source::Disk),
            Item::Stdin(stdin) => {
                let (path, kind, settings, bytes) = &**stdin;
                (path, *kind, settings, Source::Stdin(bytes))
            }
        }
    }
}

/// Runs `f` on one file, turning a panic (a bug) into a problem with that
/// file: it costs that file, not the run.
fn guarded<T>(path: &Path, f: impl FnOnce() -> Result<T, Problem>) -> Result<T, Problem> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(Problem::note(
            path,
            "agentls failed on this file (an internal error): please report it",
        ))
    })
}

/// How many checked files may wait for the report's writer, per core: what
/// bounds a run's memory besides the names.
const WAITING_PER_CORE: usize = 64;

/// What a run found besides the files' reports, which went to the sink.
#[derive(Debug, Default)]
pub struct Ran {
    /// Paths that could not be checked, or were not, and why.
    pub problems: Vec<Problem>,
    /// Advice for the run as a whole, for standard error.
    pub hints: Vec<String>,
    /// What each tool's roster of the files checked adds to every session.
    pub rosters: Vec<crate::workspace::crossfile::Roster>,
    /// The counts of the files reported.
    pub totals: output::Totals,
    /// The sink's output failed (standard output closed, a full disk): the
    /// run stopped there, and the counts are of the files written before.
    pub failed: Option<std::io::Error>,
}

/// Checks everything `opts` names, using every core, and gives each file's
/// report to `sink` in path order (standard input first) as soon as it and
/// those before it are checked, then the end.
///
/// Two passes, so that memory does not grow with the reports: the first
/// reads every file for its name and roster line (and applies `--fix`),
/// which is all that the files together need; the second reads each file
/// again and checks it, with what the others say about it. Only the names
/// and a window of checked files waiting for the writer are held.
///
/// When the sink's output fails, the run stops: [`Ran::failed`].
pub fn run_into(opts: &Options, sink: &mut dyn output::Sink) -> Ran {
    let (files, mut problems, unclaimed) = collect(opts);
    let mut items: Vec<Item<'_>> = Vec::with_capacity(files.len() + 1);
    if let Some(stdin) = &opts.stdin {
        let settings = Configs::new(opts).settings(&stdin.path, &mut problems);
        let kind = match opts.kind {
            Some(k) => Some(k),
            None => kind_of(&stdin.path, None, &settings),
        };
        match kind {
            Some(kind) => {
                let stdin = (stdin.path.as_path(), kind, settings, stdin.bytes.as_slice());
                items.push(Item::Stdin(Box::new(stdin)));
            }
            None => problems.push(Problem::note(&stdin.path, NOT_AN_AGENT_FILE)),
        }
    }
    items.extend(files.iter().map(Item::File));

    // First pass: the names.
    let mut named: Vec<Option<Named>> = Vec::with_capacity(items.len());
    parallel::in_order(
        items.len(),
        usize::MAX,
        |i| {
            let (path, kind, settings, source) = items[i].parts();
            guarded(path, || name_file(path, kind, settings, opts.fix, source))
        },
        |_, result| {
            named.push(match result {
                Ok(n) => Some(n),
                Err(p) => {
                    problems.push(p);
                    None
                }
            });
            true
        },
    );
    // References and the roster are checked only when whole folders are: a
    // file checked alone would find the names it refers to missing, and a
    // few files (a commit's, standard input) are not what a session lists.
    let folders =
        opts.stdin.is_none() && !opts.paths.is_empty() && opts.paths.iter().all(|p| p.is_dir());
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let roots: Vec<PathBuf> = opts.paths.iter().map(|p| absolute(p)).collect();
    #[allow(deprecated)] // the replacement is in std since 1.86, same behaviour on Unix
    let home = std::env::home_dir();
    let stdin_path = opts.stdin.as_ref().map(|s| s.path.as_path());
    // A file given on standard input stands for the file at its path.
    let entries = || {
        items.iter().zip(&named).filter_map(|(item, n)| {
            let (path, kind, ..) = item.parts();
            let shadowed = matches!(item, Item::File(_)) && Some(path) == stdin_path;
            n.as_ref().filter(|_| !shadowed).map(|n| (path, kind, n))
        })
    };
    let across = Across {
        names: crate::workspace::crossfile::Names::of(entries().filter_map(|(path, kind, n)| {
            let (namespace, name) = n.name.as_ref()?;
            Some((path, kind, *namespace, &**name))
        })),
        ctx: crate::workspace::crossfile::Context {
            roots: &roots,
            home: home.as_deref(),
            references: folders,
        },
    };
    // Second pass: the reports, written in order as they come.
    let mut totals = output::Totals::default();
    let mut later = Vec::new();
    let mut failed = None;
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    parallel::in_order(
        items.len(),
        WAITING_PER_CORE * cores,
        |i| {
            let first = named[i].as_ref()?;
            let (path, kind, settings, mut source) = items[i].parts();
            if let Some(text) = &first.fixed_text {
                source = Source::Stdin(text.as_bytes());
            }
            let mut result = guarded(path, || check_file(path, kind, settings, &across, source));
            if let Ok(r) = &mut result {
                r.fixed = first.fixed as usize;
                r.fixed_text = first.fixed_text.as_deref().map(str::to_owned);
            }
            Some(result)
        },
        |_, result| {
            match result {
                None => {}
                Some(Ok(report)) => {
                    totals.add(&report);
                    if let Err(e) = sink.file(report) {
                        failed = Some(e);
                        return false;
                    }
                }
                Some(Err(p)) => later.push(p),
            }
            true
        },
    );
    problems.extend(later);
    // The rosters are written at the end: built once the name groups are
    // gone, so that the two are never held together.
    drop(across);
    let rosters = if folders {
        crate::workspace::crossfile::rosters_of(
            entries().filter_map(|(path, kind, n)| Some((path, kind, n.roster_chars? as usize))),
        )
    } else {
        Vec::new()
    };
    let hints = hint::unclaimed(&unclaimed, totals.files == 0);
    if failed.is_none() {
        failed = sink
            .end(&output::End {
                problems: &problems,
                rosters: &rosters,
                totals: &totals,
            })
            .err();
    }
    Ran {
        problems,
        hints,
        rosters,
        totals,
        failed,
    }
}

/// Checks everything `opts` names, using every core, into one [`Report`]
/// (which holds every file's report: [`run_into`] writes them as they come).
#[must_use]
pub fn run(opts: &Options) -> Report {
    /// Keeps every file's report.
    struct Collect(Vec<FileReport>);
    impl output::Sink for Collect {
        fn file(&mut self, file: FileReport) -> std::io::Result<()> {
            self.0.push(file);
            Ok(())
        }
        fn end(&mut self, _: &output::End<'_>) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut files = Collect(Vec::new());
    let ran = run_into(opts, &mut files);
    Report {
        files: files.0,
        problems: ran.problems,
        hints: ran.hints,
        rosters: ran.rosters,
    }
}
