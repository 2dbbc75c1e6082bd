import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { ServiceApi } from '../../../reconciler/serviceApi.ts';
import { HttpError } from '../httpErrors.ts';
import { readPage } from '../readPage.ts';
import { livePlan, recordedPlans } from '../recordedPlans.ts';
import { AUTH_ERRORS, errorResponses, pageQuery, responses } from '../schemas.ts';

/** The service's state: its settings, the cycle history, the next plan and the guard. */
export function cyclesRoutes(app: FastifyInstance, service: ServiceApi, version: string): void {
  const readErrors = errorResponses(...AUTH_ERRORS.read);

  app.get(
    '/api/meta',
    {
      config: { access: 'read' },
      schema: {
        tags: ['cycles'],
        summary: 'timezone, shadow mode, next scheduled runs, version',
        response: { 200: responses.meta, ...readErrors },
      },
    },
    async () => {
      const next = service.nextRuns();
      return {
        timezone: service.timezone,
        dryRun: service.dryRun,
        nextRuns: { sync: next.sync, cancel: next.cancel },
        version,
      };
    },
  );

  app.get<{ Querystring: z.infer<typeof pageQuery> }>(
    '/api/cycles',
    {
      config: { access: 'read' },
      schema: {
        tags: ['cycles'],
        summary: 'cycles, newest first',
        querystring: pageQuery,
        response: {
          200: responses.cycles,
          ...errorResponses(...AUTH_ERRORS.read, 'INVALID_REQUEST', 'INVALID_CURSOR'),
        },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return readPage(() => service.readModels().cycles({ limit, cursor }));
    },
  );

  app.get(
    '/api/plan',
    {
      config: { access: 'read' },
      schema: {
        tags: ['cycles'],
        summary:
          'the plan the last sync and cancel cycles recorded, grouped by kind and reason, with the guard verdict (reads neither SGP nor OZmap)',
        response: { 200: responses.recordedPlans, ...readErrors },
      },
    },
    async () => recordedPlans(service.readModels()),
  );

  app.post(
    '/api/plan',
    {
      // A live plan sweeps SGP and reads all of OZmap: an operation, admin-only and rate-limited.
      config: { access: 'admin' },
      schema: {
        tags: ['operations'],
        summary:
          'compute the plan of the next sync and cancel cycles now (reads SGP and OZmap, writes nothing), grouped',
        response: { 200: responses.livePlan, ...errorResponses(...AUTH_ERRORS.admin, 'PLAN_UNAVAILABLE') },
      },
    },
    async () => {
      try {
        return livePlan(await service.previewPlan());
      } catch (error) {
        // The plan needs both upstreams: say which failed (secret values are scrubbed on the way out).
        throw new HttpError(
          'PLAN_UNAVAILABLE',
          `the plan could not be computed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  );

  app.get(
    '/api/guard',
    {
      config: { access: 'read' },
      schema: {
        tags: ['cycles'],
        summary: 'the mass-deletion guard: the set waiting for confirmation, and past releases',
        response: { 200: responses.guard, ...readErrors },
      },
    },
    async () => service.readModels().guard(),
  );
}
