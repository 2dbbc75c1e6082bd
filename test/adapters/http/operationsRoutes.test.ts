import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { BODY_LIMIT_BYTES } from '../../../src/adapters/http/createHttpServer.ts';
import { GUARD_HASH, SECRETS, bearer, startServer, type TestServer } from './httpHarness.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

const post = async (url: string, payload?: unknown, headers: Record<string, string> = bearer(SECRETS.admin)) => {
  const response = await server.call({
    method: 'POST',
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
};

describe('POST /api/cycles', () => {
  test.each(['sync', 'cancel'] as const)('queues a %s cycle: 202 { queued, running }', async (kind) => {
    const { status, body } = await post('/api/cycles', { kind });
    expect(status).toBe(202);
    expect(body).toEqual({ queued: true, running: null });
    expect(server.service.calls.triggered).toEqual([{ kind, trigger: 'api:127.0.0.1' }]);
  });

  test.each([
    [{ kind: 'everything' }, 'body.kind'],
    [{}, 'body.kind'],
    [{ kind: 'sync', force: true }, 'force'],
  ])('body %j is a 400 INVALID_REQUEST and nothing is queued', async (payload, mention) => {
    const { status, body } = await post('/api/cycles', payload);
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.message).toContain(mention);
    expect(server.service.calls.triggered).toEqual([]);
  });

  test('a body that is not JSON is a 400 INVALID_JSON', async () => {
    const response = await server.call({
      method: 'POST',
      url: '/api/cycles',
      headers: { ...bearer(SECRETS.admin), 'content-type': 'application/json' },
      payload: '{"kind":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('INVALID_JSON');
  });

  test(`a body over ${BODY_LIMIT_BYTES} bytes is a 413 PAYLOAD_TOO_LARGE`, async () => {
    const { status, body } = await post('/api/cycles', { kind: 'sync', padding: 'x'.repeat(BODY_LIMIT_BYTES) });
    expect(status).toBe(413);
    expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(server.service.calls.triggered).toEqual([]);
  });
});

describe('POST /api/cancellations/confirm', () => {
  test('the pending hash releases the set: 200 with the cycle summary', async () => {
    const { status, body } = await post('/api/cancellations/confirm', { hash: GUARD_HASH });
    expect(status).toBe(200);
    expect(body).toEqual({
      cycleId: 'cancel-2026-11-29T17:30:00.000Z',
      kind: 'cancel',
      outcome: 'completed',
      counts: { cancelled: 2 },
      guard: { tripped: false, removals: 2, totalClients: 10, hash: GUARD_HASH, codes: ['1005', '1006'] },
      error: null,
      durationMs: 1200,
      commandCount: 0,
    });
    expect(server.service.calls.confirmed).toEqual([{ hash: GUARD_HASH, by: 'api:127.0.0.1' }]);
  });

  test('another hash is a 409 GUARD_HASH_MISMATCH naming the pending one, and nothing is released', async () => {
    const { status, body } = await post('/api/cancellations/confirm', { hash: 'ffffffffffffffff' });
    expect(status).toBe(409);
    expect(body.error.code).toBe('GUARD_HASH_MISMATCH');
    expect(body.error.message).toContain(GUARD_HASH);
    expect(server.service.calls.confirmed).toEqual([]);
  });

  test('a refusal by the service (lease held elsewhere) is a 409 CYCLE_NOT_RUN with its reason', async () => {
    server.service.state.confirmRefusal = 'another instance holds the reconciler lease';
    const { status, body } = await post('/api/cancellations/confirm', { hash: GUARD_HASH });
    expect(status).toBe(409);
    expect(body.error).toEqual({ code: 'CYCLE_NOT_RUN', message: 'another instance holds the reconciler lease' });
  });

  test.each([{}, { hash: 'NOT-HEX' }, { hash: 42 }])('body %j is a 400 INVALID_REQUEST', async (payload) => {
    const { status, body } = await post('/api/cancellations/confirm', payload);
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_REQUEST');
  });
});

describe('POST /api/replay', () => {
  test('rebuilds the read models: 200 { applied, contracts, cycles, identical } and nothing more', async () => {
    const { status, body } = await post('/api/replay');
    expect(status).toBe(200);
    expect(body).toEqual({ applied: 17, contracts: 5, cycles: 2, identical: true });
    expect(server.service.calls.replays).toBe(1);
  });
});

describe('write rate limit', () => {
  test('the 11th write in a minute from one address is a 429 RATE_LIMITED, across write routes', async () => {
    for (let i = 0; i < 5; i++) expect((await post('/api/cycles', { kind: 'sync' })).status).toBe(202);
    for (let i = 0; i < 5; i++) expect((await post('/api/replay')).status).toBe(200);
    const refused = await post('/api/cycles', { kind: 'sync' });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(refused.headers['retry-after']).toBeDefined();
    expect(server.service.calls.triggered).toHaveLength(5);
  });

  test('failed attempts count too, so a token cannot be guessed faster than writes are allowed', async () => {
    for (let i = 0; i < 10; i++) expect((await post('/api/replay', undefined, bearer(`guess-${i}`))).status).toBe(401);
    expect((await post('/api/replay')).status).toBe(429);
    expect(server.service.calls.replays).toBe(0);
  });

  test('the budget is per address, and reads are not limited', async () => {
    for (let i = 0; i < 10; i++) await post('/api/replay');
    expect((await post('/api/replay')).status).toBe(429);
    const other = await server.call({
      method: 'POST',
      url: '/api/replay',
      headers: bearer(SECRETS.admin),
      remoteAddress: '127.0.0.2',
    });
    expect(other.statusCode).toBe(200);
    for (let i = 0; i < 12; i++) expect((await server.call({ url: '/api/guard' })).statusCode).toBe(200);
  });
});
