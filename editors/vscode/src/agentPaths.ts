// Which files are agent definitions, decided from their path.
//
// This mirrors the server's `formats::detect` (server/src/formats/), down to
// how Rust's `Path::components()` and `Path::extension()` read a path, so
// that the extension attaches the language client to the very files the
// server analyses. No `vscode` import: unit tested with node's test runner.

/**
 * The kinds of agent definition file the server knows, in detection order
 * (the first rule that matches a path wins). The names are `agentls check
 * --kind`'s.
 */
export const AGENT_KINDS = [
  'claude-agent',
  'claude-plugin-agent',
  'claude-skill',
  'claude-command',
  'claude-output-style',
  'agent-skill',
  'copilot-agent',
  'copilot-prompt',
  'copilot-chatmode',
  'opencode-agent',
  'opencode-command',
  'gemini-agent',
  'qwen-agent',
  'cursor-rule',
] as const;

/** The kinds of agent definition file the server knows. */
export type AgentKind = (typeof AGENT_KINDS)[number];

/** What a path is, when it is an agent definition. */
export interface AgentFile {
  kind: AgentKind;
  /**
   * For a file of a plugin found through `<root>/.claude-plugin/plugin.json`
   * (a plugin agent, skill, command or output style): that root (the folder
   * holding `agents/`, `skills/`, …). Absent for every other file, and for
   * plugins recognised by sitting directly under a `plugins/` folder.
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

/** The folders that hold Agent Skills (`<dir>/SKILL.md` below their `skills/`). */
export const AGENT_SKILL_ROOTS: readonly string[] = ['.github', '.agents', '.codex', '.copilot'];

/** The file name of a skill (exactly, in this case). */
export const SKILL_FILE = 'SKILL.md';

/** Whether `dirs[i]` and `dirs[i + 1]` are `first` and one of `second`, for some `i`. */
function hasPair(dirs: readonly string[], first: string, second: readonly string[]): boolean {
  for (let i = 0; i + 1 < dirs.length; i++) {
    if (dirs[i] === first && second.includes(dirs[i + 1])) {
      return true;
    }
  }
  return false;
}

// The rules, first match wins (folder names compared exactly, the `.md`
// extension in any case, `SKILL.md` exactly); `<plugin>` is a folder holding
// `.claude-plugin/plugin.json`, or one that sits directly in a `plugins/`
// folder:
//
//   claude-agent         .claude/agents/**/*.md
//   claude-plugin-agent  <plugin>/agents/**/*.md
//   claude-skill         .claude/skills/<dir>/SKILL.md, <plugin>/skills/<dir>/SKILL.md
//   claude-command       .claude/commands/**/*.md, <plugin>/commands/**/*.md
//   claude-output-style  .claude/output-styles/*.md, <plugin>/output-styles/*.md
//   agent-skill          {.github,.agents,.codex,.copilot}/skills/<dir>/SKILL.md
//   copilot-agent        .github/agents/**/*.md, and **/*.agent.md
//   copilot-prompt       **/*.prompt.md
//   copilot-chatmode     **/*.chatmode.md
//   opencode-agent       .opencode/{agent,agents}/**/*.md, .config/opencode/{agent,agents}/**/*.md
//   opencode-command     .opencode/{command,commands}/**/*.md, .config/opencode/{command,commands}/**/*.md
//   gemini-agent         .gemini/agents/*.md, the name not starting with `_`
//   qwen-agent           .qwen/agents/*.md
//   cursor-rule          .cursor/rules/**/*.mdc
//
// (`x.agent.md` and the like read the name as Rust would: the stem `x.agent`
// has the extension `agent`; a file named `.agent.md` has none.)

/**
 * Classifies `path` the way the server does (the rules above). `isFile`
 * answers whether a path exists as a file: it is asked only for
 * `<dir>/.claude-plugin/plugin.json`, where `<dir>` holds an `agents/`,
 * `skills/`, `commands/` or `output-styles/` folder that could be a plugin's.
 * Returns `undefined` for every other file.
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
  const fileName = last.name;
  const ext = extension(fileName)?.toLowerCase();
  if (ext !== 'md' && ext !== 'mdc') {
    return undefined;
  }
  const names = comps.map((c) => (c.type === 'normal' ? c.name : ''));
  const dirs = names.slice(0, -1);
  const n = dirs.length;

  // Whether dirs[i] sits directly in a plugin root, and which root (asked once per root).
  const asked = new Map<number, boolean>();
  const pluginAt = (i: number): AgentFile['pluginRoot'] | null => {
    if (i >= 2 && dirs[i - 2] === 'plugins') {
      return undefined; // a plugin by its place: no root to remember
    }
    const root = join(comps.slice(0, i), flavor);
    let found = asked.get(i);
    if (found === undefined) {
      found = isFile(pluginManifest(root, flavor));
      asked.set(i, found);
    }
    return found ? root : null;
  };
  const plugin = (kind: AgentKind, i: number): AgentFile | undefined => {
    const root = pluginAt(i);
    if (root === null) {
      return undefined;
    }
    return root === undefined ? { kind } : { kind, pluginRoot: root };
  };

  if (ext === 'mdc') {
    return hasPair(dirs, '.cursor', ['rules']) ? { kind: 'cursor-rule' } : undefined;
  }

  // Claude Code: agents, then plugin agents.
  if (hasPair(dirs, '.claude', ['agents'])) {
    return { kind: 'claude-agent' };
  }
  for (let i = 0; i < n; i++) {
    if (dirs[i] === 'agents') {
      const found = plugin('claude-plugin-agent', i);
      if (found) {
        return found;
      }
    }
  }
  // Skills: `<…>/skills/<dir>/SKILL.md`.
  const isSkill = fileName === SKILL_FILE && n >= 2 && dirs[n - 2] === 'skills';
  if (isSkill) {
    if (n >= 3 && dirs[n - 3] === '.claude') {
      return { kind: 'claude-skill' };
    }
    const found = plugin('claude-skill', n - 2);
    if (found) {
      return found;
    }
  }
  // Commands, at any depth below `commands/`.
  if (hasPair(dirs, '.claude', ['commands'])) {
    return { kind: 'claude-command' };
  }
  for (let i = 0; i < n; i++) {
    if (dirs[i] === 'commands') {
      const found = plugin('claude-command', i);
      if (found) {
        return found;
      }
    }
  }
  // Output styles, directly in `output-styles/`.
  if (n >= 1 && dirs[n - 1] === 'output-styles') {
    if (n >= 2 && dirs[n - 2] === '.claude') {
      return { kind: 'claude-output-style' };
    }
    const found = plugin('claude-output-style', n - 1);
    if (found) {
      return found;
    }
  }
  if (isSkill && n >= 3 && AGENT_SKILL_ROOTS.includes(dirs[n - 3])) {
    return { kind: 'agent-skill' };
  }
  // GitHub Copilot and VS Code: by folder, or by a second extension.
  const inner = extension(fileName.slice(0, fileName.lastIndexOf('.')));
  if (hasPair(dirs, '.github', ['agents']) || inner === 'agent') {
    return { kind: 'copilot-agent' };
  }
  if (inner === 'prompt') {
    return { kind: 'copilot-prompt' };
  }
  if (inner === 'chatmode') {
    return { kind: 'copilot-chatmode' };
  }
  // OpenCode: project `.opencode/`, global `~/.config/opencode/`.
  const opencode = (folders: readonly string[]): boolean =>
    hasPair(dirs, '.opencode', folders) ||
    dirs.some((d, i) => d === '.config' && dirs[i + 1] === 'opencode' && folders.includes(dirs[i + 2]));
  if (opencode(['agent', 'agents'])) {
    return { kind: 'opencode-agent' };
  }
  if (opencode(['command', 'commands'])) {
    return { kind: 'opencode-command' };
  }
  // Gemini CLI and Qwen Code: directly in `agents/`.
  if (n >= 2 && dirs[n - 1] === 'agents') {
    if (dirs[n - 2] === '.gemini' && !fileName.startsWith('_')) {
      return { kind: 'gemini-agent' };
    }
    if (dirs[n - 2] === '.qwen') {
      return { kind: 'qwen-agent' };
    }
  }
  return undefined;
}

/** Where agent definition files live, in words (for messages): the rules above, in short. */
export const AGENT_PLACES =
  "Claude Code's .claude/agents/, skills/, commands/ or output-styles/, or a plugin's; " +
  '.github/agents/, *.agent.md, *.prompt.md or *.chatmode.md; ' +
  '.github/, .agents/, .codex/ or .copilot/ skills/<name>/SKILL.md; ' +
  '.opencode/ agents or commands; .gemini/agents/ or .qwen/agents/; .cursor/rules/*.mdc';

/** Whether `path` is an agent definition file (see {@link classify}). */
export function isAgentPath(
  path: string,
  isFile: (path: string) => boolean,
  flavor: PathFlavor = hostFlavor(),
): boolean {
  return classify(path, isFile, flavor) !== undefined;
}
