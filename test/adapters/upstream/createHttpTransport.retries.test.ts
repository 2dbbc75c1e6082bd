import { afterEach, describe, expect, it } from 'vitest';
import type { LocalHandler, LocalServer } from './localServer.ts';
import { closeMidBody, delay, resetConnection, startLocalServer } from './localServer.ts';
import { draws, harness, upstreamErrorOf } from './transportHarness.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: LocalHandler): Promise<LocalServer> {
  server = await startLocalServer(handler);
  return server;
}

/** Fails the first `failures` requests with `fail`, then answers 200 `{"ok":true}`. */
function failThenOk(failures: number, fail: LocalHandler): LocalHandler {
  return (seen, reply, request) => (seen.index < failures ? fail(seen, reply, request) : reply.send({ ok: true }));
}

describe('createHttpTransport: backoff and Retry-After', () => {
  it('retries a 503 with full-jitter exponential backoff: wait = random x base x 2^(n-1)', async () => {
    const local = await serve(failThenOk(3, (_s, reply) => reply.code(503).send('busy')));
    const { transport, sleeps, infos } = harness(local.url, { random: draws(0.5, 0.25, 0.75), baseDelayMs: 200 });
    const response = await transport.request({ method: 'GET', path: '/api/x/' });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ ok: true });
    expect(sleeps).toEqual([100, 100, 600]); // 0.5x200, 0.25x400, 0.75x800
    expect(infos.map((i) => [i.attempt, i.status, i.errorCode])).toEqual([
      [1, 503, 'UPSTREAM_SERVER_ERROR'],
      [2, 503, 'UPSTREAM_SERVER_ERROR'],
      [3, 503, 'UPSTREAM_SERVER_ERROR'],
      [4, 200, undefined],
    ]);
  });

  it('caps the backoff at maxDelayMs and gives up after maxAttempts with the last status', async () => {
    const local = await serve((_s, reply) => reply.code(500).send('boom'));
    const { transport, sleeps } = harness(local.url, { random: () => 1 - 1e-9, maxDelayMs: 500, maxAttempts: 4 });
    const error = await upstreamErrorOf(transport.request({ method: 'GET', path: '/api/x/' }));
    expect(error.code).toBe('UPSTREAM_SERVER_ERROR');
    expect(error.details).toMatchObject({ status: 500, attempts: 4, body: 'boom' });
    expect(error.message).toBe('SGP GET /api/x/: server error (500) after 4 attempts');
    expect(sleeps).toEqual([200, 400, 500]);
    expect(local.requests).toHaveLength(4);
  });

  it('honours Retry-After in seconds on 429 instead of the backoff', async () => {
    const local = await serve(failThenOk(1, (_s, reply) => reply.code(429).header('retry-after', '3').send()));
    const { transport, sleeps } = harness(local.url);
    await transport.request({ method: 'GET', path: '/api/x/' });
    expect(sleeps).toEqual([3000]);
  });

  it('honours Retry-After as an HTTP date on 503, measured from the injected clock', async () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    const retryAt = new Date(now + 7000).toUTCString();
    const local = await serve(failThenOk(1, (_s, reply) => reply.code(503).header('retry-after', retryAt).send()));
    const { transport, sleeps } = harness(local.url, { now: () => now });
    await transport.request({ method: 'GET', path: '/api/x/' });
    expect(sleeps).toEqual([7000]);
  });

  it('fails at once when Retry-After asks for longer than maxRetryAfterMs', async () => {
    const local = await serve((_s, reply) => reply.code(429).header('retry-after', '3600').send());
    const { transport, sleeps } = harness(local.url);
    const error = await upstreamErrorOf(transport.request({ method: 'GET', path: '/api/x/' }));
    expect(error.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(error.message).toContain('Retry-After asks for 3600 s');
    expect(sleeps).toEqual([]);
    expect(local.requests).toHaveLength(1);
  });
});

describe('createHttpTransport: retry semantics of unsafe requests', () => {
  it('does not retry an unsafe POST after a 5xx (the write may have taken effect)', async () => {
    const local = await serve((_s, reply) => reply.code(502).send());
    const { transport } = harness(local.url);
    const error = await upstreamErrorOf(
      transport.request({ method: 'POST', path: '/api/v2/properties', body: { kind: 'json', value: {} } }),
    );
    expect(error.code).toBe('UPSTREAM_SERVER_ERROR');
    expect(error.message).toContain('not retried: the write may have taken effect');
    expect(local.requests).toHaveLength(1);
  });

  it('does not retry an unsafe POST after a 429: a proxy may answer 429 after the write went through', async () => {
    const local = await serve(failThenOk(2, (_s, reply) => reply.code(429).send()));
    const { transport } = harness(local.url);
    const error = await upstreamErrorOf(
      transport.request({ method: 'POST', path: '/api/v2/properties', body: { kind: 'json', value: {} } }),
    );
    expect(error.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(error.message).toContain('not retried: the write may have taken effect');
    expect(local.requests).toHaveLength(1);
  });

  it('does not retry an unsafe POST after a connection reset', async () => {
    const local = await serve((_s, reply, request) => resetConnection(reply, request));
    const { transport } = harness(local.url);
    const error = await upstreamErrorOf(transport.request({ method: 'POST', path: '/api/v2/properties' }));
    expect(error.code).toBe('UPSTREAM_CONNECTION');
    expect(local.requests).toHaveLength(1);
  });

  it('retries an unsafe POST whose connection was refused, up to maxAttempts', async () => {
    const closed = await startLocalServer(() => undefined);
    await closed.close();
    const { transport, infos } = harness(closed.url, { maxAttempts: 3 });
    const error = await upstreamErrorOf(transport.request({ method: 'POST', path: '/api/v2/properties' }));
    expect(error.code).toBe('UPSTREAM_CONNECTION');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.details.attempts).toBe(3);
    expect(infos).toHaveLength(3);
  });

  it('retries a POST marked safe after a 5xx (a read sent as POST)', async () => {
    const local = await serve(failThenOk(1, (_s, reply) => reply.code(500).send()));
    const { transport } = harness(local.url);
    await transport.request({ method: 'POST', path: '/api/ura/clientes/', retry: 'safe' });
    expect(local.requests).toHaveLength(2);
  });
});

describe('createHttpTransport: transport failures', () => {
  it('retries a safe request after a connection reset and returns the next answer', async () => {
    const local = await serve(failThenOk(1, (_s, reply, request) => resetConnection(reply, request)));
    const { transport, infos } = harness(local.url);
    const response = await transport.request({ method: 'GET', path: '/api/x/' });
    expect(response.status).toBe(200);
    expect(infos[0]?.errorCode).toBe('UPSTREAM_CONNECTION');
  });

  it('maps a socket closed mid-body to UPSTREAM_CONNECTION', async () => {
    const local = await serve((_s, reply, request) => closeMidBody(reply, request));
    const { transport } = harness(local.url, { maxAttempts: 2 });
    const error = await upstreamErrorOf(transport.request({ method: 'GET', path: '/api/x/' }));
    expect(error.code).toBe('UPSTREAM_CONNECTION');
    expect(error.details.attempts).toBe(2);
  });

  it('times an attempt out after timeoutMs and maps it to UPSTREAM_TIMEOUT', async () => {
    const local = await serve(async (_s, reply) => {
      await delay(600);
      return reply.send({ late: true });
    });
    const { transport } = harness(local.url, { timeoutMs: 100, maxAttempts: 2 });
    const started = performance.now();
    const error = await upstreamErrorOf(transport.request({ method: 'GET', path: '/api/x/' }));
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(error.details.attempts).toBe(2);
    expect(performance.now() - started).toBeLessThan(600);
  });

  it('retries a 408 as a timeout', async () => {
    const local = await serve(failThenOk(1, (_s, reply) => reply.code(408).send()));
    const { transport, infos } = harness(local.url);
    await transport.request({ method: 'GET', path: '/api/x/' });
    expect(infos[0]?.errorCode).toBe('UPSTREAM_TIMEOUT');
  });

  it('stops waiting and rejects with the abort reason when the caller aborts during a backoff', async () => {
    const local = await serve((_s, reply) => reply.code(503).send());
    const controller = new AbortController();
    const { transport } = harness(local.url, {
      sleep: () => {
        controller.abort(new Error('shutting down'));
        return new Promise(() => undefined);
      },
    });
    await expect(transport.request({ method: 'GET', path: '/api/x/', signal: controller.signal })).rejects.toThrow(
      'shutting down',
    );
    expect(local.requests).toHaveLength(1);
  });
});
