//! Every input a fuzz target ever crashed on (`tests/fixtures/fuzz-regressions/`,
//! named after the target and the artifact), run again through what that
//! target runs: an `edits-*` input as the edit script it was (the fuzz
//! target's own code), every other one through analysis of the bytes as
//! every kind of agent file and the example parser.

use agentls::analysis::{self, Target, examples};

#[path = "../../fuzz/edit_script.rs"]
mod edit_script;

#[test]
fn every_past_fuzz_crash_now_analyses() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/fuzz-regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz-regressions folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            continue; // its README
        }
        let bytes = std::fs::read(&path).expect("read");
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("edits-"))
        {
            edit_script::run(&bytes);
            count += 1;
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for kind in agentls::formats::FORMATS.iter().map(|f| f.kind) {
            let diagnostics = analysis::check(&text, Target::new(kind));
            for d in &diagnostics {
                assert!(
                    text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end),
                    "{}: {d:?} splits a character",
                    path.display()
                );
            }
        }
        let _ = examples::description(&text).map(examples::parse);
        count += 1;
    }
    assert!(count >= 1, "no regression inputs in {}", dir.display());
}
