import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createOzmapSimulator } from '../../sim/ozmap/createOzmapSimulator.ts';
import { createSgpSimulator } from '../../sim/sgp/createSgpSimulator.ts';
import { ozmapFixtureSchema, type OzmapFixture, type OzmapState } from '../../sim/ozmap/ozmapFixture.ts';
import type { SgpFixture } from '../../sim/sgp/sgpFixture.ts';
import type { FaultPlan } from '../../sim/shared/faultSchedule.ts';

export const SIM_CREDENTIALS = { token: 'sim-token', app: 'sim-app', key: 'sim-key' } as const;

export type SimName = 'sgp' | 'ozmap';
export type Phase = 'before' | 'after';

/** An OZmap write that reached the simulator's handler, with the contract it concerns. */
export interface OzmapWrite {
  readonly method: string;
  /** The Fastify route pattern, e.g. `/api/v2/properties/:id`. */
  readonly route: string;
  readonly id: string | null;
  readonly body: unknown;
  /** The contract (client code) the write is about, resolved from the simulator's state. */
  readonly code: string | null;
}

export interface SimRequest {
  readonly sim: SimName;
  /** 1-based, per simulator, counting requests that reached the handler stage. */
  readonly seq: number;
  readonly method: string;
  readonly route: string;
  readonly write: OzmapWrite | null;
}

/**
 * Told of every request twice: `before` its handler runs (return 'drop' to destroy the
 * connection so that it never takes effect) and `after` (the handler ran; the answer is about
 * to be sent).
 */
export type RequestListener = (request: SimRequest, phase: Phase) => 'drop' | void;

export interface SimWorld {
  readonly sgp: FastifyInstance;
  readonly ozmap: FastifyInstance;
  readonly sgpUrl: string;
  readonly ozmapUrl: string;
  /** The environment the service needs to reach both simulators. */
  serviceEnv(extra?: Record<string, string>): Record<string, string>;
  ozmapState(): Promise<OzmapState>;
  setSgp(fixture: SgpFixture): Promise<void>;
  faults(sim: SimName, plan: FaultPlan | null): Promise<void>;
  faultReport(
    sim: SimName,
  ): Promise<{ injected: number; injections: { kind: string; when: string; method: string; path: string }[] }>;
  counters(sim: SimName): Promise<Record<string, number>>;
  resetCounters(sim: SimName): Promise<void>;
  listen(listener: RequestListener): () => void;
  /** Every OZmap write that reached the handler, in arrival order (when `trackWrites`). */
  readonly writes: OzmapWrite[];
  close(): Promise<void>;
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

async function ok(response: { statusCode: number; body: string }, what: string): Promise<void> {
  if (response.statusCode >= 300) throw new Error(`${what}: ${response.statusCode} ${response.body.slice(0, 300)}`);
}

/** Maps OZmap ids to the contract they belong to; remembers ids after they are detached or gone. */
function createCodeIndex(ozmap: FastifyInstance) {
  const clientCode = new Map<string, string>();
  const propertyCode = new Map<string, string>();
  const fiberProperty = new Map<string, string>();
  async function learn(): Promise<void> {
    const state = (await ozmap.inject({ method: 'GET', url: '/__sim/state' })).json() as OzmapState;
    for (const client of state.ftthClients) clientCode.set(client.id, client.code);
    for (const property of state.properties) {
      const code = property.client ? clientCode.get(property.client) : undefined;
      if (code !== undefined) propertyCode.set(property.id, code);
      for (const connection of property.connections)
        if (connection.fiber) fiberProperty.set(connection.fiber, property.id);
    }
  }
  async function lookup<K>(map: Map<K, string>, key: K): Promise<string | null> {
    if (!map.has(key)) await learn();
    return map.get(key) ?? null;
  }
  return {
    async codeOf(method: string, route: string, id: string | null, body: unknown): Promise<string | null> {
      const b = (body ?? {}) as { client?: { code?: unknown }; elementB?: { id?: unknown } };
      if (method === 'POST' && route === '/api/v2/properties')
        return typeof b.client?.code === 'string' ? b.client.code : null;
      if (route === '/api/v2/ftth-clients/:id' && id) return lookup(clientCode, id);
      if (route === '/api/v2/properties/:id' && id) return lookup(propertyCode, id);
      if (route === '/api/v2/disconnect' && typeof b.elementB?.id === 'string') {
        const propertyId = (await lookup(fiberProperty, b.elementB.id)) ?? null;
        return propertyId === null ? null : lookup(propertyCode, propertyId);
      }
      return null;
    },
  };
}

/**
 * Both simulators listening on loopback inside the runner's process, with hooks that let a
 * campaign see (and kill the service at) any request, and resolve each OZmap write to its
 * contract.
 */
export async function startSimWorld(args: {
  sgpFixture: SgpFixture;
  ozmapFixture: OzmapFixture;
  seed?: number;
  /** Resolve every OZmap write to its contract (costs a state read per unknown id). */
  trackWrites?: boolean;
  credentials?: { token: string; app: string; key: string };
}): Promise<SimWorld> {
  const credentials = args.credentials ?? SIM_CREDENTIALS;
  const sgp = await createSgpSimulator({
    fixture: args.sgpFixture,
    token: credentials.token,
    app: credentials.app,
    seed: args.seed ?? 0,
  });
  const ozmap = await createOzmapSimulator({
    fixture: ozmapFixtureSchema.parse(args.ozmapFixture) as OzmapFixture,
    apiKey: credentials.key,
    seed: args.seed ?? 1,
  });
  const listeners = new Set<RequestListener>();
  const writes: OzmapWrite[] = [];
  const index = createCodeIndex(ozmap);

  const instrument = (app: FastifyInstance, sim: SimName): void => {
    let seq = 0;
    const seen = new WeakMap<FastifyRequest, SimRequest>();
    app.addHook('preHandler', async (request, reply) => {
      if (request.url.startsWith('/__sim/')) return;
      const route = request.routeOptions.url ?? request.url.split('?')[0] ?? request.url;
      let write: OzmapWrite | null = null;
      if (sim === 'ozmap' && WRITE_METHODS.has(request.method) && !route.includes('/users/login')) {
        const id = (request.params as { id?: string } | undefined)?.id ?? null;
        const code = args.trackWrites ? await index.codeOf(request.method, route, id, request.body) : null;
        write = { method: request.method, route, id, body: request.body, code };
        if (args.trackWrites) writes.push(write);
      }
      const info: SimRequest = { sim, seq: ++seq, method: request.method, route, write };
      seen.set(request, info);
      let drop = false;
      for (const listener of listeners) if (listener(info, 'before') === 'drop') drop = true;
      if (drop) {
        reply.hijack();
        reply.raw.destroy();
        return reply;
      }
    });
    app.addHook('onSend', async (request, _reply, payload) => {
      const info = seen.get(request);
      if (info) for (const listener of listeners) listener(info, 'after');
      return payload;
    });
  };
  instrument(sgp, 'sgp');
  instrument(ozmap, 'ozmap');
  const sgpUrl = await sgp.listen({ host: '127.0.0.1', port: 0 });
  const ozmapUrl = await ozmap.listen({ host: '127.0.0.1', port: 0 });
  const app = (sim: SimName): FastifyInstance => (sim === 'sgp' ? sgp : ozmap);

  return {
    sgp,
    ozmap,
    sgpUrl,
    ozmapUrl,
    serviceEnv: (extra = {}) => ({
      SGP_URL: sgpUrl,
      SGP_TOKEN: credentials.token,
      SGP_APP: credentials.app,
      OZMAP_URL: ozmapUrl,
      OZMAP_API_KEY: credentials.key,
      SGP_MAX_RPS: '1000',
      OZMAP_MAX_RPS: '1000',
      REQUEST_TIMEOUT: '5s',
      LOG_LEVEL: 'warn',
      ...extra,
    }),
    ozmapState: async () => (await ozmap.inject({ method: 'GET', url: '/__sim/state' })).json() as OzmapState,
    async setSgp(fixture) {
      await ok(await sgp.inject({ method: 'PUT', url: '/__sim/clientes', payload: fixture }), 'replace SGP data');
    },
    async faults(sim, plan) {
      const response =
        plan === null
          ? await app(sim).inject({ method: 'DELETE', url: '/__sim/faults' })
          : await app(sim).inject({ method: 'POST', url: '/__sim/faults', payload: plan });
      await ok(response, `${sim} fault plan`);
    },
    faultReport: async (sim) => (await app(sim).inject({ method: 'GET', url: '/__sim/faults' })).json(),
    counters: async (sim) =>
      ((await app(sim).inject({ method: 'GET', url: '/__sim/counters' })).json() as { counts: Record<string, number> })
        .counts,
    async resetCounters(sim) {
      await ok(await app(sim).inject({ method: 'DELETE', url: '/__sim/counters' }), 'reset counters');
    },
    listen(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    writes,
    async close() {
      listeners.clear();
      await Promise.all([sgp.close(), ozmap.close()]);
    },
  };
}

/** The OZmap writes among the simulator's counters (`POST /api/v2/properties`: 3, ...). */
export function writeCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts).filter(([key]) => /^(POST|PATCH|PUT|DELETE) /.test(key) && !key.includes('/users/login')),
  );
}

export const totalOf = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
