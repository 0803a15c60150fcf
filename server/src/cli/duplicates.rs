//! AG107: agents that share a name in one folder, which only `agentls
//! check` sees (it has the whole folder).

use std::path::{Path, PathBuf};

use super::Report;
use crate::analysis::{self, Diagnostic, FileKind};

/// The folder an agent's identity is scoped to: its nearest `agents`
/// ancestor, or the folder it was found in.
fn agents_scope(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut scope = abs.parent().map(Path::to_path_buf).unwrap_or_default();
    for ancestor in abs.ancestors().skip(1) {
        if ancestor.file_name().is_some_and(|n| n == "agents") {
            scope = ancestor.to_path_buf();
            break;
        }
    }
    scope
}

/// Adds AG107 to agents that share a name within one agents folder (for
/// plugin agents, whose subfolder is part of their identity, within one subfolder).
pub(super) fn report_duplicate_names(report: &mut Report) {
    use std::collections::HashMap;
    // (scope, name) → the files (index in the report) and their name's range.
    type Members = Vec<(usize, std::ops::Range<usize>)>;
    let mut groups: HashMap<(PathBuf, String), Members> = HashMap::new();
    for (i, file) in report.files.iter().enumerate() {
        let Some((name, range)) = file.name.clone() else {
            continue;
        };
        let scope = if file.kind == FileKind::ClaudePluginAgent {
            file.path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        } else {
            agents_scope(&file.path)
        };
        groups.entry((scope, name)).or_default().push((i, range));
    }
    for ((_, name), members) in groups {
        if members.len() < 2 {
            continue;
        }
        for (i, range) in &members {
            // Name at most three of the others: a folder of thousands of
            // copies must not make the report quadratic.
            let mut others: Vec<String> = members
                .iter()
                .filter(|(j, _)| j != i)
                .take(3)
                .map(|(j, _)| {
                    report.files[*j]
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                })
                .collect();
            if members.len() - 1 > others.len() {
                others.push(format!("{} more", members.len() - 1 - others.len()));
            }
            let file = &mut report.files[*i];
            file.diagnostics.push(Diagnostic::new(
                &analysis::rules::DUPLICATE_NAME,
                range.clone(),
                format!(
                    "Another agent here is also named \"{name}\" ({}): Claude Code loads only one of them, whichever the file system lists first.",
                    others.join(", ")
                ),
            ));
            file.diagnostics
                .sort_by_key(|d| (d.range.start, d.range.end));
        }
    }
}
