import type { AllFilter } from '../../../domain/eventStore.ts';

export type SqlFilter = { readonly where: string; readonly params: readonly unknown[] } | 'nothing';

// Beyond this many prefixes or types the SQL gets long; matchesFilter alone is then used.
const MAX_SQL_FILTER_TERMS = 64;
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The part of `filter` SQLite can apply while scanning by position. It may let more rows through
 * than `matchesFilter` (which always has the last word) but never fewer.
 */
export function toSqlFilter(filter: AllFilter | undefined): SqlFilter {
  let where = '';
  const params: unknown[] = [];
  const types = filter?.types;
  if (types) {
    if (types.length === 0) return 'nothing';
    if (types.length <= MAX_SQL_FILTER_TERMS) {
      where += ` AND type IN (${types.map(() => '?').join(', ')})`;
      params.push(...types);
    }
  }
  const prefixes = filter?.streamPrefixes;
  if (prefixes) {
    if (prefixes.length === 0) return 'nothing';
    // A prefix with a lone surrogate has no exact UTF-8 form to compare with; '' matches all.
    const usable =
      prefixes.length <= MAX_SQL_FILTER_TERMS && prefixes.every((p) => p.length > 0 && !LONE_SURROGATE.test(p));
    if (usable) {
      // substr counts characters (code points) on TEXT, so each prefix is compared exactly.
      where += ` AND (${prefixes.map(() => 'substr(stream_id, 1, ?) = ?').join(' OR ')})`;
      for (const p of prefixes) params.push([...p].length, p);
    }
  }
  return { where, params };
}
