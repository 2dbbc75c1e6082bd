import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_MEMO_FORMAT, type PageMemo } from '../../../src/adapters/sgp/pageMemo.ts';
import { sqlitePageMemo } from '../../../src/adapters/sgp/sqlitePageMemo.ts';
import { extractContracts } from '../../../src/adapters/sgp/extractContracts.ts';
import { contractIdentity, type RecogniseRecord } from '../../../src/domain/sgp/contractIdentity.ts';
import { normaliseContract } from '../../../src/domain/sgp/normaliseContract.ts';
import { contentHash } from '../../../src/domain/events/eventIds.ts';
import type { SgpContractRecord } from '../../../src/domain/sgp/sgpContractRecord.ts';
import { listing, sgpClient, startFakeSgp, type FakeSgp } from './fakeSgp.ts';
import { sgpClientFor } from './sgpHarness.ts';

const HOUR = 3_600_000;
let sgp: FakeSgp | undefined;
afterEach(async () => {
  await sgp?.close();
  sgp = undefined;
});

/** A log holding `records` as their contracts' last observations; counts the records it hashes (the records parsed). */
function logHolding(records: readonly SgpContractRecord[]): RecogniseRecord & { hashed: number } {
  const held = new Map(records.map((r) => [r.code, { hash: contentHash(r), snapshot: normaliseContract(r) }]));
  const log = {
    hashed: 0,
    hashOf(record: SgpContractRecord) {
      log.hashed += 1;
      return contentHash(record);
    },
    identityOf(code: string, hash: string) {
      const entry = held.get(code);
      return entry && entry.hash === hash ? contractIdentity(entry.snapshot) : undefined;
    },
  };
  return log;
}

/** A memo that counts what it is asked. */
function counted(memo: PageMemo): PageMemo & { recalls: number } {
  const wrapped = {
    recalls: 0,
    recall: (...args: Parameters<PageMemo['recall']>) => {
      wrapped.recalls += 1;
      return memo.recall(...args);
    },
    remember: (...args: Parameters<PageMemo['remember']>) => memo.remember(...args),
  };
  return wrapped;
}

async function setUp(clientes: Array<Record<string, unknown>>, maxAgeMs = HOUR) {
  sgp = await startFakeSgp({ clientes });
  const clock = { now: Date.parse('2026-12-08T02:00:00Z') };
  const memo = counted(sqlitePageMemo(new Database(':memory:'), maxAgeMs));
  const { client } = sgpClientFor(sgp.url, { client: { memo, now: () => clock.now } });
  return { client, memo, clock };
}

const summary = (sweep: Awaited<ReturnType<Awaited<ReturnType<typeof setUp>>['client']['sweepContracts']>>) => ({
  records: sweep.records,
  known: [...sweep.known].sort(),
  rejected: sweep.rejected,
  complete: sweep.complete,
  total: sweep.total,
  clientsRead: sweep.clientsRead,
});

describe('SGP pages whose bytes did not change are not parsed again (issue 18, PageMemo)', () => {
  it('recalls every page of a second sweep over the same bytes, and the sweep is the same', async () => {
    const clientes = listing(250);
    const { client } = await setUp(clientes);
    const log = logHolding(extractContracts(clientes).records);
    const first = await client.sweepContracts({ recognise: log });
    expect(log.hashed).toBe(250);
    expect(first.known).toHaveLength(250);
    log.hashed = 0;
    const second = await client.sweepContracts({ recognise: log });
    expect(log.hashed).toBe(0);
    expect(summary(second)).toEqual(summary(first));
    expect([first.pagesRecalled, second.pagesRecalled]).toEqual([0, 3]);
  });

  it('parses the page that changed, and only it', async () => {
    const clientes = listing(250);
    const { client } = await setUp(clientes);
    const log = logHolding(extractContracts(clientes).records);
    await client.sweepContracts({ recognise: log });
    clientes[149] = { ...sgpClient(150), nome: 'Renamed' };
    log.hashed = 0;
    const second = await client.sweepContracts({ recognise: log });
    expect(log.hashed).toBe(100); // the page at offset 100
    expect(second.records.map((r) => r.code)).toEqual(['150']);
    expect(second.records[0]?.cliente.nome).toBe('Renamed');
    expect(second.known).toHaveLength(249);
  });

  it('parses a page again when a record on it is no longer its log last observation', async () => {
    const clientes = listing(150);
    const { client } = await setUp(clientes);
    const records = extractContracts(clientes).records;
    await client.sweepContracts({ recognise: logHolding(records) });
    // The log observed contract 120 otherwise since (another record, then this one back in SGP).
    const moved = records.map((r) => (r.code === '120' ? { ...r, status: 'Suspenso' } : r));
    const log = logHolding(moved);
    const second = await client.sweepContracts({ recognise: log });
    expect(log.hashed).toBe(50);
    expect(second.records.map((r) => r.code)).toEqual(['120']);
    expect(second.records[0]?.status).toBe('Ativo');
  });

  it('reports the rejections of a recalled page as parsing it did', async () => {
    const clientes = listing(120);
    clientes[4] = sgpClient(5, { status: { nested: true } });
    const { client } = await setUp(clientes);
    const log = logHolding(extractContracts(clientes).records);
    const first = await client.sweepContracts({ recognise: log });
    expect(first.rejected.map((r) => [r.contract, r.field])).toEqual([['5', 'contratos[0].status']]);
    log.hashed = 0;
    const second = await client.sweepContracts({ recognise: log });
    expect(log.hashed).toBe(0);
    expect(summary(second)).toEqual(summary(first));
  });

  it('parses a page remembered longer ago than the memo allows, then remembers it again', async () => {
    const clientes = listing(150);
    const { client, clock } = await setUp(clientes);
    const log = logHolding(extractContracts(clientes).records);
    await client.sweepContracts({ recognise: log });
    clock.now += HOUR;
    log.hashed = 0;
    await client.sweepContracts({ recognise: log });
    expect(log.hashed).toBe(150);
    clock.now += 1_000;
    log.hashed = 0;
    await client.sweepContracts({ recognise: log });
    expect(log.hashed).toBe(0);
  });

  it('keeps nothing with a max age of 0', async () => {
    const clientes = listing(150);
    const { client } = await setUp(clientes, 0);
    const log = logHolding(extractContracts(clientes).records);
    await client.sweepContracts({ recognise: log });
    log.hashed = 0;
    await client.sweepContracts({ recognise: log });
    expect(log.hashed).toBe(150);
  });

  it('is not asked by a sweep of one contract, nor by a sweep that recognises nothing', async () => {
    const clientes = listing(150);
    const { client, memo } = await setUp(clientes);
    const log = logHolding(extractContracts(clientes).records);
    await client.sweepContracts({ recognise: log, contrato: '5' });
    await client.sweepContracts();
    expect(memo.recalls).toBe(0);
    const whole = await client.sweepContracts({ recognise: log });
    expect(memo.recalls).toBeGreaterThan(0);
    expect(whole.known).toHaveLength(150);
  });

  it('reads a damaged memo row as none', async () => {
    const db = new Database(':memory:');
    const memo = sqlitePageMemo(db, HOUR);
    const page = { count: 1, total: 1, limit: 100, located: [], rejected: [] };
    memo.remember(0, 100, 'h', page, 1_000);
    expect(memo.recall(0, 100, 'h', 2_000)).toEqual(page);
    db.prepare('UPDATE sgp_page_memo SET page = \'{"count":1}\'').run();
    expect(memo.recall(0, 100, 'h', 2_000)).toBeUndefined();
    db.prepare("UPDATE sgp_page_memo SET page = 'not json'").run();
    expect(memo.recall(0, 100, 'h', 2_000)).toBeUndefined();
  });
});

describe('PAGE_MEMO_FORMAT follows the code that extracts a page', () => {
  // What a page's bytes extract to is decided by these files: when they change, pages remembered
  // by the old code must not stand for the new code's parse. Bump PAGE_MEMO_FORMAT in
  // src/adapters/sgp/pageMemo.ts, then copy the new hash here.
  const SOURCES = [
    'src/adapters/sgp/extractContracts.ts',
    'src/adapters/sgp/readSgpFields.ts',
    'src/adapters/sgp/parseSgpBody.ts',
    'src/domain/sgp/sgpContractRecord.ts',
    'src/domain/events/eventIds.ts',
  ];
  const RECORDED = { format: 'extract-1', sources: '00c81fc0228b934e' };

  it('was bumped when the extraction sources last changed', () => {
    const hash = createHash('sha256');
    for (const file of SOURCES) hash.update(readFileSync(new URL(`../../../${file}`, import.meta.url)));
    const sources = hash.digest('hex').slice(0, 16);
    expect({ format: PAGE_MEMO_FORMAT, sources }).toEqual(RECORDED);
  });
});
