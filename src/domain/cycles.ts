import { z } from 'zod';

/** The two kinds of reconciliation cycle: creations and updates, or cancellations (docs/RULES.md R5). */
export const CycleKind = z.enum(['sync', 'cancel']);
export type CycleKind = z.infer<typeof CycleKind>;

/**
 * How a cycle ended, as `CycleFinished` records it. `incomplete`: a read of SGP or OZmap was cut
 * short or the cycle was stopped; `guard-tripped`: R5.6 holds the cancellations for a person.
 */
export const CycleOutcome = z.enum(['completed', 'incomplete', 'guard-tripped', 'failed']);
export type CycleOutcome = z.infer<typeof CycleOutcome>;
