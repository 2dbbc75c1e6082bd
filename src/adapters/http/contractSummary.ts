import type { ContractListState } from '../../domain/contractListState.ts';
import { contractListState, type ContractRow } from '../../projections/contractRow.ts';

/** One line of `GET /api/clients` (docs/api-contract.md `ContractSummary`). */
export interface ContractSummary {
  readonly code: string;
  readonly name: string | null;
  readonly state: ContractListState;
  readonly status: number | 'unknown' | null;
  readonly cto: string | null;
  readonly ctoPort: number | null;
  readonly skipReason: string | null;
  readonly lastEventAt: string | null;
  readonly lastFailure: ContractRow['lastFailure'];
}

/** Null fields where SGP never sent a valid record: the contract is still listed. */
export function contractSummary(row: ContractRow): ContractSummary {
  const snapshot = row.snapshot;
  return {
    code: row.code,
    name: snapshot?.name ?? null,
    state: contractListState(row),
    status: snapshot?.status ?? null,
    cto: snapshot?.cto ?? null,
    ctoPort: snapshot?.ctoPort ?? null,
    skipReason: row.lastSkipReason,
    lastEventAt: row.lastEventAt,
    lastFailure: row.lastFailure,
  };
}
