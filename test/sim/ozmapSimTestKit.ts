/** Shared set-up of the OZmap simulator tests: a small network and an authenticated `inject`. */
import type { FastifyInstance } from 'fastify';
import { afterEach } from 'vitest';
import { createOzmapSimulator } from '../../sim/ozmap/createOzmapSimulator.ts';
import type { OzmapSimulatorOptions } from '../../sim/ozmap/createOzmapSimulator.ts';
import type { OzmapFixture } from '../../sim/ozmap/ozmapFixture.ts';

export const apiKey = 'sim-key-0123456789';
export const fixedNow = new Date('2026-11-29T12:00:00.000Z');

export function network(): OzmapFixture {
  return {
    boxes: [
      { id: 'box1', name: 'CTO-01', project: 'p1', coords: [-48.5, -27.6] },
      { id: 'box2', name: 'CTO-02', project: 'p1', coords: [-48.6, -27.7] },
    ],
    splitters: [
      {
        id: 'spl1',
        name: 'S1',
        parent: 'box1',
        isDrop: true,
        ratio: { input: 1, output: 4 },
        connectables: { input: [], output: [null, 'fiber-taken', null, null] },
        ports: [{ blocked: false }, { blocked: false }, { blocked: true }, { blocked: false }],
      },
      { id: 'spl2', name: 'S2', parent: 'box2', isDrop: true, ratio: { input: 1, output: 8 } },
    ],
    properties: [
      {
        id: 'prop1',
        box: 'box1',
        client: 'cli1',
        address: 'Rua A, 1',
        coords: [-48.5, -27.6],
        potencyRead: -20.5,
        connections: [{ id: 'spl1', port: 2, fiber: 'fiber-taken' }],
      },
    ],
    ftthClients: [
      { id: 'cli1', code: '1001', name: 'Maria', implanted: true, status: 0, onu: { serial_number: 'ZTEG1' } },
      { id: 'cli2', code: '1002', name: 'João', implanted: false, status: 1 },
    ],
  };
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

export async function simulator(options: Partial<OzmapSimulatorOptions> = {}): Promise<FastifyInstance> {
  const app = await createOzmapSimulator({ fixture: network(), apiKey, clock: () => fixedNow, ...options });
  apps.push(app);
  return app;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
export async function call(app: FastifyInstance, method: Method, url: string, body?: unknown) {
  const response = await app.inject({
    method,
    url,
    headers: { authorization: apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: response.statusCode, json: response.body === '' ? undefined : response.json() };
}

export const filterQuery = (filter: unknown) => `filter=${encodeURIComponent(JSON.stringify(filter))}`;

export async function state(app: FastifyInstance) {
  return (await app.inject({ method: 'GET', url: '/__sim/state' })).json();
}
