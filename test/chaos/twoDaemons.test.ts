import { describe, test } from 'vitest';
import { twoDaemonCampaign } from '../../chaos/twoDaemonCampaign.ts';
import { expectCampaignHolds } from './shortCampaign.ts';

// A short version of a daemon campaign: real `bin/sgp-ozmap run` processes on a small world.
describe('chaos: the run daemon (short)', () => {
  test('two daemons on one store: one writes, the other names it, takes over after a SIGKILL; a taken port is one line', async () => {
    await expectCampaignHolds(twoDaemonCampaign);
  }, 120_000);
});
