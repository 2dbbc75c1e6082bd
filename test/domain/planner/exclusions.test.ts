import { describe, expect, test } from 'vitest';
import { foldExclusions, indexExclusions, type Exclusion } from '../../../src/domain/exclusions/exclusions.ts';
import { splitExcluded } from '../../../src/domain/planner/planExclusions.ts';
import { planForKind } from '../../../src/reconciler/cyclePlan.ts';
import { aContext, anIndex, aSnapshot, aState, clientMatching, optionsWith, propertyMatching } from './builders.ts';

const at = '2026-12-07T12:00:00.000Z';
const exclusion = (kind: Exclusion['kind'], value: string): Exclusion => ({
  kind,
  value,
  reason: 'equipe de campo',
  by: 'cli:ana',
  at,
});

/** Contract 1234 with a client on box CTO-01 whose name differs; contract 55 not in OZmap, CTO CTO-01. */
function world() {
  const snapshot = aSnapshot();
  const client = clientMatching(snapshot, { name: 'Nome à mão' });
  const index = anIndex({ clients: [client], properties: [propertyMatching(snapshot)] });
  const states = [aState(), aState({ code: '55', cto: 'CTO-01', ctoPort: 2 })];
  return { index, states };
}

describe('R9.3 exclusions: read and reported, never written', () => {
  test('R9.3 the events fold into the exclusions in force; a removal lifts one', () => {
    const list = foldExclusions([
      { type: 'ExclusionAdded', data: { v: 1, ...exclusion('contract', '1234') } },
      { type: 'ExclusionAdded', data: { v: 1, ...exclusion('box', 'CTO-01') } },
      { type: 'ExclusionRemoved', data: { v: 1, at, kind: 'contract', value: '1234', by: 'api:127.0.0.1' } },
    ]);
    expect(list.map((e) => `${e.kind}:${e.value}`)).toEqual(['box:CTO-01']);
  });

  test('R9.3 an excluded contract gets no update, only a note in its trail (once per key)', () => {
    const { index, states } = world();
    const ctx = aContext({ exclusions: indexExclusions([exclusion('contract', '1234')], 'exact') });
    const commands = planForKind('sync', states.slice(0, 1), index, ctx, null).commands;
    expect(commands.map((c) => [c.kind, c.code])).toEqual([['note', '1234']]);
    expect(commands[0]).toMatchObject({ note: 'excluded', key: 'contract:1234', rule: 'R9.3' });
    const noted = aState({}, { lastNotes: { excluded: 'contract:1234' } });
    expect(planForKind('sync', [noted], index, ctx, null).commands).toEqual([]);
  });

  test('R9.3 an excluded box covers its clients and the creations SGP asks on it; lifting it is noted', () => {
    const { index, states } = world();
    const exclusions = indexExclusions([exclusion('box', 'cto-01')], 'case-insensitive');
    const split = splitExcluded(states, index, exclusions, optionsWith({ boxNameMatch: 'case-insensitive' }));
    expect(split.planned).toEqual([]);
    expect(split.excluded.map((e) => e.state.code)).toEqual(['1234', '55']);
    const lifted = splitExcluded(
      [aState({}, { lastNotes: { excluded: 'box:cto-01' } })],
      index,
      indexExclusions([], 'exact'),
      optionsWith(),
    );
    expect(lifted.planned).toHaveLength(1);
    expect(lifted.notes[0]).toMatchObject({ key: '', detail: expect.stringContaining('no longer excluded') });
  });

  test('R9.3 an excluded contract is never cancelled, and does not count for the guard', () => {
    const snapshot = aSnapshot({ status: 3 });
    const index = anIndex({ clients: [clientMatching(snapshot)], properties: [propertyMatching(snapshot)] });
    const cancelled = [aState({ status: 3 })];
    expect(planForKind('cancel', cancelled, index, aContext(), null).commands.map((c) => c.kind)).toEqual(['cancel']);
    const ctx = aContext({ exclusions: indexExclusions([exclusion('contract', '1234')], 'exact') });
    expect(planForKind('cancel', cancelled, index, ctx, null).commands).toEqual([]);
  });
});
