/**
 * Contested fields (docs/RULES.md R9.4, R9.5): what the log knows of the service's own writes of
 * each field of one contract's client, of the times another writer changed a written value back,
 * of the contests open, and of the per-client overrides an operator set. Folded from the
 * contract stream (src/projections/contestFold.ts), so a replay rebuilds it whole.
 */

/** `apply` keeps writing the field's policy (the ERP wins); `hold` stops writing it until resolved. */
export type ContestMode = 'apply' | 'hold';

/** Who owns a field of one client by an operator's decision. */
export type FieldOwner = 'sgp' | 'ozmap';

/** How a contest ended: an operator's choice, or `quiet` (no change back for a whole window). */
export type ContestResolution = FieldOwner | 'watch' | 'quiet';

export interface ContestSettings {
  /** CONTEST_THRESHOLD: changes back within the window that make a contest. */
  readonly threshold: number;
  /** CONTEST_WINDOW, in ms. */
  readonly windowMs: number;
  /** CONTEST_MODE. */
  readonly mode: ContestMode;
}

export const defaultContestSettings: ContestSettings = { threshold: 3, windowMs: 24 * 3_600_000, mode: 'apply' };

export interface OpenContest {
  readonly object: 'client' | 'property';
  /** When the contest was recorded. */
  readonly since: string;
  /** The value the service writes (SGP's) and the one found instead, last seen. */
  readonly sgpValue: unknown;
  readonly ozmapValue: unknown;
  /** The mode it was opened in: a held field stays held even if CONTEST_MODE changes later. */
  readonly mode: ContestMode;
  /** The last time a written value was found changed back. */
  readonly lastRevertAt: string;
  readonly reverts: number;
  /** Who changed it, when OZmap says; null: OZmap's API names no last editor (docs/OZMAP-API.md). */
  readonly changedBy: string | null;
}

export interface FieldContestState {
  /** The last value the service wrote per field, and when. */
  readonly written?: Readonly<Record<string, { readonly value: unknown; readonly at: string }>>;
  /** When a written value was found changed back, per field, since the last resolution (the last few). */
  readonly reverts?: Readonly<Record<string, readonly string[]>>;
  readonly open?: Readonly<Record<string, OpenContest>>;
  readonly overrides?: Readonly<Record<string, FieldOwner>>;
}

/** Values compared as the log holds them (JSON): coordinates and ONU parts are plain objects. */
export const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * A change the planner wants is a change back when the service wrote this very value before and
 * OZmap now holds another: someone (a person, another integration) undid the service's write.
 * SGP's own changes are not: the value to write is then a new one.
 */
export function isChangeBack(
  written: { readonly value: unknown } | undefined,
  change: { readonly from: unknown; readonly to: unknown },
): boolean {
  return written !== undefined && sameValue(written.value, change.to) && !sameValue(change.from, written.value);
}

/** The changes back of a field inside the window ending at `now`. */
export function recentChangesBack(times: readonly string[] | undefined, now: Date, windowMs: number): string[] {
  const from = now.getTime() - windowMs;
  return (times ?? []).filter((t) => Date.parse(t) > from);
}

/** The fields a sync writes on an existing client (R4.x, planUpdate.ts), by their change keys. */
export const CONTESTABLE_FIELDS = ['name', 'implanted', 'status', 'onu', 'potencyRead', 'coords', 'address'] as const;
export type ContestableField = (typeof CONTESTABLE_FIELDS)[number];
export const isContestableField = (field: string): field is ContestableField =>
  (CONTESTABLE_FIELDS as readonly string[]).includes(field);

/** What an operator may decide for one field of one client (R9.5). */
export const RESOLUTIONS = ['sgp', 'ozmap', 'watch'] as const;
export type OperatorResolution = (typeof RESOLUTIONS)[number];
