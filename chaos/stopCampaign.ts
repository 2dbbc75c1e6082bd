import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '../sim/shared/random.ts';
import type { FaultPlan } from '../sim/shared/faultSchedule.ts';
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
import { startDaemon } from './support/daemon.ts';
import { readEventLog } from './support/eventLog.ts';
import { unresolvedCommands } from './support/invariants.ts';
import { settleAndCheck } from './support/settleAndCheck.ts';
import { startSimWorld } from './support/simWorld.ts';
import { auditWrites } from './support/writeAudit.ts';
import { buildWorld } from './support/worlds.ts';

/**
 * The clean-stop campaign: `bin/sgp-ozmap run` gets SIGTERM or SIGINT at a seeded moment of its
 * scheduled cycles: while an OZmap write is in flight (answered slowly, or failing so that it is
 * being retried), or after a delay. It must start no new command, stop retrying, let the write
 * in flight finish and record it, give the lease back, and exit 0 within 10 s; the next start
 * must resume nothing twice.
 */

type Upstream = 'plain' | 'slow-writes' | 'failing-writes';

const WRITES = ['POST', 'PATCH', 'DELETE'] as const;

/** Every write answered 1.5 s late (it takes effect at once), or half of them failing with a 503. */
function faultPlan(upstream: Upstream): FaultPlan | null {
  if (upstream === 'slow-writes')
    return {
      seed: 1,
      rules: WRITES.map((method) => ({ match: { method }, fault: { kind: 'latency', ms: 1_500 }, when: 'after' })),
    };
  if (upstream === 'failing-writes')
    return {
      seed: 1,
      rules: WRITES.map((method) => ({
        match: { method },
        fault: { kind: 'status', status: 503 },
        when: 'before',
        rate: 0.5,
      })),
    };
  return null;
}

interface StopPlan {
  readonly signal: 'SIGTERM' | 'SIGINT';
  readonly upstream: Upstream;
  /** At the k-th OZmap write (it is then in flight), or `ms` after the start. */
  readonly at: { readonly write: number } | { readonly ms: number };
}

const describeStop = (p: StopPlan): string =>
  `${p.signal} ${'write' in p.at ? `at OZmap write #${p.at.write}` : `${p.at.ms} ms after it listens`} (${p.upstream})`;

function chooseStop(random: ReturnType<typeof createRandom>): StopPlan {
  return {
    signal: random.chance(0.5) ? 'SIGTERM' : 'SIGINT',
    upstream: (['plain', 'slow-writes', 'failing-writes'] as const)[random.int(0, 2)]!,
    at: random.chance(0.7) ? { write: random.int(1, 4) } : { ms: random.int(0, 2_000) },
  };
}

/** Cycles started and never recorded finished. */
function unfinishedCycles(events: ReturnType<typeof readEventLog>): string[] {
  const started = new Set<string>();
  for (const e of events) {
    if (e.type === 'CycleStarted') started.add(String(e.data['cycleId']));
    if (e.type === 'CycleFinished') started.delete(String(e.data['cycleId']));
  }
  return [...started];
}

async function stopRun(
  tally: Tally,
  options: CampaignOptions,
  settings: { contracts: number; stops: number },
  run: number,
): Promise<void> {
  const seed = runSeed(options.seed, run);
  const random = createRandom(seed);
  const world = buildWorld({ contracts: settings.contracts, seed: (options.seed + run) >>> 0 });
  const plans = Array.from({ length: settings.stops }, () => chooseStop(random));
  tally.context(`stop run ${run} (seed ${seed}; ${plans.map(describeStop).join(', then ')})`);
  const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-chaos-stop-'));
  const dbPath = join(dir, 'events.db');
  const sims = await startSimWorld({ sgpFixture: world.sgp, ozmapFixture: world.ozmap, trackWrites: true });
  const env = sims.serviceEnv({ EVENTSTORE_URL: `sqlite:${dbPath}` });
  const audit = auditWrites(sims, dbPath);
  let slowest = 0;
  try {
    for (const plan of plans) {
      await sims.faults('ozmap', faultPlan(plan.upstream));
      const daemon = startDaemon(env);
      let writes = 0;
      let sentAt = 0;
      const signal = (): void => {
        if (sentAt) return;
        sentAt = Date.now();
        daemon.process.child.kill(plan.signal);
      };
      // From the moment it listens (a signal before its handlers exist kills it, as any process);
      // past 6 s without the write (no work left), the stop comes between cycles.
      let timer: NodeJS.Timeout | undefined;
      void daemon.ready.then(
        () => (timer = setTimeout(signal, 'ms' in plan.at ? plan.at.ms : 6_000)),
        () => undefined,
      );
      const stopListening = sims.listen((request, phase) => {
        if (phase === 'before' && request.write && 'write' in plan.at && ++writes === plan.at.write) signal();
      });
      const exit = await daemon.process.exit;
      const stopMs = Date.now() - sentAt;
      clearTimeout(timer);
      stopListening();
      await sims.faults('ozmap', null);
      tally.fault();
      tally.check(
        'the daemon exits 0 on its signal within 10 s',
        exit.code === 0 && exit.signal === null && stopMs < 10_000,
        () => `exit ${exit.code} ${exit.signal} after ${stopMs} ms: ${exit.stderr.slice(-400)}`,
      );
      slowest = Math.max(slowest, stopMs);
      tally.check('it says it stopped, naming the signal', exit.stdout.includes(`stopped (${plan.signal})`), () =>
        exit.stdout.slice(-300),
      );
      const events = readEventLog(dbPath);
      const unresolved = unresolvedCommands(events);
      tally.check(
        'every command it issued is recorded with its outcome (the write in flight finished)',
        unresolved.length === 0,
        () => listProblems(unresolved, String),
      );
      const unfinished = unfinishedCycles(events);
      tally.check('its cycle is recorded finished', unfinished.length === 0, () => listProblems(unfinished, String));
      const lease = events.filter((e) => e.type === 'LeaseAcquired').at(-1)?.data;
      tally.check('it gave the lease back', lease !== undefined && lease['until'] === lease['at'], () =>
        JSON.stringify(lease),
      );
    }
    const since = new Date().toISOString();
    const last = startDaemon(env);
    await last.ready;
    tally.check(
      'the next start runs its scheduled sync and cancel cycles',
      await bothCyclesDone(last, since, 60_000),
      () => last.process.output().stderr.slice(-600),
    );
    const stopped = await last.stop('SIGTERM');
    tally.check(
      'it stops on SIGTERM with exit 0 within 10 s',
      stopped.code === 0 && stopped.stopMs < 10_000,
      () => `exit ${stopped.code} after ${stopped.stopMs} ms`,
    );
    await settleAndCheck(tally, { sims, env, world, dbPath, audit });
    tally.note(`run ${run}: slowest stop ${slowest} ms`);
  } finally {
    audit.close();
    await sims.close();
    if (options.keep) options.log(`stop: run ${run} kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export const stopCampaign: Campaign = {
  name: 'stop',
  title: 'SIGTERM/SIGINT to the run daemon mid-cycle: clean stop, resume',
  async run(options): Promise<CampaignResult> {
    const started = Date.now();
    const tally = createTally('stop');
    const runs = runNumbers(options, options.scale === 'full' ? 8 : 1);
    const settings = options.scale === 'full' ? { contracts: 32, stops: 4 } : { contracts: 12, stops: 1 };
    for (const run of runs) {
      tally.run();
      try {
        await stopRun(tally, options, settings, run);
      } catch (error) {
        tally.check('the run completes', false, () =>
          error instanceof Error ? (error.stack ?? error.message) : String(error),
        );
      }
      options.log(`stop: run ${run}/${runs.length} done`);
    }
    tally.context('');
    return tally.result(Date.now() - started);
  },
};
