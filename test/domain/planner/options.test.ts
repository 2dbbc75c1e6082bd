import { describe, expect, test } from 'vitest';
import { planCancel, planSync } from '../../../src/domain/planner/planCycle.ts';
import { planUpdate } from '../../../src/domain/planner/planUpdate.ts';
import type { OzmapActual } from '../../../src/domain/planner/ozmapIndex.ts';
import type { ContractState } from '../../../src/domain/planner/contractState.ts';
import type { PlannedCommand } from '../../../src/domain/planner/commands.ts';
import { defaultRuleOptions, ruleOptionsSchema, type RuleOptionsInput } from '../../../src/domain/ruleOptions.ts';
import type { ContractSnapshot } from '../../../src/domain/sgp/contractSnapshot.ts';
import {
  aBox,
  aClient,
  aContext,
  anIndex,
  aProperty,
  aSnapshot,
  aSplitter,
  aState,
  clientMatching,
  ofKind,
  only,
  optionsWith,
  propertyMatching,
} from './builders.ts';

const sync = (
  states: ContractState[],
  actual: Partial<OzmapActual> = {},
  options: RuleOptionsInput = {},
): PlannedCommand[] => planSync(states, anIndex(actual), aContext({}, options));

/** An update where every R4 field differs: each switch should take out exactly its own field. */
function fullUpdate(options: RuleOptionsInput): string[] {
  const snapshot = aSnapshot({ online: false });
  const command = planUpdate({
    snapshot,
    previous: snapshot,
    client: clientMatching(snapshot, { name: 'X', implanted: false, status: 0 }),
    property: propertyMatching(snapshot, { potencyRead: -30, coords: { lat: 1, lng: 1 }, address: 'Y' }),
    options: optionsWith(options),
  });
  return (command?.changes ?? []).map((c) => c.field).sort();
}

describe('R7 defaults', () => {
  test('R7 every option has the default of the table', () => {
    expect(defaultRuleOptions).toEqual({
      syncIntervalMs: 10 * 60_000,
      cancelIntervalMs: 30 * 60_000,
      createClients: true,
      cancelClients: true,
      updateName: true,
      updateRx: true,
      updateCoords: true,
      updateAddress: true,
      implant: true,
      updateStatus: true,
      implantStatuses: [1, 4, 6, 7],
      cancelStatuses: [3, 5],
      boxNameMatch: 'exact',
      projects: [],
      ctoAliases: {},
      onPortConflict: 'skip',
      placeAroundBox: false,
      moveOnCtoChange: false,
      connectLater: true,
      removePropertyCompletely: false,
      disconnectCancelledProperty: false,
      cancelGuard: { maxCount: 50, maxPercent: 5 },
      rxDeadbandDb: 0,
      timezone: 'America/Sao_Paulo',
      // Issue 11: the ISP's region (REGION_BOUNDS), Brazil's bounding box by default.
      region: { minLat: -33.8, maxLat: 5.3, minLng: -74, maxLng: -28.8 },
      updateOnu: false,
      // R9.1: no field policy named, each field follows its flag (today's behaviour).
      fieldPolicies: {},
      // Issue 15: CONTEST_THRESHOLD, CONTEST_WINDOW, CONTEST_MODE (R9.4).
      contest: { threshold: 3, windowMs: 86_400_000, mode: 'apply' },
    });
  });
});

describe('R7 on/off switches', () => {
  test('R7 createClients off -> no create, skip creation-disabled; updates still planned', () => {
    const snapshot = aSnapshot({ code: '2' });
    const commands = sync(
      [aState(), aState({ code: '2' })],
      { clients: [clientMatching(snapshot, { name: 'X' })] },
      { createClients: false },
    );
    expect(ofKind(commands, 'create')).toEqual([]);
    expect(only(ofKind(commands, 'skip'))).toMatchObject({ code: '1234', rule: 'R7', reason: 'creation-disabled' });
    expect(only(ofKind(commands, 'update')).code).toBe('2');
  });

  test('R7 cancelClients off -> the cancellation cycle plans nothing', () => {
    const plan = planCancel(
      [aState({ status: 3 })],
      anIndex({ clients: [aClient()] }),
      aContext({}, { cancelClients: false }),
    );
    expect(plan).toMatchObject({ commands: [], blocked: 'disabled' });
  });

  test('R7 everything on -> every differing field is written', () => {
    expect(fullUpdate({})).toEqual(['address', 'coords', 'implanted', 'name', 'potencyRead', 'status']);
  });

  test.each([
    ['updateName', 'name'],
    ['updateRx', 'potencyRead'],
    ['updateCoords', 'coords'],
    ['updateAddress', 'address'],
    ['implant', 'implanted'],
    ['updateStatus', 'status'],
  ] as const)('R7 %s off -> %s is left as OZmap has it, the other fields still written', (option, field) => {
    const fields = fullUpdate({ [option]: false });
    expect(fields).not.toContain(field);
    expect(fields).toHaveLength(5);
  });

  test('R7 implant off -> a contract is created not implanted', () => {
    expect(only(ofKind(sync([aState({ status: 1 })], {}, { implant: false }), 'create')).client.implanted).toBe(false);
  });

  test('R7 updateStatus off -> a contract is created without a connection status', () => {
    expect(
      only(ofKind(sync([aState({ online: false })], {}, { updateStatus: false }), 'create')).client.status,
    ).toBeNull();
  });
});

describe('R7 status lists', () => {
  test('R7 implantStatuses [1]: suspenso (4) is neither created implanted nor implanted', () => {
    expect(only(ofKind(sync([aState({ status: 4 })], {}, { implantStatuses: [1] }), 'create')).client.implanted).toBe(
      false,
    );
    const snapshot = aSnapshot({ status: 4 });
    const commands = sync(
      [aState({ status: 4 })],
      { clients: [clientMatching(snapshot, { implanted: false })], properties: [propertyMatching(snapshot)] },
      { implantStatuses: [1] },
    );
    expect(commands).toEqual([]);
  });

  test('R7 cancelStatuses [3]: inviabilidade técnica (5) is created like any live contract', () => {
    expect(ofKind(sync([aState({ status: 5 })], {}, { cancelStatuses: [3] }), 'create')).toHaveLength(1);
  });

  test('R7 a status in both implantStatuses and cancelStatuses is refused', () => {
    const result = ruleOptionsSchema.safeParse({ implantStatuses: [1, 3], cancelStatuses: [3, 5] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['cancelStatuses']);
  });
});

describe('R7 box matching (R2.3, and R4.8 which uses the same matching)', () => {
  const divergenceWorld = (snapshot: ContractSnapshot): Partial<OzmapActual> => ({
    clients: [clientMatching(snapshot)],
    properties: [propertyMatching(snapshot, { connections: [{ splitterId: 'spl-1', port: 3, fiber: 'f' }] })],
  });

  test('R7 boxNameMatch exact: an SGP CTO differing only in case is a divergence from the OZmap box', () => {
    const state = aState({ cto: 'cto-01' });
    expect(only(sync([state], divergenceWorld(state.snapshot!))).kind).toBe('note');
  });

  test('R7 boxNameMatch case-insensitive: the same CTO in another case is no divergence', () => {
    const state = aState({ cto: 'cto-01' });
    expect(sync([state], divergenceWorld(state.snapshot!), { boxNameMatch: 'case-insensitive' })).toEqual([]);
  });

  test('R7 ctoAliases: a CTO aliased to the box the client is on is no divergence', () => {
    const state = aState({ cto: 'CAIXA 1' });
    expect(sync([state], divergenceWorld(state.snapshot!), { ctoAliases: { 'CAIXA 1': 'CTO-01' } })).toEqual([]);
  });

  test('R7 projects (default all): a box in no project is found', () => {
    expect(ofKind(sync([aState()], { boxes: [aBox({ project: null })] }), 'create')).toHaveLength(1);
  });

  test('R7 projects given: a box in no project is not among them', () => {
    expect(
      only(ofKind(sync([aState()], { boxes: [aBox({ project: null })] }, { projects: ['proj-1'] }), 'skip')).reason,
    ).toBe('box-not-found');
  });
});

describe('R7 creation and update options', () => {
  test('R7 onPortConflict skip (default) vs unconnected', () => {
    const actual = { splitters: [aSplitter({ blocked: [3] })] };
    expect(only(sync([aState()], actual)).kind).toBe('skip');
    expect(only(ofKind(sync([aState()], actual, { onPortConflict: 'unconnected' }), 'create')).connection).toBeNull();
  });

  test('R7 placeAroundBox turns R4.3 off: coordinates that differ are not written back', () => {
    const snapshot = aSnapshot();
    const actual = {
      clients: [clientMatching(snapshot)],
      properties: [propertyMatching(snapshot, { coords: { lat: 0.1, lng: 0.2 } })],
    };
    expect(only(ofKind(sync([aState()], actual), 'update')).propertyPatch).toEqual({ coords: snapshot.coords });
    expect(sync([aState()], actual, { placeAroundBox: true })).toEqual([]);
  });

  test('R7 moveOnCtoChange: the divergence note says whether moving was asked for; no write either way', () => {
    const snapshot = aSnapshot({ cto: 'CTO-02' });
    const actual = {
      boxes: [aBox(), aBox({ id: 'box-2', name: 'CTO-02' })],
      clients: [clientMatching(snapshot)],
      properties: [propertyMatching(snapshot)],
    };
    const off = only(sync([aState({ cto: 'CTO-02' })], actual));
    const on = only(sync([aState({ cto: 'CTO-02' })], actual, { moveOnCtoChange: true }));
    expect([off.kind, on.kind]).toEqual(['note', 'note']);
    expect(off.reason).toContain('MOVE_ON_CTO_CHANGE off');
    expect(on.reason).not.toContain('MOVE_ON_CTO_CHANGE off');
  });

  test('R7 rxDeadbandDb: a 0.3 dB change is written by default, not with a 0.5 dB dead band', () => {
    const snapshot = aSnapshot({ rxDbm: -21.8 });
    const actual = {
      clients: [clientMatching(snapshot)],
      properties: [propertyMatching(snapshot, { potencyRead: -21.5 })],
    };
    expect(ofKind(sync([aState({ rxDbm: -21.8 })], actual), 'update')).toHaveLength(1);
    expect(sync([aState({ rxDbm: -21.8 })], actual, { rxDeadbandDb: 0.5 })).toEqual([]);
  });
});

describe('R7 cancellation options', () => {
  const implanted = {
    clients: [aClient()],
    properties: [aProperty({ connections: [{ splitterId: 'spl-1', port: 3, fiber: 'f3' }] })],
  };
  const cancelWith = (options: RuleOptionsInput) =>
    only(planCancel([aState({ status: 3 })], anIndex(implanted), aContext({}, options)).commands);

  test('R7 removePropertyCompletely off (default) -> detach; on -> remove', () => {
    expect(cancelWith({}).mode).toBe('detach');
    expect(cancelWith({ removePropertyCompletely: true }).mode).toBe('remove');
  });

  test('R7 disconnectCancelledProperty off (default) -> port kept; on -> freed', () => {
    expect(cancelWith({}).disconnect).toBeNull();
    expect(cancelWith({ disconnectCancelledProperty: true }).disconnect).toEqual({ splitterId: 'spl-1', fiber: 'f3' });
  });

  test('R7 cancelGuard: 2 removals of 10 trip a guard of 1 and 10%, not the default', () => {
    const states = ['1', '2'].map((code) => aState({ code, status: 3 }));
    const clients = Array.from({ length: 10 }, (_, i) => aClient({ id: `c${i + 1}`, code: String(i + 1) }));
    expect(planCancel(states, anIndex({ clients }), aContext()).blocked).toBeNull();
    expect(
      planCancel(states, anIndex({ clients }), aContext({}, { cancelGuard: { maxCount: 1, maxPercent: 10 } })).blocked,
    ).toBe('guard');
  });

  test('R7 timezone: the observation line is dated in the option zone', () => {
    expect(cancelWith({ timezone: 'Asia/Kolkata' }).observationLine).toMatch(/em 29\/11\/2026 22:35$/);
  });

  test('R7 timezone: a zone Intl does not know is refused', () => {
    expect(ruleOptionsSchema.safeParse({ timezone: 'America/Atlantis' }).success).toBe(false);
  });
});
