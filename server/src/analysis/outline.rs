//! The outline (document symbols) and the folding ranges of an agent file.
//!
//! Pure functions from a text and its Markdown tree to byte ranges; nothing
//! here knows about LSP. The frontmatter is the one Claude Code reads
//! ([`frontmatter::locate()`], then [`frontmatter::parse`] with its quoting
//! retry), so its extent ends at the first `---` anywhere, even mid-value,
//! and the body starts where Claude Code's body starts. While the YAML is
//! broken (a key half typed) its intact entries are still listed, and
//! before the closing `---` is written the frontmatter runs to its last
//! entry ([`tolerant::read`]).
//!
//! The body's headings, code blocks and list items come from tree-sitter-md.
//! Its tree does not always agree with Claude Code about where the body
//! starts: its `minus_metadata` node runs to the next `---` *line*, so when
//! a `---` inside a value cuts the frontmatter, the node swallows the start
//! of the body; and when it does not recognise the frontmatter at all, the
//! closing `---` can look like a setext underline. So nothing before the
//! body's start is taken from the tree, and when a top-level node of the
//! tree straddles that start, the body's part of it is parsed again on its
//! own (the rest of the body still comes from the tree).
//!
//! Headings inside block quotes and list items are not part of the outline:
//! they belong to the quote or the item, not to the document's sections.

use std::ops::Range;

use crate::document::markdown::{self, MarkdownTree};
use tree_sitter::{Node as TsNode, Tree};

use crate::frontmatter::tolerant::{self, Tolerant};
use crate::frontmatter::{self, Located, Node, NodeKind};

/// The longest [`Symbol::detail`] rendering of a value, in characters
/// (an ellipsis is added when a value is cut).
pub const DETAIL_MAX_CHARS: usize = 60;

/// An entry of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// What to show: `frontmatter`, a key, or a heading's text.
    pub name: String,
    /// A short one-line addition: the agent's name for the frontmatter, the
    /// value for a key, nothing for a heading.
    pub detail: Option<String>,
    /// What the symbol is.
    pub kind: SymbolKind,
    /// The whole extent, in bytes of the text.
    pub range: Range<usize>,
    /// The name's own range (inside `range`), in bytes of the text.
    pub selection: Range<usize>,
    /// Nested symbols, in source order, each inside `range`.
    pub children: Vec<Symbol>,
}

/// The kind of a [`Symbol`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    /// The frontmatter block, fences included.
    Frontmatter,
    /// A top-level key of the frontmatter, from the key to the end of its value.
    Key,
    /// An `<example>` block of the description (a child of the `description` key).
    Example,
    /// A Markdown heading (ATX `#` or setext) of the body, with its section.
    Heading {
        /// 1 for `#` and `===`, 2 for `##` and `---`, up to 6.
        level: u8,
    },
}

/// A foldable region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    /// From the start of the first line to the end of the last non-blank
    /// one (never including the final line break), in bytes of the text.
    /// Always spans at least two lines.
    pub range: Range<usize>,
    /// What is folded.
    pub kind: FoldKind,
}

/// The kind of a [`Fold`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FoldKind {
    /// The frontmatter block, fences included.
    Frontmatter,
    /// A multi-line YAML value with its key (a block scalar, a list or a
    /// mapping under a key, a quoted or plain scalar continued on more lines),
    /// at any depth.
    Value,
    /// A heading's section: the heading line to the section's last non-blank line.
    Section,
    /// A fenced code block, fences included.
    Code,
    /// An `<example>` block of the description spanning several lines.
    Example,
    /// A Markdown list item spanning several lines (wrapped text, nested
    /// lists or blocks).
    ListItem,
}

/// The outline of `text`: the frontmatter (if the file has one) with its
/// top-level keys as children, then the body's headings nested by level.
///
/// `tree` must be the Markdown tree of `text`. Never panics: with a tree of
/// another text the headings are meaningless, but every range still lies on
/// character boundaries of `text`.
#[must_use]
pub fn symbols(text: &str, tree: &MarkdownTree) -> Vec<Symbol> {
    let fm = parse_frontmatter(text);
    let body = Body::collect(text, tree, fm.as_ref().map(|f| &f.located));
    let mut out = Vec::new();
    if let Some(fm) = &fm {
        out.push(frontmatter_symbol(text, fm));
    }
    out.extend(heading_tree(text, &body.headings));
    out
}

/// The folding ranges of `text`, sorted by start (outer before inner): the
/// frontmatter, its multi-line values, each heading's section, fenced code
/// blocks and multi-line list items. Only ranges spanning two lines or more.
///
/// `tree` must be the Markdown tree of `text`. Never panics.
#[must_use]
pub fn folding(text: &str, tree: &MarkdownTree) -> Vec<Fold> {
    let fm = parse_frontmatter(text);
    let body = Body::collect(text, tree, fm.as_ref().map(|f| &f.located));
    let mut out = Vec::new();
    let mut push = |range: Range<usize>, kind: FoldKind| {
        let range = trim_end(text, range);
        if text
            .get(range.clone())
            .is_some_and(|s| s.contains(['\n', '\r']))
        {
            out.push(Fold { range, kind });
        }
    };
    if let Some(fm) = &fm {
        let l = &fm.located;
        push(l.open.start..l.close.end, FoldKind::Frontmatter);
        // Every multi-line entry, at any depth (iteratively: YAML nests deep).
        let mut stack: Vec<&[frontmatter::yaml::Entry]> = vec![&fm.entries];
        while let Some(entries) = stack.pop() {
            for e in entries {
                push(entry_range(text, &e.key, &e.value), FoldKind::Value);
                let mut values = vec![&e.value];
                while let Some(value) = values.pop() {
                    match &value.kind {
                        NodeKind::Map(inner) => stack.push(inner),
                        NodeKind::Seq(items) => values.extend(items),
                        NodeKind::Scalar(_) | NodeKind::Alias(_) => {}
                    }
                }
            }
        }
    }
    if let Some(fm) = &fm
        && let Some(d) =
            super::examples::description_in(text, fm.located.content.end, &fm.entries, &fm.quoted)
    {
        let ex = super::examples::parse(d);
        for e in &ex.examples {
            push(ex.description.source(&e.loaded), FoldKind::Example);
        }
    }
    for (h, end) in body.headings.iter().zip(section_ends(text, &body.headings)) {
        push(h.start..end, FoldKind::Section);
    }
    for r in &body.code {
        push(r.clone(), FoldKind::Code);
    }
    for r in &body.list_items {
        push(r.clone(), FoldKind::ListItem);
    }
    out.sort_by(|a, b| {
        (a.range.start, std::cmp::Reverse(a.range.end), a.kind as u8).cmp(&(
            b.range.start,
            std::cmp::Reverse(b.range.end),
            b.kind as u8,
        ))
    });
    out.dedup_by(|a, b| a.range == b.range);
    out
}

/// The description's examples as symbols: "Example 2: Context: …".
fn example_symbols(text: &str, fm: &Tolerant) -> Vec<Symbol> {
    let Some(d) =
        super::examples::description_in(text, fm.located.content.end, &fm.entries, &fm.quoted)
    else {
        return Vec::new();
    };
    let ex = super::examples::parse(d);
    ex.examples
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let range = ex.description.source(&e.loaded);
            let first = e
                .parts
                .iter()
                .find(|p| p.kind != super::examples::PartKind::Commentary);
            let label = first.map(|p| {
                let prefix = match p.kind {
                    super::examples::PartKind::Context => "Context: ",
                    super::examples::PartKind::User => "user: ",
                    super::examples::PartKind::Assistant => "assistant: ",
                    _ => "",
                };
                let text: String = format!("{prefix}{}", p.text)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                if text.chars().count() > DETAIL_MAX_CHARS {
                    format!(
                        "{}…",
                        text.chars().take(DETAIL_MAX_CHARS).collect::<String>()
                    )
                } else {
                    text
                }
            });
            let tag = range.start..range.start + text[range.clone()].find('>').map_or(0, |i| i + 1);
            Symbol {
                name: match &label {
                    Some(l) => format!("Example {}: {l}", i + 1),
                    None => format!("Example {}", i + 1),
                },
                detail: None,
                kind: SymbolKind::Example,
                range,
                selection: tag,
                children: Vec::new(),
            }
        })
        .collect()
}

/// The frontmatter as far as it can be read ([`tolerant::read`]): as
/// Claude Code reads it when it can, else its intact entries, also before
/// the closing `---` is written.
fn parse_frontmatter(text: &str) -> Option<Tolerant> {
    tolerant::read(text)
}

fn frontmatter_symbol(text: &str, fm: &Tolerant) -> Symbol {
    let l = &fm.located;
    let children = fm
        .entries
        .iter()
        .map(|e| Symbol {
            name: key_name(text, &e.key),
            detail: render(text, &e.value),
            kind: SymbolKind::Key,
            range: entry_range(text, &e.key, &e.value),
            selection: e.key.span.clone(),
            children: if e.key.as_str() == Some("description") {
                example_symbols(text, fm)
            } else {
                Vec::new()
            },
        })
        .collect();
    Symbol {
        name: "frontmatter".to_owned(),
        detail: fm.get("name").and_then(|n| render(text, n)),
        kind: SymbolKind::Frontmatter,
        range: l.open.start..l.close.end,
        selection: l.open.clone(),
        children,
    }
}

/// A key's name: its scalar text, else its source.
fn key_name(text: &str, key: &Node) -> String {
    let name = match key.scalar() {
        Some(s) if !s.text.is_empty() => s.text.to_string(),
        _ => one_line(text.get(key.span.clone()).unwrap_or("")),
    };
    if name.is_empty() {
        "(empty key)".to_owned()
    } else {
        name
    }
}

/// From the key to the end of its value's last non-blank character.
fn entry_range(text: &str, key: &Node, value: &Node) -> Range<usize> {
    let value_end = trim_end(text, value.span.clone()).end;
    key.span.start..value_end.max(key.span.end)
}

/// A one-line rendering of a YAML value, cut at [`DETAIL_MAX_CHARS`];
/// `None` for an empty value.
fn render(text: &str, node: &Node) -> Option<String> {
    let mut line = Line::default();
    render_into(text, node, &mut line);
    if line.out.is_empty() {
        return None;
    }
    if line.cut {
        line.out.push('…');
    }
    Some(line.out)
}

/// A one-line rendering under construction: whitespace runs collapse to one
/// space, and writing stops at [`DETAIL_MAX_CHARS`] (so a huge value costs
/// no more than a short one).
#[derive(Default)]
struct Line {
    out: String,
    chars: usize,
    /// A space is due before the next visible character.
    space: bool,
    /// Something visible did not fit.
    cut: bool,
}

impl Line {
    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if self.cut {
                return;
            }
            if c.is_whitespace() {
                self.space = !self.out.is_empty();
                continue;
            }
            let need = 1 + usize::from(self.space);
            if self.chars + need > DETAIL_MAX_CHARS {
                self.cut = true;
                return;
            }
            if std::mem::take(&mut self.space) {
                self.out.push(' ');
            }
            self.out.push(c);
            self.chars += need;
        }
    }
}

/// Renders `node` into `line` in flow style.
fn render_into(text: &str, node: &Node, line: &mut Line) {
    if line.cut {
        return;
    }
    match &node.kind {
        NodeKind::Scalar(s) => line.push(&s.text),
        NodeKind::Alias(_) => line.push(text.get(node.span.clone()).unwrap_or("*")),
        NodeKind::Seq(items) => {
            line.push("[");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    line.push(", ");
                }
                render_into(text, item, line);
            }
            line.push("]");
        }
        NodeKind::Map(entries) => {
            line.push("{");
            for (i, e) in entries.iter().enumerate() {
                if i > 0 {
                    line.push(", ");
                }
                render_into(text, &e.key, line);
                line.push(": ");
                render_into(text, &e.value, line);
            }
            line.push("}");
        }
    }
}

/// Every run of whitespace (line breaks included) becomes one space; trimmed.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `range` without its trailing whitespace (unchanged if it is not a valid
/// range of `text`).
fn trim_end(text: &str, range: Range<usize>) -> Range<usize> {
    match text.get(range.clone()) {
        Some(s) => range.start..range.start + s.trim_end().len(),
        None => range,
    }
}

/// A heading of the body, in bytes of the whole text.
#[derive(Debug)]
struct Heading {
    level: u8,
    /// The heading node's start (its line, indentation included).
    start: usize,
    selection: Range<usize>,
    name: String,
}

/// What the outline and the folds need from the body's Markdown.
#[derive(Debug, Default)]
struct Body {
    /// Document-level headings (not in a quote or a list), in source order.
    headings: Vec<Heading>,
    /// Fenced code blocks, anywhere.
    code: Vec<Range<usize>>,
    /// List items, anywhere.
    list_items: Vec<Range<usize>>,
}

impl Body {
    /// Collects the body's elements from `tree`, from where the body starts
    /// (after `located`, or at the start of the text).
    fn collect(text: &str, tree: &MarkdownTree, located: Option<&Located>) -> Self {
        let mut body = Body::default();
        let start = located.map_or(0, |l| body_split(text, l));
        tree.for_each_piece(text, |base, src, block| {
            body.collect_piece(src, base, block, start.saturating_sub(base));
        });
        body
    }

    /// Collects the elements of one piece of the text, `src` (at byte
    /// `base` of the whole text, whose block tree is `block`), from `start`
    /// (in `src`'s bytes) on.
    fn collect_piece(&mut self, src: &str, base: usize, block: &Tree, start: usize) {
        // Top-level nodes of the tree that straddle the body's start (a
        // `minus_metadata` that runs past a `---` inside a value, a paragraph
        // glued to the closing fence): that region is parsed on its own.
        let mut cursor = block.root_node().walk();
        let straddle_end = block
            .root_node()
            .children(&mut cursor)
            .filter(|n| n.start_byte() < start && n.end_byte() > start)
            .map(|n| n.end_byte())
            .max()
            .filter(|end| *end <= src.len());
        let from = match straddle_end {
            Some(end) => {
                if let Some(region) = src.get(start..end)
                    && let Some(own) = markdown::parse(&ropey::Rope::from_str(region))
                    && let Some(own) = own.block_tree()
                {
                    self.visit(own, region, base + start, 0);
                }
                end
            }
            None => start,
        };
        self.visit(block, src, base, from);
    }

    /// Walks `tree`, the tree of `src` (which starts at byte `base` of the
    /// whole text), keeping the nodes that start at or after `from` (in
    /// `src`'s bytes). Iterative: deep nesting cannot overflow the stack.
    fn visit(&mut self, tree: &Tree, src: &str, base: usize, from: usize) {
        let mut cursor = tree.walk();
        loop {
            let node = cursor.node();
            let valid = node.start_byte() <= node.end_byte()
                && src.get(node.start_byte()..node.end_byte()).is_some();
            let mut descend = valid && node.end_byte() > from;
            if descend && node.start_byte() >= from {
                let range = base + node.start_byte()..base + node.end_byte();
                match node.kind() {
                    "atx_heading" | "setext_heading" => {
                        descend = false;
                        if !in_container(node)
                            && let Some(h) = heading(node, src, base)
                        {
                            self.headings.push(h);
                        }
                    }
                    "fenced_code_block" => {
                        descend = false;
                        self.code.push(range);
                    }
                    "list_item" => self.list_items.push(range),
                    "inline"
                    | "paragraph"
                    | "indented_code_block"
                    | "html_block"
                    | "pipe_table"
                    | "minus_metadata"
                    | "plus_metadata" => descend = false,
                    _ => {}
                }
            }
            if descend && cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    return;
                }
            }
        }
    }
}

/// Where the body's Markdown starts: Claude Code's body start, moved back
/// over the spaces that start its line (they are the first block's
/// indentation, which the tree counts as part of it).
fn body_split(text: &str, l: &Located) -> usize {
    let start = l.body_start.min(text.len());
    let before = &text[l.close.end.min(start)..start];
    let indent = before.len() - before.trim_end_matches([' ', '\t']).len();
    let line_start = start - indent;
    if indent > 0 && text[..line_start].ends_with(['\n', '\r']) {
        line_start
    } else {
        start
    }
}

/// Whether `node` sits in a block quote or a list item.
fn in_container(node: TsNode<'_>) -> bool {
    let mut cur = node.parent();
    while let Some(n) = cur {
        if matches!(n.kind(), "block_quote" | "list_item") {
            return true;
        }
        cur = n.parent();
    }
    false
}

/// A heading node of `src` (at byte `base` of the whole text).
fn heading(node: TsNode<'_>, src: &str, base: usize) -> Option<Heading> {
    let mut cursor = node.walk();
    let children: Vec<TsNode<'_>> = node.children(&mut cursor).collect();
    let (level, marker) = if node.kind() == "atx_heading" {
        let marker = children.iter().find(|c| {
            c.kind().starts_with("atx_h") && c.kind().ends_with("_marker") && c.kind().len() == 13
        })?;
        let level = marker.kind().as_bytes()[5].wrapping_sub(b'0');
        (level, Some(*marker))
    } else {
        let level = if children.iter().any(|c| c.kind() == "setext_h1_underline") {
            1
        } else {
            2
        };
        (level, None)
    };
    if !(1..=6).contains(&level) {
        return None;
    }
    let text_of = |n: TsNode<'_>| n.start_byte()..n.end_byte();
    let mut selection = node
        .child_by_field_name("heading_content")
        .map(text_of)
        .map(|r| trim(src, r))
        .unwrap_or_default();
    if marker.is_some() {
        selection = strip_closing_sequence(src, selection);
    }
    if selection.is_empty() {
        // An empty `#`: the marker stands for the name (a symbol needs one).
        selection = match marker {
            Some(m) => trim(src, text_of(m)),
            None => {
                let r = text_of(node);
                let line = src.get(r.clone()).unwrap_or("");
                let end = line.find(['\n', '\r']).map_or(r.end, |i| r.start + i);
                trim(src, r.start..end)
            }
        };
    }
    if selection.is_empty() {
        return None;
    }
    let name = src
        .get(selection.clone())?
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Some(Heading {
        level,
        start: base + node.start_byte(),
        selection: base + selection.start..base + selection.end,
        name,
    })
}

/// `range` without leading and trailing whitespace (empty if invalid).
fn trim(src: &str, range: Range<usize>) -> Range<usize> {
    let Some(s) = src.get(range.clone()) else {
        return 0..0;
    };
    let start = range.start + (s.len() - s.trim_start().len());
    start..start + s.trim().len()
}

/// An ATX heading's content without its closing `#` sequence (CommonMark:
/// `#`s preceded by a space or tab, or the whole content), which
/// tree-sitter-md leaves in the content.
fn strip_closing_sequence(src: &str, range: Range<usize>) -> Range<usize> {
    let Some(s) = src.get(range.clone()) else {
        return range;
    };
    let without = s.trim_end_matches('#');
    if without.len() == s.len() {
        return range;
    }
    if without.is_empty() {
        return range.start..range.start;
    }
    if without.ends_with([' ', '\t']) {
        return range.start..range.start + without.trim_end().len();
    }
    range
}

/// Where each heading's section ends: the start of the next heading of the
/// same or a higher level, or the end of the text.
fn section_ends(text: &str, headings: &[Heading]) -> Vec<usize> {
    let mut ends = vec![text.len(); headings.len()];
    // Headings still waiting for their end, by index; their levels increase.
    let mut open: Vec<usize> = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        while let Some(j) = open.pop_if(|j| headings[*j].level >= h.level) {
            ends[j] = h.start;
        }
        open.push(i);
    }
    ends
}

/// Gives a finished heading to the open one above it, or to the roots.
fn attach(stack: &mut [(u8, Symbol)], roots: &mut Vec<Symbol>, done: Symbol) {
    match stack.last_mut() {
        Some((_, parent)) => parent.children.push(done),
        None => roots.push(done),
    }
}

/// The headings as a tree: each one holds the deeper headings of its section.
fn heading_tree(text: &str, headings: &[Heading]) -> Vec<Symbol> {
    let mut roots = Vec::new();
    let mut stack: Vec<(u8, Symbol)> = Vec::new();
    for (h, end) in headings.iter().zip(section_ends(text, headings)) {
        while let Some((_, done)) = stack.pop_if(|(level, _)| *level >= h.level) {
            attach(&mut stack, &mut roots, done);
        }
        stack.push((
            h.level,
            Symbol {
                name: h.name.clone(),
                detail: None,
                kind: SymbolKind::Heading { level: h.level },
                range: h.start..end,
                selection: h.selection.clone(),
                children: Vec::new(),
            },
        ));
    }
    while let Some((_, done)) = stack.pop() {
        attach(&mut stack, &mut roots, done);
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> MarkdownTree {
        crate::document::markdown::parse(&ropey::Rope::from_str(text)).expect("a tree")
    }

    fn outline(text: &str) -> Vec<Symbol> {
        let syms = symbols(text, &tree(text));
        check_symbols(text, &syms, None);
        syms
    }

    fn folds(text: &str) -> Vec<(FoldKind, &str)> {
        let folds = folding(text, &tree(text));
        for f in &folds {
            let s = text.get(f.range.clone()).expect("fold on char boundaries");
            assert!(s.contains(['\n', '\r']), "single-line fold {f:?}");
            assert_eq!(s, s.trim_end(), "fold ends at a non-blank character");
        }
        folds
            .iter()
            .map(|f| (f.kind, &text[f.range.clone()]))
            .collect()
    }

    /// Every range valid and on char boundaries, the selection inside the
    /// range, children inside their parent and in source order.
    #[track_caller]
    fn check_symbols(text: &str, syms: &[Symbol], parent: Option<&Range<usize>>) {
        let mut prev_end = parent.map_or(0, |p| p.start);
        for s in syms {
            assert!(text.get(s.range.clone()).is_some(), "range {s:?}");
            assert!(text.get(s.selection.clone()).is_some(), "selection {s:?}");
            assert!(!s.name.is_empty(), "empty name {s:?}");
            assert!(
                s.range.start <= s.selection.start && s.selection.end <= s.range.end,
                "selection outside range {s:?}"
            );
            if let Some(p) = parent {
                assert!(
                    p.start <= s.range.start && s.range.end <= p.end,
                    "child outside parent {s:?}"
                );
            }
            assert!(prev_end <= s.range.start, "overlap at {s:?}");
            prev_end = s.range.end;
            check_symbols(text, &s.children, Some(&s.range));
        }
    }

    /// The tree as lines: `  h2 Usage`, `frontmatter (name)`, `  key = value`.
    fn shape(syms: &[Symbol]) -> Vec<String> {
        fn walk(syms: &[Symbol], depth: usize, out: &mut Vec<String>) {
            for s in syms {
                let indent = "  ".repeat(depth);
                let label = match s.kind {
                    SymbolKind::Frontmatter => format!("frontmatter ({:?})", s.detail),
                    SymbolKind::Key => format!("{} = {:?}", s.name, s.detail),
                    SymbolKind::Example => format!("example {}", s.name),
                    SymbolKind::Heading { level } => format!("h{level} {}", s.name),
                };
                out.push(format!("{indent}{label}"));
                walk(&s.children, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        walk(syms, 0, &mut out);
        out
    }

    fn headings(syms: &[Symbol]) -> Vec<&Symbol> {
        let mut out = Vec::new();
        let mut stack: Vec<&Symbol> = syms.iter().rev().collect();
        while let Some(s) = stack.pop() {
            if matches!(s.kind, SymbolKind::Heading { .. }) {
                out.push(s);
            }
            stack.extend(s.children.iter().rev());
        }
        out
    }

    fn at(text: &str, needle: &str) -> usize {
        text.find(needle).expect(needle)
    }

    #[test]
    fn examples_are_symbols_and_folds() {
        let text = "---\nname: a\ndescription: |\n  Lead.\n  <example>\n  Context: after a change\n  user: \"check\"\n  </example>\n  <example>\n  user: again\n  </example>\n---\nBody\n";
        let tree = crate::document::markdown::parse(&ropey::Rope::from_str(text)).expect("tree");
        let syms = symbols(text, &tree);
        let description = syms[0]
            .children
            .iter()
            .find(|s| s.name == "description")
            .expect("description");
        let names: Vec<&str> = description
            .children
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "Example 1: Context: after a change",
                "Example 2: user: again"
            ]
        );
        assert_eq!(
            &text[description.children[1].range.clone()],
            "<example>\n  user: again\n  </example>"
        );
        assert_eq!(
            &text[description.children[1].selection.clone()],
            "<example>"
        );
        let folds: Vec<&str> = folding(text, &tree)
            .iter()
            .filter(|f| f.kind == FoldKind::Example)
            .map(|f| &text[f.range.clone()])
            .collect();
        assert_eq!(
            folds,
            [
                "<example>\n  Context: after a change\n  user: \"check\"\n  </example>",
                "<example>\n  user: again\n  </example>"
            ]
        );
    }

    #[test]
    fn nested_headings() {
        let text = "---\nname: helper\ndescription: Helps.\n---\n\n# Helper\n\nIntro.\n\n## Usage\n\nText.\n\n### Details ###\n\nMore.\n\n## Notes\n\nEnd.\n";
        let syms = outline(text);
        assert_eq!(
            shape(&syms),
            [
                "frontmatter (Some(\"helper\"))",
                "  name = Some(\"helper\")",
                "  description = Some(\"Helps.\")",
                "h1 Helper",
                "  h2 Usage",
                "    h3 Details",
                "  h2 Notes",
            ]
        );
        let h = headings(&syms);
        let sel: Vec<&str> = h.iter().map(|s| &text[s.selection.clone()]).collect();
        assert_eq!(sel, ["Helper", "Usage", "Details", "Notes"]);
        assert_eq!(h[0].range, at(text, "# Helper")..text.len());
        assert_eq!(h[1].range, at(text, "## Usage")..at(text, "## Notes"));
        assert_eq!(h[2].range, at(text, "### Details")..at(text, "## Notes"));
        assert_eq!(h[3].range, at(text, "## Notes")..text.len());
        assert_eq!(syms[0].range, 0..at(text, "\n\n# Helper"));
        assert_eq!(&text[syms[0].selection.clone()], "---");
        assert_eq!(
            folds(text),
            [
                (
                    FoldKind::Frontmatter,
                    "---\nname: helper\ndescription: Helps.\n---"
                ),
                (
                    FoldKind::Section,
                    &text[at(text, "# Helper")..text.len() - 1]
                ),
                (
                    FoldKind::Section,
                    "## Usage\n\nText.\n\n### Details ###\n\nMore."
                ),
                (FoldKind::Section, "### Details ###\n\nMore."),
                (FoldKind::Section, "## Notes\n\nEnd."),
            ]
        );
    }

    #[test]
    fn skipped_levels_nest_under_the_nearest_higher_heading() {
        let text = "## Early\n\n# One\n### Deep\n## Two\n#### Deeper\n# Three\n";
        let syms = outline(text);
        assert_eq!(
            shape(&syms),
            [
                "h2 Early",
                "h1 One",
                "  h3 Deep",
                "  h2 Two",
                "    h4 Deeper",
                "h1 Three"
            ]
        );
        let h = headings(&syms);
        assert_eq!(&text[h[0].range.clone()], "## Early\n\n");
        assert_eq!(&text[h[2].range.clone()], "### Deep\n");
        assert_eq!(&text[h[3].range.clone()], "## Two\n#### Deeper\n");
    }

    #[test]
    fn setext_headings() {
        let text = "---\nname: a\ndescription: b\n---\nTitle\n=====\n\nSub one\n  line two\n---\n\nText\n\n# After\n";
        let syms = outline(text);
        assert_eq!(
            shape(&syms)[3..],
            ["h1 Title", "  h2 Sub one line two", "h1 After"]
        );
        let h = headings(&syms);
        assert_eq!(&text[h[0].selection.clone()], "Title");
        assert_eq!(h[0].range, at(text, "Title")..at(text, "# After"));
        assert_eq!(&text[h[1].selection.clone()], "Sub one\n  line two");
        assert_eq!(h[1].range, at(text, "Sub one")..at(text, "# After"));
        assert_eq!(
            folds(text)[1..],
            [
                (
                    FoldKind::Section,
                    "Title\n=====\n\nSub one\n  line two\n---\n\nText"
                ),
                (FoldKind::Section, "Sub one\n  line two\n---\n\nText"),
            ]
        );
    }

    #[test]
    fn frontmatter_fence_is_not_a_setext_underline() {
        // tree-sitter-md does not take an indented `---` for the end of the
        // metadata: it sees a thematic break and a setext heading `name: a`.
        // Claude Code's frontmatter ends at that `---` all the same.
        let text = "---\nname: a\n  ---\n# Body\nText\n";
        let syms = outline(text);
        assert_eq!(
            shape(&syms),
            [
                "frontmatter (Some(\"a\"))",
                "  name = Some(\"a\")",
                "h1 Body"
            ]
        );
        assert_eq!(&text[syms[0].range.clone()], "---\nname: a\n  ---");
        // Glued to the closing fence, the body's first line is its own block.
        let text = "---\nname: a\n---Intro\n===\n# Two\n";
        assert_eq!(
            shape(&outline(text)),
            [
                "frontmatter (Some(\"a\"))",
                "  name = Some(\"a\")",
                "h1 Intro",
                "h1 Two"
            ]
        );
        let h = outline(text);
        assert_eq!(h[1].range, at(text, "Intro")..at(text, "# Two"));
    }

    #[test]
    fn heading_inside_a_fenced_code_block_is_ignored() {
        let text = "---\nname: a\ndescription: b\n---\n# Real\n\n```markdown\n# Not a heading\nNor this\n---\n```\n\n~~~\n## Nope\n~~~\n\n    # indented code\n\n## Also real\n";
        let syms = outline(text);
        assert_eq!(shape(&syms)[3..], ["h1 Real", "  h2 Also real"]);
        let code: Vec<(FoldKind, &str)> = folds(text)
            .into_iter()
            .filter(|(k, _)| *k == FoldKind::Code)
            .collect();
        assert_eq!(
            code,
            [
                (
                    FoldKind::Code,
                    "```markdown\n# Not a heading\nNor this\n---\n```"
                ),
                (FoldKind::Code, "~~~\n## Nope\n~~~"),
            ]
        );
    }

    #[test]
    fn unclosed_fence_runs_to_the_end() {
        let text = "# A\n\n```\n# in code\n\n";
        assert_eq!(shape(&outline(text)), ["h1 A"]);
        assert_eq!(
            folds(text),
            [
                (FoldKind::Section, "# A\n\n```\n# in code"),
                (FoldKind::Code, "```\n# in code"),
            ]
        );
    }

    #[test]
    fn headings_in_quotes_and_lists_are_not_sections() {
        let text = "# Top\n\n> # Quoted\n> text\n\n- ## Listed\n  more\n- one line\n\n## Sub\n";
        let syms = outline(text);
        assert_eq!(shape(&syms), ["h1 Top", "  h2 Sub"]);
        assert_eq!(
            folds(text),
            [
                (FoldKind::Section, text.trim_end()),
                (FoldKind::ListItem, "- ## Listed\n  more"),
            ]
        );
    }

    #[test]
    fn crlf_line_ends() {
        let text = "---\r\nname: crlf\r\ndescription: |\r\n  One\r\n  Two\r\n---\r\n# One\r\n\r\ntext\r\n\r\n## Two ##\r\n\r\nmore\r\n\r\nSet\r\n---\r\n";
        let syms = outline(text);
        assert_eq!(
            shape(&syms),
            [
                "frontmatter (Some(\"crlf\"))",
                "  name = Some(\"crlf\")",
                "  description = Some(\"One Two\")",
                "h1 One",
                "  h2 Two",
                "  h2 Set",
            ]
        );
        let h = headings(&syms);
        assert_eq!(&text[h[0].selection.clone()], "One");
        assert_eq!(&text[h[1].selection.clone()], "Two");
        assert_eq!(&text[h[2].selection.clone()], "Set");
        assert_eq!(h[1].range, at(text, "## Two")..at(text, "Set\r\n"));
        assert_eq!(
            &text[syms[0].children[1].range.clone()],
            "description: |\r\n  One\r\n  Two"
        );
        assert_eq!(
            folds(text),
            [
                (
                    FoldKind::Frontmatter,
                    "---\r\nname: crlf\r\ndescription: |\r\n  One\r\n  Two\r\n---"
                ),
                (FoldKind::Value, "description: |\r\n  One\r\n  Two"),
                (
                    FoldKind::Section,
                    "# One\r\n\r\ntext\r\n\r\n## Two ##\r\n\r\nmore\r\n\r\nSet\r\n---"
                ),
                (FoldKind::Section, "## Two ##\r\n\r\nmore"),
                (FoldKind::Section, "Set\r\n---"),
            ]
        );
    }

    #[test]
    fn emoji_and_cjk_headings_have_exact_byte_ranges() {
        let text = "---\nname: 表情\ndescription: \"😀 émoji\"\n---\n# 🚀 Déploiement 漢字 #\n\n本文 😀\n\n## 日本語の見出し\nテキスト\n";
        let syms = outline(text);
        assert_eq!(
            shape(&syms),
            [
                "frontmatter (Some(\"表情\"))",
                "  name = Some(\"表情\")",
                "  description = Some(\"😀 émoji\")",
                "h1 🚀 Déploiement 漢字",
                "  h2 日本語の見出し",
            ]
        );
        let h = headings(&syms);
        let rocket = at(text, "🚀");
        assert_eq!(h[0].selection, rocket..rocket + "🚀 Déploiement 漢字".len());
        assert_eq!(h[0].range, rocket - 2..text.len());
        let jp = at(text, "日本語の見出し");
        assert_eq!(h[1].selection, jp..jp + "日本語の見出し".len());
        assert_eq!(h[1].range, jp - 3..text.len());
        assert_eq!(&text[syms[0].children[1].selection.clone()], "description");
        assert_eq!(
            &text[syms[0].children[1].range.clone()],
            "description: \"😀 émoji\""
        );
    }

    #[test]
    fn frontmatter_cut_by_dashes_in_a_value() {
        // Claude Code's frontmatter ends at the `---` inside the description:
        // `model` is lost and the rest is body. tree-sitter-md's
        // `minus_metadata` runs to the `---` line, over part of that body.
        let text = "---\nname: cut\ndescription: Use this --- when\n# Inside\nmodel: x\n---\nBody\n\n# Real\n";
        let syms = outline(text);
        assert_eq!(
            shape(&syms),
            [
                "frontmatter (Some(\"cut\"))",
                "  name = Some(\"cut\")",
                "  description = Some(\"Use this\")",
                "h1 Inside",
                "  h2 model: x",
                "h1 Real",
            ]
        );
        assert_eq!(
            &text[syms[0].range.clone()],
            "---\nname: cut\ndescription: Use this ---"
        );
        assert_eq!(
            &text[syms[0].children[1].range.clone()],
            "description: Use this"
        );
        let h = headings(&syms);
        assert_eq!(h[0].range, at(text, "# Inside")..at(text, "# Real"));
        assert_eq!(&text[h[1].selection.clone()], "model: x");
        assert_eq!(h[1].range, at(text, "model: x")..at(text, "# Real"));
        assert_eq!(
            folds(text),
            [
                (
                    FoldKind::Frontmatter,
                    "---\nname: cut\ndescription: Use this ---"
                ),
                (FoldKind::Section, "# Inside\nmodel: x\n---\nBody"),
                (FoldKind::Section, "model: x\n---\nBody"),
            ]
        );
    }

    #[test]
    fn no_frontmatter() {
        let text = "# Title\n\nText\n\n---\n\n## Sub\nline\n";
        let syms = outline(text);
        assert_eq!(shape(&syms), ["h1 Title", "  h2 Sub"]);
        assert_eq!(syms[0].range, 0..text.len());
        // Unterminated: no frontmatter for Claude Code, but the outline
        // shows the one being written, up to its last entry.
        let text = "---\nname: a\n\n# Body\n";
        assert!(matches!(
            frontmatter::locate(text),
            frontmatter::Locate::Unterminated { .. }
        ));
        let syms = outline(text);
        assert_eq!(
            shape(&syms),
            [
                "frontmatter (Some(\"a\"))",
                "  name = Some(\"a\")",
                "h1 Body"
            ]
        );
        assert_eq!(&text[syms[0].range.clone()], "---\nname: a");
        assert_eq!(folds(text), [(FoldKind::Frontmatter, "---\nname: a")]);
        // Nothing at all.
        assert!(outline("").is_empty());
        assert!(folds("").is_empty());
    }

    #[test]
    fn empty_body() {
        for text in [
            "---\nname: a\ndescription: b\n---\n",
            "---\nname: a\ndescription: b\n---",
            "---\nname: a\ndescription: b\n---\n\n  \n",
        ] {
            let syms = outline(text);
            assert_eq!(
                shape(&syms),
                [
                    "frontmatter (Some(\"a\"))",
                    "  name = Some(\"a\")",
                    "  description = Some(\"b\")"
                ],
                "{text:?}"
            );
            assert_eq!(
                folds(text),
                [(FoldKind::Frontmatter, "---\nname: a\ndescription: b\n---")]
            );
        }
        let text = "---\n---\n";
        assert_eq!(shape(&outline(text)), ["frontmatter (None)"]);
        assert_eq!(folds(text), [(FoldKind::Frontmatter, "---\n---")]);
    }

    #[test]
    fn rescued_yaml_keeps_its_keys() {
        let text = "---\nname: a\ndescription: Use: this, or: that\nmodel: sonnet\n---\nBody\n";
        let fm = parse_frontmatter(text).expect("frontmatter");
        assert!(fm.exact && !fm.quoted.is_empty(), "rescued: {fm:?}");
        let syms = outline(text);
        assert_eq!(
            shape(&syms),
            [
                "frontmatter (Some(\"a\"))",
                "  name = Some(\"a\")",
                "  description = Some(\"Use: this, or: that\")",
                "  model = Some(\"sonnet\")",
            ]
        );
        let d = &syms[0].children[1];
        assert_eq!(&text[d.range.clone()], "description: Use: this, or: that");
        assert_eq!(&text[d.selection.clone()], "description");
    }

    #[test]
    fn failed_yaml_keeps_the_intact_keys() {
        // The CRLF line with `: ` defeats Claude Code's retry: it reads no
        // field, but `name` is intact.
        let text = "---\r\nname: a\r\ndescription: My [ref: 1]\r\n---\r\n# Body\r\n";
        let syms = outline(text);
        assert_eq!(
            shape(&syms),
            [
                "frontmatter (Some(\"a\"))",
                "  name = Some(\"a\")",
                "h1 Body"
            ]
        );
        assert_eq!(&text[syms[0].children[0].range.clone()], "name: a");
        assert_eq!(
            &text[syms[0].range.clone()],
            "---\r\nname: a\r\ndescription: My [ref: 1]\r\n---"
        );
        // Not a mapping: no keys either.
        let text = "---\n- a\n- b\n---\nBody\n";
        assert_eq!(shape(&outline(text)), ["frontmatter (None)"]);
        // A key being typed: the others stay.
        let text = "---\nname: a\nmo\ntools:\n  - Read\n---\nBody\n";
        assert_eq!(
            shape(&outline(text)),
            [
                "frontmatter (Some(\"a\"))",
                "  name = Some(\"a\")",
                "  tools = Some(\"[Read]\")"
            ]
        );
        assert_eq!(
            folds(text),
            [
                (
                    FoldKind::Frontmatter,
                    "---\nname: a\nmo\ntools:\n  - Read\n---"
                ),
                (FoldKind::Value, "tools:\n  - Read")
            ]
        );
    }

    #[test]
    fn key_details() {
        let long = "word ".repeat(30);
        let text = format!(
            "---\nname: a\ndescription: {long}\nmaxTurns: 5\nbackground: true\ntools:\n  - Read\n  - Edit\nhooks:\n  PreToolUse:\n    - matcher: Bash\nmodel:\ncolor: ~\nname: again\n---\nBody\n"
        );
        let syms = outline(&text);
        let details: Vec<(&str, Option<&str>)> = syms[0]
            .children
            .iter()
            .map(|s| (s.name.as_str(), s.detail.as_deref()))
            .collect();
        let cut = format!("{}…", "word ".repeat(12).trim_end());
        assert_eq!(
            details,
            [
                ("name", Some("a")),
                ("description", Some(cut.as_str())),
                ("maxTurns", Some("5")),
                ("background", Some("true")),
                ("tools", Some("[Read, Edit]")),
                ("hooks", Some("{PreToolUse: [{matcher: Bash}]}")),
                ("model", None),
                ("color", Some("~")),
                ("name", Some("again")),
            ]
        );
        assert!(cut.chars().count() <= DETAIL_MAX_CHARS + 1);
        // The frontmatter's detail is the name Claude Code reads: the last one.
        assert_eq!(syms[0].detail.as_deref(), Some("again"));
        let model = &syms[0].children[6];
        assert_eq!(&text[model.range.clone()], "model");
        let tools = &syms[0].children[4];
        assert_eq!(&text[tools.range.clone()], "tools:\n  - Read\n  - Edit");
    }

    #[test]
    fn folds_of_multi_line_values() {
        let text = "---\nname: a\ndescription: >-\n  Folded\n  text\n\ntools:\n  - Read\n  - Edit\ninline: [a, b]\nplain: one\n  two\nhooks:\n  PreToolUse:\n    - matcher: Bash\n      hooks:\n        - type: command\n---\n# T\nx\n";
        assert_eq!(
            folds(text),
            [
                (FoldKind::Frontmatter, &text[..at(text, "\n# T")]),
                (FoldKind::Value, "description: >-\n  Folded\n  text"),
                (FoldKind::Value, "tools:\n  - Read\n  - Edit"),
                (FoldKind::Value, "plain: one\n  two"),
                (
                    FoldKind::Value,
                    "hooks:\n  PreToolUse:\n    - matcher: Bash\n      hooks:\n        - type: command"
                ),
                (
                    FoldKind::Value,
                    "PreToolUse:\n    - matcher: Bash\n      hooks:\n        - type: command"
                ),
                (FoldKind::Value, "hooks:\n        - type: command"),
                (FoldKind::Section, "# T\nx"),
            ]
        );
    }

    #[test]
    fn bom_and_empty_headings() {
        let text = "\u{feff}---\nname: a\n---\n#\n\n## ##\n\n# C#\n";
        let syms = outline(text);
        assert_eq!(
            shape(&syms),
            [
                "frontmatter (Some(\"a\"))",
                "  name = Some(\"a\")",
                "h1 #",
                "  h2 ##",
                "h1 C#"
            ]
        );
        assert_eq!(syms[0].range.start, 3);
        let h = headings(&syms);
        assert_eq!(h[0].selection, at(text, "#\n")..at(text, "#\n") + 1);
        assert_eq!(&text[h[2].selection.clone()], "C#");
    }

    #[test]
    fn a_tree_of_another_text_does_not_panic() {
        let long = "---\nname: a\n---\n# 漢字 heading\n\n```\ncode\n```\n\n## Sub\n- a\n  b\n";
        let other = tree(long);
        for text in [
            "",
            "# x",
            "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
            "---\nname: b\n---\n",
        ] {
            let syms = symbols(text, &other);
            check_symbols(text, &syms, None);
            for f in folding(text, &other) {
                assert!(text.get(f.range.clone()).is_some(), "{f:?} in {text:?}");
            }
        }
    }
}
