import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../../support/ozmapRecords.ts';
import { startCliRig, type CliRig } from './cliRig.ts';

/**
 * `plan --code N` answers "why not N" for one contract (issue 12, point 7): the skip reason with
 * its detail even when it was already recorded, or that it is in sync. The other answers (what
 * would be done, not listed, rejected, held) are unit tests of `explainContract`.
 */
const SGP = sgpFixture(
  { code: 201, cto: 'CTO-NOWHERE', porta: 1 },
  { code: 202, nome: 'Cliente 202', cto: 'CTO-A', porta: 2, rx: '-21.50', online: 'online' },
  { code: 203, cto: 'CTO-A', porta: 3 },
);
const OZMAP = ozmapFixture({
  boxes: [box('bA', 'CTO-A')],
  splitters: [splitter('sA', 'bA')],
  properties: [property('p202', 'bA', 'c202', { connections: [{ id: 'sA', port: 2, fiber: 'f2' }] })],
  ftthClients: [ftthClient('c202', '202')],
});

let rig: CliRig;
const HOOK = 60_000;
beforeAll(async () => {
  rig = await startCliRig({ sgpFixture: SGP, ozmapFixture: OZMAP });
}, HOOK);
afterAll(async () => {
  await rig.close();
});

describe('plan --code N', () => {
  it(
    'after a sync recorded its skip: still says why it is not created, with the detail',
    async () => {
      expect((await rig.cli(['sync', '--once'])).code).toBe(0);
      const { code, stdout } = await rig.cli(['plan', '--code', '201']);
      expect(code).toBe(0);
      expect(stdout).toContain(
        'contract 201: not created (box-not-found): no OZmap box named "CTO-NOWHERE" (SGP CTO "CTO-NOWHERE") [R2.3]',
      );
    },
    HOOK,
  );

  it(
    'a contract whose client matches SGP is in sync, with its OZmap ids',
    async () => {
      const { code, stdout } = await rig.cli(['plan', '--code', '202']);
      expect(code).toBe(0);
      expect(stdout).toContain(
        'contract 202: in sync: OZmap client c202 (property p202) is as SGP asks; nothing to do',
      );
    },
    HOOK,
  );
});
