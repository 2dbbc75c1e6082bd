import {
  decideAppend,
  matchesFilter,
  wrongExpectedRevision,
  type AppendResult,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../../domain/eventStore.ts';
import { createAppendNotifier } from './appendNotifier.ts';
import { catchUpSubscription } from './catchUpSubscription.ts';
import { storeLifecycle } from './storeLifecycle.ts';

/**
 * The reference model of the event store port: the simplest code that has EventStoreDB's
 * semantics. The other adapters are tested against it. `clock` is injectable for tests.
 */
export function getMemoryEventStore(clock: () => Date = () => new Date()): EventStore {
  const log: RecordedEvent[] = [];
  const streams = new Map<string, RecordedEvent[]>();
  const notifier = createAppendNotifier();
  const { ensureOpen, checkAppend, close } = storeLifecycle('the event store');

  async function append(
    stream: string,
    events: readonly EventData[],
    { expectedRevision }: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    checkAppend(stream, events);
    const existing = streams.get(stream) ?? [];
    const current = existing.length - 1;
    const decision = decideAppend(
      current,
      expectedRevision,
      events.map((e) => e.id),
      (from, count) => existing.slice(from, from + count).map((e) => e.id),
    );
    if (decision.kind === 'conflict') throw wrongExpectedRevision(stream, expectedRevision, current);
    if (decision.kind === 'retry') {
      const last = existing[decision.lastRevision];
      return { nextExpectedRevision: decision.lastRevision, position: last?.position ?? -1 };
    }
    const created = clock().toISOString();
    // Deep copies: the store owns what it recorded, callers may mutate their objects afterwards.
    const recorded = events.map((e, i) => ({
      id: e.id,
      type: e.type,
      data: structuredClone(e.data),
      metadata: structuredClone(e.metadata ?? null),
      streamId: stream,
      revision: current + 1 + i,
      position: log.length + i,
      created,
    }));
    log.push(...recorded);
    streams.set(stream, [...existing, ...recorded]);
    if (recorded.length > 0) notifier.notify();
    return {
      nextExpectedRevision: current + recorded.length,
      position: recorded.at(-1)?.position ?? existing.at(-1)?.position ?? -1,
    };
  }

  async function readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    ensureOpen();
    const from = options.fromRevision ?? 0;
    const events = (streams.get(stream) ?? []).slice(from);
    return structuredClone(options.maxCount === undefined ? events : events.slice(0, options.maxCount));
  }

  async function* readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    ensureOpen();
    let left = options.maxCount ?? Infinity;
    for (let i = (options.after ?? -1) + 1; i < log.length && left > 0; i++) {
      const event = log[i];
      if (event && matchesFilter(event, options.filter)) {
        left -= 1;
        yield structuredClone(event);
      }
    }
  }

  return {
    append,
    readStream,
    readAll,
    subscribe: (options) => catchUpSubscription(readAll, notifier, options),
    streamRevision: async (stream) => {
      ensureOpen();
      return (streams.get(stream)?.length ?? 0) - 1;
    },
    close,
  };
}
