import { z } from 'zod';
import { BRAZIL_REGION } from './sgp/sgpFieldBounds.ts';
import { FIELD_POLICIES, POLICY_FIELDS } from './planner/fieldPolicy.ts';
import { defaultContestSettings } from './contest/contestState.ts';

/**
 * The rule options of docs/RULES.md R7, as the planner takes them. Pure: the config module maps the
 * environment onto this shape (src/app/config), tests and the simulator build it directly.
 */

const MINUTE_MS = 60_000;

/** True when `Intl` knows the zone; it is what R5.2 formats dates with, so it is the judge. */
function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The statuses found in both lists: a contract cannot be both implanted (R4.5) and cancelled (R5.1). */
export function sharedStatuses(implantStatuses: readonly number[], cancelStatuses: readonly number[]): number[] {
  return implantStatuses.filter((status) => cancelStatuses.includes(status));
}

const statusCode = z.number().int().nonnegative();

/**
 * R5.6: the guard trips when a cancellation cycle would remove more than `maxCount` clients AND
 * more than `maxPercent` percent of them (both exceeded, so small tenants are not blocked by the
 * percentage alone and large ones not by the count alone).
 */
const cancelGuardSchema = z.object({
  maxCount: z.number().int().nonnegative(),
  maxPercent: z.number().min(0).max(100),
});
export type CancelGuard = z.output<typeof cancelGuardSchema>;

export const ruleOptionsSchema = z
  .object({
    syncIntervalMs: z
      .number()
      .int()
      .positive()
      .default(10 * MINUTE_MS),
    cancelIntervalMs: z
      .number()
      .int()
      .positive()
      .default(30 * MINUTE_MS),
    createClients: z.boolean().default(true),
    cancelClients: z.boolean().default(true),
    updateName: z.boolean().default(true),
    updateRx: z.boolean().default(true),
    updateCoords: z.boolean().default(true),
    updateAddress: z.boolean().default(true),
    implant: z.boolean().default(true),
    updateStatus: z.boolean().default(true),
    // Defaults are functions so every parse gets its own array, never a shared one.
    implantStatuses: z.array(statusCode).default(() => [1, 4, 6, 7]),
    cancelStatuses: z.array(statusCode).default(() => [3, 5]),
    boxNameMatch: z.enum(['exact', 'case-insensitive']).default('exact'),
    /** OZmap project ids or names; empty means every project. */
    projects: z.array(z.string().min(1)).default(() => []),
    /** SGP CTO name -> OZmap box name, consulted before the name match of R2.3. */
    ctoAliases: z.record(z.string().min(1), z.string().min(1)).default(() => ({})),
    onPortConflict: z.enum(['skip', 'unconnected']).default('skip'),
    placeAroundBox: z.boolean().default(false),
    moveOnCtoChange: z.boolean().default(false),
    /** R4.8: connect an unconnected client once its box has its splitter port, free. */
    connectLater: z.boolean().default(true),
    removePropertyCompletely: z.boolean().default(false),
    disconnectCancelledProperty: z.boolean().default(false),
    cancelGuard: cancelGuardSchema.default(() => ({ maxCount: 50, maxPercent: 5 })),
    rxDeadbandDb: z.number().nonnegative().default(0),
    /** R9.4: CONTEST_THRESHOLD changes back within CONTEST_WINDOW make a contest; CONTEST_MODE. */
    contest: z
      .object({
        threshold: z.number().int().min(1),
        windowMs: z.number().int().positive(),
        mode: z.enum(['apply', 'hold']),
      })
      .default(() => ({ ...defaultContestSettings })),
    /** Issue 16: write SGP's ONU serial, MAC and PPPoE login to the OZmap client's `onu`. */
    updateOnu: z.boolean().default(false),
    /**
     * R9.1: a policy per field (planner/fieldPolicy.ts); a field left out keeps its flag's
     * meaning (`true` = `sgp`, `false` = `off`), so the default is today's behaviour.
     */
    fieldPolicies: z.partialRecord(z.enum(POLICY_FIELDS), z.enum(FIELD_POLICIES)).default(() => ({})),
    timezone: z
      .string()
      .refine(isValidTimeZone, { message: 'must be an IANA time zone, e.g. America/Sao_Paulo' })
      .default('America/Sao_Paulo'),
    /** The ISP's region (sgpFieldBounds.ts): SGP coordinates outside it are not written. */
    region: z
      .object({ minLat: z.number(), maxLat: z.number(), minLng: z.number(), maxLng: z.number() })
      .default(() => ({ ...BRAZIL_REGION })),
    /**
     * The longest texts OZmap accepts, passed in from src/adapters/ozmap/ozmapAssumptions.ts by
     * the configuration. Absent (hand-built options in tests), only the stored-size bound of
     * sgpFieldBounds.ts applies.
     */
    textLimits: z.object({ clientName: z.number().int().positive(), address: z.number().int().positive() }).optional(),
  })
  .superRefine((options, ctx) => {
    const shared = sharedStatuses(options.implantStatuses, options.cancelStatuses);
    if (shared.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['cancelStatuses'],
        message: `must not share a status with implantStatuses (both have ${shared.join(',')})`,
      });
    }
  });

export type RuleOptions = z.output<typeof ruleOptionsSchema>;
/** What callers may pass: any option left out takes its default. */
export type RuleOptionsInput = z.input<typeof ruleOptionsSchema>;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The R7 defaults. Frozen because it is shared: spread it, or parse a partial input, to vary it. */
export const defaultRuleOptions: RuleOptions = deepFreeze(ruleOptionsSchema.parse({}));
