import { describe, expect, it } from 'vitest';
import { EventStoreError, type EventStore } from '../../src/domain/eventStore.ts';
import { getMemoryEventStore } from '../../src/adapters/eventstore/memoryEventStore.ts';
import { eventId } from '../../src/domain/events/eventIds.ts';
import type { SkipReason } from '../../src/domain/planner/commands.ts';
import { createEventWriter } from '../../src/reconciler/eventWriter.ts';

const STREAM = 'contract-1234';
const skipped = (reason: SkipReason) => ({
  v: 1 as const,
  cycleId: 'sync-1',
  at: '2026-11-29T17:05:00.000Z',
  rule: 'R2.3',
  reason,
  detail: 'no box',
});

/** A store whose next append is written but whose answer is lost (a timeout, a reset). */
function losingOneAnswer(store: EventStore): EventStore & { lose: () => void } {
  let lose = false;
  return Object.assign(Object.create(store) as EventStore, {
    lose: () => {
      lose = true;
    },
    async append(...args: Parameters<EventStore['append']>) {
      const result = await store.append(...args);
      if (lose) {
        lose = false;
        throw new EventStoreError('UNAVAILABLE', 'answer lost after the write');
      }
      return result;
    },
  });
}

describe('createEventWriter', () => {
  it('DESIGN event ids are deterministic: stream, expected revision, type and content', async () => {
    const first = getMemoryEventStore();
    const second = getMemoryEventStore();
    await createEventWriter(first).append(STREAM, 'ClientCreationSkipped', skipped('box-not-found'));
    await createEventWriter(second).append(STREAM, 'ClientCreationSkipped', skipped('box-not-found'));
    const [a] = await first.readStream(STREAM);
    const [b] = await second.readStream(STREAM);
    expect(a?.id).toBe(eventId(STREAM, -1, 'ClientCreationSkipped', skipped('box-not-found')));
    expect(b?.id).toBe(a?.id);
  });

  it('DESIGN the same content appended again later is a new event with a new id (A -> B -> A)', async () => {
    const store = getMemoryEventStore();
    const writer = createEventWriter(store);
    await writer.append(STREAM, 'ClientCreationSkipped', skipped('box-not-found'));
    await writer.append(STREAM, 'ClientCreationSkipped', skipped('port-occupied'));
    await writer.append(STREAM, 'ClientCreationSkipped', skipped('box-not-found'));
    const events = await store.readStream(STREAM);
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  it('DESIGN an append retried after a lost answer is recognised by the store, not doubled', async () => {
    const store = losingOneAnswer(getMemoryEventStore());
    const writer = createEventWriter(store);
    await writer.append(STREAM, 'ClientCreationSkipped', skipped('box-not-found'));
    store.lose();
    await expect(writer.append(STREAM, 'ClientCreationSkipped', skipped('port-occupied'))).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    // The caller retries the same event: same expected revision, same id.
    expect(await writer.append(STREAM, 'ClientCreationSkipped', skipped('port-occupied'))).toBe(1);
    const events = await store.readStream(STREAM);
    expect(events.map((e) => (e.data as { reason: string }).reason)).toEqual(['box-not-found', 'port-occupied']);
  });

  it('DESIGN a conflict (someone else appended) makes the writer re-read the revision and append after it', async () => {
    const store = getMemoryEventStore();
    const writer = createEventWriter(store);
    await writer.append(STREAM, 'ClientCreationSkipped', skipped('box-not-found'));
    // Another writer (a replayed command, a second process) appends behind this one's back.
    await createEventWriter(store).append(STREAM, 'ClientCreationSkipped', skipped('box-ambiguous'));
    expect(await writer.append(STREAM, 'ClientCreationSkipped', skipped('port-occupied'))).toBe(2);
    const events = await store.readStream(STREAM);
    expect(events.map((e) => (e.data as { reason: string }).reason)).toEqual([
      'box-not-found',
      'box-ambiguous',
      'port-occupied',
    ]);
    expect(events[2]?.id).toBe(eventId(STREAM, 1, 'ClientCreationSkipped', skipped('port-occupied')));
  });

  it('DESIGN a stale known revision is corrected by the store, not written at the wrong place', async () => {
    const store = getMemoryEventStore();
    await createEventWriter(store).append(STREAM, 'ClientCreationSkipped', skipped('box-not-found'));
    const writer = createEventWriter(store, () => -1);
    expect(await writer.append(STREAM, 'ClientCreationSkipped', skipped('port-occupied'))).toBe(1);
    expect(await store.readStream(STREAM)).toHaveLength(2);
  });

  it('DESIGN an event that does not fit the catalogue is refused before it reaches the log', async () => {
    const store = getMemoryEventStore();
    const bad = { ...skipped('box-not-found'), reason: 42 } as unknown as ReturnType<typeof skipped>;
    await expect(createEventWriter(store).append(STREAM, 'ClientCreationSkipped', bad)).rejects.toThrow();
    expect(await store.readStream(STREAM)).toEqual([]);
  });
});
