import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engineHarness.ts';
import { sgpFixture } from '../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../support/ozmapRecords.ts';

/**
 * Issue 11, behaviour 6: `plan` (and `GET /api/plan`) must say what the next cycle does. Twelve
 * implanted clients, one of them cancelled in SGP; then SGP stops listing ten of the others at
 * once, which trips the vanishing guard (R5.6/R5.7): the real cancel cycle removes nothing.
 */
const CODES = Array.from({ length: 12 }, (_, i) => 501 + i);
const OZMAP = ozmapFixture({
  boxes: [box('bA', 'CTO-A')],
  splitters: [splitter('sA', 'bA', 16)],
  properties: CODES.map((code, i) =>
    property(`p${code}`, 'bA', `c${code}`, { connections: [{ id: 'sA', port: i + 1, fiber: `f${code}` }] }),
  ),
  ftthClients: CODES.map((code) => ftthClient(`c${code}`, String(code))),
});
const SGP = sgpFixture(...CODES.map((code, i) => ({ code, cto: 'CTO-A', porta: i + 1, status: 'Ativo' })));

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const fixedClock = () => new Date('2026-12-01T12:00:00.000Z');

describe('plan and the next cycle', () => {
  it('R5.6 during a mass vanishing the plan lists no cancellation the cycle blocks', async () => {
    const h = (harness = await startHarness({
      sgpFixture: SGP,
      ozmapFixture: OZMAP,
      env: { CANCEL_GUARD: '2,10%' },
      clock: fixedClock,
    }));
    expect((await h.run('sync')).outcome).toBe('completed');
    await h.sgp.inject({ method: 'PATCH', url: '/__sim/contracts/501', payload: { status: 'Cancelado' } });
    for (const code of CODES.slice(2)) await h.sgp.inject({ method: 'DELETE', url: `/__sim/contracts/${code}` });
    const preview = await h.engine.previewPlan();
    const cycle = await h.run('cancel');
    expect(cycle.outcome).toBe('guard-tripped');
    expect(cycle.commands).toEqual([]);
    expect(preview.cancel.commands).toEqual(cycle.commands);
    expect(preview.cancel.guard).toEqual(cycle.guard);
  });
});
