import type { Logger } from './logger.ts';
import { createProgressRate, formatEta, formatRate, percentOf } from './progressRate.ts';

/** How often long work writes a progress line to the log. */
export const PROGRESS_LOG_EVERY_MS = 10_000;

/**
 * Progress of long work (a sweep, the OZmap read, the commands of a cycle) as log lines, one
 * every `everyMs` at most, whatever the output is (a terminal, a file, journald): a cycle
 * shorter than that writes none, a first sync of thousands of contracts says where it is.
 */
export function createProgressLog(
  logger: Pick<Logger, 'info'>,
  {
    everyMs = PROGRESS_LOG_EVERY_MS,
    now = Date.now,
    beforeLine = () => {},
  }: { everyMs?: number; now?: () => number; beforeLine?: () => void } = {},
): (what: string, done: number, total: number) => void {
  const rate = createProgressRate(now);
  let lastLine: number | null = null;
  let lastWhat: string | null = null;
  return (what, done, total) => {
    const sample = rate(what, done, total);
    const at = now();
    lastLine ??= at;
    // A phase's "0 done" at its start says nothing yet: wait for work done.
    const starting = what !== lastWhat && done === 0;
    lastWhat = what;
    if (at - lastLine < everyMs || starting) return;
    lastLine = at;
    const percent = percentOf(done, total);
    const parts = [
      `${what} ${done}/${total}${percent === null ? '' : ` (${percent}%)`}`,
      ...(sample.perSecond === null ? [] : [formatRate(sample.perSecond)]),
      ...(sample.etaMs === null ? [] : [`about ${formatEta(sample.etaMs)} left`]),
    ];
    beforeLine();
    logger.info(
      {
        phase: what,
        done,
        total,
        perSecond: sample.perSecond === null ? null : Math.round(sample.perSecond * 10) / 10,
        etaSeconds: sample.etaMs === null ? null : Math.round(sample.etaMs / 1000),
      },
      `progress: ${parts.join(', ')}`,
    );
  };
}
