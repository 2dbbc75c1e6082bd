import { describe, expect, it } from 'vitest';
import { writeBudgetCheck } from '../../../src/app/doctor/writeBudgetCheck.ts';
import type { CycleRow } from '../../../src/projections/cycleProjection.ts';

const cycle = (kind: 'sync' | 'cancel', groups: { kind: string; rule: string; count: number }[], writes: number) =>
  ({
    cycleId: `c-${kind}`,
    kind,
    startedAt: '2026-12-07T10:00:00.000Z',
    plan: {
      at: '2026-12-07T10:00:00.000Z',
      writes,
      groups: groups.map((g) => ({ ...g, reason: 'r', codes: [] })),
      guard: null,
      blocked: null,
    },
  }) as unknown as CycleRow;

describe('doctor: the last sync plan against SYNC_INTERVAL at OZMAP_MAX_RPS (issue 18)', () => {
  it('warns when its writes cannot finish within the interval, counting RX updates', () => {
    const cycles = [
      cycle('cancel', [{ kind: 'cancel', rule: 'R5', count: 9_999 }], 9_999),
      cycle(
        'sync',
        [
          { kind: 'update', rule: 'R4.2', count: 5_000 },
          { kind: 'create', rule: 'R3', count: 100 },
        ],
        5_100,
      ),
    ];
    const result = writeBudgetCheck(cycles, { maxRps: 5, intervalMs: 600_000 });
    expect(result).toMatchObject({ verdict: 'warn' });
    expect(result!.detail).toContain('5100 writes, 5200 OZmap requests at least: 1040 s');
    expect(result!.detail).toContain('(5000 RX updates, R4.2)');
    expect(result!.fix).toContain('RX_DEADBAND_DB');
    expect(writeBudgetCheck(cycles, { maxRps: 10, intervalMs: 600_000 })).toMatchObject({ verdict: 'ok' });
  });

  it('ok when they fit; nothing to say without a recorded sync plan', () => {
    const sync = cycle('sync', [{ kind: 'update', rule: 'R4.2', count: 10 }], 10);
    expect(writeBudgetCheck([sync], { maxRps: 10, intervalMs: 600_000 })).toMatchObject({ verdict: 'ok' });
    expect(writeBudgetCheck([], { maxRps: 10, intervalMs: 600_000 })).toBeNull();
  });
});
