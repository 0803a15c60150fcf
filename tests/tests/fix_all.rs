//! Fix-all (`agentls check --fix`, `source.fixAll.agentls`) over every fix
//! case and corpus agent: it converges (no safe fix is left afterwards, and
//! a second pass changes nothing) and never brings a new kind of diagnostic.

use std::collections::BTreeMap;
use std::path::Path;

use agentls::analysis::{self, Diagnostic, FileKind, Target, fix_all};

fn census(diags: &[Diagnostic]) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for d in diags {
        *m.entry(d.rule.code).or_insert(0) += 1;
    }
    m
}

fn md_files(root: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            md_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

#[test]
fn fix_all_converges_and_breaks_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    md_files(&root.join("fixtures/fix-cases"), &mut files);
    md_files(&root.join("fixtures/conformance"), &mut files);
    md_files(&root.join("fixtures/corpus"), &mut files);
    files.sort();
    let mut fixed_files = 0;
    let mut applied = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let stem = path.file_stem().and_then(|s| s.to_str());
        for kind in [FileKind::ClaudeAgent, FileKind::ClaudePluginAgent] {
            let target = Target::new(kind);
            let before = analysis::check_file(&text, target, stem);
            let Some(fixed) = fix_all::fix_all(&text, target, stem) else {
                assert!(
                    !before.iter().any(fix_all::is_safe),
                    "{}: safe fixes not applied",
                    path.display()
                );
                continue;
            };
            fixed_files += 1;
            applied += fixed.applied;
            let after = analysis::check_file(&fixed.text, target, stem);
            assert!(
                !after.iter().any(fix_all::is_safe),
                "{}: a safe fix left:\n{}\n{after:#?}",
                path.display(),
                fixed.text
            );
            assert_eq!(fix_all::fix_all(&fixed.text, target, stem), None);
            let (was, now) = (census(&before), census(&after));
            for (code, n) in &now {
                assert!(
                    was.get(code).is_some_and(|b| n <= b),
                    "{}: fix-all brought {code}:\n{}",
                    path.display(),
                    fixed.text
                );
            }
        }
    }
    assert!(fixed_files >= 20, "only {fixed_files} files fixed");
    assert!(applied >= 40, "only {applied} fixes applied");
}
