//! What only the whole workspace shows: two definitions of one name in one
//! scope (AG107), a name that shadows a built-in agent (AG1160), a reference
//! to a name nothing defines (AG1161), and the roster's cost: what the
//! listed names and descriptions add to every session, per tool.
//!
//! Pure: everything comes from the [`Index`]; the server and `agentls
//! check` share it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::{Diagnostic, Severity, rules};
use crate::formats::{self, FileKind};

use super::index::{Entry, Index};
use super::symbols::Namespace;

/// The rules only the whole workspace reports.
pub static RULES: &[&rules::Rule] = &[
    &rules::DUPLICATE_NAME,
    &rules::SHADOWS_BUILT_IN,
    &rules::UNKNOWN_REFERENCE,
];

/// What the checks need besides the index.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The folders indexed (a user-level folder inside one of them is seen).
    pub roots: &'a [PathBuf],
    /// The user's home folder, where user-level definitions live.
    pub home: Option<&'a Path>,
    /// Whether references are checked: only when the index is complete (a
    /// name not found yet may be in a file not read yet).
    pub references: bool,
}

/// A name in its namespace: a key of the name groups.
type Key = (Namespace, Arc<str>);

/// The files defining one name in one scope, and their kinds.
type Members = Vec<(Arc<Path>, FileKind)>;

/// The files defining one name, and their scopes.
type Definitions = Vec<(Arc<Path>, Arc<Path>)>;

/// The names the index defines, grouped for the checks: built once per
/// index change, then asked about any number of files.
///
/// Each path, scope and name is held once and shared by the groups that
/// list it: for 10,000 files, these groups are most of what `agentls
/// check` keeps while it checks.
#[derive(Debug, Default)]
pub struct Names {
    /// Every name defined in a namespace, anywhere.
    defined: HashSet<Key>,
    /// Definitions of a name in a namespace within one scope.
    scoped: HashMap<(Arc<Path>, Key), Members>,
    /// The scopes defining each Claude Code agent, skill or command name
    /// (not a plugin's), for the user-level and project-level clash.
    claude: HashMap<Key, Definitions>,
}

impl Names {
    /// Groups the definitions of `index`.
    #[must_use]
    pub fn new(index: &Index) -> Self {
        Self::of(index.iter().filter_map(|(path, entry)| {
            let def = entry.symbols.definition.as_ref()?;
            Some((path, entry.kind, def.namespace, def.name.as_str()))
        }))
    }

    /// Groups these definitions: each file's path and kind, and the name
    /// it defines in its namespace.
    #[must_use]
    pub fn of<'a>(
        definitions: impl IntoIterator<Item = (&'a Path, FileKind, Namespace, &'a str)>,
    ) -> Self {
        let mut names = Self::default();
        // One copy of each name and each scope (a folder per project and
        // kind), however many files share it.
        let mut name_copies = HashSet::new();
        let mut scope_copies = HashSet::new();
        for (path, kind, namespace, name) in definitions {
            let name = shared(&mut name_copies, name);
            names.defined.insert((namespace, Arc::clone(&name)));
            if let Some(scope) = scope(kind, path) {
                let scope = shared(&mut scope_copies, scope.as_path());
                let path: Arc<Path> = Arc::from(path);
                if matches!(
                    kind,
                    FileKind::ClaudeAgent | FileKind::ClaudeSkill | FileKind::ClaudeCommand
                ) && !name.contains(':')
                {
                    names
                        .claude
                        .entry((namespace, Arc::clone(&name)))
                        .or_default()
                        .push((Arc::clone(&path), Arc::clone(&scope)));
                }
                names
                    .scoped
                    .entry((scope, (namespace, name)))
                    .or_default()
                    .push((path, kind));
            }
        }
        // Sorted, so that a file finds itself among thousands of namesakes
        // by a binary search; most names have one member, with no room kept
        // for more.
        for members in names.scoped.values_mut() {
            members.sort_by(|a, b| a.0.cmp(&b.0));
            members.shrink_to_fit();
        }
        for members in names.claude.values_mut() {
            members.shrink_to_fit();
        }
        names
    }

    /// A Claude Code name defined both at the user level (`~/.claude`, when
    /// the workspace includes it) and in a project: which one Claude Code
    /// keeps (a project agent over a user agent; a personal skill or
    /// command over a project one).
    fn user_and_project(
        &self,
        path: &Path,
        kind: FileKind,
        name: &str,
        ctx: &Context<'_>,
    ) -> Option<String> {
        let namespace = Namespace::of(kind);
        let defs = self.claude.get(&(namespace, Arc::from(name)))?;
        let here = scope(kind, path)?;
        let Some(user) = ctx.home.map(|h| h.join(".claude")) else {
            return nested(path, &here, namespace, name, defs);
        };
        let mine_is_user = here == user;
        if !defs.iter().any(|(_, s)| **s == *user) {
            return nested(path, &here, namespace, name, defs);
        }
        let other = defs
            .iter()
            .find(|(p, s)| **p != *path && (**s == *user) != mine_is_user)?;
        let other = other.0.display();
        Some(match (namespace, mine_is_user) {
            (Namespace::ClaudeAgent, false) => format!(
                "The user agent {other} is also named \"{name}\": in this project Claude Code keeps this one ({}).",
                path.display()
            ),
            (Namespace::ClaudeAgent, true) => format!(
                "The project agent {other} is also named \"{name}\": in that project Claude Code keeps it, not this user agent ({}).",
                path.display()
            ),
            (_, false) => format!(
                "The personal skill or command {other} is also /{name}: Claude Code keeps the personal one, not this one ({}).",
                path.display()
            ),
            (_, true) => format!(
                "The project skill or command {other} is also /{name}: Claude Code keeps this personal one ({}) in that project.",
                path.display()
            ),
        })
    }

    /// Whether anything in the workspace defines `name` in `namespace`.
    #[must_use]
    pub fn is_defined(&self, namespace: Namespace, name: &str) -> bool {
        self.defined.contains(&(namespace, Arc::from(name)))
    }

    /// The cross-file diagnostics of the file at `path` (its `entry`).
    #[must_use]
    pub fn diagnostics(&self, path: &Path, entry: &Entry, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if let Some(def) = &entry.symbols.definition {
            let range = def.range.clone().unwrap_or_else(|| entry.head.clone());
            if let Some(scope) = scope(entry.kind, path)
                && let Some(members) = self.scoped.get(&(
                    Arc::from(scope),
                    (def.namespace, Arc::from(def.name.as_str())),
                ))
                && members.len() > 1
            {
                let message = duplicate_message(path, entry.kind, &def.name, members);
                out.push(Diagnostic::new(
                    &rules::DUPLICATE_NAME,
                    range.clone(),
                    message,
                ));
            } else if let Some(message) = self.user_and_project(path, entry.kind, &def.name, ctx) {
                out.push(
                    Diagnostic::new(&rules::DUPLICATE_NAME, range.clone(), message)
                        .severity(Severity::Hint),
                );
            }
            if let Some(tool) = built_in(def.namespace, &def.name) {
                out.push(Diagnostic::new(
                    &rules::SHADOWS_BUILT_IN,
                    range,
                    shadow_message(tool, &def.name),
                ));
            }
        }
        if ctx.references {
            for reference in &entry.symbols.references {
                let (namespace, name) = (reference.namespace, reference.name.as_str());
                if name.is_empty()
                    || self.is_defined(namespace, name)
                    || built_in(namespace, name).is_some()
                {
                    continue;
                }
                let (severity, message) = unknown_message(namespace, name, ctx);
                out.push(
                    Diagnostic::new(&rules::UNKNOWN_REFERENCE, reference.range.clone(), message)
                        .severity(severity),
                );
            }
        }
        out.sort_by_key(|d| (d.range.start, d.range.end));
        out
    }
}

/// The copy of `value` held in `copies`, made on first sight.
fn shared<T: ?Sized + Eq + std::hash::Hash>(copies: &mut HashSet<Arc<T>>, value: &T) -> Arc<T>
where
    for<'v> Arc<T>: From<&'v T>,
{
    if let Some(copy) = copies.get(value) {
        return Arc::clone(copy);
    }
    let copy = Arc::from(value);
    copies.insert(Arc::clone(&copy));
    copy
}

/// The cross-file diagnostics of every file of `index` that has some.
#[must_use]
pub fn all(index: &Index, ctx: &Context<'_>) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    let names = Names::new(index);
    index
        .iter()
        .filter_map(|(path, entry)| {
            let found = names.diagnostics(path, entry, ctx);
            (!found.is_empty()).then(|| (path.to_path_buf(), found))
        })
        .collect()
}

/// Folders that hold one kind of definition (`.claude/agents`,
/// `.github/prompts`): the scope of a name is the folder above.
const CONTAINERS: &[&str] = &[
    "agents",
    "agent",
    "skills",
    "commands",
    "command",
    "output-styles",
    "prompts",
    "chatmodes",
    "rules",
    "modes",
    "mode",
];

/// The scope within which a name of a file of `kind` at `path` must be
/// unique: the folder above its kind's folder (`/p/.claude` for
/// `/p/.claude/agents/sub/a.md` and for `/p/.claude/commands/a.md`), or for
/// a Claude Code plugin agent, whose subfolder is part of its name, its
/// folder. `None` for kinds whose names cannot clash (Cursor rules).
#[must_use]
pub fn scope(kind: FileKind, path: &Path) -> Option<PathBuf> {
    match kind {
        FileKind::CursorRule => return None,
        FileKind::ClaudePluginAgent => return path.parent().map(Path::to_path_buf),
        _ => {}
    }
    // A skill's own folder may be called anything (even `agents`).
    let skip = usize::from(matches!(kind, FileKind::ClaudeSkill | FileKind::AgentSkill));
    let mut ancestors = path.ancestors().skip(1 + skip);
    let parent = path.parent()?.to_path_buf();
    Some(
        ancestors
            .find(|a| {
                a.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| CONTAINERS.contains(&n))
            })
            .and_then(Path::parent)
            .map_or(parent, Path::to_path_buf),
    )
}

/// A Claude Code agent defined in two projects, one inside the other
/// (`/repo/.claude/agents` and `/repo/pkg/.claude/agents`): Claude Code
/// reads every `.claude/agents` from where it runs up to the repository's
/// root, and the nearest wins.
fn nested(
    path: &Path,
    here: &Path,
    namespace: Namespace,
    name: &str,
    defs: &[(Arc<Path>, Arc<Path>)],
) -> Option<String> {
    if namespace != Namespace::ClaudeAgent {
        return None;
    }
    let project = here.parent()?;
    let (other, other_scope) = defs.iter().find(|(p, s)| {
        **p != *path
            && s.parent()
                .is_some_and(|o| o != project && (o.starts_with(project) || project.starts_with(o)))
    })?;
    let other_project = other_scope.parent()?;
    let (nearer, outer) = if other_project.starts_with(project) {
        (&**other, path)
    } else {
        (path, &**other)
    };
    Some(format!(
        "{} is also named \"{name}\" ({} and {}): where Claude Code runs under {}, it keeps the nearer one, {}.",
        if nearer == path { "An outer project's agent" } else { "A nested project's agent" },
        path.display(),
        other.display(),
        nearer
            .parent()
            .and_then(Path::parent)
            .and_then(Path::parent)
            .map_or_else(String::new, |p| p.display().to_string()),
        nearer.display()
    ))
    .filter(|_| outer != nearer)
}

fn duplicate_message(
    path: &Path,
    kind: FileKind,
    name: &str,
    members: &[(Arc<Path>, FileKind)],
) -> String {
    // Work done per file stays small however many namesakes there are (a
    // folder of thousands of copies must not make a check quadratic): the
    // members are sorted, three of the others are named, and only a
    // command or a skill looks at the others' kinds.
    let mine = members.binary_search_by(|(p, _)| (**p).cmp(path)).is_ok();
    let count = members.len() - usize::from(mine);
    let others = || members.iter().filter(|(p, _)| **p != *path);
    let mut shown: Vec<String> = others()
        .take(3)
        .map(|(p, _)| p.display().to_string())
        .collect();
    if count > shown.len() {
        shown.push(format!("{} more", count - shown.len()));
    }
    let shown = shown.join(", ");
    let format = formats::format(kind);
    let is_skill = |k: FileKind| k == FileKind::ClaudeSkill;
    let is_command = |k: FileKind| k == FileKind::ClaudeCommand;
    if is_command(kind)
        && let Some((skill, _)) = others().find(|(_, k)| is_skill(*k))
    {
        return format!(
            "The skill {} is also /{name}: Claude Code keeps the skill and ignores this command ({}).",
            skill.display(),
            path.display()
        );
    }
    if is_skill(kind) && others().all(|(_, k)| is_command(*k)) {
        return format!(
            "The command {shown} is also /{name}: Claude Code keeps this skill ({}) and ignores the command.",
            path.display()
        );
    }
    let keeps = if matches!(kind, FileKind::ClaudeAgent | FileKind::ClaudePluginAgent) {
        "Claude Code loads only one of them, whichever the file system lists first".to_owned()
    } else {
        format!(
            "{} keeps only one of them, and which one is not documented",
            format.tool
        )
    };
    format!(
        "Another {} is also named \"{name}\": {} and {shown}. {keeps}.",
        format.noun,
        path.display()
    )
}

/// The tool whose built-in agent is called `name` in `namespace`.
#[must_use]
pub fn built_in(namespace: Namespace, name: &str) -> Option<&'static str> {
    match namespace {
        Namespace::ClaudeAgent => [
            "general-purpose",
            "Explore",
            "Plan",
            "claude",
            "statusline-setup",
            "claude-code-guide",
        ]
        .contains(&name)
        .then_some("Claude Code"),
        Namespace::CopilotAgent => formats::copilot::catalog::BUILT_IN_AGENTS
            .iter()
            .any(|b| b.eq_ignore_ascii_case(name))
            .then_some("VS Code"),
        Namespace::GeminiAgent => (name == "codebase_investigator").then_some("Gemini CLI"),
        Namespace::QwenAgent => (name == "general-purpose").then_some("Qwen Code"),
        _ => None,
    }
}

fn shadow_message(tool: &str, name: &str) -> String {
    if tool == "Claude Code" {
        format!(
            "Claude Code has a built-in agent named \"{name}\": this file replaces it in every session, including where the built-in was meant. Rename the agent unless that is the point."
        )
    } else {
        format!(
            "{tool} has a built-in agent named \"{name}\": one of the two is hidden. Rename the agent."
        )
    }
}

/// The user-level folders (under the home folder) that can define names of
/// `namespace`; empty when they live where agentls cannot look (a VS Code
/// profile, Cursor's settings).
fn user_folders(namespace: Namespace) -> &'static [&'static str] {
    match namespace {
        Namespace::ClaudeAgent => &[".claude/agents"],
        Namespace::ClaudeSkill => &[".claude/skills", ".claude/commands"],
        Namespace::ClaudeOutputStyle => &[".claude/output-styles"],
        Namespace::AgentSkill => &[".copilot/skills", ".agents/skills", ".codex/skills"],
        Namespace::OpenCodeAgent => &[".config/opencode/agent", ".config/opencode/agents"],
        Namespace::OpenCodeCommand => &[".config/opencode/command", ".config/opencode/commands"],
        Namespace::GeminiAgent => &[".gemini/agents"],
        Namespace::QwenAgent => &[".qwen/agents"],
        Namespace::CopilotAgent | Namespace::CopilotPrompt | Namespace::CursorRule => &[],
    }
}

/// The severity and message of a reference to `name`, which nothing in the
/// workspace defines: a warning when the workspace covers every place that
/// could define it, a hint when a user-level folder or a plugin outside the
/// workspace could.
fn unknown_message(namespace: Namespace, name: &str, ctx: &Context<'_>) -> (Severity, String) {
    let noun = namespace.noun();
    let plugin =
        name.contains(':') && matches!(namespace, Namespace::ClaudeAgent | Namespace::ClaudeSkill);
    let folders = user_folders(namespace);
    let seen = |folder: &str| {
        ctx.home
            .is_some_and(|home| ctx.roots.iter().any(|r| home.join(folder).starts_with(r)))
    };
    if !plugin && !folders.is_empty() && folders.iter().all(|f| seen(f)) {
        return (
            Severity::Warning,
            format!(
                "No {noun} named \"{name}\" in this workspace (which includes ~/{}), and no built-in one: it will not be found.",
                folders[0]
            ),
        );
    }
    let elsewhere = if plugin {
        "a plugin".to_owned()
    } else if folders.is_empty() {
        "your user settings".to_owned()
    } else {
        folders
            .iter()
            .map(|f| format!("~/{f}"))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    (
        Severity::Hint,
        format!(
            "No {noun} named \"{name}\" in this workspace, and no built-in one: unless {elsewhere} defines it, it will not be found."
        ),
    )
}

/// What one tool's roster costs: the lines it lists in every session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    /// The tool (`Claude Code`).
    pub tool: &'static str,
    /// How many files of each kind it lists (`("agent", 12)`), in the
    /// order of [`formats::FORMATS`].
    pub counts: Vec<(&'static str, usize)>,
    /// The characters of all its lines.
    pub chars: usize,
    /// The files listed, largest line first (ties by path).
    pub files: Vec<(PathBuf, usize)>,
}

impl Roster {
    /// The estimated tokens: characters / 4, rounded.
    #[must_use]
    pub fn tokens(&self) -> usize {
        tokens(self.chars)
    }

    /// "12 agents, 3 skills".
    #[must_use]
    pub fn listed(&self) -> String {
        self.counts
            .iter()
            .map(|(noun, n)| plural(*n, noun))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The code lens title for the file at `path`: `Roster: 12 agents,
    /// 3,400 chars ≈ 850 tokens for Claude Code; this file 420 (12%)`.
    #[must_use]
    pub fn lens_title(&self, path: &Path) -> String {
        let mut title = format!(
            "Roster: {}, {} chars ≈ {} tokens for {}",
            self.listed(),
            thousands(self.chars),
            thousands(self.tokens()),
            self.tool
        );
        if let Some((_, chars)) = self.files.iter().find(|(p, _)| p == path) {
            let percent = (chars * 100 + self.chars / 2) / self.chars.max(1);
            title.push_str(&format!("; this file {} ({percent}%)", thousands(*chars)));
        }
        title
    }
}

/// The estimated tokens of `chars` characters: a quarter, rounded.
#[must_use]
pub fn tokens(chars: usize) -> usize {
    (chars + 2) / 4
}

/// The roster of every tool with a listed file in `index`, by tool name.
#[must_use]
pub fn rosters(index: &Index) -> Vec<Roster> {
    rosters_of(
        index
            .iter()
            .filter_map(|(path, entry)| Some((path, entry.kind, entry.roster_chars?))),
    )
}

/// [`rosters`] of these files: each listed file's path, kind and the
/// length of its line.
#[must_use]
pub fn rosters_of<'a>(
    listed: impl IntoIterator<Item = (&'a Path, FileKind, usize)>,
) -> Vec<Roster> {
    let mut by_tool: BTreeMap<&'static str, Roster> = BTreeMap::new();
    for (path, kind, chars) in listed {
        let format = formats::format(kind);
        let roster = by_tool.entry(format.tool).or_insert_with(|| Roster {
            tool: format.tool,
            counts: Vec::new(),
            chars: 0,
            files: Vec::new(),
        });
        roster.chars += chars;
        roster.files.push((path.to_path_buf(), chars));
        match roster.counts.iter_mut().find(|(n, _)| *n == format.noun) {
            Some((_, n)) => *n += 1,
            None => roster.counts.push((format.noun, 1)),
        }
    }
    let order = |noun: &str| {
        formats::FORMATS
            .iter()
            .position(|f| f.noun == noun)
            .unwrap_or(usize::MAX)
    };
    by_tool
        .into_values()
        .map(|mut r| {
            r.files
                .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            r.counts.sort_by_key(|(noun, _)| order(noun));
            r
        })
        .collect()
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", thousands(n))
    }
}

/// `3400` → `3,400`.
#[must_use]
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::index::Entry;

    fn index(files: &[(&str, &str)]) -> Index {
        let mut index = Index::new();
        for (path, text) in files {
            let path = PathBuf::from(path);
            let kind = formats::detect(&path, |_| false).expect("a known kind");
            index.insert(path.clone(), Entry::of(text, kind, &path));
        }
        index
    }

    fn rendered(index: &Index, ctx: &Context<'_>) -> Vec<String> {
        all(index, ctx)
            .into_iter()
            .flat_map(|(p, ds)| {
                ds.into_iter().map(move |d| {
                    format!(
                        "{} {}..{} {} {} {}",
                        p.display(),
                        d.range.start,
                        d.range.end,
                        d.severity.as_str(),
                        d.rule.code,
                        d.message
                    )
                })
            })
            .collect()
    }

    #[test]
    fn duplicate_agents_in_one_folder_name_both_paths() {
        let idx = index(&[
            ("/p/.claude/agents/a.md", "---\nname: rev\n---\n"),
            ("/p/.claude/agents/sub/b.md", "---\nname: rev\n---\n"),
            ("/q/.claude/agents/c.md", "---\nname: rev\n---\n"),
        ]);
        assert_eq!(
            rendered(&idx, &Context::default()),
            [
                "/p/.claude/agents/a.md 10..13 warning AG107 Another agent is also named \"rev\": /p/.claude/agents/a.md and /p/.claude/agents/sub/b.md. Claude Code loads only one of them, whichever the file system lists first.",
                "/p/.claude/agents/sub/b.md 10..13 warning AG107 Another agent is also named \"rev\": /p/.claude/agents/sub/b.md and /p/.claude/agents/a.md. Claude Code loads only one of them, whichever the file system lists first.",
            ]
        );
    }

    #[test]
    fn user_and_project_definitions_say_which_one_wins() {
        let idx = index(&[
            ("/home/u/.claude/agents/rev.md", "---\nname: rev\n---\n"),
            (
                "/home/u/proj/.claude/agents/rev.md",
                "---\nname: rev\n---\n",
            ),
            (
                "/home/u/.claude/commands/ship.md",
                "---\ndescription: d\n---\n",
            ),
            (
                "/home/u/proj/.claude/skills/ship/SKILL.md",
                "---\ndescription: d\n---\n",
            ),
        ]);
        let roots = [PathBuf::from("/home/u")];
        let ctx = Context {
            roots: &roots,
            home: Some(Path::new("/home/u")),
            references: false,
        };
        assert_eq!(
            rendered(&idx, &ctx),
            [
                "/home/u/.claude/agents/rev.md 10..13 hint AG107 The project agent /home/u/proj/.claude/agents/rev.md is also named \"rev\": in that project Claude Code keeps it, not this user agent (/home/u/.claude/agents/rev.md).",
                "/home/u/.claude/commands/ship.md 0..3 hint AG107 The project skill or command /home/u/proj/.claude/skills/ship/SKILL.md is also /ship: Claude Code keeps this personal one (/home/u/.claude/commands/ship.md) in that project.",
                "/home/u/proj/.claude/agents/rev.md 10..13 hint AG107 The user agent /home/u/.claude/agents/rev.md is also named \"rev\": in this project Claude Code keeps this one (/home/u/proj/.claude/agents/rev.md).",
                "/home/u/proj/.claude/skills/ship/SKILL.md 0..3 hint AG107 The personal skill or command /home/u/.claude/commands/ship.md is also /ship: Claude Code keeps the personal one, not this one (/home/u/proj/.claude/skills/ship/SKILL.md).",
            ]
        );
    }

    #[test]
    fn nested_projects_keep_the_nearer_agent() {
        let idx = index(&[
            ("/r/.claude/agents/rev.md", "---\nname: rev\n---\n"),
            ("/r/pkg/.claude/agents/rev.md", "---\nname: rev\n---\n"),
        ]);
        assert_eq!(
            rendered(&idx, &Context::default()),
            [
                "/r/.claude/agents/rev.md 10..13 hint AG107 A nested project's agent is also named \"rev\" (/r/.claude/agents/rev.md and /r/pkg/.claude/agents/rev.md): where Claude Code runs under /r/pkg, it keeps the nearer one, /r/pkg/.claude/agents/rev.md.",
                "/r/pkg/.claude/agents/rev.md 10..13 hint AG107 An outer project's agent is also named \"rev\" (/r/pkg/.claude/agents/rev.md and /r/.claude/agents/rev.md): where Claude Code runs under /r/pkg, it keeps the nearer one, /r/pkg/.claude/agents/rev.md.",
            ]
        );
    }

    #[test]
    fn built_in_names_are_shadowed() {
        let idx = index(&[("/p/.claude/agents/e.md", "---\nname: Explore\n---\n")]);
        assert_eq!(
            rendered(&idx, &Context::default()),
            [
                "/p/.claude/agents/e.md 10..17 warning AG1160 Claude Code has a built-in agent named \"Explore\": this file replaces it in every session, including where the built-in was meant. Rename the agent unless that is the point."
            ]
        );
    }

    #[test]
    fn unknown_references_are_hints_unless_the_user_folder_is_indexed() {
        let files = [(
            "/p/.claude/agents/a.md",
            "---\nname: a\n---\nAsk @agent-ghost or @agent-a or @agent-Plan.\n",
        )];
        let idx = index(&files);
        let off = Context::default();
        assert!(rendered(&idx, &off).is_empty());
        let roots = [PathBuf::from("/p")];
        let ctx = Context {
            roots: &roots,
            home: Some(Path::new("/home/u")),
            references: true,
        };
        assert_eq!(
            rendered(&idx, &ctx),
            [
                "/p/.claude/agents/a.md 27..32 hint AG1161 No Claude Code agent named \"ghost\" in this workspace, and no built-in one: unless ~/.claude/agents defines it, it will not be found."
            ]
        );
        let home = Context {
            home: Some(Path::new("/p")),
            ..ctx
        };
        assert_eq!(
            rendered(&idx, &home),
            [
                "/p/.claude/agents/a.md 27..32 warning AG1161 No Claude Code agent named \"ghost\" in this workspace (which includes ~/.claude/agents), and no built-in one: it will not be found."
            ]
        );
    }

    #[test]
    fn roster_cost_per_tool() {
        let idx = index(&[
            (
                "/p/.claude/agents/a.md",
                "---\nname: a\ndescription: Short\n---\n",
            ),
            (
                "/p/.claude/agents/b.md",
                "---\nname: b\ndescription: A longer description\n---\n",
            ),
        ]);
        let rosters = rosters(&idx);
        assert_eq!(rosters.len(), 1);
        let r = &rosters[0];
        assert_eq!(r.tool, "Claude Code");
        assert_eq!(r.counts, [("agent", 2)]);
        let a = idx
            .get(Path::new("/p/.claude/agents/a.md"))
            .and_then(|e| e.roster_chars);
        let b = idx
            .get(Path::new("/p/.claude/agents/b.md"))
            .and_then(|e| e.roster_chars);
        let (a, b) = (a.expect("listed"), b.expect("listed"));
        assert_eq!(r.chars, a + b);
        assert_eq!(r.files[0], (PathBuf::from("/p/.claude/agents/b.md"), b));
        let percent = (b * 100 + (a + b) / 2) / (a + b);
        assert_eq!(
            r.lens_title(Path::new("/p/.claude/agents/b.md")),
            format!(
                "Roster: 2 agents, {} chars ≈ {} tokens for Claude Code; this file {b} ({percent}%)",
                a + b,
                tokens(a + b)
            )
        );
    }

    #[test]
    fn scopes() {
        let s = |k, p: &str| scope(k, Path::new(p)).map(|s| s.display().to_string());
        assert_eq!(
            s(FileKind::ClaudeAgent, "/p/.claude/agents/x/a.md").as_deref(),
            Some("/p/.claude")
        );
        assert_eq!(
            s(FileKind::ClaudeSkill, "/p/.claude/skills/agents/SKILL.md").as_deref(),
            Some("/p/.claude")
        );
        assert_eq!(
            s(FileKind::ClaudeCommand, "/p/.claude/commands/g/c.md").as_deref(),
            Some("/p/.claude")
        );
        assert_eq!(
            s(FileKind::ClaudePluginAgent, "/r/plugins/x/agents/r/a.md").as_deref(),
            Some("/r/plugins/x/agents/r")
        );
        assert_eq!(s(FileKind::CursorRule, "/p/.cursor/rules/a.mdc"), None);
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
