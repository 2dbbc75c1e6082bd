import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { openSqliteReadModels, sqliteReadModelStorage } from '../../src/adapters/readmodel/sqliteReadModels.ts';
import { normaliseContract } from '../../src/domain/sgp/normaliseContract.ts';
import { emptyContractRow, type ContractRow } from '../../src/projections/contractRow.ts';
import type { CycleRow } from '../../src/projections/cycleProjection.ts';
import type { ContractQuery, ReadModels } from '../../src/projections/readModels.ts';
import { aRecord } from '../domain/sgp/sgpRecordBuilder.ts';
import { AT } from './projectionEvents.ts';

const dbs: Database.Database[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function memoryDb(): Database.Database {
  const db = new Database(':memory:');
  dbs.push(db);
  return db;
}

function contract(code: string, name: string, overrides: Partial<ContractRow> = {}): ContractRow {
  const snapshot = normaliseContract(aRecord({ code, cliente: { nome: name, endereco: null } }));
  return { ...emptyContractRow(code), snapshot, streamRevision: 0, observedRevision: 0, ...overrides };
}

function cycle(cycleId: string, startedAt: string): CycleRow {
  return {
    cycleId,
    kind: 'sync',
    trigger: 'schedule',
    dryRun: false,
    startedAt,
    finishedAt: null,
    outcome: 'running',
    durationMs: null,
    counts: {},
    sweepComplete: null,
    ozmapComplete: null,
    error: null,
    plannedCommands: null,
  };
}

/** Every page of a listing, following cursors; the codes in order. */
function allPages(readModels: ReadModels, query: Omit<ContractQuery, 'cursor'>): string[] {
  const codes: string[] = [];
  let cursor: string | null = null;
  do {
    const page = readModels.listContracts(cursor === null ? query : { ...query, cursor });
    expect(page.items.length).toBeLessThanOrEqual(query.limit);
    codes.push(...page.items.map((row) => row.code));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return codes;
}

const created = { ozmap: { clientId: 'c', propertyId: 'p' } };

function seeded(): ReadModels {
  const readModels = openSqliteReadModels(memoryDb());
  readModels.commit(
    {
      contracts: [
        contract('10', 'João Ávila', created),
        contract('9', 'Maria da Silva', { lastSkipReason: 'box-not-found' }),
        contract('100', 'Joana Prado', { lastSkipReason: 'box-not-found' }),
        contract('2', 'Pedro Souza', { lastSkipReason: 'no-cto-in-sgp' }),
        contract('1001', 'ANTÔNIO JOÃO', { vanished: true }),
        contract('33', 'Rita', { lastRejected: { field: 'cliente.nome', problem: 'x', at: AT } }),
        contract('34', 'Rosa', { ...created, cancelledAt: AT }),
      ],
      cycles: [],
    },
    6,
  );
  return readModels;
}

describe('sqlite read models: contracts', () => {
  test('lists in code order, shorter codes first, across pages without loss or repeat', () => {
    const readModels = seeded();
    expect(allPages(readModels, { limit: 2 })).toEqual(['2', '9', '10', '33', '34', '100', '1001']);
    expect(allPages(readModels, { limit: 100 })).toEqual(['2', '9', '10', '33', '34', '100', '1001']);
  });

  test('the last page says there is no next one', () => {
    const page = seeded().listContracts({ limit: 7 });
    expect(page.items).toHaveLength(7);
    expect(page.nextCursor).toBeNull();
  });

  test('search matches a code prefix', () => {
    expect(allPages(seeded(), { search: '10', limit: 10 })).toEqual(['10', '100', '1001']);
  });

  test('search matches a name substring, ignoring case and accents', () => {
    expect(allPages(seeded(), { search: 'joao', limit: 10 })).toEqual(['10', '1001']);
    expect(allPages(seeded(), { search: '  ÁVILA ', limit: 10 })).toEqual(['10']);
    expect(allPages(seeded(), { search: 'antonio', limit: 10 })).toEqual(['1001']);
  });

  test('filters by list state and by skip reason, combined with search and pages', () => {
    const readModels = seeded();
    expect(allPages(readModels, { state: 'skipped', limit: 1 })).toEqual(['2', '9', '100']);
    expect(allPages(readModels, { state: 'created', limit: 5 })).toEqual(['10']);
    expect(allPages(readModels, { state: 'cancelled', limit: 5 })).toEqual(['34']);
    expect(allPages(readModels, { state: 'vanished', limit: 5 })).toEqual(['1001']);
    expect(allPages(readModels, { state: 'rejected', limit: 5 })).toEqual(['33']);
    expect(allPages(readModels, { skipReason: 'box-not-found', limit: 1 })).toEqual(['9', '100']);
    expect(allPages(readModels, { skipReason: 'box-not-found', search: 'jo', limit: 1 })).toEqual(['100']);
  });

  test('a cursor that was not made here is rejected', () => {
    expect(() => seeded().listContracts({ limit: 5, cursor: 'not-a-cursor' })).toThrow(RangeError);
  });

  test('skipSummary counts each reason, most frequent first, with its codes in code order', () => {
    expect(seeded().skipSummary()).toEqual([
      { reason: 'box-not-found', count: 2, codes: ['9', '100'] },
      { reason: 'no-cto-in-sgp', count: 1, codes: ['2'] },
    ]);
  });

  test('skipSummary lists at most 50 codes per reason', () => {
    const readModels = openSqliteReadModels(memoryDb());
    const rows = Array.from({ length: 60 }, (_, i) =>
      contract(String(i + 1), 'x', { lastSkipReason: 'port-occupied' }),
    );
    readModels.commit({ contracts: rows, cycles: [] }, 0);
    const [entry] = readModels.skipSummary();
    expect(entry?.count).toBe(60);
    expect(entry?.codes).toEqual(Array.from({ length: 50 }, (_, i) => String(i + 1)));
  });

  test('getContract, contracts() and contractCount read the committed rows', () => {
    const readModels = seeded();
    expect(readModels.getContract('9')?.snapshot?.name).toBe('Maria da Silva');
    expect(readModels.getContract('nope')).toBeUndefined();
    expect(readModels.contractCount()).toBe(7);
    expect([...readModels.contracts()].map((r) => r.code).sort()).toEqual(['10', '100', '1001', '2', '33', '34', '9']);
  });

  test('a later commit replaces a row, and its list state follows', () => {
    const readModels = seeded();
    readModels.commit({ contracts: [contract('9', 'Maria da Silva', created)], cycles: [] }, 7);
    expect(readModels.getContract('9')?.lastSkipReason).toBeNull();
    expect(allPages(readModels, { state: 'created', limit: 5 })).toEqual(['9', '10']);
    expect(readModels.contractCount()).toBe(7);
  });
});

describe('sqlite read models: commit, persistence, prefixes', () => {
  test('rows, cycles, guard and checkpoint survive reopening the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'readmodels-'));
    dirs.push(dir);
    const path = join(dir, 'rm.db');
    const first = new Database(path);
    const guard = { pending: null, released: [{ hash: 'h', at: AT, by: 'ana' }] };
    openSqliteReadModels(first).commit({ contracts: [contract('1', 'A')], cycles: [cycle('c1', AT)], guard }, 41);
    first.close();
    const reopened = openSqliteReadModels(memoryDbAt(path));
    expect(reopened.checkpoint()).toBe(41);
    expect(reopened.getContract('1')?.snapshot?.name).toBe('A');
    expect(reopened.cycle('c1')).toEqual(cycle('c1', AT));
    expect(reopened.guard()).toEqual(guard);
  });

  test('a fresh database has checkpoint -1, no rows and an empty guard', () => {
    const readModels = openSqliteReadModels(memoryDb());
    expect(readModels.checkpoint()).toBe(-1);
    expect(readModels.contractCount()).toBe(0);
    expect(readModels.guard()).toEqual({ pending: null, released: [] });
    expect(readModels.cycles({ limit: 5 })).toEqual({ items: [], nextCursor: null });
  });

  test('a commit that fails half-way writes nothing: rows, checkpoint and cache unchanged', () => {
    const readModels = seeded();
    const poisoned = { ...contract('77', 'Z'), lastNotes: { bad: 1n } } as unknown as ContractRow;
    expect(() => readModels.commit({ contracts: [contract('76', 'Y'), poisoned], cycles: [] }, 99)).toThrow();
    expect(readModels.checkpoint()).toBe(6);
    expect(readModels.getContract('76')).toBeUndefined();
    expect(allPages(readModels, { search: '76', limit: 5 })).toEqual([]);
  });

  test('cycles are listed newest first, page by page', () => {
    const readModels = openSqliteReadModels(memoryDb());
    const rows = ['2026-01-01', '2026-01-03', '2026-01-02', '2026-01-03'].map((day, i) =>
      cycle(`c${i}`, `${day}T00:00:00.000Z`),
    );
    readModels.commit({ contracts: [], cycles: rows }, 3);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = readModels.cycles(cursor === null ? { limit: 1 } : { limit: 1, cursor });
      ids.push(...page.items.map((c) => c.cycleId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(ids).toEqual(['c3', 'c1', 'c2', 'c0']);
  });

  test('two prefixes on one database are independent', () => {
    const db = memoryDb();
    const a = openSqliteReadModels(db, { tablePrefix: 'a_' });
    const b = openSqliteReadModels(db, { tablePrefix: 'b_' });
    a.commit({ contracts: [contract('1', 'A')], cycles: [] }, 1);
    expect(b.contractCount()).toBe(0);
    expect(b.checkpoint()).toBe(-1);
  });

  test('a prefix that is not a plain identifier is refused', () => {
    expect(() => openSqliteReadModels(memoryDb(), { tablePrefix: 'x; DROP TABLE events; --' })).toThrow(RangeError);
  });

  test('swap replaces the live tables with the fresh ones, indexes included, and can be repeated', () => {
    const db = memoryDb();
    const storage = sqliteReadModelStorage(db);
    storage.open('live_').commit({ contracts: [contract('1', 'Old')], cycles: [] }, 1);
    for (const name of ['New', 'Newer']) {
      storage.drop('fresh_');
      storage
        .open('fresh_')
        .commit(
          { contracts: [contract('1', name), contract('2', 'B', { lastSkipReason: 'box-not-found' })], cycles: [] },
          2,
        );
      storage.swap('fresh_', 'live_');
      const live = storage.open('live_');
      expect(live.getContract('1')?.snapshot?.name).toBe(name);
      expect(live.skipSummary()).toEqual([{ reason: 'box-not-found', count: 1, codes: ['2'] }]);
    }
    const names = db
      .prepare<[], string>(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all();
    expect(names.every((name) => name.startsWith('live_'))).toBe(true);
    expect(names.filter((name) => !['live_contracts', 'live_cycles', 'live_meta'].includes(name))).toHaveLength(4);
  });

  test('100,000 contracts are committed and loaded back', () => {
    const db = memoryDb();
    const template = contract('0', 'Cliente Exemplo da Silva');
    const rows = Array.from({ length: 100_000 }, (_, i) => ({ ...template, code: String(i + 1) }));
    openSqliteReadModels(db).commit({ contracts: rows, cycles: [] }, 100_000);
    const loaded = openSqliteReadModels(db);
    expect(loaded.contractCount()).toBe(100_000);
    expect(loaded.getContract('99999')?.snapshot?.name).toBe('Cliente Exemplo da Silva');
    expect(loaded.listContracts({ search: '99999', limit: 5 }).items.map((r) => r.code)).toEqual(['99999']);
  });
});

function memoryDbAt(path: string): Database.Database {
  const db = new Database(path);
  dbs.push(db);
  return db;
}
