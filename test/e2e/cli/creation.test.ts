import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OzmapState } from '../../../sim/ozmap/ozmapFixture.ts';
import type { RecordedEvent } from '../../../src/domain/eventStore.ts';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../../support/ozmapRecords.ts';
import { startCliRig, writesOf, type CliResult, type CliRig } from './cliRig.ts';

/**
 * R2 and R3 end to end: `plan --json`, `sync --once` (dry run, one code, everything, options) as
 * child processes against both simulators. Each `describe` runs the CLI once in its `beforeAll`
 * (a CLI start costs about a second) and its tests assert one rule clause each on the result.
 */

const SPLITTER_A = {
  ...splitter('sA', 'bA'),
  connectables: { input: [], output: [null, null, 'f114', null, null, null, null, null] },
};
const OZMAP = ozmapFixture({
  boxes: [
    box('bA', 'CTO-A'),
    box('bB', 'CTO-B', { coords: [-38.4, -3.6] }),
    box('bC', 'CTO-C'),
    box('bD1', 'CTO-DUP'),
    box('bD9', 'CTO-DUP', { project: 'p9' }),
  ],
  splitters: [SPLITTER_A, splitter('sC', 'bC'), splitter('sD1', 'bD1'), splitter('sD9', 'bD9', 8, { project: 'p9' })],
  // 114 was created by hand in OZmap, on port 3 of CTO-A.
  properties: [property('p114', 'bA', 'c114', { connections: [{ id: 'sA', port: 3, fiber: 'f114' }] })],
  ftthClients: [ftthClient('c114', '114', { name: 'Cliente 114' })],
});
const SGP = sgpFixture(
  { code: 101, nome: 'Maria da Silva', cto: 'CTO-A', porta: 2, rx: '-23,40' },
  { code: 102, cto: null },
  { code: 103, cto: 'CTO-B', porta: 1 },
  { code: 104, cto: 'CTO-A', porta: null },
  { code: 105, cto: 'CTO-A', porta: 12 },
  { code: 106, cto: 'CTO-A', porta: 3 },
  { code: 107, cto: 'CTO-NONE', porta: 1 },
  { code: 108, cto: 'SGP NOME', porta: 1 },
  { code: 109, cto: 'cto-a', porta: 4 },
  { code: 110, cto: 'CTO-DUP', porta: 1 },
  { code: 111, status: 'Inativo', cto: 'CTO-A', porta: 5 },
  { code: 112, status: 'Cancelado', cto: 'CTO-A', porta: 6 },
  { code: 113, status: 'Bloqueado', cto: 'CTO-A', porta: 7 },
  { code: 114, cto: 'CTO-A', porta: 3 },
  { code: 115, online: 'offline', cto: 'CTO-A', porta: 8 },
  { code: 116, cto: 'CTO-B', porta: 2, lat: '', lng: '' },
);

let rig: CliRig;
beforeAll(async () => {
  rig = await startCliRig({ sgpFixture: SGP, ozmapFixture: OZMAP });
});
afterAll(async () => {
  await rig.close();
});

const HOOK = 60_000;
const clientsOf = (state: OzmapState, code: string) => state.ftthClients.filter((c) => c.code === code);
const propertyOf = (state: OzmapState, code: string) => {
  const [client] = clientsOf(state, code);
  return state.properties.find((p) => client !== undefined && p.client === client.id);
};
const typesOf = (events: readonly RecordedEvent[]) => events.map((e) => e.type);
const dataOf = (events: readonly RecordedEvent[], type: string) =>
  events.filter((e) => e.type === type).map((e) => e.data as Record<string, unknown>);

describe('plan --json, before any cycle', () => {
  let json: CliResult;
  beforeAll(async () => {
    await rig.resetCounters();
    json = await rig.cli(['plan', '--json']);
  }, HOOK);

  it('plan --json lists the commands a sync would run, with their rule and reason', () => {
    expect(json.code).toBe(0);
    const preview = JSON.parse(json.stdout) as {
      sweepComplete: boolean;
      sync: { kind: string; code: string; rule: string; reason: string }[];
    };
    expect(preview.sweepComplete).toBe(true);
    const creates = preview.sync.filter((c) => c.kind === 'create').map((c) => c.code);
    expect(creates).toEqual(['101', '103', '104', '105', '111', '115', '116']);
    expect(preview.sync.find((c) => c.code === '101')).toMatchObject({
      rule: 'R2.5',
      reason: 'box "CTO-A", splitter "SPL-sA" port 2',
      connection: { splitterId: 'sA', port: 2 },
    });
    expect(preview.sync.find((c) => c.code === '107')).toMatchObject({
      kind: 'skip',
      rule: 'R2.3',
      reason: 'box-not-found',
    });
  });

  it('plan writes nothing, neither to OZmap nor to the log (with no store yet, it does not even create one)', async () => {
    expect(writesOf(await rig.ozmapCounters())).toEqual({});
    expect(existsSync(join(rig.dir, 'events.db'))).toBe(false);
  });
});

describe('DRY_RUN=true', () => {
  let result: CliResult;
  beforeAll(async () => {
    await rig.resetCounters();
    result = await rig.cli(['sync', '--once'], { DRY_RUN: 'true' });
  }, HOOK);

  it('a shadow cycle exits 0 and sends no write to OZmap', async () => {
    expect(result.code).toBe(0);
    expect(writesOf(await rig.ozmapCounters())).toEqual({});
    expect((await rig.ozmapState()).ftthClients.map((c) => c.code)).toEqual(['114']);
  });

  it('the plan it would have run is recorded in the cycle log', async () => {
    const planned = dataOf(await rig.events('cycles'), 'CyclePlanned');
    expect(planned).toHaveLength(1);
    const commands = planned[0]?.commands as { kind: string; code: string }[];
    expect(commands.filter((c) => c.kind === 'create').map((c) => c.code)).toEqual([
      '101',
      '103',
      '104',
      '105',
      '111',
      '115',
      '116',
    ]);
  });
});

describe('sync --once --code 101', () => {
  let result: CliResult;
  let state: OzmapState;
  beforeAll(async () => {
    result = await rig.cli(['sync', '--once', '--code', '101']);
    state = await rig.ozmapState();
  }, HOOK);

  it('creates that contract only', () => {
    expect(result.code).toBe(0);
    expect(state.ftthClients.map((c) => c.code).sort()).toEqual(['101', '114']);
  });

  it('R2.5 free port: the client is connected to that splitter port', () => {
    expect(propertyOf(state, '101')?.connections).toEqual([expect.objectContaining({ id: 'sA', port: 2 })]);
    const output = state.splitters.find((s) => s.id === 'sA')?.connectables?.output ?? [];
    expect(output[1]).toEqual(expect.any(String));
  });

  it('R2.6 one property on the box with the client inline: code, name, implanted, status, address, [lng, lat], potencyRead', () => {
    expect(clientsOf(state, '101')).toEqual([
      expect.objectContaining({ code: '101', name: 'Maria da Silva', implanted: true, status: 0 }),
    ]);
    expect(propertyOf(state, '101')).toMatchObject({
      box: 'bA',
      address: 'Rua das Flores, 10 - Centro, Fortaleza - CE, 60000-000',
      coords: [-38.526669, -3.731862],
      potencyRead: -23.4,
    });
  });
});

describe('first full sync', () => {
  let result: CliResult;
  let state: OzmapState;
  let skipReasons: Record<string, unknown>;
  let created: Record<string, Record<string, unknown>>;
  beforeAll(async () => {
    result = await rig.cli(['sync', '--once']);
    state = await rig.ozmapState();
    skipReasons = {};
    created = {};
    for (let code = 101; code <= 116; code++) {
      const events = await rig.contractEvents(code);
      const skip = dataOf(events, 'ClientCreationSkipped').at(-1);
      if (skip) skipReasons[code] = skip.reason;
      const made = dataOf(events, 'OzmapClientCreated').at(-1);
      if (made) created[code] = made;
    }
  }, HOOK);

  it('completes with exit 0', () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^sync cycle \S+: completed/);
  });

  it('R2.2 no CTO in SGP: not created, reason no-cto-in-sgp', () => {
    expect(clientsOf(state, '102')).toEqual([]);
    expect(skipReasons[102]).toBe('no-cto-in-sgp');
  });

  it('R2.3 no box of that name: not created, reason box-not-found', () => {
    expect(clientsOf(state, '107')).toEqual([]);
    expect(skipReasons[107]).toBe('box-not-found');
  });

  it('R2.3 exact and case-sensitive by default: "cto-a" finds no box "CTO-A"', () => {
    expect(clientsOf(state, '109')).toEqual([]);
    expect(skipReasons[109]).toBe('box-not-found');
  });

  it('R2.3 two boxes of that name in two projects: not created, reason box-ambiguous', () => {
    expect(clientsOf(state, '110')).toEqual([]);
    expect(skipReasons[110]).toBe('box-ambiguous');
  });

  it('R2.4 box without splitter: created on the box with no connection', () => {
    expect(propertyOf(state, '103')).toMatchObject({ box: 'bB', connections: [] });
    expect(created[103]).toMatchObject({ connection: null, unconnectedReason: 'box-without-splitter' });
  });

  it('R2.5 no port in SGP: created without connection, reason no-port-in-sgp in the trail', () => {
    expect(propertyOf(state, '104')).toMatchObject({ box: 'bA', connections: [] });
    expect(created[104]).toMatchObject({ unconnectedReason: 'no-port-in-sgp' });
  });

  it('R2.5 port not in any splitter of the box: created without connection, reason port-not-in-box', () => {
    expect(propertyOf(state, '105')).toMatchObject({ box: 'bA', connections: [] });
    expect(created[105]).toMatchObject({ unconnectedReason: 'port-not-in-box' });
  });

  it('R2.5 port taken: not created, reason port-occupied (ON_PORT_CONFLICT=skip)', () => {
    expect(clientsOf(state, '106')).toEqual([]);
    expect(skipReasons[106]).toBe('port-occupied');
  });

  it('R2.6 status follows the connection (offline -> 1) and coords fall back to the box', () => {
    expect(clientsOf(state, '115')).toEqual([expect.objectContaining({ status: 1 })]);
    expect(propertyOf(state, '116')?.coords).toEqual([-38.4, -3.6]);
  });

  it('R2.6a inativo is created, not implanted; an active status is created implanted', () => {
    expect(clientsOf(state, '111')).toEqual([expect.objectContaining({ implanted: false })]);
    expect(clientsOf(state, '103')).toEqual([expect.objectContaining({ implanted: true })]);
  });

  it('R3.1 nothing is created for a cancelled or an unknown status', () => {
    expect(clientsOf(state, '112')).toEqual([]);
    expect(clientsOf(state, '113')).toEqual([]);
    expect(skipReasons[112]).toBe('cancelled-in-sgp');
    expect(skipReasons[113]).toBe('status-unknown');
  });

  it('R3.2 a client created by hand in OZmap is never created again', () => {
    expect(clientsOf(state, '114')).toEqual([expect.objectContaining({ id: 'c114' })]);
    const codes = state.ftthClients.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('sync with CTO_ALIASES, BOX_NAME_MATCH, PROJECTS and ON_PORT_CONFLICT', () => {
  let result: CliResult;
  let state: OzmapState;
  let history: CliResult;
  beforeAll(async () => {
    const aliases = rig.writeFile('aliases.json', JSON.stringify({ 'SGP NOME': 'CTO-C' }));
    result = await rig.cli(['sync', '--once'], {
      CTO_ALIASES: aliases,
      BOX_NAME_MATCH: 'case-insensitive',
      PROJECTS: 'p1',
      ON_PORT_CONFLICT: 'unconnected',
    });
    state = await rig.ozmapState();
    history = await rig.cli(['history', '107']);
  }, HOOK);

  it('completes with exit 0', () => {
    expect(result.code).toBe(0);
  });

  it('R2.3 CTO_ALIASES maps the SGP CTO name to the OZmap box to use', () => {
    expect(propertyOf(state, '108')).toMatchObject({
      box: 'bC',
      connections: [expect.objectContaining({ id: 'sC', port: 1 })],
    });
  });

  it('R2.3 BOX_NAME_MATCH=case-insensitive finds "CTO-A" for "cto-a"', () => {
    expect(propertyOf(state, '109')).toMatchObject({
      box: 'bA',
      connections: [expect.objectContaining({ id: 'sA', port: 4 })],
    });
  });

  it('R2.3 PROJECTS narrows an ambiguous box name to one box', () => {
    expect(propertyOf(state, '110')).toMatchObject({
      box: 'bD1',
      connections: [expect.objectContaining({ id: 'sD1', port: 1 })],
    });
  });

  it('R2.5 ON_PORT_CONFLICT=unconnected creates on the box without connection', async () => {
    expect(propertyOf(state, '106')).toMatchObject({ box: 'bA', connections: [] });
    expect(dataOf(await rig.contractEvents(106), 'OzmapClientCreated')).toEqual([
      expect.objectContaining({ unconnectedReason: 'port-occupied' }),
    ]);
  });

  it('R2.3 a box that still does not exist stays not created, and no code is ever doubled', () => {
    expect(clientsOf(state, '107')).toEqual([]);
    const codes = state.ftthClients.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('R2.7 a skip is tried every cycle but recorded once: history shows one skip entry after two cycles', async () => {
    expect(history.code).toBe(0);
    const skips = history.stdout.split('\n').filter((line) => line.includes(' skipped '));
    expect(skips).toHaveLength(1);
    expect(skips[0]).toContain('[R2.3] not created: box-not-found: no OZmap box named "CTO-NONE"');
    expect(typesOf(await rig.contractEvents(107)).filter((t) => t === 'ClientCreationSkipped')).toHaveLength(1);
  });
});
