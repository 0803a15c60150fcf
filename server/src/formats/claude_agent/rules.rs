//! The rules for Claude Code agents, over a parsed frontmatter.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::catalog as cat;
use super::hooks;
use super::tools as tool_cat;
use crate::analysis::tool_list;
use crate::formats::catalog::closest;
use crate::frontmatter::yaml::{Entry, Scalar};
use crate::frontmatter::{Frontmatter, Node, NodeKind, ScalarValue, Style, object};

use crate::analysis::diagnostic::{Diagnostic, Edit, Fix};
use crate::analysis::rules::{self as r, Severity};
use crate::analysis::{Ctx, whole_lines};

/// A fix deleting a whole entry.
fn remove_entry(text: &str, start: usize, end: usize, title: impl Into<String>) -> Fix {
    Fix {
        title: title.into(),
        edits: vec![Edit {
            range: whole_lines(text, start, end),
            new_text: String::new(),
        }],
    }
}

/// A fix moving the top-level entry at `start..end` (a hook event) under a
/// new `hooks:` key, indented by two spaces.
fn under_hooks(text: &str, start: usize, end: usize) -> Fix {
    let lines = whole_lines(text, start, end);
    let eol = crate::analysis::line_break(&text[lines.clone()]);
    let mut edits = vec![Edit {
        range: lines.start..lines.start,
        new_text: format!("hooks:{eol}  "),
    }];
    let block = &text[lines.clone()];
    let mut offset = lines.start;
    for line in block.split_inclusive('\n') {
        if offset > lines.start && !line.trim().is_empty() {
            edits.push(Edit {
                range: offset..offset,
                new_text: "  ".to_owned(),
            });
        }
        offset += line.len();
    }
    Fix {
        title: "Move under `hooks:`".to_owned(),
        edits,
    }
}

/// The source offset where a scalar's decoded text starts, when the source
/// holds that text verbatim (plain or quoted without escapes).
fn verbatim_start(text: &str, node: &Node, s: &Scalar) -> Option<usize> {
    let src = text.get(node.span.clone())?;
    if src == &*s.text {
        return Some(node.span.start);
    }
    let quoted = matches!(s.style, Style::SingleQuoted | Style::DoubleQuoted);
    if quoted && src.len() >= 2 && src.get(1..src.len() - 1) == Some(s.text.as_ref()) {
        return Some(node.span.start + 1);
    }
    None
}

fn quote(s: &str) -> String {
    format!("\"{s}\"")
}

fn list(values: &[&str]) -> String {
    values.join(", ")
}

/// Runs every agent rule on a frontmatter that parsed.
pub(crate) fn check(ctx: &mut Ctx<'_>, fm: &Frontmatter) {
    let entries = fm.entries();
    let view = fm.view();
    let hooks_outside = fm.root.as_ref().and_then(|root| {
        if ctx.plugin {
            hooks::top_level_guard(&view, root)
        } else {
            hooks::outside_hooks(&view, root)
        }
    });
    check_keys(ctx, &view, entries, hooks_outside.clone());
    for p in fm.merged() {
        if !cat::FIELDS.iter().any(|f| f.name == p.key) {
            ctx.push(Diagnostic::new(
                &r::UNKNOWN_KEY,
                p.key_node.span.clone(),
                format!(
                    "Unknown key {} (merged in through `<<`): Claude Code ignores it.",
                    quote(&p.key)
                ),
            ));
        }
    }
    if let Some(at) = hooks_outside
        && !entries.iter().any(|e| e.key.span == at)
    {
        ctx.push(Diagnostic::new(
            &r::HOOK_EVENT_AT_TOP_LEVEL,
            at,
            "Hook configuration outside `hooks:` (a PreToolUse/PermissionRequest key, or a `hooks:` list of hook entries, nested under another key): Claude Code refuses to load this agent, in case this hook was meant to guard it. Move it under the top-level `hooks:`, or remove it.",
        ));
    }
    check_name(ctx, fm);
    check_description(ctx, fm);
    for entry in entries {
        let Some(key) = entry.key.as_str() else {
            continue;
        };
        let v = &entry.value;
        match key {
            "model" => check_model(ctx, v),
            "color" => check_color(ctx, v),
            "permissionMode" => check_enum(
                ctx,
                v,
                &r::PERMISSION_MODE_INVALID,
                key,
                cat::PERMISSION_MODES,
            ),
            "memory" => check_enum(ctx, v, &r::MEMORY_INVALID, key, cat::MEMORY_SCOPES),
            "isolation" => {
                let allowed: &[&str] = if ctx.plugin {
                    &["worktree"]
                } else {
                    cat::ISOLATION_MODES
                };
                check_enum(ctx, v, &r::ISOLATION_INVALID, key, allowed);
            }
            "maxTurns" => check_positive_int(ctx, v, &r::MAX_TURNS_INVALID, key),
            "autoCompactWindow" => check_positive_int(ctx, v, &r::FIELD_TYPE_INVALID, key),
            "background" => check_background(ctx, v),
            "effort" => check_effort(ctx, v),
            "tools" | "disallowedTools" => {
                let plan = fm.get("permissionMode").and_then(Node::as_str) == Some("plan");
                check_tools(ctx, v, key == "tools", plan);
            }
            "hooks" => check_hooks(ctx, &view, v),
            "mcpServers" => check_mcp_servers(ctx, v),
            "skills" => check_name_list(ctx, v, key),
            "initialPrompt" | "observer" | "observerMessage" => {
                check_type(ctx, v, key, "a string", |n| n.as_str().is_some())
            }
            "omitClaudeMd" | "observeSubagents" | "observeToolResults" => {
                check_type(ctx, v, key, "true or false", |n| {
                    matches!(n.scalar().map(|s| s.value), Some(ScalarValue::Bool(_)))
                })
            }
            "experimental" => check_type(ctx, v, key, "a mapping", |n| n.entries().is_some()),
            _ => {}
        }
    }
}

fn check_keys<'a>(
    ctx: &mut Ctx<'_>,
    view: &object::View<'a>,
    entries: &'a [Entry],
    hooks_outside: Option<Range<usize>>,
) {
    let mut seen: Vec<&str> = Vec::new();
    for entry in entries {
        if view.is_merge(entry) {
            continue; // `<<: *base`: Claude Code's parser merges it
        }
        let range = entry.key.span.clone();
        let Some(key) = entry.key.scalar().map(|s| s.text.as_ref()) else {
            ctx.push(Diagnostic::new(
                &r::UNKNOWN_KEY,
                range,
                "This key is not a plain name; Claude Code ignores the entry.",
            ));
            continue;
        };
        if seen.contains(&key) {
            ctx.push(Diagnostic::new(
                &r::DUPLICATE_KEY,
                range.clone(),
                format!("Duplicate key {}: YAML forbids it, strict parsers reject the file, and only one of the values can apply. Keep one.", quote(key)),
            )
            .with_fix(remove_entry(ctx.text, entry.key.span.start, entry.value.span.end.max(entry.key.span.end), "Remove this entry")));
        }
        seen.push(key);
        let end = entry.value.span.end.max(entry.key.span.end);
        if hooks_outside.as_ref() == Some(&range) && cat::TOP_LEVEL_HOOK_ERRORS.contains(&key) {
            let mut d = Diagnostic::new(
                &r::HOOK_EVENT_AT_TOP_LEVEL,
                range,
                format!(
                    "{key} is declared at the top level, outside \"hooks\": Claude Code refuses to load this agent (a guard hook it cannot load may be what protects the agent). Move it under `hooks:`."
                ),
            );
            if ctx.plugin {
                // Plugin agents ignore hooks anyway.
                d = d.with_fix(remove_entry(
                    ctx.text,
                    entry.key.span.start,
                    end,
                    format!("Remove {}", quote(key)),
                ));
            } else if !entries.iter().any(|e| e.key.as_str() == Some("hooks")) {
                d = d.with_fix(under_hooks(ctx.text, entry.key.span.start, end));
            }
            ctx.push(d);
            continue;
        }
        if ctx.plugin && cat::PLUGIN_IGNORED_FIELDS.contains(&key) {
            ctx.push(
                Diagnostic::new(
                    &r::PLUGIN_IGNORES_FIELD,
                    range,
                    format!(
                        "Plugin agents cannot set {}: Claude Code ignores it here.",
                        quote(key)
                    ),
                )
                .with_fix(remove_entry(
                    ctx.text,
                    entry.key.span.start,
                    end,
                    format!("Remove {}", quote(key)),
                )),
            );
            continue;
        }
        if cat::FIELDS.iter().any(|f| f.name == key) {
            continue;
        }
        if ctx.plugin && matches!(key, "when_to_use" | "when-to-use") {
            continue; // plugin agents accept it as a fallback description
        }
        let mut message = format!("Unknown key {}: Claude Code ignores it", quote(key));
        let mut diag_fix = None;
        if let Some((_, why)) = cat::LEGACY_KEYS.iter().find(|(k, _)| *k == key) {
            message.push_str(&format!(". {why}"));
        } else if cat::HOOK_EVENTS.contains(&key) {
            message.push_str(" (hook events belong under `hooks:`)");
        } else if let Some(hint) = cat::unknown_key_hint(key) {
            if matches!(hint, "name" | "description")
                && !entries.iter().any(|e| e.key.as_str() == Some(hint))
            {
                continue; // the missing-field error points here, with the fix
            }
            message.push_str(&format!(" (did you mean {}?)", quote(hint)));
            if !seen.contains(&hint) && !entries.iter().any(|e| e.key.as_str() == Some(hint)) {
                diag_fix = Some(hint);
            }
        }
        message.push('.');
        let mut d = Diagnostic::new(&r::UNKNOWN_KEY, range.clone(), message);
        let removal = remove_entry(
            ctx.text,
            entry.key.span.start,
            entry.value.span.end.max(entry.key.span.end),
            format!("Remove {}", quote(key)),
        );
        if let Some(hint) = diag_fix {
            d = d.replace(format!("Rename to {}", quote(hint)), range, hint);
        }
        ctx.push(d.with_fix(removal));
    }
}

fn check_name(ctx: &mut Ctx<'_>, fm: &Frontmatter) {
    let close = fm.located.close.clone();
    let plugin = ctx.plugin;
    let missing = |ctx: &mut Ctx<'_>, range: Range<usize>, why: &str| {
        let d = if plugin {
            Diagnostic::new(
                &r::NAME_MISSING,
                range,
                format!("{why}: Claude Code loads this plugin agent under its file name."),
            )
            .severity(Severity::Warning)
        } else {
            Diagnostic::new(
                &r::NAME_MISSING,
                range,
                format!(
                    "{why}: Claude Code treats this file as documentation and skips it. Add `name: your-agent`."
                ),
            )
        };
        ctx.push(d);
    };
    let Some(node) = fm.get("name") else {
        let range = fm.located.open.clone();
        match misspelt(fm, "name") {
            Some(e) => {
                missing(ctx, e.key.span.clone(), &misspelt_why(e, "name"));
                // Renaming the key must not unmask a name that breaks the
                // convention: fix both at once then.
                let value = e.value.as_str().map(str::trim).unwrap_or_default();
                let better = conventional_name(value);
                let mut edits = vec![Edit {
                    range: e.key.span.clone(),
                    new_text: "name".to_owned(),
                }];
                let mut title = "Rename to \"name\"".to_owned();
                if !value.is_empty() && !better.is_empty() && better != value {
                    edits.push(Edit {
                        range: e.value.span.clone(),
                        new_text: better.clone(),
                    });
                    title = format!("Rename to \"name: {better}\"");
                }
                if let Some(d) = ctx.out.last_mut() {
                    *d = d.clone().with_fix(Fix { title, edits });
                }
            }
            None => {
                missing(ctx, range, "No \"name\" field");
                let name = ctx
                    .file_stem
                    .map(conventional_name)
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| "my-agent".to_owned());
                let at = fm.located.content.start;
                if let Some(d) = ctx.out.last_mut() {
                    *d = d.clone().replace(
                        format!("Add `name: {name}`"),
                        at..at,
                        format!("name: {name}\n"),
                    );
                }
            }
        }
        return;
    };
    if is_alias(ctx, node, "name") {
        return;
    }
    let Some(s) = node.scalar() else {
        ctx.push(Diagnostic::new(
            &r::NAME_NOT_STRING,
            node.span.clone(),
            format!(
                "\"name\" must be a string, not {}: Claude Code skips this agent.",
                node.type_name()
            ),
        ));
        return;
    };
    match s.value {
        ScalarValue::Null => {
            return missing(
                ctx,
                node.span.start..node.span.start.max(close.start.min(node.span.end)),
                "\"name\" is empty",
            );
        }
        ScalarValue::Str => {}
        _ => {
            ctx.push(
                Diagnostic::new(&r::NAME_NOT_STRING, node.span.clone(), format!("\"name\" must be a string, not {}: Claude Code reports `Missing required \"name\" field` and skips this agent. Quote it.", node.type_name()))
                    .replace("Quote the name", node.span.clone(), quote(&s.text)),
            );
            return;
        }
    }
    let name = s.text.as_ref();
    let range = node.span.clone();
    if name.is_empty() {
        return missing(ctx, range, "\"name\" is empty");
    }
    if name.starts_with('-') {
        let mut d = Diagnostic::new(
            &r::NAME_LEADING_DASH,
            range.clone(),
            "Invalid \"name\": names must not start with \"-\". Claude Code skips this agent.",
        );
        let fixed = conventional_name(name);
        if !fixed.is_empty() && verbatim_start(ctx.text, node, s).is_some() {
            d = d.replace(format!("Rename to {}", quote(&fixed)), range, fixed);
        }
        ctx.push(d);
        return;
    }
    // Claude Code checks the name after NFKC, which also turns the
    // fullwidth, small and vertical colons and `⩴` into ':'.
    let is_colon = |c: char| std::iter::once(c).nfkc().any(|n| n == ':');
    if name.chars().any(is_colon) {
        let fixed: String = name
            .chars()
            .map(|c| if is_colon(c) { '-' } else { c })
            .collect();
        ctx.push(
            Diagnostic::new(&r::NAME_COLON, range.clone(), "Invalid \"name\": names must not contain \":\" (reserved for plugin namespacing). Claude Code skips this agent.")
                .replace(format!("Rename to {}", quote(&fixed)), range, fixed),
        );
        return;
    }
    if name.encode_utf16().count() > 256 {
        ctx.push(Diagnostic::new(
            &r::NAME_TOO_LONG,
            range,
            "Invalid \"name\": names must be at most 256 characters. Claude Code skips this agent.",
        ));
        return;
    }
    let conventional = !name.is_empty()
        && name.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if !conventional {
        let suggestion = conventional_name(name);
        let mut d = Diagnostic::new(
            &r::NAME_CONVENTION,
            range.clone(),
            format!(
                "Agent names should be lowercase letters, digits and hyphens{}.",
                if suggestion.is_empty() {
                    String::new()
                } else {
                    format!(", e.g. {}", quote(&suggestion))
                }
            ),
        );
        if !suggestion.is_empty() {
            d = d.replace(
                format!("Rename to {}", quote(&suggestion)),
                range,
                suggestion,
            );
        }
        ctx.push(d);
    }
}

/// The entry whose key is a misspelling of the missing `field`, as Claude
/// Code's hints match them (`Name`, `when_to_use`, `descripton`).
fn misspelt<'f>(fm: &'f Frontmatter, field: &str) -> Option<&'f Entry> {
    fm.entries().iter().find(|e| {
        e.key
            .as_str()
            .is_some_and(|k| k != field && cat::unknown_key_hint(k) == Some(field))
    })
}

/// Why `field` is missing when `e` is its misspelling.
fn misspelt_why(e: &Entry, field: &str) -> String {
    let key = e.key.as_str().unwrap_or_default();
    if key.eq_ignore_ascii_case(field) {
        format!("No \"{field}\" field (keys are case-sensitive: write `{field}`)")
    } else {
        format!(
            "No \"{field}\" field ({} is not a key Claude Code reads: did you mean `{field}`?)",
            quote(key)
        )
    }
}

/// The name in the documented convention, lowercase letters, digits and
/// hyphens: `Backend Architect` → `backend-architect`, `CodeReviewer` →
/// `code-reviewer`, `HTMLParser` → `html-parser`, `Révision` → `revision`.
fn conventional_name(name: &str) -> String {
    // Accents come off (NFKD, without the combining marks).
    let plain: Vec<char> = name.nfkd().filter(|c| !is_combining_mark(*c)).collect();
    let mut out = String::new();
    for (i, &c) in plain.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            // A word starts at an upper-case letter after a lower-case one or
            // a digit, or before a lower-case one after upper-case ones.
            let prev = i.checked_sub(1).map(|j| plain[j]);
            let next = plain.get(i + 1);
            let boundary = c.is_ascii_uppercase()
                && (prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                    || (prev.is_some_and(|p| p.is_ascii_uppercase())
                        && next.is_some_and(char::is_ascii_lowercase)));
            if boundary && !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

fn check_description(ctx: &mut Ctx<'_>, fm: &Frontmatter) {
    let node = fm.get("description");
    let fallback =
        ctx.plugin && (fm.get("when_to_use").is_some() || fm.get("when-to-use").is_some());
    let Some(node) = node else {
        if fallback {
            return;
        }
        let misspelt = misspelt(fm, "description");
        let range = misspelt.map_or(fm.located.open.clone(), |e| e.key.span.clone());
        let mut d = Diagnostic::new(
            &r::DESCRIPTION_MISSING,
            range.clone(),
            "Missing required \"description\" field: Claude Code skips this agent. Describe when Claude should use it.",
        );
        if let Some(e) = misspelt {
            d.message = format!(
                "{}: Claude Code skips this agent.",
                misspelt_why(e, "description")
            );
            d = d.replace("Rename to \"description\"", range, "description");
        } else {
            // Right after the name, or first.
            let at = fm.get("name").map_or(fm.located.content.start, |n| {
                whole_lines(ctx.text, n.span.start, n.span.end).end
            });
            d = d.replace(
                "Add a description",
                at..at,
                "description: Use this agent when …\n",
            );
        }
        ctx.push(d);
        return;
    };
    match node.scalar().map(|s| (s.value, s)) {
        Some((ScalarValue::Str, s)) if !s.text.trim().is_empty() => check_comment(ctx, node, "description"),
        Some((ScalarValue::Str, s)) if !s.text.is_empty() => ctx.push(Diagnostic::new(
            &r::DESCRIPTION_BLANK,
            node.span.clone(),
            "\"description\" holds only blanks: Claude Code loads this agent and lists it with a blank description, so Claude has nothing to decide from when to use it. Say when to use the agent.",
        )),
        Some((ScalarValue::Str | ScalarValue::Null, _)) => {
            if !fallback {
                ctx.push(Diagnostic::new(&r::DESCRIPTION_MISSING, node.span.start..node.span.end.max(node.span.start), "\"description\" is empty: Claude Code skips this agent."));
            }
        }
        Some((_, s)) => ctx.push(
            Diagnostic::new(&r::DESCRIPTION_NOT_STRING, node.span.clone(), format!("\"description\" must be a string, not {}: Claude Code skips this agent. Quote it.", node.type_name()))
                .replace("Quote the description", node.span.clone(), quote(&s.text)),
        ),
        None if is_alias(ctx, node, "description") => {}
        None => ctx.push(Diagnostic::new(&r::DESCRIPTION_NOT_STRING, node.span.clone(), format!("\"description\" must be a string, not {}: Claude Code skips this agent.", node.type_name()))),
    }
}

/// A required field written as an alias (`*anchor`) whose anchor is defined
/// nowhere before it, so it resolves to nothing. Returns whether `node` is
/// such an alias.
fn is_alias(ctx: &mut Ctx<'_>, node: &Node, key: &str) -> bool {
    if !matches!(node.kind, NodeKind::Alias(_)) {
        return false;
    }
    ctx.push(Diagnostic::new(
        &r::FIELD_TYPE_INVALID,
        node.span.clone(),
        format!("\"{key}\" is an alias to an anchor defined nowhere before it: agentls cannot tell what it resolves to. Write the value out."),
    ));
    true
}

/// ` #` after an unquoted value starts a comment that silently cuts it.
fn check_comment(ctx: &mut Ctx<'_>, node: &Node, key: &str) {
    let Some(s) = node.scalar() else { return };
    if s.style != Style::Plain {
        return;
    }
    let rest = &ctx.text[node.span.end..];
    let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let line = &rest[..line_end];
    let trimmed = line.trim_start_matches([' ', '\t']);
    if trimmed.starts_with('#') && trimmed.len() < line.len() + 1 {
        let start = node.span.end + (line.len() - trimmed.len());
        let kept = s.text.clone();
        let full = ctx.text[node.span.start..node.span.end + line_end].to_owned();
        ctx.push(
            Diagnostic::new(
                &r::COMMENT_TRUNCATES_VALUE,
                start..node.span.end + line_end,
                format!("\" #\" starts a YAML comment: {key} ends at {} and {} is dropped. Quote the value to keep it.", quote(&kept), quote(trimmed)),
            )
            .replace("Quote the value", node.span.start..node.span.end + line_end, crate::frontmatter::double_quoted(&full)),
        );
    }
}

fn check_model(ctx: &mut Ctx<'_>, node: &Node) {
    let Some(s) = node.scalar() else {
        ctx.push(Diagnostic::new(
            &r::MODEL_UNKNOWN,
            node.span.clone(),
            format!("\"model\" must be a string, not {}.", node.type_name()),
        ));
        return;
    };
    if s.value == ScalarValue::Null {
        return;
    }
    let value = s.text.trim();
    if s.value != ScalarValue::Str {
        ctx.push(Diagnostic::new(
            &r::MODEL_UNKNOWN,
            node.span.clone(),
            format!("\"model\" must be a model name, not {}.", node.type_name()),
        ));
        return;
    }
    if cat::is_model_alias(value) || cat::is_plausible_model_id(value) {
        return;
    }
    let aliases: Vec<&str> = cat::MODEL_ALIASES.iter().map(|v| v.name).collect();
    let mut d = Diagnostic::new(
        &r::MODEL_UNKNOWN,
        node.span.clone(),
        format!(
            "Unknown model {}: use an alias ({}) or a full Claude model id such as \"claude-sonnet-4-5\".",
            quote(value),
            list(&aliases[..5])
        ),
    );
    if let Some(best) = closest(
        value,
        aliases
            .iter()
            .copied()
            .chain(cat::MODEL_IDS.iter().map(|v| v.name)),
    ) {
        d.message = format!(
            "Unknown model {} (did you mean {}?).",
            quote(value),
            quote(best)
        );
        d = d.replace(
            format!("Replace with {}", quote(best)),
            node.span.clone(),
            best,
        );
    }
    ctx.push(d);
}

fn check_color(ctx: &mut Ctx<'_>, node: &Node) {
    let names: Vec<&str> = cat::COLORS.iter().map(|c| c.name).collect();
    match node.scalar() {
        Some(s) if s.value == ScalarValue::Null => {}
        Some(s) if s.value == ScalarValue::Str && names.contains(&s.text.as_ref()) => {}
        other => {
            let shown = other.map_or_else(|| node.type_name().to_owned(), |s| quote(&s.text));
            let mut d = Diagnostic::new(
                &r::COLOR_INVALID,
                node.span.clone(),
                format!(
                    "Claude Code silently drops the color {shown}: use one of {}.",
                    list(&names)
                ),
            );
            if let Some(best) = other.and_then(|s| closest(&s.text, names.iter().copied())) {
                d = d.replace(
                    format!("Replace with {}", quote(best)),
                    node.span.clone(),
                    best,
                );
            }
            ctx.push(d);
        }
    }
}

fn check_enum(ctx: &mut Ctx<'_>, node: &Node, rule: &'static r::Rule, key: &str, allowed: &[&str]) {
    let s = node.scalar();
    if let Some(s) = s
        && s.value == ScalarValue::Str
        && allowed.contains(&s.text.as_ref())
    {
        return;
    }
    let shown = s.map_or_else(|| node.type_name().to_owned(), |s| format!("'{}'", s.text));
    let mut sorted: Vec<&str> = allowed.iter().copied().filter(|v| *v != "manual").collect();
    sorted.sort_unstable();
    let mut d = Diagnostic::new(
        rule,
        node.span.clone(),
        format!(
            "Invalid {key} {shown}: Claude Code ignores it. Valid options: {}.",
            list(&sorted)
        ),
    );
    if let Some(best) = s.and_then(|s| closest(&s.text, allowed.iter().copied())) {
        d = d.replace(
            format!("Replace with {}", quote(best)),
            node.span.clone(),
            best,
        );
    }
    ctx.push(d);
}

fn positive_int(node: &Node) -> bool {
    match node.scalar().map(|s| (s.value, s.text.trim())) {
        Some((ScalarValue::Int(i), _)) => i > 0,
        #[allow(clippy::float_cmp)]
        Some((ScalarValue::Float(f), _)) => f > 0.0 && f.fract() == 0.0,
        Some((ScalarValue::Str, t)) => t.parse::<u64>().is_ok_and(|n| n > 0),
        _ => false,
    }
}

fn check_positive_int(ctx: &mut Ctx<'_>, node: &Node, rule: &'static r::Rule, key: &str) {
    if !positive_int(node) {
        let shown = node
            .scalar()
            .map_or_else(|| node.type_name().to_owned(), |s| format!("'{}'", s.text));
        ctx.push(Diagnostic::new(
            rule,
            node.span.clone(),
            format!("Invalid {key} {shown}: Must be a positive integer. Claude Code ignores it."),
        ));
    }
}

fn check_background(ctx: &mut Ctx<'_>, node: &Node) {
    let s = node.scalar();
    let ok = s.is_some_and(|s| {
        matches!(s.value, ScalarValue::Bool(_))
            || (s.value == ScalarValue::Str && matches!(s.text.as_ref(), "true" | "false"))
    });
    if ok {
        return;
    }
    let shown = s.map_or_else(|| node.type_name().to_owned(), |s| format!("'{}'", s.text));
    let mut d = Diagnostic::new(
        &r::BACKGROUND_INVALID,
        node.span.clone(),
        format!(
            "Invalid background value {shown}: Must be 'true', 'false', or omitted. Claude Code ignores it."
        ),
    );
    let fix = s.and_then(|s| match s.text.to_ascii_lowercase().as_str() {
        "yes" | "on" | "y" | "1" | "true" => Some("true"),
        "no" | "off" | "n" | "0" | "false" => Some("false"),
        _ => None,
    });
    if let Some(fix) = fix {
        d = d.replace(format!("Replace with {fix}"), node.span.clone(), fix);
    }
    ctx.push(d);
}

fn check_effort(ctx: &mut Ctx<'_>, node: &Node) {
    if matches!(node.scalar().map(|s| s.value), Some(ScalarValue::Int(_))) {
        return;
    }
    check_enum(ctx, node, &r::EFFORT_INVALID, "effort", cat::EFFORT_LEVELS);
    if let Some(d) = ctx.out.last_mut()
        && d.rule == &r::EFFORT_INVALID
        && d.range == node.span
    {
        d.message = d
            .message
            .replace(". Valid options: ", ". Valid options: an integer, ");
    }
}

fn check_type(
    ctx: &mut Ctx<'_>,
    node: &Node,
    key: &str,
    expected: &str,
    ok: impl Fn(&Node) -> bool,
) {
    if !ok(node) && !matches!(node.scalar().map(|s| s.value), Some(ScalarValue::Null)) {
        ctx.push(Diagnostic::new(
            &r::FIELD_TYPE_INVALID,
            node.span.clone(),
            format!(
                "\"{key}\" should be {expected}, not {}: Claude Code ignores it.",
                node.type_name()
            ),
        ));
    }
}

fn check_name_list(ctx: &mut Ctx<'_>, node: &Node, key: &str) {
    match &node.kind {
        NodeKind::Seq(items) => {
            for item in items {
                if item.as_str().is_none() {
                    ctx.push(Diagnostic::new(
                        &r::FIELD_TYPE_INVALID,
                        item.span.clone(),
                        format!(
                            "Each \"{key}\" entry should be a name, not {}.",
                            item.type_name()
                        ),
                    ));
                }
            }
        }
        _ => check_type(ctx, node, key, "a list or a comma-separated string", |n| {
            n.as_str().is_some()
        }),
    }
}

/// One entry of a tool list: its text and source range.
struct ToolEntry<'a> {
    text: &'a str,
    range: Range<usize>,
    /// What to delete to take the entry out of its list (with its
    /// separator or its whole line), when the source holds it verbatim.
    removal: Option<Range<usize>>,
}

/// The entries of a `tools`/`disallowedTools` value, and whether the value
/// had items at all (a list of non-strings is not an empty list).
fn tool_entries<'a>(
    ctx: &mut Ctx<'_>,
    node: &'a Node,
    key: &str,
) -> Option<(Vec<ToolEntry<'a>>, bool)> {
    let text = ctx.text;
    match &node.kind {
        NodeKind::Scalar(s) if s.value == ScalarValue::Null => Some((Vec::new(), false)),
        NodeKind::Scalar(s) if s.value == ScalarValue::Str => {
            let base = verbatim_start(text, node, s);
            let entries: Vec<ToolEntry<'a>> = tool_list::split(&s.text)
                .into_iter()
                .map(|r| {
                    let range = base.map_or(node.span.clone(), |b| b + r.start..b + r.end);
                    ToolEntry {
                        text: &s.text[r.clone()],
                        removal: base.map(|_| with_separator(text, range.clone())),
                        range,
                    }
                })
                .collect();
            let had = !entries.is_empty();
            Some((entries, had))
        }
        NodeKind::Seq(items) => {
            let mut out = Vec::new();
            for item in items {
                match item.scalar() {
                    Some(s) if s.value == ScalarValue::Str => {
                        let flow = text
                            .get(node.span.clone())
                            .is_some_and(|v| v.starts_with('['));
                        let removal = if flow {
                            with_separator(text, item.span.clone())
                        } else {
                            whole_lines(text, item.span.start, item.span.end)
                        };
                        out.push(ToolEntry {
                            text: s.text.trim(),
                            range: item.span.clone(),
                            removal: Some(removal),
                        });
                    }
                    _ => {
                        let src = text.get(item.span.clone()).unwrap_or_default();
                        let colon = item.entries().is_some() && !src.contains('\n');
                        let mut d = Diagnostic::new(
                            &r::FIELD_TYPE_INVALID,
                            item.span.clone(),
                            format!(
                                "Each \"{key}\" entry should be a tool name, not {}: Claude Code skips it.{}",
                                item.type_name(),
                                if colon {
                                    " (An unquoted `: ` makes YAML read a mapping: quote the entry.)"
                                } else {
                                    ""
                                }
                            ),
                        );
                        if colon {
                            d = d.replace(
                                "Quote the entry",
                                item.span.clone(),
                                crate::analysis::normalize::double_quoted(src),
                            );
                        }
                        ctx.push(d);
                    }
                }
            }
            Some((out, !items.is_empty()))
        }
        _ => {
            ctx.push(Diagnostic::new(&r::FIELD_TYPE_INVALID, node.span.clone(), format!("\"{key}\" should be a comma-separated string or a list, not {}: Claude Code ignores it.", node.type_name())));
            None
        }
    }
}

/// `range` (an entry of a comma- or space-separated list) widened to take
/// its separator with it: the one after it, or for the last entry the one
/// before it.
fn with_separator(text: &str, range: Range<usize>) -> Range<usize> {
    let is_blank = |c: char| c == ' ' || c == '\t';
    let after = &text[range.end..];
    let rest = after.trim_start_matches(is_blank);
    if let Some(more) = rest.strip_prefix(',') {
        let more = more.trim_start_matches(is_blank);
        return range.start..text.len() - more.len();
    }
    let before = &text[..range.start];
    let head = before.trim_end_matches(is_blank);
    if let Some(head) = head.strip_suffix(',') {
        return head.len()..range.end;
    }
    // Separated by blanks only: take the blanks after it, or before it.
    if rest.len() < after.len()
        && !rest.starts_with(['\n', '\r', ']', '"', '\'', '#'])
        && !rest.is_empty()
    {
        return range.start..text.len() - rest.len();
    }
    head.len()
        .max(crate::analysis::line_start(text, range.start))..range.end
}

fn check_tools(ctx: &mut Ctx<'_>, node: &Node, allow: bool, plan: bool) {
    let key = if allow { "tools" } else { "disallowedTools" };
    let Some((entries, had_items)) = tool_entries(ctx, node, key) else {
        return;
    };
    if entries.is_empty() {
        let explicit_list = ctx
            .text
            .get(node.span.clone())
            .is_some_and(|v| v.trim() == "[]");
        if allow && !had_items && !explicit_list {
            let (start, end) = (node.span.start, node.span.end.max(node.span.start));
            // The empty value sits at or after its key's colon, on its line.
            let line = crate::analysis::line_start(ctx.text, start);
            let upto = crate::frontmatter::floor_char_boundary(ctx.text, start + 1);
            let key_end = ctx.text[line..upto]
                .rfind(':')
                .map_or(start, |i| line + i + 1);
            ctx.push(
                Diagnostic::new(&r::TOOLS_EMPTY, start..end, "\"tools\" is empty, which gives this agent no tools at all. Write `tools: []` if that is meant; to inherit every tool, remove the key.")
                    .replace("Write `tools: []` (no tools, on purpose)", key_end..end.max(key_end), " []")
                    .with_fix(remove_entry(ctx.text, start, end, "Remove `tools` (inherit every tool)")),
            );
        }
        return;
    }
    let mut resolved = 0;
    let first = ctx.out.len();
    for (i, e) in entries.iter().enumerate() {
        let others: Vec<&str> = entries
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, o)| o.text)
            .collect();
        if check_tool(ctx, e, &others, allow, plan) {
            resolved += 1;
        }
    }
    if allow && resolved == 0 {
        let names: Vec<&str> = entries.iter().map(|e| e.text).collect();
        ctx.out.insert(
            first,
            Diagnostic::new(&r::TOOLS_NONE_RESOLVE, node.span.clone(), format!("None of the tools ({}) is known to Claude Code: it lists this agent, but refuses to start it every time Claude tries to use it (\"resolved to nothing: unrecognized […]\").", list(&names))),
        );
    }
}

/// A fix taking entry `e` out of its list; `None` when it is the only entry
/// (an empty list means something else) or not held verbatim.
fn remove_tool(e: &ToolEntry<'_>, others: &[&str]) -> Option<Fix> {
    if others.is_empty() {
        return None;
    }
    Some(Fix {
        title: format!("Remove {}", quote(e.text)),
        edits: vec![Edit {
            range: e.removal.clone()?,
            new_text: String::new(),
        }],
    })
}

/// Checks one tool entry; returns whether Claude Code resolves it to a tool.
/// `others` are the list's other entries.
fn check_tool(
    ctx: &mut Ctx<'_>,
    e: &ToolEntry<'_>,
    others: &[&str],
    allow: bool,
    plan: bool,
) -> bool {
    let text = e.text;
    if text == "*" {
        return true;
    }
    if let Some(rest) = text.strip_prefix("mcp__") {
        if rest == "*" {
            if allow {
                ctx.push(Diagnostic::new(&r::TOOL_UNKNOWN, e.range.clone(), "\"mcp__*\" only works in disallowedTools; in tools Claude Code skips unanchored MCP patterns. Name the server: mcp__server__*."));
                return false;
            }
            return true;
        }
        let mut parts = rest.splitn(2, "__");
        let server = parts.next().unwrap_or("");
        let tool = parts.next();
        let valid_server = !server.is_empty()
            && server
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let valid_tool =
            tool.is_none_or(|t| t == "*" || (!t.is_empty() && !t.contains(char::is_whitespace)));
        if !(valid_server && valid_tool) {
            ctx.push(Diagnostic::new(&r::TOOL_UNKNOWN, e.range.clone(), format!("Malformed MCP tool {}: write mcp__SERVER__TOOL, mcp__SERVER__* or mcp__SERVER.", quote(text))));
            return false;
        }
        return true;
    }
    let (name, spec) = match text.find('(') {
        Some(i) => (&text[..i], Some(&text[i..])),
        None => (text, None),
    };
    if let Some(spec) = spec
        && (!spec.ends_with(')') || name.trim().is_empty() || name.ends_with(char::is_whitespace))
    {
        let message = if spec.ends_with(')') {
            format!(
                "{} is not a tool: a rule is written Tool(specifier), with no space before the parenthesis.",
                quote(text)
            )
        } else {
            format!(
                "Unbalanced parentheses in {}: a rule is written Tool(specifier).",
                quote(text)
            )
        };
        let mut d = Diagnostic::new(&r::TOOL_UNKNOWN, e.range.clone(), message);
        // `Bash (git *)`: join the rule to its tool.
        let before = &ctx.text[..e.range.start];
        let blanks = before.len() - before.trim_end_matches([' ', '\t']).len();
        if name.is_empty()
            && blanks > 0
            && e.removal.is_some()
            && before[..before.len() - blanks].ends_with(|c: char| c.is_ascii_alphanumeric())
        {
            let at = e.range.start - blanks;
            d = d.replace(
                format!("Remove the space before {}", quote(text)),
                at..e.range.start,
                "",
            );
        }
        ctx.push(d);
        return false;
    }
    // Where the source holds the entry verbatim, point at the name alone.
    let name_range = if e.range.len() == text.len() {
        e.range.start..e.range.start + name.len()
    } else {
        e.range.clone()
    };
    let listed = |tool: &str| others.iter().any(|o| tool_list::tool_name(o) == tool);
    if let Some(tool) = tool_cat::find(name) {
        let plan_exit = name == "ExitPlanMode" && plan;
        if allow && tool.not_for_subagents && !plan_exit {
            let mut d = Diagnostic::new(
                &r::TOOL_NOT_FOR_SUBAGENTS,
                name_range,
                format!(
                    "{name} is never given to sub-agents; it only works when this agent runs as the main session (claude --agent)."
                ),
            );
            if let Some(fix) = remove_tool(e, others) {
                d = d.with_fix(fix);
            }
            ctx.push(d);
        }
        return true;
    }
    if let Some(new) = tool_cat::renamed(name) {
        let mut d = Diagnostic::new(
            &r::TOOL_RENAMED,
            name_range.clone(),
            format!("{name} was renamed to {new}; Claude Code still maps the old name."),
        );
        d = if listed(new) {
            match remove_tool(e, others) {
                Some(fix) => d.with_fix(Fix {
                    title: format!("Remove {} ({new} is listed)", quote(text)),
                    ..fix
                }),
                None => d,
            }
        } else {
            d.replace(format!("Replace with {new}"), name_range, new)
        };
        ctx.push(d);
        return true;
    }
    if let Some(advice) = tool_cat::removed(name) {
        let advice = if advice.is_empty() {
            String::new()
        } else {
            format!(": {advice}")
        };
        let mut d = Diagnostic::new(
            &r::TOOL_REMOVED,
            name_range.clone(),
            format!(
                "{name} no longer exists in Claude Code, so this entry grants nothing{advice}."
            ),
        );
        if let Some(new) = tool_cat::replacement(name).filter(|new| !listed(new)) {
            d = d.replace(format!("Replace with {new}"), e.range.clone(), new);
        }
        if let Some(fix) = remove_tool(e, others) {
            d = d.with_fix(fix);
        }
        ctx.push(d);
        return false;
    }
    if let Some(tool) = tool_cat::TOOLS
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(name))
    {
        let right = tool.name;
        let effect = if allow {
            format!(
                "when the agent runs, {} matches no tool and the agent does not get {right}",
                quote(name)
            )
        } else {
            format!(
                "{} matches no tool, so {right} is not taken away from the agent",
                quote(name)
            )
        };
        let mut d = Diagnostic::new(
            &r::TOOL_WRONG_CASE,
            name_range.clone(),
            format!(
                "Tool names are case-sensitive: write {right}. Claude Code loads the agent and lists it with {} as written, but {effect}.",
                quote(name)
            ),
        );
        if listed(right) {
            if let Some(fix) = remove_tool(e, others) {
                d = d.with_fix(Fix {
                    title: format!("Remove {} ({right} is listed)", quote(text)),
                    ..fix
                });
            }
        } else {
            d = d.replace(format!("Replace with {right}"), name_range, right);
        }
        ctx.push(d);
        return false;
    }
    let candidates = tool_cat::TOOLS.iter().map(|t| t.name);
    let mut d = Diagnostic::new(
        &r::TOOL_UNKNOWN,
        name_range.clone(),
        format!("Unknown tool {}: Claude Code ignores it.", quote(name)),
    );
    if let Some(best) = closest(name, candidates) {
        d.message = format!(
            "Unknown tool {} (did you mean {}?): Claude Code ignores it.",
            quote(name),
            quote(best)
        );
        d = d.replace(format!("Replace with {}", quote(best)), name_range, best);
    }
    if let Some(fix) = remove_tool(e, others) {
        d = d.with_fix(fix);
    }
    ctx.push(d);
    false
}

fn check_hooks(ctx: &mut Ctx<'_>, view: &object::View<'_>, node: &Node) {
    if ctx.plugin {
        return; // ignored for plugin agents (reported by the key check)
    }
    for f in hooks::check(view, node) {
        let range = f.range.clone();
        let mut d = if f.refuses {
            Diagnostic::new(
                &r::HOOKS_INVALID,
                f.range,
                format!(
                    "{}. Claude Code refuses to load this agent: a PreToolUse/PermissionRequest hook it cannot load may be what guards the permissions beside it.",
                    f.message
                ),
            )
        } else {
            Diagnostic::new(
                &r::HOOK_IGNORED,
                f.range,
                format!(
                    "{}: Claude Code logs a warning and loads the agent without this entry.",
                    f.message
                ),
            )
        };
        if let Some(best) = f.replace {
            d = d.replace(format!("Replace with {}", quote(best)), range, best);
        }
        ctx.push(d);
    }
}

fn check_mcp_servers(ctx: &mut Ctx<'_>, node: &Node) {
    if ctx.plugin {
        return;
    }
    let NodeKind::Seq(items) = &node.kind else {
        check_type(ctx, node, "mcpServers", "a list", |_| false);
        return;
    };
    for item in items {
        // A name, or `{name: config}` where a config has a `command` (stdio)
        // or a `url` (sse, http).
        let config_ok = |config: &Node| {
            config.entries().is_some_and(|_| {
                config.get("command").and_then(Node::as_str).is_some()
                    || config.get("url").and_then(Node::as_str).is_some()
            })
        };
        let ok = item.as_str().is_some()
            || item
                .entries()
                .is_some_and(|e| e.len() == 1 && config_ok(&e[0].value));
        if !ok {
            let shown = item
                .scalar()
                .map_or_else(|| item.type_name().to_owned(), |s| s.text.to_string());
            ctx.push(Diagnostic::new(&r::MCP_SERVER_INVALID, item.span.clone(), format!("Invalid mcpServers item {shown}: use a configured server's name or a one-key mapping {{name: config}}. Claude Code drops this item.")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventional_names() {
        for (name, want) in [
            ("Backend Architect", "backend-architect"),
            ("CodeReviewer", "code-reviewer"),
            ("HTMLParser", "html-parser"),
            ("api2Docs", "api2-docs"),
            ("Ünïcode Revièwer", "unicode-reviewer"),
            ("--rev", "rev"),
            ("my_agent.v2", "my-agent-v2"),
            ("already-fine", "already-fine"),
            ("日本語", ""),
        ] {
            assert_eq!(conventional_name(name), want, "{name}");
        }
    }

    #[test]
    fn separators_go_with_removed_entries() {
        let text = "tools: Read, MultiEdit, Grep";
        let at = |s: &str| text.find(s).unwrap_or_default();
        let cut = |r: Range<usize>| format!("{}{}", &text[..r.start], &text[r.end..]);
        let e = at("MultiEdit");
        assert_eq!(cut(with_separator(text, e..e + 9)), "tools: Read, Grep");
        let g = at("Grep");
        assert_eq!(
            cut(with_separator(text, g..g + 4)),
            "tools: Read, MultiEdit"
        );
        let spaces = "tools: Read Grep Glob";
        let g = spaces.find("Grep").unwrap_or_default();
        let r = with_separator(spaces, g..g + 4);
        assert_eq!(
            format!("{}{}", &spaces[..r.start], &spaces[r.end..]),
            "tools: Read Glob"
        );
        let flow = "tools: [Read, Frob]";
        let f = flow.find("Frob").unwrap_or_default();
        let r = with_separator(flow, f..f + 4);
        assert_eq!(
            format!("{}{}", &flow[..r.start], &flow[r.end..]),
            "tools: [Read]"
        );
    }

    /// An empty `tools` value followed by a multi-byte blank (U+2029, which
    /// YAML does not break a line on): the search back for the key's colon
    /// once sliced inside that character (a fuzzer find,
    /// `tests/fixtures/fuzz-regressions/edits-be866336785c233c`).
    #[test]
    fn empty_tools_before_a_multibyte_blank() {
        let text = "---\nname: a\ndescription: Use it.\ntools:\t\u{2029}\n---\nBody\n";
        let found = crate::analysis::check(
            text,
            crate::analysis::Target::new(crate::analysis::FileKind::ClaudeAgent),
        );
        let [d] = found.as_slice() else {
            panic!("one diagnostic expected: {found:#?}")
        };
        assert_eq!((d.rule.code, d.range.clone()), ("AG404", 40..43));
        let [write_empty, remove] = d.fixes.as_slice() else {
            panic!("two fixes expected: {:#?}", d.fixes)
        };
        let apply = |fix: &crate::analysis::Fix| {
            let e = &fix.edits[0];
            format!(
                "{}{}{}",
                &text[..e.range.start],
                e.new_text,
                &text[e.range.end..]
            )
        };
        assert!(apply(write_empty).contains("\ntools: []\n---"));
        assert!(!apply(remove).contains("tools"));
    }
}
