//! Fixture helpers shared by the loader tests: the files of a set, and the
//! no-panic probe every format's fixtures go through (each file cut at a
//! dozen places and with text spliced in there, through diagnostics, fixes,
//! the roster, hover and completion).

use std::path::{Path, PathBuf};

use agentls::analysis::{self, Target};
use agentls::formats;

/// A set's folder: `tests/fixtures/loader/<set>`.
#[must_use]
pub fn folder_of(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/loader")
        .join(set)
}

/// `(file, verdict, detail, read)` for every file a set's verdict file
/// (`VERDICTS.tsv`, `VERDICTS.copilot.tsv`, …) records.
///
/// # Panics
///
/// When the verdict file cannot be read.
#[must_use]
pub fn verdicts(set: &str, file: &str) -> Vec<(String, String, String, String)> {
    let text = std::fs::read_to_string(folder_of(set).join(file)).expect("verdicts");
    text.lines()
        .skip(1)
        .map(|line| {
            let mut cells = line.split('\t');
            let mut next = || cells.next().unwrap_or_default().to_owned();
            (next(), next(), next(), next())
        })
        .collect()
}

/// Text spliced into fixtures by [`cut_and_splice`].
pub const NOISE: &[&str] = &[
    "\r\n", ":", " ", "---", "\n---\n", "\u{feff}", "é", "😀", "[", "'", "\"", "#", "!", "&a",
    "*a", "|", "\t", "- ", "\r", "{", "\n  ", "<<: *a\n",
];

/// Every range `what` reports lies on character boundaries of `text`.
pub fn on_boundaries(text: &str, range: &std::ops::Range<usize>, what: &str) {
    assert!(
        range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end),
        "{what}: {range:?} in {text:?}"
    );
}

/// One text through what an editor asks of it: diagnostics and their fixes,
/// the roster, hover and completion at line starts and a few offsets.
pub fn probe(text: &str, path: &Path) {
    use agentls::analysis::{completion, hover};
    let Some(kind) = analysis::detect(path, |_| false) else {
        return;
    };
    let name = formats::path_name(kind, path);
    for d in analysis::check_file(text, Target::new(kind), name.as_deref()) {
        on_boundaries(text, &d.range, "diagnostic");
        for fix in &d.fixes {
            for e in &fix.edits {
                on_boundaries(text, &e.range, "fix");
            }
        }
    }
    if let Some((range, _)) = analysis::roster(text, kind, name.as_deref()) {
        on_boundaries(text, &range, "roster");
    }
    let mut offsets: Vec<usize> = text.match_indices('\n').map(|(i, _)| i + 1).collect();
    offsets.extend([0, 5, 9, text.len() / 2, text.len()]);
    for offset in offsets {
        let offset = (0..=offset.min(text.len()))
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        if let Some(h) = hover::hover_in(text, offset, kind, name.as_deref()) {
            on_boundaries(text, &h.range, "hover");
        }
        for item in completion::complete(text, offset, &completion::Request::new(kind)) {
            on_boundaries(text, &item.range, "completion");
        }
    }
}

/// Every fixture of `sets`, each placed at `place(set, file name)`, cut at
/// a dozen places and with text spliced in there, through [`probe`];
/// returns how many texts were probed.
///
/// # Panics
///
/// When a feature panics or reports a range off character boundaries.
pub fn cut_and_splice(sets: &[&str], place: fn(&str, &str) -> String) -> usize {
    let mut files = Vec::new();
    for set in sets {
        for entry in walk(&folder_of(set)) {
            files.push((entry, set));
        }
    }
    let mut probes = 0;
    for (i, (file, set)) in files.iter().enumerate() {
        let text = String::from_utf8_lossy(&std::fs::read(file).expect("fixture")).into_owned();
        let path = PathBuf::from(place(
            set,
            file.file_name().and_then(|n| n.to_str()).unwrap_or("a.md"),
        ));
        let step = (text.len() / 12).max(1);
        for (j, cut) in (0..=text.len()).step_by(step).enumerate() {
            let cut = (0..=cut)
                .rev()
                .find(|c| text.is_char_boundary(*c))
                .unwrap_or(0);
            probe(&text[..cut], &path);
            let noise = NOISE[(i * 7 + j) % NOISE.len()];
            probe(&format!("{}{noise}{}", &text[..cut], &text[cut..]), &path);
            probes += 2;
        }
    }
    probes
}

/// The `.md` files below `dir`.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out.sort();
    out
}
