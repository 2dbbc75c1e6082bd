import { describe, expect, it } from 'vitest';
import { defaultInsightSettings } from '../../../src/domain/insights/insightSettings.ts';
import {
  median,
  readingsIn,
  rxDegradation,
  timeMedian,
  type RxHistory,
} from '../../../src/domain/insights/rxDegradation.ts';
import { statusStrip } from '../../../src/domain/insights/statusStrip.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-12-01T12:00:00.000Z');
const at = (daysAgo: number): string => new Date(NOW.getTime() - daysAgo * DAY).toISOString();

const history = (code: string, rx: [number, number | null][], place: Partial<RxHistory> = {}): RxHistory => ({
  code,
  name: `Cliente ${code}`,
  box: 'CTO-A',
  splitter: 'S1',
  pon: '1/1/1',
  ...place,
  rx: rx.map(([daysAgo, v]) => [at(daysAgo), v] as const),
});

describe('RX degradation (issue 16)', () => {
  it('median of an odd and an even count, none for no values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('the readings of a span are the one in effect at its start plus the changes inside it, with how long each stood', () => {
    const rx = history('1', [
      [40, -20],
      [29, -21],
      [26, -30],
    ]).rx;
    expect(readingsIn(rx, NOW.getTime() - 30 * DAY, NOW.getTime() - 27 * DAY)).toEqual([
      { value: -20, ms: DAY },
      { value: -21, ms: 2 * DAY },
    ]);
    expect(
      timeMedian([
        { value: -20, ms: DAY },
        { value: -21, ms: 2 * DAY },
      ]),
    ).toBe(-21);
    expect(timeMedian([])).toBeNull();
  });

  it('a client 3 dB worse (median of the last days against the first) is degraded; 2.9 dB is not', () => {
    const report = rxDegradation(
      [
        history('1', [
          [31, -20],
          [2.5, -23],
        ]),
        history(
          '2',
          [
            [31, -20],
            [2.5, -22.9],
          ],
          { box: 'CTO-B', pon: '1/1/2' },
        ),
      ],
      NOW,
      defaultInsightSettings,
    );
    expect(report.measured).toBe(2);
    expect(report.clients.map((c) => [c.code, c.firstDbm, c.lastDbm, c.dropDb])).toEqual([['1', -20, -23, 3]]);
  });

  it('one noisy reading does not count: the medians hide it', () => {
    // First days: -20, then a spike of -35 for a couple of hours, back to -20; the same at the end.
    const noisy = history('1', [
      [31, -20],
      [29, -35],
      [28.9, -20],
      [1, -35],
      [0.9, -20.5],
    ]);
    expect(rxDegradation([noisy], NOW, defaultInsightSettings).clients).toEqual([]);
  });

  it('a client without readings at both ends of the window is not measured', () => {
    const young = history('1', [
      [5, -20],
      [1, -30],
    ]);
    expect(rxDegradation([young], NOW, defaultInsightSettings).measured).toBe(0);
    const lost = history('2', [
      [31, -20],
      [10, null],
    ]);
    expect(rxDegradation([lost], NOW, defaultInsightSettings).measured).toBe(0);
  });

  it('flags a box, its splitter and its PON when at least RX_FAULT_SHARE of their clients degraded together', () => {
    const clients = [
      history('1', [
        [31, -19],
        [3, -24],
      ]),
      history('2', [
        [31, -20],
        [3, -25],
      ]),
      history('3', [
        [31, -21],
        [3, -21.2],
      ]),
      // Another box on the same PON, healthy: the PON is 2 of 4, still 50%.
      history(
        '4',
        [
          [31, -18],
          [3, -18],
        ],
        { box: 'CTO-B', splitter: 'S9' },
      ),
      // One degraded client alone on its box: its own drop, not a likely fault.
      history(
        '5',
        [
          [31, -18],
          [3, -26],
        ],
        { box: 'CTO-C', splitter: 'S2', pon: '1/1/9' },
      ),
    ];
    const report = rxDegradation(clients, NOW, defaultInsightSettings);
    expect(report.boxes.map((b) => [b.place, b.measured, b.degraded, b.likelyFault])).toEqual([
      ['CTO-A', 3, 2, true],
      ['CTO-C', 1, 1, false],
    ]);
    expect(report.splitters.map((b) => [b.place, b.likelyFault])).toEqual([
      ['CTO-A / S1', true],
      ['CTO-C / S2', false],
    ]);
    expect(report.pons.map((b) => [b.place, b.measured, b.degraded, b.likelyFault])).toEqual([
      ['1/1/1', 4, 2, true],
      ['1/1/9', 1, 1, false],
    ]);
    expect(report.clients.map((c) => c.code)).toEqual(['5', '1', '2']);
  });

  it('the settings move the thresholds', () => {
    const clients = [
      history('1', [
        [31, -20],
        [3, -22],
      ]),
      history('2', [
        [31, -20],
        [3, -22],
      ]),
      history('3', [
        [31, -20],
        [3, -20],
      ]),
    ];
    const strict = { ...defaultInsightSettings, rxDegradationDb: 2, rxFaultShare: 0.7 };
    const report = rxDegradation(clients, NOW, strict);
    expect(report.clients).toHaveLength(2);
    expect(report.boxes[0]).toMatchObject({ degraded: 2, measured: 3, likelyFault: false });
  });
});

describe('status strip', () => {
  it('cuts the status changes into segments over the span, unknown before the first', () => {
    const changes: [string, boolean | null][] = [
      [at(10), true],
      [at(2), false],
      [at(1), true],
    ];
    expect(statusStrip(changes, new Date(at(3)), NOW).map((s) => s.online)).toEqual([true, false, true]);
    expect(statusStrip([[at(2), true]], new Date(at(3)), NOW)).toEqual([
      { from: at(3), to: at(2), online: null },
      { from: at(2), to: NOW.toISOString(), online: true },
    ]);
  });
});
