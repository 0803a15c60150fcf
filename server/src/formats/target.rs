//! The tools a project targets: which loaders a file is judged against.
//!
//! Several tools read the same files (Copilot CLI reads `.claude/agents` and
//! `.claude/skills`; Copilot CLI and Codex read `.agents/skills`). By default a
//! file is judged against every tool that reads its path ([`default_for`]);
//! a project narrows or widens that with `--target` or the `targets`
//! setting. A format's rules ask [`Tools::has`] before saying what a tool
//! would do.

use std::fmt;
use std::path::Path;

/// A tool that loads agent definition files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tool {
    /// Claude Code.
    ClaudeCode,
    /// GitHub Copilot CLI.
    CopilotCli,
    /// VS Code's GitHub Copilot Chat.
    VsCode,
    /// OpenAI Codex CLI.
    Codex,
    /// OpenCode.
    OpenCode,
    /// Gemini CLI.
    GeminiCli,
    /// Qwen Code.
    QwenCode,
    /// Cursor.
    Cursor,
}

impl Tool {
    /// Every tool, in a stable order.
    pub const ALL: [Tool; 8] = [
        Tool::ClaudeCode,
        Tool::CopilotCli,
        Tool::VsCode,
        Tool::Codex,
        Tool::OpenCode,
        Tool::GeminiCli,
        Tool::QwenCode,
        Tool::Cursor,
    ];

    /// The id used by `--target` and the `targets` setting.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Tool::ClaudeCode => "claude",
            Tool::CopilotCli => "copilot",
            Tool::VsCode => "vscode",
            Tool::Codex => "codex",
            Tool::OpenCode => "opencode",
            Tool::GeminiCli => "gemini",
            Tool::QwenCode => "qwen",
            Tool::Cursor => "cursor",
        }
    }

    /// The tool's name, for messages.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Tool::ClaudeCode => "Claude Code",
            Tool::CopilotCli => "Copilot CLI",
            Tool::VsCode => "VS Code",
            Tool::Codex => "Codex",
            Tool::OpenCode => "OpenCode",
            Tool::GeminiCli => "Gemini CLI",
            Tool::QwenCode => "Qwen Code",
            Tool::Cursor => "Cursor",
        }
    }

    /// Parses an id (`claude`, `copilot`, …; `claude-code`, `copilot-cli`,
    /// `gemini-cli` and `qwen-code` too).
    #[must_use]
    pub fn from_id(id: &str) -> Option<Tool> {
        let id = id.trim().to_ascii_lowercase();
        let id = match id.as_str() {
            "claude-code" => "claude",
            "copilot-cli" | "github-copilot" => "copilot",
            "gemini-cli" => "gemini",
            "qwen-code" => "qwen",
            other => other,
        };
        Tool::ALL.into_iter().find(|t| t.id() == id)
    }

    fn bit(self) -> u16 {
        1 << Tool::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

/// A set of tools.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Tools(u16);

impl Tools {
    /// No tool.
    pub const NONE: Tools = Tools(0);

    /// A set of the given tools.
    #[must_use]
    pub fn of(tools: &[Tool]) -> Tools {
        Tools(tools.iter().fold(0, |acc, t| acc | t.bit()))
    }

    /// Whether the set holds `tool`.
    #[must_use]
    pub fn has(self, tool: Tool) -> bool {
        self.0 & tool.bit() != 0
    }

    /// Whether the set is empty.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The tools of the set, in [`Tool::ALL`]'s order.
    pub fn iter(self) -> impl Iterator<Item = Tool> {
        Tool::ALL.into_iter().filter(move |t| self.has(*t))
    }

    /// The tools in both sets.
    #[must_use]
    pub fn and(self, other: Tools) -> Tools {
        Tools(self.0 & other.0)
    }

    /// Parses a comma-separated list of ids (`claude,copilot`); the error
    /// names the first unknown id.
    ///
    /// # Errors
    /// An id that names no tool.
    pub fn parse(list: &str) -> Result<Tools, String> {
        let mut out = Tools::NONE;
        for id in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let tool = Tool::from_id(id).ok_or_else(|| {
                format!(
                    "unknown tool \"{id}\" (known: {})",
                    Tool::ALL.map(Tool::id).join(", ")
                )
            })?;
            out = Tools(out.0 | tool.bit());
        }
        Ok(out)
    }
}

impl fmt::Debug for Tools {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter().map(Tool::id)).finish()
    }
}

/// The tools that read a file at `path` of the given format, besides the
/// format's own tool: Copilot CLI reads project and user `.claude/agents`
/// and `.claude/skills`; Copilot CLI and Codex read `.agents/skills`;
/// Copilot CLI `.github/skills` and `~/.copilot/skills`; Codex
/// `~/.codex/skills`. Plugin files are read by Claude Code alone.
#[must_use]
pub fn default_for(kind: super::FileKind, path: &Path) -> Tools {
    use super::FileKind as K;
    let names = super::components(path);
    let under = |a: &str, b: &str| names.windows(2).any(|w| w[0] == a && w[1] == b);
    match kind {
        // Copilot CLI reads `.claude/agents/*.md` (flat) and `.claude/skills/<dir>/SKILL.md`.
        K::ClaudeAgent | K::ClaudeSkill
            if (names.len() >= 3
                && names[names.len() - 3] == ".claude"
                && names[names.len() - 2] == "agents")
                || under(".claude", "skills") =>
        {
            Tools::of(&[Tool::ClaudeCode, Tool::CopilotCli])
        }
        K::AgentSkill => {
            let mut tools = Vec::new();
            if under(".github", "skills")
                || under(".agents", "skills")
                || under(".copilot", "skills")
            {
                tools.push(Tool::CopilotCli);
            }
            if under(".agents", "skills") || under(".codex", "skills") {
                tools.push(Tool::Codex);
            }
            Tools::of(&tools)
        }
        _ => Tools::of(&[super::format(kind).primary]),
    }
}

/// The tools a file is judged against: those `targets` names (`--target`,
/// the setting, `.agentls.toml`) among the tools that read its path, or,
/// without targets, every tool that reads its path. A targeted tool that
/// does not read the path cannot refuse the file. (The format's own rules
/// always apply: they say what its tool does.)
#[must_use]
pub fn chosen(kind: super::FileKind, path: &Path, targets: Option<Tools>) -> Tools {
    let readers = default_for(kind, path);
    targets.map_or(readers, |t| t.and(readers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_and_print() {
        let t = Tools::parse("claude, Copilot-CLI,codex").expect("parse");
        assert_eq!(format!("{t:?}"), "{\"claude\", \"copilot\", \"codex\"}");
        assert!(t.has(Tool::CopilotCli) && !t.has(Tool::OpenCode));
        assert_eq!(
            Tools::parse("claude,nope").unwrap_err(),
            "unknown tool \"nope\" (known: claude, copilot, vscode, codex, opencode, gemini, qwen, cursor)"
        );
        assert!(Tools::parse("").expect("empty").is_empty());
    }

    #[test]
    fn who_reads_what() {
        use super::super::FileKind as K;
        let p = |s: &str| std::path::PathBuf::from(s);
        let claude = Tools::of(&[Tool::ClaudeCode]);
        let both = Tools::of(&[Tool::ClaudeCode, Tool::CopilotCli]);
        assert_eq!(
            default_for(K::ClaudeAgent, &p("/r/.claude/agents/a.md")),
            both
        );
        assert_eq!(
            default_for(K::ClaudeAgent, &p("/r/.claude/agents/team/a.md")),
            claude
        );
        assert_eq!(
            default_for(K::ClaudeSkill, &p("/r/.claude/skills/x/SKILL.md")),
            both
        );
        assert_eq!(
            default_for(K::ClaudeSkill, &p("/r/plugins/p/skills/x/SKILL.md")),
            claude
        );
        assert_eq!(
            default_for(K::ClaudePluginAgent, &p("/r/plugins/p/agents/a.md")),
            claude
        );
        assert_eq!(
            default_for(K::AgentSkill, &p("/r/.agents/skills/x/SKILL.md")),
            Tools::of(&[Tool::CopilotCli, Tool::Codex])
        );
        assert_eq!(
            default_for(K::AgentSkill, &p("/r/.github/skills/x/SKILL.md")),
            Tools::of(&[Tool::CopilotCli])
        );
        // Targets narrow the readers; a targeted tool that does not read the path is left out.
        let copilot = Tools::of(&[Tool::CopilotCli]);
        assert_eq!(
            chosen(K::ClaudeAgent, &p("/r/.claude/agents/a.md"), Some(claude)),
            claude
        );
        assert_eq!(
            chosen(
                K::ClaudeAgent,
                &p("/r/.claude/agents/team/a.md"),
                Some(both)
            ),
            claude
        );
        assert_eq!(
            chosen(
                K::AgentSkill,
                &p("/r/.codex/skills/x/SKILL.md"),
                Some(copilot)
            ),
            Tools::NONE
        );
    }
}
