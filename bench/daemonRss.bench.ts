/**
 * Daemon RSS benchmark (issue 18): `sgp-ozmap run` against the simulators for many sync cycles on
 * a short interval, its resident set read after each cycle. A daemon that keeps something per
 * cycle (a cache, a listener, a timer) shows it here as RSS that keeps growing; the goal is RSS
 * flat within 10% after the tenth cycle (the first cycles include the first sync and V8 settling).
 *
 *   npm run bench:daemon                                  # 10,000 contracts, 200 cycles
 *   npm run bench:daemon -- --contracts 1000 --cycles 30  # a shorter run
 *
 * Options: --contracts N  --cycles N  --interval DURATION (SYNC_INTERVAL, default 1s)  --seed S
 * --json PATH. Prints one line per cycle and, last, the JSON (`rssMb` after each cycle).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS, engineEnv } from './lib/engine.ts';
import { ensureFixtures } from './lib/fixtures.ts';
import { CLI, ROOT } from './lib/processes.ts';
import { startSims } from './lib/sims.ts';

const { values } = parseArgs({
  options: {
    contracts: { type: 'string' },
    cycles: { type: 'string' },
    interval: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'string' },
  },
  strict: true,
});
const contracts = Number(values.contracts ?? 10_000);
const cycles = Number(values.cycles ?? 200);
const interval = values.interval ?? '1s';
const seed = Number(values.seed ?? 7);
if (!Number.isInteger(contracts) || contracts <= 0 || !Number.isInteger(cycles) || cycles <= 0)
  throw new Error('--contracts and --cycles want positive whole numbers');

const log = (line: string): void => console.log(`[daemon ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** The process's resident set now (VmRSS) and at its highest (VmHWM), in MiB. */
function rssOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: Math.round((kb('VmRSS') / 1024) * 10) / 10, hwm: Math.round((kb('VmHWM') / 1024) * 10) / 10 };
}

/** Sync cycles finished so far, from the log itself (the daemon writes; this only reads). */
function syncCyclesFinished(db: Database.Database | null): number {
  if (!db) return 0;
  return (
    db
      .prepare(
        "SELECT count(*) AS n FROM events WHERE stream_id = 'cycles' AND type = 'CycleFinished' AND json_extract(data, '$.kind') = 'sync'",
      )
      .get() as { n: number }
  ).n;
}

const fixtures = await ensureFixtures(contracts, seed);
const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-daemon-'));
const eventsDb = join(dir, 'events.db');
const sims = await startSims(fixtures.sgp, fixtures.ozmapNetwork);
const started = Date.now();
const rssMb: number[] = [];
const cycleMs: number[] = [];
let peakMb = 0;
try {
  const env = {
    ...engineEnv(sims, eventsDb, DEFAULT_SETTINGS),
    SYNC_INTERVAL: interval,
    CANCEL_INTERVAL: '24h',
    HTTP_PORT: '0',
  };
  const child = spawn(process.execPath, [CLI, 'run'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let db: Database.Database | null = null;
  let seen = 0;
  let last = Date.now();
  while (seen < cycles) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (child.exitCode !== null) throw new Error(`run exited (${child.exitCode}): ${stderr}`);
    if (!db && existsSync(eventsDb)) db = new Database(eventsDb, { readonly: true, fileMustExist: true });
    let finished: number;
    try {
      finished = syncCyclesFinished(db);
    } catch {
      continue; // the schema is being created
    }
    if (finished > seen) {
      seen = finished;
      const { rss, hwm } = rssOf(child.pid!);
      rssMb.push(rss);
      cycleMs.push(Date.now() - last);
      last = Date.now();
      peakMb = Math.max(peakMb, hwm);
      if (seen <= 12 || seen % 10 === 0) log(`cycle ${seen}: RSS ${rss} MiB (highest so far ${hwm} MiB)`);
    }
  }
  db?.close();
  child.kill('SIGTERM');
  await exited;
} finally {
  await sims.stop();
  rmSync(dir, { recursive: true, force: true });
}

const after = rssMb.slice(10);
const base = rssMb[9];
const spread =
  base === undefined || after.length === 0 ? null : Math.max(...after.map((v) => Math.abs(v - base) / base));
const result = {
  command: `npm run bench:daemon -- ${process.argv.slice(2).join(' ')}`.trim(),
  contracts,
  cycles,
  interval,
  totalSeconds: Math.round((Date.now() - started) / 1000),
  rssMb,
  cycleMs,
  peakRssMb: peakMb,
  rssAfterTenth: base ?? null,
  largestDeviationAfterTenth: spread,
  flatWithin10Percent: spread === null ? null : spread <= 0.1,
};
log(
  spread === null
    ? 'fewer than 11 cycles: no flatness figure'
    : `RSS after cycle 10: ${base} MiB; cycles 11-${cycles}: ${Math.min(...after)}-${Math.max(...after)} MiB, ${(spread * 100).toFixed(1)}% at most (goal 10%)`,
);
if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 1));
console.log(JSON.stringify(result));
