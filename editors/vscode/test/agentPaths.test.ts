import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AGENT_KINDS, type AgentKind, classify, isAgentPath, pluginManifest } from '../src/agentPaths';

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

/** The kind of a path, with only these files on disk. */
function kindOf(path: string, fs: (p: string) => boolean = none): AgentKind | undefined {
  return classify(path, fs, 'posix')?.kind;
}

/** Asserts the kind of each path. */
function kinds(cases: Record<string, AgentKind | undefined>, fs: (p: string) => boolean = none): void {
  for (const [path, kind] of Object.entries(cases)) {
    assert.equal(kindOf(path, fs), kind, path);
  }
}

describe('agentPaths: the formats beyond Claude Code agents', () => {
  it('the kinds, in detection order', () => {
    assert.deepEqual(AGENT_KINDS, [
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
    ]);
  });
  it('Claude Code skills: .claude/skills/<dir>/SKILL.md, exactly one folder deep, the name exactly', () => {
    kinds({
      '/p/.claude/skills/pdf/SKILL.md': 'claude-skill',
      '/home/u/.claude/skills/pdf/SKILL.md': 'claude-skill',
      '/p/plugins/x/skills/pdf/SKILL.md': 'claude-skill',
      '/p/.claude/skills/SKILL.md': undefined,
      '/p/.claude/skills/a/b/SKILL.md': undefined,
      '/p/.claude/skills/pdf/skill.md': undefined,
      '/p/.claude/skills/pdf/SKILL.MD': undefined,
      '/p/.claude/skills/pdf/reference.md': undefined,
      '/p/notes/SKILL.md': undefined,
      '/p/skills/pdf/SKILL.md': undefined,
      '/p/plugins/skills/pdf/SKILL.md': undefined,
    });
  });
  it('Claude Code commands: .claude/commands/**/*.md, and a plugin\'s', () => {
    kinds({
      '/p/.claude/commands/review.md': 'claude-command',
      '/p/.claude/commands/ns/deep/review.MD': 'claude-command',
      '/home/u/.claude/commands/x.md': 'claude-command',
      '/p/plugins/x/commands/c.md': 'claude-command',
      '/p/plugins/x/commands/ns/c.md': 'claude-command',
      '/p/.claude/commands/c.txt': undefined,
      '/p/commands/c.md': undefined,
      '/p/.claude/x/commands/c.md': undefined,
    });
  });
  it('Claude Code output styles: directly in .claude/output-styles/, and a plugin\'s', () => {
    kinds({
      '/p/.claude/output-styles/terse.md': 'claude-output-style',
      '/p/plugins/x/output-styles/terse.md': 'claude-output-style',
      '/p/.claude/output-styles/sub/terse.md': undefined,
      '/p/plugins/x/output-styles/sub/terse.md': undefined,
      '/p/output-styles/terse.md': undefined,
    });
  });
  it('a plugin known by its plugin.json has skills, commands and output styles too, with its root', () => {
    const root = '/r/my-plugin';
    const fs = files(`${root}/.claude-plugin/plugin.json`);
    for (const [rel, kind] of [
      ['agents/a.md', 'claude-plugin-agent'],
      ['skills/s/SKILL.md', 'claude-skill'],
      ['commands/c.md', 'claude-command'],
      ['commands/ns/c.md', 'claude-command'],
      ['output-styles/o.md', 'claude-output-style'],
    ] as const) {
      assert.deepEqual(classify(`${root}/${rel}`, fs, 'posix'), { kind, pluginRoot: root }, rel);
    }
    kinds({ [`${root}/skills/s/t/SKILL.md`]: undefined, [`${root}/output-styles/s/o.md`]: undefined, [`${root}/docs/x.md`]: undefined }, fs);
    kinds({ '/r/other/commands/c.md': undefined, '/r/other/skills/s/SKILL.md': undefined, '/r/other/output-styles/o.md': undefined }, fs);
  });
  it('asks for plugin.json only beside a folder that could be a plugin\'s, once each', () => {
    const asked: string[] = [];
    const fs = (p: string): boolean => (asked.push(p), false);
    classify('/r/a/commands/b/commands/c.md', fs, 'posix');
    assert.deepEqual(asked, ['/r/a/.claude-plugin/plugin.json', '/r/a/commands/b/.claude-plugin/plugin.json']);
    asked.length = 0;
    classify('/r/a/skills/s/SKILL.md', fs, 'posix');
    assert.deepEqual(asked, ['/r/a/.claude-plugin/plugin.json']);
    asked.length = 0;
    for (const p of ['/r/a/docs/x.md', '/r/x.prompt.md', '/r/.gemini/agents-x/a.md', '/r/.cursor/rules/r.mdc', '/r/README.md']) {
      classify(p, fs, 'posix');
    }
    assert.deepEqual(asked, []);
  });
  it('Agent Skills: <dir>/SKILL.md directly in .github/, .agents/, .codex/ or .copilot/ skills/', () => {
    kinds({
      '/p/.github/skills/pdf/SKILL.md': 'agent-skill',
      '/p/.agents/skills/pdf/SKILL.md': 'agent-skill',
      '/home/u/.codex/skills/pdf/SKILL.md': 'agent-skill',
      '/home/u/.copilot/skills/pdf/SKILL.md': 'agent-skill',
      '/p/.github/skills/SKILL.md': undefined,
      '/p/.github/skills/a/b/SKILL.md': undefined,
      '/p/.github/skills/pdf/Skill.md': undefined,
      '/p/.vscode/skills/pdf/SKILL.md': undefined,
      '/p/github/skills/pdf/SKILL.md': undefined,
    });
  });
  it('GitHub Copilot agents: .github/agents/**/*.md, and *.agent.md anywhere', () => {
    kinds({
      '/p/.github/agents/a.md': 'copilot-agent',
      '/p/.github/agents/sub/a.md': 'copilot-agent',
      '/p/.github/agents/a.prompt.md': 'copilot-agent', // the folder first
      '/p/src/reviewer.agent.md': 'copilot-agent',
      '/p/reviewer.agent.MD': 'copilot-agent',
      '/p/.agent.md': undefined, // no stem before `.agent`, as Rust reads it
      '/p/reviewer.AGENT.md': undefined,
      '/p/reviewer.agents.md': undefined,
      '/p/.github/a.md': undefined,
    });
  });
  it('prompt files and chat modes: *.prompt.md and *.chatmode.md anywhere', () => {
    kinds({
      '/p/.github/prompts/release.prompt.md': 'copilot-prompt',
      '/p/docs/x.prompt.md': 'copilot-prompt',
      '/p/x.prompt.Md': 'copilot-prompt',
      '/p/.github/chatmodes/plan.chatmode.md': 'copilot-chatmode',
      '/p/plan.chatmode.md': 'copilot-chatmode',
      '/p/.prompt.md': undefined,
      '/p/x.prompt.txt': undefined,
      '/p/x.prompts.md': undefined,
      '/p/x.instructions.md': undefined,
      '/p/.github/copilot-instructions.md': undefined,
    });
  });
  it('OpenCode: agent(s)/ and command(s)/ in .opencode/ and ~/.config/opencode/, any depth', () => {
    kinds({
      '/p/.opencode/agent/review.md': 'opencode-agent',
      '/p/.opencode/agents/team/review.md': 'opencode-agent',
      '/home/u/.config/opencode/agent/review.md': 'opencode-agent',
      '/home/u/.config/opencode/agents/review.md': 'opencode-agent',
      '/p/.opencode/command/test.md': 'opencode-command',
      '/p/.opencode/commands/ns/test.md': 'opencode-command',
      '/home/u/.config/opencode/command/test.md': 'opencode-command',
      '/home/u/.config/opencode/commands/test.md': 'opencode-command',
      '/p/.opencode/review.md': undefined,
      '/p/.opencode/plugin/x.md': undefined,
      '/p/opencode/agent/x.md': undefined,
      '/home/u/.config/agent/x.md': undefined,
      '/home/u/.config/x/opencode/agent/y.md': undefined,
    });
  });
  it("Gemini CLI: directly in .gemini/agents/, not `_*.md`; Qwen Code: directly in .qwen/agents/", () => {
    kinds({
      '/p/.gemini/agents/review.md': 'gemini-agent',
      '/home/u/.gemini/agents/Review.MD': 'gemini-agent',
      '/p/.gemini/agents/_draft.md': undefined,
      '/p/.gemini/agents/sub/review.md': undefined,
      '/p/.gemini/review.md': undefined,
      '/p/.qwen/agents/review.md': 'qwen-agent',
      '/p/.qwen/agents/_draft.md': 'qwen-agent',
      '/p/.qwen/agents/sub/review.md': undefined,
    });
  });
  it('Cursor rules: .cursor/rules/**/*.mdc, the extension in any case', () => {
    kinds({
      '/p/.cursor/rules/style.mdc': 'cursor-rule',
      '/p/.cursor/rules/frontend/style.MDC': 'cursor-rule',
      '/p/sub/.cursor/rules/style.mdc': 'cursor-rule',
      '/p/.cursor/rules/style.md': undefined,
      '/p/.cursor/style.mdc': undefined,
      '/p/style.mdc': undefined,
      '/p/.claude/agents/a.mdc': undefined,
    });
  });
  it('the first rule wins where several match', () => {
    kinds({
      '/p/.claude/agents/x.prompt.md': 'claude-agent',
      '/p/.claude/agents/SKILL.md': 'claude-agent',
      '/p/plugins/x/agents/a.agent.md': 'claude-plugin-agent',
      '/p/.claude/commands/x.prompt.md': 'claude-command',
      '/p/.claude/skills/s/SKILL.md': 'claude-skill',
      '/p/.github/agents/x.chatmode.md': 'copilot-agent',
      '/p/.opencode/agent/x.prompt.md': 'copilot-prompt',
      '/p/.gemini/agents/x.agent.md': 'copilot-agent',
    });
  });
  it('Windows paths', () => {
    assert.equal(classify('C:\\p\\.cursor\\rules\\r.mdc', none, 'windows')?.kind, 'cursor-rule');
    assert.equal(classify('C:\\p\\.claude\\skills\\s\\SKILL.md', none, 'windows')?.kind, 'claude-skill');
    assert.equal(classify('C:\\Users\\u\\.config\\opencode\\agent\\a.md', none, 'windows')?.kind, 'opencode-agent');
    const fs = files('C:\\r\\my-plugin\\.claude-plugin\\plugin.json');
    assert.deepEqual(classify('C:\\r\\my-plugin\\commands\\c.md', fs, 'windows'), {
      kind: 'claude-command',
      pluginRoot: 'C:\\r\\my-plugin',
    });
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
    '/p/.claude/x/agents/a.md', // .claude and agents not adjacent
    '/p/.Claude/agents/a.md', // folder names are case-sensitive
    '/p/.claude/Agents/a.md',
    '/p/Plugins/x/agents/a.md',
    '/p/plugins/agents/a.md', // agents directly in plugins/
    '/p/plugins/x/sub/agents/a.md', // agents not directly in the plugin
    '/p/plugins/x/agents', // the folder itself, no extension
    '/p/docs/x.md',
    '/p/notes/SKILL.md',
    '/p/CLAUDE.md',
    '/p/AGENTS.md',
    '/p/.claude/settings.md',
    '/p/.claude/rules/r.md',
    '/p/.github/instructions/x.instructions.md',
    '/p/.cursor/rules', // the folder itself
    '/p/x.mdc',
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
