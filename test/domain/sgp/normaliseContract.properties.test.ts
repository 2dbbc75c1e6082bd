import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { normaliseContract } from '../../../src/domain/sgp/normaliseContract.ts';
import { SgpContractRecord } from '../../../src/domain/sgp/sgpContractRecord.ts';
import type { SgpAddress, SgpScalar, SgpService } from '../../../src/domain/sgp/sgpContractRecord.ts';
import { aRecord } from './sgpRecordBuilder.ts';

/** Every kind of scalar SGP could put in any slot, with the values R1 treats specially well represented. */
const scalar: fc.Arbitrary<SgpScalar> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -200, max: 200 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string(),
  fc.constantFrom('ativo', ' Inviabilidade Técnica ', 'REDUZIDO', ' 3 ', '3.0', 'online', 'OFFLINE', 'STATUS'),
  fc.constantFrom('-99.999', '-21,5', '0', '0,0', '-0', '', '  ', 'LATITUDE', '1e1', '0x3', 'NaN', 'Infinity'),
  fc
    .tuple(fc.double({ min: -200, max: 200, noNaN: true }), fc.boolean())
    .map(([value, comma]) => (comma ? String(value).replace('.', ',') : String(value))),
  fc
    .array(fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u2003', 'a', 'B', 'é', '-', ','), { maxLength: 12 })
    .map((chars) => chars.join('')),
);

const address: fc.Arbitrary<SgpAddress | null> = fc.option(
  fc.record({
    logradouro: scalar,
    numero: scalar,
    complemento: scalar,
    bairro: scalar,
    cidade: scalar,
    uf: scalar,
    cep: scalar,
    latitude: scalar,
    longitude: scalar,
  }),
);

const service: fc.Arbitrary<SgpService> = fc.record({
  id: scalar,
  tipo: scalar,
  onu: fc.option(
    fc.record({
      splitter: fc.option(fc.record({ id: scalar, nome: scalar, porta: scalar })),
      rx: scalar,
      conexao: fc.option(fc.record({ status: scalar })),
    }),
  ),
  endereco: address,
});

const record: fc.Arbitrary<SgpContractRecord> = fc.record({
  code: fc.string({ minLength: 1 }),
  status: scalar,
  motivoStatus: scalar,
  cliente: fc.record({ nome: scalar, endereco: address }),
  servicos: fc.array(service, { maxLength: 4 }),
});

/** Leading, trailing or doubled whitespace, or whitespace other than a plain space. */
const UNTIDY = /^\s|\s$|\s\s|[^\S ]/;

describe('normaliseContract properties', () => {
  test('never throws on a record that fits the schema, leaves it untouched and is deterministic', () => {
    fc.assert(
      fc.property(record, (raw) => {
        expect(SgpContractRecord.safeParse(raw).success).toBe(true);
        const copy = structuredClone(raw);
        const snapshot = normaliseContract(raw);
        expect(raw).toEqual(copy);
        expect(normaliseContract(copy)).toEqual(snapshot);
      }),
      { seed: 150_301, numRuns: 2_000 },
    );
  });

  test('R1.5 rxDbm is null or a finite reading within [-40, -1] (issue 11)', () => {
    fc.assert(
      fc.property(record, (raw) => {
        const { rxDbm } = normaliseContract(raw);
        expect(rxDbm === null || (Number.isFinite(rxDbm) && rxDbm >= -40 && rxDbm <= -1)).toBe(true);
      }),
      { seed: 150_302, numRuns: 2_000 },
    );
  });

  test('R1.5 coords are null or in range and not (0, 0)', () => {
    fc.assert(
      fc.property(record, (raw) => {
        const { coords } = normaliseContract(raw);
        if (coords === null) return;
        expect(Math.abs(coords.lat) <= 90 && Math.abs(coords.lng) <= 180).toBe(true);
        expect(coords.lat === 0 && coords.lng === 0).toBe(false);
      }),
      { seed: 150_303, numRuns: 2_000 },
    );
  });

  test('R1.5 name and address have no leading, trailing, doubled or odd whitespace', () => {
    fc.assert(
      fc.property(record, (raw) => {
        const { name, address: line } = normaliseContract(raw);
        expect(UNTIDY.test(name), JSON.stringify(name)).toBe(false);
        expect(UNTIDY.test(line), JSON.stringify(line)).toBe(false);
      }),
      { seed: 150_304, numRuns: 2_000 },
    );
  });

  test('R1.3-R1.5 status, cto and ctoPort stay within their types', () => {
    fc.assert(
      fc.property(record, (raw) => {
        const { status, cto, ctoPort } = normaliseContract(raw);
        expect(status === 'unknown' || [1, 2, 3, 4, 5, 6, 7].includes(status)).toBe(true);
        expect(cto === null || (cto !== '' && cto === cto.trim())).toBe(true);
        expect(ctoPort === null || (Number.isSafeInteger(ctoPort) && ctoPort >= 1)).toBe(true);
      }),
      { seed: 150_305, numRuns: 2_000 },
    );
  });

  test('R1.4 with distinct service ids, the order SGP lists services in does not matter', () => {
    // Distinct integers, each written as a number, a numeral or a text id: no two ids are equal.
    const withDistinctIds = fc
      .array(service, { maxLength: 5 })
      .chain((services) =>
        fc
          .tuple(
            fc.uniqueArray(fc.integer({ min: 0, max: 99 }), { minLength: services.length, maxLength: services.length }),
            fc.array(fc.constantFrom('number', 'numeral', 'text'), {
              minLength: services.length,
              maxLength: services.length,
            }),
          )
          .map(([ids, forms]) =>
            services.map((one, index) => {
              const id = ids[index] ?? 0;
              const form = forms[index];
              return { ...one, id: form === 'number' ? id : form === 'numeral' ? ` ${id} ` : `s${id}` };
            }),
          ),
      )
      .chain((services) =>
        fc.tuple(fc.constant(services), fc.shuffledSubarray(services, { minLength: services.length })),
      );
    fc.assert(
      fc.property(withDistinctIds, ([services, shuffled]) => {
        expect(normaliseContract(aRecord({ servicos: shuffled }))).toEqual(
          normaliseContract(aRecord({ servicos: services })),
        );
      }),
      { seed: 150_306, numRuns: 1_000 },
    );
  });

  test('R1.3 every status text maps to its code whatever its case, padding and inner spacing', () => {
    const texts: [string, number][] = [
      ['ativo', 1],
      ['inativo', 2],
      ['cancelado', 3],
      ['suspenso', 4],
      ['inviabilidade técnica', 5],
      ['novo', 6],
      ['ativo v. reduzida', 7],
      ['ativo v. reduzia', 7],
      ['ativo reduzido', 7],
      ['reduzido', 7],
    ];
    const space = fc.constantFrom(' ', '  ', '\t', '\u00a0');
    const variant = fc.constantFrom(...texts).chain(([text, code]) =>
      fc
        .tuple(
          fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }),
          fc.array(space, { minLength: text.length, maxLength: text.length }),
          fc.string({ unit: space, maxLength: 3 }),
          fc.string({ unit: space, maxLength: 3 }),
        )
        .map(([upper, spaces, before, after]) => {
          const chars = [...text].map((char, i) => {
            const cased = upper[i] ? char.toUpperCase() : char;
            return char === ' ' ? (spaces[i] ?? ' ') : cased;
          });
          return [before + chars.join('') + after, code] as const;
        }),
    );
    fc.assert(
      fc.property(variant, ([status, code]) => {
        expect(normaliseContract(aRecord({ status })).status).toBe(code);
      }),
      { seed: 150_307, numRuns: 1_000 },
    );
  });

  test('R1.5 any reading in [-40, -1], written with a dot or a comma, is read back exactly', () => {
    const reading = fc.integer({ min: -40_000, max: -1_000 }).map((milli) => milli / 1000);
    fc.assert(
      fc.property(reading, fc.boolean(), (rx, comma) => {
        const text = comma ? String(rx).replace('.', ',') : String(rx);
        const onu = { splitter: { id: 1, nome: 'CTO', porta: 1 }, rx: text, conexao: null };
        const rxDbm = normaliseContract(aRecord({ servicos: [{ id: 1, tipo: 'FTTH', onu, endereco: null }] })).rxDbm;
        expect(rxDbm).toBe(rx + 0);
      }),
      { seed: 150_308, numRuns: 1_000 },
    );
  });
});
