//! Claude Code sub-agents: project and user agents (`.claude/agents/`) and
//! plugin agents (`<plugin>/agents/`), as Claude Code 2.1.330 loads them.
//!
//! - [`paths`]: which files are agents;
//! - the reader is Claude Code's own ([`crate::frontmatter`]): its regex,
//!   YAML, its quoting retry, `\n` un-escaping;
//! - [`catalog`] and [`tools`]: every field, value, model and tool, with docs;
//! - [`rules`] and [`hooks`]: what the loader refuses, ignores or warns about;
//! - [`roster`]: the line the model sees for an agent.

pub mod catalog;
pub(crate) mod hooks;
pub(crate) mod paths;
pub mod roster;
pub(crate) mod rules;
pub mod tools;

use super::{FileKind, Format, Reader};

/// A project or user agent.
pub static AGENT: Format = Format {
    kind: FileKind::ClaudeAgent,
    name: "claude-agent",
    tool: "Claude Code",
    paths: "**/.claude/agents/**/*.md",
    reader: Reader::ClaudeLenient,
    fields: catalog::FIELDS,
    check: rules::check,
    roster: |fm, _| roster::line(fm, None),
};

/// A plugin agent: listed under its file name when it has no `name` (the
/// plugin's own name, which Claude Code puts before it as `plugin:name`, is
/// not known from the file alone).
pub static PLUGIN_AGENT: Format = Format {
    kind: FileKind::ClaudePluginAgent,
    name: "claude-plugin-agent",
    tool: "Claude Code",
    paths: "<plugin>/agents/**/*.md",
    reader: Reader::ClaudeLenient,
    fields: catalog::FIELDS,
    check: rules::check,
    roster: roster::line,
};
