import Fastify from 'fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** What the local server saw of one request. */
export interface SeenRequest {
  readonly index: number;
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
  /** performance.now() at arrival. */
  readonly arrivedAt: number;
}

export type LocalHandler = (seen: SeenRequest, reply: FastifyReply, request: FastifyRequest) => unknown;

export interface LocalServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Highest number of requests being handled at once. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

/**
 * A throwaway HTTP server on an ephemeral port, answering every route with `handler`. The
 * transport under test needs a real socket (timeouts, resets, Retry-After), so no inject().
 */
export async function startLocalServer(handler: LocalHandler): Promise<LocalServer> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  const requests: SeenRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  app.all('/*', async (request, reply) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const seen: SeenRequest = {
      index: requests.length,
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body,
      arrivedAt: performance.now(),
    };
    requests.push(seen);
    try {
      return await handler(seen, reply, request);
    } finally {
      inFlight -= 1;
    }
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () => app.close(),
  };
}

/** Closes the socket without an answer, as a proxy or a crashed worker does. */
export function resetConnection(reply: FastifyReply, request: FastifyRequest): void {
  reply.hijack();
  request.raw.socket.destroy();
}

/** Sends headers and part of a body, then closes the socket. */
export function closeMidBody(reply: FastifyReply, request: FastifyRequest): void {
  reply.hijack();
  reply.raw.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
  reply.raw.write('{"paginacao":{"total":');
  setTimeout(() => request.raw.socket.destroy(), 20);
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
