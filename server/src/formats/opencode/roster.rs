//! What OpenCode shows the model for an agent: a line of the `task` tool's
//! description, under "Available agent types and the tools they have access
//! to:". `primary` agents are never listed; commands are not shown to the
//! model at all.

use super::rules;

/// `- name: description` (or the stock sentence without a description),
/// `None` when OpenCode does not list the agent. `path_name` is the name the
/// file's path gives.
#[must_use]
pub fn line(text: &str, path_name: &str) -> Option<String> {
    let (name, description) = rules::listed(text, path_name)?;
    Some(format!("- {name}: {description}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_the_model_sees() {
        assert_eq!(
            line(
                "---\ndescription: Reviews code\nmode: subagent\n---\nBody\n",
                "review"
            )
            .as_deref(),
            Some("- review: Reviews code")
        );
        assert_eq!(
            line("---\nmode: all\n---\nBody\n", "review").as_deref(),
            Some("- review: This subagent should only be called manually by the user.")
        );
        assert_eq!(line("---\nmode: primary\ndescription: x\n---\n", "p"), None);
        assert_eq!(line("---\nmode: helper\n---\n", "p"), None);
        assert_eq!(
            line("---\nname: 5\ndescription: d\n---\n", "p").as_deref(),
            Some("- 5: d")
        );
    }
}
