import type { Campaign } from './campaign.ts';
import { badInputCampaign } from './badInputCampaign.ts';
import { crashCampaign } from './crashCampaign.ts';
import { daemonCrashCampaign } from './daemonCrashCampaign.ts';
import { stopCampaign } from './stopCampaign.ts';
import { twoDaemonCampaign } from './twoDaemonCampaign.ts';
import { messyWorldCampaign } from './messyWorldCampaign.ts';
import { massDeletionCampaign } from './massDeletionCampaign.ts';
import { securityCampaign } from './securityCampaign.ts';
import { storeFaultCampaign } from './storeFaultCampaign.ts';
import { upstreamFaultCampaign } from './upstreamFaultCampaign.ts';

/** The six campaigns of issue #6 (and #11's messy world) and the daemon's of #17, in the order the runner prints them. */
export const campaigns: readonly Campaign[] = [
  crashCampaign,
  upstreamFaultCampaign,
  badInputCampaign,
  messyWorldCampaign,
  massDeletionCampaign,
  storeFaultCampaign,
  securityCampaign,
  daemonCrashCampaign,
  stopCampaign,
  twoDaemonCampaign,
];
