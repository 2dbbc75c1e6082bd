import { planCancel, planSync, type CancelPlan, type PlanContext } from '../domain/planner/planCycle.ts';
import type { PlannedCommand } from '../domain/planner/commands.ts';
import { applyFieldOverrides, type ContestOutcome } from '../domain/planner/applyFieldOverrides.ts';
import type { GuardVerdict } from '../domain/planner/cancelGuard.ts';
import type { OzmapIndex } from '../domain/planner/ozmapIndex.ts';
import { indexExclusions, type Exclusion } from '../domain/exclusions/exclusions.ts';
import { splitExcluded } from '../domain/planner/planExclusions.ts';
import type { ContractState } from '../domain/planner/contractState.ts';
import type { ReadModels } from '../projections/readModels.ts';
import type { EngineDeps } from './engine.ts';
import type { EventWriter } from './eventWriter.ts';
import { ingestSweep, type IngestCounts } from './ingestSweep.ts';
import type { OzmapReadResult, SweptContracts } from './ports.ts';
import type { SgpContractRecord } from '../domain/sgp/sgpContractRecord.ts';
import type { CycleRequest } from './runCycle.ts';

/**
 * The steps a cycle and a plan share, so that `plan`, `GET /api/plan` and a dry run compute
 * what the next cycle does by the very same functions (issue 11: one plan, one path).
 */

/** Step 1b: the ingest decision for a sweep, through `writer` (the log, or a staging writer). */
export function ingestForCycle(
  deps: EngineDeps,
  request: Pick<CycleRequest, 'code' | 'confirmHash'>,
  sweep: SweptContracts,
  sweepId: string,
  writer: EventWriter,
  readModels: ReadModels,
  hashOf?: (record: SgpContractRecord) => string,
): Promise<IngestCounts> {
  return ingestSweep({
    ...(hashOf ? { hashOf } : {}),
    sweep,
    sweepId,
    readModels,
    writer,
    now: deps.clock(),
    detectVanished: !request.code,
    guard: deps.options.cancelGuard,
    confirmedHash: request.confirmHash ?? null,
  });
}

/** Step 3a: what the planner is told about this cycle's reads. */
export function planContextFor(
  deps: EngineDeps,
  request: Pick<CycleRequest, 'confirmHash'>,
  reads: {
    sweepComplete: boolean;
    vanishGuard: GuardVerdict | null;
    ozmap: OzmapReadResult;
    exclusions?: readonly Exclusion[];
  },
): PlanContext {
  return {
    // A sweep that lost a mass of contracts is not trusted for cancellations.
    options: deps.options,
    now: deps.clock(),
    sweepComplete: reads.sweepComplete && reads.vanishGuard === null,
    ozmapComplete: reads.ozmap.actual.complete,
    ...(reads.ozmap.projectNames ? { projectNames: reads.ozmap.projectNames } : {}),
    confirmedHash: request.confirmHash ?? null,
    ...(reads.exclusions?.length ? { exclusions: indexExclusions(reads.exclusions, deps.options.boxNameMatch) } : {}),
  };
}

export interface KindPlan {
  readonly commands: PlannedCommand[];
  /** R9.4/R9.5 (sync only): the contests found and ended, the fields withheld from the commands. */
  readonly contests?: ContestOutcome;
  /** The verdict shown: the vanishing guard's when it holds the sweep, else the cancellations'. */
  readonly guard: GuardVerdict | null;
  /** Why no cancellation was planned; `guard` for a held vanishing too. */
  readonly blocked: CancelPlan['blocked'];
  /** The cancellations' own guard tripped (a vanishing trip is recorded at ingest). */
  readonly cancelGuardTripped: boolean;
}

/** Step 3b (cancel): the cancellations, held as a whole while a vanishing is held; none for an excluded contract (R9.3). */
export function planCancelFor(
  states: readonly ContractState[],
  index: OzmapIndex,
  ctx: PlanContext,
  vanishGuard: GuardVerdict | null,
): CancelPlan & { readonly cancelGuardTripped: boolean } {
  const plan = planCancel(
    ctx.exclusions ? splitExcluded(states, index, ctx.exclusions, ctx.options).planned : states,
    index,
    ctx,
  );
  return {
    commands: plan.commands,
    skips: plan.skips,
    guard: vanishGuard ?? plan.guard,
    blocked: vanishGuard ? 'guard' : plan.blocked,
    cancelGuardTripped: plan.blocked === 'guard',
  };
}

/** Step 3b: the plan of one kind of cycle. */
export function planForKind(
  kind: CycleRequest['kind'],
  states: readonly ContractState[],
  index: OzmapIndex,
  ctx: PlanContext,
  vanishGuard: GuardVerdict | null,
): KindPlan {
  if (kind === 'sync') {
    // R9.3: excluded contracts never reach the planner; the sync notes them in their trails.
    const split = ctx.exclusions ? splitExcluded(states, index, ctx.exclusions, ctx.options) : null;
    const planned = split ? split.planned : states;
    // R9.4-R9.5: contested fields held and per-client overrides, applied to the planned writes.
    const byCode = new Map(planned.map((s) => [s.code, s.contest]));
    const contests = applyFieldOverrides(
      planSync(planned, index, ctx),
      byCode.keys(),
      (code) => byCode.get(code),
      ctx.options.contest,
      ctx.now,
    );
    const commands = [...(split?.notes ?? []), ...contests.commands];
    return { commands, contests, guard: vanishGuard, blocked: null, cancelGuardTripped: false };
  }
  const plan = planCancelFor(states, index, ctx, vanishGuard);
  // The cancellations a bad OZmap record holds are skips, recorded like the sync's (R8.1).
  return {
    commands: [...plan.commands, ...plan.skips],
    guard: plan.guard,
    blocked: plan.blocked,
    cancelGuardTripped: plan.cancelGuardTripped,
  };
}

/**
 * What made a read incomplete, for people: the first failure of each system (its message names
 * the system, the cause, the URL and what to check) and how many more there were.
 */
export function readFailureLines(
  sweepFailures: readonly { readonly message: string }[],
  ozmapFailures: readonly { readonly message: string }[],
): string[] {
  const line = (failures: readonly { readonly message: string }[]) =>
    failures.length === 0
      ? []
      : [`${failures[0]?.message}${failures.length > 1 ? ` (and ${failures.length - 1} more failed reads)` : ''}`];
  return [...line(sweepFailures), ...line(ozmapFailures)];
}
