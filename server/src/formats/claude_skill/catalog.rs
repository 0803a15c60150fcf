//! The frontmatter of Claude Code skills and slash commands, as Claude Code
//! 2.1.330 reads it: both go through the same reader, so one catalog serves
//! both (see `docs/formats/claude-skill.md`).

use crate::formats::catalog::{DocLink, Field, FieldType, Value, catalog_field};
use crate::formats::claude_agent::catalog::{EFFORT_LEVELS, docs_url};

/// The values of `shell`.
pub const SHELLS: &[&str] = &["bash", "powershell"];

/// The values of `context`.
pub const CONTEXTS: &[&str] = &["fork", "inline"];

/// The documented values of the enumerated fields.
pub const ENUM_DOCS: &[(&str, &[Value])] = &[
    (
        "effort",
        &[
            Value {
                name: "low",
                doc: "Least thinking: quick, cheap answers.",
            },
            Value {
                name: "medium",
                doc: "A balance of speed and depth.",
            },
            Value {
                name: "high",
                doc: "More thinking for harder tasks.",
            },
            Value {
                name: "xhigh",
                doc: "Even more thinking, where the model supports it.",
            },
            Value {
                name: "max",
                doc: "The most thinking the model allows.",
            },
        ],
    ),
    (
        "shell",
        &[
            Value {
                name: "bash",
                doc: "Run the skill's `!`command`` blocks with bash (the default).",
            },
            Value {
                name: "powershell",
                doc: "Run them with PowerShell.",
            },
        ],
    ),
    (
        "context",
        &[
            Value {
                name: "fork",
                doc: "Run the skill in a forked sub-agent with its own context; `agent` picks its type.",
            },
            Value {
                name: "inline",
                doc: "Run the skill in the conversation (the default: any value but `fork` means this).",
            },
        ],
    ),
];

/// The documented values of an enumerated field.
#[must_use]
pub fn enum_values(field: &str) -> Option<&'static [Value]> {
    ENUM_DOCS.iter().find(|(f, _)| *f == field).map(|(_, v)| *v)
}

/// Keys the 2.1.330 loader's schema knows beyond [`FIELDS`], which no warning
/// should call unknown.
pub const QUIET_KEYS: &[&str] = &[
    "disallowedTools",
    "fallback",
    "created_by",
    "improved_by",
    "displayName",
    "display-name",
    "defaultEnabled",
];

const PAGE: &str = "Skills, Frontmatter reference";

/// Every frontmatter field of a skill or command.
pub const FIELDS: &[Field] = &[
    catalog_field! {
        name: "name",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "A skill's display name. The skill itself is always named after its folder \
    (`.claude/skills/review/SKILL.md` is `/review`); the listing shows `review (Other Name)` when this \
    differs and is made of letters, digits, `_`, `:`, `.` and `-`. A command ignores it: commands are \
    named by their path.",
        values: "Text of at most 256 characters.",
        default: "The folder's name.",
        invalid: "Over 256 characters: Claude Code logs a warning and ignores it.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "description",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "What the skill does and when to use it: the model sees it as \
    `- name: description` and chooses skills by it. Line breaks and tabs become spaces, `<` and `>` \
    become `&lt;` `&gt;`; with `when_to_use` the listing cuts the pair at 1,536 characters.",
        values: "Text (a number or boolean is read as text).",
        default: "The first non-blank line of the body (a heading's text), cut to 100 characters; \
    `Skill` or `Custom command` for an empty body.",
        invalid: "A list or a mapping: Claude Code logs `Description invalid` and uses the body's \
    first line.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "when_to_use",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "More trigger text, appended to the description in the listing: \
    `- name: description - when_to_use`.",
        values: "Text (a list is joined with commas).",
        default: "Nothing appended.",
        invalid: "Anything is read as text.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "argument-hint",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "What to type after `/name`, shown in the `/` menu (`[issue-number]`).",
        values: "Text. `[message]` unquoted is a YAML list, read back as `message`.",
        default: "No hint.",
        invalid: "Anything is read as text; `[a] [b]` unquoted is invalid YAML and drops every field.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "arguments",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "names",
        about: "Names for the arguments, so the body can say `$name` instead of `$0`.",
        values: "Names separated by spaces, or a YAML list of names.",
        default: "No named arguments.",
        invalid: "Anything but text or a list is ignored, silently; numeric and blank names are dropped.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "disable-model-invocation",
        required: false,
        ty: FieldType::Bool,
        documented: true,
        kind: "boolean",
        about: "When true, only a person can run it (`/name`): the model is not told about it.",
        values: "`true`/`false`, or `yes`/`no`, `on`/`off`, `1`/`0` (any case).",
        default: "`false`: the model may invoke it.",
        invalid: "Any other value is read as `false`, silently.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "user-invocable",
        required: false,
        ty: FieldType::Bool,
        documented: true,
        kind: "boolean",
        about: "When false, it is hidden from the `/` menu: only the model invokes it.",
        values: "`true`/`false`, or `yes`/`no`, `on`/`off`, `1`/`0` (any case).",
        default: "`true`.",
        invalid: "Any other value is read as **`false`**, silently: the skill disappears from the `/` menu.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "allowed-tools",
        required: false,
        ty: FieldType::ToolList,
        documented: true,
        kind: "tool list",
        about: "Tools the skill may use without asking while it runs: permission rules, not a \
    restriction (other tools still ask).",
        values: "A space- or comma-separated string (`Bash(git add *) Read`) or a YAML list; `*` for every tool.",
        default: "Nothing pre-approved.",
        invalid: "Anything but text or a list is ignored, silently. Dropped entirely when a guard \
    hook cannot be loaded (AG705).",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "disallowed-tools",
        required: false,
        ty: FieldType::ToolList,
        documented: true,
        kind: "tool list",
        about: "Tools the skill may not use while it runs. `disallowedTools` is read too.",
        values: "The same entries as `allowed-tools`.",
        default: "Nothing taken away.",
        invalid: "Anything but text or a list is ignored, silently.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "model",
        required: false,
        ty: FieldType::Model,
        documented: true,
        kind: "model",
        about: "The model to run it with.",
        values: "A model alias (`sonnet`, `opus`, `haiku`, …), a full model id, or `inherit`.",
        default: "The conversation's model.",
        invalid: "Anything but text is ignored, silently.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "effort",
        required: false,
        ty: FieldType::EnumOrInt(EFFORT_LEVELS),
        documented: true,
        kind: "level",
        about: "How much the model thinks while it runs.",
        values: "`low`, `medium`, `high`, `xhigh`, `max` (any case), or an integer.",
        default: "The conversation's effort.",
        invalid: "Logged (`has invalid effort`) and ignored.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "context",
        required: false,
        ty: FieldType::Enum(CONTEXTS),
        documented: true,
        kind: "string",
        about: "`fork` runs it in a sub-agent with its own context window.",
        values: "`fork`, exactly; `inline` is the default.",
        default: "Inline, in the conversation.",
        invalid: "Anything but `fork` (even `Fork`) runs inline, silently.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "agent",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "With `context: fork`, the sub-agent type to run it in (`Explore`, `Plan`, or one of yours).",
        values: "An agent name.",
        default: "`general-purpose`.",
        invalid: "Read as text.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "background",
        required: false,
        ty: FieldType::Bool,
        documented: true,
        kind: "boolean",
        about: "With `context: fork`, whether the forked sub-agent runs in the background.",
        values: "`true`/`false`, or `yes`/`no`, `on`/`off`, `1`/`0`.",
        default: "`true`.",
        invalid: "Any other value is read as unset, silently.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "paths",
        required: false,
        ty: FieldType::NameList,
        documented: true,
        kind: "glob list",
        about: "Makes the skill conditional: it is offered to the model only once a file matching \
    one of these globs is read or edited.",
        values: "Comma-separated globs, or a YAML list; a trailing `/**` is dropped.",
        default: "Always offered.",
        invalid: "No usable glob, or only `**`: always offered.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "shell",
        required: false,
        ty: FieldType::Enum(SHELLS),
        documented: true,
        kind: "string",
        about: "The shell that runs the skill's `` !`command` `` blocks.",
        values: "`bash` or `powershell` (any case).",
        default: "`bash`.",
        invalid: "Logged (`is not recognized … Falling back to bash`), and bash is used.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "hooks",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "mapping",
        about: "Hooks active while the skill runs, in the settings' format (event → matchers → hooks).",
        values: "A mapping of hook events to lists of matchers.",
        default: "No hooks.",
        invalid: "A malformed `PreToolUse`/`PermissionRequest` hook, or `hooks:` not a mapping: the \
    skill loads with no hooks and no `allowed-tools` (AG705). Other malformed entries are dropped (AG204).",
        docs: ("Hooks", docs_url!("hooks")),
    },
    catalog_field! {
        name: "metadata",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "mapping",
        about: "Free-form data for other tools (Agent Skills standard); Claude Code does not act on it.",
        values: "A mapping.",
        default: "None.",
        invalid: "Anything but a mapping is dropped.",
        docs: ("Agent Skills specification", "https://agentskills.io/specification"),
    },
    catalog_field! {
        name: "version",
        required: false,
        ty: FieldType::String,
        documented: false,
        kind: "string",
        about: "A version label, kept with the skill.",
        values: "Text.",
        default: "None.",
        invalid: "Read as text.",
        docs: (PAGE, docs_url!("skills#frontmatter-reference")),
    },
    catalog_field! {
        name: "license",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The skill's licence (Agent Skills standard); accepted, not acted on.",
        values: "Text.",
        default: "None.",
        invalid: "Ignored.",
        docs: ("Agent Skills specification", "https://agentskills.io/specification"),
    },
    catalog_field! {
        name: "compatibility",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "What the skill needs to run (Agent Skills standard, up to 500 characters); accepted, not acted on.",
        values: "Text.",
        default: "None.",
        invalid: "Ignored.",
        docs: ("Agent Skills specification", "https://agentskills.io/specification"),
    },
];

/// A link to the skills documentation.
pub const SKILLS_DOCS: DocLink = DocLink {
    title: PAGE,
    url: docs_url!("skills#frontmatter-reference"),
};
