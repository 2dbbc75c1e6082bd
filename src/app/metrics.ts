import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The service's Prometheus metrics, on prom-client: counters and gauges with labels, cycle
 * durations as a histogram (every bucket printed, in order), and prom-client's process metrics
 * (memory, event-loop lag, garbage collection). The names are those the service always had:
 * alert rules out there depend on them.
 */
type Labels = Readonly<Record<string, string>>;

interface Definition {
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly labels: readonly string[];
  /** Label sets shown at zero before anything happened, so a rule can tell "none yet" from "absent". */
  readonly zeroed?: readonly Labels[];
}

const DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800];

export interface Metrics {
  inc(name: string, labels?: Labels, by?: number): void;
  set(name: string, value: number, labels?: Labels): void;
  observeDuration(name: string, seconds: number, labels?: Labels): void;
  render(): Promise<string>;
}

type AnyMetric = Counter | Gauge | Histogram;

let processRegistry: Registry | null = null;

/** The process metrics, collected once per process: each collector starts its own observers. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** One registry per call (not prom-client's global one): two services in a process stay apart. */
export function createMetrics(definitions: Readonly<Record<string, Definition>>): Metrics {
  const registry = new Registry();
  const families = new Map<string, AnyMetric>();
  for (const [name, d] of Object.entries(definitions)) {
    const common = { name, help: d.help, labelNames: [...d.labels], registers: [registry] };
    const metric =
      d.type === 'counter'
        ? new Counter(common)
        : d.type === 'gauge'
          ? new Gauge(common)
          : new Histogram({ ...common, buckets: DURATION_BUCKETS });
    if (metric instanceof Histogram) for (const labels of d.zeroed ?? []) metric.zero(labels);
    families.set(name, metric);
  }
  function family<T extends AnyMetric>(name: string, kind: new (...args: never[]) => T): T {
    const found = families.get(name);
    if (!(found instanceof kind)) throw new Error(`unknown ${kind.name.toLowerCase()} metric ${name}`);
    return found;
  }
  return {
    inc: (name, labels = {}, by = 1) => family(name, Counter).inc(labels, by),
    set: (name, value, labels = {}) => family(name, Gauge).set(labels, value),
    observeDuration: (name, seconds, labels = {}) => family(name, Histogram).observe(labels, seconds),
    render: () => Registry.merge([processMetrics(), registry]).metrics(),
  };
}

/** Every metric the service exports. */
export const serviceMetricDefinitions = {
  sgp_ozmap_cycles_total: { help: 'Cycles run, by kind and outcome.', type: 'counter', labels: ['kind', 'outcome'] },
  sgp_ozmap_cycle_duration_seconds: {
    help: 'Cycle duration, by kind.',
    type: 'histogram',
    labels: ['kind'],
    zeroed: [{ kind: 'sync' }, { kind: 'cancel' }],
  },
  sgp_ozmap_commands_total: {
    help: 'Commands executed, by outcome (created, updated, cancelled, failed, ...).',
    type: 'counter',
    labels: ['outcome'],
  },
  sgp_ozmap_skips: {
    help: 'Contracts not created in the last sync cycle, by reason.',
    type: 'gauge',
    labels: ['reason'],
  },
  sgp_ozmap_upstream_requests_total: {
    help: 'Requests to SGP and OZmap, by upstream, method and status.',
    type: 'counter',
    labels: ['upstream', 'method', 'status'],
  },
  sgp_ozmap_upstream_errors_total: {
    help: 'Failed upstream attempts, by upstream and error code.',
    type: 'counter',
    labels: ['upstream', 'code'],
  },
  sgp_ozmap_last_success_timestamp_seconds: {
    help: 'Unix time the last cycle of each kind completed.',
    type: 'gauge',
    labels: ['kind'],
  },
  sgp_ozmap_ready: { help: '1 when the service is ready, 0 when degraded.', type: 'gauge', labels: [] },
  sgp_ozmap_ozmap_unreadable_records: {
    help: 'OZmap records that did not fit their schema in the last cycle, by kind of cycle (R8, decision 0004).',
    type: 'gauge',
    labels: ['kind'],
  },
  sgp_ozmap_event_log_bytes: {
    help: 'Bytes the SQLite event log holds on disk (file and write-ahead log), after each cycle (decision 0006).',
    type: 'gauge',
    labels: [],
  },
} as const satisfies Record<string, Definition>;
