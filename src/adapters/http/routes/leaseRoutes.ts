import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServiceApi } from '../../../reconciler/serviceApi.ts';
import { AUTH_ERRORS, errorResponses } from '../schemas.ts';

const leaseView = z
  .object({
    role: z.enum(['holder', 'standby']),
    owner: z.string(),
    holder: z.string().nullable(),
    until: z.string().nullable(),
    checkedAt: z.string().nullable(),
  })
  .describe('`holder`: this instance writes to OZmap; `standby`: read-only, `holder` names the instance that writes');

/** Which of the daemons on one store writes to OZmap: a standby serves this API read-only. */
export function leaseRoutes(app: FastifyInstance, service: ServiceApi): void {
  const lease = service.lease?.bind(service);
  if (!lease) return;
  app.get(
    '/api/lease',
    {
      config: { access: 'read' },
      schema: {
        tags: ['cycles'],
        summary: 'the reconciler lease: this instance holds it, or who does',
        response: { 200: leaseView, ...errorResponses(...AUTH_ERRORS.read) },
      },
    },
    async () => lease(),
  );
}
