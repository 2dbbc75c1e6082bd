import { describe, test } from 'vitest';
import { badInputCampaign } from '../../chaos/badInputCampaign.ts';
import { expectCampaignHolds } from './shortCampaign.ts';

describe('chaos campaign 3, bad input (short): malformed SGP records among valid ones', () => {
  test('R8 every valid contract processed, every invalid one rejected with its contract and field, no crash', async () => {
    await expectCampaignHolds(badInputCampaign);
  }, 120_000);
});
