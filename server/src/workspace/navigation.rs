//! Navigation by name over a workspace's files: go to definition, find
//! references, rename, workspace symbols. Pure: the caller hands in every
//! file's [`Symbols`] (read from open documents, the disk or an index) and
//! gets byte ranges and paths back.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::symbols::{Definition, Namespace, Symbols};
use crate::formats::FileKind;

/// One file of the workspace, as navigation sees it.
#[derive(Debug, Clone, Copy)]
pub struct File<'a> {
    /// Where it is.
    pub path: &'a Path,
    /// Its format.
    pub kind: FileKind,
    /// What it names and refers to.
    pub symbols: &'a Symbols,
}

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The file.
    pub path: PathBuf,
    /// The bytes (empty at the start of the file when the path alone gives
    /// a name).
    pub range: Range<usize>,
}

/// The name under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The names it lives among.
    pub namespace: Namespace,
    /// The name (in full: `plugin:name`).
    pub name: String,
    /// The bytes the cursor is on: the reference, the `name` value, or the
    /// first line of a file whose path gives the name.
    pub range: Range<usize>,
    /// Whether it is the file's own name rather than a reference.
    pub on_definition: bool,
    /// Whether the range holds only the name's last segment (a plugin's
    /// item: its `name` value is the part after `plugin:`).
    pub last_only: bool,
}

/// The name at `offset` of a file with `symbols` (`first_line`: the range
/// of its first line, where a name that only its path gives is found).
#[must_use]
pub fn at(symbols: &Symbols, offset: usize, first_line: Range<usize>) -> Option<Cursor> {
    let inside = |r: &Range<usize>| r.start <= offset && offset <= r.end;
    if let Some(r) = symbols.references.iter().find(|r| inside(&r.range)) {
        return Some(Cursor {
            namespace: r.namespace,
            name: r.name.clone(),
            range: r.range.clone(),
            on_definition: false,
            last_only: false,
        });
    }
    let d = symbols.definition.as_ref()?;
    let (range, last_only) = match &d.range {
        Some(r) if inside(r) => (r.clone(), r.len() != d.name.len()),
        None if inside(&first_line) => (first_line, false),
        _ => return None,
    };
    Some(Cursor {
        namespace: d.namespace,
        name: d.name.clone(),
        range,
        on_definition: true,
        last_only,
    })
}

fn defining<'a>(
    files: &'a [File<'a>],
    namespace: Namespace,
    name: &'a str,
) -> impl Iterator<Item = (&'a File<'a>, &'a Definition)> + 'a {
    files.iter().filter_map(move |f| {
        let d = f.symbols.definition.as_ref()?;
        (d.namespace == namespace && d.name == name).then_some((f, d))
    })
}

/// Where the name under the cursor is defined: the `name` value, or the
/// start of a file whose path gives the name (several when the name is
/// defined twice).
#[must_use]
pub fn definition(files: &[File<'_>], cursor: &Cursor) -> Vec<Target> {
    let mut out: Vec<Target> = defining(files, cursor.namespace, &cursor.name)
        .map(|(f, d)| Target {
            path: f.path.to_path_buf(),
            range: d.range.clone().unwrap_or(0..0),
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Every reference to the name under the cursor, by path and position,
/// after its definitions when `declaration` is asked for.
#[must_use]
pub fn references(files: &[File<'_>], cursor: &Cursor, declaration: bool) -> Vec<Target> {
    let mut out = Vec::new();
    for f in files {
        for r in &f.symbols.references {
            if r.namespace == cursor.namespace && r.name == cursor.name {
                out.push(Target {
                    path: f.path.to_path_buf(),
                    range: r.range.clone(),
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.path, a.range.start).cmp(&(&b.path, b.range.start)));
    if declaration {
        let mut defs = definition(files, cursor);
        defs.append(&mut out);
        out = defs;
    }
    out
}

/// The segment separator of a namespace's names, when they have segments
/// (a plugin's `plugin:name`, a command's `a:b`, a Copilot agent's
/// `team--name`, an OpenCode agent's `team/name`).
fn separator(namespace: Namespace) -> Option<&'static str> {
    match namespace {
        Namespace::ClaudeAgent | Namespace::ClaudeSkill => Some(":"),
        Namespace::CopilotAgent => Some("--"),
        Namespace::OpenCodeAgent | Namespace::OpenCodeCommand => Some("/"),
        _ => None,
    }
}

/// A name split into its prefix (with the separator) and its last segment.
fn split_last(namespace: Namespace, name: &str) -> (&str, &str) {
    match separator(namespace).and_then(|s| name.rfind(s).map(|i| (i, s.len()))) {
        Some((i, len)) => (&name[..i + len], &name[i + len..]),
        None => ("", name),
    }
}

/// Why `name` cannot be the new last segment of a name of `namespace`,
/// if it cannot.
fn invalid(namespace: Namespace, name: &str) -> Option<String> {
    let why = if name.is_empty() {
        "a name cannot be empty".to_owned()
    } else if name.chars().count() > 64 {
        "names are at most 64 characters here".to_owned()
    } else if name.starts_with(['-', '.']) {
        "a name cannot start with `-` or `.`".to_owned()
    } else if let Some(c) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        format!(
            "`{c}` cannot be part of a name: use letters, digits, `-`, `_` and `.`{}",
            if separator(namespace).is_some_and(|s| name.contains(s)) {
                " (the folder part of a name does not change)"
            } else {
                ""
            }
        )
    } else if namespace == Namespace::AgentSkill
        && name
            .chars()
            .any(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
    {
        "Agent Skill names use lowercase letters, digits and `-` only".to_owned()
    } else if namespace == Namespace::GeminiAgent
        && name
            .chars()
            .any(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_')))
    {
        "Gemini CLI names use lowercase letters, digits, `-` and `_` only".to_owned()
    } else if matches!(
        name.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off"
    ) || name.parse::<f64>().is_ok()
    {
        "YAML would read it as a boolean, null or number, not a name".to_owned()
    } else {
        return None;
    };
    Some(format!("Cannot rename to `{name}`: {why}."))
}

/// What a rename changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rename {
    /// Text edits: the file, the bytes, the new text; in file order within
    /// each file.
    pub edits: Vec<(PathBuf, Range<usize>, String)>,
    /// Files or folders to move, after the edits: the name's file or skill
    /// folder when it is named after it.
    pub moves: Vec<Move>,
}

/// A file or folder a rename moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// Where it is.
    pub from: PathBuf,
    /// Where it goes.
    pub to: PathBuf,
    /// Whether only the path gives the name (without the move the rename
    /// would not rename it), rather than a `name` value that the file's
    /// name matched.
    pub required: bool,
}

/// The rename of the name under the cursor to `new_name` (the whole name
/// at a reference; what the cursor's range holds at a definition, which
/// for a plugin's item is the last segment only): the `name` values, every
/// reference, and the files or folders named after it. An error says why
/// it cannot be done.
///
/// # Errors
/// When the new name is not valid for its namespace, changes the name's
/// folder part, is already taken, or the name is defined nowhere.
pub fn rename(files: &[File<'_>], cursor: &Cursor, new_name: &str) -> Result<Rename, String> {
    let ns = cursor.namespace;
    let old = cursor.name.as_str();
    let (prefix, old_last) = split_last(ns, old);
    let partial =
        cursor.on_definition && cursor.range.len() == old_last.len() && !prefix.is_empty();
    let new_full = if partial {
        format!("{prefix}{new_name}")
    } else {
        new_name.to_owned()
    };
    let (new_prefix, new_last) = split_last(ns, &new_full);
    if new_prefix != prefix {
        return Err(if prefix.is_empty() {
            invalid(ns, new_name).unwrap_or_else(|| format!("Cannot rename to `{new_name}`."))
        } else {
            format!(
                "Cannot rename to `{new_name}`: the name keeps its folder part `{prefix}`; change only `{old_last}`."
            )
        });
    }
    if let Some(why) = invalid(ns, new_last) {
        return Err(why);
    }
    let defs: Vec<_> = defining(files, ns, old).collect();
    if defs.is_empty() {
        return Err(format!(
            "Cannot rename `{old}`: no {} of that name in the workspace.",
            ns.noun()
        ));
    }
    if new_full == old {
        return Ok(Rename::default());
    }
    if let Some((f, _)) = defining(files, ns, &new_full).next() {
        return Err(format!(
            "Cannot rename to `{new_full}`: {} already defines that name.",
            f.path.display()
        ));
    }
    let mut plan = Rename::default();
    for (f, d) in &defs {
        if let Some(r) = &d.range {
            let text = if r.len() == old.len() {
                new_full.clone()
            } else {
                new_last.to_owned()
            };
            plan.edits.push((f.path.to_path_buf(), r.clone(), text));
        }
        if d.from_path
            && let Some((from, to)) = moved(f.path, f.kind, old_last, new_last)
        {
            plan.moves.push(Move {
                from,
                to,
                // A project or user skill is its folder, whatever its
                // `name` says; elsewhere a stated name stands without the move.
                required: d.range.is_none()
                    || (f.kind == FileKind::ClaudeSkill && !d.name.contains(':')),
            });
        }
    }
    for f in files {
        for r in &f.symbols.references {
            if r.namespace == ns && r.name == old {
                plan.edits
                    .push((f.path.to_path_buf(), r.range.clone(), new_full.clone()));
            }
        }
    }
    plan.edits
        .sort_by(|a, b| a.0.cmp(&b.0).then(a.1.start.cmp(&b.1.start)));
    plan.edits.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    Ok(plan)
}

/// The move that renames a file or skill folder named `old` after `new`.
fn moved(path: &Path, kind: FileKind, old: &str, new: &str) -> Option<(PathBuf, PathBuf)> {
    if matches!(kind, FileKind::ClaudeSkill | FileKind::AgentSkill) {
        let folder = path.parent()?;
        (folder.file_name()?.to_str()? == old)
            .then(|| (folder.to_path_buf(), folder.with_file_name(new)))
    } else {
        let file = path.file_name()?.to_str()?;
        let rest = file.strip_prefix(old)?;
        rest.starts_with('.').then(|| {
            (
                path.to_path_buf(),
                path.with_file_name(format!("{new}{rest}")),
            )
        })
    }
}

/// How well `name` matches `query`, lower is better: exact, prefix,
/// substring, then the query's characters in order; ignoring case.
fn score(name: &str, query: &str) -> Option<u8> {
    if query.is_empty() {
        return Some(3);
    }
    let name = name.to_lowercase();
    let query = query.to_lowercase();
    if name == query {
        Some(0)
    } else if name.starts_with(&query) {
        Some(1)
    } else if name.contains(&query) {
        Some(2)
    } else {
        let mut chars = name.chars();
        query.chars().all(|q| chars.any(|c| c == q)).then_some(3)
    }
}

/// The definitions matching `query` across every format, best first (then
/// by name and path), at most `limit`.
#[must_use]
pub fn workspace_symbols<'a>(
    files: &'a [File<'a>],
    query: &str,
    limit: usize,
) -> Vec<(&'a File<'a>, &'a Definition)> {
    let mut found: Vec<(u8, &File<'a>, &Definition)> = files
        .iter()
        .filter_map(|f| {
            let d = f.symbols.definition.as_ref()?;
            Some((score(&d.name, query)?, f, d))
        })
        .collect();
    found.sort_by(|a, b| (a.0, &a.2.name, a.1.path).cmp(&(b.0, &b.2.name, b.1.path)));
    found.truncate(limit);
    found.into_iter().map(|(_, f, d)| (f, d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::symbols::symbols;

    struct Ws(Vec<(PathBuf, FileKind, String, Symbols)>);

    impl Ws {
        fn new(files: &[(&str, FileKind, &str)]) -> Self {
            Self(
                files
                    .iter()
                    .map(|(p, k, t)| {
                        let s = symbols(t, *k, Path::new(p));
                        (PathBuf::from(p), *k, (*t).to_owned(), s)
                    })
                    .collect(),
            )
        }
        fn files(&self) -> Vec<File<'_>> {
            self.0
                .iter()
                .map(|(p, k, _, s)| File {
                    path: p,
                    kind: *k,
                    symbols: s,
                })
                .collect()
        }
        /// The cursor on the last byte of the first `needle` of file `i`.
        fn cursor(&self, i: usize, needle: &str) -> Option<Cursor> {
            let (_, _, text, s) = &self.0[i];
            let offset = text.find(needle)? + needle.len() - 1;
            at(s, offset, 0..text.find('\n').unwrap_or(text.len()))
        }
        fn texts(&self, targets: &[Target]) -> Vec<(String, String)> {
            targets
                .iter()
                .map(|t| {
                    let (p, _, text, _) = self.0.iter().find(|f| f.0 == t.path).unwrap();
                    (p.display().to_string(), text[t.range.clone()].to_owned())
                })
                .collect()
        }
    }

    const AGENT: &str = "/p/.claude/agents/rev.md";
    const SKILL: &str = "/p/.claude/skills/deploy/SKILL.md";
    const CMD: &str = "/p/.claude/commands/git/ship.md";

    fn ws() -> Ws {
        Ws::new(&[
            (
                AGENT,
                FileKind::ClaudeAgent,
                "---\nname: rev\ndescription: Reviews\nskills: [deploy]\n---\nBody\n",
            ),
            (
                SKILL,
                FileKind::ClaudeSkill,
                "---\nname: deploy\nagent: rev\n---\nAsk @agent-rev.\n",
            ),
            (
                CMD,
                FileKind::ClaudeCommand,
                "---\nallowed-tools: Agent(rev), Skill(deploy), Skill(git:ship)\n---\n",
            ),
        ])
    }

    #[test]
    fn definition_and_references() {
        let ws = ws();
        let files = ws.files();
        let c = ws.cursor(1, "@agent-rev").unwrap();
        assert_eq!(c.name, "rev");
        assert_eq!(
            definition(&files, &c),
            [Target {
                path: AGENT.into(),
                range: 10..13
            }]
        );
        let refs = references(&files, &c, true);
        assert_eq!(
            ws.texts(&refs),
            [
                (AGENT.to_owned(), "rev".to_owned()),
                (CMD.to_owned(), "rev".to_owned()),
                (SKILL.to_owned(), "rev".to_owned()),
                (SKILL.to_owned(), "rev".to_owned()),
            ]
        );
        assert_eq!(references(&files, &c, false).len(), 3);
        // A command's own name, from its first line.
        let c = ws.cursor(2, "---").unwrap();
        assert!(c.on_definition);
        assert_eq!(c.name, "git:ship");
        assert_eq!(
            definition(&files, &c),
            [Target {
                path: CMD.into(),
                range: 0..0
            }]
        );
    }

    fn mv(from: &str, to: &str, required: bool) -> Move {
        Move {
            from: from.into(),
            to: to.into(),
            required,
        }
    }

    #[test]
    fn rename_edits_fields_references_and_moves_files() {
        let ws = ws();
        let files = ws.files();
        let c = ws.cursor(0, "rev").unwrap();
        let plan = rename(&files, &c, "critic").unwrap();
        let edits: Vec<_> = plan
            .edits
            .iter()
            .map(|(p, r, t)| (p.to_str().unwrap(), r.clone(), t.as_str()))
            .collect();
        assert_eq!(
            edits,
            [
                (AGENT, 10..13, "critic"),
                (CMD, 25..28, "critic"),
                (SKILL, 24..27, "critic"),
                (SKILL, 43..46, "critic"),
            ]
        );
        assert_eq!(
            plan.moves,
            [mv(AGENT, "/p/.claude/agents/critic.md", false)]
        );

        let c = ws.cursor(0, "deploy]").unwrap();
        let plan = rename(&files, &c, "ship-it").unwrap();
        assert_eq!(
            plan.moves,
            [mv(
                "/p/.claude/skills/deploy",
                "/p/.claude/skills/ship-it",
                true
            )]
        );
        assert_eq!(plan.edits.len(), 3);

        let c = ws.cursor(2, "git:ship").unwrap();
        let plan = rename(&files, &c, "git:send").unwrap();
        assert_eq!(
            plan.moves,
            [mv(CMD, "/p/.claude/commands/git/send.md", true)]
        );
        assert_eq!(
            plan.edits,
            [(PathBuf::from(CMD), 52..60, "git:send".to_owned())]
        );
    }

    #[test]
    fn rename_refusals() {
        let ws = ws();
        let files = ws.files();
        let c = ws.cursor(0, "rev").unwrap();
        for (new, why) in [
            ("", "a name cannot be empty"),
            ("a b", "` ` cannot be part of a name"),
            ("-x", "cannot start with `-`"),
            ("true", "YAML would read it"),
            ("12", "YAML would read it"),
        ] {
            let err = rename(&files, &c, new).unwrap_err();
            assert!(err.contains(why), "{new}: {err}");
        }
        let c = ws.cursor(2, "git:ship").unwrap();
        assert_eq!(
            rename(&files, &c, "other:ship").unwrap_err(),
            "Cannot rename to `other:ship`: the name keeps its folder part `git:`; change only `ship`."
        );
        let c = ws.cursor(0, "rev").unwrap();
        let taken = Ws::new(&[
            (AGENT, FileKind::ClaudeAgent, "---\nname: rev\n---\n"),
            (
                "/p/.claude/agents/b.md",
                FileKind::ClaudeAgent,
                "---\nname: b\n---\n",
            ),
        ]);
        assert_eq!(
            rename(&taken.files(), &c, "b").unwrap_err(),
            "Cannot rename to `b`: /p/.claude/agents/b.md already defines that name."
        );
        let gemini = Ws::new(&[(
            "/p/.gemini/agents/g.md",
            FileKind::GeminiAgent,
            "---\nname: g\n---\n",
        )]);
        let c = gemini.cursor(0, "g\n").unwrap();
        assert_eq!(
            rename(&gemini.files(), &c, "G.x").unwrap_err(),
            "Cannot rename to `G.x`: Gemini CLI names use lowercase letters, digits, `-` and `_` only."
        );
        assert!(rename(&gemini.files(), &c, "g_2").is_ok());
        let c = ws.cursor(1, "agent: rev").unwrap();
        assert!(
            rename(&Ws::new(&[]).files(), &c, "x")
                .unwrap_err()
                .contains("no Claude Code agent of that name")
        );
    }

    #[test]
    fn plugin_definition_renames_its_last_segment() {
        let ws = Ws::new(&[
            (
                "/r/plugins/kit/agents/sec.md",
                FileKind::ClaudePluginAgent,
                "---\nname: sec\n---\n",
            ),
            (
                AGENT,
                FileKind::ClaudeAgent,
                "---\nname: a\n---\nAsk @agent-kit:sec now\n",
            ),
        ]);
        let files = ws.files();
        let c = ws.cursor(0, "sec").unwrap();
        assert_eq!(c.name, "kit:sec");
        let plan = rename(&files, &c, "audit").unwrap();
        let edits: Vec<_> = plan
            .edits
            .iter()
            .map(|(_, r, t)| (r.clone(), t.as_str()))
            .collect();
        assert_eq!(edits, [(27..34, "kit:audit"), (10..13, "audit")]);
        assert_eq!(plan.moves.len(), 1);
    }

    #[test]
    fn workspace_symbols_rank_and_match() {
        let ws = ws();
        let files = ws.files();
        let names = |q: &str| -> Vec<String> {
            workspace_symbols(&files, q, 10)
                .into_iter()
                .map(|(_, d)| d.name.clone())
                .collect()
        };
        assert_eq!(names(""), ["deploy", "git:ship", "rev"]);
        assert_eq!(names("DEP"), ["deploy"]);
        assert_eq!(names("gs"), ["git:ship"]);
        assert_eq!(names("e"), ["deploy", "rev"]);
        assert!(names("zz").is_empty());
    }
}
