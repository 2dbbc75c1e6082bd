import type { RuleOptions } from '../ruleOptions.ts';
import type { ContractState } from './contractState.ts';
import { minuteKey } from './observationLine.ts';

/**
 * R5.5: the last time the service saw the contract in a known status that is not a cancellation
 * (from the log, `statusSeenAt`), or null when it never did. A cancellation is decided after
 * that moment, and an earlier cancellation's line was written before it (the contract was
 * reactivated in between).
 */
export function lastSeenActive(state: ContractState, options: RuleOptions): string | null {
  let latest: string | null = null;
  for (const [status, at] of Object.entries(state.statusSeenAt ?? {})) {
    if (status === 'unknown' || options.cancelStatuses.includes(Number(status) as never)) continue;
    if (latest === null || at > latest) latest = at;
  }
  return latest;
}

/** The same moment as the minute key a line's date compares with (`findObservationLine`). */
export function lastSeenActiveKey(state: ContractState, options: RuleOptions): string | null {
  const at = lastSeenActive(state, options);
  return at === null ? null : minuteKey(new Date(at), options.timezone);
}
