import type { EventStore } from '../domain/eventStore.ts';
import { CYCLES_STREAM } from '../domain/events/streams.ts';
import type { GuardVerdict } from '../domain/planner/cancelGuard.ts';
import type { ReadModels } from '../projections/readModels.ts';
import { createEventWriter, type EventWriter } from './eventWriter.ts';

/** The set the guard holds, as the read models know it. */
export interface HeldSet {
  readonly hash: string;
  readonly removals: number;
}

export type GuardRelease =
  | { readonly released: true }
  /** Nothing recorded: no set is held (`held` null), or the one held has another hash. */
  | { readonly released: false; readonly held: HeldSet | null };

/**
 * R5.6: a person releases the set the mass-deletion guard holds, by its exact hash. The release
 * is recorded only for the set actually held (a different set, SGP having changed since, stays
 * blocked); the cancel cycle that follows carries the same hash. The CLI and the API both call
 * this; each says the refusal in its own words.
 */
export async function releaseHeldSet(
  deps: { readonly store: EventStore; readonly readModels: ReadModels; readonly clock: () => Date },
  release: { readonly hash: string; readonly by: string },
): Promise<GuardRelease> {
  const held = deps.readModels.guard().pending;
  if (!held || held.hash !== release.hash) return { released: false, held };
  await createEventWriter(deps.store).append(CYCLES_STREAM, 'CancellationGuardReleased', {
    v: 1,
    at: deps.clock().toISOString(),
    hash: release.hash,
    by: release.by,
  });
  return { released: true };
}

/** R5.6: a cycle's guard held a set (mass cancellation, or SGP stopping listing a mass of contracts). */
export async function recordGuardTrip(
  writer: EventWriter,
  cycle: { readonly cycleId: string; readonly at: Date },
  verdict: GuardVerdict,
): Promise<void> {
  await writer.append(CYCLES_STREAM, 'CancellationGuardTripped', {
    v: 1,
    cycleId: cycle.cycleId,
    at: cycle.at.toISOString(),
    hash: verdict.hash,
    removals: verdict.removals,
    totalClients: verdict.totalClients,
    codes: [...verdict.codes],
  });
}
