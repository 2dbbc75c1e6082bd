import type { EventPayload } from '../domain/events/catalogue.ts';
import type { FieldChange } from '../domain/planner/commands.ts';
import { describePlace, Place } from '../domain/planner/planConnection.ts';
import { Coordinates, type ContractSnapshot } from '../domain/sgp/contractSnapshot.ts';
import type { SnapshotChange, SnapshotField } from '../domain/sgp/snapshotChanges.ts';

/**
 * The English sentences of the audit timeline (R6). Kept apart from the fold so that the
 * wording can change without touching what the timeline contains.
 */

const quote = (text: string | null): string => (text === null ? 'none' : `"${text}"`);
const rx = (dbm: number): string => dbm.toFixed(2);
const rxOrNone = (dbm: number | null): string => (dbm === null ? 'no reading' : `${rx(dbm)} dBm`);
const coordinates = (c: Coordinates | null): string =>
  c === null ? 'none' : `${c.lat.toFixed(6)}, ${c.lng.toFixed(6)}`;
const connection = (online: boolean | null): string => (online === null ? 'unknown' : online ? 'online' : 'offline');
const status = (code: ContractSnapshot['status'] | null, text: string | null): string =>
  code === null ? 'none' : `${quote(text ?? '')} (${code})`;

/** RX both ways: "RX -21.30 -> -24.90 dBm"; with a missing reading, each side says so. */
function rxChange(from: number | null, to: number | null): string {
  return from !== null && to !== null ? `RX ${rx(from)} -> ${rx(to)} dBm` : `RX ${rxOrNone(from)} -> ${rxOrNone(to)}`;
}

/** The docs/RULES.md clause that acts on a change of this SGP field. */
export const RULE_OF_FIELD: Readonly<Record<SnapshotField, string>> = {
  name: 'R4.1',
  status: 'R1.3',
  cto: 'R4.8',
  ctoPort: 'R4.8',
  rxDbm: 'R4.2',
  online: 'R4.6',
  coords: 'R4.3',
  address: 'R4.4',
};

export function sgpChangeSummary(
  change: SnapshotChange,
  before: ContractSnapshot | null,
  after: ContractSnapshot,
): string {
  switch (change.field) {
    case 'name':
      return `SGP: name changed from ${quote(change.from)} to ${quote(change.to)}`;
    case 'status':
      return `SGP: status changed from ${status(change.from, before?.statusText ?? null)} to ${status(change.to, after.statusText)}`;
    case 'cto':
      return `SGP: CTO changed from ${quote(change.from)} to ${quote(change.to)}`;
    case 'ctoPort':
      return `SGP: CTO port changed from ${change.from ?? 'none'} to ${change.to ?? 'none'}`;
    case 'rxDbm':
      return `SGP: ${rxChange(change.from, change.to)}`;
    case 'online':
      return `SGP: connection changed from ${connection(change.from)} to ${connection(change.to)}`;
    case 'coords':
      return `SGP: coordinates changed from ${coordinates(change.from)} to ${coordinates(change.to)}`;
    case 'address':
      return `SGP: address changed from ${quote(change.from)} to ${quote(change.to)}`;
  }
}

export function firstObservationSummary(s: ContractSnapshot): string {
  const parts = [
    `name ${quote(s.name)}`,
    `status ${status(s.status, s.statusText)}`,
    s.cto === null ? 'no CTO' : `CTO ${quote(s.cto)} port ${s.ctoPort ?? 'none'}`,
    s.rxDbm === null ? 'no RX reading' : `RX ${rx(s.rxDbm)} dBm`,
    connection(s.online),
    `coordinates ${coordinates(s.coords)}`,
    `address ${s.address === '' ? 'none' : quote(s.address)}`,
  ];
  return `SGP: first observation: ${parts.join(', ')}`;
}

const clientStatus = (value: unknown): string => (value === 0 ? 'OK' : value === 1 ? 'ERROR' : String(value ?? 'none'));
const asNumber = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const asText = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const asCoordinates = (value: unknown): Coordinates | null => {
  const parsed = Coordinates.safeParse(value);
  return parsed.success ? parsed.data : null;
};

/** R4.8: a splitter place as the planner records it. */
const place = (value: unknown): string => {
  const parsed = Place.safeParse(value);
  return describePlace(parsed.success ? parsed.data : null);
};

/** UPDATE_ONU's `{ serial_number, mac_address, user_PPPoE }` in words. */
function onuText(value: unknown): string {
  if (typeof value !== 'object' || value === null) return 'none';
  const onu = new Map<string, unknown>(Object.entries(value));
  const part = (label: string, key: string): string | null => {
    const text = onu.get(key);
    return typeof text === 'string' && text !== '' ? `${label} ${quote(text)}` : null;
  };
  return (
    [part('serial', 'serial_number'), part('MAC', 'mac_address'), part('PPPoE login', 'user_PPPoE')]
      .filter(Boolean)
      .join(', ') || 'none'
  );
}

/** One field written to OZmap, and whether it followed SGP or overwrote a change in OZmap. */
export function ozmapChangeSummary(change: FieldChange): string {
  const why = change.cause === 'drift' ? ' (hand edit in OZmap overwritten)' : ' (changed in SGP)';
  const key = `${change.object}.${change.field}`;
  switch (key) {
    case 'client.name':
      return `OZmap: renamed client from ${quote(asText(change.from))} to ${quote(asText(change.to))}${why}`;
    case 'client.implanted':
      return `OZmap: client marked implanted${why}`;
    case 'client.status':
      return `OZmap: client status set from ${clientStatus(change.from)} to ${clientStatus(change.to)}${why}`;
    case 'property.potencyRead':
      return `OZmap: potência lida ${rxChange(asNumber(change.from), asNumber(change.to))}${why}`;
    case 'property.coords':
      return `OZmap: property moved from ${coordinates(asCoordinates(change.from))} to ${coordinates(asCoordinates(change.to))}${why}`;
    case 'property.address':
      return `OZmap: property address changed from ${quote(asText(change.from))} to ${quote(asText(change.to))}${why}`;
    case 'property.connection':
      // R4.8: connect later (from nothing) or a move, from -> to.
      return change.from === null || change.from === undefined
        ? `OZmap: property connected to ${place(change.to)} (connect later)`
        : `OZmap: property moved from ${place(change.from)} -> ${place(change.to)}, old port freed`;
    case 'client.onu':
      return `OZmap: ONU set to ${onuText(change.to)} (was ${onuText(change.from)})${why}`;
    default:
      return `OZmap: ${key} changed from ${JSON.stringify(change.from)} to ${JSON.stringify(change.to)}${why}`;
  }
}

export function createdSummary(d: EventPayload<'OzmapClientCreated'>): string {
  const where = d.connection
    ? `on box ${quote(d.boxName)}, splitter ${quote(d.connection.splitterName)} port ${d.connection.port}`
    : `on box ${quote(d.boxName)} without connection (${d.unconnectedReason ?? 'no reason recorded'})`;
  if (d.reusedProperty)
    return `OZmap: reactivated: new client ${quote(d.client.name)} on its previous property ${d.propertyId}, ${where.replace(/^on /, '')}`;
  return `OZmap: created client ${quote(d.client.name)} ${where}, property ${d.propertyId}`;
}

/** R5.2/R5.3, with the exact observation text written on the property. */
export function cancelledSummary(d: EventPayload<'OzmapClientCancelled'>): string {
  const property = d.propertyId === null ? 'its property' : `property ${d.propertyId}`;
  if (d.mode === 'remove') return `cancelled: client and ${property} removed`;
  const line =
    d.observationLine === null
      ? 'no observation'
      : d.observationWritten
        ? `observation written: '${d.observationLine}'`
        : `observation already present: '${d.observationLine}'`;
  return `cancelled: client removed from ${property}, ${line}${d.disconnected ? ', splitter port freed' : ''}`;
}

export function failedSummary(d: EventPayload<'OzmapCommandFailed'>): string {
  const http = d.error.status === undefined ? '' : ` (HTTP ${d.error.status})`;
  return `failed: ${d.kind} at ${d.step}: ${d.error.code}${http}: ${d.error.message}; ${d.retryable ? 'will be retried' : 'not retryable'}`;
}

/**
 * R2.7: why a contract was not created. After its client was removed by a cancellation, the
 * skip a sync records for it (R2.1) says it stays removed, not that it never existed.
 */
export function skippedSummary(d: EventPayload<'ClientCreationSkipped'>, clientRemoved: boolean): string {
  if (clientRemoved && d.reason === 'cancelled-in-sgp')
    return `stays removed from OZmap: the contract is cancelled in SGP (${d.detail})`;
  // An unreadable OZmap record blocks every write for the contract, not only its creation (R8.1).
  return `${d.reason === 'ozmap-record-unreadable' ? 'blocked' : 'not created'}: ${d.reason}: ${d.detail}`;
}

/** A client found in OZmap: the contract follows it from now on. */
export function linkedSummary(d: EventPayload<'OzmapClientLinked'>): string {
  const property = d.propertyId === null ? 'no property' : `property ${d.propertyId}`;
  const was =
    d.previous === null
      ? ''
      : ` (was client ${d.previous.clientId ?? 'none'}, property ${d.previous.propertyId ?? 'none'})`;
  return `OZmap: client ${d.clientId} with this code found, ${property}; linked to it${was}`;
}
