/**
 * The service's Prometheus metrics, in the text exposition format, with no dependency: a few
 * counters and gauges with labels, and cycle durations as a histogram.
 */
type Labels = Readonly<Record<string, string>>;

interface Family {
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly values: Map<string, number>;
}

const DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800];

const labelKey = (labels: Labels): string =>
  Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');

export interface Metrics {
  inc(name: string, labels?: Labels, by?: number): void;
  set(name: string, value: number, labels?: Labels): void;
  observeDuration(name: string, seconds: number, labels?: Labels): void;
  render(): string;
}

export function createMetrics(definitions: Readonly<Record<string, { help: string; type: Family['type'] }>>): Metrics {
  const families = new Map<string, Family>(Object.entries(definitions).map(([name, d]) => [name, { ...d, values: new Map() }]));
  const family = (name: string): Family => {
    const found = families.get(name);
    if (!found) throw new Error(`unknown metric ${name}`);
    return found;
  };
  return {
    inc(name, labels = {}, by = 1) {
      const values = family(name).values;
      const key = labelKey(labels);
      values.set(key, (values.get(key) ?? 0) + by);
    },
    set(name, value, labels = {}) {
      family(name).values.set(labelKey(labels), value);
    },
    observeDuration(name, seconds, labels = {}) {
      const values = family(name).values;
      const base = labelKey(labels);
      const join = (extra: string): string => (base ? `${base},${extra}` : extra);
      for (const le of DURATION_BUCKETS) {
        if (seconds <= le) values.set(`bucket|${join(`le="${le}"`)}`, (values.get(`bucket|${join(`le="${le}"`)}`) ?? 0) + 1);
      }
      const inf = `bucket|${join('le="+Inf"')}`;
      values.set(inf, (values.get(inf) ?? 0) + 1);
      values.set(`sum|${base}`, (values.get(`sum|${base}`) ?? 0) + seconds);
      values.set(`count|${base}`, (values.get(`count|${base}`) ?? 0) + 1);
    },
    render() {
      const lines: string[] = [];
      for (const [name, f] of families) {
        lines.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
        for (const [key, value] of f.values) {
          if (f.type === 'histogram') {
            const [part, labels] = key.split('|') as [string, string];
            lines.push(`${name}_${part}${labels ? `{${labels}}` : ''} ${value}`);
          } else {
            lines.push(`${name}${key ? `{${key}}` : ''} ${value}`);
          }
        }
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

/** Every metric the service exports. */
export const serviceMetricDefinitions = {
  sgp_ozmap_cycles_total: { help: 'Cycles run, by kind and outcome.', type: 'counter' },
  sgp_ozmap_cycle_duration_seconds: { help: 'Cycle duration, by kind.', type: 'histogram' },
  sgp_ozmap_commands_total: { help: 'Commands executed, by outcome (created, updated, cancelled, failed, ...).', type: 'counter' },
  sgp_ozmap_skips: { help: 'Contracts not created in the last sync cycle, by reason.', type: 'gauge' },
  sgp_ozmap_upstream_requests_total: { help: 'Requests to SGP and OZmap, by upstream, method and status.', type: 'counter' },
  sgp_ozmap_upstream_errors_total: { help: 'Failed upstream attempts, by upstream and error code.', type: 'counter' },
  sgp_ozmap_last_success_timestamp_seconds: { help: 'Unix time the last cycle of each kind completed.', type: 'gauge' },
  sgp_ozmap_ready: { help: '1 when the service is ready, 0 when degraded.', type: 'gauge' },
  sgp_ozmap_ozmap_unreadable_records: { help: 'OZmap records that did not fit their schema in the last cycle, by kind of cycle (R8, decision 0004).', type: 'gauge' },
} as const;
