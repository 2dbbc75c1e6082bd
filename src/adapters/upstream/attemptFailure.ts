import { parseRetryAfter } from './backoff.ts';
import { UpstreamErrorCode } from './upstreamError.ts';

/** Why one attempt failed, before the transport decides whether to retry it. */
export interface AttemptFailure {
  readonly code: UpstreamErrorCode;
  /** Human text for the error message: no secrets, no query string. */
  readonly problem: string;
  readonly status?: number;
  /** The raw body; the transport redacts it into an excerpt. */
  readonly body?: string;
  readonly retryAfterMs?: number;
  /**
   * False only when the request provably never reached the server (connection refused, name
   * not resolved), the one transport failure an unsafe request may retry.
   */
  readonly mayHaveReachedServer: boolean;
}

/** Maps a non-2xx status to its failure. */
export function failureFromStatus(
  status: number,
  headers: Readonly<Record<string, string>>,
  body: string,
  nowMs: number,
): AttemptFailure {
  const base = { status, body, mayHaveReachedServer: true };
  if (status >= 300 && status < 400) {
    // Redirects are not followed: a POST turned into a GET by a 302 would come back as an HTML
    // page, and the usual cause (http:// for https://, a base URL with a path) is configuration.
    const to = withoutQuery(headers['location'] ?? '');
    return {
      ...base,
      code: UpstreamErrorCode.rejected,
      problem: `redirected (${status}) to ${to || 'nowhere'}: check the base URL`,
    };
  }
  if (status === 401 || status === 403) {
    return { ...base, code: UpstreamErrorCode.credentials, problem: `credentials refused (${status})` };
  }
  if (status === 404) return { ...base, code: UpstreamErrorCode.notFound, problem: 'not found (404)' };
  if (status === 408) return { ...base, code: UpstreamErrorCode.timeout, problem: 'request timeout (408)' };
  const retryAfterMs = parseRetryAfter(headers['retry-after'], nowMs);
  if (status === 429) {
    return { ...base, code: UpstreamErrorCode.rateLimited, problem: 'rate limited (429)', retryAfterMs };
  }
  if (status >= 400 && status < 500) {
    return { ...base, code: UpstreamErrorCode.rejected, problem: `request rejected (${status})` };
  }
  return {
    ...base,
    code: UpstreamErrorCode.server,
    problem: `server error (${status})`,
    ...(status === 503 ? { retryAfterMs } : {}),
  };
}

// Failures raised before a single byte of the request left this host.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
/** A TLS handshake that failed: http spoken to https (or the reverse), or a certificate refused. */
const isTls = (code: string): boolean =>
  /^(ERR_SSL_|ERR_TLS_|CERT_|EPROTO$|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$)/.test(code);

/**
 * Maps what `fetch` (undici) or reading its body threw. undici wraps the system error: a
 * `TypeError("fetch failed")` or `TypeError("terminated")` whose `cause` carries the code
 * (`ECONNRESET`, `UND_ERR_SOCKET` for a socket closed mid-body, ...). The cause's own message is
 * not quoted: undici may include the URL in some messages, and with it a query-string token.
 */
export function failureFromThrown(error: unknown, timedOut: boolean): AttemptFailure {
  if (timedOut || (error instanceof Error && error.name === 'TimeoutError')) {
    return {
      code: UpstreamErrorCode.timeout,
      problem: 'no answer within the request timeout',
      mayHaveReachedServer: true,
    };
  }
  const code = systemCode(error);
  if (code !== undefined && TIMEOUTS.has(code)) {
    return { code: UpstreamErrorCode.timeout, problem: `timed out (${code})`, mayHaveReachedServer: true };
  }
  if (code !== undefined && NOT_SENT.has(code)) {
    return { code: UpstreamErrorCode.connection, problem: `could not connect (${code})`, mayHaveReachedServer: false };
  }
  if (code !== undefined && isTls(code)) {
    // The handshake comes before the request: nothing was sent, but retrying will not help.
    return {
      code: UpstreamErrorCode.connection,
      problem: `the TLS handshake failed (${code})`,
      mayHaveReachedServer: false,
    };
  }
  // fetch refuses some ports outright (the Fetch standard's "bad port" list), before connecting.
  if (error instanceof Error && error.cause instanceof Error && error.cause.message === 'bad port') {
    return {
      code: UpstreamErrorCode.connection,
      problem: 'could not connect (the port is one fetch refuses: "bad port")',
      mayHaveReachedServer: false,
    };
  }
  return {
    code: UpstreamErrorCode.connection,
    problem: `connection failed (${code ?? (error instanceof Error ? error.name : 'unknown error')})`,
    mayHaveReachedServer: true,
  };
}

/** The first `code` string found along the `cause` chain (bounded: causes can be cyclic). */
function systemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    current = current.cause;
  }
  return undefined;
}

export function withoutQuery(pathOrUrl: string): string {
  const cut = pathOrUrl.search(/[?#]/);
  return cut === -1 ? pathOrUrl : pathOrUrl.slice(0, cut);
}

/**
 * The path as a metric label: query dropped, and segments that look like ids (digits, hex
 * object ids, UUIDs) replaced by `:id`, so that a route has a bounded number of values.
 */
export function routeOf(path: string): string {
  return withoutQuery(path)
    .split('/')
    .map((segment) => (isIdSegment(segment) ? ':id' : segment))
    .join('/');
}

function isIdSegment(segment: string): boolean {
  return (
    /^\d+$/.test(segment) ||
    /^(?=.*\d)[0-9a-f]{12,}$/i.test(segment) ||
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment)
  );
}
