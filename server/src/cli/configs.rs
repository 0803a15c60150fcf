//! The `targets` of the nearest `.agentls.toml` for each file checked.

use std::path::{Path, PathBuf};

use super::Problem;
use crate::formats::target::Tools;

/// The targets of the nearest `.agentls.toml` above each folder, read once
/// per folder; a bad file is a problem, reported once.
#[derive(Default)]
pub(super) struct Configs {
    by_dir: std::collections::HashMap<PathBuf, Option<Tools>>,
    reported: std::collections::HashSet<PathBuf>,
}

impl Configs {
    pub(super) fn targets(&mut self, file: &Path, problems: &mut Vec<Problem>) -> Option<Tools> {
        let dir = file.parent().unwrap_or(Path::new("."));
        if let Some(t) = self.by_dir.get(dir) {
            return *t;
        }
        let targets = match crate::config::find(dir) {
            None => None,
            Some((_, Ok(config))) => config.targets,
            Some((path, Err(why))) => {
                if self.reported.insert(path.clone()) {
                    problems.push(Problem::note(path, format!("{why}; ignored")));
                }
                None
            }
        };
        self.by_dir.insert(dir.to_path_buf(), targets);
        targets
    }
}
