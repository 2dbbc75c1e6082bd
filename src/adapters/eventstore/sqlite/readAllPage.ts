import type { RecordedEvent } from '../../../domain/eventStore.ts';
import { corruptData } from './errors.ts';

/**
 * A `readAll` page comes back from SQLite column by column, each column one text that one
 * `JSON.parse` or `split` decodes: making every column of every row a JS value through the V8
 * API, as `.all()` does, costs more than SQLite joining texts. The stored data and metadata
 * (written by `JSON.stringify`) are joined with commas, not parsed and re-written by json();
 * ids (checked UUIDs) and times (`toISOString`) hold no comma, so a plain comma join is safe.
 * A whole page at once, not an open `.iterate()`, because an open iterator keeps the connection
 * busy, so a caller appending while it reads would fail.
 */
export const PAGE_SELECT = [
  "'[' || group_concat(position, ',') || ']'",
  "'[' || group_concat(revision, ',') || ']'",
  'json_group_array(stream_id)',
  "group_concat(id, ',')",
  'json_group_array(type)',
  "'[' || group_concat(coalesce(data, 'null'), ',') || ']'",
  "'[' || group_concat(coalesce(metadata, 'null'), ',') || ']'",
  "group_concat(created, ',')",
  // One character per event: '1' where data is NULL (undefined).
  "group_concat(data IS NULL, '')",
].join(', ');

/** The texts of PAGE_SELECT, in its order; all NULL but the json_group_arrays on an empty page. */
export type PageTexts = [
  string | null,
  string | null,
  string,
  string | null,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
];

/** The events of a page, in position order. */
export function decodePage(texts: PageTexts, after: number, path: string): RecordedEvent[] {
  const [positionsText, revisionsText, streamsText, idsText, typesText, dataText, metadataText, createdText, nullData] =
    texts;
  if (positionsText === null) return [];
  let positions: number[];
  let revisions: number[];
  let streams: string[];
  let types: string[];
  let data: unknown[];
  let metadata: unknown[];
  try {
    positions = JSON.parse(positionsText) as number[];
    revisions = JSON.parse(revisionsText ?? '') as number[];
    streams = JSON.parse(streamsText) as string[];
    types = JSON.parse(typesText) as string[];
    data = JSON.parse(dataText ?? '') as unknown[];
    metadata = JSON.parse(metadataText ?? '') as unknown[];
  } catch (error) {
    throw corruptData(`read all after position ${after}`, path, error);
  }
  const ids = (idsText ?? '').split(',');
  const created = (createdText ?? '').split(',');
  const n = positions.length;
  // A stored value that is not exactly one JSON value (or an id with a comma) would shift every
  // later event's fields.
  const aligned = [revisions, streams, types, data, metadata, ids, created].every((column) => column.length === n);
  if (!aligned || nullData?.length !== n) throw corruptData(`read all after position ${after}`, path);
  const events = new Array<RecordedEvent>(n);
  let ordered = true;
  for (let i = 0; i < n; i++) {
    events[i] = {
      id: ids[i]!,
      type: types[i]!,
      data: nullData.charCodeAt(i) === ONE ? undefined : data[i],
      metadata: metadata[i],
      streamId: streams[i]!,
      revision: revisions[i]!,
      position: positions[i]!,
      created: created[i]!,
    };
    if (i > 0 && positions[i]! <= positions[i - 1]!) ordered = false;
  }
  // SQL does not promise that an aggregate sees its subquery's order (though SQLite does).
  return ordered ? events : events.sort((a, b) => a.position - b.position);
}

const ONE = '1'.charCodeAt(0);
