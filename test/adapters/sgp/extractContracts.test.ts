import { describe, expect, it } from 'vitest';
import { extractContracts } from '../../../src/adapters/sgp/extractContracts.ts';

/** A client with the given contracts (defaults: one valid contract 1). */
const client = (fields: Record<string, unknown> = {}, contratos: unknown = [{ contrato: 1, status: 'Ativo' }]) => ({
  nome: 'Ana',
  contratos,
  ...fields,
});
const service = (fields: Record<string, unknown> = {}) => ({ id: 1, tipo: 'internet', ...fields });
const withService = (fields: Record<string, unknown>, code = 1) =>
  client({}, [{ contrato: code, servicos: [service(fields)] }]);

describe('extractContracts: contract id (R1.2)', () => {
  it.each([
    [{ contrato: 12 }, '12'],
    [{ contrato: ' 12 ' }, '12'],
    [{ contrato: '007' }, '7'],
    [{ contrato: 12, id: 99 }, '12'],
    [{ id: 99 }, '99'],
    [{ contrato: null, id: '99' }, '99'],
    [{ contrato: '  ', id: 99 }, '99'],
  ])('%j -> code %s', (contract, code) => {
    const { records, rejected } = extractContracts([client({}, [contract])]);
    expect(rejected).toEqual([]);
    expect(records.map((r) => r.code)).toEqual([code]);
  });

  it.each([
    [{}, 'contratos[0].contrato', /neither "contrato" nor "id"/],
    [{ contrato: 'abc', id: 5 }, 'contratos[0].contrato', /must be an integer, got the text "abc"/],
    [{ id: 1.5 }, 'contratos[0].id', /must be an integer, got the number 1.5/],
    [{ contrato: -3 }, 'contratos[0].contrato', /must be an integer/],
    [{ contrato: { n: 1 } }, 'contratos[0].contrato', /got an object/],
    [{ contrato: '1'.repeat(19) }, 'contratos[0].contrato', /must be an integer/],
  ])('%j is rejected on %s, with no contract', (contract, field, problem) => {
    const { records, rejected } = extractContracts([client({}, [contract])]);
    expect(records).toEqual([]);
    expect(rejected).toEqual([
      { code: 'SGP_RECORD_INVALID', contract: null, clientIndex: 0, field, problem: expect.stringMatching(problem) },
    ]);
  });
});

describe('extractContracts: values are kept raw, interpretation is R1 normalisation', () => {
  it('keeps numbers sent as text, text sent as numbers, padding, booleans and nulls as they came', () => {
    const { records } = extractContracts([
      client({ nome: 42 }, [
        {
          contrato: 1,
          status: '  Ativo ',
          motivo_status: null,
          servicos: [
            service({
              id: '3',
              onu: { rx: '-21,5', splitter: { id: '7', nome: 5, porta: '3' }, conexao: { status: true } },
            }),
          ],
        },
      ]),
    ]);
    expect(records[0]).toMatchObject({
      status: '  Ativo ',
      motivoStatus: null,
      cliente: { nome: 42, endereco: null },
      servicos: [
        { id: '3', onu: { rx: '-21,5', splitter: { id: '7', nome: 5, porta: '3' }, conexao: { status: true } } },
      ],
    });
  });

  it('stores a missing key as null and missing lists as empty', () => {
    const { records } = extractContracts([{ contratos: [{ id: 4, servicos: [{ onu: { splitter: {} } }] }] }]);
    expect(records).toEqual([
      {
        code: '4',
        status: null,
        motivoStatus: null,
        cliente: { nome: null, endereco: null },
        servicos: [
          {
            id: null,
            tipo: null,
            login: null,
            mac: null,
            endereco: null,
            onu: {
              splitter: { id: null, nome: null, porta: null },
              rx: null,
              conexao: null,
              olt_id: null,
              olt_nome: null,
              slot: null,
              pon: null,
              serial: null,
            },
          },
        ],
      },
    ]);
    expect(extractContracts([{ contratos: [{ contrato: 5 }] }]).records[0]?.servicos).toEqual([]);
  });

  it.each([null, '', false, []])('reads %j in an object slot (onu, splitter, conexao, endereco) as null', (empty) => {
    const { records, rejected } = extractContracts([withService({ onu: empty, endereco: empty })]);
    expect(rejected).toEqual([]);
    expect(records[0]?.servicos[0]).toMatchObject({ onu: null, endereco: null });
  });

  it('a client without contracts yields nothing and no error', () => {
    expect(extractContracts([client({}, []), client({}, null), client({ contratos: undefined })])).toEqual({
      records: [],
      located: [],
      rejected: [],
    });
  });
});

describe('extractContracts: rejections name the contract and the field (R8)', () => {
  it.each([
    [{ onu: { rx: { value: -21 } } }, 'contratos[0].servicos[0].onu.rx', /got an object/],
    [{ onu: { rx: [-21] } }, 'contratos[0].servicos[0].onu.rx', /got a list of 1/],
    [{ onu: 5 }, 'contratos[0].servicos[0].onu', /expected an object or null, got the number 5/],
    [{ onu: { splitter: ['CTO-1'] } }, 'contratos[0].servicos[0].onu.splitter', /got a list of 1/],
    [{ onu: { splitter: { porta: {} } } }, 'contratos[0].servicos[0].onu.splitter.porta', /got an object/],
    [{ onu: { conexao: 'online' } }, 'contratos[0].servicos[0].onu.conexao', /got the text "online"/],
    [{ endereco: { latitude: [1, 2] } }, 'contratos[0].servicos[0].endereco.latitude', /got a list/],
    [{ id: { a: 1 } }, 'contratos[0].servicos[0].id', /got an object/],
  ])('service %j -> %s', (fields, field, problem) => {
    const { records, rejected } = extractContracts([withService(fields, 31)]);
    expect(records).toEqual([]);
    expect(rejected).toEqual([
      { code: 'SGP_RECORD_INVALID', contract: '31', clientIndex: 0, field, problem: expect.stringMatching(problem) },
    ]);
  });

  it('a bad client field rejects each of its contracts under its own id', () => {
    const { records, rejected } = extractContracts([client({ nome: { first: 'Ana' } }, [{ contrato: 1 }, { id: 2 }])]);
    expect(records).toEqual([]);
    expect(rejected.map((r) => [r.contract, r.field])).toEqual([
      ['1', 'nome'],
      ['2', 'nome'],
    ]);
  });

  it('one bad contract does not stop its siblings nor the next clients; clientIndex counts from the page offset', () => {
    const page = [
      client({}, [{ contrato: 1, status: ['x'] }, { contrato: 2 }, 'not a contract']),
      'not a client',
      client({}, { contrato: 3 }),
      client({ endereco: { cidade: 'Natal' } }, [{ contrato: 4, servicos: 'none' }, { contrato: 5 }]),
    ];
    const { records, rejected } = extractContracts(page, 200);
    expect(records.map((r) => r.code)).toEqual(['2', '5']);
    expect(records[1]?.cliente.endereco?.cidade).toBe('Natal');
    expect(rejected.map((r) => [r.contract, r.clientIndex, r.field])).toEqual([
      ['1', 200, 'contratos[0].status'],
      [null, 200, 'contratos[2]'],
      [null, 201, 'cliente'],
      [null, 202, 'contratos'],
      ['4', 203, 'contratos[0].servicos'],
    ]);
  });

  it('quotes at most a short preview of a bad value', () => {
    const { rejected } = extractContracts([client({}, [{ contrato: 'x'.repeat(100_000) }])]);
    expect(rejected[0]?.problem.length).toBeLessThan(120);
  });
});
