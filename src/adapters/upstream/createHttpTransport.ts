import type { AttemptFailure } from './attemptFailure.ts';
import { failureFromStatus, failureFromThrown, routeOf, withoutQuery } from './attemptFailure.ts';
import { backoffDelay } from './backoff.ts';
import { createConcurrencyLimiter } from './concurrencyLimiter.ts';
import type { HttpTransport, UpstreamRequest, UpstreamResponse } from './httpTransport.ts';
import { abortable, createRateLimiter } from './rateLimiter.ts';
import { createRedactor } from './redactor.ts';
import { reachAdvice } from './reachAdvice.ts';
import type { Redactor } from './redactor.ts';
import type { Upstream } from './upstreamError.ts';
import { nodeHttpFetch, type FetchLike } from './nodeHttpFetch.ts';
import { isRetryable, UpstreamError, UpstreamErrorCode } from './upstreamError.ts';

/** One attempt, as reported to `onRequest` (metrics, debug logs): never a query or a body. */
export interface UpstreamRequestInfo {
  readonly upstream: Upstream;
  readonly method: string;
  /** The path without query and with ids replaced, e.g. `/api/v2/properties/:id`. */
  readonly route: string;
  readonly status?: number;
  readonly durationMs: number;
  /** 1-based. */
  readonly attempt: number;
  readonly errorCode?: UpstreamErrorCode;
}

export interface HttpTransportOptions {
  readonly upstream: Upstream;
  /** Instance base without a path, e.g. `https://isp.sgp.net.br`; request paths are appended. */
  readonly baseUrl: string;
  readonly concurrency: number;
  readonly maxRps: number;
  /** Per attempt, from sending the request to the end of the body. */
  readonly timeoutMs: number;
  /** Attempts per request, the first included. Default 5. */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /**
   * A `Retry-After` longer than this fails the request at once instead of stalling the cycle
   * (the next cycle tries again). Default 60 s.
   */
  readonly maxRetryAfterMs?: number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Milliseconds, wall-clock aligned (an HTTP-date `Retry-After` is compared with it). */
  readonly now?: () => number;
  /** Values scrubbed from every message and body excerpt (tokens, passwords, keys). */
  readonly secrets?: readonly string[];
  readonly onRequest?: (info: UpstreamRequestInfo) => void;
  readonly fetch?: FetchLike;
  /**
   * Runs before every attempt, retries included; what it throws fails the request unsent. The
   * engine fences OZmap writes with its lease here, and stops retrying once the service stops.
   */
  readonly beforeAttempt?: (request: UpstreamRequest, attempt: number) => void | Promise<void>;
}

const LABEL: Record<Upstream, string> = { sgp: 'SGP', ozmap: 'OZmap' };

type AttemptOutcome = { readonly response: UpstreamResponse } | { readonly failure: AttemptFailure };

/** The HttpTransport over node:http (nodeHttpFetch.ts) or an injected fetch: limits, retries and typed, secret-free errors. */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const settings = resolveSettings(options);
  const redactor = createRedactor(options.secrets);
  const slots = createConcurrencyLimiter(options.concurrency);
  const rate = createRateLimiter({ maxRps: options.maxRps, now: settings.now, sleep: settings.sleep });
  const base = new URL(options.baseUrl).href.replace(/\/+$/, '');
  const report = (info: UpstreamRequestInfo): void => {
    try {
      options.onRequest?.(info);
    } catch {
      // A failing metrics or log callback must not fail the request it describes.
    }
  };

  async function attempt(request: UpstreamRequest, number: number): Promise<AttemptOutcome> {
    const release = await slots.acquire(request.signal);
    try {
      await rate.acquire(request.signal);
      const started = settings.now();
      const outcome = await send(request, base, settings);
      const failure = 'failure' in outcome ? outcome.failure : undefined;
      report({
        upstream: options.upstream,
        method: request.method,
        route: routeOf(request.path),
        status: failure ? failure.status : 'response' in outcome ? outcome.response.status : undefined,
        durationMs: Math.max(0, settings.now() - started),
        attempt: number,
        errorCode: failure?.code,
      });
      return outcome;
    } finally {
      release();
    }
  }

  return {
    upstream: options.upstream,
    async request(request) {
      const unsafe = (request.retry ?? (request.method === 'POST' ? 'unsafe' : 'safe')) === 'unsafe';
      for (let number = 1; ; number += 1) {
        await options.beforeAttempt?.(request, number);
        const outcome = await attempt(request, number);
        if ('response' in outcome) return outcome.response;
        const { failure } = outcome;
        const next = nextStep(failure, number, unsafe, settings);
        if ('giveUp' in next)
          throw toUpstreamError(
            options.upstream,
            request,
            failure,
            number,
            `${next.giveUp}${reachAdvice(options.upstream, failure.code, base, settings.timeoutMs)}`,
            redactor,
          );
        await abortable(settings.sleep(next.retryInMs), request.signal);
      }
    },
  };
}

interface Settings {
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly maxRetryAfterMs: number;
  readonly backoff: { baseDelayMs: number; maxDelayMs: number; random: () => number };
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly fetch: FetchLike;
}

function resolveSettings(options: HttpTransportOptions): Settings {
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be an integer >= 1, got ${maxAttempts}`);
  }
  if (!(options.timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0, got ${options.timeoutMs}`);
  return {
    timeoutMs: options.timeoutMs,
    maxAttempts,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    backoff: {
      baseDelayMs: options.baseDelayMs ?? 200,
      maxDelayMs: options.maxDelayMs ?? 10_000,
      random: options.random ?? Math.random,
    },
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    // Monotonic but wall-clock aligned: the rate limiter must not jump with NTP.
    now: options.now ?? (() => performance.timeOrigin + performance.now()),
    fetch: options.fetch ?? nodeHttpFetch,
  };
}

/** Wait and retry, or give up (with what the message should add about why). */
function nextStep(
  failure: AttemptFailure,
  failedAttempt: number,
  unsafe: boolean,
  settings: Settings,
): { readonly retryInMs: number } | { readonly giveUp: string } {
  if (!isRetryable(failure.code)) return { giveUp: '' };
  // An unsafe request (a write) may have taken effect unless it never left: retrying could
  // apply it twice. That holds for a 429 too: OZmap documents no rate limit, so a 429 may come
  // from whatever stands in front of it, after the write went through (the model-based runs
  // found a duplicate client that way). The caller re-checks by code on its next attempt.
  if (unsafe && failure.mayHaveReachedServer) {
    return { giveUp: ', not retried: the write may have taken effect' };
  }
  if (failedAttempt >= settings.maxAttempts) return { giveUp: '' };
  if (failure.retryAfterMs === undefined) return { retryInMs: backoffDelay(failedAttempt, settings.backoff) };
  if (failure.retryAfterMs > settings.maxRetryAfterMs) {
    return { giveUp: `, not retried: Retry-After asks for ${Math.ceil(failure.retryAfterMs / 1000)} s` };
  }
  return { retryInMs: failure.retryAfterMs };
}

/**
 * The attempt's timeout: an AbortSignal that aborts as `AbortSignal.timeout` does (a
 * `TimeoutError`), but whose timer is cleared once the attempt is over. `AbortSignal.timeout`
 * keeps its timer, signal and listeners alive for the whole timeout after the answer came:
 * tens of thousands of them at a few hundred requests a second.
 */
function attemptTimeout(ms: number): { readonly signal: AbortSignal; readonly clear: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    ms,
  );
  timer.unref();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

async function send(request: UpstreamRequest, base: string, settings: Settings): Promise<AttemptOutcome> {
  const deadline = attemptTimeout(settings.timeoutMs);
  const timeout = deadline.signal;
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  try {
    const response = await settings.fetch(buildUrl(base, request), {
      method: request.method,
      headers: buildHeaders(request),
      body: buildBody(request),
      signal,
      redirect: 'manual',
    });
    // Read inside the try: a socket closed mid-body or the timeout firing during the read is a
    // failure of this attempt like any other.
    const text = await response.text();
    const headers = Object.fromEntries(response.headers);
    const received: UpstreamResponse = { status: response.status, headers, text };
    if (response.status < 200 || response.status >= 300) {
      return { failure: failureFromStatus(response.status, headers, text, settings.now()) };
    }
    const problem = checkResponse(request, received);
    return problem ? { failure: problem } : { response: received };
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason;
    return { failure: failureFromThrown(error, timeout.aborted) };
  } finally {
    deadline.clear();
  }
}

function checkResponse(request: UpstreamRequest, response: UpstreamResponse): AttemptFailure | undefined {
  const base = { status: response.status, body: response.text, mayHaveReachedServer: true };
  try {
    const problem = request.check?.(response);
    return problem ? { ...base, code: problem.code, problem: problem.problem } : undefined;
  } catch {
    return { ...base, code: UpstreamErrorCode.badResponse, problem: 'the response could not be read' };
  }
}

function buildUrl(base: string, request: UpstreamRequest): string {
  const url = new URL(base + request.path);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.href;
}

function buildHeaders(request: UpstreamRequest): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'sgp-ozmap' };
  if (request.body?.kind === 'json') headers['content-type'] = 'application/json';
  if (request.body?.kind === 'form') headers['content-type'] = 'application/x-www-form-urlencoded';
  return { ...headers, ...request.headers };
}

function buildBody(request: UpstreamRequest): string | undefined {
  if (request.body === undefined) return undefined;
  if (request.body.kind === 'json') return JSON.stringify(request.body.value);
  return new URLSearchParams(request.body.value).toString();
}

function toUpstreamError(
  upstream: Upstream,
  request: UpstreamRequest,
  failure: AttemptFailure,
  attempts: number,
  suffix: string,
  redactor: Redactor,
): UpstreamError {
  const path = redactor.text(withoutQuery(request.path));
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  const message = redactor.text(`${LABEL[upstream]} ${request.method} ${path}: ${failure.problem}${tries}${suffix}`);
  return new UpstreamError(failure.code, message, {
    upstream,
    method: request.method,
    path,
    ...(failure.status !== undefined ? { status: failure.status } : {}),
    attempts,
    ...(failure.body !== undefined && failure.body.length > 0 ? { body: redactor.excerpt(failure.body) } : {}),
  });
}
