//! The corpus: 360 real agent files, 181 skills and 64 slash commands from
//! public collections, every one of which loads in Claude Code. An error on
//! any of them is a false positive.

use std::path::Path;

use agentls::analysis::{FileKind, Severity};
use agentls::cli::{self, Format, Options};

fn corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus")
}

/// The 360 corpus agents and their kinds (plugin agents for wshobson).
fn corpus_agents() -> Vec<(std::path::PathBuf, FileKind)> {
    let mut out = Vec::new();
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
            targets: None,
            ..Default::default()
        });
        out.extend(
            report
                .files
                .into_iter()
                .filter(|f| matches!(f.kind, FileKind::ClaudeAgent | FileKind::ClaudePluginAgent))
                .map(|f| (f.path, f.kind)),
        );
    }
    out
}

#[test]
fn no_error_on_any_corpus_agent() {
    // wshobson: plugin layout (`plugins/*/agents/*.md`, `plugins/*/skills/*/SKILL.md`,
    // `plugins/*/commands/*.md`), found by path detection.
    let plugins = cli::run(&Options {
        paths: vec![corpus().join("wshobson")],
        format: Format::Json,
        kind: None,
        targets: None,
        ..Default::default()
    });
    assert_eq!(plugins.files.len(), 447);
    let count = |kind| plugins.files.iter().filter(|f| f.kind == kind).count();
    assert_eq!(count(FileKind::ClaudePluginAgent), 202);
    assert_eq!(count(FileKind::ClaudeSkill), 181);
    assert_eq!(count(FileKind::ClaudeCommand), 64);
    for f in &plugins.files {
        let folder = match f.kind {
            FileKind::ClaudePluginAgent => "agents",
            FileKind::ClaudeCommand => "commands",
            _ => "skills",
        };
        assert!(
            f.path.ancestors().any(|p| p.ends_with(folder)),
            "{}: {:?}",
            f.path.display(),
            f.kind
        );
    }
    // VoltAgent: agents kept outside any agent folder; checked as agents explicitly.
    let volt = cli::run(&Options {
        paths: vec![corpus().join("VoltAgent/awesome-claude-code-subagents/categories")],
        format: Format::Json,
        kind: Some(FileKind::ClaudeAgent),
        targets: None,
        ..Default::default()
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
        (vec!["check", "--format", "json", "wshobson"], 447),
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

    let paths: Vec<std::path::PathBuf> = corpus_agents().into_iter().map(|(p, _)| p).collect();
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

/// Completion on every corpus agent. At the end of every frontmatter line,
/// asked for explicitly: each edit contains the cursor, and accepting the
/// first value or tool offered gains no diagnostic. With `<` typed at the
/// end of the description: the `<example>` snippet, accepted (with and
/// without snippets), loads with the example and gains no diagnostic.
#[test]
fn completion_on_every_corpus_agent() {
    use agentls::analysis::completion::{self, ItemKind, Request};
    use agentls::analysis::{Target, check, examples};
    use agentls::frontmatter::{self, Locate};

    const EXAMPLE: &str = "<example>\nContext: the situation\nuser: \"what the user asks\"\nassistant: \"I'll use the ";
    let codes = |text: &str, kind: FileKind| {
        let mut c: Vec<&str> = check(text, Target::new(kind))
            .iter()
            .map(|d| d.rule.code)
            .collect();
        c.sort_unstable();
        c
    };
    let gained = |before: &[&'static str], after: Vec<&'static str>| {
        let mut left = before.to_vec();
        after
            .into_iter()
            .filter(|c| match left.iter().position(|b| b == c) {
                Some(i) => {
                    left.remove(i);
                    false
                }
                None => true,
            })
            .collect::<Vec<_>>()
    };
    let (mut accepted, mut examples_accepted, mut agents) = (0, 0, 0);
    for (path, kind) in corpus_agents() {
        agents += 1;
        let text = std::fs::read_to_string(&path).expect("a UTF-8 agent file");
        let at = path.display();
        let Locate::Found(located) = frontmatter::locate(&text) else {
            panic!("{at}: every corpus agent has frontmatter");
        };
        let before = codes(&text, kind);
        let content = &text[located.content.clone()];
        for (i, _) in content.match_indices('\n') {
            let mut offset = located.content.start + i;
            if text[..offset].ends_with('\r') {
                offset -= 1;
            }
            let mut items = completion::complete(&text, offset, &Request::new(kind));
            items.sort_by(|a, b| a.sort.cmp(&b.sort));
            for item in &items {
                assert!(
                    item.range.start <= offset && offset <= item.range.end,
                    "{at}:{offset}: {} {:?}",
                    item.label,
                    item.range
                );
            }
            let Some(first) = items.iter().find(|i| {
                matches!(
                    i.kind,
                    ItemKind::Value | ItemKind::Model | ItemKind::Color | ItemKind::Tool
                )
            }) else {
                continue;
            };
            let new = gained(&before, codes(&first.accepted(&text), kind));
            assert!(
                new.is_empty(),
                "{at}:{offset}: accepting {} adds {new:?}",
                first.label
            );
            accepted += 1;
        }
        // `<` typed after the description's last character.
        let d = examples::description(&text).expect("a description");
        let Some((last, ch)) = d
            .text
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_whitespace())
        else {
            continue;
        };
        let end = d.source(&(last..last + ch.len_utf8())).end;
        let mut typed = text.clone();
        typed.insert_str(end, " <");
        let before = codes(&typed, kind);
        for snippets in [true, false] {
            let request = Request {
                invoked: false,
                snippets,
                ..Request::new(kind)
            };
            let items = completion::complete(&typed, end + 2, &request);
            assert!(items.len() <= 1, "{at}: {items:?}");
            let Some(item) = items.first() else {
                continue;
            };
            assert_eq!(item.label, "<example>");
            let after = item.accepted(&typed);
            let new = gained(&before, codes(&after, kind));
            assert!(new.is_empty(), "{at}: the example adds {new:?}:\n{after}");
            let loaded = examples::description(&after).expect("loads").text;
            assert!(loaded.contains(EXAMPLE), "{at}: {loaded}");
            examples_accepted += 1;
        }
    }
    eprintln!("{agents} agents: {accepted} values accepted, {examples_accepted} examples");
    assert_eq!(agents, 360);
    assert!(accepted > 500, "{accepted}");
    // Offered, checked and accepted in every description of the corpus.
    assert_eq!(examples_accepted, 2 * 360);
}
