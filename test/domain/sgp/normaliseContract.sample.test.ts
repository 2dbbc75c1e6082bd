import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { normaliseContract } from '../../../src/domain/sgp/normaliseContract.ts';
import { SgpContractRecord } from '../../../src/domain/sgp/sgpContractRecord.ts';
import type { SgpAddress } from '../../../src/domain/sgp/sgpContractRecord.ts';

/**
 * The official `POST /api/ura/clientes/` sample (TSMX's Postman collection), as the allow-list
 * keeps it, written out by hand. Its values are placeholders, which is the point: every one of
 * them must come out as "none" rather than as data.
 */
const sampleAddress = {
  logradouro: 'LOGRADOURO',
  numero: 1,
  complemento: 'COMPLEMENTO',
  bairro: 'BAIRRO',
  cidade: 'CIDADE',
  uf: 'UF',
  cep: '99999-999',
} as const;
const clientAddress: SgpAddress = { ...sampleAddress, latitude: '-99.9999999', longitude: '-99.9999999' };
const serviceAddress: SgpAddress = { ...sampleAddress, latitude: 'LATITUDE', longitude: 'LONGITUDE' };

const officialRecord: SgpContractRecord = {
  code: '1',
  status: 'STATUS',
  motivoStatus: 'Financeiro',
  cliente: { nome: 'NOME', endereco: clientAddress },
  servicos: [
    {
      id: 1,
      tipo: 'TIPO',
      onu: { splitter: { id: 1, nome: 'NOME', porta: 1 }, rx: '-99.999', conexao: { status: 'online' } },
      endereco: serviceAddress,
    },
  ],
};

/** Walks a parsed JSON document; a missing step is a test failure, not undefined. */
function at(document: unknown, ...path: (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => {
    if (typeof node !== 'object' || node === null || !(key in node)) throw new Error(`no ${path.join('.')}`);
    return (node as Record<string | number, unknown>)[key];
  }, document);
}

describe('the official SGP sample (ura_clientes_postman_official.json)', () => {
  test('the hand-built record is what the sample holds, and fits the schema', () => {
    const url = new URL('../../fixtures/sgp/ura_clientes_postman_official.json', import.meta.url);
    const client = at(JSON.parse(readFileSync(url, 'utf8')), 'clientes', 0);
    const contract = at(client, 'contratos', 0);
    const service = at(contract, 'servicos', 0);
    expect(officialRecord.code).toBe(String(at(contract, 'contrato')));
    expect(officialRecord.status).toBe(at(contract, 'status'));
    expect(officialRecord.motivoStatus).toBe(at(contract, 'motivo_status'));
    expect(officialRecord.cliente.nome).toBe(at(client, 'nome'));
    expect(officialRecord.cliente.endereco).toEqual(at(client, 'endereco'));
    const kept = officialRecord.servicos[0];
    expect(kept?.id).toBe(at(service, 'id'));
    expect(kept?.tipo).toBe(at(service, 'tipo'));
    expect(kept?.onu?.splitter).toEqual(at(service, 'onu', 'splitter'));
    expect(kept?.onu?.rx).toBe(at(service, 'onu', 'rx'));
    expect(kept?.onu?.conexao?.status).toBe(at(service, 'onu', 'conexao', 'status'));
    expect(kept?.endereco).toEqual(at(service, 'endereco'));
    expect(SgpContractRecord.parse(officialRecord)).toEqual(officialRecord);
  });

  test('R1.3 sample status "STATUS" -> unknown, kept as text', () => {
    const snapshot = normaliseContract(officialRecord);
    expect(snapshot.status).toBe('unknown');
    expect(snapshot.statusText).toBe('STATUS');
  });

  test('R1.4/R1.5 sample FTTH service: CTO "NOME", port 1, online', () => {
    const snapshot = normaliseContract(officialRecord);
    expect([snapshot.cto, snapshot.ctoPort, snapshot.online]).toEqual(['NOME', 1, true]);
  });

  test('R1.5 sample rx "-99.999" is the placeholder -> no reading', () => {
    expect(normaliseContract(officialRecord).rxDbm).toBeNull();
  });

  test('R1.5 sample coords: service "LATITUDE" invalid, client -99.9999999 out of range -> none', () => {
    expect(normaliseContract(officialRecord).coords).toBeNull();
  });

  test('R1.5 sample: the whole snapshot', () => {
    expect(normaliseContract(officialRecord)).toEqual({
      code: '1',
      status: 'unknown',
      statusText: 'STATUS',
      name: 'NOME',
      cto: 'NOME',
      ctoPort: 1,
      rxDbm: null,
      online: true,
      coords: null,
      address: 'LOGRADOURO, 1 - COMPLEMENTO - BAIRRO, CIDADE - UF, 99999-999',
      // Issue 11: the text "LATITUDE" is said in the trail; -99.9999999 is SGP's placeholder.
      warnings: [
        {
          field: 'coords',
          value: 'LATITUDE, LONGITUDE',
          problem: expect.stringContaining('not a position on the globe') as unknown,
        },
      ],
    });
  });
});
