/**
 * The parameters of a list request, read from the query string and from a JSON body on the
 * GET: the official SDK sends `{filter, sort}` as a body, OZmap's wiki puts them in the query
 * string (OZMAP-API.md "Lists, filters, pages"); both are accepted, and both filters must hold.
 */
import { compileFilter, parseFilter, valuesAt } from './ozmapFilter.ts';
import type { FilterClause } from './ozmapFilter.ts';
import { simError } from './ozmapSimError.ts';
import type { SimRecord } from './ozmapState.ts';
import { SimCollection } from './simCollection.ts';

export interface SortKey {
  readonly property: string;
  readonly direction: 1 | -1;
}

export interface ListQuery {
  readonly filter: readonly FilterClause[];
  readonly sort: readonly SortKey[];
  /** Fields to keep (the id always stays); null = every field. */
  readonly select: readonly string[] | null;
  readonly skip: number;
  readonly limit: number;
}

/** Rows a page holds when the request names no `limit` (the SDK's own page size). */
export const defaultListLimit = 100;

export function readListQuery(query: Readonly<Record<string, unknown>>, body: unknown, maxLimit: number): ListQuery {
  const fromBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const limit = readInteger(query.limit, 'limit', 1) ?? defaultListLimit;
  if (limit > maxLimit) {
    throw simError('limitTooLarge', `limit ${limit} is above the maximum of ${maxLimit}`);
  }
  // `skip` wins over `page`: the SDK's findAll follows nextUrl, which carries `skip`.
  const skip = readInteger(query.skip, 'skip', 0);
  const page = readInteger(query.page, 'page', 1);
  return {
    filter: [...parseFilter(query.filter, 'query'), ...parseFilter(fromBody.filter, 'body')],
    sort: [...parseSort(query.sort), ...parseSort(fromBody.sort)],
    select: parseSelect(query.select ?? fromBody.select),
    skip: skip ?? ((page ?? 1) - 1) * limit,
    limit,
  };
}

function readInteger(raw: unknown, name: string, min: number): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw simError('badRequest', `${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** `[{property, direction}]` as JSON or parsed, or a comma list with `-` for descending. */
function parseSort(raw: unknown): SortKey[] {
  if (raw === undefined || raw === null || raw === '') return [];
  let value = raw;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (!text.startsWith('[') && !text.startsWith('{')) {
      return text
        .split(',')
        .filter(Boolean)
        .map((field) =>
          field.startsWith('-') ? { property: field.slice(1), direction: -1 } : { property: field, direction: 1 },
        );
    }
    try {
      value = JSON.parse(text);
    } catch {
      throw simError('badRequest', 'sort is not valid JSON');
    }
  }
  const keys = Array.isArray(value) ? value : [value];
  return keys.map((key: { property?: unknown; direction?: unknown }) => {
    if (typeof key?.property !== 'string' || (key.direction !== 1 && key.direction !== -1)) {
      throw simError('badRequest', 'sort entries must be {property, direction: 1 | -1}');
    }
    return { property: key.property, direction: key.direction };
  });
}

function parseSelect(raw: unknown): string[] | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const parts = Array.isArray(raw) ? raw.map(String) : String(raw).split(/[,\s]+/);
  const fields = parts.map((field) => field.trim()).filter(Boolean);
  return fields.length > 0 ? fields : null;
}

export interface ListPage {
  readonly total: number;
  readonly rows: readonly SimRecord[];
}

/** A collection's records in one sort order, valid while the collection's version holds. */
interface SortedCache {
  readonly version: number;
  readonly key: string;
  readonly rows: readonly SimRecord[];
}
const sortedCaches = new WeakMap<SimCollection<SimRecord>, SortedCache>();

/**
 * One page of a list. Reading a large collection page by page must not sort it for every page
 * (a tenant's MongoDB answers from an index): an unfiltered list sorted by id only (ids never
 * change) reuses the order computed for the collection's current set of records.
 */
export function runListQuery(collection: Iterable<SimRecord> | SimCollection<SimRecord>, query: ListQuery): ListPage {
  const matching =
    collection instanceof SimCollection
      ? query.filter.length === 0
        ? sortedRows(collection, query.sort)
        : filterAndSort(indexedCandidates(collection, query) ?? collection.values(), query)
      : filterAndSort(collection, query);
  return { total: matching.length, rows: matching.slice(query.skip, query.skip + query.limit) };
}

function filterAndSort(records: Iterable<SimRecord>, query: ListQuery): SimRecord[] {
  const matches = compileFilter(query.filter);
  const matching: SimRecord[] = [];
  for (const record of records) if (matches(record)) matching.push(record);
  if (query.sort.length > 0) matching.sort((a, b) => compareBy(a, b, query.sort));
  return matching;
}

/**
 * For a filter of one condition `field = scalar` on a top-level field (a client by its code),
 * the records the collection's index files under that value: every possible match, to be
 * checked by the filter itself. Undefined (scan everything) when the order of several matches
 * would depend on the scan (no sort, or a sort that may tie).
 */
function indexedCandidates(collection: SimCollection<SimRecord>, query: ListQuery): SimRecord[] | undefined {
  if (query.filter.length !== 1) return undefined;
  const condition = query.filter[0]!;
  if (Array.isArray(condition)) return undefined;
  const { property, operator, value } = condition as { property: string; operator: string; value: unknown };
  if (
    operator !== '=' ||
    property.includes('.') ||
    !(typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
  )
    return undefined;
  const field = property === '_id' ? 'id' : property;
  const candidates = collection.lookup(`field:${field}`, (record) => fieldKeys(record, field), String(value));
  const byIdOnly = query.sort.length > 0 && query.sort.every((key) => key.property === 'id' || key.property === '_id');
  return candidates.length <= 1 || byIdOnly ? candidates : undefined;
}

/** A string field is filed under itself; anything else (a number, an array) goes unkeyed. */
function fieldKeys(record: SimRecord, field: string): readonly string[] | null {
  if (!(field in record)) return [];
  const value = record[field];
  return typeof value === 'string' ? [value] : null;
}

function sortedRows(records: SimCollection<SimRecord>, sort: readonly SortKey[]): readonly SimRecord[] {
  const cacheable = sort.length > 0 && sort.every((key) => key.property === 'id' || key.property === '_id');
  if (!cacheable) return filterAndSort(records.values(), { filter: [], sort, select: null, skip: 0, limit: 0 });
  const key = JSON.stringify(sort);
  const cached = sortedCaches.get(records);
  if (cached && cached.version === records.version && cached.key === key) return cached.rows;
  const rows = filterAndSort(records.values(), { filter: [], sort, select: null, skip: 0, limit: 0 });
  sortedCaches.set(records, { version: records.version, key, rows });
  return rows;
}

/** A sort key's value: `valuesAt(record, property)[0]`, read directly for a top-level field. */
function sortValue(record: SimRecord, property: string): unknown {
  if (property.includes('.')) return valuesAt(record, property)[0];
  const key = property === '_id' ? 'id' : property;
  if (!(key in record)) return undefined;
  const value = record[key];
  // A leaf that is an array: valuesAt lists the array itself first.
  return value;
}

function compareBy(a: SimRecord, b: SimRecord, sort: readonly SortKey[]): number {
  for (const { property, direction } of sort) {
    const left = sortValue(a, property);
    const right = sortValue(b, property);
    if (left === right) continue;
    if (left === undefined || left === null) return -direction;
    if (right === undefined || right === null) return direction;
    return (left < right ? -1 : left > right ? 1 : 0) * direction;
  }
  return 0;
}

/** Keeps the selected top-level fields (dotted paths select their first segment) and the id. */
export function selectFields(record: SimRecord, select: readonly string[] | null): SimRecord {
  if (select === null) return record;
  const kept: SimRecord = { id: record.id };
  for (const field of select) {
    const key = field.split('.')[0] ?? field;
    if (key === '_id' || key === 'id') continue;
    if (key in record) kept[key] = record[key];
  }
  return kept;
}
