import { describe, test } from 'vitest';
import { upstreamFaultCampaign } from '../../chaos/upstreamFaultCampaign.ts';
import { expectCampaignHolds } from './shortCampaign.ts';

describe('chaos campaign 2, upstream faults (short): 20% of SGP and OZmap requests fail', () => {
  test('converges within three clean cycles and every failure is in its contract trail', async () => {
    await expectCampaignHolds(upstreamFaultCampaign);
  }, 120_000);
});
