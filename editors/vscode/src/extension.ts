// agentls for VS Code: a thin client. All analysis happens in the server.
//
// Activation is cheap on purpose. The extension activates on
// `onLanguage:markdown` (so that `~/.claude/agents/x.md` opened outside any
// workspace is served) as well as on workspaces that contain agent files.
// Activating loads this small bundle only, registers two commands and a few
// listeners, and looks for plugin roots in the background. The language
// client and the preview (dist/runtime.js: vscode-languageclient and
// markdown-it) load, and the server process starts, the first time a document
// matching the agent selector is open. The client only ever attaches to agent
// files (see selectors.ts): every other Markdown file never reaches the server.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { classify } from './agentPaths';
import {
  type BundledTarget,
  bundledServerPath,
  type Discovery,
  discoverServer,
  notFoundMessage,
  which,
} from './discovery';
import { SHOW_PREVIEW_COMMAND } from './lens';
import type * as Runtime from './runtime';
import { agentFilters, PLUGIN_MANIFEST_GLOB, pluginRootOf, selectorKey } from './selectors';
import { toVscodeSelector } from './vscodeSelector';

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

/** The context key the menus use: the active editor shows an agent file. */
const CONTEXT_KEY = 'agentls.isAgentFile';

/** Folders never searched for plugin roots (as `agentls check` skips them). */
const SEARCH_EXCLUDE = '**/{node_modules,target,.git}/**';

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isExecutableFile(p: string): boolean {
  if (!isFile(p)) {
    return false;
  }
  if (process.platform === 'win32') {
    return true;
  }
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

class Controller implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Plugin roots found in the workspace by `findFiles`. */
  private workspaceRoots = new Set<string>();
  /** Plugin roots of agent files opened from elsewhere (`~/.claude/plugins/…`). */
  private readonly documentRoots = new Set<string>();
  private selector: vscode.DocumentFilter[] = toVscodeSelector(agentFilters([]));
  private client: LanguageClient | undefined;
  /** The selector key the running client was created with. */
  private clientKey: string | undefined;
  private starting: Promise<LanguageClient | undefined> | undefined;
  private output: vscode.OutputChannel | undefined;
  private notFoundShown = false;
  /**
   * The command line that last failed to start (or kept crashing): not retried
   * on every agent file opened, only after a settings change or Restart Server.
   */
  private failedCommand: string | undefined;
  private rootsTimer: ReturnType<typeof setTimeout> | undefined;
  private preview: Runtime.ExamplesPreview | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {}

  activate(): void {
    const d = this.disposables;
    d.push(
      vscode.commands.registerCommand(SHOW_PREVIEW_COMMAND, (arg?: unknown) => this.showPreview(arg)),
      vscode.commands.registerCommand('agentls.restartServer', () => {
        this.notFoundShown = false;
        this.failedCommand = undefined;
        return this.restart(true);
      }),
      vscode.workspace.onDidOpenTextDocument((doc) => this.consider(doc)),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContextKey()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('agentls.server')) {
          this.notFoundShown = false;
          this.failedCommand = undefined;
          void this.restart(false);
        }
      }),
    );
    const watcher = vscode.workspace.createFileSystemWatcher(PLUGIN_MANIFEST_GLOB, false, true, false);
    d.push(
      watcher,
      watcher.onDidCreate(() => this.scheduleRootSearch()),
      watcher.onDidDelete(() => this.scheduleRootSearch()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleRootSearch()),
    );

    for (const doc of vscode.workspace.textDocuments) {
      this.noteDocumentRoot(doc);
    }
    this.rebuildSelector();
    void this.firstStart();
  }

  /**
   * Gives the plugin root search a moment before starting the server for the
   * agent files already open, so that it does not start with a selector that
   * is about to change (and restart at once).
   */
  private async firstStart(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 1500);
    });
    await Promise.race([this.searchRoots(), timeout]);
    clearTimeout(timer);
    this.applySelector();
  }

  dispose(): void {
    clearTimeout(this.rootsTimer);
    for (const d of this.disposables) {
      d.dispose();
    }
    this.preview?.dispose();
    this.output?.dispose();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.clientKey = undefined;
    if (client) {
      try {
        await client.dispose();
      } catch {
        // already stopped or never started
      }
    }
  }

  isAgentDocument(doc: vscode.TextDocument): boolean {
    return vscode.languages.match(this.selector, doc) > 0;
  }

  /** A plugin agent opened from outside the known roots adds its root. */
  private noteDocumentRoot(doc: vscode.TextDocument): boolean {
    if (doc.uri.scheme !== 'file' || doc.languageId !== 'markdown') {
      return false;
    }
    const root = classify(doc.uri.fsPath, isFile)?.pluginRoot;
    if (root === undefined || this.workspaceRoots.has(root) || this.documentRoots.has(root)) {
      return false;
    }
    this.documentRoots.add(root);
    return true;
  }

  private consider(doc: vscode.TextDocument): void {
    if (this.noteDocumentRoot(doc)) {
      this.applySelector();
    } else if (this.isAgentDocument(doc)) {
      void this.ensureStarted();
    }
  }

  private scheduleRootSearch(): void {
    clearTimeout(this.rootsTimer);
    this.rootsTimer = setTimeout(() => void this.searchRoots(), 300);
  }

  /** Finds the workspace's plugin roots; drops remembered roots whose plugin.json is gone. */
  private async searchRoots(): Promise<void> {
    let found: vscode.Uri[] = [];
    try {
      found = await vscode.workspace.findFiles(PLUGIN_MANIFEST_GLOB, SEARCH_EXCLUDE);
    } catch {
      // no workspace, or the search failed: the per-document check still works
    }
    const roots = new Set<string>();
    for (const uri of found) {
      const root = uri.scheme === 'file' ? pluginRootOf(uri.fsPath) : undefined;
      if (root !== undefined) {
        roots.add(root);
      }
    }
    this.workspaceRoots = roots;
    for (const root of [...this.documentRoots]) {
      if (roots.has(root) || !isFile(path.join(root, '.claude-plugin', 'plugin.json'))) {
        this.documentRoots.delete(root);
      }
    }
    this.applySelector();
  }

  private allRoots(): string[] {
    return [...this.workspaceRoots, ...this.documentRoots];
  }

  /**
   * Rebuilds the selector. A running client whose selector changed is
   * restarted: vscode-languageclient fixes its selector when it starts. (Plugin
   * roots appear and disappear rarely; a restart costs the server a few ms.)
   */
  private applySelector(): void {
    this.rebuildSelector();
    if (this.client && this.clientKey !== selectorKey(this.allRoots())) {
      void this.restart(false);
      return;
    }
    if (vscode.workspace.textDocuments.some((doc) => this.isAgentDocument(doc))) {
      void this.ensureStarted();
    }
  }

  private rebuildSelector(): void {
    this.selector = toVscodeSelector(agentFilters(this.allRoots()));
    this.updateContextKey();
  }

  private updateContextKey(): void {
    const doc = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY, doc !== undefined && this.isAgentDocument(doc));
  }

  private log(message: string): void {
    this.outputChannel().appendLine(message);
  }

  private outputChannel(): vscode.OutputChannel {
    this.output ??= vscode.window.createOutputChannel('agentls');
    return this.output;
  }

  private discover(): Discovery {
    const config = vscode.workspace.getConfiguration('agentls');
    const extensionPath = this.context.extensionPath;
    const bundled = bundledServerPath(extensionPath, process.platform);
    let bundledTarget: BundledTarget | undefined;
    try {
      bundledTarget = JSON.parse(
        fs.readFileSync(path.join(extensionPath, 'server', 'target.json'), 'utf8'),
      ) as BundledTarget;
    } catch {
      // no marker: a bundled binary, if any, is taken as built for this machine
    }
    if (isFile(bundled) && !isExecutableFile(bundled)) {
      try {
        fs.chmodSync(bundled, 0o755); // an archive that lost the executable bit
      } catch {
        // read-only install: discovery reports it as not usable
      }
    }
    return discoverServer({
      settingPath: config.get<string>('server.path'),
      extensionPath,
      platform: process.platform,
      arch: process.arch,
      homeDir: os.homedir(),
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      bundledTarget,
      exists: isExecutableFile,
      which: (name) => which(name, { pathEnv: process.env.PATH, platform: process.platform, exists: isExecutableFile }),
    });
  }

  /** The running client, started if need be; `undefined` when the server cannot be found or start. */
  ensureStarted(): Promise<LanguageClient | undefined> {
    if (this.client?.isRunning()) {
      return Promise.resolve(this.client);
    }
    if (this.starting) {
      return this.starting;
    }
    if (this.client?.needsStop()) {
      // vscode-languageclient is restarting a crashed server: leave it to it.
      return Promise.resolve(undefined);
    }
    this.starting = this.start().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async start(): Promise<LanguageClient | undefined> {
    if (this.client) {
      await this.stop();
    }
    const found = this.discover();
    if (!found.found) {
      // Said once (in the output and a notification) until the settings change
      // or the user restarts the server; the preview asks again on every edit.
      if (!this.notFoundShown) {
        this.notFoundShown = true;
        const message = notFoundMessage(found.tried);
        this.log(message);
        const open = 'Open Setting';
        void vscode.window.showErrorMessage(message, open).then((choice) => {
          if (choice === open) {
            void vscode.commands.executeCommand('workbench.action.openSettings', 'agentls.server.path');
          }
        });
      }
      return undefined;
    }
    const args = vscode.workspace.getConfiguration('agentls').get<string[]>('server.args') ?? [];
    const commandLine = [found.command, ...args].join(' ');
    if (this.failedCommand === commandLine) {
      return undefined; // it failed already: see the output; Restart Server tries again
    }
    this.log(`Starting ${commandLine} (${found.source})`);
    const key = selectorKey(this.allRoots());
    const { createClient } = loadRuntime();
    const client = createClient({
      command: found.command,
      args,
      selector: this.selector,
      outputChannel: this.outputChannel(),
      onGiveUp: () => {
        if (this.client === client) {
          this.failedCommand = commandLine;
        }
      },
    });
    this.client = client;
    this.clientKey = key;
    try {
      await client.start();
    } catch (error) {
      this.log(`agentls failed to start: ${error instanceof Error ? error.message : String(error)}`);
      this.failedCommand = commandLine;
      if (this.client === client) {
        this.client = undefined;
        this.clientKey = undefined;
      }
      return undefined;
    }
    // (Roots that changed while it started restart it: see applySelector.)
    this.preview?.refreshNow();
    return client;
  }

  /** Restarts a running client; `always` also starts one that is not running. */
  private async restart(always: boolean): Promise<void> {
    if (this.starting) {
      await this.starting;
    }
    const wasRunning = this.client !== undefined;
    await this.stop();
    if (always || wasRunning || vscode.workspace.textDocuments.some((doc) => this.isAgentDocument(doc))) {
      await this.ensureStarted();
    }
  }

  private showPreview(arg: unknown): void {
    const uri = this.previewTarget(arg);
    if (!uri) {
      void vscode.window.showInformationMessage('agentls: open an agent definition file to preview its examples.');
      return;
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc && !this.isAgentDocument(doc)) {
      void vscode.window.showInformationMessage(
        `agentls: ${path.basename(uri.fsPath)} is not an agent definition file (.claude/agents/ or a plugin's agents/).`,
      );
      return;
    }
    const { ExamplesPreview } = loadRuntime();
    this.preview ??= new ExamplesPreview({
      client: () => this.ensureStarted(),
      isAgentDocument: (d) => this.isAgentDocument(d),
    });
    this.preview.show(uri);
  }

  /** The document the preview command is for: its argument (a URI or URI string), else the active editor's. */
  private previewTarget(arg: unknown): vscode.Uri | undefined {
    let uri: vscode.Uri | undefined;
    if (arg instanceof vscode.Uri) {
      uri = arg;
    } else if (typeof arg === 'string' && arg !== '') {
      try {
        uri = vscode.Uri.parse(arg, true);
      } catch {
        return undefined;
      }
    } else {
      uri = vscode.window.activeTextEditor?.document.uri;
    }
    if (!uri) {
      return undefined;
    }
    // The server's lens sends the URI string the client gave it; match it to the open document.
    const open = vscode.workspace.textDocuments.find(
      (d) => d.uri.toString() === uri.toString() || (d.uri.scheme === 'file' && uri.scheme === 'file' && d.uri.fsPath === uri.fsPath),
    );
    return open?.uri ?? uri;
  }
}

let controller: Controller | undefined;

export function activate(context: vscode.ExtensionContext): void {
  controller = new Controller(context);
  context.subscriptions.push(controller);
  controller.activate();
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
