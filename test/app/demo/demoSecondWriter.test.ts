import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createOzmapSimulator } from '../../../sim/ozmap/createOzmapSimulator.ts';
import { ozmapFixtureSchema, type OzmapFixture, type OzmapState } from '../../../sim/ozmap/ozmapFixture.ts';
import { createDemoSecondWriter } from '../../../src/app/demo/demoSecondWriter.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../../support/ozmapRecords.ts';

let ozmap: FastifyInstance;
beforeAll(async () => {
  const fixture = ozmapFixture({
    boxes: [box('bA', 'CTO-A')],
    splitters: [splitter('sA', 'bA')],
    properties: ['1', '2', '3', '4'].map((n) => property(`p${n}`, 'bA', `c${n}`)),
    ftthClients: ['1', '2', '3', '4'].map((n) => ftthClient(`c${n}`, n, { name: `Cliente ${n}` })),
  });
  ozmap = await createOzmapSimulator({ fixture: ozmapFixtureSchema.parse(fixture) as OzmapFixture, apiKey: 'k' });
});
afterAll(async () => {
  await ozmap.close();
});

const state = async () => (await ozmap.inject({ method: 'GET', url: '/__sim/state' })).json() as OzmapState;

describe("the demo's other OZmap writer (issue 15 item 5)", () => {
  it('R9.4 keeps its own name on two clients and its address on a third, changing them back after every write', async () => {
    const writer = createDemoSecondWriter(ozmap);
    expect(await writer.tick()).toBe(3);
    expect(await writer.tick()).toBe(0);
    // The service writes SGP's values back; the next tick changes them back again.
    await ozmap.inject({ method: 'PATCH', url: '/__sim/objects/ftth-clients/c1', payload: { name: 'Cliente 1' } });
    await ozmap.inject({ method: 'PATCH', url: '/__sim/objects/properties/p3', payload: { address: 'Rua A' } });
    expect(await writer.tick()).toBe(2);
    const s = await state();
    expect(s.ftthClients.map((c) => c.name)).toEqual([
      'Cliente 1 (corrigido à mão)',
      'Cliente 2 (corrigido à mão)',
      'Cliente 3',
      'Cliente 4',
    ]);
    expect(s.properties.find((p) => p.id === 'p3')?.address).toBe('Endereço corrigido à mão, s/n');
    await writer.stop();
  });
});
