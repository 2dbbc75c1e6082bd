import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSgpClient } from '../../../src/adapters/sgp/createSgpClient.ts';
import { extractContracts } from '../../../src/adapters/sgp/extractContracts.ts';
import { parseClientesPage } from '../../../src/adapters/sgp/parseSgpBody.ts';
import type { SgpListingRead } from '../../../src/adapters/sgp/sweepPages.ts';
import { createHttpTransport } from '../../../src/adapters/upstream/createHttpTransport.ts';
import { UpstreamError } from '../../../src/adapters/upstream/upstreamError.ts';
import type { BuiltPage } from './sgpPageArbitraries.ts';
import { buildClientes, clientPlan, SECRET_MARK } from './sgpPageArbitraries.ts';

/** The extraction result in the shape the plans predict. */
function observed(result: Pick<SgpListingRead, 'records' | 'rejected'>) {
  return {
    records: result.records.map((r) => ({
      code: r.code,
      nome: r.cliente.nome,
      status: r.status,
      services: r.servicos.length,
    })),
    rejected: result.rejected.map((r) => ({ contract: r.contract, clientIndex: r.clientIndex, field: r.field })),
  };
}

describe('R8 bad input: one page (extractContracts), fast-check', () => {
  it('returns every valid contract, reports every invalid one with its contract and field, copies no secret', () => {
    fc.assert(
      fc.property(fc.array(clientPlan, { maxLength: 8 }), fc.nat({ max: 10_000 }), (plans, offset) => {
        const page = buildClientes(plans, { offset, firstCode: 1 });
        // Through JSON text, as SGP sends it: lone surrogates become \ud800 escapes and back.
        const text = JSON.stringify({ paginacao: { total: offset + plans.length }, clientes: page.clientes });
        const parsed = parseClientesPage(text);
        if ('code' in parsed) throw new Error(`a valid page was refused: ${parsed.problem}`);
        const result = extractContracts(parsed.clientes, offset);
        expect(observed(result)).toEqual({ records: page.records, rejected: page.rejected });
        expect(result.rejected.every((r) => r.code === 'SGP_RECORD_INVALID' && r.problem.length > 0)).toBe(true);
        expect(JSON.stringify(result)).not.toContain(SECRET_MARK);
      }),
      { seed: 424242, numRuns: 300 },
    );
  });
});

// What one attempt at one page answers with status 200.
const bodyForm = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ form: 'valid' as const }) },
  fc.record({
    form: fc.constant('truncated' as const),
    at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  }),
  fc.record({ form: fc.constant('html' as const) }),
  fc.record({ form: fc.constant('not-an-object' as const), body: fc.constantFrom('[]', 'null', '"ok"', '42', '') }),
  fc.record({ form: fc.constant('no-clientes' as const) }),
  fc.record({ form: fc.constant('business' as const), msg: fc.string({ maxLength: 20 }) }),
);
type BodyForm = typeof bodyForm extends fc.Arbitrary<infer T> ? T : never;

const PAGE_SIZE = 4;
const ATTEMPTS = 3;

function bodyFor(form: BodyForm, valid: string): string {
  switch (form.form) {
    case 'valid':
      return valid;
    case 'truncated':
      return valid.slice(0, Math.floor(form.at * valid.length)); // a strict prefix: never whole JSON
    case 'html':
      return '<!DOCTYPE html><html><body><h1>Server Error (500)</h1></body></html>';
    case 'not-an-object':
      return form.body;
    case 'no-clientes':
      return JSON.stringify({ paginacao: { total: 1 }, erro: 'x' });
    case 'business':
      return JSON.stringify({ status: 0, msg: form.msg });
  }
}

/** A page's fate over its attempts: read, or the code of the failure that ends it. */
function pageOutcome(forms: readonly BodyForm[]): 'read' | 'UPSTREAM_BUSINESS_ERROR' | 'UPSTREAM_BAD_RESPONSE' {
  for (const form of forms.slice(0, ATTEMPTS)) {
    if (form.form === 'valid') return 'read';
    if (form.form === 'business') return 'UPSTREAM_BUSINESS_ERROR';
  }
  return 'UPSTREAM_BAD_RESPONSE';
}

describe('R8 bad input: whole bodies through the client and transport, fast-check', () => {
  it('never throws but returns what it could read, incomplete when a page kept failing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(clientPlan, { maxLength: 10 }),
        fc.array(fc.array(bodyForm, { minLength: ATTEMPTS, maxLength: ATTEMPTS }), { minLength: 3, maxLength: 3 }),
        async (plans, formsPerPage) => {
          const pages: BuiltPage[] = [];
          for (let offset = 0, code = 1; offset < Math.max(1, plans.length); offset += PAGE_SIZE) {
            const page = buildClientes(plans.slice(offset, offset + PAGE_SIZE), { offset, firstCode: code });
            code += 100;
            pages.push(page);
          }
          const calls = new Map<number, number>();
          const fetchPage: typeof fetch = async (_url, init) => {
            const { offset, limit } = JSON.parse(String(init?.body)) as { offset: number; limit: number };
            // The total re-read at the end of the sweep (R1.6) is answered in full: this property is about pages.
            if (limit === 1)
              return Response.json({ paginacao: { offset: 0, limit: 1, total: plans.length }, clientes: [] });
            const page = offset / PAGE_SIZE;
            const attempt = calls.get(page) ?? 0;
            calls.set(page, attempt + 1);
            const valid = JSON.stringify({
              paginacao: { offset, limit: PAGE_SIZE, total: plans.length },
              clientes: pages[page]?.clientes ?? [],
            });
            const form = formsPerPage[page]?.[attempt] ?? { form: 'valid' };
            return new Response(bodyFor(form, valid), { status: 200, headers: { 'content-type': 'application/json' } });
          };
          const transport = createHttpTransport({
            upstream: 'sgp',
            baseUrl: 'http://sgp.invalid',
            concurrency: 2,
            maxRps: Number.POSITIVE_INFINITY,
            timeoutMs: 5_000,
            maxAttempts: ATTEMPTS,
            random: () => 0,
            sleep: async () => undefined,
            secrets: ['tok-SECRET'],
            fetch: fetchPage,
          });
          const client = createSgpClient({
            transport,
            auth: { token: 'tok-SECRET', app: 'a' },
            pageSize: PAGE_SIZE,
            concurrency: 2,
          });

          const sweep = await client.sweepContracts(); // a rejection fails the property

          // Expected: the first page decides everything; after it, each page on its own.
          const outcomes = pages.map((_, i) => pageOutcome(formsPerPage[i] ?? []));
          const read = outcomes[0] === 'read' ? pages.filter((_, i) => outcomes[i] === 'read') : [];
          const failed = outcomes[0] === 'read' ? outcomes.filter((o) => o !== 'read') : [outcomes[0]];
          expect(observed(sweep)).toEqual({
            records: read.flatMap((p) => p.records),
            rejected: read.flatMap((p) => p.rejected),
          });
          expect(sweep.complete).toBe(failed.length === 0);
          expect(sweep.failures.map((f) => f.code).sort()).toEqual([...failed].sort());
          expect(sweep.failures.every((f) => f instanceof UpstreamError)).toBe(true);
          expect(JSON.stringify(sweep) + sweep.failures.map((f) => f.message).join()).not.toMatch(
            /S3CR3T-MARK|tok-SECRET/,
          );
        },
      ),
      { seed: 20260301, numRuns: 150 },
    );
  });
});
