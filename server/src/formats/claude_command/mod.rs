//! Claude Code slash commands (`.claude/commands/**/*.md`, plugin
//! `commands/**/*.md`), as Claude Code 2.1.330 loads them: "legacy" skills,
//! read by the skills' reader with the skills' fields and rules
//! ([`super::claude_skill`]); only where they live and how they are named
//! differ ([`paths`]: `git/commit.md` is `/git:commit`, and `name` is
//! ignored).

pub(crate) mod paths;

use super::claude_skill::{catalog, roster, rules};
use super::{FileKind, Format, Reader, Unread};

/// What the hover on a command's `name` says.
fn about_name(_: &str) -> String {
    "**Ignored in a command**\n\nClaude Code names a slash command after its path below `commands/` (`git/commit.md` is `/git:commit`), not after this field.".to_owned()
}

/// A slash command.
pub static COMMAND: Format = Format {
    kind: FileKind::ClaudeCommand,
    name: "claude-command",
    tool: "Claude Code",
    primary: super::target::Tool::ClaudeCode,
    noun: "command",
    shows: "lists",
    paths: "**/.claude/commands/**/*.md, <plugin>/commands/**/*.md",
    reader: Reader::ClaudeLenient,
    unread: Unread::Reported(rules::fallback),
    examples: false,
    fields: catalog::FIELDS,
    ignored_fields: &["name"],
    values: catalog::enum_values,
    unknown_key: super::claude_skill::unknown_key,
    about_name,
    path_name: paths::name,
    check: rules::check,
    roster: |text, fm, name| roster::line(text, fm, name?, true),
};
