import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OzmapState } from '../../../sim/ozmap/ozmapFixture.ts';
import { sgpFixture, type ContractSpec } from '../../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../../support/ozmapRecords.ts';
import { startCliRig, writesOf, type CliResult, type CliRig } from './cliRig.ts';

/**
 * R1.6 end to end: 150 SGP clients in two pages, the second answering an HTML page with status
 * 200 on every attempt. 501 (drifted) and 502 (cancelled) are on page 1; 650 (drifted) on
 * page 2. Then a wrong SGP token.
 */

const specs: ContractSpec[] = Array.from({ length: 150 }, (_, i) => ({ code: 501 + i, cto: null }));
specs[0] = { code: 501, nome: 'Nome SGP 501', cto: 'CTO-A', porta: 1 };
specs[1] = { code: 502, status: 'Cancelado', cto: 'CTO-A', porta: 2 };
specs[149] = { code: 650, nome: 'Nome SGP 650', cto: 'CTO-A', porta: 3 };
const on = (port: number) => ({ connections: [{ id: 'sA', port, fiber: `f${port}` }] });
const OZMAP = ozmapFixture({
  boxes: [box('bA', 'CTO-A')],
  splitters: [splitter('sA', 'bA')],
  properties: [
    property('p501', 'bA', 'c501', on(1)),
    property('p502', 'bA', 'c502', on(2)),
    property('p650', 'bA', 'c650', on(3)),
  ],
  ftthClients: [
    ftthClient('c501', '501', { name: 'Antigo 501' }),
    ftthClient('c502', '502'),
    ftthClient('c650', '650', { name: 'Antigo 650' }),
  ],
});
/** Every SGP request after the first page (the second page and all its retries) gets HTML. */
const SECOND_PAGE_HTML = {
  rules: [
    {
      match: { route: '/api/ura/clientes/' },
      fault: { kind: 'html200' },
      when: 'before',
      sequence: Array.from({ length: 30 }, (_, i) => i + 2),
    },
  ],
};

let rig: CliRig;
beforeAll(async () => {
  rig = await startCliRig({ sgpFixture: sgpFixture(...specs), ozmapFixture: OZMAP });
});
afterAll(async () => {
  await rig.close();
});

const HOOK = 60_000;
const client = (state: OzmapState, id: string) => state.ftthClients.find((c) => c.id === id);

describe('R1.6 an SGP page that keeps answering HTML with status 200', () => {
  let sync: CliResult;
  let afterSync: OzmapState;
  let cancel: CliResult;
  let cancelWrites: Record<string, number>;
  beforeAll(async () => {
    await rig.faults('sgp', SECOND_PAGE_HTML);
    sync = await rig.cli(['sync', '--once']);
    afterSync = await rig.ozmapState();
    await rig.faults('sgp', SECOND_PAGE_HTML);
    await rig.resetCounters();
    cancel = await rig.cli(['cancel', '--once']);
    cancelWrites = writesOf(await rig.ozmapCounters());
  }, HOOK);

  it('R1.6 sync exits 3 and says the cycle was incomplete', () => {
    expect(sync.code).toBe(3);
    expect(sync.stdout).toMatch(/^sync cycle \S+: incomplete/);
  });

  it('R1.6 the contracts that were read are still updated; the ones not read are left alone', () => {
    expect(client(afterSync, 'c501')?.name).toBe('Nome SGP 501');
    expect(client(afterSync, 'c650')?.name).toBe('Antigo 650');
  });

  it('R1.6 cancel exits 3 and removes nothing', async () => {
    expect(cancel.code).toBe(3);
    expect(cancelWrites).toEqual({});
    expect(client(await rig.ozmapState(), 'c502')).toBeDefined();
  });

  it('R5.7 an incomplete sweep vanishes no contract it did not read', async () => {
    expect((await rig.contractEvents(650)).map((e) => e.type)).not.toContain('SgpContractVanished');
  });
});

describe('a wrong SGP token', () => {
  const TOKEN = 'wrong-secret-9d1e77';
  let result: CliResult;
  beforeAll(async () => {
    await rig.faults('sgp', null);
    result = await rig.cli(['sync', '--once'], { SGP_TOKEN: TOKEN });
  }, HOOK);

  it('CONFIG exits 1 with a message naming SGP_TOKEN and SGP_APP', () => {
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain('check SGP_TOKEN and SGP_APP');
  });

  it('CONFIG the token itself appears nowhere in the output', () => {
    expect(result.stdout).not.toContain(TOKEN);
    expect(result.stderr).not.toContain(TOKEN);
  });
});
