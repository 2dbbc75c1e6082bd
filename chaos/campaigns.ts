import type { Campaign } from './campaign.ts';
import { badInputCampaign } from './badInputCampaign.ts';
import { crashCampaign } from './crashCampaign.ts';
import { massDeletionCampaign } from './massDeletionCampaign.ts';
import { securityCampaign } from './securityCampaign.ts';
import { storeFaultCampaign } from './storeFaultCampaign.ts';
import { upstreamFaultCampaign } from './upstreamFaultCampaign.ts';

/** The six campaigns of issue #6, in the order the runner prints them. */
export const campaigns: readonly Campaign[] = [
  crashCampaign,
  upstreamFaultCampaign,
  badInputCampaign,
  massDeletionCampaign,
  storeFaultCampaign,
  securityCampaign,
];
