import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config/index.ts';
import { fieldPolicies } from '../../../src/domain/planner/fieldPolicy.ts';

const minimal = {
  SGP_URL: 'https://isp.sgp.net.br',
  SGP_TOKEN: 'sgp-token-1f3a9c',
  SGP_APP: 'sgp-ozmap',
  OZMAP_URL: 'https://isp.ozmap.com.br:9994',
  OZMAP_API_KEY: 'ozmap-key-77aa01',
};

function policiesOf(env: Record<string, string>) {
  const result = loadConfig({ ...minimal, ...env });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return fieldPolicies(result.config.rules);
}

describe('R9.1 field policy settings', () => {
  it('R9.1 nothing set: every field the seed names is sgp, the ONU (UPDATE_ONU=false) off', () => {
    expect(policiesOf({})).toEqual({
      name: 'sgp',
      potencyRead: 'sgp',
      coords: 'sgp',
      address: 'sgp',
      implanted: 'sgp',
      status: 'sgp',
      onu: 'off',
    });
  });

  it('R9.1 FIELD_POLICY_* name each field (any case); UPDATE_X=false still means off', () => {
    const policies = policiesOf({
      FIELD_POLICY_COORDS: 'fill',
      FIELD_POLICY_ADDRESS: 'Fill',
      FIELD_POLICY_NAME: 'ozmap',
      FIELD_POLICY_ONU: 'sgp',
      UPDATE_RX: 'false',
      IMPLANT: 'off',
    });
    expect(policies).toMatchObject({
      coords: 'fill',
      address: 'fill',
      name: 'ozmap',
      onu: 'sgp',
      potencyRead: 'off',
      implanted: 'off',
      status: 'sgp',
    });
  });

  it('R9.1 the flags follow the policies, so a creation writes a field unless its policy is off', () => {
    const result = loadConfig({ ...minimal, FIELD_POLICY_NAME: 'off', FIELD_POLICY_ONU: 'fill' });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.rules).toMatchObject({ updateName: false, updateOnu: true, updateRx: true });
  });

  it('R9.1 a flag that contradicts the policy named is a problem naming both; a bad policy names the choices', () => {
    const result = loadConfig({
      ...minimal,
      UPDATE_COORDS: 'false',
      FIELD_POLICY_COORDS: 'fill',
      FIELD_POLICY_RX: 'x',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.join('\n')).toContain(
      'FIELD_POLICY_COORDS: UPDATE_COORDS=false contradicts FIELD_POLICY_COORDS=fill',
    );
    expect(result.problems.join('\n')).toMatch(/FIELD_POLICY_RX: must be one of sgp, fill, ozmap, off/);
    // Agreeing settings are fine.
    expect(policiesOf({ UPDATE_COORDS: 'false', FIELD_POLICY_COORDS: 'off' }).coords).toBe('off');
  });

  it('DRIFT_DIGEST_AGE defaults to 24 h', () => {
    const result = loadConfig({ ...minimal });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.driftDigestAgeMs).toBe(24 * 3_600_000);
  });
});
