// The language ids an agent file may have in VS Code. The path decides
// whether a document is an agent file (agentPaths.ts, selectors.ts); this
// table only says which language modes VS Code may give such a path, so that
// the extension activates on them and the client attaches to them.
// package.json's `activationEvents` lists `onLanguage:<id>` for each
// (test/manifest.test.ts checks). A new format whose files VS Code gives
// another language id is one more line here (and its activation event). No
// `vscode` import: unit tested.

/** A language id and the agent files that get it (VS Code 1.139's built-in mappings). */
export interface AgentLanguage {
  readonly id: string;
  readonly files: string;
}

export const AGENT_LANGUAGES: readonly AgentLanguage[] = [
  {
    id: 'markdown',
    files: 'every agent file no more specific mapping takes: .claude/agents/sub/x.md, plugins/p/agents/x.md',
  },
  {
    id: 'chatagent',
    files: 'prompt-basics: .claude/agents/*.md (one level only), .github/agents/*.md, *.agent.md, *.chatmode.md',
  },
  { id: 'prompt', files: 'prompt-basics: *.prompt.md, e.g. .claude/agents/sub/x.prompt.md' },
  { id: 'skill', files: 'prompt-basics: SKILL.md, e.g. .claude/agents/SKILL.md' },
  {
    id: 'instructions',
    files: 'prompt-basics: *.instructions.md, copilot-instructions.md, .claude/rules/**/*.md',
  },
];

/** The ids alone, in the table's order. */
export const AGENT_LANGUAGE_IDS: readonly string[] = AGENT_LANGUAGES.map((l) => l.id);

/** Whether a document in language `languageId` may be an agent file (its path decides). */
export function isAgentLanguage(languageId: string): boolean {
  return AGENT_LANGUAGE_IDS.includes(languageId);
}
