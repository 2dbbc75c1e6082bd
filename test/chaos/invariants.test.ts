import { describe, expect, test } from 'vitest';
import type { OzmapState } from '../../sim/ozmap/ozmapFixture.ts';
import type { LogEvent } from '../../chaos/support/eventLog.ts';
import {
  canonicalOzmap,
  commandsWithoutOutcome,
  diffLines,
  duplicateCodes,
  repeatedObservationLines,
  uncoveredWrite,
  unexplainedChanges,
  unresolvedCommands,
  writesOverBudget,
  wrongDeletions,
} from '../../chaos/support/invariants.ts';
import { cancelledCodes } from '../../chaos/support/worlds.ts';

/** A check that cannot fail proves nothing: each invariant is shown a violation here. */

const client = (id: string, code: string, extra: Record<string, unknown> = {}) => ({
  id,
  code,
  name: `n${code}`,
  observation: '',
  implanted: true,
  status: 0 as const,
  onu: { serial_number: '', mac_address: '', user_PPPoE: '' },
  ...extra,
});
const property = (id: string, clientId: string | null, extra: Record<string, unknown> = {}) => ({
  id,
  box: 'b1',
  client: clientId,
  address: 'a',
  coords: [-47.8, -21.1] as [number, number],
  observation: '',
  potencyRead: null,
  connections: [],
  history: { clients: [] },
  ...extra,
});
const state = (clients: ReturnType<typeof client>[], properties: ReturnType<typeof property>[]): OzmapState =>
  ({ boxes: [], splitters: [], ftthClients: clients, properties }) as unknown as OzmapState;
const event = (stream: string, type: string, data: Record<string, unknown>, position = 0): LogEvent => ({
  stream,
  type,
  data,
  revision: 0,
  position,
});

describe('chaos invariants detect what they are for', () => {
  test('duplicate codes', () => {
    expect(duplicateCodes(state([client('c1', '7'), client('c2', '8')], []))).toEqual([]);
    expect(duplicateCodes(state([client('c1', '7'), client('c2', '7')], []))).toEqual(['code 7 x2']);
  });

  test('an observation line written twice', () => {
    const line = 'Cliente removido pela integração SGP: Ana (código 7) em 29/11/2026 14:05';
    expect(repeatedObservationLines(state([], [property('p1', null, { observation: `x\n${line}` })]))).toEqual([]);
    expect(repeatedObservationLines(state([], [property('p1', null, { observation: `${line}\n${line}` })]))).toEqual([
      'property p1: line for código 7 x2',
    ]);
  });

  test('canonical state ignores ids and the minute of a line, not a value', () => {
    const a = state([client('c1', '7')], [property('p1', 'c1', { observation: 'x (código 7) em 29/11/2026 14:05' })]);
    const b = state([client('zz', '7')], [property('p9', 'zz', { observation: 'x (código 7) em 30/11/2026 09:00' })]);
    expect(diffLines(canonicalOzmap(a), canonicalOzmap(b))).toBe('');
    const c = state([client('zz', '7', { name: 'other' })], [property('p9', 'zz')]);
    expect(diffLines(canonicalOzmap(a), canonicalOzmap(c))).not.toBe('');
  });

  test('a deletion of a contract not cancelled', () => {
    const before = state([client('c1', '7'), client('c2', '8')], [property('p1', 'c1'), property('p2', 'c2')]);
    const after = state([client('c2', '8')], [property('p2', 'c2')]);
    expect(wrongDeletions(before, after, new Set(['7']))).toEqual([]);
    expect(wrongDeletions(before, after, new Set(['8']))).toEqual([
      'client c1 (code 7) deleted',
      'property p1 (code 7) deleted',
    ]);
  });

  test('cancelled contracts are recognised as SGP writes their status', () => {
    const sgp = {
      clientes: [
        {
          contratos: [
            { contrato: 1, status: ' CANCELADO ' },
            { contrato: 2, status: 'Inviabilidade Técnica' },
            { contrato: 3, status: 'Ativo' },
            { contrato: 4, status: 3 },
          ],
        },
      ],
    };
    expect(cancelledCodes(sgp)).toEqual(['1', '2', '4']);
  });

  test('a command without an outcome; a client created or removed outside the trail', () => {
    const issued = (id: string, kind: string) =>
      event('contract-7', 'OzmapCommandIssued', { commandId: id, command: { kind } });
    expect(
      unresolvedCommands([
        issued('a', 'create'),
        event('contract-7', 'OzmapClientCreated', { commandId: 'a', clientId: 'c9' }),
      ]),
    ).toEqual([]);
    expect(unresolvedCommands([issued('a', 'create')])).toEqual(['contract-7: create a']);
    // An earlier command answered by a later decision is not unresolved; without crashes, it is.
    expect(
      unresolvedCommands([
        issued('a', 'update'),
        issued('b', 'update'),
        event('contract-7', 'OzmapClientUpdated', { commandId: 'b' }),
      ]),
    ).toEqual([]);
    expect(
      commandsWithoutOutcome([
        issued('a', 'update'),
        issued('b', 'update'),
        event('contract-7', 'OzmapClientUpdated', { commandId: 'b' }),
      ]),
    ).toEqual(['contract-7: update a']);
    const before = state([client('c1', '8')], []);
    const after = state([client('c9', '7')], []);
    expect(unexplainedChanges(before, after, [])).toEqual([
      'client c9 (code 7) created, not in its trail',
      'client c1 (code 8) removed, not in its trail',
    ]);
    expect(
      unexplainedChanges(before, after, [
        event('contract-7', 'OzmapCreationSuperseded', { clientId: 'c9' }),
        event('contract-8', 'OzmapClientCancelled', { clientId: 'c1' }),
      ]),
    ).toEqual([]);
  });

  test('a write with no command issued before it, or more writes than commands allow', () => {
    const write = { method: 'PATCH', route: '/api/v2/ftth-clients/:id', id: 'c1', body: { name: 'x' }, code: '7' };
    expect(uncoveredWrite(write, [{ kind: 'update', clientId: 'c1', clientPatch: { name: 'x' } }])).toBeNull();
    expect(uncoveredWrite(write, [])).toMatch(/no OzmapCommandIssued before it/);
    expect(uncoveredWrite(write, [{ kind: 'update', clientId: 'c2', clientPatch: { name: 'x' } }])).toMatch(
      /no issued command covers it/,
    );
    expect(uncoveredWrite(write, [{ kind: 'update', clientId: 'c1', clientPatch: { implanted: true } }])).toMatch(
      /no issued command covers it/,
    );
    const create = {
      method: 'POST',
      route: '/api/v2/properties',
      id: null,
      body: { box: 'b1', client: { code: '7' } },
      code: '7',
    };
    expect(uncoveredWrite(create, [{ kind: 'create', boxId: 'b1' }])).toBeNull();
    const issuedCreate = event('contract-7', 'OzmapCommandIssued', { commandId: 'a', command: { kind: 'create' } });
    expect(writesOverBudget([create], [issuedCreate])).toEqual([]);
    expect(writesOverBudget([create, create], [issuedCreate])).toEqual([
      'contract-7: 2 writes, commands issued allow 1',
    ]);
  });
});
