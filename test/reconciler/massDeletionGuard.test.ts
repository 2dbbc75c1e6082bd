import { describe, expect, it } from 'vitest';
import { getMemoryEventStore } from '../../src/adapters/eventstore/memoryEventStore.ts';
import { openLocalState } from '../../src/app/openLocalState.ts';
import { CYCLES_STREAM } from '../../src/domain/events/streams.ts';
import { createEventWriter } from '../../src/reconciler/eventWriter.ts';
import { recordGuardTrip, releaseHeldSet } from '../../src/reconciler/massDeletionGuard.ts';

const HASH = '0123456789abcdef';
const tripped = { tripped: true, removals: 2, totalClients: 3, hash: HASH, codes: ['2', '3'] };
const CLOCK = new Date(Date.UTC(2026, 11, 7, 21, 0));

/** A memory store whose guard holds the set `tripped` (recorded as a cycle records it). */
async function held() {
  const store = getMemoryEventStore();
  const local = await openLocalState({ kind: 'memory' }, ':memory:', store);
  await recordGuardTrip(
    createEventWriter(store),
    { cycleId: 'cancel-1', at: new Date(Date.UTC(2026, 11, 7)) },
    tripped,
  );
  await local.projector.catchUp();
  const deps = { store, readModels: local.readModels, clock: () => CLOCK };
  const releases = async () =>
    (await store.readStream(CYCLES_STREAM)).filter((e) => e.type === 'CancellationGuardReleased');
  return { local, deps, releases };
}

describe('the mass-deletion guard, one place for the CLI and the API', () => {
  it('R5.6 a trip is recorded with its hash, count and codes, and the read models hold the set', async () => {
    const { local } = await held();
    expect(local.readModels.guard().pending).toMatchObject({
      hash: HASH,
      removals: 2,
      totalClients: 3,
      codes: ['2', '3'],
    });
  });

  it('R5.6 releasing the held set by its hash records the release at the injected clock', async () => {
    const { deps, releases, local } = await held();
    expect(await releaseHeldSet(deps, { hash: HASH, by: 'cli' })).toEqual({ released: true });
    expect((await releases()).map((e) => e.data)).toEqual([{ v: 1, at: CLOCK.toISOString(), hash: HASH, by: 'cli' }]);
    await local.projector.catchUp();
    expect(local.readModels.guard().pending).toBeNull();
  });

  it('R5.6 another hash, or no held set, releases nothing and says what is held', async () => {
    const { deps, releases } = await held();
    expect(await releaseHeldSet(deps, { hash: 'ffffffffffffffff', by: 'api' })).toEqual({
      released: false,
      held: expect.objectContaining({ hash: HASH }),
    });
    const store = getMemoryEventStore();
    const empty = await openLocalState({ kind: 'memory' }, ':memory:', store);
    expect(await releaseHeldSet({ ...deps, store, readModels: empty.readModels }, { hash: HASH, by: 'api' })).toEqual({
      released: false,
      held: null,
    });
    expect(await releases()).toEqual([]);
  });
});
