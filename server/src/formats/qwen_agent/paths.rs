//! Where Qwen Code subagents live.

use std::path::Path;

use crate::formats::FileKind;

/// Whether a path (as its folder names, the file name last) is a Qwen Code
/// subagent: directly in a `.qwen/agents/` folder (project or user); Qwen
/// Code reads no subfolder.
pub(crate) fn detect(
    _path: &Path,
    names: &[&str],
    _is_file: &dyn Fn(&Path) -> bool,
) -> Option<FileKind> {
    let n = names.len();
    (n >= 3 && names[n - 2] == "agents" && names[n - 3] == ".qwen").then_some(FileKind::QwenAgent)
}

/// The file's name, extension included: Qwen Code names an agent by its
/// `name` field, and reads only names ending in `.md` (lowercase), which the
/// rules check.
pub(crate) fn name(path: &Path) -> Option<String> {
    path.file_name()?.to_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::detect;

    #[test]
    fn md_files_directly_in_qwen_agents() {
        let kind = |p: &str| detect(Path::new(p), |_| false);
        for yes in [
            "/p/.qwen/agents/review.md",
            "/p/.qwen/agents/_draft.md",
            "/home/u/.qwen/agents/Review.MD",
        ] {
            assert_eq!(kind(yes), Some(FileKind::QwenAgent), "{yes}");
        }
        for no in [
            "/p/.qwen/agents/sub/review.md",
            "/p/.qwen/review.md",
            "/p/qwen/agents/review.md",
            "/p/.qwen/agents/review.txt",
        ] {
            assert_eq!(kind(no), None, "{no}");
        }
    }
}
