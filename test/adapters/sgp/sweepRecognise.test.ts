import { describe, expect, it } from 'vitest';
import { sweepPages, type ReadPage } from '../../../src/adapters/sgp/sweepPages.ts';
import { extractContracts } from '../../../src/adapters/sgp/extractContracts.ts';
import { contractIdentity, type RecogniseRecord } from '../../../src/domain/sgp/contractIdentity.ts';
import { normaliseContract } from '../../../src/domain/sgp/normaliseContract.ts';
import { contentHash } from '../../../src/domain/events/eventIds.ts';
import type { SgpContractRecord } from '../../../src/domain/sgp/sgpContractRecord.ts';
import { sgpClient } from './fakeSgp.ts';

const PLAN = { pageSize: 100, concurrency: 2, shortPageRereads: 2 } as const;

const serve =
  (clientes: readonly unknown[]): ReadPage =>
  async (offset, limit) => ({ clientes: clientes.slice(offset, offset + limit), total: clientes.length, limit });

/** What a log holds: the hash and snapshot of each record observed last. */
function logHolding(records: readonly SgpContractRecord[]): RecogniseRecord {
  const held = new Map(records.map((r) => [r.code, { hash: contentHash(r), snapshot: normaliseContract(r) }]));
  return {
    hashOf: (record) => contentHash(record),
    identityOf(code, hash) {
      const entry = held.get(code);
      return entry && entry.hash === hash ? contractIdentity(entry.snapshot) : undefined;
    },
  };
}

const recordsOf = (clientes: readonly Record<string, unknown>[]): SgpContractRecord[] =>
  extractContracts(clientes).records;

describe('a sweep keeps only the code of a record the log already holds (issue 18)', () => {
  it('returns recognised records as known codes and the others whole, the same contracts either way', async () => {
    const all = Array.from({ length: 250 }, (_, i) => sgpClient(i + 1));
    const before = recordsOf(all);
    // Contracts 7 and 180 changed in SGP since the log's last observation.
    all[6] = { ...sgpClient(7), nome: 'Renamed' };
    all[179] = { ...sgpClient(180), nome: 'Renamed too' };
    const plain = await sweepPages(serve(all), PLAN);
    const reduced = await sweepPages(serve(all), { ...PLAN, recognise: logHolding(before) });
    expect(plain.known).toEqual([]);
    expect(reduced.records.map((r) => r.code)).toEqual(['7', '180']);
    expect(reduced.records).toEqual(plain.records.filter((r) => r.code === '7' || r.code === '180'));
    expect(reduced.known).toHaveLength(248);
    expect(new Set([...reduced.known, ...reduced.records.map((r) => r.code)])).toEqual(
      new Set(plain.records.map((r) => r.code)),
    );
    expect(reduced.complete).toBe(true);
  });

  it('still rejects a code whose copies disagree when one copy is a known record (R8)', async () => {
    const all = Array.from({ length: 150 }, (_, i) => sgpClient(i + 1));
    const before = recordsOf(all);
    // A second client record carries contract 5 again, under another name, on the next page.
    all.push({ ...sgpClient(5), nome: 'Someone else' });
    const plain = await sweepPages(serve(all), PLAN);
    const reduced = await sweepPages(serve(all), { ...PLAN, recognise: logHolding(before) });
    const rejection = (sweep: typeof plain) => sweep.rejected.find((r) => r.contract === '5');
    expect(rejection(plain)?.problem).toContain('disagree on name');
    expect(rejection(reduced)).toEqual(rejection(plain));
    expect(reduced.known).not.toContain('5');
    expect(reduced.records.map((r) => r.code)).not.toContain('5');
  });

  it('merges agreeing copies of a known record into the later one', async () => {
    const all = Array.from({ length: 150 }, (_, i) => sgpClient(i + 1));
    const before = recordsOf(all);
    all.push(sgpClient(5));
    const reduced = await sweepPages(serve(all), { ...PLAN, recognise: logHolding(before) });
    expect(reduced.rejected).toEqual([]);
    expect(reduced.known.filter((code) => code === '5')).toHaveLength(1);
  });
});
