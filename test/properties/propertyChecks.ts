import { expect } from 'vitest';
import { canonicalJson } from './desiredState.ts';
import type { ScenarioResult } from './scenario.ts';

/**
 * The four properties as assertions on one run, shared by the fast-check tests (one property
 * each) and the fixed regression examples (all four).
 */

/** The final cancel + sync round completed and left OZmap as the model says (one allowed state, or one of a few). */
export function checkConvergence(result: ScenarioResult): void {
  expect(result.finalCycles.map((r) => [r.kind, r.outcome])).toEqual([
    ['cancel', 'completed'],
    ['sync', 'completed'],
  ]);
  const matched = result.expected.some((state) => canonicalJson(state) === canonicalJson(result.actual));
  // A miss shows the diff with the first allowed state, then fails for certain.
  if (!matched) expect(result.actual).toEqual(result.expected[0]);
  expect(matched).toBe(true);
}

/** The next sync and cancel cycles plan no write and send none. */
export function checkIdempotence(result: ScenarioResult): void {
  expect(result.repeatCycles.map((r) => [r.kind, r.outcome, r.counts.planned])).toEqual([
    ['sync', 'completed', 0],
    ['cancel', 'completed', 0],
  ]);
  expect(result.writesAfterRepeat - result.writesBeforeRepeat).toBe(0);
}

/** No step ever left two clients with one code, a line twice, or a detached property without its line. */
export function checkNoDuplicates(result: ScenarioResult): void {
  expect(result.violations).toEqual([]);
}

/** A replay of the whole log rebuilds the read models identical to the live ones. */
export function checkReplay(result: ScenarioResult): void {
  expect(result.replay.differences).toEqual({ contracts: 0, cycles: 0, guard: false });
  expect(result.replay.identical).toBe(true);
}

export function checkAll(result: ScenarioResult): void {
  checkNoDuplicates(result);
  checkConvergence(result);
  checkIdempotence(result);
  checkReplay(result);
}
