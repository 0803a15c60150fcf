//! The Markdown syntax tree: tree-sitter-md's block tree, kept in step with
//! edits through `InputEdit` and reparsed incrementally, and its inline
//! trees, parsed on demand, one `inline` node at a time.
//!
//! The block tree is all the outline and the folds need. Inline trees (the
//! emphasis, code spans and links inside a paragraph) cost about a hundred
//! times the text they cover (190 MiB for a 1 MiB agent), so none is kept:
//! a feature that needs one (the body's links) parses the few inline nodes
//! it needs, and drops each tree once read. An inline tree is always parsed
//! afresh from its node's included ranges, so it is the same whatever edits
//! led to the block tree (tree-sitter-md's own `MarkdownParser` reuses old
//! inline trees by index, which the `edits` fuzz target caught going wrong).

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};

use ropey::Rope;
use tree_sitter::{InputEdit, Language, Node, Parser, Point, Range, Tree};

/// A Markdown document's block tree, or, for a large document, the
/// promise to parse it in pieces whenever a feature walks it
/// ([`MarkdownTree::for_each_piece`]): no tree is kept then (a whole block
/// tree costs about 100 times its text). Inline trees are parsed on demand
/// ([`inline_tree`]).
#[derive(Clone)]
pub struct MarkdownTree {
    block: Option<Tree>,
    /// Without a block tree: the least length of a piece.
    piece_len: usize,
}

impl MarkdownTree {
    /// A tree that keeps nothing: each walk parses the text in pieces of
    /// at least `piece_len` bytes, each cut before an ATX heading at the
    /// start of a line after a blank line where the pieces' trees are those
    /// of the whole text (not in a fenced code block, an HTML block or the
    /// metadata block), and drops each piece's tree once walked.
    #[must_use]
    pub fn in_pieces(piece_len: usize) -> Self {
        Self {
            block: None,
            piece_len: piece_len.max(1),
        }
    }

    /// The block structure (sections, headings, lists, code blocks, and
    /// `inline` leaves), when it is kept (`None` for [`Self::in_pieces`]).
    #[must_use]
    pub fn block_tree(&self) -> Option<&Tree> {
        self.block.as_ref()
    }

    /// Calls `f` with each piece of `text` (the text the tree is of): its
    /// offset in `text`, its text and its block tree (offsets in the
    /// piece). A kept tree is one piece, the whole text.
    pub fn for_each_piece(&self, text: &str, mut f: impl FnMut(usize, &str, &Tree)) {
        if let Some(block) = &self.block {
            f(0, text, block);
            return;
        }
        let no_cut_before = metadata_end(text);
        let mut base = 0;
        while base < text.len() {
            let mut want = self.piece_len;
            loop {
                let end = next_cut(text, (base + want).max(no_cut_before));
                let piece = &text[base..end];
                let Some(tree) = parse(&Rope::from_str(piece)) else {
                    return;
                };
                let Some(block) = tree.block else {
                    return;
                };
                if end == text.len() || cuts_cleanly(&block, piece.len()) {
                    f(base, piece, &block);
                    base = end;
                    break;
                }
                // Not a clean cut: try one at least twice as far.
                want = (end - base) * 2;
            }
        }
    }
}

/// Where a cut may first fall: after the metadata block (`---` or `+++` as
/// the first line, up to the next line starting so), or nowhere (the text's
/// end) when it is not closed.
fn metadata_end(text: &str) -> usize {
    let line_end = |at: usize| {
        text[at..].find(['\n', '\r']).map_or(text.len(), |i| {
            let end = at + i + 1;
            if text[at + i..].starts_with("\r\n") {
                end + 1
            } else {
                end
            }
        })
    };
    let first = line_end(0);
    let fence = match text[..first].trim_end() {
        "---" => "---",
        "+++" => "+++",
        _ => return 0,
    };
    let mut at = first;
    while at < text.len() {
        let end = line_end(at);
        if text[at..end].starts_with(fence) {
            return end;
        }
        at = end;
    }
    text.len()
}

/// The first place at or after `from` where a piece may end: before a
/// line starting with an ATX heading marker (`#` to `######` then a space,
/// a tab or the line's end) that follows an empty line; else the text's end.
fn next_cut(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = from.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    while let Some(i) = text[at..].find("\n#") {
        let cut = at + i + 1;
        let before = &bytes[..cut - 1];
        let after_empty_line = before.ends_with(b"\n") || before.ends_with(b"\n\r");
        let hashes = bytes[cut..].iter().take_while(|&&b| b == b'#').count();
        if after_empty_line
            && hashes <= 6
            && matches!(
                bytes.get(cut + hashes),
                None | Some(b' ' | b'\t' | b'\n' | b'\r')
            )
        {
            return cut;
        }
        at = cut;
    }
    text.len()
}

/// Whether the tree of a piece `len` bytes long leaves nothing open at its
/// end that the next line could continue: the piece's last byte (the empty
/// line) is in no fenced code block, HTML block or metadata block.
fn cuts_cleanly(block: &Tree, len: usize) -> bool {
    let Some(last) = len.checked_sub(1) else {
        return true;
    };
    let mut node = block.root_node().descendant_for_byte_range(last, len);
    while let Some(n) = node {
        if matches!(
            n.kind(),
            "fenced_code_block" | "html_block" | "minus_metadata" | "plus_metadata"
        ) {
            return false;
        }
        node = n.parent();
    }
    true
}

/// The `inline` (and `pipe_table_cell`) nodes of a block tree, in document
/// order, for which `keep` holds (given each node).
#[must_use]
pub fn inline_nodes<'t>(block: &'t Tree, mut keep: impl FnMut(&Node<'t>) -> bool) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut cursor = block.walk();
    'walk: loop {
        let node = cursor.node();
        if is_inline(&node) {
            if keep(&node) {
                out.push(node);
            }
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

/// Parses the inline tree of an `inline` (or `pipe_table_cell`) node of a
/// block tree of `text`; `None` for any other node. Costs a parse of the
/// node's text: callers ask only for the nodes they need and drop the tree
/// when done.
#[must_use]
pub fn inline_tree(text: &str, node: &Node<'_>) -> Option<Tree> {
    if !is_inline(node) {
        return None;
    }
    let ranges = included_ranges(node);
    PARSERS.with(|p| {
        let Parsers {
            parser,
            inline: inline_language,
            ..
        } = &mut *p.borrow_mut();
        parser.set_language(inline_language).ok()?;
        parser.set_included_ranges(&ranges).ok()?;
        let tree = parser.parse(text, None);
        parser.set_included_ranges(&[]).ok()?;
        tree
    })
}

fn is_inline(node: &Node<'_>) -> bool {
    matches!(node.kind(), "inline" | "pipe_table_cell")
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

/// Reads `rope` chunk by chunk for tree-sitter; never copies the text.
fn reader<'a>(rope: &'a Rope) -> impl FnMut(usize, Point) -> &'a [u8] + 'a {
    move |byte: usize, _: Point| -> &'a [u8] {
        if byte >= rope.len_bytes() {
            return &[];
        }
        let (chunk, start, _, _) = rope.chunk_at_byte(byte);
        &chunk.as_bytes()[byte - start..]
    }
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
    let old_block = old.and_then(|(tree, edits)| {
        let mut block = tree.block?;
        for e in &edits {
            block.edit(e);
        }
        Some(block)
    });
    PARSERS.with(|p| {
        let Parsers {
            parser,
            block: block_language,
            ..
        } = &mut *p.borrow_mut();
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
            let block =
                parser.parse_with_options(&mut reader(rope), old_block.as_ref(), Some(options))?;
            Some(MarkdownTree {
                block: Some(block),
                piece_len: 0,
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

/// The included ranges of an `inline` node: the node's extent minus its
/// named children after the first (the block continuation markers inside
/// it, such as a quote's `>`), as tree-sitter-md's own parser computes them.
fn included_ranges(node: &Node<'_>) -> Vec<Range> {
    let mut range = node.range();
    let mut ranges = Vec::new();
    let mut children = node.walk();
    // As tree-sitter-md's own parser does: the first child is never a
    // marker to leave out.
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
    ranges
}

/// tree-sitter's point for a byte offset: rows count `\n` only, columns are bytes.
#[must_use]
pub fn point(rope: &Rope, offset: usize, lone_cr: bool) -> Point {
    if lone_cr {
        let offset = offset.min(rope.len_bytes());
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
    // Without a lone `\r`, ropey's lines are tree-sitter's rows, and a
    // UTF-8 position's character is the column.
    let at = super::position::to_position(rope, offset, super::position::Encoding::Utf8);
    Point {
        row: at.line as usize,
        column: at.character as usize,
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

/// Every inline tree of `text`'s tree, in document order: the eager form,
/// for tests and measurements (a 1 MiB agent's take about 90 MiB).
#[must_use]
pub fn inline_trees(tree: &MarkdownTree, text: &str) -> Vec<Tree> {
    let mut out = Vec::new();
    tree.for_each_piece(text, |_, piece, block| {
        out.extend(
            inline_nodes(block, |_| true)
                .iter()
                .filter_map(|node| inline_tree(piece, node)),
        );
    });
    out
}

/// A canonical dump of `text`'s tree (each piece's block tree and every
/// inline tree, parsed from `text`), for comparing an incrementally
/// maintained tree with a fresh parse.
#[must_use]
pub fn dump(tree: &MarkdownTree, text: &str) -> String {
    let mut out = String::new();
    tree.for_each_piece(text, |base, piece, block| {
        out.push_str(&format!("@{base} {}", block.root_node().to_sexp()));
        for node in inline_nodes(block, |_| true) {
            if let Some(inline) = inline_tree(piece, &node) {
                let root = inline.root_node();
                out.push_str(&format!(
                    "\n{}..{} {}",
                    root.start_byte(),
                    root.end_byte(),
                    root.to_sexp()
                ));
            }
        }
        out.push('\n');
    });
    out
}
