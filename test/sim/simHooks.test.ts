import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerSimHooks } from '../../sim/shared/registerSimHooks.ts';
import type { FaultPlan } from '../../sim/shared/faultSchedule.ts';

/** A minimal simulator: one write (POST /items) and two reads, with the shared hooks. */
function createToySim(seed = 1): { app: FastifyInstance; items: string[] } {
  const items: string[] = [];
  const app = Fastify({ logger: false });
  registerSimHooks(app, { name: 'sgp', seed });
  app.get('/items', async () => ({ items }));
  app.get('/items/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  app.post('/items', async (request, reply) => {
    items.push(String((request.body as { name?: string } | undefined)?.name));
    return reply.code(201).send({ count: items.length, padding: 'x'.repeat(200) });
  });
  return { app, items };
}

const installFaults = async (app: FastifyInstance, plan: FaultPlan) => {
  const response = await app.inject({ method: 'POST', url: '/__sim/faults', payload: plan });
  expect(response.statusCode).toBe(200);
};

const postItem = (app: FastifyInstance, name: string) =>
  app.inject({ method: 'POST', url: '/items', payload: { name } });

let open: FastifyInstance | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

async function listen(app: FastifyInstance): Promise<string> {
  open = app;
  return app.listen({ host: '127.0.0.1', port: 0 });
}

describe('request counters', () => {
  it('counts by method and route pattern, ignores /__sim/ routes, and resets on DELETE', async () => {
    const { app } = createToySim();
    await app.inject('/items/1');
    await app.inject('/items/2');
    await postItem(app, 'a');
    await app.inject('/__sim/faults');
    const counters = (await app.inject('/__sim/counters')).json();
    expect(counters).toEqual({ sim: 'sgp', total: 3, counts: { 'GET /items/:id': 2, 'POST /items': 1 } });
    expect((await app.inject({ method: 'DELETE', url: '/__sim/counters' })).statusCode).toBe(204);
    expect((await app.inject('/__sim/counters')).json()).toMatchObject({ total: 0, counts: {} });
  });
});

describe('status faults', () => {
  it('before: answers the status and the write never takes effect', async () => {
    const { app, items } = createToySim();
    await installFaults(app, {
      rules: [{ fault: { kind: 'status', status: 503, retryAfter: 2, body: { e: 'busy' } }, when: 'before' }],
    });
    const response = await postItem(app, 'lost');
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.json()).toEqual({ e: 'busy' });
    expect(items).toEqual([]);
  });

  it('after: the write is applied, then the response fails', async () => {
    const { app, items } = createToySim();
    await installFaults(app, { rules: [{ fault: { kind: 'status', status: 500 }, when: 'after' }] });
    const response = await postItem(app, 'kept');
    expect(response.statusCode).toBe(500);
    expect(items).toEqual(['kept']);
  });
});

describe('bad bodies', () => {
  it('html200: status 200 with an HTML error page instead of JSON', async () => {
    const { app } = createToySim();
    await installFaults(app, { rules: [{ fault: { kind: 'html200' }, when: 'after' }] });
    const response = await app.inject('/items');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('Server Error (500)');
  });

  it('truncated after: status 200 with the first half of the real JSON, which does not parse', async () => {
    const { app, items } = createToySim();
    await installFaults(app, { rules: [{ fault: { kind: 'truncated' }, when: 'after' }] });
    const response = await postItem(app, 'kept');
    expect(response.statusCode).toBe(200);
    const full = JSON.stringify({ count: 1, padding: 'x'.repeat(200) });
    expect(response.body).toBe(full.slice(0, Math.floor(full.length / 2)));
    expect(() => JSON.parse(response.body)).toThrow();
    expect(items).toEqual(['kept']);
  });

  it('truncated before: a cut JSON body and no write', async () => {
    const { app, items } = createToySim();
    await installFaults(app, { rules: [{ fault: { kind: 'truncated' }, when: 'before' }] });
    const response = await postItem(app, 'lost');
    expect(response.statusCode).toBe(200);
    expect(() => JSON.parse(response.body)).toThrow();
    expect(items).toEqual([]);
  });
});

describe('connection faults (real sockets)', () => {
  it('reset before: the connection drops and the write never happens', async () => {
    const { app, items } = createToySim();
    const url = await listen(app);
    await installFaults(app, { rules: [{ match: { method: 'POST' }, fault: { kind: 'reset' }, when: 'before' }] });
    await expect(
      fetch(`${url}/items`, {
        method: 'POST',
        body: '{"name":"lost"}',
        headers: { 'content-type': 'application/json' },
      }),
    ).rejects.toThrow();
    expect(items).toEqual([]);
  });

  it('reset after: the connection drops but the write was applied', async () => {
    const { app, items } = createToySim();
    const url = await listen(app);
    await installFaults(app, { rules: [{ match: { method: 'POST' }, fault: { kind: 'reset' }, when: 'after' }] });
    await expect(
      fetch(`${url}/items`, {
        method: 'POST',
        body: '{"name":"kept"}',
        headers: { 'content-type': 'application/json' },
      }),
    ).rejects.toThrow();
    expect(items).toEqual(['kept']);
    // The rule matches POST only: reads are untouched.
    expect((await fetch(`${url}/items`)).status).toBe(200);
  });

  it('reset under inject(): the response is destroyed before completion', async () => {
    const { app } = createToySim();
    await installFaults(app, { rules: [{ fault: { kind: 'reset' }, when: 'before' }] });
    await expect(app.inject('/items')).rejects.toThrow(/destroyed/);
  });
});

describe('slow responses', () => {
  it('latency delays the answer, which then succeeds', async () => {
    const { app } = createToySim();
    await installFaults(app, { rules: [{ fault: { kind: 'latency', ms: 150 }, when: 'before' }] });
    const started = performance.now();
    const response = await app.inject('/items/7');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.json()).toEqual({ id: '7' });
  });

  it('slowBody streams the whole real body over about totalMs', async () => {
    const { app } = createToySim();
    const url = await listen(app);
    await installFaults(app, { rules: [{ fault: { kind: 'slowBody', totalMs: 300 }, when: 'after' }] });
    const started = performance.now();
    const response = await fetch(`${url}/items/slow`);
    expect(await response.json()).toEqual({ id: 'slow' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });
});

describe('which requests fail', () => {
  async function failurePattern(seed: number): Promise<boolean[]> {
    const { app } = createToySim();
    await installFaults(app, { seed, rules: [{ fault: { kind: 'status', status: 503 }, when: 'before', rate: 0.5 }] });
    const pattern: boolean[] = [];
    for (let i = 0; i < 40; i += 1) pattern.push((await app.inject('/items')).statusCode === 503);
    return pattern;
  }

  it('rate: the same seed fails the same requests; another seed, others', async () => {
    const first = await failurePattern(7);
    expect(await failurePattern(7)).toEqual(first);
    expect(await failurePattern(8)).not.toEqual(first);
    const failed = first.filter(Boolean).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
  });

  it('sequence: exactly the listed matching requests fail, and GET /__sim/faults counts them', async () => {
    const { app } = createToySim();
    await installFaults(app, {
      rules: [
        {
          match: { method: 'GET', route: '/items/:id' },
          fault: { kind: 'status', status: 502 },
          when: 'before',
          sequence: [2, 4],
        },
      ],
    });
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i += 1) {
      statuses.push((await app.inject(`/items/${i}`)).statusCode);
      statuses.push((await app.inject('/items')).statusCode);
    }
    expect(statuses).toEqual([200, 200, 502, 200, 200, 200, 502, 200, 200, 200]);
    const faults = (await app.inject('/__sim/faults')).json();
    expect(faults.injected).toBe(2);
    expect(faults.rules[0]).toMatchObject({ matched: 5, injected: 2 });
    expect(faults.injections.map((i: { path: string }) => i.path)).toEqual(['/items/2', '/items/4']);
  });

  it('route prefix matches every route under it; /__sim/ routes are never faulted', async () => {
    const { app } = createToySim();
    await installFaults(app, {
      rules: [{ match: { route: '/items' }, fault: { kind: 'status', status: 500 }, when: 'before' }],
    });
    expect((await app.inject('/items/3')).statusCode).toBe(500);
    expect((await postItem(app, 'x')).statusCode).toBe(500);
    expect((await app.inject('/__sim/counters')).statusCode).toBe(200);
  });

  it('DELETE /__sim/faults stops the faults; a bad plan is refused naming the field', async () => {
    const { app } = createToySim();
    await installFaults(app, { rules: [{ fault: { kind: 'status', status: 500 }, when: 'before' }] });
    expect((await app.inject({ method: 'DELETE', url: '/__sim/faults' })).statusCode).toBe(204);
    expect((await app.inject('/items')).statusCode).toBe(200);
    const bad = await app.inject({
      method: 'POST',
      url: '/__sim/faults',
      payload: { rules: [{ fault: { kind: 'status' }, when: 'before' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid-fault-plan', field: 'rules.0.fault.status' });
  });
});
