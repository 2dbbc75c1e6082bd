import fc from 'fast-check';
import type { FaultPlan, FaultRule } from '../../sim/shared/faultSchedule.ts';

/**
 * Fault plans as fast-check data (TESTING.md: never Math.random), so that a failing run replays
 * from its seed: every kind of upstream failure the issue lists, half of them after the request
 * took effect, together failing `rate` of the requests.
 */

/** The service's per-attempt timeout in these runs; "timeout" faults exceed it. */
export const CHAOS_REQUEST_TIMEOUT_MS = 1_000;

const when = fc.constantFrom('before' as const, 'after' as const);

// A 429 is always 'before': a real 429 means the request was refused, and the transport may
// resend a refused POST; a 429 after a write took effect is not something a server does.
const ruleBody: fc.Arbitrary<Omit<FaultRule, 'rate' | 'match'>> = fc.oneof(
  fc.record({
    fault: fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(500, 502, 503, 504) }),
    when,
  }),
  fc.record({
    fault: fc.record({
      kind: fc.constant('status' as const),
      status: fc.constant(429),
      retryAfter: fc.constantFrom(0, 1),
    }),
    when: fc.constant('before' as const),
  }),
  fc.record({
    fault: fc.record({ kind: fc.constant('latency' as const), ms: fc.constant(CHAOS_REQUEST_TIMEOUT_MS + 500) }),
    when,
  }),
  fc.record({ fault: fc.record({ kind: fc.constant('reset' as const) }), when }),
  fc.record({ fault: fc.record({ kind: fc.constant('html200' as const) }), when }),
  fc.record({ fault: fc.record({ kind: fc.constant('truncated' as const) }), when }),
  fc.record({
    fault: fc.record({
      kind: fc.constant('slowBody' as const),
      totalMs: fc.constantFrom(300, CHAOS_REQUEST_TIMEOUT_MS + 600),
    }),
    when: fc.constant('after' as const),
  }),
);

/** Rules whose combined chance of failing a request is `rate` (each rule draws on its own). */
export function faultPlanArbitrary(rate: number): fc.Arbitrary<FaultPlan> {
  return fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    rules: fc.array(ruleBody, { minLength: 4, maxLength: 8 }).map((bodies) => {
      const each = 1 - (1 - rate) ** (1 / bodies.length);
      return bodies.map((body) => ({ ...body, rate: Number(each.toFixed(5)) }));
    }),
  });
}

/** The plan for one run: the same seed always gives the same plan. */
export function sampleFaultPlan(seed: number, rate: number): FaultPlan {
  return fc.sample(faultPlanArbitrary(rate), { seed, numRuns: 1 })[0]!;
}
