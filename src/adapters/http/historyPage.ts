import { decodeCursor, encodeCursor } from '../readmodel/cursor.ts';
import type { Page } from '../../projections/readModels.ts';
import type { TimelineEntry } from '../../projections/timeline.ts';
import { HttpError } from './httpErrors.ts';

/**
 * A page of a contract's audit trail, oldest first. The cursor is the last entry's event
 * position and its place among that event's entries (an observation or an update can make
 * several), so pages stay put while the stream grows at its end.
 */
export function historyPage(
  entries: readonly TimelineEntry[],
  query: { readonly limit: number; readonly cursor?: string | undefined },
): Page<TimelineEntry> {
  let ordinal = 0;
  const keyed = entries.map((entry, index) => {
    ordinal = index > 0 && entries[index - 1]!.position === entry.position ? ordinal + 1 : 0;
    return { entry, position: entry.position, ordinal };
  });
  let start = 0;
  if (query.cursor !== undefined) {
    const [position, ordinal] = parseCursor(query.cursor);
    const next = keyed.findIndex((k) => k.position > position || (k.position === position && k.ordinal > ordinal));
    start = next === -1 ? keyed.length : next;
  }
  const slice = keyed.slice(start, start + query.limit);
  const last = slice.at(-1);
  const more = start + query.limit < keyed.length;
  return {
    items: slice.map((k) => k.entry),
    nextCursor: more && last ? encodeCursor([String(last.position), String(last.ordinal)]) : null,
  };
}

function parseCursor(cursor: string): [number, number] {
  let values: string[];
  try {
    values = decodeCursor(cursor, 2);
  } catch {
    throw new HttpError('INVALID_CURSOR', `"${cursor}" is not a cursor of this history`);
  }
  const numbers = values.map(Number);
  if (!numbers.every((n) => Number.isSafeInteger(n) && n >= 0))
    throw new HttpError('INVALID_CURSOR', `"${cursor}" is not a cursor of this history`);
  return [numbers[0]!, numbers[1]!];
}
