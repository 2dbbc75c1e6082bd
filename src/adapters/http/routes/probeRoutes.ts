import type { FastifyInstance } from 'fastify';
import type { ServiceApi } from '../../../reconciler/serviceApi.ts';
import { responses } from '../schemas.ts';

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/** Liveness, readiness and metrics: open everywhere, for orchestrators and Prometheus. */
export function probeRoutes(app: FastifyInstance, service: ServiceApi): void {
  app.get(
    '/health',
    {
      config: { access: 'open' },
      schema: { tags: ['probes'], summary: 'the process is up', response: { 200: responses.health } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { access: 'open' },
      schema: {
        tags: ['probes'],
        summary: 'ready to serve: 503 with the reasons when degraded (last cycle failed, guard tripped, ...)',
        response: { 200: responses.ready, 503: responses.ready },
      },
    },
    async (_request, reply) => {
      const readiness = service.readiness();
      return reply
        .code(readiness.ready ? 200 : 503)
        .send({ ready: readiness.ready, reasons: [...readiness.reasons], problems: [...readiness.problems] });
    },
  );

  app.get(
    '/metrics',
    {
      config: { access: 'open' },
      schema: {
        tags: ['probes'],
        summary: 'Prometheus text exposition',
        response: {
          200: {
            description: 'Prometheus text format 0.0.4',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (_request, reply) => reply.type(PROMETHEUS_TEXT).send(await service.metricsText()),
  );
}
