import { describe, test } from 'vitest';
import { stopCampaign } from '../../chaos/stopCampaign.ts';
import { expectCampaignHolds } from './shortCampaign.ts';

// A short version of a daemon campaign: real `bin/sgp-ozmap run` processes on a small world.
describe('chaos: the run daemon (short)', () => {
  test('SIGTERM/SIGINT mid-cycle: exit 0 within 10 s, the write in flight recorded, the lease given back, nothing resumed twice', async () => {
    await expectCampaignHolds(stopCampaign);
  }, 120_000);
});
