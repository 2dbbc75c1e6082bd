import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEFAULT_DASHBOARD_DIR } from '../../../src/adapters/http/serveDashboard.ts';
import { startServer, type TestServer } from './httpHarness.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

describe('OpenAPI', () => {
  test('/docs/json is an OpenAPI 3 document listing every route of the contract', async () => {
    const response = await server.call({ url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /health',
        'GET /ready',
        'GET /metrics',
        'GET /api/meta',
        'GET /api/clients',
        'GET /api/clients/{code}',
        'GET /api/clients/{code}/history',
        'GET /api/cycles',
        'GET /api/plan',
        'GET /api/skipped',
        'GET /api/guard',
        'POST /api/cycles',
        'POST /api/cancellations/confirm',
        'POST /api/replay',
        'POST /api/plan',
        // Issue 16: the insights.
        'GET /api/insights/rx',
        'GET /api/insights/rx.csv',
        'GET /api/insights/outages',
        'GET /api/insights/clients/{code}',
        'GET /api/insights/place',
        // Issue 15: other writers (R9.2, R9.3).
        'GET /api/drift',
        'GET /api/exclusions',
        'POST /api/exclusions',
        'POST /api/exclusions/remove',
        // Issue 15: contested fields (R9.4, R9.5).
        'GET /api/contested',
        'POST /api/contested/resolve',
      ].sort(),
    );
  });

  test('the request schemas are the zod ones, converted: limits, enums, required body fields', async () => {
    const doc = (await server.call({ url: '/docs/json' })).json();
    const clients = doc.paths['/api/clients'].get;
    const limit = clients.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } });
    const state = clients.parameters.find((p: { name: string }) => p.name === 'state');
    expect(state.schema.enum).toEqual([
      'created',
      'linked',
      'skipped',
      'cancelled',
      'vanished',
      'rejected',
      'pending',
      'blocked',
    ]);
    const body = doc.paths['/api/cycles'].post.requestBody.content['application/json'].schema;
    expect(body).toMatchObject({
      type: 'object',
      required: ['kind'],
      properties: { kind: { enum: ['sync', 'cancel'] } },
    });
    expect(doc.paths['/api/replay'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(Object.keys(doc.paths['/api/cancellations/confirm'].post.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '409',
      '413',
      '429',
    ]);
  });

  test('/docs serves the UI from the package, with no outside host', async () => {
    const page = await server.call({ url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const init = await server.call({ url: '/docs/static/swagger-initializer.js' });
    expect(init.statusCode).toBe(200);
    expect(init.body).toContain('"validatorUrl":null');
    // Every asset the page loads is one of ours.
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(asset).toMatch(/^(\.\/|\/docs\/)/);
  });
});

describe('dashboard', () => {
  test('/ is the dashboard index page', async () => {
    const response = await server.call({ url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('<title>sgp-ozmap</title>');
  });

  test('by default the folder is src/adapters/http/dashboard/, beside the server', () => {
    expect(DEFAULT_DASHBOARD_DIR).toBe(
      fileURLToPath(new URL('../../../src/adapters/http/dashboard/', import.meta.url)),
    );
  });

  test('its files are served as they are', async () => {
    const response = await server.call({ url: '/app.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('javascript');
    expect(response.body).toBe('export const ready = true;\n');
  });

  test('a path outside the folder is not served', async () => {
    const response = await server.call({ url: '/..%2f..%2fpackage.json' });
    expect(response.statusCode).toBe(404);
  });

  test('an unknown API path is a 404 ROUTE_NOT_FOUND, not a page', async () => {
    const response = await server.call({ url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  test('API answers are never cached; every answer says nosniff', async () => {
    const api = await server.call({ url: '/api/guard' });
    expect(api.headers['cache-control']).toBe('no-store');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect((await server.call({ url: '/' })).headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('the list of contract states', () => {
  test('the dashboard offers exactly the states declared in the domain, in their order', async () => {
    const { readFile } = await import('node:fs/promises');
    const { ContractListState } = await import('../../../src/domain/contractListState.ts');
    const search = await readFile(new URL('search.js', `file://${DEFAULT_DASHBOARD_DIR.replace(/\/?$/, '/')}`), 'utf8');
    const states =
      /const STATES = \[([^\]]*)\]/
        .exec(search)?.[1]
        ?.split(',')
        .map((s) => s.trim().replace(/'/g, '')) ?? [];
    expect(states).toEqual(ContractListState.options);
  });
});
