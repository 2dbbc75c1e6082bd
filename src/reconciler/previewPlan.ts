import { buildOzmapIndex } from '../domain/planner/ozmapIndex.ts';
import type { CancelPlan } from '../domain/planner/planCycle.ts';
import type { PlannedCommand } from '../domain/planner/commands.ts';
import { connectionGaps, type ConnectionGaps } from '../domain/planner/connectionGaps.ts';
import type { EngineDeps } from './engine.ts';
import { sweptContractStates } from './sweptContractStates.ts';
import { ingestForCycle, planCancelFor, planContextFor, planForKind, readFailureLines } from './cyclePlan.ts';
import { createStagingWriter } from './stagingWriter.ts';
import { readExclusions } from './exclusionsLog.ts';
import { listDrift } from '../domain/drift/listDrift.ts';
import type { DriftObservation } from '../domain/drift/driftItem.ts';
import { noExclusions, type Exclusion } from '../domain/exclusions/exclusions.ts';
import { fieldPolicies, type FieldPolicy, type PolicyField } from '../domain/planner/fieldPolicy.ts';

export interface PlanPreview {
  readonly at: string;
  readonly sweepComplete: boolean;
  readonly ozmapComplete: boolean;
  /** Why a read was incomplete, one line per system. */
  readonly readFailures?: readonly string[];
  /** Contracts SGP listed (0 with `code` when SGP does not list that one). */
  readonly contractsRead: number;
  readonly sync: readonly PlannedCommand[];
  readonly cancel: CancelPlan;
  /** R4.8: contracts on another box or port than SGP gives, and unconnected ones. */
  readonly gaps?: ConnectionGaps;
  /** R9.2: the differences known and not written, and why (policy, exclusion). */
  readonly drift?: readonly DriftObservation[];
  /** R9.3: the exclusions in force. */
  readonly exclusions?: readonly Exclusion[];
  /** R9.1: each field's policy. */
  readonly fieldPolicies?: Readonly<Record<PolicyField, FieldPolicy>>;
}

/**
 * What the next sync and cancel cycles would do, on the same inputs, with nothing written: the
 * cycle's own ingest (through a staging writer that folds its events in memory), plan context
 * and planner, so that the plan cannot disagree with the cycle (a held vanishing included).
 */
export async function previewPlan(
  deps: EngineDeps,
  options: { code?: string; confirmHash?: string } = {},
): Promise<PlanPreview> {
  await deps.projector.catchUp();
  const request = {
    ...(options.code ? { code: options.code } : {}),
    ...(options.confirmHash ? { confirmHash: options.confirmHash } : {}),
  };
  const sweep = await deps.sgp.sweepContracts(options.code ? { contrato: options.code } : {});
  const staging = createStagingWriter(deps.readModels);
  const ingest = await ingestForCycle(deps, request, sweep, 'plan', staging.writer, staging.readModels);
  const ozmap = await deps.ozmap.readActual();
  const index = buildOzmapIndex(ozmap.actual);
  const states = sweptContractStates(
    staging.readModels,
    sweep.records.map((r) => r.code),
  );
  const exclusions = await readExclusions(deps.store);
  const ctx = planContextFor(deps, request, {
    sweepComplete: sweep.complete,
    vanishGuard: ingest.vanishGuard,
    ozmap,
    exclusions,
  });
  const sync = planForKind('sync', states, index, ctx, ingest.vanishGuard);
  const { cancelGuardTripped: _, ...cancel } = planCancelFor(states, index, ctx, ingest.vanishGuard);
  return {
    at: ctx.now.toISOString(),
    sweepComplete: sweep.complete,
    ozmapComplete: ozmap.actual.complete,
    readFailures: readFailureLines(sweep.failures, ozmap.failures),
    contractsRead: sweep.records.length,
    sync: sync.commands,
    cancel,
    gaps: connectionGaps(states, index, deps.options, ozmap.projectNames),
    // R9.2: what the plan knows and does not write (ages are the daemon's: /api/drift).
    drift: listDrift(states, index, deps.options, ctx.exclusions ?? noExclusions),
    exclusions,
    fieldPolicies: fieldPolicies(deps.options),
  };
}
