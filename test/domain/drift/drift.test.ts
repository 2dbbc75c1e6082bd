import { describe, expect, test } from 'vitest';
import { driftDigestOwed } from '../../../src/domain/drift/driftDigest.ts';
import { trackDrift, type DriftItem, type DriftObservation } from '../../../src/domain/drift/driftItem.ts';
import { listDrift } from '../../../src/domain/drift/listDrift.ts';
import { indexExclusions, noExclusions } from '../../../src/domain/exclusions/exclusions.ts';
import { anIndex, aSnapshot, aState, clientMatching, optionsWith, propertyMatching } from '../planner/builders.ts';

const HOUR = 3_600_000;
const t0 = new Date('2026-12-01T12:00:00.000Z');
const later = (hours: number): Date => new Date(t0.getTime() + hours * HOUR);

function handEdited() {
  const snapshot = aSnapshot();
  return anIndex({
    clients: [clientMatching(snapshot, { name: 'Nome à mão' })],
    properties: [propertyMatching(snapshot, { coords: { lat: -3.7, lng: -38.5 } })],
  });
}

const observation = (code: string, field = 'coords'): DriftObservation => ({
  code,
  field,
  object: 'property',
  sgpValue: 1,
  ozmapValue: 2,
  cause: 'policy-ozmap',
});

describe('R9.2 drift: every difference known and not written, with its age', () => {
  test('R9.2 a policy ozmap or fill withholds the difference and lists it; sgp writes it and lists nothing', () => {
    const index = handEdited();
    expect(listDrift([aState()], index, optionsWith(), noExclusions)).toEqual([]);
    const options = optionsWith({ fieldPolicies: { name: 'ozmap', coords: 'fill' } });
    expect(listDrift([aState()], index, options, noExclusions).map((d) => [d.field, d.cause, d.ozmapValue])).toEqual([
      ['name', 'policy-ozmap', 'Nome à mão'],
      ['coords', 'policy-fill', { lat: -3.7, lng: -38.5 }],
    ]);
    // off reports nothing.
    expect(listDrift([aState()], index, optionsWith({ updateName: false, updateCoords: false }), noExclusions)).toEqual(
      [],
    );
  });

  test('R9.2 every difference of an excluded contract is listed, cause excluded, with the exclusion', () => {
    const exclusions = indexExclusions(
      [{ kind: 'contract', value: '1234', reason: 'migração', by: 'cli:ana', at: t0.toISOString() }],
      'exact',
    );
    const items = listDrift([aState()], handEdited(), optionsWith(), exclusions);
    expect(items.map((d) => [d.field, d.cause])).toEqual([
      ['name', 'excluded'],
      ['coords', 'excluded'],
    ]);
    expect(items[0]?.reason).toContain('contract 1234 is excluded (migração)');
  });

  test('R9.2 a difference keeps the age it had while it lasts; a new one starts now', () => {
    const first = trackDrift(new Map(), [observation('1')], t0);
    const since = new Map(first.map((i) => [`${i.code}\u0000${i.field}`, i.since]));
    const next = trackDrift(since, [observation('1'), observation('2')], later(5));
    expect(next.map((i) => [i.code, i.since])).toEqual([
      ['1', t0.toISOString()],
      ['2', later(5).toISOString()],
    ]);
  });
});

describe('R9.2 one digest a day, never one alert per difference', () => {
  const DAY = 24 * HOUR;
  const items = (n: number, since: Date): DriftItem[] =>
    Array.from({ length: n }, (_, i) => ({ ...observation(String(i + 1)), since: since.toISOString() }));

  test('R9.2 nothing older than the age: no digest', () => {
    expect(driftDigestOwed(items(3, later(10)), null, later(20), DAY)).toBeNull();
  });

  test('R9.2 300 old differences make one digest naming the count and the oldest 200', () => {
    const owed = driftDigestOwed([...items(300, t0), ...items(1, later(30))], null, later(25), DAY);
    expect(owed?.type).toBe('DriftDigestSent');
    if (owed?.type !== 'DriftDigestSent') return;
    expect(owed.data.count).toBe(300);
    expect(owed.data.items).toHaveLength(200);
  });

  test('R9.2 the next digest comes a day after the last, and one clearing when none is old any more', () => {
    const sent = driftDigestOwed(items(2, t0), null, later(25), DAY);
    expect(driftDigestOwed(items(2, t0), sent, later(30), DAY)).toBeNull();
    expect(driftDigestOwed(items(2, t0), sent, later(49), DAY)?.type).toBe('DriftDigestSent');
    const cleared = driftDigestOwed([], sent, later(30), DAY);
    expect(cleared?.type).toBe('DriftDigestCleared');
    expect(driftDigestOwed([], cleared, later(31), DAY)).toBeNull();
  });
});
