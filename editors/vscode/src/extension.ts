// agentls for VS Code: a thin client. All analysis happens in the server.
//
// This entry point only wires the real `vscode` module, file system and
// timers into the controller (controller.ts, which says when anything runs:
// nothing beyond two commands and a few listeners until an agent file is
// open). The language client and the preview (dist/runtime.js:
// vscode-languageclient and markdown-it) load, and the server process starts,
// the first time an agent file is open.

import * as vscode from 'vscode';

import { Controller } from './controller';
import type * as Runtime from './runtime';
import { nodeSystem } from './system';

let runtime: typeof Runtime | undefined;

/**
 * Loads dist/runtime.js on first use. esbuild keeps this `require` external
 * (see esbuild.mjs), so the second bundle is read only when needed. (A
 * `require`, not `import()`: runtime.js is CommonJS, and VS Code provides the
 * `vscode` module to CommonJS `require`.)
 */
function loadRuntime(): typeof Runtime {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, on purpose
  runtime ??= require('./runtime.js') as typeof Runtime;
  return runtime;
}

let controller: Controller | undefined;

/**
 * What `activate` returns (`vscode.extensions.getExtension('agentls.agentls')
 * .exports`): which documents the extension serves. The end-to-end suite reads
 * it; nothing in it changes anything.
 */
export interface AgentlsApi {
  /** Whether the language client attaches to `doc` (its document selector matches it). */
  isAgentDocument(doc: vscode.TextDocument): boolean;
  /** The URIs of the documents the running client has opened on the server. */
  serverDocuments(): string[];
}

export function activate(context: vscode.ExtensionContext): AgentlsApi {
  controller = new Controller({
    vscode,
    extensionPath: context.extensionPath,
    system: nodeSystem,
    loadRuntime,
  });
  context.subscriptions.push(controller);
  controller.activate();
  const active = controller;
  return {
    isAgentDocument: (doc) => active.isAgentDocument(doc),
    serverDocuments: () => active.serverDocuments(),
  };
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
