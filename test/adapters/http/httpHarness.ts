import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { getMemoryEventStore } from '../../../src/adapters/eventstore/memoryEventStore.ts';
import { createHttpServer, type HttpServerOptions } from '../../../src/adapters/http/createHttpServer.ts';
import { openSqliteReadModels } from '../../../src/adapters/readmodel/sqliteReadModels.ts';
import { createEventWriter } from '../../../src/reconciler/eventWriter.ts';
import type { PlanPreview } from '../../../src/reconciler/previewPlan.ts';
import type { CycleReport } from '../../../src/reconciler/runCycle.ts';
import type { CycleKind } from '../../../src/domain/cycles.ts';
import type { Readiness, SeenInOzmap, ServiceApi } from '../../../src/reconciler/serviceApi.ts';
import type { EventStore } from '../../../src/domain/eventStore.ts';
import { contractStream, CYCLES_STREAM } from '../../../src/domain/events/streams.ts';
import { createProjector } from '../../../src/projections/projector.ts';
import type { ReadModels } from '../../../src/projections/readModels.ts';
import type { ReplayResult } from '../../../src/projections/replay.ts';
import { aRecord, aService, anOnu } from '../../domain/sgp/sgpRecordBuilder.ts';
import { created, observed, skipped } from '../../projections/projectionEvents.ts';

/** Every secret the suite configures; `call` fails a test whose response carries one. */
export const SECRETS = {
  sgpToken: 'sgp-token-5f3a9c1e7b',
  ozmapKey: 'ozmap-key-d41d8cd98f',
  admin: 'admin-token-0c7e29b4aa',
  read: 'read-token-93be77d1f2',
} as const;
export const ALL_SECRETS: readonly string[] = Object.values(SECRETS);

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

export const t = (minute: number): string => new Date(Date.UTC(2026, 10, 29, 17, minute)).toISOString();

export const BOX_NAMES = ['CTO-01', 'CTO-02', 'CTO-São-João', 'CTO-100', 'CTO-101'] as const;
export const GUARD_HASH = '0123456789abcdef';

/** What the fake service was asked to do, for the write tests. */
export interface ServiceCalls {
  readonly triggered: { kind: CycleKind; trigger: string }[];
  readonly confirmed: { hash: string; by: string }[];
  replays: number;
}

export interface FakeService extends ServiceApi {
  readonly calls: ServiceCalls;
  readonly store: EventStore;
  readiness(): Readiness;
  /** Set to make the next answers of these methods change. */
  state: { readiness: Readiness; planError: Error | null; confirmRefusal: string | null; replayError: Error | null };
}

const report = (hash: string): CycleReport => ({
  cycleId: 'cancel-2026-11-29T17:30:00.000Z',
  kind: 'cancel',
  outcome: 'completed',
  contractsWithFailedWrites: 0,
  counts: { cancelled: 2 },
  commands: [],
  guard: { tripped: false, removals: 2, totalClients: 10, hash, codes: ['1005', '1006'] },
  error: null,
  durationMs: 1200,
});

/**
 * A contract log with a created client (1001), three skipped for an unmatched CTO (1002 and
 * 1003 on "cto 01", 1004 on "CTO Sao Joao"), one on a taken port (1005), two cycles and a
 * guard trip, folded by the real projector into real SQLite read models.
 */
async function seed(store: EventStore, readModels: ReadModels): Promise<void> {
  const writer = createEventWriter(store);
  const onCto = (code: string, cto: string) =>
    aRecord({ code, servicos: [aService({ onu: anOnu({ splitter: { id: 11, nome: cto, porta: 2 } }) })] });
  await writer.append(contractStream('1001'), 'SgpContractObserved', observed(aRecord({ code: '1001' }), t(0)));
  await writer.append(contractStream('1001'), 'OzmapClientCreated', created('cl-1', 'pr-1', t(10)));
  for (const [code, cto] of [
    ['1002', 'cto 01'],
    ['1003', 'cto 01'],
    ['1004', 'CTO Sao Joao'],
  ] as const) {
    await writer.append(contractStream(code), 'SgpContractObserved', observed(onCto(code, cto), t(1)));
    await writer.append(contractStream(code), 'ClientCreationSkipped', skipped('box-not-found', t(11)));
  }
  await writer.append(contractStream('1005'), 'SgpContractObserved', observed(aRecord({ code: '1005' }), t(1)));
  await writer.append(contractStream('1005'), 'ClientCreationSkipped', skipped('port-occupied', t(11)));
  for (const [id, minute] of [
    ['sync-a', 5],
    ['sync-b', 15],
  ] as const) {
    await writer.append(CYCLES_STREAM, 'CycleStarted', {
      v: 1,
      cycleId: id,
      kind: 'sync',
      at: t(minute),
      dryRun: false,
      trigger: 'schedule',
    });
    await writer.append(CYCLES_STREAM, 'CycleFinished', {
      v: 1,
      cycleId: id,
      kind: 'sync',
      at: t(minute + 1),
      outcome: 'completed',
      durationMs: 60_000,
      sweepComplete: true,
      ozmapComplete: true,
      dryRun: false,
      counts: { created: 1 },
      error: null,
    });
  }
  await writer.append(CYCLES_STREAM, 'CancellationGuardTripped', {
    v: 1,
    cycleId: 'sync-b',
    at: t(16),
    hash: GUARD_HASH,
    removals: 60,
    totalClients: 100,
    codes: ['1005', '1006'],
  });
  await createProjector({ store, readModels }).catchUp();
}

/**
 * A ServiceApi on real read models and a memory event store; what needs the upstreams (the
 * plan, OZmap's view, cycles) is canned. Some canned answers carry secrets on purpose, as an
 * upstream error or a careless metric could: the server must scrub them.
 */
export async function createFakeService(): Promise<FakeService> {
  const store = getMemoryEventStore();
  const readModels = openSqliteReadModels(new Database(':memory:'));
  await seed(store, readModels);
  const calls: ServiceCalls = { triggered: [], confirmed: [], replays: 0 };
  const state: FakeService['state'] = {
    readiness: { ready: true, reasons: [], problems: [] },
    planError: null,
    confirmRefusal: null,
    replayError: null,
  };
  const seen: SeenInOzmap = { at: t(20), clients: [], properties: [], pendingUpdates: [] };
  const plan: PlanPreview = {
    at: t(30),
    sweepComplete: true,
    ozmapComplete: true,
    contractsRead: 0,
    sync: [],
    cancel: {
      commands: [],
      skips: [],
      guard: { tripped: false, removals: 0, totalClients: 10, hash: 'e3b0c44298fc1c14', codes: [] },
      blocked: null,
    },
  };
  return {
    calls,
    store,
    state,
    timezone: 'America/Sao_Paulo',
    dryRun: true,
    readModels: () => readModels,
    readContractStream: (code) => store.readStream(contractStream(code)),
    seenInOzmap: (code) => (code === '1001' ? seen : null),
    boxNames: () => BOX_NAMES,
    previewPlan: async () => {
      if (state.planError) throw state.planError;
      return plan;
    },
    triggerCycle: async (kind, trigger) => {
      calls.triggered.push({ kind, trigger });
      return { queued: true, running: null };
    },
    confirmCancellation: async (hash, by) => {
      calls.confirmed.push({ hash, by });
      return state.confirmRefusal
        ? { ran: false as const, error: state.confirmRefusal }
        : { ran: true as const, report: report(hash) };
    },
    replay: async () => {
      calls.replays++;
      if (state.replayError) throw state.replayError;
      const result: ReplayResult = {
        applied: 17,
        undecodable: 0,
        checkpoint: 16,
        contracts: 5,
        cycles: 2,
        identical: true,
        differences: { contracts: 0, cycles: 0, guard: false },
        readModels,
      };
      return result;
    },
    readiness: () => state.readiness,
    // A metric label that quotes a credential, as a careless exporter could.
    metricsText: () =>
      `# TYPE sgp_ozmap_ready gauge\nsgp_ozmap_ready 1\nsgp_ozmap_upstream_info{key="${SECRETS.ozmapKey}"} 1\n`,
    nextRuns: () => ({ sync: t(40), cancel: null }),
  };
}

/** A dashboard folder with an index page, so the tests do not depend on the real one. */
export function dashboardFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-dashboard-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>sgp-ozmap</title><main id="app"></main>');
  writeFileSync(join(dir, 'app.js'), 'export const ready = true;\n');
  return dir;
}

export interface TestServer {
  readonly app: FastifyInstance;
  readonly service: FakeService;
  /** `app.inject`, failing when a configured secret is anywhere in the answer. */
  call(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export function assertNoSecret(response: LightMyRequestResponse): void {
  const text = `${JSON.stringify(response.headers)}\n${response.body}`;
  for (const secret of ALL_SECRETS) {
    if (text.includes(secret))
      throw new Error(`a configured secret is in the answer to this request: ${text.slice(0, 300)}`);
  }
}

export async function startServer(overrides: Partial<HttpServerOptions> = {}): Promise<TestServer> {
  const service = await createFakeService();
  const app = await createHttpServer({
    service,
    host: '127.0.0.1',
    adminToken: SECRETS.admin,
    readToken: SECRETS.read,
    logger: false,
    secrets: ALL_SECRETS,
    dashboardDir: dashboardFixture(),
    ...overrides,
  });
  return {
    app,
    service,
    async call(options) {
      const response = await app.inject(options);
      assertNoSecret(response);
      return response;
    },
    close: () => app.close(),
  };
}
