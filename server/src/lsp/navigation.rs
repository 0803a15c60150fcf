//! LSP shapes for navigation by name: definition, references, rename,
//! workspace symbols and document links, over [`crate::workspace`].
//!
//! A request gets a [`Workspace`] snapshot from the server (the open
//! documents and the workspace index) and runs off the protocol thread;
//! [`Workspace::files`] is the one place that finds the workspace's files.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use ropey::Rope;
use tower_lsp_server::ls_types as lsp;

use super::convert;
use crate::document::Encoding;
use crate::formats::FileKind;
use crate::workspace::navigation::{self, Cursor, File, Target};
use crate::workspace::{Namespace, Symbols, symbols};

/// An open agent document, as a request sees it.
#[derive(Debug, Clone)]
pub struct OpenFile {
    /// Its path.
    pub path: PathBuf,
    /// Its format.
    pub kind: FileKind,
    /// Its text now.
    pub rope: Rope,
    /// Its version.
    pub version: i32,
}

/// What navigation requests know of the workspace: a snapshot taken on the
/// protocol thread, cheap to take.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The open agent documents.
    pub open: Vec<OpenFile>,
    /// The workspace folders.
    pub roots: Vec<PathBuf>,
    /// The position encoding.
    pub encoding: Encoding,
    /// Whether the client applies file renames in a workspace edit.
    pub rename_files: bool,
    /// The server's workspace index: where the files on disk come from.
    pub indexed: super::workspace::Workspace,
}

/// One file of the workspace with its text and symbols.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Its path.
    pub path: PathBuf,
    /// Its format.
    pub kind: FileKind,
    /// The open document's text; `None` for a file on disk, read again
    /// only when a result lies in it ([`SourceFile::text`]).
    pub rope: Option<Rope>,
    /// The open document's version, if it is open.
    pub version: Option<i32>,
    /// What it names and refers to.
    pub symbols: Symbols,
}

impl Workspace {
    /// Every agent file of the workspace: the open documents as they are
    /// now, and the other files of the workspace index.
    #[must_use]
    pub fn files(&self) -> Vec<SourceFile> {
        let mut out: Vec<SourceFile> = self
            .open
            .iter()
            .map(|o| SourceFile {
                symbols: symbols(&String::from(&o.rope), o.kind, &o.path),
                path: o.path.clone(),
                kind: o.kind,
                rope: Some(o.rope.clone()),
                version: Some(o.version),
            })
            .collect();
        let open: std::collections::HashSet<PathBuf> = out.iter().map(|f| f.path.clone()).collect();
        self.indexed.with_index(|index| {
            out.extend(
                index
                    .iter()
                    .filter(|(p, e)| !e.too_large && !open.contains(*p))
                    .map(|(p, e)| SourceFile {
                        path: p.to_path_buf(),
                        kind: e.kind,
                        rope: None,
                        version: None,
                        symbols: e.symbols.clone(),
                    }),
            );
        });
        out
    }
}

impl SourceFile {
    /// Its text: the open document's, else the file's on disk.
    #[must_use]
    pub fn text(&self) -> Option<Rope> {
        match &self.rope {
            Some(rope) => Some(rope.clone()),
            None => std::fs::read_to_string(&self.path)
                .ok()
                .map(|t| Rope::from_str(&t)),
        }
    }
}

/// The files as navigation takes them.
fn view(files: &[SourceFile]) -> Vec<File<'_>> {
    files
        .iter()
        .map(|f| File {
            path: &f.path,
            kind: f.kind,
            symbols: &f.symbols,
        })
        .collect()
}

/// The name at `position` of the document at `path`, with the workspace's files.
fn cursor_at(
    ws: &Workspace,
    path: &Path,
    position: lsp::Position,
) -> Option<(Vec<SourceFile>, Cursor)> {
    let files = ws.files();
    let file = files.iter().find(|f| f.path == path)?;
    let rope = file.text()?;
    let offset = convert::offset(&rope, position, ws.encoding);
    let first_line = rope.line(0);
    let first_line = 0..first_line.len_bytes() - trailing_break(&first_line.to_string());
    let cursor = navigation::at(&file.symbols, offset, first_line)?;
    Some((files, cursor))
}

fn trailing_break(line: &str) -> usize {
    line.len() - line.trim_end_matches(['\n', '\r']).len()
}

fn location(files: &[SourceFile], t: &Target, encoding: Encoding) -> Option<lsp::Location> {
    let file = files.iter().find(|f| f.path == t.path)?;
    Some(lsp::Location {
        uri: lsp::Uri::from_file_path(&t.path)?,
        range: convert::range(&file.text()?, &t.range, encoding),
    })
}

/// `textDocument/definition`.
#[must_use]
pub fn definition(ws: &Workspace, path: &Path, position: lsp::Position) -> Vec<lsp::Location> {
    let Some((files, cursor)) = cursor_at(ws, path, position) else {
        return Vec::new();
    };
    navigation::definition(&view(&files), &cursor)
        .iter()
        .filter_map(|t| location(&files, t, ws.encoding))
        .collect()
}

/// `textDocument/references`.
#[must_use]
pub fn references(
    ws: &Workspace,
    path: &Path,
    position: lsp::Position,
    declaration: bool,
) -> Vec<lsp::Location> {
    let Some((files, cursor)) = cursor_at(ws, path, position) else {
        return Vec::new();
    };
    navigation::references(&view(&files), &cursor, declaration)
        .iter()
        .filter_map(|t| location(&files, t, ws.encoding))
        .collect()
}

/// `textDocument/prepareRename`: the range to rename and the text to start
/// from; `Ok(None)` where there is no name; an error for a name defined
/// nowhere in the workspace.
///
/// # Errors
/// A message for the user.
pub fn prepare_rename(
    ws: &Workspace,
    path: &Path,
    position: lsp::Position,
) -> Result<Option<lsp::PrepareRenameResponse>, String> {
    let Some((files, cursor)) = cursor_at(ws, path, position) else {
        return Ok(None);
    };
    let view = view(&files);
    if navigation::definition(&view, &cursor).is_empty() {
        return Err(format!(
            "Cannot rename `{}`: no {} of that name in the workspace.",
            cursor.name,
            cursor.namespace.noun()
        ));
    }
    let Some(rope) = files
        .iter()
        .find(|f| f.path == path)
        .and_then(SourceFile::text)
    else {
        return Ok(None);
    };
    let placeholder = if cursor.last_only {
        rope.get_byte_slice(cursor.range.clone())
            .map_or_else(|| cursor.name.clone(), |s| s.to_string())
    } else {
        cursor.name.clone()
    };
    Ok(Some(lsp::PrepareRenameResponse::RangeWithPlaceholder {
        range: convert::range(&rope, &cursor.range, ws.encoding),
        placeholder,
    }))
}

/// `textDocument/rename`: the edits, and the file or folder moves when
/// the client applies them.
///
/// # Errors
/// A message for the user: an invalid or taken name, a move onto an
/// existing file, a name only a move would change with a client that
/// cannot move files.
pub fn rename(
    ws: &Workspace,
    path: &Path,
    position: lsp::Position,
    new_name: &str,
) -> Result<Option<lsp::WorkspaceEdit>, String> {
    let Some((files, cursor)) = cursor_at(ws, path, position) else {
        return Ok(None);
    };
    let plan = navigation::rename(&view(&files), &cursor, new_name.trim())?;
    if let Some(m) = plan.moves.iter().find(|m| m.to.exists()) {
        return Err(format!(
            "Cannot rename to `{}`: {} already exists.",
            new_name.trim(),
            m.to.display()
        ));
    }
    if !ws.rename_files && plan.moves.iter().any(|m| m.required) {
        return Err(format!(
            "Cannot rename `{}`: its name is its file or folder name, and this editor does not let a rename move files.",
            cursor.name
        ));
    }
    let mut by_file: Vec<(&SourceFile, Rope, Vec<lsp::TextEdit>)> = Vec::new();
    for (p, range, text) in &plan.edits {
        if !by_file.iter().any(|(f, _, _)| f.path == *p) {
            let Some(file) = files.iter().find(|f| &f.path == p) else {
                continue;
            };
            let Some(rope) = file.text() else {
                return Err(format!("Cannot rename: {} cannot be read.", p.display()));
            };
            by_file.push((file, rope, Vec::new()));
        }
        if let Some((_, rope, edits)) = by_file.iter_mut().find(|(f, _, _)| f.path == *p) {
            edits.push(lsp::TextEdit {
                range: convert::range(rope, range, ws.encoding),
                new_text: text.clone(),
            });
        }
    }
    if !ws.rename_files {
        let changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = by_file
            .into_iter()
            .filter_map(|(f, _, edits)| Some((lsp::Uri::from_file_path(&f.path)?, edits)))
            .collect();
        return Ok(Some(lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }));
    }
    let mut ops: Vec<lsp::DocumentChangeOperation> = by_file
        .into_iter()
        .filter_map(|(f, _, edits)| {
            Some(lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
                text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                    uri: lsp::Uri::from_file_path(&f.path)?,
                    version: f.version,
                },
                edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
            }))
        })
        .collect();
    for m in &plan.moves {
        let (Some(old_uri), Some(new_uri)) = (
            lsp::Uri::from_file_path(&m.from),
            lsp::Uri::from_file_path(&m.to),
        ) else {
            continue;
        };
        ops.push(lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Rename(
            lsp::RenameFile {
                old_uri,
                new_uri,
                options: Some(lsp::RenameFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(false),
                }),
                annotation_id: None,
            },
        )));
    }
    Ok(Some(lsp::WorkspaceEdit {
        document_changes: Some(lsp::DocumentChanges::Operations(ops)),
        ..Default::default()
    }))
}

/// The symbol kind shown for a name of `namespace`.
fn symbol_kind(namespace: Namespace) -> lsp::SymbolKind {
    match namespace {
        Namespace::ClaudeAgent
        | Namespace::CopilotAgent
        | Namespace::OpenCodeAgent
        | Namespace::GeminiAgent
        | Namespace::QwenAgent => lsp::SymbolKind::CLASS,
        Namespace::ClaudeSkill
        | Namespace::AgentSkill
        | Namespace::CopilotPrompt
        | Namespace::OpenCodeCommand => lsp::SymbolKind::FUNCTION,
        Namespace::ClaudeOutputStyle | Namespace::CursorRule => lsp::SymbolKind::OBJECT,
    }
}

/// The most symbols `workspace/symbol` answers.
const MAX_SYMBOLS: usize = 1000;

/// `workspace/symbol`: every definition matching `query`, across formats,
/// with the format's name (`claude-agent`) as the container.
#[must_use]
pub fn workspace_symbols(ws: &Workspace, query: &str) -> Vec<lsp::WorkspaceSymbol> {
    let files = ws.files();
    let view = view(&files);
    let by_path: HashMap<&Path, &SourceFile> =
        files.iter().map(|f| (f.path.as_path(), f)).collect();
    navigation::workspace_symbols(&view, query.trim(), MAX_SYMBOLS)
        .into_iter()
        .filter_map(|(f, d)| {
            let range = match &d.range {
                Some(r) => {
                    let source = by_path.get(f.path)?;
                    convert::range(&source.text()?, r, ws.encoding)
                }
                None => lsp::Range::default(),
            };
            Some(lsp::WorkspaceSymbol {
                name: d.name.clone(),
                kind: symbol_kind(d.namespace),
                tags: None,
                container_name: Some(f.kind.as_str().to_owned()),
                location: lsp::OneOf::Left(lsp::Location {
                    uri: lsp::Uri::from_file_path(f.path)?,
                    range,
                }),
                data: None,
            })
        })
        .collect()
}

/// `path` with `.` and `..` resolved without the file system.
fn clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `textDocument/documentLink`: the document's relative links to files or
/// folders that exist.
#[must_use]
pub fn document_links(
    rope: &Rope,
    kind: FileKind,
    path: &Path,
    encoding: Encoding,
) -> Vec<lsp::DocumentLink> {
    let text = String::from(rope);
    symbols(&text, kind, path)
        .links
        .into_iter()
        .filter_map(|l| {
            let target = clean(&l.target);
            if !target.exists() {
                return None;
            }
            Some(lsp::DocumentLink {
                range: convert::range(rope, &l.range, encoding),
                target: Some(lsp::Uri::from_file_path(&target)?),
                tooltip: None,
                data: None,
            })
        })
        .collect()
}

/// Whether the client applies file renames in workspace edits
/// (`documentChanges` with the `rename` resource operation).
#[must_use]
pub fn client_renames_files(params: &lsp::InitializeParams) -> bool {
    let edit = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.workspace_edit.as_ref());
    edit.is_some_and(|e| {
        e.document_changes == Some(true)
            && e.resource_operations
                .as_ref()
                .is_some_and(|ops| ops.contains(&lsp::ResourceOperationKind::Rename))
    })
}
