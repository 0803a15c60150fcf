// The example preview: a side panel showing the server's rendering of the
// active agent file's description and `<example>` blocks, refreshed as the
// user types. (Why a webview: see render.ts.)

import { randomBytes } from 'node:crypto';
import * as path from 'node:path';

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { Debouncer, LatestGate } from './gate';
import { makeNonce, noticeHtml, previewPage, renderMarkdown } from './render';

/** The server's request (see server/src/lsp/server.rs). */
export const PREVIEW_REQUEST = 'agentls/previewExamples';

/** Its result. */
interface PreviewResult {
  markdown: string;
  version: number;
}

/** A view refresh, not analysis: a short pause after the last keystroke is enough. */
const REFRESH_DELAY_MS = 150;

/** What the panel needs from the rest of the extension. */
export interface PreviewHost {
  /** The running client, starting it if need be; `undefined` when there is no server. */
  client(): Promise<LanguageClient | undefined>;
  /** Whether the client attaches to this document. */
  isAgentDocument(document: vscode.TextDocument): boolean;
}

export class ExamplesPreview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private target: vscode.Uri | undefined;
  private body = '';
  private readonly gate = new LatestGate();
  private readonly debouncer = new Debouncer(() => void this.refresh(), REFRESH_DELAY_MS);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly host: PreviewHost) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.panel && this.isTarget(event.document.uri) && event.contentChanges.length > 0) {
          this.debouncer.trigger();
        }
      }),
      // Follow the active editor, as the built-in Markdown preview does, when it
      // shows another agent file.
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (
          this.panel &&
          editor &&
          !this.isTarget(editor.document.uri) &&
          this.host.isAgentDocument(editor.document)
        ) {
          this.retarget(editor.document.uri);
        }
      }),
    );
  }

  /** Opens (or reveals) the panel on `uri`. */
  show(uri: vscode.Uri): void {
    if (this.panel) {
      if (!this.isTarget(uri)) {
        this.retarget(uri);
      }
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      'agentls.examplesPreview',
      this.title(uri),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, enableFindWidget: true, localResourceRoots: [] },
    );
    this.panel = panel;
    this.target = uri;
    this.body = noticeHtml('Loading…');
    panel.webview.html = previewPage({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce((n) => randomBytes(n)),
      title: this.title(uri),
      body: this.body,
    });
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.target = undefined;
      this.debouncer.cancel();
      this.gate.invalidate();
    });
    // A hidden webview drops messages; send the latest body again when it shows.
    panel.onDidChangeViewState((event) => {
      if (event.webviewPanel.visible) {
        void this.post(this.body);
      }
    });
    void this.refresh();
  }

  /** Refreshes now (the server restarted, say). */
  refreshNow(): void {
    if (this.panel) {
      this.debouncer.cancel();
      void this.refresh();
    }
  }

  dispose(): void {
    this.debouncer.cancel();
    this.panel?.dispose();
    for (const s of this.subscriptions) {
      s.dispose();
    }
  }

  private title(uri: vscode.Uri): string {
    return `Examples: ${path.basename(uri.fsPath)}`;
  }

  private isTarget(uri: vscode.Uri): boolean {
    return this.target !== undefined && this.target.toString() === uri.toString();
  }

  private retarget(uri: vscode.Uri): void {
    if (!this.panel) {
      return;
    }
    this.target = uri;
    this.panel.title = this.title(uri);
    this.debouncer.cancel();
    this.gate.invalidate();
    void this.refresh();
  }

  /** Asks the server for the target's Markdown; shows the answer only if no newer request was made. */
  private async refresh(): Promise<void> {
    const target = this.target;
    if (!this.panel || !target) {
      return;
    }
    const ticket = this.gate.next();
    let body: string;
    try {
      const client = await this.host.client();
      if (!client) {
        body = noticeHtml('The agentls server is not running (see the agentls output for why).');
      } else {
        const result = await client.sendRequest<PreviewResult>(PREVIEW_REQUEST, {
          textDocument: { uri: client.code2ProtocolConverter.asUri(target) },
        });
        body = renderMarkdown(result.markdown);
      }
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      body = noticeHtml(`No preview: ${why}`);
    }
    if (this.gate.isCurrent(ticket) && this.panel && this.isTarget(target)) {
      await this.post(body);
    }
  }

  private async post(body: string): Promise<void> {
    this.body = body;
    await this.panel?.webview.postMessage({ type: 'update', html: body });
  }
}
