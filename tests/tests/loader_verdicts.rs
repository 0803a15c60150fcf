//! agentls against Claude Code 2.1.330's own agent loader, on generated files.
//!
//! `tests/fixtures/loader/claude-agent/` holds odd-but-plausible agent files
//! (written by `generate.py` there, plus hand-written hook, merge-key and
//! blank-description cases) and `VERDICTS.tsv`, what the real loader did with
//! each, recorded by `record.sh` (one file at a time, in a fresh project).
//! The verdicts are the truth this test holds agentls to, with no loader at
//! test time:
//! - `refused`: the loader did not load the file: agentls reports an error;
//! - `loaded`: no error;
//! - `loaded-warning` (the loader logged a line about the file): no error,
//!   and at least one warning.

use std::path::{Path, PathBuf};

use agentls::analysis::{self, FileKind, Severity, Target};

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/loader/claude-agent")
}

/// `(file, verdict, detail)` for every recorded file.
fn verdicts() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(folder().join("VERDICTS.tsv")).expect("VERDICTS.tsv");
    text.lines()
        .skip(1)
        .map(|line| {
            let mut cells = line.split('\t');
            let mut next = || cells.next().unwrap_or_default().to_owned();
            (next(), next(), next())
        })
        .collect()
}

#[test]
fn every_fixture_has_a_verdict() {
    let mut on_disk: Vec<String> = std::fs::read_dir(folder())
        .expect("fixture folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = verdicts().into_iter().map(|(f, _, _)| f).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(listed.len() >= 400, "{} fixtures", listed.len());
    for (file, verdict, _) in verdicts() {
        assert!(
            matches!(verdict.as_str(), "loaded" | "loaded-warning" | "refused"),
            "{file}: {verdict}"
        );
    }
}

#[test]
fn errors_exactly_where_the_loader_refuses_and_warnings_where_it_warns() {
    let mut wrong = Vec::new();
    let mut counts = [0usize; 3];
    for (file, verdict, detail) in verdicts() {
        let bytes = std::fs::read(folder().join(&file)).expect("fixture");
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
                "{file}: loader {verdict} ({detail}); agentls: {} error(s) {errors:?}, {warnings} warning(s)",
                errors.len()
            ));
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
