/** The projections: folds over the event log and the read models they keep. */
export { contractListState, emptyContractRow, type ContractListState, type ContractRow } from './contractRow.ts';
export {
  applyContractEvent,
  applyUndecodedContractEvent,
  eventTime,
  foldContractEvent,
  type Normalise,
} from './contractProjection.ts';
export {
  RELEASES_KEPT,
  applyCycleEvent,
  applyGuardEvent,
  cycleIdOf,
  emptyGuardState,
  type CycleOutcome,
  type CycleRow,
  type GuardState,
  type PendingGuardTrip,
} from './cycleProjection.ts';
export type {
  ContractQuery,
  ContractStateFilter,
  Page,
  ReadModelBatch,
  OpenReadModelsOptions,
  ReadModelStorage,
  ReadModels,
  SkipSummaryEntry,
} from './readModels.ts';
export { foldSearchText } from './foldSearchText.ts';
export {
  DEFAULT_BATCH_SIZE,
  createProjector,
  type CatchUpResult,
  type Projector,
  type ProjectorOptions,
} from './projector.ts';
export { allCycles, compareReadModels, type ReadModelDifferences } from './compareReadModels.ts';
export { replay, replayPrefix, type ReplayOptions, type ReplayResult } from './replay.ts';
export { buildTimeline, stateAt, type TimelineEntry, type TimelineKind } from './timeline.ts';
