import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { OzmapState } from '../../sim/ozmap/ozmapFixture.ts';
import { outOfBoundsWrites } from '../../chaos/support/boundsInvariants.ts';
import type { Model, Real } from './engineModel.ts';
import { assertEngineProperty, PROPERTY_TIMEOUT_MS } from './engineProperty.ts';
import { CODES, sgpRecord, type SgpContract } from './world.ts';

/**
 * The model-based run with duplicated SGP codes (issue 11): a contract listed a second time,
 * identical (a record read twice as pages shift) or conflicting (another name, or absurd values:
 * a 300-character name with a bidi override, an RX of +12 dBm, a latitude of 999), among the SGP
 * changes, hand edits, faults and kills. Invariants: at every step never two clients with one
 * code (the run's own step checks), and no value outside the bounds in OZmap, after each copy
 * and after the final cycles. What OZmap becomes is not compared with the model, which keeps
 * one record per code.
 */

type Cmd = fc.AsyncCommand<Model, Real>;

const EMPTY: OzmapState = { boxes: [], splitters: [], properties: [], ftthClients: [] } as unknown as OzmapState;

const COPIES = {
  identical: (record: Record<string, unknown>) => record,
  'other name': (record: Record<string, unknown>) => ({
    ...record,
    nome: `${String(record['nome'])} (outro cadastro)`,
  }),
  absurd: (record: Record<string, unknown>) => {
    const contratos = structuredClone(record['contratos']) as {
      servicos: { onu: Record<string, unknown>; endereco: Record<string, unknown> }[];
    }[];
    const service = contratos[0]!.servicos[0]!;
    service.onu['rx'] = '12.5';
    service.endereco['latitude'] = '999';
    return { ...record, nome: `\u202E${'Nome muito longo '.repeat(18)}`, contratos };
  },
} as const;
type CopyKind = keyof typeof COPIES;

function copyStep(code: string, kind: CopyKind): Cmd {
  return {
    check: (m) => m.sgp.has(code),
    async run(m, r) {
      await r.sgpAdd(COPIES[kind](sgpRecord(m.sgp.get(code) as SgpContract)));
      await r.observe(`sgp ${code} listed twice (${kind})`);
      expect(outOfBoundsWrites(EMPTY, await r.ozmapState()), `after sgp ${code} listed twice (${kind})`).toEqual([]);
    },
    toString: () => `sgp ${code} listed twice (${kind})`,
  };
}

const copyCommands: fc.Arbitrary<Cmd>[] = (Object.keys(COPIES) as CopyKind[]).map((kind) =>
  fc.constantFrom(...CODES.slice(0, 4)).map((code) => copyStep(code, kind)),
);

test(
  'with duplicated SGP codes, identical and conflicting: one client per code, no value outside the bounds written',
  async () => {
    // That the runs did meet copies: cycles that rejected a record (the conflicting copies) were seen.
    let rejecting = 0;
    await assertEngineProperty(
      20_261_211,
      (result) => {
        rejecting += result.cycles.filter((c) => (c.counts.rejected ?? 0) > 0).length;
        expect(result.violations).toEqual([]);
        const outside = result.actual.clients
          .filter(
            (c) => c.name.length === 0 || c.name.length > 255 || /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u.test(c.name),
          )
          .map((c) => c.code);
        outside.push(
          ...result.actual.properties
            .filter(
              (p) =>
                (p.potencyRead !== null && (p.potencyRead > -1 || p.potencyRead < -40)) ||
                (p.coords !== null && Math.abs(p.coords[1]!) > 90),
            )
            .map((p) => p.key),
        );
        expect(outside).toEqual([]);
        const codes = result.actual.clients.map((c) => c.code);
        expect(codes.length).toBe(new Set(codes).size);
      },
      { extra: [...copyCommands, ...copyCommands], runs: 12, compare: false },
    );
    expect(rejecting).toBeGreaterThan(0);
  },
  PROPERTY_TIMEOUT_MS,
);
