import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CycleReport } from '../src/reconciler/runCycle.ts';
import type { CycleKind } from '../src/domain/cycles.ts';
import {
  createTally,
  listProblems,
  runNumbers,
  runSeed,
  type Campaign,
  type CampaignOptions,
  type Tally,
} from './campaign.ts';
import { isQuiet, openEngine, referenceState, runOnce } from './support/engines.ts';
import { readEventLog } from './support/eventLog.ts';
import { CHAOS_REQUEST_TIMEOUT_MS, sampleFaultPlan } from './support/faultPlans.ts';
import {
  canonicalOzmap,
  commandsWithoutOutcome,
  diffLines,
  duplicateCodes,
  repeatedObservationLines,
  unexplainedChanges,
  unfinishedCycles,
  wrongDeletions,
} from './support/invariants.ts';
import { startSimWorld } from './support/simWorld.ts';
import { auditWrites } from './support/writeAudit.ts';
import { buildWorld } from './support/worlds.ts';

/**
 * Campaign 2, upstream faults: 20% of SGP and OZmap requests fail (5xx, 429 with Retry-After,
 * timeouts, resets, HTML with status 200, truncated and slow bodies), half of them after the
 * request took effect, over several cycles; then the faults stop. Within three clean cycles
 * OZmap must be what a run without faults leaves, and every failure in its contract's trail.
 */

const FAULTY_CYCLES: readonly CycleKind[] = ['sync', 'cancel', 'sync', 'cancel'];
const CLEAN_CYCLES: readonly CycleKind[] = ['sync', 'cancel', 'sync'];

async function faultRun(tally: Tally, options: CampaignOptions, contracts: number, run: number): Promise<void> {
  const seed = runSeed(options.seed, run);
  const world = buildWorld({ contracts, seed: (options.seed + run) >>> 0 });
  tally.context(`upstream run ${run} (seed ${seed})`);
  const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-chaos-upstream-'));
  const dbPath = join(dir, 'events.db');
  const sims = await startSimWorld({ sgpFixture: world.sgp, ozmapFixture: world.ozmap, trackWrites: true });
  const audit = auditWrites(sims, dbPath);
  const env = sims.serviceEnv({
    EVENTSTORE_URL: `sqlite:${dbPath}`,
    REQUEST_TIMEOUT: `${CHAOS_REQUEST_TIMEOUT_MS / 1000}s`,
  });
  const engine = await openEngine(env);
  try {
    // 1. Cycles under a fault plan on each simulator.
    await sims.faults('sgp', sampleFaultPlan(seed, 0.2));
    await sims.faults('ozmap', sampleFaultPlan(seed ^ 0xfa17, 0.2));
    const crashed: string[] = [];
    const outcomes: string[] = [];
    for (const kind of FAULTY_CYCLES) {
      try {
        const report: CycleReport = await runOnce(engine, kind);
        outcomes.push(`${kind}:${report.outcome}`);
      } catch (error) {
        crashed.push(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const injected = (await sims.faultReport('sgp')).injected + (await sims.faultReport('ozmap')).injected;
    tally.fault(injected);
    await sims.faults('sgp', null);
    await sims.faults('ozmap', null);
    tally.check('every faulty cycle ends with a report (no crash)', crashed.length === 0, () =>
      listProblems(crashed, String),
    );
    // 2. At most three clean cycles.
    for (const kind of CLEAN_CYCLES) await runOnce(engine, kind);
    const quiet = await isQuiet(engine);
    audit.close();
    const state = await sims.ozmapState();
    const events = readEventLog(dbPath);
    const expected = await referenceState(world);
    tally.check('converged within three clean cycles', quiet, () => `faulty cycles: ${outcomes.join(', ')}`);
    tally.check('OZmap equals the desired state', diffLines(canonicalOzmap(state), expected) === '', () =>
      diffLines(canonicalOzmap(state), expected),
    );
    tally.check('zero duplicate codes', duplicateCodes(state).length === 0, () =>
      listProblems(duplicateCodes(state), String),
    );
    tally.check('no observation line twice', repeatedObservationLines(state).length === 0, () =>
      listProblems(repeatedObservationLines(state), String),
    );
    const wrong = wrongDeletions(world.ozmap, state, new Set(world.cancelled));
    tally.check('no wrong deletion', wrong.length === 0, () => listProblems(wrong, String));
    tally.check('every OZmap write had its OzmapCommandIssued before it', audit.problems.length === 0, () =>
      listProblems(audit.problems, String),
    );
    const open = commandsWithoutOutcome(events);
    tally.check('every command issued has its outcome or its failure in the trail', open.length === 0, () =>
      listProblems(open, String),
    );
    const unexplained = unexplainedChanges(world.ozmap, state, events);
    tally.check('every client created or removed is named in its trail', unexplained.length === 0, () =>
      listProblems(unexplained, String),
    );
    const unfinished = unfinishedCycles(events);
    tally.check('every cycle is recorded finished', unfinished.length === 0, () => listProblems(unfinished, String));
    const failed = events.filter((e) => e.type === 'OzmapCommandFailed');
    const unnamed = failed.filter(
      (e) => !e.stream.startsWith('contract-') || !(e.data['error'] as { message?: string })?.message,
    );
    tally.check('every failed command names its error in its contract trail', unnamed.length === 0, () =>
      listProblems(unnamed, (e) => e.stream),
    );
  } finally {
    audit.close();
    await engine.close().catch(() => undefined);
    await sims.close();
    if (options.keep) options.log(`upstream: run ${run} kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export const upstreamFaultCampaign: Campaign = {
  name: 'upstream',
  title: '20% SGP/OZmap faults',
  async run(options) {
    const started = Date.now();
    const tally = createTally('upstream');
    const runs = runNumbers(options, options.scale === 'full' ? 12 : 1);
    for (const run of runs) {
      tally.run();
      try {
        await faultRun(tally, options, options.scale === 'full' ? 80 : 30, run);
      } catch (error) {
        tally.check('the run completes', false, () =>
          error instanceof Error ? (error.stack ?? error.message) : String(error),
        );
      }
      options.log(`upstream: run ${run}/${runs.length} done`);
    }
    tally.context('');
    return tally.result(Date.now() - started);
  },
};
