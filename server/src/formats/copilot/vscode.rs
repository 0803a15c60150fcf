//! VS Code 1.139's prompt-file validator (`prompts-diagnostics-provider`
//! in its workbench, see `docs/formats/copilot-prompt.md`), for prompt
//! files, chat modes and the VS Code side of custom agents.
//!
//! VS Code never refuses these files: its markers, errors included, flag
//! values it ignores, so every one is a warning here, quoting VS Code's
//! message. Its header is read by its own lenient YAML parser
//! ([`super::vscode_yaml`]), into the tree below; a custom agent's is read
//! by Copilot CLI's strict one and converted ([`from_yaml`]).

use std::ops::Range;

use crate::analysis::Ctx;
use crate::analysis::diagnostic::Diagnostic;
use crate::analysis::rules as r;
use crate::frontmatter::object::View;
use crate::frontmatter::yaml::{Node, NodeKind, Style};

/// How a scalar was written, as VS Code's parser records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Unquoted (`none`).
    Plain,
    /// `'single'`.
    Single,
    /// `"double"`.
    Double,
    /// `|` or `>`.
    Block,
}

/// A node of VS Code's header tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VNode {
    /// A scalar: its text, how it was written, where.
    Scalar(String, Format, Range<usize>),
    /// A list.
    Seq(Vec<VNode>, Range<usize>),
    /// A mapping: (key text, key range, value).
    Map(Vec<(String, Range<usize>, VNode)>, Range<usize>),
}

impl VNode {
    /// Where it is.
    #[must_use]
    pub fn range(&self) -> Range<usize> {
        match self {
            VNode::Scalar(_, _, r) | VNode::Seq(_, r) | VNode::Map(_, r) => r.clone(),
        }
    }

    /// The scalar's text.
    #[must_use]
    pub fn scalar(&self) -> Option<&str> {
        match self {
            VNode::Scalar(s, _, _) => Some(s),
            _ => None,
        }
    }

    /// The first entry for `key` (VS Code's `attributes.find`).
    #[must_use]
    pub fn attribute(&self, key: &str) -> Option<(&Range<usize>, &VNode)> {
        match self {
            VNode::Map(props, _) => props
                .iter()
                .find(|(k, _, _)| k == key)
                .map(|(_, r, v)| (r, v)),
            _ => None,
        }
    }

    /// VS Code's boolean: a plain `true` or `false`.
    #[must_use]
    pub fn is_boolean(&self) -> bool {
        matches!(self, VNode::Scalar(s, Format::Plain, _) if s == "true" || s == "false")
    }
}

/// A YAML tree (a custom agent's, parsed strictly) as VS Code's tree.
#[must_use]
pub fn from_yaml(view: &View<'_>, node: &Node) -> VNode {
    from_yaml_at(view, node, 0)
}

fn from_yaml_at(view: &View<'_>, node: &Node, depth: usize) -> VNode {
    let node = view.resolve(node);
    let span = node.span.clone();
    match &node.kind {
        _ if depth > 64 => VNode::Scalar(String::new(), Format::Plain, span),
        NodeKind::Scalar(s) => {
            let format = match s.style {
                Style::Plain => Format::Plain,
                Style::SingleQuoted => Format::Single,
                Style::DoubleQuoted => Format::Double,
                Style::Literal | Style::Folded => Format::Block,
            };
            VNode::Scalar(s.text.to_string(), format, span)
        }
        NodeKind::Alias(_) => VNode::Scalar(String::new(), Format::Plain, span),
        NodeKind::Seq(items) => VNode::Seq(
            items
                .iter()
                .map(|n| from_yaml_at(view, n, depth + 1))
                .collect(),
            span,
        ),
        NodeKind::Map(entries) => VNode::Map(
            entries
                .iter()
                .map(|e| {
                    let key = match &view.resolve(&e.key).kind {
                        NodeKind::Scalar(s) => s.text.to_string(),
                        _ => String::new(),
                    };
                    let range = e.key.span.start..e.value.span.end.max(e.key.span.end);
                    (key, range, from_yaml_at(view, &e.value, depth + 1))
                })
                .collect(),
            span,
        ),
    }
}

/// The keys VS Code reads in an agent file (and a chat mode) with no target
/// or `target: vscode` (`infer` is accepted too, and flagged as deprecated).
pub const AGENT_KEYS: &[&str] = &[
    "name",
    "description",
    "model",
    "reasoning-effort",
    "tools",
    "handoffs",
    "argument-hint",
    "target",
    "agents",
    "hooks",
    "user-invocable",
    "disable-model-invocation",
    "github",
];

/// The keys of an agent file with `target: github-copilot`.
pub const GITHUB_AGENT_KEYS: &[&str] = &[
    "name",
    "description",
    "tools",
    "target",
    "model",
    "reasoning-effort",
    "mcp-servers",
    "github",
    "infer",
];

/// The keys VS Code reads in a prompt file (`mode` is accepted too, and
/// flagged as deprecated).
pub const PROMPT_KEYS: &[&str] = &[
    "name",
    "description",
    "model",
    "tools",
    "agent",
    "argument-hint",
];

/// The hook events of an agent without a target or with `target: vscode`.
const VSCODE_EVENTS: &[&str] = &[
    "SessionStart",
    "UserPromptSubmit",
    "PreToolUse",
    "PostToolUse",
    "PreCompact",
    "SubagentStart",
    "SubagentStop",
    "Stop",
];

/// The hook events with no target (every event VS Code knows).
const ALL_EVENTS: &[&str] = &[
    "SessionStart",
    "SessionEnd",
    "UserPromptSubmit",
    "PreToolUse",
    "PostToolUse",
    "PreCompact",
    "SubagentStart",
    "SubagentStop",
    "Stop",
    "ErrorOccurred",
];

/// The hook events with `target: github-copilot`.
const GITHUB_EVENTS: &[&str] = &[
    "sessionStart",
    "sessionEnd",
    "userPromptSubmitted",
    "preToolUse",
    "postToolUse",
    "agentStop",
    "subagentStop",
    "errorOccurred",
];

/// The GitHub token's permission scopes, with the values each takes.
pub const PERMISSIONS: &[(&str, &[&str])] = &[
    ("actions", &["read", "write", "none"]),
    ("checks", &["read", "none"]),
    ("contents", &["read", "write", "none"]),
    ("discussions", &["read", "write", "none"]),
    ("issues", &["read", "write", "none"]),
    ("metadata", &["read"]),
    ("pull-requests", &["read", "write", "none"]),
    ("security-events", &["read", "none"]),
    ("workflows", &["write", "none"]),
];

/// Which file VS Code validates, and so which rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A custom agent: Copilot CLI's rules already cover the fields both
    /// read (their types are refusals there); only VS Code's own are
    /// checked.
    Agent,
    /// A chat mode: an agent for VS Code alone.
    ChatMode,
    /// A prompt file.
    Prompt,
}

/// The agent's target as VS Code reads it (`vscode`, `github-copilot`, or
/// none).
fn target(header: &VNode) -> Option<&str> {
    header
        .attribute("target")
        .and_then(|(_, v)| v.scalar())
        .filter(|t| matches!(*t, "vscode" | "github-copilot"))
}

/// Reports a VS Code marker as a warning.
fn flag(ctx: &mut Ctx<'_>, range: Range<usize>, vscode: &str, then: &str) {
    ctx.push(Diagnostic::new(
        &r::VSCODE_VALUE_INVALID,
        range,
        format!("VS Code flags this (\"{vscode}\"){then}."),
    ));
}

/// VS Code's checks of a custom agent that Copilot CLI does not make.
pub(crate) fn agent_fields(ctx: &mut Ctx<'_>, header: &VNode) {
    validate(ctx, header, Kind::Agent);
}

/// VS Code's checks of a header (`VNode::Map`), for a file of `kind`.
pub(crate) fn validate(ctx: &mut Ctx<'_>, header: &VNode, kind: Kind) {
    let VNode::Map(props, _) = header else {
        return;
    };
    let target = target(header);
    if kind != Kind::Agent {
        unsupported(ctx, props, kind, target);
        name_and_description(ctx, header);
    }
    argument_hint(ctx, header);
    match kind {
        Kind::Prompt => {
            let agent = prompt_agent(ctx, header);
            let agent_mode = agent.is_none_or(|a| !matches!(a, "ask" | "edit"));
            tools(ctx, header, agent_mode);
            model(ctx, header);
        }
        Kind::Agent | Kind::ChatMode => {
            if kind == Kind::ChatMode {
                booleans(ctx, header);
                tools(ctx, header, true);
                if let Some((_, v)) = header.attribute("infer") {
                    flag(
                        ctx,
                        v.range(),
                        "The 'infer' attribute is deprecated in favour of 'user-invocable' and 'disable-model-invocation'.",
                        ": use `disable-model-invocation` and `user-invocable`",
                    );
                }
            }
            target_value(ctx, header);
            hooks(ctx, header, target);
            if target != Some("github-copilot") {
                if kind == Kind::ChatMode {
                    model(ctx, header);
                } else {
                    model_list(ctx, header);
                }
                handoffs(ctx, header);
                agents(ctx, header);
            }
            github(ctx, header);
        }
    }
}

/// Keys VS Code does not read in this kind of file.
fn unsupported(
    ctx: &mut Ctx<'_>,
    props: &[(String, Range<usize>, VNode)],
    kind: Kind,
    target: Option<&str>,
) {
    let (known, also, noun): (&[&str], &[&str], &str) = match (kind, target) {
        (Kind::Prompt, _) => (PROMPT_KEYS, &["mode"], "prompt files"),
        (_, Some("github-copilot")) => {
            (GITHUB_AGENT_KEYS, &[], "custom GitHub Copilot agent files")
        }
        _ => (
            AGENT_KEYS,
            &["infer", "advancedOptions"],
            "VS Code agent files",
        ),
    };
    for (key, range, _) in props {
        if known.contains(&key.as_str()) || also.contains(&key.as_str()) {
            continue;
        }
        let key_range = range.start..range.start + key.len().min(range.len());
        let ignored_locally =
            kind == Kind::ChatMode && target.is_none() && GITHUB_AGENT_KEYS.contains(&key.as_str());
        let vscode = if ignored_locally {
            format!("Attribute '{key}' is ignored when running locally in VS Code.")
        } else {
            format!(
                "Attribute '{key}' is not supported in {noun}. Supported: {}.",
                sorted(known)
            )
        };
        let hint = crate::formats::catalog::closest(key, known.iter().copied());
        let mut d = Diagnostic::new(
            &r::VSCODE_UNSUPPORTED_FIELD,
            key_range.clone(),
            format!(
                "VS Code ignores `{key}` here (\"{vscode}\").{}",
                hint.map_or(String::new(), |h| format!(" Did you mean `{h}`?"))
            ),
        );
        if let Some(h) = hint
            && !props.iter().any(|(k, _, _)| k == h)
        {
            d = d.replace(format!("Replace with \"{h}\""), key_range, h);
        }
        ctx.push(d);
    }
}

fn sorted(keys: &[&str]) -> String {
    let mut v = keys.to_vec();
    v.sort_unstable();
    v.join(", ")
}

/// `name`, `description`: text, not blank.
fn name_and_description(ctx: &mut Ctx<'_>, header: &VNode) {
    for (key, not_text, blank) in [
        (
            "name",
            "The 'name' attribute must be a string.",
            "The 'name' attribute must not be empty.",
        ),
        (
            "description",
            "The 'description' attribute must be a string.",
            "The 'description' attribute should not be empty.",
        ),
    ] {
        let Some((range, v)) = header.attribute(key) else {
            continue;
        };
        match v.scalar() {
            None => flag(ctx, range.clone(), not_text, " and ignores it"),
            Some(s) if s.trim().is_empty() => flag(ctx, v.range(), blank, ""),
            Some(_) => {}
        }
    }
}

fn argument_hint(ctx: &mut Ctx<'_>, header: &VNode) {
    let Some((range, v)) = header.attribute("argument-hint") else {
        return;
    };
    match v.scalar() {
        None => flag(
            ctx,
            range.clone(),
            "The 'argument-hint' attribute must be a string.",
            " and ignores it",
        ),
        Some(s) if s.trim().is_empty() => flag(
            ctx,
            v.range(),
            "The 'argument-hint' attribute should not be empty.",
            "",
        ),
        Some(_) => {}
    }
}

/// A prompt file's `agent` (or `mode`): the value, when it is text.
fn prompt_agent<'a>(ctx: &mut Ctx<'_>, header: &'a VNode) -> Option<&'a str> {
    let agent = header.attribute("agent");
    if let Some((range, _)) = header.attribute("mode") {
        let key = range.start..range.start + 4;
        let mut d = Diagnostic::new(
            &r::VSCODE_MODE_DEPRECATED,
            key.clone(),
            if agent.is_some() {
                "`mode` is the old name of `agent`, which is set: VS Code ignores `mode` (\"The 'mode' attribute has been deprecated. The 'agent' attribute is used instead.\"). Remove it."
            } else {
                "`mode` is the old name of `agent`: VS Code still reads it, but flags it as deprecated (\"The 'mode' attribute has been deprecated. Please rename it to 'agent'.\")."
            },
        );
        if agent.is_some() {
            if let Some(lines) = own_lines(ctx.text, range) {
                d = d.replace("Remove `mode`", lines, "");
            }
        } else {
            d = d.replace("Rename to `agent`", key, "agent");
        }
        ctx.push(d);
    }
    let (range, v) = agent.or_else(|| header.attribute("mode"))?;
    let key = if agent.is_some() { "agent" } else { "mode" };
    match v.scalar() {
        None => {
            flag(
                ctx,
                v.range(),
                &format!("The '{key}' attribute must be a string."),
                " and ignores it",
            );
            let _ = range;
            None
        }
        Some(s) if s.trim().is_empty() => {
            flag(
                ctx,
                v.range(),
                &format!("The '{key}' attribute must be a non-empty string."),
                " and ignores it",
            );
            None
        }
        Some(s) => Some(s),
    }
}

/// The whole lines of an attribute, when nothing else is on them.
fn own_lines(text: &str, range: &Range<usize>) -> Option<Range<usize>> {
    let lines = crate::analysis::whole_lines(text, range.start, range.end);
    let before = text.get(lines.start..range.start)?;
    let after = text.get(range.end..lines.end)?.trim();
    (before.trim().is_empty() && (after.is_empty() || after.starts_with('#'))).then_some(lines)
}

/// `tools`: a list or a comma-separated string; in a prompt run by `ask`
/// or `edit`, ignored.
fn tools(ctx: &mut Ctx<'_>, header: &VNode, agent_mode: bool) {
    let Some((range, v)) = header.attribute("tools") else {
        return;
    };
    if !agent_mode {
        let key = range.start..range.start + 5;
        ctx.push(Diagnostic::new(
            &r::VSCODE_TOOLS_IGNORED,
            key,
            "This prompt runs with `agent: ask` or `edit`, which use no tools: VS Code ignores `tools` (\"The 'tools' attribute is only supported when using agents. Attribute will be ignored.\"). Remove it, or run the prompt with `agent: agent`.",
        ));
    }
    match v {
        VNode::Scalar(..) => {}
        VNode::Seq(items, _) => {
            for item in items {
                if item.scalar().is_none() {
                    flag(
                        ctx,
                        item.range(),
                        "Each tool name in the 'tools' attribute must be a string.",
                        " and ignores it",
                    );
                }
            }
        }
        VNode::Map(..) => flag(
            ctx,
            v.range(),
            "The 'tools' attribute must be an array or a comma separated string.",
            " and ignores it",
        ),
    }
}

/// `model`: text or a list of text, not blank, not `[]`.
fn model(ctx: &mut Ctx<'_>, header: &VNode) {
    let Some((_, v)) = header.attribute("model") else {
        return;
    };
    match v {
        VNode::Map(..) => flag(
            ctx,
            v.range(),
            "The 'model' attribute must be a string or an array of strings.",
            " and ignores it",
        ),
        VNode::Scalar(s, _, r) if s.trim().is_empty() => flag(
            ctx,
            r.clone(),
            "The 'model' attribute must be a non-empty string.",
            " and ignores it",
        ),
        VNode::Scalar(..) => {}
        VNode::Seq(..) => model_list(ctx, header),
    }
}

/// A `model` list: not empty, only text, none blank (what Copilot CLI does
/// not check: it takes any list).
fn model_list(ctx: &mut Ctx<'_>, header: &VNode) {
    let Some((_, VNode::Seq(items, range))) = header.attribute("model") else {
        return;
    };
    if items.is_empty() {
        flag(
            ctx,
            range.clone(),
            "The 'model' array must not be empty.",
            " and ignores it",
        );
        return;
    }
    for item in items {
        match item.scalar() {
            None => {
                flag(
                    ctx,
                    item.range(),
                    "The 'model' array must contain only strings.",
                    " and ignores the list",
                );
                return;
            }
            Some(s) if s.trim().is_empty() => {
                flag(
                    ctx,
                    item.range(),
                    "Model names in the array must be non-empty strings.",
                    " and ignores the list",
                );
                return;
            }
            Some(_) => {}
        }
    }
}

/// `user-invocable`, `disable-model-invocation`: plain booleans.
fn booleans(ctx: &mut Ctx<'_>, header: &VNode) {
    for key in ["user-invocable", "disable-model-invocation"] {
        if let Some((_, v)) = header.attribute(key)
            && !v.is_boolean()
        {
            flag(
                ctx,
                v.range(),
                &format!("The '{key}' attribute must be 'true' or 'false'."),
                " and ignores it",
            );
        }
    }
}

/// `target`: `vscode` or `github-copilot`.
fn target_value(ctx: &mut Ctx<'_>, header: &VNode) {
    let Some((_, v)) = header.attribute("target") else {
        return;
    };
    let message = match v.scalar().map(str::trim) {
        None => "The 'target' attribute must be a string.",
        Some("") => "The 'target' attribute must be a non-empty string.",
        Some("github-copilot" | "vscode") => return,
        Some(_) => "The 'target' attribute must be one of: github-copilot, vscode.",
    };
    let mut d = Diagnostic::new(
        &r::VSCODE_VALUE_INVALID,
        v.range(),
        format!(
            "VS Code flags this (\"{message}\") and reads the agent as meant for both VS Code and GitHub Copilot."
        ),
    );
    if let Some(best) = v
        .scalar()
        .and_then(|s| crate::formats::catalog::closest(s.trim(), ["vscode", "github-copilot"]))
    {
        d = d.replace(format!("Replace with \"{best}\""), v.range(), best);
    }
    ctx.push(d);
}

/// `hooks`: a mapping of known events to lists of hook commands.
fn hooks(ctx: &mut Ctx<'_>, header: &VNode, target: Option<&str>) {
    let Some((_, v)) = header.attribute("hooks") else {
        return;
    };
    let VNode::Map(events, _) = v else {
        flag(
            ctx,
            v.range(),
            "The 'hooks' attribute must be a map of hook event types to command arrays.",
            " and runs no hooks",
        );
        return;
    };
    let known = match target {
        Some("vscode") => VSCODE_EVENTS,
        Some(_) => GITHUB_EVENTS,
        None => ALL_EVENTS,
    };
    for (event, range, value) in events {
        if !known.contains(&event.as_str()) {
            let key = range.start..range.start + event.len().min(range.len());
            let mut d = Diagnostic::new(
                &r::VSCODE_VALUE_INVALID,
                key.clone(),
                format!(
                    "VS Code flags this (\"Unknown hook event type '{event}'. Supported: {}.\") and never runs it.",
                    known.join(", ")
                ),
            );
            if let Some(best) = crate::formats::catalog::closest(event, known.iter().copied()) {
                d = d.replace(format!("Replace with \"{best}\""), key, best);
            }
            ctx.push(d);
        }
        let VNode::Seq(commands, _) = value else {
            flag(
                ctx,
                value.range(),
                &format!(
                    "Hook event '{event}' must have an array of command objects as its value."
                ),
                " and runs none of them",
            );
            continue;
        };
        for c in commands {
            hook_command(ctx, c, target == Some("github-copilot"), 0);
        }
    }
}

fn hook_command(ctx: &mut Ctx<'_>, c: &VNode, github: bool, depth: usize) {
    let VNode::Map(props, range) = c else {
        flag(
            ctx,
            c.range(),
            "Each hook command must be an object.",
            " and ignores it",
        );
        return;
    };
    if let Some((_, _, inner)) = props.iter().find(|(k, _, _)| k == "hooks") {
        // A Claude Code matcher: `{matcher, hooks: [...]}`.
        for (k, r, _) in props {
            if k != "hooks" && k != "matcher" {
                flag(
                    ctx,
                    r.start..r.start + k.len().min(r.len()),
                    &format!("Unknown property '{k}' in hook matcher."),
                    " and ignores it",
                );
            }
        }
        match inner {
            VNode::Seq(items, _) if depth < 4 => {
                for i in items {
                    hook_command(ctx, i, github, depth + 1);
                }
            }
            VNode::Seq(..) => {}
            _ => flag(
                ctx,
                inner.range(),
                "The 'hooks' property in a matcher must be an array of command objects.",
                " and ignores it",
            ),
        }
        return;
    }
    let commands: &[&str] = if github {
        &["bash", "powershell"]
    } else {
        &["command", "windows", "linux", "osx", "bash", "powershell"]
    };
    let allowed: &[&str] = if github {
        &["type", "bash", "powershell", "cwd", "env", "timeoutSec"]
    } else {
        &[
            "type",
            "command",
            "windows",
            "linux",
            "osx",
            "bash",
            "powershell",
            "cwd",
            "env",
            "timeout",
        ]
    };
    let (mut has_type, mut has_command) = (false, false);
    for (k, r, v) in props {
        let key = r.start..r.start + k.len().min(r.len());
        if !allowed.contains(&k.as_str()) {
            flag(
                ctx,
                key,
                &format!("Unknown property '{k}' in hook command."),
                " and ignores it",
            );
        }
        if k == "type" {
            has_type = true;
            if v.scalar() != Some("command") {
                flag(
                    ctx,
                    v.range(),
                    "The 'type' property in a hook command must be 'command'.",
                    " and does not run the hook",
                );
            }
        } else if commands.contains(&k.as_str()) {
            has_command = true;
            if v.scalar().is_none_or(|s| s.trim().is_empty()) {
                flag(
                    ctx,
                    v.range(),
                    &format!("The '{k}' property in a hook command must be a non-empty string."),
                    " and does not run the hook",
                );
            }
        } else if k == "cwd" && v.scalar().is_none() {
            flag(
                ctx,
                v.range(),
                "The 'cwd' property in a hook command must be a string.",
                "",
            );
        } else if k == "env" {
            match v {
                VNode::Map(vars, _) => {
                    for (name, _, value) in vars {
                        if value.scalar().is_none() {
                            flag(
                                ctx,
                                value.range(),
                                &format!("Environment variable '{name}' must have a string value."),
                                "",
                            );
                        }
                    }
                }
                _ => flag(
                    ctx,
                    v.range(),
                    "The 'env' property in a hook command must be a map of string values.",
                    "",
                ),
            }
        } else if (k == "timeout" || k == "timeoutSec")
            && v.scalar()
                .is_none_or(|s| s.trim().parse::<f64>().is_err() && !s.trim().is_empty())
        {
            flag(
                ctx,
                v.range(),
                &format!("The '{k}' property in a hook command must be a number."),
                "",
            );
        }
    }
    if !has_type {
        flag(
            ctx,
            range.clone(),
            "Hook command is missing required property 'type'.",
            " and does not run the hook",
        );
    }
    if !has_command {
        let m = if github {
            "Hook command must specify at least one of 'bash' or 'powershell'."
        } else {
            "Hook command must specify at least one of 'command', 'windows', 'linux', or 'osx'."
        };
        flag(ctx, range.clone(), m, " and does not run the hook");
    }
}

/// `handoffs`: a list of `{label, agent, prompt, send?, showContinueOn?, model?}`.
fn handoffs(ctx: &mut Ctx<'_>, header: &VNode) {
    let Some((_, v)) = header.attribute("handoffs") else {
        return;
    };
    let VNode::Seq(items, _) = v else {
        flag(
            ctx,
            v.range(),
            "The 'handoffs' attribute must be an array.",
            " and shows no handoff",
        );
        return;
    };
    let mut labels: Vec<String> = Vec::new();
    for item in items {
        let VNode::Map(props, range) = item else {
            flag(
                ctx,
                item.range(),
                "Each handoff in the 'handoffs' attribute must be an object with 'label', 'agent', 'prompt' and optional 'send'.",
                " and leaves it out",
            );
            continue;
        };
        let mut missing = vec!["label", "agent", "prompt"];
        for (k, r, value) in props {
            let text = value.scalar();
            let message = match k.as_str() {
                "label" if text.is_none_or(|t| t.trim().is_empty()) => {
                    Some("The 'label' property in a handoff must be a non-empty string.")
                }
                "label"
                    if !text
                        .unwrap_or_default()
                        .chars()
                        .any(|c| c.is_ascii_alphanumeric()) =>
                {
                    Some(
                        "The 'label' property in a handoff must contain at least one alphanumeric character.",
                    )
                }
                "agent" if text.is_none_or(|t| t.trim().is_empty()) => {
                    Some("The 'agent' property in a handoff must be a non-empty string.")
                }
                "prompt" if text.is_none() => {
                    Some("The 'prompt' property in a handoff must be a string.")
                }
                "send" if !value.is_boolean() => {
                    Some("The 'send' property in a handoff must be a boolean.")
                }
                "showContinueOn" if !value.is_boolean() => {
                    Some("The 'showContinueOn' property in a handoff must be a boolean.")
                }
                "model" if text.is_none() => {
                    Some("The 'model' property in a handoff must be a string.")
                }
                "label" | "agent" | "prompt" | "send" | "showContinueOn" | "model" => None,
                _ => {
                    flag(
                        ctx,
                        r.start..r.start + k.len().min(r.len()),
                        &format!(
                            "Unknown property '{k}' in handoff object. Supported properties are 'label', 'agent', 'prompt' and optional 'send', 'showContinueOn', 'model'."
                        ),
                        " and ignores it",
                    );
                    None
                }
            };
            if let Some(m) = message {
                flag(ctx, value.range(), m, "");
            }
            missing.retain(|m| m != k);
        }
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|m| format!("'{m}'"))
                .collect::<Vec<_>>()
                .join(", ");
            flag(
                ctx,
                range.clone(),
                &format!("Missing required properties {list} in handoff object."),
                "",
            );
        }
        if let Some((_, _, VNode::Scalar(label, _, lr))) =
            props.iter().find(|(k, _, _)| k == "label")
        {
            let lower = label.to_lowercase();
            if !lower.is_empty() {
                if labels.contains(&lower) {
                    flag(
                        ctx,
                        lr.clone(),
                        &format!(
                            "Duplicate handoff label '{label}'. Each handoff must have a unique label."
                        ),
                        "",
                    );
                } else {
                    labels.push(lower);
                }
            }
        }
    }
}

/// `agents`: a list of names; needs the `agent` tool when `tools` is set.
fn agents(ctx: &mut Ctx<'_>, header: &VNode) {
    let Some((_, v)) = header.attribute("agents") else {
        return;
    };
    let VNode::Seq(items, range) = v else {
        flag(
            ctx,
            v.range(),
            "The 'agents' attribute must be an array.",
            " and ignores it",
        );
        return;
    };
    let mut any = false;
    for item in items {
        match item.scalar() {
            None => flag(
                ctx,
                item.range(),
                "Each agent name in the 'agents' attribute must be a string.",
                " and ignores it",
            ),
            Some(s) => any |= !s.is_empty(),
        }
    }
    if any
        && let Some(tools) = tool_names(header)
        && !tools.iter().any(|t| t == "agent")
    {
        flag(
            ctx,
            range.clone(),
            "When 'agents' and 'tools' are specified, the 'agent' tool must be included in the 'tools' attribute.",
            ": add `agent` to `tools`, or no sub-agent can run",
        );
    }
}

/// The header's tools as VS Code reads them (a string split on commas).
fn tool_names(header: &VNode) -> Option<Vec<String>> {
    match header.attribute("tools")?.1 {
        VNode::Seq(items, _) => Some(
            items
                .iter()
                .filter_map(VNode::scalar)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
        VNode::Scalar(s, Format::Plain, _) => Some(
            s.split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| t.trim_matches(|c| c == '"' || c == '\'').to_owned())
                .collect(),
        ),
        VNode::Scalar(s, _, _) => Some(vec![s.clone()]),
        VNode::Map(..) => None,
    }
}

/// `github`: `{permissions: {scope: value}}`.
fn github(ctx: &mut Ctx<'_>, header: &VNode) {
    let Some((_, v)) = header.attribute("github") else {
        return;
    };
    let VNode::Map(props, _) = v else {
        flag(
            ctx,
            v.range(),
            "The 'github' attribute must be an object.",
            " and ignores it",
        );
        return;
    };
    for (k, r, value) in props {
        if k != "permissions" {
            flag(
                ctx,
                r.start..r.start + k.len().min(r.len()),
                &format!("Unknown property '{k}' in 'github' object. Supported: 'permissions'."),
                " and ignores it",
            );
            continue;
        }
        let VNode::Map(scopes, _) = value else {
            flag(
                ctx,
                value.range(),
                "The 'permissions' property must be an object.",
                " and ignores it",
            );
            continue;
        };
        for (scope, sr, sv) in scopes {
            let Some((_, allowed)) = PERMISSIONS.iter().find(|(s, _)| s == scope) else {
                let names: Vec<&str> = PERMISSIONS.iter().map(|(s, _)| *s).collect();
                flag(
                    ctx,
                    sr.start..sr.start + scope.len().min(sr.len()),
                    &format!(
                        "Unknown permission scope '{scope}'. Valid scopes: {}.",
                        names.join(", ")
                    ),
                    " and ignores it",
                );
                continue;
            };
            match sv.scalar() {
                None => flag(
                    ctx,
                    sv.range(),
                    &format!("The permission value for '{scope}' must be a string."),
                    " and ignores it",
                ),
                Some(value) if !allowed.contains(&value) => {
                    let mut d = Diagnostic::new(
                        &r::VSCODE_VALUE_INVALID,
                        sv.range(),
                        format!(
                            "VS Code flags this (\"Invalid permission value '{value}' for scope '{scope}'. Allowed values: {}.\") and ignores it.",
                            allowed.join(", ")
                        ),
                    );
                    if let Some(best) =
                        crate::formats::catalog::closest(value, allowed.iter().copied())
                    {
                        d = d.replace(format!("Replace with \"{best}\""), sv.range(), best);
                    }
                    ctx.push(d);
                }
                Some(_) => {}
            }
        }
    }
}
