import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createSgpSimulator } from '../../sim/sgp/createSgpSimulator.ts';
import type { SgpFixture } from '../../sim/sgp/sgpFixture.ts';

const official = JSON.parse(
  readFileSync(new URL('../fixtures/sgp/ura_clientes_postman_official.json', import.meta.url), 'utf8'),
);
const sample = official.clientes[0];

/** A copy of the official record with its contract renumbered and re-statused. */
function cliente(nome: string, contracts: readonly { code: number; status: string }[]) {
  const base = structuredClone(sample);
  base.nome = nome;
  base.contratos = contracts.map(({ code, status }) => ({
    ...structuredClone(sample.contratos[0]),
    contrato: code,
    status,
  }));
  return base;
}

const malformed = [
  { nome: 'SEM CONTRATOS' },
  'not even an object',
  { nome: 'RX NUMÉRICO', contratos: [{ contrato: 'x', servicos: 7 }] },
];

function fixture(): SgpFixture {
  const clientes: unknown[] = [
    cliente('Ana', [
      { code: 1, status: 'Ativo' },
      { code: 2, status: 'Cancelado' },
    ]),
    cliente('Bruno', [{ code: 3, status: ' SUSPENSO ' }]),
    cliente('Carla', [{ code: 4, status: 'Bloqueado' }]),
    ...malformed,
  ];
  for (let i = 0; i < 150; i += 1) clientes.push(cliente(`Cliente ${i}`, [{ code: 1000 + i, status: 'Ativo' }]));
  return { clientes };
}

const credentials = { token: 'tok-123', app: 'Integracao' };
const simulator = () => createSgpSimulator({ fixture: fixture(), ...credentials });

function clientes(app: FastifyInstance, params: Record<string, unknown>, as: 'json' | 'form' = 'json') {
  const all = { ...credentials, exibir_conexao: 1, omitir_titulos: 1, ...params };
  if (as === 'json') return app.inject({ method: 'POST', url: '/api/ura/clientes/', payload: all });
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(all)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, String(v));
  }
  return app.inject({
    method: 'POST',
    url: '/api/ura/clientes/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form.toString(),
  });
}

const codes = (body: { clientes: { contratos: { contrato: number }[] }[] }) =>
  body.clientes.flatMap((c) => c.contratos.map((k) => k.contrato));

describe('SGP simulator: authentication', () => {
  it('answers 403 "incorretas" for a wrong token or an app of another case', async () => {
    const app = await simulator();
    for (const wrong of [{ token: 'nope' }, { app: 'integracao' }]) {
      const response = await clientes(app, wrong);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ detail: 'Credenciais de autenticação incorretas.' });
    }
  });

  it('answers 403 "não foram fornecidas" without credentials', async () => {
    const app = await simulator();
    const response = await app.inject({ method: 'POST', url: '/api/ura/clientes/', payload: { offset: 0 } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ detail: 'As credenciais de autenticação não foram fornecidas.' });
  });

  it('accepts HTTP Basic with the configured user and password, and refuses others', async () => {
    const app = await createSgpSimulator({
      fixture: fixture(),
      ...credentials,
      basicUser: 'ana',
      basicPassword: 's3cr3t',
    });
    const basic = (user: string, password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/ura/clientes/',
        headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
        payload: {},
      });
    expect((await basic('ana', 's3cr3t')).statusCode).toBe(200);
    expect((await basic('ana', 'wrong')).json()).toEqual({ detail: 'Credenciais de autenticação incorretas.' });
  });
});

describe('SGP simulator: POST /api/ura/clientes/', () => {
  it('reads form-urlencoded and JSON bodies alike', async () => {
    const app = await simulator();
    const form = await clientes(app, { limit: 3 }, 'form');
    const json = await clientes(app, { limit: 3 }, 'json');
    expect(form.statusCode).toBe(200);
    expect(form.json()).toEqual(json.json());
  });

  it('pages with offset/limit, reports the total, defaults to 100 and clamps larger limits to 100', async () => {
    const app = await simulator();
    const total = 3 + malformed.length + 150;
    expect((await clientes(app, {})).json().paginacao).toEqual({ offset: 0, limit: 100, parcial: 100, total });
    const clamped = (await clientes(app, { limit: 500 })).json();
    expect(clamped.paginacao.limit).toBe(100);
    expect(clamped.clientes).toHaveLength(100);
    const last = (await clientes(app, { offset: 150, limit: 100 })).json();
    expect(last.paginacao).toEqual({ offset: 150, limit: 100, parcial: total - 150, total });
  });

  it('serves malformed records verbatim', async () => {
    const app = await simulator();
    const page = (await clientes(app, { offset: 3, limit: 3 })).json();
    expect(page.clientes).toEqual(malformed);
  });

  it('contrato returns that contract alone within its client', async () => {
    const app = await simulator();
    const body = (await clientes(app, { contrato: 2 })).json();
    expect(body.paginacao.total).toBe(1);
    expect(body.clientes[0].nome).toBe('Ana');
    expect(codes(body)).toEqual([2]);
  });

  it('contrato_status takes one or several codes and maps the status texts, padding and case included', async () => {
    const app = await simulator();
    expect(codes((await clientes(app, { contrato_status: 4 })).json())).toEqual([3]);
    const several = (await clientes(app, { contrato_status: ['3', '4'] }, 'form')).json();
    expect(codes(several)).toEqual([2, 3]);
    expect(codes((await clientes(app, { contrato_status: '3,4' })).json())).toEqual([2, 3]);
    // "Bloqueado" is no SGP status: no code finds it.
    const any = (await clientes(app, { contrato_status: [1, 2, 3, 4, 5, 6, 7], limit: 100 })).json();
    expect(codes(any)).not.toContain(4);
  });

  it('leaves onu.conexao out without exibir_conexao, and adds titulos without omitir_titulos', async () => {
    const app = await simulator();
    const bare = (await clientes(app, { contrato: 1, exibir_conexao: 0, omitir_titulos: 0 })).json();
    const record = bare.clientes[0];
    expect(record.contratos[0].servicos[0].onu).not.toHaveProperty('conexao');
    expect(record.contratos[0].servicos[0].onu.rx).toBe('-99.999');
    expect(record.titulos).toHaveLength(1);
    const full = (await clientes(app, { contrato: 1 })).json().clientes[0];
    expect(full.contratos[0].servicos[0].onu.conexao.status).toBe('online');
    expect(full).not.toHaveProperty('titulos');
  });

  it('serves the official record unchanged with exibir_conexao=1&omitir_titulos=1', async () => {
    const { titulos: _titulos, ...expected } = sample;
    const app = await createSgpSimulator({ fixture: { clientes: [expected] }, ...credentials });
    expect((await clientes(app, {})).json()).toEqual({
      paginacao: { offset: 0, limit: 100, parcial: 1, total: 1 },
      clientes: [expected],
    });
  });
});

describe('SGP simulator: GET /api/fttx/splitter/all/', () => {
  it('lists the CTOs of the data with their busy ports, behind token and app in the query', async () => {
    const app = await createSgpSimulator({
      fixture: {
        clientes: [cliente('Ana', [{ code: 1, status: 'Ativo' }]), cliente('Bia', [{ code: 2, status: 'Ativo' }])],
      },
      ...credentials,
    });
    await app.inject({ method: 'PATCH', url: '/__sim/contracts/2', payload: { porta: 12 } });
    const response = await app.inject(`/api/fttx/splitter/all/?token=${credentials.token}&app=${credentials.app}`);
    expect(response.json()).toEqual([
      expect.objectContaining({ id: 1, ident: 'NOME', ports: 16, busy_ports: ['1', '12'], onu_count: 2 }),
    ]);
    expect((await app.inject('/api/fttx/splitter/all/?token=x&app=y')).statusCode).toBe(403);
  });
});

describe('SGP simulator: /__sim/ test routes', () => {
  it('PATCH /__sim/contracts/:code edits status, name, RX, connection, CTO, port and address', async () => {
    const app = await simulator();
    const patch = await app.inject({
      method: 'PATCH',
      url: '/__sim/contracts/1',
      payload: {
        status: 3,
        nome: 'Ana Maria',
        rx: '-21,5',
        online: false,
        cto: 'CTO-NOVA-01',
        porta: 5,
        latitude: '-21.1',
        logradouro: 'Rua Nova',
      },
    });
    expect(patch.statusCode).toBe(204);
    const record = (await clientes(app, { contrato: 1 })).json().clientes[0];
    const service = record.contratos[0].servicos[0];
    expect(record.nome).toBe('Ana Maria');
    expect(record.contratos[0].status).toBe('Cancelado');
    expect(service.onu).toMatchObject({
      rx: '-21,5',
      conexao: { status: 'offline' },
      splitter: { nome: 'CTO-NOVA-01', porta: 5, id: 2 },
    });
    expect(service.endereco).toMatchObject({ latitude: '-21.1', logradouro: 'Rua Nova' });
  });

  it('PATCH answers 404 for an unknown contract and 400 naming an unknown field', async () => {
    const app = await simulator();
    const missing = await app.inject({ method: 'PATCH', url: '/__sim/contracts/999999', payload: { nome: 'x' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'contract-not-found', contract: '999999' });
    const bad = await app.inject({
      method: 'PATCH',
      url: '/__sim/contracts/1',
      payload: { rx: '-20', colour: 'blue' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid-contract-edit' });
    expect(bad.json().message).toContain('colour');
  });

  it('DELETE /__sim/contracts/:code makes a contract vanish, and its client when it was the last one', async () => {
    const app = await simulator();
    expect((await app.inject({ method: 'DELETE', url: '/__sim/contracts/2' })).statusCode).toBe(204);
    expect((await clientes(app, { contrato: 2 })).json().paginacao.total).toBe(0);
    expect(codes((await clientes(app, { contrato: 1 })).json())).toEqual([1]);
    await app.inject({ method: 'DELETE', url: '/__sim/contracts/3' });
    const state = (await app.inject('/__sim/state')).json();
    expect(state.clientes.map((c: { nome?: string }) => c.nome)).not.toContain('Bruno');
  });

  it('PUT replaces all records, POST appends one, GET /__sim/state shows them live', async () => {
    const app = await simulator();
    const replaced = await app.inject({
      method: 'PUT',
      url: '/__sim/clientes',
      payload: { clientes: [cliente('Única', [{ code: 7, status: 'Novo' }])] },
    });
    expect(replaced.statusCode).toBe(204);
    const appended = await app.inject({ method: 'POST', url: '/__sim/clientes', payload: { nome: 'Sem nada' } });
    expect(appended.statusCode).toBe(201);
    const state = (await app.inject('/__sim/state')).json();
    expect(state.clientes.map((c: { nome: string }) => c.nome)).toEqual(['Única', 'Sem nada']);
    expect((await clientes(app, {})).json().paginacao.total).toBe(2);
  });

  it('never changes the fixture object it was given', async () => {
    const given = fixture();
    const before = JSON.stringify(given);
    const app = await createSgpSimulator({ fixture: given, ...credentials });
    await app.inject({ method: 'PATCH', url: '/__sim/contracts/1', payload: { nome: 'Outra' } });
    expect(JSON.stringify(given)).toBe(before);
  });

  it('counts SGP requests and faults them through the shared hooks', async () => {
    const app = await simulator();
    await app.inject({
      method: 'POST',
      url: '/__sim/faults',
      payload: { rules: [{ fault: { kind: 'html200' }, when: 'before', sequence: [1] }] },
    });
    expect((await clientes(app, {})).headers['content-type']).toContain('text/html');
    expect((await clientes(app, {})).statusCode).toBe(200);
    expect((await app.inject('/__sim/counters')).json().counts).toEqual({ 'POST /api/ura/clientes/': 2 });
  });
});
