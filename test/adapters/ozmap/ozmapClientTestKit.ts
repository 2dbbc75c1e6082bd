/**
 * Starts the OZmap simulator on 127.0.0.1 (ephemeral port) and builds the client on the real
 * HTTP transport, with fast, deterministic retries.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach } from 'vitest';
import { createOzmapSimulator } from '../../../sim/ozmap/createOzmapSimulator.ts';
import type { OzmapSimulatorOptions } from '../../../sim/ozmap/createOzmapSimulator.ts';
import type { OzmapFixture } from '../../../sim/ozmap/ozmapFixture.ts';
import { createOzmapClient } from '../../../src/adapters/ozmap/createOzmapClient.ts';
import type { OzmapClient } from '../../../src/adapters/ozmap/createOzmapClient.ts';
import type { OzmapAuth } from '../../../src/adapters/ozmap/ozmapSession.ts';
import { createHttpTransport } from '../../../src/adapters/upstream/createHttpTransport.ts';

export const apiKey = 'ozmap-test-key-7f3a9c';

const running: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

export interface Harness {
  readonly app: FastifyInstance;
  readonly baseUrl: string;
  readonly client: OzmapClient;
  /** The simulator's state in fixture format. */
  state(): Promise<Record<string, { id: string; [field: string]: unknown }[]>>;
  /** Calls a `/__sim/` route. */
  sim(method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, body?: unknown): Promise<unknown>;
}

export async function startHarness(options: {
  fixture: OzmapFixture;
  simulator?: Partial<OzmapSimulatorOptions>;
  auth?: OzmapAuth;
  pageSize?: number;
  maxAttempts?: number;
}): Promise<Harness> {
  const app = await createOzmapSimulator({ fixture: options.fixture, apiKey, seed: 7, ...options.simulator });
  running.push(app);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const auth = options.auth ?? { apiKey };
  const transport = createHttpTransport({
    upstream: 'ozmap',
    baseUrl: address,
    concurrency: 4,
    maxRps: 1000,
    timeoutMs: 5000,
    maxAttempts: options.maxAttempts ?? 3,
    baseDelayMs: 1,
    maxDelayMs: 5,
    random: () => 0.5,
    secrets: 'apiKey' in auth ? [auth.apiKey] : [auth.password],
  });
  const client = createOzmapClient({ transport, auth, pageSize: options.pageSize });
  const sim = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, body?: unknown) => {
    const response = await app.inject({ method, url, ...(body === undefined ? {} : { payload: body as object }) });
    return response.body === '' ? undefined : response.json();
  };
  return {
    app,
    baseUrl: address,
    client,
    state: async () => (await sim('GET', '/__sim/state')) as Record<string, { id: string }[]>,
    sim,
  };
}

/** A network: two boxes, a drop splitter with a taken and a blocked port, clients and properties. */
export function clientTestNetwork(clientCount: number): OzmapFixture {
  const clients = Array.from({ length: clientCount }, (_, index) => ({
    id: `c${String(index).padStart(23, '0')}`,
    code: String(5000 + index),
    name: `Cliente ${index}`,
    implanted: index % 2 === 0,
    status: (index % 2) as 0 | 1,
  }));
  return {
    boxes: [
      { id: 'b00000000000000000000001', name: 'CTO-01', project: 'p1', coords: [-48.5, -27.6] },
      { id: 'b00000000000000000000002', name: 'CTO-02', project: 'p1', coords: [-48.6, -27.7] },
    ],
    splitters: [
      {
        id: 's00000000000000000000001',
        name: 'S1',
        parent: 'b00000000000000000000001',
        isDrop: true,
        ratio: { input: 1, output: 8 },
        connectables: { input: [], output: ['f00000000000000000000001', null, null, null, null, null, null, null] },
        ports: Array.from({ length: 8 }, (_, index) => ({ blocked: index === 7 })),
      },
    ],
    properties: [
      {
        id: 'p00000000000000000000001',
        box: 'b00000000000000000000001',
        client: clients[0]?.id ?? null,
        address: 'Rua A, 1',
        coords: [-48.51, -27.61],
        potencyRead: -21.3,
        connections: [{ id: 's00000000000000000000001', port: 1, fiber: 'f00000000000000000000001' }],
      },
    ],
    ftthClients: clients,
  };
}
