import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OzmapState } from '../../../sim/ozmap/ozmapFixture.ts';
import { buildTimeline, type TimelineEntry } from '../../../src/projections/timeline.ts';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../../support/ozmapRecords.ts';
import { startCliRig, type CliResult, type CliRig } from './cliRig.ts';

/**
 * R4.8 moves end to end (issue 14), with MOVE_ON_CTO_CHANGE=true: 701 to another box, 702 to
 * another port of its box, 703/704 swap ports (both held: a person does the swap), 705 to a
 * taken port and 706 to a port the box does not have (held). The first move's answer is lost:
 * the next run neither moves again nor loses a port.
 */
const conn = (s: string, port: number) => ({ connections: [{ id: s, port, fiber: `${s}-f${port}` }] });
const outputs = (s: string, taken: number[]) =>
  Array.from({ length: 8 }, (_, i) => (taken.includes(i + 1) ? `${s}-f${i + 1}` : null));
const OZMAP = ozmapFixture({
  boxes: [box('bA', 'CTO-A'), box('bB', 'CTO-B')],
  splitters: [
    { ...splitter('sA', 'bA'), connectables: { input: [], output: outputs('sA', [1, 2, 3, 4, 6, 7]) } },
    { ...splitter('sB', 'bB'), connectables: { input: [], output: outputs('sB', [2]) } },
  ],
  properties: [
    ...[1, 2, 3, 4].map((n) => property(`p70${n}`, 'bA', `c70${n}`, conn('sA', n))),
    property('p705', 'bA', 'c705', conn('sA', 6)),
    property('p706', 'bA', 'c706', conn('sA', 7)),
    property('pX', 'bB', null, conn('sB', 2)),
  ],
  ftthClients: [1, 2, 3, 4, 5, 6].map((n) => ftthClient(`c70${n}`, `70${n}`)),
});
const SGP = sgpFixture(
  { code: 701, cto: 'CTO-A', porta: 1 },
  { code: 702, cto: 'CTO-A', porta: 2 },
  { code: 703, cto: 'CTO-A', porta: 3 },
  { code: 704, cto: 'CTO-A', porta: 4 },
  { code: 705, cto: 'CTO-A', porta: 6 },
  { code: 706, cto: 'CTO-A', porta: 7 },
);
const MOVE = { MOVE_ON_CTO_CHANGE: 'true' };

let rig: CliRig;
const HOOK = 90_000;
const placeOf = (state: OzmapState, id: string) =>
  state.properties.find((p) => p.id === id)?.connections.map((c) => `${c.id}:${c.port}`);
const fiberAt = (state: OzmapState, s: string, port: number) =>
  state.splitters.find((x) => x.id === s)?.connectables?.output?.[port - 1] ?? null;

describe('R4.8 moves with MOVE_ON_CTO_CHANGE=true', () => {
  let planOff: CliResult;
  let lost: CliResult;
  let again: CliResult;
  let state: OzmapState;
  const trails: Record<string, TimelineEntry[]> = {};
  beforeAll(async () => {
    rig = await startCliRig({ sgpFixture: SGP, ozmapFixture: OZMAP });
    expect((await rig.cli(['sync', '--once'])).code).toBe(0);
    await rig.editSgp(701, { cto: 'CTO-B', porta: 1 });
    await rig.editSgp(702, { porta: 5 });
    await rig.editSgp(703, { porta: 4 });
    await rig.editSgp(704, { porta: 3 });
    await rig.editSgp(705, { cto: 'CTO-B', porta: 2 });
    await rig.editSgp(706, { porta: 20 });
    planOff = await rig.cli(['plan']);
    // Each property write is applied, then its answer lost.
    await rig.faults('ozmap', {
      rules: [
        {
          match: { method: 'PATCH', route: '/api/v2/properties' },
          fault: { kind: 'status', status: 503 },
          when: 'after',
        },
      ],
    });
    lost = await rig.cli(['sync', '--once'], MOVE);
    await rig.faults('ozmap', null);
    again = await rig.cli(['sync', '--once'], MOVE);
    state = await rig.ozmapState();
    for (const code of ['701', '702', '703', '704', '705', '706'])
      trails[code] = buildTimeline(await rig.contractEvents(code));
  }, HOOK);
  afterAll(async () => {
    await rig.close();
  });

  it('R4.8 with the option off, plan counts the contracts whose connection differs from SGP', () => {
    expect(planOff.code).toBe(0);
    expect(planOff.stdout).toContain('6 contracts sit on another box or port than SGP gives (MOVE_ON_CTO_CHANGE off)');
  });

  it("R4.8 moved to the new box's splitter port, the old port freed; a lost answer moves nothing twice", () => {
    expect(lost.stdout).toContain('failed=2');
    expect(again.code).toBe(0);
    expect(placeOf(state, 'p701')).toEqual(['sB:1']);
    expect(placeOf(state, 'p702')).toEqual(['sA:5']);
    expect(fiberAt(state, 'sA', 1)).toBeNull();
    expect(fiberAt(state, 'sA', 2)).toBeNull();
  });

  it('R4.8 the trail shows from -> to, once', () => {
    const moves = trails['701']!.filter((e) => /moved from/.test(e.summary));
    expect(moves).toHaveLength(1);
    expect(moves[0]?.summary).toContain(
      'box "CTO-A", splitter "SPL-sA" port 1 -> box "CTO-B", splitter "SPL-sB" port 1',
    );
  });

  it('R4.8 a swap holds both contracts, with a reason saying a person must do it, recorded once', () => {
    for (const code of ['703', '704']) {
      const held = trails[code]!.filter((e) => e.kind === 'note' && /move held/.test(e.summary));
      expect(held).toHaveLength(1);
      expect(held[0]?.summary).toMatch(/a swap, which a person must do/);
    }
    expect(placeOf(state, 'p703')).toEqual(['sA:3']);
    expect(placeOf(state, 'p704')).toEqual(['sA:4']);
  });

  it('R4.8 a taken or missing target port holds the move, with its reason once', () => {
    expect(trails['705']!.filter((e) => /move held/.test(e.summary)).map((e) => e.summary)).toEqual([
      expect.stringMatching(/taken by property pX/),
    ]);
    expect(trails['706']!.filter((e) => /move held/.test(e.summary)).map((e) => e.summary)).toEqual([
      expect.stringMatching(/port 20 does not exist/),
    ]);
    expect(placeOf(state, 'p705')).toEqual(['sA:6']);
  });
});
