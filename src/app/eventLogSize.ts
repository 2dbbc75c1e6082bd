import { statSync } from 'node:fs';

/**
 * The bytes the SQLite event log holds on disk: its file and its write-ahead log (decision 0006:
 * the log's growth is watched, not capped). Null for EventStoreDB, whose disk is its own.
 */
export function eventLogBytes(eventStore: { readonly kind: string; readonly path?: string }): number | null {
  if (eventStore.kind !== 'sqlite' || eventStore.path === undefined || eventStore.path === ':memory:') return null;
  let bytes = 0;
  for (const file of [eventStore.path, `${eventStore.path}-wal`]) {
    try {
      bytes += statSync(file).size;
    } catch {
      // No WAL (checkpointed away) or no file yet: nothing on disk there.
    }
  }
  return bytes;
}
