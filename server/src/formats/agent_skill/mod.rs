//! Agent Skills (agentskills.io) as Copilot CLI 1.0.102 and Codex 0.171.0
//! read them: `<dir>/SKILL.md` under `.github/skills/`, `.agents/skills/`,
//! `.codex/skills/` or `.copilot/skills/` (`docs/formats/agent-skill.md`).
//!
//! The two CLIs parse differently (Copilot CLI strictly, Codex with a
//! one-line quoting retry) and check different fields, so the format reads
//! the frontmatter itself ([`Reader::Own`]) and judges it once per targeted
//! tool ([`rules::judge`]); Claude Code skills use the same judgement for
//! Copilot CLI, which reads `.claude/skills` too.

pub mod catalog;
pub(crate) mod paths;
pub mod rules;

use super::{FileKind, Format, Reader, Unread};

fn about_name(name: &str) -> String {
    format!(
        "**Skill `{name}`**\n\nCopilot CLI and Codex list the skill under this name (Copilot CLI writes spaces as `-`); the standard asks for the folder's name."
    )
}

fn unknown_key(key: &str) -> String {
    format!(
        "**{key}**: not a field of the Agent Skills standard; Copilot CLI and Codex ignore it. The standard's fields are `name`, `description`, `license`, `compatibility`, `metadata` and `allowed-tools`."
    )
}

/// An Agent Skill.
pub static AGENT_SKILL: Format = Format {
    kind: FileKind::AgentSkill,
    name: "agent-skill",
    tool: "Copilot CLI and Codex",
    primary: super::target::Tool::CopilotCli,
    noun: "skill",
    shows: "lists",
    paths: "**/.github/skills/<dir>/SKILL.md, .agents/skills/…, .codex/skills/…, .copilot/skills/…",
    reader: Reader::Own,
    unread: Unread::Reported(rules::unread),
    examples: false,
    fields: catalog::FIELDS,
    ignored_fields: &[],
    values: catalog::values,
    unknown_key,
    about_name,
    path_name: paths::name,
    check: rules::check,
    roster: rules::roster,
};
