import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { contestedItems } from '../../../projections/contestedList.ts';
import type { ServiceApi } from '../../../reconciler/serviceApi.ts';
import { HttpError } from '../httpErrors.ts';
import { AUTH_ERRORS, errorResponses, resolveContestBody, responses } from '../schemas.ts';

/** R9.4/R9.5: the contested fields and overrides, and an operator's decision on one (admin token). */
export function contestedRoutes(app: FastifyInstance, service: ServiceApi): void {
  app.get(
    '/api/contested',
    {
      config: { access: 'read' },
      schema: {
        tags: ['contested'],
        summary: 'the open contests and the per-client overrides',
        response: { 200: responses.contested, ...errorResponses(...AUTH_ERRORS.read) },
      },
    },
    async () => ({ items: contestedItems(service.readModels().contracts()) }),
  );

  app.post<{ Body: z.infer<typeof resolveContestBody> }>(
    '/api/contested/resolve',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['contested'],
        summary: 'decide who owns one field of one client: sgp, ozmap, or watch again',
        body: resolveContestBody,
        response: {
          200: responses.resolved,
          ...errorResponses(
            ...AUTH_ERRORS.admin,
            'INVALID_REQUEST',
            'INVALID_JSON',
            'PAYLOAD_TOO_LARGE',
            'CONTRACT_NOT_FOUND',
            'NOTHING_TO_RESOLVE',
          ),
        },
      },
    },
    async (request) => {
      if (!service.resolveContest) throw new HttpError('ROUTE_NOT_FOUND', 'this service does not resolve contests');
      const result = await service.resolveContest({ ...request.body, by: `api:${request.ip}` });
      if (!result.ok) {
        throw new HttpError(
          result.code === 'CONTRACT_NOT_FOUND'
            ? 'CONTRACT_NOT_FOUND'
            : result.code === 'UNKNOWN_FIELD'
              ? 'INVALID_REQUEST'
              : 'NOTHING_TO_RESOLVE',
          result.message,
        );
      }
      return { recorded: [...result.recorded] };
    },
  );
}
