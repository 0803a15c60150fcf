//! The hint for Markdown that looks like agent files in folders no format
//! claims (a collection kept in `agents/` at a repository's root, say):
//! which flag would check it, and which `[paths]` setting.

use std::io::Read as _;
use std::path::{Path, PathBuf};

/// At most this many folders are named; the rest are counted.
const MAX_FOLDERS: usize = 5;

/// Whether the file at `path` starts with frontmatter holding `name:` and
/// `description:` keys (read from its first 8 KiB).
fn looks_like_an_agent(path: &Path) -> bool {
    let mut head = Vec::new();
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if file.take(8192).read_to_end(&mut head).is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&head);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return false;
    }
    let (mut name, mut description) = (false, false);
    for line in lines {
        if line.trim_end() == "---" {
            return name && description;
        }
        name |= line.starts_with("name:");
        description |= line.starts_with("description:");
    }
    false
}

/// The hint lines for the unclaimed Markdown files `paths` (in path
/// order): one line per folder holding agent-like files, at most
/// [`MAX_FOLDERS`], then a count of the others. `nothing_checked`: the run
/// found no agent file at all, which the hint then explains.
pub(super) fn unclaimed(paths: &[PathBuf], nothing_checked: bool) -> Vec<String> {
    let mut folders: std::collections::BTreeMap<PathBuf, usize> = Default::default();
    for path in paths.iter().filter(|p| looks_like_an_agent(p)) {
        let folder = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        *folders.entry(folder).or_default() += 1;
    }
    if folders.is_empty() {
        return Vec::new();
    }
    let mut hints = Vec::new();
    if nothing_checked {
        hints.push(
            "no file is where a tool reads agent files (such as .claude/agents/), so none was checked"
                .to_owned(),
        );
    }
    for (folder, n) in folders.iter().take(MAX_FOLDERS) {
        let shown = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        let files = if *n == 1 { "file" } else { "files" };
        hints.push(format!(
            "{}: {n} Markdown {files} with `name` and `description` frontmatter that no format claims; check {} with `agentls check --kind claude-agent {}` (`agentls check --help` lists the kinds)",
            shown.display(),
            if *n == 1 { "it" } else { "them" },
            shown.display(),
        ));
    }
    if folders.len() > MAX_FOLDERS {
        hints.push(format!(
            "and {} more folders like these",
            folders.len() - MAX_FOLDERS
        ));
    }
    if let Some(glob) = paths_glob(folders.keys()) {
        hints.push(format!(
            "to check them on every run and in the editor, add to .agentls.toml here: [paths] claude-agent = [\"{glob}\"]"
        ));
    }
    hints
}

/// The `[paths]` glob, relative to the current folder, that takes in every
/// one of `folders` (`agents/**/*.md`): their deepest common folder's Markdown
/// files. `None` when a folder is not under the current folder, or when
/// the common folder is the current one (the glob would take in everything).
fn paths_glob<'a>(folders: impl Iterator<Item = &'a PathBuf>) -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let mut common: Option<Vec<String>> = None;
    for folder in folders {
        let abs = std::path::absolute(folder).ok()?;
        let rel = abs.strip_prefix(&cwd).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_str().map(str::to_owned))
            .collect::<Option<_>>()?;
        common = Some(match common {
            None => parts,
            Some(c) => c
                .into_iter()
                .zip(parts)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    let common = common.filter(|c| !c.is_empty())?;
    // Glob metacharacters in a folder name would need escaping: leave the
    // flag alone then.
    if common
        .iter()
        .any(|p| p.contains(['*', '?', '[', ']', '{', '}', '\\', '"']))
    {
        return None;
    }
    Some(format!("{}/**/*.md", common.join("/")))
}
