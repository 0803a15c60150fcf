//! What Copilot CLI 1.0.102 and Codex 0.171.0 do with an Agent Skill
//! (`docs/formats/agent-skill.md`), judged for one tool at a time
//! ([`judge`]), and the diagnostics for the targeted tools (`check`).

use std::ops::Range;

use crate::analysis::Ctx;
use crate::analysis::diagnostic::{Diagnostic, Edit, Fix};
use crate::analysis::rules::{self as r, Rule};
use crate::formats::Fallback;
use crate::formats::target::Tool;
use crate::frontmatter::{Frontmatter, Node, NodeKind, Outcome, ScalarValue};

/// What one tool does about one place of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The tool.
    pub tool: Tool,
    /// The rule it falls under.
    pub rule: &'static Rule,
    /// Where.
    pub range: Range<usize>,
    /// Why, as the tool says it (no final period).
    pub why: String,
    /// Whether the tool refuses (or silently drops) the skill for it.
    pub refuses: bool,
    /// A fix, where one is safe.
    pub fix: Option<Fix>,
}

fn refusal(
    tool: Tool,
    rule: &'static Rule,
    range: Range<usize>,
    why: impl Into<String>,
) -> Finding {
    Finding {
        tool,
        rule,
        range,
        why: why.into(),
        refuses: true,
        fix: None,
    }
}

/// The line holding `offset`, without its line break.
fn line_at(text: &str, offset: usize) -> Range<usize> {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..]
        .find(['\r', '\n'])
        .map_or(text.len(), |i| offset + i);
    start..end
}

/// Whether Codex's retry quotes a plain value: it holds `: `, or starts with
/// `[`, `{`, `@` or a backtick.
fn codex_retries(value: &str) -> bool {
    value.contains(": ") || value.starts_with(['[', '{', '@', '`'])
}

/// The value as JavaScript-free text: a string's text, a number's or
/// boolean's source; `None` for null, lists and mappings.
fn scalar_text(node: &Node) -> Option<(&str, ScalarValue)> {
    match &node.kind {
        NodeKind::Scalar(s) => Some((s.text.as_ref(), s.value)),
        _ => None,
    }
}

fn type_name(node: &Node) -> &'static str {
    match &node.kind {
        NodeKind::Seq(_) => "a list",
        NodeKind::Map(_) => "a mapping",
        NodeKind::Scalar(s) => match s.value {
            ScalarValue::Null => "null",
            ScalarValue::Bool(_) => "a boolean",
            ScalarValue::Int(_) | ScalarValue::Float(_) => "a number",
            ScalarValue::Str => "text",
        },
        NodeKind::Alias(_) => "an alias",
    }
}

/// A fix quoting each value at `ranges`.
fn quote_fix(text: &str, ranges: &[Range<usize>]) -> Option<Fix> {
    let edits: Vec<Edit> = ranges
        .iter()
        .filter_map(|r| {
            let value = text.get(r.clone())?;
            Some(Edit {
                range: r.clone(),
                new_text: crate::analysis::normalize::double_quoted(value),
            })
        })
        .collect();
    (!edits.is_empty()).then(|| Fix {
        title: if edits.len() > 1 {
            "Quote these values".to_owned()
        } else {
            "Quote the value".to_owned()
        },
        edits,
    })
}

/// The frontmatter as the CLIs find it when Claude Code's closing `---`
/// is not a line of its own: up to the first line that is exactly `---`.
fn relocate(text: &str, fm: &Frontmatter) -> Option<Frontmatter> {
    let mut offset = fm.located.content.start;
    for line in text[offset..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            let located = crate::frontmatter::Located {
                open: fm.located.open.clone(),
                content: fm.located.content.start..offset,
                close: offset..offset + 3,
                body_start: offset + line.len(),
            };
            return Some(crate::frontmatter::parse(text, &located));
        }
        offset += line.len();
    }
    None
}

/// What `tool` (Copilot CLI or Codex) does with a skill whose frontmatter
/// was located and parsed leniently as `fm` (`None`: no frontmatter block
/// was found, `unread` says where).
#[must_use]
pub fn judge(
    text: &str,
    fm: Option<&Frontmatter>,
    unread: Option<&Range<usize>>,
    tool: Tool,
) -> Vec<Finding> {
    let missing = match tool {
        Tool::Codex => "missing YAML frontmatter delimited by ---",
        _ => "missing or malformed YAML frontmatter",
    };
    let Some(fm) = fm else {
        let range = unread.cloned().unwrap_or(0..0);
        return vec![refusal(tool, &r::SKILL_UNREADABLE, range, missing)];
    };
    let mut out = Vec::new();
    let open = &fm.located.open;
    if tool == Tool::Codex && text.starts_with('\u{feff}') {
        out.push(refusal(
            tool,
            &r::SKILL_UNREADABLE,
            open.clone(),
            format!("{missing} (Codex does not skip the byte-order mark before it)"),
        ));
        return out;
    }
    let close_line = line_at(text, fm.located.close.start);
    let relocated;
    let fm = if text[close_line.clone()].trim_end() == "---" {
        fm
    } else if let Some(found) = relocate(text, fm) {
        // Claude Code's fence may end mid-line; these tools want a line of its own.
        relocated = found;
        &relocated
    } else {
        out.push(refusal(
            tool,
            &r::SKILL_UNREADABLE,
            close_line,
            format!("{missing}: the closing line must be exactly ---"),
        ));
        return out;
    };
    let open = &fm.located.open;
    let content = &text[fm.located.content.clone()];
    if content.trim().is_empty() && tool == Tool::Codex {
        out.push(refusal(
            tool,
            &r::SKILL_UNREADABLE,
            open.clone(),
            format!("{missing}: the frontmatter is empty"),
        ));
        return out;
    }
    let parse_message = |e: &crate::frontmatter::yaml::SyntaxError| match tool {
        Tool::Codex => format!("invalid YAML: {}", e.message),
        _ => format!("failed to parse YAML frontmatter: {}", e.message),
    };
    match &fm.outcome {
        Outcome::Failed { error, .. } => {
            out.push(refusal(
                tool,
                &r::SKILL_UNREADABLE,
                line_at(text, error.offset.min(text.len())),
                parse_message(error),
            ));
            return out;
        }
        Outcome::Rescued {
            strict_error,
            quoted,
            ..
        } => {
            let codex_loads = tool == Tool::Codex
                && !quoted.is_empty()
                && quoted.iter().all(|q| codex_retries(&text[q.clone()]))
                && !content.lines().any(|l| l.starts_with('\t'));
            if !codex_loads {
                let mut f = if quoted.is_empty() {
                    refusal(
                        tool,
                        &r::SKILL_UNREADABLE,
                        line_at(text, strict_error.offset.min(text.len())),
                        parse_message(strict_error),
                    )
                } else {
                    refusal(
                        tool,
                        &r::SKILL_YAML_STRICT,
                        quoted[0].clone(),
                        parse_message(strict_error),
                    )
                };
                f.fix = quote_fix(text, quoted);
                out.push(f);
                return out;
            }
        }
        Outcome::Valid => {}
    }
    let Some(root) = fm.root.as_ref() else {
        if tool == Tool::Codex {
            out.push(refusal(
                tool,
                &r::SKILL_UNREADABLE,
                open.clone(),
                "invalid type: null, expected struct SkillFrontmatter",
            ));
        }
        return out;
    };
    let Some(entries) = root.entries() else {
        if tool == Tool::Codex {
            out.push(refusal(
                tool,
                &r::SKILL_UNREADABLE,
                root.span.clone(),
                format!(
                    "invalid type: {}, expected struct SkillFrontmatter",
                    type_name(root)
                ),
            ));
        }
        return out;
    };
    // A key twice: both refuse.
    for (i, e) in entries.iter().enumerate() {
        let Some(k) = e.key.as_str() else { continue };
        if entries[..i].iter().any(|p| p.key.as_str() == Some(k)) {
            let why = match tool {
                Tool::Codex => format!("invalid YAML: duplicate field `{k}`"),
                _ => format!("duplicate entry with key \"{k}\""),
            };
            out.push(refusal(tool, &r::SKILL_UNREADABLE, e.key.span.clone(), why));
            return out;
        }
    }
    let get = |k: &str| {
        entries
            .iter()
            .find(|e| e.key.as_str() == Some(k))
            .map(|e| (&e.key, &e.value))
    };
    match tool {
        Tool::Codex => codex_fields(&get, open.clone(), &mut out),
        _ => copilot_fields(&get, &mut out),
    }
    out
}

type Get<'a> = dyn Fn(&str) -> Option<(&'a Node, &'a Node)> + 'a;

fn copilot_fields<'a>(get: &Get<'a>, out: &mut Vec<Finding>) {
    let tool = Tool::CopilotCli;
    if let Some((_, v)) = get("name") {
        let why = match scalar_text(v) {
            Some((t, ScalarValue::Str)) if t.trim().is_empty() => {
                Some("Skill name must not be empty".to_owned())
            }
            Some((t, ScalarValue::Str)) if t.chars().count() > 64 => {
                Some("Skill name must be at most 64 characters".to_owned())
            }
            Some((t, ScalarValue::Str)) => {
                let mut chars = t.trim().chars();
                let ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
                    && chars.all(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | ' ' | '-')
                    });
                (!ok).then(|| "name must start with an ASCII letter or number and contain only ASCII letters (a-z, A-Z), numbers, hyphens, underscores, dots, colons, and spaces".to_owned())
            }
            _ => Some(format!(
                "Skill name must be a string (it is {})",
                type_name(v)
            )),
        };
        if let Some(why) = why {
            out.push(refusal(tool, &r::SKILL_NAME_INVALID, v.span.clone(), why));
        }
    }
    if let Some((k, v)) = get("description") {
        match scalar_text(v) {
            Some((t, ScalarValue::Str)) if t.trim().is_empty() => out.push(refusal(
                tool,
                &r::SKILL_DESCRIPTION_INVALID,
                if v.span.is_empty() {
                    k.span.clone()
                } else {
                    v.span.clone()
                },
                "its description is blank, so it is left out of the skill list without a word",
            )),
            Some((t, ScalarValue::Str)) if t.chars().count() > 1024 => out.push(refusal(
                tool,
                &r::SKILL_DESCRIPTION_INVALID,
                v.span.clone(),
                format!(
                    "description must be at most 1024 characters (it has {})",
                    t.chars().count()
                ),
            )),
            Some((_, ScalarValue::Str)) => {}
            _ => out.push(refusal(
                tool,
                &r::SKILL_DESCRIPTION_INVALID,
                if v.span.is_empty() {
                    k.span.clone()
                } else {
                    v.span.clone()
                },
                format!(
                    "Skill description must be a string (it is {})",
                    type_name(v)
                ),
            )),
        }
    }
    if let Some((_, v)) = get("allowed-tools") {
        let ok = match &v.kind {
            NodeKind::Seq(items) => items
                .iter()
                .all(|i| matches!(scalar_text(i), Some((_, ScalarValue::Str)))),
            _ => matches!(scalar_text(v), Some((_, ScalarValue::Str))),
        };
        if !ok {
            let why = if matches!(v.kind, NodeKind::Seq(_)) {
                "allowed-tools must contain only strings"
            } else {
                "allowed-tools must be a string or array of strings"
            };
            out.push(refusal(tool, &r::SKILL_FIELD_INVALID, v.span.clone(), why));
        }
    }
    for key in ["disable-model-invocation", "user-invocable"] {
        if let Some((_, v)) = get(key)
            && !matches!(scalar_text(v), Some((_, ScalarValue::Bool(_))))
        {
            let mut f = refusal(
                tool,
                &r::SKILL_FIELD_INVALID,
                v.span.clone(),
                format!("{key} must be a boolean"),
            );
            if let Some((t, _)) = scalar_text(v) {
                let fixed = match t.trim().to_ascii_lowercase().as_str() {
                    "yes" | "on" | "1" | "true" => Some("true"),
                    "no" | "off" | "0" | "false" => Some("false"),
                    _ => None,
                };
                if let Some(fixed) = fixed {
                    f.fix = Some(Fix {
                        title: format!("Replace with {fixed}"),
                        edits: vec![Edit {
                            range: v.span.clone(),
                            new_text: fixed.to_owned(),
                        }],
                    });
                }
            }
            out.push(f);
        }
    }
}

fn codex_fields<'a>(get: &Get<'a>, open: Range<usize>, out: &mut Vec<Finding>) {
    let tool = Tool::Codex;
    if let Some((_, v)) = get("name") {
        match &v.kind {
            NodeKind::Seq(_) | NodeKind::Map(_) => out.push(refusal(
                tool,
                &r::SKILL_NAME_INVALID,
                v.span.clone(),
                format!("name: invalid type: {}, expected a string", type_name(v)),
            )),
            _ => {
                if let Some((t, _)) = scalar_text(v) {
                    let collapsed = t.split_whitespace().collect::<Vec<_>>().join(" ");
                    if collapsed.chars().count() > 64 {
                        out.push(refusal(
                            tool,
                            &r::SKILL_NAME_INVALID,
                            v.span.clone(),
                            "invalid name: exceeds maximum length of 64 characters",
                        ));
                    }
                }
            }
        }
    }
    match get("description") {
        None => out.push(refusal(
            tool,
            &r::SKILL_DESCRIPTION_INVALID,
            open,
            "missing field `description`",
        )),
        Some((k, v)) => match &v.kind {
            NodeKind::Map(_) => {}
            NodeKind::Seq(_) => out.push(refusal(
                tool,
                &r::SKILL_DESCRIPTION_INVALID,
                v.span.clone(),
                format!("invalid type: {}, expected a string", type_name(v)),
            )),
            _ => {
                let blank = scalar_text(v)
                    .is_none_or(|(t, value)| value == ScalarValue::Null || t.trim().is_empty());
                if blank {
                    out.push(refusal(
                        tool,
                        &r::SKILL_DESCRIPTION_INVALID,
                        if v.span.is_empty() {
                            k.span.clone()
                        } else {
                            v.span.clone()
                        },
                        "missing field `description` (it is blank)",
                    ));
                }
            }
        },
    }
    if let Some((_, v)) = get("metadata") {
        match &v.kind {
            NodeKind::Map(_) => {
                if let Some(sd) = v.get("short-description")
                    && !matches!(
                        scalar_text(sd),
                        Some((
                            _,
                            ScalarValue::Str | ScalarValue::Int(_) | ScalarValue::Float(_)
                        ))
                    )
                {
                    out.push(refusal(
                        tool,
                        &r::SKILL_FIELD_INVALID,
                        sd.span.clone(),
                        format!(
                            "metadata.short-description: invalid type: {}, expected a string",
                            type_name(sd)
                        ),
                    ));
                }
            }
            NodeKind::Scalar(s) if s.value == ScalarValue::Null => {}
            _ => out.push(refusal(
                tool,
                &r::SKILL_FIELD_INVALID,
                v.span.clone(),
                format!(
                    "invalid type: {}, expected struct SkillFrontmatterMetadata",
                    type_name(v)
                ),
            )),
        }
    }
}

/// The tools among the targeted ones that judge Agent Skills.
fn tools(ctx: &Ctx<'_>) -> Vec<Tool> {
    [Tool::CopilotCli, Tool::Codex]
        .into_iter()
        .filter(|t| ctx.tools.has(*t))
        .collect()
}

/// Pushes the findings of several tools, one diagnostic per place and
/// reason, naming every tool that refuses the skill for it.
fn report(ctx: &mut Ctx<'_>, findings: Vec<Finding>) {
    let mut done: Vec<usize> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        if done.contains(&i) {
            continue;
        }
        let same: Vec<usize> = (i..findings.len())
            .filter(|j| findings[*j].rule == f.rule && findings[*j].range == f.range)
            .collect();
        done.extend(&same);
        let names: Vec<&str> = same.iter().map(|j| findings[*j].tool.name()).collect();
        let tools = names.join(" and ");
        let verb = if names.len() > 1 { "refuse" } else { "refuses" };
        let why = if same.iter().all(|j| findings[*j].why == f.why) {
            f.why.clone()
        } else {
            same.iter()
                .map(|j| format!("{}: {}", findings[*j].tool.name(), findings[*j].why))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let mut d = Diagnostic::new(
            f.rule,
            f.range.clone(),
            format!("{tools} {verb} this skill: {why}."),
        );
        if let Some(fix) = same.iter().find_map(|j| findings[*j].fix.clone()) {
            d = d.with_fix(fix);
        }
        ctx.push(d);
    }
}

/// A skill without a readable frontmatter block.
pub(crate) fn unread(ctx: &mut Ctx<'_>, f: &Fallback) {
    let findings = tools(ctx)
        .into_iter()
        .flat_map(|t| judge(ctx.text, None, Some(&f.range), t))
        .collect();
    report(ctx, findings);
}

/// Every Agent Skill rule, over the frontmatter however it parsed.
pub(crate) fn check(ctx: &mut Ctx<'_>, fm: &Frontmatter) {
    let findings: Vec<Finding> = tools(ctx)
        .into_iter()
        .flat_map(|t| judge(ctx.text, Some(fm), None, t))
        .collect();
    let refused = !findings.is_empty();
    report(ctx, findings);
    if refused || !matches!(fm.outcome, Outcome::Valid | Outcome::Rescued { .. }) {
        return;
    }
    standard(ctx, fm);
}

/// What the standard asks beyond what the CLIs check.
fn standard(ctx: &mut Ctx<'_>, fm: &Frontmatter) {
    let entries = fm.entries();
    let get = |k: &str| entries.iter().find(|e| e.key.as_str() == Some(k));
    match get("description") {
        None if ctx.tools.has(Tool::CopilotCli) && !ctx.tools.has(Tool::Codex) => {
            let body = &ctx.text[fm.located.body_start..];
            let paragraph = body.trim_start().split("\n\n").next().unwrap_or("").trim();
            ctx.push(Diagnostic::new(
                &r::SKILL_DESCRIPTION_FALLBACK,
                fm.located.open.clone(),
                format!("No description: Copilot CLI lists this skill with its body's first paragraph instead (\"{}\"). Write a description saying what the skill does and when to use it.", paragraph.chars().take(100).collect::<String>()),
            ));
        }
        _ => {}
    }
    if let Some(e) = get("name")
        && let Some(name) = e.value.as_str()
    {
        let grammar = !name.is_empty()
            && name.len() <= 64
            && name.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !grammar {
            ctx.push(Diagnostic::new(
                &r::SKILL_NOT_STANDARD,
                e.value.span.clone(),
                "The Agent Skills standard asks for a name of lowercase letters, digits and single hyphens (`pdf-tools`): Copilot CLI and Codex load this one, but VS Code warns and other tools may refuse it.",
            ));
        } else if let Some(dir) = ctx.file_stem
            && dir != name
        {
            ctx.push(
                Diagnostic::new(
                    &r::SKILL_NOT_STANDARD,
                    e.value.span.clone(),
                    format!("The name differs from the skill's folder \"{dir}\": the standard asks for the same name and VS Code warns; Copilot CLI and Codex list the skill as \"{name}\"."),
                )
                .replace(format!("Rename to \"{dir}\""), e.value.span.clone(), dir.to_owned()),
            );
        }
    }
    if let Some(e) = get("compatibility")
        && let Some(t) = e.value.as_str()
        && t.chars().count() > 500
    {
        ctx.push(Diagnostic::new(
            &r::SKILL_NOT_STANDARD,
            e.value.span.clone(),
            format!(
                "The standard limits `compatibility` to 500 characters; this one has {}.",
                t.chars().count()
            ),
        ));
    }
}

/// The line Copilot CLI lists for the skill: its name (spaces as `-`, the
/// folder's without one) and its description (the body's first paragraph
/// without one).
#[must_use]
pub fn roster(text: &str, fm: Option<&Frontmatter>, dir: Option<&str>) -> Option<String> {
    let fm = fm?;
    let relocated;
    let fm = if text[line_at(text, fm.located.close.start)].trim_end() == "---" {
        fm
    } else {
        relocated = relocate(text, fm)?;
        &relocated
    };
    let name = fm
        .get("name")
        .and_then(Node::as_str)
        .map(|n| n.trim().replace(' ', "-"))
        .or_else(|| dir.map(str::to_owned))?;
    let description = match fm.get("description") {
        Some(d) => d.as_str()?.trim().to_owned(),
        None => text[fm.located.body_start..]
            .trim_start()
            .split("\n\n")
            .next()?
            .trim()
            .to_owned(),
    };
    let description = description.replace(['\t', '\n', '\r'], " ");
    (!description.is_empty()).then(|| format!("- {name}: {description}"))
}
