import { describe, expect, test } from 'vitest';
import type { RecordedEvent } from '../../../src/domain/eventStore.ts';
import { catalogue } from '../../../src/domain/events/catalogue.ts';
import { decodeEvent } from '../../../src/domain/events/decodeEvent.ts';

/*
 * Logs written before the commands, skip reasons and notes had schemas of their own must still
 * read. These payloads are the shapes the first engine (commit 05d653d) appended: the commands
 * of that time (no `onu`, no `reuseProperty`), a note kind of that time, a reason of that time.
 * A payload that stopped decoding would drop out of every replay.
 */

const recorded = (type: string, data: unknown): RecordedEvent => ({
  id: '00000000-0000-5000-8000-000000000000',
  type,
  data,
  metadata: null,
  streamId: 'contract-1234',
  revision: 0,
  position: 0,
  created: '2026-11-29T18:00:00.000Z',
});

const oldCreate = {
  kind: 'create',
  code: '1234',
  rule: 'R2.5',
  reason: 'box "CTO-01" splitter S1 port 3',
  boxId: 'bx-1',
  boxName: 'CTO-01',
  boxProject: 'pj-1',
  connection: { splitterId: 'sp-1', splitterName: 'S1', port: 3 },
  unconnectedReason: null,
  property: { address: 'Rua A, 1', coords: { lat: -22.1, lng: -47.2 }, potencyRead: -20.5 },
  client: { code: '1234', name: 'Maria da Silva', implanted: true, status: 0 },
};
const oldUpdate = {
  kind: 'update',
  code: '1234',
  rule: 'R4.1',
  reason: 'name differs',
  clientId: 'cl-1',
  propertyId: 'pr-1',
  clientPatch: { name: 'Maria da Silva' },
  propertyPatch: {},
  changes: [{ object: 'client', field: 'name', from: 'maria', to: 'Maria da Silva', rule: 'R4.1', cause: 'sgp' }],
};
const oldCancel = {
  kind: 'cancel',
  code: '1234',
  rule: 'R5.2',
  reason: 'cancelled in SGP',
  mode: 'detach',
  clientId: 'cl-1',
  clientName: 'Maria da Silva',
  propertyId: 'pr-1',
  observationLine: 'Cliente removido pela integração SGP: Maria da Silva (código 1234) em 29/11/2026 14:05',
  disconnect: { splitterId: 'sp-1', fiber: '3' },
  resumed: false,
};
const oldSkip = {
  kind: 'skip',
  code: '9',
  rule: 'R2.3',
  reason: 'box-not-found',
  detail: 'no box named "CTO-9"',
  record: true,
};
const oldNote = {
  kind: 'note',
  code: '1234',
  rule: 'R4.8',
  reason: 'CTO differs',
  note: 'cto-divergence',
  detail: 'SGP says CTO-02',
  key: 'CTO-02:4',
};
const base = { v: 1, cycleId: 'sync-1', at: '2026-11-29T18:00:00.000Z' };

describe('events in the shapes older versions wrote still decode, with their content', () => {
  test.each([
    ['create', oldCreate],
    ['update', oldUpdate],
    ['cancel', oldCancel],
  ])('OzmapCommandIssued of a %s', (_kind, command) => {
    const decoded = decodeEvent(recorded('OzmapCommandIssued', { ...base, commandId: 'cmd-1', command }));
    expect(decoded?.event.data).toEqual({ ...base, commandId: 'cmd-1', command });
  });

  test('CyclePlanned with every kind of command', () => {
    const data = { ...base, commands: [oldCreate, oldUpdate, oldCancel, oldSkip, oldNote] };
    expect(decodeEvent(recorded('CyclePlanned', data))?.event.data).toEqual(data);
  });

  test('ClientCreationSkipped and AuditNoteRecorded', () => {
    const skipped = { ...base, rule: 'R2.3', reason: 'duplicate-code-in-ozmap', detail: 'two clients' };
    const noted = { ...base, note: 'moved-to-unknown-status', rule: 'R5.7', detail: 'status 9', key: '9' };
    expect(decodeEvent(recorded('ClientCreationSkipped', skipped))?.event.data).toEqual(skipped);
    expect(decodeEvent(recorded('AuditNoteRecorded', noted))?.event.data).toEqual(noted);
  });
});

describe('failure codes: new events carry the catalogue, old free-text codes read as INTERNAL (failureCodes.ts)', () => {
  const failed = (code: string) => ({
    ...base,
    commandId: 'cmd-1',
    kind: 'update',
    step: 'patch-client',
    error: { code, message: 'OZmap unavailable', status: 503 },
    retryable: true,
  });

  test('an old OzmapCommandFailed with a code outside the catalogue: INTERNAL, the old code leading the message', () => {
    const decoded = decodeEvent(recorded('OzmapCommandFailed', failed('HTTP_503')));
    expect(decoded?.event.data).toEqual({
      ...failed('HTTP_503'),
      error: { code: 'INTERNAL', message: 'HTTP_503: OZmap unavailable', status: 503 },
    });
  });

  test('a catalogued code reads unchanged', () => {
    const data = failed('UPSTREAM_SERVER_ERROR');
    expect(decodeEvent(recorded('OzmapCommandFailed', data))?.event.data).toEqual(data);
  });

  test("an old CycleFinished's failed contracts read the same way", () => {
    const finished = {
      ...base,
      kind: 'sync',
      outcome: 'completed',
      durationMs: 10,
      sweepComplete: true,
      ozmapComplete: true,
      dryRun: false,
      counts: {},
      error: null,
      failedContracts: [
        { code: '801', failure: 'ECONNRESET', message: 'socket hang up' },
        { code: '802', failure: 'UPSTREAM_REJECTED', message: 'HTTP 422' },
      ],
    };
    expect(decodeEvent(recorded('CycleFinished', finished))?.event.data).toEqual({
      ...finished,
      failedContracts: [
        { code: '801', failure: 'INTERNAL', message: 'ECONNRESET: socket hang up' },
        { code: '802', failure: 'UPSTREAM_REJECTED', message: 'HTTP 422' },
      ],
    });
  });

  test('a new event with a code outside the catalogue does not fit it: the writer refuses it', () => {
    expect(catalogue.OzmapCommandFailed.safeParse(failed('HTTP_503')).success).toBe(false);
    expect(catalogue.OzmapCommandFailed.safeParse(failed('UPSTREAM_TIMEOUT')).success).toBe(true);
  });
});
