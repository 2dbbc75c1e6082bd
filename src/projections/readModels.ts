import type { ContractListState } from '../domain/contractListState.ts';
import type { SkipReason } from '../domain/planner/commands.ts';
import type { ContractRow } from './contractRow.ts';
import type { CycleRow, GuardState } from './cycleProjection.ts';

export interface ContractQuery {
  /** A code prefix or a name substring; case- and accent-insensitive. */
  readonly search?: string;
  readonly skipReason?: SkipReason;
  readonly state?: ContractListState;
  readonly limit: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: T[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

export interface SkipSummaryEntry {
  readonly reason: string;
  readonly count: number;
  /** The first 50 codes, in code order. */
  readonly codes: string[];
}

/** What one projection batch changed: committed with its checkpoint, or not at all. */
export interface ReadModelBatch {
  readonly contracts: readonly ContractRow[];
  readonly cycles: readonly CycleRow[];
  readonly guard?: GuardState;
}

/**
 * The read models the projector keeps and the API, dashboard and reconciler read. Contracts
 * are listed in code order (shorter codes first, so numeric codes sort as numbers), cycles
 * newest first.
 */
export interface ReadModels {
  /** Global position of the last event projected; -1 before the first. */
  checkpoint(): number;
  getContract(code: string): ContractRow | undefined;
  contracts(): Iterable<ContractRow>;
  contractCount(): number;
  listContracts(query: ContractQuery): Page<ContractRow>;
  cycles(query: { readonly limit: number; readonly cursor?: string }): Page<CycleRow>;
  cycle(cycleId: string): CycleRow | undefined;
  guard(): GuardState;
  skipSummary(): SkipSummaryEntry[];
  /** Writes the batch and the checkpoint in ONE transaction: a crash keeps both or neither. */
  commit(batch: ReadModelBatch, checkpoint: number): void;
}

/**
 * Where read models live, by table prefix, so that a replay can build fresh ones beside the
 * live ones and swap them in at once.
 */
export interface OpenReadModelsOptions {
  /**
   * Fresh tables a replay fills from the first event: secondary indexes are left out while they
   * fill (the swap builds them once, at the end).
   */
  readonly rebuild?: boolean;
  /**
   * Every contract row the tables hold, already in memory (the rows a replay just built, after
   * the swap): taken as the cache instead of reading the table back.
   */
  readonly rows?: Iterable<ContractRow>;
}

export interface ReadModelStorage {
  open(prefix: string, options?: OpenReadModelsOptions): ReadModels;
  /** Removes the read models under `prefix`, if any. */
  drop(prefix: string): void;
  /** In one transaction: drops the read models under `to`, then renames `from` to `to`. */
  swap(from: string, to: string): void;
  /**
   * The contract codes whose stored rows differ between the read models under `a` and `b`, as
   * stored (a row's text), or that only one of them holds: every other row is the same on both.
   */
  differingContracts(a: string, b: string): string[];
}
