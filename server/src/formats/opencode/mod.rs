//! OpenCode agents (`.opencode/{agent,agents}/**/*.md`) and commands
//! (`.opencode/{command,commands}/**/*.md`), and the same below
//! `~/.config/opencode/`, as OpenCode 1.18.33 loads them (see
//! `docs/formats/opencode.md`).
//!
//! - [`paths`]: which files are agents and commands, and the names their
//!   paths give (`review/deep`);
//! - [`read`]: gray-matter, OpenCode's colon rewrite, and gray-matter's
//!   cache, which decide whether a broken frontmatter is rescued, ignored or
//!   the file skipped;
//! - [`catalog`]: the agent and command fields;
//! - [`rules`]: a value of the wrong type rejects OpenCode's whole
//!   configuration (errors that say so); what is ignored or moved into
//!   `options` (warnings);
//! - [`roster`]: the line of the `task` tool the model sees.

pub mod catalog;
pub(crate) mod paths;
pub mod read;
pub mod roster;
pub mod rules;

use super::{FileKind, Format, Reader, Unread};

fn about_agent(name: &str) -> String {
    format!(
        "**Agent `{name}`**\n\nOpenCode names an agent after its path below `agent/` (`review/deep.md` is `review/deep`); this field replaces that name, unchecked. People call it with `@{name}`; the model, through the `task` tool."
    )
}

fn about_command(name: &str) -> String {
    format!(
        "**Command `{name}`**\n\nOpenCode names a command after its path below `command/` (`git/commit.md` is `/git/commit`); this field replaces that name, unchecked."
    )
}

fn unknown_agent_key(key: &str) -> String {
    format!(
        "**{key}**: not an OpenCode agent field. OpenCode moves it into `options` and sends it to the model provider with every request."
    )
}

fn unknown_command_key(key: &str) -> String {
    format!(
        "**{key}**: not an OpenCode command field; OpenCode ignores it. Commands take `description`, `agent`, `model`, `variant` and `subtask`."
    )
}

/// An OpenCode agent.
pub static AGENT: Format = Format {
    kind: FileKind::OpenCodeAgent,
    name: "opencode-agent",
    tool: "OpenCode",
    primary: super::target::Tool::OpenCode,
    noun: "agent",
    shows: "lists",
    paths: "**/.opencode/{agent,agents}/**/*.md, ~/.config/opencode/{agent,agents}/**/*.md",
    reader: Reader::StrictYaml,
    unread: Unread::Reported(rules::unread_agent),
    examples: false,
    fields: catalog::AGENT_FIELDS,
    ignored_fields: &["prompt"],
    values: catalog::enum_values,
    unknown_key: unknown_agent_key,
    about_name: about_agent,
    path_name: paths::name,
    check: rules::check_agent,
    roster: |text, _, name| roster::line(text, name?),
};

/// An OpenCode command.
pub static COMMAND: Format = Format {
    kind: FileKind::OpenCodeCommand,
    name: "opencode-command",
    noun: "command",
    paths: "**/.opencode/{command,commands}/**/*.md, ~/.config/opencode/{command,commands}/**/*.md",
    fields: catalog::COMMAND_FIELDS,
    ignored_fields: &["template"],
    unknown_key: unknown_command_key,
    about_name: about_command,
    roster: |_, _, _| None,
    ..AGENT
};
