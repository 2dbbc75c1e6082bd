import type { CycleKind, CycleOutcome } from '../domain/cycles.ts';
import type { DomainEvent, EventPayload, FailedContract } from '../domain/events/catalogue.ts';

/** One sync or cancellation cycle, from its `CycleStarted` to its `CycleFinished`. */
export interface CycleRow {
  readonly cycleId: string;
  readonly kind: CycleKind;
  readonly trigger: string;
  readonly dryRun: boolean;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** `running` until the cycle's `CycleFinished`. */
  readonly outcome: CycleOutcome | 'running';
  readonly durationMs: number | null;
  readonly counts: Readonly<Record<string, number>>;
  readonly sweepComplete: boolean | null;
  readonly ozmapComplete: boolean | null;
  readonly error: string | null;
  /** Commands a dry run planned (sum of its `CyclePlanned`); null when it recorded none. */
  readonly plannedCommands: number | null;
  /** The contracts whose commands failed, when any did. */
  readonly failedContracts?: readonly FailedContract[];
  /** What the cycle planned, grouped (`CyclePlanSummarised`); absent when it recorded none. */
  readonly plan?: RecordedPlan;
}

/** A cycle's plan as recorded: grouped by kind and reason, with the guard's verdict. */
export type RecordedPlan = Omit<EventPayload<'CyclePlanSummarised'>, 'v' | 'cycleId' | 'kind'>;

interface PendingGuardTrip {
  readonly hash: string;
  readonly removals: number;
  readonly totalClients: number;
  readonly codes: readonly string[];
  readonly cycleId: string;
  readonly at: string;
}

/** R5.6: the set waiting for a person's confirmation, and the last releases. */
export interface GuardState {
  readonly pending: PendingGuardTrip | null;
  readonly released: readonly { readonly hash: string; readonly at: string; readonly by: string }[];
}

export const RELEASES_KEPT = 20;

export const emptyGuardState = (): GuardState => ({ pending: null, released: [] });

/** The cycle an event of the `cycles` stream is about; null for guard releases and leases. */
export function cycleIdOf(event: DomainEvent): string | null {
  switch (event.type) {
    case 'CycleStarted':
    case 'CycleFinished':
    case 'CyclePlanned':
    case 'CyclePlanSummarised':
      return event.data.cycleId;
    default:
      return null;
  }
}

/**
 * A row for a cycle whose start is not in the log (the log was trimmed, or a crash lost the
 * start): placed at its finish minus its duration, so that it still sorts in its place.
 */
function orphanRow(cycleId: string, finished: EventPayload<'CycleFinished'> | null, at: string): CycleRow {
  const startedAt = finished ? new Date(Date.parse(at) - finished.durationMs).toISOString() : at;
  return {
    cycleId,
    kind: finished?.kind ?? 'sync',
    trigger: 'unknown',
    dryRun: finished?.dryRun ?? true,
    startedAt,
    finishedAt: null,
    outcome: 'running',
    durationMs: null,
    counts: {},
    sweepComplete: null,
    ozmapComplete: null,
    error: null,
    plannedCommands: null,
  };
}

/** The cycle fold: returns the row the event changes, or `row` untouched when none. */
export function applyCycleEvent(row: CycleRow | undefined, event: DomainEvent): CycleRow | undefined {
  switch (event.type) {
    case 'CycleStarted': {
      const d = event.data;
      return {
        ...orphanRow(d.cycleId, null, d.at),
        ...row,
        kind: d.kind,
        trigger: d.trigger,
        dryRun: d.dryRun,
        startedAt: d.at,
      };
    }
    case 'CycleFinished': {
      const d = event.data;
      const { kind, dryRun, outcome, durationMs, counts, sweepComplete, ozmapComplete, error } = d;
      const base = row ?? orphanRow(d.cycleId, d, d.at);
      return {
        ...base,
        kind,
        dryRun,
        finishedAt: d.at,
        outcome,
        durationMs,
        counts,
        sweepComplete,
        ozmapComplete,
        error,
        ...(d.failedContracts?.length ? { failedContracts: d.failedContracts } : {}),
      };
    }
    case 'CyclePlanned': {
      const d = event.data;
      const base = row ?? orphanRow(d.cycleId, null, d.at);
      return { ...base, plannedCommands: (base.plannedCommands ?? 0) + d.commands.length };
    }
    case 'CyclePlanSummarised': {
      const { v: _version, cycleId, kind, ...plan } = event.data;
      return { ...(row ?? orphanRow(cycleId, null, plan.at)), kind, plan };
    }
    default:
      return row;
  }
}

/**
 * The guard fold (R5.6): a trip sets the pending set; a release naming its hash clears it; a
 * cancellation cycle that completed without tripping clears it too, because the set it was
 * about no longer exceeds the guard.
 */
export function applyGuardEvent(guard: GuardState, event: DomainEvent): GuardState {
  switch (event.type) {
    case 'CancellationGuardTripped': {
      const { hash, removals, totalClients, codes, cycleId, at } = event.data;
      return { ...guard, pending: { hash, removals, totalClients, codes, cycleId, at } };
    }
    case 'CancellationGuardReleased': {
      const { hash, at, by } = event.data;
      const released = [...guard.released, { hash, at, by }].slice(-RELEASES_KEPT);
      return { pending: guard.pending?.hash === hash ? null : guard.pending, released };
    }
    case 'CycleFinished': {
      const d = event.data;
      const clears =
        d.kind === 'cancel' &&
        d.outcome === 'completed' &&
        guard.pending !== null &&
        guard.pending.cycleId !== d.cycleId;
      return clears ? { ...guard, pending: null } : guard;
    }
    default:
      return guard;
  }
}
