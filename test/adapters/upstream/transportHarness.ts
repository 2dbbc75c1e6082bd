import { createHttpTransport } from '../../../src/adapters/upstream/createHttpTransport.ts';
import type { HttpTransportOptions, UpstreamRequestInfo } from '../../../src/adapters/upstream/createHttpTransport.ts';
import type { HttpTransport } from '../../../src/adapters/upstream/httpTransport.ts';
import { UpstreamError } from '../../../src/adapters/upstream/upstreamError.ts';

export interface TransportHarness {
  readonly transport: HttpTransport;
  /** Every backoff/limiter wait asked for, in ms; the injected sleep returns at once. */
  readonly sleeps: number[];
  readonly infos: UpstreamRequestInfo[];
}

/** A transport on `baseUrl` with instant, recorded sleeps and no rate cap unless overridden. */
export function harness(baseUrl: string, overrides: Partial<HttpTransportOptions> = {}): TransportHarness {
  const sleeps: number[] = [];
  const infos: UpstreamRequestInfo[] = [];
  const transport = createHttpTransport({
    upstream: 'sgp',
    baseUrl,
    concurrency: 4,
    maxRps: Number.POSITIVE_INFINITY,
    timeoutMs: 2_000,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onRequest: (info) => infos.push(info),
    ...overrides,
  });
  return { transport, sleeps, infos };
}

/** The UpstreamError a promise rejects with (fails the test if it resolves or throws otherwise). */
export async function upstreamErrorOf(promise: Promise<unknown>): Promise<UpstreamError> {
  const outcome = await promise.then(
    () => new Error('expected a rejection, got a response'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof UpstreamError)) throw outcome instanceof Error ? outcome : new Error(String(outcome));
  return outcome;
}

/** A deterministic `random`: the given draws, in order, then the last one again. */
export function draws(...values: number[]): () => number {
  let index = 0;
  return () => values[Math.min(index++, values.length - 1)] ?? 0;
}
