import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { EventStoreError } from '../../../domain/eventStore.ts';
import { ensureSchema } from './schema.ts';

/** How long a call waits for another connection's write lock before failing with UNAVAILABLE. */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * The connection to the store's file, set up and with its schema checked. SQLite's own
 * failures are left for the caller to translate (see errors.ts).
 */
export function openDatabase(path: string, readonly: boolean): Database.Database {
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
