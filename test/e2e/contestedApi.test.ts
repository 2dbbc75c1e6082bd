import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startServiceInProcess, type RunningService } from '../../chaos/support/serviceInProcess.ts';
import { createSgpSimulator } from '../../sim/sgp/createSgpSimulator.ts';
import { createOzmapSimulator } from '../../sim/ozmap/createOzmapSimulator.ts';
import { ozmapFixtureSchema, type OzmapFixture } from '../../sim/ozmap/ozmapFixture.ts';
import { startSecondWriter, type SecondWriter } from '../../sim/ozmap/secondWriter.ts';
import { SIM } from '../support/engineHarness.ts';
import { sgpFixture } from '../support/sgpRecords.ts';
import { box, ozmapFixture, splitter } from '../support/ozmapRecords.ts';

/**
 * R9.4/R9.5 end to end through the HTTP API: the service and its API in this process against
 * both simulators, the default `apply` mode (the ERP wins), a second writer changing a client's
 * address back after every write, and an operator resolving it with the admin token.
 */

const OTHER = 'Rua do Outro Sistema, 99';
let sgp: FastifyInstance;
let ozmap: FastifyInstance;
let running: RunningService;
let writer: SecondWriter;
let propertyId = '';

beforeAll(async () => {
  sgp = await createSgpSimulator({
    fixture: sgpFixture({ code: 401, cto: 'CTO-A', porta: 1 }, { code: 402, cto: 'CTO-A', porta: 2 }),
    token: SIM.token,
    app: SIM.app,
  });
  ozmap = await createOzmapSimulator({
    fixture: ozmapFixtureSchema.parse(
      ozmapFixture({ boxes: [box('bA', 'CTO-A')], splitters: [splitter('sA', 'bA')] }),
    ) as OzmapFixture,
    apiKey: SIM.key,
  });
  running = await startServiceInProcess({
    SGP_URL: await sgp.listen({ host: '127.0.0.1', port: 0 }),
    SGP_TOKEN: SIM.token,
    SGP_APP: SIM.app,
    OZMAP_URL: await ozmap.listen({ host: '127.0.0.1', port: 0 }),
    OZMAP_API_KEY: SIM.key,
    EVENTSTORE_URL: 'memory:',
    CONTEST_THRESHOLD: '2',
  });
}, 60_000);
afterAll(async () => {
  await writer.stop();
  await running.stop();
  await Promise.all([sgp.close(), ozmap.close()]);
});

const addressOf = async (): Promise<unknown> =>
  (
    (await ozmap.inject({ method: 'GET', url: `/__sim/objects/properties/${propertyId}` })).json() as {
      address: unknown;
    }
  ).address;

/** One sync, after the second writer has put its value back; the addresses written by it. */
async function sync(): Promise<void> {
  for (let i = 0; i < 200 && (await addressOf()) !== OTHER; i++) await new Promise((r) => setTimeout(r, 10));
  expect(await addressOf()).toBe(OTHER);
  expect((await running.service.scheduler.trigger('sync', 'test'))?.outcome).toBe('completed');
}

const contested = async () =>
  (await running.call('GET', '/api/contested')).body as { items: Record<string, unknown>[] };
const resolve = (body: Record<string, unknown>, token?: string | null) =>
  running.call('POST', '/api/contested/resolve', { body, ...(token !== undefined ? { token } : {}) });

describe('R9.4 through the API, apply mode', () => {
  it('R9.4 an address changed back after every write is listed contested at the threshold, and still written', async () => {
    expect((await running.service.scheduler.trigger('sync', 'test'))?.outcome).toBe('completed');
    const state = (await ozmap.inject({ method: 'GET', url: '/__sim/state' })).json() as {
      properties: { id: string; client?: unknown }[];
      ftthClients: { id: string; code: string }[];
    };
    const client = state.ftthClients.find((c) => c.code === '401');
    propertyId = state.properties.find((p) => p.client === client?.id)?.id ?? '';
    expect(propertyId).not.toBe('');
    writer = startSecondWriter(ozmap, [{ collection: 'properties', id: propertyId, field: 'address', value: OTHER }], {
      everyMs: 20,
    });
    await sync();
    expect((await contested()).items).toEqual([]);
    await sync();
    expect((await contested()).items).toEqual([
      expect.objectContaining({ code: '401', field: 'address', state: 'contested', mode: 'apply', changesBack: 2 }),
    ]);
    // apply: the ERP still wins, so the service's address went back in (and the writer took it again).
    await expect.poll(() => writer.reverts(), { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
  }, 60_000);
});

describe('R9.5 resolving through the API', () => {
  it('R9.5 needs the admin token, names bad input, and records the decision', async () => {
    expect((await resolve({ code: '401', field: 'address', resolution: 'ozmap' }, null)).status).toBe(401);
    const bad = await resolve({ code: '401', field: 'colour', resolution: 'ozmap' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/field/);
    expect((await resolve({ code: '999', field: 'address', resolution: 'ozmap' })).status).toBe(404);
    const done = await resolve({ code: '401', field: 'address', resolution: 'ozmap' });
    expect(done).toMatchObject({ status: 200, body: { recorded: ['FieldOverrideSet', 'FieldContestResolved'] } });
    expect((await contested()).items).toEqual([
      expect.objectContaining({ code: '401', field: 'address', state: 'override', owner: 'ozmap' }),
    ]);
    const again = await resolve({ code: '401', field: 'address', resolution: 'ozmap' });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'NOTHING_TO_RESOLVE' } } });
  }, 60_000);

  it('R9.5 with OZmap owning the field the service stops writing it; the history shows the decision', async () => {
    const before = writer.reverts();
    await sync();
    await new Promise((r) => setTimeout(r, 100));
    expect(writer.reverts()).toBe(before);
    expect(await addressOf()).toBe(OTHER);
    const history = (await running.call('GET', '/api/clients/401/history?limit=200')).body as {
      items: { kind: string; rule?: string }[];
    };
    expect(history.items.filter((e) => e.kind === 'contested').map((e) => e.rule)).toEqual(['R9.4', 'R9.5', 'R9.5']);
  }, 60_000);

  it('R9.2 the field OZmap owns for this client is listed as drift, and in the client detail', async () => {
    const drift = (await running.call('GET', '/api/drift')).body as { items: Record<string, unknown>[] };
    expect(drift.items).toEqual([
      expect.objectContaining({ code: '401', field: 'address', object: 'property', cause: 'override-ozmap' }),
    ]);
    const detail = (await running.call('GET', '/api/clients/401')).body as {
      seenInOzmap: { withheld: Record<string, unknown>[] } | null;
    };
    expect(detail.seenInOzmap?.withheld).toEqual([
      expect.objectContaining({ code: '401', field: 'address', cause: 'override-ozmap' }),
    ]);
  });
});
