//! Claude Code output styles (`.claude/output-styles/*.md`, plugin
//! `output-styles/*.md`), as Claude Code 2.1.330 loads them (see
//! `docs/formats/claude-output-style.md`). The reader is Claude Code's own;
//! a style is never refused: without a readable frontmatter it loads under
//! its file name.

use std::path::Path;

use super::catalog::{DocLink, Field, FieldType, Value, catalog_field};
use super::claude_agent::catalog::docs_url;
use super::claude_skill::rules::{body_fallback, read_bool};
use super::{Fallback, FileKind, Format, Reader, Unread, file_stem, in_plugin};
use crate::analysis::Ctx;
use crate::analysis::diagnostic::Diagnostic;
use crate::analysis::rules as r;
use crate::frontmatter::{Frontmatter, Node, NodeKind, ScalarValue};

const PAGE: &str = "Output styles, Frontmatter";

/// Every field of an output style.
pub const FIELDS: &[Field] = &[
    catalog_field! {
        name: "name",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "The style's name: choose it in `/config`, or set `\"outputStyle\": \"NAME\"` in \
    settings. It is kept exactly as written, spaces included. A custom style may reuse a built-in's \
    name (`Explanatory`, `Learning`) and replaces it.",
        values: "Text of at most 256 characters.",
        default: "The file name without `.md`.",
        invalid: "Over 256 characters: the style loads but is never applied.",
        docs: (PAGE, docs_url!("output-styles#frontmatter")),
    },
    catalog_field! {
        name: "description",
        required: false,
        ty: FieldType::String,
        documented: true,
        kind: "string",
        about: "What the style does, shown in the `/config` picker.",
        values: "Text.",
        default: "The first line of the body (a heading's text), or `Custom NAME output style`.",
        invalid: "A list or mapping: logged, and the default is used.",
        docs: (PAGE, docs_url!("output-styles#frontmatter")),
    },
    catalog_field! {
        name: "keep-coding-instructions",
        required: false,
        ty: FieldType::Bool,
        documented: true,
        kind: "boolean",
        about: "Keep Claude Code's built-in instructions for software engineering alongside the style.",
        values: "`true`/`false`, or `yes`/`no`, `on`/`off`, `1`/`0` (any case).",
        default: "`false`: the style replaces them.",
        invalid: "Any other value is read as `false`, silently.",
        docs: (PAGE, docs_url!("output-styles#frontmatter")),
    },
    catalog_field! {
        name: "force-for-plugin",
        required: false,
        ty: FieldType::Bool,
        documented: true,
        kind: "boolean",
        about: "In a plugin's output style only: apply it whenever the plugin is enabled.",
        values: "`true`/`false`.",
        default: "`false`.",
        invalid: "In a project or user style, any value is logged and ignored.",
        docs: (PAGE, docs_url!("output-styles#frontmatter")),
    },
];

/// A link to the output styles documentation.
pub const DOCS: DocLink = DocLink {
    title: PAGE,
    url: docs_url!("output-styles#frontmatter"),
};

fn no_values(_: &str) -> Option<&'static [Value]> {
    None
}

/// Whether a path (folder names, file name last) is an output style:
/// directly in `.claude/output-styles/` or a plugin's `output-styles/`.
pub(crate) fn detect(
    path: &Path,
    names: &[&str],
    is_file: &dyn Fn(&Path) -> bool,
) -> Option<FileKind> {
    let n = names.len();
    if n < 3 || names[n - 2] != "output-styles" {
        return None;
    }
    let dirs = &names[..n - 1];
    if names[n - 3] == ".claude" {
        Some(FileKind::ClaudeOutputStyle)
    } else {
        in_plugin(path, dirs, n - 2, is_file).then_some(FileKind::ClaudePluginOutputStyle)
    }
}

/// The paths module the format table expects.
pub(crate) mod paths {
    pub(crate) use super::detect;
}

fn about_name(name: &str) -> String {
    format!(
        "**Output style `{name}`**\n\nSelect it in `/config`, or with `\"outputStyle\": \"{name}\"` in settings (exactly as written here). The system prompt then holds `# Output Style: {name}` and this file's body."
    )
}

fn unknown_key(key: &str) -> String {
    format!(
        "**{key}**: not a key Claude Code reads in an output style; it ignores it. Output styles take `name`, `description`, `keep-coding-instructions` and, in plugins, `force-for-plugin`."
    )
}

/// The style's name as Claude Code reads it: `String(name)`, untrimmed, or
/// the file name.
fn style_name<'a>(fm: Option<&'a Frontmatter>, stem: Option<&'a str>) -> Option<String> {
    let named = fm
        .and_then(|fm| fm.get("name"))
        .and_then(|n| match &n.kind {
            NodeKind::Scalar(s) if s.value != ScalarValue::Null && !s.text.is_empty() => {
                Some(s.text.to_string())
            }
            _ => None,
        });
    named.or_else(|| stem.map(str::to_owned))
}

fn fallback(ctx: &mut Ctx<'_>, f: &Fallback) {
    if !f.mistake {
        return; // a style without frontmatter is the documented default
    }
    let stem = ctx.file_stem.unwrap_or("its file name");
    let description = body_fallback(
        &ctx.text[f.body.clone()],
        &format!("Custom {stem} output style"),
    );
    ctx.push(Diagnostic::new(
        &r::FIELDS_UNREAD,
        f.range.clone(),
        format!(
            "{}: Claude Code reads no field of this output style and loads it as \"{stem}\" (its file name), described as \"{description}\", without keep-coding-instructions. Fix the frontmatter.",
            f.why
        ),
    ));
}

fn check(ctx: &mut Ctx<'_>, fm: &Frontmatter) {
    let view = fm.view();
    for e in fm.entries() {
        let Some(key) = e.key.as_str() else { continue };
        if view.is_merge(e) || FIELDS.iter().any(|f| f.name == key) {
            continue;
        }
        let hint = super::catalog::closest(key, FIELDS.iter().map(|f| f.name));
        let mut d = Diagnostic::new(
            &r::UNKNOWN_KEY,
            e.key.span.clone(),
            format!(
                "Unknown key \"{key}\": Claude Code ignores it in an output style.{}",
                hint.map_or(String::new(), |h| format!(" Did you mean \"{h}\"?"))
            ),
        );
        if let Some(h) = hint {
            d = d.replace(format!("Replace with \"{h}\""), e.key.span.clone(), h);
        }
        ctx.push(d);
    }
    if let Some(Node {
        kind: NodeKind::Scalar(s),
        span,
        ..
    }) = fm.get("name")
        && s.text.encode_utf16().count() > 256
    {
        ctx.push(Diagnostic::new(
            &r::STYLE_NAME_TOO_LONG,
            span.clone(),
            format!(
                "This name is {} characters: Claude Code loads the style but never applies it (names are limited to 256).",
                s.text.encode_utf16().count()
            ),
        ));
    }
    if let Some(node) = fm.get("description")
        && matches!(node.kind, NodeKind::Seq(_) | NodeKind::Map(_))
    {
        ctx.push(Diagnostic::new(
            &r::DESCRIPTION_NOT_TEXT,
            node.span.clone(),
            "The description is not text: Claude Code logs \"Description invalid\" and describes the style by the first line of its body.",
        ));
    }
    if let Some(node) = fm.get("keep-coding-instructions")
        && !matches!(&node.kind, NodeKind::Scalar(s) if s.value == ScalarValue::Null)
        && read_bool(node).is_none()
    {
        ctx.push(Diagnostic::new(
            &r::VALUE_IGNORED,
            node.span.clone(),
            "`keep-coding-instructions` takes true or false (or yes/no, on/off, 1/0): Claude Code cannot read this value and it is false, so the style replaces the coding instructions.",
        ));
    }
    if !ctx.plugin
        && let Some(e) = fm
            .entries()
            .iter()
            .find(|e| e.key.as_str() == Some("force-for-plugin"))
    {
        let lines = crate::analysis::whole_lines(ctx.text, e.key.span.start, e.value.span.end);
        ctx.push(
            Diagnostic::new(
                &r::FORCE_FOR_PLUGIN_IGNORED,
                e.key.span.clone(),
                "`force-for-plugin` only applies to a plugin's output styles: Claude Code logs a warning and ignores it here.",
            )
            .replace("Remove `force-for-plugin`", lines, ""),
        );
    }
}

/// An output style.
pub static OUTPUT_STYLE: Format = Format {
    kind: FileKind::ClaudeOutputStyle,
    name: "claude-output-style",
    tool: "Claude Code",
    primary: super::target::Tool::ClaudeCode,
    noun: "output style",
    shows: "adds to the system prompt",
    paths: "**/.claude/output-styles/*.md, <plugin>/output-styles/*.md",
    reader: Reader::ClaudeLenient,
    unread: Unread::Reported(fallback),
    examples: false,
    fields: FIELDS,
    ignored_fields: &[],
    values: no_values,
    unknown_key,
    about_name,
    path_name: file_stem,
    check,
    roster: |_, fm, stem| style_name(fm, stem).map(|n| format!("# Output Style: {n}")),
};

/// A plugin's output style (which may set `force-for-plugin`).
pub static PLUGIN_OUTPUT_STYLE: Format = Format {
    kind: FileKind::ClaudePluginOutputStyle,
    name: "claude-plugin-output-style",
    paths: "<plugin>/output-styles/*.md",
    ..OUTPUT_STYLE
};
