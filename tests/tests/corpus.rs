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
