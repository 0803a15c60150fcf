//! Claude Code sub-agents (`.claude/agents/*.md`, plugin `agents/*.md`), as
//! loaded by Claude Code 2.1.330.

use crate::formats::catalog::{DocLink, Field, FieldType, Value, catalog_field};

/// The colors Claude Code accepts; any other value is silently dropped.
pub const COLORS: &[Value] = &[
    Value {
        name: "red",
        doc: "Red (`#e5484d`).",
    },
    Value {
        name: "blue",
        doc: "Blue (`#0090ff`).",
    },
    Value {
        name: "green",
        doc: "Green (`#30a46c`).",
    },
    Value {
        name: "yellow",
        doc: "Yellow (`#ffc53d`).",
    },
    Value {
        name: "purple",
        doc: "Purple (`#8e4ec6`).",
    },
    Value {
        name: "orange",
        doc: "Orange (`#f76b15`).",
    },
    Value {
        name: "pink",
        doc: "Pink (`#d6409f`).",
    },
    Value {
        name: "cyan",
        doc: "Cyan (`#00a2c7`).",
    },
];

/// The hex shown for each color (swatches in editors).
pub const COLOR_HEX: &[(&str, &str)] = &[
    ("red", "#e5484d"),
    ("blue", "#0090ff"),
    ("green", "#30a46c"),
    ("yellow", "#ffc53d"),
    ("purple", "#8e4ec6"),
    ("orange", "#f76b15"),
    ("pink", "#d6409f"),
    ("cyan", "#00a2c7"),
];

/// The hex of a color name.
#[must_use]
pub fn color_hex(name: &str) -> Option<&'static str> {
    COLOR_HEX.iter().find(|(n, _)| *n == name).map(|(_, h)| *h)
}

/// Documented values of the enumerated fields, for completion and hover.
pub const ENUM_DOCS: &[(&str, &[Value])] = &[
    (
        "permissionMode",
        &[
            Value {
                name: "default",
                doc: "Manual mode: ask before edits and commands, as in a normal session.",
            },
            Value {
                name: "acceptEdits",
                doc: "Accept file edits (and common filesystem commands) in the working directories without asking; ask for the rest.",
            },
            Value {
                name: "auto",
                doc: "Auto mode: a background classifier reviews commands and protected writes instead of asking.",
            },
            Value {
                name: "dontAsk",
                doc: "Never ask: deny what is not allowed beforehand.",
            },
            Value {
                name: "bypassPermissions",
                doc: "Skip permission prompts. A sub-agent runs in this mode only when the main conversation does.",
            },
            Value {
                name: "plan",
                doc: "Plan mode: read-only exploration, no edits.",
            },
            Value {
                name: "manual",
                doc: "Same as `default`.",
            },
        ],
    ),
    (
        "memory",
        &[
            Value {
                name: "user",
                doc: "In `~/.claude/agent-memory/NAME/`: what the agent learns applies to every project.",
            },
            Value {
                name: "project",
                doc: "In `.claude/agent-memory/NAME/`: specific to the project, and shared through version control.",
            },
            Value {
                name: "local",
                doc: "In `.claude/agent-memory-local/NAME/`: specific to the project, kept out of version control.",
            },
        ],
    ),
    (
        "effort",
        &[
            Value {
                name: "low",
                doc: "Little reasoning: fastest.",
            },
            Value {
                name: "medium",
                doc: "Moderate reasoning.",
            },
            Value {
                name: "high",
                doc: "Thorough reasoning.",
            },
            Value {
                name: "xhigh",
                doc: "Very thorough reasoning.",
            },
            Value {
                name: "max",
                doc: "The most reasoning the model allows.",
            },
        ],
    ),
    (
        "isolation",
        &[
            Value {
                name: "worktree",
                doc: "Run in a temporary git worktree, so its edits do not touch your checkout.",
            },
            Value {
                name: "remote",
                doc: "Run remotely (undocumented; not for plugin agents).",
            },
        ],
    ),
    (
        "background",
        &[
            Value {
                name: "true",
                doc: "Always run this agent in the background.",
            },
            Value {
                name: "false",
                doc: "Not forced: each run is in the foreground or the background as Claude Code decides (the default).",
            },
        ],
    ),
    (
        "omitClaudeMd",
        &[
            Value {
                name: "true",
                doc: "Leave CLAUDE.md out.",
            },
            Value {
                name: "false",
                doc: "Include CLAUDE.md (the default).",
            },
        ],
    ),
];

/// The documented values of an enumerated field.
#[must_use]
pub fn enum_values(field: &str) -> Option<&'static [Value]> {
    ENUM_DOCS.iter().find(|(f, _)| *f == field).map(|(_, v)| *v)
}

/// Model aliases (matched case-insensitively by Claude Code).
pub const MODEL_ALIASES: &[Value] = &[
    Value {
        name: "sonnet",
        doc: "The latest Sonnet model: fast and capable, the usual choice.",
    },
    Value {
        name: "opus",
        doc: "The latest Opus model: the most capable, slower and costlier.",
    },
    Value {
        name: "haiku",
        doc: "The latest Haiku model: the fastest and cheapest.",
    },
    Value {
        name: "fable",
        doc: "The Fable model, for the hardest and longest-running tasks. Which Fable version it names depends on the provider; `ANTHROPIC_DEFAULT_FABLE_MODEL` overrides it.",
    },
    Value {
        name: "inherit",
        doc: "Use the same model as the main conversation (the default).",
    },
    Value {
        name: "opusplan",
        doc: "Opus while planning, Sonnet while executing (a `--model` value).",
    },
    Value {
        name: "sonnet[1m]",
        doc: "Sonnet with the 1M-token context window (a `--model` value).",
    },
    Value {
        name: "opus[1m]",
        doc: "Opus with the 1M-token context window (a `--model` value).",
    },
    Value {
        name: "best",
        doc: "Fable where the account has it, otherwise the same model as `opus` (a `--model` value).",
    },
    Value {
        name: "default",
        doc: "The account's default model (a `--model` value).",
    },
];

/// Known full model ids, newest first, for completion and hover.
pub const MODEL_IDS: &[Value] = &[
    Value {
        name: "claude-opus-5",
        doc: "Claude Opus 5.",
    },
    Value {
        name: "claude-sonnet-5",
        doc: "Claude Sonnet 5.",
    },
    Value {
        name: "claude-opus-4-5",
        doc: "Claude Opus 4.5.",
    },
    Value {
        name: "claude-sonnet-4-5",
        doc: "Claude Sonnet 4.5.",
    },
    Value {
        name: "claude-haiku-4-5",
        doc: "Claude Haiku 4.5.",
    },
    Value {
        name: "claude-opus-4-1",
        doc: "Claude Opus 4.1.",
    },
    Value {
        name: "claude-opus-4-0",
        doc: "Claude Opus 4.",
    },
    Value {
        name: "claude-sonnet-4-0",
        doc: "Claude Sonnet 4.",
    },
    Value {
        name: "claude-3-7-sonnet-latest",
        doc: "Claude Sonnet 3.7.",
    },
    Value {
        name: "claude-3-5-haiku-latest",
        doc: "Claude Haiku 3.5.",
    },
];

/// `permissionMode` values accepted by the loader (`manual` is an alias of `default`).
pub const PERMISSION_MODES: &[&str] = &[
    "default",
    "acceptEdits",
    "auto",
    "dontAsk",
    "bypassPermissions",
    "plan",
    "manual",
];

/// `memory` values.
pub const MEMORY_SCOPES: &[&str] = &["user", "project", "local"];

/// `effort` levels (an integer is accepted too).
pub const EFFORT_LEVELS: &[&str] = &["low", "medium", "high", "xhigh", "max"];

/// `isolation` values for project and user agents (plugins accept only `worktree`).
pub const ISOLATION_MODES: &[&str] = &["worktree", "remote"];

/// Hook events Claude Code 2.1.330 knows (the keys of a `hooks` mapping), in its order.
pub const HOOK_EVENTS: &[&str] = &[
    "PreToolUse",
    "PostToolUse",
    "PostToolUseFailure",
    "PostToolBatch",
    "Notification",
    "UserPromptSubmit",
    "UserPromptExpansion",
    "SessionStart",
    "SessionEnd",
    "Stop",
    "StopFailure",
    "SubagentStart",
    "SubagentStop",
    "PreCompact",
    "PostCompact",
    "PreModelSwitch",
    "PostModelSwitch",
    "PermissionRequest",
    "PermissionDenied",
    "Setup",
    "TeammateIdle",
    "TaskCreated",
    "TaskCompleted",
    "Elicitation",
    "ElicitationResult",
    "ConfigChange",
    "WorktreeCreate",
    "WorktreeRemove",
    "InstructionsLoaded",
    "CwdChanged",
    "FileChanged",
    "DirectoryAdded",
    "MessageDisplay",
];

/// Hook events that, written at the top level instead of under `hooks:`,
/// make Claude Code refuse the agent.
pub const TOP_LEVEL_HOOK_ERRORS: &[&str] = &["PreToolUse", "PermissionRequest"];

/// The `type` of a hook handler.
pub const HOOK_TYPES: &[&str] = &["command", "http", "mcp_tool", "prompt", "agent"];

/// Fields a plugin agent ignores (Claude Code warns and drops them).
pub const PLUGIN_IGNORED_FIELDS: &[&str] = &[
    "permissionMode",
    "hooks",
    "mcpServers",
    "initialPrompt",
    "observer",
    "observerMessage",
    "observeSubagents",
    "observeToolResults",
];

/// Unknown keys for which Claude Code's warning carries a fixed hint
/// (`None`: it deliberately suggests nothing).
pub const KEY_HINTS: &[(&str, Option<&str>)] = &[
    ("allowed-tools", Some("tools")),
    ("allowedtools", Some("tools")),
    ("when_to_use", Some("description")),
    ("whentouse", Some("description")),
    ("mode", None),
];

/// Keys that used to mean something and no longer do.
pub const LEGACY_KEYS: &[(&str, &str)] = &[(
    "forkContext",
    "`forkContext` was read by Claude Code 2.0 and 2.1.0 and is ignored since.",
)];

/// The official documentation's address for `page` (`sub-agents#…`).
macro_rules! docs_url {
    ($page:literal) => {
        concat!("https://code.claude.com/docs/en/", $page)
    };
}
pub(crate) use docs_url;

/// Where the official documentation for sub-agents lists their fields.
pub const DOCS_URL: &str = docs_url!("sub-agents#supported-frontmatter-fields");

/// The tools reference (what each built-in tool does).
pub const TOOLS_DOCS: DocLink = DocLink {
    title: "Tools reference",
    url: docs_url!("tools-reference"),
};

/// Permission rules such as `Bash(git *)`.
pub const RULES_DOCS: DocLink = DocLink {
    title: "Permissions, Tool-specific permission rules",
    url: docs_url!("permissions#tool-specific-permission-rules"),
};

/// MCP tool names in tool lists and permission rules.
pub const MCP_DOCS: DocLink = DocLink {
    title: "Permissions, MCP",
    url: docs_url!("permissions#mcp"),
};

/// Model aliases and ids.
pub const MODEL_DOCS: DocLink = DocLink {
    title: "Subagents, Choose a model",
    url: docs_url!("sub-agents#choose-a-model"),
};

/// Every top-level field the 2.1.330 loader recognises for an agent.
pub const FIELDS: &[Field] = &[
    catalog_field! {
        name: "name",
        required: true,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The agent's identity. Claude delegates to it by this name (`@agent-NAME`, or the \
    Agent tool's `subagent_type`) and hooks receive it as `agent_type`; the file name does not have to \
    match.",
        values: "A string of at most 256 characters that does not start with `-` and holds no `:` \
    (reserved for `plugin:agent`). The docs ask for lowercase letters and hyphens (`code-reviewer`); \
    capitals and spaces still load.",
        default: "None: the field is required. Without it Claude Code treats the file as \
    documentation and skips it (a plugin agent loads under its file name).",
        invalid: "A name that is not a string, starts with `-`, contains `:` or is longer than 256 \
    characters: Claude Code skips the agent, saying so only in its debug log.",
        docs: ("Subagents, Supported frontmatter fields", docs_url!("sub-agents#supported-frontmatter-fields")),
    },
    catalog_field! {
        name: "description",
        required: true,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "When Claude should delegate to this agent. It is shown to the model as \
    `- NAME: DESCRIPTION`, so say when to use the agent; `<example>` blocks show the cases that \
    matter. Every literal `\\n` in it becomes a newline.",
        values: "A string: plain, quoted, or a block scalar (`|`, `>`). The lines that continue a \
    value must be indented.",
        default: "None: the field is required.",
        invalid: "Missing, empty or not a string (a number, a boolean): Claude Code skips the \
    agent, saying so only in its debug log. Plugin agents also accept `when_to_use` instead.",
        docs: ("Subagents, Supported frontmatter fields", docs_url!("sub-agents#supported-frontmatter-fields")),
    },
    catalog_field! {
        name: "tools",
        required: false,
        ty: FieldType::ToolList,
        documented: true,
        kind: "tool list",
        about: "The tools the agent may use: an allowlist.",
        values: "A comma- or space-separated string (`Read, Grep, Bash(git *)`) or a YAML list. \
    Entries are tool names, permission rules such as `Bash(npm run *)`, MCP tools (`mcp__server__tool`, \
    `mcp__server__*`, `mcp__server`) and `Agent(a, b)`; parentheses protect commas and spaces. `*` \
    means every tool.",
        default: "Left out: every tool available to sub-agents. Written but empty (`tools:`, `\"\"`, \
    `[]`): **no tools at all**.",
        invalid: "Claude Code reports nothing when the agent loads and ignores the entries it does \
    not know. If no entry resolves to a tool, it refuses to start the agent (\"would be spawned with zero \
    tools\").",
        docs: ("Subagents, Available tools", docs_url!("sub-agents#available-tools")),
    },
    catalog_field! {
        name: "disallowedTools",
        required: false,
        ty: FieldType::ToolList,
        documented: true,
        kind: "tool list",
        about: "Tools taken away from the agent: a denylist. It is applied first, then `tools` is \
    resolved against what remains, so a tool in both is removed.",
        values: "The same entries as `tools`, plus `mcp__*` for every MCP tool of every server. An \
    entry with a rule, such as `Bash(git push *)`, still removes the whole tool.",
        default: "Left out: nothing is removed.",
        invalid: "Claude Code reports nothing and ignores the entries it does not know: a misspelt \
    entry removes nothing, so the tool it meant stays available.",
        docs: ("Subagents, Available tools", docs_url!("sub-agents#available-tools")),
    },
    catalog_field! {
        name: "model",
        required: false,
        ty: FieldType::Model,
        documented: true,
        kind: "string",
        about: "The model the agent runs on.",
        values: "An alias (`sonnet`, `opus`, `haiku`, `fable`), `inherit` (the main conversation's \
    model) or a full model id such as `claude-opus-4-5`, matched case-insensitively: the values of \
    `claude --model`.",
        default: "The main conversation's model, as with `inherit`, unless the \
    `CLAUDE_CODE_SUBAGENT_MODEL` environment variable names another. Claude can also pick a model for \
    one invocation.",
        invalid: "Not checked when the agent loads: Claude Code passes the value on as written, so \
    a misspelt model only shows when the agent runs. An organization's `availableModels` list can \
    replace a model it does not allow.",
        docs: ("Subagents, Choose a model", docs_url!("sub-agents#choose-a-model")),
    },
    catalog_field! {
        name: "color",
        required: false,
        ty: FieldType::Enum(&[
            "red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan",
        ]),
        documented: true,
        kind: "string",
        about: "The agent's color in the task list and the transcript.",
        values: "`red`, `blue`, `green`, `yellow`, `purple`, `orange`, `pink` or `cyan`, in \
    lowercase.",
        default: "Not set: Claude Code's automatic color (the old `/agents` wizard's \"Automatic \
    color\" choice wrote no `color` key).",
        invalid: "Dropped silently, without a warning even in the debug log: the agent loads as if \
    `color` were not there.",
        docs: ("Subagents, Supported frontmatter fields", docs_url!("sub-agents#supported-frontmatter-fields")),
    },
    catalog_field! {
        name: "permissionMode",
        required: false,
        ty: FieldType::Enum(PERMISSION_MODES),
        documented: true,
        kind: "string",
        about: "The permission mode the agent runs in. Claude Code ignores it when the main \
    conversation runs in `auto`, `bypassPermissions` or `acceptEdits` (the agent runs in that mode), \
    and in plugin agents.",
        values: "`default`, `acceptEdits`, `auto`, `dontAsk`, `bypassPermissions` or `plan`; \
    `manual` is an alias of `default`.",
        default: "The main conversation's permission mode.",
        invalid: "Ignored, with a warning in the debug log only (`has invalid permissionMode`): \
    the agent runs in the main conversation's mode.",
        docs: ("Subagents, Permission modes", docs_url!("sub-agents#permission-modes")),
    },
    catalog_field! {
        name: "maxTurns",
        required: false,
        ty: FieldType::PositiveInt,
        documented: true,
        kind: "positive integer",
        about: "The most agentic turns the agent may take. When it reaches the limit it stops, and \
    its output comes back marked as partial.",
        values: "A positive integer, as a number or a numeric string (`10`, `\"10\"`).",
        default: "No limit set by the agent.",
        invalid: "Ignored, with a warning in the debug log only (`Must be a positive integer.`): \
    no limit is set.",
        docs: ("Subagents, Supported frontmatter fields", docs_url!("sub-agents#supported-frontmatter-fields")),
    },
    catalog_field! {
        name: "skills",
        required: false,
        ty: FieldType::NameList,
        documented: true,
        kind: "list of skill names",
        about: "Skills whose full content is loaded into the agent's context when it starts. It \
    does not limit which skills the agent may invoke through the Skill tool.",
        values: "Names of project, user or plugin skills, as a YAML list or a comma-separated \
    string. Skills with `disable-model-invocation: true` cannot be preloaded.",
        default: "No skill is preloaded: the agent does not inherit the main conversation's \
    skills, but can still invoke skills through the Skill tool.",
        invalid: "A skill that is missing or disabled is skipped, with a warning in the debug log \
    only; the other skills still load.",
        docs: ("Subagents, Preload skills into subagents", docs_url!("sub-agents#preload-skills-into-subagents")),
    },
    catalog_field! {
        name: "mcpServers",
        required: false,
        ty: FieldType::List,
        documented: true,
        kind: "list",
        about: "MCP servers for this agent alone: a server defined here connects when the agent \
    starts and disconnects when it finishes; a server named here shares the main session's \
    connection. Ignored in plugin agents.",
        values: "A list whose items are the name of a configured server (`- github`) or a one-key \
    mapping from a name to a server configuration as in `.mcp.json` (types `stdio`, `http`, `sse`, \
    `ws`). Servers defined in a project agent need the project folder to be trusted.",
        default: "No servers of its own: the agent has the main conversation's MCP tools.",
        invalid: "An item of another shape is dropped, with a warning in the debug log only \
    (`has invalid mcpServers item`); the other items still apply.",
        docs: ("Subagents, Scope MCP servers to a subagent", docs_url!("sub-agents#scope-mcp-servers-to-a-subagent")),
    },
    catalog_field! {
        name: "hooks",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "mapping",
        about: "Hooks that run only while this agent is active, in the settings.json schema; \
    `Stop` becomes `SubagentStop`. Ignored in plugin agents. agentls never runs hooks.",
        values: "`EVENT: [{matcher: \"Bash\", hooks: [{type: command, command: \"./check.sh\"}]}]`, \
    where a hook's `type` is `command`, `http`, `mcp_tool`, `prompt` or `agent`.",
        default: "No hooks of its own.",
        invalid: "A `hooks` value of the wrong shape makes Claude Code refuse the **whole agent** \
    (`not loaded: hooks.EVENT: …`). So does `PreToolUse` or `PermissionRequest` written at the top \
    level instead of under `hooks`.",
        docs: ("Subagents, Define hooks for subagents", docs_url!("sub-agents#define-hooks-for-subagents")),
    },
    catalog_field! {
        name: "memory",
        required: false,
        ty: FieldType::Enum(MEMORY_SCOPES),
        documented: true,
        kind: "string",
        about: "A persistent memory directory that survives across conversations: the agent's \
    system prompt then tells it how to use the directory and includes the start of its `MEMORY.md`, \
    and Read, Write and Edit are enabled for it.",
        values: "`user`, `project` or `local`: where the memory directory is.",
        default: "No memory.",
        invalid: "Ignored, with a warning in the debug log only (`invalid memory value`): the agent \
    runs without memory.",
        docs: ("Subagents, Enable persistent memory", docs_url!("sub-agents#enable-persistent-memory")),
    },
    catalog_field! {
        name: "background",
        required: false,
        ty: FieldType::Bool,
        documented: true,
        kind: "boolean",
        about: "`true` keeps the agent in the background, even when Claude asks to run it in the \
    foreground.",
        values: "`true` or `false`, as YAML booleans or the strings `\"true\"` and `\"false\"`. \
    `yes`, `on` and `1` are not accepted.",
        default: "`false`: not forced; each run is in the foreground or the background as Claude \
    Code decides.",
        invalid: "Ignored, with a warning in the debug log only (`Must be 'true', 'false', or \
    omitted.`).",
        docs: ("Subagents, Run subagents in foreground or background", docs_url!("sub-agents#run-subagents-in-foreground-or-background")),
    },
    catalog_field! {
        name: "effort",
        required: false,
        ty: FieldType::EnumOrInt(EFFORT_LEVELS),
        documented: true,
        kind: "string or integer",
        about: "The reasoning effort while this agent is active. It overrides the session's \
    effort level, but not the `CLAUDE_CODE_EFFORT_LEVEL` environment variable.",
        values: "`low`, `medium`, `high`, `xhigh`, `max`, or an integer; the levels available \
    depend on the model.",
        default: "The session's effort level.",
        invalid: "Ignored, with a warning in the debug log only (`invalid effort`): the session's \
    effort level applies.",
        docs: ("Subagents, Supported frontmatter fields", docs_url!("sub-agents#supported-frontmatter-fields")),
    },
    catalog_field! {
        name: "isolation",
        required: false,
        ty: FieldType::Enum(ISOLATION_MODES),
        documented: true,
        kind: "string",
        about: "`worktree` runs the agent in a temporary git worktree, an isolated copy of the \
    repository that is removed afterwards if the agent changed nothing.",
        values: "`worktree`. The loader also accepts `remote`, undocumented, in project and user \
    agents; plugin agents accept only `worktree`.",
        default: "No isolation: the agent works in the main conversation's working directory.",
        invalid: "Ignored, with a warning in the debug log only (`invalid isolation value`): the \
    agent runs without isolation.",
        docs: ("Subagents, Supported frontmatter fields", docs_url!("sub-agents#supported-frontmatter-fields")),
    },
    catalog_field! {
        name: "initialPrompt",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "A first user turn submitted automatically when this agent runs as the main \
    session (`claude --agent NAME`, or the `agent` setting); commands and skills in it are processed. \
    It has no effect when the agent runs as a sub-agent. Ignored in plugin agents.",
        values: "Any string.",
        default: "No automatic first turn.",
        invalid: "Not documented for a value that is not a string (agentls warns about one). \
    Plugin agents ignore the field, with a warning in the debug log.",
        docs: ("Subagents, Supported frontmatter fields", docs_url!("sub-agents#supported-frontmatter-fields")),
    },
    catalog_field! {
        name: "omitClaudeMd",
        required: false,
        ty: FieldType::Bool,
        documented: true,
        kind: "boolean",
        about: "`true` starts the agent without the user, project and local CLAUDE.md files \
    (managed policy files still load), for agents that take all they need from the prompt Claude \
    gives them. Ignored when the agent runs as the main session (`claude --agent`).",
        values: "`true` or `false`.",
        default: "`false`: the CLAUDE.md files load.",
        invalid: "Not documented for a value that is not a boolean (agentls warns about one).",
        docs: ("Subagents, Supported frontmatter fields", docs_url!("sub-agents#supported-frontmatter-fields")),
    },
    catalog_field! {
        name: "autoCompactWindow",
        required: false,
        ty: FieldType::PositiveInt,
        documented: false,
        kind: "integer",
        about: "The context size, in tokens, at which the agent's conversation is compacted \
    automatically, like the session setting of the same name.",
        values: "A whole number of tokens, no smaller than Claude Code's minimum.",
        default: "The session's auto-compact window.",
        invalid: "Ignored, with a warning in the debug log only (`has invalid autoCompactWindow`).",
        docs: ("Model configuration (the session's auto-compact window)", docs_url!("model-config")),
    },
    catalog_field! {
        name: "observer",
        required: false,
        ty: FieldType::String,
        documented: false,
        kind: "string",
        about: "One of the observer fields (`observer`, `observerMessage`, `observeSubagents`, \
    `observeToolResults`) that Claude Code 2.1.330's loader recognises; what they do is not documented.",
        values: "A string.",
        default: "Not documented.",
        invalid: "Not documented (agentls warns about a value that is not a string). Plugin \
    agents ignore the field, with a warning in the debug log.",
        docs: ("Subagents, Supported frontmatter fields (not listed there)", docs_url!("sub-agents#supported-frontmatter-fields")),
    },
    catalog_field! {
        name: "observerMessage",
        required: false,
        ty: FieldType::String,
        documented: false,
        kind: "string",
        about: "One of the observer fields (`observer`, `observerMessage`, `observeSubagents`, \
    `observeToolResults`) that Claude Code 2.1.330's loader recognises; what they do is not documented.",
        values: "A string.",
        default: "Not documented.",
        invalid: "Not documented (agentls warns about a value that is not a string). Plugin \
    agents ignore the field, with a warning in the debug log.",
        docs: ("Subagents, Supported frontmatter fields (not listed there)", docs_url!("sub-agents#supported-frontmatter-fields")),
    },
    catalog_field! {
        name: "observeSubagents",
        required: false,
        ty: FieldType::Bool,
        documented: false,
        kind: "boolean",
        about: "One of the observer fields (`observer`, `observerMessage`, `observeSubagents`, \
    `observeToolResults`) that Claude Code 2.1.330's loader recognises; what they do is not documented.",
        values: "`true` or `false`.",
        default: "Not documented.",
        invalid: "Not documented (agentls warns about a value that is not a boolean). Plugin \
    agents ignore the field, with a warning in the debug log.",
        docs: ("Subagents, Supported frontmatter fields (not listed there)", docs_url!("sub-agents#supported-frontmatter-fields")),
    },
    catalog_field! {
        name: "observeToolResults",
        required: false,
        ty: FieldType::Bool,
        documented: false,
        kind: "boolean",
        about: "One of the observer fields (`observer`, `observerMessage`, `observeSubagents`, \
    `observeToolResults`) that Claude Code 2.1.330's loader recognises; what they do is not documented.",
        values: "`true` or `false`.",
        default: "Not documented.",
        invalid: "Not documented (agentls warns about a value that is not a boolean). Plugin \
    agents ignore the field, with a warning in the debug log.",
        docs: ("Subagents, Supported frontmatter fields (not listed there)", docs_url!("sub-agents#supported-frontmatter-fields")),
    },
    catalog_field! {
        name: "experimental",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "mapping",
        about: "Experimental options. `cacheTtl` chooses the prompt-cache lifetime of this \
    agent's requests.",
        values: "`cacheTtl: 5m` or `cacheTtl: 1h`, inside `experimental:` (not at the top level).",
        default: "No experimental options: the usual cache lifetime.",
        invalid: "Claude Code ignores any other `cacheTtl` value, and ignores `1h` while a Claude \
    subscription is using usage credits.",
        docs: ("Subagents, Supported frontmatter fields", docs_url!("sub-agents#supported-frontmatter-fields")),
    },
];

/// Claude Code's hint for an unknown key, matched with case, `-` and `_`
/// ignored: the fixed table first (`allowed-tools` → `tools`, `mode` →
/// none), then the known key that is the same, then the nearest one within
/// a small edit distance (a typo such as `modle` or `descripton`).
#[must_use]
pub fn unknown_key_hint(key: &str) -> Option<&'static str> {
    let norm = normalize_key(key);
    if let Some((_, hint)) = KEY_HINTS.iter().find(|(k, _)| normalize_key(k) == norm) {
        return *hint;
    }
    if let Some(f) = FIELDS.iter().find(|f| normalize_key(f.name) == norm) {
        return Some(f.name);
    }
    let normalized: Vec<String> = FIELDS.iter().map(|f| normalize_key(f.name)).collect();
    let nearest = crate::formats::catalog::closest(&norm, normalized.iter().map(String::as_str))?;
    FIELDS
        .iter()
        .zip(&normalized)
        .find(|(_, n)| n.as_str() == nearest)
        .map(|(f, _)| f.name)
}

fn normalize_key(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a model value is an alias (case-insensitively, as Claude Code matches).
#[must_use]
pub fn is_model_alias(value: &str) -> bool {
    MODEL_ALIASES
        .iter()
        .any(|m| m.name.eq_ignore_ascii_case(value))
}

/// Whether a model value looks like a full Claude model id: a direct API id
/// (`claude-opus-4-5`, `claude-sonnet-4-5-20250929`), a Bedrock or Vertex id
/// (`us.anthropic.claude-…-v1:0`, `claude-…@20250929`) or an inference-profile ARN.
#[must_use]
pub fn is_plausible_model_id(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    (lower.contains("claude") || lower.starts_with("arn:aws:bedrock:"))
        && !lower.is_empty()
        && lower
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._:/@[]".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_follow_claude_code() {
        assert_eq!(unknown_key_hint("allowed-tools"), Some("tools"));
        assert_eq!(unknown_key_hint("when_to_use"), Some("description"));
        assert_eq!(unknown_key_hint("mode"), None);
        assert_eq!(
            unknown_key_hint("disallowed-tools"),
            Some("disallowedTools")
        );
        assert_eq!(unknown_key_hint("Name"), Some("name"));
        assert_eq!(unknown_key_hint("frobnicate"), None);
        // Case, `-` and `_` are ignored everywhere, the table included.
        for key in ["allowed_tools", "Allowed-Tools", "AllowedTools"] {
            assert_eq!(unknown_key_hint(key), Some("tools"), "{key}");
        }
        for key in ["when-to-use", "whenToUse", "WHEN_TO_USE"] {
            assert_eq!(unknown_key_hint(key), Some("description"), "{key}");
        }
        assert_eq!(unknown_key_hint("Mode"), None);
        // Typos get the nearest field.
        for (typo, field) in [
            ("modle", "model"),
            ("descripton", "description"),
            ("permisionMode", "permissionMode"),
            ("disalowedTools", "disallowedTools"),
            ("colour", "color"),
            ("tool", "tools"),
            ("max_turn", "maxTurns"),
        ] {
            assert_eq!(unknown_key_hint(typo), Some(field), "{typo}");
        }
        assert_eq!(unknown_key_hint("author"), None);
        assert_eq!(unknown_key_hint("version"), None);
    }

    /// Every field documents what it does, its values, its default and what
    /// Claude Code does with a bad value, and links to the official docs;
    /// `doc` is exactly those parts.
    #[test]
    fn every_field_is_fully_documented() {
        let mut names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FIELDS.len(), "a field is listed twice");
        for f in FIELDS {
            for (part, text) in [
                ("kind", f.kind),
                ("about", f.about),
                ("values", f.values),
                ("default", f.default),
                ("invalid", f.invalid),
                ("docs title", f.docs.title),
            ] {
                assert!(!text.trim().is_empty(), "{}: no {part}", f.name);
                assert_eq!(text.trim(), text, "{}: {part} has stray blanks", f.name);
            }
            assert!(
                f.docs.url.starts_with("https://code.claude.com/docs/en/"),
                "{}: {}",
                f.name,
                f.docs.url
            );
            let required = if f.required { "required" } else { "optional" };
            assert_eq!(
                f.doc,
                format!(
                    "**{}** · {required} · {}\n\n{}\n\n- **Values:** {}\n- **Default:** {}\n- **If invalid:** {}",
                    f.name, f.kind, f.about, f.values, f.default, f.invalid
                )
            );
        }
    }

    /// The defaults and bad-value behaviours the reference pins down are
    /// said, not left out.
    #[test]
    fn defaults_and_bad_values_are_stated() {
        let f = |name: &str| FIELDS.iter().find(|f| f.name == name).expect(name);
        for (name, default) in [
            ("color", "automatic color"),
            ("permissionMode", "main conversation's permission mode"),
            ("maxTurns", "No limit"),
            ("memory", "No memory"),
            ("effort", "session's effort level"),
            ("isolation", "No isolation"),
            ("skills", "No skill is preloaded"),
            ("mcpServers", "No servers of its own"),
            ("disallowedTools", "nothing is removed"),
            ("model", "main conversation's model"),
            ("tools", "every tool available to sub-agents"),
            ("background", "`false`"),
        ] {
            assert!(
                f(name).default.contains(default),
                "{name}: {}",
                f(name).default
            );
        }
        for (name, invalid) in [
            ("tools", "zero tools"),
            ("model", "Not checked when the agent loads"),
            ("disallowedTools", "removes nothing"),
            ("skills", "skipped"),
            ("color", "Dropped silently"),
            ("hooks", "refuse the **whole agent**"),
        ] {
            assert!(
                f(name).invalid.contains(invalid),
                "{name}: {}",
                f(name).invalid
            );
        }
        assert!(f("model").docs.url.ends_with("#choose-a-model"));
        assert!(f("tools").docs.url.ends_with("#available-tools"));
        assert!(f("permissionMode").docs.url.ends_with("#permission-modes"));
    }

    #[test]
    fn models() {
        assert!(is_model_alias("Sonnet"));
        assert!(is_plausible_model_id("claude-opus-4-5"));
        assert!(is_plausible_model_id(
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
        ));
        assert!(!is_plausible_model_id("gpt-4"));
        assert!(is_plausible_model_id(
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3"
        ));
        assert!(!is_plausible_model_id("claude opus"));
    }
}
