import { normaliseContract } from '../../domain/sgp/normaliseContract.ts';
import type { SgpContractRecord } from '../../domain/sgp/sgpContractRecord.ts';
import { contractIdentity, IDENTITY_FIELDS, type ContractIdentity } from '../../domain/sgp/contractIdentity.ts';
import type { InvalidSgpRecord } from './invalidSgpRecord.ts';

/** One contract record and where it was in SGP's listing. */
export interface LocatedRecord {
  readonly code: string;
  /**
   * The record, or null for a record the caller recognised as one it already holds
   * (`RecogniseRecord`): then only its identity is kept.
   */
  readonly record: SgpContractRecord | null;
  readonly identity: ContractIdentity | null;
  /** The record's content hash, when the sweep had a `RecogniseRecord` to ask (null without one). */
  readonly hash: string | null;
  /** Position of its client record in the whole listing (page offset + index). */
  readonly clientIndex: number;
  /** SGP's client id (`id`, else `cliente_id`), when the client record carries one. */
  readonly clientId: string | null;
}

/**
 * RULES R8 (revised): one contract code in several records of a sweep. Records shift between
 * pages while SGP is being edited, so copies that agree on name, status, CTO and port are one
 * record, and the later one in the listing (the later read) wins, for RX and connection status
 * among the rest. Copies that disagree on any of those are two contracts claiming one OZmap
 * client: the code is rejected as a whole, naming each copy, and nothing is written for it.
 *
 * @param located every valid record of the sweep, in listing order
 * @param pageSize to name the page each copy was on
 */
export function mergeDuplicateCodes(
  located: readonly LocatedRecord[],
  pageSize: number,
): { readonly records: SgpContractRecord[]; readonly known: string[]; readonly rejected: InvalidSgpRecord[] } {
  const byCode = new Map<string, LocatedRecord[]>();
  for (const copy of located) {
    const copies = byCode.get(copy.code);
    if (copies) copies.push(copy);
    else byCode.set(copy.code, [copy]);
  }
  const records: SgpContractRecord[] = [];
  const known: string[] = [];
  const rejected: InvalidSgpRecord[] = [];
  for (const [code, copies] of byCode) {
    const last = copies[copies.length - 1];
    if (last === undefined) continue;
    const disagreeing = disagreement(copies);
    if (disagreeing.length === 0) {
      if (last.record === null) known.push(code);
      else records.push(last.record);
      continue;
    }
    const where = copies.map((copy) => describeCopy(copy, pageSize, disagreeing)).join('; ');
    rejected.push({
      code: 'SGP_RECORD_INVALID',
      contract: code,
      clientIndex: copies[0]?.clientIndex ?? last.clientIndex,
      field: 'contrato',
      problem: `contract ${code} is in ${copies.length} SGP records that disagree on ${disagreeing.join(', ')}: ${where}`,
    });
  }
  return { records, known, rejected };
}

type Identity = ContractIdentity;

function identityOf(copy: LocatedRecord): Identity {
  // A recognised copy is the record the log last observed: its identity is that snapshot's.
  if (copy.identity !== null) return copy.identity;
  if (copy.record === null)
    throw new Error(`contract ${copy.code}: a located copy holds neither a record nor an identity`);
  return contractIdentity(normaliseContract(copy.record));
}

/** The identity fields on which the copies do not all agree (normalised, as the rules read them). */
function disagreement(copies: readonly LocatedRecord[]): string[] {
  if (copies.length < 2) return [];
  const identities = copies.map((copy) => identityOf(copy));
  const first = identities[0];
  return IDENTITY_FIELDS.filter((field) => identities.some((identity) => identity[field] !== first?.[field]));
}

function describeCopy(copy: LocatedRecord, pageSize: number, fields: readonly string[]): string {
  const identity = identityOf(copy);
  const values = fields.map((field) => `${field} ${preview(identity[field as keyof Identity])}`).join(', ');
  const page = Math.floor(copy.clientIndex / Math.max(1, pageSize)) + 1;
  return `position ${copy.clientIndex} (page ${page}, client id ${copy.clientId ?? 'none'}): ${values}`;
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
