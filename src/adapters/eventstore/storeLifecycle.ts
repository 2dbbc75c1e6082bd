import { EventStoreError, validateEvents, type EventData } from '../../domain/eventStore.ts';

/**
 * The open/closed state of an event store, written once for the three adapters so that they
 * refuse calls after close alike: CLOSED first, then the port's validation of a batch.
 */
export interface StoreLifecycle {
  /** Throws CLOSED once the store is closed. */
  readonly ensureOpen: () => void;
  /** `ensureOpen`, then the checks every adapter makes on a batch before writing it. */
  readonly checkAppend: (stream: string, events: readonly EventData[]) => void;
  /** Marks the store closed and runs `release` the first time only, so closing twice is harmless. */
  readonly close: () => Promise<void>;
}

/** `name` says which store in the CLOSED message, e.g. "the event store at /data/events.db". */
export function storeLifecycle(name: string, release: () => void | Promise<void> = () => {}): StoreLifecycle {
  let closed = false;
  const ensureOpen = (): void => {
    if (closed) throw new EventStoreError('CLOSED', `${name} is closed`);
  };
  return {
    ensureOpen,
    checkAppend: (stream, events) => {
      ensureOpen();
      validateEvents(stream, events);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await release();
    },
  };
}
