import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '../sim/shared/random.ts';
import { openEventStore } from '../src/adapters/eventstore/openEventStore.ts';
import { acquireLease } from '../src/reconciler/lease.ts';
import {
  createTally,
  listProblems,
  runNumbers,
  runSeed,
  type Campaign,
  type CampaignOptions,
  type CampaignResult,
  type Tally,
} from './campaign.ts';
import { bothCyclesDone } from './daemonCrashCampaign.ts';
import { DAEMON_ENV, startDaemon, startOzmapProxy, waitFor, type Daemon, type ProxiedWrite } from './support/daemon.ts';
import { readEventLog } from './support/eventLog.ts';
import { settleAndCheck } from './support/settleAndCheck.ts';
import { startSimWorld } from './support/simWorld.ts';
import { auditWrites } from './support/writeAudit.ts';
import { buildWorld } from './support/worlds.ts';

/**
 * Two daemons on one store: `bin/sgp-ozmap run` twice on the same SQLite file, each with its own
 * HTTP_PORT and its own loopback proxy to OZmap (so each write is known by its sender). Only the
 * lease holder may write; the other serves the API and says who holds the lease. Then either the
 * holder is SIGKILLed at a seeded moment and the standby must take over within a bound, or the
 * lease starts out held by an instance on another host (faked in the log), which no dead-PID check
 * can clear: nobody may write before it expires, and one daemon must take over after.
 */

const LEASE_TTL_MS = Number.parseInt(DAEMON_ENV.LEASE_TTL, 10) * 1000;
/** Same host: the standby polls every third of the lease and sees the holder's PID gone. */
const TAKEOVER_BOUND_MS = LEASE_TTL_MS / 3 + 2_000;
/** Another host: the lease must expire first, then the next poll takes it. */
const EXPIRY_TAKEOVER_BOUND_MS = LEASE_TTL_MS / 3 + 2_000;

const FAKE_HOLDER = 'elsewhere.example:4242:faked';
/** Held this long while the daemons start (however slow), then renewed one last time, for LEASE_TTL. */
const FAKE_LEASE_MS = 600_000;

interface Lease {
  readonly owner: string;
  readonly at: number;
  readonly until: number;
}

/** The writes sent by a daemon that did not hold the lease at that moment (by the log's lease events). */
export function unfencedWrites(
  writes: readonly ProxiedWrite[],
  owners: ReadonlyMap<string, string>,
  leases: readonly Lease[],
): string[] {
  return writes.flatMap((w) => {
    const current = leases.filter((l) => l.at <= w.at).at(-1);
    const owner = owners.get(w.daemon);
    return current && current.owner === owner && current.until > w.at
      ? []
      : [
          `${w.daemon} sent ${w.method} ${w.path} at ${new Date(w.at).toISOString()} while the lease was ${current ? `${current.owner}'s until ${new Date(current.until).toISOString()}` : "nobody's"}`,
        ];
  });
}

const leasesOf = (dbPath: string): Lease[] =>
  readEventLog(dbPath)
    .filter((e) => e.type === 'LeaseAcquired')
    .map((e) => ({
      owner: String(e.data['owner']),
      at: Date.parse(String(e.data['at'])),
      until: Date.parse(String(e.data['until'])),
    }));

async function leaseOf(daemon: Daemon): Promise<{ role: string; holder: string | null; checkedAt: string | null }> {
  return (await daemon.get('/api/lease')).body as { role: string; holder: string | null; checkedAt: string | null };
}

type Scenario = 'kill-holder' | 'other-host';

async function twoRun(
  tally: Tally,
  options: CampaignOptions,
  settings: { contracts: number; checkPort: boolean },
  run: number,
  scenario: Scenario,
): Promise<void> {
  const seed = runSeed(options.seed, run);
  const random = createRandom(seed);
  const world = buildWorld({ contracts: settings.contracts, seed: (options.seed + run) >>> 0 });
  const killAtWrite = random.int(1, 6);
  tally.context(
    `two-daemon run ${run} (seed ${seed}; ${scenario === 'kill-holder' ? `holder SIGKILLed at its OZmap write #${killAtWrite}` : 'lease held by another host at start'})`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-chaos-two-'));
  const dbPath = join(dir, 'events.db');
  const sims = await startSimWorld({ sgpFixture: world.sgp, ozmapFixture: world.ozmap, trackWrites: true });
  const env = sims.serviceEnv({ EVENTSTORE_URL: `sqlite:${dbPath}` });
  const writes: ProxiedWrite[] = [];
  const proxies = await Promise.all(['a', 'b', 'c', 'd'].map((name) => startOzmapProxy(sims.ozmapUrl, name, writes)));
  const envOf = (i: number): Record<string, string> => ({ ...env, OZMAP_URL: proxies[i]!.url });
  const audit = auditWrites(sims, dbPath);
  const owners = new Map<string, string>();
  const daemons: Daemon[] = [];
  try {
    let fakeUntil = 0;
    if (scenario === 'other-host') {
      const store = await openEventStore({ kind: 'sqlite', path: dbPath });
      // Long enough to outlast both daemons' start-up: they must find it held, and wait.
      const taken = await acquireLease(store, FAKE_HOLDER, new Date(), FAKE_LEASE_MS);
      fakeUntil = Date.parse(taken.until);
      await store.close();
    }
    const [a, b] = [startDaemon(envOf(0)), startDaemon(envOf(1))];
    daemons.push(a, b);
    owners.set('a', (await a.ready).owner);
    owners.set('b', (await b.ready).owner);
    if (settings.checkPort) {
      const port = new URL((await a.ready).url).port;
      const third = await startDaemon({ ...envOf(3), HTTP_PORT: port }).process.exit;
      const lines = third.stderr.trim().split('\n');
      tally.check(
        'a second daemon on a taken HTTP_PORT exits 1 with one clear line',
        third.code === 1 && lines.length === 1 && /already in use.*HTTP_PORT/.test(lines[0] ?? ''),
        () => `exit ${third.code}: ${third.stderr}`,
      );
    }
    if (scenario === 'other-host') {
      await waitFor(
        async () => (await Promise.all([leaseOf(a), leaseOf(b)])).every((v) => v.checkedAt !== null),
        10_000,
      );
      const views = await Promise.all([leaseOf(a), leaseOf(b)]);
      tally.check(
        'while another host holds the lease, both daemons are standby and name it',
        views.every((v) => v.role === 'standby' && v.holder === FAKE_HOLDER),
        () => JSON.stringify(views),
      );
      // Its last renewal: then the other host goes silent, and the lease runs out LEASE_TTL later.
      const store = await openEventStore({ kind: 'sqlite', path: dbPath });
      fakeUntil = Date.parse((await acquireLease(store, FAKE_HOLDER, new Date(), LEASE_TTL_MS)).until);
      await store.close();
      const took = await waitFor(
        async () => (await Promise.all([leaseOf(a), leaseOf(b)])).some((v) => v.role === 'holder'),
        fakeUntil - Date.now() + EXPIRY_TAKEOVER_BOUND_MS,
      );
      tally.fault();
      tally.check(
        `one daemon takes over within ${EXPIRY_TAKEOVER_BOUND_MS} ms of the expiry`,
        took,
        () => `no holder ${Date.now() - fakeUntil} ms after the expiry`,
      );
      const early = writes.filter((w) => w.at < fakeUntil);
      tally.check("no OZmap write before the other host's lease expired", early.length === 0, () =>
        listProblems(early, (w) => `${w.daemon} ${w.method} ${w.path}`),
      );
      const next = leasesOf(dbPath).find((l) => l.owner !== FAKE_HOLDER);
      const latency = next ? next.at - fakeUntil : Number.NaN;
      tally.check(
        `the takeover comes after the expiry, within ${EXPIRY_TAKEOVER_BOUND_MS} ms of it (by the log)`,
        next !== undefined && latency >= 0 && latency <= EXPIRY_TAKEOVER_BOUND_MS,
        () => `taken at ${latency} ms`,
      );
      tally.note(
        `run ${run}: taken over ${latency} ms after the other host's lease expired (bound ${EXPIRY_TAKEOVER_BOUND_MS} ms)`,
      );
    }
    // One holder, one standby that names it.
    await waitFor(
      async () => (await Promise.all([leaseOf(a), leaseOf(b)])).filter((v) => v.role === 'holder').length === 1,
      10_000,
    );
    const views = await Promise.all([leaseOf(a), leaseOf(b)]);
    const holderIndex = views.findIndex((v) => v.role === 'holder');
    const holder = daemons[holderIndex];
    const standby = daemons[1 - holderIndex];
    const holderName = holderIndex === 0 ? 'a' : 'b';
    tally.check(
      'exactly one daemon holds the lease; the other is standby and names it',
      holderIndex >= 0 &&
        views[1 - holderIndex]?.role === 'standby' &&
        views[1 - holderIndex]?.holder === owners.get(holderName),
      () => JSON.stringify(views),
    );
    if (scenario === 'kill-holder' && holder && standby) {
      // SIGKILL at the holder's k-th write (at once when it is past it: its first sync still runs),
      // or after 4 s, between cycles, when no work is left.
      const killed = await waitFor(
        () => writes.filter((w) => w.daemon === holderName).length >= killAtWrite,
        4_000,
        10,
      );
      holder.process.kill();
      const killedAt = Date.now();
      await holder.process.exit;
      tally.fault();
      const took = await waitFor(async () => (await leaseOf(standby)).role === 'holder', TAKEOVER_BOUND_MS, 50);
      const tookMs = Date.now() - killedAt;
      tally.check(
        `the standby takes over within ${TAKEOVER_BOUND_MS} ms of the holder's SIGKILL`,
        took,
        () => `still standby after ${tookMs} ms`,
      );
      tally.note(
        `run ${run}: holder killed ${killed ? `at its write #${killAtWrite}` : 'between cycles'}, standby took over in ${tookMs} ms (bound ${TAKEOVER_BOUND_MS} ms)`,
      );
      // The killed one comes back (through a proxy of its own): now the standby.
      const back = startDaemon(envOf(2));
      daemons[holderIndex] = back;
      owners.set('c', (await back.ready).owner);
      await waitFor(async () => (await leaseOf(back)).checkedAt !== null, 5_000);
      const view = await leaseOf(back);
      tally.check(
        'the restarted daemon is standby and names the new holder',
        view.role === 'standby' && view.holder === owners.get(holderName === 'a' ? 'b' : 'a'),
        () => JSON.stringify(view),
      );
    }
    const newHolder = (scenario === 'kill-holder' ? standby : holder) ?? daemons[0]!;
    tally.check(
      'the holder runs its scheduled sync and cancel cycles',
      await bothCyclesDone(newHolder, new Date().toISOString(), 60_000),
      () => newHolder.process.output().stderr.slice(-400),
    );
    for (const daemon of daemons) {
      const stopped = await daemon.stop('SIGTERM');
      tally.check(
        'each daemon stops on SIGTERM with exit 0',
        stopped.code === 0,
        () => `exit ${stopped.code} ${stopped.signal}: ${stopped.stderr.slice(-300)}`,
      );
    }
    const unfenced = unfencedWrites(writes, owners, leasesOf(dbPath));
    tally.check('every OZmap write was sent by the lease holder of that moment', unfenced.length === 0, () =>
      listProblems(unfenced, String),
    );
    tally.note(
      `run ${run}: ${writes.length} OZmap writes, by ${[...new Set(writes.map((w) => w.daemon))].join(' and ') || 'nobody'}`,
    );
    await settleAndCheck(tally, { sims, env, world, dbPath, audit });
  } finally {
    for (const daemon of daemons) daemon.process.kill();
    await Promise.all(daemons.map((d) => d.process.exit));
    audit.close();
    await Promise.all(proxies.map((p) => p.close()));
    await sims.close();
    if (options.keep) options.log(`two-daemon: run ${run} kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export const twoDaemonCampaign: Campaign = {
  name: 'two-daemon',
  title: 'two run daemons on one store: lease, fencing, takeover',
  async run(options): Promise<CampaignResult> {
    const started = Date.now();
    const tally = createTally('two-daemon');
    const runs = runNumbers(options, options.scale === 'full' ? 8 : 1);
    const contracts = options.scale === 'full' ? 32 : 12;
    for (const run of runs) {
      tally.run();
      // Odd runs kill the holder; even runs start under a lease held on another host.
      const scenario: Scenario = run % 2 === 1 ? 'kill-holder' : 'other-host';
      try {
        await twoRun(tally, options, { contracts, checkPort: run === runs[0] }, run, scenario);
      } catch (error) {
        tally.check('the run completes', false, () =>
          error instanceof Error ? (error.stack ?? error.message) : String(error),
        );
      }
      options.log(`two-daemon: run ${run}/${runs.length} done`);
    }
    tally.context('');
    return tally.result(Date.now() - started);
  },
};
