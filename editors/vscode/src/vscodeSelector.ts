// The selector's filters (selectors.ts) as VS Code document filters.

import type * as vscode from 'vscode';

import type { AgentFilter } from './selectors';

/** The constructors the conversion needs (the `vscode` module, or a test's fakes). */
export interface SelectorApi {
  readonly Uri: Pick<typeof vscode.Uri, 'file'>;
  readonly RelativePattern: typeof vscode.RelativePattern;
}

/** A plugin root's filter becomes a `RelativePattern`: its path needs no glob escaping. */
export function toVscodeSelector(filters: readonly AgentFilter[], api: SelectorApi): vscode.DocumentFilter[] {
  return filters.map((f) =>
    'base' in f
      ? {
          scheme: f.scheme,
          language: f.language,
          pattern: new api.RelativePattern(api.Uri.file(f.base), f.pattern),
        }
      : { scheme: f.scheme, language: f.language, pattern: f.pattern },
  );
}
