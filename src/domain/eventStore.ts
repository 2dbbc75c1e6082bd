/**
 * The event store port: what the projections and the app need from an event store.
 *
 * Semantics are EventStoreDB's so that the three adapters (memory, sqlite, esdb) are
 * interchangeable:
 * - stream revisions are 0-based; a missing stream reads as empty;
 * - `expectedRevision` is `'no_stream'`, `'stream_exists'`, `'any'` or an exact revision;
 * - an append whose event ids are already written at the positions it would take is a retry:
 *   it succeeds and writes nothing (exact revision, `no_stream`); with `any`/`stream_exists`
 *   the check is best effort (a batch whose ids are all the stream's last events);
 * - every event has a global `position`, strictly increasing in write order across streams.
 *
 * Positions and revisions are plain numbers (safe up to 2^53), not bigints: they travel in
 * JSON (API, checkpoints) and SQLite without conversion. The esdb adapter maps them.
 */

export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

/** An event to append. `id` is a UUID; deterministic ids make retried appends idempotent. */
export interface EventData {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: unknown;
}

export interface RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly streamId: string;
  /** 0-based revision of the event in its stream. */
  readonly revision: number;
  /** Global position, strictly increasing across all streams in write order. */
  readonly position: number;
  /** ISO 8601 time the store recorded the event. */
  readonly created: string;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append (the next exact expected revision). */
  readonly nextExpectedRevision: number;
  /** Global position of the last event of the batch (of the matching event, for a retry). */
  readonly position: number;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Default 0. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface AllFilter {
  /** Keep only events whose stream id starts with one of these prefixes. */
  readonly streamPrefixes?: readonly string[];
  /** Keep only events of these types. */
  readonly types?: readonly string[];
}

export interface ReadAllOptions {
  /** Read events strictly after this global position. Default: from the start. */
  readonly after?: number;
  readonly filter?: AllFilter;
  readonly maxCount?: number;
}

export interface SubscribeOptions {
  readonly after?: number;
  readonly filter?: AllFilter;
  /** Aborting ends the iteration (the iterator returns, it does not throw). */
  readonly signal: AbortSignal;
}

export interface EventStore {
  append(
    stream: string,
    events: readonly EventData[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Every event in global order. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /**
   * The same events as `readAll`, a page at a time, where the adapter reads pages anyway (SQLite):
   * a projection rebuilding from the first event then awaits once a page, not once an event.
   */
  readAllPages?(options?: ReadAllOptions): AsyncIterable<readonly RecordedEvent[]>;
  /** Catch-up subscription: every event after `after`, then live events until aborted. */
  subscribe(options: SubscribeOptions): AsyncIterable<RecordedEvent>;
  /** Revision of the stream's last event, or -1 when the stream does not exist. */
  streamRevision(stream: string): Promise<number>;
  close(): Promise<void>;
}

export type EventStoreErrorCode =
  | 'WRONG_EXPECTED_REVISION'
  | 'UNAVAILABLE'
  | 'STORE_FULL'
  | 'READ_ONLY'
  | 'INVALID_EVENT'
  | 'CLOSED'
  /** A damaged file (the failure catalogue's STORE_DAMAGED): the message says how to recover. */
  | 'STORE_DAMAGED';

/** Every event-store failure, with a stable `code` callers branch on. */
export class EventStoreError extends Error {
  override readonly name = 'EventStoreError';
  constructor(
    readonly code: EventStoreErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function wrongExpectedRevision(stream: string, expected: ExpectedRevision, actual: number): EventStoreError {
  return new EventStoreError(
    'WRONG_EXPECTED_REVISION',
    `append to ${stream}: expected revision ${String(expected)}, stream is at ${actual}`,
    { stream, expected, actual },
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rejects what no adapter can store, the same way in every adapter. */
export function validateEvents(stream: string, events: readonly EventData[]): void {
  if (stream.length === 0 || stream.startsWith('$')) {
    throw new EventStoreError('INVALID_EVENT', `invalid stream name "${stream}"`, { stream });
  }
  for (const [index, event] of events.entries()) {
    if (!UUID.test(event.id)) {
      throw new EventStoreError('INVALID_EVENT', `${stream} event ${index}: id is not a UUID`, {
        stream,
        index,
      });
    }
    // `$` types are EventStoreDB's own (system events, links): reserved in every adapter.
    if (event.type.length === 0 || event.type.startsWith('$')) {
      throw new EventStoreError('INVALID_EVENT', `${stream} event ${index}: empty or reserved ($) type`, {
        stream,
        index,
      });
    }
  }
}

/** True when `stream` passes `filter`. Shared by the adapters so that filtering agrees. */
export function matchesFilter(
  event: { readonly streamId: string; readonly type: string },
  filter: AllFilter | undefined,
): boolean {
  if (!filter) return true;
  if (filter.types && !filter.types.includes(event.type)) return false;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((p) => event.streamId.startsWith(p))) {
    return false;
  }
  return true;
}

export type AppendDecision =
  | { readonly kind: 'write' }
  /** Every id of the batch is already at the positions it would take: write nothing. */
  | { readonly kind: 'retry'; readonly lastRevision: number }
  | { readonly kind: 'conflict' };

/**
 * EventStoreDB's optimistic-concurrency and idempotence rules, as one pure decision shared by
 * the memory and sqlite adapters (and the esdb fake), so that they cannot drift apart.
 *
 * `current` is the stream's last revision (-1 when missing); `idsFrom(from, count)` returns the
 * ids stored at revisions `from .. from+count-1` (fewer when the stream is shorter).
 */
export function decideAppend(
  current: number,
  expected: ExpectedRevision,
  batchIds: readonly string[],
  idsFrom: (from: number, count: number) => readonly string[],
): AppendDecision {
  const n = batchIds.length;
  const sameIdsAt = (from: number): boolean => {
    if (n === 0 || from < 0) return false;
    const stored = idsFrom(from, n);
    return stored.length === n && stored.every((id, i) => id === batchIds[i]);
  };
  if (expected === 'any' || expected === 'stream_exists') {
    if (expected === 'stream_exists' && current === -1) return { kind: 'conflict' };
    // Best effort, as in EventStoreDB: only a batch that is the stream's tail is recognised.
    return sameIdsAt(current - n + 1) ? { kind: 'retry', lastRevision: current } : { kind: 'write' };
  }
  const exact = expected === 'no_stream' ? -1 : expected;
  if (exact === current) return { kind: 'write' };
  if (exact < current && sameIdsAt(exact + 1)) return { kind: 'retry', lastRevision: exact + n };
  return { kind: 'conflict' };
}
