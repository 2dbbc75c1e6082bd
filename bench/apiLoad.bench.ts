/**
 * API under load (issue #17): `sgp-ozmap run` on 10,000 contracts, its API read by 50 concurrent
 * clients (autocannon, loopback only) while a sync cycle runs, and the same cycle without them.
 *
 *   npm run bench:api                          # 10,000 contracts, 2 cycles with and 2 without
 *   npm run bench:api -- --contracts 300 --rounds 1 --max-seconds 20    # the short version
 *
 * Steps: the simulators in their own process, on the benchmark's fixtures; the daemon (its own
 * process, SQLite store, long intervals so that only the benchmark starts cycles) runs its first
 * sync and cancellation; then, alternately, a sync cycle alone and a sync cycle under load
 * (POST /api/cycles, its duration read back from /api/cycles). The load is four autocannon
 * instances, one per route, 50 connections in all, started before the cycle and stopped when it
 * ends; each is bounded in requests and time. Goals: 0 errors and 0 non-2xx, p99 <= 250 ms per
 * route, cycle under load <= 1.3x the cycle alone (means of the rounds).
 *
 * Options: --contracts N  --rounds N  --seed S  --max-seconds N (per load, a bound)  --json PATH
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DEFAULT_SETTINGS, engineEnv } from './lib/engine.ts';
import { ensureFixtures } from './lib/fixtures.ts';
import { startSims } from './lib/sims.ts';
import { startApiDaemon, type ApiDaemon } from './lib/apiDaemon.ts';

const CONNECTIONS = 50;
const P99_GOAL_MS = 250;
const RATIO_GOAL = 1.3;

interface RouteResult {
  readonly route: string;
  readonly requests: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

function options(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      contracts: { type: 'string' },
      rounds: { type: 'string' },
      seed: { type: 'string' },
      'max-seconds': { type: 'string' },
      json: { type: 'string' },
    },
    strict: true,
  });
  return {
    contracts: Number(values.contracts ?? 10_000),
    rounds: Number(values.rounds ?? 2),
    seed: Number(values.seed ?? 7),
    maxSeconds: Number(values['max-seconds'] ?? 180),
    json: values.json,
  };
}

const log = (line: string): void => console.log(`[bench:api ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** The four routes, 50 connections split between them; a code and a name fragment that exist. */
async function routes(daemon: ApiDaemon): Promise<{ route: string; path: string; connections: number }[]> {
  const page = (await daemon.get('/api/clients?limit=50')) as { items: { code: string; name?: string | null }[] };
  const sample = page.items.find((c) => typeof c.name === 'string' && c.name.length >= 4) ?? page.items[0];
  if (!sample) throw new Error('bench:api: the daemon lists no contract');
  const fragment = encodeURIComponent((sample.name ?? sample.code).split(' ')[0]!.slice(0, 5));
  return [
    { route: 'GET /api/clients?search=', path: `/api/clients?search=${fragment}&limit=50`, connections: 13 },
    { route: 'GET /api/clients/:code/history', path: `/api/clients/${sample.code}/history`, connections: 13 },
    { route: 'GET /api/skipped', path: '/api/skipped', connections: 12 },
    { route: 'GET /api/cycles', path: '/api/cycles?limit=20', connections: 12 },
  ];
}

/** Starts the four autocannon instances; `stop` ends them and returns each route's figures. */
function startLoad(url: string, targets: { route: string; path: string; connections: number }[], maxSeconds: number) {
  const runs = targets.map((t) => {
    let instance: autocannon.Instance | undefined;
    const done = new Promise<autocannon.Result>((resolve, reject) => {
      // Bounded in time and in requests, on loopback only (the daemon's HTTP_HOST default).
      instance = autocannon(
        { url: `${url}${t.path}`, connections: t.connections, duration: maxSeconds, amount: 2_000_000 },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
    });
    return { target: t, instance: instance!, done };
  });
  return {
    async stop(): Promise<RouteResult[]> {
      for (const r of runs) r.instance.stop();
      const results = await Promise.all(runs.map((r) => r.done));
      return results.map((result, i) => ({
        route: runs[i]!.target.route,
        requests: result.requests.total,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        p50: result.latency.p50,
        p99: result.latency.p99,
        max: result.latency.max,
      }));
    },
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const opts = options(argv);
  const started = Date.now();
  const load = {
    before: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    cpus: cpus().length,
  };
  log(`contracts ${opts.contracts}, rounds ${opts.rounds}, load average ${load.before} on ${load.cpus} cores`);
  const fixtures = await ensureFixtures(opts.contracts, opts.seed);
  const sims = await startSims(fixtures.sgp, fixtures.ozmapNetwork);
  const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-bench-api-'));
  let daemon: ApiDaemon | undefined;
  try {
    daemon = await startApiDaemon(engineEnv(sims, join(dir, 'events.db'), DEFAULT_SETTINGS));
    log('first sync and cancellation...');
    await daemon.waitForCycles(2, 1_800_000);
    const targets = await routes(daemon);
    const alone: number[] = [];
    const loaded: number[] = [];
    let perRoute: RouteResult[][] = [];
    for (let round = 1; round <= opts.rounds; round++) {
      const a = await daemon.syncCycle();
      alone.push(a);
      log(`round ${round}: sync alone ${a} ms`);
      const running = startLoad(daemon.url, targets, opts.maxSeconds);
      const b = await daemon.syncCycle();
      const figures = await running.stop();
      loaded.push(b);
      perRoute.push(figures);
      log(`round ${round}: sync under load ${b} ms; ${figures.map((f) => `${f.route} p99 ${f.p99} ms`).join(', ')}`);
    }
    // Per route over the rounds: requests and errors summed, the worst p99 and max.
    const merged = targets.map((t, i) => {
      const rows = perRoute.map((r) => r[i]!);
      return {
        route: t.route,
        requests: rows.reduce((s, r) => s + r.requests, 0),
        errors: rows.reduce((s, r) => s + r.errors, 0),
        non2xx: rows.reduce((s, r) => s + r.non2xx, 0),
        p50: Math.max(...rows.map((r) => r.p50)),
        p99: Math.max(...rows.map((r) => r.p99)),
        max: Math.max(...rows.map((r) => r.max)),
      };
    });
    perRoute = [];
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    const ratio = mean(loaded) / mean(alone);
    const goals = [
      { goal: '0 errors, 0 non-2xx', met: merged.every((r) => r.errors === 0 && r.non2xx === 0) },
      { goal: `p99 <= ${P99_GOAL_MS} ms on every route`, met: merged.every((r) => r.p99 <= P99_GOAL_MS) },
      { goal: `cycle under load <= ${RATIO_GOAL}x alone`, met: ratio <= RATIO_GOAL },
    ];
    const lines = [
      `contracts ${opts.contracts}; ${CONNECTIONS} connections; rounds ${opts.rounds}; load average before ${load.before}, after ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (${load.cpus} cores); ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
      '',
      '| route | connections | requests | errors | non-2xx | p50 ms | p99 ms | max ms |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...merged.map(
        (r, i) =>
          `| ${r.route} | ${targets[i]!.connections} | ${r.requests.toLocaleString('en')} | ${r.errors} | ${r.non2xx} | ${r.p50} | ${r.p99} | ${r.max} |`,
      ),
      '',
      `sync cycle alone: ${alone.map((x) => `${(x / 1000).toFixed(1)} s`).join(', ')}; under load: ${loaded.map((x) => `${(x / 1000).toFixed(1)} s`).join(', ')}; ratio of the means ${ratio.toFixed(2)}`,
      '',
      ...goals.map((g) => `- ${g.met ? 'met' : 'MISSED'}: ${g.goal}`),
    ];
    console.log(lines.join('\n'));
    if (opts.json)
      writeFileSync(
        opts.json,
        JSON.stringify({ options: opts, load, routes: merged, alone, loaded, ratio, goals }, null, 2),
      );
    return goals.every((g) => g.met) ? 0 : 1;
  } finally {
    await daemon?.stop();
    await sims.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main(process.argv.slice(2));
