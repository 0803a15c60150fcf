// agentPaths.ts against the server itself: a tree of files in every shape,
// checked by `agentls check --format json`. Every file detected as an agent
// has no frontmatter, so the server reports it (AG001); the set of reported
// paths must be exactly the set classify() accepts. Skipped when no agentls
// binary is built (AGENTLS_BIN, else target/release, else target/debug).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';

import { classify } from '../src/agentPaths';

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
  'p/.claude/agents.md',
  'p/.claude/commands/f.md',
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
];

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

describe('agentPaths agrees with the server', () => {
  it('on every path shape', { skip: binary === undefined ? 'no agentls binary built' : false }, () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'agentls-paths-')));
    try {
      for (const rel of SHAPES) {
        const full = join(root, rel);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, rel.endsWith('plugin.json') ? '{"name": "x"}\n' : 'no frontmatter here\n');
      }
      let out: string;
      try {
        out = execFileSync(binary!, ['check', '--format', 'json', root], { encoding: 'utf8' });
      } catch (error) {
        // exit status 1: errors were found, as expected
        out = (error as { stdout: string }).stdout;
      }
      const report = JSON.parse(out) as { diagnostics: { path: string }[] };
      const byServer = new Set(report.diagnostics.map((d) => d.path));
      const ours = new Set(
        SHAPES.map((rel) => join(root, rel)).filter((full) => isFile(full) && classify(full, isFile) !== undefined),
      );
      assert.deepEqual([...ours].sort(), [...byServer].sort());
      // And the tree really exercises both answers.
      assert.ok(ours.size >= 10 && ours.size < SHAPES.length - 10);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
