import type Database from 'better-sqlite3';
import { EventStoreError } from '../../../domain/eventStore.ts';

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

/** The columns of `events` in the order the insert takes them and `EventRow` holds them. */
export const COLUMNS = 'position, stream_id, revision, id, type, data, metadata, created';
export type EventRow = [number, string, number, string, string, string | null, string | null, string];

/**
 * Creates the schema in a new file (unless `readonly`) and refuses a file of another version:
 * a newer file would be misread, an empty one read-only holds nothing to read.
 */
export function ensureSchema(db: Database.Database, path: string, readonly: boolean): void {
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
