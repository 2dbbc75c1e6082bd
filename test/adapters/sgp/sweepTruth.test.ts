import { describe, expect, it } from 'vitest';
import { sweepPages, type ReadPage } from '../../../src/adapters/sgp/sweepPages.ts';
import type { ClientesPage } from '../../../src/adapters/sgp/parseSgpBody.ts';
import { sgpClient } from './fakeSgp.ts';

const PLAN = { pageSize: 100, concurrency: 2, shortPageRereads: 2 } as const;

/** A listing served page by page; `answer` may replace one read's page. */
function serve(
  clientes: readonly unknown[],
  answer?: (offset: number, read: number, limit: number) => ClientesPage | undefined,
): ReadPage {
  const reads = new Map<number, number>();
  return async (offset, limit) => {
    const read = (reads.get(offset) ?? 0) + 1;
    reads.set(offset, read);
    return (
      answer?.(offset, read, limit) ?? {
        clientes: clientes.slice(offset, offset + limit),
        total: clientes.length,
        limit,
      }
    );
  };
}

const listing = (n: number): Record<string, unknown>[] => Array.from({ length: n }, (_, i) => sgpClient(i + 1));

describe('R1.6 a sweep is complete only when it holds what SGP said it holds (issue 11, build 4)', () => {
  it("an empty page before SGP's total makes the sweep incomplete", async () => {
    const all = listing(250);
    const sweep = await sweepPages(
      serve(all, (offset) => (offset === 100 ? { clientes: [], total: 250, limit: 100 } : undefined)),
      PLAN,
    );
    expect(sweep.complete).toBe(false);
  });

  it('a page still short after its re-reads makes the sweep incomplete', async () => {
    const all = listing(250);
    const sweep = await sweepPages(
      serve(all, (offset) => (offset === 100 ? { clientes: all.slice(100, 160), total: 250, limit: 100 } : undefined)),
      PLAN,
    );
    expect(sweep.complete).toBe(false);
  });

  it('client records read far from the total re-read at the end make the sweep incomplete', async () => {
    // SGP answers every page in full for 250 clients, then says it holds 400.
    let ended = false;
    const all = listing(250);
    const read = serve(all, (offset, _n, limit) => {
      if (offset === 200) ended = true;
      return offset === 0 && ended ? { clientes: all.slice(0, limit), total: 400, limit } : undefined;
    });
    const sweep = await sweepPages(read, { ...PLAN, concurrency: 1 });
    expect(sweep.complete).toBe(false);
  });

  it('a listing that moved by a record or two while it was read is still complete', async () => {
    let ended = false;
    const all = listing(250);
    const read = serve(all, (offset, _n, limit) => {
      if (offset === 200) ended = true;
      return offset === 0 && ended ? { clientes: all.slice(0, limit), total: 251, limit } : undefined;
    });
    const sweep = await sweepPages(read, { ...PLAN, concurrency: 1 });
    expect(sweep.complete).toBe(true);
  });
});

describe('R8 one contract code in several SGP records (issue 11, behaviour 3)', () => {
  it('copies that disagree on the name are rejected as a whole, naming the code and where each record was', async () => {
    const all = listing(5);
    all.push({ ...sgpClient(2), nome: 'Outra Pessoa' });
    const sweep = await sweepPages(serve(all), PLAN);
    expect(sweep.records.map((r) => r.code)).not.toContain('2');
    const duplicate = sweep.rejected.filter((r) => r.contract === '2');
    expect(duplicate).toHaveLength(1);
    expect(duplicate[0]?.field).toBe('contrato');
    expect(duplicate[0]?.problem).toMatch(/position 1\b.*position 5\b/);
  });

  it('identical copies (a record that shifted between pages) are one record, the later read winning for RX', async () => {
    const all = listing(5);
    const later = sgpClient(3);
    const onu = (
      (later['contratos'] as Record<string, unknown>[])[0]?.['servicos'] as Record<string, Record<string, unknown>>[]
    )[0]?.['onu'] as Record<string, unknown>;
    onu['rx'] = '-19.10';
    all.push(later);
    const sweep = await sweepPages(serve(all), PLAN);
    expect(sweep.rejected).toEqual([]);
    const three = sweep.records.filter((r) => r.code === '3');
    expect(three).toHaveLength(1);
    expect(three[0]?.servicos[0]?.onu?.rx).toBe('-19.10');
  });
});
