import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { getMemoryEventStore } from '../../src/adapters/eventstore/memoryEventStore.ts';
import { openSqliteEventStore } from '../../src/adapters/eventstore/sqliteEventStore.ts';
import { openSqliteReadModels } from '../../src/adapters/readmodel/sqliteReadModels.ts';
import type { EventStore } from '../../src/domain/eventStore.ts';
import { canonicalJson } from '../../src/domain/events/eventIds.ts';
import { contractStream, CYCLES_STREAM, LEASE_STREAM } from '../../src/domain/events/streams.ts';
import { createProjector, type CatchUpResult } from '../../src/projections/projector.ts';
import type { ReadModels } from '../../src/projections/readModels.ts';
import { aRecord, withOnu } from '../domain/sgp/sgpRecordBuilder.ts';
import { AT, appendEvent, created, observed, skipped } from './projectionEvents.ts';

const dbs: Database.Database[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function memoryReadModels(): ReadModels {
  const db = new Database(':memory:');
  dbs.push(db);
  return openSqliteReadModels(db);
}

/** Ten events: three contracts observed and acted on, and one cycle. */
async function seedLog(store: EventStore): Promise<void> {
  for (const code of ['1', '2', '3'])
    await appendEvent(store, contractStream(code), 'SgpContractObserved', observed(aRecord({ code })));
  await appendEvent(store, CYCLES_STREAM, 'CycleStarted', {
    v: 1,
    cycleId: 'c1',
    kind: 'sync',
    at: AT,
    dryRun: false,
    trigger: 'schedule',
  });
  await appendEvent(store, contractStream('1'), 'OzmapClientCreated', created('cl-1', 'pr-1'));
  await appendEvent(store, contractStream('2'), 'ClientCreationSkipped', skipped('box-not-found'));
  await appendEvent(store, contractStream('3'), 'ClientCreationSkipped', skipped('no-cto-in-sgp'));
  await appendEvent(store, contractStream('3'), 'SgpContractObserved', observed(withOnu({ rx: '-25' })));
  await appendEvent(store, CYCLES_STREAM, 'CycleFinished', {
    v: 1,
    cycleId: 'c1',
    kind: 'sync',
    at: AT,
    outcome: 'completed',
    durationMs: 5,
    sweepComplete: true,
    ozmapComplete: true,
    dryRun: false,
    counts: { created: 1 },
    error: null,
  });
  await appendEvent(store, CYCLES_STREAM, 'CancellationGuardTripped', {
    v: 1,
    cycleId: 'c1',
    at: AT,
    hash: 'h1',
    removals: 60,
    totalClients: 100,
    codes: ['3'],
  });
}

const rowsOf = (readModels: ReadModels): string[] =>
  [...readModels.contracts()].map((row) => canonicalJson(row)).sort();

async function scratch(store: EventStore): Promise<ReadModels> {
  const readModels = memoryReadModels();
  await createProjector({ store, readModels }).catchUp();
  return readModels;
}

describe('projector', () => {
  test('catch-up folds contract and cycle events and commits the last position as checkpoint', async () => {
    const store = getMemoryEventStore();
    await seedLog(store);
    const readModels = memoryReadModels();
    const result = await createProjector({ store, readModels }).catchUp();
    expect(result).toEqual({ applied: 10, undecodable: 0, checkpoint: 9 });
    expect(readModels.checkpoint()).toBe(9);
    expect(readModels.getContract('1')?.ozmap).toEqual({ clientId: 'cl-1', propertyId: 'pr-1' });
    expect(readModels.getContract('3')?.snapshot?.rxDbm).toBe(-25);
    expect(readModels.getContract('3')?.streamRevision).toBe(2);
    expect(readModels.cycle('c1')?.outcome).toBe('completed');
    expect(readModels.guard().pending?.hash).toBe('h1');
  });

  test('a second catch-up with nothing new applies nothing; new events are applied once', async () => {
    const store = getMemoryEventStore();
    await seedLog(store);
    const readModels = memoryReadModels();
    const projector = createProjector({ store, readModels });
    await projector.catchUp();
    expect(await projector.catchUp()).toEqual({ applied: 0, undecodable: 0, checkpoint: 9 });
    await appendEvent(store, contractStream('2'), 'OzmapClientCreated', created('cl-2', 'pr-2'));
    expect(await projector.catchUp()).toEqual({ applied: 1, undecodable: 0, checkpoint: 10 });
    expect(readModels.getContract('2')?.lastSkipReason).toBeNull();
    expect(rowsOf(readModels)).toEqual(rowsOf(await scratch(store)));
  });

  test('each batch is committed with its own checkpoint', async () => {
    const store = getMemoryEventStore();
    await seedLog(store);
    const progress: CatchUpResult[] = [];
    await createProjector({
      store,
      readModels: memoryReadModels(),
      batchSize: 3,
      onBatch: (p) => progress.push(p),
    }).catchUp();
    expect(progress.map((p) => p.checkpoint)).toEqual([2, 5, 8, 9]);
    expect(progress.map((p) => p.applied)).toEqual([3, 6, 9, 10]);
  });

  test('a crash between batches: the rerun applies the rest exactly once', async () => {
    const store = getMemoryEventStore();
    await seedLog(store);
    const readModels = memoryReadModels();
    let commits = 0;
    const crashing: ReadModels = {
      ...readModels,
      commit: (batch, checkpoint) => {
        commits += 1;
        if (commits === 2) throw new Error('killed');
        readModels.commit(batch, checkpoint);
      },
    };
    await expect(createProjector({ store, readModels: crashing, batchSize: 4 }).catchUp()).rejects.toThrow('killed');
    expect(readModels.checkpoint()).toBe(3);
    const rerun = await createProjector({ store, readModels, batchSize: 4 }).catchUp();
    expect(rerun).toEqual({ applied: 6, undecodable: 0, checkpoint: 9 });
    // Folding an observation twice would shift previousSnapshot: equality proves exactly once.
    expect(rowsOf(readModels)).toEqual(rowsOf(await scratch(store)));
  });

  test('events it cannot decode are counted and skipped; their stream revision still counts', async () => {
    const store = getMemoryEventStore();
    await appendEvent(store, contractStream('1'), 'SgpContractObserved', observed(aRecord({ code: '1' })));
    await appendEvent(store, contractStream('1'), 'FromANewerVersion', { v: 9 });
    await appendEvent(store, contractStream('1'), 'ClientCreationSkipped', { v: 1, broken: true });
    await appendEvent(store, CYCLES_STREAM, 'CycleStarted', { nonsense: 1 });
    const readModels = memoryReadModels();
    expect(await createProjector({ store, readModels }).catchUp()).toEqual({
      applied: 1,
      undecodable: 3,
      checkpoint: 3,
    });
    expect(readModels.getContract('1')?.streamRevision).toBe(2);
    expect(readModels.getContract('1')?.lastSkipReason).toBeNull();
  });

  test('events of other streams (the lease) are not projected', async () => {
    const store = getMemoryEventStore();
    await appendEvent(store, LEASE_STREAM, 'LeaseAcquired', { v: 1, owner: 'a', at: AT, until: AT });
    const readModels = memoryReadModels();
    expect((await createProjector({ store, readModels }).catchUp()).applied).toBe(0);
    expect(readModels.contractCount()).toBe(0);
  });

  test('concurrent catch-ups run one after the other and fold each event once', async () => {
    const store = getMemoryEventStore();
    await seedLog(store);
    const readModels = memoryReadModels();
    const projector = createProjector({ store, readModels, batchSize: 2 });
    const results = await Promise.all([projector.catchUp(), projector.catchUp(), projector.catchUp()]);
    expect(results.map((r) => r.applied)).toEqual([10, 0, 0]);
    expect(rowsOf(readModels)).toEqual(rowsOf(await scratch(store)));
  });

  test('on the sqlite store, read by pages, batches cut across pages as on the memory store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'projector-'));
    dirs.push(dir);
    const sqlite = openSqliteEventStore(join(dir, 'events.db'), { pageSize: 3 });
    const memory = getMemoryEventStore();
    await seedLog(sqlite);
    await seedLog(memory);
    await appendEvent(sqlite, contractStream('1'), 'FromANewerVersion', { v: 9 });
    await appendEvent(memory, contractStream('1'), 'FromANewerVersion', { v: 9 });
    const run = async (store: EventStore) => {
      const readModels = memoryReadModels();
      const progress: CatchUpResult[] = [];
      const result = await createProjector({
        store,
        readModels,
        batchSize: 4,
        onBatch: (p) => progress.push(p),
      }).catchUp();
      return { result, progress, rows: rowsOf(readModels) };
    };
    const viaPages = await run(sqlite);
    expect(viaPages.result).toEqual({ applied: 10, undecodable: 1, checkpoint: 10 });
    expect(viaPages.progress.map((p) => p.checkpoint)).toEqual([3, 7, 10]);
    expect(viaPages).toEqual(await run(memory));
    await sqlite.close();
  });

  test("read models on the sqlite event store's own file keep rows and checkpoint together", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'projector-'));
    dirs.push(dir);
    const path = join(dir, 'events.db');
    const store = openSqliteEventStore(path);
    await seedLog(store);
    await createProjector({ store, readModels: openSqliteReadModels(store.db), batchSize: 4 }).catchUp();
    await store.close();
    const reopened = openSqliteEventStore(path);
    const readModels = openSqliteReadModels(reopened.db);
    expect(readModels.checkpoint()).toBe(9);
    expect(readModels.getContract('3')?.lastSkipReason).toBe('no-cto-in-sgp');
    expect((await createProjector({ store: reopened, readModels }).catchUp()).applied).toBe(0);
    await reopened.close();
  });
});
