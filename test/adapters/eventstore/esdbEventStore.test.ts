import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openEsdbEventStore } from '../../../src/adapters/eventstore/esdbEventStore.ts';
import { EventStoreError, type EventStore, type RecordedEvent } from '../../../src/domain/eventStore.ts';
import { describeEventStoreContract } from './eventStoreContract.ts';
import { startEsdbStreamsFake, type EsdbStreamsFake, type EsdbStreamsFakeOptions } from './fakes/esdbStreamsFake.ts';

/*
 * Two kinds of evidence, labelled apart:
 * - "vs model": the real client and this adapter against an in-process gRPC fake whose store is
 *   the reference model. It proves the wiring (serialisation, bigints, positions, error mapping),
 *   not that EventStoreDB behaves like the model.
 * - "vs real server": the same contract against EVENTSTORE_TEST_URL; skipped (not passed) without it.
 */

async function openOnFake(options?: EsdbStreamsFakeOptions): Promise<{ fake: EsdbStreamsFake; store: EventStore }> {
  const fake = await startEsdbStreamsFake(options);
  return { fake, store: await openEsdbEventStore(fake.url) };
}

for (const [label, options] of [
  ['esdb adapter vs model (in-process gRPC fake)', {}],
  ['esdb adapter vs model (in-process gRPC fake without ServerFeatures: unary Append)', { serverFeatures: false }],
] as const) {
  describeEventStoreContract(label, async () => {
    const { fake, store } = await openOnFake(options);
    return {
      store,
      dispose: async () => {
        await store.close();
        await fake.stop();
      },
    };
  });
}

const ev = (type: string) => ({ id: randomUUID(), type, data: { at: type } });

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EventStoreError);
  return (error as EventStoreError).code;
}

describe('esdb adapter vs model: beyond the contract', () => {
  let opened: Array<{ fake: EsdbStreamsFake; store: EventStore }> = [];
  const open = async (options?: EsdbStreamsFakeOptions) => {
    const pair = await openOnFake(options);
    opened.push(pair);
    return pair;
  };
  afterEach(async () => {
    for (const { fake, store } of opened) {
      await store.close();
      await fake.stop();
    }
    opened = [];
  });

  it("keeps the server's own system events out of readAll and subscribe", async () => {
    const { store } = await open();
    await store.append('contract-1', [ev('A')], { expectedRevision: 'no_stream' });
    expect((await collect(store.readAll())).map((e) => e.streamId)).toEqual(['contract-1']);
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const e of store.subscribe({ signal: controller.signal })) {
      seen.push(e.streamId);
      controller.abort();
    }
    expect(seen).toEqual(['contract-1']);
  });

  it('reads $all across pages, with maxCount and a type filter the server applies exactly', async () => {
    const { store } = await open();
    // More than one page (512) of $all.
    const many = Array.from({ length: 600 }, (_, i) => ev(i % 2 === 0 ? 'X' : 'XY'));
    await store.append('big', many, { expectedRevision: 'no_stream' });
    const all = await collect(store.readAll());
    expect(all.map((e) => e.revision)).toEqual(many.map((_, i) => i));
    expect(await collect(store.readAll({ after: all[519]!.position, maxCount: 3 }))).toEqual(all.slice(520, 523));
    expect(await collect(store.readAll({ filter: { types: ['X'] } }))).toHaveLength(300);

    const controller = new AbortController();
    let xs = 0;
    for await (const e of store.subscribe({
      after: all[596]!.position,
      filter: { types: ['X'] },
      signal: controller.signal,
    })) {
      expect(e.type).toBe('X');
      xs += 1;
      if (e.revision === 598) controller.abort();
    }
    expect(xs).toBe(1);
  });

  it('maps an unreachable server to UNAVAILABLE, quickly', async () => {
    const { fake, store } = await open();
    await fake.stop();
    const unreachable = await openEsdbEventStore(`${fake.url}&defaultDeadline=1000`);
    const started = Date.now();
    try {
      expect(await codeOf(unreachable.append('s', [ev('A')], { expectedRevision: 'any' }))).toBe('UNAVAILABLE');
      expect(await codeOf(unreachable.readStream('s'))).toBe('UNAVAILABLE');
      expect(await codeOf(unreachable.streamRevision('s'))).toBe('UNAVAILABLE');
      expect(await codeOf(collect(unreachable.readAll()))).toBe('UNAVAILABLE');
      const signal = new AbortController().signal;
      expect(await codeOf(collect(unreachable.subscribe({ signal })))).toBe('UNAVAILABLE');
      expect(await codeOf(store.readStream('s'))).toBe('UNAVAILABLE');
    } finally {
      await unreachable.close();
    }
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('maps a server that goes away under a running subscription to UNAVAILABLE', async () => {
    const { fake, store } = await open();
    await store.append('s', [ev('A')], { expectedRevision: 'no_stream' });
    const controller = new AbortController();
    const running = (async () => {
      for await (const e of store.subscribe({ signal: controller.signal })) {
        if (e.type === 'A') await fake.stop();
      }
    })();
    expect(await codeOf(running)).toBe('UNAVAILABLE');
    controller.abort();
  });

  for (const [path, options] of [
    ['BatchAppend', {}],
    ['Append', { serverFeatures: false }],
  ] as const) {
    it(`reports the current revision of a conflicting append (${path})`, async () => {
      const { store } = await open(options);
      await store.append('c', [ev('A'), ev('B')], { expectedRevision: 'no_stream' });
      const stale = await store.append('c', [ev('C')], { expectedRevision: 0 }).catch((e: unknown) => e);
      expect(stale).toMatchObject({
        code: 'WRONG_EXPECTED_REVISION',
        details: { stream: 'c', expected: 0, actual: 1 },
      });
      const missing = await store
        .append('m', [ev('C')], { expectedRevision: 'stream_exists' })
        .catch((e: unknown) => e);
      expect(missing).toMatchObject({ details: { stream: 'm', expected: 'stream_exists', actual: -1 } });
    });
  }

  it('ends a running subscription quietly when the store closes, and refuses calls after', async () => {
    const { store } = await open();
    const running = collect(store.subscribe({ signal: new AbortController().signal }));
    await new Promise((r) => setTimeout(r, 20));
    await store.close();
    expect(await running).toEqual([]);
    expect(await codeOf(store.readStream('s'))).toBe('CLOSED');
  });
});

const realServerUrl = process.env.EVENTSTORE_TEST_URL ?? '';

describe.skipIf(realServerUrl === '')('esdb adapter vs real server (EVENTSTORE_TEST_URL)', () => {
  describeEventStoreContract('esdb adapter vs real server', async () => {
    const store = await openEsdbEventStore(realServerUrl);
    return { store, dispose: () => store.close() };
  });
});
