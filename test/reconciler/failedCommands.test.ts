import { afterEach, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/reconciler/runCycle.ts';
import type { Alert } from '../../src/reconciler/engine.ts';
import { CYCLES_STREAM } from '../../src/domain/events/streams.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';
import { sgpFixture } from '../support/sgpRecords.ts';
import { box, ozmapFixture, splitter } from '../support/ozmapRecords.ts';
import { withExitCode } from '../support/withExitCode.ts';

/**
 * Issue 11 build item 8: a cycle whose commands failed says so (its own exit code, 4, and the
 * failed contracts in its history), and one contract failing in FAILURE_ALERT_CYCLES cycles in a
 * row (default 3) raises one alert per incident, and one when it clears.
 */
const SGP = sgpFixture({ code: 801, cto: 'CTO-A', porta: 1 }, { code: 802, cto: 'CTO-A', porta: 2 });
const OZMAP = ozmapFixture({ boxes: [box('bA', 'CTO-A')], splitters: [splitter('sA', 'bA')] });
/** Every creation of a property is refused (400): a terminal failure of the command, not of the cycle. */
const REFUSE_CREATIONS = {
  seed: 1,
  rules: [
    {
      match: { method: 'POST', route: '/api/v2/properties' },
      fault: { kind: 'status', status: 400, retryAfter: 0 },
      when: 'before',
      sequence: Array.from({ length: 40 }, (_, i) => i + 1),
    },
  ],
};

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('a cycle whose commands failed', () => {
  it('CONFIG exits 4, lists the failed contracts in its history, and alerts once per incident and once when it clears', async () => {
    const h = (harness = await startHarness({ sgpFixture: SGP, ozmapFixture: OZMAP }));
    const alerts: Alert[] = [];
    // runCycle is called beside the engine's lease: every OZmap write is fenced by it.
    const sync = async () => {
      await h.engine.lease.tick();
      return runCycle(
        { ...h.engine.deps, alert: async (a: Alert) => void alerts.push(a) },
        { kind: 'sync', trigger: 'test' },
      );
    };
    await h.ozmap.inject({ method: 'POST', url: '/__sim/faults', payload: REFUSE_CREATIONS });
    const failing = [];
    for (let i = 0; i < 4; i++) failing.push(await sync());
    expect(failing.map((r) => [r.outcome, withExitCode(r).exitCode])).toEqual(
      Array.from({ length: 4 }, () => ['completed', 4]),
    );
    const finished = (await h.store.readStream(CYCLES_STREAM))
      .filter((e) => e.type === 'CycleFinished')
      .map((e) => e.data as { counts: Record<string, number>; failedContracts?: unknown });
    expect(finished.at(-1)?.counts.failed).toBe(2);
    expect(finished.at(-1)?.failedContracts).toEqual([
      expect.objectContaining({ code: '801', failure: 'UPSTREAM_REJECTED' }),
      expect.objectContaining({ code: '802', failure: 'UPSTREAM_REJECTED' }),
    ]);
    // The third cycle in a row raised it; the fourth, still failing, did not raise it again.
    expect(alerts.map((a) => a.kind)).toEqual(['contract-failing']);
    expect(alerts[0]?.message).toContain('801');
    expect(alerts[0]?.message).toContain('3 cycles in a row');
    await h.ozmap.inject({ method: 'DELETE', url: '/__sim/faults' });
    const healed = await sync();
    expect([healed.outcome, withExitCode(healed).exitCode]).toEqual(['completed', 0]);
    expect(alerts.map((a) => a.kind)).toEqual(['contract-failing', 'contract-failing-cleared']);
    await sync();
    expect(alerts).toHaveLength(2);
  });

  it('CONFIG FAILURE_ALERT_CYCLES sets how many cycles in a row raise the alert', async () => {
    const h = (harness = await startHarness({
      sgpFixture: SGP,
      ozmapFixture: OZMAP,
      env: { FAILURE_ALERT_CYCLES: '1' },
    }));
    const alerts: Alert[] = [];
    await h.ozmap.inject({ method: 'POST', url: '/__sim/faults', payload: REFUSE_CREATIONS });
    const report = await runCycle(
      { ...h.engine.deps, alert: async (a: Alert) => void alerts.push(a) },
      { kind: 'sync', trigger: 'test' },
    );
    expect(withExitCode(report).exitCode).toBe(4);
    expect(alerts.map((a) => a.kind)).toEqual(['contract-failing']);
  });
});
