// A fake of the parts of `vscode` the controller uses (controller.ts's
// VscodeApi), a fake machine (System), fake runtime (language clients and the
// preview) and manual timers: what test/controller.test.ts drives the
// controller with. Everything it did is recorded for the tests to assert.

import * as nodePath from 'node:path';

import type * as vscode from 'vscode';

import type { ControllerDeps, RuntimeApi, System, VscodeApi } from '../src/controller';
import type { ClientSetup, PreviewHost } from '../src/runtime';
import type { Timers } from '../src/gate';

// ---------------------------------------------------------------------------
// Events, URIs, patterns, documents
// ---------------------------------------------------------------------------

/** An event: listeners subscribe by calling it; `fire` calls them. */
export interface FakeEvent<T> {
  (listener: (e: T) => unknown): vscode.Disposable;
  fire(e: T): void;
  /** Listeners subscribed and not disposed. */
  readonly listeners: number;
}

export function fakeEvent<T>(): FakeEvent<T> {
  const listeners = new Set<(e: T) => unknown>();
  const event = ((listener: (e: T) => unknown) => {
    listeners.add(listener);
    return { dispose: () => listeners.delete(listener) };
  }) as FakeEvent<T>;
  event.fire = (e) => {
    for (const l of [...listeners]) {
      l(e);
    }
  };
  Object.defineProperty(event, 'listeners', { get: () => listeners.size });
  return event;
}

/** `vscode.Uri`, as far as the controller uses it: file URIs print percent-encoded. */
export class FakeUri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}

  static file(p: string): FakeUri {
    return new FakeUri('file', p);
  }

  /** `file:///a%20b.md` → fsPath `/a b.md`; `untitled:Untitled-1` keeps its path. */
  static parse(value: string, strict = false): FakeUri {
    const m = /^([a-z][\w+.-]*):(.*)$/i.exec(value);
    if (!m) {
      if (strict) {
        throw new Error(`[UriError]: Scheme is missing: ${value}`);
      }
      return new FakeUri('file', value);
    }
    const rest = m[2].startsWith('//') ? m[2].replace(/^\/\/[^/]*/, '') : m[2];
    return new FakeUri(m[1], decodeURIComponent(rest));
  }

  get path(): string {
    return this.fsPath;
  }

  toString(): string {
    return this.scheme === 'file' ? `file://${encodeURI(this.fsPath)}` : `${this.scheme}:${this.fsPath}`;
  }
}

/** `vscode.RelativePattern`. */
export class FakeRelativePattern {
  readonly baseUri: FakeUri;
  readonly base: string;

  constructor(
    base: FakeUri | string,
    readonly pattern: string,
  ) {
    this.baseUri = typeof base === 'string' ? FakeUri.file(base) : base;
    this.base = this.baseUri.fsPath;
  }
}

/**
 * A glob as a regular expression, for the patterns the selector uses: `**`
 * (any folders), `*` and `?` (within a name), `[…]` and `[!…]` classes,
 * `{a,b}` alternatives (of plain names); matched case-sensitively against the
 * whole path, as `vscode.languages.match` matches a string pattern.
 */
export function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const end = glob.indexOf(']', i);
      re += `[${glob.slice(i + 1, end).replace(/^!/, '^')}]`;
      i = end;
    } else if (c === '{') {
      const end = glob.indexOf('}', i);
      const alternatives = glob.slice(i + 1, end).split(',');
      re += `(?:${alternatives.map((a) => a.replace(/[.+^$()|\\]/g, '\\$&')).join('|')})`;
      i = end;
    } else {
      re += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

export interface FakeDocument {
  uri: FakeUri;
  languageId: string;
  fileName: string;
}

export function doc(p: string, languageId = 'markdown'): vscode.TextDocument {
  const d: FakeDocument = { uri: FakeUri.file(p), languageId, fileName: p };
  return d as unknown as vscode.TextDocument;
}

export function docOfUri(uri: FakeUri, languageId = 'markdown'): vscode.TextDocument {
  const d: FakeDocument = { uri, languageId, fileName: uri.fsPath };
  return d as unknown as vscode.TextDocument;
}

/** `vscode.languages.match` for the filters the controller builds. */
function match(selector: vscode.DocumentSelector, document: vscode.TextDocument): number {
  const filters = (Array.isArray(selector) ? selector : [selector]) as (vscode.DocumentFilter | string)[];
  for (const f of filters) {
    if (typeof f === 'string') {
      throw new Error(`the controller never uses a bare language selector: ${f}`);
    }
    if (f.pattern === undefined) {
      throw new Error('a filter without a pattern would take every Markdown file');
    }
    if (f.scheme !== undefined && f.scheme !== document.uri.scheme) {
      continue;
    }
    if (f.language !== undefined && f.language !== document.languageId) {
      continue;
    }
    const file = document.uri.fsPath;
    if (typeof f.pattern === 'string') {
      if (globRegExp(f.pattern).test(file)) {
        return 10;
      }
    } else {
      const pattern = f.pattern as unknown as FakeRelativePattern;
      const rel = nodePath.posix.relative(pattern.base, file);
      if (!rel.startsWith('..') && !nodePath.posix.isAbsolute(rel) && globRegExp(pattern.pattern).test(rel)) {
        return 10;
      }
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Timers
// ---------------------------------------------------------------------------

/** Manual timers: `tick(ms)` runs what is due. */
export interface FakeTimers extends Timers {
  tick(ms: number): void;
  readonly pending: number;
}

export function fakeTimers(): FakeTimers {
  let now = 0;
  let id = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    set: (fn, ms) => {
      id += 1;
      due.set(id, { at: now + ms, fn });
      return id;
    },
    clear: (handle) => {
      due.delete(handle as number);
    },
    tick(ms) {
      now += ms;
      for (const [key, t] of [...due].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now && due.has(key)) {
          due.delete(key);
          t.fn();
        }
      }
    },
    get pending() {
      return due.size;
    },
  };
}

/** Lets every queued promise continuation run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

// ---------------------------------------------------------------------------
// Clients and the preview
// ---------------------------------------------------------------------------

export class FakeClient {
  started = false;
  disposed = false;
  /** When set, `start()` rejects with it. */
  failWith: Error | undefined;

  constructor(readonly setup: ClientSetup) {}

  start(): Promise<void> {
    if (this.failWith) {
      return Promise.reject(this.failWith);
    }
    this.started = true;
    return Promise.resolve();
  }

  dispose(): Promise<void> {
    this.disposed = true;
    this.started = false;
    return Promise.resolve();
  }

  isRunning(): boolean {
    return this.started && !this.disposed;
  }

  needsStop(): boolean {
    return false;
  }

  /** Whether the client attaches to `document`. */
  attachesTo(document: vscode.TextDocument): boolean {
    return match(this.setup.selector, document) > 0;
  }

  /** The documents given to the server, as vscode-languageclient's didOpen feature lists them. */
  readonly synced: vscode.TextDocument[] = [];

  getFeature(method: string): { openDocuments: Iterable<vscode.TextDocument> } | undefined {
    return method === 'textDocument/didOpen' ? { openDocuments: this.synced.values() } : undefined;
  }
}

export class FakePreview {
  readonly shown: vscode.Uri[] = [];
  refreshes = 0;
  disposed = false;

  constructor(readonly host: PreviewHost) {}

  show(uri: vscode.Uri): void {
    this.shown.push(uri);
  }

  refreshNow(): void {
    this.refreshes += 1;
  }

  dispose(): void {
    this.disposed = true;
  }
}

// ---------------------------------------------------------------------------
// The whole world
// ---------------------------------------------------------------------------

export interface WorldOptions {
  /** Files that exist (plugin.json files, binaries). */
  files?: string[];
  /** Files that are executable (binaries); they exist too. */
  executables?: string[];
  /** The PATH variable. */
  pathEnv?: string;
  /** Documents open when the extension activates. */
  open?: vscode.TextDocument[];
  /** What `findFiles` answers: plugin.json paths in the workspace. */
  manifests?: string[];
  settings?: { 'server.path'?: string; 'server.args'?: string[]; targets?: unknown };
}

export const EXTENSION_PATH = '/ext/agentls';
export const WORKSPACE = '/ws';

/** A fake VS Code session around one controller. */
export class World {
  readonly files: Set<string>;
  readonly executables: Set<string>;
  pathEnv: string;
  manifests: string[];
  readonly settings: Record<string, unknown>;
  readonly textDocuments: vscode.TextDocument[];
  activeDocument: vscode.TextDocument | undefined;

  readonly commands = new Map<string, (...args: unknown[]) => unknown>();
  readonly executed: unknown[][] = [];
  readonly errors: { message: string; items: string[] }[] = [];
  readonly infos: string[] = [];
  readonly output: string[] = [];
  readonly findFilesCalls: { include: string; exclude: unknown }[] = [];
  readonly watchers: { glob: string; onDidCreate: FakeEvent<FakeUri>; onDidDelete: FakeEvent<FakeUri>; disposed: boolean }[] = [];
  readonly clients: FakeClient[] = [];
  readonly previews: FakePreview[] = [];
  runtimeLoads = 0;
  /** What the error notification's button press returns. */
  errorChoice: string | undefined;

  readonly onDidOpenTextDocument = fakeEvent<vscode.TextDocument>();
  readonly onDidChangeActiveTextEditor = fakeEvent<unknown>();
  readonly onDidChangeConfiguration = fakeEvent<vscode.ConfigurationChangeEvent>();
  readonly onDidChangeWorkspaceFolders = fakeEvent<unknown>();
  readonly timers = fakeTimers();

  constructor(options: WorldOptions = {}) {
    this.executables = new Set(options.executables ?? []);
    this.files = new Set([...(options.files ?? []), ...this.executables]);
    this.pathEnv = options.pathEnv ?? '/usr/bin';
    this.manifests = options.manifests ?? [];
    this.settings = { 'server.path': '', 'server.args': [], targets: null, ...options.settings };
    this.textDocuments = [...(options.open ?? [])];
  }

  readonly vscode: VscodeApi = ((world: World) => {
    const api = {
      commands: {
        registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
          if (world.commands.has(id)) {
            throw new Error(`command ${id} already exists`);
          }
          world.commands.set(id, fn);
          return { dispose: () => world.commands.delete(id) };
        },
        executeCommand: (...args: unknown[]) => {
          world.executed.push(args);
          return Promise.resolve(undefined);
        },
      },
      workspace: {
        get textDocuments() {
          return world.textDocuments;
        },
        workspaceFolders: [{ uri: FakeUri.file(WORKSPACE), name: 'ws', index: 0 }],
        onDidOpenTextDocument: world.onDidOpenTextDocument,
        onDidChangeConfiguration: world.onDidChangeConfiguration,
        onDidChangeWorkspaceFolders: world.onDidChangeWorkspaceFolders,
        createFileSystemWatcher: (glob: string) => {
          const watcher = {
            glob,
            onDidCreate: fakeEvent<FakeUri>(),
            onDidDelete: fakeEvent<FakeUri>(),
            onDidChange: fakeEvent<FakeUri>(),
            disposed: false,
            dispose: () => {
              watcher.disposed = true;
            },
          };
          world.watchers.push(watcher);
          return watcher;
        },
        findFiles: (include: string, exclude: unknown) => {
          world.findFilesCalls.push({ include, exclude });
          return Promise.resolve(world.manifests.map((m) => FakeUri.file(m)));
        },
        getConfiguration: (section: string) => {
          if (section !== 'agentls') {
            throw new Error(`unexpected configuration section ${section}`);
          }
          return { get: (key: string) => world.settings[key] };
        },
      },
      window: {
        get activeTextEditor() {
          return world.activeDocument ? { document: world.activeDocument } : undefined;
        },
        onDidChangeActiveTextEditor: world.onDidChangeActiveTextEditor,
        createOutputChannel: (name: string) => {
          if (name !== 'agentls') {
            throw new Error(`unexpected output channel ${name}`);
          }
          return { appendLine: (line: string) => world.output.push(line), dispose: () => undefined };
        },
        showErrorMessage: (message: string, ...items: string[]) => {
          world.errors.push({ message, items });
          return Promise.resolve(world.errorChoice);
        },
        showInformationMessage: (message: string) => {
          world.infos.push(message);
          return Promise.resolve(undefined);
        },
      },
      languages: { match },
      Uri: FakeUri,
      RelativePattern: FakeRelativePattern,
    };
    return api as unknown as VscodeApi;
  })(this);

  readonly system: System = ((world: World) => ({
    platform: 'linux',
    arch: 'x64',
    homeDir: () => '/home/u',
    pathEnv: () => world.pathEnv,
    isFile: (p: string) => world.files.has(p),
    isExecutableFile: (p: string) => world.executables.has(p),
    readTextFile: () => undefined,
    makeExecutable: () => undefined,
  }))(this);

  readonly runtime: RuntimeApi = ((world: World) => {
    const api = {
      createClient: (setup: ClientSetup) => {
        const client = new FakeClient(setup);
        world.clients.push(client);
        return client;
      },
      ExamplesPreview: class extends FakePreview {
        constructor(host: PreviewHost) {
          super(host);
          world.previews.push(this);
        }
      },
    };
    return api as unknown as RuntimeApi;
  })(this);

  deps(): ControllerDeps {
    return {
      vscode: this.vscode,
      extensionPath: EXTENSION_PATH,
      system: this.system,
      loadRuntime: () => {
        this.runtimeLoads += 1;
        return this.runtime;
      },
      timers: this.timers,
    };
  }

  /** Opens a document, as VS Code does: it joins `textDocuments`, then the event fires. */
  open(document: vscode.TextDocument): vscode.TextDocument {
    this.textDocuments.push(document);
    this.onDidOpenTextDocument.fire(document);
    return document;
  }

  /** Makes `document` the active editor's. */
  activate(document: vscode.TextDocument | undefined): void {
    this.activeDocument = document;
    this.onDidChangeActiveTextEditor.fire(document ? { document } : undefined);
  }

  changeSettings(values: Record<string, unknown>, section = 'agentls.server'): void {
    Object.assign(this.settings, values);
    this.onDidChangeConfiguration.fire({
      affectsConfiguration: (s: string) => section === s || section.startsWith(`${s}.`) || s.startsWith(`${section}.`),
    });
  }

  /** The last value the controller gave the context key. */
  contextKey(key: string): unknown {
    const last = this.executed.filter((c) => c[0] === 'setContext' && c[1] === key).at(-1);
    return last?.[2];
  }

  /** The one client currently running. */
  running(): FakeClient[] {
    return this.clients.filter((c) => c.isRunning());
  }

  command(id: string, ...args: unknown[]): unknown {
    const fn = this.commands.get(id);
    if (!fn) {
      throw new Error(`command ${id} is not registered`);
    }
    return fn(...args);
  }
}
