//! What Qwen Code shows the model for an agent: a line of the `agent`
//! tool's description, under "Available agent types and the tools they have
//! access to:", with the name and description as the loader read them.

use super::rules;

/// `- **name**: description`, or `None` when Qwen Code does not load the agent.
#[must_use]
pub fn line(text: &str) -> Option<String> {
    let a = rules::agent(text)?;
    Some(format!("- **{}**: {}", a.name, a.description))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_the_model_sees() {
        assert_eq!(
            line("---\nname: 123\ndescription: [a, b]\n---\nYou review code.\n").as_deref(),
            Some("- **123**: a,b")
        );
        assert_eq!(
            line("---\nname: r\ndescription: x\n---\nYou review code.\n"),
            None
        );
    }
}
