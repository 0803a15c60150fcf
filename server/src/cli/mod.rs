//! `agentls check`: the same diagnostics as the server, for files, folders
//! and standard input, in the formats people and CI systems read.
//!
//! [`run`] walks the paths ([`crate::walk`]), checks each file
//! ([`check_one`]), applies the safe fixes with `--fix` (writing them with
//! [`fix`]) and returns a [`Report`]; [`output`] writes it as text, JSON,
//! SARIF, GitHub workflow commands or JUnit XML. The other modules:
//! `configs` (each file's settings: its `.agentls.toml` under the flags),
//! `hint` (agent-like Markdown no format claims). What only the files
//! together show comes from [`crate::workspace::crossfile`].

mod configs;
pub mod fix;
mod hint;
pub mod output;
mod report;

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::analysis::{self, Diagnostic, FileKind, Target};
use crate::config::Settings;
use crate::formats::target::Tools;

use configs::Configs;
pub use output::{Format, render_human, render_json, write_human, write_json};
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
enum Source<'a> {
    /// A file on disk.
    Disk,
    /// Standard input.
    Stdin(&'a [u8]),
}

/// Reads (or takes), fixes with `fix`, and analyses one file, with what
/// the files together found about it (`across`).
fn check_file(
    path: &Path,
    kind: FileKind,
    settings: &Settings,
    across: &[Diagnostic],
    fix: bool,
    source: &Source<'_>,
) -> Result<FileReport, Problem> {
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
                // Analysis would only say "too large": read no more than needed to say it.
                let mut head = Vec::new();
                file.take(limit + 1).read_to_end(&mut head).map_err(io)?;
                let text = String::from_utf8_lossy(&head).into_owned();
                let mut diagnostics = analysis::check(&text, Target::new(kind));
                if let Some(d) = diagnostics.first_mut() {
                    d.message = format!(
                        "This file is {len} bytes, over the 10 MiB that agentls analyses; it is not checked."
                    );
                }
                let excerpts = Excerpts::of(&text, shown_offsets(&diagnostics, None));
                return Ok(FileReport {
                    path: path.to_path_buf(),
                    kind,
                    diagnostics,
                    entry: None,
                    excerpts,
                    fixed: 0,
                    fixed_text: None,
                    needs_text: true,
                });
            }
            let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
            file.read_to_end(&mut bytes).map_err(io)?;
            snapshot = Some(fix::Snapshot::of(&meta));
            bytes
        }
    };
    let (mut text, invalid_at) = match String::from_utf8(bytes) {
        Ok(t) => (t, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    crate::analysis::test_panic_hook(&text);
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
            fixed_text = Some(text.clone());
        }
    }
    let mut diagnostics = check_one(path, &text, kind, settings, across);
    if let Some(at) = invalid_at {
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        diagnostics.insert(
            0,
            Diagnostic::new(&analysis::rules::INVALID_UTF8, at..end, "This file is not valid UTF-8 (first bad byte here): the invalid bytes are read as U+FFFD. Save it as UTF-8."),
        );
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let entry = crate::workspace::index::Entry::of(&text, kind, &abs);
    let excerpts = Excerpts::of(&text, shown_offsets(&diagnostics, Some(&entry)));
    let needs_text = invalid_at.is_some()
        || !settings.known().is_empty()
        || text.contains(crate::config::suppress::MARKER);
    Ok(FileReport {
        path: path.to_path_buf(),
        kind,
        diagnostics,
        entry: Some(Box::new(entry)),
        excerpts,
        fixed,
        fixed_text,
        needs_text,
    })
}

/// How a file in the report was checked: the file at this index of the
/// files found, or standard input (its path, kind, settings and bytes).
enum Checked<'a> {
    File(usize),
    Stdin(&'a Path, FileKind, Settings, &'a [u8]),
}

/// Checks everything `opts` names, using every core.
#[must_use]
pub fn run(opts: &Options) -> Report {
    let (files, mut problems, unclaimed) = collect(opts);
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(files.len().max(1));
    // Each file's result in its own place, so that the report is built in
    // path order without a second list of them all.
    let slots: Vec<std::sync::Mutex<Option<Result<FileReport, Problem>>>> =
        files.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((path, kind, _, settings)) = files.get(i) else {
                        break;
                    };
                    // A bug on one file costs that file, not the run.
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        check_file(path, *kind, settings, &[], opts.fix, &Source::Disk)
                    }))
                    .unwrap_or_else(|_| {
                        Err(Problem::note(
                            path,
                            "agentls failed on this file (an internal error): please report it",
                        ))
                    });
                    if let Ok(mut slot) = slots[i].lock() {
                        *slot = Some(result);
                    }
                }
            });
        }
    });
    let mut report = Report::default();
    // How each file reported was checked, to check it again with what the
    // files together found: its index in `files`, or standard input's.
    let mut checked: Vec<Checked<'_>> = Vec::with_capacity(files.len() + 1);
    if let Some(stdin) = &opts.stdin {
        let settings = Configs::new(opts).settings(&stdin.path, &mut problems);
        let kind = match opts.kind {
            Some(k) => Some(k),
            None => kind_of(&stdin.path, None, &settings),
        };
        match kind {
            Some(kind) => {
                let source = Source::Stdin(&stdin.bytes);
                match check_file(&stdin.path, kind, &settings, &[], opts.fix, &source) {
                    Ok(r) => {
                        report.files.push(r);
                        checked.push(Checked::Stdin(&stdin.path, kind, settings, &stdin.bytes));
                    }
                    Err(p) => problems.push(p),
                }
            }
            None => problems.push(Problem::note(&stdin.path, NOT_AN_AGENT_FILE)),
        }
    }
    report.files.reserve_exact(files.len());
    for (i, slot) in slots.into_iter().enumerate() {
        match slot.into_inner().ok().flatten() {
            Some(Ok(r)) => {
                report.files.push(r);
                checked.push(Checked::File(i));
            }
            Some(Err(p)) => problems.push(p),
            None => {}
        }
    }
    report.problems = problems;
    report.hints = hint::unclaimed(&unclaimed, report.files.is_empty());
    // References and the roster are checked only when whole folders are: a
    // file checked alone would find the names it refers to missing, and a
    // few files (a commit's, standard input) are not what a session lists.
    let folders =
        opts.stdin.is_none() && !opts.paths.is_empty() && opts.paths.iter().all(|p| p.is_dir());
    // What is found across files goes through the file's settings and
    // suppression comments too. A file without suppression comments (or
    // known names) needs no text for that: the diagnostics join its own.
    // The others are checked again with them, in one pass (as fixed: the
    // fixes are on disk, or kept for standard output).
    let across = cross_file(&mut report, &opts.paths, folders);
    let at: std::collections::HashMap<PathBuf, usize> = report
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.clone(), i))
        .collect();
    for (path, across) in across {
        let Some(&at) = at.get(&path) else {
            continue;
        };
        let (path, kind, settings, stdin) = match &checked[at] {
            Checked::File(i) => {
                let (path, kind, _, settings) = &files[*i];
                (path.as_path(), kind, settings, None)
            }
            Checked::Stdin(path, kind, settings, bytes) => (*path, kind, settings, Some(*bytes)),
        };
        let first = &mut report.files[at];
        if !first.needs_text {
            let mut across = across;
            let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            settings.apply_part(
                Some(&abs),
                *kind,
                "",
                &mut across,
                crate::config::Part::Across,
            );
            first.diagnostics.extend(across);
            // As one check orders them (stable: its own first at a tie).
            first
                .diagnostics
                .sort_by_key(|d| (d.range.start, d.range.end));
            continue;
        }
        let text = first.fixed_text.as_ref().map(String::as_bytes).or(stdin);
        let source = text.map_or(Source::Disk, Source::Stdin);
        if let Ok(mut again) = check_file(path, *kind, settings, &across, false, &source) {
            again.fixed = first.fixed;
            again.fixed_text.clone_from(&first.fixed_text);
            report.files[at] = again;
        }
    }
    report
}

/// The cross-file diagnostics ([`crate::workspace::crossfile`]) of the
/// files checked, as one workspace, by path; with `references` (whole
/// folders checked), unknown references too, and the roster cost goes into
/// the report.
fn cross_file(
    report: &mut Report,
    paths: &[PathBuf],
    references: bool,
) -> Vec<(PathBuf, Vec<Diagnostic>)> {
    use crate::workspace::{crossfile, index::Index};
    // Files are known by their paths as found, as the report shows them.
    let mut index = Index::new();
    let mut known = std::collections::HashSet::new();
    for file in &mut report.files {
        if let Some(entry) = file.entry.take() {
            known.insert(file.path.clone());
            index.insert(file.path.clone(), *entry);
        }
    }
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let roots: Vec<PathBuf> = paths.iter().map(|p| absolute(p)).collect();
    #[allow(deprecated)] // the replacement is in std since 1.86, same behaviour on Unix
    let home = std::env::home_dir();
    let ctx = crossfile::Context {
        roots: &roots,
        home: home.as_deref(),
        references,
    };
    if references {
        report.rosters = crossfile::rosters(&index);
    }
    crossfile::all(&index, &ctx)
        .into_iter()
        .filter(|(path, _)| known.contains(path))
        .collect()
}
