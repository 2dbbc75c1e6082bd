import type { PlanPreview } from '../../reconciler/previewPlan.ts';
import { summarisePlan, type PlanSummary } from '../../domain/planner/planSummary.ts';
import type { RecordedPlan } from '../../projections/cycleProjection.ts';
import type { ReadModels } from '../../projections/readModels.ts';

/** The plan a cycle recorded, with the cycle it belongs to. */
export interface CyclePlan extends RecordedPlan {
  readonly cycleId: string;
  readonly kind: 'sync' | 'cancel';
  readonly startedAt: string;
  readonly dryRun: boolean;
}

/** Cycles looked at, newest first, for the last plan of each kind: older ones are history. */
const CYCLES_SCANNED = 1000;

/** `GET /api/plan`: the last plan each kind of cycle recorded, from the read models alone. */
export function recordedPlans(readModels: ReadModels): { sync: CyclePlan | null; cancel: CyclePlan | null } {
  const found: { sync: CyclePlan | null; cancel: CyclePlan | null } = { sync: null, cancel: null };
  let cursor: string | undefined;
  for (let scanned = 0; scanned < CYCLES_SCANNED && (found.sync === null || found.cancel === null);) {
    const page = readModels.cycles({ limit: 200, ...(cursor ? { cursor } : {}) });
    for (const row of page.items) {
      if (row.plan && found[row.kind] === null) {
        found[row.kind] = {
          cycleId: row.cycleId,
          kind: row.kind,
          startedAt: row.startedAt,
          dryRun: row.dryRun,
          ...row.plan,
        };
      }
    }
    scanned += page.items.length;
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return found;
}

/** `POST /api/plan`: a live preview grouped like the recorded plans. */
export function livePlan(preview: PlanPreview): {
  at: string;
  live: true;
  sweepComplete: boolean;
  ozmapComplete: boolean;
  sync: PlanSummary;
  cancel: PlanSummary;
} {
  return {
    at: preview.at,
    live: true,
    sweepComplete: preview.sweepComplete,
    ozmapComplete: preview.ozmapComplete,
    sync: summarisePlan(preview.sync, null, null),
    cancel: summarisePlan(preview.cancel.commands, preview.cancel.guard, preview.cancel.blocked),
  };
}
