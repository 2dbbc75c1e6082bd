import { describe, test } from 'vitest';
import { massDeletionCampaign } from '../../chaos/massDeletionCampaign.ts';
import { expectCampaignHolds } from './shortCampaign.ts';

describe('chaos campaign 4, mass deletion (short): all cancelled, empty list, sweep broken half-way', () => {
  test('R5.6 zero deletions, guard recorded, /ready degraded, alert sent; the confirmed hash releases exactly its set', async () => {
    await expectCampaignHolds(massDeletionCampaign);
  }, 120_000);
});
