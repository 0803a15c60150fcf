//! The frontmatter of OpenCode agents and commands, as OpenCode 1.18.33
//! decodes it (`ConfigAgentV1`, `ConfigCommandV1`; see
//! `docs/formats/opencode.md`). A value of the wrong type in a known field
//! makes OpenCode reject its whole configuration.

use crate::formats::catalog::{DocLink, Field, FieldType, Value, catalog_field};

/// The official page on agents, at a section.
macro_rules! agents_url {
    ($anchor:literal) => {
        concat!("https://opencode.ai/docs/agents/", $anchor)
    };
}

/// The official page on commands, at a section.
macro_rules! commands_url {
    ($anchor:literal) => {
        concat!("https://opencode.ai/docs/commands/", $anchor)
    };
}

/// The values of `mode`.
pub const MODES: &[Value] = &[
    Value {
        name: "subagent",
        doc: "Called by other agents through the `task` tool (and by people with `@name`); listed to the model.",
    },
    Value {
        name: "primary",
        doc: "An agent people switch to (Tab); never listed to the model as a subagent.",
    },
    Value {
        name: "all",
        doc: "Both (the default).",
    },
];

/// The theme colors `color` takes (besides `#RRGGBB`).
pub const THEME_COLORS: &[Value] = &[
    Value {
        name: "primary",
        doc: "The theme's primary color.",
    },
    Value {
        name: "secondary",
        doc: "The theme's secondary color.",
    },
    Value {
        name: "accent",
        doc: "The theme's accent color.",
    },
    Value {
        name: "success",
        doc: "The theme's success color.",
    },
    Value {
        name: "warning",
        doc: "The theme's warning color.",
    },
    Value {
        name: "error",
        doc: "The theme's error color.",
    },
    Value {
        name: "info",
        doc: "The theme's info color.",
    },
];

/// The actions of a permission.
pub const ACTIONS: &[Value] = &[
    Value {
        name: "ask",
        doc: "Ask before each use.",
    },
    Value {
        name: "allow",
        doc: "Allow without asking.",
    },
    Value {
        name: "deny",
        doc: "Never allow.",
    },
];

/// Booleans.
const BOOLEANS: &[Value] = &[
    Value {
        name: "true",
        doc: "Yes.",
    },
    Value {
        name: "false",
        doc: "No.",
    },
];

/// Permission keys that take an action only, never a map of patterns.
pub const ACTION_ONLY_PERMISSIONS: &[&str] = &[
    "todowrite",
    "question",
    "webfetch",
    "websearch",
    "doom_loop",
];

/// The permission keys OpenCode names (any other key is a tool name or pattern).
pub const PERMISSIONS: &[&str] = &[
    "read",
    "edit",
    "glob",
    "grep",
    "list",
    "bash",
    "task",
    "external_directory",
    "todowrite",
    "question",
    "webfetch",
    "websearch",
    "lsp",
    "doom_loop",
    "skill",
];

/// The documented values of an enumerated field.
#[must_use]
pub fn enum_values(field: &str) -> Option<&'static [Value]> {
    match field {
        "mode" => Some(MODES),
        "color" => Some(THEME_COLORS),
        "permission" => Some(ACTIONS),
        "disable" | "hidden" | "subtask" => Some(BOOLEANS),
        _ => None,
    }
}

const PAGE: &str = "Agents, Options";

/// Every field of an agent file.
pub const AGENT_FIELDS: &[Field] = &[
    catalog_field! {
        name: "description",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "What the agent does and when to use it: the `task` tool lists every subagent to \
    the model as `- name: description`.",
        values: "Text.",
        default: "The model is told `This subagent should only be called manually by the user.`",
        invalid: "Not text (a number, `true`, a list, or an empty `description:`, which is null): \
    OpenCode rejects its **whole configuration** and does not start.",
        docs: ("Agents, Description", agents_url!("#description")),
    },
    catalog_field! {
        name: "mode",
        required: false,
        ty: FieldType::Enum(&["subagent", "primary", "all"]),
        documented: true,
        kind: "string",
        about: "How the agent is used: `subagent` (called through the `task` tool), `primary` \
    (switched to by people), or `all`.",
        values: "`subagent`, `primary` or `all`, exactly.",
        default: "`all`.",
        invalid: "Any other value (`Subagent`, `helper`, `''`): OpenCode rejects its whole \
    configuration.",
        docs: ("Agents, Mode", agents_url!("#mode")),
    },
    catalog_field! {
        name: "model",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The model, as `provider/model-id` (`anthropic/claude-sonnet-4-20250514`). Not \
    checked when the configuration loads.",
        values: "`provider/model-id`.",
        default: "The session's model (for a subagent, the caller's).",
        invalid: "Not text: OpenCode rejects its whole configuration.",
        docs: ("Agents, Model", agents_url!("#model")),
    },
    catalog_field! {
        name: "variant",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The model variant to use with the agent's own model (`high`).",
        values: "A variant name.",
        default: "The model's default.",
        invalid: "Not text: OpenCode rejects its whole configuration.",
        docs: ("Agents, Model", agents_url!("#model")),
    },
    catalog_field! {
        name: "temperature",
        required: false,
        ty: FieldType::Number,
        documented: true,
        kind: "number",
        about: "The model's temperature for this agent.",
        values: "A finite number (usually 0.0 to 1.0; not range-checked).",
        default: "The model's default.",
        invalid: "Text (`'0.5'`, `hot`), `.nan` or `.inf`: OpenCode rejects its whole configuration.",
        docs: ("Agents, Temperature", agents_url!("#temperature")),
    },
    catalog_field! {
        name: "top_p",
        required: false,
        ty: FieldType::Number,
        documented: true,
        kind: "number",
        about: "The model's nucleus sampling for this agent.",
        values: "A finite number.",
        default: "The model's default.",
        invalid: "Not a finite number: OpenCode rejects its whole configuration.",
        docs: ("Agents, Top P", agents_url!("#top-p")),
    },
    catalog_field! {
        name: "permission",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "action or mapping",
        about: "What the agent may do: one action for everything, or a mapping of tools to \
    actions. `bash`, `edit`, `read`, `task`… also take a mapping of patterns to actions (the last \
    match wins); `todowrite`, `question`, `webfetch`, `websearch` and `doom_loop` take an action only.",
        values: "`ask`, `allow` or `deny` (lowercase), or a mapping of those.",
        default: "OpenCode's defaults.",
        invalid: "Another action (`Allow`, `yes`, `true`), a list, or patterns under an \
    action-only key: OpenCode rejects its whole configuration.",
        docs: ("Agents, Permissions", agents_url!("#permissions")),
    },
    catalog_field! {
        name: "tools",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "mapping",
        about: "Deprecated: use `permission`. A mapping of tool names (or `mymcp_*` globs) to \
    `true`/`false`, turned into `allow`/`deny` permissions (`write`, `edit`, `patch` become `edit`).",
        values: "`tool: true` or `tool: false` entries.",
        default: "Every tool.",
        invalid: "Claude Code's `tools: Read, Grep`, a list, or a value that is not a boolean: \
    OpenCode rejects its whole configuration.",
        docs: ("Agents, Tools", agents_url!("#tools")),
    },
    catalog_field! {
        name: "steps",
        required: false,
        ty: FieldType::PositiveInt,
        documented: true,
        kind: "positive integer",
        about: "How many agentic iterations the agent may take before it must answer in text.",
        values: "A positive integer, unquoted.",
        default: "No limit.",
        invalid: "`0`, a negative or fractional number, or text: OpenCode rejects its whole \
    configuration.",
        docs: ("Agents, Max steps", agents_url!("#max-steps")),
    },
    catalog_field! {
        name: "maxSteps",
        required: false,
        ty: FieldType::PositiveInt,
        documented: false,
        kind: "positive integer",
        about: "Deprecated spelling of `steps`; still read.",
        values: "A positive integer.",
        default: "No limit.",
        invalid: "As for `steps`: OpenCode rejects its whole configuration.",
        docs: ("Agents, Max steps", agents_url!("#max-steps")),
    },
    catalog_field! {
        name: "disable",
        required: false,
        ty: FieldType::Bool,
        documented: true,
        kind: "boolean",
        about: "`true` removes the agent.",
        values: "`true` or `false`.",
        default: "`false`.",
        invalid: "Anything else (`yes`, `'true'`): OpenCode rejects its whole configuration.",
        docs: ("Agents, Disable", agents_url!("#disable")),
    },
    catalog_field! {
        name: "hidden",
        required: false,
        ty: FieldType::Bool,
        documented: true,
        kind: "boolean",
        about: "Hides a subagent from the `@` menu. The model still sees it in the `task` tool.",
        values: "`true` or `false`.",
        default: "`false`.",
        invalid: "Anything else: OpenCode rejects its whole configuration.",
        docs: ("Agents, Hidden", agents_url!("#hidden")),
    },
    catalog_field! {
        name: "color",
        required: false,
        ty: FieldType::Enum(&["primary", "secondary", "accent", "success", "warning", "error", "info"]),
        documented: true,
        kind: "color",
        about: "The agent's color in the interface.",
        values: "`#RRGGBB`, or a theme color: `primary`, `secondary`, `accent`, `success`, \
    `warning`, `error`, `info`.",
        default: "The theme's choice.",
        invalid: "Claude Code's names (`cyan`), `#fff`, a capital `Primary`, a number: OpenCode \
    rejects its whole configuration.",
        docs: ("Agents, Color", agents_url!("#color")),
    },
    catalog_field! {
        name: "options",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "mapping",
        about: "Options passed to the model provider as they are (`reasoningEffort: high`). Any \
    key OpenCode does not know is moved here too.",
        values: "A mapping.",
        default: "None.",
        invalid: "Not a mapping: OpenCode rejects its whole configuration.",
        docs: ("Agents, Additional", agents_url!("#additional")),
    },
    catalog_field! {
        name: "name",
        required: false,
        ty: FieldType::String,
        documented: false,
        kind: "string",
        about: "Replaces the name the path gives (`review/deep` for `agent/review/deep.md`), \
    unchecked.",
        values: "Any value.",
        default: "The path below `agent/` or `agents/`, without `.md`.",
        invalid: "Never refused; a number or `''` becomes the agent's name.",
        docs: (PAGE, agents_url!("#markdown")),
    },
    catalog_field! {
        name: "prompt",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The system prompt, in `opencode.json` agents. In a Markdown agent the body is the \
    prompt, and it always replaces this field.",
        values: "Text.",
        default: "The body.",
        invalid: "Ignored in a Markdown agent, whatever it holds.",
        docs: ("Agents, Prompt", agents_url!("#prompt")),
    },
];

/// Every field of a command file.
pub const COMMAND_FIELDS: &[Field] = &[
    catalog_field! {
        name: "description",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "What the command does, shown in the `/` menu.",
        values: "Text.",
        default: "None.",
        invalid: "Not text: OpenCode rejects its whole configuration.",
        docs: ("Commands, Description", commands_url!("#description")),
    },
    catalog_field! {
        name: "agent",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The agent that runs the command (a subagent runs it as a subtask). Not checked \
    when the configuration loads.",
        values: "An agent's name.",
        default: "The current agent.",
        invalid: "Not text: OpenCode rejects its whole configuration.",
        docs: ("Commands, Agent", commands_url!("#agent")),
    },
    catalog_field! {
        name: "model",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The model to run the command with, as `provider/model-id`.",
        values: "`provider/model-id`.",
        default: "The current model.",
        invalid: "Not text: OpenCode rejects its whole configuration.",
        docs: ("Commands, Model", commands_url!("#model")),
    },
    catalog_field! {
        name: "variant",
        required: false,
        ty: FieldType::String,
        documented: false,
        kind: "string",
        about: "The model variant to use with the command's model.",
        values: "A variant name.",
        default: "The model's default.",
        invalid: "Not text: OpenCode rejects its whole configuration.",
        docs: ("Commands, Model", commands_url!("#model")),
    },
    catalog_field! {
        name: "subtask",
        required: false,
        ty: FieldType::Bool,
        documented: true,
        kind: "boolean",
        about: "Run the command as a subtask, in its own context, even with a primary agent.",
        values: "`true` or `false`.",
        default: "`false` (a subagent's command is a subtask anyway).",
        invalid: "Anything else (`maybe`, `'true'`): OpenCode rejects its whole configuration.",
        docs: ("Commands, Subtask", commands_url!("#subtask")),
    },
    catalog_field! {
        name: "name",
        required: false,
        ty: FieldType::String,
        documented: false,
        kind: "string",
        about: "Replaces the name the path gives (`git/commit` for `command/git/commit.md`), \
    unchecked.",
        values: "Any value.",
        default: "The path below `command/` or `commands/`, without `.md`.",
        invalid: "Never refused.",
        docs: ("Commands", commands_url!("#markdown")),
    },
    catalog_field! {
        name: "template",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The prompt sent when the command runs, in `opencode.json`. In a Markdown \
    command the body is the template, and it always replaces this field. `$ARGUMENTS`, `$1`…, \
    `` !`cmd` `` and `@file` are expanded.",
        values: "Text.",
        default: "The body.",
        invalid: "Ignored in a Markdown command, whatever it holds.",
        docs: ("Commands, Template", commands_url!("#template")),
    },
];

/// A link to the agents documentation.
pub const AGENT_DOCS: DocLink = DocLink {
    title: PAGE,
    url: agents_url!("#options"),
};
