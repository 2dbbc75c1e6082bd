import type { EventStore } from '../domain/eventStore.ts';
import { decodeEvent } from '../domain/events/decodeEvent.ts';
import { contractStream } from '../domain/events/streams.ts';

/** Events that end a contract's run of failures: the write it needed took effect. */
export const SUCCESSES: ReadonlySet<string> = new Set([
  'OzmapClientCreated',
  'OzmapCreationSuperseded',
  'OzmapClientUpdated',
  'OzmapClientCancelled',
]);

export interface FailureStreak {
  /** Distinct cycles in a row, up to now, in which a command of the contract failed. */
  readonly current: number;
  /** The run of failed cycles the last success ended, and the cycle of that success. */
  readonly lastEnded: { readonly cycles: number; readonly by: string } | null;
}

/**
 * A contract's run of failed cycles, read from its stream, so that it survives restarts and
 * one-shot CLI runs: the cycles that failed a command since the last write that took effect.
 * Cycles that did not try the contract do not break the run.
 */
export async function failureStreak(store: EventStore, code: string): Promise<FailureStreak> {
  let cycles = new Set<string>();
  let lastEnded: FailureStreak['lastEnded'] = null;
  for (const recorded of await store.readStream(contractStream(code))) {
    const event = decodeEvent(recorded)?.event;
    if (event === undefined || !('cycleId' in event.data)) continue;
    const { cycleId } = event.data;
    if (event.type === 'OzmapCommandFailed') cycles.add(cycleId);
    else if (SUCCESSES.has(event.type)) {
      lastEnded = { cycles: cycles.size, by: cycleId };
      cycles = new Set();
    }
  }
  return { current: cycles.size, lastEnded };
}
