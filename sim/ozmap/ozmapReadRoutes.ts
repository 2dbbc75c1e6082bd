/**
 * The OZmap list and find routes: `GET /api/v2/<route>` with filter/sort/select/page/skip/limit,
 * `GET /api/v2/<route>/<id>` and `GET /api/v2/properties/client/<code>`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OzmapCollection } from './ozmapFixture.ts';
import { readListQuery, runListQuery, selectFields } from './ozmapListQuery.ts';
import type { OzmapShaper } from './ozmapShape.ts';
import { simError } from './ozmapSimError.ts';
import type { OzmapSimState } from './ozmapState.ts';

/** OZmap's route names and the collections behind them. */
export const ozmapRoutes: Readonly<Record<string, OzmapCollection>> = {
  boxes: 'boxes',
  splitters: 'splitters',
  properties: 'properties',
  'ftth-clients': 'ftthClients',
};

export interface OzmapRouteContext {
  readonly state: OzmapSimState;
  readonly shaper: OzmapShaper;
  readonly maxLimit: number;
}

export function registerOzmapReadRoutes(app: FastifyInstance, context: OzmapRouteContext): void {
  const { state, shaper, maxLimit } = context;

  for (const [route, collection] of Object.entries(ozmapRoutes)) {
    app.get(`/api/v2/${route}`, async (request) => {
      const query = readListQuery(request.query as Record<string, unknown>, request.body, maxLimit);
      const page = runListQuery(state.collections[collection], query);
      const rows = page.rows.map((record) => shaper.shape(collection, selectFields(record, query.select)));
      const hasNextPage = query.skip + rows.length < page.total;
      return {
        total: page.total,
        count: rows.length,
        start: query.skip,
        limit: query.limit,
        rows,
        hasNextPage,
        nextUrl: hasNextPage ? nextUrl(request, query.skip + rows.length, query.limit) : null,
      };
    });

    app.get<{ Params: { id: string } }>(`/api/v2/${route}/:id`, async (request) => {
      const record = state.collections[collection].get(request.params.id);
      if (record === undefined) throw simError('notFound', `${route} ${request.params.id} does not exist`);
      return shaper.shape(collection, record);
    });
  }

  // OZmap's wiki shows the client embedded in this answer [doc], whatever the reference shape.
  app.get<{ Params: { code: string } }>('/api/v2/properties/client/:code', async (request) => {
    const clientIds = new Set(
      [...state.collections.ftthClients.values()]
        .filter((client) => client.code === request.params.code)
        .map((client) => client.id),
    );
    return [...state.collections.properties.values()]
      .filter((property) => typeof property.client === 'string' && clientIds.has(property.client))
      .map((property) => shaper.shape('properties', property, ['client']));
  });
}

/**
 * The next page's URL keeps the request's own parameters and carries the position in `skip`:
 * the SDK's findAll overwrites `page` and `limit` when it follows nextUrl (OZMAP-API.md), so a
 * `page`-based nextUrl would make it read the first page forever.
 */
function nextUrl(request: FastifyRequest, skip: number, limit: number): string {
  const url = new URL(request.url, 'http://simulator.invalid');
  url.searchParams.delete('page');
  url.searchParams.set('skip', String(skip));
  url.searchParams.set('limit', String(limit));
  return `${url.pathname}?${url.searchParams.toString()}`;
}
