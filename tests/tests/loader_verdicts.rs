//! agentls against Claude Code 2.1.330's own agent loader, on generated files.
//!
//! Two sets of Claude Code agent files, each with what the real loader did
//! with every file, recorded by `record.sh` (one file at a time, in a fresh
//! project):
//! - `tests/fixtures/loader/claude-agent/` (`VERDICTS.tsv`): odd-but-plausible
//!   agent files written by `generate.py` there, plus hand-written hook,
//!   merge-key and blank-description cases;
//! - `tests/fixtures/loader/copilot-agent-claude-path/` (`VERDICTS.claude.tsv`):
//!   agent files written by `gen_copilot_codex.py` to compare Claude Code with
//!   Copilot CLI, which reads `.claude/agents` too.
//!
//! The verdicts are the truth this test holds agentls to, with no loader at
//! test time:
//! - `refused`: the loader did not load the file: agentls reports an error;
//! - `loaded`: no error;
//! - `loaded-warning` (the loader logged a line about the file): no error,
//!   and at least one warning.

use std::path::{Path, PathBuf};

use agentls::analysis::{self, FileKind, Severity, Target};

/// The sets: a folder and its file of Claude Code verdicts.
const SETS: &[(&str, &str)] = &[
    ("claude-agent", "VERDICTS.tsv"),
    ("copilot-agent-claude-path", "VERDICTS.claude.tsv"),
];

fn folder(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/loader")
        .join(set)
}

/// `(file, verdict, detail)` for every recorded file of a set (`file` below
/// its folder).
fn verdicts(set: &str, file: &str) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(folder(set).join(file)).expect("verdicts");
    text.lines()
        .skip(1)
        .map(|line| {
            let mut cells = line.split('\t');
            let mut next = || cells.next().unwrap_or_default().to_owned();
            (next(), next(), next())
        })
        .collect()
}

/// Every `.md` file below `dir`, as paths relative to `root`.
fn markdown_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("fixture folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            markdown_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            let rel = path.strip_prefix(root).expect("below root");
            out.push(rel.to_string_lossy().into_owned());
        }
    }
}

#[test]
fn every_fixture_has_a_verdict() {
    for (set, file) in SETS {
        let root = folder(set);
        let mut on_disk = Vec::new();
        markdown_files(&root, &root, &mut on_disk);
        on_disk.sort();
        let mut listed: Vec<String> = verdicts(set, file).into_iter().map(|(f, _, _)| f).collect();
        listed.sort();
        assert_eq!(on_disk, listed, "{set}");
        assert!(listed.len() >= 100, "{set}: {} fixtures", listed.len());
        for (f, verdict, _) in verdicts(set, file) {
            assert!(
                matches!(verdict.as_str(), "loaded" | "loaded-warning" | "refused"),
                "{set}/{f}: {verdict}"
            );
        }
    }
}

#[test]
fn errors_exactly_where_the_loader_refuses_and_warnings_where_it_warns() {
    let mut wrong = Vec::new();
    let mut counts = [0usize; 3];
    for (set, file) in SETS {
        for (f, verdict, detail) in verdicts(set, file) {
            let bytes = std::fs::read(folder(set).join(&f)).expect("fixture");
            let text = String::from_utf8_lossy(&bytes);
            let diags = analysis::check(&text, Target::new(FileKind::ClaudeAgent));
            let errors: Vec<String> = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| format!("{} {}", d.rule.code, d.message))
                .collect();
            let warnings = diags
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count();
            let ok = match verdict.as_str() {
                "refused" => {
                    counts[0] += 1;
                    !errors.is_empty()
                }
                "loaded-warning" => {
                    counts[1] += 1;
                    errors.is_empty() && warnings > 0
                }
                _ => {
                    counts[2] += 1;
                    errors.is_empty()
                }
            };
            if !ok {
                wrong.push(format!(
                    "{set}/{f}: loader {verdict} ({detail}); agentls: {} error(s) {errors:?}, {warnings} warning(s)",
                    errors.len()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} files disagree with the loader:\n{}",
        wrong.len(),
        counts.iter().sum::<usize>(),
        wrong.join("\n")
    );
    // Every class is represented.
    assert!(counts.iter().all(|&c| c >= 50), "{counts:?}");
}

/// Every recorded set of every format (`tests/fixtures/loader/*/`): each
/// verdict file lists exactly the files on disk, with a known verdict, so a
/// set cannot drift from its files before its format is checked against it.
#[test]
fn every_set_of_every_format_is_complete() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/loader");
    let mut sets = 0;
    for entry in std::fs::read_dir(&root).expect("loader fixtures") {
        let dir = entry.expect("entry").path();
        if !dir.is_dir() {
            continue;
        }
        let mut files = Vec::new();
        markdown_files(&dir, &dir, &mut files);
        let cursor = dir.ends_with("cursor-rule");
        if cursor {
            files = std::fs::read_dir(&dir)
                .expect("cursor rules")
                .filter_map(|e| {
                    let name = e.ok()?.file_name().to_string_lossy().into_owned();
                    name.ends_with(".mdc").then_some(name)
                })
                .collect();
        }
        files.sort();
        for v in std::fs::read_dir(&dir).expect("set") {
            let name = v.expect("entry").file_name().to_string_lossy().into_owned();
            let verdicts = name.starts_with("VERDICTS") || name == "EXPECTED.tsv";
            if !(verdicts && name.ends_with(".tsv")) {
                continue;
            }
            let text = std::fs::read_to_string(dir.join(&name)).expect("verdict file");
            let mut listed = Vec::new();
            for line in text.lines().skip(1) {
                let mut cells = line.split('\t');
                let file = cells.next().unwrap_or_default().to_owned();
                let verdict = cells.next().unwrap_or_default();
                assert!(
                    cursor
                        || matches!(
                            verdict,
                            "loaded" | "loaded-warning" | "fallback" | "refused"
                        ),
                    "{}/{name}: {file}: {verdict}",
                    dir.display()
                );
                listed.push(file);
            }
            listed.sort();
            assert_eq!(files, listed, "{}/{name}", dir.display());
            sets += 1;
        }
    }
    assert!(sets >= 13, "{sets} verdict files");
}
