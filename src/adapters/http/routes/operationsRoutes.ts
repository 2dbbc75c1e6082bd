import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ServiceApi } from '../../../reconciler/serviceApi.ts';
import { HttpError } from '../httpErrors.ts';
import { AUTH_ERRORS, confirmBody, errorResponses, responses, triggerCycleBody } from '../schemas.ts';

// Who did it, for the audit trail: the token proves the role, the address tells which machine.
const actor = (request: FastifyRequest): string => `api:${request.ip}`;

/** The writes: run a cycle now, release a guarded cancellation set, rebuild the read models. */
export function operationsRoutes(app: FastifyInstance, service: ServiceApi): void {
  app.post<{ Body: z.infer<typeof triggerCycleBody> }>(
    '/api/cycles',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['operations'],
        summary: 'queue a sync or cancel cycle now',
        body: triggerCycleBody,
        response: {
          202: responses.queued,
          ...errorResponses(...AUTH_ERRORS.admin, 'INVALID_REQUEST', 'INVALID_JSON', 'PAYLOAD_TOO_LARGE'),
        },
      },
    },
    async (request, reply) => {
      const queued = await service.triggerCycle(request.body.kind, actor(request));
      return reply.code(202).send({ queued: queued.queued, running: queued.running });
    },
  );

  app.post<{ Body: z.infer<typeof confirmBody> }>(
    '/api/cancellations/confirm',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['operations'],
        summary: 'release the guarded cancellation set with this hash and run the cancel cycle for it',
        body: confirmBody,
        response: {
          200: responses.cycleReport,
          ...errorResponses(
            ...AUTH_ERRORS.admin,
            'INVALID_REQUEST',
            'INVALID_JSON',
            'PAYLOAD_TOO_LARGE',
            'GUARD_HASH_MISMATCH',
            'CYCLE_NOT_RUN',
          ),
        },
      },
    },
    async (request) => {
      const { hash } = request.body;
      // Checked here too, so that a stale hash gets its own code rather than a message to parse.
      const pending = service.readModels().guard().pending;
      if (pending?.hash !== hash) {
        const why = pending ? `the pending set has hash ${pending.hash}` : 'no guarded cancellation set is pending';
        throw new HttpError('GUARD_HASH_MISMATCH', `nothing released: ${why}, not ${hash}`);
      }
      const result = await service.confirmCancellation(hash, actor(request));
      if (!result.ran) throw new HttpError('CYCLE_NOT_RUN', result.error);
      const { report } = result;
      const { cycleId, kind, outcome, counts, guard, error, durationMs, commands } = report;
      return { cycleId, kind, outcome, counts, guard, error, durationMs, commandCount: commands.length };
    },
  );

  app.post(
    '/api/replay',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['operations'],
        summary: 'rebuild every read model from the event log and swap them in',
        response: { 200: responses.replay, ...errorResponses(...AUTH_ERRORS.admin) },
      },
    },
    async () => {
      const { applied, contracts, cycles, identical } = await service.replay();
      return { applied, contracts, cycles, identical };
    },
  );
}
