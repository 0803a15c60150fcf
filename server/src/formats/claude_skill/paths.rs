//! Where Claude Code skills live.

use std::path::Path;

use crate::formats::{FileKind, in_plugin};

/// Whether a path (as its folder names, the file name last) is a Claude Code
/// skill: `**/.claude/skills/<dir>/SKILL.md` (project, user, managed), or
/// `<plugin>/skills/<dir>/SKILL.md`. Only the exact name `SKILL.md`, and
/// only directly in a folder of `skills/`, is read.
pub(crate) fn detect(
    path: &Path,
    names: &[&str],
    is_file: &dyn Fn(&Path) -> bool,
) -> Option<FileKind> {
    let n = names.len();
    if n < 4 || names[n - 1] != "SKILL.md" || names[n - 3] != "skills" {
        return None;
    }
    let dirs = &names[..n - 1];
    let skills = n - 3;
    (names[skills - 1] == ".claude" || in_plugin(path, dirs, skills, is_file))
        .then_some(FileKind::ClaudeSkill)
}

/// A skill's name: its folder's.
pub(crate) fn name(path: &Path) -> Option<String> {
    path.parent()?.file_name()?.to_str().map(str::to_owned)
}
