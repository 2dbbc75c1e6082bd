/** A counting semaphore: at most `limit` holders at a time, served first come, first served. */
export interface ConcurrencyLimiter {
  /** Resolves with a release function; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  readonly inFlight: number;
}

export function createConcurrencyLimiter(limit: number): ConcurrencyLimiter {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`concurrency must be an integer >= 1, got ${limit}`);
  }
  let holders = 0;
  const waiting: Array<() => void> = [];

  const releaser = (): (() => void) => {
    let released = false;
    return () => {
      // Idempotent: a double release would silently raise the limit.
      if (released) return;
      released = true;
      const next = waiting.shift();
      if (next === undefined) holders -= 1;
      else next(); // the slot passes straight to the next waiter
    };
  };

  return {
    get inFlight() {
      return holders;
    },
    acquire(signal) {
      signal?.throwIfAborted();
      if (holders < limit) {
        holders += 1;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        const grant = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve(releaser());
        };
        const onAbort = (): void => {
          const index = waiting.indexOf(grant);
          if (index >= 0) waiting.splice(index, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.push(grant);
      });
    },
  };
}
