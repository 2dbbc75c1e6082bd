import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { encodeCursor } from '../../../src/adapters/readmodel/cursor.ts';
import { GUARD_HASH, SECRETS, startServer, t, type TestServer } from './httpHarness.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

const get = async (url: string) => {
  const response = await server.call({ url });
  return { status: response.statusCode, body: response.json() };
};

describe('GET /api/meta', () => {
  test('timezone, shadow mode, next runs and the package version', async () => {
    const { status, body } = await get('/api/meta');
    expect(status).toBe(200);
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(body).toEqual({
      timezone: 'America/Sao_Paulo',
      dryRun: true,
      nextRuns: { sync: t(40), cancel: null },
      version,
    });
  });
});

describe('GET /api/cycles', () => {
  test('cycles newest first, paged by cursor', async () => {
    const first = await get('/api/cycles?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items).toMatchObject([
      { cycleId: 'sync-b', kind: 'sync', outcome: 'completed', startedAt: t(15), finishedAt: t(16) },
    ]);
    const second = await get(`/api/cycles?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ cycleId: 'sync-a' }], nextCursor: null });
  });

  test.each(['limit=0', 'limit=500', 'limit=x', 'cursor=%3F%3F'])('?%s is a 400 INVALID_REQUEST', async (query) => {
    const { status, body } = await get(`/api/cycles?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_REQUEST');
  });

  test('a cursor of another listing is a 400 INVALID_CURSOR', async () => {
    const { status, body } = await get(`/api/cycles?cursor=${encodeCursor(['1001'])}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_CURSOR');
  });
});

describe('GET /api/plan', () => {
  test('before any cycle recorded a plan: none of either kind', async () => {
    const { status, body } = await get('/api/plan');
    expect(status).toBe(200);
    expect(body).toEqual({ sync: null, cancel: null });
  });
});

describe('POST /api/plan', () => {
  test('the live plan, grouped', async () => {
    const response = await server.call({
      method: 'POST',
      url: '/api/plan',
      headers: { authorization: `Bearer ${SECRETS.admin}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      at: t(30),
      live: true,
      sweepComplete: true,
      ozmapComplete: true,
      sync: { writes: 0, groups: [] },
      cancel: { blocked: null, groups: [] },
    });
  });

  test('an upstream failure is a 502 PLAN_UNAVAILABLE that says why, with the secret it quoted scrubbed', async () => {
    server.service.state.planError = new Error(
      `SGP answered 503 for https://isp.sgp.net.br/api/ura/contratos?token=${SECRETS.sgpToken}`,
    );
    const response = await server.call({
      method: 'POST',
      url: '/api/plan',
      headers: { authorization: `Bearer ${SECRETS.admin}` },
    });
    expect(response.statusCode).toBe(502);
    const body = response.json();
    expect(body.error.code).toBe('PLAN_UNAVAILABLE');
    expect(body.error.message).toContain('SGP answered 503');
    expect(body.error.message).toContain('token=[REDACTED]');
  });
});

describe('GET /api/guard', () => {
  test('the pending guard trip and the releases', async () => {
    const { status, body } = await get('/api/guard');
    expect(status).toBe(200);
    expect(body).toEqual({
      pending: {
        hash: GUARD_HASH,
        removals: 60,
        totalClients: 100,
        codes: ['1005', '1006'],
        cycleId: 'sync-b',
        at: t(16),
      },
      released: [],
    });
  });
});
