import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  type AllStreamResolvedEvent,
} from '@eventstore/db-client';
import {
  matchesFilter,
  type AppendResult,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
} from '../../domain/eventStore.ts';
import {
  isSystemEvent,
  toEsdbEvent,
  toEsdbExpectedRevision,
  toEsdbPosition,
  toEventStoreError,
  toPortPosition,
  toRecordedEvent,
  toServerFilter,
} from './esdbMapping.ts';
import { storeLifecycle } from './storeLifecycle.ts';

/** `$all` is read in pages so that a reader stopping early never leaves a call open on the server. */
const READ_ALL_PAGE = 512;

/**
 * The event store port on EventStoreDB (`@eventstore/db-client`). Positions are `$all` commit
 * positions (see esdbMapping.ts for why that is exact). Opening does no I/O: the client connects
 * on first use, so a server still starting up surfaces as UNAVAILABLE on the first call, not here.
 *
 * `connectionString` is an `esdb://` URL, e.g. `esdb://localhost:2113?tls=false`. Its
 * `defaultDeadline` (ms) bounds appends only: the 6.x client reads and subscribes without a
 * deadline, so a server that accepts the connection and then stalls stalls a read too.
 */
export async function openEsdbEventStore(connectionString: string): Promise<EventStore> {
  const client = EventStoreDBClient.connectionString(connectionString);
  // Subscriptions still running when the store closes: closing ends them quietly.
  const subscriptions = new Set<AbortController>();
  const { ensureOpen, checkAppend, close } = storeLifecycle('the event store', async () => {
    for (const stop of subscriptions) stop.abort();
    await client.dispose();
  });

  async function append(
    stream: string,
    events: readonly EventData[],
    { expectedRevision }: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    // Checked here, not left to the server: a malformed id would otherwise reach the wire.
    checkAppend(stream, events);
    try {
      const result = await client.appendToStream(stream, events.map(toEsdbEvent), {
        expectedRevision: toEsdbExpectedRevision(expectedRevision),
      });
      return {
        nextExpectedRevision: Number(result.nextExpectedRevision),
        position: result.position ? toPortPosition(result.position, `append to ${stream}`) : -1,
      };
    } catch (error) {
      throw toEventStoreError(error, { operation: 'append to', stream, expected: expectedRevision });
    }
  }

  async function readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    ensureOpen();
    if (options.maxCount === 0) return [];
    const out: RecordedEvent[] = [];
    try {
      const reading = client.readStream(stream, {
        direction: FORWARDS,
        fromRevision: options.fromRevision === undefined ? START : BigInt(options.fromRevision),
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      });
      for await (const resolved of reading) {
        const event = toRecordedEvent(resolved);
        if (event) out.push(event);
      }
      return out;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toEventStoreError(error, { operation: 'read', stream });
    }
  }

  async function streamRevision(stream: string): Promise<number> {
    ensureOpen();
    try {
      const reading = client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
      for await (const resolved of reading) {
        if (resolved.event) return Number(resolved.event.revision);
      }
      return -1;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return -1;
      throw toEventStoreError(error, { operation: 'read revision of', stream });
    }
  }

  /** One page of `$all` from `cursor` (inclusive on the server), fully read. */
  async function readAllPage(cursor: number): Promise<AllStreamResolvedEvent[]> {
    const page: AllStreamResolvedEvent[] = [];
    try {
      const reading = client.readAll({
        direction: FORWARDS,
        fromPosition: cursor < 0 ? START : toEsdbPosition(cursor),
        maxCount: READ_ALL_PAGE,
      });
      for await (const resolved of reading) page.push(resolved);
      return page;
    } catch (error) {
      throw toEventStoreError(error, { operation: 'read $all' });
    }
  }

  // The 6.x client's readAll sends no server-side filter (only subscribeToAll takes one), so the
  // filter and the exclusion of system events are applied here, page by page.
  async function* readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    ensureOpen();
    let left = options.maxCount ?? Infinity;
    let cursor = options.after ?? -1;
    while (left > 0) {
      const page = await readAllPage(cursor);
      for (const resolved of page) {
        const event = resolved.event;
        if (!event) continue;
        const position = toPortPosition(event.position, `${event.streamId}@${event.revision}`);
        if (position <= cursor) continue;
        cursor = position;
        if (isSystemEvent(event) || !matchesFilter(event, options.filter)) continue;
        const recorded = toRecordedEvent(resolved);
        if (!recorded) continue;
        yield recorded;
        left -= 1;
        if (left <= 0) return;
      }
      if (page.length < READ_ALL_PAGE) return;
    }
  }

  async function* subscribe(options: SubscribeOptions): AsyncGenerator<RecordedEvent> {
    ensureOpen();
    const { signal, filter } = options;
    if (signal.aborted) return;
    // 1. Our own controller, so that both the caller's signal and close() end the subscription.
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    subscriptions.add(stop);
    // 2. The server filters what it can; everything is re-checked below.
    const subscription = client.subscribeToAll({
      fromPosition: options.after === undefined ? START : toEsdbPosition(options.after),
      filter: toServerFilter(filter),
    });
    // 3. Unsubscribing cancels the call, which normally ends the readable; destroying it as well
    //    guarantees the loop below wakes up (a premature-close error, ignored once stopped).
    const onStop = (): void => {
      void subscription.unsubscribe().finally(() => subscription.destroy());
    };
    stop.signal.addEventListener('abort', onStop, { once: true });
    let cursor = options.after ?? -1;
    try {
      for await (const resolved of subscription) {
        if (stop.signal.aborted) return;
        const event = toRecordedEvent(resolved);
        if (!event || event.position <= cursor) continue;
        cursor = event.position;
        if (isSystemEvent(event) || !matchesFilter(event, filter)) continue;
        yield event;
      }
    } catch (error) {
      if (stop.signal.aborted) return;
      throw toEventStoreError(error, { operation: 'subscribe to $all' });
    } finally {
      signal.removeEventListener('abort', onAbort);
      subscriptions.delete(stop);
      if (!stop.signal.aborted) stop.abort();
    }
  }

  return {
    append,
    readStream,
    readAll,
    subscribe,
    streamRevision,
    close,
  };
}
