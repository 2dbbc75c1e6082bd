/** What each scenario reports, and how requests are read from the simulators' counters. */
import type { Counts } from './sims.ts';

export interface Requests {
  /** SGP reads (`POST /api/ura/clientes/` is a read). */
  readonly sgpReads: number;
  readonly ozmapReads: number;
  readonly ozmapWrites: number;
  /** Every counter, by upstream and "<METHOD> <route>". */
  readonly byKind: { readonly sgp: Counts; readonly ozmap: Counts };
}

export function requestsOf(counts: { sgp: Counts; ozmap: Counts }): Requests {
  const sum = (c: Counts, keep: (key: string) => boolean): number =>
    Object.entries(c).reduce((total, [key, n]) => (keep(key) ? total + n : total), 0);
  const isRead = (key: string): boolean => key.startsWith('GET ') || key === 'POST /api/v2/users/login';
  return {
    sgpReads: sum(counts.sgp, () => true),
    ozmapReads: sum(counts.ozmap, isRead),
    ozmapWrites: sum(counts.ozmap, (key) => !isRead(key)),
    byKind: counts,
  };
}

export interface ScenarioResult {
  readonly contracts: number;
  readonly latencyMs: number;
  readonly scenario: string;
  readonly title: string;
  /** The measured process, start to exit (node start-up included). */
  readonly wallMs: number;
  /** The cycle (or replay, or naive run) alone, as the program timed it. */
  readonly workMs: number;
  readonly requests: Requests | null;
  /** Requests x latency / concurrency, per upstream (the two are read one after the other). */
  readonly networkLowerBoundMs: number | null;
  readonly eventsAppended: number | null;
  /** Objects that differ from SGP before the run, counted by the benchmark itself. */
  readonly differingObjects: number | null;
  /** OZmap writes / differing objects: 1.00 is one write per object that differs. */
  readonly writesPerObject: number | null;
  readonly peakRssMb: number | null;
  /** The most the heap held after a full collection (live data), in MB as V8 counts them. */
  readonly liveHeapMb: number | null;
  /** CPU seconds (user + system) of the measured process. */
  readonly cpuSeconds: number | null;
  readonly checks: readonly string[];
  readonly failures: readonly string[];
  readonly extra: Readonly<Record<string, unknown>>;
}

export function lowerBoundMs(
  requests: Requests,
  latencyMs: number,
  concurrency: { sgp: number; ozmap: number },
): number {
  return (
    (requests.sgpReads * latencyMs) / concurrency.sgp +
    ((requests.ozmapReads + requests.ozmapWrites) * latencyMs) / concurrency.ozmap
  );
}
