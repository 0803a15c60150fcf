//! Every fix agentls offers, applied, leaves a file where the diagnostic it
//! fixed is gone and no new kind of diagnostic appears. Run over every
//! diagnostic of the conformance fixtures, the corpus and the examples.

use std::collections::BTreeMap;
use std::path::Path;

use agentls::analysis::{self, Diagnostic, FileKind, Fix, Target};

fn apply(text: &str, fix: &Fix) -> String {
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_owned();
    for e in edits {
        out.replace_range(e.range.clone(), &e.new_text);
    }
    out
}

fn census(diags: &[Diagnostic]) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for d in diags {
        *m.entry(d.rule.code).or_insert(0) += 1;
    }
    m
}

/// Checks every fix of every diagnostic of `text`; returns how many were applied.
fn check_fixes(label: &str, text: &str, target: Target, stem: &str) -> usize {
    let before = analysis::check_file(text, target, Some(stem));
    let before_census = census(&before);
    let mut applied = 0;
    for d in &before {
        for fix in &d.fixes {
            let fixed = apply(text, fix);
            let after = analysis::check_file(&fixed, target, Some(stem));
            let after_census = census(&after);
            let fixed_count = after_census.get(d.rule.code).copied().unwrap_or(0);
            assert!(
                fixed_count < before_census[d.rule.code],
                "{label}: fix {:?} for {} did not remove it:\n{fixed}\n{after:#?}",
                fix.title,
                d.rule.code
            );
            for (code, n) in &after_census {
                assert!(
                    before_census.get(code).is_some_and(|b| n <= b),
                    "{label}: fix {:?} for {} introduced {code}:\n{fixed}\n{after:#?}",
                    fix.title,
                    d.rule.code
                );
            }
            applied += 1;
        }
    }
    applied
}

fn md_files(root: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_fix_fixes_and_breaks_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut applied = 0;
    let mut files = 0;
    for dir in [
        "fixtures/conformance/claude-code-2.1.330",
        "fixtures/corpus",
        "../examples",
    ] {
        for path in md_files(&root.join(dir)) {
            let parent = path
                .parent()
                .and_then(Path::file_name)
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let in_category = path
                .ancestors()
                .any(|a| a.file_name().is_some_and(|n| n == "categories"));
            if !(parent == "agents" || parent.ends_with("-agents") || in_category) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("agent");
            for kind in [FileKind::ClaudeAgent, FileKind::ClaudePluginAgent] {
                applied += check_fixes(&path.display().to_string(), &text, Target::new(kind), stem);
            }
            files += 1;
        }
    }
    assert!(files >= 390, "{files} files");
    assert!(applied >= 40, "only {applied} fixes were exercised");
}

/// Fixes for the cases the other fixtures do not contain: the small agent
/// files of `fixtures/fix-cases/` (also applied over LSP by `lsp_fixes.rs`).
#[test]
fn synthetic_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut applied = 0;
    let files = md_files(&root.join("fixtures/fix-cases"));
    assert!(files.len() >= 20, "{} fix cases", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read");
        if path.to_string_lossy().contains("comments") {
            // A fix to a value keeps the comment after it.
            let target = Target::new(FileKind::ClaudeAgent);
            for d in analysis::check_file(&text, target, Some("code-reviewer")) {
                for fix in &d.fixes {
                    let fixed = apply(&text, fix);
                    for comment in ["# keep me", "# and me"] {
                        assert!(
                            fixed.contains(comment),
                            "{:?} lost {comment:?}:\n{fixed}",
                            fix.title
                        );
                    }
                }
            }
        }
        applied += check_fixes(
            &path.display().to_string(),
            &text,
            Target::new(FileKind::ClaudeAgent),
            "code-reviewer",
        );
    }
    assert!(applied >= 35, "{applied}");
}
