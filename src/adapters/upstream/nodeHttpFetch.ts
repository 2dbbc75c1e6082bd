import http from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

/** The part of a `fetch` call the transport makes. */
export interface FetchInit {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly signal: AbortSignal;
  /** Redirects are answers, never followed (an upstream's redirect is a misconfigured URL). */
  readonly redirect: 'manual';
}

/** The part of a `Response` the transport reads: a real `fetch` Response is one too. */
export interface FetchAnswer {
  readonly status: number;
  readonly headers: Iterable<[string, string]>;
  text(): Promise<string>;
}

export type FetchLike = (url: string, init: FetchInit) => Promise<FetchAnswer>;

// One keep-alive pool per protocol, as fetch keeps one: the limiter bounds the sockets in use.
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

/**
 * `fetch` over node:http and node:https (issue 18): Node 20's fetch (undici and web streams)
 * spent 2.6 CPU s moving the 190 MB of a 100,000-contract SGP sweep, node:http 1.2 s
 * (BENCHMARKS.md). Same behaviour the transport relied on: redirects returned, not followed;
 * gzip, deflate and br answers decompressed (and asked for, as fetch does); the signal's reason
 * thrown when it aborts, before or during the body; a network error thrown with the system
 * error (its `code`) as its cause.
 */
export const nodeHttpFetch: FetchLike = (url, init) =>
  new Promise<FetchAnswer>((resolve, reject) => {
    const { signal } = init;
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', ...init.headers };
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      reject(signal.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
    };
    const request = client.request(target, { method: init.method, headers, agent }, (response) => {
      const body = decoded(response);
      const chunks: Buffer[] = [];
      const read = new Promise<string>((done, failed) => {
        body.on('data', (chunk: Buffer) => chunks.push(chunk));
        body.on('end', () => done(text(Buffer.concat(chunks))));
        const broken = (error: unknown): void =>
          failed(signal.aborted ? signal.reason : new TypeError('terminated', { cause: error }));
        body.on('error', broken);
        response.on('aborted', () => broken(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
        response.on('error', broken);
      });
      // A body nobody reads must not leave a rejection unhandled.
      read.catch(() => undefined);
      settled = true;
      resolve({ status: response.statusCode ?? 0, headers: headerPairs(response.headers), text: () => read });
    });
    const onAbort = (): void => {
      request.destroy(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('close', () => signal.removeEventListener('abort', onAbort));
    request.on('error', fail);
    request.end(init.body);
  });

function decoded(response: http.IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return response.pipe(createGunzip());
  if (encoding === 'deflate') return response.pipe(createInflate());
  if (encoding === 'br') return response.pipe(createBrotliDecompress());
  return response;
}

/** UTF-8, a leading byte-order mark dropped, as `Response.text()` does. */
function text(bytes: Buffer): string {
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('utf8', start);
}

function headerPairs(headers: http.IncomingHttpHeaders): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    pairs.push([name, Array.isArray(value) ? value.join(', ') : value]);
  }
  return pairs;
}
