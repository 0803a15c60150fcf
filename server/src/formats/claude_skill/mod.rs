//! Claude Code skills (`.claude/skills/<dir>/SKILL.md`, plugin
//! `skills/<dir>/SKILL.md`), as Claude Code 2.1.330 loads them.
//!
//! - [`paths`]: which files are skills, and the name the folder gives;
//! - the reader is Claude Code's own ([`crate::frontmatter`]), as for
//!   agents; but a skill whose frontmatter cannot be read still loads, with
//!   fallbacks ([`rules::fallback`]);
//! - [`catalog`]: every field (shared with slash commands);
//! - [`rules`]: what the loader drops, ignores or falls back from;
//! - [`roster`]: the line the model sees for a skill.
//!
//! Slash commands (`super::claude_command`) use this reader, catalog, rules
//! and roster; only their paths and names differ.

pub mod catalog;
pub(crate) mod paths;
pub mod roster;
pub mod rules;

use super::{FileKind, Format, Reader, Unread};

/// What the hover on a skill's `name` says.
fn about_name(name: &str) -> String {
    format!(
        "**Display name `{name}`**\n\nA skill is named after its folder: people run it as `/<folder>`, and the model calls the Skill tool with that name. This `name` is only shown beside it in the listing, when it is made of letters, digits, `_`, `:`, `.` and `-`."
    )
}

/// A key Claude Code does not read in a skill or command.
pub(crate) fn unknown_key(key: &str) -> String {
    let mut s =
        format!("**{key}**: not a key Claude Code reads in a skill or command; it ignores it.");
    if let Some(hint) =
        crate::formats::catalog::closest(key, catalog::FIELDS.iter().map(|f| f.name))
    {
        s.push_str(&format!(" Did you mean `{hint}`?"));
    }
    s
}

/// A skill.
pub static SKILL: Format = Format {
    kind: FileKind::ClaudeSkill,
    name: "claude-skill",
    tool: "Claude Code",
    primary: super::target::Tool::ClaudeCode,
    noun: "skill",
    shows: "lists",
    paths: "**/.claude/skills/<dir>/SKILL.md, <plugin>/skills/<dir>/SKILL.md",
    reader: Reader::ClaudeLenient,
    unread: Unread::Reported(rules::fallback),
    examples: false,
    fields: catalog::FIELDS,
    ignored_fields: &[],
    values: catalog::enum_values,
    unknown_key,
    about_name,
    path_name: paths::name,
    check: rules::check,
    roster: |text, fm, name| roster::line(text, fm, name?, false),
};
