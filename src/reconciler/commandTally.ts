import { codeOfStream } from '../domain/events/streams.ts';
import {
  OzmapCommandFailed,
  type EventPayload,
  type EventType,
  type FailedContract,
} from '../domain/events/catalogue.ts';
import type { EngineDeps } from './engine.ts';
import type { EventWriter } from './eventWriter.ts';
import { failureStreak, SUCCESSES } from './failureStreaks.ts';

/** What one cycle's commands did, per contract, as their events tell. */
export interface CommandTally {
  readonly failed: FailedContract[];
  readonly succeeded: Set<string>;
}

/** `writer`, noting in `tally` each contract whose command failed (once, first failure) or took effect. */
export function tallying(writer: EventWriter, tally: CommandTally): EventWriter {
  return {
    async append<T extends EventType>(stream: string, type: T, data: EventPayload<T>): Promise<number> {
      const revision = await writer.append(stream, type, data);
      const code = codeOfStream(stream);
      const failed = type === 'OzmapCommandFailed' ? OzmapCommandFailed.safeParse(data) : null;
      if (failed?.success && !tally.failed.some((f) => f.code === code)) {
        const { error } = failed.data;
        tally.failed.push({ code, failure: error.code, message: error.message });
      } else if (SUCCESSES.has(type)) tally.succeeded.add(code);
      return revision;
    },
  };
}

/**
 * One alert when a contract has failed in FAILURE_ALERT_CYCLES cycles in a row (raised by the
 * cycle that reaches the count, not by the ones after it), and one when a write of that
 * contract finally takes effect. Counted from the contracts' streams: restarts and one-shot CLI
 * runs keep the count.
 */
export async function alertFailureStreaks(deps: EngineDeps, cycleId: string, tally: CommandTally): Promise<void> {
  const threshold = deps.failureAlertCycles ?? 3;
  const raised: string[] = [];
  for (const failed of tally.failed) {
    if ((await failureStreak(deps.store, failed.code)).current === threshold)
      raised.push(`${failed.code} (${failed.failure}: ${failed.message})`);
  }
  const cleared: string[] = [];
  for (const code of tally.succeeded) {
    const { lastEnded } = await failureStreak(deps.store, code);
    if (lastEnded !== null && lastEnded.by === cycleId && lastEnded.cycles >= threshold) cleared.push(code);
  }
  if (raised.length > 0) {
    await deps.alert({
      kind: 'contract-failing',
      cycleId,
      message: `OZmap writes failed for ${threshold} cycles in a row: contract ${raised.join('; contract ')}`,
      details: { contracts: raised, cycles: threshold },
    });
  }
  if (cleared.length > 0) {
    await deps.alert({
      kind: 'contract-failing-cleared',
      cycleId,
      message: `OZmap writes took effect again for contract ${cleared.join(', ')}`,
      details: { contracts: cleared },
    });
  }
}
