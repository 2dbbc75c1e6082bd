import { isWrite, type PlannedCommand } from './commands.ts';

/**
 * Whether the OZmap writes a sync plan needs can finish within one sync interval at the
 * configured request rate (OZMAP_MAX_RPS), and if not, the RX_DEADBAND_DB that would make them
 * fit (issue 18). With real OLT readings most RX values move by a few hundredths of a dB every
 * sweep, and RULES R4.2 writes RX when it differs at two decimals: at 100,000 contracts that can
 * be tens of thousands of property writes a cycle, hours at 10 requests a second.
 */
export interface WriteBudget {
  /** Write commands in the plan (creations, updates, cancellations). */
  readonly writes: number;
  /** OZmap requests they need at least: a creation re-checks by code then posts (R3.2), an update patches each object it changes. */
  readonly requests: number;
  readonly secondsNeeded: number;
  readonly intervalSeconds: number;
  readonly fits: boolean;
  /** Updates whose only change is the RX reading: what a deadband can spare. */
  readonly rxOnlyUpdates: number;
  /**
   * The smallest RX_DEADBAND_DB (two decimals) above the current one with which the plan fits,
   * when it does not fit now; null when it fits, or when no deadband would (the other writes
   * alone take longer than the interval).
   */
  readonly deadbandThatFits: number | null;
}

export function requestsOf(command: PlannedCommand): number {
  switch (command.kind) {
    case 'create':
      return 2;
    case 'update':
      return new Set(command.changes.map((c) => c.object)).size || 1;
    case 'cancel':
      return 1;
    default:
      return 0;
  }
}

/** The RX change of an update that changes nothing else, in dB at two decimals; null otherwise. */
function rxOnlyDelta(command: PlannedCommand): number | null {
  if (command.kind !== 'update' || command.changes.length !== 1) return null;
  const [change] = command.changes;
  if (change?.rule !== 'R4.2' || typeof change.to !== 'number') return null;
  if (typeof change.from !== 'number') return null;
  return Math.round(Math.abs(change.to - change.from) * 100) / 100;
}

export function writeBudget(
  plan: readonly PlannedCommand[],
  options: { readonly maxRps: number; readonly intervalMs: number; readonly rxDeadbandDb: number },
): WriteBudget {
  const writes = plan.filter(isWrite);
  const requests = writes.reduce((sum, command) => sum + requestsOf(command), 0);
  const intervalSeconds = options.intervalMs / 1000;
  const capacity = options.maxRps * intervalSeconds;
  const deltas = writes
    .map(rxOnlyDelta)
    .filter((d): d is number => d !== null)
    .sort((a, b) => b - a);
  const fits = requests <= capacity;
  let deadbandThatFits: number | null = null;
  if (!fits) {
    // Raising the deadband past a delta spares that update's request (R4.2: written when the
    // difference is at least the deadband). Spare the smallest deltas first.
    let left = requests;
    for (let i = deltas.length - 1; i >= 0; i--) {
      left -= 1;
      const spared = deltas[i]!;
      const next = deltas[i - 1];
      if (next !== undefined && next === spared) continue;
      if (left <= capacity) {
        deadbandThatFits = Math.max(options.rxDeadbandDb, Math.round((spared + 0.01) * 100) / 100);
        break;
      }
    }
  }
  return {
    writes: writes.length,
    requests,
    secondsNeeded: requests / options.maxRps,
    intervalSeconds,
    fits,
    rxOnlyUpdates: deltas.length,
    deadbandThatFits,
  };
}

/** The warning `plan` and `doctor` print, or null when the writes fit. */
export function writeBudgetWarning(budget: WriteBudget, maxRps: number): string | null {
  if (budget.fits) return null;
  const head = `${budget.writes} writes (${budget.requests} OZmap requests at least) take ${Math.ceil(budget.secondsNeeded)} s at OZMAP_MAX_RPS=${maxRps}, longer than SYNC_INTERVAL (${budget.intervalSeconds} s)`;
  if (budget.deadbandThatFits !== null)
    return `${head}: ${budget.rxOnlyUpdates} of them change only the RX reading; RX_DEADBAND_DB=${budget.deadbandThatFits.toFixed(2)} would make them fit`;
  return `${head}, and no RX_DEADBAND_DB would make them fit (${budget.rxOnlyUpdates} change only the RX reading): raise OZMAP_MAX_RPS if the tenant allows, or lengthen SYNC_INTERVAL`;
}
