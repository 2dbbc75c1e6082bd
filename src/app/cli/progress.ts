import type { CliIo } from './command.ts';

/**
 * Progress of long work (a first sweep, a replay) on one rewritten terminal line. Only when
 * stdout is a terminal: in logs and pipes it stays quiet.
 */
export function createProgress(io: CliIo): ((what: string, done: number, total: number) => void) & { done: () => void } {
  let last = 0;
  let shown = false;
  const report = (what: string, done: number, total: number): void => {
    if (!io.isTty) return;
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    shown = true;
    const percent = total > 0 ? ` ${Math.floor((done / total) * 100)}%` : '';
    process.stdout.write(`\r\u001b[2K${what}: ${done}/${total}${percent}`);
  };
  return Object.assign(report, {
    done: () => {
      if (shown) process.stdout.write('\r\u001b[2K');
      shown = false;
    },
  });
}
