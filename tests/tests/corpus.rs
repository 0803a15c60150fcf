//! The corpus: 360 real agent files from public collections, every one of
//! which loads in Claude Code. An error on any of them is a false positive.

use std::path::Path;

use agentls::analysis::{FileKind, Severity};
use agentls::cli::{self, Format, Options};

fn corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus")
}

#[test]
fn no_error_on_any_corpus_agent() {
    // wshobson: plugin layout (`plugins/*/agents/*.md`), found by path detection;
    // its commands and skills are not agents and must be skipped.
    let plugins = cli::run(&Options {
        paths: vec![corpus().join("wshobson")],
        format: Format::Json,
        kind: None,
    });
    assert_eq!(plugins.files.len(), 202);
    assert!(
        plugins
            .files
            .iter()
            .all(|f| f.path.parent().is_some_and(|p| p.ends_with("agents")))
    );
    // VoltAgent: agents kept outside any agent folder; checked as agents explicitly.
    let volt = cli::run(&Options {
        paths: vec![corpus().join("VoltAgent/awesome-claude-code-subagents/categories")],
        format: Format::Json,
        kind: Some(FileKind::ClaudeAgent),
    });
    assert_eq!(volt.files.len(), 158);
    for report in [&plugins, &volt] {
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let errors: Vec<String> = report
            .files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
            .filter(|(_, d)| d.severity == Severity::Error)
            .map(|(f, d)| format!("{}: {} {}", f.path.display(), d.rule.code, d.message))
            .collect();
        assert!(errors.is_empty(), "false positives:\n{}", errors.join("\n"));
    }
    // The 8 VoltAgent files that strict YAML rejects are flagged as rescued, not as errors.
    let rescued = volt
        .files
        .iter()
        .filter(|f| f.diagnostics.iter().any(|d| d.rule.code == "AG005"))
        .count();
    assert_eq!(rescued, 8);
}

/// The same through the real binary, as CI would run it: exit status 0 and
/// zero errors in the JSON summary.
#[test]
fn agentls_check_binary_reports_zero_errors() {
    let bin = agentls_e2e::StdioServer::binary();
    for (args, files) in [
        (vec!["check", "--format", "json", "wshobson"], 202),
        (
            vec![
                "check",
                "--format",
                "json",
                "--kind",
                "claude-agent",
                "VoltAgent/awesome-claude-code-subagents/categories",
            ],
            158,
        ),
    ] {
        let out = std::process::Command::new(&bin)
            .args(&args)
            .current_dir(corpus())
            .output()
            .expect("run agentls");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
        assert_eq!(json["summary"]["errors"], 0, "{args:?}");
        assert_eq!(json["summary"]["files"], files, "{args:?}");
        assert_eq!(json["problems"], serde_json::json!([]), "{args:?}");
    }
}

/// The outline and the folds of every corpus agent: no panic, the frontmatter
/// symbol holds exactly the top-level keys, every range lies on character
/// boundaries of the text, selections sit inside their symbol and children
/// inside their parent, and every fold spans two lines or more.
#[test]
fn outline_and_folding_of_every_corpus_agent() {
    use agentls::analysis::outline::{self, Symbol, SymbolKind};
    use agentls::document::Document;
    use agentls::frontmatter::{self, Locate};

    fn check(path: &Path, text: &str, syms: &[Symbol], parent: Option<&Symbol>) -> usize {
        let mut headings = 0;
        let mut prev_end = parent.map_or(0, |p| p.range.start);
        for s in syms {
            let at = format!("{}: {:?} {:?}", path.display(), s.name, s.range);
            assert!(text.get(s.range.clone()).is_some(), "range: {at}");
            assert!(text.get(s.selection.clone()).is_some(), "selection: {at}");
            assert!(!s.name.trim().is_empty(), "empty name: {at}");
            assert!(
                s.range.start <= s.selection.start && s.selection.end <= s.range.end,
                "selection outside its symbol: {at}"
            );
            if let Some(p) = parent {
                assert!(
                    p.range.start <= s.range.start && s.range.end <= p.range.end,
                    "child outside {:?}: {at}",
                    p.name
                );
            }
            assert!(prev_end <= s.range.start, "overlaps its sibling: {at}");
            prev_end = s.range.end;
            if let SymbolKind::Heading { .. } = s.kind {
                headings += 1;
                assert_eq!(
                    s.name,
                    text[s.selection.clone()].trim(),
                    "heading name: {at}"
                );
            }
            headings += check(path, text, &s.children, Some(s));
        }
        headings
    }

    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    for (dir, kind) in [
        ("wshobson", None),
        (
            "VoltAgent/awesome-claude-code-subagents/categories",
            Some(FileKind::ClaudeAgent),
        ),
    ] {
        let report = cli::run(&Options {
            paths: vec![corpus().join(dir)],
            format: Format::Json,
            kind,
        });
        paths.extend(report.files.into_iter().map(|f| f.path));
    }
    assert_eq!(paths.len(), 360);
    let (mut headings, mut keys, mut folds) = (0, 0, 0);
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("a UTF-8 agent file");
        let mut doc = Document::new(&text, 0);
        doc.reparse();
        let tree = doc.tree().expect("a Markdown tree");
        let syms = outline::symbols(&text, tree);
        headings += check(path, &text, &syms, None);

        let Locate::Found(located) = frontmatter::locate(&text) else {
            panic!("{}: every corpus agent has frontmatter", path.display());
        };
        let fm = frontmatter::parse(&text, &located);
        // Top-level keys, counted by hand: lines of the frontmatter that
        // start at column 0 with a key and a colon.
        let by_hand = text[located.content.clone()]
            .lines()
            .filter(|l| {
                l.split_once(':').is_some_and(|(k, _)| {
                    !k.is_empty()
                        && !k.starts_with([' ', '\t', '#', '-'])
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                })
            })
            .count();
        let [first, ..] = syms.as_slice() else {
            panic!("{}: no symbols", path.display());
        };
        assert_eq!(first.kind, SymbolKind::Frontmatter, "{}", path.display());
        assert_eq!(
            first.children.len(),
            fm.entries().len(),
            "{}",
            path.display()
        );
        assert_eq!(first.children.len(), by_hand, "{}", path.display());
        assert!(
            first.children.iter().all(|k| k.kind == SymbolKind::Key),
            "{}",
            path.display()
        );
        keys += first.children.len();

        for f in outline::folding(&text, tree) {
            let s = text
                .get(f.range.clone())
                .unwrap_or_else(|| panic!("{}: fold {f:?}", path.display()));
            assert!(s.contains('\n'), "{}: one-line fold {f:?}", path.display());
            folds += 1;
        }
    }
    // Real agents have structure: most of them have headings, all have keys.
    assert!(keys >= 3 * 360 - 100, "{keys} keys");
    assert!(headings > 360, "{headings} headings");
    assert!(folds > headings, "{folds} folds");
}
