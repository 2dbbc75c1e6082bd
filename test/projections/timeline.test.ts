import { describe, expect, test } from 'vitest';
import type { RecordedEvent } from '../../src/domain/eventStore.ts';
import { contractStream } from '../../src/domain/events/streams.ts';
import { observationLine } from '../../src/domain/planner/observationLine.ts';
import { buildTimeline, stateAt } from '../../src/projections/timeline.ts';
import { createdSummary, ozmapChangeSummary } from '../../src/projections/timelineSummaries.ts';
import { aRecord, withOnu } from '../domain/sgp/sgpRecordBuilder.ts';
import {
  cancelCommand,
  createCommand,
  cancelled,
  created,
  failed,
  issued,
  note,
  observed,
  recordedEvent,
  rejected,
  skipped,
  superseded,
  updated,
  vanished,
} from './projectionEvents.ts';

/** A stream of contract 1234 built event by event, revisions and positions in order. */
function stream(): { add(type: string, data: unknown): void; events: RecordedEvent[] } {
  const events: RecordedEvent[] = [];
  return {
    events,
    add: (type: string, data: unknown) => {
      events.push(recordedEvent(contractStream('1234'), events.length, type, data, 100 + events.length));
    },
  };
}

const t = (minute: number): string => new Date(Date.UTC(2026, 10, 29, 17, minute)).toISOString();

describe('R6 timeline', () => {
  test('the first observation is one "observed" entry listing what SGP sent', () => {
    const s = stream();
    s.add('SgpContractObserved', observed(withOnu({ rx: '-21,3' }), t(0)));
    const [entry, ...rest] = buildTimeline(s.events);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ at: t(0), position: 100, revision: 0, kind: 'observed', rule: 'R1.5' });
    expect(entry?.summary).toBe(
      'SGP: first observation: name "Maria da Silva", status "Ativo" (1), CTO "CTO-01" port 3, RX -21.30 dBm, online, coordinates none, address none',
    );
  });

  test('SGP rename and RX change: one entry per field, old and new values, in field order', () => {
    const s = stream();
    s.add('SgpContractObserved', observed(withOnu({ rx: '-21,3' }), t(0)));
    const renamed = { ...withOnu({ rx: '-24.9' }), cliente: { nome: 'Maria  Souza', endereco: null } };
    s.add('SgpContractObserved', observed(renamed, t(10)));
    const entries = buildTimeline(s.events).slice(1);
    expect(entries.map((e) => [e.kind, e.rule, e.summary, e.at, e.revision])).toEqual([
      ['sgp-change', 'R4.1', 'SGP: name changed from "Maria da Silva" to "Maria Souza"', t(10), 1],
      ['sgp-change', 'R4.2', 'SGP: RX -21.30 -> -24.90 dBm', t(10), 1],
    ]);
    expect(entries[0]?.details).toMatchObject({ field: 'name', from: 'Maria da Silva', to: 'Maria Souza' });
  });

  test('SGP status, connection and a lost RX reading are told in words', () => {
    const s = stream();
    s.add('SgpContractObserved', observed(aRecord(), t(0)));
    s.add(
      'SgpContractObserved',
      observed({ ...withOnu({ rx: '-99.999', conexao: { status: 'offline' } }), status: 'Cancelado' }, t(1)),
    );
    expect(
      buildTimeline(s.events)
        .slice(1)
        .map((e) => e.summary),
    ).toEqual([
      'SGP: status changed from "Ativo" (1) to "Cancelado" (3)',
      'SGP: RX -21.50 dBm -> no reading',
      'SGP: connection changed from online to offline',
    ]);
  });

  test('a new record with no change the rules see is one "observed" entry', () => {
    const s = stream();
    s.add('SgpContractObserved', observed(aRecord(), t(0)));
    s.add('SgpContractObserved', observed(aRecord({ motivoStatus: 'novo motivo' }), t(1)));
    expect(buildTimeline(s.events)[1]).toMatchObject({
      kind: 'observed',
      summary: 'SGP: record changed, but no field the rules use',
    });
  });

  test('OZmap writes: each field with old and new value, and whose change it was', () => {
    const s = stream();
    s.add(
      'OzmapClientUpdated',
      updated([
        { object: 'client', field: 'name', from: 'X', to: 'Y', rule: 'R4.1', cause: 'drift' },
        { object: 'property', field: 'potencyRead', from: -21.3, to: -24.9, rule: 'R4.2', cause: 'sgp' },
      ]),
    );
    const entries = buildTimeline(s.events);
    expect(entries.map((e) => [e.kind, e.rule, e.summary])).toEqual([
      ['updated', 'R4.1', 'OZmap: renamed client from "X" to "Y" (hand edit in OZmap overwritten)'],
      ['updated', 'R4.2', 'OZmap: potência lida RX -21.30 -> -24.90 dBm (changed in SGP)'],
    ]);
    expect(entries[0]?.details).toMatchObject({
      clientId: 'cl-1',
      propertyId: 'pr-1',
      from: 'X',
      to: 'Y',
      cause: 'drift',
    });
  });

  test('R5.2 cancellation: the exact observation text written, with the rule of its command', () => {
    const line = observationLine('Maria da Silva', '1234', new Date('2026-11-29T17:05:00Z'), 'America/Sao_Paulo');
    const s = stream();
    s.add('OzmapCommandIssued', issued('cancel-1', cancelCommand({ observationLine: line, propertyId: '123' })));
    s.add('OzmapClientCancelled', cancelled({ observationLine: line, propertyId: '123' }));
    const [issuedEntry, cancelledEntry] = buildTimeline(s.events);
    expect(issuedEntry).toMatchObject({
      kind: 'issued',
      rule: 'R5.2',
      summary: 'issued cancel: cancelled in SGP, client implanted: leaves its property',
    });
    expect(cancelledEntry?.kind).toBe('cancelled');
    expect(cancelledEntry?.rule).toBe('R5.2');
    expect(cancelledEntry?.summary).toBe(
      "cancelled: client removed from property 123, observation written: 'Cliente removido pela integração SGP: Maria da Silva (código 1234) em 29/11/2026 14:05'",
    );
    expect(cancelledEntry?.details).toMatchObject({ observationLine: line, clientName: 'Maria da Silva' });
  });

  test('R5.3/R5.5 removal and a line found already written are told apart', () => {
    const s = stream();
    s.add('OzmapClientCancelled', cancelled({ mode: 'remove', observationLine: null, propertyId: '9' }));
    s.add('OzmapClientCancelled', cancelled({ observationWritten: false, disconnected: true }));
    expect(buildTimeline(s.events).map((e) => [e.rule, e.summary])).toEqual([
      ['R5.3', 'cancelled: client and property 9 removed'],
      [
        'R5.2',
        "cancelled: client removed from property pr-1, observation already present: 'Cliente removido pela integração SGP: Maria da Silva (código 1234) em 29/11/2026 14:05', splitter port freed",
      ],
    ]);
  });

  test('skips, creations, failures, notes, rejections and vanishing each have their entry', () => {
    const s = stream();
    s.add('SgpContractRejected', rejected('servicos[0].onu', 'not an object'));
    s.add('ClientCreationSkipped', skipped('box-not-found'));
    s.add('OzmapCommandIssued', issued('create-cl-1', createCommand()));
    s.add('OzmapClientCreated', created('cl-1', 'pr-1'));
    s.add('OzmapCreationSuperseded', superseded('cl-1'));
    s.add('OzmapCommandFailed', failed('UPSTREAM_SERVER_ERROR', 'Service Unavailable'));
    s.add('AuditNoteRecorded', note('cto-divergence', 'k'));
    s.add('SgpContractVanished', vanished());
    expect(buildTimeline(s.events).map((e) => [e.kind, e.rule, e.summary])).toEqual([
      ['rejected', 'R8', 'SGP: record rejected, field servicos[0].onu: not an object'],
      ['skipped', 'R2.3', 'not created: box-not-found: detail of box-not-found'],
      ['issued', 'R2.5', 'issued create: box "CTO-01"'],
      [
        'created',
        'R2.5',
        'OZmap: created client "Maria da Silva" on box "CTO-01", splitter "S1" port 3, property pr-1',
      ],
      [
        'superseded',
        'R3.2',
        'OZmap: client already existed (id cl-1), not created again: a client with this code already exists',
      ],
      [
        'failed',
        'R4',
        'failed: update at patch-client: UPSTREAM_SERVER_ERROR (HTTP 503): Service Unavailable; will be retried',
      ],
      ['note', 'R4.8', 'note: cto-divergence: divergence k'],
      ['vanished', 'R5.7', 'SGP: contract no longer listed by a complete sweep; nothing removed'],
    ]);
  });

  test('events it cannot decode are left out', () => {
    const s = stream();
    s.add('FromTheFuture', { v: 7 });
    s.add('SgpContractVanished', vanished());
    expect(buildTimeline(s.events).map((e) => e.kind)).toEqual(['vanished']);
  });
});

describe('stateAt', () => {
  const s = stream();
  s.add('SgpContractObserved', observed(aRecord(), t(0)));
  s.add('ClientCreationSkipped', skipped('box-not-found', t(10)));
  s.add('OzmapClientCreated', created('cl-1', 'pr-1', t(20)));

  test('before the first event there is no row', () => {
    expect(stateAt(s.events, '2026-11-29T16:59:00.000Z')).toBeUndefined();
  });

  test('the row as it was at an instant: events up to and including it', () => {
    const atSkip = stateAt(s.events, t(10));
    expect(atSkip?.lastSkipReason).toBe('box-not-found');
    expect(atSkip?.ozmap).toBeNull();
    expect(atSkip?.streamRevision).toBe(1);
    const between = stateAt(s.events, '2026-11-29T17:15:00.000Z');
    expect(between?.lastSkipReason).toBe('box-not-found');
    const after = stateAt(s.events, '2027-01-01T00:00:00Z');
    expect(after?.ozmap).toEqual({ clientId: 'cl-1', propertyId: 'pr-1' });
    expect(after?.lastSkipReason).toBeNull();
    expect(after?.snapshot?.name).toBe('Maria da Silva');
  });

  test('an instant that is not a date is refused', () => {
    expect(() => stateAt(s.events, 'yesterday')).toThrow(RangeError);
  });
});

describe('issue 14 stories, one line each', () => {
  const place = (boxName: string, port: number) => ({
    boxId: `b-${boxName}`,
    boxName,
    splitterId: 's',
    splitterName: 'SPL',
    port,
  });
  const change = (from: unknown, to: unknown) => ({
    object: 'property' as const,
    field: 'connection',
    from,
    to,
    rule: 'R4.8',
    cause: 'sgp' as const,
  });

  test('R4.8 connect later and a move read as one line each, the move from -> to', () => {
    expect(ozmapChangeSummary(change(null, place('CTO-B', 2)))).toBe(
      'OZmap: property connected to box "CTO-B", splitter "SPL" port 2 (connect later)',
    );
    expect(ozmapChangeSummary(change(place('CTO-A', 1), place('CTO-B', 2)))).toBe(
      'OZmap: property moved from box "CTO-A", splitter "SPL" port 1 -> box "CTO-B", splitter "SPL" port 2, old port freed',
    );
  });

  test('R5.8 a reactivation says it went back on its previous property', () => {
    const created = {
      v: 1 as const,
      cycleId: 'c',
      at: '2026-11-29T17:05:00Z',
      commandId: 'x',
      clientId: 'c2',
      propertyId: 'p1',
      boxId: 'b',
      boxName: 'CTO-A',
      connection: { splitterId: 's', splitterName: 'SPL', port: 1 },
      unconnectedReason: null,
      client: { name: 'Ana', implanted: true, status: 0 },
      property: { address: '', coords: null, potencyRead: null },
      reusedProperty: true,
    };
    expect(createdSummary(created)).toBe(
      'OZmap: reactivated: new client "Ana" on its previous property p1, box "CTO-A", splitter "SPL" port 1',
    );
  });
});
