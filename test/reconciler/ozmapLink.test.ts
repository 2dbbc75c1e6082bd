import { afterEach, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/reconciler/runCycle.ts';
import type { EngineDeps } from '../../src/reconciler/engine.ts';
import { contractStream } from '../../src/domain/events/streams.ts';
import { contractListState } from '../../src/projections/contractRow.ts';
import { buildTimeline } from '../../src/projections/timeline.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';
import { sgpFixture } from '../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../support/ozmapRecords.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/**
 * Contract 1's client is already in OZmap and matches SGP (nothing to write); contract 2 has
 * none and is created; contract 3 is cancelled in SGP and its client is still in OZmap.
 */
const SGP = sgpFixture(
  { code: 1, nome: 'Cliente 1', cto: 'CTO-01', porta: 1, rx: '-21.50', online: 'online' },
  { code: 2, cto: 'CTO-01', porta: 2 },
  { code: 3, status: 'Cancelado', cto: 'CTO-01', porta: 3 },
);
const OZMAP = ozmapFixture({
  boxes: [box('b1', 'CTO-01')],
  splitters: [splitter('s1', 'b1')],
  properties: [
    property('p1', 'b1', 'c1', { connections: [{ id: 's1', port: 1, fiber: 'f1' }] }),
    property('p3', 'b1', 'c3', { connections: [{ id: 's1', port: 3, fiber: 'f3' }] }),
  ],
  ftthClients: [ftthClient('c1', '1'), ftthClient('c3', '3')],
});

const linkEvents = async (h: Harness, code: string) =>
  (await h.store.readStream(contractStream(code)))
    .filter((e) => e.type === 'OzmapClientLinked')
    .map((e) => e.data as Record<string, unknown>);

/** OZmap read as if client c1 had been replaced by hand with c9 on property p9. */
const replacedByHand = (deps: EngineDeps): EngineDeps => ({
  ...deps,
  ozmap: {
    ...deps.ozmap,
    readActual: async (o) => {
      const read = await deps.ozmap.readActual(o);
      const swap = (id: string | null, from: string, to: string) => (id === from ? to : id);
      return {
        ...read,
        actual: {
          ...read.actual,
          clients: read.actual.clients.map((c) => ({ ...c, id: swap(c.id, 'c1', 'c9')! })),
          properties: read.actual.properties.map((p) => ({
            ...p,
            id: swap(p.id, 'p1', 'p9')!,
            clientId: swap(p.clientId, 'c1', 'c9'),
          })),
        },
      };
    },
  },
});

describe('a contract is linked to the OZmap client a cycle finds for it', () => {
  it('R3.2 a client found in OZmap links its contract once, with its ids, and the state is not pending', async () => {
    harness = await startHarness({ sgpFixture: SGP, ozmapFixture: OZMAP });
    const report = await harness.run('sync');
    expect(report.outcome).toBe('completed');
    const row = harness.engine.deps.readModels.getContract('1');
    expect(row?.ozmap).toEqual({ clientId: 'c1', propertyId: 'p1' });
    expect(contractListState(row!)).toBe('linked');
    expect(contractListState(harness.engine.deps.readModels.getContract('2')!)).toBe('created');
    // A cancelled contract whose client is still there is linked too, until R5 removes it.
    expect(harness.engine.deps.readModels.getContract('3')?.ozmap).toEqual({ clientId: 'c3', propertyId: 'p3' });
    expect(await linkEvents(harness, '1')).toEqual([
      expect.objectContaining({ clientId: 'c1', propertyId: 'p1', previous: null }),
    ]);
    // The trail says it in one line.
    const trail = buildTimeline(await harness.store.readStream(contractStream('1')));
    expect(trail.map((e) => e.kind)).toContain('linked');

    // Recorded once: a second cycle finds the same link and appends nothing.
    await harness.run('sync');
    await harness.run('cancel');
    expect(await linkEvents(harness, '1')).toHaveLength(1);
    expect(await linkEvents(harness, '2')).toEqual([]);
  });

  it('R6 replay gives the same states, linked ones included', async () => {
    harness = await startHarness({ sgpFixture: SGP, ozmapFixture: OZMAP });
    await harness.run('sync');
    const before = [...harness.engine.deps.readModels.contracts()].map((r) => [r.code, contractListState(r), r.ozmap]);
    const replayed = await harness.engine.replay();
    expect(replayed.identical).toBe(true);
    const after = [...replayed.readModels.contracts()].map((r) => [r.code, contractListState(r), r.ozmap]);
    expect(after).toEqual(before);
    expect(after).toContainEqual(['1', 'linked', { clientId: 'c1', propertyId: 'p1' }]);
  });

  it('R6 a link that changed (another client id and property id) is recorded with the previous one', async () => {
    harness = await startHarness({ sgpFixture: SGP, ozmapFixture: OZMAP });
    await harness.run('sync');
    await runCycle(replacedByHand(harness.engine.deps), { kind: 'sync', trigger: 'test' });
    const links = await linkEvents(harness, '1');
    expect(links).toHaveLength(2);
    expect(links[1]).toMatchObject({
      clientId: 'c9',
      propertyId: 'p9',
      previous: { clientId: 'c1', propertyId: 'p1' },
    });
    expect(harness.engine.deps.readModels.getContract('1')?.ozmap).toEqual({ clientId: 'c9', propertyId: 'p9' });
  });
});
