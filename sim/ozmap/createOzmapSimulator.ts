/**
 * An in-memory OZmap API v2 (OZMAP-API.md), close enough to the real one that the service and
 * the official SDK both run against it: raw-key authentication, lists with filters in the query
 * string or in a JSON body on the GET, `skip`-based `nextUrl`, the three id/reference shapes a
 * tenant may answer in, and the port bookkeeping of properties on splitters.
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { registerSimHooks } from '../shared/registerSimHooks.ts';
import type { OzmapFixture } from './ozmapFixture.ts';
import { registerOzmapReadRoutes } from './ozmapReadRoutes.ts';
import { createOzmapShaper } from './ozmapShape.ts';
import type { IdShape, RefShape } from './ozmapShape.ts';
import { parseBody, simError } from './ozmapSimError.ts';
import { registerOzmapSimRoutes } from './ozmapSimRoutes.ts';
import type { OzmapSimAuth } from './ozmapSimRoutes.ts';
import { createOzmapState } from './ozmapState.ts';
import { registerOzmapWriteRoutes } from './ozmapWriteRoutes.ts';

export interface OzmapSimulatorOptions {
  readonly fixture: OzmapFixture;
  readonly apiKey: string;
  /** How objects carry their id: `_id` (OZmap's examples), `id` (the SDK's types) or both. */
  readonly idShape?: IdShape;
  /** References (`property.box`, `property.client`, `splitter.parent`) as ids or embedded. */
  readonly refShape?: RefShape;
  /** Largest accepted `limit`; above it a list answers 400. Default 1000. */
  readonly maxLimit?: number;
  /** Seeds generated ids and the fault PRNG. */
  readonly seed?: number;
  readonly clock?: () => Date;
  /** Accepted by `POST /api/v2/users/login?type=API`. Default `sim`/`sim`. */
  readonly login?: string;
  readonly password?: string;
  readonly logger?: boolean;
}

const loginBody = z.object({ login: z.string(), password: z.string() });

/** Builds the simulator, not listening: the caller listens or uses `inject`. */
export async function createOzmapSimulator(options: OzmapSimulatorOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false });
  const state = createOzmapState({
    fixture: options.fixture,
    clock: options.clock ?? (() => new Date()),
    seed: options.seed ?? 1,
  });
  const shaper = createOzmapShaper({ state, idShape: options.idShape ?? 'id', refShape: options.refShape ?? 'id' });
  const auth: OzmapSimAuth = {
    apiKey: options.apiKey,
    login: options.login ?? 'sim',
    password: options.password ?? 'sim',
  };
  acceptJsonBodies(app);
  // Before any other hook: a request refused by authentication still counts and can be faulted.
  registerSimHooks(app, { name: 'ozmap', seed: options.seed });
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    return reply.code(status).send({ statusCode: status, code: error.code ?? 'INTERNAL', message: error.message });
  });
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v2/') || request.routeOptions.url === '/api/v2/users/login') return;
    // The raw key, exactly (no "Bearer"): that is what OZmap and the SDK use [sdk]/[doc].
    if (request.headers.authorization !== auth.apiKey) {
      throw simError('unauthorized', 'missing or invalid Authorization header: the raw API key is expected');
    }
  });

  app.post<{ Querystring: { type?: string } }>('/api/v2/users/login', async (request) => {
    if (request.query.type !== 'API') throw simError('badRequest', 'POST users/login: query type=API is required');
    const { login, password } = parseBody(loginBody, request.body, 'POST users/login');
    if (login !== auth.login || password !== auth.password) {
      throw simError('unauthorized', 'POST users/login: wrong login or password');
    }
    return { authorization: auth.apiKey };
  });
  const context = { state, shaper, maxLimit: options.maxLimit ?? 1000 };
  registerOzmapReadRoutes(app, context);
  registerOzmapWriteRoutes(app, context);
  registerOzmapSimRoutes(app, state, auth);
  return app;
}

/**
 * The SDK sends `{filter, sort}` as a JSON body on every GET, so GET must have its body parsed
 * (Fastify ignores GET bodies by default); and an empty JSON body (some clients send the header
 * alone) is no body rather than a 400.
 */
function acceptJsonBodies(app: FastifyInstance): void {
  app.addHttpMethod('GET', { hasBody: true, overrideExisting: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(simError('badRequest', 'the request body is not valid JSON'), undefined);
    }
  });
}
