import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './httpErrors.ts';

export interface WriteRateLimit {
  /** Write requests one client address may make per window, all write routes together. */
  readonly max: number;
  readonly timeWindowMs: number;
}

export const DEFAULT_WRITE_RATE_LIMIT: WriteRateLimit = { max: 10, timeWindowMs: 60_000 };

/**
 * One budget per client address shared by every `admin` route (a cycle trigger and a replay
 * draw on the same ten a minute), counted before the token check. Call before `installAuth`:
 * hooks added by earlier `onRoute` hooks run first. Keyed by the socket address; behind a
 * reverse proxy every client shares the proxy's budget.
 */
export async function installWriteRateLimit(
  app: FastifyInstance,
  limit: WriteRateLimit = DEFAULT_WRITE_RATE_LIMIT,
): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new HttpError(
        'RATE_LIMITED',
        `too many write requests: at most ${context.max} per ${limit.timeWindowMs / 1000} s from one address; retry in ${context.after}`,
      ),
  });
  const limiter = app.rateLimit({ max: limit.max, timeWindow: limit.timeWindowMs });
  app.addHook('onRoute', (route) => {
    if (route.config?.access !== 'admin') return;
    const existing =
      route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [...existing, limiter];
  });
}
