import { describe, test } from 'vitest';
import { securityCampaign } from '../../chaos/securityCampaign.ts';
import { expectCampaignHolds } from './shortCampaign.ts';

describe('chaos campaign 6, security (short): a demo run searched for secrets', () => {
  test('no secret in stdout, stderr, API answers, alerts or the event store; writes need the admin token; writes rate limited', async () => {
    await expectCampaignHolds(securityCampaign);
  }, 120_000);
});
