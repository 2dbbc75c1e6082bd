import type { EventStore } from '../domain/eventStore.ts';
import { allCycles, compareReadModels, type ReadModelDifferences } from './compareReadModels.ts';
import type { Normalise } from './contractProjection.ts';
import { createProjector, type CatchUpResult } from './projector.ts';
import type { ReadModelStorage, ReadModels } from './readModels.ts';

export interface ReplayOptions {
  readonly store: EventStore;
  /** Where the read models live (`sqliteReadModelStorage(db)` for SQLite). */
  readonly storage: ReadModelStorage;
  /** Table prefix of the live read models, replaced at the end. */
  readonly livePrefix: string;
  readonly onProgress?: (progress: CatchUpResult) => void;
  /** Events per committed batch; default `REPLAY_BATCH_SIZE`. */
  readonly batchSize?: number;
  /**
   * The live read models as this process has them open, compared with the rebuilt ones instead
   * of reading the live tables back (the same rows: this instance is their only writer).
   */
  readonly live?: ReadModels;
  /** docs/RULES.md R1; injectable so that a test can stand in a "fixed" normaliser. */
  readonly normalise?: Normalise;
  /** Build and compare only: the live read models stay as they are (`replay --dry-run`). */
  readonly dryRun?: boolean;
}

export interface ReplayResult extends CatchUpResult {
  readonly contracts: number;
  readonly cycles: number;
  /** True when the rebuilt rows equal the previous live rows, canonical JSON row by row. */
  readonly identical: boolean;
  readonly differences: ReadModelDifferences;
  /** The live read models after the swap, freshly opened: instances opened before are stale. */
  readonly readModels: ReadModels;
}

/**
 * A replay commits in large batches: the fresh tables are nobody's live state until the swap, so
 * a crash mid-way loses nothing but the replay itself, and a contract whose events are spread
 * over the log (observed early in a cycle, created at its end) is written once per batch, not
 * once per 2,000 events.
 */
const REPLAY_BATCH_SIZE = 100_000;

/** The prefix a replay builds under; a leftover from an interrupted replay is dropped first. */
export const replayPrefix = (livePrefix: string): string => `${livePrefix}replay_`;

/**
 * Rebuilds every read model from the first event into fresh tables, then swaps them in at
 * once: readers see the old models or the new ones, never a half-built mix. This is how a
 * fixed rule (R1 normalisation included) reaches the rows built by the old code.
 *
 * Stop the projector of the live models first (or reopen them afterwards): events projected
 * into the old tables during the replay are in the log too, and the next catch-up after the
 * swap folds them from the replay's checkpoint.
 */
export async function replay(options: ReplayOptions): Promise<ReplayResult> {
  const { store, storage, livePrefix } = options;
  const freshPrefix = replayPrefix(livePrefix);
  // 1. Build from the first event, beside the live tables.
  storage.drop(freshPrefix);
  const fresh = storage.open(freshPrefix, { rebuild: true });
  const projector = createProjector({
    store,
    readModels: fresh,
    batchSize: options.batchSize ?? REPLAY_BATCH_SIZE,
    ...(options.normalise ? { normalise: options.normalise } : {}),
    ...(options.onProgress ? { onBatch: options.onProgress } : {}),
  });
  const result = await projector.catchUp();
  // 2. Compare with what is live now, row by row.
  const differences = compareReadModels(
    options.live ?? storage.open(livePrefix),
    fresh,
    storage.differingContracts(livePrefix, freshPrefix),
  );
  const contracts = fresh.contractCount();
  const cycles = allCycles(fresh).size;
  const identical = differences.contracts === 0 && differences.cycles === 0 && !differences.guard;
  if (options.dryRun) {
    storage.drop(freshPrefix);
    return {
      ...result,
      contracts,
      cycles,
      identical,
      differences,
      readModels: options.live ?? storage.open(livePrefix),
    };
  }
  // 3. Swap in one transaction.
  storage.swap(freshPrefix, livePrefix);
  // The swapped-in tables hold exactly the rows just built: no need to read them back.
  return {
    ...result,
    contracts,
    cycles,
    identical,
    differences,
    readModels: storage.open(livePrefix, { rows: fresh.contracts() }),
  };
}
