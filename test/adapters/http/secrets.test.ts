import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createLogger } from '../../../src/app/logger.ts';
import { ALL_SECRETS, SECRETS, assertNoSecret, bearer, startServer, type TestServer } from './httpHarness.ts';

/**
 * Every test of this folder sends its requests through `call`, which fails on any configured
 * secret in an answer; these tests check that guard itself, and the scrubbing where a service
 * answer really carries a secret.
 */
let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

const fakeResponse = (body: string, headers: Record<string, string> = {}) =>
  ({ body, headers }) as unknown as LightMyRequestResponse;

describe('no configured secret leaves in a response', () => {
  test('the suite guard catches a secret in a body or a header', () => {
    for (const secret of ALL_SECRETS) {
      expect(() => assertNoSecret(fakeResponse(`{"x":"${secret}"}`))).toThrow(/secret/);
      expect(() => assertNoSecret(fakeResponse('{}', { 'x-debug': secret }))).toThrow(/secret/);
    }
    expect(() => assertNoSecret(fakeResponse('{"x":"[REDACTED]"}'))).not.toThrow();
  });

  test('a metric that quotes a credential is scrubbed', async () => {
    const response = await server.call({ url: '/metrics' });
    expect(response.body).toContain('sgp_ozmap_upstream_info{key="[REDACTED]"} 1');
  });

  test('an upstream error quoting the SGP token is scrubbed from the 502', async () => {
    server.service.state.planError = new Error(`GET https://isp/api?token=${SECRETS.sgpToken}&app=x: 503`);
    const response = await server.call({ method: 'POST', url: '/api/plan', headers: bearer(SECRETS.admin) });
    expect(response.statusCode).toBe(502);
    expect(response.json().error.message).toContain('[REDACTED]');
  });

  test('a service answer with a credential-named field or a secret value is scrubbed', async () => {
    server.service.state.confirmRefusal = `lease held; OZmap said "invalid key ${SECRETS.ozmapKey}"`;
    const response = await server.call({
      method: 'POST',
      url: '/api/cancellations/confirm',
      headers: bearer(SECRETS.admin),
      payload: { hash: '0123456789abcdef' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toBe('lease held; OZmap said "invalid key [REDACTED]"');
  });

  test('the tokens a request presents are not echoed back, refused or accepted', async () => {
    for (const token of [SECRETS.admin, SECRETS.read, SECRETS.sgpToken]) {
      const response = await server.call({ method: 'POST', url: '/api/replay', headers: bearer(token) });
      expect([200, 401]).toContain(response.statusCode);
    }
  });
});

describe('no configured secret in a log line', () => {
  test('request lines and a failed request: the error is logged scrubbed, the answer says only where to look', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      secrets: ALL_SECRETS,
      destination: { write: (line: string) => void lines.push(line) },
    });
    const logged = await startServer({ logger });
    try {
      logged.service.state.replayError = new Error(`read models locked; OZMAP_API_KEY=${SECRETS.ozmapKey}`);
      const response = await logged.call({ method: 'POST', url: '/api/replay', headers: bearer(SECRETS.admin) });
      expect(response.statusCode).toBe(500);
      expect(response.json().error).toEqual({
        code: 'INTERNAL_ERROR',
        message: 'internal error; the server log has the detail',
      });
      await logged.call({ url: '/api/guard', headers: bearer(SECRETS.read) });
    } finally {
      await logged.close();
    }
    const text = lines.join('');
    expect(text).toContain('read models locked; OZMAP_API_KEY=[REDACTED]');
    expect(text).toContain('/api/guard');
    for (const secret of ALL_SECRETS) expect(text).not.toContain(secret);
  });
});
