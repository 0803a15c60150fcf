//! What Copilot CLI, which reads `.claude/agents/*.md` too, does with a
//! Claude Code agent: when it is targeted and would refuse a file Claude
//! Code loads (strict YAML where Claude Code's retry rescues, a duplicate
//! key, a merge key supplying a required field, a `----` fence, a `tools`
//! or `model` that is not text), a warning names it (AG020). Its "unknown
//! field ignored" lines for Claude Code's own keys are expected, and not
//! reported (`docs/formats/copilot-agent.md`, last section).

use crate::analysis::Ctx;
use crate::analysis::diagnostic::Diagnostic;
use crate::analysis::rules::{self as r, Severity};
use crate::formats::target::Tool;

/// Adds the warning when Copilot CLI is targeted, Claude Code loads the
/// agent (no error so far), and Copilot CLI would refuse it.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    if !ctx.tools.has(Tool::CopilotCli) || ctx.out.iter().any(|d| d.severity == Severity::Error) {
        return;
    }
    if let Err(refusal) = crate::formats::copilot::copilot_cli_verdict(ctx.text) {
        let range = if refusal.range.end <= ctx.text.len() {
            refusal.range
        } else {
            0..0
        };
        ctx.push(Diagnostic::new(
            &r::OTHER_TOOL_REFUSES,
            range,
            format!(
                "Copilot CLI, which reads .claude/agents too, refuses this agent: {}. Claude Code loads it.",
                refusal.message
            ),
        ));
    }
}
