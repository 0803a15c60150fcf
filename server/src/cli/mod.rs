//! `agentls check`: the same diagnostics as the server, for files and folders.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use ropey::Rope;

use crate::analysis::{self, Diagnostic, FileKind, Severity, Target};
use crate::document::position::{self, Encoding};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable, with the source line and a caret.
    Human,
    /// One JSON document.
    Json,
}

/// Options of `agentls check`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files and folders to check.
    pub paths: Vec<PathBuf>,
    /// Output format.
    pub format: Format,
    /// Treat every Markdown file as this kind instead of detecting it from its path.
    pub kind: Option<FileKind>,
    /// The tools to judge files against, instead of those named by the
    /// nearest `.agentls.toml` or, without one, the tools that read each
    /// file's path.
    pub targets: Option<crate::formats::target::Tools>,
    /// The rules `--select` and `--ignore` choose, over the configuration
    /// file's.
    pub rules: crate::config::RuleSet,
}

/// The diagnostics of one file.
#[derive(Debug)]
pub struct FileReport {
    /// The path as found.
    pub path: PathBuf,
    /// The kind it was checked as.
    pub kind: FileKind,
    /// What agentls found.
    pub diagnostics: Vec<Diagnostic>,
    /// What the cross-file checks need of it (its names, its roster line).
    pub entry: Option<crate::workspace::index::Entry>,
    /// What the report shows of the text (kept instead of the text).
    pub excerpts: Excerpts,
}

/// All a report needs of a file's text, kept instead of the text: the line
/// and column of every offset it shows, and the lines it quotes.
#[derive(Debug, Default)]
pub struct Excerpts {
    positions: std::collections::HashMap<usize, position::Position>,
    lines: std::collections::HashMap<u32, String>,
}

impl Excerpts {
    /// The positions of `offsets` in `text` and the lines they are on.
    fn of(text: &str, offsets: impl IntoIterator<Item = usize>) -> Self {
        let mut excerpts = Self::default();
        let mut rope: Option<Rope> = None;
        for offset in offsets {
            if excerpts.positions.contains_key(&offset) {
                continue;
            }
            let rope = rope.get_or_insert_with(|| Rope::from_str(text));
            let at = position::to_position(rope, offset, Encoding::Utf32);
            excerpts.lines.entry(at.line).or_insert_with(|| {
                let line = rope.line(at.line as usize).to_string();
                line.trim_end_matches(['\n', '\r']).to_owned()
            });
            excerpts.positions.insert(offset, at);
        }
        excerpts
    }

    /// Line and column (0-based, in characters) of a byte offset the report shows.
    #[must_use]
    pub fn position(&self, offset: usize) -> position::Position {
        self.positions.get(&offset).copied().unwrap_or_default()
    }

    /// The text of a line the report shows, without its line break.
    #[must_use]
    pub fn line(&self, line: u32) -> &str {
        self.lines.get(&line).map_or("", String::as_str)
    }
}

/// The offsets a file's report shows: every diagnostic's range, and those
/// a cross-file diagnostic may point at (its names).
fn shown_offsets<'a>(
    diagnostics: &'a [Diagnostic],
    entry: Option<&'a crate::workspace::index::Entry>,
) -> impl Iterator<Item = usize> + 'a {
    let names = entry.into_iter().flat_map(|e| {
        let symbols = &e.symbols;
        std::iter::once(e.head.clone())
            .chain(symbols.definition.iter().filter_map(|d| d.range.clone()))
            .chain(symbols.references.iter().map(|r| r.range.clone()))
    });
    diagnostics
        .iter()
        .map(|d| d.range.clone())
        .chain(names)
        .flat_map(|r| [r.start, r.end])
}

/// Everything a run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Files analysed, in path order.
    pub files: Vec<FileReport>,
    /// Paths that could not be read, with the reason.
    pub problems: Vec<Problem>,
    /// What each tool's roster of the files checked adds to every session.
    pub rosters: Vec<crate::workspace::crossfile::Roster>,
}

impl Report {
    /// How many diagnostics of `severity` were found.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.severity == severity)
            .count()
    }
}

fn skip_dir(name: &str) -> bool {
    matches!(name, ".git" | "node_modules" | "target" | ".hg" | ".svn")
}

/// A file to check: its path, kind, whether it is named like documentation,
/// and the settings that apply to it.
type Candidate = (PathBuf, FileKind, bool, crate::config::Settings);

/// The settings of each folder: the nearest `.agentls.toml` above it (read
/// once per folder; a bad file is a problem, reported once, and ignored),
/// under the command line's flags.
struct Configs {
    flags: std::sync::Arc<crate::config::Config>,
    by_dir: std::collections::HashMap<PathBuf, crate::config::Settings>,
    reported: std::collections::HashSet<PathBuf>,
}

impl Configs {
    fn new(opts: &Options) -> Self {
        let flags = crate::config::Config {
            targets: opts.targets,
            rules: opts.rules.clone(),
            ..crate::config::Config::default()
        };
        Self {
            flags: std::sync::Arc::new(flags),
            by_dir: std::collections::HashMap::new(),
            reported: std::collections::HashSet::new(),
        }
    }

    fn settings(&mut self, file: &Path, problems: &mut Vec<Problem>) -> crate::config::Settings {
        let dir = std::path::absolute(file)
            .unwrap_or_else(|_| file.to_path_buf())
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        if let Some(s) = self.by_dir.get(&dir) {
            return s.clone();
        }
        let file_config = match crate::config::find(&dir) {
            None => None,
            Some((_, Ok(config))) => Some(std::sync::Arc::new(config)),
            Some((path, Err(why))) => {
                if self.reported.insert(path.clone()) {
                    let at = why
                        .at
                        .map(|(line, column)| format!("{line}:{column}: "))
                        .unwrap_or_default();
                    problems.push((path, format!("{at}{}; the file is ignored", why.message)));
                }
                None
            }
        };
        let settings = crate::config::Settings::new(
            file_config
                .into_iter()
                .chain([std::sync::Arc::clone(&self.flags)]),
        );
        self.by_dir.insert(dir, settings.clone());
        settings
    }
}

/// A path that could not be read, and why.
type Problem = (PathBuf, String);

/// Collects the candidate files under `paths`, with the problems met.
fn collect(opts: &Options) -> (Vec<Candidate>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut configs = Configs::new(opts);
    let is_file = |p: &Path| p.is_file();
    for root in &opts.paths {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !(e.file_type().is_dir() && skip_dir(&e.file_name().to_string_lossy()))
            });
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map_or_else(|| root.clone(), Path::to_path_buf);
                    let why = if e.loop_ancestor().is_some() {
                        "symbolic link loop, not followed".to_owned()
                    } else {
                        e.to_string()
                    };
                    problems.push((path, why));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            let is_md = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"));
            let settings = configs.settings(path, &mut problems);
            let kind = match opts.kind {
                Some(k) if is_md => Some(k),
                Some(_) => None,
                None => {
                    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
                    settings
                        .kind_for(&abs)
                        .or_else(|| analysis::detect(&abs, is_file))
                }
            };
            if let Some(kind) = kind {
                files.push((
                    path.to_path_buf(),
                    kind,
                    analysis::is_documentation_name(path),
                    settings,
                ));
            } else if entry.depth() == 0 {
                // Named explicitly, yet not an agent file: say so rather than pass in silence.
                problems.push((
                    path.to_path_buf(),
                    "not an agent definition file (its path makes it none of the kinds agentls knows); use --kind to check it anyway (`agentls check --help` lists the kinds)".to_owned(),
                ));
            }
        }
    }
    (files, problems)
}

/// Reads and analyses one file.
fn check_file(
    path: &Path,
    kind: FileKind,
    documentation_name: bool,
    settings: &crate::config::Settings,
    across: &[Diagnostic],
) -> Result<FileReport, String> {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let targets = settings.targets_for(Some(&abs));
    let target = Target {
        kind,
        documentation_name,
        tools: crate::formats::target::chosen(kind, &abs, targets),
    };
    let mut file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let limit = analysis::MAX_ANALYSED_BYTES as u64;
    if len > limit {
        // Analysis would only say "too large": read no more than needed to say it.
        let mut head = Vec::new();
        file.take(limit + 1)
            .read_to_end(&mut head)
            .map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&head).into_owned();
        let mut diagnostics = analysis::check(&text, target);
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
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    let (text, invalid_at) = match String::from_utf8(bytes) {
        Ok(t) => (t, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    let stem = crate::formats::path_name(kind, &abs);
    let mut diagnostics = analysis::check_file(&text, target, stem.as_deref());
    if let Some(at) = invalid_at {
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        diagnostics.insert(
            0,
            Diagnostic::new(&analysis::rules::INVALID_UTF8, at..end, "This file is not valid UTF-8 (first bad byte here): the invalid bytes are read as U+FFFD. Save it as UTF-8."),
        );
    }
    if !across.is_empty() {
        diagnostics.extend(across.iter().cloned());
        diagnostics.sort_by_key(|d| (d.range.start, d.range.end));
    }
    settings.apply(Some(&abs), kind, &text, &mut diagnostics);
    let entry = crate::workspace::index::Entry::of(&text, kind, &abs);
    let excerpts = Excerpts::of(&text, shown_offsets(&diagnostics, Some(&entry)));
    Ok(FileReport {
        path: path.to_path_buf(),
        kind,
        diagnostics,
        entry: Some(entry),
        excerpts,
    })
}

/// Checks everything `opts` names, using every core.
#[must_use]
pub fn run(opts: &Options) -> Report {
    let (files, mut problems) = collect(opts);
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(files.len().max(1));
    let mut results: Vec<(usize, Result<FileReport, String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((path, kind, doc, settings)) = files.get(i) else {
                            break;
                        };
                        out.push((i, check_file(path, *kind, *doc, settings, &[])));
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
    results.sort_by_key(|(i, _)| *i);
    let mut report = Report::default();
    // Which candidate each file reported is.
    let mut reported = Vec::new();
    for (i, result) in results {
        match result {
            Ok(r) => {
                report.files.push(r);
                reported.push(i);
            }
            Err(why) => problems.push((files[i].0.clone(), why)),
        }
    }
    report.problems = problems;
    // References are checked only when whole folders are: a file checked
    // alone would find the names it refers to missing.
    let references = !opts.paths.is_empty() && opts.paths.iter().all(|p| p.is_dir());
    // What is found across files goes through the file's settings and
    // suppression comments too: the few files concerned are checked again
    // with it.
    let across = cross_file(&mut report, &opts.paths, references);
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
        let (path, kind, doc, settings) = &files[reported[at]];
        if let Ok(again) = check_file(path, *kind, *doc, settings, &across) {
            report.files[at] = again;
        }
    }
    report
}

/// Adds the cross-file diagnostics ([`crate::workspace::crossfile`]) of the
/// files checked, as one workspace, and their roster cost.
fn cross_file(
    report: &mut Report,
    paths: &[PathBuf],
    references: bool,
) -> Vec<(PathBuf, Vec<Diagnostic>)> {
    use crate::workspace::{crossfile, index::Index};
    // Files are known by their paths as found, as the report shows them.
    let mut index = Index::new();
    let mut at = std::collections::HashMap::new();
    for (i, file) in report.files.iter().enumerate() {
        if let Some(entry) = &file.entry {
            at.insert(file.path.clone(), i);
            index.insert(file.path.clone(), entry.clone());
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
    report.rosters = crossfile::rosters(&index);
    crossfile::all(&index, &ctx)
        .into_iter()
        .filter(|(path, _)| at.contains_key(path))
        .collect()
}

/// Renders a report for people: `path:line:col: severity[CODE] message`,
/// the source line and a caret under the range, then a summary.
#[must_use]
pub fn render_human(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = write_human(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes [`render_human`]'s text to `out` as it goes.
///
/// # Errors
/// When `out` fails.
pub fn write_human(report: &Report, out: impl std::io::Write) -> std::io::Result<()> {
    use std::io::Write as _;
    use unicode_width::UnicodeWidthChar as _;
    let mut out = std::io::BufWriter::new(out);
    for file in &report.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        for d in &file.diagnostics {
            let start = file.excerpts.position(d.range.start);
            let end = file.excerpts.position(d.range.end);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                file.path.display(),
                start.line + 1,
                start.character + 1,
                d.severity.as_str(),
                d.rule.code,
                d.message
            )?;
            let line: Vec<char> = file.excerpts.line(start.line).chars().collect();
            let number = (start.line + 1).to_string();
            let col = start.character as usize;
            let range_end = if end.line == start.line {
                (end.character as usize).max(col)
            } else {
                line.len()
            };
            // Long lines (one-line descriptions) are shown as a window around the range.
            let from = if line.len() > MAX_SHOWN {
                col.saturating_sub(20)
            } else {
                0
            };
            let to = line.len().min(from + MAX_SHOWN);
            let mut shown: String = line[from..to].iter().collect();
            // Pad and caret in terminal columns: CJK and emoji take two.
            let mut pad = String::new();
            for c in &line[from..col.min(to)] {
                if *c == '\t' {
                    pad.push('\t');
                } else {
                    pad.extend(std::iter::repeat_n(' ', c.width().unwrap_or(0)));
                }
            }
            if from > 0 {
                shown.insert(0, '…');
                pad.insert(0, ' ');
            }
            if to < line.len() {
                shown.push('…');
            }
            let width: usize = line[col.min(to)..range_end.min(to)]
                .iter()
                .map(|c| c.width().unwrap_or(0))
                .sum();
            let width = width.max(1);
            writeln!(out, " {number} | {shown}")?;
            writeln!(
                out,
                " {} | {pad}{} {}",
                " ".repeat(number.len()),
                "^".repeat(width),
                d.rule.name
            )?;
            for fix in &d.fixes {
                writeln!(out, " {} = fix: {}", " ".repeat(number.len()), fix.title)?;
            }
        }
    }
    for roster in &report.rosters {
        writeln!(out, "{}", roster_line(roster))?;
    }
    out.write_all(summary(report).as_bytes())?;
    out.flush()
}

/// Source lines longer than this many characters are shown as a window.
const MAX_SHOWN: usize = 100;

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// What one tool's roster costs every session, with its largest lines:
/// `Roster for Claude Code: 3 agents, 1,234 chars ≈ 309 tokens (largest: a.md 620, …)`.
fn roster_line(roster: &crate::workspace::crossfile::Roster) -> String {
    use crate::workspace::crossfile::thousands;
    let largest: Vec<String> = roster
        .files
        .iter()
        .take(3)
        .map(|(path, chars)| format!("{} {}", path.display(), thousands(*chars)))
        .collect();
    format!(
        "Roster for {}: {}, {} chars ≈ {} tokens (characters / 4) in every session (largest: {}).",
        roster.tool,
        roster.listed(),
        thousands(roster.chars),
        thousands(roster.tokens()),
        largest.join(", ")
    )
}

fn summary(report: &Report) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let hints = report.count(Severity::Hint);
    let checked = plural(report.files.len(), "agent file");
    if errors + warnings + hints == 0 {
        return format!("Checked {checked}: no problems.\n");
    }
    let mut parts = vec![plural(errors, "error"), plural(warnings, "warning")];
    if hints > 0 {
        parts.push(plural(hints, "hint"));
    }
    format!("Checked {checked}: {}.\n", parts.join(", "))
}

/// Renders a report as JSON: `{"diagnostics": [...], "problems": [...], "summary": {...}}`.
/// Lines and columns are 1-based, columns count Unicode characters.
#[must_use]
pub fn render_json(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = write_json(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes [`render_json`]'s document to `out` as it goes (no copy of the
/// whole output in memory).
///
/// # Errors
/// When `out` fails.
pub fn write_json(report: &Report, out: impl std::io::Write) -> std::io::Result<()> {
    use serde::Serialize;

    #[derive(Serialize)]
    struct JsonEdit<'a> {
        start: usize,
        end: usize,
        new_text: &'a str,
    }
    #[derive(Serialize)]
    struct JsonFix<'a> {
        title: &'a str,
        edits: Vec<JsonEdit<'a>>,
    }
    #[derive(Serialize)]
    struct JsonDiagnostic<'a> {
        path: std::borrow::Cow<'a, str>,
        code: &'a str,
        name: &'a str,
        severity: Severity,
        message: &'a str,
        line: u32,
        column: u32,
        end_line: u32,
        end_column: u32,
        byte_range: [usize; 2],
        fixes: Vec<JsonFix<'a>>,
    }
    #[derive(Serialize)]
    struct JsonProblem<'a> {
        path: std::borrow::Cow<'a, str>,
        message: &'a str,
    }
    #[derive(Serialize)]
    struct Summary {
        files: usize,
        errors: usize,
        warnings: usize,
        hints: usize,
    }
    /// Serializes the diagnostics lazily, one file at a time.
    struct Diagnostics<'a>(&'a Report);
    impl Serialize for Diagnostics<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeSeq;
            let mut seq = serializer.serialize_seq(None)?;
            for file in &self.0.files {
                for d in &file.diagnostics {
                    let start = file.excerpts.position(d.range.start);
                    let end = file.excerpts.position(d.range.end);
                    seq.serialize_element(&JsonDiagnostic {
                        path: file.path.to_string_lossy(),
                        code: d.rule.code,
                        name: d.rule.name,
                        severity: d.severity,
                        message: &d.message,
                        line: start.line + 1,
                        column: start.character + 1,
                        end_line: end.line + 1,
                        end_column: end.character + 1,
                        byte_range: [d.range.start, d.range.end],
                        fixes: d
                            .fixes
                            .iter()
                            .map(|f| JsonFix {
                                title: &f.title,
                                edits: f
                                    .edits
                                    .iter()
                                    .map(|e| JsonEdit {
                                        start: e.range.start,
                                        end: e.range.end,
                                        new_text: &e.new_text,
                                    })
                                    .collect(),
                            })
                            .collect(),
                    })?;
                }
            }
            seq.end()
        }
    }
    #[derive(Serialize)]
    struct JsonRosterFile<'a> {
        path: std::borrow::Cow<'a, str>,
        chars: usize,
    }
    #[derive(Serialize)]
    struct JsonRoster<'a> {
        tool: &'a str,
        listed: std::collections::BTreeMap<&'a str, usize>,
        chars: usize,
        /// Estimated: characters / 4, rounded.
        tokens: usize,
        /// Every file listed, largest line first.
        files: Vec<JsonRosterFile<'a>>,
    }
    #[derive(Serialize)]
    struct Document<'a> {
        diagnostics: Diagnostics<'a>,
        problems: Vec<JsonProblem<'a>>,
        roster: Vec<JsonRoster<'a>>,
        summary: Summary,
    }

    let document = Document {
        diagnostics: Diagnostics(report),
        problems: report
            .problems
            .iter()
            .map(|(p, why)| JsonProblem {
                path: p.to_string_lossy(),
                message: why,
            })
            .collect(),
        roster: report
            .rosters
            .iter()
            .map(|r| JsonRoster {
                tool: r.tool,
                listed: r.counts.iter().copied().collect(),
                chars: r.chars,
                tokens: r.tokens(),
                files: r
                    .files
                    .iter()
                    .map(|(p, chars)| JsonRosterFile {
                        path: p.to_string_lossy(),
                        chars: *chars,
                    })
                    .collect(),
            })
            .collect(),
        summary: Summary {
            files: report.files.len(),
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            hints: report.count(Severity::Hint),
        },
    };
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &document)?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out)
}
