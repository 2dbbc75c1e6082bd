import type { RuleOptions } from '../ruleOptions.ts';
import type { ContractSnapshot, Coordinates } from '../sgp/contractSnapshot.ts';
import type { OzClient, OzProperty } from '../ozmap/ozmapObjects.ts';
import type { FieldChange, UpdateClientCommand } from './commands.ts';

/** R4.6: online -> 0 (OK), offline -> 1 (ERROR), unknown -> null (leave it). */
export function desiredClientStatus(snapshot: ContractSnapshot): 0 | 1 | null {
  return snapshot.online === null ? null : snapshot.online ? 0 : 1;
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();
const round2 = (value: number): number => Math.round(value * 100) / 100;
const COORD_TOLERANCE = 1e-6;

/**
 * R4.2: differs at 2 decimals, and by no less than the dead band (it ignores smaller changes
 * only). The 1e-9 absorbs float error in the difference of two rounded values.
 */
export function rxDiffers(sgp: number, ozmap: number | null, deadbandDb: number): boolean {
  if (ozmap === null) return true;
  const diff = Math.abs(round2(sgp) - round2(ozmap));
  return diff > 0 && diff >= deadbandDb - 1e-9;
}

/** R4.3: more than 1e-6 degrees apart on either axis. */
export function coordsDiffer(sgp: Coordinates, ozmap: Coordinates | null): boolean {
  return (
    ozmap === null || Math.abs(sgp.lat - ozmap.lat) > COORD_TOLERANCE || Math.abs(sgp.lng - ozmap.lng) > COORD_TOLERANCE
  );
}

const ONU_PARTS = [
  ['serialNumber', 'serial_number'],
  ['macAddress', 'mac_address'],
  ['userPppoe', 'user_PPPoE'],
] as const;

/**
 * The client's `onu` as it should be written: OZmap's parts where SGP has a value, SGP's value
 * for each part SGP has (a part SGP lacks is left as OZmap holds it). Null when nothing differs.
 */
export function onuToWrite(snapshot: ContractSnapshot, client: OzClient): Record<string, string> | null {
  const sgp = snapshot.onu;
  if (!sgp) return null;
  const wanted: Record<string, string> = {};
  let differs = false;
  for (const [from, to] of ONU_PARTS) {
    const value = sgp[from];
    if (value === null) continue;
    wanted[to] = value;
    if ((client.onu?.[to] ?? null) !== value) differs = true;
  }
  return differs ? wanted : null;
}

interface UpdateInput {
  readonly snapshot: ContractSnapshot;
  readonly previous: ContractSnapshot | null;
  readonly client: OzClient;
  readonly property: OzProperty | null;
  readonly options: RuleOptions;
}

/** The fields R4.1-R4.6 want written on the client and its property; empty when all match. */
function diffClient({ snapshot, previous, client, property, options }: UpdateInput): FieldChange[] {
  const changes: FieldChange[] = [];
  const add = (
    object: FieldChange['object'],
    field: string,
    from: unknown,
    to: unknown,
    rule: string,
    sgpChanged: boolean,
  ): void => {
    changes.push({ object, field, from, to, rule, cause: sgpChanged ? 'sgp' : 'drift' });
  };
  const changed = <K extends keyof ContractSnapshot>(key: K): boolean =>
    previous !== null && JSON.stringify(previous[key]) !== JSON.stringify(snapshot[key]);
  // R4.1 name
  if (options.updateName && snapshot.name !== '' && client.name !== snapshot.name) {
    add('client', 'name', client.name, snapshot.name, 'R4.1', changed('name'));
  }
  // R4.5 implanted: never the reverse; not for an unknown status.
  if (
    options.implant &&
    snapshot.status !== 'unknown' &&
    options.implantStatuses.includes(snapshot.status) &&
    !client.implanted
  ) {
    add('client', 'implanted', false, true, 'R4.5', changed('status'));
  }
  // R4.6 connection status
  const status = desiredClientStatus(snapshot);
  if (options.updateStatus && status !== null && client.status !== status) {
    add('client', 'status', client.status, status, 'R4.6', changed('online'));
  }
  // R4.9 UPDATE_ONU: the ONU serial, MAC and PPPoE login SGP has, where OZmap differs.
  const onu = options.updateOnu ? onuToWrite(snapshot, client) : null;
  if (onu !== null) add('client', 'onu', client.onu ?? null, onu, 'R4.9', changed('onu'));
  if (property === null) return changes;
  // R4.2 potência lida, on the property
  if (
    options.updateRx &&
    snapshot.rxDbm !== null &&
    rxDiffers(snapshot.rxDbm, property.potencyRead, options.rxDeadbandDb)
  ) {
    add('property', 'potencyRead', property.potencyRead, snapshot.rxDbm, 'R4.2', changed('rxDbm'));
  }
  // R4.3 coordinates (off with placeAroundBox, or the next cycle would move them back)
  if (
    options.updateCoords &&
    !options.placeAroundBox &&
    snapshot.coords !== null &&
    coordsDiffer(snapshot.coords, property.coords)
  ) {
    add('property', 'coords', property.coords, snapshot.coords, 'R4.3', changed('coords'));
  }
  // R4.4 address, whitespace collapsed on both sides
  if (
    options.updateAddress &&
    collapse(snapshot.address) !== '' &&
    collapse(property.address) !== collapse(snapshot.address)
  ) {
    add('property', 'address', property.address, snapshot.address, 'R4.4', changed('address'));
  }
  return changes;
}

/** R4.7: one PATCH per object carrying every differing field, none when nothing differs. */
export function planUpdate(input: UpdateInput): UpdateClientCommand | null {
  const changes = diffClient(input);
  if (changes.length === 0) return null;
  const patch = (object: FieldChange['object']): Record<string, unknown> =>
    Object.fromEntries(changes.filter((c) => c.object === object).map((c) => [c.field, c.to]));
  return {
    kind: 'update',
    code: input.snapshot.code,
    rule: [...new Set(changes.map((c) => c.rule))].join(','),
    reason: changes.map((c) => `${c.field} (${c.cause === 'sgp' ? 'changed in SGP' : 'differs in OZmap'})`).join(', '),
    clientId: input.client.id,
    propertyId: input.property?.id ?? null,
    clientPatch: patch('client'),
    propertyPatch: patch('property'),
    changes,
  };
}
