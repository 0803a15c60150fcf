//! Every format over every kind of input: the loader fixtures of every set
//! (each read as every format, not only its own) and hostile inputs, through
//! diagnostics and their fixes, the roster line, hover and completion at
//! every line start. Nothing may panic, and every range must lie on
//! character boundaries of the text.

use std::ops::Range;
use std::path::Path;

use agentls::analysis::{self, Target, completion, hover};
use agentls::formats::FORMATS;

fn on_boundaries(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what}: {range:?} outside the text"
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what}: {range:?} splits a character"
    );
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md" || e == "mdc") {
            out.push(path);
        }
    }
}

fn exercise(text: &str) {
    for format in FORMATS {
        let target = Target::new(format.kind);
        for stem in [None, Some("a:b"), Some("")] {
            for d in analysis::check_file(text, target, stem) {
                on_boundaries(text, &d.range, "diagnostic");
                for fix in &d.fixes {
                    for e in &fix.edits {
                        on_boundaries(text, &e.range, "fix");
                    }
                }
            }
            if let Some((range, _)) = analysis::roster(text, format.kind, stem) {
                on_boundaries(text, &range, "roster");
            }
        }
        let mut offsets: Vec<usize> = text.match_indices('\n').map(|(i, _)| i + 1).collect();
        offsets.extend([0, text.len()]);
        offsets.truncate(40);
        for offset in offsets {
            if let Some(h) = hover::hover_in(text, offset, format.kind, Some("x")) {
                on_boundaries(text, &h.range, "hover");
            }
            for item in completion::complete(text, offset, &completion::Request::new(format.kind)) {
                on_boundaries(text, &item.range, "completion");
            }
        }
    }
}

#[test]
fn every_fixture_as_every_format() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/loader");
    let mut all = Vec::new();
    files(&root, &mut all);
    all.sort();
    assert!(all.len() > 1500, "{} fixtures", all.len());
    // Every sixth file keeps the test quick; the sets interleave, so every
    // set is represented.
    for path in all.iter().step_by(6) {
        let bytes = std::fs::read(path).expect("read");
        exercise(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn hostile_inputs_as_every_format() {
    let bomb = format!(
        "---\na: &a [x, x]\n{}description: *j\n---\n",
        (b'b'..=b'j')
            .map(|c| format!(
                "{}: &{} [*{}, *{}]\n",
                c as char,
                c as char,
                (c - 1) as char,
                (c - 1) as char
            ))
            .collect::<String>()
    );
    let deep = format!("---\nhooks: {}{}\n---\n", "[".repeat(500), "]".repeat(500));
    for text in [
        String::new(),
        "---".to_owned(),
        "---\n".to_owned(),
        "---\r\n---\r\n".to_owned(),
        "\u{feff}---\nname: é🚀\n---\n".to_owned(),
        "---\nglobs: *.{ts,\n  - 'x\n---\n".to_owned(),
        "---\n\tname: x\n---\n".to_owned(),
        "\0\u{1}\u{2}---\n\u{0}: \u{0}\n---".to_owned(),
        bomb,
        deep,
        "---\ndescription: 日本語\r\nname: a\r---\r\n".to_owned(),
        format!("---\ndescription: {}\n---\n", "x".repeat(200_000)),
    ] {
        exercise(&text);
    }
}
