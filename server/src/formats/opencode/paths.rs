//! Where OpenCode agents and commands live, and the names their paths give.

use std::path::Path;

use crate::formats::{FileKind, components};

/// The index (in `dirs`) of the first folder named one of `folders` directly
/// in a config folder: a project's `.opencode/`, or `.config/opencode/`.
fn folder(dirs: &[&str], folders: &[&str]) -> Option<usize> {
    (1..dirs.len()).find(|&i| {
        folders.contains(&dirs[i])
            && (dirs[i - 1] == ".opencode"
                || (i >= 2 && dirs[i - 1] == "opencode" && dirs[i - 2] == ".config"))
    })
}

const AGENTS: &[&str] = &["agent", "agents"];
const COMMANDS: &[&str] = &["command", "commands"];

/// Whether a path (folder names, file name last) is an OpenCode agent
/// (`{agent,agents}/**/*.md`) or command (`{command,commands}/**/*.md`) in a
/// config folder, at any depth below it.
pub(crate) fn detect(
    _path: &Path,
    names: &[&str],
    _is_file: &dyn Fn(&Path) -> bool,
) -> Option<FileKind> {
    let dirs = &names[..names.len().saturating_sub(1)];
    if folder(dirs, AGENTS).is_some() {
        Some(FileKind::OpenCodeAgent)
    } else if folder(dirs, COMMANDS).is_some() {
        Some(FileKind::OpenCodeCommand)
    } else {
        None
    }
}

/// The name OpenCode gives a file from its path: the path below `agent/`,
/// `agents/`, `command/` or `commands/`, `/`-separated, without its `.md`
/// (`review/deep.md` is `review/deep`). A name not ending in `.md` keeps
/// its extension, which the rules report (OpenCode never reads the file).
pub(crate) fn name(path: &Path) -> Option<String> {
    let names = components(path);
    let (file, dirs) = names.split_last()?;
    let at = folder(dirs, AGENTS).or_else(|| folder(dirs, COMMANDS))?;
    let mut parts: Vec<&str> = dirs[at + 1..].to_vec();
    parts.push(file.strip_suffix(".md").unwrap_or(file));
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::detect;

    #[test]
    fn agents_and_commands_at_any_depth() {
        let kind = |p: &str| detect(Path::new(p), |_| false);
        for (p, k) in [
            ("/p/.opencode/agent/review.md", FileKind::OpenCodeAgent),
            (
                "/p/.opencode/agents/team/review.md",
                FileKind::OpenCodeAgent,
            ),
            (
                "/home/u/.config/opencode/agent/review.md",
                FileKind::OpenCodeAgent,
            ),
            (
                "/home/u/.config/opencode/agents/review.md",
                FileKind::OpenCodeAgent,
            ),
            ("/p/.opencode/command/test.md", FileKind::OpenCodeCommand),
            (
                "/p/.opencode/commands/ns/test.md",
                FileKind::OpenCodeCommand,
            ),
            (
                "/home/u/.config/opencode/command/test.md",
                FileKind::OpenCodeCommand,
            ),
            (
                "/home/u/.config/opencode/commands/test.MD",
                FileKind::OpenCodeCommand,
            ),
        ] {
            assert_eq!(kind(p), Some(k), "{p}");
        }
        for p in [
            "/p/.opencode/review.md",
            "/p/.opencode/plugin/x.md",
            "/p/opencode/agent/x.md",
            "/home/u/.config/agent/x.md",
            "/home/u/.config/x/opencode/agent/y.md",
            "/p/.opencode/agent/x.txt",
            "/p/.opencode/agent",
        ] {
            assert_eq!(kind(p), None, "{p}");
        }
    }

    #[test]
    fn names_from_paths() {
        let n = |p: &str| name(Path::new(p));
        assert_eq!(n("/p/.opencode/agent/review.md").as_deref(), Some("review"));
        assert_eq!(
            n("/p/.opencode/agents/review/deep.md").as_deref(),
            Some("review/deep")
        );
        assert_eq!(
            n("/h/.config/opencode/commands/git/commit.md").as_deref(),
            Some("git/commit")
        );
        assert_eq!(n("/p/.opencode/agent/x.MD").as_deref(), Some("x.MD"));
    }
}
