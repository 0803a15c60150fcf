import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { type LensCommand, retargetLens, retargetLenses, SERVER_PREVIEW_COMMAND, SHOW_PREVIEW_COMMAND } from '../src/lens';

describe('lens: the server preview lens opens the panel', () => {
  it('points agentls.previewExamples at agentls.showPreview, same title and URI argument', () => {
    const lens: { range: string; command: LensCommand } = {
      range: 'description',
      command: { title: 'Preview 2 examples', command: SERVER_PREVIEW_COMMAND, arguments: ['file:///p/.claude/agents/a.md'] },
    };
    const out = retargetLens(lens);
    assert.equal(out, lens);
    assert.equal(out.command.command, SHOW_PREVIEW_COMMAND);
    assert.equal(out.command.title, 'Preview 2 examples');
    assert.deepEqual(out.command.arguments, ['file:///p/.claude/agents/a.md']);
    assert.ok(out.command.tooltip);
  });
  it('leaves other lenses, and lenses without a command, alone', () => {
    const other = { command: { title: 'Run', command: 'other.command', arguments: [1] } };
    assert.deepEqual(retargetLens(structuredClone(other)), other);
    const bare: { command?: { title: string; command: string } } = {};
    assert.deepEqual(retargetLens(bare), {});
  });
  it('passes null and undefined results through', () => {
    assert.equal(retargetLenses(null), null);
    assert.equal(retargetLenses(undefined), undefined);
    const many = retargetLenses([
      { command: { title: 'a', command: SERVER_PREVIEW_COMMAND } },
      { command: { title: 'b', command: 'x' } },
    ]);
    assert.deepEqual(
      many?.map((l) => l.command.command),
      [SHOW_PREVIEW_COMMAND, 'x'],
    );
  });
});
