// The extension's behaviour: when to look for plugin roots, when to start the
// language client, the "server not found" notification, restarts, the context
// key of the menus and the preview command. All analysis happens in the server.
//
// The controller gets the parts of the `vscode` API it uses (`VscodeApi`), the
// file system and process facts (`System`), the lazily loaded runtime bundle
// and the timers from its caller (extension.ts passes the real ones), so that
// test/controller.test.ts runs it against fakes. Only `import type` of
// `vscode` here: this module loads without VS Code.
//
// Activation is cheap, and stays cheap for other Markdown. VS Code has no
// activation event for a path, so the extension activates on every document
// in a language mode VS Code gives agent files (`onLanguage:markdown`,
// `onLanguage:chatagent`, … for each id in languages.ts:
// `~/.claude/agents/x.md` opened outside any workspace must be served) as well
// as on workspaces that contain agent files (`workspaceContains:`). Activating
// registers two commands and four listeners and looks at the path of each open
// document, nothing more. Only when a document in one of those modes that is
// an agent file by its path is open (the server's rules, agentPaths.ts: the
// path, and at most a stat of `<dir>/.claude-plugin/plugin.json` for each
// `agents`, `commands`, `skills` or `output-styles` folder in it that could
// be a plugin's) does the controller engage: it searches the
// workspace for plugin roots, watches `plugin.json` files and workspace
// folders, loads the runtime bundle (vscode-languageclient, markdown-it) and
// starts the server. The client only ever attaches to agent files (see
// selectors.ts): every other Markdown file (a README, notes, a SKILL.md or a
// prompt outside the places agentPaths.ts lists) never reaches the server.

import * as path from 'node:path';

import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { AGENT_PLACES, type AgentFile, classify } from './agentPaths';
import {
  type BundledTarget,
  bundledServerPath,
  type Discovery,
  discoverServer,
  notFoundMessage,
  which,
} from './discovery';
import { realTimers, type Timers } from './gate';
import { isAgentLanguage } from './languages';
import { SHOW_PREVIEW_COMMAND } from './lens';
import type * as Runtime from './runtime';
import { agentFilters, PLUGIN_MANIFEST_GLOB, pluginRootOf, selectorKey } from './selectors';
import { SETTINGS_SECTION, TARGETS_KEY } from './settings';
import { toVscodeSelector } from './vscodeSelector';

/** The parts of the `vscode` module the controller uses. */
export interface VscodeApi {
  readonly commands: Pick<typeof vscode.commands, 'registerCommand' | 'executeCommand'>;
  readonly workspace: Pick<
    typeof vscode.workspace,
    | 'textDocuments'
    | 'workspaceFolders'
    | 'onDidOpenTextDocument'
    | 'onDidChangeConfiguration'
    | 'onDidChangeWorkspaceFolders'
    | 'createFileSystemWatcher'
    | 'findFiles'
    | 'getConfiguration'
  >;
  readonly window: Pick<
    typeof vscode.window,
    | 'activeTextEditor'
    | 'onDidChangeActiveTextEditor'
    | 'createOutputChannel'
    | 'showErrorMessage'
    | 'showInformationMessage'
  >;
  readonly languages: Pick<typeof vscode.languages, 'match'>;
  readonly Uri: typeof vscode.Uri;
  readonly RelativePattern: typeof vscode.RelativePattern;
}

/** The machine: file system questions and process facts (system.ts has Node's). */
export interface System {
  /** `process.platform`. */
  readonly platform: string;
  /** `process.arch`. */
  readonly arch: string;
  homeDir(): string;
  /** The PATH variable, read when the server is looked for. */
  pathEnv(): string | undefined;
  /** Whether `p` exists as a file. */
  isFile(p: string): boolean;
  /** Whether `p` is a file this process may execute. */
  isExecutableFile(p: string): boolean;
  /** The text of a file, or `undefined` when it cannot be read. */
  readTextFile(p: string): string | undefined;
  /** Sets the executable bits of `p` (an archive may lose them); failures are ignored. */
  makeExecutable(p: string): void;
}

/** What the controller takes from dist/runtime.js. */
export type RuntimeApi = Pick<typeof Runtime, 'createClient' | 'ExamplesPreview'>;

export interface ControllerDeps {
  vscode: VscodeApi;
  /** The extension's install folder (`context.extensionPath`). */
  extensionPath: string;
  system: System;
  /** Loads the runtime bundle; called the first time a client or the preview is needed. */
  loadRuntime: () => RuntimeApi;
  timers?: Timers;
}

/** The context key the menus use: the active editor shows an agent file. */
export const CONTEXT_KEY = 'agentls.isAgentFile';

/** The commands the controller registers (package.json contributes them). */
export const RESTART_COMMAND = 'agentls.restartServer';
export { SHOW_PREVIEW_COMMAND };

/** Folders never searched for plugin roots (as `agentls check` skips them). */
export const SEARCH_EXCLUDE = '**/{node_modules,target,.git}/**';

/** Waiting for plugin.json files to settle before searching again. */
export const ROOT_SEARCH_DELAY_MS = 300;

/** How long the first start waits for the plugin root search. */
export const FIRST_START_WAIT_MS = 1500;

export class Controller implements vscode.Disposable {
  private readonly vscode: VscodeApi;
  private readonly system: System;
  private readonly timers: Timers;
  private readonly disposables: vscode.Disposable[] = [];
  /**
   * Whether an agent file has been open: the plugin root search, the
   * watchers and the server only run from then on.
   */
  private engaged = false;
  /** Plugin roots found in the workspace by `findFiles`. */
  private workspaceRoots = new Set<string>();
  /** Plugin roots of agent files opened from elsewhere (`~/.claude/plugins/…`). */
  private readonly documentRoots = new Set<string>();
  private selector: vscode.DocumentFilter[];
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
  private rootsTimer: unknown;
  private preview: Runtime.ExamplesPreview | undefined;

  constructor(private readonly deps: ControllerDeps) {
    this.vscode = deps.vscode;
    this.system = deps.system;
    this.timers = deps.timers ?? realTimers;
    this.selector = toVscodeSelector(agentFilters([]), this.vscode);
  }

  activate(): void {
    const { commands, workspace, window } = this.vscode;
    this.disposables.push(
      commands.registerCommand(SHOW_PREVIEW_COMMAND, (arg?: unknown) => this.showPreview(arg)),
      commands.registerCommand(RESTART_COMMAND, () => {
        this.notFoundShown = false;
        this.failedCommand = undefined;
        return this.restart(true);
      }),
      workspace.onDidOpenTextDocument((doc) => this.consider(doc)),
      window.onDidChangeActiveTextEditor(() => this.updateContextKey()),
      workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('agentls.server')) {
          this.notFoundShown = false;
          this.failedCommand = undefined;
          void this.restart(false);
        }
      }),
    );
    this.updateContextKey();
    if (workspace.textDocuments.some((doc) => this.agentFile(doc) !== undefined)) {
      this.engage();
    }
  }

  /** Whether the controller has engaged (an agent file has been open). */
  get isEngaged(): boolean {
    return this.engaged;
  }

  dispose(): void {
    this.timers.clear(this.rootsTimer);
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

  /** Whether the client attaches to `doc` (the current selector matches it). */
  isAgentDocument(doc: vscode.TextDocument): boolean {
    return this.vscode.languages.match(this.selector, doc) > 0;
  }

  /**
   * The documents the running client has opened on the server (sent
   * `textDocument/didOpen` for, and not closed), as URI strings; none when no
   * client runs.
   */
  serverDocuments(): string[] {
    const client = this.client;
    if (!client?.isRunning()) {
      return [];
    }
    const feature = client.getFeature('textDocument/didOpen') as
      | { openDocuments?: Iterable<vscode.TextDocument> }
      | undefined;
    return [...(feature?.openDocuments ?? [])].map((d) => d.uri.toString());
  }

  /**
   * What `doc` is by its path: a file on disk in an agent location, in one of
   * the language modes VS Code gives that kind of agent file (languages.ts:
   * the `.md` or the `.mdc` family), or `undefined`.
   */
  private agentFile(doc: vscode.TextDocument): AgentFile | undefined {
    if (doc.uri.scheme !== 'file' || !isAgentLanguage(doc.languageId)) {
      return undefined;
    }
    const file = classify(doc.uri.fsPath, (p) => this.system.isFile(p));
    return file && isAgentLanguage(doc.languageId, file.kind) ? file : undefined;
  }

  /**
   * The first agent file is open: watch plugin.json files and workspace
   * folders, search the plugin roots, start the server.
   */
  private engage(): void {
    if (this.engaged) {
      return;
    }
    this.engaged = true;
    const { workspace } = this.vscode;
    const watcher = workspace.createFileSystemWatcher(PLUGIN_MANIFEST_GLOB, false, true, false);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => this.scheduleRootSearch()),
      watcher.onDidDelete(() => this.scheduleRootSearch()),
      workspace.onDidChangeWorkspaceFolders(() => this.scheduleRootSearch()),
    );
    for (const doc of workspace.textDocuments) {
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
    let timer: unknown;
    const timeout = new Promise<void>((resolve) => {
      timer = this.timers.set(resolve, FIRST_START_WAIT_MS);
    });
    await Promise.race([this.searchRoots(), timeout]);
    this.timers.clear(timer);
    this.applySelector();
  }

  /** A plugin agent opened from outside the known roots adds its root. */
  private noteDocumentRoot(doc: vscode.TextDocument): boolean {
    const root = this.agentFile(doc)?.pluginRoot;
    if (root === undefined || this.workspaceRoots.has(root) || this.documentRoots.has(root)) {
      return false;
    }
    this.documentRoots.add(root);
    return true;
  }

  private consider(doc: vscode.TextDocument): void {
    if (!this.engaged) {
      if (this.agentFile(doc) !== undefined) {
        this.engage();
      }
      return;
    }
    if (this.noteDocumentRoot(doc)) {
      this.applySelector();
    } else if (this.isAgentDocument(doc)) {
      void this.ensureStarted();
    }
  }

  private scheduleRootSearch(): void {
    this.timers.clear(this.rootsTimer);
    this.rootsTimer = this.timers.set(() => void this.searchRoots(), ROOT_SEARCH_DELAY_MS);
  }

  /** Finds the workspace's plugin roots; drops remembered roots whose plugin.json is gone. */
  private async searchRoots(): Promise<void> {
    let found: readonly vscode.Uri[] = [];
    try {
      found = await this.vscode.workspace.findFiles(PLUGIN_MANIFEST_GLOB, SEARCH_EXCLUDE);
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
      if (roots.has(root) || !this.system.isFile(path.join(root, '.claude-plugin', 'plugin.json'))) {
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
    if (this.vscode.workspace.textDocuments.some((doc) => this.isAgentDocument(doc))) {
      void this.ensureStarted();
    }
  }

  private rebuildSelector(): void {
    this.selector = toVscodeSelector(agentFilters(this.allRoots()), this.vscode);
    this.updateContextKey();
  }

  private updateContextKey(): void {
    const doc = this.vscode.window.activeTextEditor?.document;
    void this.vscode.commands.executeCommand(
      'setContext',
      CONTEXT_KEY,
      doc !== undefined && this.isAgentDocument(doc),
    );
  }

  private log(message: string): void {
    this.outputChannel().appendLine(message);
  }

  private outputChannel(): vscode.OutputChannel {
    this.output ??= this.vscode.window.createOutputChannel('agentls');
    return this.output;
  }

  private discover(): Discovery {
    const sys = this.system;
    const config = this.vscode.workspace.getConfiguration('agentls');
    const extensionPath = this.deps.extensionPath;
    const bundled = bundledServerPath(extensionPath, sys.platform);
    let bundledTarget: BundledTarget | undefined;
    const marker = sys.readTextFile(path.join(extensionPath, 'server', 'target.json'));
    if (marker !== undefined) {
      try {
        bundledTarget = JSON.parse(marker) as BundledTarget;
      } catch {
        // unreadable marker: the bundled binary, if any, is taken as built for this machine
      }
    }
    if (sys.isFile(bundled) && !sys.isExecutableFile(bundled)) {
      sys.makeExecutable(bundled); // an archive that lost the executable bit
    }
    const exists = (p: string) => sys.isExecutableFile(p);
    return discoverServer({
      settingPath: config.get<string>('server.path'),
      extensionPath,
      platform: sys.platform,
      arch: sys.arch,
      homeDir: sys.homeDir(),
      workspaceFolder: this.vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      bundledTarget,
      exists,
      which: (name) => which(name, { pathEnv: sys.pathEnv(), platform: sys.platform, exists }),
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
        void this.vscode.window.showErrorMessage(message, open).then((choice) => {
          if (choice === open) {
            void this.vscode.commands.executeCommand('workbench.action.openSettings', 'agentls.server.path');
          }
        });
      }
      return undefined;
    }
    const config = this.vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const args = config.get<string[]>('server.args') ?? [];
    const commandLine = [found.command, ...args].join(' ');
    if (this.failedCommand === commandLine) {
      return undefined; // it failed already: see the output; Restart Server tries again
    }
    this.log(`Starting ${commandLine} (${found.source})`);
    const key = selectorKey(this.allRoots());
    const { createClient } = this.deps.loadRuntime();
    const client = createClient({
      command: found.command,
      args,
      selector: this.selector,
      // Read again at each start; while it runs, vscode-languageclient sends
      // the server each change of the `agentls` section (no restart).
      targets: config.get<unknown>(TARGETS_KEY),
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
    if (always || wasRunning || this.vscode.workspace.textDocuments.some((doc) => this.isAgentDocument(doc))) {
      await this.ensureStarted();
    }
  }

  private showPreview(arg: unknown): void {
    const { window, workspace } = this.vscode;
    const uri = this.previewTarget(arg);
    if (!uri) {
      void window.showInformationMessage('agentls: open an agent definition file to preview its examples.');
      return;
    }
    const doc = workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc && !this.isAgentDocument(doc)) {
      void window.showInformationMessage(
        `agentls: ${path.basename(uri.fsPath)} is not an agent definition file (${AGENT_PLACES}).`,
      );
      return;
    }
    const { ExamplesPreview } = this.deps.loadRuntime();
    this.preview ??= new ExamplesPreview({
      client: () => this.ensureStarted(),
      isAgentDocument: (d) => this.isAgentDocument(d),
    });
    this.preview.show(uri);
  }

  /** The document the preview command is for: its argument (a URI or URI string), else the active editor's. */
  private previewTarget(arg: unknown): vscode.Uri | undefined {
    const { Uri, window, workspace } = this.vscode;
    let uri: vscode.Uri | undefined;
    if (arg instanceof Uri) {
      uri = arg;
    } else if (typeof arg === 'string' && arg !== '') {
      try {
        uri = Uri.parse(arg, true);
      } catch {
        return undefined;
      }
    } else {
      uri = window.activeTextEditor?.document.uri;
    }
    if (!uri) {
      return undefined;
    }
    // The server's lens sends the URI string the client gave it; match it to the open document.
    const target = uri;
    const open = workspace.textDocuments.find(
      (d) =>
        d.uri.toString() === target.toString() ||
        (d.uri.scheme === 'file' && target.scheme === 'file' && d.uri.fsPath === target.fsPath),
    );
    return open?.uri ?? target;
  }
}
