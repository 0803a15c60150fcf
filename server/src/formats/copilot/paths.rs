//! Where GitHub Copilot's custom agents, prompt files and chat modes live,
//! and the names their paths give.
//!
//! - Custom agents: every `.md` file below `.github/agents/` (recursively:
//!   Copilot CLI 1.0.102 and VS Code read them all), and `*.agent.md`
//!   anywhere (VS Code's suffix, for the user profile and
//!   `chat.agentFilesLocations` folders). A file below `.claude/agents/`
//!   stays a Claude Code agent: this detection runs after Claude Code's.
//! - Prompt files: `*.prompt.md` (VS Code reads `.github/prompts/` and the
//!   folders of `chat.promptFilesLocations`).
//! - Chat modes: `*.chatmode.md` (VS Code's former agents, in
//!   `.github/chatmodes/`).

use std::path::Path;

use crate::formats::{FileKind, components};

/// VS Code's suffix of a custom agent file.
pub(crate) const AGENT_SUFFIX: &str = ".agent.md";
/// VS Code's suffix of a prompt file.
pub(crate) const PROMPT_SUFFIX: &str = ".prompt.md";
/// VS Code's suffix of a chat mode file.
pub(crate) const CHAT_MODE_SUFFIX: &str = ".chatmode.md";

/// The index of the `agents` folder of a `.github/agents/` above the file,
/// if any (the last one).
fn agents_folder(names: &[&str]) -> Option<usize> {
    let dirs = &names[..names.len().saturating_sub(1)];
    (1..dirs.len())
        .rev()
        .find(|&i| dirs[i] == "agents" && dirs[i - 1] == ".github")
}

/// Whether a path (as its folder names, the file name last) is a Copilot
/// custom agent, prompt file or chat mode.
pub(crate) fn detect(
    _path: &Path,
    names: &[&str],
    _is_file: &dyn Fn(&Path) -> bool,
) -> Option<FileKind> {
    let file = names.last()?;
    if agents_folder(names).is_some() {
        return Some(FileKind::CopilotAgent);
    }
    if has_suffix(file, CHAT_MODE_SUFFIX) {
        return Some(FileKind::CopilotChatMode);
    }
    if has_suffix(file, PROMPT_SUFFIX) {
        return Some(FileKind::CopilotPrompt);
    }
    has_suffix(file, AGENT_SUFFIX).then_some(FileKind::CopilotAgent)
}

/// Whether `file` ends with `suffix` (`.prompt.md`) after at least one
/// character, its final `.md` in any case (as every format's `.md`).
fn has_suffix(file: &str, suffix: &str) -> bool {
    let (head, md) = suffix.split_at(suffix.len() - 3);
    file.len() > suffix.len()
        && file
            .get(file.len() - 3..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(md))
        && file
            .get(..file.len() - 3)
            .is_some_and(|rest| rest.ends_with(head))
}

/// The file name without `suffix`, or without its last extension.
fn stem<'a>(file: &'a str, suffix: &str) -> &'a str {
    file.strip_suffix(suffix)
        .filter(|s| !s.is_empty())
        .or_else(|| file.rsplit_once('.').map(|(s, _)| s))
        .unwrap_or(file)
}

/// An agent's id from its path, as Copilot CLI gives it when `name` is not
/// set: the file name without `.agent.md` (or `.md`), and below
/// `.github/agents/` its folders too, joined by `--`
/// (`.github/agents/team/review.agent.md` is `team--review`).
pub(crate) fn agent_name(path: &Path) -> Option<String> {
    let names = components(path);
    let (file, _) = names.split_last()?;
    let own = stem(file, AGENT_SUFFIX);
    let Some(at) = agents_folder(&names) else {
        return Some(own.to_owned());
    };
    let mut parts: Vec<&str> = names[at + 1..names.len() - 1].to_vec();
    parts.push(own);
    Some(parts.join("--"))
}

/// A prompt file's name from its path: the file name without `.prompt.md`
/// (run as `/name`).
pub(crate) fn prompt_name(path: &Path) -> Option<String> {
    let file = path.file_name()?.to_str()?;
    Some(stem(file, PROMPT_SUFFIX).to_owned())
}

/// A chat mode's name from its path: the file name without `.chatmode.md`.
pub(crate) fn chat_mode_name(path: &Path) -> Option<String> {
    let file = path.file_name()?.to_str()?;
    Some(stem(file, CHAT_MODE_SUFFIX).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(p: &str) -> Option<FileKind> {
        let path = Path::new(p);
        detect(path, &components(path), &|_| false)
    }

    #[test]
    fn agents_prompts_and_chat_modes() {
        for (p, k) in [
            ("/p/.github/agents/review.agent.md", FileKind::CopilotAgent),
            ("/p/.github/agents/review.md", FileKind::CopilotAgent),
            ("/p/.github/agents/team/deep/x.md", FileKind::CopilotAgent),
            ("/p/.github/agents/x.prompt.md", FileKind::CopilotAgent),
            ("/p/.github/agents/README.md", FileKind::CopilotAgent),
            ("/home/u/profile/review.agent.md", FileKind::CopilotAgent),
            ("/p/docs/review.agent.md", FileKind::CopilotAgent),
            ("/p/.github/prompts/fix.prompt.md", FileKind::CopilotPrompt),
            ("/p/anywhere/fix.prompt.md", FileKind::CopilotPrompt),
            (
                "/p/.github/chatmodes/plan.chatmode.md",
                FileKind::CopilotChatMode,
            ),
            ("/p/x/plan.chatmode.md", FileKind::CopilotChatMode),
        ] {
            assert_eq!(kind(p), Some(k), "{p}");
        }
    }

    #[test]
    fn other_files_are_not_copilot_files() {
        for p in [
            "/p/.github/prompts/fix.md",
            "/p/.github/chatmodes/plan.md",
            "/p/.github/agents.md",
            "/p/github/agents/x.md",
            "/p/.github/skills/x/SKILL.md",
            "/p/.github/copilot-instructions.md",
            "/p/x.instructions.md",
            "/p/.agent.md",
            "/p/.prompt.md",
            "/p/.chatmode.md",
            "/p/review.AGENT.md",
            "/p/agents/x.md",
            "/p/.github/x.md",
        ] {
            assert_eq!(kind(p), None, "{p}");
        }
    }

    #[test]
    fn names_from_paths() {
        let a = |p: &str| agent_name(Path::new(p));
        assert_eq!(
            a("/p/.github/agents/review.agent.md").as_deref(),
            Some("review")
        );
        assert_eq!(a("/p/.github/agents/review.md").as_deref(), Some("review"));
        assert_eq!(
            a("/p/.github/agents/team/review.agent.md").as_deref(),
            Some("team--review")
        );
        assert_eq!(a("/p/.github/agents/a/b/c.md").as_deref(), Some("a--b--c"));
        assert_eq!(a("/home/u/x/plan.agent.md").as_deref(), Some("plan"));
        assert_eq!(
            prompt_name(Path::new("/p/.github/prompts/fix-bug.prompt.md")).as_deref(),
            Some("fix-bug")
        );
        assert_eq!(
            chat_mode_name(Path::new("/p/.github/chatmodes/plan.chatmode.md")).as_deref(),
            Some("plan")
        );
    }
}
