//! The frontmatter of a Qwen Code subagent, as Qwen Code 0.24.4 reads it
//! (`parseSubagentContent` and `SubagentValidator`; see
//! `docs/formats/qwen-agent.md`). Unknown keys are ignored.

use crate::formats::catalog::{DocLink, Field, FieldType, Value, catalog_field};

/// The official page on subagents, at a section.
macro_rules! docs_url {
    ($anchor:literal) => {
        concat!(
            "https://qwenlm.github.io/qwen-code-docs/en/users/features/sub-agents/",
            $anchor
        )
    };
}

const PAGE: &str = "Subagents, File Format";
const CLAUDE: &str = "Subagents, Claude Code Compatibility Fields";

/// The values of `color` (Claude Code's eight, and `auto`).
pub const COLORS: &[Value] = &[
    Value {
        name: "red",
        doc: "Red, in the agent list and its progress display.",
    },
    Value {
        name: "blue",
        doc: "Blue.",
    },
    Value {
        name: "green",
        doc: "Green.",
    },
    Value {
        name: "yellow",
        doc: "Yellow.",
    },
    Value {
        name: "purple",
        doc: "Purple.",
    },
    Value {
        name: "orange",
        doc: "Orange.",
    },
    Value {
        name: "pink",
        doc: "Pink.",
    },
    Value {
        name: "cyan",
        doc: "Cyan.",
    },
    Value {
        name: "auto",
        doc: "Qwen Code picks the color (its older setting, kept for compatibility).",
    },
];

/// The values of `approvalMode`.
pub const APPROVAL_MODES: &[Value] = &[
    Value {
        name: "default",
        doc: "Tools ask for approval, as in the main session.",
    },
    Value {
        name: "plan",
        doc: "Analyse only: the agent plans but changes nothing.",
    },
    Value {
        name: "auto-edit",
        doc: "Edits are approved automatically (the usual choice for an agent).",
    },
    Value {
        name: "auto",
        doc: "Approved automatically, as Qwen Code's `auto` mode.",
    },
    Value {
        name: "yolo",
        doc: "Every tool approved automatically, destructive ones included.",
    },
    Value {
        name: "bubble",
        doc: "A background agent's approvals are asked in the parent session.",
    },
];

/// The values of `permissionMode` (Claude Code's), and the `approvalMode`
/// each becomes when `approvalMode` is not set.
pub const PERMISSION_MODES: &[Value] = &[
    Value {
        name: "default",
        doc: "Becomes `approvalMode: default`.",
    },
    Value {
        name: "plan",
        doc: "Becomes `approvalMode: plan`.",
    },
    Value {
        name: "acceptEdits",
        doc: "Becomes `approvalMode: auto-edit`.",
    },
    Value {
        name: "auto",
        doc: "Becomes `approvalMode: auto-edit`.",
    },
    Value {
        name: "bypassPermissions",
        doc: "Becomes `approvalMode: yolo`.",
    },
    Value {
        name: "dontAsk",
        doc: "Becomes `approvalMode: default`.",
    },
];

/// Qwen Code's tools (`ToolNames`), for completion; `tools` is not checked
/// against them when the agent loads.
pub const TOOLS: &[Value] = &[
    Value {
        name: "read_file",
        doc: "Reads a file.",
    },
    Value {
        name: "write_file",
        doc: "Writes a whole file.",
    },
    Value {
        name: "edit",
        doc: "Edits a file by replacing text.",
    },
    Value {
        name: "list_directory",
        doc: "Lists a folder.",
    },
    Value {
        name: "glob",
        doc: "Finds files by glob pattern.",
    },
    Value {
        name: "grep_search",
        doc: "Searches file contents.",
    },
    Value {
        name: "run_shell_command",
        doc: "Runs a shell command.",
    },
    Value {
        name: "web_fetch",
        doc: "Fetches a URL.",
    },
    Value {
        name: "web_search",
        doc: "Searches the web.",
    },
    Value {
        name: "todo_write",
        doc: "Keeps a to-do list.",
    },
    Value {
        name: "save_memory",
        doc: "Saves a memory.",
    },
    Value {
        name: "agent",
        doc: "Launches another agent.",
    },
    Value {
        name: "skill",
        doc: "Runs a skill.",
    },
    Value {
        name: "lsp",
        doc: "Asks the language servers.",
    },
    Value {
        name: "ask_user_question",
        doc: "Asks the user a question.",
    },
    Value {
        name: "notebook_edit",
        doc: "Edits a notebook.",
    },
    Value {
        name: "tool_search",
        doc: "Finds deferred tools.",
    },
    Value {
        name: "tool_call",
        doc: "Calls a deferred tool found with `tool_search`.",
    },
    Value {
        name: "read_mcp_resource",
        doc: "Reads an MCP resource.",
    },
];

/// The documented values of an enumerated field.
#[must_use]
pub fn enum_values(field: &str) -> Option<&'static [Value]> {
    match field {
        "color" => Some(COLORS),
        "approvalMode" => Some(APPROVAL_MODES),
        "permissionMode" => Some(PERMISSION_MODES),
        "tools" | "disallowedTools" => Some(TOOLS),
        "background" => Some(&[
            Value {
                name: "true",
                doc: "Runs the agent in the background.",
            },
            Value {
                name: "false",
                doc: "Runs it in the foreground.",
            },
        ]),
        "executionBackend" => Some(&[Value {
            name: "container",
            doc: "Runs the agent in a container: the only value.",
        }]),
        _ => None,
    }
}

/// Every key Qwen Code reads in an agent file.
pub const FIELDS: &[Field] = &[
    catalog_field! {
        name: "name",
        required: true,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The agent's name: the model picks it as `subagent_type` in the `agent` tool, and \
    the list it sees shows it in bold. The file name does not matter; among agents of the same \
    name, the project's wins over the user's.",
        values: "2 to 50 letters (any script), digits, `-` and `_`, not starting or ending with `-` \
    or `_`; not `self`, `system`, `user`, `model`, `tool`, `config`, `default` or `main` (any \
    case). A number or boolean is read as text.",
        default: "None: it is required.",
        invalid: "Missing, empty, or breaking a rule above: Qwen Code skips the agent (only its \
    debug log says why).",
        docs: (PAGE, docs_url!("#file-format")),
    },
    catalog_field! {
        name: "description",
        required: true,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "When to use the agent: the model sees `- **name**: description` in the `agent` \
    tool and delegates by it. Used verbatim (a literal `\\n` stays two characters).",
        values: "Text (a number is read as text; a list is joined with commas).",
        default: "None: it is required.",
        invalid: "Missing, empty or blank: Qwen Code skips the agent.",
        docs: (PAGE, docs_url!("#file-format")),
    },
    catalog_field! {
        name: "tools",
        required: false,
        ty: FieldType::List,
        documented: true,
        kind: "tool list",
        about: "The tools the agent may use (Qwen Code's names: `read_file`, `grep_search`, \
    `run_shell_command`, …; MCP tools as `mcp__server__tool`). Names are not checked when the \
    agent loads.",
        values: "A YAML list, or a comma-separated string.",
        default: "Every tool of the parent session.",
        invalid: "An empty name in a list skips the agent (`Tool name cannot be empty`); anything \
    but text or a list is ignored; items that are not text are dropped.",
        docs: ("Subagents, Tool Configuration", docs_url!("#tool-configuration")),
    },
    catalog_field! {
        name: "disallowedTools",
        required: false,
        ty: FieldType::List,
        documented: true,
        kind: "tool list",
        about: "Tools taken away from the agent, after `tools`. `mcp__server` takes a whole MCP \
    server away.",
        values: "A YAML list, or a comma-separated string.",
        default: "Nothing taken away.",
        invalid: "An empty name in a list skips the agent; anything but text or a list is ignored.",
        docs: ("Subagents, Tool Configuration", docs_url!("#tool-configuration")),
    },
    catalog_field! {
        name: "model",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "model",
        about: "The model the agent runs on.",
        values: "`inherit`, `fast` (the configured fast model), a model id (`glm-5`), or \
    `authType:modelId` (`openai:gpt-4o`; auth types `openai`, `openai-responses`, `qwen-oauth`, \
    `gemini`, `vertex-ai`, `anthropic`).",
        default: "`inherit`: the main conversation's model.",
        invalid: "An auth type with nothing after it (`openai:`), or only spaces: Qwen Code skips \
    the agent.",
        docs: ("Subagents, Model Selection", docs_url!("#model-selection")),
    },
    catalog_field! {
        name: "approvalMode",
        required: false,
        ty: FieldType::Enum(&["default", "plan", "auto-edit", "auto", "yolo", "bubble"]),
        documented: true,
        kind: "string",
        about: "How the agent's tool calls are approved. A permissive parent session (yolo, \
    auto-edit) still wins.",
        values: "`default`, `plan`, `auto-edit`, `auto`, `yolo`, `bubble` (exact case); `''` is unset.",
        default: "Decided by the parent session (auto-edit under a default-mode parent in a \
    trusted folder).",
        invalid: "Any other value, or not text: Qwen Code skips the agent.",
        docs: ("Subagents, Permission Mode", docs_url!("#permission-mode")),
    },
    catalog_field! {
        name: "permissionMode",
        required: false,
        ty: FieldType::Enum(&["acceptEdits", "auto", "bypassPermissions", "default", "dontAsk", "plan"]),
        documented: true,
        kind: "string",
        about: "Claude Code's field, read for compatibility: it becomes `approvalMode` when that \
    is not set (`acceptEdits` and `auto` → `auto-edit`, `bypassPermissions` → `yolo`, `dontAsk` → \
    `default`).",
        values: "`acceptEdits`, `auto`, `bypassPermissions`, `default`, `dontAsk`, `plan`.",
        default: "Unset.",
        invalid: "Logged (`has invalid permissionMode`) and dropped.",
        docs: (CLAUDE, docs_url!("#claude-code-compatibility-fields")),
    },
    catalog_field! {
        name: "maxTurns",
        required: false,
        ty: FieldType::PositiveInt,
        documented: true,
        kind: "positive integer",
        about: "Caps the agent's turns (wins over `runConfig.max_turns`).",
        values: "A positive integer, or text holding one (`'5'`).",
        default: "No cap of its own.",
        invalid: "`0`, a fraction or other text: logged (`has invalid maxTurns`) and dropped.",
        docs: (CLAUDE, docs_url!("#claude-code-compatibility-fields")),
    },
    catalog_field! {
        name: "color",
        required: false,
        ty: FieldType::Enum(&["red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan", "auto"]),
        documented: true,
        kind: "string",
        about: "The agent's color in the interface.",
        values: "`red`, `blue`, `green`, `yellow`, `purple`, `orange`, `pink`, `cyan` (lowercase), \
    or `auto`.",
        default: "No color.",
        invalid: "Other text: logged (`has invalid color`) and dropped; anything else dropped silently.",
        docs: (CLAUDE, docs_url!("#claude-code-compatibility-fields")),
    },
    catalog_field! {
        name: "background",
        required: false,
        ty: FieldType::Bool,
        documented: false,
        kind: "boolean",
        about: "Whether the agent runs in the background.",
        values: "`true` or `false` (or the text `'true'`/`'false'`).",
        default: "Decided when the agent is launched.",
        invalid: "Anything else (`yes`): logged (`has invalid background value`) and ignored.",
        docs: (CLAUDE, docs_url!("#claude-code-compatibility-fields")),
    },
    catalog_field! {
        name: "mcpServers",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "mapping",
        about: "MCP servers for this agent, merged over the session's (the agent's spec wins on a \
    name clash).",
        values: "A mapping of server names to server settings (mappings).",
        default: "The session's servers.",
        invalid: "Entries that are not mappings are dropped; with none left, or not a mapping: \
    logged (`has invalid mcpServers`) and dropped.",
        docs: (CLAUDE, docs_url!("#claude-code-compatibility-fields")),
    },
    catalog_field! {
        name: "hooks",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "mapping",
        about: "Hooks registered while the agent runs, as in `settings.json` (event → matchers). \
    They fire for every matching event of the session meanwhile.",
        values: "A mapping of hook event names to lists of `{matcher, hooks}`.",
        default: "No hooks of its own.",
        invalid: "Events whose value is not a list are dropped; with none left, or not a mapping: \
    logged (`has invalid hooks`) and dropped.",
        docs: (CLAUDE, docs_url!("#claude-code-compatibility-fields")),
    },
    catalog_field! {
        name: "runConfig",
        required: false,
        ty: FieldType::Mapping,
        documented: false,
        kind: "mapping",
        about: "Limits of a run: `max_turns` (positive integer) and `max_time_minutes` (positive \
    number).",
        values: "A mapping with `max_turns` and/or `max_time_minutes`, as numbers.",
        default: "No limits of its own.",
        invalid: "Not numbers, `0`, a fractional `max_turns`: Qwen Code skips the agent.",
        docs: (PAGE, docs_url!("#file-format")),
    },
    catalog_field! {
        name: "modelConfig",
        required: false,
        ty: FieldType::Mapping,
        documented: false,
        kind: "mapping",
        about: "The older place for the model: `modelConfig.model` is used when `model` is not set.",
        values: "A mapping with `model` (text).",
        default: "None.",
        invalid: "Anything else is ignored.",
        docs: ("Subagents, Model Selection", docs_url!("#model-selection")),
    },
    catalog_field! {
        name: "executor",
        required: false,
        ty: FieldType::Mapping,
        documented: false,
        kind: "mapping",
        about: "Runs the agent in an external agent instead of in-process: `kind` (`acp` or \
    `codex`), `command` (non-empty text) and optional `args` (a list of text).",
        values: "`{kind: acp|codex, command: …, args: […]}`.",
        default: "In-process.",
        invalid: "Anything else, or a YAML error at or after this key: Qwen Code refuses the \
    agent rather than run it in-process.",
        docs: (PAGE, docs_url!("#file-format")),
    },
    catalog_field! {
        name: "executionBackend",
        required: false,
        ty: FieldType::Enum(&["container"]),
        documented: false,
        kind: "string",
        about: "Where the agent runs: `container`.",
        values: "`container`.",
        default: "Locally.",
        invalid: "Any other value, or a YAML error anywhere in the frontmatter: Qwen Code refuses \
    the agent rather than run it locally.",
        docs: (PAGE, docs_url!("#file-format")),
    },
];

/// A link to the subagents documentation.
pub const DOCS: DocLink = DocLink {
    title: PAGE,
    url: docs_url!("#file-format"),
};

/// The auth types an `authType:model` selector may name.
pub const AUTH_TYPES: &[&str] = &[
    "openai",
    "openai-responses",
    "qwen-oauth",
    "gemini",
    "vertex-ai",
    "anthropic",
];

/// Names a Qwen Code agent cannot have (compared in lowercase).
pub const RESERVED_NAMES: &[&str] = &[
    "self", "system", "user", "model", "tool", "config", "default", "main",
];
