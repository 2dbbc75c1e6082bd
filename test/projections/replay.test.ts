import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { getMemoryEventStore } from '../../src/adapters/eventstore/memoryEventStore.ts';
import { DEFAULT_READMODEL_PREFIX, sqliteReadModelStorage } from '../../src/adapters/readmodel/sqliteReadModels.ts';
import type { EventStore } from '../../src/domain/eventStore.ts';
import { canonicalJson } from '../../src/domain/events/eventIds.ts';
import { contractStream } from '../../src/domain/events/streams.ts';
import { normaliseContract } from '../../src/domain/sgp/normaliseContract.ts';
import type { SgpContractRecord } from '../../src/domain/sgp/sgpContractRecord.ts';
import { allCycles } from '../../src/projections/compareReadModels.ts';
import { createProjector } from '../../src/projections/projector.ts';
import type { ReadModels } from '../../src/projections/readModels.ts';
import { replay, replayPrefix } from '../../src/projections/replay.ts';
import { aRecord } from '../domain/sgp/sgpRecordBuilder.ts';
import { appendEvent, observed } from './projectionEvents.ts';
import { arbitraryLog } from './randomLog.ts';

const dbs: Database.Database[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

function memoryDb(): Database.Database {
  const db = new Database(':memory:');
  dbs.push(db);
  return db;
}

const LIVE = DEFAULT_READMODEL_PREFIX;

/** Every row of the read models in canonical form (sorted keys, rows sorted). */
function canonicalRows(readModels: ReadModels): string {
  const contracts = [...readModels.contracts()].map((row) => canonicalJson(row)).sort();
  const cycles = [...allCycles(readModels).values()].sort();
  return canonicalJson({ contracts, cycles, guard: readModels.guard(), checkpoint: readModels.checkpoint() });
}

async function seedObservations(store: EventStore, names: readonly string[]): Promise<void> {
  for (const [i, name] of names.entries()) {
    const record: SgpContractRecord = aRecord({ code: String(i + 1), cliente: { nome: name, endereco: null } });
    await appendEvent(store, contractStream(record.code), 'SgpContractObserved', observed(record));
  }
}

describe('replay', () => {
  test('an unchanged log replays into identical read models', async () => {
    const store = getMemoryEventStore();
    await seedObservations(store, ['Ana', 'Bruno', 'Carla']);
    const storage = sqliteReadModelStorage(memoryDb());
    const live = storage.open(LIVE);
    await createProjector({ store, readModels: live }).catchUp();
    const before = canonicalRows(live);
    const result = await replay({ store, storage, livePrefix: LIVE });
    expect(result).toMatchObject({ identical: true, applied: 3, contracts: 3, cycles: 0, checkpoint: 2 });
    expect(result.differences).toEqual({ contracts: 0, cycles: 0, guard: false });
    expect(canonicalRows(result.readModels)).toBe(before);
    expect(canonicalRows(storage.open(LIVE))).toBe(before);
  });

  test('a replay through a fixed normaliser repairs the rows built by the buggy one', async () => {
    const store = getMemoryEventStore();
    await seedObservations(store, ['Ana  Maria', 'Bruno', 'Carla  Dias']);
    const storage = sqliteReadModelStorage(memoryDb());
    // The "bug": R1 forgot to collapse inner whitespace.
    const buggy = (record: SgpContractRecord) => ({ ...normaliseContract(record), name: String(record.cliente.nome) });
    await createProjector({ store, readModels: storage.open(LIVE), normalise: buggy }).catchUp();
    expect(storage.open(LIVE).getContract('1')?.snapshot?.name).toBe('Ana  Maria');
    const result = await replay({ store, storage, livePrefix: LIVE });
    expect(result.identical).toBe(false);
    expect(result.differences.contracts).toBe(2);
    expect(result.readModels.getContract('1')?.snapshot?.name).toBe('Ana Maria');
    expect(result.readModels.getContract('3')?.snapshot?.name).toBe('Carla Dias');
    expect(storage.open(LIVE).getContract('1')?.snapshot?.name).toBe('Ana Maria');
  });

  test('rows are compared as stored first: another key order is no difference, another value is one', async () => {
    const store = getMemoryEventStore();
    await seedObservations(store, ['Ana', 'Bruno', 'Carla']);
    const db = memoryDb();
    const storage = sqliteReadModelStorage(db);
    await createProjector({ store, readModels: storage.open(LIVE) }).catchUp();
    // Row 1 stored with its keys in another order (same row); row 2 stored with another value.
    const stored = (code: string) =>
      JSON.parse(db.prepare<[string], string>(`SELECT json FROM ${LIVE}contracts WHERE code = ?`).pluck().get(code)!);
    const reordered = Object.fromEntries(Object.entries(stored('1') as object).reverse());
    const changed = { ...(stored('2') as object), lastHash: "not the log's" };
    const write = db.prepare(`UPDATE ${LIVE}contracts SET json = ? WHERE code = ?`);
    write.run(JSON.stringify(reordered), '1');
    write.run(JSON.stringify(changed), '2');
    const result = await replay({ store, storage, livePrefix: LIVE, dryRun: true });
    expect(result.differences).toEqual({ contracts: 1, cycles: 0, guard: false });
    expect(storage.differingContracts(LIVE, LIVE)).toEqual([]);
  });

  test('reports progress per batch and drops what an interrupted replay left behind', async () => {
    const store = getMemoryEventStore();
    await seedObservations(store, ['A', 'B', 'C', 'D', 'E']);
    const storage = sqliteReadModelStorage(memoryDb());
    storage.open(replayPrefix(LIVE)).commit({ contracts: [], cycles: [] }, 1_000);
    const checkpoints: number[] = [];
    const result = await replay({
      store,
      storage,
      livePrefix: LIVE,
      batchSize: 2,
      onProgress: (p) => checkpoints.push(p.checkpoint),
    });
    expect(checkpoints).toEqual([1, 3, 4]);
    expect(result.readModels.checkpoint()).toBe(4);
    expect(result.readModels.contractCount()).toBe(5);
  });

  test('property: incremental projection in random chunks equals a replay from scratch', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryLog(),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 7 }),
        async (log, chunks, batchSize) => {
          const store = getMemoryEventStore();
          const db = new Database(':memory:');
          try {
            const storage = sqliteReadModelStorage(db);
            const live = storage.open(LIVE);
            const projector = createProjector({ store, readModels: live, batchSize });
            let next = 0;
            for (let i = 0; next < log.length; i++) {
              const size = chunks[i % chunks.length]!;
              for (const event of log.slice(next, next + size))
                await appendEvent(store, event.stream, event.type, event.data);
              next += size;
              await projector.catchUp();
            }
            const incremental = canonicalRows(live);
            const result = await replay({ store, storage, livePrefix: LIVE });
            expect(result.undecodable).toBe(0);
            expect(result.identical).toBe(true);
            expect(canonicalRows(result.readModels)).toBe(incremental);
          } finally {
            db.close();
          }
        },
      ),
      { seed: 20261129, numRuns: 60 },
    );
  });
});
