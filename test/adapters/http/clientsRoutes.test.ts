import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { encodeCursor } from '../../../src/adapters/readmodel/cursor.ts';
import { contractStream } from '../../../src/domain/events/streams.ts';
import { createEventWriter } from '../../../src/reconciler/eventWriter.ts';
import { failed, updated } from '../../projections/projectionEvents.ts';
import { startServer, t, type TestServer } from './httpHarness.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

const get = async (url: string) => {
  const response = await server.call({ url });
  return { status: response.statusCode, body: response.json() };
};

describe('GET /api/clients', () => {
  test('a page of contract summaries in code order, with the next cursor', async () => {
    const first = await get('/api/clients?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      {
        code: '1001',
        name: 'Maria da Silva',
        state: 'created',
        status: 1,
        cto: 'CTO-01',
        ctoPort: 3,
        skipReason: null,
        lastEventAt: t(10),
        lastFailure: null,
      },
      {
        code: '1002',
        name: 'Maria da Silva',
        state: 'skipped',
        status: 1,
        cto: 'cto 01',
        ctoPort: 2,
        skipReason: 'box-not-found',
        lastEventAt: t(11),
        lastFailure: null,
      },
    ]);
    const second = await get(`/api/clients?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((c: { code: string }) => c.code)).toEqual(['1003', '1004']);
    const last = await get(`/api/clients?limit=2&cursor=${second.body.nextCursor}`);
    expect(last.body).toMatchObject({ items: [{ code: '1005' }], nextCursor: null });
  });

  test('the limit defaults to 50', async () => {
    const { body } = await get('/api/clients');
    expect(body.items).toHaveLength(5);
    expect(body.nextCursor).toBeNull();
  });

  test('filters by state, skip reason and search; empty filters mean none', async () => {
    expect((await get('/api/clients?state=created')).body.items.map((c: { code: string }) => c.code)).toEqual(['1001']);
    expect(
      (await get('/api/clients?skipReason=port-occupied')).body.items.map((c: { code: string }) => c.code),
    ).toEqual(['1005']);
    expect((await get('/api/clients?search=1003')).body.items.map((c: { code: string }) => c.code)).toEqual(['1003']);
    expect((await get('/api/clients?search=&state=&skipReason=')).body.items).toHaveLength(5);
    expect((await get('/api/clients?state=pending')).body.items).toEqual([]);
  });

  test.each([
    ['limit=0', 'query.limit'],
    ['limit=201', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['limit=1.5', 'query.limit'],
    ['state=gone', 'query.state'],
    ['skipReason=because', 'query.skipReason'],
    ['cursor=not%20a%20cursor', 'query.cursor'],
  ])('?%s is a 400 INVALID_REQUEST naming %s', async (query, field) => {
    const { status, body } = await get(`/api/clients?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.message).toContain(field);
  });

  test('a well-formed cursor this listing did not make is a 400 INVALID_CURSOR', async () => {
    const { status, body } = await get(`/api/clients?cursor=${encodeCursor(['a', 'b'])}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_CURSOR');
  });
});

describe('GET /api/clients/:code', () => {
  test('the contract row and what OZmap held for it', async () => {
    const { status, body } = await get('/api/clients/1001');
    expect(status).toBe(200);
    expect(body.contract).toMatchObject({
      code: '1001',
      ozmap: { clientId: 'cl-1', propertyId: 'pr-1' },
      snapshot: { name: 'Maria da Silva' },
    });
    expect(body.seenInOzmap).toEqual({ at: t(20), clients: [], properties: [], pendingUpdates: [] });
    expect((await get('/api/clients/1002')).body.seenInOzmap).toBeNull();
  });

  test('an unknown code is a 404 CONTRACT_NOT_FOUND', async () => {
    const { status, body } = await get('/api/clients/9999');
    expect(status).toBe(404);
    expect(body.error.code).toBe('CONTRACT_NOT_FOUND');
    expect(body.error.message).toContain('9999');
  });

  test('a code with characters no code has is a 400', async () => {
    const { status, body } = await get('/api/clients/10%2001');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(body.error.message).toContain('params.code');
  });
});

describe('GET /api/clients/:code/history', () => {
  test('the audit trail, oldest first, paged', async () => {
    const all = await get('/api/clients/1001/history');
    expect(all.status).toBe(200);
    expect(all.body.items.map((e: { kind: string; at: string }) => [e.kind, e.at])).toEqual([
      ['observed', t(0)],
      ['created', t(10)],
    ]);
    const first = await get('/api/clients/1001/history?limit=1');
    expect(first.body.items.map((e: { kind: string }) => e.kind)).toEqual(['observed']);
    const second = await get(`/api/clients/1001/history?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ kind: 'created' }], nextCursor: null });
  });

  test('entries of one event are paged apart and none is lost or repeated', async () => {
    // An update of two fields is one event and two entries: the cursor must split them.
    const writer = createEventWriter(server.service.store);
    await writer.append(
      contractStream('1001'),
      'OzmapClientUpdated',
      updated(
        [
          { object: 'client', field: 'name', rule: 'R4.1', from: 'Maria', to: 'Maria da Silva', cause: 'sgp' },
          { object: 'property', field: 'potencyRead', rule: 'R4.2', from: -20, to: -21.5, cause: 'sgp' },
        ],
        {},
        t(30),
      ),
    );
    await writer.append(
      contractStream('1001'),
      'OzmapCommandFailed',
      failed('UPSTREAM_SERVER_ERROR', 'OZmap unavailable', t(31)),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      pages++;
      const page: { body: { items: { kind: string; summary: string }[]; nextCursor: string | null } } = await get(
        `/api/clients/1001/history?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((e) => `${e.kind}: ${e.summary}`));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    const whole = (await get('/api/clients/1001/history?limit=200')).body.items.map(
      (e: { kind: string; summary: string }) => `${e.kind}: ${e.summary}`,
    );
    expect(whole.filter((line: string) => line.startsWith('updated'))).toHaveLength(2);
    expect(pages).toBe(2);
    expect(seen).toEqual(whole);
  });

  test('?at= answers the contract as it was at that instant', async () => {
    const before = await get(`/api/clients/1001/history?at=${encodeURIComponent('2026-11-29T16:00:00Z')}`);
    expect(before.body).toEqual({ at: '2026-11-29T16:00:00.000Z', state: null, listState: null });
    const between = await get(`/api/clients/1001/history?at=${encodeURIComponent('2026-11-29T14:05:00-03:00')}`);
    expect(between.status).toBe(200);
    expect(between.body.at).toBe(t(5));
    expect(between.body.state).toMatchObject({ code: '1001', ozmap: null, snapshot: { cto: 'CTO-01' } });
    const after = await get(`/api/clients/1001/history?at=${t(10)}`);
    expect(after.body.state).toMatchObject({ ozmap: { clientId: 'cl-1' } });
  });

  test.each([
    ['at=yesterday', 'query.at'],
    ['at=2026-13-01T00:00:00Z', 'query.at'],
    ['limit=-1', 'query.limit'],
  ])('?%s is a 400 INVALID_REQUEST', async (query, field) => {
    const { status, body } = await get(`/api/clients/1001/history?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.message).toContain(field);
  });

  test.each([encodeCursor(['x', 'y']), encodeCursor(['1']), 'AAAA'])(
    'cursor %s is a 400 INVALID_CURSOR',
    async (cursor) => {
      const { status, body } = await get(`/api/clients/1001/history?cursor=${cursor}`);
      expect(status).toBe(400);
      expect(body.error.code).toBe('INVALID_CURSOR');
    },
  );

  test('a contract with no events is a 404 CONTRACT_NOT_FOUND', async () => {
    const { status, body } = await get('/api/clients/9999/history');
    expect(status).toBe(404);
    expect(body.error.code).toBe('CONTRACT_NOT_FOUND');
  });
});

describe('GET /api/skipped', () => {
  test('skip reasons with counts and codes', async () => {
    const { status, body } = await get('/api/skipped');
    expect(status).toBe(200);
    expect(body.reasons).toEqual([
      { reason: 'box-not-found', count: 3, codes: ['1002', '1003', '1004'] },
      { reason: 'port-occupied', count: 1, codes: ['1005'] },
    ]);
  });

  test('unmatched CTOs, most contracts first, with the closest box names', async () => {
    const { body } = await get('/api/skipped');
    expect(body.unmatchedCtos).toEqual([
      {
        cto: 'cto 01',
        count: 2,
        codes: ['1002', '1003'],
        suggestions: [
          { boxName: 'CTO-01', why: 'spacing', distance: 0 },
          { boxName: 'CTO-02', why: 'edit-distance', distance: 1 },
          { boxName: 'CTO-101', why: 'edit-distance', distance: 1 },
        ],
      },
      {
        cto: 'CTO Sao Joao',
        count: 1,
        codes: ['1004'],
        suggestions: [{ boxName: 'CTO-São-João', why: 'accents', distance: 0 }],
      },
    ]);
  });

  test('a CTO_ALIASES snippet of the best suggestion per CTO', async () => {
    const { body } = await get('/api/skipped');
    expect(body.aliasesSnippet).toEqual({ 'CTO Sao Joao': 'CTO-São-João', 'cto 01': 'CTO-01' });
  });
});
