import {
  isWrite,
  SkipReason,
  type CancelClientCommand,
  type CreateClientCommand,
  type PlannedCommand,
  type UpdateClientCommand,
} from '../domain/planner/commands.ts';
import type { ContractState } from '../domain/planner/contractState.ts';
import type { OzClient } from '../domain/ozmap/ozmapObjects.ts';
import type { ContractRow } from '../projections/contractRow.ts';
import { appendObservationLine, containsObservationLine } from '../domain/planner/observationLine.ts';
import { commandId as deriveCommandId } from '../domain/events/eventIds.ts';
import { contractStream } from '../domain/events/streams.ts';
import { recordedFailure, type FailureCode } from '../domain/failureCodes.ts';
import type { ClientPatch, OzmapGateway, PropertyPatch } from './ports.ts';
import type { EventWriter } from './eventWriter.ts';

export interface ExecutionContext {
  readonly gateway: OzmapGateway;
  readonly writer: EventWriter;
  readonly cycleId: string;
  readonly now: () => Date;
  /** Revision of the observation each contract's desired state came from. */
  readonly observedRevision: (code: string) => number;
}

export type CommandOutcome = 'created' | 'superseded' | 'updated' | 'cancelled' | 'skipped' | 'noted' | 'failed';

/** The failure that stopped a command, as the audit trail keeps it. */
function describeError(error: unknown): { code: FailureCode; message: string; status?: number; retryable: boolean } {
  const e = error as { code?: unknown; message?: unknown; retryable?: unknown; details?: { status?: unknown } };
  const status = typeof e.details?.status === 'number' ? e.details.status : undefined;
  return {
    ...recordedFailure(e.code, typeof e.message === 'string' ? e.message : String(error)),
    ...(status !== undefined ? { status } : {}),
    retryable: e.retryable === true,
  };
}

/**
 * Runs one planned command against OZmap and records every step in the contract's stream:
 * intent first (`OzmapCommandIssued`), then the outcome, or the failure with its error.
 * Never throws for an OZmap failure: the next cycle reads OZmap again and resumes.
 */
export async function executeCommand(command: PlannedCommand, ctx: ExecutionContext): Promise<CommandOutcome> {
  const stream = contractStream(command.code);
  const at = (): string => ctx.now().toISOString();
  if (command.kind === 'skip') {
    if (command.record) {
      await ctx.writer.append(stream, 'ClientCreationSkipped', {
        v: 1,
        cycleId: ctx.cycleId,
        at: at(),
        rule: command.rule,
        reason: command.reason,
        detail: command.detail,
      });
    }
    return 'skipped';
  }
  if (command.kind === 'note') {
    await ctx.writer.append(stream, 'AuditNoteRecorded', {
      v: 1,
      cycleId: ctx.cycleId,
      at: at(),
      note: command.note,
      rule: command.rule,
      detail: command.detail,
      key: command.key,
    });
    return 'noted';
  }
  const id = deriveCommandId(
    command.code,
    command.kind,
    ctx.observedRevision(command.code),
    command.kind === 'cancel' ? (command.clientId ?? 'resumed') : command.kind === 'update' ? command.clientId : '',
  );
  await ctx.writer.append(stream, 'OzmapCommandIssued', {
    v: 1,
    cycleId: ctx.cycleId,
    at: at(),
    commandId: id,
    command: { ...command },
  });
  let step: string = command.kind;
  try {
    switch (command.kind) {
      case 'create':
        return command.reuseProperty
          ? await reattach(command, command.reuseProperty, id, ctx, stream, at, (s) => (step = s))
          : await create(command, id, ctx, stream, at);
      case 'update':
        return await update(command, id, ctx, stream, at, (s) => (step = s));
      case 'cancel':
        return await cancel(command, id, ctx, stream, at, (s) => (step = s));
    }
  } catch (error) {
    const { retryable, ...described } = describeError(error);
    await ctx.writer.append(stream, 'OzmapCommandFailed', {
      v: 1,
      cycleId: ctx.cycleId,
      at: at(),
      commandId: id,
      kind: command.kind,
      step,
      error: described,
      retryable,
    });
    return 'failed';
  }
}

type At = () => string;

async function create(
  command: CreateClientCommand,
  id: string,
  ctx: ExecutionContext,
  stream: string,
  at: At,
): Promise<CommandOutcome> {
  // R3.2: make sure, right before the call, that no client with this code exists.
  const existing = await ctx.gateway.findClientByCode(command.code);
  if (existing) {
    await ctx.writer.append(stream, 'OzmapCreationSuperseded', {
      v: 1,
      cycleId: ctx.cycleId,
      at: at(),
      commandId: id,
      clientId: existing.id,
      detail: `a client with code ${command.code} already exists in OZmap (id ${existing.id}); not created again`,
    });
    return 'superseded';
  }
  const created = await ctx.gateway.createPropertyWithClient(command);
  await ctx.writer.append(stream, 'OzmapClientCreated', {
    v: 1,
    cycleId: ctx.cycleId,
    at: at(),
    commandId: id,
    clientId: created.clientId,
    propertyId: created.propertyId,
    boxId: command.boxId,
    boxName: command.boxName,
    connection: command.connection,
    unconnectedReason: command.unconnectedReason,
    client: {
      name: command.client.name,
      implanted: command.client.implanted,
      status: command.client.status,
      ...(command.client.onu ? { onu: { ...command.client.onu } } : {}),
    },
    property: command.property,
  });
  return 'created';
}

/**
 * R5.8: a new client on the contract's own previous property. Each step is safe to repeat: a
 * client of the code left unattached by an interrupted run is the one attached, and an attach
 * already done is not sent again.
 */
async function reattach(
  command: CreateClientCommand,
  reuse: { readonly propertyId: string; readonly clientId: string | null },
  id: string,
  ctx: ExecutionContext,
  stream: string,
  at: At,
  setStep: (s: string) => void,
): Promise<CommandOutcome> {
  const existing = await ctx.gateway.findClientByCode(command.code);
  if (existing && existing.id !== reuse.clientId) {
    // R3.2: someone else created a client of this code since the cycle's read.
    await ctx.writer.append(stream, 'OzmapCreationSuperseded', {
      v: 1,
      cycleId: ctx.cycleId,
      at: at(),
      commandId: id,
      clientId: existing.id,
      detail: `a client with code ${command.code} already exists in OZmap (id ${existing.id}); not created again`,
    });
    return 'superseded';
  }
  setStep('read-property');
  const property = await ctx.gateway.getProperty(reuse.propertyId);
  if (!property) throw new Error(`previous property ${reuse.propertyId} of contract ${command.code} no longer exists`);
  if (property.clientId !== null && property.clientId !== existing?.id)
    throw new Error(`previous property ${reuse.propertyId} now holds client ${property.clientId}`);
  setStep('create-client');
  const clientId = existing?.id ?? (await ctx.gateway.createClient(command.client)).clientId;
  if (property.clientId !== clientId) {
    setStep('attach-client');
    await ctx.gateway.updateProperty(property.id, { client: clientId });
  }
  await ctx.writer.append(stream, 'OzmapClientCreated', {
    v: 1,
    cycleId: ctx.cycleId,
    at: at(),
    commandId: id,
    clientId,
    propertyId: property.id,
    boxId: command.boxId,
    boxName: command.boxName,
    connection: command.connection,
    unconnectedReason: command.unconnectedReason,
    client: { name: command.client.name, implanted: command.client.implanted, status: command.client.status },
    property: command.property,
    reusedProperty: true,
  });
  return 'created';
}

async function update(
  command: UpdateClientCommand,
  id: string,
  ctx: ExecutionContext,
  stream: string,
  at: At,
  setStep: (s: string) => void,
): Promise<CommandOutcome> {
  // R4.7: at most one PATCH per object, carrying every differing field.
  if (Object.keys(command.clientPatch).length > 0) {
    setStep('patch-client');
    await ctx.gateway.updateClient(command.clientId, command.clientPatch as ClientPatch);
  }
  if (command.propertyId && Object.keys(command.propertyPatch).length > 0) {
    setStep('patch-property');
    await ctx.gateway.updateProperty(command.propertyId, command.propertyPatch as PropertyPatch);
  }
  await ctx.writer.append(stream, 'OzmapClientUpdated', {
    v: 1,
    cycleId: ctx.cycleId,
    at: at(),
    commandId: id,
    clientId: command.clientId,
    propertyId: command.propertyId,
    changes: [...command.changes],
  });
  return 'updated';
}

/**
 * R5.2/R5.3, step by step, each step safe to repeat (R5.5): the line is written only when not
 * already there, deletes tolerate an object already gone.
 */
async function cancel(
  command: CancelClientCommand,
  id: string,
  ctx: ExecutionContext,
  stream: string,
  at: At,
  setStep: (s: string) => void,
): Promise<CommandOutcome> {
  let observationWritten = false;
  let disconnected = false;
  if (command.mode === 'detach') {
    if (command.propertyId) {
      setStep('write-observation');
      // Read the property now: its observations may have changed since the cycle's read.
      const property = await ctx.gateway.getProperty(command.propertyId);
      if (property) {
        const patch: { observation?: string; client?: null } = {};
        if (command.observationLine && !containsObservationLine(property.observation, command.observationLine)) {
          patch.observation = appendObservationLine(property.observation, command.observationLine);
          observationWritten = true;
        }
        if (property.clientId !== null) patch.client = null;
        if (Object.keys(patch).length > 0) await ctx.gateway.updateProperty(property.id, patch);
      }
    }
    if (command.clientId) {
      setStep('delete-client');
      await ctx.gateway.deleteClient(command.clientId);
    }
    if (command.disconnect) {
      setStep('disconnect');
      await ctx.gateway.disconnect(command.disconnect.splitterId, command.disconnect.fiber);
      disconnected = true;
    }
  } else {
    // R5.3: the property first, then the client, so an interrupted run still finds the client.
    if (command.propertyId) {
      setStep('delete-property');
      await ctx.gateway.deleteProperty(command.propertyId);
    }
    if (command.clientId) {
      setStep('delete-client');
      await ctx.gateway.deleteClient(command.clientId);
    }
  }
  await ctx.writer.append(stream, 'OzmapClientCancelled', {
    v: 1,
    cycleId: ctx.cycleId,
    at: at(),
    commandId: id,
    mode: command.mode,
    clientId: command.clientId,
    clientName: command.clientName,
    propertyId: command.propertyId,
    observationLine: command.observationLine,
    observationWritten,
    disconnected,
  });
  return 'cancelled';
}

/**
 * R5.5/R6: a cancellation whose last write took effect although its answer was lost (the client
 * is gone, the line is there) leaves the planner nothing to do, so no command would ever record
 * it and the trail would end on the failure, with the cancellation still pending. Called for the
 * cancelled contracts of an unblocked cancel plan: each one still pending for which nothing was
 * planned is recorded finished, with the line decided before its first write.
 */
export async function recordFinishedCancellations(
  cancelled: readonly ContractState[],
  planned: readonly PlannedCommand[],
  ctx: Pick<ExecutionContext, 'writer' | 'cycleId' | 'now'>,
): Promise<number> {
  const acted = new Set(planned.map((c) => c.code));
  let finished = 0;
  for (const state of cancelled) {
    const pending = state.pendingCancellation;
    if (pending === null || acted.has(state.code)) continue;
    await ctx.writer.append(contractStream(state.code), 'OzmapClientCancelled', {
      v: 1,
      cycleId: ctx.cycleId,
      at: ctx.now().toISOString(),
      commandId: pending.commandId,
      mode: pending.mode,
      clientId: pending.clientId,
      clientName: pending.clientName,
      propertyId: pending.propertyId,
      observationLine: pending.observationLine,
      observationWritten: false,
      // The planner plans nothing only once the port to free is free.
      disconnected: pending.disconnect !== null,
    });
    finished += 1;
  }
  return finished;
}

/**
 * R6: a creation or an update that took effect in OZmap although its outcome never reached the
 * log (the process stopped in between, or OZmap's answer was lost: a timeout, a reset, a 5xx
 * after the write) leaves the planner nothing to do (the client exists, the values are there),
 * so no command would ever record it: the trail would end on "issued" or on a failure, and a
 * client the service created would be missing from its own history. Called after a sync
 * cycle's commands, from complete reads, with the rows of the live (not cancelled, not
 * vanished) contracts it read: each pending write nothing was planned for is resolved from
 * what OZmap holds now.
 */
export async function recordInterruptedWrites(
  rows: readonly ContractRow[],
  planned: readonly PlannedCommand[],
  clientsByCode: ReadonlyMap<string, readonly OzClient[]>,
  ctx: Pick<ExecutionContext, 'writer' | 'cycleId' | 'now'>,
): Promise<number> {
  // A contract an unreadable record blocks is not resolved: its client may be that record.
  const acted = new Set(
    planned
      .filter((c) => isWrite(c) || (c.kind === 'skip' && c.reason === SkipReason.enum.ozmapRecordUnreadable))
      .map((c) => c.code),
  );
  // An interrupted creation is left to this cycle only when it plans a creation again (whose
  // re-check by code records the client found); any other write (an update of the client the
  // lost creation made) would leave that client never named as created in the trail (R6).
  const recreating = new Set(
    planned
      .filter((c) => c.kind === 'create' || (c.kind === 'skip' && c.reason === SkipReason.enum.ozmapRecordUnreadable))
      .map((c) => c.code),
  );
  const unknown = "the outcome of this write was unknown (the process stopped, or OZmap's answer was lost)";
  let resolved = 0;
  for (const row of rows) {
    const pending = row.pendingWrite;
    if (!pending || (pending.kind === 'create' ? recreating : acted).has(row.code)) continue;
    const stream = contractStream(row.code);
    const base = { v: 1 as const, cycleId: ctx.cycleId, at: ctx.now().toISOString(), commandId: pending.commandId };
    const clients = clientsByCode.get(row.code) ?? [];
    const notApplied = (message: string) =>
      ctx.writer.append(stream, 'OzmapCommandFailed', {
        ...base,
        kind: pending.kind,
        step: pending.kind,
        error: { code: 'OUTCOME_RESOLVED', message },
        retryable: false,
      });
    if (pending.kind === 'create') {
      const found = clients[0];
      if (found) {
        await ctx.writer.append(stream, 'OzmapCreationSuperseded', {
          ...base,
          clientId: found.id,
          detail: `${unknown}; OZmap has client ${found.id} with code ${row.code}: not created again`,
        });
      } else {
        await notApplied(`${unknown}, and OZmap has no client with this code: it was not created`);
      }
    } else if (pending.clientId !== null && clients.some((c) => c.id === pending.clientId)) {
      // Nothing to write for it now: OZmap already holds every value the update was to write.
      await ctx.writer.append(stream, 'OzmapClientUpdated', {
        ...base,
        clientId: pending.clientId,
        propertyId: pending.propertyId,
        changes: [...pending.changes],
      });
    } else {
      await notApplied(`${unknown}, and the client is no longer in OZmap`);
    }
    resolved += 1;
  }
  return resolved;
}
