import type { ContractListState } from '../domain/contractListState.ts';
import type { FailureCode } from '../domain/failureCodes.ts';
import type { ContractState } from '../domain/planner/contractState.ts';
import type { FieldChange } from '../domain/planner/commands.ts';

/**
 * A creation or an update whose outcome is unknown: its intent is in the log, but the process
 * stopped before the outcome, or it failed in a way that may have taken effect (a timeout, a
 * reset, a 5xx). The next sync resolves it from what OZmap holds (R6).
 */
export interface PendingWrite {
  readonly commandId: string;
  readonly kind: 'create' | 'update';
  readonly clientId: string | null;
  readonly propertyId: string | null;
  readonly changes: readonly FieldChange[];
}

/**
 * The read model of one contract: the planner's `ContractState` plus what the API, the
 * dashboard and the ingest need to know without reading the stream.
 */
export interface ContractRow extends ContractState {
  /** Hash of the last `SgpContractObserved`: the ingest appends only when a sweep's differs. */
  readonly lastHash: string | null;
  readonly lastObservedAt: string | null;
  /**
   * The last R8 rejection of this contract's SGP record, until a valid observation follows.
   * The ingest should append an observation after a rejection even when the hash equals
   * `lastHash`, or a record that became valid again stays marked rejected.
   */
  readonly lastRejected: { readonly field: string; readonly problem: string; readonly at: string } | null;
  /** Last known OZmap ids (Created, Superseded, Updated, Cancelled, Linked). */
  readonly ozmap: { readonly clientId: string | null; readonly propertyId: string | null } | null;
  /**
   * True when those ids are of a client a cycle found in OZmap (`OzmapClientLinked`) rather than
   * one this service created; absent on rows from before links were recorded.
   */
  readonly foundInOzmap?: boolean;
  readonly lastEventAt: string | null;
  /** The last failed command; kept after later successes, compare `at` with `lastEventAt`. */
  readonly lastFailure: { readonly code: FailureCode; readonly message: string; readonly at: string } | null;
  /** When a cancellation completed; cleared when the client is created again. */
  readonly cancelledAt: string | null;
  /** Absent (or null) unless a create or update was interrupted before its outcome. */
  readonly pendingWrite?: PendingWrite | null;
}

/**
 * Precedence: what needs a person's attention first. A vanished contract is out of the
 * reconciliation whatever else is true; a rejected record blocks every rule; a completed
 * cancellation outranks the skip the next sync records for it (`cancelled-in-sgp`).
 */
export function contractListState(row: ContractRow): ContractListState {
  if (row.vanished) return 'vanished';
  if (row.lastRejected !== null) return 'rejected';
  // R8: an unreadable OZmap record blocks every write for it, created or not (decision 0004).
  if (row.lastSkipReason === 'ozmap-record-unreadable') return 'blocked';
  if (row.cancelledAt !== null) return 'cancelled';
  if (row.ozmap !== null) return row.foundInOzmap === true ? 'linked' : 'created';
  if (row.lastSkipReason !== null) return 'skipped';
  return 'pending';
}

export function emptyContractRow(code: string): ContractRow {
  return {
    code,
    snapshot: null,
    previousSnapshot: null,
    observedRevision: -1,
    streamRevision: -1,
    vanished: false,
    lastSkipReason: null,
    lastNotes: {},
    pendingCancellation: null,
    lastHash: null,
    lastObservedAt: null,
    lastRejected: null,
    ozmap: null,
    lastEventAt: null,
    lastFailure: null,
    cancelledAt: null,
  };
}
