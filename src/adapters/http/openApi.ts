import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { openApiRouteSchema } from './zodValidation.ts';

/**
 * The OpenAPI document, built from the routes' own zod schemas. Register before the routes
 * (the document collects them as they are added); the UI at `/docs` comes with its assets in
 * the package, so it works with no network.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'sgp-ozmap',
        version,
        description:
          'Reconciles OZmap with SGP. Reads are open on loopback and need READ_TOKEN (or ADMIN_TOKEN) elsewhere; writes need ADMIN_TOKEN. Errors: `{ error: { code, message } }`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: ({ schema, url, route }) => {
      const access = route.config?.access ?? 'read';
      const converted = openApiRouteSchema(schema);
      return { url, schema: { ...converted, security: access === 'open' ? [] : [{ bearer: [] }] } };
    },
  });
}

/** The UI and `/docs/json`, open: the document holds no data. */
export async function registerOpenApiUi(app: FastifyInstance): Promise<void> {
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'open' };
    });
    // No validator badge: it would make every browser that opens the docs call an outside host.
    await docs.register(swaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null } });
  });
}
