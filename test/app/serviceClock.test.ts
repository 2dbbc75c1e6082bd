import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CYCLES_STREAM } from '../../src/domain/events/streams.ts';

// Issue 13 item 6: the service's clock is injected everywhere (it read the system clock for the
// last success metric, the OZmap view and the guard release), and a replay swaps the read models
// in one holder that the service reads through.
describe('the service runs on its injected clock and one read-model holder', () => {
  it('DESIGN the OZmap view, the last success metric and a guard release are dated by the injected clock', async () => {
    const { startSimWorld } = await import('../../chaos/support/simWorld.ts');
    const { buildWorld } = await import('../../chaos/support/worlds.ts');
    const { loadConfig } = await import('../../src/app/config/index.ts');
    const { createService } = await import('../../src/app/createService.ts');
    const { createLogger } = await import('../../src/app/logger.ts');
    const world = buildWorld({ contracts: 30, seed: 3 });
    const sims = await startSimWorld({ sgpFixture: world.sgp, ozmapFixture: world.ozmap });
    const loaded = loadConfig(sims.serviceEnv({ EVENTSTORE_URL: 'memory:', CANCEL_GUARD: '1,1%' }));
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const NOW = new Date(Date.UTC(2031, 0, 2, 3, 4, 5));
    const service = await createService(loaded.config, {
      logger: createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, next) => next() }) }),
      clock: () => NOW,
    });
    try {
      const sync = await service.scheduler.trigger('sync', 'test');
      expect(sync?.outcome).toBe('completed');
      const [code] = [...service.readModels().contracts()].map((row) => row.code);
      expect(service.seenInOzmap(code!)?.at).toBe(NOW.toISOString());
      expect(await service.metricsText()).toContain(
        `sgp_ozmap_last_success_timestamp_seconds{kind="sync"} ${NOW.getTime() / 1000}`,
      );
      const cancel = await service.scheduler.trigger('cancel', 'test');
      expect(cancel?.outcome).toBe('guard-tripped');
      const confirmed = await service.confirmCancellation(cancel!.guard!.hash, 'test');
      expect(confirmed.ran).toBe(true);
      const releases = (await service.engine.store.readStream(CYCLES_STREAM)).filter(
        (e) => e.type === 'CancellationGuardReleased',
      );
      expect(releases.map((e) => (e.data as { at: string }).at)).toEqual([NOW.toISOString()]);
      // A replay swaps the read models in the holder: the service and the engine see the new ones.
      const before = service.readModels();
      expect((await service.replay()).identical).toBe(true);
      expect(service.readModels()).not.toBe(before);
      expect(service.readModels()).toBe(service.engine.deps.readModels);
    } finally {
      await service.stop();
      await sims.close();
    }
  }, 60_000);
});
