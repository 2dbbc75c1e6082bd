import type { OzBox, OzClient, OzProperty, OzSplitter } from '../ozmap/ozmapObjects.ts';
import type { UnreadableOzmapRecord } from '../ozmap/unreadableRecord.ts';
import { buildUnreadableIndex, type UnreadableIndex } from './unreadableIndex.ts';

/** OZmap's actual state as read in one cycle. `complete` is false when any list was cut short. */
export interface OzmapActual {
  readonly boxes: readonly OzBox[];
  readonly splitters: readonly OzSplitter[];
  readonly properties: readonly OzProperty[];
  readonly clients: readonly OzClient[];
  readonly complete: boolean;
  /** Records that do not fit their schema: present, not absent (R8, docs/decisions/0004). */
  readonly unreadable?: readonly UnreadableOzmapRecord[];
}

/** Lookups the planner needs, built once per cycle so that no rule scans a whole list. */
export interface OzmapIndex {
  readonly actual: OzmapActual;
  readonly clientsByCode: ReadonlyMap<string, readonly OzClient[]>;
  readonly propertyByClientId: ReadonlyMap<string, OzProperty>;
  readonly propertyById: ReadonlyMap<string, OzProperty>;
  readonly boxById: ReadonlyMap<string, OzBox>;
  readonly splitterById: ReadonlyMap<string, OzSplitter>;
  readonly splittersByBoxId: ReadonlyMap<string, readonly OzSplitter[]>;
  /** `splitterId:port` of every output a property is connected to. */
  readonly connectedPorts: ReadonlySet<string>;
  /** What the unreadable records block (docs/decisions/0004). */
  readonly unreadable: UnreadableIndex;
}

export const portKey = (splitterId: string, port: number): string => `${splitterId}:${port}`;

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

export function buildOzmapIndex(actual: OzmapActual): OzmapIndex {
  const propertyByClientId = new Map<string, OzProperty>();
  const connectedPorts = new Set<string>();
  for (const property of actual.properties) {
    if (property.clientId !== null) propertyByClientId.set(property.clientId, property);
    for (const c of property.connections) connectedPorts.add(portKey(c.splitterId, c.port));
  }
  // Sorted by id so that every rule that picks "the first" client of a code is deterministic.
  const clientsByCode = groupBy(
    [...actual.clients].sort((a, b) => cmp(a.id, b.id)),
    (c) => c.code,
  );
  const splittersByBoxId = groupBy(actual.splitters, (s) => s.boxId);
  return {
    actual,
    clientsByCode,
    propertyByClientId,
    propertyById: new Map(actual.properties.map((p) => [p.id, p])),
    boxById: new Map(actual.boxes.map((b) => [b.id, b])),
    splitterById: new Map(actual.splitters.map((s) => [s.id, s])),
    splittersByBoxId,
    connectedPorts,
    unreadable: buildUnreadableIndex(actual, propertyByClientId),
  };
}

/**
 * Plain code-point order, no locale (R2.5). Not `<`: that compares UTF-16 code units, which puts
 * U+E000..U+FFFF after every character beyond U+FFFF.
 */
export function cmp(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1; // equal so far, so both strings advance by the same width
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
