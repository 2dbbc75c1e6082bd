import { expect } from 'vitest';
import type { Campaign, CampaignResult } from '../../chaos/campaign.ts';

/** Runs a campaign's short version (the one inside `npm test`) and checks every invariant held. */
export async function expectCampaignHolds(
  campaign: Campaign,
  options: { seed?: number; runs?: number } = {},
): Promise<CampaignResult> {
  const result = await campaign.run({
    seed: options.seed ?? 1,
    scale: 'short',
    log: () => undefined,
    ...(options.runs ? { runs: options.runs } : {}),
  });
  // The failure lines name the run and its seed: `npm run test:chaos -- --only <name> --run N` replays it.
  expect(result.failures).toEqual([]);
  expect(result.invariants).toBeGreaterThan(0);
  expect(result.faults).toBeGreaterThan(0);
  return result;
}
