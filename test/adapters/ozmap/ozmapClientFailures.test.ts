import { describe, expect, it } from 'vitest';
import { createOzmapClient } from '../../../src/adapters/ozmap/createOzmapClient.ts';
import { ozmapAssumptions } from '../../../src/adapters/ozmap/ozmapAssumptions.ts';
import { OzmapReadError, OzmapRecordInvalidError } from '../../../src/adapters/ozmap/ozmapRecordError.ts';
import type { HttpTransport, UpstreamRequest } from '../../../src/adapters/upstream/httpTransport.ts';
import { UpstreamError } from '../../../src/adapters/upstream/upstreamError.ts';
import { clientTestNetwork, startHarness } from './ozmapClientTestKit.ts';

const clientsRoute = '/api/v2/ftth-clients';

/** Fails the `sequence`-th list requests (1-based, in arrival order) with `fault`. */
function faultRule(fault: unknown, sequence: number[]) {
  return { match: { method: 'GET', route: clientsRoute }, fault, when: 'before', sequence };
}

describe('OZmap client: failures while reading', () => {
  it.each(ozmapAssumptions.throttledStatuses)(
    'rides out a throttled (%i) and a garbled (HTML 200) page through the transport retries',
    async (status) => {
      const { client, sim } = await startHarness({ fixture: clientTestNetwork(12), pageSize: 5 });
      await sim('POST', '/__sim/faults', {
        rules: [faultRule({ kind: 'html200' }, [1]), faultRule({ kind: 'status', status, retryAfter: 0 }, [2])],
      });
      const result = await client.readAll('ftthClients');
      expect(result).toMatchObject({ complete: true, failures: [] });
      expect(result.items).toHaveLength(12);
      // Three pages, two of them sent twice.
      const counters = (await sim('GET', '/__sim/counters')) as { counts: Record<string, number> };
      expect(counters.counts[`GET ${clientsRoute}`]).toBe(5);
    },
  );

  it('reports a page that keeps failing and keeps the records of the other pages', async () => {
    const { client, sim } = await startHarness({ fixture: clientTestNetwork(12), pageSize: 5, maxAttempts: 2 });
    // Requests 1-3 are pages 1-3 in some order; every later one (the retries) fails too.
    await sim('POST', '/__sim/faults', { rules: [faultRule({ kind: 'status', status: 500 }, [3, 4, 5, 6])] });
    const result = await client.readAll('ftthClients');
    expect(result.complete).toBe(false);
    expect(result.failures).toEqual([expect.objectContaining({ code: 'UPSTREAM_SERVER_ERROR' })]);
    expect(result.items.length).toBeGreaterThanOrEqual(2);
    expect(result.items.length).toBeLessThan(12);
  });

  it('makes a lookup throw rather than answer "none" when its read fails', async () => {
    const { client, sim } = await startHarness({ fixture: clientTestNetwork(2), maxAttempts: 1 });
    await sim('POST', '/__sim/faults', {
      rules: [{ match: { route: clientsRoute }, fault: { kind: 'status', status: 502 }, when: 'before' }],
    });
    const error = await client.findClientByCode('5000').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OzmapReadError);
    expect((error as OzmapReadError).code).toBe('OZMAP_READ_INCOMPLETE');
  });

  it('makes a lookup by code throw rather than answer "none" when the client it found cannot be read (R8, decision 0004)', async () => {
    const { client, sim } = await startHarness({ fixture: clientTestNetwork(2) });
    await sim('PATCH', '/__sim/objects/ftthClients/c00000000000000000000000', { status: 'BROKEN' });
    const error = await client.findClientByCode('5000').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OzmapRecordInvalidError);
    expect((error as Error).message).toBe(
      'OZmap ftthClients record c00000000000000000000000: field status: is not 0, 1, "OK" or "ERROR"',
    );
  });

  it('keeps an unreadable record with what of it can still be read, and the read stays complete', async () => {
    const { client, sim } = await startHarness({ fixture: clientTestNetwork(3) });
    await sim('PATCH', '/__sim/objects/ftthClients/c00000000000000000000001', { status: 'BROKEN' });
    await sim('PATCH', '/__sim/objects/ftthClients/c00000000000000000000002', { code: { nested: true } });
    const result = await client.readAll('ftthClients');
    expect(result.complete).toBe(true);
    expect(result.items).toHaveLength(1);
    expect(result.unreadable).toEqual([
      expect.objectContaining({ kind: 'ftthClients', id: 'c00000000000000000000001', code: '5001', field: 'status' }),
      expect.objectContaining({ kind: 'ftthClients', id: 'c00000000000000000000002', code: null, field: 'code' }),
    ]);
  });

  it('skips soft-deleted records and reads the old "OK"/"ERROR" statuses', async () => {
    const { client, sim } = await startHarness({ fixture: clientTestNetwork(3) });
    await sim('PATCH', '/__sim/objects/ftthClients/c00000000000000000000000', {
      deletedAt: '2026-11-01T00:00:00.000Z',
    });
    await sim('PATCH', '/__sim/objects/ftthClients/c00000000000000000000001', { status: 'OK' });
    await sim('PATCH', '/__sim/objects/ftthClients/c00000000000000000000002', { status: 'ERROR' });
    const result = await client.readAll('ftthClients');
    expect(result).toMatchObject({ complete: true, rejected: [] });
    expect(result.items.map((item) => [item.id, item.status])).toEqual([
      ['c00000000000000000000001', 0],
      ['c00000000000000000000002', 1],
    ]);
  });

  it('throws on a single property that does not fit its schema, naming the field', async () => {
    const { client, sim } = await startHarness({ fixture: clientTestNetwork(1) });
    await sim('PATCH', '/__sim/objects/properties/p00000000000000000000001', { potencyRead: 'forte' });
    const error = await client.getProperty('p00000000000000000000001').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OzmapRecordInvalidError);
    expect((error as OzmapRecordInvalidError).record).toMatchObject({
      field: 'potencyRead',
      id: 'p00000000000000000000001',
    });
  });

  it('refuses a wrong login without the password in the error, and the read stops there', async () => {
    const { client } = await startHarness({
      fixture: clientTestNetwork(1),
      auth: { login: 'sim', password: 'wrong-pa55' },
    });
    const error = (await client.readAll('boxes').then(
      () => null,
      (e: unknown) => e,
    )) as Error | null;
    expect(error).toMatchObject({ code: 'UPSTREAM_CREDENTIALS' });
    expect(error?.message).toContain('OZmap rejected the credentials');
    expect(error?.message).toContain('OZMAP_LOGIN and OZMAP_PASSWORD');
    expect(error?.message).not.toContain('wrong-pa55');
  });
});

/** A transport that answers every list page from `answer`, to play servers the simulator is not. */
function scriptedTransport(answer: (request: UpstreamRequest) => unknown): HttpTransport {
  return {
    upstream: 'ozmap',
    async request(request) {
      const response = { status: 200, headers: {}, text: JSON.stringify(answer(request)) };
      const problem = request.check?.(response);
      if (problem)
        throw new UpstreamError(problem.code, problem.problem, {
          upstream: 'ozmap',
          method: request.method,
          path: request.path,
        });
      return response;
    },
  };
}

describe('OZmap client: servers that page differently', () => {
  const rows = (from: number, count: number) =>
    Array.from({ length: count }, (_, index) => ({ _id: `id${from + index}`, code: String(from + index) }));

  it('sees a server that ignores the page parameter as an incomplete read', async () => {
    const transport = scriptedTransport(() => ({ total: 10, rows: rows(0, 5) }));
    const result = await createOzmapClient({ transport, auth: { apiKey: 'k' }, pageSize: 5 }).readAll('ftthClients');
    expect(result.complete).toBe(false);
    expect(result.failures[0]?.code).toBe('OZMAP_READ_INCONSISTENT');
    expect(result.items).toHaveLength(5);
  });

  it('sees pages that disagree on the total as an incomplete read', async () => {
    const transport = scriptedTransport((request) => {
      const page = Number(request.query?.page);
      return { total: page === 1 ? 10 : 11, rows: rows((page - 1) * 5, 5) };
    });
    const result = await createOzmapClient({ transport, auth: { apiKey: 'k' }, pageSize: 5 }).readAll('ftthClients');
    expect(result.complete).toBe(false);
    expect(result.failures[0]?.message).toContain('total 11');
  });

  it('sends the filter, the page, the limit and a stable sort in the query string, with the raw key', async () => {
    const seen: UpstreamRequest[] = [];
    const transport = scriptedTransport((request) => {
      seen.push(request);
      return { total: 0, rows: [] };
    });
    const filter = [{ property: 'code', operator: '=', value: '7' }] as const;
    await createOzmapClient({ transport, auth: { apiKey: 'raw-key' }, pageSize: 50 }).readAll('ftthClients', {
      filter,
    });
    expect(seen[0]).toMatchObject({
      method: 'GET',
      path: clientsRoute,
      query: {
        page: 1,
        limit: 50,
        filter: JSON.stringify(filter),
        sort: JSON.stringify([{ property: '_id', direction: 1 }]),
      },
      headers: { authorization: 'raw-key' },
    });
    expect(seen[0]?.body).toBeUndefined();
  });
});
