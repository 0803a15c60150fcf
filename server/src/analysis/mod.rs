//! Analysis: pure functions from a document's text to diagnostics.
//!
//! Nothing here knows about LSP, files or threads: ranges are byte offsets
//! into the analysed text, and every function is deterministic.

pub mod completion;
pub mod context;
pub mod diagnostic;
pub mod examples;
pub mod fix_all;
pub mod hover;
pub mod normalize;
pub mod outline;
pub mod rewrite;
pub mod rules;
pub mod source_map;
pub mod tool_list;

use std::ops::Range;

pub use crate::formats::{FileKind, detect, is_documentation_name};
pub use diagnostic::{Diagnostic, Edit, Fix};
pub use rules::{Rule, Severity};

use crate::formats::{Fallback, Reader, Unread};
use crate::frontmatter::{self, Locate, Outcome};

/// Files larger than this get one diagnostic instead of analysis.
pub const MAX_ANALYSED_BYTES: usize = 10 * 1024 * 1024;

/// Claude Code skips plugin agent files larger than this.
pub const PLUGIN_AGENT_MAX_BYTES: usize = 1024 * 1024;

/// What a format's rules work with while checking one file.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// The whole text.
    pub text: &'a str,
    /// The file's format.
    pub kind: FileKind,
    /// The tools the file is judged against.
    pub tools: crate::formats::target::Tools,
    /// Whether the file comes from a Claude Code plugin (a plugin agent or
    /// output style).
    pub plugin: bool,
    /// The name the file's path gives it ([`crate::formats::path_name`]: an
    /// agent's file name, a skill's folder, a command's `a:b`), for messages
    /// and for fixes that invent a name.
    pub file_stem: Option<&'a str>,
    /// The diagnostics so far.
    pub out: Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// Adds a diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }
}

/// What is being analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// The file's format.
    pub kind: FileKind,
    /// Whether the file is named like documentation (`README.md`): such a
    /// file without frontmatter is left alone.
    pub documentation_name: bool,
    /// The tools it is judged against (by default its format's tool and
    /// every other tool that reads its path: [`crate::formats::target`]).
    pub tools: crate::formats::target::Tools,
}

impl Target {
    /// A target of the given kind with an ordinary name.
    #[must_use]
    pub fn new(kind: FileKind) -> Self {
        Self {
            kind,
            documentation_name: false,
            tools: crate::formats::target::Tools::of(&[crate::formats::format(kind).primary]),
        }
    }
}

/// In debug builds only, panics when the text contains the value of
/// `AGENTLS_TEST_PANIC`: the end-to-end tests use it to prove that a panic
/// in analysis costs one result (one file of `agentls check`), never the
/// server or the run.
pub(crate) fn test_panic_hook(text: &str) {
    if cfg!(debug_assertions)
        && let Some(marker) = std::env::var_os("AGENTLS_TEST_PANIC")
    {
        let marker = marker.to_string_lossy();
        assert!(
            marker.is_empty() || !text.contains(marker.as_ref()),
            "AGENTLS_TEST_PANIC marker found"
        );
    }
}

/// Analyses `text` as a file of `target`'s kind. Never panics on any input.
#[must_use]
pub fn check(text: &str, target: Target) -> Vec<Diagnostic> {
    check_file(text, target, None)
}

/// Like [`check`], knowing the file's name without extension (for fixes
/// that need one, such as adding a missing `name`).
#[must_use]
pub fn check_file(text: &str, target: Target, file_stem: Option<&str>) -> Vec<Diagnostic> {
    if text.len() > MAX_ANALYSED_BYTES {
        return vec![Diagnostic::new(
            &rules::FILE_TOO_LARGE,
            0..0,
            format!(
                "This file is {:.1} MiB, over the {} MiB that agentls analyses; it is not checked.",
                mib(text.len()),
                MAX_ANALYSED_BYTES / (1024 * 1024)
            ),
        )];
    }
    let plugin = matches!(
        target.kind,
        FileKind::ClaudePluginAgent | FileKind::ClaudePluginOutputStyle
    );
    let format = crate::formats::format(target.kind);
    let falls_back = match format.unread {
        Unread::Reported(f) => Some(f),
        Unread::Refuses => None,
    };
    let mut ctx = Ctx {
        text,
        kind: target.kind,
        tools: target.tools,
        plugin,
        file_stem,
        out: Vec::new(),
    };
    if target.kind == FileKind::ClaudePluginAgent && text.len() > PLUGIN_AGENT_MAX_BYTES {
        ctx.out.push(Diagnostic::new(
            &rules::PLUGIN_AGENT_TOO_LARGE,
            0..first_line_end(text, 0),
            format!(
                "This plugin agent is {:.1} MiB: Claude Code skips plugin agent files over 1 MiB.",
                mib(text.len())
            ),
        ));
    }
    match frontmatter::locate(text) {
        Locate::Missing { late_fence: Some(fence) } if let Some(fall_back) = falls_back => {
            fall_back(&mut ctx, &Fallback {
                range: fence,
                why: "This `---` block does not start at the very first byte of the file, so it is not a frontmatter".to_owned(),
                mistake: true,
                missing: false,
                body: 0..text.len(),
            });
        }
        Locate::Missing { late_fence: None } if let Some(fall_back) = falls_back => {
            fall_back(&mut ctx, &Fallback {
                range: 0..first_line_end(text, 0),
                why: "No frontmatter".to_owned(),
                mistake: false,
                missing: true,
                body: 0..text.len(),
            });
        }
        Locate::Unterminated { open } if let Some(fall_back) = falls_back => {
            fall_back(&mut ctx, &Fallback {
                range: open,
                why: "This --- opens a frontmatter block that is never closed".to_owned(),
                mistake: true,
                missing: false,
                body: 0..text.len(),
            });
        }
        Locate::Missing { late_fence: Some(fence) } => ctx.out.push(Diagnostic::new(
            &rules::FRONTMATTER_NOT_FIRST,
            fence.clone(),
            format!("The frontmatter must start at the very first byte of the file: Claude Code ignores it here{}. Remove what comes before \"---\".", skipped(plugin)),
        )
        .replace("Remove the blank lines before the frontmatter", 0..fence.start, "")),
        Locate::Missing { late_fence: None } => {
            if !target.documentation_name {
                ctx.out.push(Diagnostic::new(
                    &rules::NO_FRONTMATTER,
                    0..first_line_end(text, 0),
                    if plugin {
                        format!("No frontmatter{}. Start it with a --- block holding name and description.", skipped(plugin))
                    } else {
                        "No frontmatter: Claude Code treats this file as documentation, not an agent. Start it with a --- block holding name and description.".to_owned()
                    },
                ));
            }
        }
        Locate::Unterminated { open } => {
            let mut d = Diagnostic::new(
                &rules::FRONTMATTER_UNTERMINATED,
                open.clone(),
                format!("This --- opens a frontmatter block that is never closed: Claude Code finds no frontmatter{}. Add a --- line after the last field.", skipped(plugin)),
            );
            if let Some(at) = likely_frontmatter_end(text, open.end) {
                d = d.replace("Close the frontmatter after the last field", at..at, format!("---{}", line_break(text)));
            }
            ctx.out.push(d);
        }
        Locate::Found(located) => {
            let mut fm = frontmatter::parse(text, &located);
            let strict = format.reader == Reader::StrictYaml;
            if strict && let Outcome::Rescued { strict_error, .. } = &fm.outcome {
                // No retry: what Claude Code's retry rescues is invalid here.
                fm.outcome = Outcome::Failed {
                    error: strict_error.clone(),
                    crlf_is_the_cause: false,
                };
                fm.root = None;
            }
            let own = format.reader == Reader::Own;
            let cut = !strict && !own && check_closing_fence(&mut ctx, &located);
            if own {
                (format.check)(&mut ctx, &fm);
            } else if check_outcome(&mut ctx, &fm) {
                let mapping = fm.documents <= 1 && fm.root.as_ref().is_none_or(|r| r.entries().is_some());
                if mapping {
                    (format.check)(&mut ctx, &fm);
                    if format.examples
                        && let Some(d) = examples::description_of(text, &fm)
                    {
                        check_examples(&mut ctx, &examples::parse(d));
                    }
                } else if let Some(fall_back) = falls_back {
                    let range = fm.root.as_ref().map_or(located.open.clone(), |r| r.span.clone());
                    fall_back(&mut ctx, &Fallback {
                        range,
                        why: "The frontmatter is not a mapping of keys to values".to_owned(),
                        mistake: true,
                        missing: false,
                        body: located.body_start..text.len(),
                    });
                } else {
                    let range = fm.root.as_ref().map_or(located.open.clone(), |r| r.span.clone());
                    ctx.out.push(Diagnostic::new(
                        &rules::FRONTMATTER_NOT_MAPPING,
                        range,
                        "The frontmatter is not a mapping of keys to values: Claude Code reads no fields from it and skips this agent.",
                    ));
                }
            }
            if falls_back.is_none() && !cut && text[located.body_start..].trim().is_empty() {
                ctx.out.push(Diagnostic::new(
                    &rules::BODY_EMPTY,
                    located.close.clone(),
                    "Nothing follows the frontmatter: the body is the agent's whole system prompt. Describe its role and how it should work.",
                ));
            }
        }
    }
    let mut out = ctx.out;
    out.sort_by_key(|d| (d.range.start, d.range.end));
    out
}

/// What one check of a file lends the next: when an edit leaves everything
/// up to the body untouched (typing in the system prompt), the diagnostics
/// cannot have changed and the frontmatter is not read again.
#[derive(Debug, Default, Clone)]
pub struct Memo {
    last: Option<Memoized>,
}

#[derive(Debug, Clone)]
struct Memoized {
    target: Target,
    file_stem: Option<String>,
    located: frontmatter::Located,
    /// The text up to `located.body_start`.
    head: String,
    /// The facts about the rest of the file that diagnostics depend on.
    body: BodyFacts,
    diagnostics: Vec<Diagnostic>,
}

/// What the diagnostics depend on beyond the frontmatter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BodyFacts {
    empty: bool,
    over_plugin_limit: bool,
}

impl BodyFacts {
    fn of(text: &str, located: &frontmatter::Located) -> Self {
        Self {
            empty: text[located.body_start..].trim().is_empty(),
            over_plugin_limit: text.len() > PLUGIN_AGENT_MAX_BYTES,
        }
    }
}

impl Memo {
    /// How much of the text [`Memo::reuse`] needs: the length of the
    /// memoized head, if there is one.
    #[must_use]
    pub fn head_len(&self) -> Option<usize> {
        self.last.as_ref().map(|m| m.head.len())
    }

    /// The memoized diagnostics, if they hold for a text of `total_len`
    /// bytes that starts with `prefix` (a prefix at least
    /// [`Memo::head_len`] long, or the whole text): the same head, the
    /// frontmatter found in the same place, and the same facts about the
    /// body. `None` means: check the whole text.
    #[must_use]
    pub fn reuse(
        &self,
        prefix: &str,
        total_len: usize,
        target: Target,
        file_stem: Option<&str>,
    ) -> Option<Vec<Diagnostic>> {
        let m = self.last.as_ref()?;
        if m.target != target
            || m.file_stem.as_deref() != file_stem
            || total_len > MAX_ANALYSED_BYTES
            || !prefix.starts_with(m.head.as_str())
        {
            return None;
        }
        let body_start = m.located.body_start;
        let whole = prefix.len() == total_len;
        let settled = settles(&prefix[body_start..]);
        if !(whole || settled) {
            return None;
        }
        if frontmatter::locate(prefix) != Locate::Found(m.located.clone()) {
            return None;
        }
        let body = BodyFacts {
            empty: !settled && prefix[body_start..].trim().is_empty(),
            over_plugin_limit: total_len > PLUGIN_AGENT_MAX_BYTES,
        };
        (body == m.body).then(|| m.diagnostics.clone())
    }
}

/// [`check_file`], reusing `memo`'s result when only the body changed since
/// (then it costs locating the frontmatter and comparing it, not parsing
/// it). Always returns exactly what [`check_file`] would.
pub fn check_file_memo(
    text: &str,
    target: Target,
    file_stem: Option<&str>,
    memo: &mut Memo,
) -> Vec<Diagnostic> {
    if let Some(diagnostics) = memo.reuse(text, text.len(), target, file_stem) {
        return diagnostics;
    }
    if text.len() > MAX_ANALYSED_BYTES {
        memo.last = None;
        return check_file(text, target, file_stem);
    }
    let Locate::Found(located) = frontmatter::locate(text) else {
        memo.last = None;
        return check_file(text, target, file_stem);
    };
    let body = BodyFacts::of(text, &located);
    let diagnostics = check_file(text, target, file_stem);
    memo.last = memoized(text, located, body, &diagnostics, target, file_stem);
    diagnostics
}

/// What [`Memo`] keeps of a check of `text` (or of its head: see
/// [`check_head_memo`]), when its diagnostics depend on nothing past the
/// head but `body`; `None` when they may.
fn memoized(
    text: &str,
    located: frontmatter::Located,
    body: BodyFacts,
    diagnostics: &[Diagnostic],
    target: Target,
    file_stem: Option<&str>,
) -> Option<Memoized> {
    // A closing `---` with anything before it on its line (text, or an
    // indent) may cut a value short; that diagnosis reads the lines after
    // it, in the body: not memoized.
    let cut = !text[line_start(text, located.close.start)..located.close.start].is_empty();
    let within_head = diagnostics.iter().all(|d| {
        d.range.end <= located.body_start
            && d.fixes
                .iter()
                .flat_map(|f| &f.edits)
                .all(|e| e.range.end <= located.body_start)
    });
    (head_only(target) && !cut && within_head).then(|| Memoized {
        target,
        file_stem: file_stem.map(str::to_owned),
        head: text[..located.body_start].to_owned(),
        located,
        body,
        diagnostics: diagnostics.to_vec(),
    })
}

/// Whether `past_head` (what a prefix holds after the head) settles where
/// the frontmatter ends: a visible ASCII character (blank in no definition)
/// ends the closing fence's line (its pattern takes trailing blank lines),
/// so the frontmatter is found there in the whole text too, and the body is
/// not empty.
fn settles(past_head: &str) -> bool {
    past_head.bytes().any(|b| b.is_ascii_graphic())
}

/// Whether the format's diagnostics may depend on nothing past the head:
/// the others read the body (a description taken from its first line, a
/// system prompt too short) or find the frontmatter where Claude Code would
/// not (a fence that must start a line), and are checked whole every time.
fn head_only(target: Target) -> bool {
    matches!(crate::formats::format(target.kind).unread, Unread::Refuses)
}

/// [`check_file_memo`] for a text of `total_len` bytes of which only the
/// first, `prefix`, is at hand: an edit in the frontmatter of a large file
/// needs its head, not a copy of its body. Returns exactly what
/// [`check_file`] gives for the whole text, or `None` when that needs more
/// than `prefix`: the frontmatter not closed in it, with nothing visible
/// after it there (which settles where the frontmatter ends), a format or a
/// result that reads the body, a length over a limit.
#[must_use]
pub fn check_head_memo(
    prefix: &str,
    total_len: usize,
    target: Target,
    file_stem: Option<&str>,
    memo: &mut Memo,
) -> Option<Vec<Diagnostic>> {
    if prefix.len() >= total_len {
        return Some(check_file_memo(prefix, target, file_stem, memo));
    }
    if let Some(diagnostics) = memo.reuse(prefix, total_len, target, file_stem) {
        return Some(diagnostics);
    }
    // A limit on the whole file's length is not the prefix's to judge.
    if !head_only(target)
        || total_len > MAX_ANALYSED_BYTES
        || target.kind == FileKind::ClaudePluginAgent && total_len > PLUGIN_AGENT_MAX_BYTES
    {
        return None;
    }
    let Locate::Found(located) = frontmatter::locate(prefix) else {
        return None;
    };
    if !settles(&prefix[located.body_start..]) {
        return None;
    }
    let body = BodyFacts {
        empty: false,
        over_plugin_limit: total_len > PLUGIN_AGENT_MAX_BYTES,
    };
    let diagnostics = check_file(prefix, target, file_stem);
    memo.last = Some(memoized(
        prefix,
        located,
        body,
        &diagnostics,
        target,
        file_stem,
    )?);
    Some(diagnostics)
}

/// The `color:` value and its range (the value alone: quotes included, a
/// comment after it not), when it is one of the colors Claude Code accepts
/// (for editors' color swatches: choosing a color replaces that range).
/// The frontmatter is read as far as it can be ([`frontmatter::tolerant`]),
/// so the swatch stays while another line is being typed.
#[must_use]
pub fn colors(text: &str) -> Vec<(Range<usize>, String)> {
    let Some(fm) = frontmatter::tolerant::read(text) else {
        return Vec::new();
    };
    fm.get("color")
        .and_then(|n| n.as_str().map(|s| (n.span.clone(), s.to_owned())))
        .filter(|(_, name)| crate::formats::claude_agent::catalog::color_hex(name).is_some())
        .into_iter()
        .collect()
}

/// The agent's `name` as Claude Code reads it, with its byte range, when the
/// file has one (for cross-file checks such as duplicate names).
#[must_use]
pub fn agent_name(text: &str) -> Option<(String, Range<usize>)> {
    if text.len() > MAX_ANALYSED_BYTES {
        return None;
    }
    let Locate::Found(located) = frontmatter::locate(text) else {
        return None;
    };
    let fm = frontmatter::parse(text, &located);
    let node = fm.get("name")?;
    let name = node.as_str()?.trim();
    (!name.is_empty()).then(|| (name.to_owned(), node.span.clone()))
}

/// The line the file's tool puts in front of the model for it (see each
/// format's `roster`), with the range of its `name` key (or of the opening
/// `---` without one), when the tool lists the file.
#[must_use]
pub fn roster(
    text: &str,
    kind: FileKind,
    file_stem: Option<&str>,
) -> Option<(Range<usize>, String)> {
    if text.len() > MAX_ANALYSED_BYTES {
        return None;
    }
    let format = crate::formats::format(kind);
    let Locate::Found(located) = frontmatter::locate(text) else {
        let line = (format.roster)(text, None, file_stem)?;
        return Some((0..first_line_end(text, 0), line));
    };
    let fm = frontmatter::parse(text, &located);
    let line = (format.roster)(text, Some(&fm), file_stem)?;
    let range = fm
        .entries()
        .iter()
        .find(|e| e.key.as_str() == Some("name"))
        .map_or(located.open.clone(), |e| e.key.span.clone());
    Some((range, line))
}

#[allow(clippy::cast_precision_loss)]
fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// The end of the line containing `offset` (before `\r\n`/`\n`).
pub(crate) fn first_line_end(text: &str, offset: usize) -> usize {
    text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i)
}

/// The whole lines from the one holding `start` to the one holding `end`,
/// with the final line break: what to delete to remove an entry.
pub(crate) fn whole_lines(text: &str, start: usize, end: usize) -> Range<usize> {
    let from = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let to = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    from..to
}

/// The start of the line containing `offset` (after `\n` or `\r`).
pub(crate) fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// The line break that edits to `text` should write: CRLF in a file that
/// uses it, else LF.
pub(crate) fn line_break(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// Reports broken `<example>` structure in the description.
fn check_examples(ctx: &mut Ctx<'_>, ex: &examples::Examples) {
    use examples::Problem;
    let d = &ex.description;
    for p in &ex.problems {
        let (rule, range, message) = match p {
            Problem::Unclosed(r) => (
                &rules::EXAMPLE_UNCLOSED,
                r,
                "This <example> is never closed with </example>: the rest of the description reads as part of it.",
            ),
            Problem::Unopened(r) => (
                &rules::EXAMPLE_UNOPENED,
                r,
                "This </example> closes nothing: no <example> is open.",
            ),
            Problem::CommentaryUnclosed(r) => (
                &rules::COMMENTARY_UNCLOSED,
                r,
                "This <commentary> is not closed with </commentary> before its example ends.",
            ),
            Problem::CommentaryUnopened(r) => (
                &rules::COMMENTARY_MISPLACED,
                r,
                "This </commentary> closes nothing: no <commentary> is open.",
            ),
            Problem::CommentaryOutside(r) => (
                &rules::COMMENTARY_MISPLACED,
                r,
                "This commentary tag is outside any <example>: put the commentary inside the example it explains.",
            ),
            Problem::Nested(r) => (
                &rules::EXAMPLE_NESTED,
                r,
                "An <example> opens inside another one: close the first with </example>.",
            ),
        };
        ctx.out
            .push(Diagnostic::new(rule, d.source(range), message));
    }
    for (i, e) in ex.examples.iter().enumerate() {
        // An example that is never closed (AG601) or cut by a nested one
        // (AG605) has no known end: what it holds is not judged.
        if !e.closed {
            continue;
        }
        // Where the opening tag is in the file: mapped only for an example
        // that is reported (most are not, and a description may hold
        // hundreds).
        let at = || d.source(&(e.loaded.start..e.loaded.start + "<example>".len()));
        let n = i + 1;
        if e.parts.is_empty() {
            ctx.out.push(Diagnostic::new(
                &rules::EXAMPLE_EMPTY,
                at(),
                format!("Example {n} is empty."),
            ));
            continue;
        }
        let has = |k| e.parts.iter().any(|p| p.kind == k);
        if !has(examples::PartKind::User) {
            ctx.out.push(Diagnostic::new(
                &rules::EXAMPLE_NO_USER,
                at(),
                format!("Example {n} has no `user:` turn: show what the user says."),
            ));
        }
        if !has(examples::PartKind::Assistant) {
            ctx.out.push(Diagnostic::new(&rules::EXAMPLE_NO_ASSISTANT, at(), format!("Example {n} has no `assistant:` turn: show how the assistant hands over to this agent.")));
        }
    }
}

/// For a CRLF frontmatter that Claude Code's retry would rescue if its
/// lines ended in LF: quote the values the retry would quote, as it would.
fn crlf_quoting_fix(text: &str, content: Range<usize>) -> Option<Fix> {
    let yaml = &text[content.clone()];
    let lf = yaml.replace("\r\n", "\n");
    let rewrite = frontmatter::retry::rewrite(&lf);
    // Each quoted value sits on one line: find the same line and column in
    // the CRLF text (only the `\r` before each line break differ).
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(yaml.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let lf_line_starts: Vec<usize> = std::iter::once(0)
        .chain(lf.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let edits: Vec<Edit> = rewrite
        .quoted
        .iter()
        .filter_map(|r| {
            let line = lf_line_starts.partition_point(|s| *s <= r.start) - 1;
            let start = content.start + line_starts[line] + (r.start - lf_line_starts[line]);
            let value = text.get(start..start + r.len())?;
            Some(Edit {
                range: start..start + r.len(),
                new_text: frontmatter::double_quoted(value),
            })
        })
        .collect();
    (!edits.is_empty()).then(|| Fix {
        title: if edits.len() > 1 {
            "Quote these values as Claude Code would".to_owned()
        } else {
            "Quote the value as Claude Code would".to_owned()
        },
        edits,
    })
}

/// Where an unterminated frontmatter most likely ends: the start of the
/// first line after the opening `---` (which ends at `from`) that cannot be
/// YAML of a frontmatter (not `key:`, not indented, not a list item or a
/// comment), when a field came before it. `None` when every line could be
/// YAML (closing it would leave no body).
fn likely_frontmatter_end(text: &str, from: usize) -> Option<usize> {
    let mut offset = first_line_end(text, from);
    let mut fields = false;
    for line in text[offset..].split_inclusive('\n') {
        let t = line.trim_end();
        let key = t.split_once(':').is_some_and(|(k, _)| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
        let yaml = key || t.is_empty() || t.starts_with([' ', '\t', '#', '-']);
        if !yaml {
            return fields.then_some(offset);
        }
        fields |= key;
        offset += line.len();
    }
    None
}

/// What Claude Code does with an agent whose frontmatter it cannot read, as
/// the end of a sentence: a project or user agent is skipped; a plugin agent
/// still loads, but only under its file name with a stock description, and
/// `claude plugin validate` rejects it.
fn skipped(plugin: bool) -> &'static str {
    if plugin {
        ": this plugin agent loads only under its file name, with a stock description and no other field, and `claude plugin validate` rejects it"
    } else {
        " and skips this agent"
    }
}

/// Reports a closing `---` that cuts a value; returns whether it does.
fn check_closing_fence(ctx: &mut Ctx<'_>, l: &frontmatter::Located) -> bool {
    let text = ctx.text;
    let start = line_start(text, l.close.start);
    let end = first_line_end(text, l.close.end);
    // A `---` with text before it on its line sits inside a value; an
    // indented one does too when a real fence (at column 0) follows. (Text
    // after it on the same line is just the start of the body.)
    let before = &text[start..l.close.start];
    if before.is_empty() {
        return false;
    }
    // What the author meant as the end: the next line that is exactly `---`.
    let mut lost = Vec::new();
    let mut offset = end;
    let mut real_fence = false;
    for line in text[end..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" {
            real_fence = true;
            break;
        }
        if let Some(key) = t.split_once(':').map(|(k, _)| k)
            && !key.is_empty()
            && !key.starts_with([' ', '\t'])
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            lost.push(format!("\"{key}\""));
        }
        offset += line.len();
        if offset - end > 64 * 1024 {
            break;
        }
    }
    if before.trim().is_empty() && !real_fence {
        return false; // an indented closing fence, meant as one
    }
    let lost = if lost.is_empty() {
        String::new()
    } else {
        format!(" The fields after it ({}) are not read.", lost.join(", "))
    };
    ctx.out.push(Diagnostic::new(
        &rules::CLOSING_FENCE_IN_VALUE,
        l.close.clone(),
        format!("This \"---\" ends the frontmatter: Claude Code stops reading fields here and the rest becomes the system prompt.{lost}"),
    ));
    true
}

/// Reports how YAML parsing went; returns whether fields can be checked.
fn check_outcome(ctx: &mut Ctx<'_>, fm: &frontmatter::Frontmatter) -> bool {
    let text = ctx.text;
    let noun = crate::formats::format(ctx.kind).noun;
    match &fm.outcome {
        Outcome::Valid => true,
        Outcome::Rescued {
            strict_error,
            quoted,
            alone,
        } => {
            let mut reported = false;
            // The values whose meaning depends on the retry: invalid alone, or
            // read differently by strict YAML (`C# code #tag` loses `#tag`).
            let depends: Vec<(&Range<usize>, bool)> = quoted
                .iter()
                .zip(alone)
                .filter(|(_, a)| **a != frontmatter::Alone::Same)
                .map(|(r, a)| (r, *a == frontmatter::Alone::Other))
                .collect();
            // One fix quotes them all, so that fixing one never shifts another's meaning.
            let edits: Vec<Edit> = depends
                .iter()
                .map(|(r, _)| {
                    let value = &text[(*r).clone()];
                    Edit {
                        range: (*r).clone(),
                        new_text: frontmatter::double_quoted(value),
                    }
                })
                .collect();
            let title = if edits.len() > 1 {
                "Quote these values as Claude Code reads them"
            } else {
                "Quote the value as Claude Code reads it"
            };
            for &(range, valid_alone) in &depends {
                let value = &text[range.clone()];
                let trigger = if value.contains(": ") {
                    "contains \": \"".to_owned()
                } else {
                    let c = value
                        .chars()
                        .find(|c| "{}[]*&#!|>%@`\"'".contains(*c))
                        .unwrap_or('?');
                    if value.starts_with(c) {
                        format!("starts with \"{c}\"")
                    } else {
                        format!("contains \"{c}\"")
                    }
                };
                let message = if valid_alone {
                    format!(
                        "Strict YAML reads this value differently (it {trigger}): Claude Code's retry quotes it and keeps all of it, other YAML parsers do not. Quote the value."
                    )
                } else {
                    format!(
                        "Not valid YAML unquoted (the value {trigger}). Claude Code's retry quotes it, so the {noun} loads, but YAML parsers and other tools reject this file. Quote the value."
                    )
                };
                ctx.out.push(
                    Diagnostic::new(&rules::YAML_RESCUED, range.clone(), message).with_fix(Fix {
                        title: title.to_owned(),
                        edits: edits.clone(),
                    }),
                );
                reported = true;
            }
            let mut offset = fm.located.content.start;
            for line in text[fm.located.content.clone()].split_inclusive('\n') {
                let tabs = line.bytes().take_while(|b| *b == b'\t').count();
                if tabs > 0 {
                    ctx.out.push(
                        Diagnostic::new(&rules::YAML_RESCUED, offset..offset + tabs, "Tabs are not valid YAML indentation. Claude Code's retry turns them into spaces, but YAML parsers and other tools reject this file.")
                            .replace("Indent with spaces", offset..offset + tabs, "  ".repeat(tabs)),
                    );
                    reported = true;
                }
                offset += line.len();
            }
            if !reported {
                let r = error_range(text, strict_error.offset, fm.located.content.end);
                ctx.out.push(Diagnostic::new(
                    &rules::YAML_RESCUED,
                    r,
                    format!("Not valid YAML ({}). Claude Code's retry rescues it, but YAML parsers and other tools reject this file.", strict_error.message),
                ));
            }
            true
        }
        Outcome::Failed {
            error,
            crlf_is_the_cause,
        } => {
            let range = error_range(text, error.offset, fm.located.content.end);
            if let Unread::Reported(fall_back) = crate::formats::format(ctx.kind).unread {
                let mut why = format!("Invalid YAML ({})", error.message);
                if *crlf_is_the_cause
                    && crate::formats::format(ctx.kind).reader == Reader::ClaudeLenient
                {
                    why.push_str(", and CRLF line ends defeat Claude Code's quoting retry");
                }
                fall_back(
                    ctx,
                    &Fallback {
                        range,
                        why,
                        mistake: true,
                        missing: false,
                        body: fm.located.body_start..text.len(),
                    },
                );
                return false;
            }
            let consequence = if ctx.plugin {
                skipped(true)
            } else {
                " and silently skips the agent"
            };
            let mut message = format!(
                "Invalid YAML ({}): Claude Code cannot read this frontmatter{consequence}.",
                error.message
            );
            let mut fix = None;
            if *crlf_is_the_cause {
                message.push_str(" The file has CRLF line ends, which defeat Claude Code's quoting retry: quote the value or save the file with LF line ends.");
                fix = crlf_quoting_fix(text, fm.located.content.clone());
            } else if let Some(hint) = unindented_hint(text, fm) {
                message.push_str(hint);
            }
            let mut d = Diagnostic::new(&rules::YAML_INVALID, range, message);
            if let Some(fix) = fix {
                d = d.with_fix(fix);
            }
            ctx.out.push(d);
            false
        }
    }
}

/// A hint when the failing line is an unindented continuation of a value.
fn unindented_hint(text: &str, fm: &frontmatter::Frontmatter) -> Option<&'static str> {
    let content = &text[fm.located.content.clone()];
    let mut after_value = false;
    for line in content.lines() {
        let is_key = line.split_once(':').is_some_and(|(k, rest)| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                && (rest.is_empty() || rest.starts_with([' ', '\t']))
        });
        if line.trim().is_empty() || line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        if !is_key && after_value {
            if line.trim_start().starts_with("<example")
                || line.trim_start().starts_with("<commentary")
            {
                return Some(
                    " The description's <example> lines start at column 0, so its examples never load: indent every continuation line, or use `description: |` with an indented block.",
                );
            }
            return Some(
                " A line of a multi-line value starts at column 0: continuation lines must be indented (or use `description: |` with an indented block).",
            );
        }
        after_value = is_key;
    }
    indented_examples_hint(content)
}

/// A hint when a plain `description` goes on over indented lines that hold
/// example turns: their `: ` cannot stand in a plain value.
fn indented_examples_hint(content: &str) -> Option<&'static str> {
    let mut lines = content.lines();
    while let Some(line) = lines.next() {
        let Some(value) = line.strip_prefix("description:") else {
            continue;
        };
        let value = value.trim();
        if value.starts_with(['"', '\'', '|', '>']) {
            return None;
        }
        let turns = lines
            .by_ref()
            .take_while(|l| l.starts_with([' ', '\t']) || l.trim().is_empty())
            .map(|l| l.trim_start().to_ascii_lowercase())
            .any(|l| {
                ["context: ", "user: ", "assistant: "]
                    .iter()
                    .any(|t| l.starts_with(t))
            });
        return turns.then_some(
            " The description goes on over indented lines whose example turns (`user: \"…\"`) hold a `: `, which a plain value cannot: write `description: |` and indent the text under it.",
        );
    }
    None
}

/// The range to show for a YAML error at `offset`: to the end of its line,
/// at least one character.
fn error_range(text: &str, offset: usize, limit: usize) -> Range<usize> {
    let offset = frontmatter::floor_char_boundary(text, offset);
    let end = first_line_end(text, offset).min(limit.max(offset));
    if end > offset {
        return offset..end;
    }
    let next = text[offset..]
        .chars()
        .next()
        .map_or(offset, |c| offset + c.len_utf8());
    offset..next
}

#[cfg(test)]
mod tests {
    use super::*;

    const AGENT: &str = "---\nname: rev\ndescription: Reviews: code\ncolor: magenta\n---\nBody\n";

    fn codes(d: &[Diagnostic]) -> Vec<&str> {
        d.iter().map(|d| d.rule.code).collect()
    }

    /// A comment after the color is not part of the swatch's range.
    #[test]
    fn color_ranges_end_with_the_value() {
        for (text, value) in [
            ("---\ncolor: 'cyan' # hi\n---\n", "'cyan'"),
            ("---\ncolor: red # c\n---\n", "red"),
            ("---\ncolor: \"blue\"\n---\n", "\"blue\""),
            ("---\ncolor: green\r\n---\n", "green"),
        ] {
            let found = colors(text);
            assert_eq!(found.len(), 1, "{text:?}");
            assert_eq!(&text[found[0].0.clone()], value, "{text:?}");
        }
        assert!(colors("---\ncolor: magenta # c\n---\n").is_empty());
        // While a key is half typed, and before the closing `---`.
        for text in [
            "---\nname: a\ncolor: 'red' # c\nmo\n---\n",
            "---\nname: a\ncolor: 'red' # c\nmo",
        ] {
            let found = colors(text);
            assert_eq!(found.len(), 1, "{text:?}");
            assert_eq!(&text[found[0].0.clone()], "'red'");
        }
    }

    /// Body edits reuse the memo; anything the diagnostics depend on
    /// (the frontmatter, the body's emptiness, the file's name) does not.
    #[test]
    fn memo_reuses_only_what_cannot_have_changed() {
        let target = Target::new(FileKind::ClaudeAgent);
        let mut memo = Memo::default();
        let first = check_file_memo(AGENT, target, Some("rev"), &mut memo);
        assert_eq!(codes(&first), ["AG005", "AG302"]);
        assert!(memo.last.is_some(), "memoized");

        // Typing in the body: the memo answers (it would still hold the
        // old head if it had been recomputed from a different text).
        let typed = AGENT.replace("Body", "Body, more of it");
        let head = memo.last.as_ref().map(|m| m.head.as_ptr());
        assert_eq!(
            check_file_memo(&typed, target, Some("rev"), &mut memo),
            first
        );
        assert_eq!(memo.last.as_ref().map(|m| m.head.as_ptr()), head, "reused");

        // Emptying the body adds AG-body-empty: not taken from the memo.
        let emptied = AGENT.replace("Body\n", "");
        assert_eq!(
            check_file_memo(&emptied, target, Some("rev"), &mut memo),
            check_file(&emptied, target, Some("rev"))
        );
        assert!(
            codes(&check_file(&emptied, target, Some("rev"))).contains(&rules::BODY_EMPTY.code)
        );

        // An edit in the frontmatter is checked afresh.
        let fixed = AGENT.replace("color: magenta", "color: red");
        assert_eq!(
            codes(&check_file_memo(&fixed, target, Some("rev"), &mut memo)),
            ["AG005"]
        );

        // Another file name, another result.
        let no_name = AGENT.replace("name: rev\n", "");
        let a = check_file_memo(&no_name, target, Some("a"), &mut memo);
        let b = check_file_memo(&no_name, target, Some("b"), &mut memo);
        assert_eq!(a, check_file(&no_name, target, Some("a")));
        assert_eq!(b, check_file(&no_name, target, Some("b")));

        // An indented `---` ends the frontmatter; whether it cut a value
        // depends on a real fence later, in the body: never memoized.
        let indented = "---\nname: a\ndescription: |\n  Intro\n  ---\nmore\n";
        let first = check_file_memo(indented, target, Some("a"), &mut memo);
        assert!(codes(&first).is_empty(), "{first:?}");
        let fenced = format!("{indented}model: opus\n---\nBody\n");
        assert_eq!(
            codes(&check_file_memo(&fenced, target, Some("a"), &mut memo)),
            [rules::CLOSING_FENCE_IN_VALUE.code]
        );
    }

    /// The head of a text is checked alone only when that gives what the
    /// whole gives: not when a limit on the whole file's length applies,
    /// nor when nothing after the frontmatter settles where it ends.
    #[test]
    fn a_head_is_checked_alone_only_when_it_is_enough() {
        let agent = Target::new(FileKind::ClaudeAgent);
        let plugin = Target::new(FileKind::ClaudePluginAgent);
        // The first `end` bytes of `text`, checked alone, with no memo.
        let alone = |text: &str, end: usize, target: Target| {
            check_head_memo(
                &text[..end],
                text.len(),
                target,
                Some("rev"),
                &mut Memo::default(),
            )
        };
        let big = format!("{AGENT}{}", "x".repeat(PLUGIN_AGENT_MAX_BYTES));
        let head = AGENT.find("Body").unwrap_or_default() + 1;
        for target in [agent, plugin] {
            let whole = check_file(&big, target, Some("rev"));
            if target == plugin {
                assert!(codes(&whole).contains(&rules::PLUGIN_AGENT_TOO_LARGE.code));
                assert_eq!(
                    alone(&big, head, target),
                    None,
                    "the plugin agent's size is the whole file's"
                );
            } else {
                assert_eq!(alone(&big, head, target), Some(whole));
            }
        }
        // The fence's line and the blank lines after it: where the body
        // starts is not settled yet.
        let text = AGENT.replace("---\nBody", "---\n\n\nBody");
        let fence_end = text.rfind("---").unwrap_or_default() + 4;
        for end in fence_end..text.find("Body").unwrap_or_default() {
            assert_eq!(alone(&text, end, agent), None, "{end}");
        }
        let huge = format!("{AGENT}{}", "x".repeat(MAX_ANALYSED_BYTES));
        assert_eq!(alone(&huge, head, agent), None);
    }
}
