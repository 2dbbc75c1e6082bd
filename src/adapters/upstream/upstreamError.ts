import type { FailureCode } from '../../domain/failureCodes.ts';

/** Which remote system a request went to. */
export type Upstream = 'sgp' | 'ozmap';

/** The upstream failures' names for the codes of the catalogue (src/domain/failureCodes.ts). */
export const UpstreamErrorCode = {
  /** No answer within REQUEST_TIMEOUT. Retryable. */
  timeout: 'UPSTREAM_TIMEOUT',
  /** Connection refused, reset or closed mid-body. Retryable. */
  connection: 'UPSTREAM_CONNECTION',
  /** 429. Retryable after Retry-After. */
  rateLimited: 'UPSTREAM_RATE_LIMITED',
  /** 5xx. Retryable. */
  server: 'UPSTREAM_SERVER_ERROR',
  /** A 2xx whose body is not the expected JSON (an HTML page, a truncated body). Retryable. */
  badResponse: 'UPSTREAM_BAD_RESPONSE',
  /** 401/403 with a credential problem: a configuration error, not retried. */
  credentials: 'UPSTREAM_CREDENTIALS',
  /** 404. */
  notFound: 'UPSTREAM_NOT_FOUND',
  /** Any other 4xx: the upstream refused this request; terminal for the command. */
  rejected: 'UPSTREAM_REJECTED',
  /** SGP answered 200 with `{status: 0, msg}`: a business error. */
  business: 'UPSTREAM_BUSINESS_ERROR',
} as const satisfies Record<string, FailureCode>;
export type UpstreamErrorCode = (typeof UpstreamErrorCode)[keyof typeof UpstreamErrorCode];

export interface UpstreamErrorDetails {
  readonly upstream: Upstream;
  readonly method: string;
  /** The request path without query string or credentials. */
  readonly path: string;
  readonly status?: number;
  readonly attempts?: number;
  /** A short excerpt of the response body, secrets scrubbed. */
  readonly body?: string;
}

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  constructor(
    readonly code: UpstreamErrorCode,
    message: string,
    readonly details: UpstreamErrorDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    return isRetryable(this.code);
  }
}

/** Whether a failure with this code may succeed when tried again. */
export function isRetryable(code: UpstreamErrorCode): boolean {
  return RETRYABLE.has(code);
}

const RETRYABLE: ReadonlySet<UpstreamErrorCode> = new Set([
  UpstreamErrorCode.timeout,
  UpstreamErrorCode.connection,
  UpstreamErrorCode.rateLimited,
  UpstreamErrorCode.server,
  UpstreamErrorCode.badResponse,
]);
