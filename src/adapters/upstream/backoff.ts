export interface BackoffPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Uniform in [0, 1), injected so that tests and fast-check runs replay exactly. */
  readonly random: () => number;
}

/**
 * "Full jitter" exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a uniform draw in [0, min(max, base * 2^(n-1))] after failed attempt n. Full jitter spreads
 * the retries of many requests that failed together, which a fixed exponential step does not.
 */
export function backoffDelay(failedAttempt: number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempt - 1));
  const draw = Math.min(Math.max(policy.random(), 0), 1);
  return Math.round(draw * ceiling);
}

/**
 * `Retry-After` as milliseconds from `nowMs`: delay-seconds or an HTTP date (RFC 9110 10.2.3).
 * Undefined when absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only something shaped like a date: Date.parse also accepts bare numbers such as "1.5".
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
