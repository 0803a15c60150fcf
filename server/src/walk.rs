//! Walking folders for agent files, the way `git` sees them: `.gitignore`,
//! `.ignore` and git's excludes are honoured (even outside a git
//! repository), hidden folders such as `.claude` and `.github` are walked,
//! `.git` is not, symbolic links are followed with loop detection.
//!
//! Used by `agentls check`; the server's workspace index walks with the
//! same [`builder`] ([`crate::workspace::walk`]).

use std::path::{Path, PathBuf};

use crate::formats::FileKind;

/// A file found by [`walk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walked {
    /// The path, as the root given plus the walked components.
    pub path: PathBuf,
    /// Whether the path was given as a root itself (a file named on the
    /// command line): such a file is kept even if an ignore file or an
    /// exclusion matches it.
    pub explicit: bool,
}

/// What [`walk`] found: files in path order, and the paths it could not
/// walk, with the reason, each reported once.
#[derive(Debug, Default)]
pub struct Walk {
    /// Every file under the roots (and every root that is a file), in the
    /// roots' order, each root's files sorted by path.
    pub files: Vec<Walked>,
    /// Paths that could not be walked: a symbolic link loop, a dangling
    /// link, an unreadable folder, a missing root.
    pub problems: Vec<Problem>,
}

/// A path [`walk`] could not walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The path.
    pub path: PathBuf,
    /// Why, in a few words.
    pub message: String,
    /// A symbolic link not followed (a loop or a dangling link), rather
    /// than a path that could not be read.
    pub link: bool,
}

/// Folders never walked: version control and dependency stores.
fn skipped_folder(name: &std::ffi::OsStr) -> bool {
    matches!(
        name.to_str(),
        Some(".git" | ".hg" | ".svn" | ".jj" | "node_modules")
    )
}

/// A walker over the folder `root` with the rules above: `agentls check`
/// and the server's workspace index walk alike.
#[must_use]
pub fn builder(root: &Path) -> ignore::WalkBuilder {
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .hidden(false)
        .parents(true)
        .ignore(true)
        .git_ignore(true)
        .git_global(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(true)
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_some_and(|t| t.is_dir()) && skipped_folder(e.file_name()))
        });
    builder
}

/// Walks `roots` (files or folders), skipping what ignore files and the
/// gitignore-style `excludes` globs (`--exclude`) leave out.
///
/// # Errors
/// When an exclusion is not a valid glob.
pub fn walk(roots: &[PathBuf], excludes: &[String]) -> Result<Walk, String> {
    let mut out = Walk::default();
    for root in roots {
        if !root.is_dir() {
            // A file named explicitly is checked whatever ignores it.
            if root.exists() {
                out.files.push(Walked {
                    path: root.clone(),
                    explicit: true,
                });
            } else {
                out.problems.push(Problem {
                    path: root.clone(),
                    message: "no such file or folder".to_owned(),
                    link: false,
                });
            }
            continue;
        }
        let mut overrides = ignore::overrides::OverrideBuilder::new(root);
        for glob in excludes {
            overrides
                .add(&format!("!{glob}"))
                .map_err(|e| format!("{glob}: {e}"))?;
        }
        let overrides = overrides.build().map_err(|e| e.to_string())?;
        let walker = builder(root)
            .overrides(overrides)
            .sort_by_file_name(std::ffi::OsStr::cmp)
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if entry.file_type().is_some_and(|t| t.is_file()) {
                        out.files.push(Walked {
                            path: entry.into_path(),
                            explicit: false,
                        });
                    }
                }
                Err(e) => out.problems.push(describe(&e, root)),
            }
        }
    }
    Ok(out)
}

/// The path and a short reason for a walking error.
fn describe(error: &ignore::Error, root: &Path) -> Problem {
    let problem = |path: &Path, message: &str, link: bool| Problem {
        path: path.to_path_buf(),
        message: message.to_owned(),
        link,
    };
    match error {
        ignore::Error::WithPath { path, err } => Problem {
            path: path.clone(),
            ..describe(err, root)
        },
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe(err, root)
        }
        ignore::Error::Loop { child, .. } => {
            problem(child, "symbolic link loop, not followed", true)
        }
        ignore::Error::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
            problem(root, "dangling symbolic link, not followed", true)
        }
        ignore::Error::Io(e) => problem(root, &e.to_string(), false),
        other => problem(root, &other.to_string(), false),
    }
}

/// The agent files found by [`agent_files`], with their kind, and the
/// paths that could not be walked.
pub type AgentFiles = (Vec<(PathBuf, FileKind)>, Vec<Problem>);

/// The agent files under `roots`: [`walk`], then each file's kind from
/// its path ([`crate::formats::detect`]); files of no known kind are left out.
///
/// # Errors
/// When an exclusion is not a valid glob.
pub fn agent_files(roots: &[PathBuf], excludes: &[String]) -> Result<AgentFiles, String> {
    let walk = walk(roots, excludes)?;
    let files = walk
        .files
        .into_iter()
        .filter_map(|f| {
            let kind = detect(&f.path)?;
            Some((f.path, kind))
        })
        .collect();
    Ok((files, walk.problems))
}

/// The kind of the file at `path` (relative or absolute) from its path.
#[must_use]
pub fn detect(path: &Path) -> Option<FileKind> {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    crate::formats::detect(&abs, Path::is_file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("agentls-walk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch");
        dir
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
        std::fs::write(path, text).expect("write");
    }

    fn names(walk: &Walk, root: &Path) -> Vec<String> {
        walk.files
            .iter()
            .map(|f| {
                f.path
                    .strip_prefix(root)
                    .unwrap_or(&f.path)
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect()
    }

    #[test]
    fn honours_ignore_files_outside_git_and_walks_hidden_folders() {
        let dir = scratch("ignore");
        write(&dir.join(".claude/agents/a.md"), "a");
        write(&dir.join(".claude/agents/b.md"), "b");
        write(&dir.join(".git/agents/c.md"), "c");
        write(&dir.join("build/agents/d.md"), "d");
        write(&dir.join("vendor/e.md"), "e");
        write(&dir.join(".gitignore"), "build/\n");
        write(&dir.join(".ignore"), "vendor\n");
        let found = walk(std::slice::from_ref(&dir), &[]).expect("walk");
        assert_eq!(
            names(&found, &dir),
            [
                ".claude/agents/a.md",
                ".claude/agents/b.md",
                ".gitignore",
                ".ignore"
            ]
        );
        let found = walk(
            std::slice::from_ref(&dir),
            &["**/agents/b.md".to_owned(), ".*ignore".to_owned()],
        )
        .expect("walk");
        assert_eq!(names(&found, &dir), [".claude/agents/a.md"]);
        // Named explicitly, an ignored file is walked.
        let ignored = dir.join("build/agents/d.md");
        let found = walk(std::slice::from_ref(&ignored), &["*.md".to_owned()]).expect("walk");
        assert_eq!(
            found.files,
            [Walked {
                path: ignored,
                explicit: true
            }]
        );
        assert!(walk(std::slice::from_ref(&dir), &["a{".to_owned()]).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn reports_a_symlink_loop_once_and_goes_on() {
        let dir = scratch("loop");
        write(&dir.join(".claude/agents/a.md"), "a");
        std::os::unix::fs::symlink(&dir, dir.join(".claude/agents/loop")).expect("symlink");
        let found = walk(std::slice::from_ref(&dir), &[]).expect("walk");
        assert_eq!(names(&found, &dir), [".claude/agents/a.md"]);
        assert_eq!(
            found.problems,
            [Problem {
                path: dir.join(".claude/agents/loop"),
                message: "symbolic link loop, not followed".to_owned(),
                link: true,
            }]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
