import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  EventStoreError,
  decideAppend,
  matchesFilter,
  validateEvents,
  wrongExpectedRevision,
  type AllFilter,
  type AppendResult,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../../domain/eventStore.ts';
import { createAppendNotifier } from './appendNotifier.ts';
import { damagedDatabaseError, isDamaged } from '../readmodel/damagedDatabase.ts';
import { catchUpSubscription } from './catchUpSubscription.ts';

/**
 * The event store on one SQLite file. `db` is exposed so that read models and checkpoints in the
 * same file commit in one transaction with their projection batch; the `events` and `streams`
 * tables belong to the store and must only be read through it.
 */
export type SqliteEventStore = EventStore & { readonly db: Database.Database };

export interface SqliteEventStoreOptions {
  /** Open an existing store for reading only; appends fail with `READ_ONLY`. */
  readonly readonly?: boolean;
  readonly clock?: () => Date;
  /** How often subscriptions look for events written by other processes. Default 250 ms. */
  readonly pollMs?: number;
  /** Rows per `readAll` page. Default 4,000; tests make it tiny to cross page boundaries. */
  readonly pageSize?: number;
}

/** The event store's own schema version, kept in `PRAGMA user_version`. */
export const SQLITE_SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    data TEXT,
    metadata TEXT,
    created TEXT NOT NULL,
    UNIQUE (stream_id, revision)
  );
  CREATE TABLE IF NOT EXISTS streams (
    stream_id TEXT PRIMARY KEY,
    revision INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

const COLUMNS = 'position, stream_id, revision, id, type, data, metadata, created';
type EventRow = [number, string, number, string, string, string | null, string | null, string];

/**
 * A `readAll` page comes back from SQLite column by column, each column one text that one
 * `JSON.parse` or `split` decodes: making every column of every row a JS value through the V8
 * API, as `.all()` does, costs more than SQLite joining texts. The stored data and metadata
 * (written by `JSON.stringify`) are joined with commas, not parsed and re-written by json();
 * ids (checked UUIDs) and times (`toISOString`) hold no comma, so a plain comma join is safe.
 * A whole page at once, not an open `.iterate()`, because an open iterator keeps the connection
 * busy, so a caller appending while it reads would fail.
 */
const PAGE_SELECT = [
  "'[' || group_concat(position, ',') || ']'",
  "'[' || group_concat(revision, ',') || ']'",
  'json_group_array(stream_id)',
  "group_concat(id, ',')",
  'json_group_array(type)',
  "'[' || group_concat(coalesce(data, 'null'), ',') || ']'",
  "'[' || group_concat(coalesce(metadata, 'null'), ',') || ']'",
  "group_concat(created, ',')",
  // One character per event: '1' where data is NULL (undefined).
  "group_concat(data IS NULL, '')",
].join(', ');
/** The texts of PAGE_SELECT, in its order; all NULL but the json_group_arrays on an empty page. */
type PageTexts = [
  string | null,
  string | null,
  string,
  string | null,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
];
const DEFAULT_PAGE_SIZE = 4_000;
// Target size of a page's texts together, in characters.
const PAGE_CHARS = 8_000_000;
// Beyond this many prefixes or types the SQL gets long; matchesFilter alone is then used.
const MAX_SQL_FILTER_TERMS = 64;
const BUSY_TIMEOUT_MS = 5_000;
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Opens (creating when missing, unless `readonly`) the event store at `path`.
 *
 * Positions are 0-based and assigned inside the write transaction, so they are gap-free and
 * committed in order: a reader never sees position p+1 before p, even with writers in other
 * processes, which is what lets subscriptions checkpoint on a position.
 *
 * better-sqlite3 is synchronous: an append that waits for another process's write lock blocks
 * the event loop, for up to 5 s, before failing with `UNAVAILABLE`.
 */
export function openSqliteEventStore(path: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
  const readonly = options.readonly === true;
  const clock = options.clock ?? (() => new Date());
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const db = openDatabase(path, readonly);
  const statements = prepareStatements(db);
  const notifier = createAppendNotifier();
  const pageStatements = new Map<string, Database.Statement<unknown[], PageTexts>>();
  let closed = false;

  const ensureOpen = (): void => {
    if (closed) throw new EventStoreError('CLOSED', `the event store at ${path} is closed`);
  };

  const appendTransaction = db.transaction(
    (
      stream: string,
      events: readonly EventData[],
      rows: readonly SerialisedEvent[],
      expected: ExpectedRevision,
    ): AppendResult => {
      const current = statements.streamRevision.get(stream) ?? -1;
      const decision = decideAppend(
        current,
        expected,
        events.map((e) => e.id),
        (from, count) => statements.idsFrom.all(stream, from, count),
      );
      if (decision.kind === 'conflict') throw wrongExpectedRevision(stream, expected, current);
      if (decision.kind === 'retry') {
        const position = statements.positionAt.get(stream, decision.lastRevision) ?? -1;
        return { nextExpectedRevision: decision.lastRevision, position };
      }
      if (events.length === 0) {
        return { nextExpectedRevision: current, position: statements.positionAt.get(stream, current) ?? -1 };
      }
      const first = (statements.lastPosition.get() ?? -1) + 1;
      const created = clock().toISOString();
      for (let i = 0; i < events.length; i++) {
        const event = events[i]!;
        const row = rows[i]!;
        statements.insert.run(
          first + i,
          stream,
          current + 1 + i,
          event.id,
          event.type,
          row.data,
          row.metadata,
          created,
        );
      }
      const last = current + events.length;
      statements.upsertStream.run(stream, last);
      return { nextExpectedRevision: last, position: first + events.length - 1 };
    },
  );

  async function append(
    stream: string,
    events: readonly EventData[],
    { expectedRevision }: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    ensureOpen();
    validateEvents(stream, events);
    if (readonly) {
      throw new EventStoreError(
        'READ_ONLY',
        `append to ${stream}: the event store at ${path} was opened read-only; open it without readonly to write`,
        { stream, path },
      );
    }
    // Serialised before the transaction, so the write lock is held for the inserts only.
    const rows = events.map((e, index) => serialiseEvent(stream, index, e));
    const result = withStoreErrors(`append to ${stream}`, path, () =>
      appendTransaction.immediate(stream, events, rows, expectedRevision),
    );
    // A retry wakes subscribers for nothing; they read, find nothing new and wait again.
    if (events.length > 0) notifier.notify();
    return result;
  }

  async function readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    ensureOpen();
    const rows = withStoreErrors(`read ${stream}`, path, () =>
      statements.readStream.all(stream, options.fromRevision ?? 0, options.maxCount ?? -1),
    );
    try {
      return rows.map(toRecordedEvent);
    } catch (error) {
      throw corruptData(`read ${stream}`, path, error);
    }
  }

  function pageStatement(where: string): Database.Statement<unknown[], PageTexts> {
    let statement = pageStatements.get(where);
    if (!statement) {
      statement = db
        .prepare<unknown[], PageTexts>(
          `SELECT ${PAGE_SELECT} FROM (SELECT * FROM events WHERE position > ?${where} ORDER BY position LIMIT ?)`,
        )
        .raw();
      pageStatements.set(where, statement);
    }
    return statement;
  }

  function readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const { filter } = options;
    let after = options.after ?? -1;
    let left = options.maxCount ?? Infinity;
    let rowsPerPage = pageSize;
    const sqlFilter = toSqlFilter(filter);
    const readPage = (): Page<RecordedEvent> => {
      ensureOpen();
      if (sqlFilter === 'nothing' || left <= 0) return LAST_PAGE;
      const statement = pageStatement(sqlFilter.where);
      const limit = Math.min(rowsPerPage, left);
      let texts: PageTexts;
      try {
        texts = statement.get(after, ...sqlFilter.params, limit)!;
      } catch (error) {
        // A page longer than a JS string can be: read the same rows in smaller pages.
        if (error instanceof Database.SqliteError && error.code === 'SQLITE_TOOBIG' && limit > 1) {
          rowsPerPage = Math.ceil(limit / 8);
          return EMPTY_PAGE;
        }
        throw toStoreError(error, 'read all', path);
      }
      const rows = decodePage(texts, after, path);
      if (rows.length > 0) {
        // Large events make smaller pages, so a page stays a few megabytes of text.
        const chars = texts.reduce((sum, text) => sum + (text?.length ?? 0), 0);
        rowsPerPage = Math.max(1, Math.min(pageSize, Math.floor((PAGE_CHARS * rows.length) / chars)));
      }
      const events: RecordedEvent[] = [];
      for (const event of rows) {
        if (filter && !matchesFilter(event, filter)) continue;
        events.push(event);
        left -= 1;
      }
      after = rows.at(-1)?.position ?? after;
      return { items: events, last: rows.length < limit || left <= 0 };
    };
    return { [Symbol.asyncIterator]: () => pagedIterator(readPage) };
  }

  return {
    db,
    append,
    readStream,
    readAll,
    subscribe: (subscribeOptions) => catchUpSubscription(readAll, notifier, subscribeOptions, options.pollMs ?? 250),
    streamRevision: async (stream) => {
      ensureOpen();
      return withStoreErrors(`revision of ${stream}`, path, () => statements.streamRevision.get(stream) ?? -1);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

function openDatabase(path: string, readonly: boolean): Database.Database {
  return withStoreErrors('open', path, () => {
    if (!readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = connect(path, readonly);
    try {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      if (!readonly) {
        db.pragma('journal_mode = WAL');
        // Safe against process crashes: in WAL mode a commit is written to the -wal file before
        // the call returns, and a killed process cannot take the OS page cache with it. Only a
        // power loss or kernel crash can lose the last commits (never corrupt the file), which is
        // the price of not fsyncing every append.
        db.pragma('synchronous = NORMAL');
      }
      ensureSchema(db, path, readonly);
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  });
}

function connect(path: string, readonly: boolean): Database.Database {
  try {
    return new Database(path, { readonly, fileMustExist: readonly });
  } catch (error) {
    // better-sqlite3 reports a missing directory as a TypeError, before SQLite is asked.
    if (error instanceof Database.SqliteError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new EventStoreError('UNAVAILABLE', `open: ${message}; check the path (${path})`, { path }, { cause: error });
  }
}

function ensureSchema(db: Database.Database, path: string, readonly: boolean): void {
  const version = (): number => db.pragma('user_version', { simple: true }) as number;
  if (!readonly && version() === 0) {
    // IMMEDIATE so that two processes opening a new file do not both create the schema.
    db.transaction(() => {
      if (version() !== 0) return;
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
    }).immediate();
  }
  const found = version();
  if (found !== SQLITE_SCHEMA_VERSION) {
    throw new EventStoreError(
      'UNAVAILABLE',
      found === 0
        ? `${path} holds no event store (schema version 0); open it once without readonly to create one`
        : `${path} has event store schema version ${found}, this program knows ${SQLITE_SCHEMA_VERSION}; upgrade the program`,
      { path, schemaVersion: found },
    );
  }
}

function prepareStatements(db: Database.Database) {
  return {
    streamRevision: db.prepare<[string], number>('SELECT revision FROM streams WHERE stream_id = ?').pluck(),
    lastPosition: db.prepare<[], number | null>('SELECT max(position) FROM events').pluck(),
    idsFrom: db
      .prepare<[string, number, number], string>(
        'SELECT id FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      )
      .pluck(),
    positionAt: db
      .prepare<[string, number], number>('SELECT position FROM events WHERE stream_id = ? AND revision = ?')
      .pluck(),
    insert: db.prepare<[number, string, number, string, string, string | null, string | null, string]>(
      `INSERT INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertStream: db.prepare<[string, number]>(
      'INSERT INTO streams (stream_id, revision) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision',
    ),
    readStream: db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .raw(),
  };
}

interface SerialisedEvent {
  readonly data: string | null;
  readonly metadata: string | null;
}

/** JSON text of data and metadata; `undefined` data is stored as NULL and read back as such. */
function serialiseEvent(stream: string, index: number, event: EventData): SerialisedEvent {
  try {
    return {
      data: JSON.stringify(event.data) ?? null,
      metadata:
        event.metadata === undefined || event.metadata === null ? null : (JSON.stringify(event.metadata) ?? null),
    };
  } catch (error) {
    throw new EventStoreError(
      'INVALID_EVENT',
      `${stream} event ${index}: data or metadata is not JSON-serialisable`,
      { stream, index },
      { cause: error },
    );
  }
}

/** The events of a page, in position order. */
function decodePage(texts: PageTexts, after: number, path: string): RecordedEvent[] {
  const [positionsText, revisionsText, streamsText, idsText, typesText, dataText, metadataText, createdText, nullData] =
    texts;
  if (positionsText === null) return [];
  let positions: number[];
  let revisions: number[];
  let streams: string[];
  let types: string[];
  let data: unknown[];
  let metadata: unknown[];
  try {
    positions = JSON.parse(positionsText) as number[];
    revisions = JSON.parse(revisionsText ?? '') as number[];
    streams = JSON.parse(streamsText) as string[];
    types = JSON.parse(typesText) as string[];
    data = JSON.parse(dataText ?? '') as unknown[];
    metadata = JSON.parse(metadataText ?? '') as unknown[];
  } catch (error) {
    throw corruptData(`read all after position ${after}`, path, error);
  }
  const ids = (idsText ?? '').split(',');
  const created = (createdText ?? '').split(',');
  const n = positions.length;
  // A stored value that is not exactly one JSON value (or an id with a comma) would shift every
  // later event's fields.
  const aligned = [revisions, streams, types, data, metadata, ids, created].every((column) => column.length === n);
  if (!aligned || nullData?.length !== n) throw corruptData(`read all after position ${after}`, path);
  const events = new Array<RecordedEvent>(n);
  let ordered = true;
  for (let i = 0; i < n; i++) {
    events[i] = {
      id: ids[i]!,
      type: types[i]!,
      data: nullData.charCodeAt(i) === ONE ? undefined : data[i],
      metadata: metadata[i],
      streamId: streams[i]!,
      revision: revisions[i]!,
      position: positions[i]!,
      created: created[i]!,
    };
    if (i > 0 && positions[i]! <= positions[i - 1]!) ordered = false;
  }
  // SQL does not promise that an aggregate sees its subquery's order (though SQLite does).
  return ordered ? events : events.sort((a, b) => a.position - b.position);
}

const ONE = '1'.charCodeAt(0);

function corruptData(what: string, path: string, cause?: unknown): EventStoreError {
  return new EventStoreError(
    'UNAVAILABLE',
    `${what}: an event holds data that is not one JSON value, so the file was changed outside the event store; restore it from a backup (${path})`,
    { path },
    { cause },
  );
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  const [position, streamId, revision, id, type, data, metadata, created] = row;
  return {
    id,
    type,
    data: data === null ? undefined : (JSON.parse(data) as unknown),
    metadata: metadata === null ? null : (JSON.parse(metadata) as unknown),
    streamId,
    revision,
    position,
    created,
  };
}

interface Page<T> {
  readonly items: readonly T[];
  /** No page follows this one. */
  readonly last: boolean;
}

const LAST_PAGE: Page<never> = { items: [], last: true };
const EMPTY_PAGE: Page<never> = { items: [], last: false };
const DONE: Promise<IteratorResult<never, undefined>> = Promise.resolve({ done: true, value: undefined });

/**
 * An async iterator over pages read synchronously. Hand-written rather than an async generator:
 * a generator's per-item suspension costs about as much as decoding a row, and reading the whole
 * log is the hot path of every projection rebuild.
 */
function pagedIterator<T>(readPage: () => Page<T>): AsyncIterator<T, undefined> {
  let items: readonly T[] = [];
  let index = 0;
  let last = false;
  return {
    next: () => {
      try {
        while (index >= items.length) {
          if (last) return DONE;
          ({ items, last } = readPage());
          index = 0;
        }
        return Promise.resolve({ done: false, value: items[index++]! });
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    return: () => {
      last = true;
      items = [];
      return DONE;
    },
  };
}

type SqlFilter = { readonly where: string; readonly params: readonly unknown[] } | 'nothing';

/**
 * The part of `filter` SQLite can apply while scanning by position. It may let more rows through
 * than `matchesFilter` (which always has the last word) but never fewer.
 */
function toSqlFilter(filter: AllFilter | undefined): SqlFilter {
  let where = '';
  const params: unknown[] = [];
  const types = filter?.types;
  if (types) {
    if (types.length === 0) return 'nothing';
    if (types.length <= MAX_SQL_FILTER_TERMS) {
      where += ` AND type IN (${types.map(() => '?').join(', ')})`;
      params.push(...types);
    }
  }
  const prefixes = filter?.streamPrefixes;
  if (prefixes) {
    if (prefixes.length === 0) return 'nothing';
    // A prefix with a lone surrogate has no exact UTF-8 form to compare with; '' matches all.
    const usable =
      prefixes.length <= MAX_SQL_FILTER_TERMS && prefixes.every((p) => p.length > 0 && !LONE_SURROGATE.test(p));
    if (usable) {
      // substr counts characters (code points) on TEXT, so each prefix is compared exactly.
      where += ` AND (${prefixes.map(() => 'substr(stream_id, 1, ?) = ?').join(' OR ')})`;
      for (const p of prefixes) params.push([...p].length, p);
    }
  }
  return { where, params };
}

/** Runs `action`, turning SQLite failures into `EventStoreError`s that say what to do. */
function withStoreErrors<T>(what: string, path: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw toStoreError(error, what, path);
  }
}

function toStoreError(error: unknown, what: string, path: string): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  const code = error.code;
  const details = { path, sqliteCode: code };
  const make = (storeCode: EventStoreError['code'], advice: string): EventStoreError =>
    new EventStoreError(storeCode, `${what}: ${advice} (${code} on ${path})`, details, { cause: error });
  if (code === 'SQLITE_FULL') {
    return make('STORE_FULL', 'the disk or the database size limit is full; free space (or raise the limit) and retry');
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return make('READ_ONLY', "the database file is read-only; check its and its directory's permissions and mounts");
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return make(
      'UNAVAILABLE',
      `the database stayed locked by another connection for ${BUSY_TIMEOUT_MS} ms; retry later`,
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return make('UNAVAILABLE', 'cannot open the database file; check that the path exists and is accessible');
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return make('UNAVAILABLE', 'an I/O error hit the database file; check the disk, then retry');
  }
  if (isDamaged(error)) return damagedDatabaseError(error, what, path, true);
  return error;
}
