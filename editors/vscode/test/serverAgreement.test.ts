// agentPaths.ts against the server itself: a tree of files in every shape,
// each named to `agentls check --format json`. A file named on the command
// line that the server does not take for an agent definition is reported as
// a problem ("not an agent file"); every other one is checked. So the set of
// files without a problem must be exactly the set classify() accepts.
//
// The server learns the formats one by one: a shape whose kind (by classify)
// the server does not know yet (`agentls check --kind <kind>` rejects the
// name) is left out of the comparison, and the test says which kinds it left
// out. Skipped when no agentls binary is built (AGENTLS_BIN, else
// target/release, else target/debug).
//
// And settings.ts's tool ids (the `agentls.targets` enum) against the ones
// `agentls check --target` knows.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';

import { AGENT_KINDS, type AgentKind, classify } from '../src/agentPaths';
import { TARGET_IDS } from '../src/settings';

const repo = join(__dirname, '..', '..', '..');
const exe = process.platform === 'win32' ? 'agentls.exe' : 'agentls';
const binary = [
  process.env.AGENTLS_BIN,
  join(repo, 'target', 'release', exe),
  join(repo, 'target', 'debug', exe),
].find((p): p is string => p !== undefined && p !== '' && existsSync(p));

/** Files to create, relative to the temporary root (not documentation names). */
const SHAPES = [
  'p/.claude/agents/a.md',
  'p/.claude/agents/sub/deep/b.md',
  'p/.claude/agents/C.MD',
  'p/.claude/agents/d.Md',
  'p/.claude/agents/.hidden.md',
  'p/.claude/agents/.md',
  'p/.claude/agents/e.txt',
  'p/.claude/agents/g.md.bak',
  'p/.claude/agents/my-agents.md',
  'p/.claude/agents/x.prompt.md',
  'p/.claude/agents.md',
  'p/.claude/x/agents/o.md',
  'p/.Claude/agents/s.md',
  'p/.claude/Agents/u.md',
  'p/top.md',
  'p/docs/agents/h.md',
  'p/plugins/x/agents/i.md',
  'p/plugins/x/agents/nested/j.md',
  'p/plugins/agents/k.md',
  'p/plugins/x/sub/agents/q.md',
  'p/Plugins/x/agents/t.md',
  'p/my-plugin/.claude-plugin/plugin.json',
  'p/my-plugin/agents/l.md',
  'p/my-plugin/agents/deep/m.md',
  'p/my-plugin/docs/v.md',
  'p/other/agents/n.md',
  'p/dir-manifest/.claude-plugin/plugin.json/keep.txt', // plugin.json is a folder: not a plugin
  'p/dir-manifest/agents/w.md',
  'p/nested/.claude/agents/x/.claude/agents/y.md',
  'q/.claude-plugin/plugin.json',
  'q/agents/r.md',
  'cache/m/tool/1.0.0/.claude-plugin/plugin.json',
  'cache/m/tool/1.0.0/agents/z.md',
  // Claude Code skills, commands, output styles (project and plugin)
  'p/.claude/skills/pdf/SKILL.md',
  'p/.claude/skills/pdf/reference.md',
  'p/.claude/skills/pdf/deep/SKILL.md',
  'p/.claude/skills/SKILL.md',
  'p/.claude/skills/low/skill.md',
  'p/plugins/x/skills/s/SKILL.md',
  'p/my-plugin/skills/s/SKILL.md',
  'p/other/skills/s/SKILL.md',
  'p/.claude/commands/f.md',
  'p/.claude/commands/ns/g.MD',
  'p/plugins/x/commands/c.md',
  'p/my-plugin/commands/ns/c.md',
  'p/other/commands/c.md',
  'p/.claude/output-styles/terse.md',
  'p/.claude/output-styles/sub/terse.md',
  'p/plugins/x/output-styles/o.md',
  'p/my-plugin/output-styles/o.md',
  // Agent Skills
  'p/.github/skills/pdf/SKILL.md',
  'p/.agents/skills/pdf/SKILL.md',
  'p/.codex/skills/pdf/SKILL.md',
  'p/.copilot/skills/pdf/SKILL.md',
  'p/.github/skills/SKILL.md',
  'p/.github/skills/a/b/SKILL.md',
  'p/.vscode/skills/pdf/SKILL.md',
  'p/notes/SKILL.md',
  // GitHub Copilot and VS Code
  'p/.github/agents/a.md',
  'p/.github/agents/sub/b.md',
  'p/src/c.agent.md',
  'p/src/.agent.md',
  'p/.github/prompts/r.prompt.md',
  'p/docs/s.prompt.MD',
  'p/.github/chatmodes/m.chatmode.md',
  'p/.github/instructions/x.instructions.md',
  'p/.github/copilot-instructions.md',
  // OpenCode
  'p/.opencode/agent/a.md',
  'p/.opencode/agents/team/b.md',
  'p/.opencode/command/c.md',
  'p/.opencode/commands/ns/d.md',
  'p/.opencode/other/e.md',
  'home/.config/opencode/agent/f.md',
  'home/.config/opencode/commands/g.md',
  // Gemini CLI, Qwen Code
  'p/.gemini/agents/a.md',
  'p/.gemini/agents/_draft.md',
  'p/.gemini/agents/sub/b.md',
  'p/.qwen/agents/a.md',
  'p/.qwen/agents/sub/b.md',
  // Cursor
  'p/.cursor/rules/a.mdc',
  'p/.cursor/rules/sub/B.MDC',
  'p/.cursor/rules/c.md',
  'p/.cursor/d.mdc',
  'p/e.mdc',
];

/** The kinds this server knows: those `agentls check --kind` accepts. */
function serverKinds(server: string, dir: string): Set<AgentKind> {
  return new Set(
    AGENT_KINDS.filter(
      (kind) => spawnSync(server, ['check', '--kind', kind, '--format', 'json', dir], { encoding: 'utf8' }).status !== 2,
    ),
  );
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

describe('agentPaths agrees with the server', () => {
  it('on every path shape', { skip: binary === undefined ? 'no agentls binary built' : false }, (t) => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'agentls-paths-')));
    try {
      for (const rel of SHAPES) {
        const full = join(root, rel);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, rel.endsWith('plugin.json') ? '{"name": "x"}\n' : 'no frontmatter here\n');
      }
      const empty = join(root, 'empty');
      mkdirSync(empty);
      const known = serverKinds(binary!, empty);
      assert.ok(known.has('claude-agent') && known.has('claude-plugin-agent'), [...known].join(', '));
      const unknown = AGENT_KINDS.filter((k) => !known.has(k));
      if (unknown.length > 0) {
        t.diagnostic(`the server does not know these kinds yet, their shapes are left out: ${unknown.join(', ')}`);
      }

      const candidates = SHAPES.map((rel) => join(root, rel)).filter((full) => isFile(full) && !full.endsWith('plugin.json'));
      const compared = candidates.filter((full) => {
        const kind = classify(full, isFile)?.kind;
        return kind === undefined || known.has(kind);
      });
      let out: string;
      try {
        out = execFileSync(binary!, ['check', '--format', 'json', ...compared], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      } catch (error) {
        // exit status 1: errors were found, as expected
        out = (error as { stdout: string }).stdout;
      }
      const report = JSON.parse(out) as { problems: { path: string; message: string }[] };
      const refused = new Set(report.problems.map((p) => p.path));
      const byServer = compared.filter((full) => !refused.has(full));
      const ours = compared.filter((full) => classify(full, isFile) !== undefined);
      assert.deepEqual([...ours].sort(), [...byServer].sort());
      // And the tree really exercises both answers.
      assert.ok(ours.length >= 10 && ours.length < compared.length - 10, `${ours.length} of ${compared.length}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the agentls.targets ids agree with the server', () => {
  it('the ids `--target` (and the targets setting) know', { skip: binary === undefined ? 'no agentls binary built' : false }, () => {
    // `agentls check --target nope` names every id it knows.
    const run = spawnSync(binary!, ['check', '--target', 'nope', tmpdir()], { encoding: 'utf8' });
    assert.equal(run.status, 2, run.stderr);
    const known = /\(known: ([^)]*)\)/.exec(run.stderr)?.[1];
    assert.ok(known, run.stderr);
    assert.deepEqual(known.split(', '), [...TARGET_IDS]);
  });
});
