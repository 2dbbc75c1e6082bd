import type { RuleOptions } from '../ruleOptions.ts';
import type { ContractSnapshot, Coordinates } from '../sgp/contractSnapshot.ts';
import type { OzClient, OzProperty } from '../ozmap/ozmapObjects.ts';
import type { FieldChange, UpdateClientCommand } from './commands.ts';
import { fieldPolicy, policyDecision, type FieldPolicy, type PolicyField } from './fieldPolicy.ts';

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

/** A difference R4.1-R4.9 know of, and what the field's policy (R9.1) decided about it. */
export interface FieldDecision extends FieldChange {
  readonly policy: FieldPolicy;
  readonly decision: 'write' | 'withhold';
}

const emptyText = (text: string): boolean => collapse(text) === '';
const emptyOnu = (onu: OzClient['onu']): boolean => !onu || Object.values(onu).every((v) => v === null || v === '');

/**
 * Every field where SGP's value differs from OZmap's, with the decision of its policy: written
 * (`sgp`, or `fill` on an empty OZmap value) or withheld (`ozmap`, `fill` on a filled value).
 * Fields whose policy is `off` are not compared at all.
 */
export function fieldDecisions({ snapshot, previous, client, property, options }: UpdateInput): FieldDecision[] {
  const decisions: FieldDecision[] = [];
  const add = (
    object: FieldChange['object'],
    field: PolicyField,
    from: unknown,
    to: unknown,
    rule: string,
    sgpChanged: boolean,
    ozmapEmpty: boolean,
  ): void => {
    const policy = fieldPolicy(options, field);
    const decision = policyDecision(policy, ozmapEmpty);
    if (decision === 'ignore') return;
    decisions.push({ object, field, from, to, rule, cause: sgpChanged ? 'sgp' : 'drift', policy, decision });
  };
  const compared = (field: PolicyField): boolean => fieldPolicy(options, field) !== 'off';
  const changed = <K extends keyof ContractSnapshot>(key: K): boolean =>
    previous !== null && JSON.stringify(previous[key]) !== JSON.stringify(snapshot[key]);
  // R4.1 name
  if (compared('name') && snapshot.name !== '' && client.name !== snapshot.name) {
    add('client', 'name', client.name, snapshot.name, 'R4.1', changed('name'), emptyText(client.name));
  }
  // R4.5 implanted: never the reverse; not for an unknown status. `false` is OZmap's empty value.
  if (
    compared('implanted') &&
    snapshot.status !== 'unknown' &&
    options.implantStatuses.includes(snapshot.status) &&
    !client.implanted
  ) {
    add('client', 'implanted', false, true, 'R4.5', changed('status'), true);
  }
  // R4.6 connection status
  const status = desiredClientStatus(snapshot);
  if (compared('status') && status !== null && client.status !== status) {
    add('client', 'status', client.status, status, 'R4.6', changed('online'), client.status === null);
  }
  // R4.9 UPDATE_ONU: the ONU serial, MAC and PPPoE login SGP has, where OZmap differs.
  const onu = compared('onu') ? onuToWrite(snapshot, client) : null;
  if (onu !== null) add('client', 'onu', client.onu ?? null, onu, 'R4.9', changed('onu'), emptyOnu(client.onu));
  if (property === null) return decisions;
  // R4.2 potência lida, on the property
  if (
    compared('potencyRead') &&
    snapshot.rxDbm !== null &&
    rxDiffers(snapshot.rxDbm, property.potencyRead, options.rxDeadbandDb)
  ) {
    const empty = property.potencyRead === null;
    add('property', 'potencyRead', property.potencyRead, snapshot.rxDbm, 'R4.2', changed('rxDbm'), empty);
  }
  // R4.3 coordinates (off with placeAroundBox, or the next cycle would move them back)
  if (
    compared('coords') &&
    !options.placeAroundBox &&
    snapshot.coords !== null &&
    coordsDiffer(snapshot.coords, property.coords)
  ) {
    const empty = property.coords === null;
    add('property', 'coords', property.coords, snapshot.coords, 'R4.3', changed('coords'), empty);
  }
  // R4.4 address, whitespace collapsed on both sides
  if (
    compared('address') &&
    collapse(snapshot.address) !== '' &&
    collapse(property.address) !== collapse(snapshot.address)
  ) {
    const empty = emptyText(property.address);
    add('property', 'address', property.address, snapshot.address, 'R4.4', changed('address'), empty);
  }
  return decisions;
}

/** The fields R4.1-R4.9 want written on the client and its property, as their policies allow; empty when all match. */
export function diffClient(input: UpdateInput): FieldChange[] {
  return (
    fieldDecisions(input)
      .filter((d) => d.decision === 'write')
      // The default policy is left implicit, so changes and their events stay as they were before policies.
      .map(({ decision: _, policy, ...change }) => (policy === 'sgp' ? change : { ...change, policy }))
  );
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
    reason: changes
      .map(
        (c) =>
          `${c.field} (${c.cause === 'sgp' ? 'changed in SGP' : 'differs in OZmap'}${c.policy ? `, policy ${c.policy}` : ''})`,
      )
      .join(', '),
    clientId: input.client.id,
    propertyId: input.property?.id ?? null,
    clientPatch: patch('client'),
    propertyPatch: patch('property'),
    changes,
  };
}
