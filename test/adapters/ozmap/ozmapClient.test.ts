import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/adapters/upstream/upstreamError.ts';
import { apiKey, clientTestNetwork, startHarness } from './ozmapClientTestKit.ts';

const shapes = (['id', '_id', 'both'] as const).flatMap((idShape) =>
  (['id', 'embedded'] as const).map((refShape) => ({ idShape, refShape })),
);

const box1 = 'b00000000000000000000001';
const splitter1 = 's00000000000000000000001';
const property1 = 'p00000000000000000000001';
const client0 = 'c00000000000000000000000';

const newProperty = {
  boxId: box1,
  project: 'p1',
  connection: { splitterId: splitter1, port: 3 },
  address: 'Rua Nova, 10',
  coords: { lng: -48.52, lat: -27.62 },
  potencyRead: -18.75,
  client: { code: '9001', name: 'Ana Souza', implanted: true, status: 0 as const },
};

describe.each(shapes)('OZmap client against the simulator (idShape $idShape, refShape $refShape)', (shape) => {
  const start = (extra: { pageSize?: number; clients?: number } = {}) =>
    startHarness({ fixture: clientTestNetwork(extra.clients ?? 3), simulator: shape, pageSize: extra.pageSize });

  it('reads every page of a collection and reports progress', async () => {
    const { client, sim } = await start({ clients: 23, pageSize: 5 });
    const progress: number[] = [];
    const result = await client.readAll('ftthClients', { onProgress: (step) => progress.push(step.pagesRead) });
    expect(result.complete).toBe(true);
    expect(result.items.map((item) => item.code)).toEqual(
      Array.from({ length: 23 }, (_, index) => String(5000 + index)),
    );
    expect(result.items[1]).toMatchObject({
      id: 'c00000000000000000000001',
      code: '5001',
      name: 'Cliente 1',
      implanted: false,
      status: 1,
      observation: '',
    });
    expect(progress.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    const counters = (await sim('GET', '/__sim/counters')) as { counts: Record<string, number> };
    expect(counters.counts['GET /api/v2/ftth-clients']).toBe(5);
  });

  it('normalises boxes, splitters and properties to the domain types', async () => {
    const { client } = await start();
    const [boxes, splitters, properties] = await Promise.all([
      client.readAll('boxes'),
      client.readAll('splitters'),
      client.readAll('properties'),
    ]);
    expect(boxes.items[0]).toEqual({ id: box1, name: 'CTO-01', project: 'p1', coords: { lng: -48.5, lat: -27.6 } });
    expect(splitters.items[0]).toMatchObject({ id: splitter1, name: 'S1', boxId: box1, isDrop: true });
    expect(splitters.items[0]?.outputs[0]).toEqual({ fiber: 'f00000000000000000000001', blocked: false });
    expect(splitters.items[0]?.outputs[7]).toEqual({ fiber: null, blocked: true });
    expect(properties.items[0]).toEqual({
      id: property1,
      boxId: box1,
      clientId: client0,
      address: 'Rua A, 1',
      coords: { lng: -48.51, lat: -27.61 },
      observation: '',
      potencyRead: -21.3,
      connections: [{ splitterId: splitter1, port: 1, fiber: 'f00000000000000000000001' }],
    });
  });

  it('asks for the selected fields only', async () => {
    const { client } = await start();
    const result = await client.readAll('ftthClients', { select: ['code'] });
    expect(result.items[1]).toMatchObject({
      id: 'c00000000000000000000001',
      code: '5001',
      name: '',
      implanted: false,
      status: null,
      observation: '',
    });
  });

  it('isolates invalid records and reads the rest', async () => {
    const { client, sim } = await start({ clients: 4 });
    await sim('PATCH', '/__sim/objects/ftthClients/c00000000000000000000002', { code: null });
    await sim('PATCH', `/__sim/objects/properties/${property1}`, { coords: [-27.61, 'north'] });
    const clients = await client.readAll('ftthClients');
    expect(clients.complete).toBe(true);
    expect(clients.items.map((item) => item.id)).not.toContain('c00000000000000000000002');
    expect(clients.items).toHaveLength(3);
    expect(clients.rejected).toEqual([
      expect.objectContaining({
        code: 'OZMAP_RECORD_INVALID',
        collection: 'ftthClients',
        id: 'c00000000000000000000002',
        field: 'code',
      }),
    ]);
    const properties = await client.readAll('properties');
    expect(properties.rejected[0]).toMatchObject({ collection: 'properties', id: property1, field: 'coords.1' });
    expect(properties.rejected[0]?.message).toContain(property1);
  });

  it('finds a box by name, the splitters of a box, a client by code and its property', async () => {
    const { client } = await start();
    expect((await client.findBoxesByName('CTO-02')).map((box) => box.id)).toEqual(['b00000000000000000000002']);
    expect(await client.findBoxesByName('CTO-99')).toEqual([]);
    expect((await client.findSplittersOfBox(box1)).map((splitter) => splitter.id)).toEqual([splitter1]);
    expect((await client.findClientByCode('5000'))?.id).toBe(client0);
    expect(await client.findClientByCode('404')).toBeNull();
    expect((await client.findPropertyByClientId(client0))?.id).toBe(property1);
    expect(await client.getProperty(property1)).toMatchObject({ id: property1, boxId: box1, clientId: client0 });
    expect(await client.getProperty('p00000000000000000000404')).toBeNull();
  });

  it('creates a connected property with its client, then updates, detaches, disconnects and deletes', async () => {
    const { client, state } = await start();
    const created = await client.createPropertyWithClient(newProperty);
    expect(created).toMatchObject({
      boxId: box1,
      address: 'Rua Nova, 10',
      potencyRead: -18.75,
      coords: { lng: -48.52, lat: -27.62 },
    });
    expect(created.connections).toEqual([{ splitterId: splitter1, port: 3, fiber: expect.any(String) }]);
    const clientId = created.clientId as string;
    expect((await client.findClientByCode('9001'))?.id).toBe(clientId);

    await client.updateClient(clientId, { name: 'Ana S. Souza', status: 1 });
    await client.updateProperty(created.id, {
      potencyRead: -20,
      coords: { lng: -48.53, lat: -27.63 },
      observation: 'nota',
    });
    let now = await state();
    expect(now.ftthClients?.find((item) => item.id === clientId)).toMatchObject({ name: 'Ana S. Souza', status: 1 });
    expect(now.properties?.find((item) => item.id === created.id)).toMatchObject({
      potencyRead: -20,
      coords: [-48.53, -27.63],
      observation: 'nota',
    });

    await client.detachClient(created.id);
    await client.disconnect(splitter1, created.connections[0]?.fiber as string);
    now = await state();
    expect(now.properties?.find((item) => item.id === created.id)).toMatchObject({ client: null, connections: [] });
    expect((now.splitters?.[0]?.connectables as { output: unknown[] }).output[2]).toBeNull();

    expect(await client.deleteClient(clientId)).toBe('deleted');
    expect(await client.deleteClient(clientId)).toBe('absent');
    expect(await client.deleteProperty(created.id)).toBe('deleted');
    expect(await client.deleteProperty(created.id)).toBe('absent');
    expect(await client.findClientByCode('9001')).toBeNull();
  });

  it('creates on the box without a connection, and fails on an occupied port without the key in the error', async () => {
    const { client } = await start();
    const unconnected = await client.createPropertyWithClient({ ...newProperty, connection: null, potencyRead: null });
    expect(unconnected.connections).toEqual([]);
    expect(unconnected.potencyRead).toBeNull();
    const occupied = await client
      .createPropertyWithClient({ ...newProperty, connection: { splitterId: splitter1, port: 1 } })
      .catch((error: unknown) => error);
    expect(occupied).toBeInstanceOf(UpstreamError);
    expect((occupied as UpstreamError).details.status).toBe(409);
    expect(
      JSON.stringify({ message: (occupied as UpstreamError).message, ...(occupied as UpstreamError).details }),
    ).not.toContain(apiKey);
  });

  it('logs in once, and again when the token stops working', async () => {
    const { client, sim } = await startHarness({
      fixture: clientTestNetwork(3),
      simulator: { ...shape, login: 'integracao', password: 'pa55word' },
      auth: { login: 'integracao', password: 'pa55word' },
    });
    expect((await client.readAll('boxes')).complete).toBe(true);
    expect((await client.readAll('ftthClients')).items).toHaveLength(3);
    const loginCount = async () =>
      ((await sim('GET', '/__sim/counters')) as { counts: Record<string, number> }).counts['POST /api/v2/users/login'];
    expect(await loginCount()).toBe(1);
    await sim('PUT', '/__sim/api-key', { apiKey: 'rotated-token' });
    expect((await client.readAll('boxes')).complete).toBe(true);
    expect(await loginCount()).toBe(2);
  });
});
