//! The line Copilot CLI puts in front of the model for a custom agent: in
//! the `task` tool's description, under "User-provided custom agents:",
//! `- **id**: description` (recorded from 1.0.102's requests for every
//! loaded file of `tests/fixtures/loader/copilot-agent/`, in `ROSTER.tsv`).

use super::cli;

/// The listing line of the agent in `text`, whose path gives it the id
/// `path_name`; `None` when Copilot CLI refuses the file or does not tell
/// the model about it (`disable-model-invocation: true`, `infer: false`).
/// The description is as written, only its final line breaks dropped.
#[must_use]
pub fn line(text: &str, path_name: Option<&str>) -> Option<String> {
    let agent = cli::copilot_cli_verdict(text).ok()?;
    if !agent.listed {
        return None;
    }
    let id = agent.name.as_deref().or(path_name)?;
    let description = agent.description.trim_end_matches(['\n', '\r']);
    Some(format!("- **{id}**: {description}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let l = |t: &str| line(t, Some("file"));
        assert_eq!(
            l("---\nname: rev\ndescription: Reviews code\n---\nB").as_deref(),
            Some("- **rev**: Reviews code")
        );
        assert_eq!(
            l("---\ndescription: |\n  One\n  two\n---\nB").as_deref(),
            Some("- **file**: One\ntwo")
        );
        assert_eq!(
            l("---\nname: ''\ndescription: '   '\n---\n").as_deref(),
            Some("- **file**:    ")
        );
        assert_eq!(l("---\ndescription: d\ninfer: false\n---\n"), None);
        assert_eq!(
            l("---\ndescription: d\ninfer: false\ndisable-model-invocation: false\n---\n")
                .as_deref(),
            Some("- **file**: d")
        );
        assert_eq!(l("---\nname: x\n---\n"), None);
    }
}
