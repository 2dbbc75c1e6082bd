import { afterEach, describe, expect, it } from 'vitest';
import { buildWorld } from '../../../chaos/support/worlds.ts';
import { loadConfig, type Config } from '../../../src/app/config/index.ts';
import { checkOzmap } from '../../../src/app/doctor/doctorChecks.ts';
import { checkOnuField } from '../../../src/app/doctor/onuCheck.ts';
import { SIM, startHarness, type Harness } from '../../support/engineHarness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('doctor: UPDATE_ONU (issue 16)', () => {
  it('says nothing when the option is off; warns when no client answers an onu', () => {
    expect(checkOnuField(false, [])).toBeNull();
    expect(checkOnuField(true, [{ onu: undefined }, {}])).toMatchObject({
      verdict: 'warn',
      fix: expect.stringContaining('UPDATE_ONU=false'),
    });
    expect(checkOnuField(true, [{ onu: { serial_number: '' } }, {}])).toMatchObject({ verdict: 'ok' });
  });

  it('reads the onu of the OZmap simulator clients, read-only', async () => {
    const world = buildWorld({ contracts: 10, seed: 3 });
    harness = await startHarness({ sgpFixture: world.sgp, ozmapFixture: world.ozmap });
    const loaded = loadConfig({ ...harness.env, UPDATE_ONU: 'true' });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const results = await checkOzmap({ config: loaded.config as Config, sgpAuth: { token: SIM.token, app: SIM.app } });
    expect(results.find((r) => r.check.startsWith('UPDATE_ONU'))).toMatchObject({ verdict: 'ok' });
    const counters = (await harness.ozmap.inject({ method: 'GET', url: '/__sim/counters' })).json() as {
      counts: Record<string, number>;
    };
    expect(Object.keys(counters.counts).every((route) => route.startsWith('GET '))).toBe(true);
  }, 60_000);
});
