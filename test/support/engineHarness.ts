import type { FastifyInstance } from 'fastify';
import { createSgpSimulator } from '../../sim/sgp/createSgpSimulator.ts';
import { createOzmapSimulator } from '../../sim/ozmap/createOzmapSimulator.ts';
import { ozmapFixtureSchema, type OzmapFixture, type OzmapState } from '../../sim/ozmap/ozmapFixture.ts';
import { loadConfig } from '../../src/app/config/index.ts';
import { createLogger } from '../../src/app/logger.ts';
import { createEngine, type Engine, type EngineOptions } from '../../src/app/createEngine.ts';
import type { EventStore } from '../../src/domain/eventStore.ts';
import { getMemoryEventStore } from '../../src/adapters/eventstore/memoryEventStore.ts';
import type { CycleReport, CycleRequest } from '../../src/reconciler/runCycle.ts';

export const SIM = { token: 'sim-token', app: 'sim-app', key: 'sim-key' } as const;

export interface Harness {
  readonly sgp: FastifyInstance;
  readonly ozmap: FastifyInstance;
  readonly sgpUrl: string;
  readonly ozmapUrl: string;
  readonly env: Record<string, string>;
  engine: Engine;
  run(kind: CycleRequest['kind'], extra?: Partial<CycleRequest>): Promise<CycleReport>;
  ozmapState(): Promise<OzmapState>;
  /** Builds a fresh engine on the same store (a restart), closing the old one first. */
  restart(env?: Record<string, string>): Promise<void>;
  /** The event log, shared by every engine the harness builds. */
  readonly store: EventStore;
  close(): Promise<void>;
}

/**
 * Both simulators listening on loopback, and an engine configured through the real
 * configuration path (`loadConfig`) on the memory store unless `env` says otherwise.
 */
export async function startHarness(args: {
  sgpFixture: { clientes: unknown[] };
  ozmapFixture: unknown;
  env?: Record<string, string>;
  clock?: () => Date;
  /** Wraps the engine's OZmap gateway (crash injection, write counting). */
  wrapGateway?: EngineOptions['wrapGateway'];
  /** Wraps the event store the engine sees (crash injection). */
  wrapStore?: (store: EventStore) => EventStore;
}): Promise<Harness> {
  // One store for the harness's whole life: a restart builds a new engine on the same log.
  const store = getMemoryEventStore(args.clock);
  const sgp = await createSgpSimulator({ fixture: args.sgpFixture, token: SIM.token, app: SIM.app });
  const ozmap = await createOzmapSimulator({
    fixture: ozmapFixtureSchema.parse(args.ozmapFixture) as OzmapFixture,
    apiKey: SIM.key,
  });
  const sgpUrl = await sgp.listen({ host: '127.0.0.1', port: 0 });
  const ozmapUrl = await ozmap.listen({ host: '127.0.0.1', port: 0 });
  const env: Record<string, string> = {
    SGP_URL: sgpUrl,
    SGP_TOKEN: SIM.token,
    SGP_APP: SIM.app,
    OZMAP_URL: ozmapUrl,
    OZMAP_API_KEY: SIM.key,
    EVENTSTORE_URL: 'memory:',
    REQUEST_TIMEOUT: '5s',
    SGP_MAX_RPS: '1000',
    OZMAP_MAX_RPS: '1000',
    ...args.env,
  };
  const build = async (overrides: Record<string, string> = {}): Promise<Engine> => {
    const loaded = loadConfig({ ...env, ...overrides });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    return createEngine(loaded.config, {
      logger: createLogger({ level: 'silent' }),
      owner: 'harness',
      store: args.wrapStore ? args.wrapStore(store) : store,
      ...(args.clock ? { clock: args.clock } : {}),
      ...(args.wrapGateway ? { wrapGateway: args.wrapGateway } : {}),
    });
  };
  const harness: Harness = {
    sgp,
    ozmap,
    sgpUrl,
    ozmapUrl,
    env,
    engine: await build(),
    async run(kind, extra = {}) {
      const report = await harness.engine.runCycle({ kind, trigger: 'test', ...extra });
      if ('refused' in report) throw new Error(`lease refused: held by ${report.refused.holder}`);
      return report;
    },
    async ozmapState() {
      const response = await ozmap.inject({ method: 'GET', url: '/__sim/state' });
      return response.json() as OzmapState;
    },
    async restart(overrides = {}) {
      // A stopped process: its engine is dropped (whatever it was doing), the log stays.
      await harness.engine.close().catch(() => undefined);
      harness.engine = await build(overrides);
    },
    store,
    async close() {
      await harness.engine.close().catch(() => undefined);
      await store.close();
      await sgp.close();
      await ozmap.close();
    },
  };
  return harness;
}
