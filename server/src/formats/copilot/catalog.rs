//! The frontmatter fields of GitHub Copilot's custom agents, prompt files
//! and chat modes, with who reads each: Copilot CLI 1.0.102 (its schema,
//! `docs/formats/copilot-agent.md`), VS Code 1.139 (its prompt-file
//! validator, `docs/formats/copilot-prompt.md`) and GitHub.com's cloud agent
//! (GitHub's custom agents reference).

use crate::formats::catalog::{DocLink, Field, FieldType, Value, catalog_field};

/// GitHub's reference of custom agent fields.
macro_rules! github_docs {
    ($anchor:literal) => {
        concat!(
            "https://docs.github.com/en/copilot/reference/custom-agents-configuration",
            $anchor
        )
    };
}

/// VS Code's page on custom agents.
macro_rules! vscode_agents {
    ($anchor:literal) => {
        concat!(
            "https://code.visualstudio.com/docs/copilot/customization/custom-agents",
            $anchor
        )
    };
}

/// VS Code's page on prompt files.
const VSCODE_PROMPTS: &str =
    "https://code.visualstudio.com/docs/copilot/customization/prompt-files#_header-optional";

const GITHUB_PAGE: &str = "Custom agents configuration, YAML frontmatter properties";
const VSCODE_PAGE: &str = "Custom agents in VS Code, Header";
const PROMPT_PAGE: &str = "Prompt files, Header";

/// The values of `target`.
pub const TARGETS: &[&str] = &["vscode", "github-copilot"];

/// The values VS Code offers for `reasoning-effort`.
pub const EFFORTS: &[&str] = &["low", "medium", "high", "xhigh", "max"];

/// The built-in agents a prompt file can name in `agent`.
pub const BUILT_IN_AGENTS: &[&str] = &["ask", "edit", "agent"];

/// Keys Claude Code reads in an agent that Copilot CLI does not (it logs
/// them as unknown fields), with the Copilot field to use instead, if any.
pub const CLAUDE_KEYS: &[(&str, Option<&str>)] = &[
    ("color", None),
    ("permissionMode", None),
    ("maxTurns", None),
    ("memory", None),
    ("background", None),
    ("effort", Some("reasoning-effort")),
    ("isolation", None),
    ("mcpServers", Some("mcp-servers")),
    ("disallowedTools", None),
    ("initialPrompt", None),
    ("allowed-tools", Some("tools")),
];

/// Keys other Copilots read in an agent that Copilot CLI ignores (it logs
/// them as unknown fields): who reads them.
pub const OTHER_COPILOT_KEYS: &[(&str, &str)] = &[
    ("target", "VS Code and GitHub.com"),
    ("handoffs", "VS Code"),
    ("agents", "VS Code"),
    ("argument-hint", "VS Code"),
    ("metadata", "GitHub.com's cloud agent"),
];

const BOOL_VALUES: &[Value] = &[
    Value {
        name: "true",
        doc: "Yes (a plain `true`: quoted, `yes` or `on` is not a boolean).",
    },
    Value {
        name: "false",
        doc: "No (a plain `false`).",
    },
];

/// The documented values of the agents' enumerated fields.
const AGENT_ENUMS: &[(&str, &[Value])] = &[
    (
        "target",
        &[
            Value {
                name: "vscode",
                doc: "The agent is meant for VS Code (its tools and fields apply there).",
            },
            Value {
                name: "github-copilot",
                doc: "The agent is meant for GitHub Copilot: the cloud agent on GitHub.com and Copilot CLI.",
            },
        ],
    ),
    (
        "reasoning-effort",
        &[
            Value {
                name: "low",
                doc: "Least reasoning: quick answers.",
            },
            Value {
                name: "medium",
                doc: "A balance of speed and depth.",
            },
            Value {
                name: "high",
                doc: "More reasoning for harder tasks.",
            },
            Value {
                name: "xhigh",
                doc: "Even more, where the model supports it.",
            },
            Value {
                name: "max",
                doc: "The most the model allows.",
            },
        ],
    ),
    ("infer", BOOL_VALUES),
    ("disable-model-invocation", BOOL_VALUES),
    ("user-invocable", BOOL_VALUES),
];

/// The documented values of an agent's enumerated field.
#[must_use]
pub fn agent_values(field: &str) -> Option<&'static [Value]> {
    AGENT_ENUMS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, v)| *v)
}

/// The documented values of a prompt file's enumerated field.
#[must_use]
pub fn prompt_values(field: &str) -> Option<&'static [Value]> {
    const AGENTS: &[Value] = &[
        Value {
            name: "ask",
            doc: "Answer questions, no edits.",
        },
        Value {
            name: "edit",
            doc: "Edit files in the workspace.",
        },
        Value {
            name: "agent",
            doc: "Work autonomously with tools (the default when `tools` is set).",
        },
    ];
    matches!(field, "agent" | "mode").then_some(AGENTS)
}

/// Every field of a custom agent (`.agent.md`, `.github/agents/*.md`) and
/// of a chat mode.
pub const AGENT_FIELDS: &[Field] = &[
    catalog_field! {
        name: "description",
        required: true,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "What the agent does and when to use it. Copilot CLI lists the agent to the model as \
    `- **name**: description` and delegates by it; VS Code shows it as the chat input's placeholder. \
    **Read by:** Copilot CLI, VS Code, GitHub.com.",
        values: "Text; quote it when it holds `: `, or starts with `[`, `{`, `@`, `` ` ``, `*`, `%`, \
    `!` or `&` (Copilot CLI's YAML is strict).",
        default: "None: **required** by Copilot CLI and GitHub.com.",
        invalid: "Missing, empty (`description:`) or not text: Copilot CLI refuses the agent \
    (`description: Required`). Blank text loads, and VS Code flags it.",
        docs: (GITHUB_PAGE, github_docs!("#yaml-frontmatter-properties")),
    },
    catalog_field! {
        name: "name",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The agent's name: Copilot CLI's id for it (`copilot --agent NAME`, the `task` tool's \
    `agent_type`) and its name in VS Code's agent picker. Spaces, `/` and any characters are kept. \
    **Read by:** Copilot CLI, VS Code, GitHub.com.",
        values: "Text.",
        default: "The file name without `.agent.md` or `.md` (below `.github/agents/`, folders joined \
    by `--`: `team/review.md` is `team--review`).",
        invalid: "Not text (`name: 5`, a list, `name:`): Copilot CLI refuses the agent. Empty: the file \
    name. Blank (`'  '`): the CLI lists the agent under that blank name, and VS Code flags it.",
        docs: (GITHUB_PAGE, github_docs!("#yaml-frontmatter-properties")),
    },
    catalog_field! {
        name: "tools",
        required: false,
        ty: FieldType::NameList,
        documented: true,
        kind: "tool list",
        about: "The tools the agent may use: aliases (`read`, `edit`, `search`, `execute`, `agent`, \
    `web`, `todo`; Claude Code's names map to them), MCP tools as `server/tool` or `server/*`. \
    **Read by:** Copilot CLI, VS Code, GitHub.com.",
        values: "A YAML list of names, or one string of names separated by commas; `[\"*\"]` for every \
    tool, `[]` for none. Unknown names are ignored.",
        default: "Every tool.",
        invalid: "`tools:` (empty), a number, a boolean or a mapping, or a list item that is not text: \
    Copilot CLI refuses the agent (`tools: Expected array, received null`).",
        docs: ("Custom agents configuration, Tools", github_docs!("#tools")),
    },
    catalog_field! {
        name: "model",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "model",
        about: "The model the agent runs with (`gpt-4.1`, `Claude Sonnet 4.5 (copilot)` in VS Code). \
    VS Code also takes a list, the first available one winning. **Read by:** Copilot CLI, VS Code \
    (GitHub.com's cloud agent ignores it).",
        values: "A model name, or a list of names.",
        default: "The session's model.",
        invalid: "A number, a boolean, a mapping or `model:` (empty): Copilot CLI refuses the agent. \
    An unknown name loads; VS Code ignores it.",
        docs: (GITHUB_PAGE, github_docs!("#yaml-frontmatter-properties")),
    },
    catalog_field! {
        name: "disable-model-invocation",
        required: false,
        ty: FieldType::Bool,
        documented: true,
        kind: "boolean",
        about: "When `true`, the model never delegates to the agent on its own: Copilot CLI leaves it out \
    of the agents it lists to the model; it can still be chosen by hand. **Read by:** Copilot CLI, \
    VS Code, GitHub.com.",
        values: "A plain `true` or `false`.",
        default: "`false`.",
        invalid: "Anything else (`yes`, `'true'`, `1`): Copilot CLI refuses the agent \
    (`Expected boolean, received string`).",
        docs: (GITHUB_PAGE, github_docs!("#yaml-frontmatter-properties")),
    },
    catalog_field! {
        name: "user-invocable",
        required: false,
        ty: FieldType::Bool,
        documented: true,
        kind: "boolean",
        about: "When `false`, people cannot pick the agent (VS Code hides it from the agent picker); \
    the model can still delegate to it. **Read by:** Copilot CLI, VS Code, GitHub.com.",
        values: "A plain `true` or `false`.",
        default: "`true`.",
        invalid: "Anything else: Copilot CLI refuses the agent. (`user-invokable`, VS Code's old \
    spelling, is an unknown field.)",
        docs: (GITHUB_PAGE, github_docs!("#yaml-frontmatter-properties")),
    },
    catalog_field! {
        name: "infer",
        required: false,
        ty: FieldType::Bool,
        documented: true,
        kind: "boolean",
        about: "**Retired**: `infer: false` is `disable-model-invocation: true`. Copilot CLI still \
    reads it; VS Code marks it as an error (deprecated); GitHub documents it as retired.",
        values: "A plain `true` or `false`.",
        default: "`true`.",
        invalid: "Anything else: Copilot CLI refuses the agent.",
        docs: (GITHUB_PAGE, github_docs!("#yaml-frontmatter-properties")),
    },
    catalog_field! {
        name: "mcp-servers",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "mapping",
        about: "MCP servers started for this agent, by name. A local server (`type: local` or \
    `stdio`, the default) needs `command` and `args`; `type: http` or `sse` needs `url`; every one \
    needs `tools`, a list (`[\"*\"]` for all). **Read by:** Copilot CLI, GitHub.com (VS Code ignores it).",
        values: "`name: {type, command, args, env, tools}` or `name: {type: http, url, headers, tools}`.",
        default: "No extra servers.",
        invalid: "Not a mapping, a server not a mapping, or a server without `command`/`args`/`url`/`tools` \
    (`tools` a string is not a list): Copilot CLI refuses the agent (`mcp-servers.fs.args: Required`).",
        docs: (
            "Custom agents configuration, MCP server configuration details",
            github_docs!("#mcp-server-configuration-details")
        ),
    },
    catalog_field! {
        name: "github",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "mapping",
        about: "GitHub settings for the agent: `permissions`, the GitHub token's scopes (`contents: read`). \
    **Read by:** Copilot CLI, VS Code, GitHub.com.",
        values: "`permissions:` a mapping of scopes (`actions`, `checks`, `contents`, `discussions`, \
    `issues`, `metadata`, `pull-requests`, `security-events`, `workflows`) to `read`, `write` or `none`.",
        default: "No extra permissions.",
        invalid: "Not a mapping: Copilot CLI refuses the agent. An unknown scope or value: VS Code flags it.",
        docs: (VSCODE_PAGE, vscode_agents!("#_header-optional")),
    },
    catalog_field! {
        name: "hooks",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "mapping",
        about: "Hooks that run while this agent is active: event → list of `{type: command, command}` \
    (VS Code, preview). **Read by:** Copilot CLI (checks its shape), VS Code.",
        values: "A mapping of events (`SessionStart`, `UserPromptSubmit`, `PreToolUse`, `PostToolUse`, \
    `PreCompact`, `SubagentStart`, `SubagentStop`, `Stop`) to lists of hook commands.",
        default: "No hooks.",
        invalid: "Not a mapping (`hooks must be an object`), or an event whose value is not a list \
    (`Expected an array of hook actions`): Copilot CLI refuses the agent.",
        docs: (VSCODE_PAGE, vscode_agents!("#_header-optional")),
    },
    catalog_field! {
        name: "reasoning-effort",
        required: false,
        ty: FieldType::Enum(EFFORTS),
        documented: true,
        kind: "level",
        about: "How much the model reasons while the agent runs. **Read by:** Copilot CLI, VS Code.",
        values: "`low`, `medium`, `high`, `xhigh`, `max`.",
        default: "The session's effort.",
        invalid: "Copilot CLI does not check it; a value the model does not know is ignored.",
        docs: (VSCODE_PAGE, vscode_agents!("#_header-optional")),
    },
    catalog_field! {
        name: "target",
        required: false,
        ty: FieldType::Enum(TARGETS),
        documented: true,
        kind: "string",
        about: "Where the agent is meant to run: `vscode` or `github-copilot` (the cloud agent and the \
    CLI). **Read by:** VS Code, GitHub.com. Copilot CLI ignores it (it logs `unknown field ignored: \
    target`) and loads the agent whatever it says.",
        values: "`vscode` or `github-copilot`.",
        default: "Both.",
        invalid: "Any other value: VS Code flags it as an error.",
        docs: (GITHUB_PAGE, github_docs!("#yaml-frontmatter-properties")),
    },
    catalog_field! {
        name: "handoffs",
        required: false,
        ty: FieldType::List,
        documented: true,
        kind: "list",
        about: "Buttons VS Code shows after a response, to hand the conversation to another agent: each \
    `{label, agent, prompt, send?, showContinueOn?, model?}`. **Read by:** VS Code. Copilot CLI \
    and GitHub.com ignore it (the CLI logs `unknown field ignored: handoffs`).",
        values: "A list of mappings with `label`, `agent` and `prompt` (text), and optionally `send` and \
    `showContinueOn` (plain booleans) and `model`.",
        default: "No handoffs.",
        invalid: "Not a list, an item not a mapping or without `label`/`agent`/`prompt`, a blank or \
    repeated label: VS Code flags it and leaves the handoff out.",
        docs: ("Custom agents in VS Code, Handoffs", vscode_agents!("#_handoffs")),
    },
    catalog_field! {
        name: "agents",
        required: false,
        ty: FieldType::NameList,
        documented: true,
        kind: "list of names",
        about: "The agents this one may run as sub-agents (`*` for any); needs the `agent` tool in \
    `tools`. **Read by:** VS Code. Copilot CLI ignores it (`unknown field ignored: agents`).",
        values: "A list of agent names, `[\"*\"]`, or `[]`.",
        default: "Any agent.",
        invalid: "Not a list, or an item that is not text: VS Code flags it.",
        docs: (VSCODE_PAGE, vscode_agents!("#_header-optional")),
    },
    catalog_field! {
        name: "argument-hint",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "Hint text in VS Code's chat input, saying what to type for this agent. **Read by:** \
    VS Code. Copilot CLI ignores it (`unknown field ignored: argument-hint`).",
        values: "Text.",
        default: "No hint.",
        invalid: "Not text or blank: VS Code flags it.",
        docs: (VSCODE_PAGE, vscode_agents!("#_header-optional")),
    },
    catalog_field! {
        name: "metadata",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "mapping",
        about: "Annotations (name → value, both text) for GitHub.com. **Read by:** GitHub.com's cloud \
    agent. Copilot CLI ignores it (`unknown field ignored: metadata`); VS Code does not use it.",
        values: "A mapping of text to text.",
        default: "None.",
        invalid: "Not checked by Copilot CLI.",
        docs: (GITHUB_PAGE, github_docs!("#yaml-frontmatter-properties")),
    },
];

/// Every field of a VS Code prompt file (`*.prompt.md`).
pub const PROMPT_FIELDS: &[Field] = &[
    catalog_field! {
        name: "description",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "What the prompt does, shown beside `/name` in VS Code's chat.",
        values: "Text.",
        default: "None.",
        invalid: "Not text, or blank: VS Code flags it.",
        docs: (PROMPT_PAGE, VSCODE_PROMPTS),
    },
    catalog_field! {
        name: "name",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The prompt's name: run it by typing `/name` in chat.",
        values: "Text.",
        default: "The file name without `.prompt.md`.",
        invalid: "Not text, or blank: VS Code flags it and uses the file name.",
        docs: (PROMPT_PAGE, VSCODE_PROMPTS),
    },
    catalog_field! {
        name: "argument-hint",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "Hint text in the chat input, saying what to type after `/name`.",
        values: "Text.",
        default: "No hint.",
        invalid: "Not text: VS Code flags it as an error; blank: a warning.",
        docs: (PROMPT_PAGE, VSCODE_PROMPTS),
    },
    catalog_field! {
        name: "agent",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The agent that runs the prompt: `ask`, `edit`, `agent`, or a custom agent's name.",
        values: "`ask`, `edit`, `agent`, or the name of a custom agent.",
        default: "The current agent (`agent` when the prompt sets `tools` and the current one is `ask` or `edit`).",
        invalid: "Not text, or blank: VS Code flags it as an error; an unknown agent: a warning.",
        docs: (PROMPT_PAGE, VSCODE_PROMPTS),
    },
    catalog_field! {
        name: "model",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "model",
        about: "The model that runs the prompt; a list is tried in order, the first available one winning.",
        values: "A model name as VS Code's picker shows it (`Claude Sonnet 4.5 (copilot)`), or a list of them.",
        default: "The model selected in the chat.",
        invalid: "Not text or a list of text, blank, or `[]`: VS Code flags it; an unknown model is ignored.",
        docs: (PROMPT_PAGE, VSCODE_PROMPTS),
    },
    catalog_field! {
        name: "tools",
        required: false,
        ty: FieldType::NameList,
        documented: true,
        kind: "tool list",
        about: "The tools and tool sets the prompt may use (MCP tools as `server/tool` or `server/*`). \
    Only used when the prompt runs in agent mode.",
        values: "A list of names, or one string of names separated by commas.",
        default: "The agent's tools.",
        invalid: "Not a list or text: VS Code flags it. With `agent: ask` or `edit`: ignored, with a warning.",
        docs: (PROMPT_PAGE, VSCODE_PROMPTS),
    },
];

/// A link to GitHub's custom agents reference.
pub const GITHUB_DOCS: DocLink = DocLink {
    title: GITHUB_PAGE,
    url: github_docs!("#yaml-frontmatter-properties"),
};

/// A link to VS Code's custom agents page, on chat modes.
pub const CHAT_MODE_DOCS: DocLink = DocLink {
    title: "Custom agents in VS Code, Are custom agents different from chat modes?",
    url: vscode_agents!("#_are-custom-agents-different-from-chat-modes"),
};

/// A link to VS Code's prompt files page.
pub const PROMPT_DOCS: DocLink = DocLink {
    title: PROMPT_PAGE,
    url: VSCODE_PROMPTS,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cli_schema_key_is_a_field() {
        for key in super::super::cli::SCHEMA_KEYS {
            if *key == "skills" {
                continue;
            }
            assert!(AGENT_FIELDS.iter().any(|f| f.name == *key), "{key}");
        }
        for (key, _) in OTHER_COPILOT_KEYS {
            assert!(AGENT_FIELDS.iter().any(|f| f.name == *key), "{key}");
        }
    }
}
