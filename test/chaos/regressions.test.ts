import { afterEach, describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { EventStoreError, type EventStore } from '../../src/domain/eventStore.ts';
import { getMemoryEventStore } from '../../src/adapters/eventstore/memoryEventStore.ts';
import { configSecrets, loadConfig } from '../../src/app/config/index.ts';
import { createLogger } from '../../src/app/logger.ts';
import { createService } from '../../src/app/createService.ts';
import type { OzmapGateway } from '../../src/reconciler/ports.ts';
import { contractStream } from '../../src/domain/events/streams.ts';
import { openEngine, runOnce } from '../../chaos/support/engines.ts';
import { startWebhookReceiver } from '../../chaos/support/serviceInProcess.ts';
import { startSimWorld, type SimWorld } from '../../chaos/support/simWorld.ts';
import { buildWorld } from '../../chaos/support/worlds.ts';
import { runPool } from '../../src/reconciler/runPool.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';
import { withExitCode } from '../support/withExitCode.ts';

/** Regression tests for what the chaos campaigns found, one per finding, in-process and fast. */

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
});

/**
 * The engine's store dies right after one OZmap write took effect (a SIGKILL between the write
 * and its outcome), then the process "restarts" on the same log.
 */
async function killedAfter(
  method: 'createPropertyWithClient' | 'updateClient' | 'updateProperty',
): Promise<{ harness: Harness; code: () => string }> {
  let armed = true;
  let dead = false;
  let code = '';
  const world = buildWorld({ contracts: 24, seed: 11 });
  const harness = await startHarness({
    sgpFixture: world.sgp,
    ozmapFixture: world.ozmap,
    wrapGateway: (gateway: OzmapGateway): OzmapGateway => ({
      ...gateway,
      [method]: async (...args: unknown[]) => {
        const result = await (gateway[method] as (...a: unknown[]) => Promise<unknown>)(...args);
        if (armed) {
          armed = false;
          dead = true;
          code =
            method === 'createPropertyWithClient'
              ? (args[0] as { code: string }).code
              : await codeOf(harness, method, String(args[0]));
        }
        return result;
      },
    }),
    wrapStore: (store: EventStore): EventStore => ({
      ...store,
      append: (...args) => (dead ? Promise.reject(new Error('killed')) : store.append(...args)),
    }),
  });
  closers.push(() => harness.close());
  await expect(harness.run('sync')).rejects.toThrow();
  dead = false;
  await harness.restart();
  return { harness, code: () => code };
}

/** The contract an update's target (a client id, or a property id) belongs to. */
async function codeOf(harness: Harness, method: 'updateClient' | 'updateProperty', id: string): Promise<string> {
  const state = await harness.ozmapState();
  const clientId = method === 'updateClient' ? id : state.properties.find((p) => p.id === id)?.client;
  return state.ftthClients.find((c) => c.id === clientId)?.code ?? '';
}

const typesOf = async (harness: Harness, code: string) =>
  (await harness.store.readStream(contractStream(code))).map((e) => e.type);

describe('regressions found by the chaos campaigns', () => {
  test('R6 a creation killed after OZmap took it is named in its trail by the next sync (crash campaign, seed 11)', async () => {
    const { harness, code } = await killedAfter('createPropertyWithClient');
    expect(await typesOf(harness, code())).toEqual(['SgpContractObserved', 'OzmapCommandIssued']);
    await harness.run('sync');
    const events = await harness.store.readStream(contractStream(code()));
    const [issued] = events.filter((e) => e.type === 'OzmapCommandIssued');
    const resolved = events.find((e) => e.type === 'OzmapCreationSuperseded');
    const clients = (await harness.ozmapState()).ftthClients.filter((c) => c.code === code());
    expect(clients).toHaveLength(1);
    expect(resolved?.data).toMatchObject({
      commandId: (issued?.data as { commandId: string }).commandId,
      clientId: clients[0]!.id,
    });
    const row = harness.engine.deps.readModels.getContract(code());
    expect(row?.ozmap?.clientId).toBe(clients[0]!.id);
    expect(row?.pendingWrite ?? null).toBeNull();
  });

  test('R6 an update killed after OZmap took it is recorded done by the next sync, not left "issued" (crash campaign, seed 7 run 2)', async () => {
    const { harness, code } = await killedAfter('updateProperty');
    await harness.run('sync');
    const events = await harness.store.readStream(contractStream(code()));
    const issued = events
      .filter((e) => e.type === 'OzmapCommandIssued')
      .map((e) => (e.data as { commandId: string }).commandId);
    const updated = events
      .filter((e) => e.type === 'OzmapClientUpdated')
      .map((e) => (e.data as { commandId: string }).commandId);
    expect(issued.length).toBeGreaterThan(0);
    expect(updated).toContain(issued.at(-1));
  });

  test('R6 a creation whose answer was lost (5xx after it took effect) is named in its trail by the next sync (upstream campaign, seed 1)', async () => {
    let armed = true;
    const world = buildWorld({ contracts: 24, seed: 3 });
    const harness = await startHarness({
      sgpFixture: world.sgp,
      ozmapFixture: world.ozmap,
      wrapGateway: (gateway) => ({
        ...gateway,
        async createPropertyWithClient(command) {
          const created = await gateway.createPropertyWithClient(command);
          if (!armed) return created;
          armed = false;
          throw Object.assign(
            new Error(
              'OZmap POST /api/v2/properties: server error (502), not retried: the write may have taken effect',
            ),
            { code: 'UPSTREAM_SERVER', retryable: true },
          );
        },
      }),
    });
    closers.push(() => harness.close());
    expect((await harness.run('sync')).counts['failed']).toBe(1);
    await harness.run('sync');
    const state = await harness.ozmapState();
    for (const client of state.ftthClients) {
      const types = await typesOf(harness, client.code);
      if (types.includes('OzmapCommandFailed')) expect(types).toContain('OzmapCreationSuperseded');
    }
    expect(new Set(state.ftthClients.map((c) => c.code)).size).toBe(state.ftthClients.length);
  });
});

describe('regressions: R8 rejections and R5.6 mass vanishing', () => {
  let sims: SimWorld;

  test('R8 a record without a readable contract id is written to the log with its position and field (bad-input campaign)', async () => {
    const world = buildWorld({ contracts: 6, seed: 1 });
    sims = await startSimWorld({
      sgpFixture: { clientes: [...world.sgp.clientes, 42, { nome: 'x', contratos: [{ contrato: 'abc' }] }] },
      ozmapFixture: world.ozmap,
    });
    closers.push(() => sims.close());
    const lines: string[] = [];
    const engine = await openEngine(sims.serviceEnv({ EVENTSTORE_URL: 'memory:' }), {
      logger: createLogger({ level: 'warn', destination: { write: (l: string) => void lines.push(l) } }),
    });
    closers.push(() => engine.close());
    await runOnce(engine, 'sync');
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['field'] !== undefined);
    const n = world.sgp.clientes.length;
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ contract: null, clientIndex: n, field: 'cliente' }),
        expect.objectContaining({ contract: null, clientIndex: n + 1, field: 'contratos[0].contrato' }),
      ]),
    );
  });

  test('R5.6 SGP answering an empty list: nothing recorded vanished, the guard trips, and the confirmed hash releases it (mass-deletion campaign)', async () => {
    const world = buildWorld({ contracts: 150, seed: 2, cancelShare: 0 });
    const harness = await startHarness({ sgpFixture: world.sgp, ozmapFixture: world.ozmap });
    closers.push(() => harness.close());
    await harness.run('sync');
    const known = harness.engine.deps.readModels.contractCount();
    await harness.sgp.inject({ method: 'PUT', url: '/__sim/clientes', payload: { clientes: [] } });
    const held = await harness.run('cancel');
    expect(held.outcome).toBe('guard-tripped');
    expect(withExitCode(held).exitCode).toBe(2);
    expect(held.counts['vanished']).toBe(0);
    expect(harness.engine.deps.readModels.guard().pending).toMatchObject({ removals: known, hash: held.guard?.hash });
    expect((await harness.run('sync')).outcome).toBe('guard-tripped');
    // The hash names exactly the set: sha256 of the sorted `vanished:<code>` lines.
    const codes = [...harness.engine.deps.readModels.contracts()].map((r) => r.code).sort();
    expect(held.guard?.hash).toBe(
      createHash('sha256')
        .update(codes.map((c) => `vanished:${c}`).join('\n'))
        .digest('hex')
        .slice(0, 16),
    );
    const released = await harness.run('cancel', { confirmHash: held.guard!.hash });
    expect(released.outcome).toBe('completed');
    expect(released.counts['vanished']).toBe(known);
  });

  test('a cycle that crashes on the store (disk full) makes /ready degraded and alerts; healed, ready again (store campaign)', async () => {
    const world = buildWorld({ contracts: 10, seed: 4 });
    sims = await startSimWorld({ sgpFixture: world.sgp, ozmapFixture: world.ozmap });
    closers.push(() => sims.close());
    const webhook = await startWebhookReceiver();
    closers.push(() => webhook.close());
    const memory = getMemoryEventStore();
    let full = true;
    const store: EventStore = {
      ...memory,
      append: (...args) =>
        full
          ? Promise.reject(
              new EventStoreError(
                'STORE_FULL',
                'append to cycles: the disk or the database size limit is full; free space (or raise the limit) and retry',
              ),
            )
          : memory.append(...args),
    };
    const loaded = loadConfig(sims.serviceEnv({ EVENTSTORE_URL: 'memory:', ALERT_WEBHOOK_URL: webhook.url }));
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const service = await createService(loaded.config, {
      logger: createLogger({ level: 'silent', secrets: configSecrets(loaded.config) }),
      store,
    });
    closers.push(() => service.stop());
    expect(await service.scheduler.trigger('sync', 'test')).toBeNull();
    const degraded = service.readiness();
    expect(degraded.ready).toBe(false);
    expect(degraded.reasons.join(' ')).toMatch(/sync cycle crashed: .*full/);
    expect(webhook.alerts).toEqual([
      expect.objectContaining({ kind: 'cycle-failed', message: expect.stringMatching(/full/) }),
    ]);
    full = false;
    expect((await service.scheduler.trigger('sync', 'test'))?.outcome).toBe('completed');
    expect(service.readiness()).toEqual({ ready: true, reasons: [], problems: [] });
  });
});

describe('regressions: a failed cycle leaves nothing running (store campaign, seed 1, runs 4 and 25: duplicate clients)', () => {
  test('runPool: after a failure no item starts, and it settles only once the items in flight are done', async () => {
    const started: number[] = [];
    let inFlight = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pool = runPool([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      inFlight += 1;
      try {
        if (n === 0) await gate;
        if (n === 1) throw new Error('store full');
        return n;
      } finally {
        inFlight -= 1;
      }
    });
    let settledWith: number | null = null;
    const settled = pool.catch((error: Error) => {
      settledWith = inFlight;
      return error.message;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settledWith).toBeNull();
    release();
    expect(await settled).toBe('store full');
    expect(settledWith).toBe(0);
    expect(started).toEqual([0, 1]);
  });

  test('R3.2 a cycle failing on its store while a creation is in flight: no write after it failed, no second client after the restart', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    let storeFull = false;
    let writesAfterFailure = 0;
    let cycleFailed = false;
    const world = buildWorld({ contracts: 24, seed: 11 });
    const harness = await startHarness({
      sgpFixture: world.sgp,
      ozmapFixture: world.ozmap,
      env: { OZMAP_CONCURRENCY: '4' },
      wrapGateway: (gateway) => ({
        ...gateway,
        async createPropertyWithClient(command) {
          if (cycleFailed) writesAfterFailure += 1;
          if (!first) return gateway.createPropertyWithClient(command);
          first = false;
          // The store fills up while this creation waits for OZmap's answer.
          storeFull = true;
          await gate;
          return gateway.createPropertyWithClient(command);
        },
      }),
      wrapStore: (store) => ({
        ...store,
        append: (...args) =>
          storeFull ? Promise.reject(new EventStoreError('STORE_FULL', 'the disk is full')) : store.append(...args),
      }),
    });
    closers.push(() => harness.close());
    const cycle = harness.run('sync').then(
      () => 'completed',
      () => {
        cycleFailed = true;
        return 'failed';
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cycleFailed).toBe(false);
    release();
    expect(await cycle).toBe('failed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(writesAfterFailure).toBe(0);
    storeFull = false;
    await harness.restart();
    await harness.run('sync');
    await harness.run('sync');
    const codes = (await harness.ozmapState()).ftthClients.map((c) => c.code);
    expect(codes.length).toBe(new Set(codes).size);
  });
});
