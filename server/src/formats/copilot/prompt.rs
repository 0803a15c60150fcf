//! The rules for VS Code's prompt files and chat modes, which only VS Code
//! reads: its header (found line by line, parsed by its own YAML parser,
//! [`super::vscode_yaml`]) and its validator ([`super::vscode`]). VS Code
//! never refuses either file, so nothing here is an error.

use std::ops::Range;

use super::vscode::{self, Kind, VNode};
use super::vscode_yaml;
use crate::analysis::Ctx;
use crate::analysis::diagnostic::Diagnostic;
use crate::analysis::rules as r;
use crate::formats::Fallback;
use crate::frontmatter::Frontmatter;
use crate::frontmatter::locate::is_js_space;

/// A prompt file whose frontmatter the generic reader could not read.
pub(crate) fn unread_prompt(ctx: &mut Ctx<'_>, _: &Fallback) {
    judge(ctx, Kind::Prompt);
}

/// A prompt file whose frontmatter parsed the generic way.
pub(crate) fn check_prompt(ctx: &mut Ctx<'_>, _: &Frontmatter) {
    judge(ctx, Kind::Prompt);
}

/// A chat mode whose frontmatter the generic reader could not read.
pub(crate) fn unread_chat_mode(ctx: &mut Ctx<'_>, _: &Fallback) {
    judge(ctx, Kind::ChatMode);
}

/// A chat mode whose frontmatter parsed the generic way.
pub(crate) fn check_chat_mode(ctx: &mut Ctx<'_>, _: &Frontmatter) {
    judge(ctx, Kind::ChatMode);
}

/// The header as VS Code finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The first line, `---`.
    pub open: Range<usize>,
    /// The lines between the fences (to the end of the file without a
    /// closing one).
    pub content: Range<usize>,
    /// The closing `---` line, if any.
    pub close: Option<Range<usize>>,
}

/// Whether a line (with its line break) matches VS Code's
/// `/^---[\s\r\n]*$/`.
fn is_fence(line: &str) -> bool {
    line.strip_prefix("---")
        .is_some_and(|rest| rest.chars().all(is_js_space))
}

/// The lines of `text` from `from`, each with its break (`\r\n`, `\n` or
/// `\r`), as (start, line).
fn lines(text: &str, from: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = from;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push((start, &text[start..=i]));
                i += 1;
                start = i;
            }
            b'\r' => {
                let end = if bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                out.push((start, &text[start..end]));
                i = end;
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

/// Finds the header as VS Code does: the first line is a fence; the header
/// ends at the next fence line, or with the file. (VS Code's editor drops
/// a BOM before it reads the text.)
#[must_use]
pub fn locate(text: &str) -> Option<Header> {
    let from = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let all = lines(text, from);
    let (first_start, first) = *all.first()?;
    if !is_fence(first) {
        return None;
    }
    let open = first_start..first_start + 3;
    let content_start = first_start + first.len();
    match all.iter().skip(1).find(|(_, l)| is_fence(l)) {
        Some(&(s, l)) => Some(Header {
            open,
            content: content_start..s,
            close: Some(s..s + l.trim_end_matches(['\r', '\n']).len()),
        }),
        None => Some(Header {
            open,
            content: content_start..text.len(),
            close: None,
        }),
    }
}

fn judge(ctx: &mut Ctx<'_>, kind: Kind) {
    let text = ctx.text;
    if kind == Kind::ChatMode {
        chat_mode_renamed(ctx);
    }
    let Some(header) = locate(text) else {
        super::end_differs(ctx, None, "VS Code");
        return;
    };
    let (tree, errors) = vscode_yaml::parse(&text[header.content.clone()], header.content.start);
    for e in errors {
        let range = if e.range.is_empty() {
            widen(text, e.range.start)
        } else {
            e.range
        };
        ctx.push(Diagnostic::new(
            &r::VSCODE_HEADER_INVALID,
            range,
            format!(
                "VS Code's YAML parser reports an error here (\"{}\"); it reads the header as far as it can.",
                e.message
            ),
        ));
    }
    match &tree {
        Some(map @ VNode::Map(..)) => vscode::validate(ctx, map, kind),
        Some(other) => ctx.push(Diagnostic::new(
            &r::VSCODE_HEADER_INVALID,
            other.range(),
            format!(
                "The header is not a mapping of keys to values: VS Code flags it (\"Invalid header, expecting <key: value> pairs\") and reads no field of this {}.",
                if kind == Kind::Prompt { "prompt file" } else { "chat mode" }
            ),
        )),
        None => {}
    }
    super::end_differs(ctx, header.close.clone(), "VS Code");
}

/// A one-character range at `at` (or the line break's), for an error VS
/// Code places between characters.
fn widen(text: &str, at: usize) -> Range<usize> {
    let at = crate::frontmatter::floor_char_boundary(text, at);
    match text[at..].chars().next() {
        Some(c) => at..at + c.len_utf8(),
        None => {
            let back = text[..at].chars().next_back().map_or(0, char::len_utf8);
            at - back..at
        }
    }
}

/// A chat mode: VS Code's rename warning, at the start of the first line.
fn chat_mode_renamed(ctx: &mut Ctx<'_>) {
    let text = ctx.text;
    let first = text.find(['\n', '\r']).unwrap_or(text.len());
    let mut end = first.min(3);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let name = ctx.file_stem.unwrap_or("NAME");
    ctx.push(Diagnostic::new(
        &r::VSCODE_CHAT_MODE_RENAMED,
        0..end,
        format!(
            "Chat modes have been renamed to custom agents: VS Code still reads this file as one, but warns \"Chat modes have been renamed to agents. Please move this file to .github/agents/{name}.agent.md\", and Copilot CLI does not read it. Move it there (VS Code's quick fix does)."
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{FileKind, Target, check_file};

    fn codes(text: &str, kind: FileKind) -> Vec<(&'static str, String)> {
        check_file(text, Target::new(kind), Some("fix"))
            .into_iter()
            .map(|d| (d.rule.code, text[d.range].to_owned()))
            .collect()
    }

    #[test]
    fn headers_as_vscode_finds_them() {
        let l = |t: &str| locate(t).map(|h| t[h.content].to_owned());
        assert_eq!(l("---\na: 1\n---\nBody"), Some("a: 1\n".to_owned()));
        assert_eq!(l("--- \r\na: 1\r\n---\r\n"), Some("a: 1\r\n".to_owned()));
        assert_eq!(l("---\na: 1\n"), Some("a: 1\n".to_owned()));
        assert_eq!(l("\n---\na: 1\n---\n"), None);
        assert_eq!(l("--- x\na: 1\n---\n"), None);
        assert_eq!(
            l("---\na: 1\n----\nb: 2\n---\n"),
            Some("a: 1\n----\nb: 2\n".to_owned())
        );
    }

    #[test]
    fn prompt_files() {
        let p = |t: &str| codes(t, FileKind::CopilotPrompt);
        assert!(
            p("---\ndescription: Use when: asked\nagent: agent\ntools: [a]\n---\nDo it.\n")
                .is_empty()
        );
        assert!(p("No header at all.\n").is_empty());
        assert_eq!(
            p("---\nmode: agent\ncolor: red\n---\nDo it.\n"),
            [("AG815", "mode".to_owned()), ("AG813", "color".to_owned())]
        );
        assert_eq!(
            p("---\nagent: ask\ntools: [a]\n---\nDo it.\n"),
            [("AG817", "tools".to_owned())]
        );
        assert_eq!(
            p("---\nname: ''\ndescription: [a, b]\n---\n"),
            [
                ("AG812", "''".to_owned()),
                ("AG812", "description: [a, b]".to_owned())
            ]
        );
        assert_eq!(
            p("---\na: 1\na: 2\n---\n"),
            [
                ("AG813", "a".to_owned()),
                ("AG814", "a".to_owned()),
                ("AG813", "a".to_owned())
            ]
        );
    }

    #[test]
    fn chat_modes() {
        let c = |t: &str| codes(t, FileKind::CopilotChatMode);
        assert_eq!(
            c("---\ndescription: Plan\ntools: [search]\n---\nPlan it.\n"),
            [("AG816", "---".to_owned())]
        );
        assert_eq!(
            c("---\ndescription: Plan\ninfer: maybe\nmcp-servers: {}\n---\n"),
            [
                ("AG816", "---".to_owned()),
                ("AG812", "maybe".to_owned()),
                ("AG813", "mcp-servers".to_owned())
            ]
        );
        assert_eq!(c("Plan.\n"), [("AG816", "Pla".to_owned())]);
    }
}
