import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OzmapState } from '../../../sim/ozmap/ozmapFixture.ts';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../../support/ozmapRecords.ts';
import { buildTimeline, type TimelineEntry } from '../../../src/projections/timeline.ts';
import { startCliRig, writesOf, type CliResult, type CliRig, type TimelineJson } from './cliRig.ts';

/**
 * R4 end to end: clients that already exist in OZmap (made by hand), drifted in every field the
 * rules update, then edited by hand in OZmap and in SGP between cycles. `sync --once`,
 * `history`, `replay` run as child processes.
 */

const on = (port: number) => ({ connections: [{ id: 'sA', port, fiber: `f${port}` }] });
const OZMAP = ozmapFixture({
  boxes: [box('bA', 'CTO-A'), box('bB', 'CTO-B')],
  splitters: [splitter('sA', 'bA'), splitter('sB', 'bB')],
  properties: [
    property('p201', 'bA', 'c201', { ...on(1), potencyRead: -25, coords: [-38, -3], address: 'Rua Velha, 1' }),
    property('p202', 'bA', 'c202', on(2)),
    property('p203', 'bA', 'c203', on(3)),
    property('p204', 'bA', 'c204', on(4)),
    property('p205', 'bA', 'c205', on(5)),
    property('p206', 'bA', 'c206', { ...on(6), potencyRead: -30 }),
    property('p207', 'bA', 'c207', on(7)),
    property('p208', 'bA', 'c208', on(8)),
  ],
  ftthClients: [
    ftthClient('c201', '201', { name: 'Maria (editada à mão)', implanted: false, status: 1 }),
    ftthClient('c202', '202'),
    ftthClient('c203', '203'),
    ftthClient('c204', '204', { name: 'Nome antigo 204' }),
    ftthClient('c205', '205', { name: 'Nome antigo 205', implanted: false }),
    ftthClient('c206', '206'),
    ftthClient('c207', '207', { implanted: true }),
    ftthClient('c208', '208', { status: 1 }),
  ],
});
const SGP = sgpFixture(
  { code: 201, nome: 'Maria da Silva', cto: 'CTO-A', porta: 1 },
  { code: 202, cto: 'CTO-A', porta: 2 },
  { code: 203, cto: 'CTO-B', porta: 5 },
  { code: 204, status: 'Cancelado', cto: 'CTO-A', porta: 4 },
  { code: 205, status: 'Bloqueado', cto: 'CTO-A', porta: 5 },
  { code: 206, rx: '', cto: 'CTO-A', porta: 6 },
  { code: 207, status: 'Inativo', cto: 'CTO-A', porta: 7 },
  { code: 208, online: null, cto: 'CTO-A', porta: 8 },
);

let rig: CliRig;
beforeAll(async () => {
  rig = await startCliRig({ sgpFixture: SGP, ozmapFixture: OZMAP });
});
afterAll(async () => {
  await rig.close();
});

const HOOK = 60_000;
const client = (state: OzmapState, id: string) => state.ftthClients.find((c) => c.id === id);
const prop = (state: OzmapState, id: string) => state.properties.find((p) => p.id === id);

describe('first sync over drifted clients', () => {
  let result: CliResult;
  let state: OzmapState;
  let writes: Record<string, number>;
  beforeAll(async () => {
    await rig.resetCounters();
    result = await rig.cli(['sync', '--once']);
    state = await rig.ozmapState();
    writes = writesOf(await rig.ozmapCounters());
  }, HOOK);

  it('completes with exit 0 and creates nothing', () => {
    expect(result.code).toBe(0);
    expect(state.ftthClients).toHaveLength(8);
    expect(writes['POST /api/v2/properties']).toBeUndefined();
  });

  it('R4.1 the OZmap name becomes the SGP name', () => {
    expect(client(state, 'c201')?.name).toBe('Maria da Silva');
  });

  it('R4.2 potência lida is written on the property; no reading in SGP leaves it', () => {
    expect(prop(state, 'p201')?.potencyRead).toBe(-21.5);
    expect(prop(state, 'p206')?.potencyRead).toBe(-30);
  });

  it('R4.3 coordinates are written as [lng, lat]', () => {
    expect(prop(state, 'p201')?.coords).toEqual([-38.526669, -3.731862]);
  });

  it('R4.4 the SGP address line replaces the property address', () => {
    expect(prop(state, 'p201')?.address).toBe('Rua das Flores, 10 - Centro, Fortaleza - CE, 60000-000');
  });

  it('R4.5 an active contract is marked implanted, never the reverse', () => {
    expect(client(state, 'c201')?.implanted).toBe(true);
    expect(client(state, 'c207')?.implanted).toBe(true);
  });

  it('R4.6 online -> status 0; unknown connection leaves the status', () => {
    expect(client(state, 'c201')?.status).toBe(0);
    expect(client(state, 'c208')?.status).toBe(1);
  });

  it('R1.3 an unknown status still has its name updated, and is not implanted', () => {
    expect(client(state, 'c205')).toMatchObject({ name: 'Cliente 205', implanted: false });
  });

  it('R4 a cancelled contract is not updated', () => {
    expect(client(state, 'c204')?.name).toBe('Nome antigo 204');
  });

  it('R4.7 one PATCH per object carrying every differing field, none for objects that match', () => {
    // Clients 201 (name, implanted, status) and 205 (name); property 201 (RX, coords, address).
    expect(writes).toEqual({ 'PATCH /api/v2/ftth-clients/:id': 2, 'PATCH /api/v2/properties/:id': 1 });
  });

  it('R4.8 a CTO differing in SGP is not moved in OZmap', () => {
    expect(prop(state, 'p203')).toMatchObject({
      box: 'bA',
      connections: [expect.objectContaining({ id: 'sA', port: 3 })],
    });
  });
});

describe('hand edits in OZmap and edits in SGP, then sync', () => {
  let result: CliResult;
  let state: OzmapState;
  let history201: CliResult;
  let history202: TimelineJson;
  let history203: TimelineEntry[];
  beforeAll(async () => {
    await rig.editOzmap('ftthClients', 'c202', { name: 'Renomeado à mão' });
    await rig.editOzmap('properties', 'p202', { potencyRead: -30.5 });
    await rig.editSgp(201, { rx: '-19.00' });
    await rig.resetCounters();
    result = await rig.cli(['sync', '--once']);
    state = await rig.ozmapState();
    history201 = await rig.cli(['history', '201']);
    history202 = await rig.history('202');
    // Read in process (one CLI start less): 201 and 202 go through the CLI.
    history203 = buildTimeline(await rig.contractEvents(203));
  }, HOOK);

  it('R4 an edit made by hand in OZmap is overwritten with the SGP value', () => {
    expect(result.code).toBe(0);
    expect(client(state, 'c202')?.name).toBe('Cliente 202');
    expect(prop(state, 'p202')?.potencyRead).toBe(-21.5);
    expect(prop(state, 'p201')?.potencyRead).toBe(-19);
  });

  it('R6 history shows the overwritten hand edit with its old and new values', () => {
    const updates = history202.entries.filter((e) => e.kind === 'updated').map((e) => e.summary);
    expect(updates).toContain(
      'OZmap: renamed client from "Renomeado à mão" to "Cliente 202" (hand edit in OZmap overwritten)',
    );
    expect(updates).toContain('OZmap: potência lida RX -30.50 -> -21.50 dBm (hand edit in OZmap overwritten)');
  });

  it("R6 history (text) shows the first sync's fields and the SGP change with old and new values", () => {
    expect(history201.code).toBe(0);
    expect(history201.stdout).toContain(
      '[R4.1] OZmap: renamed client from "Maria (editada à mão)" to "Maria da Silva"',
    );
    expect(history201.stdout).toContain(
      '[R4.4] OZmap: property address changed from "Rua Velha, 1" to "Rua das Flores, 10 - Centro, Fortaleza - CE, 60000-000"',
    );
    expect(history201.stdout).toContain('[R4.2] SGP: RX -21.50 -> -19.00 dBm');
    expect(history201.stdout).toContain('[R4.2] OZmap: potência lida RX -21.50 -> -19.00 dBm (changed in SGP)');
  });

  it('R4.8 the CTO/port divergence is in the audit trail, once', () => {
    const notes = history203.filter((e) => e.kind === 'note');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ rule: 'R4.8' });
    expect(notes[0]?.summary).toContain('SGP: CTO "CTO-B" port 5; OZmap: box "CTO-A" port 3');
  });
});

describe('a replay, and a sync after it', () => {
  let dryReplay: CliResult;
  let replay: CliResult;
  let after: CliResult;
  let writes: Record<string, number>;
  beforeAll(async () => {
    dryReplay = await rig.cli(['replay', '--dry-run']);
    replay = await rig.cli(['replay']);
    await rig.resetCounters();
    after = await rig.cli(['sync', '--once']);
    writes = writesOf(await rig.ozmapCounters());
  }, HOOK);

  it('replay --dry-run rebuilds the read models, finds them identical, changes nothing', () => {
    expect(dryReplay.code).toBe(0);
    expect(dryReplay.stdout).toMatch(/^replay \(dry run\): \d+ events, 8 contracts, \d+ cycles/);
    expect(dryReplay.stdout).toContain('read models unchanged');
  });

  it('replay rebuilds the read models from the log, exit 0', () => {
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/^replay: \d+ events, 8 contracts/);
  });

  it('R4.7 on the rebuilt read models nothing differs: no write at all, and no divergence noted again', async () => {
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('planned=0');
    expect(writes).toEqual({});
    expect((await rig.contractEvents(203)).filter((e) => e.type === 'AuditNoteRecorded')).toHaveLength(1);
  });
});
