import { buildOzmapIndex, type OzmapIndex } from '../domain/planner/ozmapIndex.ts';
import { planUpdate } from '../domain/planner/planUpdate.ts';
import { contractStream, CYCLES_STREAM } from '../domain/events/streams.ts';
import type { UpdateClientCommand } from '../domain/planner/commands.ts';
import type { Config } from './config/index.ts';
import type { Logger } from './logger.ts';
import { createEngine, type Engine, type EngineOptions } from './createEngine.ts';
import { createEventWriter } from '../reconciler/eventWriter.ts';
import type { CycleReport } from '../reconciler/runCycle.ts';
import type { CycleKind } from '../domain/cycles.ts';
import { createMetrics, serviceMetricDefinitions, type Metrics } from './metrics.ts';
import { createProgressLog, PROGRESS_LOG_EVERY_MS } from './progressLog.ts';
import { createScheduler, type Scheduler } from './scheduler.ts';
import { assessReadiness, type Readiness } from '../reconciler/readiness.ts';
import type { ServiceApi } from '../reconciler/serviceApi.ts';
import { createInsightsService } from '../reconciler/insightsService.ts';
import { scheduledBackup } from './backup/backupEventLog.ts';

export interface Service extends ServiceApi {
  readonly engine: Engine;
  readonly scheduler: Scheduler;
  readonly metrics: Metrics;
  /** The scheduler, the lease (held, or watched from standby) and the scheduled backups. */
  start(): void;
  /** A clean stop: halts the engine (no new command, no retry), waits for the cycle, closes. */
  stop(reason?: string): Promise<void>;
}

/**
 * The running service: the engine, its scheduler, the metrics, and what the API shows. Each
 * cycle's report feeds the metrics and the readiness; each OZmap read is kept (one index) so
 * the API can say what OZmap looked like for a client and what would change.
 */
export async function createService(
  config: Config,
  options: { logger: Logger; progressLogEveryMs?: number } & Partial<EngineOptions>,
): Promise<Service> {
  const metrics = createMetrics(serviceMetricDefinitions);
  let lastRead: { at: string; index: OzmapIndex } | null = null;
  // One list per OZmap read: the API caches its skipped report on this list's identity.
  let boxNames: readonly string[] = [];
  // A first cycle on thousands of contracts takes minutes: the log says where it is.
  const logProgress = createProgressLog(options.logger, {
    everyMs: options.progressLogEveryMs ?? PROGRESS_LOG_EVERY_MS,
  });
  const engine = await createEngine(config, {
    ...options,
    onProgress: (what, done, total) => {
      logProgress(what, done, total);
      options.onProgress?.(what, done, total);
    },
    onRequest: (info) => {
      metrics.inc('sgp_ozmap_upstream_requests_total', {
        upstream: info.upstream,
        method: info.method,
        status: String(info.status ?? 'none'),
      });
      if (info.errorCode)
        metrics.inc('sgp_ozmap_upstream_errors_total', { upstream: info.upstream, code: info.errorCode });
      options.onRequest?.(info);
    },
    onOzmapRead: (result) => {
      lastRead = { at: new Date().toISOString(), index: buildOzmapIndex(result.actual) };
      boxNames = lastRead.index.actual.boxes.map((b) => b.name);
    },
  });
  const { logger } = options;
  const insights = createInsightsService({
    store: engine.store,
    settings: config.insights,
    alert: (a) => engine.deps.alert(a),
    logger,
    clock: engine.deps.clock,
  });

  function record(report: CycleReport): void {
    metrics.inc('sgp_ozmap_cycles_total', { kind: report.kind, outcome: report.outcome });
    metrics.observeDuration('sgp_ozmap_cycle_duration_seconds', report.durationMs / 1000, { kind: report.kind });
    for (const outcome of ['created', 'superseded', 'updated', 'cancelled', 'failed', 'noted'] as const) {
      const n = report.counts[outcome];
      if (n) metrics.inc('sgp_ozmap_commands_total', { outcome }, n);
    }
    const unreadable = report.counts.ozmapUnreadable;
    if (unreadable !== undefined) metrics.set('sgp_ozmap_ozmap_unreadable_records', unreadable, { kind: report.kind });
    if (report.outcome === 'completed')
      metrics.set('sgp_ozmap_last_success_timestamp_seconds', Date.now() / 1000, { kind: report.kind });
    if (report.kind === 'sync') {
      for (const entry of engine.deps.readModels.skipSummary())
        metrics.set('sgp_ozmap_skips', entry.count, { reason: entry.reason });
    }
    logger.info(
      {
        cycleId: report.cycleId,
        kind: report.kind,
        outcome: report.outcome,
        counts: report.counts,
        durationMs: report.durationMs,
      },
      'cycle finished',
    );
  }

  // A cycle that crashed could not record its own failure (the store itself may be what failed:
  // disk full, read-only), so the read models cannot tell; readiness and the alert are told here.
  let crashed: { readonly kind: CycleKind; readonly message: string } | null = null;

  async function run(kind: CycleKind, trigger: string, confirmHash?: string): Promise<CycleReport | null> {
    let report: Awaited<ReturnType<Engine['runCycle']>>;
    try {
      report = await engine.runCycle({ kind, trigger, ...(confirmHash ? { confirmHash } : {}) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      crashed = { kind, message };
      await engine.deps
        .alert({ kind: 'cycle-failed', cycleId: '', message: `${kind} cycle crashed: ${message}`, details: {} })
        .catch((e: unknown) => logger.warn({ err: e }, 'alert not delivered'));
      throw error;
    }
    crashed = null;
    if ('refused' in report) {
      logger.warn(
        { holder: report.refused.holder, until: report.refused.until },
        'another instance holds the reconciler lease; not running',
      );
      return null;
    }
    record(report);
    // Issue 16: outages derived from this sweep's statuses; a failure here never fails the cycle.
    if (kind === 'sync')
      await insights.alertOutages().catch((e: unknown) => logger.warn({ err: e }, 'outage alerts not recorded'));
    return report;
  }

  const scheduler = createScheduler({
    syncIntervalMs: config.rules.syncIntervalMs,
    cancelIntervalMs: config.rules.cancelIntervalMs,
    run: (kind, trigger) => run(kind, trigger),
    onError: (error) => logger.error({ err: error }, 'cycle crashed'),
  });

  // The lease for the daemon's whole life: the holder renews it between cycles too (so a second
  // daemon stays standby), a standby polls it and takes over once the holder is gone.
  let started = false;
  let leaseTimer: NodeJS.Timeout | null = null;
  let refreshing = false;
  async function watchLease(): Promise<void> {
    const wasHolder = engine.lease.view().role === 'holder';
    const result = await engine.lease.tick();
    if (result.acquired && !wasHolder) {
      logger.info({ owner: engine.owner }, 'reconciler lease taken: this instance writes to OZmap');
      if (started) void scheduler.trigger('sync', 'lease-takeover');
    } else if (!result.acquired) {
      if (wasHolder)
        logger.warn({ holder: result.holder, until: result.until }, 'reconciler lease lost: read-only from now on');
      if (!refreshing && scheduler.running() === null) {
        refreshing = true;
        await engine.refreshReadModels().finally(() => (refreshing = false));
      }
    }
  }

  let backupTimer: NodeJS.Timeout | null = null;
  function startBackups(): void {
    const { intervalMs, keep, dir } = config.backup;
    if (intervalMs === undefined) return;
    if (config.eventStore.kind !== 'sqlite') {
      logger.warn('BACKUP_INTERVAL is set but the event store is not SQLite: back EventStoreDB up with its own tools');
      return;
    }
    const path = config.eventStore.path;
    backupTimer = setInterval(() => {
      scheduledBackup(path, dir, keep, new Date())
        .then((r) => logger.info({ file: r.file, pruned: r.pruned.length }, 'event log backed up'))
        .catch((error: unknown) => logger.error({ err: error }, 'scheduled backup failed'));
    }, intervalMs);
    backupTimer.unref();
  }

  function readiness(): Readiness {
    const readModels = engine.deps.readModels;
    const [latest] = readModels.cycles({ limit: 1 }).items.filter((c) => c.outcome !== 'running');
    const readiness = assessReadiness({ crashed, latest: latest ?? null, pending: readModels.guard().pending });
    metrics.set('sgp_ozmap_ready', readiness.ready ? 1 : 0);
    return readiness;
  }

  return {
    engine,
    scheduler,
    metrics,
    timezone: config.rules.timezone,
    dryRun: config.dryRun,
    readModels: () => engine.deps.readModels,
    readContractStream: (code) => engine.store.readStream(contractStream(code)),
    seenInOzmap(code) {
      if (!lastRead) return null;
      const { index, at } = lastRead;
      const clients = index.clientsByCode.get(code) ?? [];
      const properties = clients.flatMap((c) => index.propertyByClientId.get(c.id) ?? []);
      const row = engine.deps.readModels.getContract(code);
      const pendingUpdates = row?.snapshot
        ? clients.flatMap(
            (client) =>
              planUpdate({
                snapshot: row.snapshot!,
                previous: row.previousSnapshot,
                client,
                property: index.propertyByClientId.get(client.id) ?? null,
                options: config.rules,
              }) ?? [],
          )
        : [];
      return { at, clients, properties, pendingUpdates: pendingUpdates as UpdateClientCommand[] };
    },
    boxNames: () => boxNames,
    previewPlan: () => engine.previewPlan(),
    async triggerCycle(kind, trigger) {
      void scheduler.trigger(kind, trigger);
      return { queued: true, running: scheduler.running() };
    },
    async confirmCancellation(hash, by) {
      const pending = engine.deps.readModels.guard().pending;
      if (!pending || pending.hash !== hash)
        return {
          ran: false,
          error: pending
            ? `the pending set has hash ${pending.hash}, not ${hash}`
            : 'no guarded cancellation is pending',
        };
      await createEventWriter(engine.store).append(CYCLES_STREAM, 'CancellationGuardReleased', {
        v: 1,
        at: new Date().toISOString(),
        hash,
        by,
      });
      const report = await scheduler.exclusive(() => run('cancel', `confirm:${by}`, hash));
      return report ? { ran: true, report } : { ran: false, error: 'another instance holds the reconciler lease' };
    },
    replay: () =>
      scheduler.exclusive(async () => {
        const result = await engine.replay();
        const rebuilt = await insights.rebuild();
        return { ...result, identical: result.identical && rebuilt.identical };
      }),
    insights,
    readiness,
    metricsText: () => {
      readiness();
      return metrics.render();
    },
    nextRuns: () => scheduler.nextRuns(),
    lease: () => engine.lease.view(),
    start() {
      started = true;
      const tick = (): void =>
        void watchLease().catch((error: unknown) => logger.warn({ err: error }, 'lease check failed'));
      leaseTimer = setInterval(tick, Math.max(50, Math.floor(config.leaseTtlMs / 3)));
      leaseTimer.unref();
      tick();
      scheduler.start();
      startBackups();
    },
    async stop(reason = 'stop') {
      engine.halt(reason);
      if (leaseTimer) clearInterval(leaseTimer);
      if (backupTimer) clearInterval(backupTimer);
      started = false;
      await scheduler.stop();
      await engine.close();
    },
  };
}
