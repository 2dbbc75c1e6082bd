import { canonicalJson } from '../domain/events/eventIds.ts';
import type { CycleRow } from './cycleProjection.ts';
import type { ReadModels } from './readModels.ts';

/** How many rows differ between two sets of read models; zero everywhere means identical. */
export interface ReadModelDifferences {
  /** Contracts present on one side only or whose rows differ. */
  readonly contracts: number;
  readonly cycles: number;
  readonly guard: boolean;
}

const PAGE = 1_000;

/** Every cycle row, as canonical JSON by cycle id. */
export function allCycles(readModels: ReadModels): Map<string, string> {
  const rows = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const page: { items: CycleRow[]; nextCursor: string | null } = readModels.cycles(
      cursor === null ? { limit: PAGE } : { limit: PAGE, cursor },
    );
    for (const row of page.items) rows.set(row.cycleId, canonicalJson(row));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return rows;
}

/**
 * Equal as canonical JSON. Rows built by the same fold list their keys in the same order, so
 * plain JSON (a few times cheaper) settles almost every pair: equal plain JSON implies equal
 * canonical JSON, and only rows whose plain JSON differs are compared canonically.
 */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b) || canonicalJson(a) === canonicalJson(b);
}

/**
 * Canonical JSON (sorted keys) row by row, so key order never counts as a difference.
 * `candidates`, when given, are the only contract codes that may differ (the storage compared
 * every other row's stored text and found it equal): only those rows are compared here.
 */
export function compareReadModels(a: ReadModels, b: ReadModels, candidates?: Iterable<string>): ReadModelDifferences {
  let contracts = 0;
  if (candidates === undefined) {
    for (const row of a.contracts()) {
      const other = b.getContract(row.code);
      if (other === undefined || !sameJson(other, row)) contracts += 1;
    }
    for (const row of b.contracts()) if (a.getContract(row.code) === undefined) contracts += 1;
  } else {
    for (const code of candidates) {
      const row = a.getContract(code);
      const other = b.getContract(code);
      if (row === undefined || other === undefined || !sameJson(other, row)) contracts += 1;
    }
  }
  const cyclesA = allCycles(a);
  const cyclesB = allCycles(b);
  let cycles = 0;
  for (const [id, json] of cyclesA) if (cyclesB.get(id) !== json) cycles += 1;
  for (const id of cyclesB.keys()) if (!cyclesA.has(id)) cycles += 1;
  return { contracts, cycles, guard: canonicalJson(a.guard()) !== canonicalJson(b.guard()) };
}
