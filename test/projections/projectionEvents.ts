import type { EventStore, RecordedEvent } from '../../src/domain/eventStore.ts';
import type { EventPayload, EventType } from '../../src/domain/events/catalogue.ts';
import { decodeEvent, type DecodedEvent } from '../../src/domain/events/decodeEvent.ts';
import { contentHash, eventId } from '../../src/domain/events/eventIds.ts';
import { contractStream } from '../../src/domain/events/streams.ts';
import type {
  CancelClientCommand,
  CreateClientCommand,
  NoteKind,
  SkipReason,
  UpdateClientCommand,
  WriteCommand,
} from '../../src/domain/planner/commands.ts';
import type { FailureCode } from '../../src/domain/failureCodes.ts';
import type { SgpContractRecord } from '../../src/domain/sgp/sgpContractRecord.ts';

/** Payload builders for the projection tests: valid catalogue events with plausible values. */

export const AT = '2026-11-29T17:05:00.000Z';

export const observed = (record: SgpContractRecord, at = AT): EventPayload<'SgpContractObserved'> => ({
  v: 1,
  sweepId: 's1',
  observedAt: at,
  hash: contentHash(record),
  record,
});

export const rejected = (field: string, problem: string, at = AT): EventPayload<'SgpContractRejected'> => ({
  v: 1,
  sweepId: 's1',
  at,
  field,
  problem,
});

export const vanished = (at = AT): EventPayload<'SgpContractVanished'> => ({ v: 1, sweepId: 's1', at });

export const skipped = (reason: SkipReason, at = AT): EventPayload<'ClientCreationSkipped'> => ({
  v: 1,
  cycleId: 'c1',
  at,
  rule: 'R2.3',
  reason,
  detail: `detail of ${reason}`,
});

export const created = (clientId: string, propertyId: string, at = AT): EventPayload<'OzmapClientCreated'> => ({
  v: 1,
  cycleId: 'c1',
  at,
  commandId: `create-${clientId}`,
  clientId,
  propertyId,
  boxId: 'box-1',
  boxName: 'CTO-01',
  connection: { splitterId: 'sp-1', splitterName: 'S1', port: 3 },
  unconnectedReason: null,
  client: { name: 'Maria da Silva', implanted: true, status: 0 },
  property: { address: 'Rua A, 10', coords: { lat: -3.7, lng: -38.5 }, potencyRead: -21.5 },
});

export const superseded = (clientId: string, at = AT): EventPayload<'OzmapCreationSuperseded'> => ({
  v: 1,
  cycleId: 'c1',
  at,
  commandId: `create-${clientId}`,
  clientId,
  detail: 'a client with this code already exists',
});

export const updated = (
  changes: EventPayload<'OzmapClientUpdated'>['changes'],
  ids: { clientId?: string; propertyId?: string | null } = {},
  at = AT,
): EventPayload<'OzmapClientUpdated'> => ({
  v: 1,
  cycleId: 'c1',
  at,
  commandId: 'update-1',
  clientId: ids.clientId ?? 'cl-1',
  propertyId: ids.propertyId === undefined ? 'pr-1' : ids.propertyId,
  changes,
});

export const LINE = 'Cliente removido pela integração SGP: Maria da Silva (código 1234) em 29/11/2026 14:05';

export const cancelCommand = (overrides: Partial<CancelClientCommand> = {}): CancelClientCommand => ({
  kind: 'cancel',
  code: '1234',
  rule: 'R5.2',
  reason: 'cancelled in SGP, client implanted: leaves its property',
  mode: 'detach',
  clientId: 'cl-1',
  clientName: 'Maria da Silva',
  propertyId: 'pr-1',
  observationLine: LINE,
  disconnect: null,
  resumed: false,
  ...overrides,
});

export const issued = (commandId: string, command: WriteCommand, at = AT): EventPayload<'OzmapCommandIssued'> => ({
  v: 1,
  cycleId: 'c1',
  at,
  commandId,
  command,
});

/** A creation of contract 1234 on box CTO-01, splitter S1 port 3, as the planner makes it. */
export const createCommand = (overrides: Partial<CreateClientCommand> = {}): CreateClientCommand => ({
  kind: 'create',
  code: '1234',
  rule: 'R2.5',
  reason: 'box "CTO-01"',
  boxId: 'bx-1',
  boxName: 'CTO-01',
  boxProject: null,
  connection: { splitterId: 'sp-1', splitterName: 'S1', port: 3 },
  unconnectedReason: null,
  property: { address: 'Rua A, 1', coords: { lat: -22.1, lng: -47.2 }, potencyRead: -20.5 },
  client: { code: '1234', name: 'Maria da Silva', implanted: true, status: 0 },
  ...overrides,
});

export const cancelled = (
  overrides: Partial<EventPayload<'OzmapClientCancelled'>> = {},
): EventPayload<'OzmapClientCancelled'> => ({
  v: 1,
  cycleId: 'c2',
  at: AT,
  commandId: 'cancel-1',
  mode: 'detach',
  clientId: 'cl-1',
  clientName: 'Maria da Silva',
  propertyId: 'pr-1',
  observationLine: LINE,
  observationWritten: true,
  disconnected: false,
  ...overrides,
});

export const failed = (code: FailureCode, message: string, at = AT): EventPayload<'OzmapCommandFailed'> => ({
  v: 1,
  cycleId: 'c1',
  at,
  commandId: 'update-1',
  kind: 'update',
  step: 'patch-client',
  error: { code, message, status: 503 },
  retryable: true,
});

export const note = (noteKind: NoteKind, key: string, at = AT): EventPayload<'AuditNoteRecorded'> => ({
  v: 1,
  cycleId: 'c1',
  at,
  note: noteKind,
  rule: 'R4.8',
  detail: `divergence ${key}`,
  key,
});

/** An update of contract `code` as the planner makes it, for `CyclePlanned`. */
export const plannedUpdate = (code: string): UpdateClientCommand => ({
  kind: 'update',
  code,
  rule: 'R4.1',
  reason: 'name differs',
  clientId: `client-${code}`,
  propertyId: null,
  clientPatch: { name: 'Maria' },
  propertyPatch: {},
  changes: [{ object: 'client', field: 'name', from: 'maria', to: 'Maria', rule: 'R4.1', cause: 'sgp' }],
});

/** A recorded event as a store would return it. */
export function recordedEvent(
  streamId: string,
  revision: number,
  type: string,
  data: unknown,
  position = revision,
): RecordedEvent {
  return {
    id: eventId(streamId, revision - 1, type, data),
    type,
    data,
    metadata: null,
    streamId,
    revision,
    position,
    created: AT,
  };
}

/** A decoded event of `contract-1234`; fails the test when the payload does not fit the catalogue. */
export function decoded<T extends EventType>(type: T, data: EventPayload<T>, revision = 0): DecodedEvent {
  const result = decodeEvent(recordedEvent(contractStream('1234'), revision, type, data));
  if (result === null) throw new Error(`test payload of ${type} does not fit the catalogue`);
  return result;
}

/** Appends one event after the stream's current end, with the id the engine would give it. */
export async function appendEvent(store: EventStore, stream: string, type: string, data: unknown): Promise<number> {
  const revision = await store.streamRevision(stream);
  const result = await store.append(stream, [{ id: eventId(stream, revision, type, data), type, data }], {
    expectedRevision: revision === -1 ? 'no_stream' : revision,
  });
  return result.position;
}
