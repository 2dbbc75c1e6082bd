/**
 * The parameters of a list request, read from the query string and from a JSON body on the
 * GET: the official SDK sends `{filter, sort}` as a body, OZmap's wiki puts them in the query
 * string (OZMAP-API.md "Lists, filters, pages"); both are accepted, and both filters must hold.
 */
import { matchesFilter, parseFilter, valuesAt } from './ozmapFilter.ts';
import type { FilterClause } from './ozmapFilter.ts';
import { simError } from './ozmapSimError.ts';
import type { SimRecord } from './ozmapState.ts';

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

export function readListQuery(
  query: Readonly<Record<string, unknown>>,
  body: unknown,
  maxLimit: number,
): ListQuery {
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
      return text.split(',').filter(Boolean).map((field) =>
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

export function runListQuery(records: Iterable<SimRecord>, query: ListQuery): ListPage {
  const matching = [...records].filter((record) => matchesFilter(record, query.filter));
  if (query.sort.length > 0) matching.sort((a, b) => compareBy(a, b, query.sort));
  return { total: matching.length, rows: matching.slice(query.skip, query.skip + query.limit) };
}

function compareBy(a: SimRecord, b: SimRecord, sort: readonly SortKey[]): number {
  for (const { property, direction } of sort) {
    const left = valuesAt(a, property)[0];
    const right = valuesAt(b, property)[0];
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
