import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateFixtures } from '../../sim/generate/generateFixtures.ts';
import { ozmapFixtureSchema } from '../../sim/ozmap/ozmapFixture.ts';
import { sgpStatusCode } from '../../sim/sgp/sgpStatusCode.ts';

type Json = Record<string, unknown>;
const official = JSON.parse(
  readFileSync(new URL('../fixtures/sgp/ura_clientes_postman_official.json', import.meta.url), 'utf8'),
);
const sample = official.clientes[0];
const sampleContract = sample.contratos[0];
const sampleService = sampleContract.servicos[0];

const keys = (value: unknown) => Object.keys(value as Json).sort();
const without = (value: Json, ...drop: string[]) => keys(value).filter((k) => !drop.includes(k));

const generated = generateFixtures({ contracts: 2000, seed: 42 });
const clientes = generated.sgp.clientes as Json[];
const contracts = clientes.flatMap((c) => c.contratos as Json[]);
const services = contracts.flatMap((k) => k.servicos as Json[]);
const ftthOf = (contract: Json) => (contract.servicos as Json[]).find((s) => (s.onu as Json | undefined)?.splitter);

describe('generateFixtures', () => {
  it('is reproducible: the same seed gives byte-identical JSON, another seed other data', () => {
    const again = generateFixtures({ contracts: 2000, seed: 42 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(generated));
    expect(JSON.stringify(generateFixtures({ contracts: 2000, seed: 43 }).sgp)).not.toBe(JSON.stringify(generated.sgp));
  });

  it('generates exactly the requested number of contracts, with unique codes', () => {
    expect(contracts).toHaveLength(2000);
    expect(new Set(contracts.map((k) => k.contrato)).size).toBe(2000);
  });

  it('writes every SGP record in the official shape (as returned with exibir_conexao and omitir_titulos)', () => {
    for (const cliente of clientes) {
      expect(keys(cliente)).toEqual(without(sample, 'titulos'));
      expect(keys(cliente.endereco)).toEqual(keys(sample.endereco));
      for (const contract of cliente.contratos as Json[]) expect(keys(contract)).toEqual(keys(sampleContract));
    }
    for (const service of services) {
      // Services without an ONU (telephony, radio) come without the key.
      expect(keys(service)).toEqual(service.onu === undefined ? without(sampleService, 'onu') : keys(sampleService));
      expect(keys(service.endereco)).toEqual(keys(sampleService.endereco));
      if (service.onu !== undefined) expect(keys(service.onu)).toEqual(keys(sampleService.onu));
    }
  });

  it('passes the OZmap simulator fixture schema', () => {
    const parsed = ozmapFixtureSchema.safeParse(generated.ozmap);
    expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
  });

  it('uses every status text in realistic proportions, mostly "Ativo"', () => {
    const byText = new Map<unknown, number>();
    for (const k of contracts) byText.set(k.status, (byText.get(k.status) ?? 0) + 1);
    const share = (text: string) => (byText.get(text) ?? 0) / contracts.length;
    expect(share('Ativo')).toBeGreaterThan(0.6);
    expect(share('Suspenso')).toBeGreaterThan(0.05);
    expect(share('Cancelado')).toBeGreaterThan(0.05);
    for (const text of ['Inativo', 'Novo', 'Ativo V. Reduzida', 'Inviabilidade Técnica', 'Bloqueado', ' ATIVO ']) {
      expect(byText.get(text), text).toBeGreaterThan(0);
    }
    expect(contracts.some((k) => sgpStatusCode(k.status) === undefined)).toBe(true);
  });

  it('leaves 20-40% of contracts without coordinates and mixes RX formats and placeholders', () => {
    const located = (k: Json) => {
      const service = (k.servicos as Json[])[0] as Json;
      const owner = clientes.find((c) => (c.contratos as Json[]).includes(k)) as Json;
      return (service.endereco as Json).latitude !== '' || (owner.endereco as Json).latitude !== '';
    };
    const missing = contracts.filter((k) => !located(k)).length / contracts.length;
    expect(missing).toBeGreaterThan(0.2);
    expect(missing).toBeLessThan(0.4);
    const rx = contracts.map(ftthOf).flatMap((s) => (s ? [(s.onu as Json).rx as string] : []));
    expect(rx.some((r) => /^-(1[89]|2\d),\d\d$/.test(r))).toBe(true);
    expect(rx.some((r) => /^-(1[89]|2\d)\.\d\d$/.test(r))).toBe(true);
    expect(rx).toContain('');
    expect(rx).toContain('-99.999');
  });

  it('has contracts without an FTTH service, without a port, clients with several contracts and services', () => {
    expect(contracts.some((k) => ftthOf(k) === undefined)).toBe(true);
    expect(
      contracts.some((k) => ((ftthOf(k)?.onu as Json | undefined)?.splitter as Json | undefined)?.porta === null),
    ).toBe(true);
    expect(clientes.some((c) => (c.contratos as Json[]).length > 1)).toBe(true);
    expect(contracts.some((k) => (k.servicos as Json[]).length > 1)).toBe(true);
  });

  it('builds OZmap with missing, renamed and duplicated boxes, varied splitters and taken ports', () => {
    const { boxes = [], splitters = [] } = generated.ozmap;
    const boxNames = boxes.map((b) => b.name);
    const ctoNames = new Set(
      contracts.flatMap((k) => ((ftthOf(k)?.onu as Json | undefined)?.splitter as Json | undefined)?.nome ?? []),
    );
    expect([...ctoNames].some((n) => !boxNames.includes(n as string))).toBe(true);
    expect(
      [...ctoNames].some((n) => boxNames.includes((n as string).toLowerCase()) && n !== (n as string).toLowerCase()),
    ).toBe(true);
    expect(boxNames.length).toBeGreaterThan(new Set(boxNames).size);
    const parents = new Set(splitters.map((s) => s.parent));
    expect(boxes.some((b) => !parents.has(b.id))).toBe(true);
    expect(splitters.some((s) => s.isDrop && s.ratio.output === 8)).toBe(true);
    expect(splitters.some((s) => s.isDrop && s.ratio.output === 16)).toBe(true);
    expect(splitters.some((s) => !s.isDrop && s.ratio.output === 2)).toBe(true);
    expect(splitters.some((s) => s.ports?.some((p) => p.blocked))).toBe(true);
  });

  it('pre-creates part of the clients on their port, with drift', () => {
    const { ftthClients = [], properties = [] } = generated.ozmap;
    const sgpCodes = new Set(contracts.map((k) => String(k.contrato)));
    const ours = ftthClients.filter((c) => sgpCodes.has(c.code));
    expect(ours.length / contracts.length).toBeGreaterThan(0.3);
    expect(ours.length / contracts.length).toBeLessThan(0.7);
    expect(ftthClients.some((c) => !sgpCodes.has(c.code))).toBe(true);
    const propertyOf = new Map(properties.map((p) => [p.client, p]));
    const connected = ours.filter((c) => (propertyOf.get(c.id)?.connections ?? []).length > 0);
    expect(connected.length / ours.length).toBeGreaterThan(0.8);
    const sgpName = new Map(
      clientes.flatMap((c) =>
        (c.contratos as Json[]).map((k) => [String(k.contrato), String(c.nome).trim().replace(/\s+/g, ' ')]),
      ),
    );
    expect(ours.some((c) => c.name !== sgpName.get(c.code))).toBe(true);
    const statusOf = new Map(contracts.map((k) => [String(k.contrato), sgpStatusCode(k.status)]));
    expect(ours.some((c) => statusOf.get(c.code) === 1 && c.implanted === false)).toBe(true);
    expect(ours.some((c) => [3, 5].includes(statusOf.get(c.code) ?? 0) && c.implanted)).toBe(true);
    expect(ours.some((c) => [3, 5].includes(statusOf.get(c.code) ?? 0) && !c.implanted)).toBe(true);
  });
});

describe('generateFixtures, OZmap records out of the documented forms (ozmapMessPerThousand)', () => {
  const messy = generateFixtures({ contracts: 2000, seed: 42, ozmapMessPerThousand: 3 });
  const edits = messy.ozmap.handEdits ?? [];

  it('is off by default: the clean world is unchanged', () => {
    expect(generated.ozmap.handEdits).toBeUndefined();
    expect(JSON.stringify({ ...messy.ozmap, handEdits: undefined })).toBe(JSON.stringify(generated.ozmap));
  });

  it('edits a few records per thousand, each on a record of the fixture, reproducibly', () => {
    const records = ['boxes', 'splitters', 'properties', 'ftthClients'] as const;
    const total = records.reduce((n, k) => n + (messy.ozmap[k]?.length ?? 0), 0);
    expect(edits.length).toBeGreaterThan(0);
    expect(edits.length / total).toBeLessThan(0.01);
    for (const edit of edits) expect(messy.ozmap[edit.collection]?.some((r) => r.id === edit.id)).toBe(true);
    expect(JSON.stringify(generateFixtures({ contracts: 2000, seed: 42, ozmapMessPerThousand: 3 }))).toBe(
      JSON.stringify(messy),
    );
  });

  it('the simulator serves each edited value verbatim', async () => {
    const { createOzmapSimulator } = await import('../../sim/ozmap/createOzmapSimulator.ts');
    const app = await createOzmapSimulator({ fixture: ozmapFixtureSchema.parse(messy.ozmap), apiKey: 'k' });
    try {
      const state = (await app.inject({ method: 'GET', url: '/__sim/state' })).json() as Record<string, Json[]>;
      for (const edit of edits)
        expect(state[edit.collection]?.find((r) => r.id === edit.id)).toMatchObject(edit.fields);
    } finally {
      await app.close();
    }
  });
});
