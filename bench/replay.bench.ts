/**
 * Replay on SQLite, in events per second (issue 18: at least 100,000). The log is a real one: a
 * first sync and a steady cycle of `--contracts` generated contracts against the simulators, as
 * the cycles benchmark builds it (`sgp-ozmap sync --once` in its own process), kept under the
 * system's temporary directory for the next run. Each replay then runs in this process, as
 * `sgp-ozmap replay` does (openLocalState + replay), and must rebuild identical read models.
 *
 *   npm run bench:replay [-- --contracts 10000 --runs 3]
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openLocalState } from '../src/app/openLocalState.ts';
import { DEFAULT_SETTINGS, engineEnv, runSyncOnce } from './lib/engine.ts';
import { ensureFixtures } from './lib/fixtures.ts';
import { startSims } from './lib/sims.ts';

const GOAL = 100_000;
const { values } = parseArgs({
  options: { contracts: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' } },
});
const contracts = Number(values.contracts);
const runs = Number(values.runs);

const dir = join(tmpdir(), 'sgp-ozmap-bench', `replay-v1-${contracts}`);
const eventsDb = join(dir, 'events.db');
if (!existsSync(join(dir, 'done'))) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const fixtures = await ensureFixtures(contracts, 7);
  const sims = await startSims(fixtures.sgp, fixtures.ozmapNetwork);
  try {
    const env = engineEnv(sims, eventsDb, DEFAULT_SETTINGS);
    for (const cycle of ['first sync', 'steady cycle']) {
      const run = await runSyncOnce(env);
      console.error(`log: ${cycle}, ${Math.round(run.child.wallMs)} ms, outcome ${run.report.outcome}`);
    }
  } finally {
    await sims.stop();
  }
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'done'), '');
}

const results: { events: number; ms: number; cpuMs: number; eventsPerSecond: number; identical: boolean }[] = [];
for (let i = 0; i < runs; i++) {
  const state = await openLocalState({ kind: 'sqlite', path: eventsDb }, join(dir, 'readmodels.db'));
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await state.replay();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const events = result.applied + result.undecodable;
    results.push({
      events,
      ms: Math.round(ms),
      cpuMs: Math.round((used.user + used.system) / 1000),
      eventsPerSecond: Math.round(events / (ms / 1000)),
      identical: result.identical,
    });
    console.error(`replay ${i + 1}: ${JSON.stringify(results.at(-1))}`);
  } finally {
    await state.close();
  }
}
const sorted = [...results].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond);
const median = sorted[Math.floor(sorted.length / 2)]!;
console.log(
  JSON.stringify(
    {
      command: `npm run bench:replay -- --contracts ${contracts} --runs ${runs}`,
      at: new Date().toISOString(),
      machine: `${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
      contracts,
      runs: results,
      medianEventsPerSecond: median.eventsPerSecond,
      eventsPerCpuSecond: Math.round(median.events / (median.cpuMs / 1000)),
      goal: `>= ${GOAL} events/s`,
      met: median.eventsPerSecond >= GOAL,
      identical: results.every((r) => r.identical),
    },
    null,
    1,
  ),
);
