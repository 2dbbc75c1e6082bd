import type { ReadModels } from '../projections/readModels.ts';
import type { CycleReport } from '../reconciler/runCycle.ts';
import type { Metrics } from './metrics.ts';

const COMMAND_OUTCOMES = ['created', 'superseded', 'updated', 'cancelled', 'failed', 'noted'] as const;

/** A finished cycle in the Prometheus metrics: its outcome, duration, commands, and (sync) the skips. */
export function recordCycleMetrics(
  metrics: Metrics,
  report: CycleReport,
  context: { readonly now: Date; readonly readModels: ReadModels },
): void {
  metrics.inc('sgp_ozmap_cycles_total', { kind: report.kind, outcome: report.outcome });
  metrics.observeDuration('sgp_ozmap_cycle_duration_seconds', report.durationMs / 1000, { kind: report.kind });
  for (const outcome of COMMAND_OUTCOMES) {
    const n = report.counts[outcome];
    if (n) metrics.inc('sgp_ozmap_commands_total', { outcome }, n);
  }
  const unreadable = report.counts.ozmapUnreadable;
  if (unreadable !== undefined) metrics.set('sgp_ozmap_ozmap_unreadable_records', unreadable, { kind: report.kind });
  if (report.outcome === 'completed')
    metrics.set('sgp_ozmap_last_success_timestamp_seconds', context.now.getTime() / 1000, { kind: report.kind });
  if (report.kind === 'sync') {
    for (const entry of context.readModels.skipSummary())
      metrics.set('sgp_ozmap_skips', entry.count, { reason: entry.reason });
  }
}
