//! What each structure the server holds for an open document costs, for
//! the generated 1 MiB agent of the benchmark: the growth of the process's
//! resident memory (`/proc/self/statm`) as each is built and kept. A
//! measurement, not run by default (Linux only):
//!
//! ```sh
//! cargo test --release -p agentls --test memory -- --ignored --nocapture
//! ```

#[path = "../../bench/src/common.rs"]
#[allow(dead_code)]
mod common;

use std::path::Path;

use agentls::analysis::{self, FileKind, Target};
use agentls::document::{Document, markdown};
use agentls::workspace::index::Entry;
use ropey::Rope;

/// Resident memory now, in bytes.
fn rss() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("/proc/self/statm");
    let pages: usize = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .expect("resident pages");
    pages * 4096
}

#[allow(clippy::cast_precision_loss)]
fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

#[test]
#[ignore = "a measurement: run with --release --ignored --nocapture"]
#[allow(clippy::print_stdout)]
fn what_each_structure_costs() {
    let text = common::generated(1024 * 1024);
    let mut rows = Vec::new();
    let mut last = rss();
    let mut row = |label: &str, rows: &mut Vec<(String, usize)>| {
        let now = rss();
        rows.push((label.to_owned(), now.saturating_sub(last)));
        last = now;
    };
    let rope = Rope::from_str(&text);
    row("rope (the text)", &mut rows);
    let tree = markdown::parse(&rope).expect("a tree");
    row("block tree", &mut rows);
    let target = Target::new(FileKind::ClaudeAgent);
    let mut memo = analysis::Memo::default();
    let diagnostics = analysis::check_file_memo(&text, target, Some("big"), &mut memo);
    row("memo (last check)", &mut rows);
    let entry = Entry::of(
        &text,
        FileKind::ClaudeAgent,
        Path::new("/w/.claude/agents/big.md"),
    );
    row("workspace index entry", &mut rows);
    let pieces = markdown::MarkdownTree::in_pieces(agentls::document::PIECE_LEN);
    let links = agentls::workspace::symbols::link_destinations(&pieces, &text);
    row(
        "links (in pieces, inline trees parsed one at a time, dropped)",
        &mut rows,
    );
    // What the server keeps: the rope, and no tree over WHOLE_TREE_MAX.
    let mut doc = Document::new(&text, 1);
    doc.reparse();
    let at = text.len() - 10;
    doc.edit(at, at, "x");
    doc.reparse();
    row(
        "a document typed into and reparsed (no tree kept)",
        &mut rows,
    );
    let inlines = markdown::inline_trees(&tree, &text);
    row("every inline tree (not kept)", &mut rows);

    println!("| structure (1 MiB agent) | resident growth |");
    println!("|---|---:|");
    for (label, bytes) in &rows {
        println!("| {label} | {:.1} MiB |", mib(*bytes));
    }
    println!(
        "({} diagnostics, {} links, {} inline trees, {} references)",
        diagnostics.len(),
        links.len(),
        inlines.len(),
        entry.symbols.references.len()
    );
    // Not asserted: what a walk in pieces costs in time, against one of the
    // whole tree kept.
    let timed = |tree: &markdown::MarkdownTree| {
        let start = std::time::Instant::now();
        let n = analysis::outline::symbols(&text, tree).len()
            + analysis::outline::folding(&text, tree).len();
        (start.elapsed(), n)
    };
    let (whole, n_whole) = timed(&tree);
    let (in_pieces, n_pieces) = timed(&pieces);
    assert_eq!(n_whole, n_pieces);
    println!("outline and folds: {whole:?} from the kept tree, {in_pieces:?} parsing in pieces");
    let kept = rows[0].1
        + rows[2..rows.len() - 1]
            .iter()
            .map(|(_, b)| b)
            .sum::<usize>();
    println!(
        "kept by the server (all but the block tree and the inline trees): {:.1} MiB",
        mib(kept)
    );
    assert!(mib(kept) < 40.0, "kept {:.1} MiB", mib(kept));
    drop((tree, memo, doc, inlines));
}
