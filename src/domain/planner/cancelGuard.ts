import { createHash } from 'node:crypto';
import type { CancelGuard } from '../ruleOptions.ts';
import type { CancelClientCommand } from './commands.ts';

export interface GuardVerdict {
  readonly tripped: boolean;
  /** Clients the plan would remove: each counts once, whatever the mode. */
  readonly removals: number;
  readonly totalClients: number;
  /** Identifies exactly this set of removals; a confirmation must name it. */
  readonly hash: string;
  readonly codes: readonly string[];
}

/** The hash a person confirms: the sorted `code:clientId` pairs of the pending removals. */
export function cancellationSetHash(commands: readonly CancelClientCommand[]): string {
  const lines = commands
    .filter((c) => c.clientId !== null)
    .map((c) => `${c.code}:${c.clientId}`)
    .sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

/** R5.6: trips when the removals exceed BOTH the count and the percentage of clients read. */
export function evaluateGuard(
  commands: readonly CancelClientCommand[],
  totalClients: number,
  guard: CancelGuard,
): GuardVerdict {
  const removed = commands.filter((c) => c.clientId !== null);
  const removals = removed.length;
  const tripped = removals > guard.maxCount && removals > (totalClients * guard.maxPercent) / 100;
  return {
    tripped,
    removals,
    totalClients,
    hash: cancellationSetHash(commands),
    codes: [...new Set(removed.map((c) => c.code))].sort(),
  };
}

/**
 * R5.6 and R5.7 together: a complete SGP sweep from which more than `cancelGuard` of the known
 * contracts vanish at once (an empty list, a wrong filter, a truncated export) is held like a
 * mass cancellation: nothing is recorded vanished until a person confirms this set's hash.
 * `known` counts the contracts the service knew before the sweep.
 */
export function evaluateVanishGuard(codes: readonly string[], known: number, guard: CancelGuard): GuardVerdict {
  const sorted = [...codes].sort();
  const hash = createHash('sha256')
    .update(sorted.map((code) => `vanished:${code}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const tripped = sorted.length > guard.maxCount && sorted.length > (known * guard.maxPercent) / 100;
  return { tripped, removals: sorted.length, totalClients: known, hash, codes: sorted };
}
