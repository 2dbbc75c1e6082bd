import type { ContractSnapshot } from './contractSnapshot.ts';
import type { SgpContractRecord } from './sgpContractRecord.ts';

/** What makes two copies of one contract the same record: RULES R8, revised 2026-12-07. */
export const IDENTITY_FIELDS = ['name', 'status', 'cto', 'ctoPort'] as const;

export type ContractIdentity = Pick<ContractSnapshot, (typeof IDENTITY_FIELDS)[number]>;

export function contractIdentity(snapshot: ContractSnapshot): ContractIdentity {
  return { name: snapshot.name, status: snapshot.status, cto: snapshot.cto, ctoPort: snapshot.ctoPort };
}

/**
 * What a sweep asks about each record it reads: its content hash, and the identity of the
 * contract when the caller already holds this very record (its log's last observation, byte for
 * byte, compared by hash). A sweep keeps only the code and identity of a recognised record
 * (issue 18: at 100,000 contracts the records of a steady sweep were 135 MB held until its last
 * page), enough to merge duplicates (R8). By hash, so that a page read again with the same bytes
 * can be recognised from the hashes it held last time, without being parsed (`PageMemo`).
 */
export interface RecogniseRecord {
  /** The record's content hash, as its `SgpContractObserved` carries it. */
  hashOf(record: SgpContractRecord): string;
  /** The contract's identity when its log's last observation has this hash (and nothing since set it apart). */
  identityOf(code: string, hash: string): ContractIdentity | undefined;
}
