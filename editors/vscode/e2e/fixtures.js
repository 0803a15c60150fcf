// The throwaway workspace of the end-to-end suite: path → text. run.mjs writes
// it to a temporary folder; suite.js finds positions in the same texts.
// (Kept out of the repository as files, so that `agentls check .` in the
// checkout does not report these deliberate mistakes.)

/** A top-level .claude/agents file: VS Code 1.139 gives it the language id `chatagent`. */
const REVIEWER = `---
name: reviewer
description: "Reviews code right after a change.\\n\\n<example>\\nuser: \\"Check my diff\\"\\nassistant: \\"I'll use the reviewer agent to check it\\"\\n</example>"
model: sonet
color: blue
---

You review code: bugs first, then readability.
`;

/** A nested one: `markdown` (the chatagent pattern is .claude/agents/*.md, one level). */
const TESTER = `---
name: tester
description: Runs the test suite after a change and reports what fails.
tools: Read, Bash, Task
---

You run the tests.
`;

/** In an agents folder, named like a prompt file: `prompt`. */
const TRIAGE = `---
name: triage
description: Sorts new issues by area.
model: haiku
colour: red
---

You sort issues.
`;

/** A plugin agent (plugins/<name>/agents/), named like a Copilot agent: `chatagent`. */
const HELPER = `---
description: Helps with the kit.
model: opus
permissionMode: plan
---

You help.
`;

/** A Claude Code skill (.claude/skills/<dir>/SKILL.md): VS Code gives SKILL.md `skill`. */
const SKILL = `---
name: pdf
description: Extracts text and tables from PDF files. Use it when the user works with PDFs.
---

# PDF

Read the file with the tools at hand.
`;

/**
 * A Claude Code skill Copilot CLI (which reads .claude/skills too) refuses:
 * by default AG020 (Copilot CLI) and AG706 (Claude Code reads `maybe` as
 * false); with agentls.targets ["claude"], AG706 alone.
 */
const REVIEW_SKILL = `---
name: review
description: Reviews the staged diff before a commit.
user-invocable: maybe
---

Review the staged diff: bugs first.
`;

/** A Claude Code slash command. */
const COMMAND = `---
description: Reviews the staged changes
allowed-tools: Bash(git diff:*)
---

Review the staged diff: bugs first.
`;

/** A GitHub Copilot agent known by its name alone (*.agent.md). */
const COPILOT_AGENT = `---
description: Plans a change before any code is written.
tools: ['search', 'fetch']
---

You plan the change and list the files it touches.
`;

/** A Gemini CLI subagent. */
const GEMINI_AGENT = `---
name: triager
description: Sorts new issues by area.
---

You sort issues.
`;

/** A Cursor rule. */
const CURSOR_RULE = `---
description: House style for TypeScript
globs: "*.ts"
alwaysApply: false
---

Use single quotes.
`;

/** Files agentls must leave alone, mistakes and all. */
const NOT_AGENT = `---
name: not: an agent
model: sonet
---

# A project
`;

module.exports = {
  '.claude/agents/reviewer.md': REVIEWER,
  '.claude/agents/team/tester.md': TESTER,
  '.claude/agents/team/triage.prompt.md': TRIAGE,
  '.claude/agents/README.md': '# Agents\n\nThe agents of this project.\n',
  'plugins/kit/agents/helper.agent.md': HELPER,
  '.claude/skills/pdf/SKILL.md': SKILL,
  '.claude/skills/review/SKILL.md': REVIEW_SKILL,
  '.claude/commands/stage-review.md': COMMAND,
  'tools/planner.agent.md': COPILOT_AGENT,
  '.github/prompts/release.prompt.md': '---\ndescription: Release notes\nmodel: sonet\n---\n\nWrite the release notes.\n',
  '.gemini/agents/triager.md': GEMINI_AGENT,
  '.cursor/rules/style.mdc': CURSOR_RULE,
  '.cursor/rules/legacy/OLD.MDC': CURSOR_RULE,
  '.opencode/agent/reviewer.md': GEMINI_AGENT,
  '.agents/skills/pdf/SKILL.md': SKILL,
  '.gemini/agents/_draft.md': GEMINI_AGENT,
  'README.md': NOT_AGENT,
  'docs/agents/notes.md': NOT_AGENT,
  'docs/x.md': NOT_AGENT,
  'notes/SKILL.md': '# Skill notes\n\nNot a skill: no skills/ folder above it.\n',
};
