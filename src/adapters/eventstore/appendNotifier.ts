/**
 * Wakes catch-up subscriptions when something is appended. A counter, not a bare event, so that
 * an append landing between a subscription's read and its wait is never missed.
 */
export interface AppendNotifier {
  readonly version: () => number;
  readonly notify: () => void;
  /** Resolves once the version differs from `seen`, after `pollMs` at the latest, or on abort. */
  readonly waitForChange: (seen: number, signal: AbortSignal, pollMs?: number) => Promise<void>;
}

export function createAppendNotifier(): AppendNotifier {
  let version = 0;
  let waiters: Array<() => void> = [];
  return {
    version: () => version,
    notify: () => {
      version += 1;
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
    },
    waitForChange: (seen, signal, pollMs) =>
      new Promise<void>((resolve) => {
        if (version !== seen || signal.aborted) return resolve();
        let timer: NodeJS.Timeout | undefined;
        const done = (): void => {
          if (timer) clearTimeout(timer);
          signal.removeEventListener('abort', done);
          waiters = waiters.filter((w) => w !== done);
          resolve();
        };
        waiters.push(done);
        signal.addEventListener('abort', done, { once: true });
        if (pollMs !== undefined) timer = setTimeout(done, pollMs);
      }),
  };
}
