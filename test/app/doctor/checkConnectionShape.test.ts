import { afterEach, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createOzmapSimulator } from '../../../sim/ozmap/createOzmapSimulator.ts';
import { ozmapFixtureSchema, type OzmapFixture } from '../../../sim/ozmap/ozmapFixture.ts';
import { createHttpTransport } from '../../../src/adapters/upstream/createHttpTransport.ts';
import { createOzmapSession } from '../../../src/adapters/ozmap/ozmapSession.ts';
import { checkConnectionShape } from '../../../src/app/doctor/checkConnectionShape.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../../support/ozmapRecords.ts';
import { SIM } from '../../support/engineHarness.ts';

let sim: FastifyInstance | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function checkOn(fixture: unknown) {
  sim = await createOzmapSimulator({ fixture: ozmapFixtureSchema.parse(fixture) as OzmapFixture, apiKey: SIM.key });
  const url = await sim.listen({ host: '127.0.0.1', port: 0 });
  const transport = createHttpTransport({
    upstream: 'ozmap',
    baseUrl: url,
    concurrency: 1,
    maxRps: 1000,
    timeoutMs: 5000,
    maxAttempts: 1,
    secrets: [SIM.key],
  });
  return checkConnectionShape(createOzmapSession(transport, { apiKey: SIM.key }));
}

describe('doctor, R4.8 [assumed] connectPatch: read side only', () => {
  test('a connected property names a splitter that has its port -> ok', async () => {
    const fixture = ozmapFixture({
      boxes: [box('bA', 'CTO-A')],
      splitters: [
        {
          ...splitter('sA', 'bA'),
          connectables: { input: [], output: ['f1', null, null, null, null, null, null, null] },
        },
      ],
      properties: [property('p1', 'bA', 'c1', { connections: [{ id: 'sA', port: 1, fiber: 'f1' }] })],
      ftthClients: [ftthClient('c1', '1')],
    });
    expect(await checkOn(fixture)).toMatchObject({ verdict: 'ok', detail: 'property p1: splitter sA port 1' });
  });

  test('no connected property -> a warning that says nothing could be compared', async () => {
    const fixture = ozmapFixture({ boxes: [box('bA', 'CTO-A')], properties: [property('p1', 'bA', null)] });
    expect(await checkOn(fixture)).toMatchObject({
      verdict: 'warn',
      detail: expect.stringContaining('no connected property'),
    });
  });
});
