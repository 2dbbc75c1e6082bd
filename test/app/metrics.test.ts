import { describe, expect, it } from 'vitest';
import { createMetrics, serviceMetricDefinitions } from '../../src/app/metrics.ts';

// Alert rules out there use these names: a metric renamed is an alert that silently stops.
const NAMES_ALERT_RULES_USE = [
  'sgp_ozmap_cycles_total',
  'sgp_ozmap_cycle_duration_seconds',
  'sgp_ozmap_commands_total',
  'sgp_ozmap_skips',
  'sgp_ozmap_upstream_requests_total',
  'sgp_ozmap_upstream_errors_total',
  'sgp_ozmap_last_success_timestamp_seconds',
  'sgp_ozmap_ready',
];

const render = async (metrics: ReturnType<typeof createMetrics>): Promise<string> => metrics.render();

/** The `le` of every bucket line of `name` with `kind="<kind>"`, in the order printed, and their counts. */
function buckets(text: string, name: string, kind: string): { le: string[]; counts: number[] } {
  const lines = text
    .split('\n')
    .filter((line) => line.startsWith(`${name}_bucket{`) && line.includes(`kind="${kind}"`));
  return {
    le: lines.map((line) => /le="([^"]+)"/.exec(line)![1]!),
    counts: lines.map((line) => Number(line.split(' ').at(-1))),
  };
}

describe('/metrics text (Prometheus exposition)', () => {
  it('still exports every metric name the alert rules use, with the same type', async () => {
    const metrics = createMetrics(serviceMetricDefinitions);
    const text = await render(metrics);
    for (const name of NAMES_ALERT_RULES_USE) {
      expect(text, name).toContain(`# HELP ${name} `);
      expect(text, name).toContain(
        `# TYPE ${name} ${serviceMetricDefinitions[name as keyof typeof serviceMetricDefinitions].type}`,
      );
    }
  });

  it('a histogram shows every bucket, in increasing order, +Inf last, cumulative', async () => {
    const metrics = createMetrics(serviceMetricDefinitions);
    metrics.observeDuration('sgp_ozmap_cycle_duration_seconds', 2, { kind: 'sync' });
    metrics.observeDuration('sgp_ozmap_cycle_duration_seconds', 0.5, { kind: 'sync' });
    metrics.observeDuration('sgp_ozmap_cycle_duration_seconds', 700, { kind: 'sync' });
    const { le, counts } = buckets(await render(metrics), 'sgp_ozmap_cycle_duration_seconds', 'sync');
    expect(le).toEqual(['1', '5', '15', '30', '60', '120', '300', '600', '1800', '+Inf']);
    expect(counts).toEqual([1, 2, 2, 2, 2, 2, 2, 2, 3, 3]);
  });

  it('both cycle kinds have their buckets at zero before any cycle ran', async () => {
    const text = await render(createMetrics(serviceMetricDefinitions));
    for (const kind of ['sync', 'cancel']) {
      expect(buckets(text, 'sgp_ozmap_cycle_duration_seconds', kind).counts).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    }
  });

  it('counters, gauges and labels render as before', async () => {
    const metrics = createMetrics(serviceMetricDefinitions);
    metrics.inc('sgp_ozmap_commands_total', { outcome: 'created' }, 3);
    metrics.inc('sgp_ozmap_commands_total', { outcome: 'created' });
    metrics.set('sgp_ozmap_ready', 1);
    metrics.set('sgp_ozmap_skips', 7, { reason: 'box-not-found' });
    const text = await render(metrics);
    expect(text).toContain('sgp_ozmap_commands_total{outcome="created"} 4\n');
    expect(text).toContain('sgp_ozmap_ready 1\n');
    expect(text).toContain('sgp_ozmap_skips{reason="box-not-found"} 7\n');
  });

  it('adds the process metrics: memory, event-loop lag and garbage collection', async () => {
    const text = await render(createMetrics(serviceMetricDefinitions));
    for (const name of [
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_gc_duration_seconds',
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
  });
});
