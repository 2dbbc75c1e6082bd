import type Database from 'better-sqlite3';
import {
  EventStoreError,
  type AppendResult,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../../domain/eventStore.ts';
import { createAppendNotifier } from './appendNotifier.ts';
import { catchUpSubscription } from './catchUpSubscription.ts';
import { storeLifecycle } from './storeLifecycle.ts';
import { prepareAppend } from './sqlite/append.ts';
import { withStoreErrors } from './sqlite/errors.ts';
import { openDatabase } from './sqlite/openDatabase.ts';
import { DEFAULT_PAGE_SIZE, prepareReadAll } from './sqlite/readAll.ts';
import { prepareStreamReads } from './sqlite/readStream.ts';

/**
 * The event store on one SQLite file. `db` is exposed so that read models and checkpoints in the
 * same file commit in one transaction with their projection batch; the `events` and `streams`
 * tables belong to the store and must only be read through it.
 */
export type SqliteEventStore = EventStore & {
  readonly db: Database.Database;
  readAllPages(options?: ReadAllOptions): AsyncIterable<readonly RecordedEvent[]>;
};

export interface SqliteEventStoreOptions {
  /** Open an existing store for reading only; appends fail with `READ_ONLY`. */
  readonly readonly?: boolean;
  readonly clock?: () => Date;
  /** How often subscriptions look for events written by other processes. Default 250 ms. */
  readonly pollMs?: number;
  /** Rows per `readAll` page. Default 4,000; tests make it tiny to cross page boundaries. */
  readonly pageSize?: number;
}

/**
 * Opens (creating when missing, unless `readonly`) the event store at `path`. Each operation
 * lives in sqlite/: the schema, the append, the reads of one stream and of the whole log, and
 * the translation of SQLite's errors.
 *
 * better-sqlite3 is synchronous: an append that waits for another process's write lock blocks
 * the event loop, for up to 5 s, before failing with `UNAVAILABLE`.
 */
export function openSqliteEventStore(path: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
  const readonly = options.readonly === true;
  const db = withStoreErrors('open', path, () => openDatabase(path, readonly));
  const appendToStream = prepareAppend(db, path, options.clock ?? (() => new Date()));
  const streamReads = prepareStreamReads(db, path);
  const notifier = createAppendNotifier();
  const { ensureOpen, checkAppend, close } = storeLifecycle(`the event store at ${path}`, () => {
    db.close();
  });
  const { readAll, readAllPages } = prepareReadAll(db, path, options.pageSize ?? DEFAULT_PAGE_SIZE, ensureOpen);

  async function append(
    stream: string,
    events: readonly EventData[],
    { expectedRevision }: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    checkAppend(stream, events);
    if (readonly) {
      throw new EventStoreError(
        'READ_ONLY',
        `append to ${stream}: the event store at ${path} was opened read-only; open it without readonly to write`,
        { stream, path },
      );
    }
    const result = appendToStream(stream, events, expectedRevision);
    // A retry wakes subscribers for nothing; they read, find nothing new and wait again.
    if (events.length > 0) notifier.notify();
    return result;
  }

  async function readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    ensureOpen();
    return streamReads.readStream(stream, options);
  }

  return {
    db,
    append,
    readStream,
    readAll,
    readAllPages,
    subscribe: (subscribeOptions) => catchUpSubscription(readAll, notifier, subscribeOptions, options.pollMs ?? 250),
    streamRevision: async (stream) => {
      ensureOpen();
      return streamReads.streamRevision(stream);
    },
    close,
  };
}
