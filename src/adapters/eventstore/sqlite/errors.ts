import Database from 'better-sqlite3';
import { EventStoreError } from '../../../domain/eventStore.ts';
import { damagedDatabaseError, isDamaged } from '../../readmodel/damagedDatabase.ts';
import { BUSY_TIMEOUT_MS } from './openDatabase.ts';

/** Runs `action`, turning SQLite failures into `EventStoreError`s that say what to do. */
export function withStoreErrors<T>(what: string, path: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw toStoreError(error, what, path);
  }
}

/** `error` as an `EventStoreError` with advice when SQLite raised it; anything else unchanged. */
export function toStoreError(error: unknown, what: string, path: string): unknown {
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

/** A stored event whose data SQLite holds but JSON cannot read: someone edited the file. */
export function corruptData(what: string, path: string, cause?: unknown): EventStoreError {
  return new EventStoreError(
    'UNAVAILABLE',
    `${what}: an event holds data that is not one JSON value, so the file was changed outside the event store; restore it from a backup (${path})`,
    { path },
    { cause },
  );
}
