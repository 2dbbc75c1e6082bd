import type { Upstream, UpstreamErrorCode } from './upstreamError.ts';

type RequestBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'form'; readonly value: Readonly<Record<string, string>> };

export interface UpstreamRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path below the base URL, starting with `/` (e.g. `/api/v2/boxes`). */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: RequestBody;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * `safe` (default for GET, PATCH, PUT, DELETE): retried on every retryable failure.
   * `unsafe` (default for POST): a failure after the request may have reached the server
   * (timeout, reset, 5xx) is NOT retried here, because the write may have taken effect; the
   * caller re-checks (a creation looks the client up by code first). 429 and a refused
   * connection are retried, since nothing was applied.
   */
  readonly retry?: 'safe' | 'unsafe';
  /**
   * Checks a 2xx response before `request` resolves with it, so that a body that is not the
   * expected JSON is retried by the transport like any other retryable failure (one retry budget,
   * one backoff, one rate limit). Return a problem to fail the attempt: `UPSTREAM_BAD_RESPONSE`
   * is retried (on `safe` requests only: an unsafe write may have taken effect),
   * `UPSTREAM_BUSINESS_ERROR` rejects at once. A check that throws counts as a bad response.
   * A caller that needs the parsed body keeps it from its own check (it runs once per attempt,
   * the last call is the accepted response).
   */
  readonly check?: (response: UpstreamResponse) => ResponseProblem | undefined;
  /**
   * Stops the request, its retries and its waits; `request` then rejects with the signal's
   * reason (not an UpstreamError: the caller stopped it, the upstream did not fail).
   */
  readonly signal?: AbortSignal;
}

/** Why a 2xx response is not acceptable; `problem` must name no secret (it is scrubbed anyway). */
export interface ResponseProblem {
  readonly code: Extract<UpstreamErrorCode, 'UPSTREAM_BAD_RESPONSE' | 'UPSTREAM_BUSINESS_ERROR'>;
  readonly problem: string;
}

export interface UpstreamResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

/** What every client needs from HTTP: one request with retries, limits and typed errors. */
export interface HttpTransport {
  readonly upstream: Upstream;
  /**
   * Sends the request; resolves with any 2xx response; rejects with an `UpstreamError` for
   * everything else (after retries where allowed). 404 rejects with `UPSTREAM_NOT_FOUND`.
   */
  request(request: UpstreamRequest): Promise<UpstreamResponse>;
}
