/**
 * Errors of the OZmap client, as data: a record rejected on its own (docs/RULES.md R8: the rest of the
 * read goes on) and a read that could not be completed (docs/RULES.md R1.6).
 */
import type { FailureCode } from '../../domain/failureCodes.ts';
import type { UpstreamError } from '../upstream/upstreamError.ts';

export type OzmapKind = 'boxes' | 'splitters' | 'properties' | 'ftthClients';

/** One OZmap record that does not fit its schema. */
export interface OzmapRecordError {
  readonly code: 'OZMAP_RECORD_INVALID';
  readonly collection: OzmapKind;
  /** The record's `id` or `_id`, when it has one. */
  readonly id: string | null;
  /** Dotted path of the offending field. */
  readonly field: string;
  readonly problem: string;
  readonly message: string;
}

export function ozmapRecordError(
  collection: OzmapKind,
  id: string | null,
  field: string,
  problem: string,
): OzmapRecordError {
  const record = id === null ? `an OZmap ${collection} record without id` : `OZmap ${collection} record ${id}`;
  return {
    code: 'OZMAP_RECORD_INVALID',
    collection,
    id,
    field,
    problem,
    message: `${record}: field ${field}: ${problem}`,
  };
}

/** Why part of a read is missing: a page that failed, or pages that disagree. */
export interface OzmapReadFailure {
  readonly code: UpstreamError['code'] | 'OZMAP_READ_INCONSISTENT';
  /** The page concerned (from 1). */
  readonly page: number;
  readonly message: string;
}

/** Thrown by the single-object lookups when their read is incomplete. */
export class OzmapReadError extends Error {
  override readonly name = 'OzmapReadError';
  readonly code = 'OZMAP_READ_INCOMPLETE' satisfies FailureCode;
  constructor(
    readonly collection: OzmapKind,
    readonly failures: readonly OzmapReadFailure[],
  ) {
    super(`OZmap ${collection}: read incomplete: ${failures.map((failure) => failure.message).join('; ')}`);
  }
}

/** Thrown by a single-object read whose record does not fit its schema. */
export class OzmapRecordInvalidError extends Error {
  override readonly name = 'OzmapRecordInvalidError';
  readonly code = 'OZMAP_RECORD_INVALID' satisfies FailureCode;
  constructor(readonly record: OzmapRecordError) {
    super(record.message);
  }
}
