import type { Tally } from '../campaign.ts';
import { listProblems } from '../campaign.ts';
import { openEngine, referenceState, settle } from './engines.ts';
import { byStream, integrityOf, readEventLog } from './eventLog.ts';
import {
  canonicalOzmap,
  diffLines,
  duplicateCodes,
  repeatedObservationLines,
  unexplainedChanges,
  unresolvedCommands,
  writesOverBudget,
  wrongDeletions,
} from './invariants.ts';
import type { SimWorld } from './simWorld.ts';
import type { World } from './worlds.ts';

/**
 * The end of every run that killed or stopped the service: clean cycles in the runner's process
 * until nothing is left to do, then the invariants of the crash campaign (OZmap as a fault-free
 * run leaves it, no duplicate, no wrong deletion, no line twice, every write logged before it
 * and within its commands, every command resolved and every change named in a trail, the log
 * whole and its read models rebuilt identical).
 */
export async function settleAndCheck(
  tally: Tally,
  run: {
    sims: SimWorld;
    env: Record<string, string>;
    world: World;
    dbPath: string;
    audit: { problems: string[]; close(): void };
  },
): Promise<void> {
  const { sims, env, world, dbPath, audit } = run;
  const engine = await openEngine(env);
  let replayIdentical = false;
  let settled: Awaited<ReturnType<typeof settle>>;
  try {
    settled = await settle(engine);
    replayIdentical = (await engine.replay({ dryRun: true })).identical;
  } finally {
    await engine.close();
  }
  audit.close();
  const state = await sims.ozmapState();
  const events = readEventLog(dbPath);
  const expected = await referenceState(world);
  tally.check(
    'clean cycles settle (nothing left to write)',
    settled.quiet,
    () => `still writes after ${settled.cycles} cycles`,
  );
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
  const over = writesOverBudget(sims.writes, events);
  tally.check('OZmap writes per contract within the commands issued', over.length === 0, () =>
    listProblems(over, String),
  );
  const unresolved = unresolvedCommands(events);
  tally.check('every command issued has its outcome in the trail', unresolved.length === 0, () =>
    listProblems(unresolved, String),
  );
  const unexplained = unexplainedChanges(world.ozmap, state, events);
  tally.check('every client created or removed is named in its trail', unexplained.length === 0, () =>
    listProblems(unexplained, String),
  );
  const integrity = integrityOf(dbPath);
  tally.check('event log integrity_check ok', integrity === 'ok', () => integrity);
  tally.check('read models rebuilt from the log are identical', replayIdentical);
  const gaps = revisionGaps(events);
  tally.check('contract streams have no revision gap', gaps.length === 0, () => listProblems(gaps, String));
}

function revisionGaps(events: ReturnType<typeof readEventLog>): string[] {
  return [...byStream(events)].flatMap(([stream, list]) => (list.every((e, i) => e.revision === i) ? [] : [stream]));
}
