/**
 * The official SDK (`@ozmap/ozmap-sdk`) against the simulator: whatever the SDK sends or expects
 * and the simulator does not handle is a bug in the simulator. Also records what the SDK sends,
 * so that the behaviours OZMAP-API.md relies on (a JSON body on GET, `skip` from nextUrl, the
 * login flow) are checked against the real SDK rather than against our reading of it.
 */
import type * as SdkModule from '@ozmap/ozmap-sdk';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOzmapSimulator } from '../../sim/ozmap/createOzmapSimulator.ts';
import type { OzmapSimulatorOptions } from '../../sim/ozmap/createOzmapSimulator.ts';

const apiKey = 'sdk-conformance-key';
/** The SDK is CommonJS: its class is the `default` of its exports. */
type OzmapSdkClass = typeof SdkModule.default.default;
let Sdk: OzmapSdkClass;

beforeAll(async () => {
  // Must be set before the SDK's logger loads: otherwise it opens an HTTP port, and it logs
  // every request at debug level.
  process.env.OZLOGGER_HTTP = 'false';
  process.env.OZLOGGER_LEVEL = 'error';
  const loaded = (await import('@ozmap/ozmap-sdk')) as unknown as {
    default: OzmapSdkClass | { default: OzmapSdkClass };
  };
  Sdk = 'default' in loaded.default ? loaded.default.default : loaded.default;
});

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

const boxId = 'b00000000000000000000001';
const splitterId = 's00000000000000000000001';

async function start(options: Partial<OzmapSimulatorOptions> = {}, clients = 3) {
  const app = await createOzmapSimulator({
    apiKey,
    fixture: {
      boxes: [
        { id: boxId, name: 'CTO-01', project: 'p1', coords: [-48.5, -27.6] },
        { id: 'b00000000000000000000002', name: 'CTO-02', project: 'p1', coords: [-48.6, -27.7] },
      ],
      splitters: [
        { id: splitterId, name: 'S1', parent: boxId, isDrop: true, ratio: { input: 1, output: 8 } },
        {
          id: 's00000000000000000000002',
          name: 'S2',
          parent: 'b00000000000000000000002',
          ratio: { input: 1, output: 8 },
        },
      ],
      ftthClients: Array.from({ length: clients }, (_, index) => ({
        id: `c${String(index).padStart(23, '0')}`,
        code: String(100 + index),
        implanted: index % 3 === 0,
      })),
    },
    ...options,
  });
  apps.push(app);
  const seen: Seen[] = [];
  app.addHook('preHandler', async (request) => {
    seen.push({
      method: request.method,
      url: request.url,
      contentType: request.headers['content-type'],
      authorization: request.headers.authorization,
      body: request.body,
    });
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const state = async () => (await app.inject({ method: 'GET', url: '/__sim/state' })).json();
  return { app, url, seen, state, sdk: new Sdk(url, { apiKey }) };
}

describe('official OZmap SDK against the simulator', () => {
  it('finds a box by name with the filter it sends as a JSON body on the GET', async () => {
    const { sdk, seen } = await start();
    const found = await sdk.box.find({ filter: [{ property: 'name', operator: '=', value: 'CTO-01' }] });
    expect(found.total).toBe(1);
    expect(found.rows.map((box) => box.id)).toEqual([boxId]);
    expect(await sdk.box.findOne({ filter: [{ property: 'name', operator: '=', value: 'CTO-02' }] })).toMatchObject({
      name: 'CTO-02',
    });
    expect(seen[0]).toMatchObject({ method: 'GET', contentType: 'application/json', authorization: apiKey });
    expect(seen[0]?.body).toEqual({ filter: [{ property: 'name', operator: '=', value: 'CTO-01' }] });
    expect(seen[0]?.url).not.toContain('filter=');
  });

  it('lists the splitters of a box, with the fields it selects', async () => {
    const { sdk } = await start();
    const found = await sdk.splitter.find({
      filter: [{ property: 'parent', operator: '=', value: boxId }],
      select: 'name parent',
    });
    expect(found.rows).toEqual([{ id: splitterId, name: 'S1', parent: boxId }]);
  });

  it('creates a property with an inline client on a splitter port, and is refused the same port again', async () => {
    const { sdk, state } = await start();
    const input = {
      project: 'p1',
      box: boxId,
      connector: splitterId,
      port: 2,
      address: 'Rua Nova, 10',
      coords: [-48.52, -27.62],
      potencyRead: -19.5,
      client: { code: '9001', name: 'Ana', implanted: true, status: 0 },
    };
    const created = await sdk.property.create(input);
    expect(created).toMatchObject({ box: boxId, address: 'Rua Nova, 10', potencyRead: -19.5 });
    const after = await state();
    const client = after.ftthClients.find((item: { code: string }) => item.code === '9001');
    expect(created.client).toBe(client.id);
    expect(after.splitters[0].connectables.output[1]).toBe(created.connections[0]?.fiber);
    const refused = await sdk.property.create(input).catch((error: unknown) => error);
    expect((refused as { status?: number }).status).toBe(409);
  });

  it('updates a client and a property, then deletes both', async () => {
    const { sdk, state } = await start();
    const created = await sdk.property.create({
      project: 'p1',
      box: boxId,
      address: 'x',
      client: { code: '9002', name: 'Bia', implanted: false },
    });
    const clientId = String(created.client);
    await sdk.ftthClient.updateById(clientId, { name: 'Beatriz', implanted: true, status: 1 });
    await sdk.property.updateById(created.id as string, { potencyRead: -21.25, observation: 'nota' });
    expect(await sdk.ftthClient.findById(clientId)).toMatchObject({ name: 'Beatriz', implanted: true, status: 1 });
    expect((await state()).properties[0]).toMatchObject({ potencyRead: -21.25, observation: 'nota' });
    await sdk.property.deleteById(created.id as string);
    await sdk.ftthClient.deleteById(clientId);
    expect(await sdk.property.findById(created.id as string)).toBeNull();
    expect(await sdk.ftthClient.findById(clientId)).toBeNull();
  });

  it.each(['id', '_id', 'both'] as const)(
    'reads every page with findAll, following nextUrl (idShape %s)',
    async (idShape) => {
      const { sdk, seen } = await start({ idShape }, 35);
      const all = await sdk.ftthClient.findAll({ batchSize: 10 });
      const ids = all.map((client) => (client as { id?: string; _id?: string }).id ?? (client as { _id?: string })._id);
      expect(new Set(ids).size).toBe(35);
      const urls = seen.map((request) => new URL(request.url, 'http://x').searchParams);
      expect(urls.map((params) => params.get('skip'))).toEqual([null, '10', '20', '30']);
      expect(urls.every((params) => params.get('limit') === '10' && !params.has('page'))).toBe(true);
    },
  );

  it('reads every page of a filtered findAll, the filter resent in each body', async () => {
    const { sdk, seen } = await start({}, 35);
    const all = await sdk.ftthClient.findAll({
      batchSize: 5,
      filter: [{ property: 'implanted', operator: '=', value: true }],
    });
    expect(all).toHaveLength(12);
    expect(seen.every((request) => (request.body as { filter?: unknown[] }).filter?.length === 1)).toBe(true);
  });

  it('logs in with login and password after its first 401, sending no key', async () => {
    const { app, url, seen } = await start({ login: 'integracao', password: 'pa55' });
    const sdk = new Sdk(url, { login: 'integracao', password: 'pa55' });
    expect((await sdk.box.find({})).total).toBe(2);
    const counters = (await app.inject({ method: 'GET', url: '/__sim/counters' })).json();
    expect(counters.counts).toMatchObject({ 'GET /api/v2/boxes': 2, 'POST /api/v2/users/login': 1 });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v2/users/login?type=API', authorization: undefined });
    expect(seen[0]?.body).toEqual({ login: 'integracao', password: 'pa55' });
  });
});
