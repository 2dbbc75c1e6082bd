import { afterEach, describe, expect, it } from 'vitest';
import { CYCLES_STREAM } from '../../src/domain/events/streams.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';
import { sgpFixture } from '../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../support/ozmapRecords.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** 1 to create, 4 on a box OZmap does not have, 2 and 3 cancelled with their clients in OZmap. */
const SGP = sgpFixture(
  { code: 1, cto: 'CTO-01', porta: 1 },
  { code: 2, status: 'Cancelado', cto: 'CTO-01', porta: 2 },
  { code: 3, status: 'Cancelado', cto: 'CTO-01', porta: 3 },
  { code: 4, cto: 'CTO-NONE', porta: 1 },
);
const OZMAP = ozmapFixture({
  boxes: [box('b1', 'CTO-01')],
  splitters: [splitter('s1', 'b1')],
  properties: [
    property('p2', 'b1', 'c2', { connections: [{ id: 's1', port: 2, fiber: 'f2' }] }),
    property('p3', 'b1', 'c3', { connections: [{ id: 's1', port: 3, fiber: 'f3' }] }),
  ],
  ftthClients: [ftthClient('c2', '2'), ftthClient('c3', '3')],
});

describe('every cycle records its plan, grouped by kind and reason, with the guard verdict', () => {
  it('a sync and a cancel cycle each leave their plan on their cycle row', async () => {
    harness = await startHarness({ sgpFixture: SGP, ozmapFixture: OZMAP });
    const sync = await harness.run('sync');
    const cancel = await harness.run('cancel');
    const summaries = (await harness.store.readStream(CYCLES_STREAM)).filter((e) => e.type === 'CyclePlanSummarised');
    expect(summaries).toHaveLength(2);

    const syncRow = harness.engine.deps.readModels.cycle(sync.cycleId);
    expect(syncRow?.plan).toMatchObject({
      writes: 1,
      groups: [
        { kind: 'create', reason: 'connected', rule: 'R2.5', count: 1, codes: ['1'] },
        { kind: 'skip', reason: 'box-not-found', rule: 'R2.3', count: 1, codes: ['4'] },
      ],
      guard: null,
      blocked: null,
    });
    const cancelRow = harness.engine.deps.readModels.cycle(cancel.cycleId);
    expect(cancelRow?.plan).toMatchObject({
      writes: 2,
      groups: [{ kind: 'cancel', reason: 'detach', count: 2, codes: ['2', '3'] }],
      guard: { tripped: false, removals: 2, totalClients: 3 },
      blocked: null,
    });
  });
});
