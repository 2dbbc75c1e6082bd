import { contentHash } from '../../domain/events/eventIds.ts';
import type { ContractState } from '../../domain/planner/contractState.ts';
import { buildOzmapIndex } from '../../domain/planner/ozmapIndex.ts';
import { planCancel, planSync, type CancelPlan } from '../../domain/planner/planCycle.ts';
import type { PlannedCommand } from '../../domain/planner/commands.ts';
import { connectionGaps, type ConnectionGaps } from '../../domain/planner/connectionGaps.ts';
import { normaliseContract } from '../../domain/sgp/normaliseContract.ts';
import type { SgpContractRecord } from '../../domain/sgp/sgpContractRecord.ts';
import type { ReadModels } from '../../projections/readModels.ts';
import type { EngineDeps } from './engine.ts';

export interface PlanPreview {
  readonly at: string;
  readonly sweepComplete: boolean;
  readonly ozmapComplete: boolean;
  readonly sync: readonly PlannedCommand[];
  readonly cancel: CancelPlan;
  /** R4.8: contracts on another box or port than SGP gives, and unconnected ones. */
  readonly gaps?: ConnectionGaps;
}

/**
 * The state each contract would have after ingesting `records`, without writing anything: what
 * `ingestSweep` + the projections would produce, computed in memory.
 */
export function previewStates(readModels: ReadModels, records: readonly SgpContractRecord[]): ContractState[] {
  return records.map((record) => {
    const row = readModels.getContract(record.code);
    if (row && row.lastHash === contentHash(record) && !row.vanished && row.lastRejected === null) return row;
    const base: ContractState = row ?? {
      code: record.code, snapshot: null, previousSnapshot: null, observedRevision: -1, streamRevision: -1,
      vanished: false, lastSkipReason: null, lastNotes: {}, pendingCancellation: null,
    };
    return { ...base, previousSnapshot: base.snapshot, snapshot: normaliseContract(record), observedRevision: base.streamRevision + 1, vanished: false };
  });
}

/** What the next sync and cancel cycles would do, on the same inputs, with nothing written. */
export async function previewPlan(deps: EngineDeps, options: { code?: string; confirmHash?: string } = {}): Promise<PlanPreview> {
  await deps.projector.catchUp();
  const sweep = await deps.sgp.sweepContracts(options.code ? { contrato: options.code } : {});
  const ozmap = await deps.ozmap.readActual();
  const index = buildOzmapIndex(ozmap.actual);
  const states = previewStates(deps.readModels, sweep.records);
  const ctx = {
    options: deps.options, now: deps.clock(), sweepComplete: sweep.complete, ozmapComplete: ozmap.actual.complete,
    ...(ozmap.projectNames ? { projectNames: ozmap.projectNames } : {}), confirmedHash: options.confirmHash ?? null,
  };
  return {
    at: ctx.now.toISOString(),
    sweepComplete: sweep.complete,
    ozmapComplete: ozmap.actual.complete,
    sync: planSync(states, index, ctx),
    cancel: planCancel(states, index, ctx),
    gaps: connectionGaps(states, index, deps.options, ozmap.projectNames),
  };
}
