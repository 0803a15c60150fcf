//! An open document: its text as a rope, its Markdown tree kept in step with
//! every edit, and its version.
//!
//! Edits arrive as byte ranges (the protocol layer converts positions with
//! [`position`]). Applying one updates the rope and edits the tree at once;
//! the reparse is separate ([`Document::reparse`], or [`Document::parse_job`]
//! on another thread), because frontmatter diagnostics never need it.

pub mod markdown;
pub mod position;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ropey::Rope;
use tree_sitter::InputEdit;

use markdown::MarkdownTree;

pub use position::{Encoding, Position};

/// An open document.
#[derive(Clone)]
pub struct Document {
    rope: Rope,
    version: i32,
    /// The last parsed tree, as parsed (not yet edited).
    tree: Option<MarkdownTree>,
    /// Edits applied to the text since `tree`'s text was taken for parsing.
    /// They are applied to the tree by the next parse, off the keystroke path.
    edits: Vec<InputEdit>,
    /// Bumped by every parse start and whole-text replacement: a parse
    /// result is installed only if no newer one was started.
    generation: u64,
    /// Whether the text contains a `\r` not followed by `\n`.
    lone_cr: bool,
    /// Set when the document is closed: parses still running stop.
    cancelled: Arc<AtomicBool>,
}

/// After this many unparsed edits the old tree is dropped: the next parse
/// starts afresh instead of replaying them.
const MAX_PENDING_EDITS: usize = 10_000;

/// A parse with more edits than this to replay starts from scratch.
const MAX_REPLAYED_EDITS: usize = 8;

/// Above this size no Markdown tree is kept: a block tree costs about 100
/// times its text (a 1 MiB agent's, 100 MiB), so the features that walk it
/// parse the text in pieces of [`PIECE_LEN`] bytes or more, one at a time.
pub const WHOLE_TREE_MAX: usize = 128 * 1024;

/// The least length of a piece of a document over [`WHOLE_TREE_MAX`].
pub const PIECE_LEN: usize = 64 * 1024;

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("version", &self.version)
            .field("len", &self.rope.len_bytes())
            .finish_non_exhaustive()
    }
}

fn has_lone_cr(text: &str) -> bool {
    // The standard library's search for `\r` (fast even in a debug build,
    // where a byte-by-byte loop over a 50 MiB text takes seconds).
    let b = text.as_bytes();
    text.match_indices('\r')
        .any(|(i, _)| b.get(i + 1) != Some(&b'\n'))
}

/// A parse to run off the document: the text, the previous tree and the
/// edits that separate them (all cheap to move).
pub struct ParseJob {
    rope: Rope,
    old: Option<MarkdownTree>,
    edits: Vec<InputEdit>,
    /// How many of the document's pending edits the result accounts for.
    covers: usize,
    generation: u64,
    cancelled: Arc<AtomicBool>,
}

impl ParseJob {
    /// The text being parsed.
    #[must_use]
    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// Edits the old tree, then parses incrementally (milliseconds to
    /// seconds on large files: never on the keystroke path).
    #[must_use]
    pub fn run(mut self) -> ParsedTree {
        let old = self
            .old
            .take()
            .map(|t| (t, std::mem::take(&mut self.edits)));
        let tree = if self.rope.len_bytes() > WHOLE_TREE_MAX {
            Some(MarkdownTree::in_pieces(PIECE_LEN))
        } else {
            markdown::reparse(&self.rope, old, &self.cancelled)
        };
        ParsedTree {
            tree,
            covers: self.covers,
            generation: self.generation,
        }
    }
}

/// The result of a [`ParseJob`], to give back to [`Document::install`].
pub struct ParsedTree {
    tree: Option<MarkdownTree>,
    covers: usize,
    generation: u64,
}

impl ParsedTree {
    /// The tree (of the job's text).
    #[must_use]
    pub fn tree(&self) -> Option<&MarkdownTree> {
        self.tree.as_ref()
    }
}

impl Document {
    /// A new document; its tree is parsed on the first reparse.
    #[must_use]
    pub fn new(text: &str, version: i32) -> Self {
        Self {
            rope: Rope::from_str(text),
            version,
            tree: None,
            edits: Vec::new(),
            generation: 0,
            lone_cr: has_lone_cr(text),
            cancelled: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The text.
    #[must_use]
    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// The version the client gave the current text.
    #[must_use]
    pub fn version(&self) -> i32 {
        self.version
    }

    /// The whole text as a string.
    #[must_use]
    pub fn text(&self) -> String {
        String::from(&self.rope)
    }

    /// Sets the version (after a batch of changes).
    pub fn set_version(&mut self, version: i32) {
        self.version = version;
    }

    /// Replaces the byte range `start..end` (clamped, and widened to
    /// character boundaries) with `new_text`, and records the matching
    /// `InputEdit` for the tree. Cost: the rope edit, independent of the
    /// tree's size.
    pub fn edit(&mut self, start: usize, end: usize, new_text: &str) {
        let len = self.rope.len_bytes();
        let (mut start, mut end) = (start.min(len), end.min(len));
        if end < start {
            std::mem::swap(&mut start, &mut end);
        }
        let (start_char, start) = position::char_index(&self.rope, start);
        let (end_char, end) = position::char_index(&self.rope, end);
        let edit = markdown::input_edit(&self.rope, start, end, new_text, self.lone_cr);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        if new_text.contains('\r') || self.lone_cr {
            self.lone_cr = has_lone_cr(&self.text());
        }
        if self.edits.len() >= MAX_PENDING_EDITS {
            self.tree = None;
            self.edits.clear();
            self.generation += 1;
        } else if self.tree.is_some() || self.generation > 0 {
            self.edits.push(edit);
        }
    }

    /// Replaces the whole text.
    pub fn replace_all(&mut self, text: &str) {
        self.rope = Rope::from_str(text);
        self.lone_cr = has_lone_cr(text);
        self.tree = None;
        self.edits.clear();
        self.generation += 1;
    }

    /// The tree, if it matches the current text.
    #[must_use]
    pub fn tree(&self) -> Option<&MarkdownTree> {
        if self.edits.is_empty() {
            self.tree.as_ref()
        } else {
            None
        }
    }

    /// Whether the tree is missing or behind the text.
    #[must_use]
    pub fn needs_parse(&self) -> bool {
        self.tree.is_none() || !self.edits.is_empty()
    }

    /// Reparses now, incrementally when there is a tree.
    pub fn reparse(&mut self) {
        let parsed = self.parse_job().run();
        self.install(parsed);
    }

    /// A parse of the current text to run elsewhere; give its result to
    /// [`Document::install`]. The edits stay recorded until then: the tree
    /// is not current meanwhile, and a newer job (which supersedes this one)
    /// replays them all.
    #[must_use]
    pub fn parse_job(&mut self) -> ParseJob {
        self.generation += 1;
        // Past a few edits a fresh parse is about as cheap as replaying
        // them, and then the old tree need not be held through it.
        if self.edits.len() > MAX_REPLAYED_EDITS {
            self.tree = None;
        }
        ParseJob {
            rope: self.rope.clone(),
            old: self.tree.clone(),
            edits: if self.tree.is_some() {
                self.edits.clone()
            } else {
                Vec::new()
            },
            covers: self.edits.len(),
            generation: self.generation,
            cancelled: Arc::clone(&self.cancelled),
        }
    }

    /// Stops the parses of this document still running (when it is closed).
    pub fn cancel_parses(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Installs a finished parse. Edits made since it started stay recorded
    /// for the next one. A result overtaken by a newer parse or by a
    /// whole-text replacement is dropped.
    pub fn install(&mut self, parsed: ParsedTree) {
        if parsed.generation == self.generation
            && let Some(tree) = parsed.tree
        {
            self.tree = Some(tree);
            self.edits.drain(..parsed.covers.min(self.edits.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A parse stopped midway leaves no tree, and the next parse (of
    /// another text, on the same thread's parser) is a correct, whole one.
    #[test]
    fn a_cancelled_parse_stops_and_leaves_the_parser_clean() {
        let big = "# Title\n\nSome *text* and `code`.\n\n- a\n- b\n\n".repeat(2_000);
        let stopped = markdown::reparse(&Rope::from_str(&big), None, &AtomicBool::new(true));
        assert!(stopped.is_none(), "stopped");

        let small = "# Other\n\nA [link](x) and **bold**.\n";
        let mut other = Document::new(small, 1);
        other.reparse();
        let fresh = markdown::parse(&Rope::from_str(small)).expect("fresh parse");
        assert_eq!(
            markdown::dump(other.tree().expect("tree"), small),
            markdown::dump(&fresh, small)
        );
    }

    /// Over [`WHOLE_TREE_MAX`] no tree is kept: walks parse in pieces.
    #[test]
    fn a_large_document_keeps_no_tree() {
        let big = "# Title\n\nSome *text*.\n\n".repeat(WHOLE_TREE_MAX / 20);
        let mut doc = Document::new(&big, 1);
        doc.reparse();
        let tree = doc.tree().expect("current");
        assert!(tree.block_tree().is_none());
        let mut pieces = Vec::new();
        tree.for_each_piece(&big, |base, piece, _| pieces.push((base, piece.len())));
        assert!(pieces.len() > 1, "{pieces:?}");
        let mut at = 0;
        for (i, &(base, len)) in pieces.iter().enumerate() {
            assert_eq!(base, at, "contiguous");
            assert!(len >= PIECE_LEN || i == pieces.len() - 1, "{pieces:?}");
            at += len;
        }
        assert_eq!(at, big.len());
    }
}
