import { describe, expect, it } from 'vitest';
import { call, simulator, state } from './ozmapSimTestKit.ts';

type Stored = { id: string; [field: string]: unknown };
const byId = (records: Stored[], id: string) => records.find((record) => record.id === id);

const newClient = { code: '2001', name: 'Ana', implanted: true, status: 0 };

describe('OZmap simulator: POST properties', () => {
  it('creates the inline client and connects the property to the splitter port (1-based)', async () => {
    const app = await simulator({ refShape: 'id' });
    const { status, json } = await call(app, 'POST', '/api/v2/properties', {
      box: 'box1',
      connector: 'spl1',
      port: 4,
      address: 'Rua B, 2',
      coords: [-48.51, -27.61],
      potencyRead: -19.2,
      client: newClient,
    });
    expect(status).toBe(201);
    const after = await state(app);
    const client = after.ftthClients.find((stored: Stored) => stored.code === '2001');
    expect(client).toMatchObject({ name: 'Ana', implanted: true, status: 0 });
    expect(json).toMatchObject({ box: 'box1', client: client.id, address: 'Rua B, 2', potencyRead: -19.2 });
    const fiber = byId(after.splitters, 'spl1')?.connectables as { output: (string | null)[] };
    expect(fiber.output[3]).toEqual(expect.any(String));
    expect(json.connections).toEqual([{ id: 'spl1', port: 4, fiber: fiber.output[3] }]);
  });

  it('creates on the box without a connection when no connector is given', async () => {
    const app = await simulator();
    const { status, json } = await call(app, 'POST', '/api/v2/properties', {
      box: 'box2',
      address: 'x',
      client: newClient,
    });
    expect(status).toBe(201);
    expect(json.connections).toEqual([]);
    expect(json.coords).toEqual([-48.6, -27.7]);
  });

  it.each([
    [{ box: 'nope' }, 400, 'BOX_NOT_FOUND'],
    [{ box: 'box1', connector: 'spl1', port: 5 }, 400, 'PORT_OUT_OF_RANGE'],
    [{ box: 'box1', connector: 'spl1', port: 0 }, 400, 'PORT_OUT_OF_RANGE'],
    [{ box: 'box1', connector: 'spl1', port: 2 }, 409, 'PORT_OCCUPIED'],
    [{ box: 'box1', connector: 'spl1', port: 3 }, 409, 'PORT_BLOCKED'],
    [{ box: 'box1', connector: 'spl2', port: 1 }, 400, 'SPLITTER_NOT_IN_BOX'],
    [{ box: 'box1', connector: 'spl1' }, 400, 'BAD_REQUEST'],
    [{ address: 'no box' }, 400, 'BAD_REQUEST'],
  ])('refuses %j with %i %s and writes nothing', async (placement, status, code) => {
    const app = await simulator();
    const before = await state(app);
    const response = await call(app, 'POST', '/api/v2/properties', { address: 'x', client: newClient, ...placement });
    expect(response.status).toBe(status);
    expect(response.json.code).toBe(code);
    expect(response.json.message).toEqual(expect.any(String));
    expect(await state(app)).toEqual(before);
  });

  it('refuses a port that a property holds even when the splitter lost its fiber id', async () => {
    const app = await simulator();
    await app.inject({
      method: 'PATCH',
      url: '/__sim/objects/splitters/spl1',
      payload: { connectables: { input: [], output: [null, null, null, null] } },
    });
    const response = await call(app, 'POST', '/api/v2/properties', {
      box: 'box1',
      connector: 'spl1',
      port: 2,
      client: newClient,
    });
    expect(response.status).toBe(409);
    expect(response.json.message).toContain('prop1');
  });
});

describe('OZmap simulator: PATCH, DELETE, disconnect', () => {
  it('updates a client and a property, answering 204', async () => {
    const app = await simulator();
    expect(
      (await call(app, 'PATCH', '/api/v2/ftth-clients/cli2', { name: 'João Silva', implanted: true, status: 0 }))
        .status,
    ).toBe(204);
    expect(
      (await call(app, 'PATCH', '/api/v2/properties/prop1', { potencyRead: -22, address: 'Rua C', coords: [-48, -27] }))
        .status,
    ).toBe(204);
    const after = await state(app);
    expect(byId(after.ftthClients, 'cli2')).toMatchObject({ name: 'João Silva', implanted: true, status: 0 });
    expect(byId(after.properties, 'prop1')).toMatchObject({ potencyRead: -22, address: 'Rua C', coords: [-48, -27] });
  });

  it('refuses a PATCH with a value of the wrong type, naming the field', async () => {
    const app = await simulator();
    const response = await call(app, 'PATCH', '/api/v2/ftth-clients/cli2', { status: 'OK' });
    expect(response.status).toBe(400);
    expect(response.json.message).toContain('status');
    expect((await call(app, 'PATCH', '/api/v2/ftth-clients/missing', { name: 'x' })).status).toBe(404);
  });

  it('detaches the client with client: null and keeps the property connected', async () => {
    const app = await simulator();
    expect((await call(app, 'PATCH', '/api/v2/properties/prop1', { client: null })).status).toBe(204);
    const property = byId((await state(app)).properties, 'prop1');
    expect(property).toMatchObject({ client: null, connections: [{ id: 'spl1', port: 2, fiber: 'fiber-taken' }] });
  });

  it('moves the updatedAt of an object on every accepted write, even one that changes nothing', async () => {
    const app = await simulator();
    const before = byId((await state(app)).ftthClients, 'cli1')?.updatedAt as string;
    await call(app, 'PATCH', '/api/v2/ftth-clients/cli1', { name: 'Maria' });
    const once = byId((await state(app)).ftthClients, 'cli1')?.updatedAt as string;
    await call(app, 'PATCH', '/api/v2/ftth-clients/cli1', {});
    const twice = byId((await state(app)).ftthClients, 'cli1')?.updatedAt as string;
    expect(Date.parse(once)).toBeGreaterThan(Date.parse(before));
    expect(Date.parse(twice)).toBeGreaterThan(Date.parse(once));
    expect(byId((await state(app)).ftthClients, 'cli1')?.name).toBe('Maria');
  });

  it('deletes a client without clearing the property that references it', async () => {
    const app = await simulator();
    expect((await call(app, 'DELETE', '/api/v2/ftth-clients/cli1')).status).toBe(204);
    expect((await call(app, 'DELETE', '/api/v2/ftth-clients/cli1')).status).toBe(404);
    expect((await call(app, 'GET', '/api/v2/ftth-clients/cli1')).status).toBe(404);
    const after = await state(app);
    expect(byId(after.ftthClients, 'cli1')).toBeUndefined();
    expect(byId(after.properties, 'prop1')?.client).toBe('cli1');
    expect((await call(app, 'GET', '/api/v2/ftth-clients')).json.rows.map((row: Stored) => row.id)).toEqual(['cli2']);
  });

  it('deletes a property, freeing its splitter port and keeping its client', async () => {
    const app = await simulator();
    expect((await call(app, 'DELETE', '/api/v2/properties/prop1')).status).toBe(204);
    const after = await state(app);
    expect(byId(after.properties, 'prop1')).toBeUndefined();
    expect((byId(after.splitters, 'spl1')?.connectables as { output: unknown[] }).output[1]).toBeNull();
    expect(byId(after.ftthClients, 'cli1')).toBeDefined();
    expect((await call(app, 'DELETE', '/api/v2/properties/prop1')).status).toBe(404);
    const reuse = await call(app, 'POST', '/api/v2/properties', {
      box: 'box1',
      connector: 'spl1',
      port: 2,
      client: newClient,
    });
    expect(reuse.status).toBe(201);
  });

  it('disconnects a fiber: frees the port and removes the property connection', async () => {
    const app = await simulator();
    const body = { elementA: { id: 'spl1', kind: 'splitter' }, elementB: { id: 'fiber-taken', kind: 'fiber' } };
    expect((await call(app, 'POST', '/api/v2/disconnect', body)).status).toBe(204);
    const after = await state(app);
    expect((byId(after.splitters, 'spl1')?.connectables as { output: unknown[] }).output[1]).toBeNull();
    expect(byId(after.properties, 'prop1')).toMatchObject({ connections: [], client: 'cli1' });
    const again = await call(app, 'POST', '/api/v2/disconnect', body);
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('NOT_CONNECTED');
  });
});

describe('OZmap simulator: /__sim/ hooks', () => {
  it('adds, edits by hand and removes objects behind the API', async () => {
    const app = await simulator();
    const added = await app.inject({
      method: 'POST',
      url: '/__sim/objects/ftth-clients',
      payload: { code: '3001', name: 'Nova' },
    });
    expect(added.statusCode).toBe(201);
    const id = added.json().id as string;
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    const edited = await app.inject({
      method: 'PATCH',
      url: `/__sim/objects/ftthClients/${id}`,
      payload: { code: null, extra: 1 },
    });
    expect(edited.json()).toMatchObject({ id, code: null, extra: 1 });
    expect((await call(app, 'GET', `/api/v2/ftth-clients/${id}`)).json.code).toBeNull();
    expect((await app.inject({ method: 'DELETE', url: `/__sim/objects/ftthClients/${id}` })).statusCode).toBe(204);
    expect((await call(app, 'GET', `/api/v2/ftth-clients/${id}`)).status).toBe(404);
  });

  it('refuses an invalid object and an unknown collection', async () => {
    const app = await simulator();
    const invalid = await app.inject({ method: 'POST', url: '/__sim/objects/boxes', payload: { coords: [1, 2] } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().message).toContain('name');
    const unknown = await app.inject({ method: 'POST', url: '/__sim/objects/constructor', payload: {} });
    expect(unknown.statusCode).toBe(404);
  });
});
