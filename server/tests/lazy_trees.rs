//! The document keeps only the Markdown block tree, reparsed incrementally
//! after edits, and parses inline trees on demand; a large one keeps no tree
//! and is parsed in pieces by each walk. After random edits both lazy forms
//! give the same diagnostics, outline (symbols and folds), preview, inline
//! trees and links as building everything eagerly (a fresh parse of the
//! final text with every inline tree). Random edit scripts from a fixed
//! seed, a bounded number of cases; the pieces are made as small as the
//! text allows, so that every cut is exercised.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common::edit;
use agentls::analysis::{self, FileKind, Target, examples, outline};
use agentls::document::Document;
use agentls::document::markdown::{self, MarkdownTree};
use agentls::workspace::symbols;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use ropey::Rope;

const SEED_AGENT: &str = include_str!("../../tests/fixtures/seeds/001_f442e1d585de68cb.md");

/// A body with headings to cut before, and some that no cut may precede
/// (in a fenced code block, an HTML block, a quote, a list).
const BODY: &str = "\n# One\n\nText with a [link](a.md).\n\n## Two\n\n```\n\n# not a heading\n```\n\n\
    <!-- a comment\n\n# in the comment\n-->\n\n# Three\n\n> quoted\n\n# Four\n\n- item\n\n  # in the item\n\n\
    ### Five\n\n[ref]: ref.md\n\n# Six\n";

/// Body Markdown the outline, the folds and the links read, and the
/// frontmatter pieces the diagnostics and the preview read.
const PIECES: &[&str] = &[
    "\n",
    "\r\n",
    "# Heading\n",
    "## Sub\n",
    "Setext\n---\n",
    "- item\n",
    "  - nested\n",
    "1. one\n",
    "```\n",
    "```rust\nfn x() {}\n```\n",
    "> ",
    "> quoted [q](q.md)\n",
    "[l](u)",
    "[doc](docs/a.md#part)",
    "](",
    "]",
    "(",
    "[ref]: ref.md\n",
    "[ref]",
    "<b.md>",
    "| a | [t](t.md) |\n|---|---|\n| 1 | 2 |\n",
    "**b**",
    "`code`",
    "\\",
    "description: ",
    "<example>\\nuser: \\\"hi\\\"\\n</example>",
    "---\n",
    "😀",
    " ",
    "x",
];

#[derive(Debug, Clone)]
enum Step {
    /// Replace chars `start..start+len` (as fractions of the text) with a piece.
    Edit { at: f64, len: usize, piece: usize },
    /// The background parse (as the server runs it after a typing pause).
    Reparse,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0.0..1.0f64, 0..8usize, 0..PIECES.len()).prop_map(|(at, len, piece)| Step::Edit { at, len, piece }),
        1 => Just(Step::Reparse),
    ]
}

/// The preview of the description, as `agentls/previewExamples` renders it.
fn preview(text: &str) -> Option<String> {
    let name = analysis::agent_name(text).map(|(n, _)| n);
    examples::of(text).map(|ex| examples::render(&ex, name.as_deref()))
}

/// Every `link_destination` of the block tree and of every inline tree,
/// all built up front (the eager form).
fn eager_link_destinations(
    inlines: &[tree_sitter::Tree],
    block: &tree_sitter::Tree,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for tree in std::iter::once(block).chain(inlines) {
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            if node.kind() == "link_destination" {
                out.push(node.byte_range());
                continue;
            }
            let mut cursor = node.walk();
            stack.extend(node.children(&mut cursor));
        }
    }
    out.sort_by_key(|r| (r.start, r.end));
    out.dedup();
    out
}

fn run(steps: &[Step]) -> usize {
    let target = Target::new(FileKind::ClaudeAgent);
    let mut model = format!("{SEED_AGENT}{BODY}");
    let mut doc = Document::new(&model, 0);
    doc.reparse();
    let mut memo = analysis::Memo::default();
    for s in steps {
        match s {
            Step::Edit { at, len, piece } => {
                edit(&mut doc, &mut model, *at, *len, PIECES[*piece]);
            }
            Step::Reparse => doc.reparse(),
        }
        // The keystroke path: memoized diagnostics of the edited rope.
        let _ = analysis::check_file_memo(&doc.text(), target, Some("agent"), &mut memo);
    }
    doc.reparse();
    let text = doc.text();
    assert_eq!(text, model, "rope");
    let lazy = doc.tree().expect("tree after reparse");

    // Eager: everything built from the final text at once.
    let rope = Rope::from_str(&model);
    let eager = markdown::parse(&rope).expect("fresh parse");
    let inlines = markdown::inline_trees(&eager, &model);

    assert_eq!(
        analysis::check_file_memo(&text, target, Some("agent"), &mut memo),
        analysis::check_file(&model, target, Some("agent")),
        "diagnostics of {model:?}"
    );
    assert_eq!(
        outline::symbols(&text, lazy),
        outline::symbols(&model, &eager),
        "outline of {model:?}"
    );
    assert_eq!(
        outline::folding(&text, lazy),
        outline::folding(&model, &eager),
        "folds of {model:?}"
    );
    assert_eq!(preview(&text), preview(&model), "preview of {model:?}");

    // Pieces: each walk parses the text in pieces, cut wherever it can be.
    let pieces = MarkdownTree::in_pieces(1);
    assert_eq!(
        outline::symbols(&model, &pieces),
        outline::symbols(&model, &eager),
        "outline in pieces of {model:?}"
    );
    assert_eq!(
        outline::folding(&model, &pieces),
        outline::folding(&model, &eager),
        "folds in pieces of {model:?}"
    );

    // Each inline tree parsed on demand, from the maintained block tree and
    // from the pieces, is the one built eagerly.
    let eager_inlines: Vec<(Range<usize>, String)> = inlines
        .iter()
        .map(|t| (t.root_node().byte_range(), t.root_node().to_sexp()))
        .collect();
    for (tree, what) in [(lazy, "maintained"), (&pieces, "pieces")] {
        let mut on_demand = Vec::new();
        let mut count = 0;
        tree.for_each_piece(&text, |base, piece, block| {
            count += 1;
            for node in markdown::inline_nodes(block, |_| true) {
                let t = markdown::inline_tree(piece, &node).expect("an inline tree");
                let r = t.root_node().byte_range();
                on_demand.push((base + r.start..base + r.end, t.root_node().to_sexp()));
            }
        });
        assert_eq!(on_demand, eager_inlines, "{what} inline trees of {model:?}");
        if what == "pieces" {
            PIECES_SEEN.fetch_add(count - 1, Ordering::Relaxed);
        }
    }

    // Links: only the inline nodes with a `](` are parsed, and none is missed.
    let eager_links = eager_link_destinations(&inlines, eager.block_tree().expect("whole"));
    for tree in [lazy, &pieces] {
        let mut links = symbols::link_destinations(tree, &text);
        links.sort_by_key(|r| (r.start, r.end));
        links.dedup();
        assert_eq!(links, eager_links, "links of {model:?}");
    }
    eager_links.len()
}

/// How many cuts the pieces made (the test is not vacuous).
static PIECES_SEEN: AtomicUsize = AtomicUsize::new(0);

#[test]
fn lazy_trees_give_what_eager_trees_give() {
    let config = Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[16; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let links = std::cell::Cell::new(0);
    runner
        .run(&proptest::collection::vec(step(), 1..30), |steps| {
            links.set(links.get() + run(&steps));
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    // Not vacuous: the scripts made links for the lazy parse to find.
    assert!(links.get() > 50, "{} links found", links.get());
    assert!(
        PIECES_SEEN.load(Ordering::Relaxed) > 50,
        "{} cuts",
        PIECES_SEEN.load(Ordering::Relaxed)
    );
}
