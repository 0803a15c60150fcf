//! Where Claude Code agent files live.

use std::path::Path;

use crate::formats::FileKind;

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
    for (i, name) in dirs.iter().enumerate() {
        if *name != "agents" {
            continue;
        }
        if i >= 2 && dirs[i - 2] == "plugins" {
            return Some(FileKind::ClaudePluginAgent);
        }
        let plugin_root: std::path::PathBuf = path.components().take(i).collect();
        if is_file(&plugin_root.join(".claude-plugin").join("plugin.json")) {
            return Some(FileKind::ClaudePluginAgent);
        }
    }
    None
}
