import { describe, expect, test } from 'vitest';
import type { DomainEvent, EventPayload } from '../../../src/domain/events/catalogue.ts';
import type { ContestSettings, FieldContestState } from '../../../src/domain/contest/contestState.ts';
import { planResolution } from '../../../src/domain/contest/planResolution.ts';
import { applyFieldOverrides } from '../../../src/domain/planner/applyFieldOverrides.ts';
import { planSync } from '../../../src/domain/planner/planCycle.ts';
import { foldContest } from '../../../src/projections/contestFold.ts';
import { aContext, anIndex, aSnapshot, aState, clientMatching, ofKind, propertyMatching } from './builders.ts';

const SETTINGS: ContestSettings = { threshold: 3, windowMs: 3_600_000, mode: 'apply' };
const T0 = Date.parse('2026-11-29T17:00:00Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
const snapshot = aSnapshot();

/** The service wrote SGP's name, and another writer changed it to `other` after each write. */
function updated(minutes: number, from: string): DomainEvent {
  const data: EventPayload<'OzmapClientUpdated'> = {
    v: 1,
    cycleId: `c${minutes}`,
    at: at(minutes),
    commandId: `u${minutes}`,
    clientId: 'client-1',
    propertyId: 'prop-1',
    changes: [{ object: 'client', field: 'name', from, to: snapshot.name, rule: 'R4.1', cause: 'drift' }],
  };
  return { type: 'OzmapClientUpdated', data };
}

function created(): DomainEvent {
  return {
    type: 'OzmapClientCreated',
    data: {
      v: 1,
      cycleId: 'c0',
      at: at(0),
      commandId: 'create',
      clientId: 'client-1',
      propertyId: 'prop-1',
      boxId: 'box-1',
      boxName: 'CTO-01',
      connection: null,
      unconnectedReason: 'box-without-splitter',
      client: { name: snapshot.name, implanted: true, status: 0 },
      property: { address: snapshot.address, coords: snapshot.coords, potencyRead: snapshot.rxDbm },
    },
  };
}

const fold = (events: readonly DomainEvent[], start?: FieldContestState): FieldContestState | undefined =>
  events.reduce<FieldContestState | undefined>((state, event) => foldContest(state, event), start);

/** The sync's plan for contract 1234 while OZmap holds `name`, then R9.4/R9.5 applied at `minutes`. */
function plan(contest: FieldContestState | undefined, minutes: number, settings = SETTINGS, name = 'Outro Nome') {
  const state = aState({}, contest ? { contest } : {});
  const index = anIndex({
    clients: [clientMatching(snapshot, { name })],
    properties: [propertyMatching(snapshot)],
  });
  const commands = planSync([state], index, aContext());
  return applyFieldOverrides(commands, ['1234'], () => contest, settings, new Date(at(minutes)));
}

describe('R9.4 contested fields', () => {
  test('R9.4 a value the service wrote, changed back in OZmap, counts; the first write does not', () => {
    const state = fold([created(), updated(10, 'Outro Nome'), updated(20, 'Outro Nome')]);
    expect(state?.reverts?.['name']).toEqual([at(10), at(20)]);
    expect(state?.written?.['name']).toEqual({ value: snapshot.name, at: at(20) });
  });

  test('R9.4 an SGP change written over a hand edit is not a change back', () => {
    const state = fold([created()]);
    const sgpChange: DomainEvent = {
      type: 'OzmapClientUpdated',
      data: { ...(updated(10, 'x').data as EventPayload<'OzmapClientUpdated'>) },
    };
    (sgpChange.data as { changes: unknown[] }).changes = [
      { object: 'client', field: 'name', from: snapshot.name, to: 'Maria S.', rule: 'R4.1', cause: 'sgp' },
    ];
    expect(fold([sgpChange], state)?.reverts?.['name'] ?? []).toEqual([]);
  });

  test('R9.4 below the threshold -> written, no contest; at the threshold -> FieldContested facts', () => {
    const two = fold([created(), updated(10, 'Outro Nome')]);
    const below = plan(two, 20);
    expect(below.found).toEqual([]);
    expect(ofKind(below.commands, 'update')[0]?.clientPatch).toEqual({ name: snapshot.name });
    const three = fold([created(), updated(10, 'Outro Nome'), updated(20, 'Outro Nome')]);
    const at3 = plan(three, 30);
    expect(at3.found).toEqual([
      {
        code: '1234',
        field: 'name',
        object: 'client',
        sgpValue: snapshot.name,
        ozmapValue: 'Outro Nome',
        wroteAt: at(20),
        changesBack: [at(10), at(20), at(30)],
        mode: 'apply',
      },
    ]);
    // apply mode (the default): the ERP still wins.
    expect(ofKind(at3.commands, 'update')[0]?.clientPatch).toEqual({ name: snapshot.name });
  });

  test('R9.4 changes back older than the window do not count', () => {
    const old = fold([created(), updated(10, 'Outro Nome'), updated(20, 'Outro Nome')]);
    expect(plan(old, 20 + 61).found).toEqual([]);
  });

  test('R9.4 hold mode: the contest holds the field, every other field is still written', () => {
    const state = fold([created(), updated(10, 'Outro Nome'), updated(20, 'Outro Nome')]);
    const hold: ContestSettings = { ...SETTINGS, mode: 'hold' };
    const index = anIndex({
      clients: [clientMatching(snapshot, { name: 'Outro Nome', status: 1 })],
      properties: [propertyMatching(snapshot)],
    });
    const commands = planSync([aState({}, { contest: state! })], index, aContext());
    const out = applyFieldOverrides(commands, ['1234'], () => state, hold, new Date(at(30)));
    expect(out.found.map((f) => [f.field, f.mode])).toEqual([['name', 'hold']]);
    expect(ofKind(out.commands, 'update')[0]?.clientPatch).toEqual({ status: 0 });
    expect(out.withheld).toEqual([
      {
        code: '1234',
        field: 'name',
        object: 'client',
        sgpValue: snapshot.name,
        ozmapValue: 'Outro Nome',
        cause: 'contested-held',
      },
    ]);
    // Once recorded, the held field stays out of every plan until resolved.
    const contested = foldContest(state, {
      type: 'FieldContested',
      data: {
        v: 1,
        cycleId: 'c30',
        at: at(30),
        field: 'name',
        object: 'client',
        sgpValue: snapshot.name,
        ozmapValue: 'Outro Nome',
        wroteAt: at(20),
        changesBack: [at(10), at(20), at(30)],
        changedBy: null,
        mode: 'hold',
      },
    });
    const later = plan(contested, 500, hold);
    expect(later.commands).toEqual([]);
    expect(later.found).toEqual([]);
    expect(later.quiet).toEqual([]);
  });

  test('R9.4 an apply-mode contest with no change back for a whole window ends by itself', () => {
    const state = fold([
      created(),
      updated(10, 'Outro Nome'),
      updated(20, 'Outro Nome'),
      updated(30, 'Outro Nome'),
      {
        type: 'FieldContested',
        data: {
          v: 1,
          cycleId: 'c30',
          at: at(30),
          field: 'name',
          object: 'client',
          sgpValue: snapshot.name,
          ozmapValue: 'Outro Nome',
          wroteAt: at(20),
          changesBack: [at(10), at(20), at(30)],
          changedBy: null,
          mode: 'apply',
        },
      },
    ]);
    expect(state?.open?.['name']?.reverts).toBe(3);
    // OZmap agrees now: nothing planned, and the window since the last change back passed.
    const quiet = plan(state, 30 + 60, SETTINGS, snapshot.name);
    expect(quiet.quiet).toEqual([{ code: '1234', field: 'name', since: at(30), lastRevertAt: at(30) }]);
    expect(plan(state, 30 + 59, SETTINGS, snapshot.name).quiet).toEqual([]);
  });
});

describe('R9.5 resolution and overrides', () => {
  const contested = fold([
    created(),
    {
      type: 'FieldContested',
      data: {
        v: 1,
        cycleId: 'c30',
        at: at(30),
        field: 'name',
        object: 'client',
        sgpValue: snapshot.name,
        ozmapValue: 'Outro Nome',
        wroteAt: at(20),
        changesBack: [at(10), at(20), at(30)],
        changedBy: null,
        mode: 'hold',
      },
    },
  ]);
  const decide = (state: FieldContestState | undefined, resolution: 'sgp' | 'ozmap' | 'watch') => {
    const planned = planResolution(state, 'name', resolution, 'cli', new Date(at(40)));
    if (!planned.ok) throw new Error(planned.message);
    return { events: planned.events, state: fold(planned.events as DomainEvent[], state) };
  };

  test('R9.5 ozmap: a per-client override, the field never written for this client', () => {
    const { events, state } = decide(contested, 'ozmap');
    expect(events.map((e) => e.type)).toEqual(['FieldOverrideSet', 'FieldContestResolved']);
    expect(state?.open).toEqual({});
    const out = plan(state, 50);
    expect(out.commands).toEqual([]);
    expect(out.withheld.map((w) => w.cause)).toEqual(['override-ozmap']);
  });

  test('R9.5 sgp: written from now on and never contested again', () => {
    const { state } = decide(contested, 'sgp');
    const withBacks = fold([updated(50, 'Outro Nome'), updated(60, 'Outro Nome'), updated(70, 'Outro Nome')], state);
    const out = plan(withBacks, 80);
    expect(out.found).toEqual([]);
    expect(ofKind(out.commands, 'update')[0]?.clientPatch).toEqual({ name: snapshot.name });
  });

  test('R9.5 watch: the contest ends, its changes back are forgotten, the count starts again', () => {
    const { events, state } = decide(contested, 'watch');
    expect(events.map((e) => e.type)).toEqual(['FieldContestResolved']);
    expect(state?.reverts?.['name']).toBeUndefined();
    const out = plan(state, 50);
    expect(out.found).toEqual([]);
    expect(ofKind(out.commands, 'update')[0]?.clientPatch).toEqual({ name: snapshot.name });
  });

  test('R9.5 watch clears an override; an unknown field or nothing to do is refused', () => {
    const { state } = decide(contested, 'ozmap');
    const back = decide(state, 'watch');
    expect(back.events.map((e) => [e.type, 'owner' in e.data ? e.data.owner : null])).toEqual([
      ['FieldOverrideSet', null],
    ]);
    expect(back.state?.overrides).toEqual({});
    expect(planResolution(back.state, 'name', 'watch', 'cli', new Date()).ok).toBe(false);
    const unknown = planResolution(back.state, 'colour', 'sgp', 'cli', new Date());
    expect(unknown.ok === false && unknown.code).toBe('UNKNOWN_FIELD');
  });
});
