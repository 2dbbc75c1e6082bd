import { describe, test } from 'vitest';
import { storeFaultCampaign } from '../../chaos/storeFaultCampaign.ts';
import { expectCampaignHolds } from './shortCampaign.ts';

describe('chaos campaign 5, store faults (short): disk full, read-only', () => {
  test('a clear error, /ready degraded, no partial event, and the service resumes when the fault is gone', async () => {
    await expectCampaignHolds(storeFaultCampaign);
  }, 120_000);
});
