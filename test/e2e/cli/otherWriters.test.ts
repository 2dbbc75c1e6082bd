import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OzmapState } from '../../../sim/ozmap/ozmapFixture.ts';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../../support/ozmapRecords.ts';
import { startCliRig, writesOf, type CliRig } from './cliRig.ts';

/**
 * R9.1 and R9.3 end to end: field policies and exclusions through `plan`, `sync --once`,
 * `exclude` and `history`, run as child processes against the simulators.
 */

const on = (port: number) => ({ connections: [{ id: 'sA', port, fiber: `f${port}` }] });
const handCoords = [-38.5, -3.7];
const OZMAP = ozmapFixture({
  boxes: [box('bA', 'CTO-A'), box('bB', 'CTO-B')],
  splitters: [splitter('sA', 'bA'), splitter('sB', 'bB')],
  properties: [
    // 301: a field team placed the house and corrected the address by hand.
    property('p301', 'bA', 'c301', { ...on(1), coords: handCoords, address: 'Rua das Flores, 10 (fundos)' }),
    // 302: no coordinates in OZmap yet.
    property('p302', 'bA', 'c302', { ...on(2), coords: null }),
    property('p303', 'bA', 'c303', { ...on(3), potencyRead: -30 }),
    property('p304', 'bA', 'c304', on(4)),
    property('p305', 'bB', 'c305', { connections: [{ id: 'sB', port: 1, fiber: 'g1' }] }),
  ],
  ftthClients: [
    ftthClient('c301', '301'),
    ftthClient('c302', '302'),
    ftthClient('c303', '303', { name: 'Nome antigo 303' }),
    ftthClient('c304', '304', { name: 'Nome antigo 304' }),
    ftthClient('c305', '305', { name: 'Nome antigo 305' }),
  ],
});
const SGP = sgpFixture(
  { code: 301, cto: 'CTO-A', porta: 1 },
  { code: 302, cto: 'CTO-A', porta: 2 },
  { code: 303, cto: 'CTO-A', porta: 3 },
  { code: 304, cto: 'CTO-A', porta: 4 },
  { code: 305, cto: 'CTO-B', porta: 1 },
  { code: 306, cto: 'CTO-B', porta: 2 },
);
// Coordinates fill in, the address belongs to OZmap, RX is off by its old flag.
const POLICIES = { FIELD_POLICY_COORDS: 'fill', FIELD_POLICY_ADDRESS: 'ozmap', UPDATE_RX: 'false' };
const SGP_COORDS = [-38.526669, -3.731862];
const HOOK = 90_000;

let rig: CliRig;
beforeAll(async () => {
  rig = await startCliRig({ sgpFixture: SGP, ozmapFixture: OZMAP, env: POLICIES });
});
afterAll(async () => {
  await rig.close();
});

const client = (state: OzmapState, id: string) => state.ftthClients.find((c) => c.id === id);
const prop = (state: OzmapState, id: string) => state.properties.find((p) => p.id === id);

describe('R9 field policies and exclusions through the CLI', () => {
  let plan: { code: number; stdout: string };
  let state: OzmapState;
  let writes: Record<string, number>;
  beforeAll(async () => {
    expect((await rig.cli(['exclude', 'add', '--contract', '304', '--reason', 'migração'])).code).toBe(0);
    expect((await rig.cli(['exclude', 'add', '--box', 'CTO-B'])).code).toBe(0);
    plan = await rig.cli(['plan']);
    await rig.resetCounters();
    expect((await rig.cli(['sync', '--once'])).code).toBe(0);
    state = await rig.ozmapState();
    writes = writesOf(await rig.ozmapCounters());
  }, HOOK);

  it('R9.3 exclude list shows each exclusion in force with who set it and why', async () => {
    const list = await rig.cli(['exclude', 'list']);
    expect(list.stdout).toContain('2 exclusions in force');
    expect(list.stdout).toMatch(/contract +304 +"migração" \(by cli:/);
    expect(list.stdout).toMatch(/box +CTO-B/);
  });

  it('R9.1 plan names the policies that are not sgp, and each update says which policy decided its field', () => {
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('field policies (others sgp): potencyRead=off, coords=fill, address=ozmap, onu=off');
    expect(plan.stdout).toMatch(/update {2}302 {2}coords \(fill\): null -> /);
    expect(plan.stdout).toMatch(/update {2}303 {2}name \(sgp\): "Nome antigo 303" -> "Cliente 303"/);
  });

  it('R9.2 plan lists the differences known and not written, with their cause', () => {
    expect(plan.stdout).toContain('exclusions: contract 304, box CTO-B (read, never written)');
    expect(plan.stdout).toMatch(/drift: 4 differences known and not written/);
    expect(plan.stdout).toMatch(/301 {2}coords: OZmap .* \(policy-fill\)/);
    expect(plan.stdout).toMatch(/301 {2}address: OZmap "Rua das Flores, 10 \(fundos\)", SGP .* \(policy-ozmap\)/);
    expect(plan.stdout).toMatch(/304 {2}name: .* \(excluded: contract 304 is excluded \(migração\)/);
    expect(plan.stdout).toMatch(/305 {2}name: .* \(excluded: box CTO-B is excluded/);
  });

  it('R9.1 sync: fill writes only the empty coordinates, ozmap and off leave OZmap as it is, sgp writes', () => {
    expect(prop(state, 'p301')).toMatchObject({ coords: handCoords, address: 'Rua das Flores, 10 (fundos)' });
    expect(prop(state, 'p302')?.coords).toEqual(SGP_COORDS);
    expect(prop(state, 'p303')?.potencyRead).toBe(-30);
    expect(client(state, 'c303')?.name).toBe('Cliente 303');
  });

  it('R9.3 sync: nothing is written for an excluded contract or on an excluded box, nothing created there', () => {
    expect(client(state, 'c304')?.name).toBe('Nome antigo 304');
    expect(client(state, 'c305')?.name).toBe('Nome antigo 305');
    expect(state.ftthClients.some((c) => String(c.code) === '306')).toBe(false);
    expect(writes).toEqual({ 'PATCH /api/v2/ftth-clients/:id': 1, 'PATCH /api/v2/properties/:id': 1 });
  });

  it(
    'R9.3 the trail says the contract is excluded; lifting the exclusion lets the next sync write it',
    async () => {
      const details = async () =>
        (await rig.contractEvents('304'))
          .filter((e) => e.type === 'AuditNoteRecorded')
          .map((e) => (e.data as { detail: string }).detail);
      expect((await details()).some((d) => d.includes('contract 304 is excluded (migração)'))).toBe(true);
      expect((await rig.cli(['exclude', 'remove', '--contract', '304'])).code).toBe(0);
      expect((await rig.cli(['sync', '--once'])).code).toBe(0);
      expect(client(await rig.ozmapState(), 'c304')?.name).toBe('Cliente 304');
      expect((await details()).some((d) => d.includes('no longer excluded'))).toBe(true);
      const events = await rig.events('exclusions');
      expect(events.map((e) => e.type)).toEqual(['ExclusionAdded', 'ExclusionAdded', 'ExclusionRemoved']);
    },
    HOOK,
  );
});
