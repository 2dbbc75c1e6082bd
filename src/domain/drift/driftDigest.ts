import type { EventPayload } from '../events/catalogue.ts';
import { sortDrift, type DriftItem } from './driftItem.ts';

export const DAY_MS = 24 * 3_600_000;
/** The digest names at most this many differences (the oldest); `count` says how many there were. */
export const DRIFT_DIGEST_ITEMS = 200;

export type DriftDigestEvent =
  | { readonly type: 'DriftDigestSent'; readonly data: EventPayload<'DriftDigestSent'> }
  | { readonly type: 'DriftDigestCleared'; readonly data: EventPayload<'DriftDigestCleared'> };

/** The last digest event recorded, folded from the `drift` stream. */
export type LastDigest = DriftDigestEvent | null;

/**
 * R9.2: the digest owed now, as the event that records it, or null. One digest a day while
 * some difference is older than `ageMs` (never one alert per difference); once after a digest
 * when none is any more (the incident is over). Pure.
 */
export function driftDigestOwed(
  items: readonly DriftItem[],
  last: LastDigest,
  now: Date,
  ageMs: number,
): DriftDigestEvent | null {
  const at = now.toISOString();
  const old = sortDrift(items.filter((i) => now.getTime() - Date.parse(i.since) >= ageMs));
  if (old.length === 0) {
    return last?.type === 'DriftDigestSent' ? { type: 'DriftDigestCleared', data: { v: 1, at } } : null;
  }
  if (last?.type === 'DriftDigestSent' && now.getTime() - Date.parse(last.data.at) < DAY_MS) return null;
  const listed = old
    .slice(0, DRIFT_DIGEST_ITEMS)
    .map(({ code, field, cause, since }) => ({ code, field, cause, since }));
  return { type: 'DriftDigestSent', data: { v: 1, at, count: old.length, items: listed } };
}

/** What a digest says, for the alert's message. */
export function digestMessage(data: EventPayload<'DriftDigestSent'>, ageMs: number): string {
  const hours = Math.round(ageMs / 3_600_000);
  const byCause = new Map<string, number>();
  for (const item of data.items) byCause.set(item.cause, (byCause.get(item.cause) ?? 0) + 1);
  const causes = [...byCause].map(([cause, n]) => `${n} ${cause}`).join(', ');
  return `${data.count} differences between SGP and OZmap not written for more than ${hours} h (${causes}${data.count > data.items.length ? `, the oldest ${data.items.length} listed` : ''})`;
}
