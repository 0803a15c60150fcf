// The language ids an agent file may have in VS Code. The path decides
// whether a document is an agent file (agentPaths.ts, selectors.ts); this
// table only says which language modes VS Code may give such a path, so that
// the extension activates on them and the client attaches to them.
// package.json's `activationEvents` lists `onLanguage:<id>` for each
// (test/manifest.test.ts checks). A new format whose files VS Code gives
// another language id is one more line here (and its activation event). No
// `vscode` import: unit tested.
//
// Agent files come in two families: Markdown (`*.md`: every format but one)
// and Cursor rules (`*.mdc`). Each id serves the families it is listed for, so
// a `.claude/agents/x.md` switched to Plain Text is still not served (as
// before), while a `.cursor/rules/x.mdc` that no extension maps is.

import type { AgentKind } from './agentPaths';

/** The file families agent files come in: by their extension. */
export type FileFamily = 'md' | 'mdc';

/** A language id and the agent files that get it. */
export interface AgentLanguage {
  readonly id: string;
  /** The families of agent files this id is served in. */
  readonly families: readonly FileFamily[];
  /** Which agent files get it, and from what (VS Code 1.139's built-in mappings unless said). */
  readonly files: string;
}

export const AGENT_LANGUAGES: readonly AgentLanguage[] = [
  {
    id: 'markdown',
    families: ['md', 'mdc'],
    files:
      'markdown-basics: every .md no more specific mapping takes (.claude/agents/sub/x.md, plugins/p/agents/x.md, ' +
      '.claude/commands/x.md, .claude/output-styles/x.md, .opencode/agent/x.md, .gemini/agents/x.md, .qwen/agents/x.md), ' +
      'and **/.cursor/**/*.mdc (.cursor/rules/x.mdc)',
  },
  {
    id: 'chatagent',
    families: ['md'],
    files: 'prompt-basics: .claude/agents/*.md (one level only), .github/agents/*.md, *.agent.md, *.chatmode.md',
  },
  { id: 'prompt', families: ['md'], files: 'prompt-basics: *.prompt.md, e.g. .github/prompts/x.prompt.md' },
  { id: 'skill', families: ['md'], files: 'prompt-basics: SKILL.md, e.g. .claude/skills/x/SKILL.md, .github/skills/x/SKILL.md' },
  {
    id: 'instructions',
    families: ['md'],
    files: 'prompt-basics: *.instructions.md, copilot-instructions.md, .claude/rules/**/*.md (e.g. .claude/commands/x.instructions.md)',
  },
  {
    id: 'plaintext',
    families: ['mdc'],
    files: 'a .mdc no extension maps: VS Code before markdown-basics mapped **/.cursor/**/*.mdc (the extension supports 1.90)',
  },
  { id: 'mdc', families: ['mdc'], files: 'the MDC (Markdown Components) extension: *.mdc' },
  { id: 'cursorrules', families: ['mdc'], files: 'Cursor-rules extensions that give rule files a language of their own' },
];

/** The ids alone, in the table's order. */
export const AGENT_LANGUAGE_IDS: readonly string[] = AGENT_LANGUAGES.map((l) => l.id);

/** The ids a family of agent files is served in, in the table's order. */
export function languagesFor(family: FileFamily): readonly string[] {
  return AGENT_LANGUAGES.filter((l) => l.families.includes(family)).map((l) => l.id);
}

/** The family of a kind of agent file: Cursor rules are `.mdc`, the rest `.md`. */
export function familyOf(kind: AgentKind): FileFamily {
  return kind === 'cursor-rule' ? 'mdc' : 'md';
}

/**
 * Whether a document in language `languageId` may be an agent file (its path
 * decides); with `kind`, whether an agent file of that kind is served in it.
 */
export function isAgentLanguage(languageId: string, kind?: AgentKind): boolean {
  if (kind !== undefined) {
    return languagesFor(familyOf(kind)).includes(languageId);
  }
  return AGENT_LANGUAGE_IDS.includes(languageId);
}
