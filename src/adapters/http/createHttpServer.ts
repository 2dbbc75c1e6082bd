import { readFileSync } from 'node:fs';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ServiceApi } from '../../reconciler/serviceApi.ts';
import { installAuth } from './auth.ts';
import { installErrorHandling } from './httpErrors.ts';
import { registerOpenApi, registerOpenApiUi } from './openApi.ts';
import { clientsRoutes } from './routes/clientsRoutes.ts';
import { contestedRoutes } from './routes/contestedRoutes.ts';
import { cyclesRoutes } from './routes/cyclesRoutes.ts';
import { insightsRoutes } from './routes/insightsRoutes.ts';
import { operationsRoutes } from './routes/operationsRoutes.ts';
import { leaseRoutes } from './routes/leaseRoutes.ts';
import { driftRoutes } from './routes/driftRoutes.ts';
import { probeRoutes } from './routes/probeRoutes.ts';
import { scrubResponses } from './scrubResponses.ts';
import { DEFAULT_DASHBOARD_DIR, serveDashboard } from './serveDashboard.ts';
import { DEFAULT_WRITE_RATE_LIMIT, installWriteRateLimit, type WriteRateLimit } from './writeRateLimit.ts';
import { installZodValidation } from './zodValidation.ts';

/** Bodies are a kind and a hash: anything bigger is a mistake or an attack. */
export const BODY_LIMIT_BYTES = 16 * 1024;

export interface HttpServerOptions {
  readonly service: ServiceApi;
  /** The address the server will listen on; off loopback, reads need a token. */
  readonly host: string;
  readonly adminToken?: string | undefined;
  readonly readToken?: string | undefined;
  /** The service's logger (request lines), or false for none. */
  readonly logger?: Logger | false;
  /** Every configured secret value (configSecrets): none appears in a response. */
  readonly secrets: readonly string[];
  /** The dashboard's static files; `src/adapters/http/dashboard/` by default. */
  readonly dashboardDir?: string;
  readonly writeRateLimit?: WriteRateLimit;
}

function packageVersion(): string {
  // The nearest package.json up the tree: three levels up in src/, four in the build (dist/src/).
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    try {
      const text = readFileSync(new URL('package.json', dir), 'utf8');
      return (JSON.parse(text) as { version?: string }).version ?? 'unknown';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dir.pathname === '/') return 'unknown';
    }
  }
}

/**
 * The API of docs/api-contract.md, its OpenAPI document at `/docs`, and the dashboard at `/`;
 * ready, not listening (`listen` it, or `inject` in tests).
 */
export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  // Typed as Fastify's base logger, so the instance is a plain FastifyInstance.
  const loggerInstance: FastifyBaseLogger | undefined = options.logger || undefined;
  const app: FastifyInstance = Fastify({
    ...(loggerInstance ? { loggerInstance } : { logger: false }),
    bodyLimit: BODY_LIMIT_BYTES,
  });
  const version = packageVersion();

  // 1. Request handling every route shares: zod validation, one error shape, scrubbed answers.
  installZodValidation(app);
  installErrorHandling(app);
  scrubResponses(app, options.secrets);
  app.addHook('onSend', async (request, reply, payload) => {
    // API answers carry data a token guarded: no shared cache may keep them.
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
    void reply.header('x-content-type-options', 'nosniff');
    return payload;
  });

  // 2. Hooks that routes pick up as they are added: the write limit before the access check.
  await installWriteRateLimit(app, options.writeRateLimit ?? DEFAULT_WRITE_RATE_LIMIT);
  installAuth(app, { host: options.host, adminToken: options.adminToken, readToken: options.readToken });
  await registerOpenApi(app, version);

  // 3. The routes.
  probeRoutes(app, options.service);
  clientsRoutes(app, options.service);
  cyclesRoutes(app, options.service, version);
  operationsRoutes(app, options.service);
  insightsRoutes(app, options.service);
  leaseRoutes(app, options.service);
  driftRoutes(app, options.service);
  contestedRoutes(app, options.service);
  await registerOpenApiUi(app);
  await serveDashboard(app, options.dashboardDir ?? DEFAULT_DASHBOARD_DIR);

  await app.ready();
  return app;
}
