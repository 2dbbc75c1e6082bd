import type { ContractSnapshot, Coordinates } from './contractSnapshot.ts';

/** The snapshot fields whose changes the audit trail records (R6), in the order it lists them. */
const SNAPSHOT_CHANGE_FIELDS = ['name', 'status', 'cto', 'ctoPort', 'rxDbm', 'online', 'coords', 'address'] as const;
export type SnapshotField = (typeof SNAPSHOT_CHANGE_FIELDS)[number];

/** One field SGP reported changed; `from` is null when there was no earlier snapshot. */
export type SnapshotChange = {
  readonly [F in SnapshotField]: {
    readonly field: F;
    readonly from: ContractSnapshot[F] | null;
    readonly to: ContractSnapshot[F];
  };
}[SnapshotField];

function sameCoordinates(a: Coordinates | null, b: Coordinates | null): boolean {
  if (a === null || b === null) return a === b;
  return a.lat === b.lat && a.lng === b.lng;
}

function sameValue(field: SnapshotField, a: unknown, b: unknown): boolean {
  if (field === 'coords') return sameCoordinates(a as Coordinates | null, b as Coordinates | null);
  return a === b;
}

/**
 * R6: the changes SGP reported between two snapshots of one contract, in the fixed order of
 * `SNAPSHOT_CHANGE_FIELDS`; an equal field is left out. Coordinates compare exactly here (the
 * 1e-6 tolerance of R4.3 is about writing to OZmap, not about what SGP said).
 *
 * With no earlier snapshot (`before` null, the first observation) every field is compared with
 * null, so the trail lists every field SGP sent a value for; a field that is null in `after`
 * is left out, while '' and 'unknown' are values and are listed.
 *
 * `status` compares the code only: a new wording of the same status ("Ativo" -> "ATIVO ") is
 * not a change; `statusText` and `code` are not listed.
 */
export function describeSnapshotChanges(before: ContractSnapshot | null, after: ContractSnapshot): SnapshotChange[] {
  const changes: SnapshotChange[] = [];
  for (const field of SNAPSHOT_CHANGE_FIELDS) {
    const from = before === null ? null : before[field];
    const to = after[field];
    // TypeScript cannot tie `from`/`to` to `field` across the loop; `before[field]` and
    // `after[field]` are the same field's type by construction.
    if (!sameValue(field, from, to)) changes.push({ field, from, to } as SnapshotChange);
  }
  return changes;
}
