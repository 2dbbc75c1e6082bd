import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '../sim/shared/random.ts';
import type { CycleKind } from '../src/domain/cycles.ts';
import {
  createTally,
  runNumbers,
  runSeed,
  type Campaign,
  type CampaignOptions,
  type CampaignResult,
  type Tally,
} from './campaign.ts';
import { openEngine, runOnce } from './support/engines.ts';
import { settleAndCheck } from './support/settleAndCheck.ts';
import { startService } from './support/serviceProcess.ts';
import { startSimWorld, type SimName, type SimRequest } from './support/simWorld.ts';
import { auditWrites } from './support/writeAudit.ts';
import { buildWorld, type World } from './support/worlds.ts';

/**
 * Campaign 1, crashes: `bin/sgp-ozmap sync --once` or `cancel --once` as a child process,
 * SIGKILLed at a seeded moment of its cycle (at the k-th OZmap write, before or after it takes
 * effect; at the k-th OZmap or SGP request; or after a seeded delay), restarted, then clean
 * cycles until nothing is left to do. OZmap must end as a run without a crash leaves it.
 */

export type Trigger =
  | { readonly kind: 'write'; readonly k: number; readonly phase: 'before' | 'after' }
  | { readonly kind: 'request'; readonly sim: SimName; readonly k: number; readonly phase: 'before' | 'after' }
  /** A delay from the process's start: it dies while starting (store opening, schema creation). */
  | { readonly kind: 'startup'; readonly ms: number }
  /** A delay from the cycle's first SGP request, within the cycle's usual duration. */
  | { readonly kind: 'timer'; readonly ms: number };

interface Calibration {
  readonly writes: number;
  readonly ozmapRequests: number;
  readonly sgpRequests: number;
  readonly durationMs: number;
}

const calibrations = new Map<string, Promise<Calibration>>();

/** How many requests the killed cycle makes when nothing kills it: the range a trigger picks from. */
function calibrate(world: World, prelude: boolean, kind: CycleKind): Promise<Calibration> {
  const key = `${world.key}|${prelude}|${kind}`;
  let cached = calibrations.get(key);
  if (!cached) {
    cached = (async () => {
      const sims = await startSimWorld({ sgpFixture: world.sgp, ozmapFixture: world.ozmap });
      const engine = await openEngine(sims.serviceEnv({ EVENTSTORE_URL: 'memory:' }));
      try {
        if (prelude) await runOnce(engine, 'sync');
        let writes = 0;
        const seen: Record<SimName, number> = { sgp: 0, ozmap: 0 };
        sims.listen((request, phase) => {
          if (phase !== 'before') return;
          seen[request.sim] += 1;
          if (request.write) writes += 1;
        });
        const started = Date.now();
        await runOnce(engine, kind);
        return { writes, ozmapRequests: seen.ozmap, sgpRequests: seen.sgp, durationMs: Date.now() - started };
      } finally {
        await engine.close();
        await sims.close();
      }
    })();
    calibrations.set(key, cached);
  }
  return cached;
}

export function chooseTrigger(random: ReturnType<typeof createRandom>, calibration: Calibration): Trigger {
  const phase = random.chance(0.5) ? 'before' : 'after';
  const roll = random.next();
  if (roll < 0.45 && calibration.writes > 0) return { kind: 'write', k: random.int(1, calibration.writes), phase };
  if (roll < 0.6)
    return { kind: 'request', sim: 'ozmap', k: random.int(1, Math.max(1, calibration.ozmapRequests)), phase };
  if (roll < 0.75)
    return { kind: 'request', sim: 'sgp', k: random.int(1, Math.max(1, calibration.sgpRequests)), phase };
  if (roll < 0.85) return { kind: 'startup', ms: random.int(0, 800) };
  return { kind: 'timer', ms: random.int(0, Math.max(50, calibration.durationMs)) };
}

export const describeTrigger = (t: Trigger): string =>
  t.kind === 'startup'
    ? `${t.ms} ms after its start`
    : t.kind === 'timer'
      ? `${t.ms} ms into its cycle`
      : t.kind === 'write'
        ? `OZmap write #${t.k} (${t.phase})`
        : `${t.sim} request #${t.k} (${t.phase})`;

/**
 * Numbers each request from the killed process's start (a prelude's requests do not count) and
 * says whether it is the one the trigger names.
 */
export function createTriggerCheck(trigger: Trigger) {
  const count = { writes: 0, sgp: 0, ozmap: 0 };
  const numbers = new WeakMap<SimRequest, { write: number; request: number }>();
  return (request: SimRequest, phase: 'before' | 'after'): boolean => {
    if (phase === 'before') {
      if (request.write) count.writes += 1;
      count[request.sim] += 1;
      numbers.set(request, { write: request.write ? count.writes : 0, request: count[request.sim] });
    }
    const n = numbers.get(request);
    if (!n || (trigger.kind !== 'write' && trigger.kind !== 'request') || phase !== trigger.phase) return false;
    if (trigger.kind === 'write') return n.write === trigger.k;
    if (trigger.kind === 'request') return request.sim === trigger.sim && n.request === trigger.k;
    return false;
  };
}

interface RunSettings {
  readonly contracts: number;
  readonly worlds: number;
}

async function crashRun(tally: Tally, options: CampaignOptions, settings: RunSettings, run: number): Promise<void> {
  const seed = runSeed(options.seed, run);
  const random = createRandom(seed);
  const world = buildWorld({ contracts: settings.contracts, seed: (options.seed + (run % settings.worlds)) >>> 0 });
  const prelude = random.chance(0.4);
  const kind: CycleKind = random.chance(0.5) ? 'sync' : 'cancel';
  const calibration = await calibrate(world, prelude, kind);
  const triggers = [
    chooseTrigger(random, calibration),
    ...(random.chance(0.25) ? [chooseTrigger(random, calibration)] : []),
  ];
  tally.context(
    `crash run ${run} (seed ${seed}; ${prelude ? 'sync, then ' : ''}${kind} killed at ${triggers.map(describeTrigger).join(', restarted, killed again at ')})`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-chaos-crash-'));
  const dbPath = join(dir, 'events.db');
  const sims = await startSimWorld({ sgpFixture: world.sgp, ozmapFixture: world.ozmap, trackWrites: true });
  const env = sims.serviceEnv({ EVENTSTORE_URL: `sqlite:${dbPath}` });
  const audit = auditWrites(sims, dbPath);
  try {
    if (prelude) {
      const engine = await openEngine(env);
      await runOnce(engine, 'sync').finally(() => engine.close());
    }
    // 1. The cycle, killed at the chosen moment; in a quarter of the runs, its restart killed too.
    for (const [i, trigger] of triggers.entries()) {
      const child = startService([kind, '--once'], env);
      const fires = createTriggerCheck(trigger);
      let timer: NodeJS.Timeout | undefined =
        trigger.kind === 'startup' ? setTimeout(() => child.kill(), trigger.ms) : undefined;
      const stopKiller = sims.listen((request, phase) => {
        if (trigger.kind === 'timer' && timer === undefined) timer = setTimeout(() => child.kill(), trigger.ms);
        if (!fires(request, phase)) return;
        child.kill();
        // Before: the request is dropped with the process, so it never takes effect.
        return phase === 'before' ? 'drop' : undefined;
      });
      const exit = await child.exit;
      clearTimeout(timer);
      stopKiller();
      if (child.killed()) tally.fault();
      else tally.note(`run ${run}: start ${i + 1} finished before its kill (${describeTrigger(trigger)})`);
      tally.check(
        'a killed run leaves no exit but SIGKILL',
        child.killed() ? exit.signal === 'SIGKILL' : exit.code === 0,
        () => `exit ${exit.code} ${exit.signal}: ${exit.stderr.slice(-400)}`,
      );
    }
    // 2. The restart: the same command, to completion.
    const second = await startService([kind, '--once'], env).exit;
    tally.check(
      'the restarted service completes its cycle (exit 0)',
      second.code === 0,
      () => `exit ${second.code}: ${second.stderr.slice(-600)}`,
    );
    // 3. Final clean cycles, until nothing is left to do; 4. the invariants.
    await settleAndCheck(tally, { sims, env, world, dbPath, audit });
  } finally {
    audit.close();
    await sims.close();
    if (options.keep) options.log(`crash: run ${run} kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export const crashCampaign: Campaign = {
  name: 'crash',
  title: 'SIGKILL mid-cycle, restart',
  async run(options): Promise<CampaignResult> {
    const started = Date.now();
    const tally = createTally('crash');
    const runs = runNumbers(options, options.scale === 'full' ? 100 : 3);
    const settings: RunSettings =
      options.scale === 'full' ? { contracts: 32, worlds: 5 } : { contracts: 24, worlds: 1 };
    for (const run of runs) {
      tally.run();
      try {
        await crashRun(tally, options, settings, run);
      } catch (error) {
        tally.check('the run completes', false, () =>
          error instanceof Error ? (error.stack ?? error.message) : String(error),
        );
      }
      options.log(`crash: run ${run}/${runs.length} done`);
    }
    tally.context('');
    return tally.result(Date.now() - started);
  },
};
