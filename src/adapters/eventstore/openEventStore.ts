import type { EventStore } from '../../domain/eventStore.ts';
import { getMemoryEventStore } from './memoryEventStore.ts';
import { openSqliteEventStore, type SqliteEventStore } from './sqliteEventStore.ts';

/** Where the event store lives, as the configuration names it. */
export type EventStoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string; readonly readonly?: boolean }
  | { readonly kind: 'memory' }
  | { readonly kind: 'esdb'; readonly url: string };

/**
 * Opens the adapter for `location`. The esdb adapter is loaded only when asked for, so that a
 * SQLite deployment never loads the gRPC client.
 */
export async function openEventStore(location: {
  readonly kind: 'sqlite';
  readonly path: string;
  readonly readonly?: boolean;
}): Promise<SqliteEventStore>;
export async function openEventStore(location: EventStoreLocation): Promise<EventStore>;
export async function openEventStore(location: EventStoreLocation): Promise<EventStore> {
  switch (location.kind) {
    case 'sqlite':
      return openSqliteEventStore(location.path, { readonly: location.readonly ?? false });
    case 'memory':
      return getMemoryEventStore();
    case 'esdb': {
      const { openEsdbEventStore } = await import('./esdbEventStore.ts');
      return openEsdbEventStore(location.url);
    }
  }
}
