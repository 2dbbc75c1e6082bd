import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OzmapState } from '../../../sim/ozmap/ozmapFixture.ts';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../../support/ozmapRecords.ts';
import { startCliRig, type CliResult, type CliRig } from './cliRig.ts';

/**
 * R5.5 end to end, issue 14: a second cancellation of a code whose property already holds the
 * line of an earlier one writes its own line; a retry after a lost answer writes it once, even
 * when the client's name (edited in OZmap) holds a line break.
 */

const OLD_LINE = 'Cliente removido pela integração SGP: Ana Antiga (código 401) em 01/02/2025 10:00';
const on = (port: number, extra: Record<string, unknown> = {}) => ({
  connections: [{ id: 'sA', port, fiber: `f${port}` }],
  ...extra,
});
const OZMAP = ozmapFixture({
  boxes: [box('bA', 'CTO-A')],
  splitters: [
    { ...splitter('sA', 'bA'), connectables: { input: [], output: ['f1', 'f2', null, null, null, null, null, null] } },
  ],
  properties: [
    property('p401', 'bA', 'c401', on(1, { observation: `Poste 3\n${OLD_LINE}` })),
    property('p402', 'bA', 'c402', on(2)),
  ],
  ftthClients: [
    ftthClient('c401', '401', { name: 'Ana Nova' }),
    ftthClient('c402', '402', { name: 'Bia\nSouza\t(loja)' }),
  ],
});
const SGP = sgpFixture(
  { code: 401, nome: 'Ana Nova', cto: 'CTO-A', porta: 1 },
  { code: 402, nome: 'Bia Souza', cto: 'CTO-A', porta: 2 },
);

let rig: CliRig;
const HOOK = 60_000;
const prop = (state: OzmapState, id: string) => state.properties.find((p) => p.id === id);
const linesOf = (state: OzmapState, id: string, code: string) =>
  (prop(state, id)?.observation ?? '').split('\n').filter((l) => l.includes(`(código ${code})`));

describe('R5.5 a second cancellation, and a retry with a name holding a line break', () => {
  let first: CliResult;
  let retry: CliResult;
  let state: OzmapState;
  beforeAll(async () => {
    rig = await startCliRig({ sgpFixture: SGP, ozmapFixture: OZMAP });
    // The service sees both contracts active first: the old line predates that.
    expect((await rig.cli(['sync', '--once'], { UPDATE_NAME: 'false' })).code).toBe(0);
    await rig.editSgp(401, { status: 3 });
    await rig.editSgp(402, { status: 3 });
    // Every property write is applied, then its answer lost: the retry must recognise its line.
    await rig.faults('ozmap', {
      rules: [
        {
          match: { method: 'PATCH', route: '/api/v2/properties' },
          fault: { kind: 'status', status: 503 },
          when: 'after',
        },
      ],
    });
    first = await rig.cli(['cancel', '--once']);
    await rig.faults('ozmap', null);
    retry = await rig.cli(['cancel', '--once']);
    state = await rig.ozmapState();
  }, HOOK);
  afterAll(async () => {
    await rig.close();
  });

  it('both runs end, the first with the lost answers recorded as failures', () => {
    expect(first.stdout).toContain('failed=2');
    expect(retry.code).toBe(0);
    expect(state.ftthClients.map((c) => c.code)).toEqual([]);
  });

  it('R5.5 a line written for an earlier cancellation does not count: the second cancellation writes its own', () => {
    const lines = linesOf(state, 'p401', '401');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(OLD_LINE);
    expect(lines[1]).toMatch(
      /^Cliente removido pela integração SGP: Ana Nova \(código 401\) em \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/,
    );
  });

  it('R5.5 the name is made single-line before it enters the line, and the retry writes it once', () => {
    expect(prop(state, 'p402')?.observation).toMatch(
      /^Cliente removido pela integração SGP: Bia Souza \(loja\) \(código 402\) em \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/,
    );
  });

  it('R6 the trail quotes the line that is on the property', async () => {
    const history = await rig.history('401');
    const cancelled = history.entries.filter((e) => e.kind === 'cancelled');
    expect(cancelled.at(-1)?.details).toMatchObject({ observationLine: linesOf(state, 'p401', '401')[1] });
  });
});
