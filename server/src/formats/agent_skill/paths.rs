//! Where Agent Skills live for Copilot CLI and Codex.

use std::path::Path;

use crate::formats::FileKind;

/// The folders whose `skills/<dir>/SKILL.md` are Agent Skills (besides
/// `.claude/skills`, a Claude Code skill that Copilot CLI reads too).
const ROOTS: &[&str] = &[".github", ".agents", ".codex", ".copilot"];

/// Whether a path (folder names, file name last) is an Agent Skill:
/// `<root>/skills/<dir>/SKILL.md` with `<root>` one of [`ROOTS`].
pub(crate) fn detect(
    _path: &Path,
    names: &[&str],
    _is_file: &dyn Fn(&Path) -> bool,
) -> Option<FileKind> {
    let n = names.len();
    (n >= 4
        && names[n - 1] == "SKILL.md"
        && names[n - 3] == "skills"
        && ROOTS.contains(&names[n - 4]))
    .then_some(FileKind::AgentSkill)
}

/// A skill's folder name: its name when the frontmatter gives none.
pub(crate) fn name(path: &Path) -> Option<String> {
    path.parent()?.file_name()?.to_str().map(str::to_owned)
}
