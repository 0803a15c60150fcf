// Which files are agent definitions, decided from their path.
//
// This mirrors `detect` in server/src/analysis/detect.rs exactly, down to how
// Rust's `Path::components()` and `Path::extension()` read a path, so that the
// extension attaches the language client to the very files the server
// analyses. No `vscode` import: unit tested with node's test runner.

/** The kinds of agent definition file the server knows. */
export type AgentKind = 'claude-agent' | 'claude-plugin-agent';

/** What a path is, when it is an agent definition. */
export interface AgentFile {
  kind: AgentKind;
  /**
   * For a plugin agent found through `<root>/.claude-plugin/plugin.json`: that
   * root (the folder holding `agents/`). Absent for `.claude/agents/` files and
   * for plugins recognised by sitting directly under a `plugins/` folder.
   */
  pluginRoot?: string;
}

/** Path syntax: POSIX (`/` only) or Windows (`\` and `/`, drive and UNC prefixes). */
export type PathFlavor = 'posix' | 'windows';

/** The flavor of the platform this runs on. */
export function hostFlavor(platform: string = process.platform): PathFlavor {
  return platform === 'win32' ? 'windows' : 'posix';
}

/** One component of a path, as `std::path::Component` sees it. */
type Component =
  | { type: 'prefix'; text: string }
  | { type: 'root' }
  | { type: 'cur' }
  | { type: 'parent' }
  | { type: 'normal'; name: string };

/**
 * Splits a Windows path into its prefix and the rest: a drive (`C:`) or a UNC
 * share (`\\server\share`), the prefixes VS Code's `fsPath` produces. (Verbatim
 * `\\?\` paths, which Rust parses further, never come from the editor.)
 */
function windowsPrefix(path: string): [string, string] {
  const unc = /^([\\/]{2}[^\\/]+[\\/][^\\/]+)(.*)$/s.exec(path);
  if (unc) {
    return [unc[1], unc[2]];
  }
  const drive = /^([A-Za-z]:)(.*)$/s.exec(path);
  if (drive) {
    return [drive[1], drive[2]];
  }
  return ['', path];
}

/** `Path::components()`: repeated separators collapse, `.` is dropped except at the start. */
function components(path: string, flavor: PathFlavor): Component[] {
  const out: Component[] = [];
  let rest = path;
  if (flavor === 'windows') {
    const [prefix, tail] = windowsPrefix(path);
    if (prefix) {
      out.push({ type: 'prefix', text: prefix });
    }
    rest = tail;
  }
  const separator = flavor === 'windows' ? /[\\/]/ : /\//;
  const rooted = separator.test(rest.charAt(0));
  if (rooted) {
    out.push({ type: 'root' });
  }
  let atStart = true;
  for (const part of rest.split(separator)) {
    if (part === '') {
      continue;
    }
    if (part === '.') {
      if (atStart && !rooted) {
        out.push({ type: 'cur' }); // `./a`: kept only at the start of a relative path
      }
      atStart = false;
      continue;
    }
    atStart = false;
    out.push(part === '..' ? { type: 'parent' } : { type: 'normal', name: part });
  }
  return out;
}

/** `Path::extension()` of a file name. */
function extension(fileName: string): string | undefined {
  if (fileName === '..') {
    return undefined;
  }
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) {
    return undefined; // no dot, or a leading dot only (`.md` has no extension)
  }
  return fileName.slice(dot + 1);
}

/** Rebuilds a path from components, with the flavor's separator. */
function join(parts: Component[], flavor: PathFlavor): string {
  const sep = flavor === 'windows' ? '\\' : '/';
  let out = '';
  let needSep = false;
  for (const c of parts) {
    switch (c.type) {
      case 'prefix':
        out += c.text;
        needSep = false;
        break;
      case 'root':
        out += sep;
        needSep = false;
        break;
      default: {
        const text = c.type === 'cur' ? '.' : c.type === 'parent' ? '..' : c.name;
        out += (needSep ? sep : '') + text;
        needSep = true;
      }
    }
  }
  return out;
}

/** `dir` joined with `.claude-plugin/plugin.json`. */
export function pluginManifest(root: string, flavor: PathFlavor = hostFlavor()): string {
  const sep = flavor === 'windows' ? '\\' : '/';
  const trimmed = root.length > 0 && !/[\\/]$/.test(root) ? root + sep : root;
  return `${trimmed}.claude-plugin${sep}plugin.json`;
}

/**
 * Classifies `path` the way the server does. `isFile` answers whether a path
 * exists as a file (asked only for `<dir>/.claude-plugin/plugin.json` beside
 * an `agents/` folder). Returns `undefined` for every other file.
 *
 * - `.claude/agents/` anywhere above the file: a Claude Code agent;
 * - an `agents/` folder whose parent sits directly in a `plugins/` folder, or
 *   whose parent holds `.claude-plugin/plugin.json`: a plugin agent;
 * - only for files whose extension is `md`, in any case.
 */
export function classify(
  path: string,
  isFile: (path: string) => boolean,
  flavor: PathFlavor = hostFlavor(),
): AgentFile | undefined {
  const comps = components(path, flavor);
  const last = comps.at(-1);
  if (last?.type !== 'normal') {
    return undefined;
  }
  const ext = extension(last.name);
  if (ext === undefined || ext.toLowerCase() !== 'md') {
    return undefined;
  }
  const names = comps.map((c) => (c.type === 'normal' ? c.name : ''));
  const dirs = names.slice(0, -1);
  for (let i = 0; i + 1 < dirs.length; i++) {
    if (dirs[i] === '.claude' && dirs[i + 1] === 'agents') {
      return { kind: 'claude-agent' };
    }
  }
  for (let i = 0; i < dirs.length; i++) {
    if (dirs[i] !== 'agents') {
      continue;
    }
    if (i >= 2 && dirs[i - 2] === 'plugins') {
      return { kind: 'claude-plugin-agent' };
    }
    const root = join(comps.slice(0, i), flavor);
    if (isFile(pluginManifest(root, flavor))) {
      return { kind: 'claude-plugin-agent', pluginRoot: root };
    }
  }
  return undefined;
}

/** Whether `path` is an agent definition file (see {@link classify}). */
export function isAgentPath(
  path: string,
  isFile: (path: string) => boolean,
  flavor: PathFlavor = hostFlavor(),
): boolean {
  return classify(path, isFile, flavor) !== undefined;
}
