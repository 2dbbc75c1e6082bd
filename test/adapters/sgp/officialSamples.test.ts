import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { extractContracts } from '../../../src/adapters/sgp/extractContracts.ts';
import type { SgpContractRecord } from '../../../src/domain/sgp/sgpContractRecord.ts';
import type { FakeSgp } from './fakeSgp.ts';
import { startFakeSgp, TOKEN } from './fakeSgp.ts';
import { sgpClientFor } from './sgpHarness.ts';
import { upstreamErrorOf } from '../upstream/transportHarness.ts';

/** Official examples from TSMX's Postman collection (see the brief's shared/reference/sgp-samples). */
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/sgp/${name}`, import.meta.url), 'utf8'));
const clientesSample = fixture('ura_clientes_postman_official.json') as { clientes: unknown[] };

const sampleAddress = {
  logradouro: 'LOGRADOURO',
  numero: 1,
  bairro: 'BAIRRO',
  cidade: 'CIDADE',
  uf: 'UF',
  cep: '99999-999',
  complemento: 'COMPLEMENTO',
};
const expectedRecord: SgpContractRecord = {
  code: '1',
  status: 'STATUS',
  motivoStatus: 'Financeiro',
  cliente: { nome: 'NOME', endereco: { ...sampleAddress, latitude: '-99.9999999', longitude: '-99.9999999' } },
  servicos: [
    {
      id: 1,
      tipo: 'TIPO',
      login: 'LOGIN',
      mac: 'X9:9X:9X:99:X9:X9',
      onu: {
        splitter: { id: 1, nome: 'NOME', porta: 1 },
        rx: '-99.999',
        conexao: { status: 'online' },
        olt_id: 1,
        olt_nome: 'OLT_NOME',
        slot: 1,
        pon: 1,
        serial: 'SERIAL',
      },
      endereco: { ...sampleAddress, latitude: 'LATITUDE', longitude: 'LONGITUDE' },
    },
  ],
};

// Every secret or personal value of the sample, and the keys that hold them.
const SECRETS = [
  'SENHA',
  'WIF_PASSWORD',
  'WIFI_PASSWORD',
  'PASSWORD',
  'VOIP_SIP_PASSWORD',
  'ONU_PASSWORD',
  '00000000000',
  'VOIP_USERNAME',
  '000',
];
// The PPPoE login is kept (UPDATE_ONU writes it to OZmap, issue 16); its password never is.
const SECRET_KEYS = ['senha', 'wifi_password', 'password', 'cpfcnpj', 'titulos', 'voip', 'codigoBarras', 'onu_login'];

function expectNoSecrets(value: unknown): void {
  const text = JSON.stringify(value);
  for (const secret of SECRETS) expect(text).not.toContain(`"${secret}"`);
  for (const key of SECRET_KEYS) expect(text.toLowerCase()).not.toContain(key.toLowerCase());
}

describe('official SGP samples', () => {
  let sgp: FakeSgp | undefined;
  afterEach(async () => {
    await sgp?.close();
    sgp = undefined;
  });

  it('extracts the POST /api/ura/clientes/ example into exactly the allow-listed record', () => {
    const { records, rejected } = extractContracts(clientesSample.clientes);
    expect(rejected).toEqual([]);
    expect(records).toEqual([expectedRecord]);
    expectNoSecrets(records);
  });

  it('sweeps the example through the client and the transport with nothing secret left', async () => {
    sgp = await startFakeSgp({ clientes: [], fault: ({ reply }) => reply.send(clientesSample) });
    const sweep = await sgpClientFor(sgp.url).client.sweepContracts();
    expect(sweep).toEqual({
      records: [expectedRecord],
      known: [],
      rejected: [],
      complete: true,
      failures: [],
      gaps: [],
      total: 1,
      clientsRead: 1,
      pagesRecalled: 0,
    });
    expectNoSecrets(sweep);
  });

  it('lists the GET /api/fttx/splitter/all/ example as CTOs, the token only in the query', async () => {
    sgp = await startFakeSgp({ clientes: [], ctos: fixture('fttx_splitter_all.json') });
    const { client, infos } = sgpClientFor(sgp.url);
    const { ctos, rejected } = await client.listCtos();
    expect(rejected).toEqual([]);
    expect(ctos).toHaveLength(7);
    expect(ctos[0]).toEqual({
      id: '7',
      name: 'CTO-INCRA-012',
      ports: 8,
      busyPorts: [1, 2, 3, 4],
      coords: { lat: -3.74526, lng: -38.542887 },
    });
    expect(ctos.find((c) => c.id === '9')).toMatchObject({
      name: 'Caixa para teste de porta',
      coords: null,
      busyPorts: [7],
    });
    expect(ctos.find((c) => c.id === '8')).toMatchObject({ name: null, ports: 16 });
    expect(sgp.requests[0]?.url).toBe(`/api/fttx/splitter/all/?token=${TOKEN}&app=sgp-ozmap`);
    expect(infos).toEqual([expect.objectContaining({ route: '/api/fttx/splitter/all/', status: 200 })]);
  });

  it('rejects a CTO entry that does not fit, with its id and field, and keeps the others', async () => {
    const ctos = [
      { id: 1, ident: 'A', ports: 8, busy_ports: ['x'] },
      { id: '2', ident: 'B', ports: '4', busy_ports: null, map_ll: '0, 0' },
      'junk',
    ];
    sgp = await startFakeSgp({ clientes: [], ctos });
    const list = await sgpClientFor(sgp.url).client.listCtos();
    expect(list.ctos).toEqual([{ id: '2', name: 'B', ports: 4, busyPorts: [], coords: null }]);
    expect(list.rejected.map((r) => [r.cto, r.index, r.field])).toEqual([
      ['1', 0, 'busy_ports[0]'],
      [null, 2, 'cto'],
    ]);
  });

  it('fails listCtos with UPSTREAM_BAD_RESPONSE when the body is not a list, without the query string', async () => {
    sgp = await startFakeSgp({ clientes: [], ctos: { detail: 'not a list' } });
    const error = await upstreamErrorOf(sgpClientFor(sgp.url).client.listCtos());
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(error.message).toBe('SGP GET /api/fttx/splitter/all/: the body is not a JSON list of CTOs after 3 attempts');
    expect(JSON.stringify(error) + error.stack).not.toContain(TOKEN);
  });
});
