import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { InsightsReader } from '../../../reconciler/insightsService.ts';
import type { ServiceApi } from '../../../reconciler/serviceApi.ts';
import { HttpError } from '../httpErrors.ts';
import { rxDegradationCsv } from '../rxDegradationCsv.ts';
import { AUTH_ERRORS, codeParams, errorResponses } from '../schemas.ts';

const placeQuery = z.object({
  kind: z.enum(['box', 'pon']),
  /** The box (SGP CTO name) or the PON (`<olt id>/<slot>/<pon>`). */
  name: z.string().min(1).max(200),
  days: z.coerce.number().int().min(1).max(90).default(7),
});

/**
 * The insights (issue 16): RX degradation (JSON and CSV), outages, one client's RX and status
 * history, one place's status strip. Projections of the local log: no request to SGP or OZmap.
 */
export function insightsRoutes(app: FastifyInstance, service: ServiceApi): void {
  const readErrors = errorResponses(...AUTH_ERRORS.read, 'INVALID_REQUEST');
  const insights = (): InsightsReader => {
    if (!service.insights) throw new HttpError('ROUTE_NOT_FOUND', 'this service has no insights');
    return service.insights;
  };

  app.get(
    '/api/insights/rx',
    {
      config: { access: 'read' },
      schema: {
        tags: ['insights'],
        summary: 'clients whose RX worsened over the window, grouped by box, splitter and PON',
        response: readErrors,
      },
    },
    async () => insights().rx(),
  );

  app.get(
    '/api/insights/rx.csv',
    {
      config: { access: 'read' },
      schema: {
        tags: ['insights'],
        summary: 'the degraded clients as CSV for a Brazilian spreadsheet (; separators, UTF-8 BOM, decimal comma)',
        response: readErrors,
      },
    },
    async (_request, reply) => {
      const csv = rxDegradationCsv(await insights().rx());
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="degradacao-rx.csv"')
        .send(csv);
    },
  );

  app.get(
    '/api/insights/outages',
    {
      config: { access: 'read' },
      schema: {
        tags: ['insights'],
        summary: 'outages suspected from clients going offline together, newest first',
        response: readErrors,
      },
    },
    async () => ({ outages: await insights().outages() }),
  );

  app.get<{ Params: z.infer<typeof codeParams> }>(
    '/api/insights/clients/:code',
    {
      config: { access: 'read' },
      schema: {
        tags: ['insights'],
        summary: "one client's RX and connection status over time (changes only)",
        params: codeParams,
        response: errorResponses(...AUTH_ERRORS.read, 'INVALID_REQUEST', 'CONTRACT_NOT_FOUND'),
      },
    },
    async (request) => {
      const history = await insights().client(request.params.code);
      if (!history)
        throw new HttpError('CONTRACT_NOT_FOUND', `no contract ${request.params.code}: never seen in an SGP sweep`);
      return history;
    },
  );

  app.get<{ Querystring: z.infer<typeof placeQuery> }>(
    '/api/insights/place',
    {
      config: { access: 'read' },
      schema: {
        tags: ['insights'],
        summary: "a box's or a PON's clients: connection status over the last days, and its outages",
        querystring: placeQuery,
        response: readErrors,
      },
    },
    async (request) => {
      const { kind, name, days } = request.query;
      return insights().place(kind, name, days);
    },
  );
}
