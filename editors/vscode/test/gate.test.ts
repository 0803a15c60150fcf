import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Debouncer, LatestGate, type Timers } from '../src/gate';

describe('gate: only the latest answer is shown', () => {
  it('an answer to an older request is dropped', () => {
    const gate = new LatestGate();
    const first = gate.next();
    const second = gate.next();
    assert.equal(gate.isCurrent(first), false);
    assert.equal(gate.isCurrent(second), true);
  });
  it('answers arriving out of order: the late old one is dropped, the new one shown', async () => {
    const gate = new LatestGate();
    const shown: string[] = [];
    const request = async (text: string, delay: number) => {
      const ticket = gate.next();
      await new Promise((r) => setTimeout(r, delay));
      if (gate.isCurrent(ticket)) {
        shown.push(text);
      }
    };
    await Promise.all([request('old', 30), request('new', 5)]);
    assert.deepEqual(shown, ['new']);
  });
  it('invalidate drops every outstanding answer', () => {
    const gate = new LatestGate();
    const t = gate.next();
    gate.invalidate();
    assert.equal(gate.isCurrent(t), false);
  });
});

/** Manual timers: `tick(ms)` runs what is due. */
function fakeTimers(): Timers & { tick(ms: number): void } {
  let now = 0;
  let id = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    set: (fn, ms) => {
      id += 1;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clear: (handle) => {
      pending.delete(handle as number);
    },
    tick(ms) {
      now += ms;
      for (const [key, t] of [...pending]) {
        if (t.at <= now) {
          pending.delete(key);
          t.fn();
        }
      }
    },
  };
}

describe('gate: debounce', () => {
  it('runs once, 150 ms after the last keystroke', () => {
    const timers = fakeTimers();
    let runs = 0;
    const d = new Debouncer(() => (runs += 1), 150, timers);
    d.trigger();
    timers.tick(100);
    d.trigger();
    timers.tick(100);
    d.trigger();
    timers.tick(149);
    assert.equal(runs, 0);
    timers.tick(1);
    assert.equal(runs, 1);
    timers.tick(1000);
    assert.equal(runs, 1);
  });
  it('cancel drops the pending run', () => {
    const timers = fakeTimers();
    let runs = 0;
    const d = new Debouncer(() => (runs += 1), 150, timers);
    d.trigger();
    d.cancel();
    timers.tick(500);
    assert.equal(runs, 0);
  });
});
