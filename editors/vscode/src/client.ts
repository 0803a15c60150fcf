// The language client: how the server is spawned and which documents it gets.

import type * as vscode from 'vscode';
import {
  LanguageClient,
  type DocumentSelector,
  type LanguageClientOptions,
  CloseAction,
  type ErrorHandler,
  type ServerOptions,
} from 'vscode-languageclient/node';

import { serverExecutable } from './discovery';
import { retargetLenses } from './lens';
import { CLIENT_ID } from './names';
import { settingsOptions } from './settings';

export interface ClientSetup {
  command: string;
  args: string[];
  selector: vscode.DocumentFilter[];
  /** The `agentls.targets` setting as read (`null` or `undefined`: unset), for the initialization options. */
  targets: unknown;
  outputChannel: vscode.OutputChannel;
  /** Called when vscode-languageclient gives up on a server that keeps crashing. */
  onGiveUp?: () => void;
}

/** A client for `setup`, not yet started. */
export function createClient(setup: ClientSetup): LanguageClient {
  const executable = serverExecutable(setup.command, setup.args); // stdio, no `--stdio`
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  const clientOptions: LanguageClientOptions = {
    // vscode-languageclient hands each filter's pattern to `vscode.languages.match`
    // and the `register*Provider` calls unchanged, so a `vscode.RelativePattern`
    // works here although the protocol type only names its own RelativePattern.
    documentSelector: setup.selector as unknown as DocumentSelector,
    outputChannel: setup.outputChannel,
    // `targets` in the initialization options, and the whole `agentls`
    // section in workspace/didChangeConfiguration at start and on each
    // change (settings.ts).
    ...settingsOptions(setup.targets),
    middleware: {
      // "Preview N examples" opens the preview panel instead of returning
      // Markdown to nobody (see lens.ts).
      provideCodeLenses: async (document, token, next) => retargetLenses(await next(document, token)),
    },
  };
  // The default error handler (restart up to 4 times in 3 minutes), telling
  // us when it stops restarting.
  const defaults: { handler?: ErrorHandler } = {};
  clientOptions.errorHandler = {
    error: (error, message, count) => defaults.handler!.error(error, message, count),
    closed: async () => {
      const result = await defaults.handler!.closed();
      if (result.action === CloseAction.DoNotRestart) {
        setup.onGiveUp?.();
      }
      return result;
    },
  };
  const client = new LanguageClient(CLIENT_ID, 'agentls', serverOptions, clientOptions);
  defaults.handler = client.createDefaultErrorHandler();
  return client;
}
