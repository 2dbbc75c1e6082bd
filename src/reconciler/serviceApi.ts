import type { RecordedEvent } from '../domain/eventStore.ts';
import type { OzClient, OzProperty } from '../domain/ozmap/ozmapObjects.ts';
import type { UpdateClientCommand } from '../domain/planner/commands.ts';
import type { ReadModels } from '../projections/readModels.ts';
import type { ReplayResult } from '../projections/replay.ts';
import type { CycleReport } from './runCycle.ts';
import type { CycleKind } from '../domain/cycles.ts';
import type { PlanPreview } from './previewPlan.ts';
import type { Readiness } from './readiness.ts';
import type { InsightsReader } from './insightsService.ts';
import type { LeaseView } from './leaseKeeper.ts';
import type { DriftService } from './driftService.ts';
import type { ExclusionChange } from './exclusionsLog.ts';
import type { DriftObservation } from '../domain/drift/driftItem.ts';
import type { Exclusion, ExclusionKind } from '../domain/exclusions/exclusions.ts';
import type { FieldPolicy, PolicyField } from '../domain/planner/fieldPolicy.ts';
import type { OperatorResolution } from '../domain/contest/contestState.ts';
import type { ResolveResult } from './resolveContest.ts';

export type { Readiness } from './readiness.ts';

/** What OZmap looked like for one client at the last cycle's read. */
export interface SeenInOzmap {
  readonly at: string;
  readonly clients: readonly OzClient[];
  readonly properties: readonly OzProperty[];
  /** What the next sync would write for it, from that state. */
  readonly pendingUpdates: readonly UpdateClientCommand[];
  /** R9.2: the differences known for it and not written, and why (absent in fakes). */
  readonly withheld?: readonly DriftObservation[];
  /** R9.1: the policy of each field. */
  readonly fieldPolicies?: Readonly<Record<PolicyField, FieldPolicy>>;
}

/** R9.3: the exclusions, kept in the event log; changes say who made them. */
export interface ExclusionsApi {
  list(): Promise<Exclusion[]>;
  add(kind: ExclusionKind, value: string, reason: string, by: string): Promise<ExclusionChange>;
  remove(kind: ExclusionKind, value: string, by: string): Promise<ExclusionChange>;
}

/**
 * What the HTTP API and the dashboard need from the running service: a port declared here, so
 * that the http adapter depends on the reconciler's types only (docs/decisions/0005-layout.md);
 * the app's `createService` implements it.
 */
export interface ServiceApi {
  readModels(): ReadModels;
  readContractStream(code: string): Promise<RecordedEvent[]>;
  seenInOzmap(code: string): SeenInOzmap | null;
  /** OZmap box names at the last read, for the "did you mean" suggestions of skipped CTOs. */
  boxNames(): readonly string[];
  previewPlan(): Promise<PlanPreview>;
  /** Queues a cycle now; resolves when it is queued with what is known (the report comes later). */
  triggerCycle(
    kind: CycleKind,
    trigger: string,
  ): Promise<{ readonly queued: true; readonly running: CycleKind | null }>;
  /** Releases the guarded set with that hash and runs the cancel cycle for it. */
  confirmCancellation(
    hash: string,
    by: string,
  ): Promise<{ readonly ran: true; readonly report: CycleReport } | { readonly ran: false; readonly error: string }>;
  replay(): Promise<ReplayResult>;
  readiness(): Readiness;
  metricsText(): string | Promise<string>;
  nextRuns(): Readonly<Record<CycleKind, string | null>>;
  readonly timezone: string;
  readonly dryRun: boolean;
  /** RX degradation, outages, status strips (issue 16); absent in fakes that do not serve them. */
  readonly insights?: InsightsReader;
  /** R9.2: the differences known and not written; absent in fakes that do not serve them. */
  readonly drift?: DriftService;
  /** R9.3: absent in fakes. */
  readonly exclusions?: ExclusionsApi;
  /** R9.5: an operator's decision on one field of one client; absent in fakes that do not serve it. */
  resolveContest?(request: {
    readonly code: string;
    readonly field: string;
    readonly resolution: OperatorResolution;
    readonly by: string;
  }): Promise<ResolveResult>;
  /** Who holds the reconciler lease (a standby serves the API read-only); absent in fakes. */
  lease?(): LeaseView;
}
