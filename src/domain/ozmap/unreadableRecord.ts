/**
 * An OZmap record that does not fit its schema (RULES R8, docs/decisions/0004): it is kept, with
 * what of it can still be read, because unreadable is not absent. Each readable part is what
 * ties the record to something the service could write: the code to a contract, the box and the
 * connections to the ports it may hold, the client reference to the client it may belong to.
 */
type OzmapRecordKind = 'boxes' | 'splitters' | 'properties' | 'ftthClients';

export interface UnreadableOzmapRecord {
  readonly kind: OzmapRecordKind;
  /** The record's id, when it can be read. */
  readonly id: string | null;
  /** The first field that does not fit, as a dotted path, and why. */
  readonly field: string;
  readonly reason: string;
  /** A client's code, when that field itself can be read. */
  readonly code: string | null;
  /** A box's name, when it can be read. */
  readonly name: string | null;
  /** A property's box, or a splitter's parent box, when it can be read. */
  readonly boxId: string | null;
  /** A property's client (null: none), when the reference can be read. */
  readonly clientId: string | null;
  /** False when a property's client reference itself cannot be read. */
  readonly clientKnown: boolean;
  /** A property's splitter ports, when the list can be read whole; null when it cannot. */
  readonly connections: readonly { readonly splitterId: string; readonly port: number }[] | null;
}

/** How a record is named in a reason, a log line and the decision record. */
export function describeUnreadable(record: UnreadableOzmapRecord): string {
  const id = record.id === null ? 'without a readable id' : record.id;
  return `OZmap ${record.kind} record ${id}: field ${record.field} ${record.reason}`;
}
