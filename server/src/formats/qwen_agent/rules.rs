//! The rules for Qwen Code subagents, as Qwen Code 0.24.4 loads them: what
//! refuses the agent (an error: Qwen Code skips it and says so only in its
//! debug log), what it drops with a logged warning, what it ignores, and
//! what its line reader makes of YAML it cannot parse.
//!
//! Qwen Code normalizes the text and finds the frontmatter with its own
//! regex, so the file is read here again ([`super::read`]), whatever the
//! generic reader found: [`check`] and [`unread`] both run [`analyse`].

use std::ops::Range;

use super::catalog as cat;
use super::read::{self, Field, Frontmatter, Normalized, Value};
use crate::analysis::Ctx;
use crate::analysis::diagnostic::{Diagnostic, Edit, Fix};
use crate::analysis::rules::{self as r, Rule};
use crate::formats::Fallback;
use crate::frontmatter::{Frontmatter as Generic, Located};

/// The keys Qwen Code reads.
pub const KNOWN_KEYS: &[&str] = &[
    "name",
    "description",
    "tools",
    "disallowedTools",
    "model",
    "modelConfig",
    "runConfig",
    "color",
    "approvalMode",
    "permissionMode",
    "maxTurns",
    "background",
    "mcpServers",
    "hooks",
    "executor",
    "executionBackend",
];

/// A diagnostic in the normalized text, mapped back when it is pushed.
struct Found {
    rule: &'static Rule,
    range: Range<usize>,
    message: String,
    fixes: Vec<Fix>,
}

impl Found {
    fn new(rule: &'static Rule, range: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            rule,
            range,
            message: message.into(),
            fixes: Vec::new(),
        }
    }

    fn fix(
        mut self,
        title: impl Into<String>,
        range: Range<usize>,
        text: impl Into<String>,
    ) -> Self {
        self.fixes.push(Fix {
            title: title.into(),
            edits: vec![Edit {
                range,
                new_text: text.into(),
            }],
        });
        self
    }

    fn refuses(&self) -> bool {
        self.rule.severity == r::Severity::Error
    }
}

/// The agent a file defines, as the model sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// `String(name)`.
    pub name: String,
    /// `String(description)`.
    pub description: String,
}

/// Runs every rule (a format's `check`).
pub(crate) fn check(ctx: &mut Ctx<'_>, _: &Generic) {
    analyse(ctx);
}

/// A file the generic reader could not read (a format's `unread`).
pub(crate) fn unread(ctx: &mut Ctx<'_>, _: &Fallback) {
    analyse(ctx);
}

fn analyse(ctx: &mut Ctx<'_>) {
    if let Some(file) = ctx.file_stem
        && !file.ends_with(".md")
    {
        let text = ctx.text;
        ctx.push(Diagnostic::new(
            &r::QWEN_FILE_IGNORED,
            0..text.find(['\n', '\r']).unwrap_or(text.len()),
            format!("Qwen Code reads only files whose names end in `.md`, in lowercase: it never loads `{file}`. Rename it."),
        ));
        return;
    }
    let norm = Normalized::new(ctx.text);
    let (found, _) = evaluate(&norm);
    for f in found {
        let mut d = Diagnostic::new(f.rule, norm.range(&f.range), f.message);
        for fix in f.fixes {
            d = d.with_fix(Fix {
                title: fix.title,
                edits: fix
                    .edits
                    .into_iter()
                    .map(|e| Edit {
                        range: norm.range(&e.range),
                        new_text: e.new_text,
                    })
                    .collect(),
            });
        }
        ctx.push(d);
    }
}

/// The agent Qwen Code loads from `text`, if it loads one.
#[must_use]
pub fn agent(text: &str) -> Option<Agent> {
    evaluate(&Normalized::new(text)).1
}

/// Everything the rules find in a normalized text, and the agent when none
/// of it refuses the file.
fn evaluate(norm: &Normalized) -> (Vec<Found>, Option<Agent>) {
    let text = norm.text.as_str();
    let mut out = Vec::new();
    let Some(located) = read::locate(text) else {
        no_frontmatter(text, &mut out);
        return (out, None);
    };
    let fm = read::read(text, &located);
    if let Some(e) = &fm.fallback {
        fallback(text, &fm, e, &mut out);
    }
    let name = fm
        .get("name")
        .filter(|f| f.value != Value::Str(String::new()));
    let description = fm
        .get("description")
        .filter(|f| f.value != Value::Str(String::new()));
    execution(text, &fm, &mut out);
    if name.is_none() {
        out.push(Found::new(
            &r::QWEN_REQUIRED_MISSING,
            fm.keys
                .iter()
                .find(|(k, _)| k == "name")
                .map_or(located.open.clone(), |(_, r)| r.clone()),
            "No `name` (or an empty one): Qwen Code skips this agent (`Missing \"name\" in frontmatter`, in its debug log only). Add `name:` with the agent's name.",
        ));
    }
    if description.is_none() {
        out.push(Found::new(
            &r::QWEN_REQUIRED_MISSING,
            fm.keys
                .iter()
                .find(|(k, _)| k == "description")
                .map_or(located.open.clone(), |(_, r)| r.clone()),
            "No `description` (or an empty one): Qwen Code skips this agent (`Missing \"description\" in frontmatter`). Say when the agent should be used: the model delegates by it.",
        ));
    }
    approval_mode(&fm, &mut out);
    dropped_fields(&fm, &mut out);
    model(&fm, &mut out);
    run_config(&fm, &mut out);
    if let Some(n) = name {
        check_name(n, &mut out);
    }
    if let Some(d) = description {
        let s = d.value.js_string();
        if s.trim().is_empty() {
            out.push(Found::new(
                &r::QWEN_DESCRIPTION_BLANK,
                d.value_range.clone(),
                "The description is blank: Qwen Code skips this agent (`Description is required and cannot be empty`). Say when the agent should be used.",
            ));
        }
        coerced(d, "description", &mut out);
    }
    if let Some(n) = name {
        coerced(n, "name", &mut out);
    }
    prompt(text, &located, &mut out);
    tools(&fm, &mut out);
    unknown_keys(&fm, &mut out);
    let refused = out.iter().any(Found::refuses);
    let agent = (!refused)
        .then(|| {
            Some(Agent {
                name: name?.value.js_string(),
                description: description?.value.js_string(),
            })
        })
        .flatten();
    out.sort_by_key(|f| (f.range.start, f.range.end));
    (out, agent)
}

/// Why Qwen Code's regex finds no frontmatter, with a fix where one is safe.
fn no_frontmatter(text: &str, out: &mut Vec<Found>) {
    const SKIPS: &str =
        "skips this agent (`Invalid format: missing YAML frontmatter`, in its debug log only)";
    let skipped = format!("Qwen Code {SKIPS}");
    let skipped = skipped.as_str();
    let first = 0..text.find('\n').unwrap_or(text.len());
    let trimmed = text.trim_start_matches([' ', '\t', '\n']);
    if trimmed.len() < text.len() && trimmed.starts_with("---\n") {
        let at = text.len() - trimmed.len();
        let mut f = Found::new(
            &r::QWEN_FRONTMATTER_MISSING,
            at..at + 3,
            format!(
                "The frontmatter must start at the very first byte of the file: {skipped}. Remove what comes before `---`."
            ),
        );
        if read::locate(trimmed).is_some() {
            f = f.fix("Remove the blank lines before the frontmatter", 0..at, "");
        }
        out.push(f);
        return;
    }
    let Some(rest) = text.strip_prefix("---\n") else {
        let message = if text.starts_with("---") {
            format!("The opening `---` must be alone on the first line: {skipped}.")
        } else {
            format!(
                "No frontmatter: {skipped}. Start the file with a `---` block holding `name` and `description`, and `---`."
            )
        };
        out.push(Found::new(&r::QWEN_FRONTMATTER_MISSING, first, message));
        return;
    };
    // The closing line the author meant: `---` with spaces after it, or a
    // final `---` with no line break.
    let mut offset = 4;
    for line in rest.split_inclusive('\n') {
        let bare = line.strip_suffix('\n').unwrap_or(line);
        if bare.starts_with("---") && bare.trim_end() == "---" {
            let fence = offset..offset + 3;
            let f = if bare.len() > 3 {
                Found::new(
                    &r::QWEN_FRONTMATTER_MISSING,
                    offset..offset + bare.len(),
                    format!("The closing `---` has spaces after it: Qwen Code wants the line to be exactly `---`, finds no frontmatter and {}.", SKIPS),
                )
                .fix("Remove the spaces after `---`", offset + 3..offset + bare.len(), "")
            } else if !line.ends_with('\n') {
                Found::new(
                    &r::QWEN_FRONTMATTER_MISSING,
                    fence.clone(),
                    format!("Nothing follows the closing `---`, not even a line break: Qwen Code finds no frontmatter and {}. End the line, and write the agent's system prompt below it.", SKIPS),
                )
                .fix("Add a line break", fence.end..fence.end, "\n")
            } else {
                continue;
            };
            out.push(f);
            return;
        }
        offset += line.len();
    }
    let message = if rest.starts_with("---\n") || rest == "---" {
        format!(
            "An empty frontmatter (`---` right after `---`): {skipped}. Put `name` and `description` between the fences."
        )
    } else {
        format!(
            "This `---` opens a frontmatter that no `---` line closes: {skipped}. Add a `---` line after the last field."
        )
    };
    out.push(Found::new(&r::QWEN_FRONTMATTER_MISSING, 0..3, message));
}

/// The range to show for a YAML error at `offset`: to the end of its line.
fn error_range(text: &str, offset: usize, limit: usize) -> Range<usize> {
    let offset = crate::frontmatter::floor_char_boundary(text, offset.min(limit));
    let end = text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i)
        .min(limit.max(offset));
    if end > offset {
        offset..end
    } else {
        let start = text[..offset]
            .char_indices()
            .next_back()
            .map_or(offset, |(i, _)| i);
        start..offset
    }
}

/// Reports the line reader taking over, with what it reads.
fn fallback(
    text: &str,
    fm: &Frontmatter,
    e: &crate::frontmatter::SyntaxError,
    out: &mut Vec<Found>,
) {
    let shown = |k: &str| {
        fm.get(k).map_or_else(
            || format!("no {k}"),
            |f| format!("the {k} \"{}\"", f.value.js_string()),
        )
    };
    let why = if e.message.ends_with("not a mapping") {
        format!(
            "{}{}: Qwen Code logs `Full YAML parser returned non-object, falling back to simple parser`",
            e.message[..1].to_uppercase(),
            &e.message[1..]
        )
    } else {
        format!(
            "Invalid YAML ({}): Qwen Code logs `Full YAML parser failed, falling back to simple parser`",
            e.message
        )
    };
    let mut message = format!(
        "{why} and reads the frontmatter line by line instead, as `key: value` split at the first `:`. It reads {} and {}.",
        shown("name"),
        shown("description")
    );
    if !fm.dropped.is_empty() {
        // Line numbers, counted once through the text (the ranges are in order).
        let mut lines: Vec<String> = Vec::new();
        let (mut line, mut from) = (1, 0);
        for r in fm.dropped.iter().take(20) {
            line += text[from..r.start].matches('\n').count();
            from = r.start;
            lines.push(line.to_string());
        }
        if fm.dropped.len() > 20 {
            lines.push(format!("and {} more", fm.dropped.len() - 20));
        }
        message.push_str(&format!(
            " It drops line{} {} (no `key:` of its own).",
            if lines.len() > 1 { "s" } else { "" },
            lines.join(", ")
        ));
    }
    let mut f = Found::new(
        &r::QWEN_YAML_FALLBACK,
        error_range(text, e.offset, fm.located.content.end),
        message,
    );
    let content = &text[fm.located.content.clone()];
    let rewrite = crate::frontmatter::retry::rewrite(content);
    if rewrite.changed
        && !rewrite.quoted.is_empty()
        && crate::frontmatter::yaml::parse(&rewrite.text).is_ok()
    {
        let base = fm.located.content.start;
        f.message.push_str(" Quote the value.");
        f.fixes.push(Fix {
            title: if rewrite.quoted.len() > 1 {
                "Quote these values".to_owned()
            } else {
                "Quote the value".to_owned()
            },
            edits: rewrite
                .quoted
                .iter()
                .map(|q| Edit {
                    range: q.start + base..q.end + base,
                    new_text: crate::frontmatter::double_quoted(&content[q.clone()]),
                })
                .collect(),
        });
    }
    out.push(f);
}

/// Whether `key:` starts a line of the frontmatter outside a block scalar
/// (the loader's claim probe for `executor` and `executionBackend`), and where.
fn claim(text: &str, fm: &Frontmatter, key: &str) -> Option<usize> {
    let mut offset = fm.located.content.start;
    for line in text[fm.located.content.clone()].split_inclusive('\n') {
        let t = line.trim_start_matches([' ', '\t']);
        let t = t.strip_prefix(['"', '\'']).unwrap_or(t);
        if let Some(rest) = t.strip_prefix(key) {
            let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
            if rest.trim_start_matches([' ', '\t']).starts_with(':')
                && !fm
                    .blocks
                    .iter()
                    .any(|b| b.start <= offset && offset < b.end)
            {
                return Some(offset);
            }
        }
        offset += line.len();
    }
    None
}

/// `executor` and `executionBackend`: refused rather than run in-process.
fn execution(text: &str, fm: &Frontmatter, out: &mut Vec<Found>) {
    let raw = |k: &str| {
        fm.keys
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, r)| r.clone())
    };
    let line_of = |o: usize| text[..o].matches('\n').count();
    if let Some(at) = raw("executionBackend")
        .or_else(|| claim(text, fm, "executionBackend").map(|o| o..o + "executionBackend".len()))
    {
        if fm.fallback.is_some() {
            out.push(Found::new(
                &r::QWEN_VALUE_INVALID,
                at,
                "This agent declares an `executionBackend`, and its frontmatter is not valid YAML: Qwen Code refuses the agent rather than run it locally. Fix the YAML.",
            ));
        } else if fm.get("executionBackend").map(|f| &f.value)
            != Some(&Value::Str("container".to_owned()))
        {
            let range = fm
                .get("executionBackend")
                .map_or(at, |f| f.value_range.clone());
            out.push(
                Found::new(
                    &r::QWEN_VALUE_INVALID,
                    range.clone(),
                    "`executionBackend` must be `container`: Qwen Code refuses the agent rather than run it locally.",
                )
                .fix("Replace with `container`", range, "container"),
            );
        }
    }
    let Some(at) =
        raw("executor").or_else(|| claim(text, fm, "executor").map(|o| o..o + "executor".len()))
    else {
        return;
    };
    if let Some(e) = &fm.fallback
        && line_of(e.offset) >= line_of(at.start)
    {
        out.push(Found::new(
            &r::QWEN_VALUE_INVALID,
            at,
            "This agent declares an `executor`, and its YAML does not parse at or after it: Qwen Code refuses the agent rather than run a repaired executor (or none). Fix the YAML.",
        ));
        return;
    }
    let value = fm
        .get("executor")
        .map(|f| (&f.value, f.value_range.clone()));
    let problem = match value.as_ref().map(|(v, _)| *v) {
        Some(v @ Value::Obj(_)) => {
            let kind = v.get("kind").and_then(Value::as_str);
            let command = v.get("command").and_then(Value::as_str);
            if !matches!(kind, Some("acp" | "codex")) {
                Some("its `kind` must be `acp` or `codex`")
            } else if command.is_none_or(|c| c.trim().is_empty()) {
                Some("its `command` must be non-empty text")
            } else {
                match v.get("args") {
                    None => None,
                    Some(Value::Arr(items)) if items.iter().all(|i| matches!(i, Value::Str(_))) => {
                        None
                    }
                    Some(_) => Some("its `args` must be a list of text"),
                }
            }
        }
        _ => Some("it must be a mapping `{kind: acp|codex, command: …, args: […]}`"),
    };
    if let Some(p) = problem {
        out.push(Found::new(
            &r::QWEN_VALUE_INVALID,
            value.map_or(at, |(_, r)| r),
            format!("Invalid `executor`: {p}. Qwen Code refuses the agent rather than run it in-process instead."),
        ));
    }
}

/// The closest of `choices` to `value`, for a fix.
fn closest<'a>(value: &str, choices: &[&'a str]) -> Option<&'a str> {
    crate::formats::catalog::closest(value.trim(), choices.iter().copied())
}

fn approval_mode(fm: &Frontmatter, out: &mut Vec<Found>) {
    let Some(f) = fm.get("approvalMode") else {
        return;
    };
    let modes: Vec<&str> = cat::APPROVAL_MODES.iter().map(|v| v.name).collect();
    match &f.value {
        Value::Str(s) if s.is_empty() || modes.contains(&s.as_str()) => {}
        Value::Str(s) => {
            let mut found = Found::new(
                &r::QWEN_VALUE_INVALID,
                f.value_range.clone(),
                format!("`{s}` is not an approval mode: Qwen Code skips this agent (`Invalid \"approvalMode\" value`). Valid values: {}.", modes.join(", ")),
            );
            if let Some(best) = closest(s, &modes) {
                found = found.fix(format!("Replace with `{best}`"), f.value_range.clone(), best);
            }
            out.push(found);
        }
        other => out.push(Found::new(
            &r::QWEN_VALUE_INVALID,
            f.value_range.clone(),
            format!("`approvalMode` takes text; this is {}: Qwen Code skips this agent (`expected a string, got {}`).", other.words(), other.type_of()),
        )),
    }
}

/// The fields Qwen Code drops, with a logged warning or silently.
fn dropped_fields(fm: &Frontmatter, out: &mut Vec<Found>) {
    let warn = |f: &Field, message: String| {
        Found::new(&r::QWEN_VALUE_DROPPED, f.value_range.clone(), message)
    };
    if let Some(f) = fm.get("color") {
        let colors: Vec<&str> = cat::COLORS.iter().map(|v| v.name).collect();
        match &f.value {
            Value::Str(s) if colors.contains(&s.as_str()) => {}
            Value::Str(s) => {
                let mut found = warn(
                    f,
                    format!(
                        "`{s}` is not a color Qwen Code knows: it logs `has invalid color` and drops the field. Colors: {}.",
                        colors.join(", ")
                    ),
                );
                if let Some(best) = closest(s, &colors) {
                    found = found.fix(
                        format!("Replace with `{best}`"),
                        f.value_range.clone(),
                        best,
                    );
                }
                out.push(found);
            }
            other => out.push(warn(
                f,
                format!(
                    "`color` takes text; Qwen Code drops {}, silently.",
                    other.words()
                ),
            )),
        }
    }
    if let Some(f) = fm.get("background") {
        let ok = matches!(&f.value, Value::Bool(_))
            || matches!(&f.value, Value::Str(s) if s == "true" || s == "false");
        if !ok {
            out.push(warn(f, "`background` takes true or false: Qwen Code logs `has invalid background value` and ignores it.".to_owned()));
        }
    }
    if let Some(f) = fm.get("permissionMode") {
        let modes: Vec<&str> = cat::PERMISSION_MODES.iter().map(|v| v.name).collect();
        if !matches!(&f.value, Value::Str(s) if modes.contains(&s.as_str())) {
            let mut found = warn(
                f,
                format!(
                    "Not a permission mode Qwen Code knows: it logs `has invalid permissionMode` and drops the field. Modes: {}.",
                    modes.join(", ")
                ),
            );
            if let Some(best) = f.value.as_str().and_then(|s| closest(s, &modes)) {
                found = found.fix(
                    format!("Replace with `{best}`"),
                    f.value_range.clone(),
                    best,
                );
            }
            out.push(found);
        }
    }
    if let Some(f) = fm.get("maxTurns") {
        let n = match &f.value {
            Value::Num(n) => Some(*n),
            Value::Str(s) if !s.is_empty() => {
                let t = s.trim();
                if t.is_empty() {
                    Some(0.0)
                } else {
                    t.parse::<f64>().ok()
                }
            }
            _ => None,
        };
        if !n.is_some_and(|n| n.is_finite() && n.fract() == 0.0 && n > 0.0) {
            out.push(warn(f, "`maxTurns` takes a positive integer: Qwen Code logs `has invalid maxTurns` and drops the field.".to_owned()));
        }
    }
    for (key, inner, what) in [
        ("mcpServers", "server", "an object of server-name → spec"),
        (
            "hooks",
            "event",
            "an object of HookEventName → matcher array",
        ),
    ] {
        let Some(f) = fm.get(key) else { continue };
        let keeps = |v: &Value| match key {
            "mcpServers" => matches!(v, Value::Obj(_)),
            _ => matches!(v, Value::Arr(_)),
        };
        match &f.value {
            Value::Obj(entries) if entries.iter().any(|(_, v)| keeps(v)) => {
                let lost: Vec<&str> = entries
                    .iter()
                    .filter(|(_, v)| !keeps(v))
                    .map(|(k, _)| k.as_str())
                    .collect();
                if !lost.is_empty() {
                    out.push(warn(f, format!("Qwen Code drops the {inner}{} {}, silently: each must be {}.", if lost.len() > 1 { "s" } else { "" }, lost.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "), if key == "hooks" { "a list of matchers" } else { "a mapping of settings" })));
                }
            }
            _ => out.push(warn(f, format!("`{key}` must be {what}: Qwen Code logs `has invalid {key}` and drops the field."))),
        }
    }
}

/// `model` (or `modelConfig.model`), as `validateModel` checks it.
fn model(fm: &Frontmatter, out: &mut Vec<Found>) {
    let (model, range) = match fm.get("model") {
        Some(f) if f.value != Value::Str(String::new()) => {
            (f.value.js_string(), f.value_range.clone())
        }
        _ => match fm.get("modelConfig").and_then(|f| {
            f.value
                .get("model")
                .and_then(Value::as_str)
                .map(|m| (m.to_owned(), f.value_range.clone()))
        }) {
            Some(m) if !m.0.is_empty() => m,
            _ => return,
        },
    };
    let trimmed = model.trim();
    if trimmed.is_empty() {
        out.push(Found::new(
            &r::QWEN_VALUE_INVALID,
            range,
            "The model is blank: Qwen Code skips this agent (`Model must be a non-empty string`). Remove it to use the main conversation's model.",
        ));
        return;
    }
    if let Some((auth, id)) = trimmed.split_once(':')
        && cat::AUTH_TYPES.contains(&auth.trim())
        && id.trim().is_empty()
    {
        out.push(Found::new(
            &r::QWEN_VALUE_INVALID,
            range,
            format!("`{trimmed}` names an auth type but no model: Qwen Code skips this agent (`Model selector must include a model ID after the authType`). Write `{}:<model id>`.", auth.trim()),
        ));
    }
}

/// `runConfig`, as `validateRunConfig` checks it.
fn run_config(fm: &Frontmatter, out: &mut Vec<Found>) {
    let Some(f) = fm.get("runConfig") else {
        return;
    };
    let Value::Obj(_) = &f.value else {
        return;
    };
    let mut problems = Vec::new();
    match f.value.get("max_time_minutes") {
        None => {}
        Some(Value::Num(n)) if *n > 0.0 => {}
        Some(Value::Num(_)) => problems.push("`max_time_minutes` must be greater than 0"),
        Some(_) => problems.push("`max_time_minutes` must be a number (unquoted)"),
    }
    match f.value.get("max_turns") {
        None => {}
        Some(Value::Num(n)) if *n <= 0.0 => problems.push("`max_turns` must be greater than 0"),
        Some(Value::Num(n)) if n.fract() != 0.0 || !n.is_finite() => {
            problems.push("`max_turns` must be an integer");
        }
        Some(Value::Num(_)) => {}
        Some(_) => problems.push("`max_turns` must be a number (unquoted)"),
    }
    if !problems.is_empty() {
        out.push(Found::new(
            &r::QWEN_VALUE_INVALID,
            f.value_range.clone(),
            format!(
                "In `runConfig`, {}: Qwen Code skips this agent.",
                problems.join(", and ")
            ),
        ));
    }
}

/// `validateName`, on `String(name)`.
fn check_name(f: &Field, out: &mut Vec<Found>) {
    let name = f.value.js_string();
    let trimmed = name.trim();
    let mut problems = Vec::new();
    if trimmed.is_empty() {
        problems.push("it is blank".to_owned());
    } else {
        let len = trimmed.encode_utf16().count();
        if len < 2 {
            problems.push("it must be at least 2 characters long".to_owned());
        }
        if len > 50 {
            problems.push(format!("it must be 50 characters or less (it has {len})"));
        }
        if !trimmed
            .chars()
            .all(|c| c.is_alphabetic() || c.is_numeric() || c == '_' || c == '-')
        {
            problems.push("it may hold only letters, digits, `-` and `_`".to_owned());
        }
        if trimmed.starts_with(['-', '_']) || trimmed.ends_with(['-', '_']) {
            problems.push("it may not start or end with `-` or `_`".to_owned());
        }
        if cat::RESERVED_NAMES.contains(&trimmed.to_lowercase().as_str()) {
            problems.push(format!("`{trimmed}` is a reserved name"));
        }
    }
    if problems.is_empty() {
        let upper =
            trimmed != trimmed.to_lowercase() && trimmed.chars().any(|c| c.is_ascii_alphabetic());
        let mixed = trimmed.contains('_') && trimmed.contains('-');
        if upper || mixed {
            out.push(Found::new(
                &r::QWEN_NAME_CONVENTION,
                f.value_range.clone(),
                if upper {
                    "Qwen Code loads this name, but its validator asks for lowercase names (`Consider using lowercase names for consistency`)."
                } else {
                    "Qwen Code loads this name, but its validator asks for `-` or `_`, not both."
                },
            ));
        }
        return;
    }
    let mut found = Found::new(
        &r::QWEN_NAME_INVALID,
        f.value_range.clone(),
        format!(
            "Invalid name \"{name}\": {}. Qwen Code skips this agent (`Validation failed`).",
            problems.join("; ")
        ),
    );
    let fixed: String = {
        let mut s = String::new();
        for c in trimmed.chars() {
            if c.is_alphabetic() || c.is_numeric() || c == '_' || c == '-' {
                s.extend(c.to_lowercase());
            } else if !s.ends_with('-') {
                s.push('-');
            }
        }
        s.trim_matches(['-', '_']).to_owned()
    };
    let fixed_len = fixed.encode_utf16().count();
    if fixed != name
        && (2..=50).contains(&fixed_len)
        && !cat::RESERVED_NAMES.contains(&fixed.as_str())
        && matches!(f.value, Value::Str(_))
    {
        found = found.fix(
            format!("Replace with `{fixed}`"),
            f.value_range.clone(),
            fixed,
        );
    }
    out.push(found);
}

/// A name or description that is a list or a mapping, read as text.
fn coerced(f: &Field, key: &str, out: &mut Vec<Found>) {
    if matches!(f.value, Value::Arr(_) | Value::Obj(_)) {
        out.push(Found::new(
            &r::QWEN_VALUE_COERCED,
            f.value_range.clone(),
            format!(
                "`{key}` is {}: Qwen Code reads it as the text \"{}\". Write it as text.",
                f.value.words(),
                f.value.js_string()
            ),
        ));
    }
}

/// The body, the system prompt: at least 10 characters once trimmed.
fn prompt(text: &str, located: &Located, out: &mut Vec<Found>) {
    let body = &text[located.body_start.min(text.len())..];
    let trimmed = body.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let len = trimmed.encode_utf16().count();
    if len >= 10 {
        return;
    }
    let message = if len == 0 {
        "Nothing follows the frontmatter: Qwen Code skips this agent (`System prompt is required and cannot be empty`). Write the agent's system prompt below the `---`.".to_owned()
    } else {
        format!(
            "The system prompt (the body) is {len} characters: Qwen Code skips agents whose prompt is under 10 (`System prompt must be at least 10 characters long`). Describe the agent's role and how it should work."
        )
    };
    let range = if len == 0 {
        located.close.clone()
    } else {
        let start = body.len() - body.trim_start().len() + located.body_start;
        start..start + trimmed.len()
    };
    out.push(Found::new(&r::QWEN_PROMPT_TOO_SHORT, range, message));
}

/// `tools` and `disallowedTools`: an empty name refuses the agent; values
/// that are neither text nor a list, and items that are not text, are
/// ignored.
fn tools(fm: &Frontmatter, out: &mut Vec<Found>) {
    for key in ["tools", "disallowedTools"] {
        let Some(f) = fm.get(key) else { continue };
        match &f.value {
            Value::Arr(items) => {
                if items.iter().any(|i| matches!(i, Value::Str(s) if s.trim().is_empty())) {
                    out.push(Found::new(
                        &r::QWEN_VALUE_INVALID,
                        f.value_range.clone(),
                        format!("`{key}` holds an empty tool name: Qwen Code skips this agent (`Tool name cannot be empty`). Remove the empty item."),
                    ));
                }
                let dropped = items.iter().filter(|i| !matches!(i, Value::Str(_))).count();
                if dropped > 0 {
                    out.push(Found::new(
                        &r::QWEN_VALUE_DROPPED,
                        f.value_range.clone(),
                        format!("Qwen Code drops the {dropped} item{} of `{key}` that {} not text, silently. Write tool names.", if dropped > 1 { "s" } else { "" }, if dropped > 1 { "are" } else { "is" }),
                    ));
                }
            }
            Value::Str(_) => {}
            other => out.push(Found::new(
                &r::QWEN_VALUE_DROPPED,
                f.value_range.clone(),
                format!("`{key}` takes a list of tool names or a comma-separated text; Qwen Code ignores {}, silently{}.", other.words(), if key == "tools" { ", and the agent gets every tool" } else { "" }),
            )),
        }
    }
}

/// Keys Qwen Code does not read.
fn unknown_keys(fm: &Frontmatter, out: &mut Vec<Found>) {
    let names: std::collections::HashSet<&str> = fm.keys.iter().map(|(k, _)| k.as_str()).collect();
    for (key, range) in &fm.keys {
        if KNOWN_KEYS.contains(&key.as_str()) {
            continue;
        }
        let mapped = match key.as_str() {
            "allowed-tools" | "allowed_tools" | "allowedTools" => Some("tools"),
            "disallowed-tools" | "disallowed_tools" => Some("disallowedTools"),
            "max_turns" | "max-turns" => Some("maxTurns"),
            "mcp_servers" | "mcp-servers" => Some("mcpServers"),
            "approval_mode" | "approval-mode" => Some("approvalMode"),
            _ => None,
        };
        let hint = mapped.or_else(|| closest(key, KNOWN_KEYS));
        let hint = hint.filter(|h| !names.contains(h));
        let mut found = Found::new(
            &r::QWEN_UNKNOWN_KEY,
            range.clone(),
            format!(
                "Unknown key `{key}`: Qwen Code ignores it, silently.{}",
                hint.map_or(String::new(), |h| format!(" Did you mean `{h}`?"))
            ),
        );
        if let Some(h) = hint {
            found = found.fix(format!("Rename to `{h}`"), range.clone(), h);
        }
        out.push(found);
    }
    if fm.fallback.is_some() {
        for f in &fm.fields {
            if !KNOWN_KEYS.contains(&f.key.as_str()) && !f.key.is_empty() {
                out.push(Found::new(
                    &r::QWEN_UNKNOWN_KEY,
                    f.key_range.clone(),
                    format!("Unknown key `{}`: Qwen Code ignores it, silently.", f.key),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        evaluate(&Normalized::new(text))
            .0
            .iter()
            .map(|f| f.rule.code)
            .collect()
    }

    const BODY: &str = "You review code, one line at a time.\n";

    #[test]
    fn a_clean_agent_and_its_roster() {
        let t = format!("---\nname: code-reviewer\ndescription: Reviews code\n---\n{BODY}");
        assert!(codes(&t).is_empty(), "{:?}", codes(&t));
        assert_eq!(
            agent(&t),
            Some(Agent {
                name: "code-reviewer".to_owned(),
                description: "Reviews code".to_owned()
            })
        );
    }

    #[test]
    fn refusals() {
        for (fm, code) in [
            ("name: x\ndescription: d\n", "AG973"),
            ("name: main\ndescription: d\n", "AG973"),
            ("description: d\n", "AG972"),
            ("name: ab\ndescription: '   '\n", "AG974"),
            ("name: ab\ndescription: d\napprovalMode: maybe\n", "AG976"),
            ("name: ab\ndescription: d\nmodel: 'openai:'\n", "AG976"),
            ("name: ab\ndescription: d\ntools: ['', x]\n", "AG976"),
            (
                "name: ab\ndescription: d\nrunConfig:\n  max_turns: 0\n",
                "AG976",
            ),
            ("name: ab\ndescription: d\nexecutor: {}\n", "AG976"),
            (
                "name: ab\ndescription: d\nexecutionBackend: docker\n",
                "AG976",
            ),
        ] {
            let t = format!("---\n{fm}---\n{BODY}");
            assert!(codes(&t).contains(&code), "{fm}: {:?}", codes(&t));
            assert_eq!(agent(&t), None, "{fm}");
        }
        assert_eq!(
            codes("---\nname: ab\ndescription: d\n---\nHi.\n"),
            ["AG975"]
        );
    }

    #[test]
    fn warnings_keep_the_agent() {
        for (fm, code) in [
            ("color: Blue\n", "AG977"),
            ("background: yes\n", "AG977"),
            ("maxTurns: many\n", "AG977"),
            ("mcpServers: [a]\n", "AG977"),
            ("tools: 5\n", "AG977"),
            ("allowed-tools: Read\n", "AG978"),
            ("description2: x\n", "AG978"),
        ] {
            let t = format!("---\nname: ab\ndescription: d\n{fm}---\n{BODY}");
            assert!(codes(&t).contains(&code), "{fm}: {:?}", codes(&t));
            assert!(agent(&t).is_some(), "{fm}");
        }
    }
}
