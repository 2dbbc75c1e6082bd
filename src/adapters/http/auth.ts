import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { isLoopbackHost } from '../../domain/loopbackHost.ts';
import { HttpError } from './httpErrors.ts';

/**
 * Who may call a route (docs/api-contract.md): `open` to anyone; `read` open on loopback and
 * behind READ_TOKEN (or ADMIN_TOKEN) elsewhere; `admin` behind ADMIN_TOKEN everywhere.
 */
export type Access = 'open' | 'read' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Left out means `read`: a route someone forgot to declare is never open by mistake. */
    access?: Access;
  }
}

export interface AuthOptions {
  /** The address the server will listen on: it decides whether reads need a token. */
  readonly host: string;
  readonly adminToken?: string | undefined;
  readonly readToken?: string | undefined;
}

// Digests have one length whatever the token's, so timingSafeEqual can compare them and the
// time taken tells nothing about the token's length or its first differing byte.
const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** True when `presented` equals one of `accepted`; every candidate is compared, always. */
function matchesAny(presented: string, accepted: readonly Buffer[]): boolean {
  const candidate = digest(presented);
  let found = false;
  for (const token of accepted) found = timingSafeEqual(candidate, token) || found;
  return found;
}

const unauthorized = (what: string): HttpError =>
  new HttpError('UNAUTHORIZED', `${what} needs the header "Authorization: Bearer <token>" with a valid token`, {
    'www-authenticate': 'Bearer realm="sgp-ozmap"',
  });

/** The access check of every route, by its `config.access`. */
function createAccessCheck(options: AuthOptions): (access: Access, request: FastifyRequest) => void {
  const configured = (token: string | undefined): token is string => token !== undefined && token !== '';
  const admin = configured(options.adminToken) ? [digest(options.adminToken)] : [];
  const readers = [...admin, ...(configured(options.readToken) ? [digest(options.readToken)] : [])];
  const readsAreOpen = isLoopbackHost(options.host);

  return (access, request) => {
    if (access === 'open') return;
    if (access === 'admin') {
      if (admin.length === 0) {
        throw new HttpError(
          'ADMIN_TOKEN_NOT_CONFIGURED',
          'write endpoints are disabled because ADMIN_TOKEN is not configured; set ADMIN_TOKEN to enable them',
        );
      }
      const token = bearerToken(request);
      if (token === null || !matchesAny(token, admin)) throw unauthorized('this write endpoint');
      return;
    }
    if (readsAreOpen) return;
    if (readers.length === 0) {
      throw new HttpError(
        'READ_TOKEN_NOT_CONFIGURED',
        `reads are disabled because the server listens on ${options.host}, not on loopback, and neither READ_TOKEN nor ADMIN_TOKEN is configured`,
      );
    }
    const token = bearerToken(request);
    if (token === null || !matchesAny(token, readers)) throw unauthorized('off loopback, this read endpoint');
  };
}

/**
 * Adds the access check to every route as a route-level `onRequest` hook. Route-level, after
 * the hooks added before it (the write rate limit): a failed write attempt still counts
 * against the limit, so guessing ADMIN_TOKEN is as slow as writing.
 */
export function installAuth(app: FastifyInstance, options: AuthOptions): void {
  const check = createAccessCheck(options);
  const hook: onRequestHookHandler = async (request) => {
    check(request.routeOptions.config.access ?? 'read', request);
  };
  app.addHook('onRoute', (route) => {
    const existing =
      route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [...existing, hook];
  });
}
