// The document selector: which documents the language client attaches to.
//
// Only agent files, never Markdown at large. Static glob patterns cover
// `.claude/agents/` and `plugins/<name>/agents/`; plugin roots (folders with
// `.claude-plugin/plugin.json`) each add a pattern relative to the root, so a
// path containing glob characters (`[`, `{`, `*`) needs no escaping. Each
// pattern is paired with each language id of languages.ts (a document filter
// names one language), so the path decides and the language mode only has to
// be one VS Code gives agent files. No `vscode` import: extension.ts turns
// these descriptions into VS Code filters.

import { hostFlavor, type PathFlavor } from './agentPaths';
import { AGENT_LANGUAGE_IDS } from './languages';

/**
 * The file name part of every pattern. The server accepts `.md` in any case
 * (`A.MD` is an agent file too), and VS Code's globs are case-sensitive. (It
 * also matches a file named just `.md`, which the server, like Rust's
 * `Path::extension`, does not take for an agent: it gets the file and stays
 * silent, as for any file that is not an agent definition.)
 */
export const MD_GLOB = '*.[mM][dD]';

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

/** The patterns that hold whatever plugin roots exist. */
export const STATIC_PATTERNS: readonly string[] = [
  `**/.claude/agents/**/${MD_GLOB}`,
  `**/plugins/*/agents/**/${MD_GLOB}`,
];

/** The relative pattern under a plugin root. */
export const PLUGIN_AGENTS_PATTERN = `agents/**/${MD_GLOB}`;

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
 * The filters for the given plugin roots: the static patterns first, then one
 * pattern per root, each once for every language id of `languages`.
 */
export function agentFilters(
  pluginRoots: Iterable<string>,
  languages: readonly string[] = AGENT_LANGUAGE_IDS,
): AgentFilter[] {
  const filters: AgentFilter[] = [];
  for (const pattern of STATIC_PATTERNS) {
    for (const language of languages) {
      filters.push({ scheme: 'file', language, pattern });
    }
  }
  for (const base of normalizeRoots(pluginRoots)) {
    for (const language of languages) {
      filters.push({ scheme: 'file', language, base, pattern: PLUGIN_AGENTS_PATTERN });
    }
  }
  return filters;
}

/** A string that changes exactly when the selector built from `pluginRoots` changes. */
export function selectorKey(pluginRoots: Iterable<string>): string {
  return JSON.stringify(normalizeRoots(pluginRoots));
}
