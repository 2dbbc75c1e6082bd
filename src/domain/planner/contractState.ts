import type { ContractSnapshot } from '../sgp/contractSnapshot.ts';
import type { CancelMode, SkipReason } from './commands.ts';
import type { FieldContestState } from '../contest/contestState.ts';

/** A cancellation recorded before its first write (R5.5), so a retry can finish it. */
export interface PendingCancellation {
  readonly commandId: string;
  readonly mode: CancelMode;
  readonly clientId: string | null;
  readonly clientName: string;
  readonly propertyId: string | null;
  readonly observationLine: string | null;
  readonly disconnect: { readonly splitterId: string; readonly fiber: string } | null;
}

/** What the projections know of one contract: the planner's desired side. */
export interface ContractState {
  readonly code: string;
  /** The latest valid observation, normalised; null when SGP never sent a valid one. */
  readonly snapshot: ContractSnapshot | null;
  /** The observation before it, to tell SGP's changes from drift in OZmap. */
  readonly previousSnapshot: ContractSnapshot | null;
  /** Stream revision of the latest observation: command ids derive from it. */
  readonly observedRevision: number;
  /** Revision of the contract stream's last event (the next append's expected revision). */
  readonly streamRevision: number;
  /** The contract disappeared from a complete SGP sweep (R5.7). */
  readonly vanished: boolean;
  readonly lastSkipReason: SkipReason | null;
  /** Last recorded note per kind (R4.8 divergence), so notes are not repeated every cycle. */
  readonly lastNotes: Readonly<Record<string, string>>;
  readonly pendingCancellation: PendingCancellation | null;
  /**
   * When each status was last observed (ISO time, by status code or `unknown`): R5.5 tells an
   * earlier cancellation's line from this one's by it. Absent in rows folded before it existed.
   */
  readonly statusSeenAt?: Readonly<Record<string, string>>;
  /**
   * The lines of the cancellations the log records as finished (the last few): never this
   * cancellation's line, even when dated in the minute of the reactivation (R5.5).
   */
  readonly endedLines?: readonly string[];
  /** Last known OZmap ids: after a cancellation, the property R5.2 kept (R5.8). */
  readonly ozmap?: { readonly clientId: string | null; readonly propertyId: string | null } | null;
  /** When a cancellation completed; null again once a client is created (R5.8). */
  readonly cancelledAt?: string | null;
  /** R9.4/R9.5: the service's writes per field, changes back, open contests, overrides. */
  readonly contest?: FieldContestState;
}
