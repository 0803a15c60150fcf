import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { classify, isAgentPath, pluginManifest } from '../src/agentPaths';

/** A file system where only these files exist. */
function files(...paths: string[]): (p: string) => boolean {
  const set = new Set(paths);
  return (p) => set.has(p);
}

const none = files();

describe('agentPaths: Claude Code agents (.claude/agents/ anywhere above)', () => {
  it('a project agent', () => {
    assert.deepEqual(classify('/p/.claude/agents/a.md', none, 'posix'), { kind: 'claude-agent' });
  });
  it('a user agent in ~/.claude/agents', () => {
    assert.equal(isAgentPath('/home/u/.claude/agents/reviewer.md', none, 'posix'), true);
  });
  it('nested subfolders below agents/', () => {
    assert.equal(isAgentPath('/p/.claude/agents/team/backend/a.md', none, 'posix'), true);
  });
  it('a relative path', () => {
    assert.equal(isAgentPath('.claude/agents/a.md', none, 'posix'), true);
  });
  it('the extension in any case', () => {
    for (const name of ['a.MD', 'a.Md', 'a.mD']) {
      assert.equal(isAgentPath(`/p/.claude/agents/${name}`, none, 'posix'), true, name);
    }
  });
  it('a hidden file with an .md extension, and a file named agents.md inside agents/', () => {
    assert.equal(isAgentPath('/p/.claude/agents/.draft.md', none, 'posix'), true);
    assert.equal(isAgentPath('/p/.claude/agents/agents.md', none, 'posix'), true);
  });
  it('repeated separators collapse, as in Rust', () => {
    assert.equal(isAgentPath('/p//.claude///agents/a.md', none, 'posix'), true);
  });
});

describe('agentPaths: plugin agents', () => {
  it('a plugin directly under plugins/', () => {
    assert.deepEqual(classify('/p/plugins/x/agents/a.md', none, 'posix'), { kind: 'claude-plugin-agent' });
  });
  it('nested subfolders of a plugin under plugins/', () => {
    assert.equal(isAgentPath('/p/plugins/x/agents/sub/a.md', none, 'posix'), true);
  });
  it('a plugin root with .claude-plugin/plugin.json, anywhere', () => {
    const fs = files('/r/my-plugin/.claude-plugin/plugin.json');
    assert.deepEqual(classify('/r/my-plugin/agents/a.md', fs, 'posix'), {
      kind: 'claude-plugin-agent',
      pluginRoot: '/r/my-plugin',
    });
    assert.deepEqual(classify('/r/my-plugin/agents/deep/er/a.md', fs, 'posix'), {
      kind: 'claude-plugin-agent',
      pluginRoot: '/r/my-plugin',
    });
  });
  it('an installed plugin in the cache (version folder as root)', () => {
    const root = '/home/u/.claude/plugins/cache/market/tool/1.2.0';
    const fs = files(`${root}/.claude-plugin/plugin.json`);
    assert.deepEqual(classify(`${root}/agents/a.md`, fs, 'posix'), { kind: 'claude-plugin-agent', pluginRoot: root });
  });
  it('a plugin at the root of a relative path', () => {
    const fs = files('.claude-plugin/plugin.json');
    assert.deepEqual(classify('agents/a.md', fs, 'posix'), { kind: 'claude-plugin-agent', pluginRoot: '' });
  });
  it('asks only for plugin.json beside each agents/ folder', () => {
    const asked: string[] = [];
    classify('/r/a/agents/b/agents/c.md', (p) => (asked.push(p), false), 'posix');
    assert.deepEqual(asked, ['/r/a/.claude-plugin/plugin.json', '/r/a/agents/b/.claude-plugin/plugin.json']);
  });
});

describe('agentPaths: everything else is not an agent file', () => {
  const cases = [
    '/p/README.md',
    '/p/docs/agents/a.md', // no plugin.json beside docs/agents
    '/p/.claude/agents.md',
    '/p/.claude/agents/a.txt',
    '/p/.claude/agents/a.md.bak',
    '/p/.claude/agents/.md', // no extension, as Rust reads it
    '/p/.claude/agents/noext',
    '/p/.claude/commands/a.md',
    '/p/.claude/x/agents/a.md', // .claude and agents not adjacent
    '/p/.Claude/agents/a.md', // folder names are case-sensitive
    '/p/.claude/Agents/a.md',
    '/p/Plugins/x/agents/a.md',
    '/p/plugins/agents/a.md', // agents directly in plugins/
    '/p/plugins/x/sub/agents/a.md', // agents not directly in the plugin
    '/p/plugins/x/agents', // the folder itself, no extension
    '/p/.claude/agents/',
    '',
    '/',
  ];
  for (const p of cases) {
    it(JSON.stringify(p), () => {
      assert.equal(classify(p, none, 'posix'), undefined);
    });
  }
  it('a plugin.json somewhere else does not count', () => {
    const fs = files('/p/docs/plugin.json', '/p/.claude-plugin/plugin.json');
    assert.equal(classify('/p/docs/agents/a.md', fs, 'posix'), undefined);
  });
  it('`..` is a component of its own, as in Rust (no normalization)', () => {
    assert.equal(classify('/p/plugins/x/../agents/a.md', none, 'posix'), undefined);
    assert.equal(isAgentPath('/p/.claude/agents/../a.md', none, 'posix'), true);
  });
});

describe('agentPaths: Windows paths', () => {
  it('a drive path with backslashes', () => {
    assert.equal(isAgentPath('c:\\Users\\u\\.claude\\agents\\a.md', none, 'windows'), true);
    assert.equal(isAgentPath('C:\\p\\plugins\\x\\agents\\A.MD', none, 'windows'), true);
  });
  it('mixed separators', () => {
    assert.equal(isAgentPath('C:/p\\.claude/agents\\a.md', none, 'windows'), true);
  });
  it('a plugin root keeps its drive and uses backslashes', () => {
    const fs = files('C:\\r\\my-plugin\\.claude-plugin\\plugin.json');
    assert.deepEqual(classify('C:\\r\\my-plugin\\agents\\a.md', fs, 'windows'), {
      kind: 'claude-plugin-agent',
      pluginRoot: 'C:\\r\\my-plugin',
    });
  });
  it('a UNC share', () => {
    const fs = files('\\\\srv\\share\\my-plugin\\.claude-plugin\\plugin.json');
    assert.deepEqual(classify('\\\\srv\\share\\my-plugin\\agents\\a.md', fs, 'windows'), {
      kind: 'claude-plugin-agent',
      pluginRoot: '\\\\srv\\share\\my-plugin',
    });
  });
  it('a backslash is an ordinary character on POSIX', () => {
    assert.equal(isAgentPath('/p/x\\.claude\\agents\\a.md', none, 'posix'), false);
  });
  it('non-matches stay non-matches', () => {
    assert.equal(isAgentPath('C:\\p\\README.md', none, 'windows'), false);
    assert.equal(isAgentPath('C:\\p\\.claude\\agents.md', none, 'windows'), false);
  });
});

describe('agentPaths: pluginManifest', () => {
  it('joins with the flavor separator', () => {
    assert.equal(pluginManifest('/r/p', 'posix'), '/r/p/.claude-plugin/plugin.json');
    assert.equal(pluginManifest('/', 'posix'), '/.claude-plugin/plugin.json');
    assert.equal(pluginManifest('C:\\r', 'windows'), 'C:\\r\\.claude-plugin\\plugin.json');
  });
});
