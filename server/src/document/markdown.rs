//! The Markdown syntax tree (tree-sitter-md, block and inline trees), kept
//! in step with edits through `InputEdit` and reparsed incrementally.

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};

use ropey::Rope;
use tree_sitter::{InputEdit, Point};
use tree_sitter_md::{MarkdownParser, MarkdownTree};

thread_local! {
    static PARSER: RefCell<MarkdownParser> = RefCell::new(MarkdownParser::default());
}

/// Parses `rope` (reusing `old`, which must have been edited to match).
/// Reads the rope chunk by chunk; never copies the text.
#[must_use]
pub fn parse(rope: &Rope, old: Option<&MarkdownTree>) -> Option<MarkdownTree> {
    parse_unless(rope, old, &AtomicBool::new(false))
}

/// [`parse`], giving up (`None`) as soon as `cancelled` is set: a parse of
/// a closed document stops instead of running to its end.
#[must_use]
pub fn parse_unless(
    rope: &Rope,
    old: Option<&MarkdownTree>,
    cancelled: &AtomicBool,
) -> Option<MarkdownTree> {
    PARSER.with(|p| {
        let mut parser = p.borrow_mut();
        let mut read = |byte: usize, _: Point| -> &[u8] {
            if byte >= rope.len_bytes() {
                return &[];
            }
            let (chunk, start, _, _) = rope.chunk_at_byte(byte);
            &chunk.as_bytes()[byte - start..]
        };
        let check = |_: &tree_sitter::ParseState| {
            if cancelled.load(Ordering::Relaxed) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let (mut block_check, mut inline_check) = (check, check);
        let options = tree_sitter_md::MarkdownParseOptions::new(
            Some(tree_sitter::ParseOptions::new().progress_callback(&mut block_check)),
            Some(tree_sitter::ParseOptions::new().progress_callback(&mut inline_check)),
        );
        let tree = parser.parse_with_options(&mut read, old, options);
        if tree.is_none() {
            // A stopped parse leaves the parser ready to resume it; the
            // next parse is of another text, so start from a fresh parser.
            *parser = MarkdownParser::default();
        }
        tree
    })
}

/// tree-sitter's point for a byte offset: rows count `\n` only, columns are bytes.
#[must_use]
pub fn point(rope: &Rope, offset: usize, lone_cr: bool) -> Point {
    let offset = offset.min(rope.len_bytes());
    if lone_cr {
        // Rare: ropey's lines also break at a lone `\r`; count `\n` by hand.
        let mut row = 0;
        let mut last_nl = 0;
        for (i, b) in rope.byte_slice(..offset).bytes().enumerate() {
            if b == b'\n' {
                row += 1;
                last_nl = i + 1;
            }
        }
        return Point {
            row,
            column: offset - last_nl,
        };
    }
    let line = rope.byte_to_line(offset);
    Point {
        row: line,
        column: offset - rope.line_to_byte(line),
    }
}

/// The point after inserting `text` at `start`.
#[must_use]
pub fn point_after(start: Point, text: &str) -> Point {
    match text.rfind('\n') {
        Some(i) => Point {
            row: start.row + text.matches('\n').count(),
            column: text.len() - i - 1,
        },
        None => Point {
            row: start.row,
            column: start.column + text.len(),
        },
    }
}

/// The `InputEdit` for replacing `start..old_end` of `rope` (before the
/// edit) with `new_text`.
#[must_use]
pub fn input_edit(
    rope: &Rope,
    start: usize,
    old_end: usize,
    new_text: &str,
    lone_cr: bool,
) -> InputEdit {
    let start_position = point(rope, start, lone_cr);
    InputEdit {
        start_byte: start,
        old_end_byte: old_end,
        new_end_byte: start + new_text.len(),
        start_position,
        old_end_position: point(rope, old_end, lone_cr),
        new_end_position: point_after(start_position, new_text),
    }
}

/// A canonical dump of a tree (block tree and every inline tree), for
/// comparing an incrementally maintained tree with a fresh parse.
#[must_use]
pub fn dump(tree: &MarkdownTree) -> String {
    let mut out = tree.block_tree().root_node().to_sexp();
    for inline in tree.inline_trees() {
        let root = inline.root_node();
        out.push_str(&format!(
            "\n{}..{} {}",
            root.start_byte(),
            root.end_byte(),
            root.to_sexp()
        ));
    }
    out
}
