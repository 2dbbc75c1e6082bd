/** Caps how often requests start: at most `maxRps` per second, evenly spaced. */
export interface RateLimiter {
  /** Resolves when the caller may start; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
}

export interface RateLimiterOptions {
  /** Requests per second; `Infinity` for no cap. */
  readonly maxRps: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * A token bucket of capacity one: starts are spaced at least 1/maxRps apart, measured between
 * the moments callers were actually let go (not planned ones: a late timer must not let the
 * next caller through early). Capacity one (no burst) keeps every one-second window at or
 * under `maxRps` starts, which is what an upstream that "degrades above N calls" needs; a larger
 * bucket would allow twice the rate across a window boundary. Callers go in the order they asked.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  if (!(options.maxRps > 0)) throw new RangeError(`maxRps must be > 0, got ${options.maxRps}`);
  const intervalMs = Number.isFinite(options.maxRps) ? 1000 / options.maxRps : 0;
  let lastStart = Number.NEGATIVE_INFINITY;
  let queue: Promise<void> = Promise.resolve();

  const takeTurn = async (): Promise<void> => {
    // Timers may fire a little early: check the clock again, a bounded number of times so
    // that an injected clock that never moves cannot spin forever.
    for (let check = 0; check < 5; check += 1) {
      const wait = lastStart + intervalMs - options.now();
      if (wait <= 0) break;
      await options.sleep(wait);
    }
    lastStart = Math.max(options.now(), lastStart + intervalMs);
  };

  return {
    acquire(signal) {
      signal?.throwIfAborted();
      if (intervalMs === 0) return Promise.resolve();
      // An aborted caller still uses its turn: the queue only moves forward.
      const turn = queue.then(takeTurn);
      queue = turn.catch(() => undefined);
      return abortable(turn, signal);
    },
  };
}

/** Waits for `promise` unless `signal` aborts first (the promise itself is left to settle). */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal === undefined) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
