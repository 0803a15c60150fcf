// The language client: how the server is spawned and which documents it gets.

import type * as vscode from 'vscode';
import {
  LanguageClient,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

import { retargetLenses } from './lens';
import { CLIENT_ID } from './names';

export interface ClientSetup {
  command: string;
  args: string[];
  selector: vscode.DocumentFilter[];
  outputChannel: vscode.OutputChannel;
}

/** A client for `setup`, not yet started. */
export function createClient(setup: ClientSetup): LanguageClient {
  const executable = {
    command: setup.command,
    args: setup.args,
    transport: TransportKind.stdio,
  };
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  const clientOptions: LanguageClientOptions = {
    // vscode-languageclient hands each filter's pattern to `vscode.languages.match`
    // and the `register*Provider` calls unchanged, so a `vscode.RelativePattern`
    // works here although the protocol type only names its own RelativePattern.
    documentSelector: setup.selector as unknown as DocumentSelector,
    outputChannel: setup.outputChannel,
    middleware: {
      // "Preview N examples" opens the preview panel instead of returning
      // Markdown to nobody (see lens.ts).
      provideCodeLenses: async (document, token, next) => retargetLenses(await next(document, token)),
    },
  };
  return new LanguageClient(CLIENT_ID, 'agentls', serverOptions, clientOptions);
}
