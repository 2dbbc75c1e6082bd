import { describe, expect, test } from 'vitest';
import { decodeEvent } from '../../src/domain/events/decodeEvent.ts';
import { contractStream } from '../../src/domain/events/streams.ts';
import { normaliseContract } from '../../src/domain/sgp/normaliseContract.ts';
import {
  applyContractEvent,
  applyUndecodedContractEvent,
  foldContractEvent,
} from '../../src/projections/contractProjection.ts';
import { contractListState, emptyContractRow, type ContractRow } from '../../src/projections/contractRow.ts';
import { aRecord, withOnu } from '../domain/sgp/sgpRecordBuilder.ts';
import {
  AT,
  LINE,
  cancelCommand,
  cancelled,
  created,
  decoded,
  failed,
  issued,
  note,
  observed,
  plannedUpdate,
  recordedEvent,
  rejected,
  skipped,
  superseded,
  updated,
  vanished,
} from './projectionEvents.ts';

const fold = (events: ReturnType<typeof decoded>[]): ContractRow =>
  events.reduce<ContractRow | undefined>((row, event) => applyContractEvent(row, '1234', event), undefined)!;

describe('contract fold', () => {
  test('SgpContractObserved -> snapshot normalised (R1), previous kept, revision and hash recorded', () => {
    const first = aRecord();
    const second = withOnu({ rx: '-24,9' });
    const row = fold([
      decoded('SgpContractObserved', observed(first), 0),
      decoded('SgpContractObserved', observed(second, '2026-11-30T10:00:00.000Z'), 1),
    ]);
    expect(row.snapshot).toEqual(normaliseContract(second));
    expect(row.snapshot?.rxDbm).toBe(-24.9);
    expect(row.previousSnapshot).toEqual(normaliseContract(first));
    expect(row.observedRevision).toBe(1);
    expect(row.lastHash).toBe(observed(second).hash);
    expect(row.lastObservedAt).toBe('2026-11-30T10:00:00.000Z');
  });

  test('SgpContractObserved runs the injected normaliser: a replay through fixed R1 repairs the snapshot', () => {
    const fixed = (record: Parameters<typeof normaliseContract>[0]) => ({
      ...normaliseContract(record),
      name: 'FIXED',
    });
    const row = applyContractEvent(undefined, '1234', decoded('SgpContractObserved', observed(aRecord())), fixed);
    expect(row.snapshot?.name).toBe('FIXED');
  });

  test('R5.7 SgpContractVanished -> vanished; a later observation brings it back', () => {
    const gone = fold([
      decoded('SgpContractObserved', observed(aRecord()), 0),
      decoded('SgpContractVanished', vanished(), 1),
    ]);
    expect(gone.vanished).toBe(true);
    const back = applyContractEvent(gone, '1234', decoded('SgpContractObserved', observed(aRecord()), 2));
    expect(back.vanished).toBe(false);
  });

  test('R8 SgpContractRejected -> lastRejected; a valid observation clears it', () => {
    const row = fold([decoded('SgpContractRejected', rejected('cliente.nome', 'not a scalar'), 0)]);
    expect(row.lastRejected).toEqual({ field: 'cliente.nome', problem: 'not a scalar', at: AT });
    expect(row.snapshot).toBeNull();
    expect(
      applyContractEvent(row, '1234', decoded('SgpContractObserved', observed(aRecord()), 1)).lastRejected,
    ).toBeNull();
  });

  test('R2.7 ClientCreationSkipped -> lastSkipReason; OzmapClientCreated clears it and records the ids', () => {
    const skippedRow = fold([decoded('ClientCreationSkipped', skipped('box-not-found'), 0)]);
    expect(skippedRow.lastSkipReason).toBe('box-not-found');
    const createdRow = applyContractEvent(
      skippedRow,
      '1234',
      decoded('OzmapClientCreated', created('cl-1', 'pr-1'), 1),
    );
    expect(createdRow.lastSkipReason).toBeNull();
    expect(createdRow.ozmap).toEqual({ clientId: 'cl-1', propertyId: 'pr-1' });
  });

  test('R3.2 OzmapCreationSuperseded -> skip cleared, client id known, property id kept for the same client only', () => {
    const same = fold([
      decoded('OzmapClientCreated', created('cl-1', 'pr-1'), 0),
      decoded('OzmapCreationSuperseded', superseded('cl-1'), 1),
    ]);
    expect(same.ozmap).toEqual({ clientId: 'cl-1', propertyId: 'pr-1' });
    const other = fold([
      decoded('ClientCreationSkipped', skipped('port-occupied'), 0),
      decoded('OzmapCreationSuperseded', superseded('cl-9'), 1),
    ]);
    expect(other.ozmap).toEqual({ clientId: 'cl-9', propertyId: null });
    expect(other.lastSkipReason).toBeNull();
  });

  test('OzmapClientUpdated -> the ids it names become the last known ones', () => {
    const row = fold([decoded('OzmapClientUpdated', updated([], { clientId: 'cl-7', propertyId: 'pr-7' }), 0)]);
    expect(row.ozmap).toEqual({ clientId: 'cl-7', propertyId: 'pr-7' });
  });

  test('R5.5 OzmapCommandIssued of a cancel -> pendingCancellation from the command, before any write', () => {
    const disconnect = { splitterId: 'sp-1', fiber: 'f-3' };
    const row = fold([decoded('OzmapCommandIssued', issued('cancel-1', cancelCommand({ disconnect })), 0)]);
    expect(row.pendingCancellation).toEqual({
      commandId: 'cancel-1',
      mode: 'detach',
      clientId: 'cl-1',
      clientName: 'Maria da Silva',
      propertyId: 'pr-1',
      observationLine: LINE,
      disconnect,
    });
  });

  test('a command that does not fit its schema is not folded, not a crash: only the revision moves', () => {
    const command = { kind: 'cancel', code: '1234', rule: 'R5.3', reason: 'x', mode: 'remove' };
    const recorded = recordedEvent(contractStream('1234'), 0, 'OzmapCommandIssued', {
      ...issued('cancel-2', cancelCommand()),
      command,
    });
    const { row, applied } = foldContractEvent(undefined, '1234', recorded, decodeEvent(recorded));
    expect(applied).toBe(false);
    expect(row.pendingCancellation).toBeNull();
    expect(row.streamRevision).toBe(0);
  });

  test('OzmapCommandIssued of an update leaves pendingCancellation alone', () => {
    const pending = fold([decoded('OzmapCommandIssued', issued('cancel-1', cancelCommand()), 0)]);
    const next = applyContractEvent(
      pending,
      '1234',
      decoded('OzmapCommandIssued', issued('u-1', plannedUpdate('1234')), 1),
    );
    expect(next.pendingCancellation).toEqual(pending.pendingCancellation);
  });

  test('R5.2 OzmapClientCancelled -> pending cleared, cancelledAt set; a new creation clears cancelledAt', () => {
    const row = fold([
      decoded('OzmapClientCreated', created('cl-1', 'pr-1'), 0),
      decoded('OzmapCommandIssued', issued('cancel-1', cancelCommand()), 1),
      decoded('OzmapClientCancelled', cancelled({ at: '2026-12-01T00:00:00.000Z' }), 2),
    ]);
    expect(row.pendingCancellation).toBeNull();
    expect(row.cancelledAt).toBe('2026-12-01T00:00:00.000Z');
    expect(row.ozmap).toEqual({ clientId: 'cl-1', propertyId: 'pr-1' });
    expect(
      applyContractEvent(row, '1234', decoded('OzmapClientCreated', created('cl-2', 'pr-2'), 3)).cancelledAt,
    ).toBeNull();
  });

  test('R5.5 a resumed cancellation without client id keeps the last known client id', () => {
    const row = fold([
      decoded('OzmapClientCreated', created('cl-1', 'pr-1'), 0),
      decoded('OzmapClientCancelled', cancelled({ clientId: null }), 1),
    ]);
    expect(row.ozmap).toEqual({ clientId: 'cl-1', propertyId: 'pr-1' });
  });

  test('OzmapCommandFailed -> lastFailure with code, message and time', () => {
    const row = fold([decoded('OzmapCommandFailed', failed('UPSTREAM_SERVER_ERROR', 'Service Unavailable'), 0)]);
    expect(row.lastFailure).toEqual({ code: 'UPSTREAM_SERVER_ERROR', message: 'Service Unavailable', at: AT });
  });

  test('R4.8 AuditNoteRecorded -> lastNotes[note] = key, other notes kept', () => {
    const row = fold([
      decoded('AuditNoteRecorded', note('cto-divergence', 'k1'), 0),
      decoded('AuditNoteRecorded', note('move-held', 'k2'), 1),
      decoded('AuditNoteRecorded', note('cto-divergence', 'k3'), 2),
    ]);
    expect(row.lastNotes).toEqual({ 'cto-divergence': 'k3', 'move-held': 'k2' });
  });

  test('every event moves streamRevision and lastEventAt', () => {
    const row = fold([
      decoded('SgpContractObserved', observed(aRecord()), 0),
      decoded('ClientCreationSkipped', skipped('no-cto-in-sgp', '2026-12-02T00:00:00.000Z'), 5),
    ]);
    expect(row.streamRevision).toBe(5);
    expect(row.observedRevision).toBe(0);
    expect(row.lastEventAt).toBe('2026-12-02T00:00:00.000Z');
  });

  test('the fold does not change the row it is given', () => {
    const before = fold([decoded('SgpContractObserved', observed(aRecord()), 0)]);
    const copy = structuredClone(before);
    applyContractEvent(before, '1234', decoded('AuditNoteRecorded', note('cto-divergence', 'k'), 1));
    applyContractEvent(before, '1234', decoded('SgpContractObserved', observed(withOnu({ rx: '-30' })), 1));
    expect(before).toEqual(copy);
  });

  test('an event that cannot be decoded still moves streamRevision (the next append expects it)', () => {
    const row = applyUndecodedContractEvent(
      emptyContractRow('1234'),
      '1234',
      recordedEvent('contract-1234', 3, 'FromTheFuture', {}),
    );
    expect(row.streamRevision).toBe(3);
    expect(row.snapshot).toBeNull();
  });

  test('a normaliser that throws does not stop the fold: the event counts as not applied', () => {
    const broken = () => {
      throw new Error('R1 bug');
    };
    const event = decoded('SgpContractObserved', observed(aRecord()), 2);
    const result = foldContractEvent(undefined, '1234', event.recorded, event, broken);
    expect(result.applied).toBe(false);
    expect(result.row.streamRevision).toBe(2);
    expect(result.row.snapshot).toBeNull();
  });
});

describe('contract list state', () => {
  const base = emptyContractRow('1');
  test.each<[string, Partial<ContractRow>, string]>([
    ['nothing yet', {}, 'pending'],
    ['skipped', { lastSkipReason: 'box-not-found' }, 'skipped'],
    ['created', { ozmap: { clientId: 'c', propertyId: 'p' } }, 'created'],
    [
      'cancelled outranks the skip recorded after it',
      { ozmap: { clientId: 'c', propertyId: 'p' }, cancelledAt: AT, lastSkipReason: 'cancelled-in-sgp' },
      'cancelled',
    ],
    [
      'rejected outranks created',
      { ozmap: { clientId: 'c', propertyId: 'p' }, lastRejected: { field: 'f', problem: 'p', at: AT } },
      'rejected',
    ],
    [
      'vanished outranks everything',
      { vanished: true, lastRejected: { field: 'f', problem: 'p', at: AT }, cancelledAt: AT },
      'vanished',
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(contractListState({ ...base, ...overrides })).toBe(expected);
  });
});
