import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimWorld, type SimWorld } from '../../../chaos/support/simWorld.ts';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../../support/ozmapRecords.ts';
import { configSecrets, loadConfig } from '../../../src/app/config/index.ts';
import { createLogger } from '../../../src/app/logger.ts';
import { createService, type Service } from '../../../src/app/createService.ts';
import { createHttpServer } from '../../../src/adapters/http/createHttpServer.ts';
import type { FastifyInstance } from 'fastify';
import { ozmapFixtureSchema } from '../../../sim/ozmap/ozmapFixture.ts';

/**
 * R9.1-R9.3 through the HTTP API on a running service against the simulators: an exclusion set
 * and lifted with the admin token, the drift list with its causes and ages, one digest alert
 * (DRIFT_DIGEST_AGE=1s here) and one when the differences are gone.
 */

const ADMIN = 'admin-token-r9-5e5e5e';
const on = (port: number) => ({ connections: [{ id: 'sA', port, fiber: `f${port}` }] });
const OZMAP = ozmapFixture({
  boxes: [box('bA', 'CTO-A')],
  splitters: [splitter('sA', 'bA')],
  properties: [
    property('p401', 'bA', 'c401', on(1)),
    property('p402', 'bA', 'c402', { ...on(2), address: 'Rua corrigida à mão, 10' }),
  ],
  ftthClients: [ftthClient('c401', '401', { name: 'Nome antigo 401' }), ftthClient('c402', '402')],
});
const SGP = sgpFixture({ code: 401, cto: 'CTO-A', porta: 1 }, { code: 402, cto: 'CTO-A', porta: 2 });

let sims: SimWorld;
let service: Service;
let http: FastifyInstance;
let hook: Server;
const alerts: { kind: string; message: string; details: { count?: number } }[] = [];

beforeAll(async () => {
  hook = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      alerts.push(JSON.parse(body) as (typeof alerts)[number]);
      response.end('ok');
    });
  });
  await new Promise<void>((done) => hook.listen(0, '127.0.0.1', done));
  sims = await startSimWorld({ sgpFixture: SGP, ozmapFixture: ozmapFixtureSchema.parse(OZMAP) });
  const loaded = loadConfig(
    sims.serviceEnv({
      EVENTSTORE_URL: 'memory:',
      ADMIN_TOKEN: ADMIN,
      ALERT_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
      FIELD_POLICY_ADDRESS: 'ozmap',
      DRIFT_DIGEST_AGE: '1s',
    }),
  );
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  service = await createService(loaded.config, {
    logger: createLogger({ level: 'silent', secrets: configSecrets(loaded.config) }),
  });
  http = await createHttpServer({
    service,
    host: '127.0.0.1',
    adminToken: ADMIN,
    logger: false,
    secrets: configSecrets(loaded.config),
  });
}, 60_000);
afterAll(async () => {
  await http?.close();
  await service?.stop();
  await sims?.close();
  await new Promise((done) => hook?.close(done));
});

const sync = async () => expect((await service.scheduler.trigger('sync', 'test'))?.outcome).toBe('completed');
const admin = { authorization: `Bearer ${ADMIN}` };
const drift = async () =>
  (await http.inject({ method: 'GET', url: '/api/drift' })).json() as {
    items: { code: string; field: string; cause: string; since: string; ageMs: number; reason?: string }[];
    fieldPolicies: Record<string, string>;
  };
const name401 = async () => (await sims.ozmapState()).ftthClients.find((c) => c.id === 'c401')?.name;
const digests = () => alerts.filter((a) => a.kind.startsWith('drift-digest'));

describe('R9 other writers through the API', () => {
  it('R9.3 changing exclusions needs the admin token; a bad contract code is refused naming the field', async () => {
    const body = { kind: 'contract', value: '401', reason: 'migração' };
    expect((await http.inject({ method: 'POST', url: '/api/exclusions', payload: body })).statusCode).toBe(401);
    const bad = await http.inject({
      method: 'POST',
      url: '/api/exclusions',
      headers: admin,
      payload: { ...body, value: '4x' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('body.value') },
    });
    const added = await http.inject({ method: 'POST', url: '/api/exclusions', headers: admin, payload: body });
    expect(added.statusCode).toBe(200);
    expect(added.json()).toMatchObject({
      changed: true,
      exclusions: [{ kind: 'contract', value: '401', by: expect.stringMatching(/^api:/) }],
    });
    expect((await http.inject({ method: 'GET', url: '/api/exclusions' })).json()).toMatchObject({
      exclusions: [{ value: '401', reason: 'migração' }],
    });
  });

  it('R9.2 after a sync, /api/drift lists what is known and not written, with its cause; the client detail says its policies', async () => {
    await sync();
    expect(await name401()).toBe('Nome antigo 401');
    const list = await drift();
    expect(list.items.map((i) => [i.code, i.field, i.cause])).toEqual([
      ['401', 'name', 'excluded'],
      ['402', 'address', 'policy-ozmap'],
    ]);
    expect(list.fieldPolicies).toMatchObject({ address: 'ozmap', name: 'sgp' });
    const detail = (await http.inject({ method: 'GET', url: '/api/clients/402' })).json() as {
      seenInOzmap: { fieldPolicies: Record<string, string>; withheld: { field: string; cause: string }[] };
    };
    expect(detail.seenInOzmap.fieldPolicies.address).toBe('ozmap');
    expect(detail.seenInOzmap.withheld).toMatchObject([{ field: 'address', cause: 'policy-ozmap' }]);
  }, 30_000);

  it('R9.2 one digest alert for all the old differences, not one per difference, and not again the same day', async () => {
    await new Promise((done) => setTimeout(done, 1_100));
    await sync();
    await sync();
    expect(digests().map((a) => [a.kind, a.details.count])).toEqual([['drift-digest', 2]]);
    const [first, second] = (await drift()).items;
    expect(first?.ageMs).toBeGreaterThanOrEqual(1_000);
    expect(second?.since).toBe(first?.since);
  }, 30_000);

  it('R9.3 lifting the exclusion lets the next sync write; R9.2 the digest clears once when nothing old is left', async () => {
    const removed = await http.inject({
      method: 'POST',
      url: '/api/exclusions/remove',
      headers: admin,
      payload: { kind: 'contract', value: '401' },
    });
    expect(removed.statusCode).toBe(200);
    const again = await http.inject({
      method: 'POST',
      url: '/api/exclusions/remove',
      headers: admin,
      payload: { kind: 'contract', value: '401' },
    });
    expect(again.json()).toMatchObject({ error: { code: 'EXCLUSION_NOT_FOUND' } });
    // A person puts SGP's address into OZmap: the last difference is gone.
    await sims.ozmap.inject({
      method: 'PATCH',
      url: '/__sim/objects/properties/p402',
      payload: { address: 'Rua das Flores, 10 - Centro, Fortaleza - CE, 60000-000' },
    });
    await sync();
    expect(await name401()).toBe('Cliente 401');
    expect((await drift()).items).toEqual([]);
    await sync();
    expect(digests().map((a) => a.kind)).toEqual(['drift-digest', 'drift-digest-cleared']);
  }, 30_000);
});
