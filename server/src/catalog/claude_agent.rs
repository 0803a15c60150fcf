//! Claude Code sub-agents (`.claude/agents/*.md`, plugin `agents/*.md`), as
//! loaded by Claude Code 2.1.330.

use super::{Field, FieldType, Value};

/// Where the official documentation for sub-agents lives.
pub const DOCS_URL: &str = "https://code.claude.com/docs/en/sub-agents";

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
                doc: "Ask before edits and commands, as in a normal session.",
            },
            Value {
                name: "acceptEdits",
                doc: "Accept file edits without asking; still ask for commands.",
            },
            Value {
                name: "auto",
                doc: "Let Claude decide what needs confirmation, with safety checks.",
            },
            Value {
                name: "dontAsk",
                doc: "Never ask: deny what is not pre-approved.",
            },
            Value {
                name: "bypassPermissions",
                doc: "Skip every permission check. Dangerous.",
            },
            Value {
                name: "plan",
                doc: "Read-only planning: no edits, no commands.",
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
                doc: "Memory shared by every project of this user (`~/.claude`).",
            },
            Value {
                name: "project",
                doc: "Memory checked into the project (`.claude/`).",
            },
            Value {
                name: "local",
                doc: "Memory for this project on this machine only.",
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
                doc: "Run in the foreground (the default).",
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
        doc: "The `fable` alias, as listed in newer Claude Code docs.",
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
        doc: "The most capable model available to the account (a `--model` value).",
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

/// Hook events Claude Code knows (the keys of a `hooks` mapping).
pub const HOOK_EVENTS: &[&str] = &[
    "PreToolUse",
    "PostToolUse",
    "PostToolUseFailure",
    "PermissionRequest",
    "Notification",
    "UserPromptSubmit",
    "Stop",
    "SubagentStart",
    "SubagentStop",
    "PreCompact",
    "PostCompact",
    "SessionStart",
    "SessionEnd",
    "Setup",
    "TeammateIdle",
    "TaskCompleted",
    "ConfigChange",
    "WorktreeCreate",
    "WorktreeRemove",
    "InstructionsLoaded",
    "Elicitation",
    "ElicitationResult",
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

/// Every top-level field the 2.1.330 loader recognises for an agent.
pub const FIELDS: &[Field] = &[
    Field {
        name: "name",
        required: true,
        ty: FieldType::String,
        documented: true,
        doc: "**name** (required, string): the agent's identity. Claude Code invokes it by this \
name (`@agent-NAME`, or the Agent tool's `subagent_type`); the file name does not matter. \
The docs ask for lowercase letters and hyphens; the loader refuses a name that is missing, \
not a string, starts with `-`, contains `:` (reserved for `plugin:agent`) or is longer than \
256 characters, and then skips the file without a word in the session.",
    },
    Field {
        name: "description",
        required: true,
        ty: FieldType::String,
        documented: true,
        doc: "**description** (required, string): when Claude should delegate to this agent. It is \
shown to the model as `- NAME: DESCRIPTION`, so say when to use the agent, and add \
`<example>` blocks for the cases that matter. Every literal `\\n` in it becomes a newline. \
A missing or non-string description (a number, a boolean) makes Claude Code skip the file.",
    },
    Field {
        name: "tools",
        required: false,
        ty: FieldType::ToolList,
        documented: true,
        doc: "**tools** (optional): the tools the agent may use, as a comma- or space-separated \
string (`Read, Grep, Bash(git *)`) or a YAML list. Omit it to inherit every tool; `*` also means \
all tools. Written but empty (`tools:`, `\"\"`, `[]`) it means **no tools**. Entries are tool names, \
permission rules such as `Bash(npm run *)`, and MCP tools (`mcp__server__tool`, `mcp__server__*`).",
    },
    Field {
        name: "disallowedTools",
        required: false,
        ty: FieldType::ToolList,
        documented: true,
        doc: "**disallowedTools** (optional): tools removed from the agent, in the same syntax as \
`tools` (plus `mcp__*` for every MCP tool). Applied first; `tools` is then resolved against \
what remains.",
    },
    Field {
        name: "model",
        required: false,
        ty: FieldType::Model,
        documented: true,
        doc: "**model** (optional): `sonnet`, `opus`, `haiku`, `fable`, `inherit` (the default: the \
main conversation's model), or a full model id such as `claude-opus-4-5`. Matched \
case-insensitively; the same values as `claude --model`.",
    },
    Field {
        name: "color",
        required: false,
        ty: FieldType::Enum(&[
            "red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan",
        ]),
        documented: true,
        doc: "**color** (optional): the agent's color in the UI: `red`, `blue`, `green`, `yellow`, \
`purple`, `orange`, `pink` or `cyan`. Any other value is dropped silently.",
    },
    Field {
        name: "permissionMode",
        required: false,
        ty: FieldType::Enum(PERMISSION_MODES),
        documented: true,
        doc: "**permissionMode** (optional): `default`, `acceptEdits`, `auto`, `dontAsk`, \
`bypassPermissions` or `plan` (`manual` = `default`). Ignored for plugin agents, and when the \
parent session runs in `auto`, `bypassPermissions` or `acceptEdits`. An invalid value is ignored.",
    },
    Field {
        name: "maxTurns",
        required: false,
        ty: FieldType::PositiveInt,
        documented: true,
        doc: "**maxTurns** (optional): the most agentic turns the agent may take, a positive \
integer. Anything else is ignored.",
    },
    Field {
        name: "skills",
        required: false,
        ty: FieldType::NameList,
        documented: true,
        doc: "**skills** (optional): skills to preload into the agent's context, as a list or a \
comma-separated string. Skills with `disable-model-invocation: true` cannot be preloaded.",
    },
    Field {
        name: "mcpServers",
        required: false,
        ty: FieldType::List,
        documented: true,
        doc: "**mcpServers** (optional): MCP servers for this agent: a list whose items are the \
name of a configured server or a one-key mapping `{name: <server config>}`. Items of any \
other shape are dropped. Ignored for plugin agents.",
    },
    Field {
        name: "hooks",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        doc: "**hooks** (optional): hooks scoped to this agent, in the settings.json schema: \
`EVENT: [{matcher: \"Bash\", hooks: [{type: command, command: \"./check.sh\"}]}]`. `Stop` \
becomes `SubagentStop`. A malformed `hooks` value makes Claude Code refuse the whole agent. \
Ignored for plugin agents. agentls never runs hooks.",
    },
    Field {
        name: "memory",
        required: false,
        ty: FieldType::Enum(MEMORY_SCOPES),
        documented: true,
        doc: "**memory** (optional): persistent memory scope, `user`, `project` or `local`. \
Anything else is ignored.",
    },
    Field {
        name: "background",
        required: false,
        ty: FieldType::Bool,
        documented: true,
        doc: "**background** (optional): `true` to always run the agent in the background. Only \
`true`, `false` (or those words quoted) are accepted: `yes`/`on` are ignored.",
    },
    Field {
        name: "effort",
        required: false,
        ty: FieldType::EnumOrInt(EFFORT_LEVELS),
        documented: true,
        doc: "**effort** (optional): reasoning effort, `low`, `medium`, `high`, `xhigh`, `max`, or \
an integer. Anything else is ignored.",
    },
    Field {
        name: "isolation",
        required: false,
        ty: FieldType::Enum(ISOLATION_MODES),
        documented: true,
        doc: "**isolation** (optional): `worktree` runs the agent in a temporary git worktree. \
(`remote` is accepted for non-plugin agents but undocumented.) Anything else is ignored.",
    },
    Field {
        name: "initialPrompt",
        required: false,
        ty: FieldType::String,
        documented: true,
        doc: "**initialPrompt** (optional, string): a first user turn submitted automatically when \
this agent runs as the main session (`claude --agent NAME`). Ignored for plugin agents.",
    },
    Field {
        name: "omitClaudeMd",
        required: false,
        ty: FieldType::Bool,
        documented: false,
        doc: "**omitClaudeMd** (optional, boolean, undocumented): leave CLAUDE.md out of the \
agent's context.",
    },
    Field {
        name: "autoCompactWindow",
        required: false,
        ty: FieldType::PositiveInt,
        documented: false,
        doc: "**autoCompactWindow** (optional, integer, undocumented): the context size in tokens \
at which the agent's conversation is compacted.",
    },
    Field {
        name: "observer",
        required: false,
        ty: FieldType::String,
        documented: false,
        doc: "**observer** (optional, string, undocumented).",
    },
    Field {
        name: "observerMessage",
        required: false,
        ty: FieldType::String,
        documented: false,
        doc: "**observerMessage** (optional, string, undocumented).",
    },
    Field {
        name: "observeSubagents",
        required: false,
        ty: FieldType::Bool,
        documented: false,
        doc: "**observeSubagents** (optional, boolean, undocumented).",
    },
    Field {
        name: "observeToolResults",
        required: false,
        ty: FieldType::Bool,
        documented: false,
        doc: "**observeToolResults** (optional, boolean, undocumented).",
    },
    Field {
        name: "experimental",
        required: false,
        ty: FieldType::Mapping,
        documented: false,
        doc: "**experimental** (optional, mapping, undocumented): e.g. `cacheTtl: \"5m\"` or `\"1h\"`.",
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
    let nearest = super::closest(&norm, normalized.iter().map(String::as_str))?;
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
