//! Finding the agent files under a folder for the workspace index, on
//! every core, with the walking rules `agentls check` follows
//! ([`crate::walk::builder`]: ignore files honoured, hidden folders walked,
//! version control and `node_modules` skipped, symbolic links followed with
//! loop detection); each file's kind comes from [`crate::formats::detect`].

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::formats::{self, FileKind};

/// An agent file found by [`walk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Its path (under the walked folder).
    pub path: PathBuf,
    /// Its format.
    pub kind: FileKind,
}

/// What [`walk`] found: agent files in path order, and the paths it could
/// not read (a symbolic link loop, a folder without permission), with why.
#[derive(Debug, Default)]
pub struct Walked {
    /// The agent files, sorted by path.
    pub files: Vec<Found>,
    /// The paths skipped, with the reason.
    pub problems: Vec<(PathBuf, String)>,
    /// The `.agentls.toml` files met on the way.
    pub configs: Vec<PathBuf>,
}

/// Walks `root` on every core but one (the server's protocol thread keeps
/// it, so that a keystroke while indexing does not wait for the scheduler)
/// and returns the agent files under it (the file system is looked at only
/// under `root`).
#[must_use]
pub fn walk(root: &Path) -> Walked {
    let out = Mutex::new(Walked::default());
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .saturating_sub(1)
        .max(1);
    crate::walk::builder(root)
        .threads(threads)
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                visit(entry, root, &out);
                ignore::WalkState::Continue
            })
        });
    let mut walked = out
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    walked.files.sort_by(|a, b| a.path.cmp(&b.path));
    walked.problems.sort();
    walked.configs.sort();
    walked
}

fn visit(entry: Result<ignore::DirEntry, ignore::Error>, root: &Path, out: &Mutex<Walked>) {
    let entry = match entry {
        Ok(e) => e,
        Err(e) => {
            let (path, why) = describe(&e);
            if let Ok(mut out) = out.lock() {
                out.problems.push((path, why));
            }
            return;
        }
    };
    if !entry.file_type().is_some_and(|t| t.is_file()) {
        return;
    }
    let path = entry.path();
    if path
        .file_name()
        .is_some_and(|n| n == crate::config::FILE_NAME)
    {
        if let Ok(mut out) = out.lock() {
            out.configs.push(path.to_path_buf());
        }
        return;
    }
    // Whether a plugin's `.claude-plugin/plugin.json` exists is asked only
    // inside the folder walked.
    if let Some(kind) = formats::detect(path, |p| p.starts_with(root) && p.is_file())
        && let Ok(mut out) = out.lock()
    {
        out.files.push(Found {
            path: path.to_path_buf(),
            kind,
        });
    }
}

/// The path and a readable reason of a walk error.
fn describe(error: &ignore::Error) -> (PathBuf, String) {
    match error {
        ignore::Error::WithPath { path, err } => (path.clone(), reason(err)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe(err)
        }
        ignore::Error::Loop { child, .. } => {
            (child.clone(), "symbolic link loop, not followed".to_owned())
        }
        other => (PathBuf::new(), other.to_string()),
    }
}

fn reason(error: &ignore::Error) -> String {
    match error {
        ignore::Error::Loop { .. } => "symbolic link loop, not followed".to_owned(),
        ignore::Error::Io(e) => e.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("agentls-walk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("mkdir");
        dir
    }

    fn rel(root: &Path, walked: &Walked) -> Vec<String> {
        walked
            .files
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f.path.strip_prefix(root).expect("under root").display(),
                    f.kind.as_str()
                )
            })
            .collect()
    }

    #[test]
    fn honours_ignore_files_and_walks_hidden_folders() {
        let root = temp("ignore");
        write(&root, ".claude/agents/a.md", "---\nname: a\n---\n");
        write(&root, ".github/agents/b.agent.md", "---\n---\n");
        write(&root, "vendor/.claude/agents/c.md", "---\nname: c\n---\n");
        write(&root, "other/.claude/agents/d.md", "---\nname: d\n---\n");
        write(&root, ".git/.claude/agents/e.md", "---\nname: e\n---\n");
        write(&root, ".gitignore", "vendor/\n");
        write(&root, "other/.ignore", ".claude/\n");
        write(&root, ".agentls.toml", "");
        let walked = walk(&root);
        assert_eq!(
            rel(&root, &walked),
            [
                ".claude/agents/a.md claude-agent",
                ".github/agents/b.agent.md copilot-agent"
            ]
        );
        assert_eq!(walked.configs, [root.join(".agentls.toml")]);
        assert!(walked.problems.is_empty(), "{:?}", walked.problems);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_loop_is_a_problem_not_a_hang() {
        let root = temp("loop");
        write(&root, ".claude/agents/a.md", "---\nname: a\n---\n");
        std::os::unix::fs::symlink(&root, root.join(".claude/agents/again")).expect("symlink");
        let walked = walk(&root);
        assert_eq!(rel(&root, &walked), [".claude/agents/a.md claude-agent"]);
        assert_eq!(walked.problems.len(), 1, "{:?}", walked.problems);
        assert_eq!(walked.problems[0].0, root.join(".claude/agents/again"));
        assert_eq!(walked.problems[0].1, "symbolic link loop, not followed");
        let _ = std::fs::remove_dir_all(&root);
    }
}
