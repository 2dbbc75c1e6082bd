import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/reconciler/runCycle.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';
import { sgpFixture } from '../support/sgpRecords.ts';
import { box, ozmapFixture, splitter } from '../support/ozmapRecords.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** A full collection now: what survives it is held by something. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Two contracts to create on one box. */
async function start(): Promise<Harness> {
  harness = await startHarness({
    sgpFixture: sgpFixture({ code: 1, cto: 'CTO-01', porta: 1 }, { code: 2, cto: 'CTO-01', porta: 2 }),
    ozmapFixture: ozmapFixture({ boxes: [box('b1', 'CTO-01')], splitters: [splitter('s1', 'b1')] }),
  });
  await harness.engine.lease.tick();
  return harness;
}

describe('what a cycle keeps alive (issue 18: peak RSS of a first sync and of a steady cycle)', () => {
  it('the swept SGP records (about 135 MB at 100,000 contracts) are garbage once OZmap is read, before the plan', async () => {
    const deps = (await start()).engine.deps;
    let records: WeakRef<object> | undefined;
    let collectedBeforePlan: boolean | undefined;
    const report = await runCycle(
      {
        ...deps,
        sgp: {
          sweepContracts: async (options) => {
            const sweep = await deps.sgp.sweepContracts(options);
            records = new WeakRef(sweep.records);
            return sweep;
          },
        },
        // Called once OZmap's state is in, after the sweep's ingest: from here only codes count.
        onOzmapRead: () => {
          collectGarbage();
          collectedBeforePlan = records?.deref() === undefined;
        },
      },
      { kind: 'sync', trigger: 'test' },
    );
    expect(report.counts).toMatchObject({ contractsRead: 2 });
    expect(records).toBeDefined();
    expect(collectedBeforePlan).toBe(true);
  });

  it('the swept SGP records and the OZmap read are released before the commands run', async () => {
    const deps = (await start()).engine.deps;
    let records: WeakRef<object> | undefined;
    let ozmapRead: WeakRef<object> | undefined;
    let ozmapAliveDuringCommands: boolean | undefined;
    let aliveDuringCommands: boolean | undefined;
    const report = await runCycle(
      {
        ...deps,
        sgp: {
          sweepContracts: async (options) => {
            const sweep = await deps.sgp.sweepContracts(options);
            records = new WeakRef(sweep.records);
            return sweep;
          },
        },
        ozmap: {
          ...deps.ozmap,
          readActual: async (options) => {
            const read = await deps.ozmap.readActual(options);
            ozmapRead = new WeakRef(read.actual);
            return read;
          },
          createPropertyWithClient: async (command) => {
            if (aliveDuringCommands === undefined) {
              collectGarbage();
              aliveDuringCommands = records?.deref() !== undefined;
              ozmapAliveDuringCommands = ozmapRead?.deref() !== undefined;
            }
            return deps.ozmap.createPropertyWithClient(command);
          },
        },
      },
      { kind: 'sync', trigger: 'test' },
    );
    expect(report.counts).toMatchObject({ contractsRead: 2, created: 2 });
    expect(records).toBeDefined();
    expect(aliveDuringCommands).toBe(false);
    // The OZmap state read for the plan (its boxes, splitters and properties: about 15 MB at
    // 100,000 contracts) is released too; only its clients by code stay, for R6 after the commands.
    expect(ozmapRead).toBeDefined();
    expect(ozmapAliveDuringCommands).toBe(false);
  });
});
