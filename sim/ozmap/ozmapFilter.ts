/**
 * OZmap's list filter: a JSON array of `{property, operator, value}` that must all hold; an
 * inner array is a group of which one must hold (the SDK's `ApiFilterSchema` allows it).
 * `property` is a dotted path; along an array every element is tried, as MongoDB does, since
 * OZmap stores its objects there (`connections.id = <splitter>` finds the properties on it).
 */
import { simError } from './ozmapSimError.ts';
import type { SimRecord } from './ozmapState.ts';

export interface FilterCondition {
  readonly property: string;
  readonly operator: string;
  readonly value: unknown;
}
export type FilterClause = FilterCondition | readonly FilterCondition[];

const operators = new Set(['=', '!=', 'like', '<', '<=', '>', '>=', 'in', 'notin', 'exists']);

/** Reads a filter from the query string (JSON text) or from a body (already parsed). */
export function parseFilter(raw: unknown, where: 'query' | 'body'): FilterClause[] {
  if (raw === undefined || raw === null || raw === '') return [];
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw simError('invalidFilter', `filter in the ${where} is not valid JSON`);
    }
  }
  const clauses = Array.isArray(value) ? value : [value];
  return clauses.map((clause, index) =>
    Array.isArray(clause)
      ? clause.map((inner, innerIndex) => checkCondition(inner, `${where} filter[${index}][${innerIndex}]`))
      : checkCondition(clause, `${where} filter[${index}]`),
  );
}

function checkCondition(raw: unknown, where: string): FilterCondition {
  const candidate = raw as Partial<FilterCondition> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.property !== 'string') {
    throw simError('invalidFilter', `${where}: expected {property, operator, value}`);
  }
  if (typeof candidate.operator !== 'string' || !operators.has(candidate.operator)) {
    throw simError('invalidFilter', `${where}: unknown operator ${JSON.stringify(candidate.operator)}`);
  }
  if ((candidate.operator === 'in' || candidate.operator === 'notin') && !Array.isArray(candidate.value)) {
    throw simError('invalidFilter', `${where}: operator ${candidate.operator} needs an array value`);
  }
  return { property: candidate.property, operator: candidate.operator, value: candidate.value };
}

export function matchesFilter(record: SimRecord, clauses: readonly FilterClause[]): boolean {
  return clauses.every((clause) =>
    isGroup(clause) ? clause.some((condition) => matches(record, condition)) : matches(record, clause),
  );
}

/**
 * `matchesFilter` as one predicate, with the common condition (a top-level field `=` a scalar,
 * as in "the client with this code") read directly: a lookup by code scans every client.
 */
export function compileFilter(clauses: readonly FilterClause[]): (record: SimRecord) => boolean {
  if (clauses.length === 0) return () => true;
  const tests = clauses.map((clause): ((record: SimRecord) => boolean) => {
    if (isGroup(clause)) return (record) => clause.some((condition) => matches(record, condition));
    const { property, operator, value } = clause;
    const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    if (operator !== '=' || !scalar || property.includes('.')) return (record) => matches(record, clause);
    const key = property === '_id' ? 'id' : property;
    return (record) => {
      if (!(key in record)) return false;
      const candidate = record[key];
      if (candidate === value) return true;
      return Array.isArray(candidate) ? matches(record, clause) : same(candidate, value);
    };
  });
  return tests.length === 1 ? tests[0]! : (record) => tests.every((test) => test(record));
}

function isGroup(clause: FilterClause): clause is readonly FilterCondition[] {
  return Array.isArray(clause);
}

function matches(record: SimRecord, condition: FilterCondition): boolean {
  const candidates = valuesAt(record, condition.property);
  const { operator, value } = condition;
  switch (operator) {
    case 'exists':
      return candidates.length > 0 === (value !== false && value !== 'false');
    case '!=':
      return !candidates.some((candidate) => same(candidate, value));
    case 'notin':
      return !candidates.some((candidate) => (value as unknown[]).some((item) => same(candidate, item)));
    case 'in':
      return candidates.some((candidate) => (value as unknown[]).some((item) => same(candidate, item)));
    case 'like':
      // Case-insensitive "contains" [assumed]: OZmap's docs do not define `like` further.
      return candidates.some((candidate) =>
        String(candidate ?? '')
          .toLowerCase()
          .includes(String(value ?? '').toLowerCase()),
      );
    case '=':
      return candidates.some((candidate) => same(candidate, value));
    default:
      return candidates.some((candidate) => compare(candidate, value, operator));
  }
}

/** Every value at a dotted path; `_id` is the same field as `id` (MongoDB's name for it). */
export function valuesAt(record: unknown, path: string): unknown[] {
  let current: unknown[] = [record];
  for (const rawKey of path.split('.')) {
    const key = rawKey === '_id' ? 'id' : rawKey;
    const next: unknown[] = [];
    for (const value of current) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (typeof item === 'object' && item !== null && key in item) {
          next.push((item as Record<string, unknown>)[key]);
        }
      }
    }
    current = next;
  }
  // A leaf that is an array matches on any of its elements, as in MongoDB.
  return current.flatMap((value) => (Array.isArray(value) ? [value, ...value] : [value]));
}

/** Equality with the casts a typed server applies to JSON values ("1" for 1, "true" for true). */
function same(candidate: unknown, value: unknown): boolean {
  if (candidate === value) return true;
  if (typeof candidate === 'number' && typeof value === 'string')
    return value.trim() !== '' && Number(value) === candidate;
  if (typeof candidate === 'boolean' && typeof value === 'string') return String(candidate) === value;
  if (typeof candidate === 'string' && typeof value === 'number') return candidate === String(value);
  return false;
}

function compare(candidate: unknown, value: unknown, operator: string): boolean {
  const pair = comparable(candidate, value);
  if (pair === null) return false;
  const [a, b] = pair;
  if (operator === '<') return a < b;
  if (operator === '<=') return a <= b;
  if (operator === '>') return a > b;
  return a >= b;
}

function comparable(candidate: unknown, value: unknown): [number, number] | [string, string] | null {
  if (typeof candidate === 'number') {
    const number = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(number) ? [candidate, number] : null;
  }
  if (typeof candidate === 'string' && (typeof value === 'string' || typeof value === 'number')) {
    return [candidate, String(value)];
  }
  return null;
}
