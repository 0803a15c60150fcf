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

/// Skills, slash commands and output styles: each set's files placed where
/// Claude Code 2.1.330 read them, with what its loader did (`VERDICTS.tsv`,
/// overridden by `RECHECKED.tsv` where a file was run again by hand, and by
/// `LOGGED.tsv` for log lines the oracle could not attribute).
///
/// - `refused` (the name cannot be shown): an error;
/// - anything else: no error, since these always load;
/// - `loaded-warning`: at least one warning;
/// - `fallback` through a logged YAML failure: a warning (AG701); through a
///   missing description or frontmatter: at least a hint;
/// - what the model sees (the `read` column): the roster line agentls shows,
///   exactly, or no line where the loader hid the file.
#[test]
fn skills_commands_and_styles_agree_with_claude_code() {
    use agentls::formats;
    let mut wrong = Vec::new();
    let mut rosters = 0;
    for (set, place) in [
        ("claude-skill", "/p/.claude/skills/"),
        ("claude-command", "/p/.claude/commands/"),
        ("claude-output-style", "/p/.claude/output-styles/"),
    ] {
        let overrides = |file: &str| -> std::collections::HashMap<String, (String, String)> {
            let Ok(text) = std::fs::read_to_string(folder(set).join(file)) else {
                return Default::default();
            };
            text.lines()
                .skip(1)
                .filter_map(|l| {
                    let mut c = l.split('\t');
                    let f = c.next()?.to_owned();
                    let a = c.next().unwrap_or_default().to_owned();
                    let b = c.next().unwrap_or_default().to_owned();
                    Some((f, (a, b)))
                })
                .collect()
        };
        let rechecked = overrides("RECHECKED.tsv");
        let logged = overrides("LOGGED.tsv");
        let text = std::fs::read_to_string(folder(set).join("VERDICTS.tsv")).expect("verdicts");
        for line in text.lines().skip(1) {
            let cells: Vec<&str> = line.split('\t').collect();
            let (f, mut verdict, detail, read) = (
                cells[0],
                cells[1],
                cells[2],
                cells.get(3).copied().unwrap_or(""),
            );
            if let Some((v, _)) = rechecked.get(f) {
                verdict = v;
            }
            if logged.get(f).is_some_and(|(l, _)| !l.is_empty()) {
                verdict = "loaded-warning";
            }
            let bytes = std::fs::read(folder(set).join(f)).expect("fixture");
            let text = String::from_utf8_lossy(&bytes);
            let path = PathBuf::from(format!("{place}{f}"));
            let Some(kind) = analysis::detect(&path, |_| false) else {
                wrong.push(format!("{set}/{f}: not detected at {}", path.display()));
                continue;
            };
            let name = formats::path_name(kind, &path);
            let diags = analysis::check_file(&text, Target::new(kind), name.as_deref());
            let count = |s| diags.iter().filter(|d| d.severity == s).count();
            let (errors, warnings, hints) = (
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Hint),
            );
            let yaml_failed = detail.contains("failed to parse");
            let ok = match verdict {
                "refused" => errors > 0,
                "loaded-warning" => errors == 0 && warnings > 0,
                "fallback" if yaml_failed => errors == 0 && warnings > 0,
                "fallback" if set == "claude-output-style" => errors == 0,
                "fallback" => errors == 0 && warnings + hints > 0,
                _ => errors == 0,
            };
            if !ok {
                let said: Vec<String> = diags
                    .iter()
                    .map(|d| format!("{} {:?} {}", d.rule.code, d.severity, d.message))
                    .collect();
                wrong.push(format!(
                    "{set}/{f}: loader {verdict} ({detail}); agentls: {said:?}"
                ));
            }
            // What the model sees.
            let Ok(read) = serde_json::from_str::<serde_json::Value>(read) else {
                continue;
            };
            let ours = analysis::roster(&text, kind, name.as_deref()).map(|(_, l)| l);
            let theirs = if read["roster"]
                .as_str()
                .is_some_and(|r| r.starts_with("hidden"))
            {
                Some(None)
            } else if let (Some(n), Some(d)) = (read["name"].as_str(), read["description"].as_str())
            {
                Some(Some(format!("- {n}: {d}")))
            } else {
                None
            };
            if let Some(theirs) = theirs {
                rosters += 1;
                if ours != theirs {
                    wrong.push(format!(
                        "{set}/{f}: the model sees {theirs:?}; agentls shows {ours:?}"
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} disagreements with Claude Code's loader:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(rosters >= 300, "{rosters} listing lines compared");
}
