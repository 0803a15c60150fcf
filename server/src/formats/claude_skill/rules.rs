//! The rules for Claude Code skills and slash commands: what the 2.1.330
//! loader drops, ignores or falls back from. Neither is ever refused for its
//! content; only a name that cannot be shown drops one (AG704).

use super::catalog as cat;
use crate::analysis::Ctx;
use crate::analysis::diagnostic::Diagnostic;
use crate::analysis::rules as r;
use crate::formats::claude_agent::hooks;
use crate::formats::{Fallback, FileKind};
use crate::frontmatter::{Frontmatter, Node, NodeKind, ScalarValue};

/// What the file is, for messages.
fn noun(ctx: &Ctx<'_>) -> &'static str {
    if ctx.kind == FileKind::ClaudeCommand {
        "command"
    } else {
        "skill"
    }
}

/// The description Claude Code shows when none is given: the first
/// non-blank line of `body` (a heading's text), over 100 characters cut to
/// 97 and `...`; `default` for a blank body.
#[must_use]
pub fn body_fallback(body: &str, default: &str) -> String {
    for line in body.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let heading = line
            .strip_prefix('#')
            .map(|rest| rest.trim_start_matches('#'))
            .filter(|rest| rest.starts_with(char::is_whitespace))
            .map(str::trim_start)
            .filter(|rest| !rest.is_empty());
        let text = heading.unwrap_or(line);
        let units: Vec<u16> = text.encode_utf16().collect();
        if units.len() > 100 {
            return format!("{}...", String::from_utf16_lossy(&units[..97]));
        }
        return text.to_owned();
    }
    default.to_owned()
}

/// What a tool-call listing shows for a text: every run of line breaks,
/// control and invisible characters becomes one space, `<` and `>` become
/// `&lt;` `&gt;`.
#[must_use]
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_run = false;
    for c in text.chars() {
        if c.is_control() || c == '\u{2028}' || c == '\u{2029}' || is_invisible(c) {
            if !in_run {
                out.push(' ');
            }
            in_run = true;
            continue;
        }
        in_run = false;
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether Claude Code offers a skill or command under `name`: 1 to 256
/// UTF-16 units; no control character, `<`, `>`, invisible, direction-
/// changing or blank-like character; no two spaces in a row; no space beside
/// a `:`, and no `:` at either end.
#[must_use]
pub fn is_showable(name: &str) -> bool {
    let len = name.encode_utf16().count();
    if len == 0 || len > 256 || name.contains("  ") {
        return false;
    }
    if name.starts_with(':') || name.ends_with(':') || name.contains(": ") || name.contains(" :") {
        return false;
    }
    if name.starts_with(' ') || name.ends_with(' ') {
        return false;
    }
    !name.chars().any(|c| {
        c.is_control()
            || matches!(c, '<' | '>' | '\u{2028}' | '\u{2029}')
            || is_invisible(c)
            || (c.is_whitespace() && c != ' ')
    })
}

/// Format, private-use and blank-looking characters.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}' | '\u{FE00}'..='\u{FE0E}'
        | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{E000}'..='\u{F8FF}'
        | '\u{E0000}'..='\u{E007F}' | '\u{F0000}'..='\u{10FFFF}')
}

/// A boolean as Claude Code reads one (`SRe`): a YAML boolean; the text or
/// number `1 true yes on` / `0 false no off` (trimmed, any case). `None`
/// for anything else.
#[must_use]
pub fn read_bool(node: &Node) -> Option<bool> {
    match &node.kind {
        NodeKind::Scalar(s) => match s.value {
            ScalarValue::Bool(b) => Some(b),
            ScalarValue::Null => None,
            _ => match s.text.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Some(true),
                "0" | "false" | "no" | "off" => Some(false),
                _ => None,
            },
        },
        _ => None,
    }
}

/// The range to report a file-level problem on: the first line.
fn first_line(text: &str) -> std::ops::Range<usize> {
    0..crate::analysis::first_line_end(text, 0)
}

/// How the tool invokes the file, for messages (`/review`, `/git:commit`).
fn invoked(ctx: &Ctx<'_>) -> String {
    ctx.file_stem
        .map_or_else(|| format!("this {}", noun(ctx)), |n| format!("`/{n}`"))
}

/// Reports a skill or command name Claude Code will not offer (AG704).
pub(crate) fn check_path_name(ctx: &mut Ctx<'_>) {
    let Some(name) = ctx.file_stem else {
        return;
    };
    if is_showable(name) {
        return;
    }
    let from = if ctx.kind == FileKind::ClaudeCommand {
        "its path below `commands/` (`/` read as `:`)"
    } else {
        "its folder"
    };
    let range = first_line(ctx.text);
    let message = format!(
        "Claude Code names this {} \"{name}\" after {from}, and drops it: a name may not hold `<`, `>`, control, invisible or blank-like characters, two spaces in a row, a space beside `:`, a `:` at either end, or be over 256 characters. Rename the {}.",
        noun(ctx),
        if ctx.kind == FileKind::ClaudeCommand {
            "file or folder"
        } else {
            "folder"
        }
    );
    ctx.push(Diagnostic::new(&r::NAME_NOT_OFFERED, range, message));
}

/// What Claude Code shows for a skill or command whose frontmatter it cannot read.
pub(crate) fn fallback(ctx: &mut Ctx<'_>, f: &Fallback) {
    check_path_name(ctx);
    let default = if ctx.kind == FileKind::ClaudeCommand {
        "Custom command"
    } else {
        "Skill"
    };
    let description = shown(&body_fallback(&ctx.text[f.body.clone()], default));
    if f.mistake {
        ctx.push(Diagnostic::new(
            &r::FIELDS_UNREAD,
            f.range.clone(),
            format!(
                "{}: Claude Code reads no field of this {} and loads it as {} with the description \"{description}\" (the first line of what it takes for the body). Fix the frontmatter.",
                f.why,
                noun(ctx),
                invoked(ctx)
            ),
        ));
    } else {
        ctx.push(Diagnostic::new(
            &r::DESCRIPTION_FALLBACK,
            f.range.clone(),
            format!(
                "{}: Claude Code lists {} with the first line of its body as the description: \"{description}\". Add a frontmatter with a `description` saying what it does and when to use it.",
                f.why,
                invoked(ctx)
            ),
        ));
    }
}

/// Copilot CLI reads `.claude/skills` too, strictly: what it would refuse,
/// as warnings, when it is targeted.
fn check_copilot(ctx: &mut Ctx<'_>, fm: &Frontmatter) {
    use crate::formats::target::Tool;
    if ctx.kind != FileKind::ClaudeSkill || !ctx.tools.has(Tool::CopilotCli) {
        return;
    }
    for f in crate::formats::agent_skill::rules::judge(ctx.text, Some(fm), None, Tool::CopilotCli) {
        let mut d = Diagnostic::new(
            &r::OTHER_TOOL_REFUSES,
            f.range,
            format!(
                "Copilot CLI, which reads .claude/skills too, refuses this skill: {}. Claude Code loads it.",
                f.why
            ),
        );
        if let Some(fix) = f.fix {
            d = d.with_fix(fix);
        }
        ctx.push(d);
    }
}

/// Runs every skill or command rule on a frontmatter that parsed as a mapping.
pub(crate) fn check(ctx: &mut Ctx<'_>, fm: &Frontmatter) {
    check_path_name(ctx);
    check_copilot(ctx, fm);
    let view = fm.view();
    let entries = fm.entries();
    let guard_outside = fm
        .root
        .as_ref()
        .and_then(|root| hooks::outside_hooks(&view, root));
    for e in entries {
        let Some(key) = e.key.as_str() else {
            continue;
        };
        if view.is_merge(e) || Some(&e.key.span) == guard_outside.as_ref() {
            continue;
        }
        if cat::FIELDS.iter().any(|f| f.name == key) || cat::QUIET_KEYS.contains(&key) {
            continue;
        }
        let hint = crate::formats::catalog::closest(key, cat::FIELDS.iter().map(|f| f.name));
        let mut d = Diagnostic::new(
            &r::UNKNOWN_KEY,
            e.key.span.clone(),
            format!(
                "Unknown key \"{key}\": Claude Code ignores it in a {}.{}",
                noun(ctx),
                hint.map_or(String::new(), |h| format!(" Did you mean \"{h}\"?"))
            ),
        );
        if let Some(h) = hint {
            d = d.replace(format!("Replace with \"{h}\""), e.key.span.clone(), h);
        }
        ctx.push(d);
    }
    if let Some(at) = guard_outside {
        ctx.push(Diagnostic::new(
            &r::GUARD_HOOKS_DROP_TOOLS,
            at,
            format!(
                "Hook configuration outside `hooks:` (a PreToolUse/PermissionRequest key, or hook entries nested under another key): Claude Code loads this {} with no hooks and none of its allowed-tools. Move it under `hooks:`.",
                noun(ctx)
            ),
        ));
    }
    check_description(ctx, fm);
    check_name(ctx, fm);
    check_values(ctx, fm);
    if let Some(node) = fm.get("hooks") {
        for f in hooks::check(&view, node) {
            let range = f.range.clone();
            let mut d = if f.refuses {
                Diagnostic::new(
                    &r::GUARD_HOOKS_DROP_TOOLS,
                    f.range,
                    format!(
                        "{}: Claude Code loads this {} with no hooks and none of its allowed-tools, in case this hook was meant to guard them.",
                        f.message,
                        noun(ctx)
                    ),
                )
            } else {
                Diagnostic::new(
                    &r::HOOK_IGNORED,
                    f.range,
                    format!(
                        "{}: Claude Code logs a warning and loads the {} without this entry.",
                        f.message,
                        noun(ctx)
                    ),
                )
            };
            if let Some(best) = f.replace {
                d = d.replace(format!("Replace with \"{best}\""), range, best);
            }
            ctx.push(d);
        }
    }
}

fn check_description(ctx: &mut Ctx<'_>, fm: &Frontmatter) {
    let default = if ctx.kind == FileKind::ClaudeCommand {
        "Custom command"
    } else {
        "Skill"
    };
    let body = &ctx.text[fm.located.body_start..];
    let fallback = shown(&body_fallback(body, default));
    let node = fm.get("description");
    match node.map(|n| &n.kind) {
        Some(NodeKind::Seq(_) | NodeKind::Map(_)) => {
            let range = node.map(|n| n.span.clone()).unwrap_or_default();
            ctx.push(Diagnostic::new(
                &r::DESCRIPTION_NOT_TEXT,
                range,
                format!(
                    "The description is a {}: Claude Code logs \"Description invalid\" and lists {} with the first line of its body instead: \"{fallback}\". Write it as text.",
                    if matches!(node.map(|n| &n.kind), Some(NodeKind::Seq(_))) { "list" } else { "mapping" },
                    invoked(ctx)
                ),
            ));
        }
        Some(NodeKind::Scalar(s)) if s.value != ScalarValue::Null && !s.text.trim().is_empty() => {}
        _ => {
            let range = match node {
                Some(n) if !n.span.is_empty() => n.span.clone(),
                _ => fm
                    .entries()
                    .iter()
                    .rev()
                    .find(|e| e.key.as_str() == Some("description"))
                    .map_or(fm.located.open.clone(), |e| e.key.span.clone()),
            };
            ctx.push(Diagnostic::new(
                &r::DESCRIPTION_FALLBACK,
                range,
                format!(
                    "No description: Claude Code lists {} with the first line of its body instead: \"{fallback}\". Write a `description` saying what it does and when to use it.",
                    invoked(ctx)
                ),
            ));
        }
    }
}

fn check_name(ctx: &mut Ctx<'_>, fm: &Frontmatter) {
    let Some(entry) = fm
        .entries()
        .iter()
        .rev()
        .find(|e| e.key.as_str() == Some("name"))
    else {
        return;
    };
    if ctx.kind == FileKind::ClaudeCommand {
        let by_path = ctx
            .file_stem
            .map_or(String::new(), |n| format!(" (this one is `/{n}`)"));
        let lines =
            crate::analysis::whole_lines(ctx.text, entry.key.span.start, entry.value.span.end);
        ctx.push(
            Diagnostic::new(
                &r::COMMAND_NAME_IGNORED,
                entry.key.span.clone(),
                format!("Claude Code ignores `name` in a command: a command is named by its path{by_path}. Rename the file to rename it."),
            )
            .replace("Remove `name`", lines, ""),
        );
        return;
    }
    let value = fm.get("name");
    if let Some(Node {
        kind: NodeKind::Scalar(s),
        span,
        ..
    }) = value
        && s.text.encode_utf16().count() > 256
    {
        ctx.push(Diagnostic::new(
            &r::VALUE_IGNORED,
            span.clone(),
            "This display name is over 256 characters: Claude Code logs a warning and ignores it.",
        ));
    }
}

fn check_values(ctx: &mut Ctx<'_>, fm: &Frontmatter) {
    for (key, if_unread) in [
        (
            "disable-model-invocation",
            "read as false: the model may still invoke it",
        ),
        (
            "user-invocable",
            "read as false: it is hidden from the `/` menu",
        ),
        ("background", "read as unset"),
    ] {
        let Some(node) = fm.get(key) else { continue };
        if matches!(&node.kind, NodeKind::Scalar(s) if s.value == ScalarValue::Null) {
            continue;
        }
        if read_bool(node).is_none() {
            ctx.push(Diagnostic::new(
                &r::VALUE_IGNORED,
                node.span.clone(),
                format!("`{key}` takes true or false (or yes/no, on/off, 1/0): Claude Code cannot read this value and it is {if_unread}."),
            ));
        }
    }
    if let Some(node) = fm.get("effort") {
        let ok = match &node.kind {
            NodeKind::Scalar(s) => match s.value {
                ScalarValue::Int(_) | ScalarValue::Null => true,
                ScalarValue::Str => {
                    let t = s.text.trim().to_ascii_lowercase();
                    cat_effort(&t) || t.parse::<i64>().is_ok()
                }
                _ => false,
            },
            _ => false,
        };
        if !ok {
            ctx.push(Diagnostic::new(
                &r::VALUE_IGNORED,
                node.span.clone(),
                "Not an effort level: Claude Code logs \"invalid effort\" and ignores it. Use low, medium, high, xhigh, max or an integer.",
            ).with_fix_replacements(node.span.clone(), &["low", "medium", "high", "xhigh", "max"], node.as_str()));
        }
    }
    if let Some(node) = fm.get("shell") {
        let ok = match &node.kind {
            NodeKind::Scalar(s) if s.value == ScalarValue::Null => true,
            NodeKind::Scalar(s) => {
                cat::SHELLS.contains(&s.text.trim().to_ascii_lowercase().as_str())
            }
            _ => false,
        };
        if !ok {
            ctx.push(Diagnostic::new(
                &r::VALUE_IGNORED,
                node.span.clone(),
                "Claude Code knows only the shells bash and powershell: it logs a warning and falls back to bash.",
            ).with_fix_replacements(node.span.clone(), cat::SHELLS, node.as_str()));
        }
    }
    if let Some(node) = fm.get("context") {
        let value = node.as_str();
        if !matches!(&node.kind, NodeKind::Scalar(s) if s.value == ScalarValue::Null)
            && value != Some("fork")
            && value != Some("inline")
        {
            let mut d = Diagnostic::new(
                &r::VALUE_IGNORED,
                node.span.clone(),
                "Only `context: fork` means anything (exactly that, lowercase): Claude Code runs this inline, in the conversation.",
            );
            if value.is_some_and(|v| v.trim().eq_ignore_ascii_case("fork")) {
                d = d.replace("Replace with \"fork\"", node.span.clone(), "fork");
            }
            ctx.push(d);
        }
    }
    if let Some(node) = fm.get("model")
        && matches!(node.kind, NodeKind::Seq(_) | NodeKind::Map(_))
    {
        ctx.push(Diagnostic::new(
            &r::VALUE_IGNORED,
            node.span.clone(),
            "`model` takes a model alias or id as text: Claude Code ignores this value and uses the conversation's model.",
        ));
    }
    if let Some(node) = fm.get("metadata")
        && !matches!(node.kind, NodeKind::Map(_))
        && !matches!(&node.kind, NodeKind::Scalar(s) if s.value == ScalarValue::Null)
    {
        ctx.push(Diagnostic::new(
            &r::VALUE_IGNORED,
            node.span.clone(),
            "`metadata` must be a mapping: Claude Code drops this value.",
        ));
    }
    if let Some(node) = fm.get("arguments")
        && matches!(node.kind, NodeKind::Map(_))
    {
        ctx.push(Diagnostic::new(
            &r::VALUE_IGNORED,
            node.span.clone(),
            "`arguments` takes names separated by spaces, or a list: Claude Code ignores a mapping.",
        ));
    }
}

fn cat_effort(level: &str) -> bool {
    crate::formats::claude_agent::catalog::EFFORT_LEVELS.contains(&level)
}

/// A diagnostic with a fix replacing the value by the closest of `choices`.
trait ClosestFix {
    fn with_fix_replacements(
        self,
        range: std::ops::Range<usize>,
        choices: &'static [&'static str],
        value: Option<&str>,
    ) -> Self;
}

impl ClosestFix for Diagnostic {
    fn with_fix_replacements(
        self,
        range: std::ops::Range<usize>,
        choices: &'static [&'static str],
        value: Option<&str>,
    ) -> Self {
        match value
            .and_then(|v| crate::formats::catalog::closest(v.trim(), choices.iter().copied()))
        {
            Some(best) => self.replace(format!("Replace with \"{best}\""), range, best),
            None => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_fallback_is_the_first_line_or_heading() {
        assert_eq!(
            body_fallback("\n\n# Review helper\nMore", "Skill"),
            "Review helper"
        );
        assert_eq!(
            body_fallback("   # Indented heading\n", "Skill"),
            "Indented heading"
        );
        assert_eq!(
            body_fallback("#NoSpace heading\n", "Skill"),
            "#NoSpace heading"
        );
        assert_eq!(body_fallback("#\n", "Skill"), "#");
        assert_eq!(body_fallback("## Second\n", "Skill"), "Second");
        assert_eq!(body_fallback(" \n\t\n", "Custom command"), "Custom command");
        let long = "x".repeat(120);
        assert_eq!(
            body_fallback(&long, "Skill"),
            format!("{}...", "x".repeat(97))
        );
    }

    #[test]
    fn shown_collapses_breaks_and_escapes_angles() {
        assert_eq!(shown("First.\n\nSecond."), "First. Second.");
        assert_eq!(shown("Use <when> a\tb"), "Use &lt;when&gt; a b");
    }

    #[test]
    fn showable_names() {
        for ok in [
            "review",
            "with space",
            "emoji🚀",
            "a.b",
            "日本語",
            "a--b",
            "git:commit",
            "a:b:c",
        ] {
            assert!(is_showable(ok), "{ok}");
        }
        for bad in [
            "",
            "name<tag>",
            "two  spaces",
            "end:",
            ":start",
            "a :b",
            "a: b",
            "zero\u{200B}width",
            "tab\there",
            " lead",
            "trail ",
            &"x".repeat(257),
        ] {
            assert!(!is_showable(bad), "{bad:?}");
        }
    }

    #[test]
    fn booleans_as_claude_reads_them() {
        let parse = |v: &str| {
            let doc = crate::frontmatter::yaml::parse(&format!("k: {v}")).expect("yaml");
            read_bool(doc.root.as_ref().and_then(|r| r.get("k")).expect("k"))
        };
        for t in [
            "true", "yes", "on", "1", "'true'", "TRUE", "True", "' Yes '",
        ] {
            assert_eq!(parse(t), Some(true), "{t}");
        }
        for f in ["false", "no", "off", "0", "'false'"] {
            assert_eq!(parse(f), Some(false), "{f}");
        }
        for u in ["maybe", "[true]", "2"] {
            assert_eq!(parse(u), None, "{u}");
        }
    }
}
