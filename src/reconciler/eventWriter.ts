import { EventStoreError, type EventStore } from '../domain/eventStore.ts';
import type { EventPayload, EventType } from '../domain/events/catalogue.ts';
import { catalogue } from '../domain/events/catalogue.ts';
import { eventId } from '../domain/events/eventIds.ts';
import { CONTRACT_STREAM_PREFIX, codeOfStream } from '../domain/events/streams.ts';
import type { ReadModels } from '../projections/readModels.ts';

/** A stream's revision as something already read knows it; undefined when it does not know. */
export type KnownRevision = (stream: string) => number | undefined;

/**
 * Appends catalogue events to streams, one at a time, tracking each stream's revision so that
 * every append states the exact revision it expects. The event id derives from stream, revision
 * and content: an append retried after a lost answer is recognised by the store, never doubled.
 */
export interface EventWriter {
  append<T extends EventType>(stream: string, type: T, data: EventPayload<T>): Promise<number>;
}

/**
 * `knownRevision` is the one way the writer learns a revision it did not write itself (the read
 * models know every contract's); a stream it knows neither way is asked of the store.
 */
export function createEventWriter(store: EventStore, knownRevision: KnownRevision = () => undefined): EventWriter {
  const revisions = new Map<string, number>();

  async function revisionOf(stream: string): Promise<number> {
    const written = revisions.get(stream);
    if (written !== undefined) return written;
    const known = knownRevision(stream);
    if (known !== undefined) return known;
    const fresh = await store.streamRevision(stream);
    revisions.set(stream, fresh);
    return fresh;
  }

  async function append<T extends EventType>(stream: string, type: T, data: EventPayload<T>): Promise<number> {
    // Validate before writing: an event that does not fit the catalogue is a bug here, and must
    // not reach the log where every replay would trip on it.
    catalogue[type].parse(data);
    for (let attempt = 1; ; attempt++) {
      const expected = await revisionOf(stream);
      try {
        const result = await store.append(stream, [{ id: eventId(stream, expected, type, data), type, data }], {
          expectedRevision: expected === -1 ? 'no_stream' : expected,
        });
        revisions.set(stream, result.nextExpectedRevision);
        return result.nextExpectedRevision;
      } catch (error) {
        // Someone else appended (a replayed command, a second process before the lease
        // noticed): learn the stream's revision and append after it.
        // The store's answer, not `knownRevision` again: that may be what was stale.
        if (error instanceof EventStoreError && error.code === 'WRONG_EXPECTED_REVISION' && attempt < 3) {
          revisions.set(stream, await store.streamRevision(stream));
          continue;
        }
        throw error;
      }
    }
  }

  return { append };
}

/** Contract streams' revisions as the read models hold them now (`readModels` is asked each time: a replay swaps them). */
export const revisionsFromReadModels =
  (readModels: () => ReadModels): KnownRevision =>
  (stream) =>
    stream.startsWith(CONTRACT_STREAM_PREFIX)
      ? readModels().getContract(codeOfStream(stream))?.streamRevision
      : undefined;
