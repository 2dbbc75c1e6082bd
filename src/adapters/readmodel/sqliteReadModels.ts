import type Database from 'better-sqlite3';
import { contractListState, type ContractRow } from '../../projections/contractRow.ts';
import { emptyGuardState, type CycleRow, type GuardState } from '../../projections/cycleProjection.ts';
import { foldSearchText } from '../../projections/foldSearchText.ts';
import type {
  ContractQuery,
  OpenReadModelsOptions,
  Page,
  ReadModelBatch,
  ReadModelStorage,
  ReadModels,
  SkipSummaryEntry,
} from '../../projections/readModels.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

/** The table prefix of the live read models when none is given. */
export const DEFAULT_READMODEL_PREFIX = 'rm_';

// The prefix is spliced into SQL: only a plain identifier is accepted.
const PREFIX = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SKIP_SUMMARY_CODES = 50;

function checkPrefix(prefix: string): string {
  if (!PREFIX.test(prefix))
    throw new RangeError(`read model table prefix "${prefix}" must be letters, digits and underscores`);
  return prefix;
}

function ensureTables(db: Database.Database, p: string, indexes = true): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${p}contracts (code TEXT PRIMARY KEY, skip_reason TEXT, state TEXT NOT NULL, name_folded TEXT NOT NULL, json TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS ${p}cycles (cycle_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, json TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS ${p}meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `);
  if (indexes) ensureIndexes(db, p);
}

// Index names carry the prefix, so a swap must rename them too (see `swap`). Each filter's
// index is in list order (length(code), code), so a page is read without sorting the table.
const INDEXES = ['contracts_skip_reason', 'contracts_state', 'contracts_order', 'cycles_started'] as const;

function ensureIndexes(db: Database.Database, p: string): void {
  db.exec(`
    CREATE INDEX IF NOT EXISTS ${p}contracts_skip_reason ON ${p}contracts (skip_reason, length(code), code);
    CREATE INDEX IF NOT EXISTS ${p}contracts_state ON ${p}contracts (state, length(code), code);
    CREATE INDEX IF NOT EXISTS ${p}contracts_order ON ${p}contracts (length(code), code);
    CREATE INDEX IF NOT EXISTS ${p}cycles_started ON ${p}cycles (started_at, cycle_id);
  `);
}

function prepareStatements(db: Database.Database, p: string) {
  return {
    allContracts: db.prepare<[], string>(`SELECT json FROM ${p}contracts`).pluck(),
    upsertContract: db.prepare<[string, string | null, string, string, string]>(
      `INSERT INTO ${p}contracts (code, skip_reason, state, name_folded, json) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (code) DO UPDATE SET skip_reason = excluded.skip_reason, state = excluded.state, name_folded = excluded.name_folded, json = excluded.json`,
    ),
    upsertCycle: db.prepare<[string, string, string]>(
      `INSERT INTO ${p}cycles (cycle_id, started_at, json) VALUES (?, ?, ?)
       ON CONFLICT (cycle_id) DO UPDATE SET started_at = excluded.started_at, json = excluded.json`,
    ),
    cycle: db.prepare<[string], string>(`SELECT json FROM ${p}cycles WHERE cycle_id = ?`).pluck(),
    cyclesFirst: db
      .prepare<[number], string>(`SELECT json FROM ${p}cycles ORDER BY started_at DESC, cycle_id DESC LIMIT ?`)
      .pluck(),
    cyclesAfter: db
      .prepare<[string, string, number], string>(
        `SELECT json FROM ${p}cycles WHERE (started_at, cycle_id) < (?, ?) ORDER BY started_at DESC, cycle_id DESC LIMIT ?`,
      )
      .pluck(),
    skipCounts: db.prepare<[], { reason: string; count: number }>(
      `SELECT skip_reason AS reason, count(*) AS count FROM ${p}contracts WHERE skip_reason IS NOT NULL GROUP BY skip_reason ORDER BY count DESC, reason`,
    ),
    skipCodes: db
      .prepare<[string, number], string>(
        `SELECT code FROM ${p}contracts WHERE skip_reason = ? ORDER BY length(code), code LIMIT ?`,
      )
      .pluck(),
    getMeta: db.prepare<[string], string>(`SELECT value FROM ${p}meta WHERE key = ?`).pluck(),
    setMeta: db.prepare<[string, string]>(
      `INSERT INTO ${p}meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/** The WHERE clause and parameters of a contract listing; code order, keyset-paginated. */
function contractListSql(p: string, query: ContractQuery): { sql: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: pageLimit(query.limit) + 1 };
  const search = foldSearchText(query.search ?? '');
  if (search !== '') {
    // A code is matched by prefix, a name anywhere; both folded the same way.
    where.push('(instr(lower(code), @search) = 1 OR instr(name_folded, @search) > 0)');
    params['search'] = search;
  }
  if (query.skipReason !== undefined) {
    where.push('skip_reason = @skipReason');
    params['skipReason'] = query.skipReason;
  }
  if (query.state !== undefined) {
    where.push('state = @state');
    params['state'] = query.state;
  }
  if (query.cursor !== undefined) {
    where.push('(length(code), code) > (length(@after), @after)');
    params['after'] = decodeCursor(query.cursor, 1)[0];
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return { sql: `SELECT code FROM ${p}contracts ${clause} ORDER BY length(code), code LIMIT @limit`, params };
}

function pageLimit(limit: number): number {
  return Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : 1;
}

/** Fetches one more row than asked: its presence says whether there is a next page. */
function toPage<T>(rows: T[], limit: number, cursorOf: (last: T) => string): Page<T> {
  const size = pageLimit(limit);
  const items = rows.slice(0, size);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > size && last !== undefined ? cursorOf(last) : null };
}

function loadContracts(statements: Statements): Map<string, ContractRow> {
  const cache = new Map<string, ContractRow>();
  for (const json of statements.allContracts.all()) {
    const row = JSON.parse(json) as ContractRow;
    cache.set(row.code, row);
  }
  return cache;
}

/**
 * Read models as JSON rows in SQLite tables named `<prefix>contracts`, `<prefix>cycles` and
 * `<prefix>meta`, on any database: the sqlite event store's own (so a batch and its
 * checkpoint commit with the events' file), a READMODEL_PATH file, or `:memory:`.
 *
 * Every contract is also kept in memory, loaded once here: the reconciler reads them all
 * every cycle. The cache assumes this instance is the only writer of its tables; after a
 * `swap` onto its prefix, open a new instance.
 */
export function openSqliteReadModels(
  db: Database.Database,
  options: { readonly tablePrefix?: string } & OpenReadModelsOptions = {},
): ReadModels {
  const p = checkPrefix(options.tablePrefix ?? DEFAULT_READMODEL_PREFIX);
  ensureTables(db, p, options.rebuild !== true);
  const statements = prepareStatements(db, p);
  const listStatements = new Map<string, Database.Statement<[Record<string, unknown>], string>>();
  const cache = options.rows ? new Map([...options.rows].map((row) => [row.code, row])) : loadContracts(statements);
  let checkpoint = Number(statements.getMeta.get('checkpoint') ?? -1);
  const storedGuard = statements.getMeta.get('guard');
  let guard: GuardState = storedGuard === undefined ? emptyGuardState() : (JSON.parse(storedGuard) as GuardState);

  const write = db.transaction((batch: ReadModelBatch, position: number) => {
    for (const row of batch.contracts) {
      const name = foldSearchText(row.snapshot?.name ?? '');
      statements.upsertContract.run(row.code, row.lastSkipReason, contractListState(row), name, JSON.stringify(row));
    }
    for (const row of batch.cycles) statements.upsertCycle.run(row.cycleId, row.startedAt, JSON.stringify(row));
    if (batch.guard !== undefined) statements.setMeta.run('guard', JSON.stringify(batch.guard));
    statements.setMeta.run('checkpoint', String(position));
  });

  function listContracts(query: ContractQuery): Page<ContractRow> {
    const { sql, params } = contractListSql(p, query);
    let statement = listStatements.get(sql);
    if (!statement) {
      statement = db.prepare<[Record<string, unknown>], string>(sql).pluck();
      listStatements.set(sql, statement);
    }
    const rows = statement.all(params).flatMap((code) => cache.get(code) ?? []);
    return toPage(rows, query.limit, (last) => encodeCursor([last.code]));
  }

  function cycles(query: { readonly limit: number; readonly cursor?: string }): Page<CycleRow> {
    const limit = pageLimit(query.limit) + 1;
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, 2);
    const json =
      after === null ? statements.cyclesFirst.all(limit) : statements.cyclesAfter.all(after[0]!, after[1]!, limit);
    const rows = json.map((text) => JSON.parse(text) as CycleRow);
    return toPage(rows, query.limit, (last) => encodeCursor([last.startedAt, last.cycleId]));
  }

  function skipSummary(): SkipSummaryEntry[] {
    return statements.skipCounts
      .all()
      .map(({ reason, count }) => ({ reason, count, codes: statements.skipCodes.all(reason, SKIP_SUMMARY_CODES) }));
  }

  return {
    checkpoint: () => checkpoint,
    getContract: (code) => cache.get(code),
    contracts: () => cache.values(),
    contractCount: () => cache.size,
    listContracts,
    cycles,
    cycle: (cycleId) => {
      const json = statements.cycle.get(cycleId);
      return json === undefined ? undefined : (JSON.parse(json) as CycleRow);
    },
    guard: () => guard,
    skipSummary,
    commit: (batch, position) => {
      write(batch, position);
      // Only after the transaction committed: a failed commit leaves the cache as the tables.
      for (const row of batch.contracts) cache.set(row.code, row);
      if (batch.guard !== undefined) guard = batch.guard;
      checkpoint = position;
    },
  };
}

/** Read models by prefix on one database, for replays (build beside, then swap in). */
export function sqliteReadModelStorage(db: Database.Database): ReadModelStorage {
  const drop = (prefix: string): void => {
    const p = checkPrefix(prefix);
    db.exec(`DROP TABLE IF EXISTS ${p}contracts; DROP TABLE IF EXISTS ${p}cycles; DROP TABLE IF EXISTS ${p}meta;`);
  };
  const swap = db.transaction((from: string, to: string) => {
    const f = checkPrefix(from);
    const t = checkPrefix(to);
    drop(t);
    for (const table of ['contracts', 'cycles', 'meta']) db.exec(`ALTER TABLE ${f}${table} RENAME TO ${t}${table}`);
    // Renamed tables keep their indexes' names; give them the live names.
    for (const index of INDEXES) db.exec(`DROP INDEX IF EXISTS ${f}${index}`);
    ensureIndexes(db, t);
  });
  // Compared by SQLite as texts: a replay rebuilds every row, and equal texts are equal rows
  // (without making a JS string of either); only the rest is compared as objects.
  const differingContracts = (a: string, b: string): string[] => {
    const x = checkPrefix(a);
    const y = checkPrefix(b);
    return db
      .prepare<[], string>(
        `SELECT code FROM ${x}contracts AS l WHERE NOT EXISTS (SELECT 1 FROM ${y}contracts AS r WHERE r.code = l.code AND r.json = l.json)
         UNION ALL SELECT code FROM ${y}contracts AS r WHERE NOT EXISTS (SELECT 1 FROM ${x}contracts AS l WHERE l.code = r.code)`,
      )
      .pluck()
      .all();
  };
  return {
    open: (prefix, options = {}) => openSqliteReadModels(db, { ...options, tablePrefix: prefix }),
    drop,
    swap: (from, to) => swap(from, to),
    differingContracts,
  };
}
