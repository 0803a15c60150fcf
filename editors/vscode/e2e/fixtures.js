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
  'README.md': NOT_AGENT,
  '.github/prompts/release.prompt.md': '---\ndescription: Release notes\nmodel: sonet\n---\n\nWrite the release notes.\n',
  'docs/agents/notes.md': NOT_AGENT,
};
