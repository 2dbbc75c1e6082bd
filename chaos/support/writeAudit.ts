import { createIssuedReader } from './eventLog.ts';
import { uncoveredWrite } from './invariants.ts';
import type { SimWorld } from './simWorld.ts';

/**
 * Checks, at the moment each OZmap write reaches the simulator (before it takes effect), that
 * the command it belongs to is already in the event log: the intent-before-write rule that lets
 * a killed process's next run resolve what it left unfinished.
 */
export function auditWrites(sims: SimWorld, dbPath: string) {
  const reader = createIssuedReader(dbPath);
  const problems: string[] = [];
  let checked = 0;
  const stop = sims.listen((request, phase) => {
    if (phase !== 'before' || request.write === null) return;
    checked += 1;
    const problem = uncoveredWrite(
      request.write,
      request.write.code === null ? null : reader.issued(request.write.code),
    );
    if (problem) problems.push(problem);
  });
  return {
    problems,
    checked: () => checked,
    close(): void {
      stop();
      reader.close();
    },
  };
}
