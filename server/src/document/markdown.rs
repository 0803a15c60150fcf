//! The Markdown syntax tree (tree-sitter-md: a block tree, and an inline
//! tree for each inline node of it), kept in step with edits through
//! `InputEdit` and reparsed incrementally.
//!
//! tree-sitter-md's own `MarkdownParser` reuses the old inline trees by
//! their index in the document: once an edit adds or removes a paragraph,
//! each inline node is reparsed against the old tree of another one, and the
//! result can differ from a fresh parse (found by the `edits` fuzz target:
//! an emphasis went missing). This module drives the two grammars itself: the
//! block tree is reparsed incrementally; an old inline tree is reused, as it
//! is, only for an inline node with the very same included ranges whose text
//! no edit touched; every other inline node is parsed afresh (they are short).

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};

use ropey::Rope;
use tree_sitter::{InputEdit, Language, Node, Parser, Point, Range, Tree};

/// A Markdown document's syntax trees.
#[derive(Clone)]
pub struct MarkdownTree {
    block: Tree,
    inlines: Vec<Tree>,
    /// Block node id of each inline node → its tree in `inlines`.
    by_node: HashMap<usize, usize>,
}

impl MarkdownTree {
    /// The block structure: sections, headings, lists, code blocks, and
    /// `inline` leaves.
    #[must_use]
    pub fn block_tree(&self) -> &Tree {
        &self.block
    }

    /// The inline tree of an `inline` node of [`Self::block_tree`].
    #[must_use]
    pub fn inline_tree(&self, node: &Node<'_>) -> Option<&Tree> {
        self.by_node.get(&node.id()).map(|&i| &self.inlines[i])
    }

    /// Every inline tree, in document order.
    #[must_use]
    pub fn inline_trees(&self) -> &[Tree] {
        &self.inlines
    }
}

struct Parsers {
    parser: Parser,
    block: Language,
    inline: Language,
}

thread_local! {
    static PARSERS: RefCell<Parsers> = RefCell::new(Parsers {
        parser: Parser::new(),
        block: tree_sitter_md::LANGUAGE.into(),
        inline: tree_sitter_md::INLINE_LANGUAGE.into(),
    });
}

/// Parses `rope` from scratch. Reads the rope chunk by chunk; never copies
/// the text.
#[must_use]
pub fn parse(rope: &Rope) -> Option<MarkdownTree> {
    reparse(rope, None, &AtomicBool::new(false))
}

/// Parses `rope`, reusing `old` (the tree of the text before `edits`, which
/// are applied to it here), and giving up (`None`) as soon as `cancelled`
/// is set: a parse of a closed document stops instead of running to its end.
#[must_use]
pub fn reparse(
    rope: &Rope,
    old: Option<(MarkdownTree, Vec<InputEdit>)>,
    cancelled: &AtomicBool,
) -> Option<MarkdownTree> {
    let (old_block, mut reusable) = match old {
        Some((tree, edits)) => {
            let mut block = tree.block;
            for e in &edits {
                block.edit(e);
            }
            (Some(block), untouched_inlines(tree.inlines, &edits))
        }
        None => (None, HashMap::new()),
    };
    PARSERS.with(|p| {
        let Parsers {
            parser,
            block: block_language,
            inline: inline_language,
        } = &mut *p.borrow_mut();
        let mut read = |byte: usize, _: Point| -> &[u8] {
            if byte >= rope.len_bytes() {
                return &[];
            }
            let (chunk, start, _, _) = rope.chunk_at_byte(byte);
            &chunk.as_bytes()[byte - start..]
        };
        let mut check = |_: &tree_sitter::ParseState| {
            if cancelled.load(Ordering::Relaxed) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let tree = (|| {
            parser.set_included_ranges(&[]).ok()?;
            parser.set_language(block_language).ok()?;
            let options = tree_sitter::ParseOptions::new().progress_callback(&mut check);
            let block = parser.parse_with_options(&mut read, old_block.as_ref(), Some(options))?;
            parser.set_language(inline_language).ok()?;
            let mut inlines = Vec::new();
            let mut by_node = HashMap::new();
            for (node, ranges) in inline_nodes(&block) {
                let key: Vec<(usize, usize)> =
                    ranges.iter().map(|r| (r.start_byte, r.end_byte)).collect();
                let tree = match reusable.remove(&key) {
                    Some(tree) => tree,
                    None => {
                        parser.set_included_ranges(&ranges).ok()?;
                        let options =
                            tree_sitter::ParseOptions::new().progress_callback(&mut check);
                        parser.parse_with_options(&mut read, None, Some(options))?
                    }
                };
                by_node.insert(node, inlines.len());
                inlines.push(tree);
            }
            inlines.shrink_to_fit();
            Some(MarkdownTree {
                block,
                inlines,
                by_node,
            })
        })();
        if tree.is_none() {
            // A stopped parse leaves the parser ready to resume it; the
            // next parse is of another text, so start from a fresh parser.
            *parser = Parser::new();
        }
        tree
    })
}

/// The old inline trees that `edits` leave untouched (no edit overlaps or
/// touches the text they span), moved to the new text's offsets, keyed by
/// their included ranges there.
fn untouched_inlines(
    inlines: Vec<Tree>,
    edits: &[InputEdit],
) -> HashMap<Vec<(usize, usize)>, Tree> {
    let mut out = HashMap::with_capacity(inlines.len());
    'trees: for mut tree in inlines {
        let ranges = tree.included_ranges();
        let (Some(first), Some(last)) = (ranges.first(), ranges.last()) else {
            continue;
        };
        let (mut start, mut end) = (first.start_byte, last.end_byte);
        for e in edits {
            // An edit that only touches the span's edge counts: tree-sitter
            // would stretch the tree's range over text it never saw.
            if e.old_end_byte < start {
                let shift = |b: usize| b + e.new_end_byte - e.old_end_byte;
                (start, end) = (shift(start), shift(end));
            } else if e.start_byte <= end {
                continue 'trees;
            }
            tree.edit(e);
        }
        let key = tree
            .included_ranges()
            .iter()
            .map(|r| (r.start_byte, r.end_byte))
            .collect();
        out.insert(key, tree);
    }
    out
}

/// The `inline` (and `pipe_table_cell`) nodes of a block tree, each with
/// its included ranges: the node's extent minus its named children after
/// the first (the block continuation markers inside it, such as a quote's
/// `>`), as tree-sitter-md's own parser computes them.
fn inline_nodes(block: &Tree) -> Vec<(usize, Vec<Range>)> {
    let mut out = Vec::new();
    let mut cursor = block.walk();
    'walk: loop {
        let node = cursor.node();
        let kind = node.kind();
        if kind == "inline" || kind == "pipe_table_cell" {
            let mut range = node.range();
            let mut ranges = Vec::new();
            let mut children = node.walk();
            // As tree-sitter-md's own parser does: the first child is
            // never a marker to leave out.
            for child in node
                .children(&mut children)
                .skip(1)
                .filter(|c| c.is_named())
            {
                ranges.push(Range {
                    start_byte: range.start_byte,
                    start_point: range.start_point,
                    end_byte: child.start_byte(),
                    end_point: child.start_position(),
                });
                range.start_byte = child.end_byte();
                range.start_point = child.end_position();
            }
            ranges.push(range);
            out.push((node.id(), ranges));
        } else if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    out
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
