//! Cursor rules against the reading Cursor's documentation describes
//! (`tests/fixtures/loader/cursor-rule/EXPECTED.tsv`: Cursor has no loader
//! to run, so these expectations come from its documentation and reports,
//! see `docs/formats/cursor-rule.md`). For each of the 40 rules: the mode
//! the code lens shows, no error ever (Cursor refuses nothing that is
//! documented), and the diagnostic each noted reading calls for.

use std::path::{Path, PathBuf};

use agentls::analysis::{self, Severity, Target};

#[test]
fn every_rule_reads_as_documented() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/loader/cursor-rule");
    let expected = std::fs::read_to_string(dir.join("EXPECTED.tsv")).expect("expected");
    let mut wrong = Vec::new();
    let mut checked = 0;
    for line in expected.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        let (file, mode, reading) = (cells[0], cells[1], cells[2]);
        let path = PathBuf::from(format!("/p/.cursor/rules/{file}"));
        let kind = analysis::detect(&path, |_| false).expect("a Cursor rule path");
        let text = std::fs::read_to_string(dir.join(file)).expect("rule");
        let diags = analysis::check(&text, Target::new(kind));
        let codes: Vec<&str> = diags.iter().map(|d| d.rule.code).collect();
        let lens = analysis::roster(&text, kind, None)
            .map(|(_, l)| l)
            .unwrap_or_default();
        let mut why = Vec::new();
        if !lens.starts_with(mode) {
            why.push(format!("mode {lens:?}"));
        }
        if diags.iter().any(|d| d.severity == Severity::Error) {
            why.push("an error".to_owned());
        }
        for (note, code) in [
            ("quotes are reported to be kept literally", "AG991"),
            ("is not the boolean true/false", "AG992"),
            ("ignored keys", "AG201"),
            ("globs unused", "AG993"),
            ("a comma inside {a,b}", "AG995"),
        ] {
            if reading.contains(note) != codes.contains(&code) {
                why.push(format!("{code} for {note:?}"));
            }
        }
        if mode == "Manual" && !reading.contains("whole file") && !codes.contains(&"AG994") {
            why.push("AG994 for a Manual rule".to_owned());
        }
        checked += 1;
        if !why.is_empty() {
            wrong.push(format!(
                "{file}: {why:?}; expected {mode} ({reading}); agentls {codes:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(checked, 40);
}
