//! GitHub Copilot's custom agents, VS Code's prompt files and chat modes.
//!
//! - Custom agents (`.github/agents/**/*.md`, `*.agent.md`), as Copilot CLI
//!   1.0.102 loads them ([`cli`]: its frontmatter fences, strict YAML and
//!   schema, checked against its verdicts on every recorded file; public as
//!   [`copilot_cli_verdict`]) and as VS Code 1.139's validator flags them
//!   ([`vscode`]); [`agent`] turns both into diagnostics, [`roster`] gives
//!   the line the CLI shows the model;
//! - prompt files (`*.prompt.md`) and chat modes (`*.chatmode.md`), read by
//!   VS Code alone: its header parser ([`vscode_yaml`]) and validator
//!   ([`prompt`]);
//! - [`paths`]: which files these are and the names their paths give;
//!   [`catalog`]: every field, with who reads it.

pub(crate) mod agent;
pub mod catalog;
pub mod cli;
pub(crate) mod paths;
pub(crate) mod prompt;
pub mod roster;
pub mod vscode;
pub mod vscode_yaml;

pub use cli::{CliAgent, CliRefusal, copilot_cli_verdict};

use std::ops::Range;

use super::{FileKind, Format, Reader, Unread};
use crate::analysis::Ctx;
use crate::analysis::diagnostic::Diagnostic;
use crate::analysis::rules as r;
use crate::frontmatter::Locate;

/// What the hover on an agent's `name` says.
fn about_agent(name: &str) -> String {
    format!(
        "**Agent `{name}`**\n\nCopilot CLI's id for the agent: run it with `copilot --agent {name}`; the model delegates to it with its `task` tool (`agent_type: \"{name}\"`). VS Code shows it in the agent picker."
    )
}

/// What the hover on a prompt file's `name` says.
fn about_prompt(name: &str) -> String {
    format!("**Prompt `/{name}`**\n\nRun it in VS Code's chat by typing `/{name}`.")
}

/// What the hover on a chat mode's `name` says.
fn about_chat_mode(name: &str) -> String {
    format!(
        "**Chat mode `{name}`**\n\nVS Code lists it with the custom agents. Chat modes have been renamed to agents: move the file to `.github/agents/` as `.agent.md`."
    )
}

/// A key Copilot CLI does not read in a custom agent.
fn unknown_agent_key(key: &str) -> String {
    let mut s = format!(
        "**{key}**: not a field of Copilot CLI's custom agents; it ignores it and logs `unknown field ignored: {key}`."
    );
    match catalog::CLAUDE_KEYS.iter().find(|(k, _)| *k == key) {
        Some((_, instead)) => {
            s.push_str(" It is a Claude Code field.");
            if let Some(i) = instead {
                s.push_str(&format!(" Copilot's is `{i}`."));
            }
        }
        None => {
            if let Some(hint) =
                crate::formats::catalog::closest(key, catalog::AGENT_FIELDS.iter().map(|f| f.name))
            {
                s.push_str(&format!(" Did you mean `{hint}`?"));
            }
        }
    }
    s
}

/// A key VS Code does not read in a prompt file.
fn unknown_prompt_key(key: &str) -> String {
    if key == "mode" {
        return "**mode**: the old name of `agent`. VS Code still reads it when `agent` is not set, and flags it as deprecated: rename it to `agent`.".to_owned();
    }
    format!(
        "**{key}**: not a key VS Code reads in a prompt file; it ignores it. Prompt files take `name`, `description`, `argument-hint`, `agent`, `model` and `tools`."
    )
}

/// A key VS Code does not read in a chat mode.
fn unknown_chat_mode_key(key: &str) -> String {
    format!("**{key}**: not a key VS Code reads in a chat mode (an agent file); it ignores it.")
}

/// A custom agent: `.github/agents/**/*.md`, `*.agent.md`.
pub static AGENT: Format = Format {
    kind: FileKind::CopilotAgent,
    name: "copilot-agent",
    tool: "Copilot CLI",
    primary: super::target::Tool::CopilotCli,
    noun: "agent",
    shows: "lists",
    paths: "**/.github/agents/**/*.md, **/*.agent.md",
    reader: Reader::StrictYaml,
    unread: Unread::Reported(agent::unread),
    examples: false,
    fields: catalog::AGENT_FIELDS,
    ignored_fields: &[],
    values: catalog::agent_values,
    unknown_key: unknown_agent_key,
    about_name: about_agent,
    path_name: paths::agent_name,
    check: agent::check,
    roster: |text, _, name| roster::line(text, name),
};

/// A VS Code prompt file: `*.prompt.md`.
pub static PROMPT: Format = Format {
    kind: FileKind::CopilotPrompt,
    name: "copilot-prompt",
    tool: "VS Code",
    primary: super::target::Tool::VsCode,
    noun: "prompt file",
    shows: "lists",
    paths: "**/*.prompt.md",
    reader: Reader::StrictYaml,
    unread: Unread::Reported(prompt::unread_prompt),
    examples: false,
    fields: catalog::PROMPT_FIELDS,
    ignored_fields: &[],
    values: catalog::prompt_values,
    unknown_key: unknown_prompt_key,
    about_name: about_prompt,
    path_name: paths::prompt_name,
    check: prompt::check_prompt,
    roster: |_, _, _| None,
};

/// A VS Code chat mode (renamed to custom agents): `*.chatmode.md`.
pub static CHAT_MODE: Format = Format {
    kind: FileKind::CopilotChatMode,
    name: "copilot-chatmode",
    tool: "VS Code",
    primary: super::target::Tool::VsCode,
    noun: "chat mode",
    shows: "lists",
    paths: "**/*.chatmode.md",
    reader: Reader::StrictYaml,
    unread: Unread::Reported(prompt::unread_chat_mode),
    examples: false,
    fields: catalog::AGENT_FIELDS,
    ignored_fields: &["mcp-servers", "metadata"],
    values: catalog::agent_values,
    unknown_key: unknown_chat_mode_key,
    about_name: about_chat_mode,
    path_name: paths::chat_mode_name,
    check: prompt::check_chat_mode,
    roster: |_, _, _| None,
};

/// When the generic reader (Claude Code's) ends the frontmatter at a line
/// that starts with `---` but that `tool` reads past (`----`, `--- x`), a
/// hint on that line, unless a diagnostic already covers it. Its range
/// reaches past where the generic reader starts the body, so that an edit
/// below the line is checked again rather than answered from the memo of
/// an edit to the body.
pub(crate) fn end_differs(ctx: &mut Ctx<'_>, close: Option<Range<usize>>, tool: &str) {
    let text = ctx.text;
    let Locate::Found(claude) = crate::frontmatter::locate(text) else {
        return;
    };
    if crate::analysis::line_start(text, claude.close.start) != claude.close.start {
        return; // a `---` inside a line: never memoized
    }
    if close
        .as_ref()
        .is_some_and(|c| c.start == claude.close.start)
    {
        return;
    }
    let line_end = text[claude.close.start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| claude.close.start + i)
        .max(claude.close.end);
    let covered = ctx
        .out
        .iter()
        .any(|d| d.range.start <= claude.close.start && d.range.end >= line_end);
    if covered {
        return;
    }
    ctx.push(Diagnostic::new(
        &r::FRONTMATTER_END_DIFFERS,
        claude.close.start..line_end,
        format!(
            "This line starts with `---` but is not a line of exactly `---`: {tool} reads on past it, while Claude Code ends the frontmatter here. Make it exactly `---` if it closes the frontmatter."
        ),
    ));
}

#[cfg(test)]
mod tests {
    use crate::analysis::{self, FileKind, Target, completion, hover, normalize};

    const KINDS: [FileKind; 3] = [
        FileKind::CopilotAgent,
        FileKind::CopilotPrompt,
        FileKind::CopilotChatMode,
    ];

    /// Hover and completion read each kind's catalog.
    #[test]
    fn hover_and_completion_read_the_copilot_catalogs() {
        let text = "---\nhandoffs: []\nmcp-servers: {}\ncolor: red\n---\n";
        let h = |offset| hover::hover(text, offset, FileKind::CopilotAgent).map(|h| h.markdown);
        let handoffs = h(5).unwrap_or_default();
        assert!(
            handoffs.starts_with("**handoffs** · optional · list"),
            "{handoffs}"
        );
        assert!(handoffs.contains("**Read by:** VS Code"), "{handoffs}");
        assert!(handoffs.ends_with("custom-agents#_handoffs)"), "{handoffs}");
        let color = h(34).unwrap_or_default();
        assert!(color.contains("It is a Claude Code field"), "{color}");
        let req = completion::Request {
            kind: FileKind::CopilotChatMode,
            workspace_tools: &[],
            snippets: false,
            invoked: true,
            file_stem: Some("plan"),
        };
        let labels: Vec<String> = completion::complete("---\nus\n---\n", 6, &req)
            .into_iter()
            .map(|i| i.label)
            .collect();
        assert!(labels.contains(&"user-invocable".to_owned()), "{labels:?}");
        assert!(!labels.contains(&"mcp-servers".to_owned()), "{labels:?}");
        let values: Vec<String> = completion::complete(
            "---\ndisable-model-invocation: \n---\n",
            30,
            &completion::Request {
                kind: FileKind::CopilotAgent,
                ..req
            },
        )
        .into_iter()
        .map(|i| i.label)
        .collect();
        assert_eq!(values, ["true", "false"]);
    }

    /// Every feature, on thousands of mutated files of each kind: no panic.
    #[test]
    fn no_input_panics() {
        let seeds = [
            "---\nname: rev\ndescription: Use when: x\ntools: [read, 'edit']\nmcp-servers:\n  fs:\n    command: npx\n    args: []\n    tools: ['*']\nhooks:\n  Stop:\n    - {type: command, command: x}\nhandoffs:\n  - label: Go\n    agent: a\n    prompt: p\n---\nBody\n",
            "\u{feff}---\r\nmode: ask\r\ndescription: \"a \\ud83d\\ude00\"\r\ngithub:\n  permissions: {contents: read}\r\n----\r\n",
            "---\ndescription: |\n  x\n  ---\n<<: *a\nb: &a {c: 1}\n---\n",
            "--- x\n...\n---\n[a, {b: c\n",
        ];
        let pieces = [
            "-", ":", " ", "\n", "'", "\"", "[", "]", "{", "}", "#", "\t", "é", "\r", "!", "&",
            "*", "|", ">", "...", "---", "\\u", "😀", "  - ", ": ", "%", "?", ",",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % (n.max(1) as u64)).unwrap_or(0)
        };
        for round in 0..1500 {
            let mut text = seeds[round % seeds.len()].to_owned();
            for _ in 0..1 + next(6) {
                let mut at = next(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                if next(3) == 0 && at < text.len() {
                    let mut end = (at + next(8)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.replace_range(at..end, "");
                } else {
                    text.insert_str(at, pieces[next(pieces.len())]);
                }
            }
            for kind in KINDS {
                let _ = analysis::check_file(&text, Target::new(kind), Some("x"));
                let _ = analysis::roster(&text, kind, Some("x"));
                let _ = normalize::normalize(&text, kind);
                let mut offset = next(text.len() + 1);
                while !text.is_char_boundary(offset) {
                    offset -= 1;
                }
                let _ = hover::hover(&text, offset, kind);
                let req = completion::Request {
                    kind,
                    workspace_tools: &[],
                    snippets: true,
                    invoked: true,
                    file_stem: Some("x"),
                };
                let _ = completion::complete(&text, offset, &req);
            }
            let _ = super::copilot_cli_verdict(&text);
        }
    }
}
