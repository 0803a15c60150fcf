//! Claude Code sub-agents: project and user agents (`.claude/agents/`) and
//! plugin agents (`<plugin>/agents/`), as Claude Code 2.1.330 loads them.
//!
//! - `paths`: which files are agents;
//! - the reader is Claude Code's own ([`crate::frontmatter`]): its regex,
//!   YAML, its quoting retry, `\n` un-escaping;
//! - [`catalog`] and [`tools`]: every field, value, model and tool, with docs;
//! - [`rules`] and [`hooks`]: what the loader refuses, ignores or warns about;
//! - [`roster`]: the line the model sees for an agent.

pub mod catalog;
pub(crate) mod hooks;
pub(crate) mod paths;
pub(crate) mod portability;
pub mod roster;
pub(crate) mod rules;
pub mod tools;

use super::{FileKind, Format, Reader, Unread};

/// What the hover on an agent's `name` says about the name.
fn about_name(name: &str) -> String {
    format!(
        "**Agent `{name}`**\n\nClaude delegates to it by this name: mention `@agent-{name}` in a prompt, or Claude calls the Agent tool with `subagent_type: \"{name}\"` when the description matches the task. Run it as the main session with `claude --agent {name}`."
    )
}

/// A key Claude Code does not recognise in an agent, with what it does.
fn unknown_key(key: &str) -> String {
    if catalog::TOP_LEVEL_HOOK_ERRORS.contains(&key) {
        return format!(
            "**{key}** is a hook event: at the top level, outside `hooks:`, it makes Claude Code refuse the agent. Move it under `hooks:`."
        );
    }
    let mut s = format!("**{key}**: not a key Claude Code recognises; it ignores it.");
    if let Some((_, why)) = catalog::LEGACY_KEYS.iter().find(|(k, _)| *k == key) {
        s.push(' ');
        s.push_str(why);
    } else if catalog::HOOK_EVENTS.contains(&key) {
        s.push_str(" Hook events belong under `hooks:`.");
    } else if let Some(hint) = catalog::unknown_key_hint(key) {
        s.push_str(&format!(" Did you mean `{hint}`?"));
    }
    s
}

/// The same, in a plugin agent (which reads `when_to_use`).
fn unknown_plugin_key(key: &str) -> String {
    if matches!(key, "when_to_use" | "when-to-use") {
        return format!(
            "**{key}**: plugin agents read it as the description when `description` is missing."
        );
    }
    unknown_key(key)
}

/// A project or user agent.
pub static AGENT: Format = Format {
    kind: FileKind::ClaudeAgent,
    name: "claude-agent",
    tool: "Claude Code",
    primary: super::target::Tool::ClaudeCode,
    noun: "agent",
    shows: "lists",
    paths: "**/.claude/agents/**/*.md",
    reader: Reader::ClaudeLenient,
    unread: Unread::Refuses,
    examples: true,
    fields: catalog::FIELDS,
    ignored_fields: &[],
    values: catalog::enum_values,
    unknown_key,
    about_name,
    path_name: super::file_stem,
    check: |ctx, fm| {
        rules::check(ctx, fm);
        portability::check(ctx);
    },
    roster: |_, fm, _| roster::line(fm?, None),
};

/// A plugin agent: listed under its file name when it has no `name` (the
/// plugin's own name, which Claude Code puts before it as `plugin:name`, is
/// not known from the file alone).
pub static PLUGIN_AGENT: Format = Format {
    kind: FileKind::ClaudePluginAgent,
    name: "claude-plugin-agent",
    tool: "Claude Code",
    primary: super::target::Tool::ClaudeCode,
    noun: "agent",
    shows: "lists",
    paths: "<plugin>/agents/**/*.md",
    reader: Reader::ClaudeLenient,
    unread: Unread::Refuses,
    examples: true,
    fields: catalog::FIELDS,
    ignored_fields: catalog::PLUGIN_IGNORED_FIELDS,
    values: catalog::enum_values,
    unknown_key: unknown_plugin_key,
    about_name,
    path_name: super::file_stem,
    check: rules::check,
    roster: |_, fm, stem| roster::line(fm?, stem),
};
