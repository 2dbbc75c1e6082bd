import { describe, expect, it } from 'vitest';
import { defaultInsightSettings } from '../../../src/domain/insights/insightSettings.ts';
import { outageAlertsOwed } from '../../../src/domain/insights/outageAlerts.ts';
import {
  applyInsightsEvent,
  emptyInsightsState,
  type InsightsState,
} from '../../../src/projections/insights/insightsState.ts';
import { day, observedEvent, type Reading } from './insightsHistory.ts';

/** Folds sweeps of readings (one sweep per inner list) and returns the state. */
function fold(
  sweeps: readonly (readonly Reading[])[],
  state = emptyInsightsState(),
  settings = defaultInsightSettings,
): InsightsState {
  sweeps.forEach((readings, i) => {
    for (const r of readings) applyInsightsEvent(state, r.code, observedEvent(r, `sweep-${i}`, day(0, i)), settings);
  });
  return state;
}

const box = (codes: readonly string[], online: boolean, boxName = 'CTO-A', pon = 1): Reading[] =>
  codes.map((code) => ({ code, box: boxName, pon, online }));
const SIX = ['1', '2', '3', '4', '5', '6'];

describe('outage clusters (issue 16)', () => {
  it('3 of 6 clients of one box going offline in one sweep is an outage of the box and of its PON', () => {
    const state = fold([box(SIX, true), box(['1', '2', '3'], false)]);
    expect(state.outages.map((o) => [o.placeKind, o.place, o.clients, o.placeClients, o.clearedAt])).toEqual([
      ['box', 'CTO-A', ['1', '2', '3'], 6, null],
      ['pon', '1/1/1', ['1', '2', '3'], 6, null],
    ]);
    expect(state.outages[0]!.startedAt).toBe(day(0, 1));
  });

  it('fewer than OUTAGE_MIN_CLIENTS, or under OUTAGE_SHARE of the place, is no outage', () => {
    expect(fold([box(SIX, true), box(['1', '2'], false)]).outages).toEqual([]);
    const ten = [...SIX, '7', '8', '9', '10'];
    // 4 of 10 offline: at least 3, but under 50%.
    expect(fold([box(ten, true), box(['1', '2', '3', '4'], false)]).outages).toEqual([]);
  });

  it('the same clients going offline over several sweeps are no outage (not together)', () => {
    expect(fold([box(SIX, true), box(['1'], false), box(['2'], false), box(['3'], false)]).outages).toEqual([]);
  });

  it('clients that were already offline, or whose status was unknown, do not count', () => {
    const unknown = SIX.map((code) => ({ code, box: 'CTO-A', online: false }));
    expect(fold([unknown, box(SIX, false)]).outages).toEqual([]);
  });

  it('clears when most of its clients are back, not before', () => {
    const state = fold([box(SIX, true), box(['1', '2', '3'], false), box(['1'], true)]);
    expect(state.outages[0]!.clearedAt).toBeNull();
    fold([box(['2'], true)], state);
    // Hand-made sweeps restart at index 0: the second sweep of this call is "sweep-0" again.
    expect(state.outages[0]!.back).toEqual(['1', '2']);
    expect(state.outages[0]!.clearedAt).toBe(day(0, 0));
  });

  it('more clients going offline while it is open join the same outage', () => {
    const state = fold([box(SIX, true), box(['1', '2', '3'], false), box(['4'], false)]);
    expect(state.outages.filter((o) => o.placeKind === 'box').map((o) => o.clients)).toEqual([['1', '2', '3', '4']]);
  });

  it('a PON outage spanning two boxes that each stay under the threshold', () => {
    const state = fold([
      [...box(['1', '2'], true, 'CTO-A', 7), ...box(['3', '4'], true, 'CTO-B', 7)],
      [...box(['1', '2'], false, 'CTO-A', 7), ...box(['3'], false, 'CTO-B', 7)],
    ]);
    // CTO-A: 2 of 2 (under 3 clients); CTO-B: 1 of 2; the PON 1/1/7: 3 of 4.
    expect(state.outages.map((o) => `${o.placeKind}:${o.place}`)).toEqual(['pon:1/1/7']);
  });

  it('owes one suspicion alert per open outage, then one clearing alert, each once', () => {
    const state = fold([box(SIX, true), box(['1', '2', '3'], false)]);
    const now = new Date(day(0, 2));
    const first = outageAlertsOwed(state.outages, state.alerted, now);
    expect(first.map((e) => `${e.type} ${e.data.placeKind}:${e.data.place}`)).toEqual([
      'OutageSuspected box:CTO-A',
      'OutageSuspected pon:1/1/1',
    ]);
    for (const e of first) applyInsightsEvent(state, null, e, defaultInsightSettings);
    expect(outageAlertsOwed(state.outages, state.alerted, now)).toEqual([]);
    fold([box(['1', '2'], true)], state);
    const cleared = outageAlertsOwed(state.outages, state.alerted, now);
    expect(cleared.map((e) => e.type)).toEqual(['OutageCleared', 'OutageCleared']);
    for (const e of cleared) applyInsightsEvent(state, null, e, defaultInsightSettings);
    expect(outageAlertsOwed(state.outages, state.alerted, now)).toEqual([]);
  });

  it('an outage first seen more than a day after it started (a replayed old log) is never alerted', () => {
    const state = fold([box(SIX, true), box(['1', '2', '3'], false)]);
    expect(outageAlertsOwed(state.outages, state.alerted, new Date(day(3)))).toEqual([]);
  });
});

describe('the history kept per client', () => {
  it("keeps every connection change, and at most one RX change per hour (the hour's last value)", () => {
    const state = emptyInsightsState();
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 1, 10, minutes)).toISOString();
    const readings: [number, string, boolean][] = [
      [0, '-20', true],
      [10, '-21', false],
      [20, '-22', true],
      [30, '-23', false],
      [70, '-24', true],
    ];
    for (const [m, rx, online] of readings)
      applyInsightsEvent(state, '1', observedEvent({ code: '1', rx, online }, `s${m}`, at(m)), defaultInsightSettings);
    const client = state.clients['1']!;
    expect(client.status.map(([, v]) => v)).toEqual([true, false, true, false, true]);
    expect(client.rx).toEqual([
      [at(0), -20],
      [at(10), -23],
      [at(70), -24],
    ]);
  });
});
