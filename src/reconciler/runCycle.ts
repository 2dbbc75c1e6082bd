import { buildOzmapIndex, type OzmapIndex } from '../domain/planner/ozmapIndex.ts';
import { isWrite, type PlannedCommand } from '../domain/planner/commands.ts';
import type { GuardVerdict } from '../domain/planner/cancelGuard.ts';
import { CYCLES_STREAM } from '../domain/events/streams.ts';
import { failureCodeOf, type FailureCode } from '../domain/failureCodes.ts';
import { createEventWriter, revisionsFromReadModels, type EventWriter } from './eventWriter.ts';
import type { EngineDeps } from './engine.ts';
import {
  executeCommand,
  recordFinishedCancellations,
  recordInterruptedWrites,
  type CommandOutcome,
} from './executeCommand.ts';
import { isCancelled } from '../domain/planner/planCancellation.ts';
import { recogniseRecorded, recordHashes } from './ingestSweep.ts';
import { ingestForCycle, planContextFor, planForKind, readFailureLines } from './cyclePlan.ts';
import { readExclusions } from './exclusionsLog.ts';
import { runPool } from './runPool.ts';
import type { OzmapReadResult } from './ports.ts';
import { sweptContractStates } from './sweptContractStates.ts';
import { alertFailureStreaks, tallying, type CommandTally } from './commandTally.ts';
import { recordOzmapLinks } from './recordOzmapLinks.ts';
import { recordPlanSummary } from './recordPlanSummary.ts';
import { recordContests } from './recordContests.ts';
import { connectionGaps } from '../domain/planner/connectionGaps.ts';
import { recordGuardTrip } from './massDeletionGuard.ts';
import type { CycleKind, CycleOutcome } from '../domain/cycles.ts';

export interface CycleReport {
  readonly cycleId: string;
  readonly kind: CycleKind;
  readonly outcome: CycleOutcome;
  /** Contracts whose OZmap writes failed in this cycle (each named in CycleFinished's `failedContracts`). */
  readonly contractsWithFailedWrites: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly commands: readonly PlannedCommand[];
  readonly guard: GuardVerdict | null;
  readonly error: string | null;
  /** Why a read was incomplete, one line per system (empty when both were complete). */
  readonly readFailures?: readonly string[];
  readonly durationMs: number;
}

export interface CycleRequest {
  readonly kind: CycleKind;
  readonly trigger: string;
  /** One contract only (`sync --once --code N`). */
  readonly code?: string;
  /** The guarded cancellation set a person released (R5.6). */
  readonly confirmHash?: string;
}

/**
 * One cycle, start to finish: sweep SGP and store what changed while OZmap is read, plan, execute (or, in
 * dry-run, record the plan), and record the cycle. Every step's facts land in the log first.
 */
export async function runCycle(deps: EngineDeps, request: CycleRequest): Promise<CycleReport> {
  const started = deps.clock();
  const cycleId = deps.newCycleId(request.kind);
  // The writer learns each contract stream's revision from the read models, and the rest from the store.
  const writer = createEventWriter(
    deps.store,
    revisionsFromReadModels(() => deps.readModels),
  );
  const counts: Record<string, number> = {};
  await writer.append(CYCLES_STREAM, 'CycleStarted', {
    v: 1,
    cycleId,
    kind: request.kind,
    at: started.toISOString(),
    dryRun: deps.dryRun,
    trigger: request.trigger,
  });
  let outcome: CycleOutcome = 'completed';
  let error: string | null = null;
  let failure: FailureCode | null = null;
  let commands: PlannedCommand[] = [];
  let guard: GuardVerdict | null = null;
  let sweepComplete = false;
  let ozmapComplete = false;
  let readFailures: readonly string[] = [];
  const tally: CommandTally = { failed: [], succeeded: new Set() };
  try {
    const result = await cycleBody(deps, request, cycleId, writer, counts, tally);
    ({ commands, guard, sweepComplete, ozmapComplete, readFailures } = result);
    outcome = result.outcome;
  } catch (e) {
    if (deps.halt?.aborted) {
      // A clean stop, not a failure: what ran is recorded, the next cycle resumes from OZmap.
      outcome = 'incomplete';
      error = `stopped (${String(deps.halt.reason)}) before the cycle's end`;
    } else {
      outcome = 'failed';
      error = e instanceof Error ? e.message : String(e);
      failure = failureCodeOf(e);
      // A failure of the catalogue says what to do in its message: a stack would only bury it.
      if (failure === 'INTERNAL') deps.logger.error({ err: e, cycleId }, 'cycle failed');
      else deps.logger.error({ cycleId, failure, error }, 'cycle failed');
    }
  }
  const durationMs = deps.clock().getTime() - started.getTime();
  await writer.append(CYCLES_STREAM, 'CycleFinished', {
    v: 1,
    cycleId,
    kind: request.kind,
    at: deps.clock().toISOString(),
    outcome,
    durationMs,
    sweepComplete,
    ozmapComplete,
    dryRun: deps.dryRun,
    counts,
    error,
    ...(tally.failed.length > 0 ? { failedContracts: tally.failed } : {}),
  });
  await deps.projector.catchUp();
  if (outcome !== 'completed' && !deps.halt?.aborted) {
    const kind =
      outcome === 'guard-tripped'
        ? 'guard-tripped'
        : outcome === 'incomplete'
          ? 'cycle-incomplete'
          : failure === 'UPSTREAM_CREDENTIALS'
            ? 'credentials-rejected'
            : 'cycle-failed';
    await deps
      .alert({
        kind,
        cycleId,
        message: `${request.kind} cycle ${outcome}${error ? `: ${error}` : ''}`,
        details: { counts, guard },
      })
      .catch((e: unknown) => deps.logger.warn({ err: e }, 'alert not delivered'));
  }
  await alertFailureStreaks(deps, cycleId, tally).catch((e: unknown) =>
    deps.logger.warn({ err: e }, 'failure streak alerts not delivered'),
  );
  return {
    cycleId,
    kind: request.kind,
    outcome,
    contractsWithFailedWrites: tally.failed.length,
    counts,
    commands,
    guard,
    error,
    readFailures,
    durationMs,
  };
}

interface BodyResult {
  readonly outcome: CycleOutcome;
  readonly commands: PlannedCommand[];
  readonly guard: GuardVerdict | null;
  readonly sweepComplete: boolean;
  readonly ozmapComplete: boolean;
  readonly readFailures: readonly string[];
}

async function cycleBody(
  deps: EngineDeps,
  request: CycleRequest,
  cycleId: string,
  writer: EventWriter,
  counts: Record<string, number>,
  tally: CommandTally,
): Promise<BodyResult> {
  const { logger } = deps;
  // 2. OZmap: the actual state, read in pages while SGP is swept (issue 18): the two reads are
  // independent, and at 20 ms of latency each hides most of the other's waiting. Nothing is
  // written before both are in. A read left behind by a failed sweep is not awaited.
  let ozmapRead: Promise<OzmapReadResult> | null = deps.ozmap.readActual({
    onProgress: (what, read, total) => deps.onProgress?.(`OZmap ${what}`, read, total),
  });
  ozmapRead.catch(() => undefined);
  // 1. SGP: sweep and store what changed.
  const { sweptCodes, sweepComplete, sweepFailures, vanishGuard } = await sweepAndIngest(
    deps,
    request,
    cycleId,
    writer,
    counts,
  );
  await deps.projector.catchUp();
  stopIfHalted(deps);
  let ozmap: OzmapReadResult | null = await ozmapRead;
  // The settled promise holds the state too: let go of it with `ozmap` below.
  ozmapRead = null;
  deps.onOzmapRead?.(ozmap);
  const ozmapComplete = ozmap.actual.complete;
  Object.assign(counts, {
    ozmapClients: ozmap.actual.clients.length,
    ozmapRejected: ozmap.rejected.length,
    ozmapUnreadable: ozmap.actual.unreadable?.length ?? 0,
  });
  // R8: each unreadable record, by id and field; it blocks writes, not the cycle (decision 0004).
  for (const r of ozmap.actual.unreadable ?? []) {
    logger.warn(
      { cycleId, collection: r.kind, id: r.id, code: r.code, field: r.field, problem: r.reason },
      'OZmap record unreadable (R8): it counts as present and blocks the writes it could make wrong',
    );
  }
  if (!sweepComplete) logger.warn({ cycleId, failures: sweepFailures.map((f) => f.message) }, 'SGP sweep incomplete');
  if (!ozmapComplete) logger.warn({ cycleId, failures: ozmap.failures.map((f) => f.message) }, 'OZmap read incomplete');
  // 3. Plan: only the contracts read in this sweep (R1.6).
  let index: OzmapIndex | null = buildOzmapIndex(ozmap.actual);
  const states = sweptContractStates(deps.readModels, sweptCodes);
  const exclusions = await readExclusions(deps.store);
  const ctx = planContextFor(deps, request, { sweepComplete, vanishGuard, ozmap, exclusions });
  const plan = planForKind(request.kind, states, index, ctx, vanishGuard);
  const { commands, guard } = plan;
  if (plan.cancelGuardTripped && guard) {
    await recordGuardTrip(writer, { cycleId, at: deps.clock() }, guard);
  }
  if (request.kind === 'sync' && !deps.options.moveOnCtoChange) {
    // R4.8: with moves off, how many contracts sit elsewhere than SGP says (the dashboard shows it).
    const differ = connectionGaps(states, index, deps.options, ozmap.projectNames).differ.length;
    if (differ > 0) counts.moveDiffer = differ;
  }
  counts.planned = commands.filter(isWrite).length;
  await recordPlanSummary(writer, { cycleId, kind: request.kind, at: deps.clock() }, commands, guard, plan.blocked);
  // 3b. The clients OZmap holds for these contracts: the state follows them, not only our writes.
  const linked = await recordOzmapLinks(deps, sweptCodes, index, { writer, cycleId, now: deps.clock });
  if (linked > 0) counts.linked = linked;
  // The commands and R6 need only the clients by code: the rest of the OZmap state (its boxes,
  // splitters and properties) is let go before them, as the sweep's records were.
  const { clientsByCode } = index;
  const ozmapFailures = ozmap.failures;
  ozmap = null;
  index = null;
  // 4. Execute, or record the plan in shadow mode.
  if (deps.dryRun) {
    await writer.append(CYCLES_STREAM, 'CyclePlanned', {
      v: 1,
      cycleId,
      at: deps.clock().toISOString(),
      commands: commands.map((c) => ({ ...c })),
    });
  } else {
    stopIfHalted(deps);
    await executeAll(deps, commands, cycleId, tallying(writer, tally), counts);
    stopIfHalted(deps);
    // Resolved only from complete reads: a client not read is not a client gone.
    if (request.kind === 'sync' && sweepComplete && ozmapComplete) {
      const live = states
        .filter((s) => !s.vanished && !isCancelled(s, deps.options))
        .flatMap((s) => deps.readModels.getContract(s.code) ?? []);
      const resolved = await recordInterruptedWrites(live, commands, clientsByCode, {
        writer,
        cycleId,
        now: deps.clock,
      });
      if (resolved > 0) counts.resolved = resolved;
    }
    if (plan.contests) {
      const contested = await recordContests(deps, plan.contests, writer, cycleId);
      if (contested > 0) counts.contested = contested;
    }
    if (request.kind === 'cancel' && plan.blocked === null) {
      const cancelled = states.filter((s) => !s.vanished && isCancelled(s, deps.options));
      const finished = await recordFinishedCancellations(cancelled, commands, { writer, cycleId, now: deps.clock });
      if (finished > 0) counts.cancelled = (counts.cancelled ?? 0) + finished;
    }
  }
  const incomplete = !sweepComplete || !ozmapComplete;
  const outcome: CycleOutcome =
    plan.blocked === 'guard' || vanishGuard ? 'guard-tripped' : incomplete ? 'incomplete' : 'completed';
  return {
    outcome,
    commands,
    guard,
    sweepComplete,
    ozmapComplete,
    readFailures: readFailureLines(sweepFailures, ozmapFailures),
  };
}

interface SweepOutcome {
  readonly sweptCodes: string[];
  readonly sweepComplete: boolean;
  readonly sweepFailures: { readonly message: string }[];
  readonly vanishGuard: GuardVerdict | null;
}

/**
 * Step 1 in its own function: the sweep's records (about 140 MB at 100,000 contracts) are out of
 * scope when it returns, so they are garbage before OZmap is read. A local of the cycle's own
 * async body stays alive in its suspended frame until the body ends, whether used or not.
 */
async function sweepAndIngest(
  deps: EngineDeps,
  request: CycleRequest,
  cycleId: string,
  writer: EventWriter,
  counts: Record<string, number>,
): Promise<SweepOutcome> {
  const { logger } = deps;
  await deps.projector.catchUp();
  // A record the log already holds is reduced to its code as its page lands (issue 18).
  const hashOf = recordHashes();
  const sweep = await deps.sgp.sweepContracts({
    ...(request.code ? { contrato: request.code } : {}),
    ...(deps.halt ? { signal: deps.halt } : {}),
    onProgress: (read, total) => deps.onProgress?.('SGP contracts', read, total),
    recognise: recogniseRecorded(deps.readModels, hashOf),
  });
  const ingest = await ingestForCycle(deps, request, sweep, cycleId, writer, deps.readModels, hashOf);
  Object.assign(counts, {
    contractsRead: ingest.read,
    sgpPagesRecalled: sweep.pagesRecalled ?? 0,
    observed: ingest.observed,
    rejected: ingest.rejected + ingest.rejectedWithoutCode,
    vanished: ingest.vanished,
  });
  for (const r of ingest.toLog) {
    logger.warn(
      { cycleId, contract: r.contract, clientIndex: r.clientIndex, field: r.field, problem: r.problem },
      'SGP record rejected (R8): it does not fit the schema',
    );
  }
  const vanishGuard = ingest.vanishGuard;
  if (vanishGuard) {
    // R5.6: SGP stopped listing a mass of contracts at once; held, like a mass cancellation.
    await recordGuardTrip(writer, { cycleId, at: deps.clock() }, vanishGuard);
    logger.warn(
      { cycleId, vanishing: vanishGuard.removals, known: vanishGuard.totalClients, hash: vanishGuard.hash },
      'SGP stopped listing a mass of contracts: nothing recorded vanished, nothing cancelled; confirm the hash to accept it',
    );
  }
  return {
    sweptCodes: [...sweep.records.map((r) => r.code), ...(sweep.known ?? [])],
    sweepComplete: sweep.complete,
    sweepFailures: [...sweep.failures, ...(sweep.gaps ?? []).map((message) => ({ message }))],
    vanishGuard,
  };
}

async function executeAll(
  deps: EngineDeps,
  commands: readonly PlannedCommand[],
  cycleId: string,
  writer: EventWriter,
  counts: Record<string, number>,
): Promise<void> {
  // One contract's commands run in order; different contracts run side by side.
  const byCode = new Map<string, PlannedCommand[]>();
  for (const command of commands) byCode.set(command.code, [...(byCode.get(command.code) ?? []), command]);
  const ctx = {
    gateway: deps.ozmap,
    writer,
    cycleId,
    now: deps.clock,
    observedRevision: (code: string) => deps.readModels.getContract(code)?.observedRevision ?? -1,
  };
  let done = 0;
  const groups = [...byCode.values()];
  await runPool(groups, deps.concurrency, async (group) => {
    for (const command of group) {
      // A clean stop starts no new command; each one already started ends recorded.
      if (deps.halt?.aborted) return;
      const outcome: CommandOutcome = await executeCommand(command, ctx);
      counts[outcome] = (counts[outcome] ?? 0) + 1;
    }
    deps.onProgress?.('commands', ++done, groups.length);
  });
}

/** Ends the cycle at a safe point (between phases, between commands) once a clean stop began. */
function stopIfHalted(deps: EngineDeps): void {
  if (deps.halt?.aborted) throw new Error(`stopped: ${String(deps.halt.reason)}`);
}
