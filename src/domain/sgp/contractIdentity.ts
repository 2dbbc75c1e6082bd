import type { ContractSnapshot } from './contractSnapshot.ts';
import type { SgpContractRecord } from './sgpContractRecord.ts';

/** What makes two copies of one contract the same record: RULES R8, revised 2026-12-07. */
export const IDENTITY_FIELDS = ['name', 'status', 'cto', 'ctoPort'] as const;

export type ContractIdentity = Pick<ContractSnapshot, (typeof IDENTITY_FIELDS)[number]>;

export function contractIdentity(snapshot: ContractSnapshot): ContractIdentity {
  return { name: snapshot.name, status: snapshot.status, cto: snapshot.cto, ctoPort: snapshot.ctoPort };
}

/**
 * Asked by a sweep for each record it reads: the identity of the contract when the caller already
 * holds this very record (its log's last observation, byte for byte), else undefined. A sweep
 * keeps only the code and identity of a recognised record (issue 18: at 100,000 contracts the
 * records of a steady sweep were 135 MB held until its last page), enough to merge duplicates (R8).
 */
export type RecogniseRecord = (record: SgpContractRecord) => ContractIdentity | undefined;
