import { afterEach, describe, expect, it } from 'vitest';
import type { FakeSgp, FakeSgpOptions } from './fakeSgp.ts';
import { APP, listing, sgpClient, startFakeSgp, TOKEN } from './fakeSgp.ts';
import { sgpClientFor } from './sgpHarness.ts';

let sgp: FakeSgp | undefined;
afterEach(async () => {
  await sgp?.close();
  sgp = undefined;
});

async function fake(options: FakeSgpOptions): Promise<FakeSgp> {
  sgp = await startFakeSgp(options);
  return sgp;
}

const codes = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

describe('SGP client: paging (R1.1, SGP-API.md "Paging")', () => {
  it('reads 250 contracts in 3 pages, the two after the first in parallel', async () => {
    const server = await fake({ clientes: listing(250), delayMs: 40 });
    const progress: Array<[number, number]> = [];
    const { client } = sgpClientFor(server.url);
    const sweep = await client.sweepContracts({ onProgress: (read, total) => progress.push([read, total]) });
    expect(sweep).toMatchObject({ complete: true, failures: [], total: 250, rejected: [] });
    expect(sweep.records.map((r) => r.code)).toEqual(codes(1, 250));
    // The pages, then SGP's total re-read at the end (R1.6).
    expect([...server.offsets].sort((a, b) => a - b)).toEqual([0, 0, 100, 200]);
    expect(server.maxInFlight).toBe(2);
    expect(progress[0]).toEqual([100, 250]);
    expect(progress.at(-1)).toEqual([250, 250]);
    expect(server.requests[0]?.body).toEqual({
      token: TOKEN,
      app: APP,
      offset: 0,
      limit: 100,
      exibir_conexao: 1,
      omitir_titulos: 1,
    });
  });

  it('keeps at most `concurrency` pages in flight', async () => {
    const server = await fake({ clientes: listing(1_000), delayMs: 20 });
    const { client } = sgpClientFor(server.url, { client: { concurrency: 3 } });
    const sweep = await client.sweepContracts();
    expect(sweep.records).toHaveLength(1_000);
    expect(server.maxInFlight).toBe(3);
  });

  it('re-reads a page that comes back short and keeps the full read', async () => {
    const all = listing(250);
    const server = await fake({
      clientes: all,
      fault: ({ offset, readOfOffset, reply }) =>
        offset === 100 && readOfOffset === 1
          ? reply.send({ paginacao: { total: 250 }, clientes: all.slice(100, 160) })
          : undefined,
    });
    const sweep = await sgpClientFor(server.url).client.sweepContracts();
    expect(sweep.records.map((r) => r.code)).toEqual(codes(1, 250));
    expect(server.offsets.filter((o) => o === 100)).toHaveLength(2);
    expect(sweep.complete).toBe(true);
  });

  it('R1.6 a page still short after two re-reads leaves the sweep incomplete (issue 11: it held less than SGP said)', async () => {
    const all = listing(250);
    const server = await fake({
      clientes: all,
      fault: ({ offset, reply }) =>
        offset === 100 ? reply.send({ paginacao: { total: 250 }, clientes: all.slice(100, 160) }) : undefined,
    });
    const sweep = await sgpClientFor(server.url).client.sweepContracts();
    expect(server.offsets.filter((o) => o === 100)).toHaveLength(3);
    expect(sweep.records.map((r) => r.code)).toEqual([...codes(1, 160), ...codes(201, 250)]);
    expect(sweep.complete).toBe(false);
    expect(sweep.gaps).toContainEqual(expect.stringContaining('offset 100 held 60 clients'));
  });

  it('does not re-read a last page that is short because the listing ends there', async () => {
    const server = await fake({ clientes: listing(250) });
    await sgpClientFor(server.url).client.sweepContracts();
    expect(server.offsets.filter((o) => o === 200)).toHaveLength(1);
  });

  it('de-duplicates a contract that shifted onto two pages, keeping the first page order', async () => {
    const all = listing(250);
    const server = await fake({
      clientes: all,
      // A client before offset 100 was removed mid-sweep: page 2 now starts one record earlier.
      fault: ({ offset, reply }) =>
        offset === 100 ? reply.send({ paginacao: { total: 250 }, clientes: all.slice(99, 199) }) : undefined,
    });
    const sweep = await sgpClientFor(server.url).client.sweepContracts();
    const seen = sweep.records.map((r) => r.code);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...codes(1, 199), ...codes(201, 250)]);
  });

  it('follows a smaller page size when SGP returns fewer clients than asked', async () => {
    const server = await fake({ clientes: listing(230), maxLimit: 50 });
    const sweep = await sgpClientFor(server.url).client.sweepContracts();
    expect(sweep.records.map((r) => r.code)).toEqual(codes(1, 230));
    expect(sweep.complete).toBe(true);
    expect([...server.offsets].sort((a, b) => a - b)).toEqual([0, 0, 50, 100, 150, 200]);
  });

  it('adopts the size of a first page that stays short while total says more (a silent cap)', async () => {
    const all = listing(120);
    const server = await fake({
      clientes: all,
      fault: ({ offset, reply }) => reply.send({ paginacao: { total: 120 }, clientes: all.slice(offset, offset + 30) }),
    });
    const sweep = await sgpClientFor(server.url).client.sweepContracts();
    expect(sweep.records.map((r) => r.code)).toEqual(codes(1, 120));
    expect(server.offsets.slice(0, 3)).toEqual([0, 0, 0]); // read, then re-read twice
    expect(server.offsets.slice(3).sort((a, b) => a - b)).toEqual([0, 30, 60, 90]); // 0: the total re-read
  });

  it('pages on until a short page when SGP sends no paginacao', async () => {
    const server = await fake({ clientes: listing(230), noPaginacao: true });
    const sweep = await sgpClientFor(server.url).client.sweepContracts();
    expect(sweep.records).toHaveLength(230);
    expect(sweep).toMatchObject({ complete: true, total: null });
    expect(server.offsets).toEqual([0, 100, 200]);
  });

  it('reads the pages the listing grew by during the sweep', async () => {
    const all = listing(260);
    const server = await fake({
      clientes: all,
      fault: ({ offset, limit, reply }) =>
        offset === 0 && limit > 1
          ? reply.send({ paginacao: { total: 150 }, clientes: all.slice(0, limit) })
          : undefined,
    });
    const sweep = await sgpClientFor(server.url).client.sweepContracts();
    expect(sweep.records).toHaveLength(260);
    expect(sweep.total).toBe(260);
  });

  it('reads one contract with the contrato filter, one record per contract of a client', async () => {
    const client = sgpClient(42);
    const contratos = client['contratos'] as Array<Record<string, unknown>>;
    contratos.push({ ...contratos[0], contrato: 43 });
    const server = await fake({ clientes: [client] });
    const sweep = await sgpClientFor(server.url).client.sweepContracts({ contrato: '43' });
    expect(sweep.records.map((r) => r.code)).toEqual(['43']);
    expect(server.requests[0]?.body).toMatchObject({ contrato: '43' });
  });

  it('sends HTTP Basic instead of token and app when configured with a user', async () => {
    const server = await fake({ clientes: listing(3) });
    const sweep = await sgpClientFor(server.url, { auth: { user: 'admin', password: 'pa55' } }).client.sweepContracts();
    expect(sweep.records).toHaveLength(3);
    expect(server.requests[0]?.body).not.toHaveProperty('token');
    expect(server.requests[0]?.headers['authorization']).toMatch(/^Basic /);
  });

  it('rejects with the abort reason when the caller aborts', async () => {
    const server = await fake({ clientes: listing(250), delayMs: 50 });
    const controller = new AbortController();
    const pending = sgpClientFor(server.url).client.sweepContracts({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cycle cancelled')), 10);
    await expect(pending).rejects.toThrow('cycle cancelled');
  });
});
