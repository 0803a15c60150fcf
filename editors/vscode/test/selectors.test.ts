import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AGENT_LANGUAGE_IDS } from '../src/languages';
import {
  agentFilters,
  PLUGIN_AGENTS_PATTERN,
  pluginRootOf,
  selectorKey,
  STATIC_PATTERNS,
} from '../src/selectors';

describe('selectors: the static patterns', () => {
  it('cover .claude/agents and plugins/<name>/agents, for .md in any case', () => {
    assert.deepEqual(STATIC_PATTERNS, ['**/.claude/agents/**/*.[mM][dD]', '**/plugins/*/agents/**/*.[mM][dD]']);
  });
  it('with no plugin roots, only file-scheme documents under those patterns, in each agent language', () => {
    assert.deepEqual(agentFilters([], ['markdown', 'chatagent']), [
      { scheme: 'file', language: 'markdown', pattern: '**/.claude/agents/**/*.[mM][dD]' },
      { scheme: 'file', language: 'chatagent', pattern: '**/.claude/agents/**/*.[mM][dD]' },
      { scheme: 'file', language: 'markdown', pattern: '**/plugins/*/agents/**/*.[mM][dD]' },
      { scheme: 'file', language: 'chatagent', pattern: '**/plugins/*/agents/**/*.[mM][dD]' },
    ]);
  });
  it('by default, every pattern once for each id of the language table', () => {
    const filters = agentFilters([]);
    assert.equal(filters.length, STATIC_PATTERNS.length * AGENT_LANGUAGE_IDS.length);
    for (const pattern of STATIC_PATTERNS) {
      assert.deepEqual(
        filters.filter((f) => f.pattern === pattern).map((f) => f.language),
        [...AGENT_LANGUAGE_IDS],
      );
    }
    assert.ok(AGENT_LANGUAGE_IDS.includes('markdown'));
    assert.ok(AGENT_LANGUAGE_IDS.includes('chatagent'));
  });
  it('never a filter without a pattern (that would take every Markdown file) nor without a language', () => {
    for (const f of agentFilters(['/r/a', '/r/b'])) {
      assert.equal(f.scheme, 'file');
      assert.ok(AGENT_LANGUAGE_IDS.includes(f.language), f.language);
      assert.ok(f.pattern.length > 0);
    }
  });
});

describe('selectors: plugin roots', () => {
  it('each root adds agents/**/*.md relative to it, in each agent language', () => {
    const filters = agentFilters(['/r/my-plugin'], ['markdown', 'chatagent']);
    assert.equal(filters.length, 6);
    assert.deepEqual(filters.slice(4), [
      { scheme: 'file', language: 'markdown', base: '/r/my-plugin', pattern: PLUGIN_AGENTS_PATTERN },
      { scheme: 'file', language: 'chatagent', base: '/r/my-plugin', pattern: PLUGIN_AGENTS_PATTERN },
    ]);
    assert.equal(PLUGIN_AGENTS_PATTERN, 'agents/**/*.[mM][dD]');
  });
  it('roots are de-duplicated and sorted', () => {
    const filters = agentFilters(['/z/p', '/a/p', '/z/p'], ['markdown']);
    assert.deepEqual(
      filters.slice(2).map((f) => ('base' in f ? f.base : '')),
      ['/a/p', '/z/p'],
    );
  });
  it('a root with glob characters stays a literal base, not a glob', () => {
    const [, , f] = agentFilters(['/r/[wip] {tools}*'], ['markdown']);
    assert.ok('base' in f);
    assert.equal(f.base, '/r/[wip] {tools}*');
    assert.equal(f.pattern, 'agents/**/*.[mM][dD]');
  });
  it('selectorKey changes exactly when the set of roots changes', () => {
    assert.equal(selectorKey(['/b', '/a']), selectorKey(['/a', '/b', '/a']));
    assert.notEqual(selectorKey(['/a']), selectorKey(['/a', '/b']));
    assert.notEqual(selectorKey([]), selectorKey(['/a']));
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
