import { describe, expect, test } from 'vitest';
import type { OzProperty } from '../../../src/domain/ozmap/ozmapObjects.ts';
import type { ContractState } from '../../../src/domain/planner/contractState.ts';
import { connectionGaps } from '../../../src/domain/planner/connectionGaps.ts';
import type { OzmapActual } from '../../../src/domain/planner/ozmapIndex.ts';
import { planSync } from '../../../src/domain/planner/planCycle.ts';
import type { RuleOptionsInput } from '../../../src/domain/ruleOptions.ts';
import {
  aBox,
  aClient,
  aContext,
  anIndex,
  aPending,
  aProperty,
  aSnapshot,
  aSplitter,
  aState,
  clientMatching,
  ofKind,
  only,
  optionsWith,
  propertyMatching,
} from './builders.ts';

/** Issue 14: R5.8 reactivation, R4.8 connect later and moves, as the planner decides them. */

const on = (port: number, splitterId = 'spl-1') => [{ splitterId, port, fiber: `f-${splitterId}-${port}` }];
const sync = (states: ContractState[], actual: Partial<OzmapActual>, options: RuleOptionsInput = {}) =>
  planSync(states, anIndex(actual), aContext({}, options));

describe('R5.8 reactivation after an implanted cancellation', () => {
  const returned = (overrides: Partial<ContractState> = {}) =>
    aState(
      {},
      { cancelledAt: '2026-11-01T10:00:00Z', ozmap: { clientId: 'old', propertyId: 'prop-old' }, ...overrides },
    );
  const kept = (overrides: Partial<OzProperty> = {}) =>
    aProperty({
      id: 'prop-old',
      clientId: null,
      connections: on(3),
      observation: 'Cliente removido ...',
      ...overrides,
    });

  test('R5.8 its own previous property, free, on the box and port SGP gives -> a new client on it', () => {
    const command = only(ofKind(sync([returned()], { properties: [kept()] }), 'create'));
    expect(command).toMatchObject({
      rule: 'R5.8',
      reuseProperty: { propertyId: 'prop-old', clientId: null },
      connection: { splitterId: 'spl-1', port: 3 },
    });
    expect(command.reason).toContain('previous property prop-old');
  });

  test('R5.8 previous property on another port -> normal creation, and the reason says why it was not reused', () => {
    const command = only(ofKind(sync([returned()], { properties: [kept({ connections: on(5) })] }), 'create'));
    expect(command.reuseProperty).toBeUndefined();
    expect(command.connection).toMatchObject({ port: 3 });
    expect(command.reason).toMatch(
      /previous property prop-old not reused: it is on box "CTO-01" port 5, SGP gives box "CTO-01" port 3/,
    );
  });

  test('R5.8 previous property holding a client, or gone -> not reused', () => {
    const holding = sync([returned()], {
      properties: [kept({ clientId: 'someone', connections: on(3) })],
      clients: [aClient({ id: 'someone', code: '9' })],
    });
    expect(only(ofKind(holding, 'skip')).detail).toContain(
      'previous property prop-old not reused: it holds client someone',
    );
    const gone = only(ofKind(sync([returned()], {}), 'create'));
    expect(gone.reason).toContain('previous property prop-old not reused: it no longer exists');
  });

  test('R5.8 a first creation (never cancelled) is not a reactivation', () => {
    expect(only(ofKind(sync([aState()], {}), 'create')).reason).not.toContain('previous property');
  });

  test('R5.8 a client created by an interrupted reactivation, not yet attached -> attached to the previous property', () => {
    const command = only(
      ofKind(
        sync([returned()], { properties: [kept()], clients: [clientMatching(aSnapshot(), { id: 'new' })] }),
        'create',
      ),
    );
    expect(command.reuseProperty).toEqual({ propertyId: 'prop-old', clientId: 'new' });
  });

  test('R5.8 a cancellation stopped after its detachment, before its outcome: its recorded property is reused', () => {
    // The log has the intent (property prop-old) and no outcome: cancelledAt is not set.
    const stopped = aState(
      {},
      {
        ozmap: { clientId: 'old', propertyId: 'prop-old' },
        pendingCancellation: aPending({ clientId: 'old', propertyId: 'prop-old' }),
      },
    );
    const command = only(ofKind(sync([stopped], { properties: [kept()] }), 'create'));
    expect(command).toMatchObject({ rule: 'R5.8', reuseProperty: { propertyId: 'prop-old', clientId: null } });
    // A desistência stopped midway kept nothing to reuse.
    const removal = aState({}, { pendingCancellation: aPending({ mode: 'remove', propertyId: 'prop-old' }) });
    expect(only(ofKind(sync([removal], { properties: [kept()] }), 'skip')).reason).toBe('port-occupied');
  });
});

describe('R4.8 connect later', () => {
  const snapshot = aSnapshot();
  const unconnected = {
    clients: [clientMatching(snapshot)],
    properties: [propertyMatching(snapshot, { connections: [] })],
  };

  test('R4.8 an unconnected client on the box SGP gives is connected once its port exists and is free', () => {
    const command = only(ofKind(sync([aState()], unconnected), 'update'));
    expect(command).toMatchObject({
      rule: 'R4.8',
      propertyPatch: { connection: { boxId: 'box-1', splitterId: 'spl-1', port: 3 } },
    });
    expect(command.changes).toEqual([
      expect.objectContaining({ field: 'connection', from: null, to: expect.objectContaining({ port: 3 }) }),
    ]);
  });

  test('R4.8 CONNECT_LATER off -> left unconnected', () => {
    expect(sync([aState()], unconnected, { connectLater: false })).toEqual([]);
  });

  test('R4.8 the port is taken, or the box still has no splitter -> it waits, nothing recorded', () => {
    expect(sync([aState()], { ...unconnected, splitters: [aSplitter({ taken: [3] })] })).toEqual([]);
    expect(sync([aState()], { ...unconnected, splitters: [] })).toEqual([]);
  });

  test('R4.7 a connection joins the field updates in one property PATCH', () => {
    const drifted = {
      clients: [clientMatching(snapshot)],
      properties: [propertyMatching(snapshot, { connections: [], address: 'Old' })],
    };
    const command = only(sync([aState()], drifted));
    expect(command).toMatchObject({
      kind: 'update',
      propertyPatch: { address: snapshot.address, connection: { port: 3 } },
    });
  });
});

describe('R4.8 moves (moveOnCtoChange)', () => {
  const MOVE = { moveOnCtoChange: true };
  const twoBoxes = (properties: OzProperty[], extra: Partial<OzmapActual> = {}): Partial<OzmapActual> => ({
    boxes: [aBox(), aBox({ id: 'box-2', name: 'CTO-02' })],
    splitters: [aSplitter(), aSplitter({ id: 'spl-2', name: 'S2', boxId: 'box-2' })],
    properties,
    ...extra,
  });

  test('R4.8 moved in SGP -> one PATCH to the new splitter port, from -> to in the change', () => {
    const snapshot = aSnapshot({ cto: 'CTO-02', ctoPort: 4 });
    const actual = twoBoxes([propertyMatching(snapshot, { connections: on(3) })], {
      clients: [clientMatching(snapshot)],
    });
    const command = only(ofKind(sync([aState({ cto: 'CTO-02', ctoPort: 4 })], actual, MOVE), 'update'));
    expect(command.propertyPatch).toEqual({ connection: { boxId: 'box-2', splitterId: 'spl-2', port: 4 } });
    expect(command.changes[0]).toMatchObject({
      from: { boxName: 'CTO-01', port: 3 },
      to: { boxName: 'CTO-02', port: 4 },
    });
  });

  test('R4.8 target port taken -> held, noted once per reason', () => {
    const snapshot = aSnapshot({ ctoPort: 5 });
    const actual = {
      clients: [clientMatching(snapshot)],
      properties: [
        propertyMatching(snapshot, { connections: on(3) }),
        aProperty({ id: 'other', clientId: null, connections: on(5) }),
      ],
    };
    const note = only(ofKind(sync([aState({ ctoPort: 5 })], actual, MOVE), 'note'));
    expect(note).toMatchObject({ note: 'move-held', rule: 'R4.8' });
    expect(note.detail).toContain('taken by property other');
    expect(sync([aState({ ctoPort: 5 }, { lastNotes: { 'move-held': note.key } })], actual, MOVE)).toEqual([]);
  });

  test('R4.8 two contracts that swap ports are both held, the note saying a person must do the swap', () => {
    const a = aState({ code: '1', ctoPort: 4 });
    const b = aState({ code: '2', ctoPort: 3 });
    const actual = {
      clients: [aClient({ id: 'ca', code: '1' }), aClient({ id: 'cb', code: '2' })],
      properties: [
        propertyMatching(a.snapshot!, { id: 'pa', clientId: 'ca', connections: on(3) }),
        propertyMatching(b.snapshot!, { id: 'pb', clientId: 'cb', connections: on(4) }),
      ],
    };
    const notes = ofKind(
      planSync(
        [a, b],
        anIndex(actual),
        aContext({}, { ...MOVE, updateStatus: false, implant: false, updateName: false }),
      ),
      'note',
    );
    expect(notes.map((n) => n.code)).toEqual(['1', '2']);
    for (const n of notes) expect(n.detail).toMatch(/a swap, which a person must do/);
  });

  test('R4.8 option off: no move; connectionGaps counts the contract for plan and the dashboard', () => {
    const snapshot = aSnapshot({ cto: 'CTO-02' });
    const actual = twoBoxes([propertyMatching(snapshot, { connections: on(3) })], {
      clients: [clientMatching(snapshot)],
    });
    expect(ofKind(sync([aState({ cto: 'CTO-02' })], actual), 'update')).toEqual([]);
    expect(connectionGaps([aState({ cto: 'CTO-02' })], anIndex(actual), optionsWith())).toEqual({
      differ: ['1234'],
      unconnected: [],
    });
  });
});
