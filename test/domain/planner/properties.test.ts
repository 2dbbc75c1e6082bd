import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { OzBox, OzClient, OzProperty, OzSplitter } from '../../../src/domain/ozmap/ozmapObjects.ts';
import { buildOzmapIndex, portKey, type OzmapActual } from '../../../src/domain/planner/ozmapIndex.ts';
import { planCancel, planSync, type PlanContext } from '../../../src/domain/planner/planCycle.ts';
import { planUpdate } from '../../../src/domain/planner/planUpdate.ts';
import type { ContractState } from '../../../src/domain/planner/contractState.ts';
import type { RuleOptions } from '../../../src/domain/ruleOptions.ts';
import type { ContractSnapshot, Coordinates } from '../../../src/domain/sgp/contractSnapshot.ts';
import { ofKind, optionsWith, SAO_PAULO_AFTERNOON } from './builders.ts';

/**
 * Small worlds where names, ports and codes collide often: a few boxes with clashing names
 * (case, projects), splitters with taken and blocked ports, clients with and without
 * properties, contracts in every status. Ids are unique, as OZmap's and SGP's are.
 */

const RUNS = 100;
// Repeats weight the draw: most contracts want the same two boxes, so ports collide.
const CTO_NAMES = ['CTO-1', 'CTO-1', 'CTO-1', 'CTO-2', 'CTO-2', 'cto-1', ' CTO-2 ', 'CAIXA 9', 'CTO-10'] as const;
const SPLITTER_NAMES = ['A', 'B', 'a', 'S-10', 'S-2'] as const;
const NAMES = ['Maria da Silva', 'José Souza', 'maria da silva', ''] as const;
const ADDRESSES = ['Rua A, 10 - Centro', 'Rua A,  10 - Centro ', 'Rua B, 20', ''] as const;
const MAX_BOXES = 4;
const MAX_SPLITTERS = 6;

const coords: fc.Arbitrary<Coordinates | null> = fc.option(
  fc.record({ lat: fc.constantFrom(-3.7318, -3.7318005, -3.74), lng: fc.constantFrom(-38.5266, -38.52661, -38.6) }),
);
const rx = fc.option(
  fc.oneof(fc.constantFrom(-21.5, -21.504, -21.51, -22), fc.double({ min: -50, max: 10, noNaN: true })),
);
/** True about once in `n`. */
const rarely = (n: number): fc.Arbitrary<boolean> => fc.nat(n - 1).map((k) => k === 0);
const code = fc.integer({ min: 1, max: 24 }).map(String);

const snapshot = (c: string): fc.Arbitrary<ContractSnapshot> =>
  fc.record({
    code: fc.constant(c),
    status: fc.constantFrom<ContractSnapshot['status'][]>(1, 2, 3, 4, 5, 6, 7, 'unknown'),
    statusText: fc.constant('x'),
    name: fc.constantFrom(...NAMES),
    cto: fc.option(fc.constantFrom(...CTO_NAMES), { freq: 8 }),
    ctoPort: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 8 }),
    rxDbm: rx,
    online: fc.option(fc.boolean()),
    coords,
    address: fc.constantFrom(...ADDRESSES),
  });

const contract = (c: string): fc.Arbitrary<ContractState> =>
  fc.record({
    code: fc.constant(c),
    snapshot: snapshot(c),
    previousSnapshot: fc.option(snapshot(c)),
    observedRevision: fc.nat(5),
    streamRevision: fc.nat(5),
    vanished: rarely(8),
    lastSkipReason: fc.constantFrom(null, 'box-not-found' as const, 'port-occupied' as const),
    lastNotes: fc.constant({}),
    pendingCancellation: fc.constant(null),
  });

const contracts: fc.Arbitrary<ContractState[]> = fc
  .uniqueArray(code, { minLength: 4, maxLength: 16 })
  .chain((codes) => (codes.length === 0 ? fc.constant([]) : fc.tuple(...codes.map(contract))));

/** Boxes b0 "CTO-1" and b1 "CTO-2" always exist (the splitters are in them); a few more may clash with them. */
const boxes: fc.Arbitrary<OzBox[]> = fc
  .tuple(
    fc.record({ project: fc.constantFrom('p1', null), coords }),
    fc.record({ project: fc.constantFrom('p2', null), coords }),
    fc.array(fc.record({ name: fc.constantFrom(...CTO_NAMES), project: fc.constantFrom('p1', 'p2', null), coords }), {
      maxLength: MAX_BOXES - 2,
    }),
  )
  .map(([b0, b1, more]) => [
    { id: 'b0', name: 'CTO-1', ...b0 },
    { id: 'b1', name: 'CTO-2', ...b1 },
    ...more.map((s, i) => ({ id: `b${i + 2}`, ...s })),
  ]);

const splitters: fc.Arbitrary<OzSplitter[]> = fc
  .array(
    fc.record({
      box: fc.nat(1),
      name: fc.constantFrom(...SPLITTER_NAMES),
      isDrop: fc.boolean(),
      outputs: fc.array(fc.record({ fiber: rarely(4), blocked: rarely(6) }), { minLength: 1, maxLength: 6 }),
    }),
    { minLength: 1, maxLength: MAX_SPLITTERS },
  )
  .map((specs) =>
    specs.map((s, i) => ({
      id: `s${i}`,
      name: s.name,
      boxId: `b${s.box}`,
      isDrop: s.isDrop,
      outputs: s.outputs.map((o, p) => ({ fiber: o.fiber ? `f-s${i}-${p + 1}` : null, blocked: o.blocked })),
    })),
  );

interface ClientSpec {
  readonly code: string;
  readonly client: Omit<OzClient, 'id' | 'code' | 'observation'>;
  readonly property: {
    readonly address: string;
    readonly coords: Coordinates | null;
    readonly potencyRead: number | null;
    readonly connection: { readonly splitter: number; readonly port: number } | null;
    readonly box: number;
  } | null;
}

const clientSpecs: fc.Arbitrary<ClientSpec[]> = fc.array(
  fc.record({
    code,
    client: fc.record({
      name: fc.constantFrom(...NAMES),
      implanted: fc.boolean(),
      status: fc.constantFrom(0 as const, 1 as const, null),
    }),
    property: fc.option(
      fc.record({
        address: fc.constantFrom(...ADDRESSES),
        coords,
        potencyRead: rx,
        connection: fc.option(fc.record({ splitter: fc.nat(MAX_SPLITTERS - 1), port: fc.integer({ min: 1, max: 5 }) })),
        box: fc.nat(MAX_BOXES - 1),
      }),
    ),
  }),
  { maxLength: 8 },
);

function ozmapOf(boxList: OzBox[], splitterList: OzSplitter[], specs: ClientSpec[], complete: boolean): OzmapActual {
  const clients: OzClient[] = specs.map((s, i) => ({ id: `c${i}`, code: s.code, observation: '', ...s.client }));
  const properties: OzProperty[] = specs.flatMap((s, i) => {
    if (s.property === null) return [];
    const { connection, box, ...fields } = s.property;
    return [
      {
        id: `p${i}`,
        boxId: `b${box}`,
        clientId: `c${i}`,
        observation: '',
        ...fields,
        connections: connection
          ? [{ splitterId: `s${connection.splitter}`, port: connection.port, fiber: `f-p${i}` }]
          : [],
      },
    ];
  });
  return { boxes: boxList, splitters: splitterList, clients, properties, complete };
}

const options: fc.Arbitrary<RuleOptions> = fc
  .record({
    boxNameMatch: fc.constantFrom('exact' as const, 'case-insensitive' as const),
    onPortConflict: fc.constantFrom('skip' as const, 'unconnected' as const),
    placeAroundBox: fc.boolean(),
    projects: fc.constantFrom<string[][]>([], [], [], ['p1'], ['Norte', 'p2']),
    ctoAliases: fc.constantFrom<Record<string, string>[]>({}, { 'CAIXA 9': 'CTO-2' }),
    rxDeadbandDb: fc.constantFrom(0, 0.5),
    implant: fc.boolean(),
    createClients: rarely(8).map((off) => !off),
  })
  .map((o) => optionsWith(o));

interface Scenario {
  readonly contracts: ContractState[];
  readonly actual: OzmapActual;
  readonly ctx: PlanContext;
}

const scenario: fc.Arbitrary<Scenario> = fc
  .record({ contracts, boxes, splitters, clientSpecs, options, ozmapComplete: rarely(8).map((cut) => !cut) })
  .map((s) => ({
    contracts: s.contracts,
    actual: ozmapOf(s.boxes, s.splitters, s.clientSpecs, s.ozmapComplete),
    ctx: {
      options: s.options,
      now: SAO_PAULO_AFTERNOON,
      sweepComplete: true,
      ozmapComplete: s.ozmapComplete,
      projectNames: new Map([['p1', 'Norte']]),
    },
  }));

const permutation = <T>(items: readonly T[]): fc.Arbitrary<T[]> =>
  fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });

/** The same scenario with every input list in another order. */
const shuffled = (s: Scenario): fc.Arbitrary<Scenario> =>
  fc
    .record({
      contracts: permutation(s.contracts),
      boxes: permutation(s.actual.boxes),
      splitters: permutation(s.actual.splitters),
      properties: permutation(s.actual.properties),
      clients: permutation(s.actual.clients),
    })
    .map(({ contracts: c, ...lists }) => ({ ...s, contracts: c, actual: { ...s.actual, ...lists } }));

const plan = (s: Scenario) => planSync(s.contracts, buildOzmapIndex(s.actual), s.ctx);

describe('planSync properties', () => {
  test('R3.2 never two creations for one code', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const codes = ofKind(plan(s), 'create').map((c) => c.code);
        expect(new Set(codes).size).toBe(codes.length);
      }),
      { seed: 250_601, numRuns: RUNS },
    );
  });

  test('R2.5 never two creations on one splitter port, nor one on a port already taken', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const index = buildOzmapIndex(s.actual);
        const ports = ofKind(plan(s), 'create').flatMap((c) => (c.connection ? [c.connection] : []));
        const keys = ports.map((p) => portKey(p.splitterId, p.port));
        expect(new Set(keys).size).toBe(keys.length);
        for (const p of ports) {
          const output = index.splitterById.get(p.splitterId)?.outputs[p.port - 1];
          expect(output).toMatchObject({ fiber: null, blocked: false });
          expect(index.connectedPorts.has(portKey(p.splitterId, p.port))).toBe(false);
        }
      }),
      { seed: 250_602, numRuns: RUNS },
    );
  });

  test('R3.2 never a create for a code that has an OZmap client', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const existing = new Set(s.actual.clients.map((c) => c.code));
        expect(ofKind(plan(s), 'create').filter((c) => existing.has(c.code))).toEqual([]);
      }),
      { seed: 250_603, numRuns: RUNS },
    );
  });

  test('R4.7 an update carries only fields that differ: applying its patches leaves nothing to update', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const byCode = new Map(s.contracts.map((c) => [c.code, c]));
        for (const update of ofKind(plan(s), 'update')) {
          const state = byCode.get(update.code)!;
          const client = s.actual.clients.find((c) => c.id === update.clientId)!;
          const property = s.actual.properties.find((p) => p.id === update.propertyId) ?? null;
          for (const change of update.changes) expect(change.to).not.toEqual(change.from);
          const again = planUpdate({
            snapshot: state.snapshot!,
            previous: state.previousSnapshot,
            client: { ...client, ...update.clientPatch },
            property: property && { ...property, ...update.propertyPatch },
            options: s.ctx.options,
          });
          expect(again).toBeNull();
        }
      }),
      { seed: 250_604, numRuns: RUNS },
    );
  });

  test('planning is deterministic: the same input plans the same commands', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        expect(plan(s)).toEqual(plan(s));
        expect(planCancel(s.contracts, buildOzmapIndex(s.actual), s.ctx)).toEqual(
          planCancel(s.contracts, buildOzmapIndex(s.actual), s.ctx),
        );
      }),
      { seed: 250_605, numRuns: RUNS },
    );
  });

  test('planning does not depend on the order of contracts, boxes, splitters, properties or clients', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) => shuffled(s).map((t) => [s, t] as const)),
        ([s, t]) => {
          expect(plan(t)).toEqual(plan(s));
          expect(planCancel(t.contracts, buildOzmapIndex(t.actual), t.ctx)).toEqual(
            planCancel(s.contracts, buildOzmapIndex(s.actual), s.ctx),
          );
        },
      ),
      { seed: 250_606, numRuns: RUNS },
    );
  });
});
