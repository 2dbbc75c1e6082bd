import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { ServiceApi } from '../../../reconciler/serviceApi.ts';
import { contractListState } from '../../../projections/contractRow.ts';
import { buildTimeline, stateAt } from '../../../projections/timeline.ts';
import { contractSummary } from '../contractSummary.ts';
import { historyPage } from '../historyPage.ts';
import { HttpError } from '../httpErrors.ts';
import { readPage } from '../readPage.ts';
import { AUTH_ERRORS, clientsQuery, codeParams, errorResponses, historyQuery, responses } from '../schemas.ts';
import { createSkippedReportCache } from '../skippedReport.ts';

const notFound = (code: string): HttpError =>
  new HttpError('CONTRACT_NOT_FOUND', `no contract ${code}: never seen in an SGP sweep`);

/** The contracts: list, one, its audit trail, and why some were not created. */
export function clientsRoutes(app: FastifyInstance, service: ServiceApi): void {
  const readErrors = errorResponses(...AUTH_ERRORS.read);
  const skippedReport = createSkippedReportCache();

  app.get<{ Querystring: z.infer<typeof clientsQuery> }>(
    '/api/clients',
    {
      config: { access: 'read' },
      schema: {
        tags: ['clients'],
        summary: 'contracts in code order, filtered by search, state or skip reason',
        querystring: clientsQuery,
        response: {
          200: responses.clients,
          ...errorResponses(...AUTH_ERRORS.read, 'INVALID_REQUEST', 'INVALID_CURSOR'),
        },
      },
    },
    async (request) => {
      const { search, state, skipReason, limit, cursor } = request.query;
      const page = readPage(() => service.readModels().listContracts({ search, state, skipReason, limit, cursor }));
      return { items: page.items.map(contractSummary), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: z.infer<typeof codeParams> }>(
    '/api/clients/:code',
    {
      config: { access: 'read' },
      schema: {
        tags: ['clients'],
        summary: "one contract's read model, and what OZmap held for it at the last read",
        params: codeParams,
        response: {
          200: responses.client,
          ...errorResponses(...AUTH_ERRORS.read, 'INVALID_REQUEST', 'CONTRACT_NOT_FOUND'),
        },
      },
    },
    async (request) => {
      const { code } = request.params;
      const contract = service.readModels().getContract(code);
      if (!contract) throw notFound(code);
      return { contract, listState: contractListState(contract), seenInOzmap: service.seenInOzmap(code) };
    },
  );

  app.get<{ Params: z.infer<typeof codeParams>; Querystring: z.infer<typeof historyQuery> }>(
    '/api/clients/:code/history',
    {
      config: { access: 'read' },
      schema: {
        tags: ['clients'],
        summary: "a contract's audit trail, oldest first; with `at`, its state at that instant",
        params: codeParams,
        querystring: historyQuery,
        response: {
          200: responses.history,
          ...errorResponses(...AUTH_ERRORS.read, 'INVALID_REQUEST', 'INVALID_CURSOR', 'CONTRACT_NOT_FOUND'),
        },
      },
    },
    async (request) => {
      const { code } = request.params;
      const events = await service.readContractStream(code);
      if (events.length === 0) throw notFound(code);
      const { at, limit, cursor } = request.query;
      if (at !== undefined) {
        const instant = new Date(at).toISOString();
        const state = stateAt(events, instant) ?? null;
        return { at: instant, state, listState: state ? contractListState(state) : null };
      }
      return historyPage(buildTimeline(events), { limit, cursor });
    },
  );

  app.get(
    '/api/skipped',
    {
      config: { access: 'read' },
      schema: {
        tags: ['clients'],
        summary:
          'skip reasons with counts; unmatched CTO names with the closest OZmap box names and a CTO_ALIASES snippet',
        response: { 200: responses.skipped, ...readErrors },
      },
    },
    async () => skippedReport(service.readModels(), service.boxNames()),
  );
}
