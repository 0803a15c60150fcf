//! The settings of each file checked: the nearest `.agentls.toml` above
//! it, under the command line's flags.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Options, Problem};
use crate::config::{Config, Settings};

/// The settings of each folder: the nearest `.agentls.toml` above it (read
/// once per folder; a bad file is a problem, reported once, and ignored),
/// under the command line's flags.
pub(super) struct Configs {
    flags: Arc<Config>,
    by_dir: std::collections::HashMap<PathBuf, Settings>,
    reported: std::collections::HashSet<PathBuf>,
}

impl Configs {
    pub(super) fn new(opts: &Options) -> Self {
        let flags = Config {
            targets: opts.targets,
            rules: opts.rules.clone(),
            ..Config::default()
        };
        Self {
            flags: Arc::new(flags),
            by_dir: std::collections::HashMap::new(),
            reported: std::collections::HashSet::new(),
        }
    }

    /// The settings of `file`.
    pub(super) fn settings(&mut self, file: &Path, problems: &mut Vec<Problem>) -> Settings {
        let dir = std::path::absolute(file)
            .unwrap_or_else(|_| file.to_path_buf())
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        if let Some(s) = self.by_dir.get(&dir) {
            return s.clone();
        }
        let file_config = match crate::config::find(&dir) {
            None => None,
            Some((_, Ok(config))) => Some(Arc::new(config)),
            Some((path, Err(why))) => {
                if self.reported.insert(path.clone()) {
                    let at = why
                        .at
                        .map(|(line, column)| format!("{line}:{column}: "))
                        .unwrap_or_default();
                    problems.push(Problem::note(
                        path,
                        format!("{at}{}; the file is ignored", why.message),
                    ));
                }
                None
            }
        };
        let settings = Settings::new(file_config.into_iter().chain([Arc::clone(&self.flags)]));
        self.by_dir.insert(dir, settings.clone());
        settings
    }
}
