//! The fields of an Agent Skill (agentskills.io), with what Copilot CLI
//! 1.0.102 and Codex 0.171.0 do with each.

use crate::formats::catalog::{Field, FieldType, Value, catalog_field};

const SPEC: &str = "Agent Skills specification";
const SPEC_URL: &str = "https://agentskills.io/specification";

/// Every field of the standard, plus the two Copilot CLI checks.
pub const FIELDS: &[Field] = &[
    catalog_field! {
        name: "name",
        required: true,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The skill's name. The standard asks for lowercase letters, digits and single \
    hyphens, equal to the folder's name; Copilot CLI and Codex list the skill under it.",
        values: "1 to 64 characters. Copilot CLI: ASCII letters, digits, `-`, `_`, `.`, `:` and spaces, \
    starting with a letter or digit (spaces become `-` in its list). Codex: any text.",
        default: "The folder's name (both CLIs).",
        invalid: "Copilot CLI refuses the skill (not text, empty, over 64 characters, other \
    characters); Codex refuses a list or a name over 64 characters.",
        docs: (SPEC, SPEC_URL),
    },
    catalog_field! {
        name: "description",
        required: true,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "What the skill does and when to use it: the model chooses skills by it.",
        values: "Text of 1 to 1,024 characters.",
        default: "Copilot CLI uses the body's first paragraph; Codex refuses the skill.",
        invalid: "Copilot CLI refuses a description that is not text or is over 1,024 characters, \
    and leaves out a skill whose description is blank; Codex refuses a blank one, a list or a mapping.",
        docs: (SPEC, SPEC_URL),
    },
    catalog_field! {
        name: "license",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The licence the skill is under: a name or a file bundled with it.",
        values: "Text.",
        default: "None.",
        invalid: "Neither CLI checks it.",
        docs: (SPEC, SPEC_URL),
    },
    catalog_field! {
        name: "compatibility",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "What the skill needs: a product, system packages, network access.",
        values: "Text of at most 500 characters.",
        default: "None.",
        invalid: "Neither CLI checks it; the standard limits it to 500 characters.",
        docs: (SPEC, SPEC_URL),
    },
    catalog_field! {
        name: "metadata",
        required: false,
        ty: FieldType::Mapping,
        documented: true,
        kind: "mapping",
        about: "Extra key-value data. Codex reads `short-description` from it.",
        values: "A mapping of text to text.",
        default: "None.",
        invalid: "Codex refuses the skill when it is not a mapping, or when `short-description` is \
    neither text nor a number.",
        docs: (SPEC, SPEC_URL),
    },
    catalog_field! {
        name: "allowed-tools",
        required: false,
        ty: FieldType::NameList,
        documented: true,
        kind: "tool list",
        about: "Tools the skill may use without asking (experimental in the standard).",
        values: "Space-separated text (`Bash(git:*) Read`) or a list of text.",
        default: "None.",
        invalid: "Copilot CLI refuses anything but text or a list of text; Codex ignores it.",
        docs: (SPEC, SPEC_URL),
    },
    catalog_field! {
        name: "disable-model-invocation",
        required: false,
        ty: FieldType::Bool,
        documented: false,
        kind: "boolean",
        about: "Copilot CLI: when true, only a person can run the skill.",
        values: "`true` or `false` (YAML 1.2: `yes` and `on` are text).",
        default: "`false`.",
        invalid: "Copilot CLI refuses the skill; Codex ignores the field.",
        docs: (SPEC, SPEC_URL),
    },
    catalog_field! {
        name: "user-invocable",
        required: false,
        ty: FieldType::Bool,
        documented: false,
        kind: "boolean",
        about: "Copilot CLI: when false, the skill is hidden from the `/` menu.",
        values: "`true` or `false`.",
        default: "`true`.",
        invalid: "Copilot CLI refuses the skill; Codex ignores the field.",
        docs: (SPEC, SPEC_URL),
    },
];

/// No enumerated fields.
pub fn values(_: &str) -> Option<&'static [Value]> {
    None
}
