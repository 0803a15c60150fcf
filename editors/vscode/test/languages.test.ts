import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AGENT_KINDS } from '../src/agentPaths';
import { AGENT_LANGUAGE_IDS, AGENT_LANGUAGES, familyOf, isAgentLanguage, languagesFor } from '../src/languages';

describe('languages: the ids VS Code gives agent files', () => {
  it("are Markdown, VS Code's prompt languages (1.139's prompt-basics) and the ids a .mdc may get, each once", () => {
    assert.deepEqual(AGENT_LANGUAGE_IDS, [
      'markdown',
      'chatagent',
      'prompt',
      'skill',
      'instructions',
      'plaintext',
      'mdc',
      'cursorrules',
    ]);
    assert.equal(new Set(AGENT_LANGUAGE_IDS).size, AGENT_LANGUAGE_IDS.length);
    for (const l of AGENT_LANGUAGES) {
      assert.ok(l.files.length > 0, l.id);
      assert.ok(l.families.length > 0, l.id);
    }
  });
  it('by family: .md files in Markdown and the prompt languages, .mdc files in Markdown, Plain Text, mdc, cursorrules', () => {
    assert.deepEqual(languagesFor('md'), ['markdown', 'chatagent', 'prompt', 'skill', 'instructions']);
    assert.deepEqual(languagesFor('mdc'), ['markdown', 'plaintext', 'mdc', 'cursorrules']);
    for (const kind of AGENT_KINDS) {
      assert.equal(familyOf(kind), kind === 'cursor-rule' ? 'mdc' : 'md', kind);
    }
  });
  it('isAgentLanguage takes exactly those, and with a kind, those of its family', () => {
    for (const id of AGENT_LANGUAGE_IDS) {
      assert.equal(isAgentLanguage(id), true, id);
    }
    for (const id of ['yaml', 'Markdown', 'mdx', 'chatmode-x', '']) {
      assert.equal(isAgentLanguage(id), false, id);
    }
    assert.equal(isAgentLanguage('plaintext', 'claude-agent'), false);
    assert.equal(isAgentLanguage('skill', 'claude-skill'), true);
    assert.equal(isAgentLanguage('plaintext', 'cursor-rule'), true);
    assert.equal(isAgentLanguage('markdown', 'cursor-rule'), true);
    assert.equal(isAgentLanguage('chatagent', 'cursor-rule'), false);
  });
});
