import type { RuleOptions } from '../ruleOptions.ts';

/**
 * Who owns a field of an existing OZmap client (docs/RULES.md R9.1):
 * - `sgp`: the ERP wins, every difference is written (the seed's rule, the default);
 * - `fill`: written only while OZmap's value is empty, then OZmap's value is kept (hand-placed
 *   coordinates, a corrected address);
 * - `ozmap`: never written; the difference is listed as drift;
 * - `off`: never written, nothing reported (what `UPDATE_X=false` always meant).
 */
export const FIELD_POLICIES = ['sgp', 'fill', 'ozmap', 'off'] as const;
export type FieldPolicy = (typeof FIELD_POLICIES)[number];

/** The fields the update writes (R4.x), by the keys of their FieldChange. */
export const POLICY_FIELDS = ['name', 'potencyRead', 'coords', 'address', 'implanted', 'status', 'onu'] as const;
export type PolicyField = (typeof POLICY_FIELDS)[number];

/** The on/off option each field had before policies: `false` is the shorthand for `off`. */
export const FIELD_FLAGS = {
  name: 'updateName',
  potencyRead: 'updateRx',
  coords: 'updateCoords',
  address: 'updateAddress',
  implanted: 'implant',
  status: 'updateStatus',
  onu: 'updateOnu',
} as const satisfies Record<PolicyField, keyof RuleOptions>;

/** The setting that names each field's policy (docs/CONFIG.md). */
export const FIELD_POLICY_SETTINGS = {
  name: 'FIELD_POLICY_NAME',
  potencyRead: 'FIELD_POLICY_RX',
  coords: 'FIELD_POLICY_COORDS',
  address: 'FIELD_POLICY_ADDRESS',
  implanted: 'FIELD_POLICY_IMPLANTED',
  status: 'FIELD_POLICY_STATUS',
  onu: 'FIELD_POLICY_ONU',
} as const satisfies Record<PolicyField, string>;

/** The policy in force: the one named, else the old flag's (`true` = `sgp`, `false` = `off`). */
export function fieldPolicy(options: RuleOptions, field: PolicyField): FieldPolicy {
  return options.fieldPolicies[field] ?? (options[FIELD_FLAGS[field]] ? 'sgp' : 'off');
}

/** Every field's policy in force, for plan, the client detail and the dashboard. */
export function fieldPolicies(options: RuleOptions): Record<PolicyField, FieldPolicy> {
  return Object.fromEntries(POLICY_FIELDS.map((field) => [field, fieldPolicy(options, field)])) as Record<
    PolicyField,
    FieldPolicy
  >;
}

/** What a policy does with one known difference: write it, withhold it (drift), or ignore it. */
export function policyDecision(policy: FieldPolicy, ozmapEmpty: boolean): 'write' | 'withhold' | 'ignore' {
  if (policy === 'off') return 'ignore';
  if (policy === 'sgp' || (policy === 'fill' && ozmapEmpty)) return 'write';
  return 'withhold';
}
