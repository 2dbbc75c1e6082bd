import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOzmapSimulator } from '../../sim/ozmap/createOzmapSimulator.ts';
import type { OzmapFixture } from '../../sim/ozmap/ozmapFixture.ts';
import { apiKey, call, filterQuery, simulator } from './ozmapSimTestKit.ts';

describe('OZmap simulator: authentication', () => {
  it('refuses a request without the raw key, and never echoes the key', async () => {
    const app = await simulator();
    for (const authorization of [undefined, `Bearer ${apiKey}`, 'wrong']) {
      const response = await app.inject({
        method: 'GET',
        url: '/api/v2/boxes',
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('UNAUTHORIZED');
      expect(response.body).not.toContain(apiKey);
    }
    expect((await call(app, 'GET', '/api/v2/boxes')).status).toBe(200);
  });

  it('logs in with login and password, answering the key as the authorization', async () => {
    const app = await simulator({ login: 'api-user', password: 'secret' });
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v2/users/login?type=API',
      payload: { login: 'api-user', password: 'secret' },
    });
    expect(ok.json()).toEqual({ authorization: apiKey });
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v2/users/login?type=API',
      payload: { login: 'api-user', password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    const noType = await app.inject({
      method: 'POST',
      url: '/api/v2/users/login',
      payload: { login: 'api-user', password: 'secret' },
    });
    expect(noType.statusCode).toBe(400);
  });

  it('accepts only the rotated key after PUT /__sim/api-key', async () => {
    const app = await simulator();
    await app.inject({ method: 'PUT', url: '/__sim/api-key', payload: { apiKey: 'rotated' } });
    expect((await call(app, 'GET', '/api/v2/boxes')).status).toBe(401);
    const rotated = await app.inject({ method: 'GET', url: '/api/v2/boxes', headers: { authorization: 'rotated' } });
    expect(rotated.statusCode).toBe(200);
  });
});

describe('OZmap simulator: filters', () => {
  it('filters by a query-string filter', async () => {
    const app = await simulator();
    const { json } = await call(
      app,
      'GET',
      `/api/v2/boxes?${filterQuery([{ property: 'name', operator: '=', value: 'CTO-02' }])}`,
    );
    expect(json.rows.map((row: { id: string }) => row.id)).toEqual(['box2']);
    expect(json.total).toBe(1);
  });

  it('filters by a JSON body on the GET, as the official SDK sends it', async () => {
    const app = await simulator();
    const { json } = await call(app, 'GET', '/api/v2/splitters', {
      filter: [{ property: 'parent', operator: '=', value: 'box2' }],
      sort: null,
    });
    expect(json.rows.map((row: { id: string }) => row.id)).toEqual(['spl2']);
  });

  it('requires the query and the body filter both to hold', async () => {
    const app = await simulator();
    const url = `/api/v2/ftth-clients?${filterQuery([{ property: 'implanted', operator: '=', value: true }])}`;
    const both = await call(app, 'GET', url, { filter: [{ property: 'code', operator: '=', value: '1002' }] });
    expect(both.json.total).toBe(0);
    const one = await call(app, 'GET', url, { filter: [{ property: 'code', operator: '=', value: '1001' }] });
    expect(one.json.rows.map((row: { id: string }) => row.id)).toEqual(['cli1']);
  });

  it.each([
    [[{ property: 'onu.serial_number', operator: '=', value: 'ZTEG1' }], ['cli1']],
    [[{ property: 'code', operator: 'in', value: ['1002', '9'] }], ['cli2']],
    [[{ property: 'code', operator: 'notin', value: ['1002'] }], ['cli1']],
    [[{ property: 'name', operator: 'like', value: 'mar' }], ['cli1']],
    [[{ property: 'status', operator: '!=', value: 0 }], ['cli2']],
    [[{ property: 'status', operator: '>=', value: 1 }], ['cli2']],
    [[{ property: 'status', operator: '<', value: 1 }], ['cli1']],
    [[{ property: '_id', operator: '=', value: 'cli2' }], ['cli2']],
    [[{ property: 'deletedAt', operator: 'exists', value: false }], ['cli1', 'cli2']],
    [
      [
        [
          { property: 'code', operator: '=', value: '1001' },
          { property: 'code', operator: '=', value: '1002' },
        ],
      ],
      ['cli1', 'cli2'],
    ],
  ])('filter %j selects %j', async (filter, expected) => {
    const app = await simulator();
    const { json } = await call(app, 'GET', `/api/v2/ftth-clients?${filterQuery(filter)}`);
    expect(json.rows.map((row: { id: string }) => row.id)).toEqual(expected);
  });

  it('matches along arrays, so properties on a splitter are found by connections.id', async () => {
    const app = await simulator();
    const { json } = await call(
      app,
      'GET',
      `/api/v2/properties?${filterQuery([{ property: 'connections.id', operator: '=', value: 'spl1' }])}`,
    );
    expect(json.rows.map((row: { id: string }) => row.id)).toEqual(['prop1']);
  });

  it('answers 400 to a filter that is not JSON or has an unknown operator', async () => {
    const app = await simulator();
    const notJson = await call(app, 'GET', '/api/v2/boxes?filter=%5Bnope');
    expect(notJson.status).toBe(400);
    expect(notJson.json.code).toBe('INVALID_FILTER');
    const unknown = await call(
      app,
      'GET',
      `/api/v2/boxes?${filterQuery([{ property: 'name', operator: 'regex', value: 'x' }])}`,
    );
    expect(unknown.json.message).toContain('regex');
  });

  it('sorts and selects', async () => {
    const app = await simulator();
    const sort = encodeURIComponent(JSON.stringify([{ property: 'name', direction: -1 }]));
    const { json } = await call(app, 'GET', `/api/v2/boxes?sort=${sort}&select=name`);
    expect(json.rows).toEqual([
      { id: 'box2', name: 'CTO-02' },
      { id: 'box1', name: 'CTO-01' },
    ]);
  });
});

describe('OZmap simulator: pages', () => {
  function manyClients(count: number): OzmapFixture {
    return {
      ftthClients: Array.from({ length: count }, (_, index) => ({
        id: `c${String(index).padStart(4, '0')}`,
        code: String(index),
      })),
    };
  }

  it('answers the envelope with a nextUrl that carries skip, not page', async () => {
    const app = await simulator({ fixture: manyClients(250) });
    const first = await call(app, 'GET', '/api/v2/ftth-clients?page=1&limit=100');
    expect(first.json).toMatchObject({ total: 250, count: 100, start: 0, limit: 100, hasNextPage: true });
    const next = new URL(first.json.nextUrl, 'http://x');
    expect(next.pathname).toBe('/api/v2/ftth-clients');
    expect(next.searchParams.get('skip')).toBe('100');
    expect(next.searchParams.get('limit')).toBe('100');
    expect(next.searchParams.has('page')).toBe(false);
    const third = await call(app, 'GET', '/api/v2/ftth-clients?page=3&limit=100');
    expect(third.json).toMatchObject({ total: 250, count: 50, start: 200, hasNextPage: false, nextUrl: null });
    const skipped = await call(app, 'GET', '/api/v2/ftth-clients?skip=240&limit=100');
    expect(skipped.json.rows[0].id).toBe('c0240');
  });

  it('keeps a query-string filter in nextUrl', async () => {
    const app = await simulator({ fixture: manyClients(30) });
    const filter = [{ property: 'code', operator: 'like', value: '1' }];
    const first = await call(app, 'GET', `/api/v2/ftth-clients?limit=5&${filterQuery(filter)}`);
    const second = await call(app, 'GET', first.json.nextUrl);
    expect(second.json.total).toBe(first.json.total);
    expect(second.json.rows.every((row: { code: string }) => row.code.includes('1'))).toBe(true);
  });

  it('refuses a limit above maxLimit and accepts it at the maximum', async () => {
    const app = await simulator();
    const tooMany = await call(app, 'GET', '/api/v2/boxes?limit=1001');
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.code).toBe('LIMIT_TOO_LARGE');
    expect((await call(app, 'GET', '/api/v2/boxes?limit=1000')).status).toBe(200);
    const small = await simulator({ maxLimit: 10 });
    expect((await call(small, 'GET', '/api/v2/boxes?limit=11')).status).toBe(400);
  });

  it('following nextUrl reads every object exactly once, whatever the count and page size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 25 }), async (count, limit) => {
        const app = await createOzmapSimulator({ fixture: manyClients(count), apiKey });
        try {
          const seen: string[] = [];
          let url: string | null = `/api/v2/ftth-clients?limit=${limit}`;
          for (let pages = 0; url !== null; pages += 1) {
            expect(pages).toBeLessThanOrEqual(count);
            const { json } = await call(app, 'GET', url);
            seen.push(...json.rows.map((row: { id: string }) => row.id));
            url = json.hasNextPage ? json.nextUrl : null;
          }
          expect(seen).toEqual(manyClients(count).ftthClients?.map((client) => client.id));
        } finally {
          await app.close();
        }
      }),
      { seed: 20261129, numRuns: 40 },
    );
  });
});

describe('OZmap simulator: id and reference shapes', () => {
  it.each(['id', '_id', 'both'] as const)('answers objects with the %s id shape', async (idShape) => {
    const app = await simulator({ idShape });
    const { json } = await call(app, 'GET', '/api/v2/boxes/box1');
    expect('id' in json).toBe(idShape !== '_id');
    expect('_id' in json).toBe(idShape !== 'id');
    expect(json.id ?? json._id).toBe('box1');
  });

  it('embeds references when refShape is embedded, in the same id shape', async () => {
    const app = await simulator({ idShape: '_id', refShape: 'embedded' });
    const property = (await call(app, 'GET', '/api/v2/properties/prop1')).json;
    expect(property.box).toMatchObject({ _id: 'box1', name: 'CTO-01' });
    expect(property.client).toMatchObject({ _id: 'cli1', code: '1001' });
    const splitter = (await call(app, 'GET', '/api/v2/splitters/spl1')).json;
    expect(splitter.parent).toMatchObject({ _id: 'box1' });
  });

  it('answers references as ids when refShape is id', async () => {
    const app = await simulator({ refShape: 'id' });
    const property = (await call(app, 'GET', '/api/v2/properties/prop1')).json;
    expect(property).toMatchObject({ box: 'box1', client: 'cli1' });
  });

  it('always embeds the client in GET properties/client/<code>', async () => {
    const app = await simulator({ refShape: 'id' });
    const { json } = await call(app, 'GET', '/api/v2/properties/client/1001');
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ id: 'prop1', box: 'box1', client: { id: 'cli1', code: '1001' } });
    expect((await call(app, 'GET', '/api/v2/properties/client/9999')).json).toEqual([]);
  });

  it('answers 404 for an id that does not exist', async () => {
    const app = await simulator();
    const { status, json } = await call(app, 'GET', '/api/v2/ftth-clients/missing');
    expect(status).toBe(404);
    expect(json.code).toBe('NOT_FOUND');
  });
});
