import type { EventStore, RecordedEvent } from '../domain/eventStore.ts';
import { decodeEvent } from '../domain/events/decodeEvent.ts';
import { CONTRACT_STREAM_PREFIX, CYCLES_STREAM, codeOfStream } from '../domain/events/streams.ts';
import { foldContractEvent, type Normalise } from './contractProjection.ts';
import type { ContractRow } from './contractRow.ts';
import { applyCycleEvent, applyGuardEvent, cycleIdOf, type CycleRow, type GuardState } from './cycleProjection.ts';
import type { ReadModels } from './readModels.ts';

export interface CatchUpResult {
  /** Events folded into the read models by this call. */
  readonly applied: number;
  /** Events skipped because they could not be decoded (unknown type, invalid payload). */
  readonly undecodable: number;
  /** The read models' checkpoint after the call. */
  readonly checkpoint: number;
}

export interface Projector {
  /** Folds every event after the checkpoint into the read models. Calls run one at a time. */
  catchUp(): Promise<CatchUpResult>;
}

export interface ProjectorOptions {
  readonly store: EventStore;
  readonly readModels: ReadModels;
  /** Events per committed batch. Default 2,000. */
  readonly batchSize?: number;
  /** docs/RULES.md R1 for the contract fold; the default is `normaliseContract`. */
  readonly normalise?: Normalise;
  /** Called after each committed batch, with the totals of this catch-up so far. */
  readonly onBatch?: (progress: CatchUpResult) => void;
}

const DEFAULT_BATCH_SIZE = 2_000;

/** What a batch has changed so far; folds read their latest row from here first. */
function createBatch(readModels: ReadModels) {
  const contracts = new Map<string, ContractRow>();
  const cycles = new Map<string, CycleRow>();
  let guard: GuardState | undefined;
  return {
    contract: (code: string) => contracts.get(code) ?? readModels.getContract(code),
    setContract: (row: ContractRow) => contracts.set(row.code, row),
    cycle: (id: string) => cycles.get(id) ?? readModels.cycle(id),
    setCycle: (row: CycleRow) => cycles.set(row.cycleId, row),
    guard: () => guard ?? readModels.guard(),
    setGuard: (next: GuardState) => {
      guard = next;
    },
    commit(checkpoint: number): void {
      readModels.commit(
        { contracts: [...contracts.values()], cycles: [...cycles.values()], ...(guard ? { guard } : {}) },
        checkpoint,
      );
      contracts.clear();
      cycles.clear();
      guard = undefined;
    },
  };
}

type Batch = ReturnType<typeof createBatch>;

/** Routes one event to its fold; false when it could not be decoded. */
function project(batch: Batch, recorded: RecordedEvent, normalise: Normalise | undefined): boolean {
  const decoded = decodeEvent(recorded);
  if (recorded.streamId.startsWith(CONTRACT_STREAM_PREFIX)) {
    const code = codeOfStream(recorded.streamId);
    const { row, applied } = foldContractEvent(batch.contract(code), code, recorded, decoded, normalise);
    batch.setContract(row);
    return applied;
  }
  if (recorded.streamId !== CYCLES_STREAM || decoded === null) return decoded !== null;
  const cycleId = cycleIdOf(decoded.event);
  if (cycleId !== null) {
    const row = applyCycleEvent(batch.cycle(cycleId), decoded.event);
    if (row) batch.setCycle(row);
  }
  const guard = batch.guard();
  const next = applyGuardEvent(guard, decoded.event);
  if (next !== guard) batch.setGuard(next);
  return true;
}

/**
 * Keeps the read models caught up with the log. Each batch of events is committed with the
 * position of its last event in one transaction, so a crash between batches loses nothing and
 * applies nothing twice: the next catch-up starts after the last committed batch.
 */
export function createProjector(options: ProjectorOptions): Projector {
  const { store, readModels, normalise, onBatch } = options;
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  let running: Promise<CatchUpResult> = Promise.resolve({ applied: 0, undecodable: 0, checkpoint: -1 });

  async function run(): Promise<CatchUpResult> {
    const batch = createBatch(readModels);
    let applied = 0;
    let undecodable = 0;
    let pending = 0;
    let position = readModels.checkpoint();
    const flush = (): void => {
      batch.commit(position);
      pending = 0;
      onBatch?.({ applied, undecodable, checkpoint: position });
    };
    const filter = { streamPrefixes: [CONTRACT_STREAM_PREFIX, CYCLES_STREAM] };
    const step = (recorded: RecordedEvent): void => {
      if (project(batch, recorded, normalise)) applied += 1;
      else undecodable += 1;
      position = recorded.position;
      pending += 1;
      if (pending >= batchSize) flush();
    };
    const readOptions = { after: position, filter };
    // A page at a time where the store reads pages anyway (SQLite): one await a page, not an event.
    if (store.readAllPages) {
      for await (const page of store.readAllPages(readOptions)) for (const recorded of page) step(recorded);
    } else {
      for await (const recorded of store.readAll(readOptions)) step(recorded);
    }
    if (pending > 0) flush();
    return { applied, undecodable, checkpoint: readModels.checkpoint() };
  }

  return {
    catchUp() {
      // One at a time: two interleaved catch-ups would fold the same events twice.
      running = running.catch(() => undefined).then(run);
      return running;
    },
  };
}
