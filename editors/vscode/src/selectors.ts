// The document selector: which documents the language client attaches to.
//
// Only agent files, never Markdown at large. Static glob patterns cover each
// format's folders and names (`.claude/agents/`, `plugins/<name>/agents/`,
// `*.prompt.md`, `.cursor/rules/`, …: agentPaths.ts has the rules); plugin
// roots (folders with `.claude-plugin/plugin.json`) each add patterns relative
// to the root, so a path containing glob characters (`[`, `{`, `*`) needs no
// escaping. Each pattern is paired with each language id of languages.ts that
// its family (`.md` or `.mdc`) is served in (a document filter names one
// language), so the path decides and the language mode only has to be one VS
// Code gives agent files. No `vscode` import: extension.ts turns these
// descriptions into VS Code filters.
//
// VS Code's globs are case-sensitive and their `*` stops at `/`, so each
// pattern says exactly what its rule says, but for one harmless case: a file
// named just `.md` (or `.agent.md`, `.prompt.md`, `.chatmode.md`), which
// Rust's `Path::extension` does not read as one. The server gets such a file
// and stays silent, as for any file that is not an agent definition.

import { AGENT_SKILL_ROOTS, hostFlavor, type PathFlavor, SKILL_FILE } from './agentPaths';
import { type FileFamily, languagesFor } from './languages';

/**
 * The file name part of `.md` patterns. The server accepts `.md` in any case
 * (`A.MD` is an agent file too), and VS Code's globs are case-sensitive.
 */
export const MD_GLOB = '*.[mM][dD]';

/** The file name part of `.mdc` patterns (Cursor rules), in any case. */
export const MDC_GLOB = '*.[mM][dD][cC]';

/** A glob over the whole path. */
export interface GlobFilter {
  scheme: 'file';
  /** One of languages.ts's ids. */
  language: string;
  pattern: string;
}

/** A glob relative to a folder (becomes a `vscode.RelativePattern`). */
export interface RelativeFilter {
  scheme: 'file';
  /** One of languages.ts's ids. */
  language: string;
  base: string;
  pattern: string;
}

export type AgentFilter = GlobFilter | RelativeFilter;

/** A pattern and the family of the files it matches. */
export interface AgentPattern {
  readonly pattern: string;
  readonly family: FileFamily;
}

const md = (pattern: string): AgentPattern => ({ pattern, family: 'md' });

/** The patterns that hold whatever plugin roots exist, in agentPaths.ts's order. */
export const STATIC_PATTERNS: readonly AgentPattern[] = [
  md(`**/.claude/agents/**/${MD_GLOB}`), // claude-agent
  md(`**/plugins/*/agents/**/${MD_GLOB}`), // claude-plugin-agent
  md(`**/.claude/skills/*/${SKILL_FILE}`), // claude-skill
  md(`**/plugins/*/skills/*/${SKILL_FILE}`),
  md(`**/.claude/commands/**/${MD_GLOB}`), // claude-command
  md(`**/plugins/*/commands/**/${MD_GLOB}`),
  md(`**/.claude/output-styles/${MD_GLOB}`), // claude-output-style
  md(`**/plugins/*/output-styles/${MD_GLOB}`),
  md(`**/{${AGENT_SKILL_ROOTS.join(',')}}/skills/*/${SKILL_FILE}`), // agent-skill
  md(`**/.github/agents/**/${MD_GLOB}`), // copilot-agent
  md('**/*.agent.[mM][dD]'),
  md('**/*.prompt.[mM][dD]'), // copilot-prompt
  md('**/*.chatmode.[mM][dD]'), // copilot-chatmode
  md(`**/.opencode/{agent,agents,command,commands}/**/${MD_GLOB}`), // opencode-agent, opencode-command
  md(`**/.config/opencode/{agent,agents,command,commands}/**/${MD_GLOB}`),
  md('**/.gemini/agents/[!_]*.[mM][dD]'), // gemini-agent: not `_*.md`
  md(`**/.qwen/agents/${MD_GLOB}`), // qwen-agent
  { pattern: `**/.cursor/rules/**/${MDC_GLOB}`, family: 'mdc' }, // cursor-rule
];

/** The patterns relative to a plugin root (all `.md`). */
export const PLUGIN_PATTERNS: readonly string[] = [
  `agents/**/${MD_GLOB}`,
  `skills/*/${SKILL_FILE}`,
  `commands/**/${MD_GLOB}`,
  `output-styles/${MD_GLOB}`,
];

/**
 * The `workspaceContains:` globs of package.json: one per family of paths
 * (test/manifest.test.ts checks the manifest lists exactly these). A
 * workspace holding one activates the extension as the window opens; any
 * agent file opened later activates it through its language anyway.
 */
export const WORKSPACE_CONTAINS: readonly string[] = [
  '**/.claude/agents/**/*.md',
  '**/.claude-plugin/plugin.json',
  '**/plugins/*/{agents,commands,skills,output-styles}/**/*.md',
  '**/.claude/skills/*/SKILL.md',
  '**/.claude/commands/**/*.md',
  '**/.claude/output-styles/*.md',
  `**/{${AGENT_SKILL_ROOTS.join(',')}}/skills/*/SKILL.md`,
  '**/.github/agents/**/*.md',
  '**/*.agent.md',
  '**/*.prompt.md',
  '**/*.chatmode.md',
  '**/.opencode/{agent,agents,command,commands}/**/*.md',
  '**/.gemini/agents/*.md',
  '**/.qwen/agents/*.md',
  '**/.cursor/rules/**/*.mdc',
];

/** The glob `workspace.findFiles` uses to find plugin roots. */
export const PLUGIN_MANIFEST_GLOB = '**/.claude-plugin/plugin.json';

/**
 * The plugin root of a `plugin.json` path (`<root>/.claude-plugin/plugin.json`
 * gives `<root>`), or `undefined` when the path is not shaped like that.
 */
export function pluginRootOf(manifest: string, flavor: PathFlavor = hostFlavor()): string | undefined {
  const sep = flavor === 'windows' ? /[\\/]/ : /\//;
  const parts = manifest.split(sep);
  const n = parts.length;
  if (n < 3 || parts[n - 1] !== 'plugin.json' || parts[n - 2] !== '.claude-plugin') {
    return undefined;
  }
  const root = manifest.slice(0, manifest.length - 'plugin.json'.length - '.claude-plugin'.length - 2);
  if (root === '') {
    // `/.claude-plugin/plugin.json`: the filesystem root (or a relative `.claude-plugin/…`).
    return /^[\\/]/.test(manifest) ? manifest.charAt(0) : undefined;
  }
  return root;
}

/** Sorted, de-duplicated roots (for a stable selector and cheap comparison). */
export function normalizeRoots(roots: Iterable<string>): string[] {
  return [...new Set(roots)].sort();
}

/**
 * The filters for the given plugin roots: the static patterns first, then the
 * plugin patterns of each root, each once for every language id its family
 * is served in (`languages`, languages.ts's table by default).
 */
export function agentFilters(
  pluginRoots: Iterable<string>,
  languages: (family: FileFamily) => readonly string[] = languagesFor,
): AgentFilter[] {
  const filters: AgentFilter[] = [];
  for (const { pattern, family } of STATIC_PATTERNS) {
    for (const language of languages(family)) {
      filters.push({ scheme: 'file', language, pattern });
    }
  }
  for (const base of normalizeRoots(pluginRoots)) {
    for (const pattern of PLUGIN_PATTERNS) {
      for (const language of languages('md')) {
        filters.push({ scheme: 'file', language, base, pattern });
      }
    }
  }
  return filters;
}

/** A string that changes exactly when the selector built from `pluginRoots` changes. */
export function selectorKey(pluginRoots: Iterable<string>): string {
  return JSON.stringify(normalizeRoots(pluginRoots));
}
