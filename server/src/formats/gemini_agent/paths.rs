//! Where Gemini CLI subagents live.

use std::path::Path;

use crate::formats::FileKind;

/// Whether a path (as its folder names, the file name last) is a Gemini CLI
/// subagent: directly in a `.gemini/agents/` folder (project or user), its
/// name not starting with `_` (Gemini CLI reads no subfolder and skips
/// `_*.md`).
pub(crate) fn detect(
    _path: &Path,
    names: &[&str],
    _is_file: &dyn Fn(&Path) -> bool,
) -> Option<FileKind> {
    let n = names.len();
    (n >= 3
        && names[n - 2] == "agents"
        && names[n - 3] == ".gemini"
        && !names[n - 1].starts_with('_'))
    .then_some(FileKind::GeminiAgent)
}

/// The file's name, extension included: Gemini CLI names an agent by its
/// `name` field, not by its path, and reads only names ending in `.md`
/// (lowercase), which the rules check.
pub(crate) fn name(path: &Path) -> Option<String> {
    path.file_name()?.to_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::detect;

    #[test]
    fn only_md_files_directly_in_gemini_agents() {
        let kind = |p: &str| detect(Path::new(p), |_| false);
        for yes in [
            "/p/.gemini/agents/review.md",
            "/home/u/.gemini/agents/Review.MD",
            "/p/.gemini/agents/a-b_c.md",
        ] {
            assert_eq!(kind(yes), Some(FileKind::GeminiAgent), "{yes}");
        }
        for no in [
            "/p/.gemini/agents/_draft.md",
            "/p/.gemini/agents/sub/review.md",
            "/p/.gemini/review.md",
            "/p/gemini/agents/review.md",
            "/p/.gemini/agents-x/a.md",
            "/p/.gemini/agents/review.txt",
            "/p/.gemini/agents",
        ] {
            assert_eq!(kind(no), None, "{no}");
        }
        assert_eq!(
            name(Path::new("/p/.gemini/agents/review.md")).as_deref(),
            Some("review.md")
        );
    }
}
