import { afterEach, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/reconciler/runCycle.ts';
import type { EngineDeps } from '../../src/reconciler/engine.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';
import { sgpFixture } from '../support/sgpRecords.ts';
import { box, ozmapFixture, splitter } from '../support/ozmapRecords.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(): Promise<Harness> {
  harness = await startHarness({
    sgpFixture: sgpFixture({ code: 1, cto: 'CTO-01', porta: 1 }),
    ozmapFixture: ozmapFixture({ boxes: [box('b1', 'CTO-01')], splitters: [splitter('s1', 'b1')] }),
  });
  await harness.engine.lease.tick();
  return harness;
}

/** Issue 18: the two reads are independent, so OZmap is read while SGP is swept. */
describe('a cycle reads OZmap while SGP is swept', () => {
  it('starts the OZmap read before the sweep ends, and plans from both', async () => {
    const h = await start();
    const deps = h.engine.deps;
    let sweepEnded = false;
    let ozmapStartedDuringSweep = false;
    const change: Partial<EngineDeps> = {
      sgp: {
        sweepContracts: async (o) => {
          const sweep = await deps.sgp.sweepContracts(o);
          await new Promise((resolve) => setTimeout(resolve, 20));
          sweepEnded = true;
          return sweep;
        },
      },
      ozmap: {
        ...deps.ozmap,
        readActual: (o) => {
          ozmapStartedDuringSweep = !sweepEnded;
          return deps.ozmap.readActual(o);
        },
      },
    };
    const report = await runCycle({ ...deps, ...change }, { kind: 'sync', trigger: 'test' });
    expect(ozmapStartedDuringSweep).toBe(true);
    expect(report.outcome).toBe('completed');
    expect(report.counts).toMatchObject({ contractsRead: 1, created: 1 });
  });

  it('a sweep that fails ends the cycle failed, with the OZmap read left behind not unhandled', async () => {
    const h = await start();
    const deps = h.engine.deps;
    const change: Partial<EngineDeps> = {
      sgp: {
        sweepContracts: async () => {
          throw new Error('SGP exploded');
        },
      },
      ozmap: {
        ...deps.ozmap,
        readActual: async () => {
          await new Promise((resolve) => setTimeout(resolve, 10));
          throw new Error('OZmap exploded too');
        },
      },
    };
    const report = await runCycle({ ...deps, ...change }, { kind: 'sync', trigger: 'test' });
    expect(report.outcome).toBe('failed');
    expect(report.error).toContain('SGP exploded');
    // Let the abandoned read reject: vitest fails the run on an unhandled rejection.
    await new Promise((resolve) => setTimeout(resolve, 30));
  });
});
