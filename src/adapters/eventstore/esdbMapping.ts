import {
  ANY,
  CancelledError,
  DeadlineExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  UnavailableError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AppendExpectedRevision,
  type EventData as EsdbEventData,
  type Filter,
  type JSONType,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  EventStoreError,
  wrongExpectedRevision,
  type AllFilter,
  type EventData,
  type ExpectedRevision,
  type RecordedEvent,
} from '../../domain/eventStore.ts';

/*
 * Positions. EventStoreDB orders `$all` by a Position {commit, prepare} of transaction-log byte
 * offsets. Every gRPC append is an implicit transaction that writes one prepare record per event,
 * each flagged as committed, and the server reports such an event at commit === prepare === the
 * record's own log position (AllReader in EventStore/EventStore:
 * `new CommitEventRecord(eventRecord, eventRecord.LogPosition)`). So the commit position alone is
 * unique per event and strictly increasing in `$all` order, and an append answers with the commit
 * position of its last event (of the matching batch's last event for an idempotent retry), which is
 * what the port's `AppendResult.position` means.
 *
 * Port -> ESDB: `{ commit: n, prepare: n }`, the exact Position of the event at n.
 * ESDB -> port: `Number(commit)`, exact while the log is under 2^53 bytes (8 PiB).
 *
 * Reading `$all` from a Position includes the event at it, subscribing from it excludes it; the
 * adapter drops every event at or before `after` in both, so the port's `after` is exclusive
 * whatever the server does. Not covered: events of legacy TCP explicit transactions, which share
 * one commit position (commit !== prepare); this project never writes them.
 */

/**
 * Above this a position is not exact as a number. In practice only "no position" gets here: stream
 * reads on servers before 22.6 report 2^64 - 1, and the port cannot do without positions.
 */
const MAX_PORT_POSITION = BigInt(Number.MAX_SAFE_INTEGER);

export function toEsdbPosition(position: number): Position {
  const p = BigInt(position);
  return { commit: p, prepare: p };
}

export function toPortPosition(position: Position | undefined, what: string): number {
  if (position === undefined || position.commit > MAX_PORT_POSITION || position.commit < 0n) {
    throw new Error(
      `EventStoreDB reported no usable $all position for ${what} (stream reads carry positions from server 22.6 on)`,
    );
  }
  return Number(position.commit);
}

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
}

export function toEsdbEvent(event: EventData): EsdbEventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    // The client types JSON data as object | array | string; any JSON value serialises the same way.
    data: event.data as JSONType,
    metadata: event.metadata ?? undefined,
  });
}

/** True for the server's own streams and events (`$settings`, `$>` links, `$metadata`, ...). */
export function isSystemEvent(event: { readonly streamId: string; readonly type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

export function toRecordedEvent(resolved: ResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata ?? null,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: toPortPosition(event.position, `${event.streamId}@${event.revision}`),
    created: event.created.toISOString(),
  };
}

const escapeRegex = (text: string): string => text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

/**
 * The server-side filter for a subscription. The server takes one criterion; the stream prefixes
 * are the more selective one here, so they win. Whatever the server lets through is re-checked
 * with `matchesFilter` and `isSystemEvent` by the caller.
 */
export function toServerFilter(filter: AllFilter | undefined): Filter {
  if (filter?.streamPrefixes && filter.streamPrefixes.length > 0) {
    return streamNameFilter({ prefixes: [...filter.streamPrefixes] });
  }
  if (filter?.types && filter.types.length > 0) {
    return eventTypeFilter({ regex: `^(?:${filter.types.map(escapeRegex).join('|')})$` });
  }
  return excludeSystemEvents();
}

function hasGrpcCode(error: unknown, codes: readonly number[]): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && codes.includes(code);
}

const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** Turns a client error into the port's errors; `context` names the operation for the message. */
export function toEventStoreError(
  error: unknown,
  context: { readonly operation: string; readonly stream?: string; readonly expected?: ExpectedRevision },
): Error {
  if (error instanceof EventStoreError) return error;
  const where = context.stream ? `${context.operation} ${context.stream}` : context.operation;
  if (error instanceof WrongExpectedVersionError && context.stream !== undefined) {
    const actual = error.actualVersion === NO_STREAM ? -1 : Number(error.actualVersion);
    const mapped = wrongExpectedRevision(context.stream, context.expected ?? 'any', actual);
    return new EventStoreError(mapped.code, mapped.message, mapped.details, { cause: error });
  }
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    // The server dropped the call (shutting down, losing leadership): retry like a lost connection.
    error instanceof CancelledError ||
    hasGrpcCode(error, [GRPC_UNAVAILABLE, GRPC_DEADLINE_EXCEEDED])
  ) {
    const reason = error instanceof Error ? error.message : String(error);
    return new EventStoreError('UNAVAILABLE', `EventStoreDB unavailable (${where}): ${reason}`, {}, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`EventStoreDB ${where} failed: ${reason}`, { cause: error });
}
