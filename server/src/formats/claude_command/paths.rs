//! Where Claude Code slash commands live, and the names their paths give.

use std::path::Path;

use crate::formats::{FileKind, components, in_plugin};

/// The index of the `commands` folder that makes `names` a command, if any:
/// `.claude/commands/**/*.md` or `<plugin>/commands/**/*.md`.
fn commands_folder(path: &Path, names: &[&str], is_file: &dyn Fn(&Path) -> bool) -> Option<usize> {
    let dirs = &names[..names.len().saturating_sub(1)];
    (0..dirs.len()).find(|&i| {
        dirs[i] == "commands"
            && ((i > 0 && dirs[i - 1] == ".claude") || in_plugin(path, dirs, i, is_file))
    })
}

/// Whether a path (as its folder names, the file name last) is a Claude Code
/// slash command.
pub(crate) fn detect(
    path: &Path,
    names: &[&str],
    is_file: &dyn Fn(&Path) -> bool,
) -> Option<FileKind> {
    commands_folder(path, names, is_file).map(|_| FileKind::ClaudeCommand)
}

/// A command's name: its path below `commands/`, `/` read as `:` and the
/// final `.md` dropped (`git/commit.md` is `git:commit`); a `SKILL.md` (any
/// case) names the command after its folder.
pub(crate) fn name(path: &Path) -> Option<String> {
    let names = components(path);
    // The last `commands` folder below a `.claude` one, or else the last one.
    let at = (0..names.len().saturating_sub(1))
        .rev()
        .find(|&i| names[i] == "commands" && i > 0 && names[i - 1] == ".claude")
        .or_else(|| {
            (0..names.len().saturating_sub(1))
                .rev()
                .find(|&i| names[i] == "commands")
        })?;
    let below = &names[at + 1..];
    let (file, folders) = below.split_last()?;
    if file.eq_ignore_ascii_case("SKILL.md") {
        return (!folders.is_empty()).then(|| folders.join(":"));
    }
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let mut parts: Vec<&str> = folders.to_vec();
    parts.push(stem);
    Some(parts.join(":"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_paths() {
        let n = |p: &str| name(Path::new(p));
        assert_eq!(
            n("/p/.claude/commands/review.md").as_deref(),
            Some("review")
        );
        assert_eq!(
            n("/p/.claude/commands/git/commit.md").as_deref(),
            Some("git:commit")
        );
        assert_eq!(
            n("/p/.claude/commands/a/b/c/d/deep.md").as_deref(),
            Some("a:b:c:d:deep")
        );
        assert_eq!(
            n("/p/.claude/commands/tool/SKILL.md").as_deref(),
            Some("tool")
        );
        assert_eq!(n("/p/.claude/commands/x.MD").as_deref(), Some("x.MD"));
        assert_eq!(n("/r/plugins/p/commands/go.md").as_deref(), Some("go"));
    }
}
