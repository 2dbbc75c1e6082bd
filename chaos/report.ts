import { parseArgs } from 'node:util';
import type { CampaignResult, Scale } from './campaign.ts';

export interface RunnerArgs {
  readonly seed: number;
  readonly runs?: number;
  readonly only?: string;
  readonly run?: number;
  readonly scale: Scale;
  readonly keep: boolean;
}

export const USAGE = `Usage: npm run test:chaos -- [--seed N] [--runs N] [--only <campaign>] [--run N] [--short] [--keep]

  --seed N           base seed (default 1): the same seed replays the same faults
  --runs N           runs per campaign (default: each campaign's own)
  --only <campaign>  crash | upstream | bad-input | messy-world | mass-deletion | store | security | daemon | stop | two-daemon
  --run N            replay run N only (with --only): what a failure line names
  --short            the small version that runs inside npm test
  --keep             keep each run's temporary directory (debugging)`;

/** Reads the runner's command line; throws with a one-line message on a bad one. */
export function parseRunnerArgs(argv: readonly string[], names: readonly string[]): RunnerArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seed: { type: 'string' },
      runs: { type: 'string' },
      only: { type: 'string' },
      run: { type: 'string' },
      short: { type: 'boolean' },
      keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new Error(USAGE);
  const int = (name: string, text: string | undefined, min: number): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} takes a whole number >= ${min}, got "${text}"`);
    return n;
  };
  if (values.only !== undefined && !names.includes(values.only))
    throw new Error(`--only takes one of ${names.join(', ')}, got "${values.only}"`);
  if (values.run !== undefined && values.only === undefined)
    throw new Error('--run replays one run of one campaign: say which with --only');
  const runs = int('runs', values.runs, 1);
  const run = int('run', values.run, 1);
  return {
    seed: int('seed', values.seed, 0) ?? 1,
    ...(runs !== undefined ? { runs } : {}),
    ...(values.only !== undefined ? { only: values.only } : {}),
    ...(run !== undefined ? { run } : {}),
    scale: values.short ? 'short' : 'full',
    keep: values.keep ?? false,
  };
}

const number = (n: number): string => n.toLocaleString('en');
const duration = (ms: number): string =>
  ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

/** The summary: one Markdown table row per campaign, then every violation, skip and note. */
export function formatReport(results: readonly CampaignResult[], args: Pick<RunnerArgs, 'seed' | 'scale'>): string {
  const rows = results.map((r) => [
    r.campaign,
    number(r.runs),
    number(r.faults),
    number(r.invariants),
    r.failures.length === 0
      ? r.skipped.length === 0
        ? 'all hold'
        : `all hold (${r.skipped.length} skipped)`
      : `${r.failures.length} FAILED`,
    duration(r.durationMs),
  ]);
  const total = results.reduce(
    (t, r) => ({
      runs: t.runs + r.runs,
      faults: t.faults + r.faults,
      invariants: t.invariants + r.invariants,
      failed: t.failed + r.failures.length,
      ms: t.ms + r.durationMs,
    }),
    { runs: 0, faults: 0, invariants: 0, failed: 0, ms: 0 },
  );
  rows.push([
    'total',
    number(total.runs),
    number(total.faults),
    number(total.invariants),
    total.failed === 0 ? 'all hold' : `${total.failed} FAILED`,
    duration(total.ms),
  ]);
  const header = ['campaign', 'runs', 'faults injected', 'invariants checked', 'result', 'time'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const out = [
    `sgp-ozmap chaos campaigns: seed ${args.seed}, ${args.scale} scale`,
    '',
    line(header),
    `|${widths.map((w, i) => (i === 0 || i === 4 ? `-${'-'.repeat(w)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`,
    ...rows.map(line),
  ];
  for (const r of results) {
    for (const failure of r.failures) out.push(`FAILED ${r.campaign}: ${failure}`);
    for (const skipped of r.skipped) out.push(`skipped ${r.campaign}: ${skipped}`);
  }
  const notes = results.flatMap((r) => r.notes.map((n) => `  ${r.campaign}: ${n}`));
  if (notes.length > 0) out.push('', 'Notes:', ...notes);
  return out.join('\n');
}
