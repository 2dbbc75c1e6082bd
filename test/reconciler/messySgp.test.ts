import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineDeps } from '../../src/reconciler/engine.ts';
import { runCycle } from '../../src/reconciler/runCycle.ts';
import { contractStream } from '../../src/domain/events/streams.ts';
import { buildTimeline } from '../../src/projections/timeline.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';
import { sgpCliente, sgpFixture } from '../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../support/ozmapRecords.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const trail = async (h: Harness, code: string) => buildTimeline(await h.store.readStream(contractStream(code)));

describe('issue 11 behaviour 3: one contract code in two SGP records', () => {
  it('R8 the real OZmap client is not renamed after the other record, and the trail names both records', async () => {
    const real = sgpCliente({ code: 1, nome: 'Ana Souza', cto: 'CTO-01', porta: 1 });
    const other = sgpCliente({ code: 1, nome: 'Bruno Lima', cto: 'CTO-01', porta: 1 });
    harness = await startHarness({
      sgpFixture: { clientes: [other, real] },
      ozmapFixture: ozmapFixture({
        boxes: [box('b1', 'CTO-01')],
        splitters: [splitter('s1', 'b1')],
        properties: [property('p1', 'b1', 'c1', { connections: [{ id: 's1', port: 1, fiber: 'f1' }] })],
        ftthClients: [ftthClient('c1', '1', { name: 'Ana Souza' })],
      }),
    });
    await harness.run('sync');
    expect((await harness.ozmapState()).ftthClients.map((c) => c.name)).toEqual(['Ana Souza']);
    const rejected = (await trail(harness, '1')).filter((e) => e.kind === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.summary).toMatch(/position 0\b.*position 1\b/);
  });
});

/** OZmap as if the key were wrong for the clients list: nothing read, read incomplete. */
const ozmapFailed = (deps: EngineDeps): Partial<EngineDeps> => ({
  ozmap: {
    ...deps.ozmap,
    readActual: async (o) => {
      const read = await deps.ozmap.readActual(o);
      return {
        ...read,
        actual: { ...read.actual, clients: [], properties: [], complete: false },
        failures: [{ message: 'ftth-clients: 401' }],
      };
    },
  },
});

describe('issue 11 behaviour 4: reasons follow the truth', () => {
  const world = () => ({
    sgpFixture: sgpFixture({ code: 1, cto: 'CTO-01', porta: 1 }, { code: 2, cto: 'CTO-GONE', porta: 1 }),
    ozmapFixture: ozmapFixture({ boxes: [box('b1', 'CTO-01')], splitters: [splitter('s1', 'b1')] }),
  });

  it('R1.6 a sync whose OZmap read failed rewrites no skip reason, created contracts included', async () => {
    harness = await startHarness(world());
    await harness.run('sync');
    const before = ['1', '2'].map((code) => harness?.engine.deps.readModels.getContract(code)?.lastSkipReason);
    expect(before).toEqual([null, 'box-not-found']);
    await runCycle({ ...harness.engine.deps, ...ozmapFailed(harness.engine.deps) }, { kind: 'sync', trigger: 'test' });
    await harness.engine.deps.projector.catchUp();
    const after = ['1', '2'].map((code) => harness?.engine.deps.readModels.getContract(code)?.lastSkipReason);
    expect(after).toEqual(before);
  });

  it('R2.7 a complete cycle sets every reason from what it sees, and replay gives the same', async () => {
    harness = await startHarness(world());
    await harness.run('sync');
    // A log written by an older version: a created contract marked skipped by a failed read.
    const row = harness.engine.deps.readModels.getContract('1');
    await harness.store.append(
      contractStream('1'),
      [
        {
          id: randomUUID(),
          type: 'ClientCreationSkipped',
          data: {
            v: 1,
            cycleId: 'old',
            at: new Date().toISOString(),
            rule: 'R1.6',
            reason: 'ozmap-read-incomplete',
            detail: 'OZmap clients were not all read',
          },
        },
      ],
      { expectedRevision: row?.streamRevision ?? -1 },
    );
    await harness.engine.deps.projector.catchUp();
    expect(harness.engine.deps.readModels.getContract('1')?.lastSkipReason).toBe('ozmap-read-incomplete');
    await harness.run('sync');
    expect(harness.engine.deps.readModels.getContract('1')?.lastSkipReason).toBeNull();
    const replay = await harness.engine.replay();
    expect(harness.engine.deps.readModels.getContract('1')?.lastSkipReason).toBeNull();
    expect(replay).toMatchObject({ identical: true });
  });
});

describe('issue 11 behaviour 5: values no real line holds', () => {
  const start = async (specs: Parameters<typeof sgpFixture>) =>
    (harness = await startHarness({
      sgpFixture: sgpFixture(...specs),
      ozmapFixture: ozmapFixture({ boxes: [box('b1', 'CTO-01')], splitters: [splitter('s1', 'b1', 16)] }),
    }));

  it('control and right-to-left-override characters never reach OZmap', async () => {
    const h = await start([{ code: 1, nome: 'Ana\u0000 Souza\u202E', cto: 'CTO-01', porta: 1 }]);
    await h.run('sync');
    expect((await h.ozmapState()).ftthClients.map((c) => c.name)).toEqual(['Ana Souza']);
  });

  it('an empty name is not created, and the trail names the field', async () => {
    const h = await start([{ code: 1, nome: '   ', cto: 'CTO-01', porta: 1 }]);
    await h.run('sync');
    expect((await h.ozmapState()).ftthClients).toEqual([]);
    expect((await trail(h, '1')).map((e) => e.summary).join('\n')).toMatch(/name/);
  });

  it('a 1,000,000-character name is neither written nor stored whole in the event log', async () => {
    const h = await start([{ code: 1, nome: 'A'.repeat(1_000_000), cto: 'CTO-01', porta: 1 }]);
    await h.run('sync');
    expect((await h.ozmapState()).ftthClients).toEqual([]);
    const size = JSON.stringify(await h.store.readStream(contractStream('1'))).length;
    expect(size).toBeLessThan(20_000);
  });

  it('a 200,000-character street is not written to OZmap, and the trail says so', async () => {
    const h = await start([{ code: 1, cto: 'CTO-01', porta: 1, logradouro: 'R'.repeat(200_000) }]);
    await h.run('sync');
    const properties = (await h.ozmapState()).properties;
    expect(properties).toHaveLength(1);
    expect(String(properties[0]?.address ?? '').length).toBeLessThan(1_000);
    expect(String(properties[0]?.address ?? '')).not.toMatch(/RRRR|sha256/);
    expect((await trail(h, '1')).map((e) => e.summary).join('\n')).toMatch(/address/);
  });

  it('RX +5 dBm is not written as potência lida, with a warning naming the value', async () => {
    const h = await start([{ code: 1, cto: 'CTO-01', porta: 1, rx: '5' }]);
    await h.run('sync');
    expect((await h.ozmapState()).properties[0]?.potencyRead ?? null).toBeNull();
    expect((await trail(h, '1')).map((e) => e.summary).join('\n')).toMatch(/rx.*5/i);
  });

  it.each(['-999999', '-1e308', 'abc'])('RX %s is dropped with a warning, not silently', async (rx) => {
    const h = await start([{ code: 1, cto: 'CTO-01', porta: 1, rx }]);
    await h.run('sync');
    const summaries = (await trail(h, '1')).map((e) => e.summary).join('\n');
    expect(summaries).toContain(rx);
  });

  it('coordinates 999/-999 are dropped with a warning, not silently replaced', async () => {
    const h = await start([{ code: 1, cto: 'CTO-01', porta: 1, lat: '999', lng: '-999' }]);
    await h.run('sync');
    expect((await trail(h, '1')).map((e) => e.summary).join('\n')).toContain('999');
  });

  it('swapped latitude and longitude are recognised, and not written as they are', async () => {
    const h = await start([{ code: 1, cto: 'CTO-01', porta: 1, lat: '-38.526669', lng: '-3.731862' }]);
    await h.run('sync');
    const coords = (await h.ozmapState()).properties[0]?.coords as number[] | undefined;
    expect(coords).not.toEqual([-3.731862, -38.526669]);
    expect((await trail(h, '1')).map((e) => e.summary).join('\n')).toMatch(/swapped/);
  });

  it('a warning is recorded once, not every cycle', async () => {
    const h = await start([{ code: 1, cto: 'CTO-01', porta: 1, rx: 'abc' }]);
    await h.run('sync');
    await h.run('sync');
    await h.run('sync');
    const warnings = (await trail(h, '1')).filter((e) => e.summary.includes('abc'));
    expect(warnings).toHaveLength(1);
  });
});
