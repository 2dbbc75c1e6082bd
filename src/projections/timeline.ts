import type { RecordedEvent } from '../domain/eventStore.ts';
import type { DomainEvent } from '../domain/events/catalogue.ts';
import { decodeEvent } from '../domain/events/decodeEvent.ts';
import { codeOfStream } from '../domain/events/streams.ts';
import type { ContractSnapshot } from '../domain/sgp/contractSnapshot.ts';
import { normaliseContract } from '../domain/sgp/normaliseContract.ts';
import { describeSnapshotChanges } from '../domain/sgp/snapshotChanges.ts';
import { eventTime, foldContractEvent, type Normalise } from './contractProjection.ts';
import type { ContractRow } from './contractRow.ts';
import * as say from './timelineSummaries.ts';
import { contestRule, contestSummary } from './contestSummaries.ts';

type TimelineKind =
  | 'observed'
  | 'sgp-change'
  | 'rejected'
  | 'vanished'
  | 'skipped'
  | 'created'
  | 'superseded'
  | 'updated'
  | 'cancelled'
  | 'failed'
  | 'note'
  | 'issued'
  | 'linked'
  | 'contested';

/** One line of a contract's audit trail (R6). */
export interface TimelineEntry {
  readonly at: string;
  readonly position: number;
  readonly revision: number;
  readonly kind: TimelineKind;
  /** The docs/RULES.md clause behind it, when there is one. */
  readonly rule?: string;
  /** One English sentence. */
  readonly summary: string;
  readonly details: Record<string, unknown>;
}

type Draft = Omit<TimelineEntry, 'at' | 'position' | 'revision'>;

/** What the timeline remembers across events: the last snapshot and each command's rule. */
interface TimelineContext {
  snapshot: ContractSnapshot | null;
  /** A client was removed by a cancellation and not created or found again since. */
  removed: boolean;
  readonly rules: Map<string, string>;
  readonly normalise: Normalise;
}

/** An event's payload for `details`, without its schema version. */
const payload = <T extends { readonly v: number }>({ v: _version, ...rest }: T): Omit<T, 'v'> => rest;

function observed(ctx: TimelineContext, data: Extract<DomainEvent, { type: 'SgpContractObserved' }>['data']): Draft[] {
  const before = ctx.snapshot;
  let after: ContractSnapshot;
  try {
    after = ctx.normalise(data.record);
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return [
      {
        kind: 'observed',
        rule: 'R1',
        summary: `SGP: record could not be normalised: ${problem}`,
        details: payload(data),
      },
    ];
  }
  ctx.snapshot = after;
  const base = { sweepId: data.sweepId, hash: data.hash };
  if (before === null) {
    return [
      {
        kind: 'observed',
        rule: 'R1.5',
        summary: say.firstObservationSummary(after),
        details: { ...base, snapshot: after, record: data.record },
      },
    ];
  }
  const changes = describeSnapshotChanges(before, after);
  if (changes.length === 0) {
    const summary = 'SGP: record changed, but no field the rules use';
    return [{ kind: 'observed', rule: 'R1.5', summary, details: { ...base, snapshot: after, record: data.record } }];
  }
  return changes.map((change) => ({
    kind: 'sgp-change',
    rule: say.RULE_OF_FIELD[change.field],
    summary: say.sgpChangeSummary(change, before, after),
    details: { ...base, field: change.field, from: change.from, to: change.to },
  }));
}

/** The entries of one event; several for an observation or an update with several fields. */
function draftsOf(ctx: TimelineContext, event: DomainEvent): Draft[] {
  const ruleOf = (commandId: string, fallback: string): string => ctx.rules.get(commandId) ?? fallback;
  if (event.type === 'OzmapClientCancelled') ctx.removed = true;
  if (
    event.type === 'OzmapClientCreated' ||
    event.type === 'OzmapCreationSuperseded' ||
    event.type === 'OzmapClientLinked'
  )
    ctx.removed = false;
  switch (event.type) {
    case 'SgpContractObserved':
      return observed(ctx, event.data);
    case 'SgpContractRejected':
      return [
        {
          kind: 'rejected',
          rule: 'R8',
          summary: `SGP: record rejected, field ${event.data.field}: ${event.data.problem}`,
          details: payload(event.data),
        },
      ];
    case 'SgpContractVanished':
      return [
        {
          kind: 'vanished',
          rule: 'R5.7',
          summary: 'SGP: contract no longer listed by a complete sweep; nothing removed',
          details: payload(event.data),
        },
      ];
    case 'ClientCreationSkipped':
      return [
        {
          kind: 'skipped',
          rule: event.data.rule,
          summary: say.skippedSummary(event.data, ctx.removed),
          details: payload(event.data),
        },
      ];
    case 'OzmapCommandIssued': {
      const { command, commandId } = event.data;
      ctx.rules.set(commandId, command.rule);
      return [
        {
          kind: 'issued',
          rule: command.rule,
          summary: `issued ${command.kind}: ${command.reason}`,
          details: payload(event.data),
        },
      ];
    }
    case 'OzmapClientCreated':
      return [
        {
          kind: 'created',
          rule: ruleOf(event.data.commandId, 'R2.6'),
          summary: say.createdSummary(event.data),
          details: payload(event.data),
        },
      ];
    case 'OzmapCreationSuperseded': {
      const summary = `OZmap: client already existed (id ${event.data.clientId}), not created again: ${event.data.detail}`;
      return [{ kind: 'superseded', rule: 'R3.2', summary, details: payload(event.data) }];
    }
    case 'OzmapClientUpdated': {
      const { changes, v: _version, ...rest } = event.data;
      return changes.map((change) => ({
        kind: 'updated',
        rule: change.rule,
        summary: say.ozmapChangeSummary(change),
        details: { ...rest, ...change },
      }));
    }
    case 'OzmapClientCancelled': {
      const rule = ruleOf(event.data.commandId, event.data.mode === 'detach' ? 'R5.2' : 'R5.3');
      return [{ kind: 'cancelled', rule, summary: say.cancelledSummary(event.data), details: payload(event.data) }];
    }
    case 'OzmapCommandFailed':
      return [
        {
          kind: 'failed',
          rule: ruleOf(event.data.commandId, 'R4'),
          summary: say.failedSummary(event.data),
          details: payload(event.data),
        },
      ];
    case 'OzmapClientLinked':
      return [{ kind: 'linked', rule: 'R3.2', summary: say.linkedSummary(event.data), details: payload(event.data) }];
    case 'FieldContested':
    case 'FieldContestResolved':
    case 'FieldOverrideSet':
      return [
        { kind: 'contested', rule: contestRule(event), summary: contestSummary(event), details: payload(event.data) },
      ];
    case 'AuditNoteRecorded':
      return [
        {
          kind: 'note',
          rule: event.data.rule,
          summary: `note: ${event.data.note}: ${event.data.detail}`,
          details: payload(event.data),
        },
      ];
    default:
      return [];
  }
}

/**
 * The audit trail of one contract (R6), oldest first, from its stream's events alone. SGP's
 * changes come from consecutive observations, normalised now: after an R1 fix the trail tells
 * the corrected story. Events that cannot be decoded are left out.
 */
export function buildTimeline(
  events: readonly RecordedEvent[],
  normalise: Normalise = normaliseContract,
): TimelineEntry[] {
  const ctx: TimelineContext = { snapshot: null, removed: false, rules: new Map(), normalise };
  const entries: TimelineEntry[] = [];
  for (const recorded of events) {
    const decoded = decodeEvent(recorded);
    if (decoded === null) continue;
    const at = eventTime(decoded.event);
    for (const draft of draftsOf(ctx, decoded.event))
      entries.push({ at, position: recorded.position, revision: recorded.revision, ...draft });
  }
  return entries;
}

/**
 * The contract's row as it was at `at` (an ISO 8601 instant): the fold of its stream's
 * events up to and including that instant; undefined when it had no events yet.
 */
export function stateAt(
  events: readonly RecordedEvent[],
  at: string,
  normalise: Normalise = normaliseContract,
): ContractRow | undefined {
  const limit = Date.parse(at);
  if (Number.isNaN(limit)) throw new RangeError(`stateAt: "${at}" is not an ISO 8601 instant`);
  let row: ContractRow | undefined;
  for (const recorded of events) {
    const decoded = decodeEvent(recorded);
    const time = decoded ? eventTime(decoded.event) : recorded.created;
    if (Date.parse(time) > limit) break;
    row = foldContractEvent(row, codeOfStream(recorded.streamId), recorded, decoded, normalise).row;
  }
  return row;
}
