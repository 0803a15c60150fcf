//! The frontmatter of a Gemini CLI subagent, as Gemini CLI 0.61.0's schema
//! reads it (`localAgentSchema`, and the remote agents' schemas; see
//! `docs/formats/gemini-agent.md`). Every schema is strict: a key not listed
//! here makes Gemini CLI refuse the file.

use crate::formats::catalog::{DocLink, Field, FieldType, Value, catalog_field};

/// The official page on subagents, at a section.
macro_rules! docs_url {
    ($anchor:literal) => {
        concat!("https://geminicli.com/docs/core/subagents/", $anchor)
    };
}

/// The official page on remote subagents, at a section.
macro_rules! remote_url {
    ($anchor:literal) => {
        concat!("https://geminicli.com/docs/core/remote-agents/", $anchor)
    };
}

const PAGE: &str = "Subagents, Configuration schema";
const REMOTE: &str = "Remote subagents, Configuration schema";

/// The keys of a local agent (`localAgentSchema`).
pub const LOCAL_KEYS: &[&str] = &[
    "kind",
    "name",
    "description",
    "display_name",
    "tools",
    "mcp_servers",
    "model",
    "temperature",
    "max_turns",
    "timeout_mins",
];

/// The keys of a remote agent (`remoteAgentUrlSchema`, `remoteAgentJsonSchema`).
pub const REMOTE_KEYS: &[&str] = &[
    "kind",
    "name",
    "description",
    "display_name",
    "auth",
    "agent_card_url",
    "agent_card_json",
];

/// Keys that tell Gemini CLI a file means a local agent (`guessIntendedKind`).
pub const LOCAL_HINTS: &[&str] = &[
    "tools",
    "mcp_servers",
    "model",
    "temperature",
    "max_turns",
    "timeout_mins",
];

/// Keys that tell it a file means a remote agent.
pub const REMOTE_HINTS: &[&str] = &["agent_card_url", "auth", "agent_card_json"];

/// The keys of an inline MCP server (`mcpServerSchema`; others are dropped).
pub const MCP_SERVER_KEYS: &[&str] = &[
    "command",
    "args",
    "env",
    "cwd",
    "url",
    "http_url",
    "headers",
    "tcp",
    "type",
    "timeout",
    "trust",
    "description",
    "include_tools",
    "exclude_tools",
    "auth",
];

/// Gemini CLI's built-in tools (`ALL_BUILTIN_TOOL_NAMES`), with what each does.
pub const TOOLS: &[Value] = &[
    Value {
        name: "read_file",
        doc: "Reads one file (ReadFile).",
    },
    Value {
        name: "read_many_files",
        doc: "Reads several files or globs at once (ReadManyFiles).",
    },
    Value {
        name: "write_file",
        doc: "Writes a whole file (WriteFile).",
    },
    Value {
        name: "replace",
        doc: "Edits a file by replacing text in it (Edit).",
    },
    Value {
        name: "list_directory",
        doc: "Lists a folder (ReadFolder).",
    },
    Value {
        name: "glob",
        doc: "Finds files by glob pattern (FindFiles).",
    },
    Value {
        name: "grep_search",
        doc: "Searches file contents with a regular expression (SearchText).",
    },
    Value {
        name: "run_shell_command",
        doc: "Runs a shell command (Shell).",
    },
    Value {
        name: "google_web_search",
        doc: "Searches the web with Google Search (GoogleSearch).",
    },
    Value {
        name: "web_fetch",
        doc: "Fetches and reads URLs (WebFetch).",
    },
    Value {
        name: "write_todos",
        doc: "Keeps a to-do list for the task.",
    },
    Value {
        name: "ask_user",
        doc: "Asks the user a question.",
    },
    Value {
        name: "activate_skill",
        doc: "Activates an Agent Skill.",
    },
    Value {
        name: "get_internal_docs",
        doc: "Reads Gemini CLI's own documentation.",
    },
    Value {
        name: "enter_plan_mode",
        doc: "Switches to plan mode.",
    },
    Value {
        name: "exit_plan_mode",
        doc: "Leaves plan mode.",
    },
    Value {
        name: "update_topic",
        doc: "Updates the conversation's topic.",
    },
    Value {
        name: "complete_task",
        doc: "Reports the task complete.",
    },
    Value {
        name: "invoke_agent",
        doc: "Invokes another agent (subagents cannot call subagents, whatever they list).",
    },
    Value {
        name: "read_mcp_resource",
        doc: "Reads an MCP resource.",
    },
    Value {
        name: "list_mcp_resources",
        doc: "Lists MCP resources.",
    },
    Value {
        name: "tracker_create_task",
        doc: "Creates a task in the task tracker.",
    },
    Value {
        name: "tracker_update_task",
        doc: "Updates a tracked task.",
    },
    Value {
        name: "tracker_get_task",
        doc: "Reads a tracked task.",
    },
    Value {
        name: "tracker_list_tasks",
        doc: "Lists tracked tasks.",
    },
    Value {
        name: "tracker_add_dependency",
        doc: "Adds a dependency between tracked tasks.",
    },
    Value {
        name: "tracker_visualize",
        doc: "Shows the tracked tasks as a graph.",
    },
    Value {
        name: "*",
        doc: "Every built-in and discovered tool.",
    },
    Value {
        name: "mcp_*",
        doc: "Every tool of every MCP server.",
    },
];

/// Tool names Gemini CLI still accepts under an older name.
pub const LEGACY_TOOLS: &[(&str, &str)] = &[("search_file_content", "grep_search")];

/// Claude Code tool names and their Gemini CLI counterparts, for fixes.
pub const CLAUDE_TOOLS: &[(&str, &str)] = &[
    ("Read", "read_file"),
    ("Write", "write_file"),
    ("Edit", "replace"),
    ("MultiEdit", "replace"),
    ("Bash", "run_shell_command"),
    ("Grep", "grep_search"),
    ("Glob", "glob"),
    ("LS", "list_directory"),
    ("WebFetch", "web_fetch"),
    ("WebSearch", "google_web_search"),
    ("TodoWrite", "write_todos"),
    ("AskUserQuestion", "ask_user"),
    ("Agent", "invoke_agent"),
    ("Task", "invoke_agent"),
    ("Skill", "activate_skill"),
    ("ReadFile", "read_file"),
    ("WriteFile", "write_file"),
    ("ReadFolder", "list_directory"),
    ("FindFiles", "glob"),
    ("SearchText", "grep_search"),
    ("Shell", "run_shell_command"),
    ("GoogleSearch", "google_web_search"),
    ("ReadManyFiles", "read_many_files"),
    ("edit_file", "replace"),
    ("write_to_file", "write_file"),
    ("glob_search", "glob"),
    ("search_files", "grep_search"),
    ("list_files", "list_directory"),
    ("shell", "run_shell_command"),
    ("bash", "run_shell_command"),
];

/// The values of `kind`.
pub const KINDS: &[Value] = &[
    Value {
        name: "local",
        doc: "An agent Gemini CLI runs itself, with this file's body as its system prompt (the default).",
    },
    Value {
        name: "remote",
        doc: "An Agent2Agent (A2A) agent reached over the network, described by `agent_card_url` or `agent_card_json`.",
    },
];

/// The values of an MCP server's `type`.
pub const MCP_TYPES: &[&str] = &["sse", "http"];

/// The documented values of an enumerated field.
#[must_use]
pub fn enum_values(field: &str) -> Option<&'static [Value]> {
    match field {
        "kind" => Some(KINDS),
        "tools" => Some(TOOLS),
        _ => None,
    }
}

/// Every field of a Gemini CLI agent file (local, then remote only).
pub const FIELDS: &[Field] = &[
    catalog_field! {
        name: "name",
        required: true,
        ty: FieldType::String,
        documented: true,
        kind: "slug",
        about: "The agent's name: the model invokes it by this name (the `invoke_agent` tool's \
    `agent_name`), and people with `@name`. Gemini CLI does not take it from the file name.",
        values: "Lowercase letters, digits, `-` and `_` only (`code-reviewer`); no spaces, dots, \
    colons or capitals.",
        default: "None: it is required.",
        invalid: "Missing, not text, or not a slug: Gemini CLI refuses the file (`Name must be a \
    valid slug`).",
        docs: (PAGE, docs_url!("#configuration-schema")),
    },
    catalog_field! {
        name: "description",
        required: true,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "What the agent does: Gemini CLI lists it to the model under `# Available \
    Sub-Agents`, verbatim, and the model delegates by it.",
        values: "Text of at least one character. Line breaks are kept.",
        default: "None: a local agent requires it (a remote one may leave it out).",
        invalid: "Missing, empty, or not text (a number, a date such as `2024-01-01`, a list): \
    Gemini CLI refuses the file. Quote a value YAML would read as a number or a date.",
        docs: (PAGE, docs_url!("#configuration-schema")),
    },
    catalog_field! {
        name: "kind",
        required: false,
        ty: FieldType::Enum(&["local", "remote"]),
        documented: true,
        kind: "string",
        about: "`local` for an agent Gemini CLI runs with this file's body as its system prompt, \
    `remote` for an Agent2Agent agent reached over the network.",
        values: "`local` or `remote`, exactly (lowercase).",
        default: "`local` (`remote` when the file sets `agent_card_url` or `agent_card_json`).",
        invalid: "Any other value: Gemini CLI refuses the file (`Invalid literal value`).",
        docs: (PAGE, docs_url!("#configuration-schema")),
    },
    catalog_field! {
        name: "display_name",
        required: false,
        ty: FieldType::String,
        documented: false,
        kind: "string",
        about: "A name to show people in the interface. The model does not see it.",
        values: "Text.",
        default: "The `name`.",
        invalid: "Not text: Gemini CLI refuses the file.",
        docs: (PAGE, docs_url!("#configuration-schema")),
    },
    catalog_field! {
        name: "tools",
        required: false,
        ty: FieldType::List,
        documented: true,
        kind: "list of tool names",
        about: "The tools the agent may use. Gemini CLI's own names (`read_file`, \
    `grep_search`, `run_shell_command`), not Claude Code's (`Read`, `Grep`, `Bash`).",
        values: "A YAML list: built-in tool names, `*` (every tool), `mcp_*` (every MCP tool), \
    `mcp_<server>_*` or `mcp_<server>_<tool>`, or `discovered_tool_<name>`.",
        default: "Every tool of the parent session.",
        invalid: "A comma-separated string, an empty `tools:`, or an unknown name: Gemini CLI \
    refuses the file (`Expected array`, `Invalid tool name`).",
        docs: ("Subagents, Tool wildcards", docs_url!("#tool-wildcards")),
    },
    catalog_field! {
        name: "mcp_servers",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "mapping",
        about: "MCP servers only this agent uses: a mapping of server names to their settings \
    (`command`, `args`, `env`, `cwd`, `url`, `http_url`, `headers`, `tcp`, `type`, `timeout`, \
    `trust`, `description`, `include_tools`, `exclude_tools`, `auth`). The documentation's \
    `mcpServers` spelling is refused: the loader reads `mcp_servers`.",
        values: "A mapping of names to mappings; `type` is `sse` or `http`.",
        default: "No servers of its own.",
        invalid: "A list, a server that is not a mapping, or a setting of the wrong type: Gemini \
    CLI refuses the file. Unknown settings are dropped.",
        docs: (
            "Subagents, Configuring isolated tools and servers",
            docs_url!("#configuring-isolated-tools-and-servers")
        ),
    },
    catalog_field! {
        name: "model",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The model the agent runs on (`gemini-2.5-pro`).",
        values: "A model name, or `inherit`.",
        default: "`inherit`: the session's model.",
        invalid: "Not text: Gemini CLI refuses the file.",
        docs: (PAGE, docs_url!("#configuration-schema")),
    },
    catalog_field! {
        name: "temperature",
        required: false,
        ty: FieldType::Number,
        documented: true,
        kind: "number",
        about: "The model's temperature for this agent.",
        values: "A number (the documentation says 0.0 to 2.0; the loader takes any).",
        default: "`1`.",
        invalid: "Not a number (`'0.5'` quoted, `hot`, `.nan`): Gemini CLI refuses the file.",
        docs: (PAGE, docs_url!("#configuration-schema")),
    },
    catalog_field! {
        name: "max_turns",
        required: false,
        ty: FieldType::PositiveInt,
        documented: true,
        kind: "positive integer",
        about: "How many turns the agent may take before it must return.",
        values: "A positive integer, unquoted.",
        default: "`30`.",
        invalid: "`0`, a negative or fractional number, or a quoted `'10'`: Gemini CLI refuses \
    the file. (Claude Code's `maxTurns` is an unknown key here, refused too.)",
        docs: (PAGE, docs_url!("#configuration-schema")),
    },
    catalog_field! {
        name: "timeout_mins",
        required: false,
        ty: FieldType::PositiveInt,
        documented: true,
        kind: "positive integer",
        about: "How many minutes the agent may run.",
        values: "A positive integer, unquoted.",
        default: "`10`.",
        invalid: "`0`, a negative or fractional number, or text: Gemini CLI refuses the file.",
        docs: (PAGE, docs_url!("#configuration-schema")),
    },
    catalog_field! {
        name: "agent_card_url",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "URL",
        about: "A remote agent's A2A agent card, fetched when Gemini CLI starts. Only in a \
    remote agent (`kind: remote`), instead of `agent_card_json`.",
        values: "A URL.",
        default: "None.",
        invalid: "Not a URL, set beside `agent_card_json`, or in a local agent (with `tools`, \
    `model`…): Gemini CLI refuses the file. A card it cannot fetch: it logs an error and skips \
    the agent.",
        docs: (REMOTE, remote_url!("#configuration-schema")),
    },
    catalog_field! {
        name: "agent_card_json",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "JSON text",
        about: "A remote agent's A2A agent card, inline, as a JSON string (quote it, or use a \
    block scalar). Only in a remote agent, instead of `agent_card_url`.",
        values: "A JSON object holding at least the agent's `url`.",
        default: "None.",
        invalid: "Not valid JSON: Gemini CLI refuses the file. A card without a `url`: it logs \
    an error and skips the agent.",
        docs: ("Remote subagents, Inline Agent Card JSON", remote_url!("#inline-agent-card-json")),
    },
    catalog_field! {
        name: "auth",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "mapping",
        about: "How a remote agent authenticates: `type` is `apiKey` (with `key`), `http` (with \
    `scheme` and `token`, `username`/`password` or `value`), `google-credentials` or `oauth`.",
        values: "A mapping with a `type`.",
        default: "No authentication.",
        invalid: "An unknown `type` or a missing setting: Gemini CLI refuses the file. In a local \
    agent `auth` is an unknown key, refused too.",
        docs: ("Remote subagents, Authentication", remote_url!("#authentication")),
    },
];

/// A link to the subagents documentation.
pub const DOCS: DocLink = DocLink {
    title: PAGE,
    url: docs_url!("#configuration-schema"),
};

/// Whether Gemini CLI accepts `name` in `tools` (`isValidToolName` with
/// wildcards allowed).
#[must_use]
pub fn is_valid_tool(name: &str) -> bool {
    if TOOLS.iter().any(|t| t.name == name && t.name != "mcp_*")
        || LEGACY_TOOLS.iter().any(|(old, _)| *old == name)
        || name.starts_with("discovered_tool_")
        || name == "mcp_*"
    {
        return true;
    }
    let Some(rest) = name.strip_prefix("mcp_") else {
        return false;
    };
    if rest.starts_with('_') {
        return false;
    }
    // `^([^_]+)_(.+)$`: the server has no `_`.
    let Some((server, tool)) = rest.split_once('_') else {
        return false;
    };
    if server.is_empty() || tool.is_empty() {
        return false;
    }
    let slug = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-'))
    };
    if !slug(server) {
        return false;
    }
    if tool == "*" {
        return true;
    }
    if tool.chars().all(|c| c == '_') {
        return false;
    }
    slug(tool)
}

/// The tool Gemini CLI names what `name` probably means, for a fix: Claude
/// Code's name translated, an MCP tool respelt, or the closest built-in.
#[must_use]
pub fn suggest_tool(name: &str) -> Option<String> {
    if let Some((_, to)) = CLAUDE_TOOLS.iter().find(|(from, _)| *from == name) {
        return Some((*to).to_owned());
    }
    if let Some(rest) = name.strip_prefix("mcp__") {
        let fixed = match rest.split_once("__") {
            Some((server, tool)) => format!("mcp_{server}_{tool}"),
            None => format!("mcp_{rest}_*"),
        };
        return is_valid_tool(&fixed).then_some(fixed);
    }
    crate::formats::catalog::closest(
        name,
        TOOLS.iter().map(|t| t.name).filter(|n| !n.contains('*')),
    )
    .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_names_as_gemini_checks_them() {
        for ok in [
            "read_file",
            "*",
            "mcp_*",
            "mcp_github_create_issue",
            "mcp_github_*",
            "search_file_content",
            "discovered_tool_lint",
            "invoke_agent",
            "mcp_my-server.x_tool_name",
        ] {
            assert!(is_valid_tool(ok), "{ok}");
        }
        for bad in [
            "mcp__github",
            "ReadFile",
            "Read",
            "edit_file",
            "mcp_github",
            "mcp_github___",
            "mcp_",
            "",
        ] {
            assert!(!is_valid_tool(bad), "{bad}");
        }
        assert_eq!(suggest_tool("Read").as_deref(), Some("read_file"));
        assert_eq!(
            suggest_tool("mcp__github__create_issue").as_deref(),
            Some("mcp_github_create_issue")
        );
        assert_eq!(suggest_tool("mcp__github").as_deref(), Some("mcp_github_*"));
        assert_eq!(suggest_tool("read_fle").as_deref(), Some("read_file"));
    }
}
