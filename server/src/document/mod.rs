//! An open document: its text as a rope, its Markdown tree kept in step with
//! every edit, and its version.
//!
//! Edits arrive as byte ranges (the protocol layer converts positions with
//! [`position`]). Applying one updates the rope and edits the tree at once;
//! the reparse is separate ([`Document::reparse`], or [`Document::parse_job`]
//! on another thread), because frontmatter diagnostics never need it.

pub mod markdown;
pub mod position;

use ropey::Rope;
use tree_sitter::InputEdit;
use tree_sitter_md::MarkdownTree;

pub use position::{Encoding, Position};

/// An open document.
#[derive(Clone)]
pub struct Document {
    rope: Rope,
    version: i32,
    /// The last parsed tree, edited to match the current text.
    tree: Option<MarkdownTree>,
    /// Edits applied since the last parse started.
    pending: Vec<InputEdit>,
    /// Bumped by every parse start and whole-text replacement: a parse
    /// result is installed only if no newer one was started.
    generation: u64,
    /// Whether the text contains a `\r` not followed by `\n`.
    lone_cr: bool,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("version", &self.version)
            .field("len", &self.rope.len_bytes())
            .finish_non_exhaustive()
    }
}

fn has_lone_cr(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter()
        .enumerate()
        .any(|(i, c)| *c == b'\r' && b.get(i + 1) != Some(&b'\n'))
}

/// A parse to run off the document: text and previous tree, both cheap clones.
pub struct ParseJob {
    rope: Rope,
    old: Option<MarkdownTree>,
    generation: u64,
}

impl ParseJob {
    /// Runs the parse (may take milliseconds on large files).
    #[must_use]
    pub fn run(self) -> ParsedTree {
        ParsedTree {
            tree: markdown::parse(&self.rope, self.old.as_ref()),
            generation: self.generation,
        }
    }
}

/// The result of a [`ParseJob`], to give back to [`Document::install`].
pub struct ParsedTree {
    tree: Option<MarkdownTree>,
    generation: u64,
}

impl Document {
    /// A new document; its tree is parsed on the first reparse.
    #[must_use]
    pub fn new(text: &str, version: i32) -> Self {
        Self {
            rope: Rope::from_str(text),
            version,
            tree: None,
            pending: Vec::new(),
            generation: 0,
            lone_cr: has_lone_cr(text),
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
        self.rope.to_string()
    }

    /// Sets the version (after a batch of changes).
    pub fn set_version(&mut self, version: i32) {
        self.version = version;
    }

    /// Replaces the byte range `start..end` (clamped, and widened to
    /// character boundaries) with `new_text`, editing the tree to match.
    pub fn edit(&mut self, start: usize, end: usize, new_text: &str) {
        let len = self.rope.len_bytes();
        let (mut start, mut end) = (start.min(len), end.min(len));
        if end < start {
            std::mem::swap(&mut start, &mut end);
        }
        let start_char = self.rope.byte_to_char(start);
        let end_char = self.rope.byte_to_char(end);
        let (start, end) = (
            self.rope.char_to_byte(start_char),
            self.rope.char_to_byte(end_char),
        );
        let edit = markdown::input_edit(&self.rope, start, end, new_text, self.lone_cr);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        if new_text.contains('\r') || self.lone_cr {
            self.lone_cr = has_lone_cr(&self.text());
        }
        if let Some(tree) = &mut self.tree {
            tree.edit(&edit);
        }
        self.pending.push(edit);
    }

    /// Replaces the whole text.
    pub fn replace_all(&mut self, text: &str) {
        self.rope = Rope::from_str(text);
        self.lone_cr = has_lone_cr(text);
        self.tree = None;
        self.pending.clear();
        self.generation += 1;
    }

    /// The current tree, if it has been parsed since the last edit.
    #[must_use]
    pub fn tree(&self) -> Option<&MarkdownTree> {
        if self.pending.is_empty() {
            self.tree.as_ref()
        } else {
            None
        }
    }

    /// Whether the tree is missing or behind the text.
    #[must_use]
    pub fn needs_parse(&self) -> bool {
        self.tree.is_none() || !self.pending.is_empty()
    }

    /// Reparses now, incrementally when there is a tree.
    pub fn reparse(&mut self) {
        let parsed = self.parse_job().run();
        self.install(parsed);
    }

    /// A parse of the current text to run elsewhere; install its result
    /// with [`Document::install`].
    #[must_use]
    pub fn parse_job(&mut self) -> ParseJob {
        // Edits already applied to `tree` are now part of the parse input.
        self.pending.clear();
        self.generation += 1;
        ParseJob {
            rope: self.rope.clone(),
            old: self.tree.clone(),
            generation: self.generation,
        }
    }

    /// Installs a finished parse: edits made since it started are replayed
    /// on the tree, so it stays a valid base for the next incremental parse.
    /// A result overtaken by a newer parse or a whole-text replacement is dropped.
    pub fn install(&mut self, parsed: ParsedTree) {
        let Some(mut tree) = parsed.tree else { return };
        if parsed.generation != self.generation {
            return;
        }
        for edit in &self.pending {
            tree.edit(edit);
        }
        self.tree = Some(tree);
    }
}
