// The selector's filters (selectors.ts) as VS Code document filters.

import * as vscode from 'vscode';

import type { AgentFilter } from './selectors';

/** A plugin root's filter becomes a `RelativePattern`: its path needs no glob escaping. */
export function toVscodeSelector(filters: readonly AgentFilter[]): vscode.DocumentFilter[] {
  return filters.map((f) =>
    'base' in f
      ? {
          scheme: f.scheme,
          language: f.language,
          pattern: new vscode.RelativePattern(vscode.Uri.file(f.base), f.pattern),
        }
      : { scheme: f.scheme, language: f.language, pattern: f.pattern },
  );
}
