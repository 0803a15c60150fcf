//! The rules for custom agents: what Copilot CLI 1.0.102 refuses (errors),
//! what it ignores and logs (warnings), and what VS Code's validator flags
//! in a file it still runs (warnings, see [`super::vscode`]).
//!
//! The generic reader finds the frontmatter as Claude Code does; Copilot
//! CLI finds it line by line ([`cli::locate`]), so every judgement here is
//! made on the CLI's own reading of the text ([`cli::read`]), whichever
//! way the generic reader went.

use std::ops::Range;

use super::catalog::{AGENT_FIELDS, CLAUDE_KEYS, OTHER_COPILOT_KEYS};
use super::cli::{self, Json, NoBlock, Problem, Types};
use super::vscode;
use crate::analysis::Ctx;
use crate::analysis::diagnostic::{Diagnostic, Edit, Fix};
use crate::analysis::rules as r;
use crate::formats::Fallback;
use crate::frontmatter::Frontmatter;
use crate::frontmatter::object::View;
use crate::frontmatter::yaml::{NodeKind, Style};

/// The frontmatter could not be read the generic way.
pub(crate) fn unread(ctx: &mut Ctx<'_>, _: &Fallback) {
    judge(ctx);
}

/// The frontmatter parsed as a mapping the generic way.
pub(crate) fn check(ctx: &mut Ctx<'_>, _: &Frontmatter) {
    judge(ctx);
}

/// What the CLI logs, without its common prefix, in quotes.
fn logged(p: &Problem) -> String {
    let full = p.logged();
    let reason = full
        .strip_prefix(cli::MALFORMED)
        .and_then(|r| r.strip_prefix(": "))
        .unwrap_or(&full);
    format!("\"{reason}\"")
}

/// Every rule, on Copilot CLI's reading of the text.
fn judge(ctx: &mut Ctx<'_>) {
    let reading = cli::read(ctx.text);
    for p in &reading.problems {
        report(ctx, &reading, p);
    }
    if let Some(root) = &reading.root
        && root.entries().is_some()
    {
        let types = Types::new(ctx.text, Some(root));
        unknown_fields(ctx, &reading, &types);
        blanks(ctx, &reading, &types);
        infer(ctx, &reading, &types);
        vscode::agent_fields(ctx, &vscode::from_yaml(&View::new(Some(root)), root));
    }
    super::end_differs(
        ctx,
        reading.block.as_ref().map(|b| b.close.clone()),
        "Copilot CLI",
    );
}

fn report(ctx: &mut Ctx<'_>, reading: &cli::Reading, p: &Problem) {
    let text = ctx.text;
    let why = logged(p);
    let d = match p {
        Problem::NoFrontmatter(NoBlock::NotFirst { first, late: Some(late) }) => Diagnostic::new(
            &r::COPILOT_NO_FRONTMATTER,
            late.clone(),
            format!("The frontmatter must start on the first line: Copilot CLI refuses this agent ({why}). Remove what comes before the `---`."),
        )
        .replace("Remove the lines before the frontmatter", first.start..late.start, ""),
        Problem::NoFrontmatter(NoBlock::NotFirst { first, late: None }) => Diagnostic::new(
            &r::COPILOT_NO_FRONTMATTER,
            first.clone(),
            format!("No frontmatter: Copilot CLI refuses this agent ({why}), as it does every `.md` file of `.github/agents/` without one. Start the file with a `---` line, a `description`, and a `---` line."),
        ),
        Problem::NoFrontmatter(NoBlock::Unclosed { near: Some(near), .. }) => Diagnostic::new(
            &r::COPILOT_NO_FRONTMATTER,
            near.clone(),
            format!("Copilot CLI closes the frontmatter only at a line that is exactly `---`, and there is none: it refuses this agent ({why}). Make this line `---`."),
        )
        .replace("Replace with ---", near.clone(), "---"),
        Problem::NoFrontmatter(NoBlock::Unclosed { open, near: None }) => {
            let mut d = Diagnostic::new(
                &r::COPILOT_NO_FRONTMATTER,
                open.clone(),
                format!("This `---` opens a frontmatter that no line `---` closes: Copilot CLI refuses this agent ({why}). Add a `---` line after the last field."),
            );
            if let Some(at) = likely_end(text, open.end) {
                d = d.replace(
                    "Close the frontmatter after the last field",
                    at..at,
                    format!("---{}", crate::analysis::line_break(text)),
                );
            }
            d
        }
        Problem::Yaml { range, message } => {
            let fix = reading
                .block
                .as_ref()
                .and_then(|b| quoting_fix(text, b.content.clone()));
            let advice = if fix.is_some() {
                " Quote the values that hold `: ` or start with `[`, `{`, `@`, `` ` ``, `*`, `%` or `!` (Claude Code's retry would quote them; Copilot CLI has no retry)."
            } else {
                " Fix the YAML: quote values that hold `: ` or start with a special character, and indent continuation lines."
            };
            let mut d = Diagnostic::new(
                &r::COPILOT_YAML_INVALID,
                range.clone(),
                format!("Invalid YAML ({message}): Copilot CLI parses the frontmatter strictly and refuses this agent.{advice}"),
            );
            if let Some(fix) = fix {
                d = d.with_fix(fix);
            }
            d
        }
        Problem::Duplicate { key, first, name, .. } => {
            let mut d = Diagnostic::new(
                &r::COPILOT_DUPLICATE_KEY,
                key.clone(),
                format!("{name} is given twice: Copilot CLI refuses this agent ({why}). Keep one."),
            );
            if let Some(lines) = own_lines(text, first) {
                d = d.replace(format!("Remove the first {name}"), lines, "");
            }
            d
        }
        Problem::Schema(issue) if issue.path.is_empty() => Diagnostic::new(
            &r::COPILOT_NOT_MAPPING,
            issue.range.clone(),
            format!("The frontmatter is not a mapping of keys to values: Copilot CLI refuses this agent ({why})."),
        ),
        Problem::Schema(issue)
            if issue.path == "description"
                && matches!(issue.received, None | Some(Json::Null)) =>
        {
            let what = if issue.received.is_none() {
                "No description"
            } else {
                "The description is empty"
            };
            Diagnostic::new(
                &r::COPILOT_DESCRIPTION_MISSING,
                issue.range.clone(),
                format!("{what}: Copilot CLI refuses this agent ({why}). Write a `description` saying what the agent does and when to use it."),
            )
        }
        Problem::Schema(issue) => {
            let mut d = Diagnostic::new(
                &r::COPILOT_FIELD_INVALID,
                issue.range.clone(),
                format!("Copilot CLI refuses this agent: {}.", field_message(issue, &why)),
            );
            if let Some(fix) = schema_fix(text, reading, issue) {
                d = d.with_fix(fix);
            }
            d
        }
    };
    ctx.push(d);
}

/// What is wrong with a field, for the message.
fn field_message(issue: &cli::Issue, why: &str) -> String {
    let key = issue.path.split('.').next().unwrap_or_default();
    match (key, issue.received) {
        ("infer" | "disable-model-invocation" | "user-invocable", Some(_)) => {
            format!(
                "`{key}` takes a plain true or false (`yes`, `'true'` and `1` are not booleans) {why}"
            )
        }
        _ => why.to_owned(),
    }
}

/// A fix for a schema failure, where the value meant is clear.
fn schema_fix(text: &str, reading: &cli::Reading, issue: &cli::Issue) -> Option<Fix> {
    let value = text.get(issue.range.clone())?;
    let key = issue.path.as_str();
    match (key, issue.received) {
        (
            "infer" | "disable-model-invocation" | "user-invocable",
            Some(Json::String | Json::Number),
        ) => {
            let unquoted = value.trim_matches(|c| c == '"' || c == '\'');
            let b = match unquoted.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "1" | "y" => "true",
                "false" | "no" | "off" | "0" | "n" => "false",
                _ => return None,
            };
            Some(replace(format!("Replace with {b}"), issue.range.clone(), b))
        }
        ("name" | "description" | "model", Some(Json::Number | Json::Boolean))
            if !value.contains(['\n', '"', '\\']) =>
        {
            Some(replace(
                "Quote the value".to_owned(),
                issue.range.clone(),
                format!("\"{value}\""),
            ))
        }
        _ if key.starts_with("mcp-servers.")
            && issue.received == Some(Json::String)
            && key.ends_with(".tools") =>
        {
            // `tools: '*'` is `tools: ['*']`.
            Some(replace(
                "Make it a list".to_owned(),
                issue.range.clone(),
                format!("[{value}]"),
            ))
        }
        _ if key.starts_with("mcp-servers.")
            && key.ends_with(".args")
            && issue.received.is_none() =>
        {
            add_to_server(text, reading, key, "args: []")
        }
        _ => None,
    }
}

/// Adds `line` to the MCP server of `path` (`mcp-servers.fs.args`), under
/// its other keys, when it is a block mapping.
fn add_to_server(text: &str, reading: &cli::Reading, path: &str, line: &str) -> Option<Fix> {
    let name = path.strip_prefix("mcp-servers.")?.rsplit_once('.')?.0;
    let servers = reading.get("mcp-servers")?;
    let server = servers
        .entries()?
        .iter()
        .rev()
        .find(|e| e.key.as_str() == Some(name))?;
    let fields = server.value.entries()?;
    let last = fields.last()?;
    let first = fields.first()?;
    let col = first.key.span.start - crate::analysis::line_start(text, first.key.span.start);
    if text[crate::analysis::line_start(text, first.key.span.start)..first.key.span.start]
        .bytes()
        .any(|b| b != b' ')
    {
        return None; // a flow mapping
    }
    let end = crate::analysis::whole_lines(
        text,
        last.value.span.end.max(last.key.span.end),
        last.value.span.end.max(last.key.span.end),
    )
    .end;
    let nl = crate::analysis::line_break(text);
    let at_end = if text[..end].ends_with('\n') { "" } else { nl };
    Some(replace(
        format!("Add `{line}`"),
        end..end,
        format!("{at_end}{}{line}{nl}", " ".repeat(col)),
    ))
}

fn replace(title: String, range: Range<usize>, text: impl Into<String>) -> Fix {
    Fix {
        title,
        edits: vec![Edit {
            range,
            new_text: text.into(),
        }],
    }
}

/// The lines holding `range` alone (nothing else on them but blanks and a
/// comment), with their line break: what to delete to remove an entry.
fn own_lines(text: &str, range: &Range<usize>) -> Option<Range<usize>> {
    let lines = crate::analysis::whole_lines(text, range.start, range.end);
    let before = &text[lines.start..range.start];
    let after = text[range.end..lines.end].trim();
    (before.trim().is_empty() && (after.is_empty() || after.starts_with('#'))).then_some(lines)
}

/// Quoting the values Claude Code's retry would quote, when that makes the
/// frontmatter valid YAML.
fn quoting_fix(text: &str, content: Range<usize>) -> Option<Fix> {
    let rewrite = crate::frontmatter::retry::rewrite(&text[content.clone()]);
    if !rewrite.changed || crate::frontmatter::yaml::parse(&rewrite.text).is_err() {
        return None;
    }
    let mut edits: Vec<Edit> = rewrite
        .quoted
        .iter()
        .map(|q| {
            let range = content.start + q.start..content.start + q.end;
            let value = &text[range.clone()];
            Edit {
                range,
                new_text: crate::frontmatter::double_quoted(value),
            }
        })
        .collect();
    // Leading tabs, which the retry turns into two spaces each.
    let mut offset = content.start;
    for line in text[content.clone()].split_inclusive('\n') {
        let tabs = line.bytes().take_while(|b| *b == b'\t').count();
        if tabs > 0 {
            edits.push(Edit {
                range: offset..offset + tabs,
                new_text: "  ".repeat(tabs),
            });
        }
        offset += line.len();
    }
    edits.sort_by_key(|e| e.range.start);
    (!edits.is_empty()).then(|| Fix {
        title: if rewrite.quoted.len() > 1 {
            "Quote these values".to_owned()
        } else if rewrite.quoted.is_empty() {
            "Indent with spaces".to_owned()
        } else {
            "Quote the value".to_owned()
        },
        edits,
    })
}

/// The first line after the opening `---` that cannot be frontmatter YAML,
/// when a field came before it: where a missing closing `---` goes.
fn likely_end(text: &str, from: usize) -> Option<usize> {
    let mut offset = text[from..].find('\n').map_or(text.len(), |i| from + i + 1);
    let mut fields = false;
    for line in text[offset..].split_inclusive('\n') {
        let t = line.trim_end();
        let key = t.split_once(':').is_some_and(|(k, _)| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
        if !(key || t.is_empty() || t.starts_with([' ', '\t', '#', '-'])) {
            return fields.then_some(offset);
        }
        fields |= key;
        offset += line.len();
    }
    None
}

/// The keys Copilot CLI logs as unknown.
fn unknown_fields(ctx: &mut Ctx<'_>, reading: &cli::Reading, types: &Types<'_>) {
    for (key, range) in &reading.unknown {
        let key = key.as_str();
        if key == "<<" {
            let merged: Vec<String> = reading
                .entries()
                .iter()
                .find(|e| e.key.span == *range)
                .map(|e| {
                    types
                        .entries(&e.value)
                        .iter()
                        .map(|m| format!("`{}`", types.key(&m.key)))
                        .collect()
                })
                .unwrap_or_default();
            let lost = if merged.is_empty() {
                "the merged keys are not read".to_owned()
            } else {
                format!(
                    "{} {} not read",
                    merged.join(", "),
                    if merged.len() == 1 { "is" } else { "are" }
                )
            };
            ctx.push(Diagnostic::new(
                &r::COPILOT_MERGE_KEY,
                range.clone(),
                format!("Copilot CLI does not apply merge keys: it ignores `<<` (and logs \"unknown field ignored: <<\"), so {lost}. Write {} out.", if merged.len() == 1 { "it" } else { "them" }),
            ));
            continue;
        }
        if let Some((_, who)) = OTHER_COPILOT_KEYS.iter().find(|(k, _)| *k == key) {
            ctx.push(Diagnostic::new(
                &r::COPILOT_OTHER_TOOL_FIELD,
                range.clone(),
                format!("`{key}` is read by {who}, not by Copilot CLI: it ignores it and logs \"unknown field ignored: {key}\"."),
            ));
            continue;
        }
        let claude = CLAUDE_KEYS.iter().find(|(k, _)| *k == key);
        let hint = match claude {
            Some((_, instead)) => *instead,
            None => crate::formats::catalog::closest(key, AGENT_FIELDS.iter().map(|f| f.name)),
        };
        let what = if claude.is_some() {
            format!("`{key}` is a Claude Code field")
        } else {
            format!("Unknown field `{key}`")
        };
        let mut d = Diagnostic::new(
            &r::COPILOT_UNKNOWN_FIELD,
            range.clone(),
            format!(
                "{what}: Copilot CLI ignores it and logs \"unknown field ignored: {key}\".{}",
                hint.map_or(String::new(), |h| format!(" Did you mean `{h}`?"))
            ),
        );
        if let Some(h) = hint
            && !reading.entries().iter().any(|e| e.key.as_str() == Some(h))
        {
            d = d.replace(format!("Replace with \"{h}\""), range.clone(), h);
        }
        ctx.push(d);
    }
}

/// A blank `name` or `description`.
fn blanks(ctx: &mut Ctx<'_>, reading: &cli::Reading, types: &Types<'_>) {
    let text = ctx.text;
    if let Some(e) = reading
        .entries()
        .iter()
        .rev()
        .find(|e| e.key.as_str() == Some("name"))
        && let Some(name) = types.str(&e.value)
        && name.trim().is_empty()
    {
        let at = if e.value.span.is_empty() {
            e.key.span.clone()
        } else {
            e.value.span.clone()
        };
        let by_file = ctx.file_stem.map_or(String::new(), |s| format!(" (`{s}`)"));
        let message = if name.is_empty() {
            format!(
                "The name is empty: Copilot CLI names the agent after its file{by_file}, and VS Code flags it. Remove `name`, or write one."
            )
        } else {
            format!(
                "The name is blank: Copilot CLI lists the agent under this blank name, which no one can type, and VS Code flags it. Remove `name` to use the file's name{by_file}, or write one."
            )
        };
        let mut d = Diagnostic::new(&r::COPILOT_NAME_BLANK, at, message);
        if let Some(lines) = own_lines(
            text,
            &(e.key.span.start..e.value.span.end.max(e.key.span.end)),
        ) {
            d = d.replace("Remove `name`", lines, "");
        }
        ctx.push(d);
    }
    if let Some(node) = reading.get("description")
        && let Some(d) = types.str(node)
        && d.trim().is_empty()
    {
        ctx.push(Diagnostic::new(
            &r::COPILOT_DESCRIPTION_BLANK,
            if node.span.is_empty() {
                reading
                    .entries()
                    .iter()
                    .rev()
                    .find(|e| e.key.as_str() == Some("description"))
                    .map_or(node.span.clone(), |e| e.key.span.clone())
            } else {
                node.span.clone()
            },
            "The description is blank: Copilot CLI lists the agent to the model with nothing after its name, so it has no reason to delegate to it, and VS Code flags it. Say what the agent does and when to use it.",
        ));
    }
}

/// `infer`: retired, read by the CLI.
fn infer(ctx: &mut Ctx<'_>, reading: &cli::Reading, types: &Types<'_>) {
    let Some(e) = reading
        .entries()
        .iter()
        .rev()
        .find(|e| e.key.as_str() == Some("infer"))
    else {
        return;
    };
    let value = types.boolean(&e.value);
    let mut d = Diagnostic::new(
        &r::COPILOT_INFER_DEPRECATED,
        e.key.span.clone(),
        "`infer` is retired: use `disable-model-invocation` (and `user-invocable`). Copilot CLI still reads it, but VS Code marks it as an error.",
    );
    let dmi = reading.get("disable-model-invocation").is_some();
    let whole = e.key.span.start..e.value.span.end.max(e.key.span.end);
    if let (Some(v), Some(lines)) = (value, own_lines(ctx.text, &whole))
        && matches!(&e.value.kind, NodeKind::Scalar(s) if s.style == Style::Plain)
    {
        if v || dmi {
            d = d.replace("Remove `infer`", lines, "");
        } else {
            d = d.replace(
                "Replace with `disable-model-invocation: true`",
                whole,
                "disable-model-invocation: true",
            );
        }
    }
    ctx.push(d);
}

#[cfg(test)]
mod tests {
    use crate::analysis::{FileKind, Target, check_file};

    fn codes(text: &str) -> Vec<(&'static str, String)> {
        check_file(text, Target::new(FileKind::CopilotAgent), Some("rev"))
            .into_iter()
            .map(|d| (d.rule.code, text[d.range].to_owned()))
            .collect()
    }

    #[test]
    fn refusals_are_errors_with_their_range() {
        assert_eq!(
            codes("---\nname: x\n---\nBody\n"),
            [("AG804", "---".to_owned())]
        );
        assert_eq!(
            codes("---\ndescription: Use when: asked\n---\nBody\n"),
            [("AG801", ": asked".to_owned())]
        );
        assert_eq!(
            codes("---\ndescription: d\ninfer: yes\n---\n"),
            [("AG811", "infer".to_owned()), ("AG805", "yes".to_owned())]
        );
        assert_eq!(
            codes("\n---\ndescription: d\n---\n"),
            [("AG800", "---".to_owned())]
        );
        assert_eq!(
            codes("---\ndescription: d\n----\nBody\n"),
            [("AG800", "----".to_owned())]
        );
        assert_eq!(
            codes("---\ndescription: d\ndescription: e\n---\n"),
            [("AG802", "description".to_owned())]
        );
    }

    #[test]
    fn warnings_for_what_the_cli_logs() {
        assert_eq!(
            codes("---\ndescription: d\ncolor: red\ntarget: vscode\nmodle: x\n---\n"),
            [
                ("AG806", "color".to_owned()),
                ("AG807", "target".to_owned()),
                ("AG806", "modle".to_owned())
            ]
        );
        assert!(codes("---\ndescription: d\n---\n").is_empty());
    }
}
