//! Which files are agent definitions, decided from their path.
//!
//! New formats (commands, skills, OpenCode, Copilot) plug in here as new
//! [`FileKind`] variants with their own catalog.

use std::path::{Component, Path};

/// The kind of agent definition file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// A Claude Code project or user agent: `.claude/agents/**/*.md`.
    ClaudeAgent,
    /// A Claude Code plugin agent: `<plugin>/agents/**/*.md`.
    ClaudePluginAgent,
}

impl FileKind {
    /// The name used by `agentls check --kind`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::ClaudeAgent => "claude-agent",
            FileKind::ClaudePluginAgent => "claude-plugin-agent",
        }
    }

    /// Parses a `--kind` name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        [FileKind::ClaudeAgent, FileKind::ClaudePluginAgent]
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

/// Classifies `path`. `is_file` answers whether a path exists as a file
/// (used to find `.claude-plugin/plugin.json` beside a plugin's `agents/`).
/// Returns `None` for every file that is not an agent definition.
#[must_use]
pub fn detect(path: &Path, is_file: impl Fn(&Path) -> bool) -> Option<FileKind> {
    let ext = path.extension()?.to_str()?;
    if !ext.eq_ignore_ascii_case("md") {
        return None;
    }
    let names: Vec<&str> = path
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str().unwrap_or(""),
            _ => "",
        })
        .collect();
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

/// Whether a file name reads as documentation (`README.md`, `CHANGELOG.md`, …):
/// such files are exempt from the no-frontmatter error.
#[must_use]
pub fn is_documentation_name(path: &Path) -> bool {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_ascii_uppercase();
    matches!(
        stem.as_str(),
        "README"
            | "CHANGELOG"
            | "LICENSE"
            | "CONTRIBUTING"
            | "INDEX"
            | "NOTES"
            | "TODO"
            | "AGENTS"
            | "CLAUDE"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(p: &str) -> Option<FileKind> {
        detect(Path::new(p), |f| {
            f.ends_with("my-plugin/.claude-plugin/plugin.json")
        })
    }

    #[test]
    fn agent_locations() {
        assert_eq!(
            kind("/home/u/proj/.claude/agents/a.md"),
            Some(FileKind::ClaudeAgent)
        );
        assert_eq!(
            kind("/home/u/.claude/agents/sub/dir/a.md"),
            Some(FileKind::ClaudeAgent)
        );
        assert_eq!(kind(".claude/agents/a.MD"), Some(FileKind::ClaudeAgent));
        assert_eq!(
            kind("/r/plugins/x/agents/a.md"),
            Some(FileKind::ClaudePluginAgent)
        );
        assert_eq!(
            kind("/r/my-plugin/agents/deep/a.md"),
            Some(FileKind::ClaudePluginAgent)
        );
    }

    #[test]
    fn everything_else_is_silent() {
        assert_eq!(kind("/home/u/proj/README.md"), None);
        assert_eq!(kind("/home/u/proj/.claude/agents.md"), None);
        assert_eq!(kind("/home/u/proj/.claude/agents/a.txt"), None);
        assert_eq!(kind("/home/u/proj/.claude/commands/a.md"), None);
        assert_eq!(kind("/r/other/agents/a.md"), None);
        assert_eq!(kind("/r/.claude/agents"), None);
    }
}
