/**
 * Scenario 4 of the cycles benchmark, in its own process: replays the whole log of a SQLite
 * event store into fresh read models (as `sgp-ozmap replay` does) and prints one JSON line with
 * the events replayed and the time the replay alone took.
 *
 *   node --import tsx bench/child/replayOnce.ts <events.db>
 */
import { openLocalState } from '../../src/app/openLocalState.ts';

const path = process.argv[2];
if (!path) throw new Error('usage: replayOnce.ts <events.db>');
const state = await openLocalState({ kind: 'sqlite', path }, `${path}.readmodels`);
try {
  const started = performance.now();
  const result = await state.replay();
  const replayMs = performance.now() - started;
  console.log(
    JSON.stringify({
      events: result.applied + result.undecodable,
      replayMs,
      contracts: result.contracts,
      identical: result.identical,
    }),
  );
} finally {
  await state.close();
}
