//! The keystroke path, measured in process: for each input, type 1,000
//! characters one edit at a time into the description and then into the body,
//! and time what the server does on every `didChange` before publishing
//! (apply the edit to the rope and the tree, analyse, convert to LSP).
//! The Markdown reparse runs off that path; its time is reported apart.
//!
//! Run: `cargo bench -p agentls --bench keystroke`

#![allow(clippy::print_stdout)] // a bench binary reports on stdout

use std::time::Instant;

use agentls::analysis::{self, FileKind, Target};
use agentls::document::{Document, Encoding};
use agentls::lsp::convert;

#[path = "../../bench/src/common.rs"]
mod common;
use common::{generated, percentile};

fn fixture(rel: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn keystroke(doc: &mut Document, at: usize, c: &str) -> usize {
    doc.edit(at, at, c);
    let text = doc.text();
    let diags = analysis::check(&text, Target::new(FileKind::ClaudeAgent));
    let lsp: Vec<_> = diags
        .iter()
        .map(|d| convert::diagnostic(doc.rope(), d, Encoding::Utf16))
        .collect();
    lsp.len()
}

fn run(label: &str, text: &str) {
    for (place, offset) in [
        (
            "description",
            text.find("description:").map_or(0, |i| i + 30),
        ),
        ("body", text.len().saturating_sub(10)),
    ] {
        let mut doc = Document::new(text, 0);
        doc.reparse();
        let mut times = Vec::with_capacity(1000);
        let mut published = 0;
        for (i, at) in (offset..).take(1000).enumerate() {
            let c = if i % 10 == 9 { " " } else { "x" };
            let start = Instant::now();
            published += keystroke(&mut doc, at, c);
            times.push(start.elapsed());
        }
        // Off the keystroke path: a fresh parse (what follows 1,000 edits),
        // then the median incremental reparse after one keystroke.
        let reparse = {
            let start = Instant::now();
            doc.reparse();
            start.elapsed()
        };
        let mut incremental = Vec::new();
        for i in 0..9 {
            doc.edit(offset + i, offset + i, "y");
            let start = Instant::now();
            doc.reparse();
            incremental.push(start.elapsed());
        }
        incremental.sort();
        times.sort();
        println!(
            "{label:<34} {place:<12} p50 {:>9.3?}  p99 {:>9.3?}  max {:>9.3?}   off-path: fresh parse {:>9.3?}, reparse after a keystroke {:>9.3?}   [{published} diagnostics published]",
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            times[times.len() - 1],
            reparse,
            incremental[incremental.len() / 2],
        );
    }
}

fn main() {
    let typical = fixture("seeds/000_135de6437549c4ed.md");
    let largest = {
        let mut best = String::new();
        for dir in [
            "corpus/wshobson/agents/plugins",
            "corpus/VoltAgent/awesome-claude-code-subagents/categories",
        ] {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../tests/fixtures")
                .join(dir);
            for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
                let p = entry.path();
                if p.extension().is_some_and(|e| e == "md")
                    && p.components()
                        .any(|c| c.as_os_str() == "agents" || c.as_os_str() == "categories")
                {
                    let t = std::fs::read_to_string(p).unwrap_or_default();
                    if t.len() > best.len() {
                        best = t;
                    }
                }
            }
        }
        best
    };
    let big = generated(1024 * 1024);
    println!(
        "keystroke → diagnostics ready to publish (edit + analysis + LSP conversion), 1,000 keystrokes each"
    );
    run(&format!("typical seed ({} B)", typical.len()), &typical);
    run(
        &format!("largest corpus agent ({} B)", largest.len()),
        &largest,
    );
    run(&format!("generated agent ({} B)", big.len()), &big);
}
