//! Qwen Code subagents (`.qwen/agents/*.md`), as Qwen Code 0.24.4 loads them
//! (see `docs/formats/qwen-agent.md`).
//!
//! - [`paths`]: which files are Qwen Code agents;
//! - [`read`]: the text normalized, Qwen Code's frontmatter regex, its YAML
//!   parser and the line reader it falls back on;
//! - [`catalog`]: every field;
//! - [`rules`]: what refuses the agent (errors), what is dropped or
//!   ignored (warnings);
//! - [`roster`]: the line the model sees.

pub mod catalog;
pub(crate) mod paths;
pub mod read;
pub mod roster;
pub mod rules;

use super::{FileKind, Format, Reader, Unread};

/// What the hover on an agent's `name` says.
fn about_name(name: &str) -> String {
    format!(
        "**Agent `{name}`**\n\nQwen Code names the agent by this field, not by its file: the model launches it with the `agent` tool (`subagent_type: {name}`). 2 to 50 letters, digits, `-` and `_`; a project agent wins over a user agent of the same name."
    )
}

/// A key Qwen Code does not read.
fn unknown_key(key: &str) -> String {
    let mut s = format!("**{key}**: not a key Qwen Code reads in an agent file; it ignores it.");
    if let Some(hint) =
        crate::formats::catalog::closest(key, catalog::FIELDS.iter().map(|f| f.name))
    {
        s.push_str(&format!(" Did you mean `{hint}`?"));
    }
    s
}

/// A Qwen Code subagent.
pub static AGENT: Format = Format {
    kind: FileKind::QwenAgent,
    name: "qwen-agent",
    tool: "Qwen Code",
    primary: super::target::Tool::QwenCode,
    noun: "agent",
    shows: "lists",
    paths: "**/.qwen/agents/*.md",
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
