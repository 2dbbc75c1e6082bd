import type { CycleReport } from '../reconciler/runCycle.ts';
import type { CycleKind } from '../domain/cycles.ts';

export interface SchedulerOptions {
  readonly syncIntervalMs: number;
  readonly cancelIntervalMs: number;
  /** Runs one cycle; resolves with its report, or null when the lease was refused. */
  readonly run: (kind: CycleKind, trigger: string) => Promise<CycleReport | null>;
  readonly onError: (error: unknown) => void;
  readonly setTimer?: (fn: () => void, ms: number) => NodeJS.Timeout;
  readonly clearTimer?: (timer: NodeJS.Timeout) => void;
  /** The clock the next runs are told by (the service's injected one). */
  readonly now?: () => Date;
}

export interface Scheduler {
  start(): void;
  /** Queues a cycle now (API, CLI); resolves when it ran. Cycles never overlap. */
  trigger(kind: CycleKind, trigger: string): Promise<CycleReport | null>;
  /** Runs `work` between cycles, never beside one (a confirmed cancellation, a replay). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** The cycle running now, if any. */
  running(): CycleKind | null;
  /** When each kind runs next (ISO), for the dashboard. */
  nextRuns(): Readonly<Record<CycleKind, string | null>>;
  /** Stops the timers and waits for the running cycle to end. */
  stop(): Promise<void>;
}

/**
 * Runs the sync cycle every SYNC_INTERVAL and the cancel cycle every CANCEL_INTERVAL, one at a
 * time: a cycle that comes due while another runs waits for it, and a kind already waiting is
 * not queued twice. The first sync runs at start; the first cancellation after it, so that it
 * works on a fresh sweep.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((t) => clearTimeout(t));
  const now = options.now ?? (() => new Date());
  const timers = new Map<CycleKind, NodeJS.Timeout>();
  const next: Record<CycleKind, string | null> = { sync: null, cancel: null };
  const waiting = new Map<CycleKind, Promise<CycleReport | null>>();
  let chain: Promise<unknown> = Promise.resolve();
  let current: CycleKind | null = null;
  let stopped = false;

  function enqueue(kind: CycleKind, trigger: string): Promise<CycleReport | null> {
    const queued = waiting.get(kind);
    if (queued) return queued;
    const job = chain.then(async () => {
      waiting.delete(kind);
      if (stopped) return null;
      current = kind;
      try {
        return await options.run(kind, trigger);
      } catch (error) {
        options.onError(error);
        return null;
      } finally {
        current = null;
      }
    });
    waiting.set(kind, job);
    chain = job;
    return job;
  }

  function schedule(kind: CycleKind, delayMs: number): void {
    if (stopped) return;
    next[kind] = new Date(now().getTime() + delayMs).toISOString();
    timers.set(
      kind,
      setTimer(() => {
        void enqueue(kind, 'schedule').finally(() =>
          schedule(kind, kind === 'sync' ? options.syncIntervalMs : options.cancelIntervalMs),
        );
      }, delayMs),
    );
  }

  return {
    start() {
      schedule('sync', 0);
      schedule('cancel', Math.min(options.cancelIntervalMs, 1_000));
    },
    trigger: enqueue,
    exclusive<T>(work: () => Promise<T>): Promise<T> {
      const job = chain.then(work);
      chain = job.catch(() => undefined);
      return job;
    },
    running: () => current,
    nextRuns: () => ({ ...next }),
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimer(timer);
      await chain.catch(() => undefined);
    },
  };
}
