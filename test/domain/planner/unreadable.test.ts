import { describe, expect, test } from 'vitest';
import type { UnreadableOzmapRecord } from '../../../src/domain/ozmap/unreadableRecord.ts';
import type { OzmapActual } from '../../../src/domain/planner/ozmapIndex.ts';
import { planCancel, planSync } from '../../../src/domain/planner/planCycle.ts';
import type { ContractState } from '../../../src/domain/planner/contractState.ts';
import type { RuleOptionsInput } from '../../../src/domain/ruleOptions.ts';
import { aBox, aClient, aContext, anIndex, aPending, aProperty, aSplitter, aState, ofKind } from './builders.ts';

/**
 * R8 revised and docs/decisions/0004: an OZmap record that does not fit its schema counts as
 * present and blocks every write it could make wrong. One test per row of the decision's table.
 */

function unreadable(
  overrides: Partial<UnreadableOzmapRecord> & Pick<UnreadableOzmapRecord, 'kind' | 'field'>,
): UnreadableOzmapRecord {
  return {
    id: 'bad-1',
    reason: 'is invalid',
    code: null,
    name: null,
    boxId: null,
    clientId: null,
    clientKnown: true,
    connections: null,
    ...overrides,
  };
}

const sync = (states: ContractState[], actual: Partial<OzmapActual>, options: RuleOptionsInput = {}) =>
  planSync(states, anIndex(actual), aContext({}, options));
const cancel = (states: ContractState[], actual: Partial<OzmapActual>, options: RuleOptionsInput = {}) =>
  planCancel(states, anIndex(actual), aContext({}, options));
const reasons = (commands: readonly { kind: string; code: string; reason?: string }[]) =>
  Object.fromEntries(commands.map((c) => [c.code, c.kind === 'skip' ? c.reason : c.kind]));
const cancelled = (overrides: Partial<ContractState> = {}): ContractState =>
  aState({ status: 3, statusText: 'Cancelado' }, overrides);

describe('a client whose code can be read', () => {
  const badStatus = unreadable({
    kind: 'ftthClients',
    id: 'client-1',
    code: '1234',
    field: 'status',
    reason: 'is not 0, 1, "OK" or "ERROR"',
  });

  test('counts as present: no creation for its code, the skip names the record and the field', () => {
    const [skip, ...rest] = sync([aState()], { unreadable: [badStatus] });
    expect(rest).toEqual([]);
    expect(skip).toMatchObject({
      kind: 'skip',
      code: '1234',
      rule: 'R8',
      reason: 'ozmap-record-unreadable',
      record: true,
    });
    expect(skip?.kind === 'skip' && skip.detail).toMatch(/^OZmap ftthClients record client-1: field status is not 0/);
  });

  test('recorded once per reason (R2.7): not again while the reason stays', () => {
    expect(sync([aState({}, { lastSkipReason: 'ozmap-record-unreadable' })], { unreadable: [badStatus] })).toEqual([
      expect.objectContaining({ kind: 'skip', record: false }),
    ]);
  });

  test('no cancellation: the client is not read whole', () => {
    const plan = cancel([cancelled()], { unreadable: [badStatus] });
    expect(plan.commands).toEqual([]);
    expect(plan.skips).toEqual([expect.objectContaining({ code: '1234', reason: 'ozmap-record-unreadable' })]);
  });

  test('once it reads again, a note says so and the contract is no longer blocked', () => {
    const commands = sync([aState({}, { lastSkipReason: 'ozmap-record-unreadable' })], {
      clients: [aClient()],
      properties: [aProperty()],
    });
    expect(ofKind(commands, 'note')).toEqual([expect.objectContaining({ note: 'ozmap-record-readable', rule: 'R8' })]);
  });
});

describe('a client whose code cannot be read blocks what it may hold, not every creation', () => {
  const noCode = unreadable({ kind: 'ftthClients', id: 'mystery', field: 'code', reason: 'is missing' });

  test('the port its property is connected to: even with onPortConflict unconnected', () => {
    const actual = {
      unreadable: [noCode],
      properties: [
        aProperty({ id: 'p-m', clientId: 'mystery', connections: [{ splitterId: 'spl-1', port: 3, fiber: 'f3' }] }),
      ],
      splitters: [aSplitter({ taken: [3] })],
    };
    const commands = sync([aState(), aState({ code: '1235', ctoPort: 4 })], actual, { onPortConflict: 'unconnected' });
    expect(reasons(commands)).toEqual({ '1234': 'ozmap-record-unreadable', '1235': 'create' });
  });

  test('unconnected, the box its property is on', () => {
    const actual = {
      unreadable: [noCode],
      boxes: [aBox(), aBox({ id: 'box-2', name: 'CTO-02' })],
      splitters: [aSplitter(), aSplitter({ id: 'spl-2', boxId: 'box-2' })],
      properties: [aProperty({ id: 'p-m', clientId: 'mystery', connections: [] })],
    };
    expect(reasons(sync([aState(), aState({ code: '1235', cto: 'CTO-02' })], actual))).toEqual({
      '1234': 'ozmap-record-unreadable',
      '1235': 'create',
    });
  });
});

describe('a property that cannot be read', () => {
  const badRx = unreadable({
    kind: 'properties',
    id: 'prop-1',
    clientId: 'client-1',
    connections: [{ splitterId: 'spl-1', port: 3 }],
    field: 'potencyRead',
    reason: 'expected number',
  });

  test("blocks its client's contract: no update, no cancellation that could not write its line", () => {
    expect(sync([aState({ name: 'Renamed' })], { clients: [aClient()], unreadable: [badRx] })).toEqual([
      expect.objectContaining({ kind: 'skip', reason: 'ozmap-record-unreadable' }),
    ]);
    const plan = cancel([cancelled()], { clients: [aClient()], unreadable: [badRx] });
    expect(plan.commands).toEqual([]);
    expect(plan.skips.map((s) => s.detail)).toEqual([
      expect.stringMatching(/properties record prop-1: field potencyRead/),
    ]);
  });

  test('holds its ports for other contracts', () => {
    expect(reasons(sync([aState({ code: '1235' })], { unreadable: [badRx] }))).toEqual({
      '1235': 'ozmap-record-unreadable',
    });
  });

  test('with connections that cannot be read, holds its whole box', () => {
    const badConnections = unreadable({
      kind: 'properties',
      id: 'prop-9',
      clientId: null,
      boxId: 'box-1',
      connections: null,
      field: 'connections.0.port',
    });
    expect(reasons(sync([aState({ code: '1235', ctoPort: 7 })], { unreadable: [badConnections] }))).toEqual({
      '1235': 'ozmap-record-unreadable',
    });
  });

  test('whose client cannot be read: a cancellation of a client found without a property is blocked (it may be that one)', () => {
    const unknownClient = unreadable({
      kind: 'properties',
      id: 'prop-9',
      clientKnown: false,
      boxId: 'box-1',
      connections: [],
      field: 'client',
    });
    const plan = cancel([cancelled()], { clients: [aClient()], properties: [], unreadable: [unknownClient] });
    expect(plan.commands).toEqual([]);
    expect(plan.skips).toEqual([expect.objectContaining({ reason: 'ozmap-record-unreadable' })]);
    // With its property found, the cancellation goes on.
    expect(
      cancel([cancelled()], { clients: [aClient()], properties: [aProperty()], unreadable: [unknownClient] }).commands,
    ).toHaveLength(1);
  });

  test('a resumed cancellation whose property cannot be read is blocked, not recorded finished', () => {
    const pendingProperty = unreadable({
      kind: 'properties',
      id: 'prop-1',
      clientId: null,
      connections: [],
      field: 'observation',
    });
    const plan = cancel([cancelled({ pendingCancellation: aPending({ clientId: 'gone' }) })], {
      unreadable: [pendingProperty],
    });
    expect(plan.commands).toEqual([]);
    expect(plan.skips).toEqual([expect.objectContaining({ code: '1234' })]);
  });
});

describe('a splitter or a box that cannot be read', () => {
  test('a splitter of the box: no creation on that box (which port R2.5 picks is not known)', () => {
    const badSplitter = unreadable({ kind: 'splitters', id: 'spl-9', boxId: 'box-1', field: 'ratio.output' });
    expect(reasons(sync([aState()], { unreadable: [badSplitter] }))).toEqual({ '1234': 'ozmap-record-unreadable' });
  });

  test("a box of the CTO's name: no creation for that CTO (it may be the box, or make it ambiguous)", () => {
    const badBox = unreadable({ kind: 'boxes', id: 'box-9', name: 'CTO-01', field: 'coords' });
    expect(reasons(sync([aState(), aState({ code: '1235', cto: 'CTO-XX' })], { unreadable: [badBox] }))).toEqual({
      '1234': 'ozmap-record-unreadable',
      '1235': 'box-not-found',
    });
  });
});
