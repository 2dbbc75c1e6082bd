import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteEventStore, type SqliteEventStore } from '../../../src/adapters/eventstore/sqliteEventStore.ts';
import { EventStoreError, type EventData, type RecordedEvent } from '../../../src/domain/eventStore.ts';
import { describeEventStoreContract } from './eventStoreContract.ts';

const tempDirs: string[] = [];
const openStores: SqliteEventStore[] = [];

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-es-'));
  tempDirs.push(dir);
  return join(dir, 'nested', 'dir', 'events.db');
}

function open(path: string, options?: Parameters<typeof openSqliteEventStore>[1]): SqliteEventStore {
  const store = openSqliteEventStore(path, options);
  openStores.push(store);
  return store;
}

afterEach(async () => {
  for (const store of openStores.splice(0)) await store.close();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ev = (type = 'Thing', data: unknown = { n: 1 }): EventData => ({ id: randomUUID(), type, data });

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

async function errorOf(promise: Promise<unknown>): Promise<EventStoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EventStoreError);
  return error as EventStoreError;
}

describeEventStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-es-contract-'));
  const store = openSqliteEventStore(join(dir, 'events.db'));
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('sqlite event store', () => {
  it('creates parent directories, uses WAL and records its schema version', () => {
    const store = open(tempPath());
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(store.db.pragma('user_version', { simple: true })).toBe(1);
  });

  it('reopening keeps every event, revision and position, and appends continue from them', async () => {
    const path = tempPath();
    const first = open(path);
    await first.append('contract-1', [ev('A', { rx: -20.5 }), { ...ev('B'), metadata: { cycle: 'c1' } }], {
      expectedRevision: 'no_stream',
    });
    await first.append('contract-2', [ev('C')], { expectedRevision: 'no_stream' });
    const before = await collect(first.readAll());
    await first.close();

    const reopened = open(path);
    expect(await collect(reopened.readAll())).toEqual(before);
    expect(await reopened.streamRevision('contract-1')).toBe(1);
    const r = await reopened.append('contract-1', [ev('D')], { expectedRevision: 1 });
    expect(r).toEqual({ nextExpectedRevision: 2, position: 3 });
  });

  it('opened read-only, it still reads but refuses appends with READ_ONLY', async () => {
    const path = tempPath();
    const writer = open(path);
    await writer.append('contract-1', [ev('A')], { expectedRevision: 'no_stream' });
    await writer.close();

    const reader = open(path, { readonly: true });
    expect((await reader.readStream('contract-1')).map((e) => e.type)).toEqual(['A']);
    const error = await errorOf(reader.append('contract-1', [ev('B')], { expectedRevision: 0 }));
    expect(error.code).toBe('READ_ONLY');
    expect(await collect(reader.readAll())).toHaveLength(1);
  });

  it('maps a write refused by SQLite itself to READ_ONLY', async () => {
    const path = tempPath();
    const store = open(path);
    await store.append('contract-1', [ev('A')], { expectedRevision: 'no_stream' });
    store.db.pragma('query_only = ON');
    const error = await errorOf(store.append('contract-1', [ev('B')], { expectedRevision: 0 }));
    expect(error.code).toBe('READ_ONLY');
    expect(error.cause).toBeInstanceOf(Database.SqliteError);
  });

  it('read-only on a missing file or a newer schema is UNAVAILABLE; a foreign file is STORE_DAMAGED', () => {
    const missing = tempPath();
    expect(() => openSqliteEventStore(missing, { readonly: true })).toThrow(
      expect.objectContaining({ code: 'UNAVAILABLE' }) as Error,
    );
    const garbage = join(tempDirs.at(-1)!, 'garbage.db');
    writeFileSync(garbage, 'this is not a database'.repeat(100));
    expect(() => openSqliteEventStore(garbage)).toThrow(
      expect.objectContaining({ code: 'STORE_DAMAGED', message: expect.stringContaining('restore') }) as Error,
    );
    const newer = join(tempDirs.at(-1)!, 'newer.db');
    const raw = new Database(newer);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openSqliteEventStore(newer)).toThrow(expect.objectContaining({ code: 'UNAVAILABLE' }) as Error);
  });

  it('a full disk fails the append with STORE_FULL, writes no part of it, and appends work once there is room', async () => {
    const store = open(tempPath());
    await store.append('contract-1', [ev('A')], { expectedRevision: 'no_stream' });
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages}`);
    const big = Array.from({ length: 50 }, (_, i) => ev('Big', { i, blob: 'x'.repeat(2_000) }));

    const error = await errorOf(store.append('contract-1', big, { expectedRevision: 0 }));
    expect(error.code).toBe('STORE_FULL');
    expect(error.cause).toBeInstanceOf(Database.SqliteError);
    expect(await store.streamRevision('contract-1')).toBe(0);
    expect(await collect(store.readAll())).toHaveLength(1);
    expect(store.db.inTransaction).toBe(false);

    store.db.pragma('max_page_count = 1073741823');
    const r = await store.append('contract-1', big, { expectedRevision: 0 });
    expect(r).toEqual({ nextExpectedRevision: 50, position: 50 });
    expect((await store.readStream('contract-1')).map((e) => e.revision)).toEqual(
      Array.from({ length: 51 }, (_, i) => i),
    );
  });

  it('a subscription sees appends made through another connection, by polling', async () => {
    const path = tempPath();
    const writer = open(path);
    const reader = open(path, { pollMs: 20 });
    const controller = new AbortController();
    const seen: string[] = [];
    const done = (async () => {
      for await (const e of reader.subscribe({ signal: controller.signal })) {
        seen.push(e.type);
        if (seen.length === 3) controller.abort();
      }
    })();
    await writer.append('contract-1', [ev('one'), ev('two')], { expectedRevision: 'no_stream' });
    await new Promise((r) => setTimeout(r, 50));
    await writer.append('contract-2', [ev('three')], { expectedRevision: 'no_stream' });
    await Promise.race([
      done,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no event within 5 s')), 5_000)),
    ]);
    expect(seen).toEqual(['one', 'two', 'three']);
  });

  it('awkward JSON values read back the same through readStream and readAll', async () => {
    const store = open(tempPath(), { pageSize: 2 });
    const values: unknown[] = [
      { lone: '\uD800x\uDFFF', astral: '\u{1F600}', separators: '\u2028\u2029', control: '\u0000\u001f"\\' },
      [1e21, 5e-324, 2 ** 53 + 2, -1.5e-7, 0.1 + 0.2, 123456789012345680000],
      'just a string',
      null,
      JSON.parse('{"__proto__": "own key", "nested": [[[]], {}]}'),
      undefined,
    ];
    const events = values.map((data): EventData => ({ id: randomUUID(), type: 'T', data }));
    await store.append('contract-1', events, { expectedRevision: 'no_stream' });
    const viaStream = (await store.readStream('contract-1')).map((e) => e.data);
    const viaAll = (await collect(store.readAll())).map((e) => e.data);
    const expected = values.map((v) => (v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as unknown)));
    expect(viaStream).toStrictEqual(expected);
    expect(viaAll).toStrictEqual(expected);
  });

  it('pages shrink for large events and every event is still read once, in order', async () => {
    const store = open(tempPath());
    const big = 'x'.repeat(3_000_000);
    await store.append('contract-1', [ev('Small'), ev('Big', { big }), ev('Big', { big }), ev('Big', { big })], {
      expectedRevision: 'no_stream',
    });
    await store.append(
      'contract-1',
      Array.from({ length: 10 }, () => ev('Small')),
      { expectedRevision: 3 },
    );
    const events = await collect(store.readAll());
    expect(events.map((e) => e.position)).toEqual(Array.from({ length: 14 }, (_, i) => i));
    expect((events[2]?.data as { big: string }).big).toHaveLength(big.length);
  });

  it("readAllPages gives readAll's events, whole pages at a time, with the same after, filter and maxCount", async () => {
    const store = open(tempPath(), { pageSize: 3 });
    for (const stream of ['contract-1', 'cycles', 'contract-2']) {
      await store.append(
        stream,
        Array.from({ length: 4 }, (_, i) => ev(i % 2 === 0 ? 'A' : 'B')),
        { expectedRevision: 'no_stream' },
      );
    }
    const options = [
      {},
      { after: 4 },
      { filter: { streamPrefixes: ['contract-'] } },
      { filter: { types: ['B'] }, maxCount: 4 },
      { after: 100 },
    ];
    for (const option of options) {
      const pages: (readonly RecordedEvent[])[] = [];
      for await (const page of store.readAllPages(option)) pages.push(page);
      expect(pages.every((page) => page.length > 0 && page.length <= 3)).toBe(true);
      expect(pages.flat()).toStrictEqual(await collect(store.readAll(option)));
    }
  });

  it('event data changed outside the store into something other than one JSON value is UNAVAILABLE', async () => {
    const store = open(tempPath());
    await store.append('contract-1', [ev('A'), ev('B')], { expectedRevision: 'no_stream' });
    store.db.prepare("UPDATE events SET data = '1,2' WHERE position = 0").run();
    expect((await errorOf(collect(store.readAll()))).code).toBe('UNAVAILABLE');
    expect((await errorOf(store.readStream('contract-1'))).code).toBe('UNAVAILABLE');
    store.db.prepare("UPDATE events SET data = '{' WHERE position = 0").run();
    expect((await errorOf(collect(store.readAll()))).code).toBe('UNAVAILABLE');
  });

  it('data that JSON cannot represent is INVALID_EVENT', async () => {
    const store = open(tempPath());
    const error = await errorOf(store.append('contract-1', [ev('A', { n: 1n })], { expectedRevision: 'any' }));
    expect(error.code).toBe('INVALID_EVENT');
    expect(await store.streamRevision('contract-1')).toBe(-1);
  });

  it('after close, calls fail with CLOSED', async () => {
    const store = open(tempPath());
    await store.close();
    expect((await errorOf(store.readStream('contract-1'))).code).toBe('CLOSED');
    expect((await errorOf(store.append('contract-1', [ev()], { expectedRevision: 'any' }))).code).toBe('CLOSED');
  });

  it('filters in SQL agree with matchesFilter for prefixes with astral characters and many terms', async () => {
    const store = open(tempPath());
    await store.append('a\u{1F600}b', [ev('X')], { expectedRevision: 'any' });
    await store.append('a\u00e7', [ev('Y')], { expectedRevision: 'any' });
    await store.append('ab', [ev('Z')], { expectedRevision: 'any' });
    const types = async (streamPrefixes: string[], t?: string[]): Promise<string[]> =>
      (await collect(store.readAll({ filter: { streamPrefixes, ...(t ? { types: t } : {}) } }))).map((e) => e.type);
    expect(await types(['a\u{1F600}'])).toEqual(['X']);
    expect(await types(['a\uD83D'])).toEqual(['X']);
    expect(await types(['a\u00e7', 'ab'])).toEqual(['Y', 'Z']);
    expect(await types([''])).toEqual(['X', 'Y', 'Z']);
    expect(await types([])).toEqual([]);
    const many = Array.from({ length: 100 }, (_, i) => `T${i}`);
    expect(await types(['a'], [...many, 'Y'])).toEqual(['Y']);
  });
});
