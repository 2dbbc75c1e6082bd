import { describe, test } from 'vitest';
import { daemonCrashCampaign } from '../../chaos/daemonCrashCampaign.ts';
import { expectCampaignHolds } from './shortCampaign.ts';

// A short version of a daemon campaign: real `bin/sgp-ozmap run` processes on a small world.
describe('chaos: the run daemon (short)', () => {
  test('SIGKILLed during its scheduled cycles and restarted: OZmap ends as without the kill', async () => {
    await expectCampaignHolds(daemonCrashCampaign);
  }, 120_000);
});
