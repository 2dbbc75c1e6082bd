/**
 * Another writer of OZmap (docs/RULES.md R9.4): a background task that keeps its own value in one
 * field of a few objects, changing it back after every write of someone else's, as a person
 * correcting by hand or another integration left switched on would. It talks to the simulator's
 * test hooks (`GET`/`PATCH /__sim/objects/...`), so it is seen as an edit in OZmap, not as the
 * service's write.
 */

export interface SecondWriterTarget {
  readonly collection: 'ftth-clients' | 'properties';
  readonly id: string;
  readonly field: string;
  /** The value this writer wants there. */
  readonly value: unknown;
}

/** What the writer needs of the simulator: Fastify's `inject` is enough (no socket). */
export interface SimHooks {
  inject(request: { method: 'GET' | 'PATCH'; url: string; payload?: Record<string, unknown> }): Promise<{
    statusCode: number;
    json(): unknown;
  }>;
}

export interface SecondWriter {
  /** One pass over the targets now: the number of fields changed back. */
  pass(): Promise<number>;
  /** How many times it changed a field back since it started. */
  readonly reverts: () => number;
  stop(): Promise<void>;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Starts the writer, one pass every `everyMs` (none when `everyMs` is 0: call `pass` yourself). */
export function startSecondWriter(
  sim: SimHooks,
  targets: readonly SecondWriterTarget[],
  options: { readonly everyMs: number; readonly onRevert?: (target: SecondWriterTarget, found: unknown) => void },
): SecondWriter {
  let reverts = 0;
  let running: Promise<unknown> = Promise.resolve();
  const pass = async (): Promise<number> => {
    let changed = 0;
    for (const target of targets) {
      const url = `/__sim/objects/${target.collection}/${target.id}`;
      const read = await sim.inject({ method: 'GET', url });
      if (read.statusCode !== 200) continue; // gone (a cancellation): nothing to fight over
      const found = (read.json() as Record<string, unknown>)[target.field];
      if (same(found, target.value)) continue;
      await sim.inject({ method: 'PATCH', url, payload: { [target.field]: target.value } });
      reverts += 1;
      changed += 1;
      options.onRevert?.(target, found);
    }
    return changed;
  };
  const timer =
    options.everyMs > 0
      ? setInterval(() => {
          // One pass at a time: a slow pass is not overlapped by the next.
          running = running.then(pass).catch(() => undefined);
        }, options.everyMs)
      : null;
  return {
    pass,
    reverts: () => reverts,
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
