import { afterEach, describe, expect, test } from 'vitest';
import { CYCLES_STREAM } from '../../../src/domain/events/streams.ts';
import { createProjector } from '../../../src/projections/projector.ts';
import { appendEvent } from '../../projections/projectionEvents.ts';
import { SECRETS, bearer, startServer, t, type TestServer } from './httpHarness.ts';

let server: TestServer | undefined;
afterEach(() => server?.close());

const groups = [
  { kind: 'create', reason: 'connected', rule: 'R2.5', count: 3, codes: ['1001', '1002', '1003'] },
  { kind: 'skip', reason: 'box-not-found', rule: 'R2.3', count: 2, codes: ['1004', '1005'] },
];

/** A sync cycle that recorded its plan, at minute 20, after the harness's two cycles. */
async function withRecordedPlan(s: TestServer): Promise<void> {
  const { store } = s.service;
  await appendEvent(store, CYCLES_STREAM, 'CycleStarted', {
    v: 1,
    cycleId: 'sync-c',
    kind: 'sync',
    at: t(20),
    dryRun: false,
    trigger: 'schedule',
  });
  await appendEvent(store, CYCLES_STREAM, 'CyclePlanSummarised', {
    v: 1,
    cycleId: 'sync-c',
    at: t(21),
    kind: 'sync',
    writes: 3,
    groups,
    guard: null,
    blocked: null,
  });
  await createProjector({ store, readModels: s.service.readModels() }).catchUp();
}

describe('GET /api/plan: the plan the last cycles recorded', () => {
  test('answers the last recorded plan of each kind, grouped, without reading SGP or OZmap', async () => {
    server = await startServer();
    await withRecordedPlan(server);
    // A live plan would fail: the answer comes from the log.
    server.service.state.planError = new Error('SGP unreachable');
    const response = await server.call({ url: '/api/plan', headers: bearer(SECRETS.read) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      sync: {
        cycleId: 'sync-c',
        kind: 'sync',
        startedAt: t(20),
        dryRun: false,
        at: t(21),
        writes: 3,
        groups,
        guard: null,
        blocked: null,
      },
      cancel: null,
    });
  });
});

describe('POST /api/plan: a live plan, on request only', () => {
  test('needs the admin token: a read token is refused', async () => {
    server = await startServer();
    const response = await server.call({ method: 'POST', url: '/api/plan', headers: bearer(SECRETS.read) });
    expect(response.statusCode).toBe(401);
  });

  test('with the admin token: the live plan, grouped like the recorded one', async () => {
    server = await startServer();
    const response = await server.call({ method: 'POST', url: '/api/plan', headers: bearer(SECRETS.admin) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      at: t(30),
      live: true,
      sweepComplete: true,
      ozmapComplete: true,
      sync: { writes: 0, groups: [], guard: null, blocked: null },
      cancel: { writes: 0, groups: [], guard: { tripped: false, removals: 0, totalClients: 10 }, blocked: null },
    });
  });

  test('is rate-limited with the other operations', async () => {
    server = await startServer({ writeRateLimit: { max: 2, timeWindowMs: 60_000 } });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push((await server.call({ method: 'POST', url: '/api/plan', headers: bearer(SECRETS.admin) })).statusCode);
    expect(codes).toEqual([200, 200, 429]);
  });
});
