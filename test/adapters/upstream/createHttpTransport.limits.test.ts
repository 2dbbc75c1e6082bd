import { afterEach, describe, expect, it } from 'vitest';
import type { LocalServer } from './localServer.ts';
import { delay, startLocalServer } from './localServer.ts';
import { harness } from './transportHarness.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createHttpTransport: limits (per transport, so per upstream)', () => {
  it('never has more than `concurrency` requests in flight, and uses all of them', async () => {
    server = await startLocalServer(async (_s, reply) => {
      await delay(40);
      return reply.send({});
    });
    const { transport } = harness(server.url, { concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => transport.request({ method: 'GET', path: '/api/x/' })));
    expect(server.requests).toHaveLength(12);
    expect(server.maxInFlight).toBe(3);
  });

  it('releases the slot of a failed attempt while it waits to retry', async () => {
    server = await startLocalServer(async (seen, reply) => {
      await delay(20);
      return seen.index === 0 ? reply.code(503).send() : reply.send({});
    });
    const order: string[] = [];
    let secondDone: () => void = () => undefined;
    const second = new Promise<void>((resolve) => (secondDone = resolve));
    const { transport } = harness(server.url, {
      concurrency: 1,
      // The backoff lasts until the second request is done (or 2 s, if it is stuck behind it).
      sleep: async () => {
        order.push('backoff');
        await Promise.race([second, delay(2_000)]);
      },
    });
    await Promise.all([
      transport.request({ method: 'GET', path: '/api/first/' }).then(() => order.push('first')),
      transport.request({ method: 'GET', path: '/api/second/' }).then(() => {
        order.push('second');
        secondDone();
      }),
    ]);
    // The second request ran during the first one's backoff instead of queueing behind it.
    expect(order).toEqual(['backoff', 'second', 'first']);
  });

  it('starts at most maxRps requests in any one-second window', async () => {
    server = await startLocalServer((_s, reply) => reply.send({}));
    const maxRps = 20;
    const starts: number[] = [];
    const { transport } = harness(server.url, {
      concurrency: 8,
      maxRps,
      sleep: (ms) => delay(ms),
      fetch: (input, init) => {
        starts.push(performance.now());
        return fetch(input, init);
      },
    });
    await Promise.all(Array.from({ length: 30 }, () => transport.request({ method: 'GET', path: '/api/x/' })));
    expect(starts).toHaveLength(30);
    // maxRps + 1 starts must span at least a second (1 ms of timer rounding allowed per step).
    for (let i = 0; i + maxRps < starts.length; i += 1) {
      expect((starts[i + maxRps] ?? 0) - (starts[i] ?? 0)).toBeGreaterThanOrEqual(1000 - maxRps);
    }
    expect(server.requests).toHaveLength(30);
  });
});
