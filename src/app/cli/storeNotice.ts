import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EventStoreLocation } from '../../adapters/eventstore/openEventStore.ts';
import type { EventStore } from '../../domain/eventStore.ts';
import type { CliIo } from './cliCommand.ts';

/** Where `npm run demo` writes the CLI's environment (src/app/demo/runDemo.ts). */
export const DEMO_ENV_FILE = 'data/demo/env';

/**
 * What to do about a store with nothing in it: a newcomer who ran the demo and forgot its
 * environment gets the line that loads it; anyone else, the setting to check.
 */
export function storeHint(io: CliIo): string {
  if (io.env.EVENTSTORE_URL) return 'check EVENTSTORE_URL';
  if (existsSync(DEMO_ENV_FILE)) return `did you mean to load ${DEMO_ENV_FILE}? (set -a; . ${DEMO_ENV_FILE}; set +a)`;
  return "set EVENTSTORE_URL to the service's store (the default is ./data/sgp-ozmap.db)";
}

/** The absolute path of the SQLite file `location` names when that file does not exist; null otherwise. */
export function missingSqliteStore(location: EventStoreLocation): string | null {
  return location.kind === 'sqlite' && !existsSync(location.path) ? resolve(location.path) : null;
}

/** Whether the log holds no event at all (a store just created, or pointed at the wrong place). */
export async function storeIsEmpty(store: EventStore): Promise<boolean> {
  for await (const _event of store.readAll({ maxCount: 1 })) return false;
  return true;
}

/** "the event store at <path> is empty" (or "the event store is empty" when it is no file). */
export const emptyStoreText = (location: EventStoreLocation): string =>
  `the event store${location.kind === 'sqlite' ? ` at ${resolve(location.path)}` : ''} is empty (no event recorded)`;
