//! Gemini CLI subagents (`.gemini/agents/*.md`), as Gemini CLI 0.61.0 loads
//! them (see `docs/formats/gemini-agent.md`).
//!
//! - [`paths`]: which files are Gemini CLI agents;
//! - [`jsyaml`]: the frontmatter as js-yaml reads it (strict, no retry;
//!   duplicate keys, unknown tags and dates), shared with OpenCode;
//! - [`catalog`]: every field, the tool names;
//! - [`rules`]: Gemini CLI's own frontmatter regex and its strict schema:
//!   whatever it refuses is an error;
//! - [`roster`]: the `<subagent>` entry the model sees.

pub mod catalog;
pub mod jsyaml;
pub(crate) mod paths;
pub mod roster;
pub mod rules;

use super::{FileKind, Format, Reader, Unread};

/// What the hover on an agent's `name` says.
fn about_name(name: &str) -> String {
    format!(
        "**Agent `{name}`**\n\nGemini CLI names the agent by this field, not by its file: the model invokes it with the `invoke_agent` tool (`agent_name: {name}`), and people with `@{name}`. It must be a slug: lowercase letters, digits, `-` and `_`."
    )
}

/// A key Gemini CLI's schema does not have.
fn unknown_key(key: &str) -> String {
    let mut s = format!(
        "**{key}**: not a key of a Gemini CLI agent. Its schema is strict: Gemini CLI refuses a file with a key it does not know."
    );
    if let Some(hint) =
        crate::formats::catalog::closest(key, catalog::FIELDS.iter().map(|f| f.name))
    {
        s.push_str(&format!(" Did you mean `{hint}`?"));
    }
    s
}

/// A Gemini CLI subagent.
pub static AGENT: Format = Format {
    kind: FileKind::GeminiAgent,
    name: "gemini-agent",
    tool: "Gemini CLI",
    primary: super::target::Tool::GeminiCli,
    noun: "agent",
    shows: "lists",
    paths: "**/.gemini/agents/*.md (not _*.md)",
    reader: Reader::StrictYaml,
    unread: Unread::Reported(rules::unread),
    examples: false,
    fields: catalog::FIELDS,
    ignored_fields: &[],
    values: catalog::enum_values,
    unknown_key,
    about_name,
    path_name: paths::name,
    check: rules::check,
    roster: |text, _, _| roster::line(text),
};
