import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '../sim/shared/random.ts';
import {
  createTally,
  runNumbers,
  runSeed,
  type Campaign,
  type CampaignOptions,
  type CampaignResult,
  type Tally,
} from './campaign.ts';
import { createTriggerCheck, describeTrigger, type Trigger } from './crashCampaign.ts';
import { startDaemon, waitFor, type Daemon } from './support/daemon.ts';
import { settleAndCheck } from './support/settleAndCheck.ts';
import { startSimWorld } from './support/simWorld.ts';
import { auditWrites } from './support/writeAudit.ts';
import { buildWorld, type World } from './support/worlds.ts';

/** SGP renames one client between two starts, so that each restart has writes to be killed at. */
function renameOne(world: World, random: ReturnType<typeof createRandom>, n: number): World {
  const sgp = structuredClone(world.sgp);
  const client = sgp.clientes[random.int(0, sgp.clientes.length - 1)] as { nome?: unknown };
  client.nome = `${String(client.nome ?? 'Cliente')} Renomeado ${n}`;
  return { ...world, sgp, key: `${world.key}|renamed:${n}:${String(client.nome)}` };
}

/**
 * The daemon crash campaign: `bin/sgp-ozmap run` (scheduler, both cycles, API) on short
 * intervals, SIGKILLed again and again at seeded moments of its scheduled sync and cancel cycles
 * (at the k-th OZmap write, before or after it takes effect; at the k-th OZmap or SGP request;
 * after a delay), restarted each time; then one more start runs until it has completed a sync
 * and a cancellation, a SIGTERM stops it, and the crash campaign's invariants are checked.
 */

/** Past this without its trigger (no work left), the daemon is killed anyway: idle, between cycles. */
const KILL_ANYWAY_MS = 3_000;

function chooseDaemonTrigger(random: ReturnType<typeof createRandom>): Trigger {
  const phase = random.chance(0.5) ? 'before' : 'after';
  const roll = random.next();
  if (roll < 0.5) return { kind: 'write', k: random.int(1, 4), phase };
  if (roll < 0.65) return { kind: 'request', sim: 'ozmap', k: random.int(1, 30), phase };
  if (roll < 0.75) return { kind: 'request', sim: 'sgp', k: random.int(1, 6), phase };
  return { kind: 'startup', ms: random.int(300, 2_500) };
}

/** Resolves once the daemon has finished a sync and a cancel cycle, both started after `since`. */
export async function bothCyclesDone(daemon: Daemon, since: string, ms: number): Promise<boolean> {
  return waitFor(
    async () => {
      const { body } = await daemon.get('/api/cycles?limit=20');
      const items = (body as { items?: { kind: string; outcome: string; startedAt: string }[] }).items ?? [];
      const done = (kind: string) =>
        items.some((c) => c.kind === kind && c.startedAt >= since && c.outcome !== 'running');
      return done('sync') && done('cancel');
    },
    ms,
    200,
  );
}

async function daemonRun(
  tally: Tally,
  options: CampaignOptions,
  settings: { contracts: number; kills: number },
  run: number,
): Promise<void> {
  const seed = runSeed(options.seed, run);
  const random = createRandom(seed);
  let world = buildWorld({ contracts: settings.contracts, seed: (options.seed + run) >>> 0 });
  const triggers = Array.from({ length: settings.kills }, () => chooseDaemonTrigger(random));
  tally.context(`daemon run ${run} (seed ${seed}; run killed at ${triggers.map(describeTrigger).join(', then ')})`);
  const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-chaos-daemon-'));
  const dbPath = join(dir, 'events.db');
  const sims = await startSimWorld({ sgpFixture: world.sgp, ozmapFixture: world.ozmap, trackWrites: true });
  const env = sims.serviceEnv({ EVENTSTORE_URL: `sqlite:${dbPath}` });
  const audit = auditWrites(sims, dbPath);
  try {
    for (const [i, trigger] of triggers.entries()) {
      if (i > 0 && random.chance(0.5)) {
        world = renameOne(world, random, i);
        await sims.setSgp(world.sgp);
      }
      const daemon = startDaemon(env);
      const fires = createTriggerCheck(trigger);
      const child = daemon.process;
      const timers = [setTimeout(() => child.kill(), trigger.kind === 'startup' ? trigger.ms : KILL_ANYWAY_MS)];
      const stopKiller = sims.listen((request, phase) => {
        if (!fires(request, phase)) return;
        child.kill();
        return phase === 'before' ? 'drop' : undefined;
      });
      const exit = await child.exit;
      for (const t of timers) clearTimeout(t);
      stopKiller();
      tally.fault();
      tally.check(
        'a killed daemon leaves no exit but SIGKILL',
        exit.signal === 'SIGKILL',
        () => `exit ${exit.code} ${exit.signal}: ${exit.stderr.slice(-400)}`,
      );
    }
    // The last start: left to run its scheduled cycles, then stopped cleanly.
    const since = new Date().toISOString();
    const last = startDaemon(env);
    await last.ready;
    const cycled = await bothCyclesDone(last, since, 60_000);
    tally.check('the restarted daemon runs its scheduled sync and cancel cycles', cycled, () =>
      last.process.output().stderr.slice(-600),
    );
    const stopped = await last.stop('SIGTERM');
    tally.check(
      'the restarted daemon stops on SIGTERM with exit 0 within 10 s',
      stopped.code === 0 && stopped.stopMs < 10_000,
      () => `exit ${stopped.code} ${stopped.signal} after ${stopped.stopMs} ms: ${stopped.stderr.slice(-400)}`,
    );
    await settleAndCheck(tally, { sims, env, world, dbPath, audit });
  } finally {
    audit.close();
    await sims.close();
    if (options.keep) options.log(`daemon: run ${run} kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export const daemonCrashCampaign: Campaign = {
  name: 'daemon',
  title: 'the run daemon SIGKILLed during its scheduled cycles, restarted',
  async run(options): Promise<CampaignResult> {
    const started = Date.now();
    const tally = createTally('daemon');
    const runs = runNumbers(options, options.scale === 'full' ? 12 : 1);
    const settings = options.scale === 'full' ? { contracts: 32, kills: 9 } : { contracts: 12, kills: 1 };
    for (const run of runs) {
      tally.run();
      try {
        await daemonRun(tally, options, settings, run);
      } catch (error) {
        tally.check('the run completes', false, () =>
          error instanceof Error ? (error.stack ?? error.message) : String(error),
        );
      }
      options.log(`daemon: run ${run}/${runs.length} done`);
    }
    tally.context('');
    return tally.result(Date.now() - started);
  },
};
