import type { FastifyReply } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createSgpClient } from '../../../src/adapters/sgp/createSgpClient.ts';
import type { HttpTransport } from '../../../src/adapters/upstream/httpTransport.ts';
import type { UpstreamError } from '../../../src/adapters/upstream/upstreamError.ts';
import type { FakeSgp, FakeSgpOptions } from './fakeSgp.ts';
import { APP, listing, startFakeSgp, TOKEN } from './fakeSgp.ts';
import { sgpClientFor } from './sgpHarness.ts';
import { upstreamErrorOf } from '../upstream/transportHarness.ts';

let sgp: FakeSgp | undefined;
afterEach(async () => {
  await sgp?.close();
  sgp = undefined;
});

async function fake(options: FakeSgpOptions): Promise<FakeSgp> {
  sgp = await startFakeSgp(options);
  return sgp;
}

const htmlPage = '<!DOCTYPE html><html><head><title>Server Error</title></head><body>Traceback ...</body></html>';

describe('SGP client: failing pages (R1.6, R8)', () => {
  it('a page that keeps failing makes the sweep incomplete, the other pages are still returned', async () => {
    const server = await fake({
      clientes: listing(250),
      fault: ({ offset, reply }) => (offset === 200 ? reply.code(500).send() : undefined),
    });
    const sweep = await sgpClientFor(server.url).client.sweepContracts();
    expect(sweep.complete).toBe(false);
    expect(sweep.records).toHaveLength(200);
    expect(sweep.failures.map((f) => [f.code, f.details.attempts])).toEqual([['UPSTREAM_SERVER_ERROR', 3]]);
    expect(sweep.total).toBe(250);
  });

  it('a first page that keeps failing returns nothing, incomplete, total unknown', async () => {
    const server = await fake({ clientes: listing(250), fault: ({ reply }) => reply.code(503).send() });
    const sweep = await sgpClientFor(server.url).client.sweepContracts();
    expect(sweep).toMatchObject({ records: [], rejected: [], complete: false, total: null });
    expect(sweep.failures[0]?.code).toBe('UPSTREAM_SERVER_ERROR');
  });

  it('retries an HTML page served with status 200 and uses the next good answer', async () => {
    const server = await fake({
      clientes: listing(250),
      fault: ({ offset, readOfOffset, reply }) =>
        offset === 100 && readOfOffset === 1 ? reply.type('text/html').send(htmlPage) : undefined,
    });
    const { client, infos } = sgpClientFor(server.url);
    const sweep = await client.sweepContracts();
    expect(sweep.complete).toBe(true);
    expect(sweep.records).toHaveLength(250);
    expect(infos.filter((i) => i.errorCode === 'UPSTREAM_BAD_RESPONSE')).toHaveLength(1);
  });

  it.each([
    ['an HTML page with status 200', (reply: FastifyReply) => reply.type('text/html').send(htmlPage), 'HTML page'],
    [
      'a truncated JSON body',
      (reply: FastifyReply) => reply.type('application/json').send('{"paginacao":{"total":250},"clientes":[{"nome":"A'),
      'truncated',
    ],
    [
      'a body without a clientes list',
      (reply: FastifyReply) => reply.send({ paginacao: { total: 250 }, results: [] }),
      'no "clientes" list',
    ],
  ])(
    '%s on every read fails that page with UPSTREAM_BAD_RESPONSE after the retries',
    async (_name, answer, problem) => {
      const server = await fake({
        clientes: listing(250),
        fault: ({ offset, reply }) => (offset === 100 ? answer(reply) : undefined),
      });
      const sweep = await sgpClientFor(server.url).client.sweepContracts();
      expect(sweep.complete).toBe(false);
      expect(sweep.records).toHaveLength(150);
      expect(sweep.failures[0]?.code).toBe('UPSTREAM_BAD_RESPONSE');
      expect(sweep.failures[0]?.message).toContain(problem);
      expect(server.offsets.filter((o) => o === 100)).toHaveLength(3);
    },
  );

  it('a business error ({"status": 0, "msg"} with 200) fails at once with its message', async () => {
    const server = await fake({
      clientes: [],
      fault: ({ reply }) => reply.send({ status: 0, msg: 'Parâmetro inválido' }),
    });
    const sweep = await sgpClientFor(server.url).client.sweepContracts();
    expect(sweep.complete).toBe(false);
    expect(sweep.failures[0]?.code).toBe('UPSTREAM_BUSINESS_ERROR');
    expect(sweep.failures[0]?.message).toContain('Parâmetro inválido');
    expect(server.requests).toHaveLength(1);
  });
});

describe('SGP client over a transport that ignores the check hook (a test double)', () => {
  it('still refuses a 200 HTML page, as UPSTREAM_BAD_RESPONSE', async () => {
    const transport: HttpTransport = {
      upstream: 'sgp',
      request: async () => ({ status: 200, headers: {}, text: htmlPage }),
    };
    const sweep = await createSgpClient({ transport, auth: { token: TOKEN, app: APP } }).sweepContracts();
    expect(sweep.complete).toBe(false);
    expect(sweep.failures.map((f) => [f.code, f.details.path])).toEqual([
      ['UPSTREAM_BAD_RESPONSE', '/api/ura/clientes/'],
    ]);
  });
});

describe('SGP client: credentials refused (SGP-API.md), thrown since nothing can be read', () => {
  it('403 "Credenciais de autenticação incorretas." says to check SGP_TOKEN and SGP_APP', async () => {
    const server = await fake({ clientes: listing(3) });
    const { client } = sgpClientFor(server.url, { auth: { token: 'wrong-token-value', app: APP } });
    const error = await upstreamErrorOf(client.sweepContracts());
    expect(error.code).toBe('UPSTREAM_CREDENTIALS');
    expect(error.message).toContain('check SGP_TOKEN and SGP_APP');
    expect(error.message).toContain('Credenciais de autenticação incorretas.');
    expect(JSON.stringify(error) + error.message + String(error.stack)).not.toContain('wrong-token-value');
    expect(server.requests).toHaveLength(1);
  });

  it('403 "Credenciais de autenticação incorretas." with HTTP Basic says to check SGP_USER and SGP_PASSWORD', async () => {
    const server = await fake({ clientes: listing(3) });
    const { client } = sgpClientFor(server.url, { auth: { user: 'admin', password: 'not-the-password' } });
    const error = await upstreamErrorOf(client.sweepContracts());
    expect(error.code).toBe('UPSTREAM_CREDENTIALS');
    expect(error.message).toContain('check SGP_USER and SGP_PASSWORD');
    const basic = Buffer.from('admin:not-the-password').toString('base64');
    expect(JSON.stringify(error) + error.message).not.toMatch(new RegExp(`not-the-password|${basic}`));
  });

  it('403 for missing credentials explains each likely cause', async () => {
    const server = await fake({
      clientes: listing(3),
      fault: ({ reply }) => reply.code(403).send({ detail: 'As credenciais de autenticação não foram fornecidas.' }),
    });
    const error = await upstreamErrorOf(sgpClientFor(server.url).client.sweepContracts());
    expect(error.code).toBe('UPSTREAM_CREDENTIALS');
    expect(error.message).toMatch(/token is active/);
    expect(error.message).toMatch(/IP is in the token's allowed hosts/);
    expect(error.message).toMatch(/may use \/api\/ura\/clientes\//);
    expect(server.requests).toHaveLength(1);
  });

  it('a credentials error on a later page rejects the sweep too', async () => {
    const server = await fake({
      clientes: listing(250),
      fault: ({ offset, reply }) =>
        offset === 200 ? reply.code(401).send({ detail: 'Credenciais de autenticação incorretas.' }) : undefined,
    });
    const error = await upstreamErrorOf(sgpClientFor(server.url).client.sweepContracts());
    expect(error.code).toBe('UPSTREAM_CREDENTIALS');
  });

  it('never leaks the token, even when SGP echoes the request in an error page', async () => {
    const server = await fake({
      clientes: listing(3),
      fault: ({ reply }) =>
        reply.code(500).type('text/html').send(`<pre>POST body: {"token": "${TOKEN}", "app": "${APP}"}</pre>`),
    });
    const sweep = await sgpClientFor(server.url).client.sweepContracts();
    expect(sweep.failures).toHaveLength(1);
    const failure = sweep.failures[0] as UpstreamError;
    expect([failure.message, failure.stack, JSON.stringify(failure)].join()).not.toContain(TOKEN);
  });
});
