//! Where Claude Code agent files live.

use std::path::Path;

use crate::formats::{FileKind, in_plugin};

/// Whether a path (as its folder names, the file name last) is a Claude Code
/// agent: `**/.claude/agents/**/*.md` (project, user, managed), or a plugin
/// agent: `<plugin>/agents/**/*.md` where `<plugin>/.claude-plugin/plugin.json`
/// exists or `<plugin>` sits in a `plugins/` folder. `is_file` answers
/// whether a path exists as a file.
pub(crate) fn detect(
    path: &Path,
    names: &[&str],
    is_file: &dyn Fn(&Path) -> bool,
) -> Option<FileKind> {
    let dirs = &names[..names.len().saturating_sub(1)];
    if dirs
        .windows(2)
        .any(|w| w[0] == ".claude" && w[1] == "agents")
    {
        return Some(FileKind::ClaudeAgent);
    }
    (0..dirs.len())
        .any(|i| dirs[i] == "agents" && in_plugin(path, dirs, i, is_file))
        .then_some(FileKind::ClaudePluginAgent)
}
