//! The rules for OpenCode agents and commands, as OpenCode 1.18.33 loads
//! them. A value of the wrong type in a known field does not just lose the
//! file: OpenCode rejects its **whole configuration** and no `opencode`
//! command starts, so those errors say so. YAML it cannot read is another
//! matter: the file loads with no metadata, or vanishes without a word.
//!
//! OpenCode finds the frontmatter with gray-matter, not as Claude Code does,
//! so the file is read here again ([`super::read`]): `check` and `unread`
//! both run [`analyse`].

use std::ops::Range;

use super::catalog as cat;
use super::read::{self, Block, Outcome};
use crate::analysis::Ctx;
use crate::analysis::diagnostic::{Diagnostic, Edit, Fix};
use crate::analysis::rules as r;
use crate::formats::gemini_agent::jsyaml::{Js, Read};
use crate::formats::{Fallback, FileKind};
use crate::frontmatter::{Frontmatter, Node, NodeKind, Style, SyntaxError};

/// What OpenCode does with a configuration it cannot decode, for messages.
const REJECTED: &str = "OpenCode rejects its whole configuration (`Configuration is invalid at …`): no `opencode` command starts until this is fixed";

/// The keys of an agent OpenCode reads (any other is moved into `options`).
pub const AGENT_KEYS: &[&str] = &[
    "name",
    "model",
    "variant",
    "prompt",
    "description",
    "temperature",
    "top_p",
    "mode",
    "hidden",
    "color",
    "steps",
    "maxSteps",
    "options",
    "permission",
    "disable",
    "tools",
];

/// The keys of a command OpenCode reads (any other is dropped).
pub const COMMAND_KEYS: &[&str] = &[
    "name",
    "template",
    "description",
    "agent",
    "model",
    "variant",
    "subtask",
];

/// Runs every rule of an agent (a format's `check`).
pub(crate) fn check_agent(ctx: &mut Ctx<'_>, _: &Frontmatter) {
    analyse(ctx);
}

/// An agent the generic reader could not read (a format's `unread`).
pub(crate) fn unread_agent(ctx: &mut Ctx<'_>, _: &Fallback) {
    analyse(ctx);
}

fn command(ctx: &Ctx<'_>) -> bool {
    ctx.kind == FileKind::OpenCodeCommand
}

fn noun(ctx: &Ctx<'_>) -> &'static str {
    if command(ctx) { "command" } else { "agent" }
}

/// The name the path gives, for messages.
fn named(ctx: &Ctx<'_>) -> String {
    ctx.file_stem
        .map_or_else(|| format!("this {}", noun(ctx)), |n| format!("`{n}`"))
}

fn first_line(text: &str) -> Range<usize> {
    0..text.find(['\n', '\r']).unwrap_or(text.len())
}

fn error_range(text: &str, offset: usize) -> Range<usize> {
    let offset = crate::frontmatter::floor_char_boundary(text, offset);
    let end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    if end > offset {
        return offset..end;
    }
    let start = text[..offset]
        .char_indices()
        .next_back()
        .map_or(offset, |(i, _)| i);
    start..offset
}

/// Quoting the values Claude Code's retry would quote, when that makes the
/// block strict YAML.
fn quoting_fix(text: &str) -> Option<Fix> {
    let Block::Found { matter, .. } = read::block(text) else {
        return None;
    };
    let content = &text[matter.clone()];
    if content.contains('\r') {
        return None;
    }
    let rewrite = crate::frontmatter::retry::rewrite(content);
    if !rewrite.changed
        || rewrite.quoted.is_empty()
        || crate::frontmatter::yaml::parse(&rewrite.text).is_err()
    {
        return None;
    }
    let edits: Vec<Edit> = rewrite
        .quoted
        .iter()
        .map(|q| Edit {
            range: q.start + matter.start..q.end + matter.start,
            new_text: crate::frontmatter::double_quoted(&content[q.clone()]),
        })
        .collect();
    Some(Fix {
        title: if edits.len() > 1 {
            "Quote these values".to_owned()
        } else {
            "Quote the value".to_owned()
        },
        edits,
    })
}

fn analyse(ctx: &mut Ctx<'_>) {
    let text = ctx.text;
    if let Some(name) = ctx.file_stem
        && let Some(dot) = name.rfind('.')
        && name[dot..].eq_ignore_ascii_case(".md")
        && &name[dot..] != ".md"
    {
        ctx.push(Diagnostic::new(
            &r::OPENCODE_FILE_IGNORED,
            first_line(text),
            format!(
                "OpenCode reads only files whose names end in `.md`, in lowercase: it never loads `{name}`. Rename it."
            ),
        ));
        return;
    }
    let outcome = read::outcome(text);
    match &outcome {
        Outcome::Missing => missing(ctx),
        Outcome::Empty => {
            if !command(ctx) {
                let open = match read::block(text) {
                    Block::Found { open, .. } => open,
                    Block::Missing => 0..0,
                };
                ctx.push(Diagnostic::new(
                    &r::OPENCODE_NO_FRONTMATTER,
                    open,
                    format!("An empty frontmatter: OpenCode loads {} with every default (mode `all`, no description). Add a `description` and a `mode`.", named(ctx)),
                ));
            }
        }
        Outcome::Ignored(e) => ignored(ctx, e),
        Outcome::Skipped { error, .. } => skipped(ctx, error),
        Outcome::Parsed { read, rescued } => {
            for value in rescued {
                let mut d = Diagnostic::new(
                    &r::OPENCODE_YAML_RESCUED,
                    value.clone(),
                    "Not valid YAML unquoted (the value holds a `:`): OpenCode's rewrite reads it as a `|-` block and loads it, but other YAML readers (and other tools) reject this file. Quote the value.",
                );
                if let Some(fix) = quoting_fix(text) {
                    d = d.with_fix(fix);
                }
                ctx.push(d);
            }
            if let Block::Found {
                close: None, open, ..
            } = read::block(text)
            {
                ctx.push(Diagnostic::new(
                    &r::OPENCODE_FRONTMATTER_NOT_READ,
                    open,
                    format!("This `---` opens a frontmatter no `---` line closes: OpenCode reads the whole rest of the file as YAML, and {} has an empty {}. Add a `---` line after the last field.", named(ctx), if command(ctx) { "template" } else { "prompt" }),
                ));
            }
            fields(ctx, read);
        }
    }
}

/// A file gray-matter finds no frontmatter in.
fn missing(ctx: &mut Ctx<'_>) {
    let text = ctx.text;
    let trimmed = text.trim_start_matches([' ', '\t', '\r', '\n', '\u{feff}']);
    let at = text.len() - trimmed.len();
    if at > 0 && (trimmed.starts_with("---\n") || trimmed.starts_with("---\r\n")) {
        let mut d = Diagnostic::new(
            &r::OPENCODE_FRONTMATTER_NOT_READ,
            at..at + 3,
            format!(
                "The frontmatter must start at the very first byte of the file: OpenCode reads none here, and loads {} with every default and the whole file, this block included, as its {}. Remove what comes before `---`.",
                named(ctx),
                if command(ctx) { "template" } else { "prompt" }
            ),
        );
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        if matches!(read::block(&text[at..]), Block::Found { .. }) {
            d = d.replace("Remove the blank lines before the frontmatter", bom..at, "");
        }
        ctx.push(d);
        return;
    }
    if text.trim_start_matches('\u{feff}').starts_with("----") {
        ctx.push(Diagnostic::new(
            &r::OPENCODE_FRONTMATTER_NOT_READ,
            first_line(text),
            format!("A frontmatter opens with exactly three dashes: OpenCode reads none here, and loads {} with every default.", named(ctx)),
        ));
        return;
    }
    if !command(ctx) {
        ctx.push(Diagnostic::new(
            &r::OPENCODE_NO_FRONTMATTER,
            first_line(text),
            format!("No frontmatter: OpenCode loads {} with every default (mode `all`; the model is told it \"should only be called manually by the user\"). Add a frontmatter with a `description` and a `mode`.", named(ctx)),
        ));
    }
}

/// YAML the colon rewrite leaves as it is: no metadata at all.
fn ignored(ctx: &mut Ctx<'_>, e: &SyntaxError) {
    let text = ctx.text;
    let unclosed = matches!(read::block(text), Block::Found { close: None, .. });
    let what = if command(ctx) {
        "as its template".to_owned()
    } else {
        "as its prompt, in mode `all` with no description".to_owned()
    };
    let mut d = Diagnostic::new(
        &r::OPENCODE_FRONTMATTER_IGNORED,
        error_range(text, e.offset),
        format!(
            "{}Invalid YAML ({}): OpenCode reads no field of this {}: it loads {} with the whole file, frontmatter included, {what}, without a word. {}",
            if unclosed {
                "No `---` line closes the frontmatter, so OpenCode reads the whole rest of the file as YAML. "
            } else {
                ""
            },
            e.message,
            noun(ctx),
            named(ctx),
            if unclosed {
                "Add a `---` line after the last field."
            } else {
                "Fix the YAML."
            }
        ),
    );
    if let Some(fix) = quoting_fix(text) {
        d = d.with_fix(fix);
    }
    ctx.push(d);
}

/// YAML the colon rewrite changes but does not fix: the file vanishes.
fn skipped(ctx: &mut Ctx<'_>, e: &SyntaxError) {
    let text = ctx.text;
    let mut d = Diagnostic::new(
        &r::OPENCODE_FILE_SKIPPED,
        error_range(text, e.offset),
        format!(
            "Invalid YAML ({}), which OpenCode's rewrite of values holding a `:` does not fix: it skips this {} without a word. Fix the YAML (indent continuation lines, or use `description: |`).",
            e.message,
            noun(ctx)
        ),
    );
    if let Some(fix) = quoting_fix(text) {
        d = d.with_fix(fix);
    }
    ctx.push(d);
}

/// One problem with a value, before it becomes a diagnostic.
struct Problem {
    range: Range<usize>,
    message: String,
    fix: Option<(String, String)>,
}

/// Where to report a value: the value, or its key when it is empty.
fn at(key: &Node, value: &Node) -> Range<usize> {
    if value.span.is_empty() {
        key.span.clone()
    } else {
        value.span.clone()
    }
}

/// Effect Schema's name of a value's type, for the loader's own words.
fn got(read: &Read, node: &Node) -> String {
    match read.js(node) {
        Js::String => format!("\"{}\"", read.view().as_str(node).unwrap_or_default()),
        Js::Number(n) if n.is_nan() => "NaN".to_owned(),
        Js::Number(n) if n.is_infinite() => {
            if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
        }
        Js::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
            #[allow(clippy::cast_possible_truncation)]
            let i = n as i64;
            i.to_string()
        }
        Js::Number(n) => n.to_string(),
        Js::Bool(b) => b.to_string(),
        Js::Null => "null".to_owned(),
        Js::Date => "a date".to_owned(),
        Js::Array => "a list".to_owned(),
        Js::Object => "a mapping".to_owned(),
    }
}

/// A plain scalar that YAML 1.1 (or a person) would call a boolean.
fn boolish(read: &Read, node: &Node) -> Option<bool> {
    let s = read.view().resolve(node).scalar()?;
    match s.text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" => Some(true),
        "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// The value unquoted, when it is a quoted number.
fn quoted_number(read: &Read, node: &Node) -> Option<String> {
    let s = read.view().resolve(node).scalar()?;
    (s.style != Style::Plain
        && matches!(crate::formats::gemini_agent::jsyaml::plain(s.text.trim()), Js::Number(n) if n.is_finite()))
    .then(|| s.text.trim().to_owned())
}

/// What is wrong with a value that must be text (`None`: nothing).
fn text_problem(read: &Read, k: &Node, v: &Node, key: &str) -> Option<Problem> {
    let js = read.js(v);
    if js == Js::String {
        return None;
    }
    let empty = js == Js::Null && v.span.is_empty();
    let fix = match &read.view().resolve(v).kind {
        NodeKind::Scalar(s) if s.style == Style::Plain && !s.text.is_empty() => Some((
            "Quote the value".to_owned(),
            crate::frontmatter::double_quoted(&s.text),
        )),
        _ => None,
    };
    Some(Problem {
        range: at(k, v),
        message: if empty {
            format!(
                "An empty `{key}:` is null, not text: {REJECTED}. Write the text, or remove the key."
            )
        } else {
            format!(
                "`{key}` takes text; this is {} (`Expected string | undefined, got {}`): {REJECTED}.",
                js.words(),
                got(read, v)
            )
        },
        fix,
    })
}

/// What is wrong with a value that must be a boolean.
fn bool_problem(read: &Read, k: &Node, v: &Node, key: &str) -> Option<Problem> {
    if matches!(read.js(v), Js::Bool(_)) {
        return None;
    }
    Some(Problem {
        range: at(k, v),
        message: format!(
            "`{key}` takes true or false; this is {} (`Expected boolean | undefined, got {}`): {REJECTED}.",
            read.js(v).words(),
            got(read, v)
        ),
        fix: boolish(read, v).map(|b| (format!("Replace with `{b}`"), b.to_string())),
    })
}

/// What is wrong with a value that must be a finite number.
fn number_problem(read: &Read, k: &Node, v: &Node, key: &str) -> Option<Problem> {
    match read.js(v) {
        Js::Number(n) if n.is_finite() => None,
        Js::Number(_) => Some(Problem {
            range: at(k, v),
            message: format!(
                "`{key}` takes a finite number, not {} (`Expected a finite number`): {REJECTED}.",
                got(read, v)
            ),
            fix: None,
        }),
        js => Some(Problem {
            range: at(k, v),
            message: format!(
                "`{key}` takes a number; this is {} (`Expected number | undefined, got {}`): {REJECTED}.",
                js.words(),
                got(read, v)
            ),
            fix: quoted_number(read, v).map(|n| ("Remove the quotes".to_owned(), n)),
        }),
    }
}

/// What is wrong with a value that must be a positive integer.
fn steps_problem(read: &Read, k: &Node, v: &Node, key: &str) -> Option<Problem> {
    let why = match read.js(v) {
        Js::Number(n) if n.is_finite() && n.fract() == 0.0 && n > 0.0 => return None,
        Js::Number(n) if !n.is_finite() || n.fract() != 0.0 => "`Expected an integer`".to_owned(),
        Js::Number(_) => "`Expected a value greater than 0`".to_owned(),
        js => format!(
            "this is {}: `Expected number | undefined, got {}`",
            js.words(),
            got(read, v)
        ),
    };
    let fix = quoted_number(read, v)
        .filter(|n| n.parse::<u64>().is_ok_and(|n| n > 0))
        .map(|n| ("Remove the quotes".to_owned(), n));
    Some(Problem {
        range: at(k, v),
        message: format!("`{key}` takes a positive integer ({why}): {REJECTED}."),
        fix,
    })
}

/// Whether `s` is a permission action.
fn is_action(s: &str) -> bool {
    cat::ACTIONS.iter().any(|a| a.name == s)
}

/// The action a mistaken one probably means.
fn action_fix(read: &Read, v: &Node) -> Option<(String, String)> {
    let s = read
        .view()
        .resolve(v)
        .scalar()?
        .text
        .trim()
        .to_ascii_lowercase();
    let a = match s.as_str() {
        "ask" => "ask",
        "allow" | "allowed" | "yes" | "true" | "on" => "allow",
        "deny" | "denied" | "no" | "false" | "off" => "deny",
        _ => return None,
    };
    Some((format!("Replace with `{a}`"), a.to_owned()))
}

/// `permission`: an action, or a mapping of tools to actions (or to
/// mappings of patterns to actions).
fn permission(read: &Read, k: &Node, v: &Node, out: &mut Vec<Problem>) {
    let view = read.view();
    let node = view.resolve(v);
    let bad_action = |n: &Node, path: &str| Problem {
        range: n.span.clone(),
        message: format!(
            "{path} takes `ask`, `allow` or `deny` (lowercase); this is {} (`Expected PermissionActionConfig, got {}`): {REJECTED}.",
            read.js(n).words(),
            got(read, n)
        ),
        fix: action_fix(read, n),
    };
    match &node.kind {
        NodeKind::Scalar(_) if view.as_str(node).is_some_and(is_action) => {}
        NodeKind::Scalar(_) if read.js(node) == Js::String => out.push(bad_action(node, "`permission`")),
        NodeKind::Map(_) => {
            for p in view.entries(node) {
                let key = p.key.as_ref();
                let value = p.value;
                let action_only = cat::ACTION_ONLY_PERMISSIONS.contains(&key);
                match &value.kind {
                    NodeKind::Scalar(_) if view.as_str(value).is_some_and(is_action) => {}
                    NodeKind::Map(_) if !action_only => {
                        for pattern in view.entries(value) {
                            if !view.as_str(pattern.value).is_some_and(is_action) {
                                out.push(bad_action(pattern.value, &format!("`permission.{key}.{}`", pattern.key)));
                            }
                        }
                    }
                    NodeKind::Map(_) => out.push(Problem {
                        range: value.span.clone(),
                        message: format!("`permission.{key}` takes one action (`ask`, `allow` or `deny`), not patterns: {REJECTED}."),
                        fix: None,
                    }),
                    _ => out.push(bad_action(value, &format!("`permission.{key}`"))),
                }
            }
        }
        _ => out.push(Problem {
            range: at(k, v),
            message: format!("`permission` takes an action (`ask`, `allow`, `deny`) or a mapping of tools to actions; this is {}: {REJECTED}.", read.js(node).words()),
            fix: None,
        }),
    }
}

/// `tools`: a mapping of tool names to booleans.
fn tools(read: &Read, k: &Node, v: &Node, out: &mut Vec<Problem>) {
    let view = read.view();
    let node = view.resolve(v);
    if let NodeKind::Map(_) = &node.kind {
        for p in view.entries(node) {
            if !matches!(read.js(p.value), Js::Bool(_)) {
                out.push(Problem {
                    range: p.value.span.clone(),
                    message: format!("`tools.{}` takes true or false; this is {} (`Expected boolean, got {}`): {REJECTED}.", p.key, read.js(p.value).words(), got(read, p.value)),
                    fix: boolish(read, p.value).map(|b| (format!("Replace with `{b}`"), b.to_string())),
                });
            }
        }
        return;
    }
    let claude = matches!(read.js(node), Js::String | Js::Array);
    out.push(Problem {
        range: at(k, v),
        message: format!(
            "`tools` takes a mapping of tool names to true or false; this is {} (`Expected object | undefined`): {REJECTED}.{}",
            read.js(node).words(),
            if claude {
                " Claude Code's `tools: Read, Grep` list has no meaning here: use `permission` (`permission: {edit: deny, bash: ask}`), or `tools:` with `bash: false` lines."
            } else {
                ""
            }
        ),
        fix: None,
    });
}

/// `color`: `#RRGGBB` or a theme color.
fn color(read: &Read, k: &Node, v: &Node) -> Option<Problem> {
    let view = read.view();
    let s = view.as_str(v);
    let hex = |c: &str| {
        c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|d| d.is_ascii_hexdigit())
    };
    if s.is_some_and(|c| hex(c) || cat::THEME_COLORS.iter().any(|t| t.name == c)) {
        return None;
    }
    let fix = s.and_then(|c| {
        let lower = c.trim().to_ascii_lowercase();
        if let Some(t) = cat::THEME_COLORS.iter().find(|t| t.name == lower) {
            return Some((format!("Replace with `{}`", t.name), t.name.to_owned()));
        }
        if let Some(h) = crate::formats::claude_agent::catalog::color_hex(&lower) {
            return Some((format!("Replace with `\"{h}\"`"), format!("\"{h}\"")));
        }
        let digits = lower.strip_prefix('#')?;
        (digits.len() == 3 && digits.chars().all(|d| d.is_ascii_hexdigit())).then(|| {
            let full: String = digits.chars().flat_map(|d| [d, d]).collect();
            (
                format!("Replace with `\"#{full}\"`"),
                format!("\"#{full}\""),
            )
        })
    });
    Some(Problem {
        range: at(k, v),
        message: format!(
            "`color` takes `#RRGGBB` or a theme color (`primary`, `secondary`, `accent`, `success`, `warning`, `error`, `info`); this is {}: {REJECTED}.",
            got(read, v)
        ),
        fix,
    })
}

/// Every check of the fields of a frontmatter that parsed.
#[allow(clippy::too_many_lines)]
fn fields(ctx: &mut Ctx<'_>, read: &Read) {
    let text = ctx.text;
    let is_command = command(ctx);
    let view = read.view();
    let Some(root) = read.fm.root.as_ref().map(|r| view.resolve(r)) else {
        no_metadata_hints(ctx, read);
        return;
    };
    match &root.kind {
        NodeKind::Map(_) => {}
        NodeKind::Seq(_) | NodeKind::Scalar(_)
            if matches!(read.js(root), Js::Array | Js::String) =>
        {
            let js = read.js(root);
            ctx.push(Diagnostic::new(
                &r::OPENCODE_UNKNOWN_KEY,
                root.span.clone(),
                format!(
                    "The frontmatter is {}, not a mapping: OpenCode spreads its {} as keys `0`, `1`, … {}. Write `key: value` lines.",
                    js.words(),
                    if js == Js::Array { "items" } else { "characters" },
                    if is_command { "and ignores them" } else { "and sends them to the model provider as options" }
                ),
            ));
            no_metadata_hints(ctx, read);
            return;
        }
        _ => {
            no_metadata_hints(ctx, read);
            return;
        }
    }
    let props: Vec<(String, &Node, &Node)> = view
        .entries(root)
        .into_iter()
        .map(|p| (p.key.into_owned(), p.key_node, p.value))
        .collect();
    let owned: std::collections::HashSet<*const Node> = root
        .entries()
        .unwrap_or_default()
        .iter()
        .map(|e| std::ptr::from_ref(&e.key))
        .collect();
    let own = |key_node: &Node| owned.contains(&std::ptr::from_ref(key_node));
    let names: std::collections::HashSet<&str> = props.iter().map(|(k, _, _)| k.as_str()).collect();
    let present = |k: &str| names.contains(k);
    let known: &[&str] = if is_command { COMMAND_KEYS } else { AGENT_KEYS };
    let problems = problems(read, &view.entries(root), is_command);
    for (key, k, v) in &props {
        let (k, v) = (*k, *v);
        match key.as_str() {
            "prompt" | "template" if known.contains(&key.as_str()) => {
                let body = if key == "prompt" {
                    "prompt"
                } else {
                    "template"
                };
                let mut d = Diagnostic::new(
                    &r::OPENCODE_FIELD_OVERWRITTEN,
                    k.span.clone(),
                    format!(
                        "In a Markdown {} the body is the {body}: OpenCode replaces this `{key}` with the body, whatever it holds. Move the text to the body.",
                        noun(ctx)
                    ),
                );
                if own(k) {
                    d = d.replace(
                        format!("Remove `{key}`"),
                        crate::analysis::whole_lines(
                            text,
                            k.span.start,
                            v.span.end.max(k.span.end),
                        ),
                        "",
                    );
                }
                ctx.push(d);
            }
            "name" => {
                let js = read.js(v);
                let shown = if js == Js::String {
                    view.as_str(v).unwrap_or_default().to_owned()
                } else {
                    got(read, v)
                };
                let by_path = ctx.file_stem.unwrap_or_default();
                if js == Js::String && shown == by_path {
                    continue;
                }
                let odd = js != Js::String || shown.trim().is_empty();
                let d = Diagnostic::new(
                    &r::OPENCODE_NAME_OVERRIDES_PATH,
                    at(k, v),
                    if odd {
                        format!(
                            "OpenCode names this {} {} instead of `{by_path}` (its path), unchecked: a name that is not text, or is blank, is hard to call. Remove `name` to use the path.",
                            noun(ctx),
                            if shown.is_empty() {
                                "with an empty name".to_owned()
                            } else {
                                format!("`{shown}`")
                            }
                        )
                    } else {
                        format!(
                            "OpenCode names this {} `{shown}`, not `{by_path}` as its path would: the frontmatter `name` wins, unchecked.",
                            noun(ctx)
                        )
                    },
                );
                ctx.push(if odd {
                    d.severity(r::Severity::Warning)
                } else {
                    d
                });
            }
            "maxSteps" if !is_command => {
                let mut d = Diagnostic::new(
                    &r::OPENCODE_DEPRECATED_FIELD,
                    k.span.clone(),
                    "`maxSteps` is the deprecated spelling of `steps`: OpenCode still reads it.",
                );
                if !present("steps") && source(text, k) == "maxSteps" {
                    d = d.replace("Rename to `steps`", k.span.clone(), "steps");
                }
                ctx.push(d);
            }
            "tools" if !is_command => {
                ctx.push(Diagnostic::new(
                    &r::OPENCODE_DEPRECATED_FIELD,
                    k.span.clone(),
                    "`tools` is deprecated: OpenCode turns it into `permission` (`true` is `allow`, `false` is `deny`; `write`, `edit` and `patch` are `edit`), and a `permission` written beside it wins.",
                ));
            }
            _ if known.contains(&key.as_str()) => {}
            _ => {
                let hint = match key.as_str() {
                    "permissions" => Some("permission"),
                    "maxTurns" | "max_turns" | "max_steps" => {
                        Some(if is_command { "subtask" } else { "steps" })
                    }
                    "allowed-tools" | "allowed_tools" => {
                        Some(if is_command { "agent" } else { "permission" })
                    }
                    "topP" | "top-p" => Some("top_p"),
                    _ => crate::formats::catalog::closest(
                        key,
                        known
                            .iter()
                            .copied()
                            .filter(|k| !matches!(*k, "prompt" | "template")),
                    ),
                }
                .filter(|h| known.contains(h) && !present(h));
                let consequence = if is_command {
                    "OpenCode ignores it in a command".to_owned()
                } else {
                    "OpenCode moves it into `options` and sends it to the model provider with every request".to_owned()
                };
                let mut d = Diagnostic::new(
                    &r::OPENCODE_UNKNOWN_KEY,
                    k.span.clone(),
                    format!(
                        "Unknown key `{key}`: {consequence}.{}",
                        hint.map_or(String::new(), |h| format!(" Did you mean `{h}`?"))
                    ),
                );
                if let Some(h) = hint
                    && own(k)
                    && source(text, k) == key.as_str()
                {
                    d = d.replace(format!("Rename to `{h}`"), k.span.clone(), h);
                }
                ctx.push(d);
            }
        }
    }
    for p in problems {
        let mut d = Diagnostic::new(&r::OPENCODE_CONFIG_REJECTED, p.range.clone(), p.message);
        if let Some((title, new)) = p.fix {
            d = d.replace(title, p.range, new);
        }
        ctx.push(d);
    }
    if !is_command {
        agent_hints(ctx, read, root);
    }
}

/// A value's source text.
fn source<'t>(text: &'t str, node: &Node) -> &'t str {
    text.get(node.span.clone()).unwrap_or_default()
}

/// Hints for an agent that parsed but holds no fields.
fn no_metadata_hints(ctx: &mut Ctx<'_>, read: &Read) {
    if !command(ctx) {
        ctx.push(Diagnostic::new(
            &r::OPENCODE_DESCRIPTION_MISSING,
            read.fm.located.open.clone(),
            "No description: the model is told this subagent \"should only be called manually by the user\". Say what the agent does and when to use it.",
        ));
    }
}

/// Hints about what the model sees of an agent.
fn agent_hints(ctx: &mut Ctx<'_>, read: &Read, root: &Node) {
    let view = read.view();
    let mode = view.get(root, "mode").and_then(|m| view.as_str(m));
    let disabled = view
        .get(root, "disable")
        .is_some_and(|d| read.js(d) == Js::Bool(true));
    if disabled {
        return;
    }
    let description = view.get(root, "description");
    if mode == Some("primary") {
        if let Some(d) = description
            && read.js(d) == Js::String
        {
            ctx.push(Diagnostic::new(
                &r::OPENCODE_PRIMARY_NOT_LISTED,
                d.span.clone(),
                "A `primary` agent is never listed to the model: people switch to it. This description is shown in the interface only; use `mode: all` or `subagent` for the model to delegate to it.",
            ));
        }
        return;
    }
    if description.is_none() {
        ctx.push(Diagnostic::new(
            &r::OPENCODE_DESCRIPTION_MISSING,
            read.fm.located.open.clone(),
            "No description: the model is told this subagent \"should only be called manually by the user\". Say what the agent does and when to use it.",
        ));
    }
}

/// The agent OpenCode loads from `text` and what the model is told of it,
/// as `(name, description)`; `None` when it is not listed (refused,
/// skipped, disabled or primary). `path_name` is the name its path gives.
#[must_use]
pub fn listed(text: &str, path_name: &str) -> Option<(String, String)> {
    const STOCK: &str = "This subagent should only be called manually by the user.";
    let outcome = read::outcome(text);
    let read = match &outcome {
        Outcome::Skipped { .. } => return None,
        Outcome::Parsed { read, .. } => Some(read),
        _ => None,
    };
    let Some(read) = read else {
        return Some((path_name.to_owned(), STOCK.to_owned()));
    };
    let view = read.view();
    let root = read.fm.root.as_ref().map(|r| view.resolve(r));
    let props = root
        .filter(|r| matches!(r.kind, NodeKind::Map(_)))
        .map(|r| view.entries(r))
        .unwrap_or_default();
    let get = |k: &str| props.iter().find(|p| p.key == k).map(|p| p.value);
    // Refused configurations list nothing: a value of the wrong type in a
    // field the schema knows.
    if refused(read, &props) {
        return None;
    }
    if get("disable").is_some_and(|d| read.js(d) == Js::Bool(true)) {
        return None;
    }
    if get("mode").and_then(|m| view.as_str(m)) == Some("primary") {
        return None;
    }
    let name = get("name").map_or_else(
        || path_name.to_owned(),
        |n| match read.js(n) {
            Js::String => view.as_str(n).unwrap_or_default().to_owned(),
            _ => got(read, n),
        },
    );
    let description = get("description")
        .and_then(|d| view.as_str(d))
        .map_or_else(|| STOCK.to_owned(), str::to_owned);
    Some((name, description))
}

/// What the schema (`ConfigAgentV1`, or `ConfigCommandV1` for a command)
/// refuses in these properties: each rejects the whole configuration.
fn problems(
    read: &Read,
    props: &[crate::frontmatter::object::Property<'_>],
    is_command: bool,
) -> Vec<Problem> {
    let view = read.view();
    let mut out = Vec::new();
    for p in props {
        let (k, v) = (p.key_node, p.value);
        let key = p.key.as_ref();
        match (key, is_command) {
            ("description" | "model" | "variant", _) | ("agent", true) => {
                out.extend(text_problem(read, k, v, key));
            }
            ("mode", false) => {
                let modes: Vec<&str> = cat::MODES.iter().map(|m| m.name).collect();
                if !view.as_str(v).is_some_and(|m| modes.contains(&m)) {
                    let fix = view
                        .as_str(v)
                        .and_then(|m| {
                            crate::formats::catalog::closest(m.trim(), modes.iter().copied())
                        })
                        .map(|m| (format!("Replace with `{m}`"), m.to_owned()));
                    out.push(Problem {
                        range: at(k, v),
                        message: format!("`mode` takes `subagent`, `primary` or `all`, exactly; this is {} (`Expected \"subagent\" | \"primary\" | \"all\"`): {REJECTED}.", got(read, v)),
                        fix,
                    });
                }
            }
            ("temperature" | "top_p", false) => out.extend(number_problem(read, k, v, key)),
            ("steps" | "maxSteps", false) => out.extend(steps_problem(read, k, v, key)),
            ("disable" | "hidden", false) | ("subtask", true) => {
                out.extend(bool_problem(read, k, v, key));
            }
            ("options", false) if read.js(v) != Js::Object => {
                out.push(Problem {
                    range: at(k, v),
                    message: format!("`options` takes a mapping; this is {} (`Expected object | undefined`): {REJECTED}.", read.js(v).words()),
                    fix: None,
                });
            }
            ("color", false) => out.extend(color(read, k, v)),
            ("permission", false) => permission(read, k, v, &mut out),
            ("tools", false) => tools(read, k, v, &mut out),
            _ => {}
        }
    }
    out
}

/// Whether the agent schema rejects these properties.
fn refused(read: &Read, props: &[crate::frontmatter::object::Property<'_>]) -> bool {
    !problems(read, props, false).is_empty()
}

/// The name OpenCode gives an agent or command: the frontmatter `name`
/// (whatever it is, as JavaScript writes it) when it read one, else the
/// name its path gives.
#[must_use]
pub fn name(text: &str, path_name: &str) -> String {
    let Outcome::Parsed { read, .. } = read::outcome(text) else {
        return path_name.to_owned();
    };
    let view = read.view();
    let Some(root) = read.fm.root.as_ref().map(|r| view.resolve(r)) else {
        return path_name.to_owned();
    };
    match view.get(root, "name") {
        Some(n) if read.js(n) == Js::String => view.as_str(n).unwrap_or_default().to_owned(),
        Some(n) => got(&read, n),
        None => path_name.to_owned(),
    }
}
