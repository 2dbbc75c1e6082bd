import { afterEach, describe, expect, test } from 'vitest';
import { SECRETS, bearer, startServer, type TestServer } from './httpHarness.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const start = async (...args: Parameters<typeof startServer>) => {
  const server = await startServer(...args);
  servers.push(server);
  return server;
};

const READS = [
  '/api/meta',
  '/api/clients',
  '/api/clients/1001',
  '/api/clients/1001/history',
  '/api/cycles',
  '/api/plan',
  '/api/skipped',
  '/api/guard',
  '/docs/json',
];
const OPEN = ['/health', '/ready', '/metrics', '/', '/app.js', '/docs/json'];
const WRITES: [string, unknown][] = [
  ['/api/cycles', { kind: 'sync' }],
  ['/api/cancellations/confirm', { hash: '0123456789abcdef' }],
  ['/api/replay', undefined],
];

const write = (server: TestServer, [url, payload]: [string, unknown], headers: Record<string, string> = {}) =>
  server.call({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('writes', () => {
  test.each(WRITES)('%s: no token 401, wrong token 401, read token 401, admin token accepted', async (...route) => {
    const server = await start();
    for (const headers of [
      {},
      bearer('wrong'),
      bearer(SECRETS.read),
      { authorization: SECRETS.admin },
      { authorization: `Basic ${SECRETS.admin}` },
    ]) {
      const response = await write(server, route, headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(401);
      expect(response.json().error.code).toBe('UNAUTHORIZED');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="sgp-ozmap"');
    }
    const accepted = await write(server, route, bearer(SECRETS.admin));
    expect([200, 202]).toContain(accepted.statusCode);
  });

  test('a token that differs by length or only in its last character is refused', async () => {
    const server = await start();
    for (const token of [SECRETS.admin.slice(0, -1), `${SECRETS.admin}x`, `${SECRETS.admin.slice(0, -1)}b`]) {
      expect((await write(server, WRITES[2]!, bearer(token))).statusCode).toBe(401);
    }
    expect(server.service.calls.replays).toBe(0);
  });

  test.each(WRITES)('%s without ADMIN_TOKEN configured: 403 ADMIN_TOKEN_NOT_CONFIGURED saying so', async (...route) => {
    const server = await start({ adminToken: undefined });
    for (const headers of [{}, bearer(SECRETS.read), bearer('anything')]) {
      const response = await write(server, route, headers);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('ADMIN_TOKEN_NOT_CONFIGURED');
      expect(response.json().error.message).toContain('ADMIN_TOKEN is not configured');
    }
    expect(server.service.calls).toEqual({ triggered: [], confirmed: [], replays: 0 });
  });

  test('an empty ADMIN_TOKEN is not configured: an empty bearer never writes', async () => {
    const server = await start({ adminToken: '' });
    const response = await write(server, WRITES[2]!, { authorization: 'Bearer ' });
    expect(response.statusCode).toBe(403);
  });
});

describe('reads on loopback', () => {
  test.each(['127.0.0.1', 'localhost', '::1'])('listening on %s, reads are open without a token', async (host) => {
    const server = await start({ host });
    for (const url of READS) expect((await server.call({ url })).statusCode, url).toBe(200);
  });
});

describe('reads off loopback', () => {
  test.each(READS.filter((url) => url !== '/docs/json'))(
    '%s: no token 401, wrong 401, READ_TOKEN or ADMIN_TOKEN 200',
    async (url) => {
      const server = await start({ host: '0.0.0.0' });
      for (const headers of [{}, bearer('wrong')]) {
        const response = await server.call({ url, headers });
        expect(response.statusCode).toBe(401);
        expect(response.json().error.code).toBe('UNAUTHORIZED');
      }
      expect((await server.call({ url, headers: bearer(SECRETS.read) })).statusCode).toBe(200);
      expect((await server.call({ url, headers: bearer(SECRETS.admin) })).statusCode).toBe(200);
    },
  );

  test('health, ready, metrics, the dashboard and the docs stay open', async () => {
    const server = await start({ host: '192.0.2.10' });
    for (const url of OPEN) expect((await server.call({ url })).statusCode, url).toBe(200);
  });

  test('with neither READ_TOKEN nor ADMIN_TOKEN, reads answer 403 READ_TOKEN_NOT_CONFIGURED saying why', async () => {
    const server = await start({ host: '0.0.0.0', readToken: undefined, adminToken: undefined });
    const response = await server.call({ url: '/api/clients', headers: bearer('anything') });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('READ_TOKEN_NOT_CONFIGURED');
    expect(response.json().error.message).toContain('0.0.0.0');
    expect((await server.call({ url: '/health' })).statusCode).toBe(200);
  });

  test('the admin token alone opens reads too', async () => {
    const server = await start({ host: '0.0.0.0', readToken: undefined });
    expect((await server.call({ url: '/api/guard' })).statusCode).toBe(401);
    expect((await server.call({ url: '/api/guard', headers: bearer(SECRETS.admin) })).statusCode).toBe(200);
  });

  test('the read token never writes', async () => {
    const server = await start({ host: '0.0.0.0' });
    expect((await write(server, WRITES[0]!, bearer(SECRETS.read))).statusCode).toBe(401);
    expect(server.service.calls.triggered).toEqual([]);
  });
});
