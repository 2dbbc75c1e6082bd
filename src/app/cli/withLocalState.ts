import type { EventStoreLocation } from '../../adapters/eventstore/openEventStore.ts';
import { loadConfig, formatConfigProblems } from '../config/index.ts';
import type { LocalState } from '../openLocalState.ts';
import { type CliIo } from './cliCommand.ts';
import { ExitCode } from './exitCodes.ts';
import { missingSqliteStore, storeHint } from './storeNotice.ts';

/** For commands that need only the service's own state (history, replay): no SGP/OZmap settings. */
export async function withLocalState(
  io: CliIo,
  work: (state: LocalState, timezone: string, location: EventStoreLocation) => Promise<number>,
  options: { readonly create?: boolean } = {},
): Promise<number> {
  const loaded = loadConfig(io.env, { requireUpstreams: false });
  if (!loaded.ok) {
    io.stderr(formatConfigProblems(loaded.problems));
    return ExitCode.error;
  }
  // Reading a store that is not there would create an empty one and answer "never seen".
  // `exclude add` may come before the first sync (R9.3: set ahead of time): it creates the store.
  const missing = options.create ? null : missingSqliteStore(loaded.config.eventStore);
  if (missing) {
    io.stderr(`sgp-ozmap: no event store at ${missing}: ${storeHint(io)}`);
    return ExitCode.error;
  }
  const { openLocalState } = await import('../openLocalState.ts');
  const state = await openLocalState(loaded.config.eventStore, loaded.config.readModelPath);
  try {
    return await work(state, loaded.config.rules.timezone, loaded.config.eventStore);
  } finally {
    await state.close();
  }
}
