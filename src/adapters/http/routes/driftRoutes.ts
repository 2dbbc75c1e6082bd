import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ExclusionsApi, ServiceApi } from '../../../reconciler/serviceApi.ts';
import type { DriftService } from '../../../reconciler/driftService.ts';
import { HttpError } from '../httpErrors.ts';
import { AUTH_ERRORS, errorResponses } from '../schemas.ts';

const exclusionBody = z.strictObject({
  kind: z.enum(['contract', 'box']),
  value: z.string().min(1).max(255),
  reason: z.string().max(500).default(''),
});
const exclusionKey = z.strictObject({ kind: z.enum(['contract', 'box']), value: z.string().min(1).max(255) });

// Who did it, for the event log: the token proves the role, the address tells which machine.
const actor = (request: FastifyRequest): string => `api:${request.ip}`;

/**
 * Other writers (R9): the drift list (R9.2) and the exclusions (R9.3). Reads from the service's
 * memory and the local log, no request to SGP or OZmap; changing an exclusion needs the admin token.
 */
export function driftRoutes(app: FastifyInstance, service: ServiceApi): void {
  const drift = (): DriftService => {
    if (!service.drift) throw new HttpError('ROUTE_NOT_FOUND', 'this service keeps no drift list');
    return service.drift;
  };
  const exclusions = (): ExclusionsApi => {
    if (!service.exclusions) throw new HttpError('ROUTE_NOT_FOUND', 'this service keeps no exclusions');
    return service.exclusions;
  };
  const writeErrors = errorResponses(...AUTH_ERRORS.admin, 'INVALID_REQUEST', 'INVALID_JSON', 'PAYLOAD_TOO_LARGE');

  app.get(
    '/api/drift',
    {
      config: { access: 'read' },
      schema: {
        tags: ['other writers'],
        summary: 'the differences between SGP and OZmap known and not written, with why and since when (R9.2)',
        response: errorResponses(...AUTH_ERRORS.read),
      },
    },
    async () => {
      const view = drift().view();
      const now = Date.now();
      const items = view.items.map((item) => ({ ...item, ageMs: Math.max(0, now - Date.parse(item.since)) }));
      return { ...view, items };
    },
  );

  app.get(
    '/api/exclusions',
    {
      config: { access: 'read' },
      schema: {
        tags: ['other writers'],
        summary: 'the contract codes and boxes the service never writes to (R9.3)',
        response: errorResponses(...AUTH_ERRORS.read),
      },
    },
    async () => ({ exclusions: await exclusions().list() }),
  );

  app.post<{ Body: z.infer<typeof exclusionBody> }>(
    '/api/exclusions',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['other writers'],
        summary: 'exclude a contract code or an OZmap box: read and reported, never written, from the next cycle on',
        body: exclusionBody,
        response: writeErrors,
      },
    },
    async (request) => {
      const { kind, value, reason } = request.body;
      const result = await exclusions().add(kind, value, reason, actor(request));
      if (!result.ok) throw new HttpError('INVALID_REQUEST', `body.value: ${result.error}`);
      return { changed: result.changed, exclusions: result.exclusions };
    },
  );

  app.post<{ Body: z.infer<typeof exclusionKey> }>(
    '/api/exclusions/remove',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['other writers'],
        summary: 'lift an exclusion: the next sync writes the contract (or the box) again',
        body: exclusionKey,
        response: { ...writeErrors, ...errorResponses('EXCLUSION_NOT_FOUND') },
      },
    },
    async (request) => {
      const { kind, value } = request.body;
      const result = await exclusions().remove(kind, value, actor(request));
      if (!result.ok) throw new HttpError('EXCLUSION_NOT_FOUND', result.error);
      return { changed: result.changed, exclusions: result.exclusions };
    },
  );
}
