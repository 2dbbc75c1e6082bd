import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { nodeHttpFetch, type FetchInit } from '../../../src/adapters/upstream/nodeHttpFetch.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const init = (over: Partial<FetchInit> = {}): FetchInit => ({
  method: 'GET',
  headers: {},
  body: undefined,
  signal: new AbortController().signal,
  redirect: 'manual',
  ...over,
});

describe('nodeHttpFetch: the fetch the transport uses', () => {
  it('sends the method, headers and body, and reads status, headers and text as fetch does', async () => {
    const base = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.writeHead(201, { 'x-echo': `${req.method} ${req.headers['x-key']} ${req.headers['content-length']}` });
        res.end(`\ufeff${body} ão`);
      });
    });
    const answer = await nodeHttpFetch(`${base}/p`, init({ method: 'POST', headers: { 'x-key': 'k' }, body: 'olá' }));
    expect(answer.status).toBe(201);
    expect(Object.fromEntries(answer.headers)['x-echo']).toBe('POST k 4');
    // The byte-order mark is dropped, as Response.text() drops it; UTF-8 both ways.
    expect(await answer.text()).toBe('olá ão');
  });

  it('asks for compressed answers and decompresses gzip', async () => {
    const base = await serve((req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'x-asked': String(req.headers['accept-encoding']) });
      res.end(gzipSync(Buffer.from('{"ok":"sim"}')));
    });
    const answer = await nodeHttpFetch(base, init());
    expect(Object.fromEntries(answer.headers)['x-asked']).toContain('gzip');
    expect(await answer.text()).toBe('{"ok":"sim"}');
  });

  it('returns a redirect instead of following it', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    });
    const answer = await nodeHttpFetch(base, init());
    expect(answer.status).toBe(302);
  });

  it("throws the signal's reason when it aborts during the body", async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200);
      res.write('{"partial":');
    });
    const controller = new AbortController();
    const answer = await nodeHttpFetch(base, init({ signal: controller.signal }));
    const reason = new DOMException('timed out', 'TimeoutError');
    controller.abort(reason);
    await expect(answer.text()).rejects.toBe(reason);
  });

  it('throws a body cut short as an error, not a short text', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const answer = await nodeHttpFetch(base, init());
    await expect(answer.text()).rejects.toThrow();
  });

  it('throws a refused connection with the system code in its cause', async () => {
    const base = await serve((_req, res) => res.end());
    const url = base;
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const error = await nodeHttpFetch(url, init()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(((error as TypeError).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });
});
