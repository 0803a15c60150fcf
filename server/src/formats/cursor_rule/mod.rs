//! Cursor rules (`.cursor/rules/**/*.mdc`), as Cursor's documentation says
//! it reads them (Cursor has no loader to run: `docs/formats/cursor-rule.md`).
//!
//! The frontmatter is not YAML: Cursor's own editor writes `globs: *.ts,
//! src/**`, which YAML rejects. Each top-level line is `key: raw text`
//! ([`read`]), and the fields give one of four modes ([`Mode`]), which the
//! code lens shows.

use std::ops::Range;
use std::path::Path;

use super::catalog::{DocLink, Field, FieldType, Value, catalog_field};
use super::{Fallback, FileKind, Format, Reader, Unread, file_stem};
use crate::analysis::Ctx;
use crate::analysis::diagnostic::Diagnostic;
use crate::analysis::rules as r;
use crate::frontmatter::Frontmatter;

const PAGE: &str = "Cursor docs, Rules";
const URL: &str = "https://cursor.com/docs/context/rules";

/// The documented fields.
pub const FIELDS: &[Field] = &[
    catalog_field! {
        name: "description",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "text",
        about: "What the rule is for. Without `globs` and `alwaysApply`, the agent reads it and \
    decides whether to apply the rule (Agent Requested).",
        values: "Text on the same line.",
        default: "None.",
        invalid: "Read as raw text: quotes are kept, a block scalar reads as its indicator.",
        docs: (PAGE, URL),
    },
    catalog_field! {
        name: "globs",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "glob list",
        about: "Files the rule attaches to: when one is in context, the rule is applied (Auto Attached).",
        values: "Patterns separated by commas, unquoted: `*.ts, src/**/*.tsx`.",
        default: "None.",
        invalid: "Quotes are reportedly kept as part of the pattern, which then matches nothing.",
        docs: (PAGE, URL),
    },
    catalog_field! {
        name: "alwaysApply",
        required: false,
        ty: FieldType::Bool,
        documented: true,
        kind: "boolean",
        about: "When `true`, the rule is in every request (Always); `globs` and `description` do not matter.",
        values: "`true` or `false`.",
        default: "`false`.",
        invalid: "Anything else (`yes`, `'true'`, `1`) is reportedly not read as true.",
        docs: (PAGE, URL),
    },
];

/// The link to Cursor's rules documentation.
pub const DOCS: DocLink = DocLink {
    title: PAGE,
    url: URL,
};

/// The four rule modes, in precedence order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `alwaysApply: true`: in every request.
    Always,
    /// Non-empty `globs`: attached when a matching file is in context.
    AutoAttached,
    /// A `description` only: the agent decides.
    AgentRequested,
    /// None of them: only when someone writes `@rule`.
    Manual,
}

impl Mode {
    /// The mode's name as Cursor's documentation writes it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Mode::Always => "Always",
            Mode::AutoAttached => "Auto Attached",
            Mode::AgentRequested => "Agent Requested",
            Mode::Manual => "Manual",
        }
    }
}

/// One `key: raw text` line (or, for `globs`, the items of a list under it).
#[derive(Debug, Clone)]
pub struct RawField {
    /// The key.
    pub key: String,
    /// The key's range.
    pub key_range: Range<usize>,
    /// The raw value, trimmed.
    pub value: String,
    /// The value's range (empty at the end of the key's line when none).
    pub value_range: Range<usize>,
    /// The items of a block list under the key (`- *.ts`), with their ranges.
    pub items: Vec<(String, Range<usize>)>,
}

/// A rule's frontmatter as Cursor reads it.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The opening `---`.
    pub open: Range<usize>,
    /// Every field, in order (a repeated key: the last one counts).
    pub fields: Vec<RawField>,
    /// Where the body starts.
    pub body_start: usize,
}

impl Reading {
    /// The last field named `key`.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&RawField> {
        self.fields.iter().rev().find(|f| f.key == key)
    }

    /// The globs, as Cursor splits them, with their ranges.
    #[must_use]
    pub fn globs(&self) -> Vec<(String, Range<usize>)> {
        let Some(f) = self.get("globs") else {
            return Vec::new();
        };
        if f.value.is_empty() {
            return f.items.clone();
        }
        // A flow list (`["*.ts", "*.md"]`) is reportedly read as YAML: its
        // items lose their quotes.
        let flow = f.value.starts_with('[') && f.value.ends_with(']');
        let (inner, start) = if flow {
            (&f.value[1..f.value.len() - 1], f.value_range.start + 1)
        } else {
            (f.value.as_str(), f.value_range.start)
        };
        let mut out = Vec::new();
        let mut offset = start;
        for part in inner.split(',') {
            let lead = part.len() - part.trim_start().len();
            let g = part.trim();
            if !g.is_empty() {
                let value = if flow { g.trim_matches(['\'', '"']) } else { g };
                out.push((value.to_owned(), offset + lead..offset + lead + g.len()));
            }
            offset += part.len() + 1;
        }
        out
    }

    /// Whether `alwaysApply` reads as true.
    #[must_use]
    pub fn always(&self) -> bool {
        self.get("alwaysApply")
            .is_some_and(|f| matches!(f.value.as_str(), "true" | "True" | "TRUE"))
    }

    /// The rule's mode.
    #[must_use]
    pub fn mode(&self) -> Mode {
        if self.always() {
            Mode::Always
        } else if !self.globs().is_empty() {
            Mode::AutoAttached
        } else if self.get("description").is_some_and(|f| !f.value.is_empty()) {
            Mode::AgentRequested
        } else {
            Mode::Manual
        }
    }
}

/// Reads a rule's frontmatter as Cursor does: the file (after a byte-order
/// mark) starts with `---` and a line break, a later line starts with
/// `---`; each unindented `key: value` line between is a field, read raw.
/// `Err` says why there is none (the whole file is then the body).
pub fn read(text: &str) -> Result<Reading, &'static str> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let open_len = if rest.starts_with("---\n") {
        4
    } else if rest.starts_with("---\r\n") {
        5
    } else {
        return Err("no frontmatter at the first byte");
    };
    let mut offset = start + open_len;
    let mut fields: Vec<RawField> = Vec::new();
    let mut current: Option<usize> = None;
    for line in text[offset..].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.starts_with("---") {
            return Ok(Reading {
                open: start..start + 3,
                fields,
                body_start: offset + line.len(),
            });
        }
        let trimmed = content.trim_start();
        if let Some(i) = current
            && let Some(item) = trimmed.strip_prefix("- ")
        {
            let lead = content.len() - trimmed.len() + 2;
            let raw = item.trim();
            let at = offset + lead + (item.len() - item.trim_start().len());
            let value = raw.trim_matches(['\'', '"']).to_owned();
            fields[i].items.push((value, at..at + raw.len()));
        } else if let Some(colon) = content.find(':')
            && !content.starts_with(char::is_whitespace)
        {
            let key = content[..colon].trim().to_owned();
            let after = &content[colon + 1..];
            let lead = after.len() - after.trim_start().len();
            let value = after.trim().to_owned();
            let v_start = offset + colon + 1 + lead;
            fields.push(RawField {
                key_range: offset..offset + content[..colon].trim_end().len(),
                key,
                value_range: v_start..v_start + value.len(),
                value,
                items: Vec::new(),
            });
            current = Some(fields.len() - 1);
        }
        offset += line.len();
    }
    Err("the frontmatter is never closed")
}

/// The mode line the code lens shows.
#[must_use]
pub fn mode_line(text: &str) -> String {
    let Ok(reading) = read(text) else {
        return "Manual (no frontmatter: only when someone writes @rule)".to_owned();
    };
    match reading.mode() {
        Mode::Always => "Always (in every request)".to_owned(),
        Mode::AutoAttached => format!(
            "Auto Attached (when a file matching {} is in context)",
            reading
                .globs()
                .iter()
                .map(|(g, _)| g.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Mode::AgentRequested => {
            "Agent Requested (the agent reads the description and decides)".to_owned()
        }
        Mode::Manual => "Manual (only when someone writes @rule)".to_owned(),
    }
}

fn judge(ctx: &mut Ctx<'_>) {
    let text = ctx.text;
    let reading = match read(text) {
        Ok(r) => r,
        Err(why) => {
            // Lines that look like fields, with no frontmatter Cursor reads.
            let looks = text.lines().take(8).any(|l| {
                ["description:", "globs:", "alwaysApply:"]
                    .iter()
                    .any(|k| l.trim_start().starts_with(k))
            });
            if looks {
                let first = 0..text.find(['\n', '\r']).unwrap_or(text.len());
                ctx.push(Diagnostic::new(
                    &r::RULE_FRONTMATTER_UNREAD,
                    first,
                    format!("This file has frontmatter fields, but {why}: Cursor reads the whole file as the rule's body, and the rule is Manual (only @rule attaches it). Start the file with a --- line and close the block with another."),
                ));
            }
            return;
        }
    };
    for f in &reading.fields {
        if FIELDS.iter().any(|d| d.name == f.key) {
            continue;
        }
        let hint = super::catalog::closest(&f.key, FIELDS.iter().map(|d| d.name)).or(
            match f.key.as_str() {
                "always_apply" | "always-apply" | "always" => Some("alwaysApply"),
                "glob" | "files" | "paths" => Some("globs"),
                _ => None,
            },
        );
        let mut d = Diagnostic::new(
            &r::UNKNOWN_KEY,
            f.key_range.clone(),
            format!(
                "Unknown key \"{}\": Cursor reads only description, globs and alwaysApply.{}",
                f.key,
                hint.map_or(String::new(), |h| format!(" Did you mean \"{h}\"?"))
            ),
        );
        if let Some(h) = hint {
            d = d.replace(format!("Replace with \"{h}\""), f.key_range.clone(), h);
        }
        ctx.push(d);
    }
    if let Some(f) = reading.get("alwaysApply")
        && !f.value.is_empty()
        && !matches!(f.value.as_str(), "true" | "false")
    {
        let reads = if reading.always() { "true" } else { "false" };
        let fixed = match f
            .value
            .trim_matches(['\'', '"'])
            .to_ascii_lowercase()
            .as_str()
        {
            "true" | "yes" | "on" | "1" => "true",
            _ => "false",
        };
        ctx.push(
            Diagnostic::new(
                &r::RULE_ALWAYS_APPLY_NOT_BOOLEAN,
                f.value_range.clone(),
                format!(
                    "`alwaysApply` takes true or false: this value is reportedly read as {reads}."
                ),
            )
            .replace(
                format!("Replace with {fixed}"),
                f.value_range.clone(),
                fixed,
            ),
        );
    }
    let globs = reading.globs();
    for (g, range) in &globs {
        let quoted = g.len() >= 2 && (g.starts_with(['\'', '"']) || g.ends_with(['\'', '"']));
        if quoted || g.starts_with(['\'', '"']) || g.ends_with(['\'', '"']) {
            let clean = g.trim_matches(['\'', '"']);
            ctx.push(
                Diagnostic::new(
                    &r::RULE_GLOB_QUOTED,
                    range.clone(),
                    "Cursor reportedly keeps quotes in a glob as part of the pattern, so it matches no file: write globs unquoted (`globs: *.ts, src/**`).",
                )
                .replace("Remove the quotes", range.clone(), clean),
            );
        }
    }
    if let Some(f) = reading.get("globs")
        && f.value.contains('{')
        && f.value.contains(',')
        && !(f.value.starts_with('[') && f.value.ends_with(']'))
    {
        ctx.push(Diagnostic::new(
            &r::RULE_GLOB_BRACE_COMMA,
            f.value_range.clone(),
            "Cursor splits `globs` at every comma, so a `{a,b}` pattern is cut in two: write the patterns out (`*.ts, *.tsx`).",
        ));
    }
    match reading.mode() {
        Mode::Always if !globs.is_empty() => {
            let f = reading.get("globs").map_or(reading.open.clone(), |f| f.key_range.clone());
            ctx.push(Diagnostic::new(
                &r::RULE_GLOBS_UNUSED,
                f,
                "`alwaysApply: true` puts the rule in every request: these globs change nothing.",
            ));
        }
        Mode::Manual => ctx.push(Diagnostic::new(
            &r::RULE_MANUAL_ONLY,
            reading.open.clone(),
            "No description, globs or alwaysApply: this is a Manual rule, applied only when someone writes @rule. Add a description for the agent to choose it, or globs to attach it to files.",
        )),
        _ => {}
    }
    if text[reading.body_start..].trim().is_empty() {
        ctx.push(Diagnostic::new(
            &r::RULE_BODY_EMPTY,
            reading.open.clone(),
            "Nothing follows the frontmatter: the body is what Cursor adds to the request, and it is empty.",
        ));
    }
}

fn check(ctx: &mut Ctx<'_>, _: &Frontmatter) {
    judge(ctx);
}

fn unread(ctx: &mut Ctx<'_>, _: &Fallback) {
    judge(ctx);
}

fn no_values(_: &str) -> Option<&'static [Value]> {
    None
}

fn unknown_key(key: &str) -> String {
    format!(
        "**{key}**: Cursor reads only `description`, `globs` and `alwaysApply`; it ignores this key."
    )
}

fn about_name(_: &str) -> String {
    "Cursor rules have no `name`: a rule is named by its file, and `@rule-name` attaches it."
        .to_owned()
}

/// Whether a path (folder names, file name last) is a Cursor rule:
/// `.cursor/rules/**/*.mdc`.
pub(crate) fn detect(
    _path: &Path,
    names: &[&str],
    _is_file: &dyn Fn(&Path) -> bool,
) -> Option<FileKind> {
    let dirs = &names[..names.len().saturating_sub(1)];
    let file = names.last()?;
    let mdc = Path::new(file)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("mdc"));
    (mdc && dirs
        .windows(2)
        .any(|w| w[0] == ".cursor" && w[1] == "rules"))
    .then_some(FileKind::CursorRule)
}

/// The paths module the format table expects.
pub(crate) mod paths {
    pub(crate) use super::detect;
}

/// A Cursor rule.
pub static CURSOR_RULE: Format = Format {
    kind: FileKind::CursorRule,
    name: "cursor-rule",
    tool: "Cursor",
    primary: super::target::Tool::Cursor,
    noun: "rule",
    shows: "applies this rule",
    paths: "**/.cursor/rules/**/*.mdc",
    reader: Reader::Own,
    unread: Unread::Reported(unread),
    examples: false,
    fields: FIELDS,
    ignored_fields: &[],
    values: no_values,
    unknown_key,
    about_name,
    path_name: file_stem,
    check,
    roster: |text, _, _| Some(mode_line(text)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_raw_lines() {
        let r = read("---\ndescription: Use: this\nglobs: *.ts, src/**/*.tsx\nalwaysApply: false\n---\nBody\n").expect("read");
        assert_eq!(
            r.get("description").map(|f| f.value.as_str()),
            Some("Use: this")
        );
        let globs: Vec<String> = r.globs().into_iter().map(|(g, _)| g).collect();
        assert_eq!(globs, ["*.ts", "src/**/*.tsx"]);
        assert_eq!(r.mode(), Mode::AutoAttached);
        let r = read("---\nglobs:\n  - '*.md'\n  - src/**\n---\n").expect("read");
        let globs: Vec<String> = r.globs().into_iter().map(|(g, _)| g).collect();
        assert_eq!(globs, ["*.md", "src/**"]);
        assert!(read("\n---\na: b\n---\n").is_err());
        assert!(read("---\na: b\n").is_err());
    }
}
