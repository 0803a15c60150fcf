//! The formats agentls knows, one folder each, and the table that ties them
//! to the generic features.
//!
//! A format folder answers five questions and nothing else: which paths are
//! its files ([`Format::detect`]), how its tool reads the frontmatter
//! ([`Format::reader`]), its fields and values with their documentation
//! ([`Format::fields`]), its rules ([`Format::check`]), and the line its tool
//! puts in front of the model for a file ([`Format::roster`]). Completion,
//! hover, fixes, outline, the preview and the CLI read the format from
//! [`format`]; adding a format is one folder and one line in [`FORMATS`].

pub mod catalog;
pub mod claude_agent;

use std::path::{Component, Path};

use crate::analysis::Ctx;
use crate::frontmatter::Frontmatter;

/// The kind of agent definition file: one per entry of [`FORMATS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// A Claude Code project or user agent: `.claude/agents/**/*.md`.
    ClaudeAgent,
    /// A Claude Code plugin agent: `<plugin>/agents/**/*.md`.
    ClaudePluginAgent,
}

/// How a format's tool reads the frontmatter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// Claude Code's: its frontmatter regex, a YAML parse, and on failure
    /// its quoting retry ([`crate::frontmatter`]).
    ClaudeLenient,
}

/// One format: everything the generic features ask of it.
#[derive(Debug)]
pub struct Format {
    /// The kind it describes.
    pub kind: FileKind,
    /// The name used by `agentls check --kind` (`claude-agent`).
    pub name: &'static str,
    /// The tool that reads it, for messages (`Claude Code`).
    pub tool: &'static str,
    /// Where its files live, in words (for documentation and `--help`).
    pub paths: &'static str,
    /// How its tool reads the frontmatter.
    pub reader: Reader,
    /// Its frontmatter fields, with their documentation.
    pub fields: &'static [catalog::Field],
    /// Its rules, over a frontmatter that parsed as a mapping.
    pub check: fn(&mut Ctx<'_>, &Frontmatter),
    /// The line its tool shows the model for a file, from its frontmatter
    /// and its file name without extension (`None` when the tool does not
    /// list the file).
    pub roster: fn(&Frontmatter, Option<&str>) -> Option<String>,
}

/// Every format, in detection order.
pub static FORMATS: &[&Format] = &[&claude_agent::AGENT, &claude_agent::PLUGIN_AGENT];

/// The format of a kind.
#[must_use]
pub fn format(kind: FileKind) -> &'static Format {
    FORMATS
        .iter()
        .copied()
        .find(|f| f.kind == kind)
        .unwrap_or(&claude_agent::AGENT)
}

impl FileKind {
    /// The name used by `agentls check --kind`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        format(self).name
    }

    /// Parses a `--kind` name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        FORMATS.iter().find(|f| f.name == name).map(|f| f.kind)
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
    claude_agent::paths::detect(path, &names, &is_file)
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
