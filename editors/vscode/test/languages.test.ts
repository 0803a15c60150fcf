import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AGENT_LANGUAGE_IDS, AGENT_LANGUAGES, isAgentLanguage } from '../src/languages';

describe('languages: the ids VS Code gives agent files', () => {
  it("are Markdown and VS Code's prompt languages (1.139's prompt-basics), each once", () => {
    assert.deepEqual(AGENT_LANGUAGE_IDS, ['markdown', 'chatagent', 'prompt', 'skill', 'instructions']);
    assert.equal(new Set(AGENT_LANGUAGE_IDS).size, AGENT_LANGUAGE_IDS.length);
    for (const l of AGENT_LANGUAGES) {
      assert.ok(l.files.length > 0, l.id);
    }
  });
  it('isAgentLanguage takes exactly those', () => {
    for (const id of AGENT_LANGUAGE_IDS) {
      assert.equal(isAgentLanguage(id), true, id);
    }
    for (const id of ['plaintext', 'yaml', 'Markdown', 'mdx', 'chatmode-x', '']) {
      assert.equal(isAgentLanguage(id), false, id);
    }
  });
});
