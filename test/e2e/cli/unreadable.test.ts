import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OzmapState } from '../../../sim/ozmap/ozmapFixture.ts';
import type { RecordedEvent } from '../../../src/domain/eventStore.ts';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ftthClient, ozmapFixture, property, splitter } from '../../support/ozmapRecords.ts';
import { startCliRig, writesOf, type CliResult, type CliRig } from './cliRig.ts';

/**
 * Issue 11, behaviours 1, 2 and 10, end to end: OZmap records that do not fit their schema are
 * unreadable, not absent (docs/decisions/0004), and a creation with no coordinates anywhere is
 * one skip, not an intent and a failure every cycle. The malformed values are planted through
 * the simulator's hand-edit hook, which stores them as they are, and served verbatim.
 *
 * - 401: its OZmap client has a connection status outside the documented values; SGP puts it on
 *   a free port (5), so treating the client as absent creates a second client with code 401.
 * - 402: implanted, cancelled in SGP; its property's potência lida is stored as text, so the
 *   cancellation could not write its observation line.
 * - 403: no coordinates in SGP, and its box has none either.
 * - 404: the client on port 3 has no readable code; SGP puts 404 on that port, and with
 *   ON_PORT_CONFLICT=unconnected it would be created beside it (a likely duplicate).
 */

const SPLITTER_A = {
  ...splitter('sA', 'bA'),
  connectables: { input: [], output: ['f1', 'f2', 'f3', null, null, null, null, null] },
};
const on = (port: number, extra: Record<string, unknown> = {}) => ({
  connections: [{ id: 'sA', port, fiber: `f${port}` }],
  ...extra,
});
const OZMAP = ozmapFixture({
  boxes: [box('bA', 'CTO-A'), box('bN', 'CTO-NOCOORD', { coords: null })],
  splitters: [SPLITTER_A],
  properties: [
    property('p401', 'bA', 'c401', on(1)),
    property('p402', 'bA', 'c402', on(2, { observation: 'Casa azul' })),
    property('p404', 'bA', 'c404', on(3)),
  ],
  ftthClients: [
    ftthClient('c401', '401'),
    ftthClient('c402', '402', { name: 'Maria (OZmap)' }),
    ftthClient('c404', '404-temp'),
  ],
});
const SGP = sgpFixture(
  { code: 401, cto: 'CTO-A', porta: 5 },
  { code: 402, status: 'Cancelado', cto: 'CTO-A', porta: 2 },
  { code: 403, cto: 'CTO-NOCOORD', porta: 1, lat: '', lng: '' },
  { code: 404, cto: 'CTO-A', porta: 3 },
);

let rig: CliRig;
beforeAll(async () => {
  rig = await startCliRig({ sgpFixture: SGP, ozmapFixture: OZMAP, env: { ON_PORT_CONFLICT: 'unconnected' } });
  await rig.editOzmap('ftthClients', 'c401', { status: 'BROKEN' });
  await rig.editOzmap('properties', 'p402', { potencyRead: '-20,1 dBm' });
  await rig.editOzmap('ftthClients', 'c404', { code: null });
});
afterAll(async () => {
  await rig.close();
});

const HOOK = 60_000;
const clientsOf = (state: OzmapState, code: string) => state.ftthClients.filter((c) => c.code === code);
const typesOf = (events: readonly RecordedEvent[]) => events.map((e) => e.type);
const skipsOf = (events: readonly RecordedEvent[]) =>
  events.filter((e) => e.type === 'ClientCreationSkipped').map((e) => e.data as Record<string, unknown>);

describe('two sync cycles and a cancel cycle over unreadable OZmap records', () => {
  const results: CliResult[] = [];
  let state: OzmapState;
  let writes: Record<string, number>;
  let plan: CliResult;
  beforeAll(async () => {
    plan = await rig.cli(['plan', '--json']);
    await rig.resetCounters();
    results.push(await rig.cli(['sync', '--once']));
    results.push(await rig.cli(['sync', '--once']));
    results.push(await rig.cli(['cancel', '--once']));
    writes = writesOf(await rig.ozmapCounters());
    state = await rig.ozmapState();
  }, 3 * HOOK);

  it('unreadable records do not make the read incomplete: every cycle exits 0', () => {
    expect(results.map((r) => [r.code, r.stderr])).toEqual(results.map((r) => [0, r.stderr]));
  });

  it('behaviour 1: a client with a status outside the documented values counts as present: no second client with its code', async () => {
    expect(clientsOf(state, '401')).toHaveLength(1);
    const skips = skipsOf(await rig.contractEvents(401));
    expect(skips).toEqual([expect.objectContaining({ reason: 'ozmap-record-unreadable' })]);
    expect(String(skips[0]?.detail)).toMatch(/ftthClients record c401.*field status/);
  });

  it('behaviour 2: a property whose potência lida is text blocks the cancellation: client kept, property still points at it', async () => {
    expect(clientsOf(state, '402')).toHaveLength(1);
    expect(state.properties.find((p) => p.id === 'p402')).toMatchObject({ client: 'c402', observation: 'Casa azul' });
    const events = await rig.contractEvents(402);
    expect(typesOf(events)).not.toContain('OzmapCommandIssued');
    const skips = skipsOf(events);
    expect(skips).toHaveLength(1);
    expect(skips[0]).toMatchObject({ reason: 'ozmap-record-unreadable' });
    expect(String(skips[0]?.detail)).toMatch(/properties record p402.*field potencyRead/);
  });

  it('a client with no readable code blocks the port it holds, not every creation', async () => {
    expect(state.ftthClients.filter((c) => c.code === '404')).toEqual([]);
    const skips = skipsOf(await rig.contractEvents(404));
    expect(skips).toEqual([expect.objectContaining({ reason: 'ozmap-record-unreadable' })]);
    expect(String(skips[0]?.detail)).toMatch(/c404.*field code/);
  });

  it('behaviour 10: no coordinates anywhere is one skip `no-coordinates`, no intent and no failure, over two cycles', async () => {
    const events = await rig.contractEvents(403);
    expect(typesOf(events).filter((t) => t !== 'SgpContractObserved')).toEqual(['ClientCreationSkipped']);
    expect(skipsOf(events)[0]).toMatchObject({ reason: 'no-coordinates' });
  });

  it('nothing at all was written to OZmap', () => {
    expect(writes).toEqual({});
  });

  it('`plan` lists the blocked contracts with their reason', () => {
    expect(plan.code).toBe(0);
    const preview = JSON.parse(plan.stdout) as {
      sync: { code: string; reason: string }[];
      cancel: { skips?: { code: string; reason: string }[] };
    };
    const reasons = Object.fromEntries(preview.sync.map((c) => [c.code, c.reason]));
    expect(reasons).toMatchObject({
      '401': 'ozmap-record-unreadable',
      '403': 'no-coordinates',
      '404': 'ozmap-record-unreadable',
    });
    expect(preview.cancel.skips).toEqual([expect.objectContaining({ code: '402', reason: 'ozmap-record-unreadable' })]);
  });

  it('the cycle history counts the unreadable records', async () => {
    const finished = (await rig.events('cycles'))
      .filter((e) => e.type === 'CycleFinished')
      .map((e) => (e.data as { counts: Record<string, number> }).counts);
    expect(finished.map((c) => c.ozmapUnreadable)).toEqual([3, 3, 3]);
  });

  it('the trail names the reason', async () => {
    const history = await rig.cli(['history', '401']);
    expect(history.stdout).toContain('ozmap-record-unreadable');
  });
});
