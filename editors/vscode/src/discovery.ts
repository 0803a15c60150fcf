// Finding the agentls binary. No `vscode` import: unit tested with node's
// test runner, every file system question answered by the caller.
//
// Order: the `agentls.server.path` setting, then the binary bundled in the
// extension's `server/` folder, then `agentls` on PATH. A setting that is set
// but points nowhere is an error of its own: falling back to another binary
// would hide the mistake (and run a server the user did not choose).

import * as nodePath from 'node:path';

/** The executable's base name on PATH. */
export const SERVER_NAME = 'agentls';

/** Where a candidate came from. */
export type Source = 'setting' | 'bundled' | 'path';

/** One place that was looked at, in words for the error notification. */
export interface Attempt {
  source: Source;
  /** What was looked for, e.g. `/ext/server/agentls`. */
  what: string;
  /** Why it was not used, when it was not. */
  outcome?: string;
}

/** The platform a bundled binary was built for (`server/target.json`). */
export interface BundledTarget {
  platform: string;
  arch: string;
}

export interface DiscoveryInput {
  /** The raw `agentls.server.path` setting (empty or unset: not set). */
  settingPath?: string | null;
  /** The extension's install folder. */
  extensionPath: string;
  /** `process.platform`. */
  platform: string;
  /** `process.arch`. */
  arch: string;
  /** The user's home folder, for a setting that starts with `~`. */
  homeDir?: string;
  /** The first workspace folder, for a relative setting. */
  workspaceFolder?: string;
  /** What `server/target.json` says, when it exists. */
  bundledTarget?: BundledTarget;
  /** Whether `path` is an executable file. */
  exists: (path: string) => boolean;
  /** The full path of an executable found on PATH, or `undefined`. */
  which: (name: string) => string | undefined;
}

export type Discovery =
  | { found: true; command: string; source: Source; tried: Attempt[] }
  | { found: false; tried: Attempt[] };

function pathApi(platform: string): nodePath.PlatformPath {
  return platform === 'win32' ? nodePath.win32 : nodePath.posix;
}

/** The bundled binary's path for a platform. */
export function bundledServerPath(extensionPath: string, platform: string): string {
  const exe = platform === 'win32' ? `${SERVER_NAME}.exe` : SERVER_NAME;
  return pathApi(platform).join(extensionPath, 'server', exe);
}

/** Whether a setting value names a command to look up on PATH (no folder in it). */
function isBareCommand(value: string, platform: string): boolean {
  return platform === 'win32' ? !/[\\/:]/.test(value) : !value.includes('/');
}

/** Resolves `~` and relative paths of the setting. */
export function resolveSettingPath(
  value: string,
  platform: string,
  homeDir?: string,
  workspaceFolder?: string,
): string {
  const p = pathApi(platform);
  let v = value;
  if (homeDir && (v === '~' || v.startsWith('~/') || (platform === 'win32' && v.startsWith('~\\')))) {
    v = p.join(homeDir, v.slice(1));
  }
  if (!p.isAbsolute(v) && workspaceFolder) {
    v = p.resolve(workspaceFolder, v);
  }
  return v;
}

/** Finds the server; see the order at the top of this file. */
export function discoverServer(input: DiscoveryInput): Discovery {
  const tried: Attempt[] = [];
  const setting = (input.settingPath ?? '').trim();

  if (setting !== '') {
    if (isBareCommand(setting, input.platform)) {
      const found = input.which(setting);
      if (found) {
        tried.push({ source: 'setting', what: setting });
        return { found: true, command: found, source: 'setting', tried };
      }
      tried.push({
        source: 'setting',
        what: `agentls.server.path = "${setting}"`,
        outcome: `no \`${setting}\` on PATH`,
      });
      return { found: false, tried };
    }
    const resolved = resolveSettingPath(setting, input.platform, input.homeDir, input.workspaceFolder);
    if (input.exists(resolved)) {
      tried.push({ source: 'setting', what: resolved });
      return { found: true, command: resolved, source: 'setting', tried };
    }
    tried.push({
      source: 'setting',
      what: `agentls.server.path = "${setting}"`,
      outcome: `${resolved} is not an executable file`,
    });
    return { found: false, tried };
  }
  tried.push({ source: 'setting', what: 'agentls.server.path', outcome: 'not set' });

  const bundled = bundledServerPath(input.extensionPath, input.platform);
  const target = input.bundledTarget;
  if (target && (target.platform !== input.platform || target.arch !== input.arch)) {
    tried.push({
      source: 'bundled',
      what: bundled,
      outcome: `built for ${target.platform}-${target.arch}, this is ${input.platform}-${input.arch}`,
    });
  } else if (input.exists(bundled)) {
    tried.push({ source: 'bundled', what: bundled });
    return { found: true, command: bundled, source: 'bundled', tried };
  } else {
    tried.push({ source: 'bundled', what: bundled, outcome: 'not present' });
  }

  const onPath = input.which(SERVER_NAME);
  if (onPath) {
    tried.push({ source: 'path', what: onPath });
    return { found: true, command: onPath, source: 'path', tried };
  }
  tried.push({ source: 'path', what: `\`${SERVER_NAME}\` on PATH`, outcome: 'not found' });
  return { found: false, tried };
}

/**
 * How vscode-languageclient spawns the server: the command and its arguments
 * over stdio. No `transport` on purpose: `TransportKind.stdio` would make
 * vscode-languageclient append `--stdio`, which agentls rejects (it exits 2
 * on an unknown argument; with no argument at all it serves LSP on stdio).
 */
export function serverExecutable(command: string, args: readonly string[]): { command: string; args: string[] } {
  return { command, args: [...args] };
}

/** The attempts, in one sentence each, for the error notification. */
export function describeAttempts(tried: readonly Attempt[]): string {
  return tried
    .map((a) => {
      const label = a.source === 'setting' ? 'setting' : a.source === 'bundled' ? 'bundled binary' : 'PATH';
      return a.outcome ? `${label}: ${a.what} (${a.outcome})` : `${label}: ${a.what}`;
    })
    .join('; ');
}

/** The whole "not found" message. */
export function notFoundMessage(tried: readonly Attempt[]): string {
  return (
    `agentls: the language server was not found. Tried ${describeAttempts(tried)}. ` +
    'Install it with `cargo install --path server` from a clone of the agentls repository ' +
    '(it lands in ~/.cargo/bin, which must be on PATH), or set `agentls.server.path` to the binary.'
  );
}

export interface WhichOptions {
  /** The PATH variable. */
  pathEnv: string | undefined;
  platform: string;
  /** Whether `path` is an executable file. */
  exists: (path: string) => boolean;
}

/**
 * The first executable called `name` in a PATH folder. On Windows a name
 * without an extension gets `.exe` (the server is a Rust `.exe`; `.cmd` and
 * `.bat` shims cannot be spawned without a shell anyway).
 */
export function which(name: string, options: WhichOptions): string | undefined {
  const win = options.platform === 'win32';
  const p = pathApi(options.platform);
  const dirs = (options.pathEnv ?? '').split(win ? ';' : ':').filter((d) => d !== '');
  const candidate = win && p.extname(name) === '' ? `${name}.exe` : name;
  for (const dir of dirs) {
    const full = p.join(win ? dir.replace(/^"(.*)"$/, '$1') : dir, candidate);
    if (options.exists(full)) {
      return full;
    }
  }
  return undefined;
}
