import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EventStoreError,
  type EventData,
  type EventStore,
  type RecordedEvent,
} from '../../../src/domain/eventStore.ts';

export interface StoreUnderTest {
  readonly store: EventStore;
  /** Closes the store and removes whatever the factory created. */
  readonly dispose: () => Promise<void>;
}

const ev = (type = 'Thing', data: unknown = { n: 1 }, id = randomUUID()): EventData => ({ id, type, data });

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<EventStoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EventStoreError);
  expect((error as EventStoreError).code).toBe(code);
  return error as EventStoreError;
}

/**
 * The behaviour every event store adapter must share (EventStoreDB's semantics). Each adapter's
 * test file calls this with a factory; the same assertions run against every one of them.
 * Streams get a unique prefix per test so the suite also runs against a shared real server.
 */
export function describeEventStoreContract(label: string, open: () => Promise<StoreUnderTest>): void {
  describe(`event store contract: ${label}`, () => {
    let sut: StoreUnderTest;
    let store: EventStore;
    let s: (name: string) => string;
    beforeEach(async () => {
      sut = await open();
      store = sut.store;
      const prefix = `t${randomUUID().slice(0, 8)}`;
      s = (name) => `${prefix}-${name}`;
    });
    afterEach(async () => {
      await sut.dispose();
    });

    describe('append and readStream', () => {
      it('a missing stream reads as empty and has revision -1', async () => {
        expect(await store.readStream(s('none'))).toEqual([]);
        expect(await store.streamRevision(s('none'))).toBe(-1);
      });

      it('revisions start at 0 and data round-trips', async () => {
        const data = { name: 'Maria da Silva', rx: -21.5, tags: ['a', 'ç'], nested: { ok: true, n: null } };
        const r = await store.append(s('a'), [ev('A', data), ev('B', { x: 2 })], { expectedRevision: 'no_stream' });
        expect(r.nextExpectedRevision).toBe(1);
        const events = await store.readStream(s('a'));
        expect(events.map((e) => [e.type, e.revision, e.streamId])).toEqual([
          ['A', 0, s('a')],
          ['B', 1, s('a')],
        ]);
        expect(events[0]?.data).toEqual(data);
        expect(typeof events[0]?.created).toBe('string');
        expect(Number.isNaN(Date.parse(events[0]?.created ?? ''))).toBe(false);
        expect(await store.streamRevision(s('a'))).toBe(1);
      });

      it('metadata round-trips', async () => {
        await store.append(s('m'), [{ ...ev(), metadata: { cycle: 'c1', at: 3 } }], { expectedRevision: 'any' });
        expect((await store.readStream(s('m')))[0]?.metadata).toEqual({ cycle: 'c1', at: 3 });
      });

      it('exact expected revision appends in order', async () => {
        await store.append(s('x'), [ev()], { expectedRevision: 'no_stream' });
        const r = await store.append(s('x'), [ev(), ev()], { expectedRevision: 0 });
        expect(r.nextExpectedRevision).toBe(2);
        expect((await store.readStream(s('x'))).map((e) => e.revision)).toEqual([0, 1, 2]);
      });

      it('readStream honours fromRevision and maxCount', async () => {
        await store.append(s('r'), [ev('a'), ev('b'), ev('c'), ev('d')], { expectedRevision: 'no_stream' });
        const part = await store.readStream(s('r'), { fromRevision: 1, maxCount: 2 });
        expect(part.map((e) => e.type)).toEqual(['b', 'c']);
      });

      it('returned positions are the positions read back', async () => {
        const r = await store.append(s('p'), [ev(), ev()], { expectedRevision: 'any' });
        const events = await store.readStream(s('p'));
        expect(r.position).toBe(events[1]?.position);
        expect(events[0]!.position).toBeLessThan(events[1]!.position);
      });
    });

    describe('optimistic concurrency', () => {
      it('no_stream on an existing stream conflicts', async () => {
        await store.append(s('c'), [ev()], { expectedRevision: 'no_stream' });
        const error = await expectCode(
          store.append(s('c'), [ev()], { expectedRevision: 'no_stream' }),
          'WRONG_EXPECTED_REVISION',
        );
        expect(error.details.actual).toBe(0);
      });

      it('a stale exact revision with new ids conflicts and writes nothing', async () => {
        await store.append(s('c'), [ev(), ev()], { expectedRevision: 'no_stream' });
        await expectCode(store.append(s('c'), [ev()], { expectedRevision: 0 }), 'WRONG_EXPECTED_REVISION');
        expect(await store.streamRevision(s('c'))).toBe(1);
      });

      it('an exact revision ahead of the stream conflicts', async () => {
        await store.append(s('c'), [ev()], { expectedRevision: 'no_stream' });
        await expectCode(store.append(s('c'), [ev()], { expectedRevision: 5 }), 'WRONG_EXPECTED_REVISION');
        await expectCode(store.append(s('missing'), [ev()], { expectedRevision: 0 }), 'WRONG_EXPECTED_REVISION');
      });

      it('stream_exists needs the stream', async () => {
        await expectCode(
          store.append(s('e'), [ev()], { expectedRevision: 'stream_exists' }),
          'WRONG_EXPECTED_REVISION',
        );
        await store.append(s('e'), [ev()], { expectedRevision: 'any' });
        const r = await store.append(s('e'), [ev()], { expectedRevision: 'stream_exists' });
        expect(r.nextExpectedRevision).toBe(1);
      });

      it('any always appends new ids', async () => {
        await store.append(s('y'), [ev()], { expectedRevision: 'any' });
        await store.append(s('y'), [ev()], { expectedRevision: 'any' });
        expect(await store.streamRevision(s('y'))).toBe(1);
      });
    });

    describe('idempotent retries', () => {
      it('the same batch with the same expected revision is written once', async () => {
        const batch = [ev('A'), ev('B')];
        const first = await store.append(s('i'), batch, { expectedRevision: 'no_stream' });
        const again = await store.append(s('i'), batch, { expectedRevision: 'no_stream' });
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(again.position).toBe(first.position);
        expect(await store.readStream(s('i'))).toHaveLength(2);
      });

      it('a retry after later appends is still recognised at its revision', async () => {
        const batch = [ev('A')];
        await store.append(s('i'), [ev('0')], { expectedRevision: 'no_stream' });
        await store.append(s('i'), batch, { expectedRevision: 0 });
        await store.append(s('i'), [ev('later')], { expectedRevision: 1 });
        const again = await store.append(s('i'), batch, { expectedRevision: 0 });
        expect(again.nextExpectedRevision).toBe(1);
        expect(await store.readStream(s('i'))).toHaveLength(3);
      });

      it('a partly matching retry conflicts', async () => {
        const a = ev('A');
        await store.append(s('i'), [a, ev('B')], { expectedRevision: 'no_stream' });
        await expectCode(
          store.append(s('i'), [a, ev('C')], { expectedRevision: 'no_stream' }),
          'WRONG_EXPECTED_REVISION',
        );
        expect(await store.readStream(s('i'))).toHaveLength(2);
      });

      it('with any, resending the tail batch writes nothing', async () => {
        const batch = [ev('A')];
        await store.append(s('i'), batch, { expectedRevision: 'any' });
        await store.append(s('i'), batch, { expectedRevision: 'any' });
        expect(await store.readStream(s('i'))).toHaveLength(1);
      });

      it('the same content with a new id is a new event (A -> B -> A)', async () => {
        await store.append(s('aba'), [ev('Rx', { rx: -20 })], { expectedRevision: 'no_stream' });
        await store.append(s('aba'), [ev('Rx', { rx: -21 })], { expectedRevision: 0 });
        await store.append(s('aba'), [ev('Rx', { rx: -20 })], { expectedRevision: 1 });
        expect((await store.readStream(s('aba'))).map((e) => (e.data as { rx: number }).rx)).toEqual([-20, -21, -20]);
      });
    });

    describe('readAll', () => {
      it('returns every event in global write order across streams', async () => {
        const before = await lastPosition(store);
        await store.append(s('a'), [ev('a1')], { expectedRevision: 'any' });
        await store.append(s('b'), [ev('b1'), ev('b2')], { expectedRevision: 'any' });
        await store.append(s('a'), [ev('a2')], { expectedRevision: 'any' });
        const events = (await collect(store.readAll({ after: before }))).filter((e) => e.streamId.startsWith(s('')));
        expect(events.map((e) => e.type)).toEqual(['a1', 'b1', 'b2', 'a2']);
        const positions = events.map((e) => e.position);
        expect([...positions].sort((x, y) => x - y)).toEqual(positions);
        expect(new Set(positions).size).toBe(positions.length);
      });

      it('reads strictly after a position, with filters and maxCount', async () => {
        const before = await lastPosition(store);
        await store.append(s('a'), [ev('X'), ev('Y')], { expectedRevision: 'any' });
        await store.append(s('b'), [ev('X')], { expectedRevision: 'any' });
        const all = await collect(store.readAll({ after: before, filter: { streamPrefixes: [s('')] } }));
        expect(all).toHaveLength(3);
        const afterFirst = await collect(
          store.readAll({ after: all[0]!.position, filter: { streamPrefixes: [s('')] } }),
        );
        expect(afterFirst.map((e) => e.type)).toEqual(['Y', 'X']);
        const onlyB = await collect(store.readAll({ after: before, filter: { streamPrefixes: [s('b')] } }));
        expect(onlyB.map((e) => e.streamId)).toEqual([s('b')]);
        const onlyX = await collect(
          store.readAll({ after: before, filter: { types: ['X'], streamPrefixes: [s('')] } }),
        );
        expect(onlyX).toHaveLength(2);
        const limited = await collect(
          store.readAll({ after: before, filter: { streamPrefixes: [s('')] }, maxCount: 2 }),
        );
        expect(limited).toHaveLength(2);
      });
    });

    describe('subscribe', () => {
      it('catches up from a checkpoint, then delivers live appends, and stops on abort', async () => {
        await store.append(s('sub'), [ev('old1'), ev('old2')], { expectedRevision: 'any' });
        const checkpoint = (await store.readStream(s('sub')))[0]!.position;
        const controller = new AbortController();
        const seen: string[] = [];
        const done = (async () => {
          const filter = { streamPrefixes: [s('sub')] };
          for await (const e of store.subscribe({ after: checkpoint, filter, signal: controller.signal })) {
            seen.push(e.type);
            if (seen.length === 3) controller.abort();
          }
        })();
        await new Promise((r) => setTimeout(r, 20));
        await store.append(s('sub'), [ev('live1')], { expectedRevision: 'any' });
        await store.append(s('elsewhere'), [ev('filtered-out')], { expectedRevision: 'any' });
        await store.append(s('sub'), [ev('live2')], { expectedRevision: 'any' });
        await withTimeout(done, 5_000);
        expect(seen).toEqual(['old2', 'live1', 'live2']);
      });

      it('an already aborted signal yields nothing', async () => {
        await store.append(s('sub'), [ev()], { expectedRevision: 'any' });
        const controller = new AbortController();
        controller.abort();
        const events = await collect(store.subscribe({ signal: controller.signal }));
        expect(events).toEqual([]);
      });
    });

    describe('validation', () => {
      it('rejects a non-UUID id with INVALID_EVENT', async () => {
        await expectCode(
          store.append(s('v'), [{ id: 'nope', type: 'T', data: {} }], { expectedRevision: 'any' }),
          'INVALID_EVENT',
        );
        expect(await store.readStream(s('v'))).toEqual([]);
      });
    });

    describe('close', () => {
      it('after close every call fails with CLOSED (before validation), and closing again does nothing', async () => {
        await store.append(s('c'), [ev()], { expectedRevision: 'no_stream' });
        await store.close();
        await store.close();
        await expectCode(store.append(s('c'), [ev()], { expectedRevision: 'any' }), 'CLOSED');
        await expectCode(
          store.append(s('c'), [{ id: 'nope', type: 'T', data: {} }], { expectedRevision: 'any' }),
          'CLOSED',
        );
        await expectCode(store.readStream(s('c')), 'CLOSED');
        await expectCode(store.streamRevision(s('c')), 'CLOSED');
        await expectCode(collect(store.readAll()), 'CLOSED');
        const controller = new AbortController();
        await expectCode(withTimeout(collect(store.subscribe({ signal: controller.signal })), 2_000), 'CLOSED');
        controller.abort();
      });
    });
  });
}

async function lastPosition(store: EventStore): Promise<number> {
  let last = -1;
  for await (const e of store.readAll()) last = e.position;
  return last;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)),
  ]);
}
