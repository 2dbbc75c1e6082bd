import type { EventStore } from '../domain/eventStore.ts';
import { decodeEvent } from '../domain/events/decodeEvent.ts';
import { EXCLUSIONS_STREAM } from '../domain/events/streams.ts';
import {
  exclusionValueProblem,
  foldExclusions,
  type Exclusion,
  type ExclusionEvent,
  type ExclusionKind,
} from '../domain/exclusions/exclusions.ts';
import { createEventWriter } from './eventWriter.ts';

/**
 * R9.3: the exclusions live in the event log (`exclusions` stream), like the guard's releases:
 * every change says who made it and when, and a replay or a restart keeps them. The stream is
 * small (one event per change made by a person), so it is read whole when a plan needs it.
 */
export async function readExclusions(store: EventStore): Promise<Exclusion[]> {
  const events: ExclusionEvent[] = [];
  for (const recorded of await store.readStream(EXCLUSIONS_STREAM)) {
    const event = decodeEvent(recorded)?.event;
    if (event?.type === 'ExclusionAdded' || event?.type === 'ExclusionRemoved') events.push(event);
  }
  return foldExclusions(events);
}

export type ExclusionChange =
  | { readonly ok: true; readonly changed: boolean; readonly exclusions: Exclusion[] }
  | { readonly ok: false; readonly error: string };

/** Adds one (a repeat with the same reason changes nothing); the value is checked first. */
export async function addExclusion(
  store: EventStore,
  change: { kind: ExclusionKind; value: string; reason: string; by: string; at: Date },
): Promise<ExclusionChange> {
  const value = change.value.trim();
  const problem = exclusionValueProblem(change.kind, value);
  if (problem) return { ok: false, error: problem };
  const current = await readExclusions(store);
  const same = current.find((e) => e.kind === change.kind && e.value === value);
  if (same && same.reason === change.reason) return { ok: true, changed: false, exclusions: current };
  await createEventWriter(store).append(EXCLUSIONS_STREAM, 'ExclusionAdded', {
    v: 1,
    at: change.at.toISOString(),
    kind: change.kind,
    value,
    reason: change.reason,
    by: change.by,
  });
  return { ok: true, changed: true, exclusions: await readExclusions(store) };
}

/** Lifts one; lifting one not in force is an error naming it, so a typo does not pass for done. */
export async function removeExclusion(
  store: EventStore,
  change: { kind: ExclusionKind; value: string; by: string; at: Date },
): Promise<ExclusionChange> {
  const value = change.value.trim();
  const current = await readExclusions(store);
  if (!current.some((e) => e.kind === change.kind && e.value === value))
    return { ok: false, error: `no exclusion of ${change.kind} "${value}" is in force` };
  await createEventWriter(store).append(EXCLUSIONS_STREAM, 'ExclusionRemoved', {
    v: 1,
    at: change.at.toISOString(),
    kind: change.kind,
    value,
    by: change.by,
  });
  return { ok: true, changed: true, exclusions: await readExclusions(store) };
}
