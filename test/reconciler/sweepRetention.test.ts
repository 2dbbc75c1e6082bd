import { afterEach, describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runCycle } from '../../src/reconciler/runCycle.ts';
import type { EngineDeps } from '../../src/reconciler/engine.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';
import { sgpFixture } from '../support/sgpRecords.ts';
import { box, ozmapFixture, splitter } from '../support/ozmapRecords.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/**
 * Issue 18: at 100,000 contracts the sweep's records are about 140 MB of heap. Once ingested only
 * their codes count, so they must be garbage by the time OZmap is read, or the cycle's peak holds
 * both (measured: 317 MB live before the OZmap read, the same as after the ingest).
 */
describe('a cycle does not keep the sweep records alive past their ingest', () => {
  it('the records array of the sweep is collectable once OZmap is read and before the plan', async () => {
    harness = await startHarness({
      sgpFixture: sgpFixture({ code: 1, cto: 'CTO-01', porta: 1 }, { code: 2, cto: 'CTO-01', porta: 2 }),
      ozmapFixture: ozmapFixture({ boxes: [box('b1', 'CTO-01')], splitters: [splitter('s1', 'b1')] }),
    });
    await harness.engine.lease.tick();
    const deps = harness.engine.deps;
    let records: WeakRef<object> | undefined;
    let collectedDuringOzmapRead: boolean | undefined;
    const change: Partial<EngineDeps> = {
      sgp: {
        sweepContracts: async (o) => {
          const sweep = await deps.sgp.sweepContracts(o);
          records = new WeakRef(sweep.records);
          return sweep;
        },
      },
      // Called once OZmap's state is in, after the sweep's ingest: the point where only codes count.
      onOzmapRead: () => {
        gc();
        collectedDuringOzmapRead = records?.deref() === undefined;
      },
    };
    const report = await runCycle({ ...deps, ...change }, { kind: 'sync', trigger: 'test' });
    expect(report.counts).toMatchObject({ contractsRead: 2 });
    expect(records).toBeDefined();
    expect(collectedDuringOzmapRead).toBe(true);
  });
});
