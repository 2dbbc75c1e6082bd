import { afterEach, describe, expect, it } from 'vitest';
import type { LocalHandler, LocalServer } from './localServer.ts';
import { startLocalServer } from './localServer.ts';
import { harness, upstreamErrorOf } from './transportHarness.ts';
import type { UpstreamError } from '../../../src/adapters/upstream/upstreamError.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: LocalHandler): Promise<LocalServer> {
  server = await startLocalServer(handler);
  return server;
}

const html = '<!DOCTYPE html><html><body><h1>Server Error (500)</h1></body></html>';

describe('createHttpTransport: status codes', () => {
  it.each([
    [401, 'UPSTREAM_CREDENTIALS'],
    [403, 'UPSTREAM_CREDENTIALS'],
    [404, 'UPSTREAM_NOT_FOUND'],
    [400, 'UPSTREAM_REJECTED'],
    [422, 'UPSTREAM_REJECTED'],
  ] as const)('maps %i to %s and does not retry it', async (status, code) => {
    const local = await serve((_s, reply) => reply.code(status).send({ detail: 'no' }));
    const { transport } = harness(local.url);
    const error = await upstreamErrorOf(transport.request({ method: 'GET', path: '/api/x/' }));
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({
      upstream: 'sgp',
      method: 'GET',
      path: '/api/x/',
      status,
      attempts: 1,
      body: '{"detail":"no"}',
    });
    expect(local.requests).toHaveLength(1);
  });

  it('does not follow a redirect: it is a configuration problem, reported without the query', async () => {
    const local = await serve((_s, reply) =>
      reply.code(302).header('location', 'https://other.example/login/?next=/api&token=x').send(),
    );
    const { transport } = harness(local.url);
    const error = await upstreamErrorOf(transport.request({ method: 'POST', path: '/api/ura/clientes/' }));
    expect(error.code).toBe('UPSTREAM_REJECTED');
    expect(error.message).toBe(
      'SGP POST /api/ura/clientes/: redirected (302) to https://other.example/login/: check the base URL',
    );
  });

  it('joins the base URL and the path, and sends the query and a JSON body', async () => {
    const local = await serve((seen, reply) =>
      reply.send({ url: seen.url, body: seen.body, type: seen.headers['content-type'] }),
    );
    const { transport } = harness(`${local.url}/`);
    const response = await transport.request({
      method: 'POST',
      path: '/api/ura/clientes/',
      query: { a: 1, b: undefined, c: 'x y' },
      body: { kind: 'json', value: { offset: 0 } },
    });
    expect(JSON.parse(response.text)).toEqual({
      url: '/api/ura/clientes/?a=1&c=x+y',
      body: { offset: 0 },
      type: 'application/json',
    });
  });
});

describe('createHttpTransport: response check hook (bodies that are not the expected JSON)', () => {
  const notJson = (text: string) => {
    try {
      JSON.parse(text);
      return undefined;
    } catch {
      return { code: 'UPSTREAM_BAD_RESPONSE' as const, problem: 'the body is not JSON' };
    }
  };

  it('retries a 200 HTML page on a safe request, then rejects with UPSTREAM_BAD_RESPONSE and an excerpt', async () => {
    const local = await serve((_s, reply) => reply.type('text/html').send(html));
    const { transport, sleeps } = harness(local.url, { maxAttempts: 3 });
    const error = await upstreamErrorOf(
      transport.request({ method: 'GET', path: '/api/x/', check: (r) => notJson(r.text) }),
    );
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(error.details).toMatchObject({ status: 200, attempts: 3, body: html });
    expect(sleeps).toHaveLength(2);
  });

  it('accepts the first response the check passes', async () => {
    const local = await serve((seen, reply) =>
      seen.index === 0 ? reply.type('text/html').send(html) : reply.send({ ok: 1 }),
    );
    const { transport } = harness(local.url);
    const response = await transport.request({ method: 'GET', path: '/api/x/', check: (r) => notJson(r.text) });
    expect(response.text).toBe('{"ok":1}');
  });

  it('does not retry a bad response to an unsafe POST', async () => {
    const local = await serve((_s, reply) => reply.type('text/html').send(html));
    const { transport } = harness(local.url);
    const error = await upstreamErrorOf(
      transport.request({ method: 'POST', path: '/api/v2/x', check: (r) => notJson(r.text) }),
    );
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(local.requests).toHaveLength(1);
  });

  it('rejects a business error at once', async () => {
    const local = await serve((_s, reply) => reply.send({ status: 0, msg: 'Contrato não encontrado' }));
    const { transport } = harness(local.url);
    const error = await upstreamErrorOf(
      transport.request({
        method: 'GET',
        path: '/api/x/',
        check: () => ({ code: 'UPSTREAM_BUSINESS_ERROR', problem: 'refused' }),
      }),
    );
    expect(error.code).toBe('UPSTREAM_BUSINESS_ERROR');
    expect(local.requests).toHaveLength(1);
  });

  it('counts a check that throws as a bad response', async () => {
    const local = await serve((_s, reply) => reply.send({}));
    const { transport } = harness(local.url, { maxAttempts: 2 });
    const error = await upstreamErrorOf(
      transport.request({
        method: 'GET',
        path: '/api/x/',
        check: () => {
          throw new TypeError('boom');
        },
      }),
    );
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(local.requests).toHaveLength(2);
  });
});

describe('createHttpTransport: secrets never appear in errors or request infos', () => {
  // Characters that URL-encoding and JSON-escaping change, so every form is exercised.
  const token = 'Tok+en/S3cr3t=42&"x"';
  const everything = (error: UpstreamError): string =>
    [error.message, error.stack, JSON.stringify(error), JSON.stringify(error.details), String(error)].join('\n');
  const forms = [
    token,
    encodeURIComponent(token),
    new URLSearchParams({ t: token }).toString().slice(2),
    JSON.stringify(token).slice(1, -1),
  ];

  /** Echoes the request line and body back, as a debug page of a misconfigured server would. */
  const echo =
    (status: number): LocalHandler =>
    (seen, reply) =>
      reply
        .code(status)
        .type('text/html')
        .send(`<html>${seen.url} ${JSON.stringify(seen.body)} token=${token}</html>`);

  it.each([500, 403, 400, 200])('status %i echoing the query and the body', async (status) => {
    const local = await serve(echo(status));
    const { transport, infos } = harness(local.url, { secrets: [token], maxAttempts: 2 });
    const error = await upstreamErrorOf(
      transport.request({
        method: 'POST',
        path: '/api/fttx/splitter/all/',
        retry: 'safe',
        query: { token, app: 'sgp-ozmap' },
        body: { kind: 'json', value: { token, app: 'sgp-ozmap' } },
        check: () => ({ code: 'UPSTREAM_BAD_RESPONSE', problem: `could not read ${token}` }),
      }),
    );
    expect(error.details.body).toContain('[REDACTED]');
    const text = everything(error) + JSON.stringify(infos);
    for (const form of forms) expect(text).not.toContain(form);
    expect(error.details.path).toBe('/api/fttx/splitter/all/');
    expect(infos.every((info) => info.route === '/api/fttx/splitter/all/')).toBe(true);
  });

  it('drops a query written into the path and labels ids in the route', async () => {
    const local = await serve((_s, reply) => reply.code(404).send());
    const { transport, infos } = harness(local.url, { secrets: [token] });
    const error = await upstreamErrorOf(
      transport.request({
        method: 'GET',
        path: `/api/v2/properties/5f1a2b3c4d5e6f7a8b9c0d1e?key=${encodeURIComponent(token)}`,
      }),
    );
    expect(error.details.path).toBe('/api/v2/properties/5f1a2b3c4d5e6f7a8b9c0d1e');
    expect(infos[0]?.route).toBe('/api/v2/properties/:id');
    for (const form of forms) expect(everything(error)).not.toContain(form);
  });

  it('keeps only the shape and the paging counters of a truncated SGP page in the excerpt', async () => {
    const page =
      '{"paginacao":{"total":1},"clientes":[{"nome":"Ana","cpfcnpj":"12345678909","contratos":[{"servicos":[{"senha":"pw-1","wifi_password":"wifi-2","onu":{"voip_sip_password":"v-3"';
    const local = await serve((_s, reply) => reply.type('application/json').send(page));
    const { transport } = harness(local.url, { maxAttempts: 1 });
    const error = await upstreamErrorOf(
      transport.request({
        method: 'GET',
        path: '/api/x/',
        check: () => ({ code: 'UPSTREAM_BAD_RESPONSE', problem: 'truncated' }),
      }),
    );
    for (const secret of ['Ana', '12345678909', 'pw-1', 'wifi-2', 'v-3'])
      expect(JSON.stringify(error)).not.toContain(secret);
    expect(error.details.body).toMatch(
      /^\{"paginacao":\{"total":1\},"clientes":\[\{"nome":"\[REDACTED\]","cpfcnpj":"\[REDACTED\]"/,
    );
  });
});
