import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../../support/ozmapRecords.ts';
import { startCliRig, type CliRig } from './cliRig.ts';

/**
 * Issue 18: `plan` says when the writes a sync needs cannot finish within SYNC_INTERVAL at
 * OZMAP_MAX_RPS, and names the RX_DEADBAND_DB that would fit; `doctor` warns from the last
 * recorded sync plan. The arithmetic is unit-tested (writeBudget, writeBudgetCheck); this is the
 * wiring, through bin/sgp-ozmap as an operator runs it.
 */
const SGP = sgpFixture(
  { code: 202, nome: 'Cliente 202', cto: 'CTO-A', porta: 2, rx: '-21.50', online: 'online' },
  { code: 203, nome: 'Cliente 203', cto: 'CTO-A', porta: 3, rx: '-20.00', online: 'online' },
);
const OZMAP = ozmapFixture({
  boxes: [box('bA', 'CTO-A')],
  splitters: [splitter('sA', 'bA')],
  properties: [property('p202', 'bA', 'c202', { connections: [{ id: 'sA', port: 2, fiber: 'f2' }] })],
  ftthClients: [ftthClient('c202', '202')],
});
const SLOW = { OZMAP_MAX_RPS: '0.1', SYNC_INTERVAL: '1s' };
const HOOK = 60_000;

let rig: CliRig;
beforeAll(async () => {
  rig = await startCliRig({ sgpFixture: SGP, ozmapFixture: OZMAP });
}, HOOK);
afterAll(async () => {
  await rig.close();
});

describe('the write budget in plan and doctor (issue 18)', () => {
  it(
    'plan names the deadband that fits an RX-only change; doctor warns from the last sync plan',
    async () => {
      expect((await rig.cli(['sync', '--once'])).code).toBe(0);
      // In sync now, with a comfortable rate: no warning.
      expect((await rig.cli(['plan'])).stdout).not.toContain('WARN');
      await rig.editSgp(202, { rx: '-21.53' });
      const slow = await rig.cli(['plan'], SLOW);
      expect(slow.code).toBe(0);
      expect(slow.stdout).toContain('longer than SYNC_INTERVAL (1 s)');
      expect(slow.stdout).toContain('RX_DEADBAND_DB=0.04 would make them fit');
      expect((await rig.cli(['sync', '--once'], { DRY_RUN: 'true' })).code).toBe(0);
      const doctor = await rig.cli(['doctor'], SLOW);
      expect(doctor.stdout).toMatch(/WARN {2}sync write budget: the last sync cycle .* planned 1 writes/);
    },
    HOOK * 2,
  );
});
