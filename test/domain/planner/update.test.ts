import { describe, expect, test } from 'vitest';
import type { OzClient, OzProperty } from '../../../src/domain/ozmap/ozmapObjects.ts';
import { planSync } from '../../../src/domain/planner/planCycle.ts';
import { planUpdate } from '../../../src/domain/planner/planUpdate.ts';
import type { UpdateClientCommand } from '../../../src/domain/planner/commands.ts';
import type { ContractState } from '../../../src/domain/planner/contractState.ts';
import type { RuleOptionsInput } from '../../../src/domain/ruleOptions.ts';
import type { ContractSnapshot } from '../../../src/domain/sgp/contractSnapshot.ts';
import {
  aBox,
  aContext,
  anIndex,
  aSnapshot,
  aSplitter,
  aState,
  clientMatching,
  ofKind,
  only,
  optionsWith,
  propertyMatching,
} from './builders.ts';

interface Case {
  /** SGP now. */
  readonly sgp?: Partial<ContractSnapshot>;
  /** SGP at the previous observation; omitted = the same as now (nothing changed in SGP). */
  readonly previous?: Partial<ContractSnapshot> | null;
  /** OZmap differs from the SGP values in these fields. */
  readonly client?: Partial<OzClient>;
  readonly property?: Partial<OzProperty> | null;
  readonly options?: RuleOptionsInput;
}

/** planUpdate for contract 1234 against an OZmap client that matches SGP except where overridden. */
function update({ sgp = {}, previous, client = {}, property = {}, options = {} }: Case): UpdateClientCommand | null {
  const snapshot = aSnapshot(sgp);
  return planUpdate({
    snapshot,
    previous: previous === null ? null : aSnapshot(previous ?? sgp),
    client: clientMatching(snapshot, client),
    property: property === null ? null : propertyMatching(snapshot, property),
    options: optionsWith(options),
  });
}

function patchOf(
  command: UpdateClientCommand | null,
): { client: Record<string, unknown>; property: Record<string, unknown> } | null {
  return command && { client: { ...command.clientPatch }, property: { ...command.propertyPatch } };
}

describe('R4 applies to existing clients of non-cancelled contracts', () => {
  test('R4 client and property already match SGP -> no update', () => {
    expect(update({})).toBeNull();
  });

  test('R4 a cancelled contract is left to R5: no update even when fields differ', () => {
    const snapshot = aSnapshot({ status: 3 });
    const commands = planSync(
      [aState({ status: 3 })],
      anIndex({ clients: [clientMatching(snapshot, { name: 'X' })] }),
      aContext(),
    );
    expect(commands).toEqual([]);
  });

  test('R4 several OZmap clients with the code -> each one is brought in line', () => {
    const snapshot = aSnapshot();
    const clients = [
      clientMatching(snapshot, { id: 'c1', name: 'A' }),
      clientMatching(snapshot, { id: 'c2', name: 'B' }),
    ];
    const updates = ofKind(planSync([aState()], anIndex({ clients }), aContext()), 'update');
    expect(updates.map((u) => [u.clientId, u.clientPatch])).toEqual([
      ['c1', { name: 'Maria da Silva' }],
      ['c2', { name: 'Maria da Silva' }],
    ]);
  });

  test('R4 a hand edit in OZmap (SGP unchanged) is detected and overwritten, cause drift', () => {
    const command = update({ client: { name: 'Maria (editado)' } });
    expect(command?.changes).toEqual([
      { object: 'client', field: 'name', from: 'Maria (editado)', to: 'Maria da Silva', rule: 'R4.1', cause: 'drift' },
    ]);
  });

  test('R4 a change SGP reported is written with cause sgp', () => {
    const command = update({
      sgp: { name: 'Maria Souza' },
      previous: { name: 'Maria da Silva' },
      client: { name: 'Maria da Silva' },
    });
    expect(command?.changes).toMatchObject([
      { field: 'name', from: 'Maria da Silva', to: 'Maria Souza', cause: 'sgp' },
    ]);
  });

  test('R4 unknown SGP status: name, rx, coords, address and status are updated, implanted is not', () => {
    const command = update({
      sgp: { status: 'unknown', statusText: 'bloqueado', online: false },
      client: { name: 'Old', implanted: false, status: 0 },
      property: { potencyRead: -10, coords: { lat: 0.5, lng: 0.5 }, address: 'Old street' },
    });
    expect(command?.clientPatch).toEqual({ name: 'Maria da Silva', status: 1 });
    expect(Object.keys(command?.propertyPatch ?? {}).sort()).toEqual(['address', 'coords', 'potencyRead']);
  });
});

describe('R4.1 name', () => {
  test('R4.1 OZmap name differs -> becomes the SGP name', () => {
    expect(patchOf(update({ client: { name: 'maria da silva' } }))).toEqual({
      client: { name: 'Maria da Silva' },
      property: {},
    });
  });
});

describe('R4.2 potência lida', () => {
  test('R4.2 SGP reading differs -> written to the property potencyRead', () => {
    expect(patchOf(update({ sgp: { rxDbm: -23.41 }, property: { potencyRead: -21.5 } }))).toEqual({
      client: {},
      property: { potencyRead: -23.41 },
    });
  });

  test('R4.2 OZmap has no reading -> written', () => {
    expect(update({ property: { potencyRead: null } })?.propertyPatch).toEqual({ potencyRead: -21.5 });
  });

  test('R4.2 compared at 2 decimals: -21.504 vs -21.5 is no change, -21.51 vs -21.5 is', () => {
    expect(update({ sgp: { rxDbm: -21.504 }, property: { potencyRead: -21.5 } })).toBeNull();
    expect(update({ sgp: { rxDbm: -21.51 }, property: { potencyRead: -21.5 } })?.propertyPatch).toEqual({
      potencyRead: -21.51,
    });
  });

  test('R4.2 rxDeadbandDb ignores smaller changes: 0.49 under a 0.5 dead band is not written', () => {
    expect(
      update({ sgp: { rxDbm: -21.99 }, property: { potencyRead: -21.5 }, options: { rxDeadbandDb: 0.5 } }),
    ).toBeNull();
  });

  test('R4.2 rxDeadbandDb: a change larger than the dead band is written', () => {
    expect(
      update({ sgp: { rxDbm: -22.1 }, property: { potencyRead: -21.5 }, options: { rxDeadbandDb: 0.5 } })
        ?.propertyPatch,
    ).toEqual({ potencyRead: -22.1 });
  });

  // Regression: a change exactly the size of the dead band was ignored; R4.2 ignores only
  // smaller ones.
  test.each([
    [0.5, -22.0, -21.5],
    [0.1, -21.6, -21.5],
    [1, -20.3, -21.3],
  ])('R4.2 rxDeadbandDb %d: a change of exactly the dead band (%d vs %d) is written', (rxDeadbandDb, sgp, ozmap) => {
    expect(
      update({ sgp: { rxDbm: sgp }, property: { potencyRead: ozmap }, options: { rxDeadbandDb } })?.propertyPatch,
    ).toEqual({ potencyRead: sgp });
  });

  test('R4.2 no reading in SGP -> OZmap left as is', () => {
    expect(update({ sgp: { rxDbm: null }, property: { potencyRead: -30 } })).toBeNull();
  });
});

describe('R4.3 coordinates', () => {
  test('R4.3 more than 1e-6 degrees apart in latitude -> written', () => {
    const sgp = aSnapshot().coords!;
    const command = update({ property: { coords: { lat: sgp.lat + 2e-6, lng: sgp.lng } } });
    expect(command?.propertyPatch).toEqual({ coords: sgp });
  });

  test('R4.3 more than 1e-6 degrees apart in longitude only -> written', () => {
    const sgp = aSnapshot().coords!;
    expect(update({ property: { coords: { lat: sgp.lat, lng: sgp.lng - 2e-6 } } })?.propertyPatch).toEqual({
      coords: sgp,
    });
  });

  test('R4.3 within 1e-6 degrees on both axes -> no change', () => {
    const sgp = aSnapshot().coords!;
    expect(update({ property: { coords: { lat: sgp.lat + 5e-7, lng: sgp.lng - 9e-7 } } })).toBeNull();
  });

  test('R4.3 property without coordinates -> written', () => {
    expect(update({ property: { coords: null } })?.propertyPatch).toEqual({ coords: aSnapshot().coords });
  });

  test('R4.3 no coordinates in SGP -> OZmap left as is', () => {
    expect(update({ sgp: { coords: null }, property: { coords: { lat: 1, lng: 1 } } })).toBeNull();
  });
});

describe('R4.4 address', () => {
  test('R4.4 SGP address differs -> written', () => {
    expect(update({ property: { address: 'Rua B, 20' } })?.propertyPatch).toEqual({ address: aSnapshot().address });
  });

  test('R4.4 differences of whitespace only on the OZmap side are no change', () => {
    expect(update({ property: { address: '  Rua A,  10 -\tCentro,\nFortaleza - CE,   60000-000 ' } })).toBeNull();
  });

  // Regression: only OZmap's side was collapsed, so an SGP line with a double space was written
  // every cycle; R4.4 compares after collapsing whitespace.
  test('R4.4 differences of whitespace only on the SGP side are no change', () => {
    expect(
      update({ sgp: { address: 'Rua A,  10 - Centro ' }, property: { address: 'Rua A, 10 - Centro' } }),
    ).toBeNull();
  });

  test('R4.4 empty SGP address -> OZmap left as is', () => {
    expect(update({ sgp: { address: '' }, property: { address: 'Rua B, 20' } })).toBeNull();
  });
});

describe('R4.5 implanted', () => {
  test.each([1, 4, 6, 7] as const)('R4.5 status %i and not implanted -> implanted', (status) => {
    expect(update({ sgp: { status }, client: { implanted: false } })?.clientPatch).toEqual({ implanted: true });
  });

  test.each([2, 'unknown'] as const)('R4.5 status %s and not implanted -> left not implanted', (status) => {
    expect(update({ sgp: { status }, client: { implanted: false } })).toBeNull();
  });

  test('R4.5 never the reverse: implanted client with status inativo stays implanted', () => {
    expect(update({ sgp: { status: 2 }, client: { implanted: true } })).toBeNull();
  });

  test('R4.5 SGP status change to ativo -> cause sgp', () => {
    const command = update({ sgp: { status: 1 }, previous: { status: 2 }, client: { implanted: false } });
    expect(command?.changes).toMatchObject([{ field: 'implanted', rule: 'R4.5', cause: 'sgp' }]);
  });
});

describe('R4.6 connection status', () => {
  test('R4.6 SGP online -> OZmap status OK (0)', () => {
    expect(update({ sgp: { online: true }, client: { status: 1 } })?.clientPatch).toEqual({ status: 0 });
  });

  test('R4.6 SGP offline -> OZmap status ERROR (1)', () => {
    expect(update({ sgp: { online: false }, client: { status: 0 } })?.clientPatch).toEqual({ status: 1 });
  });

  test('R4.6 SGP unknown -> OZmap status left as is', () => {
    expect(update({ sgp: { online: null }, client: { status: 1 } })).toBeNull();
  });
});

describe('R4.7 one write per object', () => {
  test('R4.7 every differing field in one command: one patch for the client, one for the property', () => {
    const command = update({
      sgp: { online: false },
      client: { name: 'X', implanted: false, status: 0 },
      property: { potencyRead: -30, coords: { lat: 1, lng: 2 }, address: 'Y' },
    });
    expect(patchOf(command)).toEqual({
      client: { name: 'Maria da Silva', implanted: true, status: 1 },
      property: { potencyRead: -21.5, coords: aSnapshot().coords, address: aSnapshot().address },
    });
    expect(command).toMatchObject({
      clientId: 'client-1',
      propertyId: 'prop-1',
      rule: 'R4.1,R4.5,R4.6,R4.2,R4.3,R4.4',
    });
  });

  test('R4.7 the sync cycle plans one update command per OZmap client', () => {
    const snapshot = aSnapshot();
    const index = anIndex({
      clients: [clientMatching(snapshot, { name: 'X' })],
      properties: [propertyMatching(snapshot, { address: 'Y' })],
    });
    expect(ofKind(planSync([aState()], index, aContext()), 'update')).toHaveLength(1);
  });

  test('R4.7 client without property -> client fields only, no property patch', () => {
    expect(update({ client: { name: 'X' }, property: null })).toMatchObject({
      propertyId: null,
      clientPatch: { name: 'Maria da Silva' },
      propertyPatch: {},
    });
  });

  test('R4.7 everything equal -> no command at all from the sync cycle', () => {
    const snapshot = aSnapshot();
    const index = anIndex({
      clients: [clientMatching(snapshot)],
      properties: [propertyMatching(snapshot, { connections: [{ splitterId: 'spl-1', port: 3, fiber: 'f' }] })],
    });
    expect(planSync([aState()], index, aContext())).toEqual([]);
  });
});

describe('R4.8 CTO/port divergence', () => {
  const snapshot = aSnapshot();
  const world = (connectionPort: number) =>
    anIndex({
      boxes: [aBox(), aBox({ id: 'box-2', name: 'CTO-02' })],
      splitters: [aSplitter(), aSplitter({ id: 'spl-2', name: 'S2', boxId: 'box-2' })],
      clients: [clientMatching(snapshot)],
      properties: [
        propertyMatching(snapshot, { connections: [{ splitterId: 'spl-1', port: connectionPort, fiber: 'f1' }] }),
      ],
    });
  const plan = (state: ContractState, options: RuleOptionsInput = {}, port = 3) =>
    planSync([state], world(port), aContext({}, options));

  test('R4.8 SGP moved the client to another CTO -> divergence note, no write', () => {
    const commands = plan(aState({ cto: 'CTO-02' }));
    expect(only(commands)).toMatchObject({ kind: 'note', rule: 'R4.8', note: 'cto-divergence' });
  });

  test('R4.8 SGP moved the client to another port of the same CTO -> divergence note', () => {
    expect(only(plan(aState({ ctoPort: 5 })))).toMatchObject({ kind: 'note', note: 'cto-divergence' });
  });

  test('R4.8 same CTO and port -> no note', () => {
    expect(plan(aState())).toEqual([]);
  });

  test('R4.8 a divergence already noted (same key) -> not noted again', () => {
    const first = only(ofKind(plan(aState({ cto: 'CTO-02' })), 'note'));
    expect(plan(aState({ cto: 'CTO-02' }, { lastNotes: { 'cto-divergence': first.key } }))).toEqual([]);
  });

  test('R4.8 a new divergence (different key) after a noted one -> noted', () => {
    const first = only(ofKind(plan(aState({ cto: 'CTO-02' })), 'note'));
    const second = only(
      ofKind(plan(aState({ cto: 'CTO-02', ctoPort: 4 }, { lastNotes: { 'cto-divergence': first.key } })), 'note'),
    );
    expect(second.key).not.toBe(first.key);
  });

  test("R4.8 moveOnCtoChange on: the property is moved to the new box's splitter port, no divergence note", () => {
    const commands = plan(aState({ cto: 'CTO-02' }), { moveOnCtoChange: true });
    expect(only(commands)).toMatchObject({
      kind: 'update',
      rule: 'R4.8',
      propertyPatch: { connection: { boxId: 'box-2', splitterId: 'spl-2', port: 3 } },
    });
  });
});
