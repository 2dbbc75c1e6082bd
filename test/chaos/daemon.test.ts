import { describe, test } from 'vitest';
import { daemonCrashCampaign } from '../../chaos/daemonCrashCampaign.ts';
import { stopCampaign } from '../../chaos/stopCampaign.ts';
import { twoDaemonCampaign } from '../../chaos/twoDaemonCampaign.ts';
import { expectCampaignHolds } from './shortCampaign.ts';

// The short versions of the daemon campaigns: real `bin/sgp-ozmap run` processes, small worlds.
describe('chaos: the run daemon (short)', () => {
  test('SIGKILLed during its scheduled cycles and restarted: OZmap ends as without the kill', async () => {
    await expectCampaignHolds(daemonCrashCampaign);
  }, 120_000);

  test('SIGTERM/SIGINT mid-cycle: exit 0 within 10 s, the write in flight recorded, the lease given back, nothing resumed twice', async () => {
    await expectCampaignHolds(stopCampaign);
  }, 120_000);

  test('two daemons on one store: one writes, the other names it, takes over after a SIGKILL; a taken port is one line', async () => {
    await expectCampaignHolds(twoDaemonCampaign);
  }, 120_000);
});
