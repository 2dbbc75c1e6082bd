import { describe, test } from 'vitest';
import { crashCampaign } from '../../chaos/crashCampaign.ts';
import { expectCampaignHolds } from './shortCampaign.ts';

describe('chaos campaign 1, crashes (short): bin/sgp-ozmap SIGKILLed mid-cycle, restarted', () => {
  test('OZmap ends as without the crash: no duplicate, no wrong deletion, every write logged before it, no line twice', async () => {
    await expectCampaignHolds(crashCampaign, { runs: 2 });
  }, 120_000);
});
