import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { classify } from '../src/agentPaths';
import { AGENT_LANGUAGE_IDS, languagesFor } from '../src/languages';
import {
  agentFilters,
  PLUGIN_PATTERNS,
  pluginRootOf,
  selectorKey,
  STATIC_PATTERNS,
  WORKSPACE_CONTAINS,
} from '../src/selectors';
import { globRegExp } from './fakeVscode';

/** Two languages per family, for short expectations. */
const two = (family: 'md' | 'mdc'): string[] => (family === 'md' ? ['markdown', 'chatagent'] : ['plaintext']);

const matchesStatic = (path: string): boolean => STATIC_PATTERNS.some(({ pattern }) => globRegExp(pattern).test(path));

describe('selectors: the static patterns', () => {
  it('cover every format, .md in any case, SKILL.md exactly, .mdc for Cursor rules', () => {
    assert.deepEqual(
      STATIC_PATTERNS.map((p) => `${p.family} ${p.pattern}`),
      [
        'md **/.claude/agents/**/*.[mM][dD]',
        'md **/plugins/*/agents/**/*.[mM][dD]',
        'md **/.claude/skills/*/SKILL.md',
        'md **/plugins/*/skills/*/SKILL.md',
        'md **/.claude/commands/**/*.[mM][dD]',
        'md **/plugins/*/commands/**/*.[mM][dD]',
        'md **/.claude/output-styles/*.[mM][dD]',
        'md **/plugins/*/output-styles/*.[mM][dD]',
        'md **/{.github,.agents,.codex,.copilot}/skills/*/SKILL.md',
        'md **/.github/agents/**/*.[mM][dD]',
        'md **/*.agent.[mM][dD]',
        'md **/*.prompt.[mM][dD]',
        'md **/*.chatmode.[mM][dD]',
        'md **/.opencode/{agent,agents,command,commands}/**/*.[mM][dD]',
        'md **/.config/opencode/{agent,agents,command,commands}/**/*.[mM][dD]',
        'md **/.gemini/agents/[!_]*.[mM][dD]',
        'md **/.qwen/agents/*.[mM][dD]',
        'mdc **/.cursor/rules/**/*.[mM][dD][cC]',
      ],
    );
  });
  it("with no plugin roots, only file-scheme documents under those patterns, in each of its family's languages", () => {
    const filters = agentFilters([], two);
    assert.deepEqual(filters.slice(0, 4), [
      { scheme: 'file', language: 'markdown', pattern: '**/.claude/agents/**/*.[mM][dD]' },
      { scheme: 'file', language: 'chatagent', pattern: '**/.claude/agents/**/*.[mM][dD]' },
      { scheme: 'file', language: 'markdown', pattern: '**/plugins/*/agents/**/*.[mM][dD]' },
      { scheme: 'file', language: 'chatagent', pattern: '**/plugins/*/agents/**/*.[mM][dD]' },
    ]);
    assert.deepEqual(filters.at(-1), { scheme: 'file', language: 'plaintext', pattern: '**/.cursor/rules/**/*.[mM][dD][cC]' });
    assert.equal(filters.length, (STATIC_PATTERNS.length - 1) * 2 + 1);
  });
  it("by default, every pattern once for each id its family is served in (languages.ts's table)", () => {
    const filters = agentFilters([]);
    for (const { pattern, family } of STATIC_PATTERNS) {
      assert.deepEqual(
        filters.filter((f) => f.pattern === pattern).map((f) => f.language),
        [...languagesFor(family)],
        pattern,
      );
    }
    assert.deepEqual(languagesFor('md'), ['markdown', 'chatagent', 'prompt', 'skill', 'instructions']);
    assert.deepEqual(languagesFor('mdc'), ['markdown', 'plaintext', 'mdc', 'cursorrules']);
  });
  it('never a filter without a pattern (that would take every Markdown file) nor without a language', () => {
    for (const f of agentFilters(['/r/a', '/r/b'])) {
      assert.equal(f.scheme, 'file');
      assert.ok(AGENT_LANGUAGE_IDS.includes(f.language), f.language);
      assert.ok(f.pattern.length > 0);
    }
  });
});

describe('selectors: the static patterns match what classify() takes (no plugin.json anywhere)', () => {
  const none = (): boolean => false;
  const paths = [
    '/p/.claude/agents/a.md',
    '/p/.claude/agents/sub/A.MD',
    '/p/plugins/x/agents/a.md',
    '/p/plugins/x/agents/deep/a.Md',
    '/p/.claude/skills/x/SKILL.md',
    '/p/.claude/skills/x/y/SKILL.md',
    '/p/.claude/skills/SKILL.md',
    '/p/.claude/skills/x/skill.md',
    '/p/.claude/skills/x/notes.md',
    '/p/plugins/x/skills/y/SKILL.md',
    '/p/.claude/commands/c.md',
    '/p/.claude/commands/ns/c.MD',
    '/p/plugins/x/commands/c.md',
    '/p/plugins/x/commands/ns/c.md',
    '/p/.claude/output-styles/s.md',
    '/p/.claude/output-styles/sub/s.md',
    '/p/plugins/x/output-styles/s.md',
    '/p/plugins/x/output-styles/sub/s.md',
    '/p/.github/skills/x/SKILL.md',
    '/p/.agents/skills/x/SKILL.md',
    '/p/.codex/skills/x/SKILL.md',
    '/p/.copilot/skills/x/SKILL.md',
    '/p/.github/skills/SKILL.md',
    '/p/.github/skills/x/y/SKILL.md',
    '/p/.vscode/skills/x/SKILL.md',
    '/p/notes/SKILL.md',
    '/p/.github/agents/a.md',
    '/p/.github/agents/sub/a.md',
    '/p/src/x.agent.md',
    '/p/x.agent.MD',
    '/p/.github/prompts/x.prompt.md',
    '/p/x.prompt.md',
    '/p/x.chatmode.md',
    '/p/x.instructions.md',
    '/p/.opencode/agent/a.md',
    '/p/.opencode/agents/sub/a.md',
    '/p/.opencode/command/c.md',
    '/p/.opencode/commands/c.md',
    '/p/.opencode/other/a.md',
    '/home/u/.config/opencode/agent/a.md',
    '/home/u/.config/opencode/commands/ns/c.md',
    '/home/u/.config/other/agent/a.md',
    '/p/.gemini/agents/a.md',
    '/p/.gemini/agents/_a.md',
    '/p/.gemini/agents/sub/a.md',
    '/p/.qwen/agents/a.md',
    '/p/.qwen/agents/sub/a.md',
    '/p/.cursor/rules/r.mdc',
    '/p/.cursor/rules/sub/R.MDC',
    '/p/.cursor/rules/r.md',
    '/p/.cursor/r.mdc',
    '/p/docs/x.md',
    '/p/README.md',
    '/p/docs/agents/a.md',
    '/p/.claude/agents.md',
    '/p/x.mdc',
  ];
  for (const path of paths) {
    it(path, () => {
      assert.equal(matchesStatic(path), classify(path, none, 'posix') !== undefined);
    });
  }
});

describe('selectors: plugin roots', () => {
  it("each root adds its agents, skills, commands and output styles relative to it, in each of the .md family's languages", () => {
    const filters = agentFilters(['/r/my-plugin'], two);
    const staticCount = (STATIC_PATTERNS.length - 1) * 2 + 1;
    assert.equal(filters.length, staticCount + 4 * 2);
    assert.deepEqual(filters.slice(staticCount), [
      { scheme: 'file', language: 'markdown', base: '/r/my-plugin', pattern: 'agents/**/*.[mM][dD]' },
      { scheme: 'file', language: 'chatagent', base: '/r/my-plugin', pattern: 'agents/**/*.[mM][dD]' },
      { scheme: 'file', language: 'markdown', base: '/r/my-plugin', pattern: 'skills/*/SKILL.md' },
      { scheme: 'file', language: 'chatagent', base: '/r/my-plugin', pattern: 'skills/*/SKILL.md' },
      { scheme: 'file', language: 'markdown', base: '/r/my-plugin', pattern: 'commands/**/*.[mM][dD]' },
      { scheme: 'file', language: 'chatagent', base: '/r/my-plugin', pattern: 'commands/**/*.[mM][dD]' },
      { scheme: 'file', language: 'markdown', base: '/r/my-plugin', pattern: 'output-styles/*.[mM][dD]' },
      { scheme: 'file', language: 'chatagent', base: '/r/my-plugin', pattern: 'output-styles/*.[mM][dD]' },
    ]);
    assert.deepEqual(PLUGIN_PATTERNS, ['agents/**/*.[mM][dD]', 'skills/*/SKILL.md', 'commands/**/*.[mM][dD]', 'output-styles/*.[mM][dD]']);
  });
  it('the plugin patterns match what classify() takes under a root with plugin.json', () => {
    const root = '/r/my-plugin';
    const fs = (p: string): boolean => p === `${root}/.claude-plugin/plugin.json`;
    for (const rel of [
      'agents/a.md',
      'agents/deep/A.MD',
      'skills/s/SKILL.md',
      'skills/s/t/SKILL.md',
      'skills/SKILL.md',
      'commands/c.md',
      'commands/ns/c.md',
      'output-styles/o.md',
      'output-styles/sub/o.md',
      'docs/x.md',
      'README.md',
    ]) {
      const ours = PLUGIN_PATTERNS.some((p) => globRegExp(p).test(rel));
      assert.equal(ours, classify(`${root}/${rel}`, fs, 'posix') !== undefined, rel);
    }
  });
  it('roots are de-duplicated and sorted', () => {
    const filters = agentFilters(['/z/p', '/a/p', '/z/p'], () => ['markdown']);
    assert.deepEqual(
      [...new Set(filters.filter((f) => 'base' in f).map((f) => ('base' in f ? f.base : '')))],
      ['/a/p', '/z/p'],
    );
  });
  it('a root with glob characters stays a literal base, not a glob', () => {
    const f = agentFilters(['/r/[wip] {tools}*'], () => ['markdown']).find((x) => 'base' in x);
    assert.ok(f && 'base' in f);
    assert.equal(f.base, '/r/[wip] {tools}*');
    assert.equal(f.pattern, 'agents/**/*.[mM][dD]');
  });
  it('selectorKey changes exactly when the set of roots changes', () => {
    assert.equal(selectorKey(['/b', '/a']), selectorKey(['/a', '/b', '/a']));
    assert.notEqual(selectorKey(['/a']), selectorKey(['/a', '/b']));
    assert.notEqual(selectorKey([]), selectorKey(['/a']));
  });
});

describe('selectors: the workspaceContains globs', () => {
  it('one for each family of paths', () => {
    assert.deepEqual(WORKSPACE_CONTAINS, [
      '**/.claude/agents/**/*.md',
      '**/.claude-plugin/plugin.json',
      '**/plugins/*/{agents,commands,skills,output-styles}/**/*.md',
      '**/.claude/skills/*/SKILL.md',
      '**/.claude/commands/**/*.md',
      '**/.claude/output-styles/*.md',
      '**/{.github,.agents,.codex,.copilot}/skills/*/SKILL.md',
      '**/.github/agents/**/*.md',
      '**/*.agent.md',
      '**/*.prompt.md',
      '**/*.chatmode.md',
      '**/.opencode/{agent,agents,command,commands}/**/*.md',
      '**/.gemini/agents/*.md',
      '**/.qwen/agents/*.md',
      '**/.cursor/rules/**/*.mdc',
    ]);
  });
  it('every lower-case agent path of the formats is found by one', () => {
    for (const path of [
      'p/.claude/agents/a.md',
      'p/plugins/x/agents/a.md',
      'p/plugins/x/commands/c.md',
      'p/plugins/x/skills/s/SKILL.md',
      'p/plugins/x/output-styles/o.md',
      'p/.claude/skills/s/SKILL.md',
      'p/.claude/commands/c.md',
      'p/.claude/output-styles/o.md',
      'p/.agents/skills/s/SKILL.md',
      'p/.github/agents/a.md',
      'p/x.agent.md',
      'p/x.prompt.md',
      'p/x.chatmode.md',
      'p/.opencode/agents/a.md',
      'p/.gemini/agents/a.md',
      'p/.qwen/agents/a.md',
      'p/.cursor/rules/r.mdc',
    ]) {
      assert.ok(WORKSPACE_CONTAINS.some((g) => globRegExp(g).test(path)), path);
    }
  });
});

describe('selectors: pluginRootOf', () => {
  it('the folder holding .claude-plugin/plugin.json', () => {
    assert.equal(pluginRootOf('/r/my-plugin/.claude-plugin/plugin.json', 'posix'), '/r/my-plugin');
    assert.equal(pluginRootOf('/.claude-plugin/plugin.json', 'posix'), '/');
  });
  it('Windows paths', () => {
    assert.equal(pluginRootOf('c:\\r\\my-plugin\\.claude-plugin\\plugin.json', 'windows'), 'c:\\r\\my-plugin');
  });
  it('anything else is not a manifest', () => {
    assert.equal(pluginRootOf('/r/my-plugin/plugin.json', 'posix'), undefined);
    assert.equal(pluginRootOf('/r/my-plugin/.claude-plugin/marketplace.json', 'posix'), undefined);
    assert.equal(pluginRootOf('/r/x.claude-plugin/plugin.json', 'posix'), undefined);
    assert.equal(pluginRootOf('.claude-plugin/plugin.json', 'posix'), undefined);
  });
});
