//! agentls against Claude Code 2.1.330's own loader: every agent file of the
//! conformance fixtures, judged by `EXPECTED.md` (what the real loader did).
//! A file Claude Code does not load must get an error; a file it loads must
//! get none; the warnings EXPECTED.md lists must be reported.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use agentls::analysis::{self, Diagnostic, FileKind, Severity, Target};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/conformance/claude-code-2.1.330")
}

/// `round1/01-user-example.md` → (`round1-agents/01-user-example.md`, "loaded").
fn expected() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join("EXPECTED.md")).expect("EXPECTED.md");
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || !cells[1].starts_with("round") {
            continue;
        }
        let (file, result) = (cells[1], cells[3]);
        if file.starts_with("round4") {
            continue; // commands and skills: not agent files
        }
        if file == "round2/22/23" {
            out.insert("round2-agents/22-folded.md".into(), result.into());
            out.insert("round2-agents/23-dup.md".into(), result.into());
            continue;
        }
        let (round, name) = file.split_once('/').expect("roundN/file");
        out.insert(format!("{round}-agents/{name}"), result.into());
    }
    out
}

fn diagnose(rel: &str) -> Vec<Diagnostic> {
    let path = root().join(rel);
    let bytes = std::fs::read(&path).expect("fixture");
    let text = String::from_utf8(bytes).expect("utf-8 fixture");
    analysis::check(&text, Target::new(FileKind::ClaudeAgent))
}

fn codes(diags: &[Diagnostic], severity: Severity) -> Vec<&'static str> {
    diags
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| d.rule.code)
        .collect()
}

#[test]
fn every_agent_fixture_is_listed_in_expected() {
    let expected = expected();
    let mut on_disk = Vec::new();
    for round in ["round1-agents", "round2-agents", "round3-agents"] {
        for entry in std::fs::read_dir(root().join(round)).expect("round dir") {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            if name.ends_with(".md") {
                on_disk.push(format!("{round}/{name}"));
            }
        }
    }
    on_disk.sort();
    let listed: Vec<String> = expected.keys().cloned().collect();
    assert_eq!(on_disk, listed);
    assert_eq!(on_disk.len(), 33);
}

#[test]
fn errors_exactly_on_files_claude_code_does_not_load() {
    let mut wrong = Vec::new();
    for (file, result) in expected() {
        let not_loaded = result.starts_with("NOT loaded") || result.starts_with("silently skipped");
        let diags = diagnose(&file);
        let errors = codes(&diags, Severity::Error);
        if not_loaded == errors.is_empty() {
            wrong.push(format!(
                "{file}: Claude Code says {result:?}, agentls errors {errors:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The warnings EXPECTED.md names, as rule codes. For `07-bad-values.md` the
/// field list is read from EXPECTED.md itself ("warnings for a/b/c only").
#[test]
fn the_warnings_claude_code_logs_are_reported() {
    let expected = expected();
    let field_rule = |field: &str| match field {
        "background" => "AG306",
        "memory" => "AG305",
        "isolation" => "AG308",
        "effort" => "AG307",
        "permissionMode" => "AG303",
        "maxTurns" => "AG304",
        other => panic!("EXPECTED.md names a field this test does not map: {other}"),
    };
    let bad_values = &expected["round1-agents/07-bad-values.md"];
    let fields = bad_values
        .split("warnings for ")
        .nth(1)
        .and_then(|s| s.split(" only").next())
        .expect("07's warning list");
    let mut cases: Vec<(&str, Vec<&str>)> = vec![(
        "round1-agents/07-bad-values.md",
        fields.split('/').map(field_rule).collect(),
    )];
    cases.extend([
        // "loaded; WARN with "did you mean""
        (
            "round1-agents/11-unknown-keys.md",
            vec!["AG201", "AG201", "AG201", "AG201"],
        ),
        // "loaded (value truncated per YAML)"
        ("round1-agents/12-hash.md", vec!["AG008"]),
        // "loaded (frontmatter cut at `---`, per regex)"
        ("round2-agents/17-dashes.md", vec!["AG007"]),
        // "loaded; warnings (background ignored, item 42 dropped)"
        ("round3-agents/bool-yes.md", vec!["AG306", "AG310"]),
        // "loaded (retry)": invalid YAML that Claude Code's retry rescues
        ("round1-agents/01-user-example.md", vec!["AG005"]),
        ("round1-agents/14-tab-indent.md", vec!["AG005", "AG005"]),
        ("round2-agents/24-quote-mismatch.md", vec!["AG005"]),
        ("round2-agents/26-brackets.md", vec!["AG005"]),
        ("round2-agents/28-at-start.md", vec!["AG005"]),
        // "loaded (= no tools per code)"
        ("round3-agents/empty-tools.md", vec!["AG404"]),
    ]);
    for (file, want) in cases {
        let diags = diagnose(file);
        let mut got = codes(&diags, Severity::Warning);
        got.retain(|c| want.contains(c));
        let mut want = want.clone();
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, want, "{file}: {diags:#?}");
    }
    let unknown = diagnose("round1-agents/11-unknown-keys.md");
    let hints: Vec<&str> = unknown
        .iter()
        .map(|d| d.message.as_str())
        .filter(|m| m.contains("did you mean"))
        .collect();
    assert_eq!(
        hints.len(),
        3,
        "allowed-tools, when_to_use and disallowed-tools get a hint; mode does not: {hints:?}"
    );
}

/// Files that load cleanly in Claude Code get no error and no warning (a
/// hint about an example's shape may remain).
#[test]
fn clean_files_are_silent() {
    for file in [
        "round1-agents/03-multiline-indented.md",
        "round1-agents/04-block-scalar.md",
        "round1-agents/06-tools-list.md",
        "round1-agents/16-quoted-ok.md",
        "round2-agents/18-bom.md",
        "round2-agents/22-folded.md",
        "round2-agents/23-dup.md",
        "round2-agents/25-colon-no-space.md",
        "round3-agents/good-hook.md",
    ] {
        let noisy: Vec<Diagnostic> = diagnose(file)
            .into_iter()
            .filter(|d| d.severity != Severity::Hint)
            .collect();
        assert_eq!(noisy, Vec::new(), "{file}");
    }
}

/// The full report, as `agentls check` prints it: messages, positions and
/// carets, reviewed once and kept stable.
#[test]
fn report_snapshot() {
    let dir = Path::new("fixtures/conformance/claude-code-2.1.330");
    let opts = agentls::cli::Options {
        paths: ["round1-agents", "round2-agents", "round3-agents"]
            .iter()
            .map(|r| dir.join(r))
            .collect(),
        format: agentls::cli::Format::Human,
        kind: Some(FileKind::ClaudeAgent),
        targets: None,
        ..Default::default()
    };
    let report = agentls::cli::run(&opts);
    insta::assert_snapshot!(agentls::cli::render_human(&report));
}

/// "round2/22/23 | duplicate `name: folded` | one active (debug: duplicate)":
/// both files get AG107 when checked together.
#[test]
fn duplicate_names_across_files() {
    let opts = agentls::cli::Options {
        paths: vec![root().join("round2-agents")],
        format: agentls::cli::Format::Json,
        kind: Some(FileKind::ClaudeAgent),
        targets: None,
        ..Default::default()
    };
    let report = agentls::cli::run(&opts);
    let mut flagged: Vec<String> = report
        .files
        .iter()
        .filter(|f| f.diagnostics.iter().any(|d| d.rule.code == "AG107"))
        .map(|f| {
            f.path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    flagged.sort();
    assert_eq!(flagged, ["22-folded.md", "23-dup.md"]);
}
