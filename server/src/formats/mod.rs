//! The formats agentls knows, one folder each, and the table that ties them
//! to the generic features.
//!
//! A format folder answers five questions and nothing else: which paths are
//! its files ([`detect`]), how its tool reads the frontmatter
//! ([`Format::reader`]), its fields and values with their documentation
//! ([`Format::fields`]), its rules ([`Format::check`]), and the line its tool
//! puts in front of the model for a file ([`Format::roster`]). Completion,
//! hover, fixes, outline, the preview and the CLI read the format from
//! [`format()`]; adding a format is one folder and one line in [`FORMATS`].

pub mod agent_skill;
pub mod catalog;
pub mod claude_agent;
pub mod claude_command;
pub mod claude_output_style;
pub mod claude_skill;
pub mod target;
// Agent Skills (Copilot CLI, Codex).
// GitHub Copilot.
pub mod copilot;
// OpenCode.
pub mod opencode;
// Gemini CLI and Qwen Code.
pub mod gemini_agent;
pub mod qwen_agent;
// Cursor.
pub mod cursor_rule;

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
    /// A Claude Code skill: `.claude/skills/<dir>/SKILL.md`, plugin
    /// `skills/<dir>/SKILL.md`.
    ClaudeSkill,
    /// A Claude Code slash command: `.claude/commands/**/*.md`, plugin
    /// `commands/**/*.md`.
    ClaudeCommand,
    /// A Claude Code output style: `.claude/output-styles/*.md`, plugin
    /// `output-styles/*.md`.
    ClaudeOutputStyle,
    /// A Claude Code plugin's output style: `<plugin>/output-styles/*.md`.
    ClaudePluginOutputStyle,
    // Agent Skills (Copilot CLI, Codex).
    /// An Agent Skill read by Copilot CLI and Codex:
    /// `.github/skills/<dir>/SKILL.md`, `.agents/skills/…`, `.codex/skills/…`,
    /// `.copilot/skills/…`.
    AgentSkill,
    // GitHub Copilot.
    /// A GitHub Copilot custom agent: `.github/agents/**/*.md`, `*.agent.md`.
    CopilotAgent,
    /// A VS Code prompt file: `*.prompt.md`.
    CopilotPrompt,
    /// A VS Code chat mode (now a custom agent): `*.chatmode.md`.
    CopilotChatMode,
    // OpenCode.
    /// An OpenCode agent: `.opencode/{agent,agents}/**/*.md`,
    /// `~/.config/opencode/{agent,agents}/**/*.md`.
    OpenCodeAgent,
    /// An OpenCode command: `.opencode/{command,commands}/**/*.md`,
    /// `~/.config/opencode/{command,commands}/**/*.md`.
    OpenCodeCommand,
    // Gemini CLI and Qwen Code.
    /// A Gemini CLI subagent: `.gemini/agents/*.md`, not `_*.md`.
    GeminiAgent,
    /// A Qwen Code subagent: `.qwen/agents/*.md`.
    QwenAgent,
    // Cursor.
    /// A Cursor rule: `.cursor/rules/**/*.mdc`.
    CursorRule,
}

/// How a format's tool reads the frontmatter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// Claude Code's: its frontmatter regex, a YAML parse, and on failure
    /// its quoting retry ([`crate::frontmatter`]).
    ClaudeLenient,
    /// A strict YAML parse of the block between the fences, with no retry:
    /// what Claude Code's retry would rescue is invalid YAML here (Copilot
    /// CLI, Gemini CLI, Qwen Code, OpenCode, Codex). The block is found as
    /// Claude Code finds it; a format whose tool finds it differently
    /// checks the difference itself.
    StrictYaml,
    /// The format judges the parse itself: its `check` gets the frontmatter
    /// however it parsed (Claude Code's lenient parse, with what its retry
    /// quoted and the strict error it rescued from, or a failure), and
    /// nothing is reported for it beforehand. For formats read by several
    /// tools that parse differently (Agent Skills: Copilot CLI is strict,
    /// Codex retries its own way).
    Own,
}

/// What a format's tool does with a file whose frontmatter it cannot read
/// (none, not at the first byte, never closed, invalid YAML, not a mapping).
#[derive(Debug, Clone, Copy)]
pub enum Unread {
    /// Claude Code refuses the agent: the error messages of Claude Code agents.
    Refuses,
    /// The format reports it: a warning or hint saying what the tool shows
    /// instead when it loads the file with fallbacks (a name from the path,
    /// a description from the body), an error naming the tool when it
    /// refuses the file.
    Reported(fn(&mut Ctx<'_>, &Fallback)),
}

/// Why a frontmatter is not read, for [`Unread::Reported`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback {
    /// Where to report it.
    pub range: std::ops::Range<usize>,
    /// What is wrong, as the start of a sentence (`No frontmatter`,
    /// `Invalid YAML (…)`).
    pub why: String,
    /// Whether it is a mistake (invalid YAML, a block never closed), rather
    /// than a file without frontmatter.
    pub mistake: bool,
    /// Whether the file has no frontmatter at all (no `---` block anywhere).
    pub missing: bool,
    /// The body as the tool reads it: the whole file when it finds no
    /// frontmatter, else what follows the frontmatter.
    pub body: std::ops::Range<usize>,
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
    /// The tool whose loader it follows (others may read its files too:
    /// [`target::default_for`]).
    pub primary: target::Tool,
    /// What its files are, for messages (`agent`, `skill`).
    pub noun: &'static str,
    /// What the tool does with the roster line, for the code lens that
    /// shows it (`lists`: "Claude Code lists: - name: …").
    pub shows: &'static str,
    /// Where its files live, in words (for documentation and `--help`).
    pub paths: &'static str,
    /// How its tool reads the frontmatter.
    pub reader: Reader,
    /// What its tool does with a frontmatter it cannot read.
    pub unread: Unread,
    /// Whether descriptions carry `<example>` blocks worth checking and
    /// previewing (Claude Code agents).
    pub examples: bool,
    /// Its frontmatter fields, with their documentation.
    pub fields: &'static [catalog::Field],
    /// Fields of [`Format::fields`] its tool ignores in this kind of file
    /// (not offered by completion).
    pub ignored_fields: &'static [&'static str],
    /// The documented values of an enumerated field, for completion and hover.
    pub values: fn(&str) -> Option<&'static [catalog::Value]>,
    /// Markdown about a key the tool does not know.
    pub unknown_key: fn(&str) -> String,
    /// Markdown about the file's name (the value of `name`, or the name its
    /// path gives), for the hover on `name`.
    pub about_name: fn(&str) -> String,
    /// The name the tool gives the file from its path alone (an agent's file
    /// name, a skill's folder, a command's `a:b`), when the path gives one.
    pub path_name: fn(&Path) -> Option<String>,
    /// Its rules, over a frontmatter that parsed as a mapping.
    pub check: fn(&mut Ctx<'_>, &Frontmatter),
    /// The line its tool shows the model for a file, from its text, its
    /// frontmatter when it has one (however it parsed: a failed parse has
    /// no fields, and its body still starts after the block), and the name
    /// its path gives ([`Format::path_name`]); `None` when the tool does not
    /// list the file.
    pub roster: fn(&str, Option<&Frontmatter>, Option<&str>) -> Option<String>,
}

/// Every format, in detection order.
pub static FORMATS: &[&Format] = &[
    &claude_agent::AGENT,
    &claude_agent::PLUGIN_AGENT,
    &claude_skill::SKILL,
    &claude_command::COMMAND,
    &claude_output_style::OUTPUT_STYLE,
    &claude_output_style::PLUGIN_OUTPUT_STYLE,
    // Agent Skills (Copilot CLI, Codex).
    &agent_skill::AGENT_SKILL,
    // GitHub Copilot.
    &copilot::AGENT,
    &copilot::PROMPT,
    &copilot::CHAT_MODE,
    // OpenCode.
    &opencode::AGENT,
    &opencode::COMMAND,
    // Gemini CLI and Qwen Code.
    &gemini_agent::AGENT,
    &qwen_agent::AGENT,
    // Cursor.
    &cursor_rule::CURSOR_RULE,
];

/// The name the tool gives a file of `kind` at `path` from its path alone.
#[must_use]
pub fn path_name(kind: FileKind, path: &Path) -> Option<String> {
    (format(kind).path_name)(path)
}

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
    let names = components(path);
    if ext.eq_ignore_ascii_case("mdc") {
        return cursor_rule::paths::detect(path, &names, &is_file);
    }
    if !ext.eq_ignore_ascii_case("md") {
        return None;
    }
    claude_agent::paths::detect(path, &names, &is_file)
        .or_else(|| claude_skill::paths::detect(path, &names, &is_file))
        .or_else(|| claude_command::paths::detect(path, &names, &is_file))
        .or_else(|| claude_output_style::paths::detect(path, &names, &is_file))
        // Agent Skills (Copilot CLI, Codex).
        .or_else(|| agent_skill::paths::detect(path, &names, &is_file))
        // GitHub Copilot.
        .or_else(|| copilot::paths::detect(path, &names, &is_file))
        // OpenCode.
        .or_else(|| opencode::paths::detect(path, &names, &is_file))
        // Gemini CLI and Qwen Code.
        .or_else(|| gemini_agent::paths::detect(path, &names, &is_file))
        .or_else(|| qwen_agent::paths::detect(path, &names, &is_file))
    // Cursor: `.mdc` files, above.
}

/// The folder names of `path`, the file name last (`""` for a component
/// that is not valid Unicode or not a name).
pub(crate) fn components(path: &Path) -> Vec<&str> {
    path.components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str().unwrap_or(""),
            _ => "",
        })
        .collect()
}

/// The root of the plugin holding `dirs[i]` (a plugin's `agents`, `skills`,
/// `commands` or `output-styles` folder), when there is one: the folder
/// above it sits in a `plugins/` folder, or holds `.claude-plugin/plugin.json`.
pub(crate) fn in_plugin(
    path: &Path,
    dirs: &[&str],
    i: usize,
    is_file: &dyn Fn(&Path) -> bool,
) -> bool {
    if i == 0 {
        return false;
    }
    if i >= 2 && dirs[i - 2] == "plugins" {
        return true;
    }
    let plugin_root: std::path::PathBuf = path.components().take(i).collect();
    is_file(&plugin_root.join(".claude-plugin").join("plugin.json"))
}

/// The file name without its extension.
pub(crate) fn file_stem(path: &Path) -> Option<String> {
    path.file_stem()?.to_str().map(str::to_owned)
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
    fn skill_command_and_style_locations() {
        for (path, expected) in [
            ("/p/.claude/skills/review/SKILL.md", FileKind::ClaudeSkill),
            ("/r/plugins/x/skills/review/SKILL.md", FileKind::ClaudeSkill),
            ("/r/my-plugin/skills/review/SKILL.md", FileKind::ClaudeSkill),
            ("/p/.claude/commands/review.md", FileKind::ClaudeCommand),
            ("/p/.claude/commands/git/commit.md", FileKind::ClaudeCommand),
            ("/r/plugins/x/commands/go.md", FileKind::ClaudeCommand),
            (
                "/p/.claude/output-styles/terse.md",
                FileKind::ClaudeOutputStyle,
            ),
            (
                "/r/plugins/x/output-styles/terse.md",
                FileKind::ClaudePluginOutputStyle,
            ),
        ] {
            assert_eq!(kind(path), Some(expected), "{path}");
        }
        let name = |k, p: &str| path_name(k, Path::new(p));
        assert_eq!(
            name(FileKind::ClaudeSkill, "/p/.claude/skills/review/SKILL.md").as_deref(),
            Some("review")
        );
        assert_eq!(
            name(FileKind::ClaudeCommand, "/p/.claude/commands/git/commit.md").as_deref(),
            Some("git:commit")
        );
        assert_eq!(
            name(
                FileKind::ClaudeOutputStyle,
                "/p/.claude/output-styles/terse.md"
            )
            .as_deref(),
            Some("terse")
        );
        assert_eq!(
            name(FileKind::ClaudeAgent, "/p/.claude/agents/rev.md").as_deref(),
            Some("rev")
        );
    }

    #[test]
    fn everything_else_is_silent() {
        assert_eq!(kind("/home/u/proj/README.md"), None);
        assert_eq!(kind("/home/u/proj/.claude/agents.md"), None);
        assert_eq!(kind("/home/u/proj/.claude/agents/a.txt"), None);
        assert_eq!(kind("/home/u/proj/.claude/skills/SKILL.md"), None);
        assert_eq!(kind("/home/u/proj/.claude/skills/a/b/SKILL.md"), None);
        assert_eq!(kind("/home/u/proj/.claude/skills/a/skill.md"), None);
        assert_eq!(kind("/home/u/proj/.claude/skills/a/README.md"), None);
        assert_eq!(kind("/home/u/proj/.claude/output-styles/sub/a.md"), None);
        assert_eq!(kind("/r/other/skills/a/SKILL.md"), None);
        assert_eq!(kind("/r/other/commands/a.md"), None);
        assert_eq!(kind("/home/u/proj/docs/SKILL.md"), None);
        assert_eq!(kind("/r/other/agents/a.md"), None);
        assert_eq!(kind("/r/.claude/agents"), None);
    }
}
