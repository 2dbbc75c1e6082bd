import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { EventStore } from '../domain/eventStore.ts';
import type { ReplayResult } from '../projections/replay.ts';
import { openLocalState } from './openLocalState.ts';
import { createHttpTransport, type UpstreamRequestInfo } from '../adapters/upstream/createHttpTransport.ts';
import { createSgpClient } from '../adapters/sgp/createSgpClient.ts';
import { sgpSecrets, type SgpAuth } from '../adapters/sgp/sgpAuth.ts';
import { createOzmapClient } from '../adapters/ozmap/createOzmapClient.ts';
import { createOzmapGateway } from '../adapters/ozmap/ozmapGateway.ts';
import { createWebhookAlerts } from '../adapters/alert/webhookAlerts.ts';
import { configSecrets, type Config } from './config/index.ts';
import { scrubSecretsDeep, type Logger } from './logger.ts';
import type { EngineDeps } from '../reconciler/engine.ts';
import type { OzmapGateway } from '../reconciler/ports.ts';
import { releaseLease, type LeaseResult } from '../reconciler/lease.ts';
import { createLeaseKeeper, type LeaseKeeper } from '../reconciler/leaseKeeper.ts';
import type { UpstreamRequest } from '../adapters/upstream/httpTransport.ts';
import { runCycle, type CycleReport, type CycleRequest } from '../reconciler/runCycle.ts';
import { previewPlan, type PlanPreview } from '../reconciler/previewPlan.ts';

export interface Engine {
  /** Its read models are those the local state holds now: a replay swaps them there. */
  readonly deps: EngineDeps;
  readonly store: EventStore;
  readonly owner: string;
  /** Runs one cycle under the lease; refuses (returns the holder) when another instance has it. */
  runCycle(request: CycleRequest): Promise<CycleReport | { readonly refused: LeaseResult & { acquired: false } }>;
  previewPlan(options?: { code?: string }): Promise<PlanPreview>;
  replay(options?: { dryRun?: boolean; onProgress?: (done: number) => void }): Promise<ReplayResult>;
  renewLease(): Promise<LeaseResult>;
  /** The reconciler lease: who holds it, its renewal, and the fence of every OZmap write. */
  readonly lease: LeaseKeeper;
  /**
   * A clean stop: no new command starts, no request is retried, the cycle ends at the next safe
   * point (a write in flight finishes and is recorded).
   */
  halt(reason: string): void;
  /** A standby's read models, brought up to date from what the lease holder recorded. */
  refreshReadModels(): Promise<void>;
  close(): Promise<void>;
}

export interface EngineOptions {
  readonly logger: Logger;
  readonly clock?: () => Date;
  readonly onRequest?: (info: UpstreamRequestInfo) => void;
  readonly onProgress?: (what: string, done: number, total: number) => void;
  /** An already open event store to use instead of EVENTSTORE_URL's (tests); left open on close. */
  readonly store?: EventStore;
  /** The lease owner's identity; default host:pid:random. A restart that reuses it resumes at once. */
  readonly owner?: string;
  readonly onOzmapRead?: EngineDeps['onOzmapRead'];
  /** Wraps the OZmap gateway (tests inject crashes and count writes). */
  readonly wrapGateway?: (gateway: OzmapGateway) => OzmapGateway;
}

function sgpAuthOf(config: Config): SgpAuth {
  const { token, app, user, password } = config.sgp;
  return token !== undefined && app !== undefined ? { token, app } : { user: user ?? '', password: password ?? '' };
}

/** The composition root: every adapter built from the configuration and wired to the engine. */
export async function createEngine(config: Config, options: EngineOptions): Promise<Engine> {
  const { logger } = options;
  const clock = options.clock ?? (() => new Date());
  const secrets = configSecrets(config);
  const local = await openLocalState(config.eventStore, config.readModelPath, options.store);
  const { store } = local;
  const sgpAuth = sgpAuthOf(config);
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const lease = createLeaseKeeper(store, owner, config.leaseTtlMs, clock);
  const halt = new AbortController();
  const beforeAttempt =
    (upstream: 'sgp' | 'ozmap') =>
    async (request: UpstreamRequest, attempt: number): Promise<void> => {
      if (attempt > 1 && halt.signal.aborted) throw new Error(`not retried: ${String(halt.signal.reason)}`);
      // The fence: an OZmap write (every attempt of it) is sent only while this instance holds the lease.
      if (upstream === 'ozmap' && request.method !== 'GET' && !request.path.endsWith('/login')) await lease.check();
    };
  const transport = (upstream: 'sgp' | 'ozmap', c: { url: string; concurrency: number; maxRps: number }) =>
    createHttpTransport({
      upstream,
      baseUrl: c.url,
      concurrency: c.concurrency,
      maxRps: c.maxRps,
      timeoutMs: config.requestTimeoutMs,
      secrets: [...secrets, ...sgpSecrets(sgpAuth)],
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
      beforeAttempt: beforeAttempt(upstream),
    });
  const ozmapAuth =
    config.ozmap.apiKey !== undefined
      ? { apiKey: config.ozmap.apiKey }
      : { login: config.ozmap.login ?? '', password: config.ozmap.password ?? '' };
  const deps: EngineDeps = {
    store,
    // Through the one holder: a replay or a refresh swaps them there, never here.
    get readModels() {
      return local.readModels;
    },
    get projector() {
      return local.projector;
    },
    sgp: createSgpClient({
      transport: transport('sgp', config.sgp),
      auth: sgpAuth,
      concurrency: config.sgp.concurrency,
      memo: local.pageMemo(config.sgp.pageMemoMaxAgeMs),
      now: () => clock().getTime(),
    }),
    ozmap: (options.wrapGateway ?? ((g: OzmapGateway) => g))(
      createOzmapGateway(
        createOzmapClient({
          transport: transport('ozmap', config.ozmap),
          auth: ozmapAuth,
          pageSize: config.ozmap.pageSize,
        }),
      ),
    ),
    options: config.rules,
    dryRun: config.dryRun,
    clock,
    logger,
    // Twice the transport's slots: while a command appends its events or waits on its re-check's
    // answer, another command's request already waits for the slot, so OZmap never sees an idle one.
    // OZMAP_CONCURRENCY=1 keeps one command at a time: its order is then the plan's, which the
    // model-based tests rely on to name the same operation in every replay of a seed.
    concurrency: config.ozmap.concurrency === 1 ? 1 : config.ozmap.concurrency * 2,
    alert: createWebhookAlerts({
      url: config.alertWebhookUrl,
      service: 'sgp-ozmap',
      scrub: (v) => scrubSecretsDeep(v, secrets),
      now: clock,
    }),
    newCycleId: (kind) =>
      `${kind}-${clock().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`,
    failureAlertCycles: config.failureAlertCycles,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onOzmapRead ? { onOzmapRead: options.onOzmapRead } : {}),
    halt: halt.signal,
  };

  return {
    deps,
    store,
    owner,
    async runCycle(request) {
      const taken = await lease.tick();
      if (!taken.acquired) return { refused: taken };
      // Renewed while the cycle runs: a first sync of 100,000 contracts outlasts any fixed lease.
      const keeping = lease.keep();
      try {
        return await runCycle(deps, request);
      } finally {
        keeping.stop();
      }
    },
    previewPlan: (o = {}) => previewPlan(deps, o),
    replay: (o = {}) => local.replay(o),
    renewLease: () => lease.tick(),
    refreshReadModels: () => local.refresh(),
    lease,
    halt(reason) {
      if (!halt.signal.aborted) halt.abort(reason);
    },
    async close() {
      await releaseLease(store, owner, clock()).catch(() => undefined);
      await local.close();
    },
  };
}
