import type { RecordedEvent } from '../domain/eventStore.ts';
import type { DomainEvent } from '../domain/events/catalogue.ts';
import type { DecodedEvent } from '../domain/events/decodeEvent.ts';
import type { PendingCancellation } from '../domain/planner/contractState.ts';
import type { CancelClientCommand, CreateClientCommand, UpdateClientCommand } from '../domain/planner/commands.ts';
import type { ContractSnapshot } from '../domain/sgp/contractSnapshot.ts';
import { normaliseContract } from '../domain/sgp/normaliseContract.ts';
import type { SgpContractRecord } from '../domain/sgp/sgpContractRecord.ts';
import { foldContest } from './contestFold.ts';
import { emptyContractRow, type ContractRow, type PendingWrite } from './contractRow.ts';

export type { ContractRow } from './contractRow.ts';

/** docs/RULES.md R1, injectable so that a test can replay through a "fixed" normaliser. */
export type Normalise = (record: SgpContractRecord) => ContractSnapshot;

/** The domain time of an event: its payload's `at`, or `observedAt` for an observation. */
export function eventTime(event: DomainEvent): string {
  return event.type === 'SgpContractObserved' ? event.data.observedAt : event.data.at;
}

/** The cancellation an `OzmapCommandIssued` announces, kept so that a retry finds what was recorded (R5.5). */
function pendingFromCommand(commandId: string, command: CancelClientCommand): PendingCancellation {
  const { disconnect } = command;
  return {
    commandId,
    mode: command.mode,
    clientId: command.clientId,
    clientName: command.clientName,
    propertyId: command.propertyId,
    observationLine: command.observationLine,
    disconnect: disconnect === null ? null : { splitterId: disconnect.splitterId, fiber: disconnect.fiber },
  };
}

/** The create or update an `OzmapCommandIssued` announces, until its outcome is logged. */
function pendingWriteFrom(commandId: string, command: CreateClientCommand | UpdateClientCommand): PendingWrite {
  return command.kind === 'create'
    ? { commandId, kind: 'create', clientId: null, propertyId: null, changes: [] }
    : {
        commandId,
        kind: 'update',
        clientId: command.clientId,
        propertyId: command.propertyId,
        changes: command.changes,
      };
}

/** An outcome clears the pending write it answers. */
const settles = (row: ContractRow, commandId: string): Partial<ContractRow> =>
  row.pendingWrite?.commandId === commandId ? { pendingWrite: null } : {};

function knownIds(row: ContractRow, clientId: string | null, propertyId: string | null): ContractRow['ozmap'] {
  const previous = row.ozmap;
  const client = clientId ?? previous?.clientId ?? null;
  // The property id is kept while the client is the same one: Superseded does not carry it.
  const kept = previous !== null && previous.clientId === client ? previous.propertyId : null;
  return { clientId: client, propertyId: propertyId ?? kept };
}

/**
 * R5.5/R5.8: a new client on the property a cancellation stopped on (after its detachment,
 * before its outcome) ends that cancellation: nothing of it is left to do there, and its line,
 * on the property, belongs to it, never to the next cancellation.
 */
function reusedAfterInterruptedCancellation(
  row: ContractRow,
  created: { readonly propertyId: string; readonly reusedProperty?: boolean | undefined },
): Partial<ContractRow> {
  const pending = row.pendingCancellation;
  if (!created.reusedProperty || pending === null || pending.propertyId !== created.propertyId) return {};
  const line = pending.observationLine;
  return {
    pendingCancellation: null,
    ...(line === null ? {} : { endedLines: [...(row.endedLines ?? []).filter((l) => l !== line), line].slice(-10) }),
  };
}

/** The fields one event changes; every event also moves `streamRevision` and `lastEventAt`. */
function changesOf(row: ContractRow, event: DomainEvent, revision: number, normalise: Normalise): Partial<ContractRow> {
  switch (event.type) {
    case 'SgpContractObserved': {
      const d = event.data;
      // Normalising here, not at ingest, is what lets a replay repair an R1 bug.
      const snapshot = normalise(d.record);
      const statusSeenAt = { ...row.statusSeenAt, [String(snapshot.status)]: d.observedAt };
      return {
        previousSnapshot: row.snapshot,
        snapshot,
        observedRevision: revision,
        vanished: false,
        lastHash: d.hash,
        lastObservedAt: d.observedAt,
        lastRejected: null,
        statusSeenAt,
      };
    }
    case 'SgpContractRejected':
      return { lastRejected: { field: event.data.field, problem: event.data.problem, at: event.data.at } };
    case 'SgpContractVanished':
      return { vanished: true };
    case 'ClientCreationSkipped':
      return { lastSkipReason: event.data.reason };
    case 'OzmapClientCreated':
      return {
        lastSkipReason: null,
        cancelledAt: null,
        ozmap: { clientId: event.data.clientId, propertyId: event.data.propertyId },
        ...(row.foundInOzmap ? { foundInOzmap: false } : {}),
        ...settles(row, event.data.commandId),
        ...reusedAfterInterruptedCancellation(row, event.data),
      };
    case 'OzmapClientLinked':
      // Like a creation for the state: the client exists, so no skip reason or past cancellation holds.
      return {
        lastSkipReason: null,
        cancelledAt: null,
        ozmap: { clientId: event.data.clientId, propertyId: event.data.propertyId },
        foundInOzmap: true,
      };
    case 'OzmapCreationSuperseded':
      return {
        lastSkipReason: null,
        cancelledAt: null,
        ozmap: knownIds(row, event.data.clientId, null),
        ...settles(row, event.data.commandId),
      };
    case 'OzmapClientUpdated':
      return {
        ozmap: knownIds(row, event.data.clientId, event.data.propertyId),
        ...settles(row, event.data.commandId),
        // A sync writes to a client only while its contract is not cancelled: an update of the
        // client a cancellation was pending for means the contract was reactivated, and that
        // cancellation is over (finishing it later would act on an active client, R5.1/R5.2).
        ...(row.pendingCancellation?.clientId === event.data.clientId ? { pendingCancellation: null } : {}),
      };
    case 'OzmapCommandIssued':
      return event.data.command.kind === 'cancel'
        ? { pendingCancellation: pendingFromCommand(event.data.commandId, event.data.command) }
        : { pendingWrite: pendingWriteFrom(event.data.commandId, event.data.command) };
    case 'OzmapClientCancelled': {
      const line = event.data.observationLine;
      const endedLines =
        line === null ? row.endedLines : [...(row.endedLines ?? []).filter((l) => l !== line), line].slice(-10);
      return {
        pendingCancellation: null,
        cancelledAt: event.data.at,
        ozmap: knownIds(row, event.data.clientId, event.data.propertyId),
        ...(endedLines ? { endedLines } : {}),
      };
    }
    case 'OzmapCommandFailed':
      // A retryable failure (timeout, reset, 5xx) leaves the outcome unknown: the write may have
      // taken effect, so it stays pending until a sync reads OZmap again.
      return {
        lastFailure: { code: event.data.error.code, message: event.data.error.message, at: event.data.at },
        ...(event.data.retryable ? {} : settles(row, event.data.commandId)),
      };
    case 'AuditNoteRecorded': {
      // R2.7: a complete read found the client, so the recorded reason for not creating it is over;
      // R8: the records that blocked it read again, so it is no longer listed blocked.
      const reasonOver = event.data.note === 'skip-reason-cleared' || event.data.note === 'ozmap-record-readable';
      return {
        lastNotes: { ...row.lastNotes, [event.data.note]: event.data.key },
        ...(reasonOver ? { lastSkipReason: null } : {}),
      };
    }
    default:
      // Cycle events do not belong in a contract stream; only the revision moves.
      return {};
  }
}

/**
 * The contract fold: one event of `contract-<code>` applied to its row. Pure; `normalise`
 * defaults to docs/RULES.md R1 (`normaliseContract`).
 */
export function applyContractEvent(
  row: ContractRow | undefined,
  code: string,
  decoded: DecodedEvent,
  normalise: Normalise = normaliseContract,
): ContractRow {
  const base = row ?? emptyContractRow(code);
  const { event, recorded } = decoded;
  const contest = foldContest(base.contest, event);
  return {
    ...base,
    ...changesOf(base, event, recorded.revision, normalise),
    ...(contest !== base.contest ? { contest } : {}),
    streamRevision: recorded.revision,
    lastEventAt: eventTime(event),
  };
}

/**
 * An event of the stream the fold cannot read (a newer version's type, a damaged payload).
 * Its revision still counts: `streamRevision` is the next append's expected revision, and
 * skipping it would make every later append to this stream fail.
 */
export function applyUndecodedContractEvent(
  row: ContractRow | undefined,
  code: string,
  recorded: RecordedEvent,
): ContractRow {
  return { ...(row ?? emptyContractRow(code)), streamRevision: recorded.revision };
}

/**
 * The projector's step for one recorded event of a contract stream: the fold when the event
 * decodes, otherwise (and when the fold throws: a bug in R1 on a record nobody foresaw) only
 * its revision, so that one event can never stop the projections. A replay after the fix
 * folds it properly. `applied` says which happened.
 */
export function foldContractEvent(
  row: ContractRow | undefined,
  code: string,
  recorded: RecordedEvent,
  decoded: DecodedEvent | null,
  normalise: Normalise = normaliseContract,
): { readonly row: ContractRow; readonly applied: boolean } {
  if (decoded !== null) {
    try {
      return { row: applyContractEvent(row, code, decoded, normalise), applied: true };
    } catch {
      // Counted by the caller as not applied; see above.
    }
  }
  return { row: applyUndecodedContractEvent(row, code, recorded), applied: false };
}
