import { z } from 'zod';

/**
 * The settings of the insights (issue 16): what counts as an RX degradation and as an outage.
 * The config module maps the environment onto this shape (docs/CONFIG.md); tests build it.
 */
const insightSettingsSchema = z.object({
  /** RX_DEGRADATION_DB: a client whose RX worsened by at least this many dB is degraded. */
  rxDegradationDb: z.number().positive().default(3),
  /** RX_DEGRADATION_DAYS: the window compared, ending now. */
  rxWindowDays: z.number().int().min(2).default(30),
  /** RX_DEGRADATION_EDGE_DAYS: the first and the last days of the window whose medians are compared. */
  rxEdgeDays: z.number().int().min(1).default(3),
  /** RX_FAULT_SHARE: the share (0-1) of a place's clients degraded together that flags it. */
  rxFaultShare: z.number().min(0).max(1).default(0.5),
  /** OUTAGE_MIN_CLIENTS: clients of one place going offline in one cycle for an outage. */
  outageMinClients: z.number().int().min(1).default(3),
  /** OUTAGE_SHARE: and at least this share (0-1) of the place's clients. */
  outageShare: z.number().min(0).max(1).default(0.5),
});
export type InsightSettings = z.output<typeof insightSettingsSchema>;

export const defaultInsightSettings: InsightSettings = Object.freeze(insightSettingsSchema.parse({}));

/**
 * A place is flagged as the likely fault only when at least two of its clients degraded: one
 * client alone is its own drop cable or ONU, whatever the share says.
 */
export const FAULT_MIN_CLIENTS = 2;

export const DAY_MS = 86_400_000;
