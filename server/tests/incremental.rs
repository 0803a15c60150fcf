//! The incremental state after any sequence of edits equals a fresh parse of
//! the final text: the rope, the Markdown tree (block and inline trees) and
//! the diagnostics with their positions; the memoized check agrees with a
//! full one after every step, and so does a check of the head alone
//! whenever it answers. Random edit scripts from a fixed
//! seed, a bounded number of cases.

use crate::common::edit;
use agentls::analysis::{self, FileKind, Target};
use agentls::document::Document;
use agentls::document::markdown;
use agentls::document::position::{self, Encoding};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use ropey::Rope;
use std::sync::atomic::{AtomicUsize, Ordering};

const SEED_AGENT: &str = include_str!("../../tests/fixtures/seeds/001_f442e1d585de68cb.md");

/// Pieces of text that matter to the parsers: fences, keys, quotes,
/// Markdown syntax, line ends of every kind, multi-byte characters.
const PIECES: &[&str] = &[
    "---",
    "\n  ---\n",
    "\n",
    "\r\n",
    "\r",
    "name: x",
    "description: ",
    ": ",
    "\"",
    "'",
    "#",
    "# Heading\n",
    "- ",
    "* ",
    "`code`",
    "**b**",
    "[l](u)",
    "<example>",
    "\\n",
    "😀",
    "漢字",
    "é",
    "\t",
    " ",
    "tools: Read, Grep\n",
    "|\n  ",
    "```\n",
    "> ",
    "x",
];

#[derive(Debug, Clone)]
enum Step {
    /// Replace chars `start..start+len` (as fractions of the text) with a piece.
    Edit { at: f64, len: usize, piece: usize },
    /// Reparse now.
    Reparse,
    /// Start a background parse, make more edits, then install its result.
    Background {
        at: f64,
        piece: usize,
        at2: f64,
        len2: usize,
    },
    /// Start a parse, edit, start another (as a request that needs the tree
    /// does while the background parse runs), edit, then install both
    /// results, in either order: only the newer may stay.
    Overlapping {
        at: f64,
        piece: usize,
        at2: f64,
        newer_first: bool,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0.0..1.0f64, 0..6usize, 0..PIECES.len()).prop_map(|(at, len, piece)| Step::Edit { at, len, piece }),
        1 => Just(Step::Reparse),
        2 => (0.0..1.0f64, 0..PIECES.len(), 0.0..1.0f64, 0..40usize)
            .prop_map(|(at, piece, at2, len2)| Step::Background { at, piece, at2, len2 }),
        1 => (0.0..1.0f64, 0..PIECES.len(), 0.0..1.0f64, proptest::bool::ANY)
            .prop_map(|(at, piece, at2, newer_first)| Step::Overlapping { at, piece, at2, newer_first }),
    ]
}

/// How often a prefix was enough to reuse the memo (the test is not vacuous).
static REUSED: AtomicUsize = AtomicUsize::new(0);

/// How often a prefix was enough to check the text (not vacuous either).
static HEADS: AtomicUsize = AtomicUsize::new(0);

fn run(steps: &[Step]) {
    let mut doc = Document::new(SEED_AGENT, 0);
    doc.reparse();
    let mut model = SEED_AGENT.to_owned();
    let target = Target::new(FileKind::ClaudeAgent);
    let mut memo = analysis::Memo::default();
    for s in steps {
        // The memoized check (the server's keystroke path) agrees with a
        // full one after every step, from the whole text and from the short
        // prefixes the server reads when it can.
        if let Some(head) = memo.head_len() {
            for more in [0, 1, 2, 8, 256] {
                let mut end = (head + more).min(model.len());
                while !model.is_char_boundary(end) {
                    end -= 1;
                }
                if let Some(reused) = memo.reuse(&model[..end], model.len(), target, Some("agent"))
                {
                    REUSED.fetch_add(1, Ordering::Relaxed);
                    assert_eq!(
                        reused,
                        analysis::check_file(&model, target, Some("agent")),
                        "diagnostics reused from {end} bytes of {model:?}"
                    );
                }
            }
        }
        // A check of the head alone (the server's frontmatter keystroke)
        // agrees with a full one whenever it answers, with the last memo and
        // without one, from prefixes of every length around the head.
        let full = analysis::check_file(&model, target, Some("agent"));
        let head = memo.head_len().unwrap_or(model.len() / 2);
        for end in [head / 2, head, head + 1, head + 8, head + 64, head + 1024] {
            let mut end = end.min(model.len());
            while !model.is_char_boundary(end) {
                end -= 1;
            }
            for mut from in [memo.clone(), analysis::Memo::default()] {
                if let Some(checked) = analysis::check_head_memo(
                    &model[..end],
                    model.len(),
                    target,
                    Some("agent"),
                    &mut from,
                ) {
                    if end < model.len() {
                        HEADS.fetch_add(1, Ordering::Relaxed);
                    }
                    assert_eq!(checked, full, "diagnostics of {end} bytes of {model:?}");
                    // What it memoizes holds for the whole text too.
                    assert_eq!(
                        analysis::check_file_memo(&model, target, Some("agent"), &mut from),
                        full,
                        "memoized from {end} bytes of {model:?}"
                    );
                }
            }
        }
        assert_eq!(
            analysis::check_file_memo(&model, target, Some("agent"), &mut memo),
            full,
            "memoized diagnostics of {model:?}"
        );
        match s {
            Step::Edit { at, len, piece } => edit(&mut doc, &mut model, *at, *len, PIECES[*piece]),
            Step::Reparse => doc.reparse(),
            Step::Background {
                at,
                piece,
                at2,
                len2,
            } => {
                let job = doc.parse_job();
                edit(&mut doc, &mut model, *at, 0, PIECES[*piece]);
                edit(&mut doc, &mut model, *at2, *len2, "");
                doc.install(job.run());
            }
            Step::Overlapping {
                at,
                piece,
                at2,
                newer_first,
            } => {
                let older = doc.parse_job();
                edit(&mut doc, &mut model, *at, 0, PIECES[*piece]);
                assert!(doc.tree().is_none(), "a tree behind the text");
                let newer = doc.parse_job();
                edit(&mut doc, &mut model, *at2, 0, PIECES[*piece]);
                let (older, newer) = (older.run(), newer.run());
                if *newer_first {
                    doc.install(newer);
                    doc.install(older);
                } else {
                    doc.install(older);
                    doc.install(newer);
                }
                assert!(doc.tree().is_none(), "a tree behind the text");
                doc.reparse();
                let fresh = markdown::parse(&Rope::from_str(&model)).expect("fresh parse");
                assert_eq!(
                    markdown::dump(doc.tree().expect("tree"), &doc.text()),
                    markdown::dump(&fresh, &model),
                    "tree after overlapping parses of {model:?}"
                );
            }
        }
    }
    assert_eq!(
        analysis::check_file_memo(&model, target, Some("agent"), &mut memo),
        analysis::check_file(&model, target, Some("agent")),
        "memoized diagnostics of {model:?}"
    );
    doc.reparse();
    assert_eq!(doc.text(), model, "rope");
    let fresh = markdown::parse(&Rope::from_str(&model)).expect("fresh parse");
    let tree = doc.tree().expect("tree after reparse");
    assert_eq!(
        markdown::dump(tree, &doc.text()),
        markdown::dump(&fresh, &model),
        "tree"
    );
    // Diagnostics, with positions computed through the edited rope and a fresh one.
    let incremental = analysis::check(&doc.text(), target);
    let full = analysis::check(&model, target);
    assert_eq!(incremental, full, "diagnostics");
    let fresh_rope = Rope::from_str(&model);
    for d in &full {
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for off in [d.range.start, d.range.end] {
                assert_eq!(
                    position::to_position(doc.rope(), off, enc),
                    position::to_position(&fresh_rope, off, enc),
                    "position of {off} in {enc:?}"
                );
            }
        }
    }
}

#[test]
fn incremental_state_equals_a_fresh_parse() {
    let config = Config {
        cases: 96,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    runner
        .run(&proptest::collection::vec(step(), 1..40), |steps| {
            run(&steps);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        REUSED.load(Ordering::Relaxed) > 100,
        "prefixes reused the memo {} times",
        REUSED.load(Ordering::Relaxed)
    );
    assert!(
        HEADS.load(Ordering::Relaxed) > 100,
        "prefixes were checked {} times",
        HEADS.load(Ordering::Relaxed)
    );
}

/// A hand-written script through the cases most likely to go wrong.
#[test]
fn known_tricky_sequence() {
    run(&[
        Step::Edit {
            at: 0.0,
            len: 0,
            piece: 5,
        },
        Step::Background {
            at: 0.5,
            piece: 2,
            at2: 0.1,
            len2: 30,
        },
        Step::Edit {
            at: 0.99,
            len: 3,
            piece: 18,
        },
        Step::Edit {
            at: 0.3,
            len: 0,
            piece: 3,
        },
        Step::Reparse,
        Step::Edit {
            at: 0.2,
            len: 5,
            piece: 0,
        },
        Step::Background {
            at: 0.0,
            piece: 19,
            at2: 0.9,
            len2: 3,
        },
    ]);
}
