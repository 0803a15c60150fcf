//! The project's configuration file, `.agentls.toml`, found in the folder
//! of the files checked or the nearest folder above it:
//!
//! ```toml
//! # The tools whose loaders the project's files are judged against
//! # (default: for each file, the tools that read its path).
//! targets = ["claude", "copilot"]
//! ```
//!
//! A bad file is reported in one clear line and otherwise ignored: it never
//! stops a check or the server.

use std::path::{Path, PathBuf};

use crate::formats::target::Tools;

/// The file name.
pub const FILE_NAME: &str = ".agentls.toml";

/// What the file says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The targeted tools, if the file names them.
    pub targets: Option<Tools>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    targets: Option<Vec<String>>,
}

impl Config {
    /// Parses the text of a configuration file.
    ///
    /// # Errors
    /// A message saying what is wrong (invalid TOML, an unknown key, an
    /// unknown tool), with the line where TOML says so.
    pub fn parse(text: &str) -> Result<Config, String> {
        let raw: Raw =
            toml::from_str(text).map_err(|e| e.message().to_owned() + &line_of(text, &e))?;
        let targets = match raw.targets {
            None => None,
            // An empty list is no setting: each file's default targets.
            Some(list) => Some(Tools::parse(&list.join(","))?).filter(|t| !t.is_empty()),
        };
        Ok(Config { targets })
    }
}

fn line_of(text: &str, e: &toml::de::Error) -> String {
    e.span()
        .map(|s| {
            format!(
                " (line {})",
                text[..s.start.min(text.len())].matches('\n').count() + 1
            )
        })
        .unwrap_or_default()
}

/// The nearest `.agentls.toml` at `start` (a file's folder, or a folder) or
/// above it, read and parsed: `None` when there is none; `Some(Err)` with
/// the file's path and what is wrong with it.
#[must_use]
pub fn find(start: &Path) -> Option<(PathBuf, Result<Config, String>)> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    for dir in start.ancestors() {
        let path = dir.join(FILE_NAME);
        if path.is_file() {
            let parsed = match std::fs::read_to_string(&path) {
                Ok(text) if text.len() <= 1024 * 1024 => Config::parse(&text),
                Ok(_) => Err("over 1 MiB: not read".to_owned()),
                Err(e) => Err(e.to_string()),
            };
            return Some((path, parsed));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::target::Tool;

    #[test]
    fn targets_and_mistakes() {
        let c = Config::parse("targets = [\"claude\", \"copilot\"]\n").expect("valid");
        let t = c.targets.expect("targets");
        assert!(t.has(Tool::ClaudeCode) && t.has(Tool::CopilotCli) && !t.has(Tool::Codex));
        assert_eq!(Config::parse("").expect("empty"), Config::default());
        assert_eq!(
            Config::parse("targets = []").expect("empty list"),
            Config::default()
        );
        assert!(
            Config::parse("targets = [\"claud\"]")
                .unwrap_err()
                .starts_with("unknown tool \"claud\"")
        );
        assert!(
            Config::parse("target = []")
                .unwrap_err()
                .contains("unknown field")
        );
        assert!(
            Config::parse("targets = \n")
                .unwrap_err()
                .contains("line 1")
        );
    }
}
