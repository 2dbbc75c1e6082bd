import { createProgressRate, formatEta, formatRate, percentOf } from '../progressRate.ts';
import type { CliIo } from './cliCommand.ts';

const BAR_WIDTH = 20;

export type Progress = ((what: string, done: number, total: number) => void) & { done: () => void };

/**
 * Progress of long work (a first sweep, the commands of a cycle, a replay) as a bar on one
 * rewritten terminal line: phase, done/total, percentage, rate and time left. Only when stdout
 * is a terminal; the log gets its own lines (src/app/progressLog.ts).
 */
export function createProgress(
  io: CliIo,
  {
    write = (text: string) => void process.stdout.write(text),
    now = Date.now,
  }: { write?: (text: string) => void; now?: () => number } = {},
): Progress {
  const rate = createProgressRate(now);
  let last = 0;
  let shown = false;
  const report = (what: string, done: number, total: number): void => {
    if (!io.isTty) return;
    const sample = rate(what, done, total);
    const at = now();
    // A finished phase leaves the line clean for what comes next (a summary, the next phase).
    if (done >= total) {
      if (shown) write('\r\u001b[2K');
      shown = false;
      return;
    }
    if (at - last < 100) return;
    last = at;
    shown = true;
    const percent = percentOf(done, total);
    const filled = percent === null ? 0 : Math.round((percent / 100) * BAR_WIDTH);
    const bar = percent === null ? '' : ` [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
    const rateText = sample.perSecond === null ? '' : `  ${formatRate(sample.perSecond)}`;
    const eta = sample.etaMs === null ? '' : `  ETA ${formatEta(sample.etaMs)}`;
    write(`\r\u001b[2K${what}${bar} ${done}/${total}${percent === null ? '' : ` ${percent}%`}${rateText}${eta}`);
  };
  return Object.assign(report, {
    done: () => {
      if (shown) write('\r\u001b[2K');
      shown = false;
    },
  });
}
