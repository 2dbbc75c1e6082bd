import { contractStream } from '../domain/events/streams.ts';
import type { Config } from './config/index.ts';
import type { Logger } from './logger.ts';
import { createEngine, type Engine, type EngineOptions } from './createEngine.ts';
import { releaseHeldSet } from '../reconciler/massDeletionGuard.ts';
import type { CycleReport } from '../reconciler/runCycle.ts';
import type { CycleKind } from '../domain/cycles.ts';
import { createMetrics, serviceMetricDefinitions, type Metrics } from './metrics.ts';
import { createProgressLog, PROGRESS_LOG_EVERY_MS } from './progressLog.ts';
import { createScheduler, type Scheduler } from './scheduler.ts';
import { createServiceReadiness } from './serviceReadiness.ts';
import { recordCycleMetrics } from './cycleMetrics.ts';
import { createOzmapView } from '../reconciler/ozmapView.ts';
import type { ServiceApi } from '../reconciler/serviceApi.ts';
import { resolveContest } from '../reconciler/resolveContest.ts';
import { createInsightsService } from '../reconciler/insightsService.ts';
import { createDriftService } from '../reconciler/driftService.ts';
import { addExclusion, readExclusions, removeExclusion } from '../reconciler/exclusionsLog.ts';
import { listDrift } from '../domain/drift/listDrift.ts';
import { fieldPolicies } from '../domain/planner/fieldPolicy.ts';
import { scheduledBackup } from './backup/backupEventLog.ts';
import { eventLogBytes } from './eventLogSize.ts';

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
  // The one clock of the service: the engine's cycles, the metrics, the releases, the backups.
  const clock = options.clock ?? (() => new Date());
  const readModels = () => engine.deps.readModels;
  const ozmapView = createOzmapView({ clock, rules: config.rules, readModels });
  // A first cycle on thousands of contracts takes minutes: the log says where it is.
  const logProgress = createProgressLog(options.logger, {
    everyMs: options.progressLogEveryMs ?? PROGRESS_LOG_EVERY_MS,
  });
  const engine = await createEngine(config, {
    ...options,
    clock,
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
    onOzmapRead: (result) => ozmapView.onRead(result),
  });
  const { logger } = options;
  const insights = createInsightsService({
    store: engine.store,
    settings: config.insights,
    alert: (a) => engine.deps.alert(a),
    logger,
    clock: engine.deps.clock,
  });

  const readiness = createServiceReadiness({ readModels, metrics });
  // R9.2: the differences known and not written, with their ages, and the daily digest.
  const drift = createDriftService({
    store: engine.store,
    readModels: () => engine.deps.readModels,
    options: config.rules,
    digestAgeMs: config.driftDigestAgeMs,
    alert: (a) => engine.deps.alert(a),
    logger,
    clock: engine.deps.clock,
  });
  // R9.2: what contests hold and overrides give to OZmap (R9.4, R9.5) is drift too.
  drift.addSource('contested', () => ozmapView.contestWithheld());

  function record(report: CycleReport): void {
    recordCycleMetrics(metrics, report, { now: clock(), readModels: readModels() });
    const logBytes = eventLogBytes(config.eventStore);
    if (logBytes !== null) metrics.set('sgp_ozmap_event_log_bytes', logBytes);
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

  async function run(kind: CycleKind, trigger: string, confirmHash?: string): Promise<CycleReport | null> {
    let report: Awaited<ReturnType<Engine['runCycle']>>;
    try {
      report = await engine.runCycle({ kind, trigger, ...(confirmHash ? { confirmHash } : {}) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // It could not record its own failure: readiness and the alert are told here.
      readiness.crashed(kind, message);
      await engine.deps
        .alert({ kind: 'cycle-failed', cycleId: '', message: `${kind} cycle crashed: ${message}`, details: {} })
        .catch((e: unknown) => logger.warn({ err: e }, 'alert not delivered'));
      throw error;
    }
    readiness.ran();
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
    // R9.2: after a complete sync, on its OZmap read; a failure here never fails the cycle either.
    const read = ozmapView.lastRead();
    if (kind === 'sync' && read !== null && report.outcome === 'completed')
      await drift
        .observe(read.index, new Date(read.at))
        .then(() => drift.alertDigest())
        .catch((e: unknown) => logger.warn({ err: e }, 'drift list not updated'));
    return report;
  }

  const scheduler = createScheduler({
    syncIntervalMs: config.rules.syncIntervalMs,
    cancelIntervalMs: config.rules.cancelIntervalMs,
    run: (kind, trigger) => run(kind, trigger),
    now: clock,
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
      scheduledBackup(path, dir, keep, clock())
        .then((r) => logger.info({ file: r.file, pruned: r.pruned.length }, 'event log backed up'))
        .catch((error: unknown) => logger.error({ err: error }, 'scheduled backup failed'));
    }, intervalMs);
    backupTimer.unref();
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
      const seen = ozmapView.seenInOzmap(code);
      const read = ozmapView.lastRead();
      if (!seen || !read) return null;
      // R9.2: what the policies, the exclusions and the contests keep from being written, for this client.
      const row = readModels().getContract(code);
      const withheld = row
        ? [
            ...listDrift([row], read.index, config.rules, drift.exclusionIndex()),
            ...ozmapView.contestWithheld().filter((w) => w.code === code),
          ]
        : [];
      return { ...seen, withheld, fieldPolicies: fieldPolicies(config.rules) };
    },
    boxNames: () => ozmapView.boxNames(),
    previewPlan: () => engine.previewPlan(),
    async triggerCycle(kind, trigger) {
      void scheduler.trigger(kind, trigger);
      return { queued: true, running: scheduler.running() };
    },
    async confirmCancellation(hash, by) {
      const release = await releaseHeldSet(engine.deps, { hash, by });
      if (!release.released)
        return {
          ran: false,
          error: release.held
            ? `the pending set has hash ${release.held.hash}, not ${hash}`
            : 'no guarded cancellation is pending',
        };
      const report = await scheduler.exclusive(() => run('cancel', `confirm:${by}`, hash));
      return report ? { ran: true, report } : { ran: false, error: 'another instance holds the reconciler lease' };
    },
    resolveContest: (request) => resolveContest({ ...engine.deps, store: engine.store }, request),
    replay: () =>
      scheduler.exclusive(async () => {
        const result = await engine.replay();
        const rebuilt = await insights.rebuild();
        return { ...result, identical: result.identical && rebuilt.identical };
      }),
    insights,
    readiness: () => readiness.assess(),
    drift,
    exclusions: {
      list: () => readExclusions(engine.store),
      add: (kind, value, reason, by) =>
        addExclusion(engine.store, { kind, value, reason, by, at: engine.deps.clock() }).then(drift.refreshExclusions),
      remove: (kind, value, by) =>
        removeExclusion(engine.store, { kind, value, by, at: engine.deps.clock() }).then(drift.refreshExclusions),
    },
    metricsText: () => {
      readiness.assess();
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
