//! The workspace index: for every agent file, its kind, its symbols and what
//! the cross-file checks need (the roster line's length), keyed by path.
//!
//! Pure and synchronous: the caller reads files (or hands in an open
//! document's text) and the index keeps only what it extracted, never the
//! texts, so that a workspace of ten thousand files costs a few MiB.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::analysis;
use crate::formats::FileKind;

use super::symbols::{self, Symbols};

/// What the index keeps of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its format.
    pub kind: FileKind,
    /// The names it defines and refers to ([`symbols::names`]: no links).
    pub symbols: Symbols,
    /// The length in characters of the line its tool lists for it in every
    /// session ([`analysis::roster`]), when the tool lists it.
    pub roster_chars: Option<usize>,
    /// Its first line (where a diagnostic about the whole file goes).
    pub head: Range<usize>,
    /// Over the analysis size limit: not read, no symbols.
    pub too_large: bool,
}

impl Entry {
    /// What the index keeps of `text`, a file of `kind` at `path`.
    #[must_use]
    pub fn of(text: &str, kind: FileKind, path: &Path) -> Self {
        if text.len() > analysis::MAX_ANALYSED_BYTES {
            return Self::too_large(kind);
        }
        let stem = crate::formats::path_name(kind, path);
        let roster_chars =
            analysis::roster(text, kind, stem.as_deref()).map(|(_, line)| line.chars().count());
        let head_end = text.find(['\r', '\n']).unwrap_or(text.len());
        // Kept while the index lives: no spare room.
        let mut symbols = symbols::names(text, kind, path);
        symbols.references.shrink_to_fit();
        Self {
            kind,
            symbols,
            roster_chars,
            head: 0..head_end,
            too_large: false,
        }
    }

    /// A file over the analysis size limit, not read.
    #[must_use]
    pub fn too_large(kind: FileKind) -> Self {
        Self {
            kind,
            symbols: Symbols::default(),
            roster_chars: None,
            head: 0..0,
            too_large: true,
        }
    }

    /// Reads the file of `kind` at `path` (not past the size limit) and
    /// extracts its entry.
    ///
    /// # Errors
    /// When the file cannot be opened or read.
    pub fn read(path: &Path, kind: FileKind) -> std::io::Result<Self> {
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        let limit = analysis::MAX_ANALYSED_BYTES as u64;
        if len > limit {
            return Ok(Self::too_large(kind));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        file.take(limit + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > limit {
            return Ok(Self::too_large(kind));
        }
        let text = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Ok(Self::of(&text, kind, path))
    }
}

/// Every agent file known, by path.
#[derive(Debug, Default)]
pub struct Index {
    files: BTreeMap<PathBuf, Entry>,
    generation: u64,
    names_generation: u64,
}

impl Index {
    /// An empty index.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the entry of `path`; returns whether anything changed.
    pub fn insert(&mut self, path: PathBuf, entry: Entry) -> bool {
        let old = self.files.get(&path);
        if old == Some(&entry) {
            return false;
        }
        let definition = |e: &Entry| {
            e.symbols
                .definition
                .as_ref()
                .map(|d| (d.namespace, d.name.clone()))
        };
        if old.map(definition) != Some(definition(&entry)) {
            self.names_generation += 1;
        }
        self.files.insert(path, entry);
        self.generation += 1;
        true
    }

    /// Forgets `path`; returns whether it was known.
    pub fn remove(&mut self, path: &Path) -> bool {
        let removed = self.files.remove(path).is_some();
        if removed {
            self.generation += 1;
            self.names_generation += 1;
        }
        removed
    }

    /// Forgets every file under `folder`, and `folder` itself when it is a
    /// file (a deleted folder comes as one watched-file event); returns how
    /// many were known.
    pub fn remove_under(&mut self, folder: &Path) -> usize {
        let before = self.files.len();
        self.files.retain(|p, _| !p.starts_with(folder));
        let removed = before - self.files.len();
        if removed > 0 {
            self.generation += 1;
            self.names_generation += 1;
        }
        removed
    }

    /// Replaces every entry under `folder` with `entries` (a fresh walk).
    pub fn replace_under(&mut self, folder: &Path, entries: Vec<(PathBuf, Entry)>) {
        drop(self.adopt_under(folder, entries.into_iter().collect()));
    }

    /// Replaces every entry under `folder` with `fresh` (a fresh walk's,
    /// all under `folder`, built by the caller off any thread that must
    /// stay responsive).
    /// Quick when little else is known, as on the first walk: `fresh`
    /// becomes the index and the few other entries move into it. Returns
    /// the entries replaced, for the caller to drop where it likes.
    #[must_use = "the replaced entries, to drop off the hot thread"]
    pub fn adopt_under(
        &mut self,
        folder: &Path,
        mut fresh: BTreeMap<PathBuf, Entry>,
    ) -> BTreeMap<PathBuf, Entry> {
        let old = std::mem::take(&mut self.files);
        let (outside, replaced): (BTreeMap<_, _>, BTreeMap<_, _>) =
            old.into_iter().partition(|(p, _)| !p.starts_with(folder));
        if fresh.len() >= outside.len() {
            fresh.extend(outside);
            self.files = fresh;
        } else {
            self.files = outside;
            self.files.extend(fresh);
        }
        self.generation += 1;
        self.names_generation += 1;
        replaced
    }

    /// The entry of `path`.
    #[must_use]
    pub fn get(&self, path: &Path) -> Option<&Entry> {
        self.files.get(path)
    }

    /// Every file, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&Path, &Entry)> {
        self.files.iter().map(|(p, e)| (p.as_path(), e))
    }

    /// How many files are known.
    #[must_use]
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file is known.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// A number that changes whenever the index does (for caches).
    #[must_use]
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// A number that changes whenever the set of definitions (a file's
    /// name and namespace) does: edits elsewhere in a file leave it alone.
    #[must_use]
    pub fn names_generation(&self) -> u64 {
        self.names_generation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_walk_replaces_what_was_under_its_folder_only() {
        let entry = |name: &str| {
            let text = format!("---\nname: {name}\ndescription: d\n---\nBody\n");
            Entry::of(&text, FileKind::ClaudeAgent, Path::new("/x.md"))
        };
        let p = |s: &str| PathBuf::from(s);
        for others in [1, 5] {
            // Files known outside the folder (few, or more than the walk
            // found: both ways of merging), one under it that is gone.
            let mut index = Index::new();
            for i in 0..others {
                index.insert(p(&format!("/b/.claude/agents/o{i}.md")), entry("o"));
            }
            index.insert(p("/a/.claude/agents/gone.md"), entry("gone"));
            let names = index.names_generation();
            let fresh: BTreeMap<PathBuf, Entry> = [
                (p("/a/.claude/agents/x.md"), entry("x")),
                (p("/a/.claude/agents/y.md"), entry("y")),
            ]
            .into_iter()
            .collect();
            let replaced = index.adopt_under(Path::new("/a"), fresh);
            assert_eq!(
                replaced.keys().collect::<Vec<_>>(),
                [&p("/a/.claude/agents/gone.md")]
            );
            let mut expected: Vec<PathBuf> = (0..others)
                .map(|i| p(&format!("/b/.claude/agents/o{i}.md")))
                .collect();
            expected.insert(0, p("/a/.claude/agents/y.md"));
            expected.insert(0, p("/a/.claude/agents/x.md"));
            let got: Vec<PathBuf> = index.iter().map(|(p, _)| p.to_path_buf()).collect();
            assert_eq!(got, expected);
            assert!(index.names_generation() > names);
        }
    }

    #[test]
    fn an_entry_keeps_the_roster_length_and_the_first_line() {
        let text = "---\nname: rev\ndescription: Reviews code\n---\nBody\n";
        let path = Path::new("/p/.claude/agents/rev.md");
        let entry = Entry::of(text, FileKind::ClaudeAgent, path);
        let line = analysis::roster(text, FileKind::ClaudeAgent, Some("rev"))
            .expect("listed")
            .1;
        assert_eq!(entry.roster_chars, Some(line.chars().count()));
        assert_eq!(entry.head, 0..3);
        assert_eq!(
            entry.symbols.definition.as_ref().map(|d| d.name.as_str()),
            Some("rev")
        );
        assert!(!entry.too_large);
    }

    #[test]
    fn insert_remove_and_generation() {
        let mut index = Index::new();
        let entry = |t: &str| Entry::of(t, FileKind::ClaudeAgent, Path::new("/p/a.md"));
        let a = PathBuf::from("/p/.claude/agents/a.md");
        let b = PathBuf::from("/p/.claude/agents/sub/b.md");
        assert!(index.insert(a.clone(), entry("---\nname: a\n---\n")));
        let g = index.generation();
        assert!(!index.insert(a.clone(), entry("---\nname: a\n---\n")));
        assert_eq!(index.generation(), g);
        assert!(index.insert(b.clone(), entry("---\nname: b\n---\n")));
        assert_eq!(index.remove_under(Path::new("/p/.claude/agents/sub")), 1);
        assert!(index.get(&b).is_none());
        assert!(index.remove(&a));
        assert!(!index.remove(&a));
        assert!(index.is_empty());
    }
}
