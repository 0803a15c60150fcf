//! Hooks in an agent's frontmatter, judged as Claude Code 2.1.330 judges them.
//!
//! Claude Code treats the two events that guard permissions, `PreToolUse` and
//! `PermissionRequest`, apart from the rest:
//! - hook configuration anywhere outside `hooks:` (a guard event as a key, or
//!   something shaped like a hook matcher, `{hooks: [...]}`, under another
//!   key or in a list, up to three levels down; `metadata`, `mcpServers` and
//!   `lspServers` are not searched) makes it refuse the agent, in case that
//!   hook was meant to guard it;
//! - inside `hooks:`, a malformed guard hook refuses the agent too, while a
//!   malformed entry of any other event, an unknown event, or an event whose
//!   value is not a list is dropped with a logged warning and the agent
//!   loads without it;
//! - `hooks:` itself must be a mapping: a list, a string or `true` refuses
//!   the agent; an empty value (`~`, `false`, `0`, `""`) is no hooks.
//!
//! The walks mirror the loader's own (its depth limits included) over the
//! YAML tree read as JavaScript reads it ([`View`]).

use std::ops::Range;

use super::catalog as cat;
use crate::frontmatter::object::View;
use crate::frontmatter::{Node, NodeKind, ScalarValue};

/// The events whose hooks guard permissions.
const GUARDS: &[&str] = cat::TOP_LEVEL_HOOK_ERRORS;

/// Top-level keys whose values the loader does not search for hooks.
const UNSCANNED: &[&str] = &["metadata", "mcpServers", "lspServers"];

/// What is said about one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// Where.
    pub range: Range<usize>,
    /// The loader's path to it (`hooks.Stop.0.hooks.1`), and what is wrong.
    pub message: String,
    /// Whether the loader refuses the agent for it (else it drops the entry).
    pub refuses: bool,
    /// A name to put at `range` instead (the nearest event or hook type).
    pub replace: Option<&'static str>,
}

impl Finding {
    fn new(range: Range<usize>, message: String, refuses: bool) -> Self {
        Finding {
            range,
            message,
            refuses,
            replace: None,
        }
    }
}

/// A top-level guard-event key with a value (`PreToolUse: [...]`), if any.
pub(crate) fn top_level_guard(view: &View<'_>, root: &Node) -> Option<Range<usize>> {
    guard_key(view, root)
}

/// The place that holds guard hooks, or a hook matcher, outside `hooks:` at
/// the top level of the frontmatter `root`, as the loader searches for one.
pub(crate) fn outside_hooks<'a>(view: &View<'a>, root: &'a Node) -> Option<Range<usize>> {
    if let Some(at) = guard_key(view, root) {
        return Some(at);
    }
    for p in view.entries(root) {
        if p.key == "hooks" || UNSCANNED.contains(&&*p.key) {
            continue;
        }
        let scan = Scan {
            matchers_count: !cat::HOOK_EVENTS.contains(&&*p.key),
            unscanned: UNSCANNED,
            in_hooks_list: false,
        };
        if let Some(at) = holds_hooks(view, p.value, 3, scan) {
            return Some(at);
        }
    }
    None
}

/// The findings on the value of `hooks:`.
pub(crate) fn check(view: &View<'_>, hooks: &Node) -> Vec<Finding> {
    let mut out = Vec::new();
    if view.is_falsy(hooks) {
        return out;
    }
    let resolved = view.resolve(hooks);
    let refuse =
        |out: &mut Vec<Finding>, range, message| out.push(Finding::new(range, message, true));
    let matcher_shaped = looks_like_matcher(view, resolved)
        || view
            .array(resolved)
            .is_some_and(|items| items.iter().any(|i| looks_like_matcher(view, i)));
    if matcher_shaped {
        let what = if view.array(resolved).is_some() {
            "an array of matchers"
        } else {
            "a single matcher"
        };
        refuse(
            &mut out,
            hooks.span.clone(),
            format!("hooks: must be a mapping from event names to matcher lists; received {what}"),
        );
        return out;
    }
    if !view.is_object(resolved) {
        refuse(
            &mut out,
            hooks.span.clone(),
            format!(
                "hooks: must be a mapping from event names to matcher lists, not {}",
                resolved.type_name()
            ),
        );
        return out;
    }
    for p in view.entries(resolved) {
        let event = &*p.key;
        let guard = GUARDS.contains(&event);
        let path = format!("hooks.{event}");
        if !cat::HOOK_EVENTS.contains(&event) {
            let scan = Scan {
                matchers_count: view.array(p.value).is_none(),
                ..Scan::default()
            };
            let refuses = holds_hooks(view, p.value, 3, scan).is_some();
            out.push(Finding {
                range: p.key_node.span.clone(),
                message: if refuses {
                    format!(
                        "{path}: not a hook event, but it holds PreToolUse/PermissionRequest hooks"
                    )
                } else {
                    format!("{path}: unknown hook event")
                },
                refuses,
                replace: crate::formats::catalog::closest(event, cat::HOOK_EVENTS.iter().copied()),
            });
            continue;
        }
        let Some(matchers) = view.array(p.value) else {
            let refuses = (guard && !view.is_null(p.value))
                || holds_hooks(view, p.value, 3, Scan::no_matchers()).is_some();
            out.push(Finding::new(
                span_or_key(p.value, p.key_node),
                format!(
                    "{path}: must be a list of matchers, not {}",
                    view.resolve(p.value).type_name()
                ),
                refuses,
            ));
            continue;
        };
        for (i, m) in matchers.iter().enumerate() {
            check_matcher(view, m, &format!("{path}.{i}"), guard, &mut out);
        }
    }
    out
}

/// One matcher of an event's list.
fn check_matcher(view: &View<'_>, m: &Node, path: &str, guard: bool, out: &mut Vec<Finding>) {
    let mut push = |range, message, refuses| out.push(Finding::new(range, message, refuses));
    if let Some(at) = holds_hooks(view, m, 3, Scan::no_matchers()) {
        push(
            at,
            format!(
                "{path}: holds PreToolUse/PermissionRequest hooks where a matcher was expected"
            ),
            true,
        );
        return;
    }
    let resolved = view.resolve(m);
    if !view.is_object(resolved) {
        push(
            m.span.clone(),
            format!(
                "{path}: a matcher must be a mapping such as {{matcher: Bash, hooks: [...]}}, not {}",
                resolved.type_name()
            ),
            guard,
        );
        return;
    }
    let handlers = view.get(resolved, "hooks");
    let Some(list) = handlers.and_then(|h| view.array(h)) else {
        let range = handlers.map_or_else(|| m.span.clone(), |h| h.span.clone());
        let got = handlers.map_or("nothing", |h| view.resolve(h).type_name());
        push(
            range,
            format!("{path}: the matcher's `hooks` must be a list of hook entries, not {got}"),
            guard,
        );
        return;
    };
    for (k, h) in list.iter().enumerate() {
        if let Some((range, problem, replace)) = entry_problem(view, h) {
            out.push(Finding {
                range,
                message: format!("{path}.hooks.{k}: {problem}"),
                refuses: guard,
                replace,
            });
        }
    }
    if let Some(matcher) = view.get(resolved, "matcher")
        && view.as_str(matcher).is_none()
    {
        out.push(Finding::new(
            matcher.span.clone(),
            format!(
                "{path}.matcher: must be a string (a tool name or pattern), not {}",
                view.resolve(matcher).type_name()
            ),
            guard,
        ));
    }
}

/// What is wrong with one hook entry (`{type: command, command: ...}`), if
/// anything, and where.
/// The problem, where it is, and a type name to put there instead.
fn entry_problem(
    view: &View<'_>,
    h: &Node,
) -> Option<(Range<usize>, String, Option<&'static str>)> {
    let node = view.resolve(h);
    if !view.is_object(node) {
        return Some((
            h.span.clone(),
            format!(
                "a hook entry must be a mapping such as {{type: command, command: ./check.sh}}, not {}",
                node.type_name()
            ),
            None,
        ));
    }
    let Some(ty_node) = view.get(node, "type") else {
        return Some((
            h.span.clone(),
            "the hook entry has no `type`".to_owned(),
            None,
        ));
    };
    let Some(ty) = view.as_str(ty_node) else {
        return Some((
            ty_node.span.clone(),
            format!(
                "the hook entry's `type` must be a string, not {}",
                view.resolve(ty_node).type_name()
            ),
            None,
        ));
    };
    if !cat::HOOK_TYPES.contains(&ty) {
        let mut message = format!("unknown hook type \"{ty}\"");
        let best = crate::formats::catalog::closest(ty, cat::HOOK_TYPES.iter().copied());
        if let Some(best) = best {
            message.push_str(&format!(" (did you mean \"{best}\"?)"));
        }
        message.push_str(&format!("; the types are {}", cat::HOOK_TYPES.join(", ")));
        return Some((ty_node.span.clone(), message, best));
    }
    let mut problems: Vec<(Range<usize>, String)> = Vec::new();
    let mut field = |key: &str, want: Want| match view.get(node, key) {
        None => {
            if want.required {
                problems.push((
                    h.span.clone(),
                    format!("a `{ty}` hook needs `{key}` ({})", want.what),
                ));
            }
        }
        Some(v) if !(want.ok)(view, v) => {
            problems.push((v.span.clone(), format!("`{key}` must be {}", want.what)));
        }
        Some(_) => {}
    };
    let required = |what, ok| Want {
        required: true,
        what,
        ok,
    };
    let optional = |what, ok| Want {
        required: false,
        what,
        ok,
    };
    match ty {
        "command" => {
            field("command", required("a string", is_str));
            field("args", optional("a list of strings", is_str_list));
            field(
                "shell",
                optional("bash or powershell", |v, n| {
                    matches!(v.as_str(n), Some("bash" | "powershell"))
                }),
            );
            field("onFailure", optional("continue or block", is_on_failure));
            for key in ["async", "asyncRewake", "holdsTools"] {
                field(key, optional("true or false", is_bool));
            }
            for key in ["rewakeMessage", "rewakeSummary"] {
                field(
                    key,
                    optional("a non-empty string", |v, n| {
                        v.as_str(n).is_some_and(|s| !s.is_empty())
                    }),
                );
            }
        }
        "prompt" => {
            field("prompt", required("a string", is_str));
            field("model", optional("a string", is_str));
            field("continueOnBlock", optional("true or false", is_bool));
        }
        "agent" => {
            field("prompt", required("a string", is_str));
            field("model", optional("a string", is_str));
        }
        "mcp_tool" => {
            field("server", required("a string", is_str));
            field("tool", required("a string", is_str));
            field("input", optional("a mapping", |v, n| v.is_object(n)));
        }
        "http" => {
            field(
                "url",
                required("a URL", |v, n| v.as_str(n).is_some_and(is_url)),
            );
            field("onFailure", optional("continue or block", is_on_failure));
            field(
                "headers",
                optional("a mapping of strings", |v, n| {
                    v.is_object(n) && v.entries(n).iter().all(|p| v.as_str(p.value).is_some())
                }),
            );
            field("allowedEnvVars", optional("a list of strings", is_str_list));
        }
        _ => {}
    }
    field(
        "if",
        optional(
            "a string (a permission rule such as \"Bash(git *)\")",
            is_str,
        ),
    );
    field(
        "timeout",
        optional("a positive number of seconds", |v, n| {
            match v.resolve(n).scalar().map(|s| s.value) {
                Some(ScalarValue::Int(i)) => i > 0,
                Some(ScalarValue::Float(f)) => f > 0.0 && f.is_finite(),
                _ => false,
            }
        }),
    );
    field("statusMessage", optional("a string", is_str));
    field("once", optional("true or false", is_bool));
    if problems.is_empty() {
        return None;
    }
    let range = problems[0].0.clone();
    let text: Vec<String> = problems.into_iter().map(|(_, m)| m).collect();
    Some((range, text.join("; "), None))
}

/// What a field of a hook entry must be.
struct Want {
    required: bool,
    what: &'static str,
    ok: fn(&View<'_>, &Node) -> bool,
}

fn is_str(view: &View<'_>, n: &Node) -> bool {
    view.as_str(n).is_some()
}

fn is_bool(view: &View<'_>, n: &Node) -> bool {
    matches!(
        view.resolve(n).scalar().map(|s| s.value),
        Some(ScalarValue::Bool(_))
    )
}

fn is_str_list(view: &View<'_>, n: &Node) -> bool {
    view.array(n)
        .is_some_and(|items| items.iter().all(|i| view.as_str(i).is_some()))
}

fn is_on_failure(view: &View<'_>, n: &Node) -> bool {
    matches!(view.as_str(n), Some("continue" | "block"))
}

/// Whether `s` parses as an absolute URL (a scheme, then something).
fn is_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s.contains(char::is_whitespace)
        && (!matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https")
            || rest
                .strip_prefix("//")
                .is_some_and(|h| !h.is_empty() && !h.starts_with('/')))
}

/// How a search for hooks goes on below a node.
#[derive(Debug, Clone, Copy)]
struct Scan {
    /// Whether a matcher-shaped mapping counts (not under an event name,
    /// where matchers belong).
    matchers_count: bool,
    unscanned: &'static [&'static str],
    /// Inside the `hooks` list of a matcher, where entries have a `type`.
    in_hooks_list: bool,
}

impl Default for Scan {
    fn default() -> Self {
        Scan {
            matchers_count: true,
            unscanned: &[],
            in_hooks_list: false,
        }
    }
}

impl Scan {
    fn no_matchers() -> Self {
        Scan {
            matchers_count: false,
            ..Scan::default()
        }
    }
}

/// The key of a guard event with a value (not empty, not `[]`) in the
/// mapping `node`, if it has one.
fn guard_key(view: &View<'_>, node: &Node) -> Option<Range<usize>> {
    if !view.is_object(node) {
        return None;
    }
    view.entries(node)
        .into_iter()
        .find(|p| {
            GUARDS.contains(&&*p.key)
                && !view.is_null(p.value)
                && view.array(p.value).is_none_or(|items| !items.is_empty())
        })
        .map(|p| p.key_node.span.clone())
}

/// Whether a mapping looks like a hook matcher: a non-empty `hooks` list, or
/// a `hooks` mapping beside a `matcher` or with a `type` (a mapping keyed by
/// event names without a `matcher` is not one).
fn looks_like_matcher(view: &View<'_>, node: &Node) -> bool {
    let node = view.resolve(node);
    if !view.is_object(node) {
        return false;
    }
    let entries = view.entries(node);
    let has_matcher = entries.iter().any(|p| p.key == "matcher");
    if !has_matcher && entries.iter().any(|p| cat::HOOK_EVENTS.contains(&&*p.key)) {
        return false;
    }
    let Some(hooks) = entries.iter().find(|p| p.key == "hooks").map(|p| p.value) else {
        return false;
    };
    if let Some(items) = view.array(hooks) {
        return !items.is_empty();
    }
    view.is_object(hooks)
        && (has_matcher
            || view
                .get(hooks, "type")
                .and_then(|t| view.as_str(t))
                .is_some())
}

/// Where below `node` (itself included, `depth` levels down) guard hooks or a
/// matcher-shaped mapping sit, as the loader's search finds them.
fn holds_hooks(view: &View<'_>, node: &Node, depth: usize, scan: Scan) -> Option<Range<usize>> {
    let node = view.resolve(node);
    if let Some(at) = guard_key(view, node) {
        return Some(at);
    }
    if scan.matchers_count && looks_like_matcher(view, node) {
        let at = view
            .entries(node)
            .into_iter()
            .find(|p| p.key == "hooks")
            .map_or_else(|| node.span.clone(), |p| p.key_node.span.clone());
        return Some(at);
    }
    if depth == 0 {
        return None;
    }
    if let Some(items) = view.array(node) {
        return items
            .iter()
            .find_map(|i| holds_hooks(view, i, depth - 1, scan));
    }
    if !view.is_object(node) {
        return None;
    }
    if scan.in_hooks_list
        && view
            .get(node, "type")
            .and_then(|t| view.as_str(t))
            .is_some()
    {
        return None;
    }
    view.entries(node).into_iter().find_map(|p| {
        if scan.unscanned.contains(&&*p.key) {
            return None;
        }
        let below = Scan {
            matchers_count: scan.matchers_count && !cat::HOOK_EVENTS.contains(&&*p.key),
            unscanned: scan.unscanned,
            in_hooks_list: p.key == "hooks" && view.array(p.value).is_some(),
        };
        holds_hooks(view, p.value, depth - 1, below)
    })
}

/// The value's span, or the key's when the value is empty and has none.
fn span_or_key(value: &Node, key: &Node) -> Range<usize> {
    if value.span.is_empty() && !matches!(value.kind, NodeKind::Map(_) | NodeKind::Seq(_)) {
        key.span.clone()
    } else {
        value.span.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::yaml::parse;

    fn root(text: &str) -> Node {
        parse(text).expect("yaml").root.expect("root")
    }

    fn outside(text: &str) -> Option<String> {
        let r = root(text);
        let view = View::new(Some(&r));
        outside_hooks(&view, &r).map(|at| text[at].to_owned())
    }

    fn findings(text: &str) -> Vec<(String, bool)> {
        let r = root(text);
        let view = View::new(Some(&r));
        let hooks = r.get("hooks").expect("hooks");
        check(&view, hooks)
            .into_iter()
            .map(|f| (f.message, f.refuses))
            .collect()
    }

    const MATCHER: &str = "    - hooks:\n        - type: command\n          command: x\n";

    #[test]
    fn hooks_outside_hooks_are_found_as_the_loader_finds_them() {
        assert_eq!(
            outside(&format!("PreToolUse:\n{MATCHER}")).as_deref(),
            Some("PreToolUse")
        );
        assert_eq!(outside("PreToolUse: []\n"), None);
        assert_eq!(outside("PreToolUse:\n"), None);
        assert_eq!(outside("PreToolUse: ''\n").as_deref(), Some("PreToolUse"));
        assert_eq!(outside(&format!("Stop:\n{MATCHER}")), None);
        assert_eq!(
            outside(&format!("settings:\n  PreToolUse:\n{MATCHER}")).as_deref(),
            Some("PreToolUse")
        );
        assert_eq!(
            outside(&format!("metadata:\n  PreToolUse:\n{MATCHER}")),
            None
        );
        assert_eq!(
            outside("extra:\n  - hooks:\n      - type: command\n").as_deref(),
            Some("hooks")
        );
        // Three levels below a top-level value, and no further.
        let deep = "extra:\n  a:\n    b:\n      c:\n        hooks:\n          - type: command\n";
        assert_eq!(outside(deep).as_deref(), Some("hooks"));
        let deeper = "extra:\n  a:\n    b:\n      c:\n        d:\n          hooks:\n            - type: command\n";
        assert_eq!(outside(deeper), None);
        // Under an event name, matchers are where they belong.
        assert_eq!(outside(&format!("x:\n  Stop:\n{MATCHER}")), None);
        // Through an alias.
        assert_eq!(
            outside(&format!("h: &h\n  PreToolUse:\n{MATCHER}n: *h\n")).as_deref(),
            Some("PreToolUse")
        );
    }

    #[test]
    fn malformed_guard_hooks_refuse_and_others_are_dropped() {
        let typed = |event: &str, ty: &str| {
            format!(
                "hooks:\n  {event}:\n    - hooks:\n        - type: {ty}\n          command: x\n"
            )
        };
        let stop = findings(&typed("Stop", "shell"));
        assert_eq!(stop.len(), 1);
        assert!(
            stop[0]
                .0
                .starts_with("hooks.Stop.0.hooks.0: unknown hook type \"shell\""),
            "{stop:?}"
        );
        assert!(!stop[0].1);
        let pre = findings(&typed("PreToolUse", "shell"));
        assert!(pre[0].1, "{pre:?}");
        assert!(findings(&typed("Stop", "command")).is_empty());
        assert_eq!(
            findings("hooks:\n  Stop: ./x.sh\n"),
            vec![(
                "hooks.Stop: must be a list of matchers, not a string".to_owned(),
                false
            )]
        );
        assert!(findings("hooks:\n  PreToolUse: ./x.sh\n")[0].1);
        assert!(
            findings("hooks:\n  PreToolUse:\n").is_empty()
                || !findings("hooks:\n  PreToolUse:\n")[0].1
        );
        assert_eq!(
            findings("hooks:\n  Frob:\n    - x\n"),
            vec![("hooks.Frob: unknown hook event".to_owned(), false)]
        );
        assert!(findings("hooks:\n  Frob:\n    hooks:\n      - type: command\n")[0].1);
        assert!(findings("hooks: []\n")[0].1);
        assert!(findings("hooks: x\n")[0].1);
        assert!(findings("hooks: 0\n").is_empty());
        assert!(findings("hooks: {}\n").is_empty());
        let timeout = "hooks:\n  PreToolUse:\n    - hooks:\n        - type: command\n          command: x\n          timeout: '5'\n";
        assert_eq!(
            findings(timeout),
            vec![(
                "hooks.PreToolUse.0.hooks.0: `timeout` must be a positive number of seconds"
                    .to_owned(),
                true
            )]
        );
        let url = "hooks:\n  Stop:\n    - hooks:\n        - type: http\n          url: not a url\n";
        assert!(!findings(url)[0].1);
        let ok_url = "hooks:\n  Stop:\n    - hooks:\n        - type: http\n          url: https://example.com/x\n";
        assert!(findings(ok_url).is_empty());
    }
}
