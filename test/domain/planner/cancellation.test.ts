import { describe, expect, test } from 'vitest';
import type { OzClient, OzProperty } from '../../../src/domain/ozmap/ozmapObjects.ts';
import { cancellationSetHash, evaluateGuard } from '../../../src/domain/planner/cancelGuard.ts';
import type { CancelClientCommand } from '../../../src/domain/planner/commands.ts';
import type { ContractState } from '../../../src/domain/planner/contractState.ts';
import type { OzmapActual } from '../../../src/domain/planner/ozmapIndex.ts';
import { planCancel, planSync, type CancelPlan, type PlanContext } from '../../../src/domain/planner/planCycle.ts';
import type { RuleOptionsInput } from '../../../src/domain/ruleOptions.ts';
import { aClient, aContext, anIndex, aPending, aProperty, aState, only } from './builders.ts';

const LINE = 'Cliente removido pela integração SGP: Maria da Silva (código 1234) em 29/11/2026 14:05';
const connected = { splitterId: 'spl-1', port: 3, fiber: 'fiber-3' };

/** OZmap with client 1234 on property prop-1, connected to port 3 of S1. */
function world(client: Partial<OzClient> = {}, property: Partial<OzProperty> | null = {}): Partial<OzmapActual> {
  return {
    clients: [aClient(client)],
    properties: property === null ? [] : [aProperty({ connections: [connected], ...property })],
  };
}

function cancel(
  states: ContractState | ContractState[],
  actual: Partial<OzmapActual> = world(),
  options: RuleOptionsInput = {},
  ctx: Partial<PlanContext> = {},
): CancelPlan {
  return planCancel([states].flat(), anIndex(actual), aContext(ctx, options));
}

const cancelled = (overrides: Partial<ContractState> = {}): ContractState =>
  aState({ status: 3, statusText: 'Cancelado' }, overrides);

describe('R5.1 what is a cancellation', () => {
  test.each([
    [3, 'Cancelado'],
    [5, 'Inviabilidade Tecnica'],
  ] as const)('R5.1 status %i (%s) -> cancelled', (status, statusText) => {
    expect(only(cancel(aState({ status, statusText })).commands)).toMatchObject({
      kind: 'cancel',
      code: '1234',
      clientId: 'client-1',
    });
  });

  test.each([1, 2, 4, 6, 7, 'unknown'] as const)('R5.1 status %s -> not cancelled', (status) => {
    expect(cancel(aState({ status })).commands).toEqual([]);
  });

  test('R5.1 cancelStatuses is configurable: [3] leaves status 5 alone', () => {
    expect(cancel(aState({ status: 5 }), world(), { cancelStatuses: [3] }).commands).toEqual([]);
    expect(cancel(aState({ status: 3 }), world(), { cancelStatuses: [3] }).commands).toHaveLength(1);
  });

  test('R5.1 cancelStatuses is configurable: [2] cancels inativo contracts', () => {
    expect(cancel(aState({ status: 2 }), world(), { cancelStatuses: [2] }).commands).toHaveLength(1);
  });

  test('R5.1 only codes that still exist in OZmap are acted on', () => {
    expect(cancel(cancelled(), { clients: [aClient({ code: '999' })], properties: [] }).commands).toEqual([]);
  });
});

describe('R5.2 implanted client: detach', () => {
  test('R5.2 the client is removed from its property, which stays connected, with the exact observation line', () => {
    const command = only(cancel(cancelled()).commands);
    expect(command).toEqual<CancelClientCommand>({
      kind: 'cancel',
      code: '1234',
      rule: 'R5.2',
      reason: expect.any(String) as string,
      mode: 'detach',
      clientId: 'client-1',
      clientName: 'Maria da Silva',
      propertyId: 'prop-1',
      observationLine: LINE,
      disconnect: null,
      resumed: false,
    });
  });

  test('R5.2 the line carries the name as OZmap had it, not the SGP name', () => {
    const command = only(cancel(cancelled(), world({ name: 'Maria S. (OZmap)' })).commands);
    expect(command.observationLine).toBe(
      'Cliente removido pela integração SGP: Maria S. (OZmap) (código 1234) em 29/11/2026 14:05',
    );
  });

  test('R5.2 the date and time are in option timezone', () => {
    const command = only(cancel(cancelled(), world(), { timezone: 'UTC' }).commands);
    expect(command.observationLine).toBe(
      'Cliente removido pela integração SGP: Maria da Silva (código 1234) em 29/11/2026 17:05',
    );
  });

  test('R5.2 a client without a property is still detached (deleted), with no property to write on', () => {
    expect(only(cancel(cancelled(), world({}, null)).commands)).toMatchObject({
      mode: 'detach',
      clientId: 'client-1',
      propertyId: null,
    });
  });
});

describe('R5.3 not implanted: removed completely', () => {
  test('R5.3 desistência: property and client removed, no line, no connection kept', () => {
    const command = only(cancel(cancelled(), world({ implanted: false })).commands);
    expect(command).toMatchObject({
      rule: 'R5.3',
      mode: 'remove',
      clientId: 'client-1',
      propertyId: 'prop-1',
      observationLine: null,
      disconnect: null,
    });
  });
});

describe('R5.4 options', () => {
  test('R5.4 removePropertyCompletely: an implanted client is removed like R5.3', () => {
    const command = only(cancel(cancelled(), world(), { removePropertyCompletely: true }).commands);
    expect(command).toMatchObject({ rule: 'R5.4', mode: 'remove', propertyId: 'prop-1', observationLine: null });
  });

  test('R5.4 disconnectCancelledProperty: detach also frees the splitter port', () => {
    const command = only(cancel(cancelled(), world(), { disconnectCancelledProperty: true }).commands);
    expect(command).toMatchObject({
      mode: 'detach',
      observationLine: LINE,
      disconnect: { splitterId: 'spl-1', fiber: 'fiber-3' },
    });
  });

  test('R5.4 disconnectCancelledProperty does not apply to a removal (nothing is kept to disconnect)', () => {
    expect(
      only(cancel(cancelled(), world({ implanted: false }), { disconnectCancelledProperty: true }).commands).disconnect,
    ).toBeNull();
  });

  test('R5.4 cancelClients off: nothing is cancelled, blocked as disabled', () => {
    const plan = cancel(cancelled(), world(), { cancelClients: false });
    expect(plan).toMatchObject({ commands: [], blocked: 'disabled' });
  });
});

describe('R5.5 resumed cancellations', () => {
  test('R5.5 pending, client still there -> resumed with the line decided then, not a new one', () => {
    const pending = aPending({
      observationLine: 'Cliente removido pela integração SGP: Maria da Silva (código 1234) em 01/01/2026 08:00',
    });
    const command = only(
      cancel(cancelled({ pendingCancellation: pending }), world({ name: 'Renamed since' })).commands,
    );
    expect(command).toMatchObject({
      resumed: true,
      clientId: 'client-1',
      clientName: 'Maria da Silva',
      observationLine: pending.observationLine,
    });
  });

  test('R5.5 pending detach, client gone, line missing on the property -> resumed command', () => {
    const actual = { clients: [], properties: [aProperty({ clientId: null, connections: [connected] })] };
    const command = only(cancel(cancelled({ pendingCancellation: aPending() }), actual).commands);
    expect(command).toMatchObject({
      resumed: true,
      mode: 'detach',
      clientId: null,
      propertyId: 'prop-1',
      observationLine: LINE,
    });
  });

  test('R5.5 pending detach, client gone, line present, property detached -> nothing left to do', () => {
    const actual = { clients: [], properties: [aProperty({ clientId: null, observation: `Portão azul\n${LINE}` })] };
    expect(cancel(cancelled({ pendingCancellation: aPending() }), actual).commands).toEqual([]);
  });

  // Regression: a cancellation interrupted after its line was written but before the port was
  // freed was never finished (R5.5: "interrupted at any step ... finishes the job").
  test('R5.5 pending detach with disconnect, line present, port still connected -> resumed', () => {
    const pending = aPending({ disconnect: { splitterId: 'spl-1', fiber: 'fiber-3' } });
    const actual = {
      clients: [],
      properties: [aProperty({ clientId: null, observation: LINE, connections: [connected] })],
    };
    expect(only(cancel(cancelled({ pendingCancellation: pending }), actual).commands)).toMatchObject({
      resumed: true,
      disconnect: pending.disconnect,
    });
  });

  test('R5.5 pending detach with disconnect, line present, port freed -> nothing', () => {
    const pending = aPending({ disconnect: { splitterId: 'spl-1', fiber: 'fiber-3' } });
    const actual = { clients: [], properties: [aProperty({ clientId: null, observation: LINE, connections: [] })] };
    expect(cancel(cancelled({ pendingCancellation: pending }), actual).commands).toEqual([]);
  });

  test('R5.5 pending remove, client gone, property left -> resumed removal', () => {
    const pending = aPending({ mode: 'remove', observationLine: null });
    const actual = { clients: [], properties: [aProperty({ clientId: null })] };
    expect(only(cancel(cancelled({ pendingCancellation: pending }), actual).commands)).toMatchObject({
      resumed: true,
      mode: 'remove',
      propertyId: 'prop-1',
    });
  });

  test('R5.5 pending remove, property removed first, client still there -> resumed on the client found by code', () => {
    const pending = aPending({ mode: 'remove', observationLine: null });
    const command = only(
      cancel(cancelled({ pendingCancellation: pending }), world({ implanted: false }, null)).commands,
    );
    expect(command).toMatchObject({ resumed: true, mode: 'remove', clientId: 'client-1', propertyId: null });
  });

  test('R5.5 pending remove, client and property gone -> nothing', () => {
    const pending = aPending({ mode: 'remove', observationLine: null });
    expect(cancel(cancelled({ pendingCancellation: pending }), { clients: [], properties: [] }).commands).toEqual([]);
  });
});

/** `cancelledCount` cancelled contracts among `total` implanted OZmap clients. */
function massCancel(
  cancelledCount: number,
  total: number,
  offset = 0,
): { states: ContractState[]; actual: Partial<OzmapActual> } {
  const codes = Array.from({ length: total }, (_, i) => String(i + 1));
  const states = codes.slice(offset, offset + cancelledCount).map((code) => aState({ code, status: 3 }));
  const clients = codes.map((code) => aClient({ id: `c${code}`, code }));
  return { states, actual: { clients, properties: [] } };
}

describe('R5.6 guard against mass deletion', () => {
  test('R5.6 51 of 1000 clients (5.1% > 5% and > 50) -> trips: none removed, pending set and hash recorded', () => {
    const { states, actual } = massCancel(51, 1000);
    const plan = cancel(states, actual);
    expect(plan).toMatchObject({
      commands: [],
      blocked: 'guard',
      guard: { tripped: true, removals: 51, totalClients: 1000 },
    });
    expect(plan.guard.codes).toHaveLength(51);
    expect(plan.guard.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  test('R5.6 51 of 2000 clients (2.55%) -> does not trip', () => {
    const { states, actual } = massCancel(51, 2000);
    expect(cancel(states, actual)).toMatchObject({ blocked: null, guard: { tripped: false } });
    expect(cancel(states, actual).commands).toHaveLength(51);
  });

  test('R5.6 50 of 100 clients (50 is not more than 50) -> does not trip', () => {
    const { states, actual } = massCancel(50, 100);
    expect(cancel(states, actual).commands).toHaveLength(50);
  });

  test('R5.6 each removed client counts once, whatever the mode', () => {
    const { states, actual } = massCancel(51, 1000);
    const mixed = { ...actual, clients: (actual.clients ?? []).map((c, i) => ({ ...c, implanted: i % 2 === 0 })) };
    expect(cancel(states, mixed).guard).toMatchObject({ tripped: true, removals: 51 });
  });

  test('R5.6 a confirmation naming the hash releases exactly that set', () => {
    const { states, actual } = massCancel(51, 1000);
    const { guard } = cancel(states, actual);
    const released = cancel(states, actual, {}, { confirmedHash: guard.hash });
    expect(released.blocked).toBeNull();
    expect(released.commands.map((c) => c.code).sort()).toEqual(guard.codes);
  });

  test('R5.6 a confirmation of a different set does not release this one', () => {
    const reviewed = cancel(massCancel(51, 1000).states, massCancel(51, 1000).actual).guard.hash;
    const { states, actual } = massCancel(52, 1000);
    expect(cancel(states, actual, {}, { confirmedHash: reviewed })).toMatchObject({ commands: [], blocked: 'guard' });
    const shifted = massCancel(51, 1000, 1);
    expect(cancel(shifted.states, shifted.actual, {}, { confirmedHash: reviewed })).toMatchObject({
      commands: [],
      blocked: 'guard',
    });
  });

  test('R5.6 the hash names the set, not the order it was planned in', () => {
    const commands = cancel(massCancel(3, 10).states, massCancel(3, 10).actual).commands;
    expect(cancellationSetHash([...commands].reverse())).toBe(cancellationSetHash(commands));
  });

  test('R5.6 option cancelGuard sets both limits', () => {
    const { states, actual } = massCancel(3, 10);
    expect(evaluateGuard(cancel(states, actual).commands, 10, { maxCount: 2, maxPercent: 20 }).tripped).toBe(true);
    expect(evaluateGuard(cancel(states, actual).commands, 10, { maxCount: 2, maxPercent: 30 }).tripped).toBe(false);
    expect(cancel(states, actual, { cancelGuard: { maxCount: 2, maxPercent: 20 } }).blocked).toBe('guard');
  });

  test('R5.6 incomplete SGP sweep -> nothing cancelled, blocked sgp-incomplete', () => {
    expect(cancel(cancelled(), world(), {}, { sweepComplete: false })).toMatchObject({
      commands: [],
      blocked: 'sgp-incomplete',
    });
  });

  test('R5.6 (R1.6) incomplete OZmap read -> nothing cancelled, blocked ozmap-incomplete', () => {
    expect(cancel(cancelled(), world(), {}, { ozmapComplete: false })).toMatchObject({
      commands: [],
      blocked: 'ozmap-incomplete',
    });
  });
});

describe('R5.7 vanished contracts', () => {
  test('R5.7 a contract gone from SGP is not cancelled, even with a cancellation status', () => {
    expect(cancel(cancelled({ vanished: true })).commands).toEqual([]);
  });

  test('R5.7 a contract gone from SGP is neither created nor updated', () => {
    expect(planSync([aState({ name: 'New' }, { vanished: true })], anIndex(world()), aContext())).toEqual([]);
    expect(planSync([aState({}, { vanished: true })], anIndex({}), aContext())).toEqual([]);
  });
});

describe('R5.5 a second cancellation of the same code (issue 14)', () => {
  const OLD = 'Cliente removido pela integração SGP: Ana (código 1234) em 01/02/2025 10:00';
  const seenActive = { statusSeenAt: { '1': '2026-06-01T12:00:00.000Z', '3': '2026-11-29T17:00:00.000Z' } };

  test('R5.5 a line written before the contract was last seen active does not count: a new line is decided', () => {
    const command = only(cancel(cancelled(seenActive), world({}, { observation: OLD })).commands);
    expect(command.observationLine).toBe(LINE);
  });

  test('R5.5 a line of this cancellation already on the property is the line (a retry after a restore from a backup)', () => {
    const mine = 'Cliente removido pela integração SGP: Maria S (código 1234) em 29/11/2026 14:02';
    const command = only(cancel(cancelled(seenActive), world({}, { observation: `${OLD}\n${mine}` })).commands);
    expect(command.observationLine).toBe(mine);
  });

  test('R5.5 never seen active: an existing line of the code is taken as this one, not written again', () => {
    const command = only(cancel(cancelled(), world({}, { observation: OLD })).commands);
    expect(command.observationLine).toBe(OLD);
  });

  describe("R5.5 a line that would read as an earlier cancellation's (same name, same minute)", () => {
    // Seed 4 of the life-cycle runs: cancelled, reactivated and cancelled again within one
    // minute under the same name. The earlier cancellation's line (finished: the log has it in
    // endedLines) is on the property; the new one, decided now, would be the same text, which a
    // retry, a restore or a person could then never tell apart. The executor took it for this
    // cancellation's and wrote none.
    const again = cancelled({
      statusSeenAt: { '1': '2026-11-29T17:04:30.000Z', '3': '2026-11-29T17:04:50.000Z' },
      endedLines: [LINE],
    });
    const onProperty = world({}, { observation: LINE });

    test('R5.5 the cancellation waits for the next minute, and says why once', () => {
      const plan = cancel(again, onProperty);
      expect(plan.commands).toEqual([]);
      expect(only(plan.skips)).toMatchObject({ kind: 'note', note: 'cancel-held', rule: 'R5.5', key: LINE });
      expect(cancel({ ...again, lastNotes: { 'cancel-held': LINE } }, onProperty).skips).toEqual([]);
    });

    test('R5.5 the next minute, it decides and writes a line of its own', () => {
      const later = cancel(again, onProperty, {}, { now: new Date('2026-11-29T17:06:00.000Z') });
      expect(only(later.commands).observationLine).toBe(LINE.replace('14:05', '14:06'));
    });
  });

  test('R5.5 the line decided carries the name on one line', () => {
    const command = only(cancel(cancelled(seenActive), world({ name: 'Maria\nda\tSilva' })).commands);
    expect(command.observationLine).toBe(LINE);
  });
});
