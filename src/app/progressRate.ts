/** Where a phase of long work stands: its rate since it started and the time it has left. */
export interface ProgressSample {
  readonly what: string;
  readonly done: number;
  readonly total: number;
  /** Units a second since the phase started; null before a second has passed or while nothing is done. */
  readonly perSecond: number | null;
  /** Milliseconds left at that rate; null when the rate or the total is unknown. */
  readonly etaMs: number | null;
}

/**
 * Turns `(what, done, total)` reports into samples with a rate. A phase starts when `what`
 * changes or `done` goes back: each phase has its own clock.
 */
export function createProgressRate(
  now: () => number = Date.now,
): (what: string, done: number, total: number) => ProgressSample {
  let phase: { what: string; startedAt: number; lastDone: number } | null = null;
  return (what, done, total) => {
    const at = now();
    if (!phase || phase.what !== what || done < phase.lastDone) phase = { what, startedAt: at, lastDone: done };
    phase.lastDone = done;
    const seconds = (at - phase.startedAt) / 1000;
    const perSecond = seconds >= 1 && done > 0 ? done / seconds : null;
    const etaMs = perSecond && total >= done ? ((total - done) / perSecond) * 1000 : null;
    return { what, done, total, perSecond, etaMs };
  };
}

/** "12 s", "4 min 05 s", "1 h 02 min". */
export function formatEta(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')} min`;
}

/** "100/s", "2.5/s", "0.3/s". */
export const formatRate = (perSecond: number): string =>
  `${perSecond >= 10 ? Math.round(perSecond) : Math.round(perSecond * 10) / 10}/s`;

export const percentOf = (done: number, total: number): number | null =>
  total > 0 ? Math.floor((Math.min(done, total) / total) * 100) : null;
