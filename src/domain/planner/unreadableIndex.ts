import type { OzProperty } from '../ozmap/ozmapObjects.ts';
import type { UnreadableOzmapRecord } from '../ozmap/unreadableRecord.ts';
import type { OzmapActual } from './ozmapIndex.ts';

/**
 * What OZmap's unreadable records block, by what ties them to a write (docs/decisions/0004):
 * one rule, where a write could be wrong there is no write. Built once per cycle.
 */
export interface UnreadableIndex {
  readonly records: readonly UnreadableOzmapRecord[];
  /** Contract code -> the records of its client or its client's property: no write for it. */
  readonly byCode: ReadonlyMap<string, readonly UnreadableOzmapRecord[]>;
  /** Record id -> record: a cancellation resumed on an unreadable property. */
  readonly byId: ReadonlyMap<string, UnreadableOzmapRecord>;
  /** `splitterId:port` -> a record that may hold that port: no creation connects to it. */
  readonly byPort: ReadonlyMap<string, UnreadableOzmapRecord>;
  /** Box id -> a record that makes the box's ports unknown: no creation on that box. */
  readonly byBox: ReadonlyMap<string, UnreadableOzmapRecord>;
  /** Unreadable boxes whose name can be read: a contract of that CTO may be theirs. */
  readonly boxes: readonly UnreadableOzmapRecord[];
  /** A property whose client cannot be read: it may be the property of any client found without one. */
  readonly propertyOfUnknownClient: UnreadableOzmapRecord | null;
}

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const portKeyOf = (splitterId: string, port: number): string => `${splitterId}:${port}`;

export function buildUnreadableIndex(
  actual: OzmapActual,
  propertyByClientId: ReadonlyMap<string, OzProperty>,
): UnreadableIndex {
  const records = actual.unreadable ?? [];
  const byCode = new Map<string, UnreadableOzmapRecord[]>();
  const byId = new Map<string, UnreadableOzmapRecord>();
  const byPort = new Map<string, UnreadableOzmapRecord>();
  const byBox = new Map<string, UnreadableOzmapRecord>();
  let propertyOfUnknownClient: UnreadableOzmapRecord | null = null;
  // A client's code, whether the client itself is readable or not (null: its code is not).
  const codeOfClient = new Map<string, string | null>(actual.clients.map((c) => [c.id, c.code]));
  for (const r of records) if (r.kind === 'ftthClients' && r.id !== null) codeOfClient.set(r.id, r.code);
  const holdPorts = (
    record: UnreadableOzmapRecord,
    connections: readonly { splitterId: string; port: number }[],
  ): void => {
    for (const c of connections)
      if (!byPort.has(portKeyOf(c.splitterId, c.port))) byPort.set(portKeyOf(c.splitterId, c.port), record);
  };
  const holdBox = (record: UnreadableOzmapRecord, boxId: string | null): void => {
    if (boxId !== null && !byBox.has(boxId)) byBox.set(boxId, record);
  };
  for (const record of records) {
    if (record.id !== null) byId.set(record.id, record);
    switch (record.kind) {
      case 'ftthClients': {
        if (record.code !== null) {
          add(byCode, record.code, record);
          break;
        }
        // No readable code: it may be any contract's client, so it blocks what it may hold:
        // its property's ports, or, unconnected, the box where that contract would be created.
        const property = record.id === null ? undefined : propertyByClientId.get(record.id);
        if (property && property.connections.length > 0) holdPorts(record, property.connections);
        else if (property) holdBox(record, property.boxId);
        break;
      }
      case 'properties': {
        const code = record.clientId === null ? undefined : codeOfClient.get(record.clientId);
        if (typeof code === 'string') add(byCode, code, record);
        if (!record.clientKnown) propertyOfUnknownClient ??= record;
        // Whoever it belongs to, it holds its ports; when they cannot be read, any of its box's.
        if (record.connections === null) holdBox(record, record.boxId);
        else holdPorts(record, record.connections);
        break;
      }
      case 'splitters':
        // The box's ports are not all known: which splitter and port R2.5 picks could be wrong.
        holdBox(record, record.boxId);
        break;
      case 'boxes':
        break;
    }
  }
  return {
    records,
    byCode,
    byId,
    byPort,
    byBox,
    boxes: records.filter((r) => r.kind === 'boxes' && r.name !== null),
    propertyOfUnknownClient,
  };
}
