import { describe, expect, test } from 'vitest';
import type { ContractSnapshot } from '../../../src/domain/sgp/contractSnapshot.ts';
import type { OzmapActual } from '../../../src/domain/planner/ozmapIndex.ts';
import type { PlanContext } from '../../../src/domain/planner/planCycle.ts';
import { planSync } from '../../../src/domain/planner/planCycle.ts';
import type { CreateClientCommand, PlannedCommand, SkipCommand } from '../../../src/domain/planner/commands.ts';
import type { ContractState } from '../../../src/domain/planner/contractState.ts';
import type { RuleOptionsInput } from '../../../src/domain/ruleOptions.ts';
import { aBox, aClient, aContext, anIndex, aProperty, aSplitter, aState, ofKind, only } from './builders.ts';

function plan(
  states: ContractState | ContractState[],
  actual: Partial<OzmapActual> = {},
  options: RuleOptionsInput = {},
  ctx: Partial<PlanContext> = {},
): PlannedCommand[] {
  return planSync([states].flat(), anIndex(actual), aContext(ctx, options));
}

/** The one create planned for contract 1234 (with `snapshot` overrides) in `actual`. */
function created(
  snapshot: Partial<ContractSnapshot> = {},
  actual: Partial<OzmapActual> = {},
  options: RuleOptionsInput = {},
): CreateClientCommand {
  return only(ofKind(plan(aState(snapshot), actual, options), 'create'));
}

function skipped(
  snapshot: Partial<ContractSnapshot> = {},
  actual: Partial<OzmapActual> = {},
  options: RuleOptionsInput = {},
): SkipCommand {
  const commands = plan(aState(snapshot), actual, options);
  expect(ofKind(commands, 'create')).toEqual([]);
  return only(ofKind(commands, 'skip'));
}

/** The splitter a create connected to, by name, and the port. */
const connectedTo = (command: CreateClientCommand): string | null =>
  command.connection ? `${command.connection.splitterName}:${command.connection.port}` : null;

describe('R2.1 candidates', () => {
  test('R2.1 ativo contract without an OZmap client -> created', () => {
    const command = created();
    expect(command).toMatchObject({ kind: 'create', code: '1234', boxId: 'box-1', client: { code: '1234' } });
  });

  test.each([
    [3, 'Cancelado'],
    [5, 'Inviabilidade Tecnica'],
  ] as const)('R2.1 cancellation status %i -> not created, reason cancelled-in-sgp', (status, statusText) => {
    expect(skipped({ status, statusText })).toMatchObject({ rule: 'R2.1', reason: 'cancelled-in-sgp', record: true });
  });

  test('R2.1 unknown status -> not created, reason status-unknown', () => {
    expect(skipped({ status: 'unknown', statusText: 'bloqueado' })).toMatchObject({ reason: 'status-unknown' });
  });

  test('R2.1 inativo (2) -> created, not implanted', () => {
    expect(created({ status: 2, statusText: 'Inativo' }).client.implanted).toBe(false);
  });

  test('R2.1 a contract without a valid observation is not a candidate', () => {
    expect(plan(aState({}, { snapshot: null }))).toEqual([]);
  });
});

describe('R2.2 CTO in SGP', () => {
  test('R2.2 no CTO in SGP -> not created, reason no-cto-in-sgp', () => {
    expect(skipped({ cto: null, ctoPort: null })).toMatchObject({ rule: 'R2.2', reason: 'no-cto-in-sgp' });
  });
});

describe('R2.3 box by name', () => {
  test('R2.3 exact match (default) is case-sensitive: "cto-01" finds no box "CTO-01" -> box-not-found', () => {
    expect(skipped({ cto: 'cto-01' })).toMatchObject({ rule: 'R2.3', reason: 'box-not-found' });
  });

  test('R2.3 names are compared trimmed on both sides', () => {
    expect(created({ cto: 'CTO-01' }, { boxes: [aBox({ name: '  CTO-01 ' })] }).boxId).toBe('box-1');
    expect(created({ cto: ' CTO-01\t' }).boxId).toBe('box-1');
  });

  test('R2.3 boxNameMatch case-insensitive: "cto-01" finds box "CTO-01"', () => {
    expect(created({ cto: 'cto-01' }, {}, { boxNameMatch: 'case-insensitive' }).boxId).toBe('box-1');
  });

  test('R2.3 ctoAliases: the alias names the box, even when a box has the SGP name', () => {
    const boxes = [aBox({ id: 'box-sgp-name', name: 'CAIXA 7' }), aBox({ id: 'box-1', name: 'CTO-07' })];
    const command = created({ cto: 'CAIXA 7' }, { boxes }, { ctoAliases: { 'CAIXA 7': 'CTO-07' } });
    expect(command).toMatchObject({ boxId: 'box-1', boxName: 'CTO-07' });
  });

  test('R2.3 ctoAliases: an alias to a missing box -> box-not-found, naming the aliased box', () => {
    const skip = skipped({ cto: 'CAIXA 7' }, {}, { ctoAliases: { 'CAIXA 7': 'CTO-99' } });
    expect(skip.reason).toBe('box-not-found');
    expect(skip.detail).toContain('CTO-99');
  });

  // Regression: the alias lookup read the options object's prototype, so a CTO named like an
  // Object method resolved to a function and crashed the whole cycle.
  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'R2.3 a CTO named "%s" is matched by name, not by an inherited alias',
    (name) => {
      expect(created({ cto: name }, { boxes: [aBox({ name })] }).boxName).toBe(name);
    },
  );

  test('R2.3 no box with that name -> not created, reason box-not-found', () => {
    expect(skipped({ cto: 'CTO-02' })).toMatchObject({ rule: 'R2.3', reason: 'box-not-found' });
  });

  test('R2.3 two boxes of that name (different projects) -> not created, reason box-ambiguous', () => {
    const boxes = [aBox({ id: 'box-1', project: 'proj-1' }), aBox({ id: 'box-2', project: 'proj-2' })];
    expect(skipped({}, { boxes })).toMatchObject({ rule: 'R2.3', reason: 'box-ambiguous' });
  });

  test('R2.3 option projects narrows ambiguous boxes to one, by project id', () => {
    const boxes = [aBox({ id: 'box-1', project: 'proj-1' }), aBox({ id: 'box-2', project: 'proj-2' })];
    expect(created({}, { boxes, splitters: [aSplitter({ boxId: 'box-2' })] }, { projects: ['proj-2'] }).boxId).toBe(
      'box-2',
    );
  });

  test('R2.3 option projects narrows ambiguous boxes to one, by project name', () => {
    const boxes = [aBox({ id: 'box-1', project: 'proj-1' }), aBox({ id: 'box-2', project: 'proj-2' })];
    const commands = planSync(
      [aState()],
      anIndex({ boxes }),
      aContext(
        {
          projectNames: new Map([
            ['proj-1', 'Fortaleza Norte'],
            ['proj-2', 'Fortaleza Sul'],
          ]),
        },
        { projects: ['Fortaleza Norte'] },
      ),
    );
    expect(only(ofKind(commands, 'create')).boxId).toBe('box-1');
  });

  test('R2.3 option projects that leaves two boxes -> still box-ambiguous', () => {
    const boxes = [
      aBox({ id: 'box-1', project: 'proj-1' }),
      aBox({ id: 'box-2', project: 'proj-2' }),
      aBox({ id: 'box-3', project: 'proj-3' }),
    ];
    expect(skipped({}, { boxes }, { projects: ['proj-1', 'proj-3'] }).reason).toBe('box-ambiguous');
  });

  test('R2.3 option projects that excludes the only box -> box-not-found', () => {
    expect(skipped({}, {}, { projects: ['proj-9'] }).reason).toBe('box-not-found');
  });

  test('R2.3 box-ambiguous detail lists the boxes in id order, whatever order OZmap returned them in', () => {
    const boxes = [aBox({ id: 'box-b', project: 'p2' }), aBox({ id: 'box-a', project: 'p1' })];
    expect(skipped({}, { boxes }).detail).toMatch(/box-a.*box-b/);
    expect(skipped({}, { boxes: [...boxes].reverse() }).detail).toMatch(/box-a.*box-b/);
  });
});

describe('R2.4 box without splitter', () => {
  test('R2.4 box found, no splitter in it -> created on the box, unconnected', () => {
    const command = created({}, { splitters: [] });
    expect(command).toMatchObject({
      rule: 'R2.4',
      boxId: 'box-1',
      connection: null,
      unconnectedReason: 'box-without-splitter',
    });
  });

  test('R2.4 a splitter of another box does not count', () => {
    expect(created({}, { splitters: [aSplitter({ boxId: 'box-other' })] }).unconnectedReason).toBe(
      'box-without-splitter',
    );
  });
});

describe('R2.5 splitter and port', () => {
  test('R2.5 only drop splitters are used when some are marked', () => {
    const splitters = [
      aSplitter({ id: 'a', name: 'A', isDrop: false }),
      aSplitter({ id: 'b', name: 'B', isDrop: true }),
    ];
    expect(connectedTo(created({}, { splitters }))).toBe('B:3');
  });

  test('R2.5 a drop splitter without the port -> port-not-in-box, even when a non-drop one has it', () => {
    const splitters = [
      aSplitter({ id: 'a', name: 'A', isDrop: false, ports: 8 }),
      aSplitter({ id: 'b', name: 'B', isDrop: true, ports: 2 }),
    ];
    expect(created({}, { splitters })).toMatchObject({ connection: null, unconnectedReason: 'port-not-in-box' });
  });

  test('R2.5 no splitter marked drop -> all of them are used', () => {
    const splitters = [
      aSplitter({ id: 'b', name: 'B', isDrop: false }),
      aSplitter({ id: 'a', name: 'A', isDrop: false }),
    ];
    expect(connectedTo(created({}, { splitters }))).toBe('A:3');
  });

  test('R2.5 name order is code-point, not locale-numeric: "CTO-10" before "CTO-2"', () => {
    const splitters = [aSplitter({ id: 's2', name: 'CTO-2' }), aSplitter({ id: 's10', name: 'CTO-10' })];
    expect(connectedTo(created({}, { splitters }))).toBe('CTO-10:3');
  });

  test('R2.5 name order is code-point, not locale: "B" before "a"', () => {
    const splitters = [aSplitter({ id: 'lower', name: 'a' }), aSplitter({ id: 'upper', name: 'B' })];
    expect(connectedTo(created({}, { splitters }))).toBe('B:3');
  });

  // Regression: names were compared by UTF-16 code unit, which puts U+E000..U+FFFF after every
  // character beyond U+FFFF; in code-point order U+FF21 comes first.
  test('R2.5 name order is code-point, not UTF-16: "\\uFF21" before "\\u{1F600}"', () => {
    const splitters = [aSplitter({ id: 'emoji', name: '\u{1F600}' }), aSplitter({ id: 'fullwidth', name: '\uFF21' })];
    expect(connectedTo(created({}, { splitters }))).toBe('\uFF21:3');
  });

  test('R2.5 the first splitter in order that has the port is taken', () => {
    const splitters = [aSplitter({ id: 'a', name: 'A', ports: 4 }), aSplitter({ id: 'b', name: 'B', ports: 8 })];
    expect(connectedTo(created({ ctoPort: 6 }, { splitters }))).toBe('B:6');
    expect(connectedTo(created({ ctoPort: 4 }, { splitters }))).toBe('A:4');
  });

  test('R2.5 port free -> created, connected to that splitter port', () => {
    expect(created()).toMatchObject({
      rule: 'R2.5',
      connection: { splitterId: 'spl-1', splitterName: 'S1', port: 3 },
      unconnectedReason: null,
    });
  });

  test.each<[string, Partial<OzmapActual>]>([
    ['a fiber on the output', { splitters: [aSplitter({ taken: [3] })] }],
    ['the output blocked', { splitters: [aSplitter({ blocked: [3] })] }],
    [
      'a property connected to it',
      {
        properties: [
          aProperty({ id: 'p9', clientId: 'c9', connections: [{ splitterId: 'spl-1', port: 3, fiber: null }] }),
        ],
        clients: [aClient({ id: 'c9', code: '9' })],
      },
    ],
  ])('R2.5 port taken (%s) -> not created, reason port-occupied', (_why, actual) => {
    expect(skipped({}, actual)).toMatchObject({ rule: 'R2.5', reason: 'port-occupied' });
  });

  test('R2.5 port planned for another contract earlier this cycle -> port-occupied (the lower code wins)', () => {
    const commands = plan([aState({ code: '20' }), aState({ code: '3' })]);
    expect(only(ofKind(commands, 'create'))).toMatchObject({ code: '3', connection: { port: 3 } });
    expect(only(ofKind(commands, 'skip'))).toMatchObject({ code: '20', reason: 'port-occupied' });
  });

  test('R2.5 onPortConflict unconnected -> created on the box, unconnected, reason port-occupied', () => {
    const command = created({}, { splitters: [aSplitter({ taken: [3] })] }, { onPortConflict: 'unconnected' });
    expect(command).toMatchObject({ boxId: 'box-1', connection: null, unconnectedReason: 'port-occupied' });
  });

  test('R2.5 no port in SGP -> created on the box, unconnected, reason no-port-in-sgp', () => {
    expect(created({ ctoPort: null })).toMatchObject({ connection: null, unconnectedReason: 'no-port-in-sgp' });
  });

  test('R2.5 no splitter of the box has the port -> created unconnected, reason port-not-in-box', () => {
    const splitters = [aSplitter({ id: 'a', name: 'A', ports: 4 }), aSplitter({ id: 'b', name: 'B', ports: 8 })];
    expect(created({ ctoPort: 9 }, { splitters })).toMatchObject({
      connection: null,
      unconnectedReason: 'port-not-in-box',
    });
  });
});

describe('R2.6 what is created', () => {
  test('R2.6 the property carries address, SGP coords and potencyRead; the client code, name, implanted and status', () => {
    const command = created({ coords: { lat: -3.5, lng: -38.1 }, rxDbm: -19.87, online: false, status: 2 });
    expect(command.property).toEqual({
      address: 'Rua A, 10 - Centro, Fortaleza - CE, 60000-000',
      coords: { lat: -3.5, lng: -38.1 },
      potencyRead: -19.87,
    });
    expect(command.client).toEqual({ code: '1234', name: 'Maria da Silva', implanted: false, status: 1 });
  });

  test('R2.6 without SGP coordinates the property takes the box coordinates', () => {
    expect(created({ coords: null }).property.coords).toEqual(aBox().coords);
  });

  test('R2.6 without SGP nor box coordinates -> not created, reason no-coordinates (one skip, not a failing create every cycle)', () => {
    expect(skipped({ coords: null }, { boxes: [aBox({ coords: null })] })).toMatchObject({
      rule: 'R2.6',
      reason: 'no-coordinates',
      record: true,
    });
  });

  test('R2.6 no-coordinates claims no port: a later contract of the cycle may take it', () => {
    const commands = plan([aState({ coords: null }), aState({ code: '1235' })], { boxes: [aBox({ coords: null })] });
    expect(ofKind(commands, 'create').map((c) => [c.code, c.connection?.port])).toEqual([['1235', 3]]);
  });

  test('R2.6 no RX reading -> no potencyRead', () => {
    expect(created({ rxDbm: null }).property.potencyRead).toBeNull();
  });

  test.each([
    [true, 0],
    [false, 1],
    [null, null],
  ] as const)('R2.6 status from R4.6: online %s -> %s', (online, status) => {
    expect(created({ online }).client.status).toBe(status);
  });
});

describe('R2.6 placeAroundBox', () => {
  const box = aBox();
  const around = (ctoPort: number | null, coords = box.coords): CreateClientCommand =>
    created({ ctoPort, coords }, { splitters: [aSplitter({ ports: 64 })] }, { placeAroundBox: true });

  test('R2.6 placeAroundBox: box coordinates plus a small offset, SGP coordinates ignored', () => {
    const coords = around(3).property.coords;
    expect(coords).not.toBeNull();
    expect(coords).not.toEqual(box.coords);
    expect(Math.abs(coords!.lat - box.coords!.lat)).toBeLessThan(3e-4);
    expect(Math.abs(coords!.lng - box.coords!.lng)).toBeLessThan(3e-4);
  });

  test('R2.6 placeAroundBox: deterministic, the same port lands on the same place', () => {
    expect(around(5, { lat: 1, lng: 1 }).property.coords).toEqual(around(5, null).property.coords);
  });

  // Regression: the offset repeated every 16 ports, so port 17 stacked on port 1 and a client
  // without a port on port 16.
  test('R2.6 placeAroundBox: distinct per port (ports 1-64 and no port), more than 1e-6 degrees apart', () => {
    const places = [null, ...Array.from({ length: 64 }, (_, i) => i + 1)].map((port) => around(port).property.coords!);
    for (const [i, a] of places.entries()) {
      for (const b of places.slice(i + 1)) {
        expect(Math.max(Math.abs(a.lat - b.lat), Math.abs(a.lng - b.lng))).toBeGreaterThan(1e-6);
      }
    }
  });

  test('R2.6 placeAroundBox with a box without coordinates -> SGP coordinates', () => {
    const command = created(
      { coords: { lat: -3.7, lng: -38.5 } },
      { boxes: [aBox({ coords: null })] },
      { placeAroundBox: true },
    );
    expect(command.property.coords).toEqual({ lat: -3.7, lng: -38.5 });
  });
});

describe('R2.6a implanted at creation', () => {
  test.each([1, 4, 6, 7] as const)('R2.6a status %i (implantStatuses) -> created implanted', (status) => {
    expect(created({ status }).client.implanted).toBe(true);
  });

  test('R2.6a status 2 (inativo) -> created not implanted', () => {
    expect(created({ status: 2 }).client.implanted).toBe(false);
  });
});

describe('R2.7 skips', () => {
  test('R2.7 a first skip is recorded', () => {
    expect(only(ofKind(plan(aState({ cto: 'CTO-02' })), 'skip')).record).toBe(true);
  });

  test('R2.7 the same reason as last cycle -> tried again, not recorded again', () => {
    const skip = only(ofKind(plan(aState({ cto: 'CTO-02' }, { lastSkipReason: 'box-not-found' })), 'skip'));
    expect(skip).toMatchObject({ reason: 'box-not-found', record: false });
  });

  test('R2.7 a different reason from last cycle -> recorded', () => {
    const skip = only(ofKind(plan(aState({ cto: null }, { lastSkipReason: 'box-not-found' })), 'skip'));
    expect(skip).toMatchObject({ reason: 'no-cto-in-sgp', record: true });
  });

  test('R2.7 a contract skipped last cycle is created once its box appears', () => {
    const commands = plan(aState({}, { lastSkipReason: 'box-not-found' }));
    expect(ofKind(commands, 'create')).toHaveLength(1);
  });
});

describe('R3 never created', () => {
  test.each([3, 5, 'unknown'] as const)('R3.1 status %s -> nothing created, whatever OZmap holds', (status) => {
    expect(ofKind(plan(aState({ status })), 'create')).toEqual([]);
  });

  test('R3.2 an OZmap client with that code exists -> no create', () => {
    const commands = plan(aState(), { clients: [aClient({ name: 'Other Name' })] });
    expect(ofKind(commands, 'create')).toEqual([]);
    expect(ofKind(commands, 'skip')).toEqual([]);
  });

  test('R3.2 an OZmap client with that code but no property -> still no create', () => {
    expect(ofKind(plan(aState(), { clients: [aClient()], properties: [] }), 'create')).toEqual([]);
  });

  test('R3.2 (R1.6) OZmap clients not all read -> no create, reason ozmap-read-incomplete', () => {
    const commands = plan(aState(), {}, {}, { ozmapComplete: false });
    expect(ofKind(commands, 'create')).toEqual([]);
    expect(only(ofKind(commands, 'skip'))).toMatchObject({ rule: 'R1.6', reason: 'ozmap-read-incomplete' });
  });
});
