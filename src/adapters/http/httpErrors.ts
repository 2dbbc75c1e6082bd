import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Every error the API answers, by stable code, with its HTTP status: declared here only, so
 * that the dashboard and scripts can branch on `error.code` and tests can match on it.
 */
export const HTTP_ERRORS = {
  INVALID_REQUEST: 400,
  INVALID_CURSOR: 400,
  INVALID_JSON: 400,
  UNAUTHORIZED: 401,
  ADMIN_TOKEN_NOT_CONFIGURED: 403,
  READ_TOKEN_NOT_CONFIGURED: 403,
  CONTRACT_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  EXCLUSION_NOT_FOUND: 404,
  GUARD_HASH_MISMATCH: 409,
  CYCLE_NOT_RUN: 409,
  NOTHING_TO_RESOLVE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  PLAN_UNAVAILABLE: 502,
} as const;

export type HttpErrorCode = keyof typeof HTTP_ERRORS;

interface ErrorBody {
  readonly error: { readonly code: HttpErrorCode; readonly message: string };
}

/** An error a route throws on purpose; the error handler answers it as `{ error }`. */
export class HttpError extends Error {
  readonly code: HttpErrorCode;
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: HttpErrorCode, message: string, headers: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.statusCode = HTTP_ERRORS[code];
    this.headers = headers;
  }
}

const errorBody = (code: HttpErrorCode, message: string): ErrorBody => ({ error: { code, message } });

// Fastify's own errors that are the client's fault, mapped to ours so every answer has one shape.
const FASTIFY_CODES: Readonly<Record<string, HttpErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
};

/** Maps anything thrown to a code and a message that is safe to show. */
function toHttpError(error: FastifyError | Error): HttpError {
  if (error instanceof HttpError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) return new HttpError('INVALID_REQUEST', error.message);
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return new HttpError(mapped, error.message);
  // JSON.parse's own SyntaxError, thrown by the body parser with a 400 status.
  if (error instanceof SyntaxError && fastifyError.statusCode === 400)
    return new HttpError('INVALID_JSON', `body is not valid JSON: ${error.message}`);
  // Unknown failures keep their detail in the log only: a message can quote an upstream answer.
  return new HttpError('INTERNAL_ERROR', 'internal error; the server log has the detail');
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const answer = toHttpError(error);
    if (answer.code === 'INTERNAL_ERROR') request.log.error({ err: error }, 'request failed');
    void reply.code(answer.statusCode).headers(answer.headers).send(errorBody(answer.code, answer.message));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(errorBody('ROUTE_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}
