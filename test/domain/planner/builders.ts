import type {
  OzBox,
  OzClient,
  OzProperty,
  OzSplitter,
  OzSplitterPort,
} from '../../../src/domain/ozmap/ozmapObjects.ts';
import type { PlannedCommand } from '../../../src/domain/planner/commands.ts';
import type { ContractState, PendingCancellation } from '../../../src/domain/planner/contractState.ts';
import { buildOzmapIndex, type OzmapActual, type OzmapIndex } from '../../../src/domain/planner/ozmapIndex.ts';
import type { PlanContext } from '../../../src/domain/planner/planCycle.ts';
import { ruleOptionsSchema, type RuleOptions, type RuleOptionsInput } from '../../../src/domain/ruleOptions.ts';
import type { ContractSnapshot } from '../../../src/domain/sgp/contractSnapshot.ts';

/**
 * Builders for the planner tests. The defaults describe one consistent world: contract 1234
 * (Maria da Silva, ativo, online, CTO-01 port 3) and, in OZmap, box CTO-01 with one drop
 * splitter of 8 free ports. A test overrides only what its rule clause is about.
 */

export const SAO_PAULO_AFTERNOON = new Date('2026-11-29T17:05:00Z');

export function aSnapshot(overrides: Partial<ContractSnapshot> = {}): ContractSnapshot {
  return {
    code: '1234',
    status: 1,
    statusText: 'Ativo',
    name: 'Maria da Silva',
    cto: 'CTO-01',
    ctoPort: 3,
    rxDbm: -21.5,
    online: true,
    coords: { lat: -3.731862, lng: -38.526669 },
    address: 'Rua A, 10 - Centro, Fortaleza - CE, 60000-000',
    ...overrides,
  };
}

/**
 * A contract as the projections know it. `snapshot` overrides are applied to the default
 * snapshot, and the state's code follows the snapshot's unless given.
 */
export function aState(
  snapshot: Partial<ContractSnapshot> = {},
  overrides: Partial<ContractState> = {},
): ContractState {
  const built = aSnapshot(snapshot);
  return {
    code: built.code,
    snapshot: built,
    previousSnapshot: null,
    observedRevision: 0,
    streamRevision: 0,
    vanished: false,
    lastSkipReason: null,
    lastNotes: {},
    pendingCancellation: null,
    ...overrides,
  };
}

export function aPending(overrides: Partial<PendingCancellation> = {}): PendingCancellation {
  return {
    commandId: 'cmd-1',
    mode: 'detach',
    clientId: 'client-1',
    clientName: 'Maria da Silva',
    propertyId: 'prop-1',
    observationLine: 'Cliente removido pela integração SGP: Maria da Silva (código 1234) em 29/11/2026 14:05',
    disconnect: null,
    ...overrides,
  };
}

export function aBox(overrides: Partial<OzBox> = {}): OzBox {
  return { id: 'box-1', name: 'CTO-01', project: 'proj-1', coords: { lat: -3.7318, lng: -38.5266 }, ...overrides };
}

export interface SplitterSpec extends Partial<Omit<OzSplitter, 'outputs'>> {
  /** Number of output ports (default 8). */
  readonly ports?: number;
  /** 1-based ports with a fiber on them. */
  readonly taken?: readonly number[];
  /** 1-based ports marked blocked. */
  readonly blocked?: readonly number[];
}

export function aSplitter({ ports = 8, taken = [], blocked = [], ...rest }: SplitterSpec = {}): OzSplitter {
  const outputs: OzSplitterPort[] = Array.from({ length: ports }, (_, i) => ({
    fiber: taken.includes(i + 1) ? `fiber-${rest.id ?? 'spl-1'}-${i + 1}` : null,
    blocked: blocked.includes(i + 1),
  }));
  return { id: 'spl-1', name: 'S1', boxId: 'box-1', isDrop: true, ...rest, outputs };
}

export function aProperty(overrides: Partial<OzProperty> = {}): OzProperty {
  return {
    id: 'prop-1',
    boxId: 'box-1',
    clientId: 'client-1',
    address: 'Rua A, 10 - Centro, Fortaleza - CE, 60000-000',
    coords: { lat: -3.731862, lng: -38.526669 },
    observation: '',
    potencyRead: -21.5,
    connections: [],
    ...overrides,
  };
}

export function aClient(overrides: Partial<OzClient> = {}): OzClient {
  return {
    id: 'client-1',
    code: '1234',
    name: 'Maria da Silva',
    implanted: true,
    status: 0,
    observation: '',
    ...overrides,
  };
}

/** The OZmap client that already matches `snapshot` on every field R4 compares. */
export function clientMatching(snapshot: ContractSnapshot, overrides: Partial<OzClient> = {}): OzClient {
  return aClient({
    code: snapshot.code,
    name: snapshot.name,
    implanted: true,
    status: snapshot.online === null ? null : snapshot.online ? 0 : 1,
    ...overrides,
  });
}

/**
 * The property that already matches `snapshot` on every field R4 compares, connected to the
 * default splitter's port SGP gives (R4.8 would otherwise connect it later).
 */
export function propertyMatching(snapshot: ContractSnapshot, overrides: Partial<OzProperty> = {}): OzProperty {
  const connections =
    snapshot.ctoPort === null
      ? []
      : [{ splitterId: 'spl-1', port: snapshot.ctoPort, fiber: `fiber-${snapshot.ctoPort}` }];
  return aProperty({
    address: snapshot.address,
    coords: snapshot.coords,
    potencyRead: snapshot.rxDbm,
    connections,
    ...overrides,
  });
}

/** OZmap as read in one cycle: by default the CTO-01 box with its one splitter, no clients. */
export function anActual(overrides: Partial<OzmapActual> = {}): OzmapActual {
  return { boxes: [aBox()], splitters: [aSplitter()], properties: [], clients: [], complete: true, ...overrides };
}

export function anIndex(overrides: Partial<OzmapActual> = {}): OzmapIndex {
  return buildOzmapIndex(anActual(overrides));
}

/** Options as the config module would produce them: R7 defaults, these overridden. */
export function optionsWith(input: RuleOptionsInput = {}): RuleOptions {
  return ruleOptionsSchema.parse(input);
}

export function aContext(overrides: Partial<PlanContext> = {}, options: RuleOptionsInput = {}): PlanContext {
  return {
    options: optionsWith(options),
    now: SAO_PAULO_AFTERNOON,
    sweepComplete: true,
    ozmapComplete: true,
    ...overrides,
  };
}

/** The commands of one kind, narrowed. */
export function ofKind<K extends PlannedCommand['kind']>(
  commands: readonly PlannedCommand[],
  kind: K,
): Extract<PlannedCommand, { kind: K }>[] {
  return commands.filter((c): c is Extract<PlannedCommand, { kind: K }> => c.kind === kind);
}

/** The single command planned, failing loudly when there is not exactly one. */
export function only<T>(commands: readonly T[]): T {
  if (commands.length !== 1)
    throw new Error(`expected exactly one command, got ${commands.length}: ${JSON.stringify(commands)}`);
  return commands[0] as T;
}
