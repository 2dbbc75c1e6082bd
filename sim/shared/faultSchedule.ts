import { z } from 'zod';
import { createRandom, deriveSeed, type Random } from './random.ts';

/** What goes wrong. See sim/README.md, "Faults and counters", for what each kind does. */
export const Fault = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('status'),
    status: z.number().int().min(100).max(599),
    body: z.unknown().optional(),
    retryAfter: z.union([z.number().int().min(0), z.string()]).optional(),
  }),
  z.object({ kind: z.literal('html200') }),
  z.object({ kind: z.literal('reset') }),
  z.object({ kind: z.literal('latency'), ms: z.number().int().min(0).max(600_000) }),
  z.object({
    kind: z.literal('slowBody'),
    bytesPerSecond: z.number().positive().optional(),
    totalMs: z.number().int().min(0).max(600_000).optional(),
  }),
  z.object({ kind: z.literal('truncated') }),
]);
export type Fault = z.infer<typeof Fault>;

export const FaultRule = z.object({
  match: z
    .object({
      method: z.string().min(1).optional(),
      /** A Fastify route pattern (`/api/v2/properties/:id`) or a prefix of the request path. */
      route: z.string().min(1).optional(),
    })
    .optional(),
  fault: Fault,
  /** before: the request never takes effect; after: the handler runs, then the response fails. */
  when: z.enum(['before', 'after']),
  /** Fraction of matching requests to fail, drawn from the seeded PRNG. */
  rate: z.number().min(0).max(1).optional(),
  /** Exact 1-based indices of the matching requests to fail; wins over `rate`. */
  sequence: z.array(z.number().int().min(1)).optional(),
});
export type FaultRule = z.infer<typeof FaultRule>;

export const FaultPlan = z.object({
  seed: z.number().int().optional(),
  rules: z.array(FaultRule),
});
export type FaultPlan = z.infer<typeof FaultPlan>;

export interface RequestKey {
  readonly method: string;
  /** The Fastify route pattern, when a route matched. */
  readonly route: string | undefined;
  /** The request path without its query string. */
  readonly path: string;
}

export interface Injection {
  readonly rule: number;
  readonly kind: Fault['kind'];
  readonly when: FaultRule['when'];
  readonly method: string;
  readonly path: string;
}

interface RuleState {
  readonly rule: FaultRule;
  readonly random: Random;
  matched: number;
  injected: number;
}

/** Only the most recent injections are kept: a long soak test must not grow memory forever. */
const maxInjectionLog = 1000;

function matches(rule: FaultRule, key: RequestKey): boolean {
  const { method, route } = rule.match ?? {};
  if (method !== undefined && method.toUpperCase() !== key.method.toUpperCase()) return false;
  if (route === undefined) return true;
  return key.route === route || key.path.startsWith(route) || (key.route?.startsWith(route) ?? false);
}

function fires(state: RuleState): boolean {
  const { sequence, rate } = state.rule;
  if (sequence !== undefined) return sequence.includes(state.matched);
  // No rate and no sequence: every matching request fails.
  return state.random.next() < (rate ?? 1);
}

/**
 * The fault plan in force and its bookkeeping. Each rule draws from its own PRNG (derived from
 * the plan's seed and the rule's index), so a rule's decisions depend only on the requests it
 * matches: adding traffic on other routes does not reshuffle which requests it fails.
 */
export function createFaultSchedule(defaultSeed: number) {
  let seed = defaultSeed;
  let states: RuleState[] = [];
  let injections: Injection[] = [];

  const install = (plan: FaultPlan): void => {
    seed = plan.seed ?? defaultSeed;
    states = plan.rules.map((rule, index) => ({
      rule,
      random: createRandom(deriveSeed(seed, index)),
      matched: 0,
      injected: 0,
    }));
    injections = [];
  };

  /** Counts the request against every rule it matches; returns the first rule that fires. */
  const decide = (key: RequestKey): { rule: FaultRule; index: number } | undefined => {
    let chosen: { rule: FaultRule; index: number } | undefined;
    states.forEach((state, index) => {
      if (!matches(state.rule, key)) return;
      state.matched += 1;
      if (!fires(state) || chosen) return;
      state.injected += 1;
      chosen = { rule: state.rule, index };
      injections.push({
        rule: index,
        kind: state.rule.fault.kind,
        when: state.rule.when,
        method: key.method,
        path: key.path,
      });
      if (injections.length > maxInjectionLog) injections = injections.slice(-maxInjectionLog);
    });
    return chosen;
  };

  const describe = () => ({
    seed,
    rules: states.map((s) => ({ ...s.rule, matched: s.matched, injected: s.injected })),
    injected: states.reduce((sum, s) => sum + s.injected, 0),
    injections,
  });

  return { install, decide, describe, clear: () => install({ rules: [] }) };
}
export type FaultSchedule = ReturnType<typeof createFaultSchedule>;
