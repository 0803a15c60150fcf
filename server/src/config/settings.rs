//! The configuration in force for one file: its layers, and what they do
//! to the diagnostics ([`Settings::apply`], the one place the CLI and the
//! server apply rule selection, severities, known names and suppressions).

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::suppress::{self, Suppression};
use super::{Config, Known};
use crate::analysis::rules::{self as r, Rule};
use crate::analysis::{Diagnostic, Edit, Fix};
use crate::formats::FileKind;
use crate::formats::target::Tools;

/// The rules that report an unknown frontmatter key at the key.
const UNKNOWN_KEY_RULES: &[&Rule] = &[
    &r::UNKNOWN_KEY,
    &r::COPILOT_UNKNOWN_FIELD,
    &r::COPILOT_OTHER_TOOL_FIELD,
    &r::VSCODE_UNSUPPORTED_FIELD,
    &r::OPENCODE_UNKNOWN_KEY,
    &r::GEMINI_UNKNOWN_KEY,
    &r::QWEN_UNKNOWN_KEY,
];

/// The rules that report an unknown tool at its name.
const UNKNOWN_TOOL_RULES: &[&Rule] = &[&r::TOOL_UNKNOWN, &r::GEMINI_TOOLS_INVALID];

/// Which of a file's diagnostics a call to [`Settings::apply_part`] judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// All of them, cross-file ones included (`agentls check`).
    Whole,
    /// Its own, without the cross-file ones (the server's check of a file).
    Own,
    /// The cross-file ones alone (the server's refresh after another file changed).
    Across,
}

/// The layers of configuration for a file, lowest first: its
/// `.agentls.toml`, the editor's settings, the command line.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The layers, lowest first.
    pub layers: Vec<Arc<Config>>,
}

impl Settings {
    /// Settings of these layers, lowest first.
    #[must_use]
    pub fn new(layers: impl IntoIterator<Item = Arc<Config>>) -> Self {
        Self {
            layers: layers.into_iter().collect(),
        }
    }

    /// The rule settings that apply to `path`, in order: each layer's own,
    /// then its overrides that match.
    fn rule_sets<'a>(&'a self, path: Option<&'a Path>) -> impl Iterator<Item = &'a super::RuleSet> {
        self.layers.iter().flat_map(move |layer| {
            let relative = relative(layer, path);
            std::iter::once(&layer.rules).chain(
                layer
                    .overrides
                    .iter()
                    .filter(move |o| relative.is_some_and(|p| o.paths.matches(p)))
                    .map(|o| &o.rules),
            )
        })
    }

    /// The tools `path` is judged against, when a layer names them.
    #[must_use]
    pub fn targets_for(&self, path: Option<&Path>) -> Option<Tools> {
        let mut targets = None;
        for layer in &self.layers {
            targets = layer.targets.or(targets);
            let relative = relative(layer, path);
            for o in &layer.overrides {
                if relative.is_some_and(|p| o.paths.matches(p)) {
                    targets = o.targets.or(targets);
                }
            }
        }
        targets
    }

    /// The format `path` is checked as by a layer's `[paths]` (the highest
    /// layer first), if any.
    #[must_use]
    pub fn kind_for(&self, path: &Path) -> Option<FileKind> {
        self.layers.iter().rev().find_map(|layer| {
            let relative = relative(layer, Some(path))?;
            layer
                .paths
                .iter()
                .find(|(_, globs)| globs.matches(relative))
                .map(|(kind, _)| *kind)
        })
    }

    /// The names every layer adds as known.
    #[must_use]
    pub fn known(&self) -> Known {
        let mut known = Known::default();
        for layer in &self.layers {
            known.extend(&layer.known);
        }
        known
    }

    /// Whether `rule` runs for `path`.
    #[must_use]
    pub fn enabled(&self, rule: &Rule, path: Option<&Path>) -> bool {
        self.rule_sets(path)
            .fold(true, |on, set| set.enabled(rule, on))
    }

    /// The severity of `rule` for `path` under these settings, or `None`
    /// when it does not run there (for diagnostics found across files,
    /// after [`Settings::apply`]).
    #[must_use]
    pub fn severity_for(
        &self,
        rule: &Rule,
        path: Option<&Path>,
    ) -> Option<crate::analysis::Severity> {
        if !self.enabled(rule, path) {
            return None;
        }
        let sets: Vec<_> = self.rule_sets(path).collect();
        Some(
            sets.iter()
                .rev()
                .find_map(|set| set.severity_of(rule))
                .unwrap_or(rule.severity),
        )
    }

    /// What the configuration and the file's suppression comments do to
    /// the diagnostics of the file at `path` (of format `kind`, text
    /// `text`): drops the reports of names declared known, the rules not
    /// selected and the suppressed diagnostics; sets severities; adds an
    /// "unused suppression" hint for each suppression that silences
    /// nothing. Pure: the CLI and the server both call it after the check.
    pub fn apply(
        &self,
        path: Option<&Path>,
        kind: FileKind,
        text: &str,
        diags: &mut Vec<Diagnostic>,
    ) {
        self.apply_part(path, kind, text, diags, Part::Whole);
    }

    /// [`Settings::apply`] to a part of a file's diagnostics: the server
    /// judges a file's own diagnostics and its cross-file ones
    /// ([`crate::workspace::crossfile`]) apart, since the latter change
    /// when other files do. A suppression is called unused only where its
    /// part can tell: [`Part::Own`] takes a code that names a cross-file
    /// rule as used, [`Part::Across`] reports no unused suppression.
    pub fn apply_part(
        &self,
        path: Option<&Path>,
        kind: FileKind,
        text: &str,
        diags: &mut Vec<Diagnostic>,
        part: Part,
    ) {
        let known = self.known();
        if !known.is_empty() {
            drop_known(&known, text, diags);
        }
        let sups = suppress::scan(text, kind != FileKind::CursorRule);
        // A YAML suppression comment is a comment on purpose: no AG008.
        diags.retain(|d| {
            !(std::ptr::eq(d.rule, &r::COMMENT_TRUNCATES_VALUE)
                && sups
                    .iter()
                    .any(|s| s.yaml && s.range.start == d.range.start))
        });
        let sets: Vec<_> = self.rule_sets(path).collect();
        let enabled = |rule: &Rule| sets.iter().fold(true, |on, set| set.enabled(rule, on));
        let severity = |rule: &Rule| sets.iter().rev().find_map(|set| set.severity_of(rule));
        let mut adjust = |d: &mut Diagnostic| {
            if !enabled(d.rule) {
                return false;
            }
            if let Some(level) = severity(d.rule) {
                d.severity = level;
            }
            true
        };
        diags.retain_mut(&mut adjust);
        if sups.is_empty() {
            return;
        }
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let line_of = |offset: usize| line_starts.partition_point(|s| *s <= offset) - 1;
        let selectors: Vec<_> = sups.iter().map(Suppression::selectors).collect();
        // Per suppression: whether it silenced anything (without codes), or
        // which of its codes did.
        let mut used: Vec<Vec<bool>> = sups
            .iter()
            .map(|s| vec![false; s.codes.len().max(1)])
            .collect();
        diags.retain(|d| {
            let line = line_of(d.range.start);
            for (i, s) in sups.iter().enumerate() {
                if s.line.is_some_and(|l| l != line) {
                    continue;
                }
                if s.codes.is_empty() {
                    used[i][0] = true;
                    return false;
                }
                for (j, sel) in selectors[i].iter().enumerate() {
                    if sel.as_ref().is_some_and(|sel| sel.matches(d.rule)) {
                        used[i][j] = true;
                        return false;
                    }
                }
            }
            true
        });
        if part == Part::Across {
            diags.sort_by_key(|d| (d.range.start, d.range.end));
            return;
        }
        if part == Part::Own {
            for (i, sels) in selectors.iter().enumerate() {
                for (j, sel) in sels.iter().enumerate() {
                    let across = sel.as_ref().is_some_and(|sel| {
                        crate::workspace::crossfile::RULES
                            .iter()
                            .any(|rule| sel.matches(rule))
                    });
                    if across && let Some(u) = used[i].get_mut(j) {
                        *u = true;
                    }
                }
            }
        }
        for (i, s) in sups.iter().enumerate() {
            if let Some(mut d) = unused(s, &used[i])
                && adjust(&mut d)
            {
                diags.push(d);
            }
        }
        diags.sort_by_key(|d| (d.range.start, d.range.end));
    }
}

/// A file's path relative to a layer's folder (the path itself when the
/// layer has none); `None` outside it.
fn relative<'a>(layer: &Config, path: Option<&'a Path>) -> Option<&'a Path> {
    let path = path?;
    match &layer.root {
        None => Some(path),
        Some(root) => path.strip_prefix(root).ok(),
    }
}

/// The name a diagnostic points at, as written (quotes and a rule's
/// parenthesis left out).
fn name_at(text: &str, range: &Range<usize>) -> Option<String> {
    let raw = text.get(range.clone())?;
    let lead = raw.len() - raw.trim_start().len();
    if let Some(quote) = raw[lead..]
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))
    {
        // A quoted name, whether or not the range covers its closing quote.
        let rest = &text[range.start + lead + 1..];
        let end = rest.find([quote, '\n']).unwrap_or(rest.len());
        return Some(rest[..end].to_owned());
    }
    let written = raw.trim();
    let written = written.trim_end_matches(':').trim_matches(['"', '\'']);
    let written = written.split('(').next().unwrap_or(written).trim();
    Some(written.to_owned())
}

/// Whether `name` is a tool `known` declares: by name, or an MCP tool of
/// a declared server (`mcp__server__tool`, `mcp__server`, or Gemini CLI's
/// `mcp_server_tool`).
fn is_known_tool(known: &Known, name: &str) -> bool {
    if known.tools.iter().any(|t| t == name) {
        return true;
    }
    let server = name
        .strip_prefix("mcp__")
        .map(|rest| rest.split("__").next().unwrap_or(rest))
        .or_else(|| {
            name.strip_prefix("mcp_")
                .map(|rest| rest.split('_').next().unwrap_or(rest))
        });
    server.is_some_and(|s| known.mcp_servers.iter().any(|m| m == s))
}

/// Drops the unknown-key and unknown-tool reports of names `known`
/// declares, and "no tool resolves" when one of its tools is declared.
fn drop_known(known: &Known, text: &str, diags: &mut Vec<Diagnostic>) {
    let in_list = |rules: &[&Rule], rule: &Rule| rules.iter().any(|r| std::ptr::eq(*r, rule));
    let mut known_tools: Vec<Range<usize>> = Vec::new();
    diags.retain(|d| {
        let Some(name) = name_at(text, &d.range) else {
            return true;
        };
        if in_list(UNKNOWN_KEY_RULES, d.rule) && known.keys.contains(&name) {
            return false;
        }
        if in_list(UNKNOWN_TOOL_RULES, d.rule) && is_known_tool(known, &name) {
            known_tools.push(d.range.clone());
            return false;
        }
        true
    });
    diags.retain(|d| {
        !(std::ptr::eq(d.rule, &r::TOOLS_NONE_RESOLVE)
            && known_tools
                .iter()
                .any(|t| d.range.start <= t.start && t.end <= d.range.end))
    });
}

/// The "unused suppression" hint for `s`, if some of it silenced nothing.
fn unused(s: &Suppression, used: &[bool]) -> Option<Diagnostic> {
    if used.iter().all(|u| *u) {
        return None;
    }
    let form = if s.line.is_none() {
        "in this file"
    } else {
        "on its line"
    };
    let remove_all = Fix {
        title: "Remove the unused suppression".to_owned(),
        edits: vec![Edit {
            range: s.removal.clone(),
            new_text: String::new(),
        }],
    };
    if s.codes.is_empty() {
        return Some(
            Diagnostic::new(
                &r::UNUSED_SUPPRESSION,
                s.range.clone(),
                format!("This suppression silences nothing: there is no diagnostic {form}."),
            )
            .with_fix(remove_all),
        );
    }
    let unused: Vec<&(String, Range<usize>)> = s
        .codes
        .iter()
        .zip(used)
        .filter(|(_, u)| !**u)
        .map(|(c, _)| c)
        .collect();
    let describe = |(code, _): &&(String, Range<usize>)| match super::Selector::parse(code) {
        Ok(_) => code.clone(),
        Err(_) => format!("{code} (no such rule)"),
    };
    let names: Vec<String> = unused.iter().map(describe).collect();
    let message = format!(
        "Unused suppression: {} silence{} nothing {form}.",
        names.join(", "),
        if names.len() == 1 { "s" } else { "" }
    );
    let fix = if unused.len() == s.codes.len() {
        remove_all
    } else {
        let kept: Vec<&str> = s
            .codes
            .iter()
            .zip(used)
            .filter(|(_, u)| **u)
            .map(|((c, _), _)| c.as_str())
            .collect();
        let first = s.codes.first().map_or(0, |(_, r)| r.start);
        let last = s.codes.last().map_or(0, |(_, r)| r.end);
        let codes: Vec<&str> = unused.iter().map(|(c, _)| c.as_str()).collect();
        Fix {
            title: format!("Remove {} from the suppression", codes.join(", ")),
            edits: vec![Edit {
                range: first..last,
                new_text: kept.join(", "),
            }],
        }
    };
    let range = if unused.len() == s.codes.len() {
        s.range.clone()
    } else {
        unused[0].1.clone()
    };
    Some(Diagnostic::new(&r::UNUSED_SUPPRESSION, range, message).with_fix(fix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{self, Target};

    fn check(config: &str, text: &str, path: &str) -> Vec<String> {
        let mut c = Config::parse(config).expect("valid config");
        c.root = Some("/p".into());
        let settings = Settings::new([Arc::new(c)]);
        let target = Target::new(FileKind::ClaudeAgent);
        let mut diags = analysis::check(text, target);
        settings.apply(
            Some(Path::new(path)),
            FileKind::ClaudeAgent,
            text,
            &mut diags,
        );
        diags
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {:?} {}",
                    d.rule.code,
                    d.severity.as_str(),
                    &text[d.range.clone()],
                    d.fixes.first().map(|f| f.title.as_str()).unwrap_or("")
                )
            })
            .collect()
    }

    const AGENT: &str =
        "---\nname: Bad_Name\ndescription: d\nx-team: core\ntools: Read, MyTool\n---\nBody\n";

    #[test]
    fn selection_severity_and_overrides() {
        assert_eq!(
            check("", AGENT, "/p/a.md"),
            [
                "AG106:warning \"Bad_Name\" Rename to \"bad-name\"",
                "AG201:warning \"x-team\" Remove \"x-team\"",
                "AG401:warning \"MyTool\" Remove \"MyTool\""
            ]
        );
        assert_eq!(
            check(
                "[rules]\nignore = [\"AG4\"]\n[rules.severity]\nname-convention = \"error\"\n",
                AGENT,
                "/p/a.md"
            ),
            [
                "AG106:error \"Bad_Name\" Rename to \"bad-name\"",
                "AG201:warning \"x-team\" Remove \"x-team\""
            ]
        );
        assert_eq!(
            check("[rules]\nselect = [\"AG2\"]\n", AGENT, "/p/a.md"),
            ["AG201:warning \"x-team\" Remove \"x-team\""]
        );
        let o = "[[overrides]]\npaths = [\"legacy/\"]\nrules.ignore = [\"ALL\"]\n";
        assert_eq!(check(o, AGENT, "/p/legacy/x/a.md"), Vec::<String>::new());
        assert_eq!(check(o, AGENT, "/p/a.md").len(), 3);
    }

    #[test]
    fn known_names() {
        assert_eq!(
            check(
                "[known]\ntools = [\"MyTool\"]\nkeys = [\"x-team\"]\n",
                AGENT,
                "/p/a.md"
            ),
            ["AG106:warning \"Bad_Name\" Rename to \"bad-name\""]
        );
        // The only tool is declared: "none resolves" goes too.
        let only = "---\nname: a\ndescription: d\ntools: MyTool\n---\nBody\n";
        assert_eq!(check("", only, "/p/a.md").len(), 2);
        assert_eq!(
            check("[known]\ntools = [\"MyTool\"]\n", only, "/p/a.md"),
            Vec::<String>::new()
        );
        let mcp = "---\nname: a\ndescription: d\ntools: Read, mcp__my.srv__x\n---\nBody\n";
        assert_eq!(check("", mcp, "/p/a.md").len(), 1);
        assert_eq!(
            check("[known]\nmcp-servers = [\"my.srv\"]\n", mcp, "/p/a.md"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn suppressions() {
        let text = "---\nname: Bad_Name # agentls-ignore: AG106\ndescription: d\n# agentls-ignore: AG201, AG401\nx-team: core\ntools: Read, MyTool\n---\nBody\n<!-- agentls-ignore-file tool-unknown -->\n";
        assert_eq!(
            check("", text, "/p/a.md"),
            ["AG1120:hint \"AG401\" Remove AG401 from the suppression",]
        );
        let unused = "---\nname: a\ndescription: d\n---\nBody <!-- agentls-ignore AG101 -->\n";
        assert_eq!(
            check("", unused, "/p/a.md"),
            ["AG1120:hint \"<!-- agentls-ignore AG101 -->\" Remove the unused suppression"]
        );
        assert_eq!(
            check("[rules]\nignore = [\"AG1120\"]\n", unused, "/p/a.md"),
            Vec::<String>::new()
        );
    }

    /// Pieces of text around suppressions, in any order.
    const PIECES: &[&str] = &[
        "---",
        "name: Bad_Name # agentls-ignore: AG106",
        "# agentls-ignore-file:",
        "# agentls-ignore: unknown-key, nope",
        "x-team: core",
        "tools: Read, MyTool",
        "description: d #agentls-ignore AG008",
        "Body <!-- agentls-ignore AG501 -->",
        "<!-- agentls-ignore-file AG4,AG1 -->",
        "<!-- agentls-ignore",
        "-->",
        "```",
        "é <!--agentls-ignore-->",
        "",
    ];

    /// Whatever the text, applying settings never panics and keeps every
    /// range and fix inside it.
    #[test]
    fn random_suppressions_stay_in_range() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config as Cases, RngAlgorithm, TestRng, TestRunner};
        let cases = Cases {
            cases: 512,
            failure_persistence: None,
            ..Cases::default()
        };
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
        let mut runner = TestRunner::new_with_rng(cases, rng);
        let strategy = (
            proptest::collection::vec(0..PIECES.len(), 1..12),
            any::<bool>(),
        );
        let mut known = Config::default();
        known.known.tools.push("MyTool".to_owned());
        let settings = Settings::new([Arc::new(known)]);
        runner
            .run(&strategy, |(pieces, cursor)| {
                let lines: Vec<&str> = pieces.iter().map(|&i| PIECES[i]).collect();
                let text = lines.join("\n");
                let kind = if cursor {
                    FileKind::CursorRule
                } else {
                    FileKind::ClaudeAgent
                };
                let mut diags = analysis::check(&text, Target::new(kind));
                settings.apply(None, kind, &text, &mut diags);
                for d in &diags {
                    assert!(text.get(d.range.clone()).is_some(), "{text:?}: {d:?}");
                    for e in d.fixes.iter().flat_map(|f| &f.edits) {
                        assert!(text.get(e.range.clone()).is_some(), "{text:?}: {d:?}");
                    }
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn parts_judge_cross_file_suppressions_where_they_can() {
        let text =
            "---\nname: a\ndescription: d\n---\nAsk @agent-nobody <!-- agentls-ignore AG1161 -->\n";
        let at = text.find("nobody").expect("mention");
        let unknown = || {
            vec![Diagnostic::new(
                &r::UNKNOWN_REFERENCE,
                at..at + 6,
                "nothing defines it",
            )]
        };
        let settings = Settings::default();
        let path = Some(Path::new("/p/.claude/agents/a.md"));
        let codes = |d: &[Diagnostic]| d.iter().map(|d| d.rule.code).collect::<Vec<_>>();
        // The file's own check: nothing to silence, yet the code names a
        // cross-file rule, so the suppression is not called unused.
        let mut own = Vec::new();
        settings.apply_part(path, FileKind::ClaudeAgent, text, &mut own, Part::Own);
        assert_eq!(codes(&own), Vec::<&str>::new());
        // The cross-file part: silenced, and no hint either way.
        let mut across = unknown();
        settings.apply_part(path, FileKind::ClaudeAgent, text, &mut across, Part::Across);
        assert_eq!(codes(&across), Vec::<&str>::new());
        // The whole file (agentls check): silenced; without the diagnostic,
        // the suppression is unused.
        let mut whole = unknown();
        settings.apply(path, FileKind::ClaudeAgent, text, &mut whole);
        assert_eq!(codes(&whole), Vec::<&str>::new());
        let mut none = Vec::new();
        settings.apply(path, FileKind::ClaudeAgent, text, &mut none);
        assert_eq!(codes(&none), ["AG1120"]);
    }
}
