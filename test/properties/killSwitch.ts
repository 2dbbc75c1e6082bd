import type { EventStore } from '../../src/domain/eventStore.ts';
import type { OzmapGateway } from '../../src/reconciler/ports.ts';

/** What every operation of a killed engine throws: nothing after the kill reaches the log or OZmap. */
export class EngineKilled extends Error {
  override readonly name = 'EngineKilled';
}

/**
 * Where an engine dies: after k more operations (what fast-check draws), or right before the
 * `nth` operation named `before` (what a fixed regression example names): a gateway method such
 * as `deleteProperty`, or a store call such as `append:OzmapCommandIssued`.
 */
export type StopPoint = number | { readonly before: string; readonly nth?: number };

/** One engine instance's life: its operation count and the point where it dies. */
interface Life {
  ops: number;
  limit: number;
  named: { readonly before: string; remaining: number } | null;
  tripped: boolean;
  readonly inflight: Set<Promise<unknown>>;
}

/**
 * A SIGKILL for the in-process engine. The harness wraps each engine it builds (store and OZmap
 * gateway, one shared count): once armed with k, operations 1..k run and every later one throws,
 * so nothing more is written. Operations already started run to their end, as a request already
 * on the wire does; `drain` waits for them so that no write of a dead engine lands during the
 * next step (which would make a run depend on timing and not replay from its seed).
 */
export interface KillSwitch {
  readonly wrapStore: (store: EventStore) => EventStore;
  readonly wrapGateway: (gateway: OzmapGateway) => OzmapGateway;
  /** The current engine dies at `stop`. */
  arm(stop: StopPoint): void;
  disarm(): void;
  /** Whether the current engine was killed. */
  readonly tripped: boolean;
  /** Operations the current engine has made. */
  readonly operations: number;
  drain(): Promise<void>;
}

export function createKillSwitch(): KillSwitch {
  const newLife = (): Life => ({
    ops: 0,
    limit: Number.POSITIVE_INFINITY,
    named: null,
    tripped: false,
    inflight: new Set(),
  });
  let life = newLife();

  const matches = (label: string, before: string): boolean => label === before || label.startsWith(`${before}:`);

  /** Counts one operation of `owner`, or throws when that engine is dead. */
  function enter(owner: Life, label: string): void {
    if (owner.named && matches(label, owner.named.before) && --owner.named.remaining === 0) owner.tripped = true;
    if (owner.tripped || owner.ops >= owner.limit) {
      owner.tripped = true;
      throw new EngineKilled(`engine killed before ${label} (test kill switch)`);
    }
    owner.ops += 1;
  }

  function track<T>(owner: Life, label: string, run: () => Promise<T>): Promise<T> {
    enter(owner, label);
    const promise = run();
    owner.inflight.add(promise);
    const forget = (): void => void owner.inflight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  function wrapStore(store: EventStore): EventStore {
    // The harness wraps the store first when it builds an engine: a new engine, a new life.
    life = newLife();
    const owner = life;
    async function* guardIterable<T>(label: string, source: () => AsyncIterable<T>): AsyncGenerator<T> {
      enter(owner, label);
      for await (const item of source()) {
        // A killed process reads no further, even in the middle of a long read.
        if (owner.tripped) throw new EngineKilled('engine killed (test kill switch)');
        yield item;
      }
    }
    return {
      append: (stream, events, options) =>
        track(owner, `append:${events[0]?.type ?? ''}`, () => store.append(stream, events, options)),
      readStream: (stream, options) => track(owner, 'readStream', () => store.readStream(stream, options)),
      readAll: (options) => guardIterable('readAll', () => store.readAll(options)),
      subscribe: (options) => guardIterable('subscribe', () => store.subscribe(options)),
      streamRevision: (stream) => track(owner, 'streamRevision', () => store.streamRevision(stream)),
      // The harness owns the store; a dead engine never closes it.
      close: async () => undefined,
    };
  }

  function wrapGateway(gateway: OzmapGateway): OzmapGateway {
    const owner = life;
    const guard =
      <A extends unknown[], R>(label: string, call: (...args: A) => Promise<R>) =>
      (...args: A): Promise<R> =>
        track(owner, label, () => call(...args));
    return {
      readActual: guard('readActual', (options?: Parameters<OzmapGateway['readActual']>[0]) =>
        gateway.readActual(options),
      ),
      findClientByCode: guard('findClientByCode', (code: string) => gateway.findClientByCode(code)),
      getProperty: guard('getProperty', (id: string) => gateway.getProperty(id)),
      createPropertyWithClient: guard(
        'createPropertyWithClient',
        (command: Parameters<OzmapGateway['createPropertyWithClient']>[0]) => gateway.createPropertyWithClient(command),
      ),
      createClient: guard('createClient', (input: Parameters<OzmapGateway['createClient']>[0]) =>
        gateway.createClient(input),
      ),
      updateClient: guard('updateClient', (id: string, patch: Parameters<OzmapGateway['updateClient']>[1]) =>
        gateway.updateClient(id, patch),
      ),
      updateProperty: guard('updateProperty', (id: string, patch: Parameters<OzmapGateway['updateProperty']>[1]) =>
        gateway.updateProperty(id, patch),
      ),
      deleteClient: guard('deleteClient', (id: string) => gateway.deleteClient(id)),
      deleteProperty: guard('deleteProperty', (id: string) => gateway.deleteProperty(id)),
      disconnect: guard('disconnect', (splitterId: string, fiber: string) => gateway.disconnect(splitterId, fiber)),
    };
  }

  return {
    wrapStore,
    wrapGateway,
    arm(stop) {
      if (typeof stop === 'number') life.limit = life.ops + stop;
      else life.named = { before: stop.before, remaining: stop.nth ?? 1 };
    },
    disarm() {
      life.limit = Number.POSITIVE_INFINITY;
      life.named = null;
    },
    get tripped() {
      return life.tripped;
    },
    get operations() {
      return life.ops;
    },
    async drain() {
      while (life.inflight.size > 0) await Promise.allSettled([...life.inflight]);
    },
  };
}
