//! What Gemini CLI shows the model for an agent: an entry of the
//! `<available_subagents>` list in the system prompt's `# Available
//! Sub-Agents` section, the description inserted verbatim.

use super::rules;

/// The `<subagent>` entries Gemini CLI puts in front of the model for a
/// file (its first line unindented), or `None` when it loads no agent from
/// it or the description is only known once a remote agent card is fetched.
#[must_use]
pub fn line(text: &str) -> Option<String> {
    let agents = rules::agents(text);
    let entries: Vec<String> = agents
        .iter()
        .map(|a| {
            a.description.as_ref().map(|d| {
                format!(
                    "<subagent>\n    <name>{}</name>\n    <description>{d}</description>\n  </subagent>",
                    a.name
                )
            })
        })
        .collect::<Option<Vec<_>>>()?;
    (!entries.is_empty()).then(|| entries.join("\n  "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_the_model_sees() {
        assert_eq!(
            line("---\nname: rev\ndescription: Reviews code\n---\nBody text.\n").as_deref(),
            Some(
                "<subagent>\n    <name>rev</name>\n    <description>Reviews code</description>\n  </subagent>"
            )
        );
        assert_eq!(line("---\nname: Rev\ndescription: x\n---\n"), None);
        assert_eq!(
            line("---\nname: r\nkind: remote\nagent_card_url: https://e.com/a\n---\n"),
            None
        );
    }
}
