import { z } from 'zod';
import { CycleKind, CycleOutcome } from '../cycles.ts';
import { FailureCode } from '../failureCodes.ts';
import {
  CancelMode,
  FieldChange,
  NoteKind,
  PlannedCommand,
  SkipReason,
  UnconnectedReason,
  WriteCommand,
} from '../planner/commands.ts';
import { Coordinates } from '../sgp/contractSnapshot.ts';
import { SgpContractRecord } from '../sgp/sgpContractRecord.ts';

/**
 * The event catalogue. Every payload carries `v` (its schema version): a change of schema adds
 * a version and an upcaster (`upcast.ts`), it never rewrites history.
 */

const at = z.string(); // ISO 8601
const cycleId = z.string();
const coords = Coordinates.nullable();

// --- contract streams -----------------------------------------------------------------

/** The allow-listed raw SGP fields, appended only when they changed (hash differs). */
export const SgpContractObserved = z.object({
  v: z.literal(1),
  sweepId: z.string(),
  observedAt: at,
  hash: z.string(),
  record: SgpContractRecord,
});

/** R8: a record that did not fit its schema, with the field. Appended when the error changes. */
export const SgpContractRejected = z.object({
  v: z.literal(1),
  sweepId: z.string(),
  at,
  field: z.string(),
  problem: z.string(),
});

/** R5.7: gone from a complete SGP sweep. Nothing is removed for it. */
export const SgpContractVanished = z.object({ v: z.literal(1), sweepId: z.string(), at });

/** R2.7: recorded when the reason changes, not every cycle. */
export const ClientCreationSkipped = z.object({
  v: z.literal(1),
  cycleId,
  at,
  rule: z.string(),
  reason: SkipReason,
  detail: z.string(),
});

/** Appended before every OZmap write, with the whole command (ids and observation line, R5.5). */
export const OzmapCommandIssued = z.object({
  v: z.literal(1),
  cycleId,
  at,
  commandId: z.string(),
  command: WriteCommand,
});

export const OzmapClientCreated = z.object({
  v: z.literal(1),
  cycleId,
  at,
  commandId: z.string(),
  clientId: z.string(),
  propertyId: z.string(),
  boxId: z.string(),
  boxName: z.string(),
  connection: z.object({ splitterId: z.string(), splitterName: z.string(), port: z.number() }).nullable(),
  unconnectedReason: UnconnectedReason.nullable(),
  client: z.object({
    name: z.string(),
    implanted: z.boolean(),
    status: z.number().nullable(),
    onu: z.record(z.string(), z.string()).optional(),
  }),
  property: z.object({ address: z.string(), coords, potencyRead: z.number().nullable() }),
  /** R5.8: the client went on the contract's own previous property, not a new one. */
  reusedProperty: z.boolean().optional(),
});

/** A creation found its client already in OZmap when it re-checked by code (R3.2). */
export const OzmapCreationSuperseded = z.object({
  v: z.literal(1),
  cycleId,
  at,
  commandId: z.string(),
  clientId: z.string(),
  detail: z.string(),
});

export const OzmapClientUpdated = z.object({
  v: z.literal(1),
  cycleId,
  at,
  commandId: z.string(),
  clientId: z.string(),
  propertyId: z.string().nullable(),
  changes: z.array(FieldChange),
});

export const OzmapClientCancelled = z.object({
  v: z.literal(1),
  cycleId,
  at,
  commandId: z.string(),
  mode: CancelMode,
  clientId: z.string().nullable(),
  clientName: z.string(),
  propertyId: z.string().nullable(),
  /** The exact text written on the property (detach mode), or null. */
  observationLine: z.string().nullable(),
  /** False when the line was found already written by an earlier, interrupted run. */
  observationWritten: z.boolean(),
  disconnected: z.boolean(),
});

export const OzmapCommandFailed = z.object({
  v: z.literal(1),
  cycleId,
  at,
  commandId: z.string(),
  kind: z.string(),
  step: z.string(),
  /** `code` is of the catalogue; older events' free-text codes read as `recordedFailure` says (upcast.ts). */
  error: z.object({ code: FailureCode, message: z.string(), status: z.number().optional() }),
  retryable: z.boolean(),
});

const linkedIds = z.object({ clientId: z.string().nullable(), propertyId: z.string().nullable() });

/**
 * A cycle found this contract's client in OZmap, and the contract was not linked to it yet (or
 * was linked to another client or property): the state follows what OZmap holds, not only the
 * service's own writes. Recorded when the link changes, not every cycle.
 */
export const OzmapClientLinked = z.object({
  v: z.literal(1),
  cycleId,
  at,
  clientId: z.string(),
  propertyId: z.string().nullable(),
  /** The link known before, null for a first link. */
  previous: linkedIds.nullable(),
  detail: z.string(),
});

/** A fact for the audit trail that is not a write: R4.8 CTO/port divergence. */
export const AuditNoteRecorded = z.object({
  v: z.literal(1),
  cycleId,
  at,
  note: NoteKind,
  rule: z.string(),
  detail: z.string(),
  key: z.string(),
});

// --- contested fields (docs/RULES.md R9.4, R9.5), in the contract's stream ----------------

/**
 * R9.4: a value the service wrote on this client was changed back in OZmap `changesBack.length`
 * times within CONTEST_WINDOW. Recorded once per incident; the alert is sent after it.
 */
export const FieldContested = z.object({
  v: z.literal(1),
  cycleId,
  at,
  field: z.string(),
  object: z.enum(['client', 'property']),
  sgpValue: z.unknown(),
  ozmapValue: z.unknown(),
  /** When the service last wrote the value that was changed back. */
  wroteAt: at,
  changesBack: z.array(at),
  /** Who changed it, when OZmap says; null: OZmap's API names no last editor (docs/OZMAP-API.md). */
  changedBy: z.string().nullable(),
  mode: z.enum(['apply', 'hold']),
});

/** R9.4/R9.5: a contest ended, by an operator's choice or by a quiet window (`quiet`, `by: service`). */
export const FieldContestResolved = z.object({
  v: z.literal(1),
  at,
  field: z.string(),
  resolution: z.enum(['sgp', 'ozmap', 'watch', 'quiet']),
  by: z.string(),
  since: at,
});

/** R9.5: who owns one field of this client from now on; `owner: null` clears an override. */
export const FieldOverrideSet = z.object({
  v: z.literal(1),
  at,
  field: z.string(),
  owner: z.enum(['sgp', 'ozmap']).nullable(),
  by: z.string(),
});

// --- cycles stream --------------------------------------------------------------------

export const CycleStarted = z.object({
  v: z.literal(1),
  cycleId,
  kind: CycleKind,
  at,
  dryRun: z.boolean(),
  trigger: z.string(),
});

export const CycleCounts = z.record(z.string(), z.number());

/** A contract whose command failed in a cycle: its code, the failure's code and message. */
export const FailedContract = z.object({ code: z.string(), failure: FailureCode, message: z.string() });
export type FailedContract = z.infer<typeof FailedContract>;

export const CycleFinished = z.object({
  v: z.literal(1),
  cycleId,
  kind: CycleKind,
  at,
  outcome: CycleOutcome,
  durationMs: z.number(),
  sweepComplete: z.boolean(),
  ozmapComplete: z.boolean(),
  dryRun: z.boolean(),
  counts: CycleCounts,
  error: z.string().nullable(),
  /** The contracts whose commands failed in this cycle, with the failure code (src/domain/failureCodes.ts). */
  failedContracts: z.array(FailedContract).optional(),
});

/** DRY_RUN: what the cycle would have done. */
export const CyclePlanned = z.object({
  v: z.literal(1),
  cycleId,
  at,
  commands: z.array(PlannedCommand),
});

/**
 * What a cycle planned, grouped by kind and reason, with the guard's verdict: recorded by every
 * cycle (shadow mode or not), so that the dashboard shows the last plan without a live sweep.
 */
export const CyclePlanSummarised = z.object({
  v: z.literal(1),
  cycleId,
  at,
  kind: CycleKind,
  writes: z.number(),
  groups: z.array(
    z.object({ kind: z.string(), reason: z.string(), rule: z.string(), count: z.number(), codes: z.array(z.string()) }),
  ),
  guard: z
    .object({ tripped: z.boolean(), removals: z.number(), totalClients: z.number(), hash: z.string() })
    .nullable(),
  blocked: z.string().nullable(),
});

export const CancellationGuardTripped = z.object({
  v: z.literal(1),
  cycleId,
  at,
  hash: z.string(),
  removals: z.number(),
  totalClients: z.number(),
  codes: z.array(z.string()),
});

export const CancellationGuardReleased = z.object({ v: z.literal(1), at, hash: z.string(), by: z.string() });

export const LeaseAcquired = z.object({ v: z.literal(1), owner: z.string(), at, until: at });

// --- outages stream (issue 16) -----------------------------------------------------------

/**
 * An outage the insights projection derived from the status history (a box's or a PON's
 * clients going offline together) was alerted on. Only this is recorded, so that a restart or
 * a replay never alerts twice for one incident; the outage itself is rebuilt from the log.
 */
export const OutageSuspected = z.object({
  v: z.literal(1),
  at,
  outageId: z.string(),
  placeKind: z.enum(['box', 'pon']),
  place: z.string(),
  clients: z.array(z.string()),
  placeClients: z.number(),
  startedAt: at,
});

/** Most of the outage's clients are back online: its clearing was alerted on. */
export const OutageCleared = z.object({
  v: z.literal(1),
  at,
  outageId: z.string(),
  placeKind: z.enum(['box', 'pon']),
  place: z.string(),
  back: z.number(),
  clients: z.number(),
});

/**
 * R9.3: a contract code or an OZmap box the service must never write to (read and reported
 * only), set ahead of time by a person. Kept in the `exclusions` stream, so it survives replay.
 */
export const ExclusionAdded = z.object({
  v: z.literal(1),
  at,
  kind: z.enum(['contract', 'box']),
  value: z.string().min(1),
  reason: z.string(),
  by: z.string(),
});

/** R9.3: the exclusion is lifted; the next sync treats the contract or box as any other. */
export const ExclusionRemoved = z.object({
  v: z.literal(1),
  at,
  kind: z.enum(['contract', 'box']),
  value: z.string().min(1),
  by: z.string(),
});

const driftDigestItem = z.object({
  code: z.string(),
  field: z.string(),
  cause: z.string(),
  since: at,
});

/**
 * R9.2: the daily digest of the differences known and not written, older than DRIFT_DIGEST_AGE,
 * was alerted on. Recorded before it is sent: one a day across restarts; its items (at most
 * DRIFT_DIGEST_ITEMS, `count` says how many there were) also give back their ages after a restart.
 */
export const DriftDigestSent = z.object({
  v: z.literal(1),
  at,
  count: z.number().int().nonnegative(),
  items: z.array(driftDigestItem),
});

/** R9.2: after a digest, no difference is older than DRIFT_DIGEST_AGE any more: the incident is over. */
export const DriftDigestCleared = z.object({ v: z.literal(1), at });

export const catalogue = {
  SgpContractObserved,
  SgpContractRejected,
  SgpContractVanished,
  ClientCreationSkipped,
  OzmapCommandIssued,
  OzmapClientCreated,
  OzmapCreationSuperseded,
  OzmapClientUpdated,
  OzmapClientCancelled,
  OzmapCommandFailed,
  AuditNoteRecorded,
  OzmapClientLinked,
  FieldContested,
  FieldContestResolved,
  FieldOverrideSet,
  CycleStarted,
  CycleFinished,
  CyclePlanned,
  CyclePlanSummarised,
  CancellationGuardTripped,
  CancellationGuardReleased,
  LeaseAcquired,
  OutageSuspected,
  OutageCleared,
  ExclusionAdded,
  ExclusionRemoved,
  DriftDigestSent,
  DriftDigestCleared,
} as const;

export type EventType = keyof typeof catalogue;
export type EventPayload<T extends EventType> = z.infer<(typeof catalogue)[T]>;

/** A decoded event of the catalogue: `{ type, data }` narrowed together. */
export type DomainEvent = { [T in EventType]: { readonly type: T; readonly data: EventPayload<T> } }[EventType];
