// Helpers of the preview's refresh: a debounce, and a gate that lets only the
// answer to the latest request through. No `vscode` import: unit tested.

/** Hands out increasing tickets; only the latest is current. */
export class LatestGate {
  private last = 0;

  /** A ticket for a request about to be sent. */
  next(): number {
    this.last += 1;
    return this.last;
  }

  /** Whether the answer to `ticket` may be shown (no newer request was made). */
  isCurrent(ticket: number): boolean {
    return ticket === this.last;
  }

  /** Makes every outstanding ticket stale (the preview moved to another file). */
  invalidate(): void {
    this.last += 1;
  }
}

/** Timer functions, injectable for tests. */
export interface Timers {
  set: (fn: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

/** `setTimeout` and `clearTimeout`. */
export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Calls `fn` once `ms` after the last `trigger()`; `cancel()` drops a pending call. */
export class Debouncer {
  private handle: unknown;
  private pending = false;

  constructor(
    private readonly fn: () => void,
    private readonly ms: number,
    private readonly timers: Timers = realTimers,
  ) {}

  trigger(): void {
    this.cancel();
    this.pending = true;
    this.handle = this.timers.set(() => {
      this.pending = false;
      this.fn();
    }, this.ms);
  }

  cancel(): void {
    if (this.pending) {
      this.timers.clear(this.handle);
      this.pending = false;
    }
  }
}
