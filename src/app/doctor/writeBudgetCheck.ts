import type { CycleRow } from '../../projections/cycleProjection.ts';
import type { Config } from '../config/index.ts';
import { openLocalState } from '../openLocalState.ts';
import type { CheckResult } from './doctorChecks.ts';

const CHECK = 'sync write budget';

/**
 * Issue 18: the writes the last sync cycle planned, against what SYNC_INTERVAL allows at
 * OZMAP_MAX_RPS. The recorded plan is grouped, without the RX values, so the deadband that
 * would fit is left to `sgp-ozmap plan`, which has them; null when no sync plan is recorded.
 */
export function writeBudgetCheck(
  cycles: readonly CycleRow[],
  options: { readonly maxRps: number; readonly intervalMs: number },
): CheckResult | null {
  const last = cycles.find((c) => c.kind === 'sync' && c.plan !== undefined);
  if (!last?.plan) return null;
  const count = (keep: (g: { kind: string; rule: string }) => boolean): number =>
    last.plan!.groups.filter(keep).reduce((n, g) => n + g.count, 0);
  // A creation re-checks by code, then posts (R3.2); an update or cancellation is one request at
  // least. (Update groups are per changed field, so updates are counted from `writes`.)
  const requests = last.plan.writes + count((g) => g.kind === 'create');
  const rxUpdates = count((g) => g.kind === 'update' && g.rule === 'R4.2');
  const seconds = requests / options.maxRps;
  const interval = options.intervalMs / 1000;
  const what = `the last sync cycle (${last.startedAt}) planned ${last.plan.writes} writes, ${requests} OZmap requests at least: ${Math.ceil(seconds)} s at OZMAP_MAX_RPS=${options.maxRps}, SYNC_INTERVAL is ${interval} s`;
  if (seconds <= interval) return { check: CHECK, verdict: 'ok', detail: what };
  return {
    check: CHECK,
    verdict: 'warn',
    detail: `${what}: its writes cannot finish within the interval${rxUpdates > 0 ? ` (${rxUpdates} RX updates, R4.2)` : ''}`,
    fix: '`sgp-ozmap plan` names the RX_DEADBAND_DB that would make the next plan fit; or raise OZMAP_MAX_RPS if the tenant allows, or lengthen SYNC_INTERVAL',
  };
}

export async function checkWriteBudget(config: Config): Promise<CheckResult | null> {
  try {
    const state = await openLocalState(config.eventStore, config.readModelPath);
    try {
      await state.projector.catchUp();
      const { items } = state.readModels.cycles({ limit: 50 });
      return writeBudgetCheck(items, { maxRps: config.ozmap.maxRps, intervalMs: config.rules.syncIntervalMs });
    } finally {
      await state.close();
    }
  } catch {
    // The event store check reports a store that cannot be opened.
    return null;
  }
}
