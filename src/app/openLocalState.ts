import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { EventStore } from '../domain/eventStore.ts';
import { openEventStore, type EventStoreLocation } from '../adapters/eventstore/openEventStore.ts';
import {
  DEFAULT_READMODEL_PREFIX,
  openSqliteReadModels,
  sqliteReadModelStorage,
} from '../adapters/readmodel/sqliteReadModels.ts';
import { createProjector, type Projector } from '../projections/projector.ts';
import { damagedDatabaseError, reportDamage } from '../adapters/readmodel/damagedDatabase.ts';
import type { ReadModels } from '../projections/readModels.ts';
import { replay, type ReplayResult } from '../projections/replay.ts';
import type { PageMemo } from '../adapters/sgp/pageMemo.ts';
import { sqlitePageMemo } from '../adapters/sgp/sqlitePageMemo.ts';

/**
 * The service's own state: the event log, the read models beside it, and their projector. The
 * one holder of the current read models: a replay or a standby's refresh swaps them here, and
 * everything else (the engine's dependencies, the API) reads them through it.
 */
export interface LocalState {
  readonly store: EventStore;
  readonly readModels: ReadModels;
  readonly projector: Projector;
  /** Rebuilds the read models from the log; swaps them in unless `dryRun`. */
  replay(options?: { dryRun?: boolean; onProgress?: (applied: number) => void }): Promise<ReplayResult>;
  /**
   * Brings a standby's read models up to date without writing them: on SQLite they live in the
   * store's file, which the lease holder projects into, so a standby reloads them from there
   * (two projectors on one set of tables would put its checkpoint back); elsewhere they are its own.
   */
  refresh(): Promise<void>;
  /** The SGP page memo, kept beside the read models (`SGP_PAGE_MEMO_MAX_AGE`; 0 keeps none). */
  pageMemo(maxAgeMs: number): PageMemo;
  close(): Promise<void>;
}

/**
 * Read models live in the event store's own SQLite file when it is one (a projection batch and
 * its checkpoint commit in one transaction), in READMODEL_PATH beside EventStoreDB, and in memory
 * beside the memory store.
 */
function openReadModelDb(
  location: EventStoreLocation,
  store: EventStore,
  readModelPath: string,
): { db: Database.Database; owned: boolean } {
  if ('db' in store && store.db instanceof Database) return { db: store.db, owned: false };
  if (location.kind === 'memory') return { db: new Database(':memory:'), owned: true };
  mkdirSync(dirname(readModelPath), { recursive: true });
  const db = new Database(readModelPath);
  db.pragma('journal_mode = WAL');
  return { db, owned: true };
}

/**
 * `store`, when given, is used instead of opening one from `location` (tests restart an engine on
 * the same memory store; the caller keeps it open, `close` leaves it alone).
 */
export async function openLocalState(
  location: EventStoreLocation,
  readModelPath: string,
  injected?: EventStore,
): Promise<LocalState> {
  const store = injected ?? (await openEventStore(location));
  const { db, owned } = openReadModelDb(location, store, readModelPath);
  // A damaged file is named with its recovery: the read models' own file, or the log's.
  const holdsEventLog = !owned;
  const path = db.name;
  const guarded = (models: ReadModels): ReadModels => (db.memory ? models : reportDamage(models, path, holdsEventLog));
  let opened: ReadModels;
  try {
    opened = openSqliteReadModels(db);
  } catch (error) {
    throw damagedDatabaseError(error, 'opening the read models', path, holdsEventLog);
  }
  const withProjector = (readModels: ReadModels) => ({ readModels, projector: createProjector({ store, readModels }) });
  let current = withProjector(guarded(opened));
  const swapIn = (readModels: ReadModels): void => {
    current = withProjector(readModels);
  };
  const state: LocalState = {
    store,
    get readModels() {
      return current.readModels;
    },
    get projector() {
      return current.projector;
    },
    async replay(options = {}) {
      const result = await replay({
        store,
        storage: sqliteReadModelStorage(db),
        livePrefix: DEFAULT_READMODEL_PREFIX,
        live: state.readModels,
        dryRun: options.dryRun ?? false,
        ...(options.onProgress ? { onProgress: (p: { applied: number }) => options.onProgress?.(p.applied) } : {}),
      });
      if (!options.dryRun) swapIn(guarded(result.readModels));
      return result;
    },
    async refresh() {
      if (owned) {
        await state.projector.catchUp();
        return;
      }
      swapIn(openSqliteReadModels(db));
    },
    pageMemo: (maxAgeMs) => sqlitePageMemo(db, maxAgeMs),
    async close() {
      if (!injected) await store.close();
      if (owned && db.open) db.close();
    },
  };
  return state;
}
