/**
 * `bin/sgp-ozmap --help`, the whole process, against a bare `node -e ''` in the same run
 * (issue 18: at most 4x bare node's wall time and 60 MiB of peak RSS). The two alternate, each
 * under `/usr/bin/time -v`, so that the machine's load weighs on both alike; medians are compared.
 *
 *   npm run bench:cli [-- --runs 15]
 *
 * It measures the compiled CLI an install runs: when dist/ is missing or older than the sources
 * it builds first (npm run build), and fails if bin would still run the sources.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
// @ts-expect-error plain JavaScript without types (it runs before any build).
import { chooseEntry } from '../bin/buildStamp.mjs';
import { CLI, ROOT, runNode, type ChildResult } from './lib/processes.ts';

const WALL_RATIO_GOAL = 4;
const RSS_GOAL_MIB = 60;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '11' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number, got "${values.runs}"`);

if ((chooseEntry(ROOT) as { entry: string }).entry !== 'dist') {
  console.error('bench:cli: dist/ is missing or older than the sources; building it (npm run build)');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const after = chooseEntry(ROOT) as { entry: string; reason?: string };
  if (after.entry !== 'dist') throw new Error(`bin/sgp-ozmap would still run the sources: ${after.reason}`);
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const bare: ChildResult[] = [];
const help: ChildResult[] = [];
const env = { PATH: process.env.PATH ?? '' };
for (let i = 0; i < runs; i++) {
  bare.push(await runNode(['-e', ''], env));
  const result = await runNode([CLI, '--help'], env);
  if (result.code !== 0 || !result.stdout.includes('Usage: sgp-ozmap <command>'))
    throw new Error(`bin/sgp-ozmap --help failed (exit ${result.code}): ${result.stderr}`);
  help.push(result);
}

const row = (name: string, results: readonly ChildResult[]) => ({
  name,
  wallMs: Math.round(median(results.map((r) => r.wallMs))),
  cpuSeconds: median(results.map((r) => r.cpuSeconds ?? NaN)),
  peakRssMib: median(results.map((r) => r.peakRssMb ?? NaN)),
  maxPeakRssMib: Math.max(...results.map((r) => r.peakRssMb ?? NaN)),
});
const bareRow = row("node -e ''", bare);
const helpRow = row('bin/sgp-ozmap --help', help);
const ratio = helpRow.wallMs / bareRow.wallMs;
const report = {
  command: `npm run bench:cli -- --runs ${runs}`,
  at: new Date().toISOString(),
  machine: `${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
  runs,
  bare: bareRow,
  help: helpRow,
  wallRatio: Math.round(ratio * 100) / 100,
  goals: {
    [`wall time <= ${WALL_RATIO_GOAL}x bare node`]: ratio <= WALL_RATIO_GOAL,
    [`peak RSS <= ${RSS_GOAL_MIB} MiB (highest run)`]: helpRow.maxPeakRssMib <= RSS_GOAL_MIB,
  },
};

console.log(
  `| process | wall ms (median of ${runs}) | CPU s (median) | peak RSS MiB (median) | peak RSS MiB (highest) |`,
);
console.log('|---|---:|---:|---:|---:|');
for (const r of [bareRow, helpRow])
  console.log(`| \`${r.name}\` | ${r.wallMs} | ${r.cpuSeconds.toFixed(2)} | ${r.peakRssMib} | ${r.maxPeakRssMib} |`);
console.log(`\nwall ratio ${report.wallRatio}x; ${JSON.stringify(report.goals)}`);
console.log(JSON.stringify(report, null, 1));
