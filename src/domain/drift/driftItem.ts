/**
 * R9.2: a difference between SGP and OZmap the service knows of and is not writing, and why.
 * `policy-ozmap`/`policy-fill`: the field's policy (R9.1); `excluded`: the contract or its box
 * (R9.3); `contested-held`/`override-ozmap`/`held`: fed by the contested-field flow (R9.4-R9.5).
 */
export type DriftCause = 'policy-ozmap' | 'policy-fill' | 'contested-held' | 'override-ozmap' | 'held' | 'excluded';

/** A difference as one read shows it, without its age. */
export interface DriftObservation {
  readonly code: string;
  readonly field: string;
  readonly object: 'client' | 'property';
  readonly sgpValue: unknown;
  readonly ozmapValue: unknown;
  readonly cause: DriftCause;
  /** Why, in words, when the cause alone does not say (an exclusion's reason, a hold's). */
  readonly reason?: string;
}

/** A difference with the time it was first seen. */
export interface DriftItem extends DriftObservation {
  readonly since: string;
}

export const driftKey = (item: { readonly code: string; readonly field: string }): string =>
  `${item.code}\u0000${item.field}`;

/**
 * The drift list after a read: each difference keeps the `since` it had while it lasts (its
 * values may move: the difference is the same), a new one starts now, one gone is dropped. Pure.
 */
export function trackDrift(
  previous: ReadonlyMap<string, string>,
  observed: readonly DriftObservation[],
  now: Date,
): DriftItem[] {
  const at = now.toISOString();
  return observed.map((o) => ({ ...o, since: previous.get(driftKey(o)) ?? at }));
}

/** Oldest first, then by code and field: the order of the list and of the digest. */
export function sortDrift(items: readonly DriftItem[]): DriftItem[] {
  return [...items].sort(
    (a, b) =>
      a.since.localeCompare(b.since) ||
      a.code.length - b.code.length ||
      a.code.localeCompare(b.code) ||
      a.field.localeCompare(b.field),
  );
}
