import { z } from 'zod';

/**
 * The one catalogue of failure codes, from the adapter that raises a failure to the cycle
 * history, the alerts and a contract's trail. Decisions (retry, alert kind, exit code) are made
 * on these codes, never on an error's message text.
 */
export const FailureCode = z.enum([
  /** No answer within REQUEST_TIMEOUT. Retryable. */
  'UPSTREAM_TIMEOUT',
  /** Connection refused, reset, unresolved, a failed TLS handshake. Retryable. */
  'UPSTREAM_CONNECTION',
  /** 429. Retryable after Retry-After. */
  'UPSTREAM_RATE_LIMITED',
  /** 5xx. Retryable. */
  'UPSTREAM_SERVER_ERROR',
  /** A 2xx whose body is not the expected JSON. Retryable. */
  'UPSTREAM_BAD_RESPONSE',
  /** 401/403: the credentials were refused; a configuration error, not retried. */
  'UPSTREAM_CREDENTIALS',
  /** 404. */
  'UPSTREAM_NOT_FOUND',
  /** Any other 4xx, or a redirect. */
  'UPSTREAM_REJECTED',
  /** SGP answered 200 with `{status: 0, msg}`. */
  'UPSTREAM_BUSINESS_ERROR',
  /** A creation with no coordinates anywhere. */
  'NO_COORDINATES',
  /** A single-object OZmap lookup (R3.2 re-check, a property) could not be read whole. Retryable next cycle. */
  'OZMAP_READ_INCOMPLETE',
  /** An OZmap record a command needs does not fit its schema (R8). */
  'OZMAP_RECORD_INVALID',
  /** This instance no longer holds the reconciler lease: the write was not sent (another instance writes). */
  'LEASE_LOST',
  /**
   * A write whose outcome was unknown (the process stopped, OZmap's answer was lost) and that a
   * later complete read of OZmap showed did not take effect; the next plan decides again.
   */
  'OUTCOME_RESOLVED',
  /** A SQLite file (event log or read models) is damaged. */
  'STORE_DAMAGED',
  /** Anything else: a bug, reported with its stack. */
  'INTERNAL',
]);
export type FailureCode = z.infer<typeof FailureCode>;

/**
 * A failure as the audit trail records it: a code of the catalogue and a message. A code outside
 * the catalogue (an error nobody classified, or an event written before the catalogue existed,
 * when `error.code` was free text) becomes INTERNAL, and the code it had leads the message, so
 * nothing is lost. Decided here once, for the executor and for reading old logs (upcast.ts).
 */
export function recordedFailure(code: unknown, message: string): { code: FailureCode; message: string } {
  const parsed = FailureCode.safeParse(code);
  if (parsed.success) return { code: parsed.data, message };
  return { code: 'INTERNAL', message: typeof code === 'string' && code !== '' ? `${code}: ${message}` : message };
}

/** The code an error carries in its `code` field, when it is one of the catalogue's; else INTERNAL. */
export function failureCodeOf(error: unknown): FailureCode {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const parsed = FailureCode.safeParse(code);
  return parsed.success ? parsed.data : 'INTERNAL';
}
