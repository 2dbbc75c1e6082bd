import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OzmapState } from '../../../sim/ozmap/ozmapFixture.ts';
import { buildTimeline, type TimelineEntry } from '../../../src/projections/timeline.ts';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../../support/ozmapRecords.ts';
import { startCliRig, type CliResult, type CliRig } from './cliRig.ts';
import { SIM } from '../../support/engineHarness.ts';

/**
 * Issue 14, the longer life of a contract, through `bin/sgp-ozmap` against the simulators:
 * cancel -> reactivate -> cancel again (R5.8, R5.5), and a client created unconnected that is
 * connected once a splitter is installed in its box (R4.8 connect later).
 *
 * 501 and 502 sit on ports 1 and 2 of CTO-A. 601 has no client yet and 602 a client made by hand,
 * both on CTO-B, which has no splitter until phase 1.
 */
const on = (port: number, extra: Record<string, unknown> = {}) => ({
  connections: [{ id: 'sA', port, fiber: `f${port}` }],
  ...extra,
});
const OZMAP = ozmapFixture({
  boxes: [box('bA', 'CTO-A'), box('bB', 'CTO-B')],
  splitters: [
    { ...splitter('sA', 'bA'), connectables: { input: [], output: ['f1', 'f2', null, null, null, null, null, null] } },
  ],
  properties: [
    property('p501', 'bA', 'c501', on(1)),
    property('p502', 'bA', 'c502', on(2)),
    property('p602', 'bB', 'c602'),
  ],
  ftthClients: [ftthClient('c501', '501'), ftthClient('c502', '502'), ftthClient('c602', '602')],
});
const SGP = sgpFixture(
  { code: 501, cto: 'CTO-A', porta: 1 },
  { code: 502, cto: 'CTO-A', porta: 2 },
  { code: 601, cto: 'CTO-B', porta: 1 },
  { code: 602, cto: 'CTO-B', porta: 2 },
);

let rig: CliRig;
const HOOK = 90_000;
const prop = (state: OzmapState, id: string) => state.properties.find((p) => p.id === id);
const clientsOf = (state: OzmapState, code: string) => state.ftthClients.filter((c) => c.code === code);
const propertyOf = (state: OzmapState, code: string) =>
  state.properties.find((p) => p.client === clientsOf(state, code)[0]?.id);

describe('issue 14: reactivation, connect later, a second cancellation', () => {
  let reactivated: CliResult;
  let afterReactivation: OzmapState;
  let secondCancel: CliResult;
  let afterSecondCancel: OzmapState;
  let trail501: TimelineEntry[];
  let trail502: TimelineEntry[];
  let trail602: TimelineEntry[];
  beforeAll(async () => {
    rig = await startCliRig({ sgpFixture: SGP, ozmapFixture: OZMAP });
    // Phase 0: all active; 601 is created unconnected (CTO-B has no splitter).
    expect((await rig.cli(['sync', '--once'])).code).toBe(0);
    // Phase 1: 501 and 502 cancelled; a splitter is installed in CTO-B.
    await rig.editSgp(501, { status: 3 });
    await rig.editSgp(502, { status: 3 });
    const added = await rig.ozmap.inject({
      method: 'POST',
      url: '/api/v2/splitters',
      headers: { authorization: SIM.key },
      payload: { name: 'SPL-B', parent: 'bB', project: 'p1', isDrop: true, ratio: { input: 1, output: 8 } },
    });
    expect(added.statusCode).toBe(201);
    expect((await rig.cli(['cancel', '--once'])).code).toBe(0);
    // Phase 2: both reactivated, 502 on another port.
    // Renamed on its return: the second line must differ from the first even within one minute.
    await rig.editSgp(501, { status: 1, nome: 'Ana Volta' });
    await rig.editSgp(502, { status: 1, porta: 3 });
    reactivated = await rig.cli(['sync', '--once']);
    afterReactivation = await rig.ozmapState();
    // Phase 3: 501 cancelled again.
    await rig.editSgp(501, { status: 3 });
    secondCancel = await rig.cli(['cancel', '--once']);
    afterSecondCancel = await rig.ozmapState();
    trail501 = buildTimeline(await rig.contractEvents(501));
    trail502 = buildTimeline(await rig.contractEvents(502));
    trail602 = buildTimeline(await rig.contractEvents(602));
  }, HOOK);
  afterAll(async () => {
    await rig.close();
  });

  it('R5.8 a contract reactivated after an implanted cancellation gets a new client on its own previous property', () => {
    expect(reactivated.code).toBe(0);
    expect(clientsOf(afterReactivation, '501')).toHaveLength(1);
    expect(propertyOf(afterReactivation, '501')?.id).toBe('p501');
    expect(prop(afterReactivation, 'p501')?.connections).toEqual([expect.objectContaining({ id: 'sA', port: 1 })]);
  });

  it('R5.8 a previous property on another port is not reused: the normal creation rules apply', () => {
    expect(clientsOf(afterReactivation, '502')).toHaveLength(1);
    const created = propertyOf(afterReactivation, '502');
    expect(created?.id).not.toBe('p502');
    expect(created?.connections).toEqual([expect.objectContaining({ id: 'sA', port: 3 })]);
  });

  it('R5.8 the trail says which it was and why', () => {
    expect(trail501.filter((e) => e.kind === 'created').at(-1)?.summary).toMatch(/reactivat.*previous property p501/);
    expect(trail502.filter((e) => e.kind === 'issued').at(-1)?.summary).toMatch(
      /previous property p502 not reused.*port 2.*port 3/,
    );
  });

  it('R4.8 connect later: unconnected clients (created by the service or by hand) are connected once their box has the splitter port', () => {
    for (const [code, port] of [
      ['601', 1],
      ['602', 2],
    ] as const) {
      expect(propertyOf(afterReactivation, code)?.connections).toEqual([expect.objectContaining({ port })]);
    }
    expect(trail602.map((e) => e.summary).join('\n')).toMatch(/connected to box "CTO-B", splitter "SPL-B" port 2/);
  });

  it('R5.5 cancelled again, 501 gets a second line of its own on its property', () => {
    expect(secondCancel.code).toBe(0);
    expect(clientsOf(afterSecondCancel, '501')).toEqual([]);
    expect(
      (prop(afterSecondCancel, 'p501')?.observation ?? '').split('\n').filter((l) => l.includes('(código 501)')),
    ).toHaveLength(2);
  });
});
