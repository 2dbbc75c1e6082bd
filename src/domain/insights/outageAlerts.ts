import type { EventPayload } from '../events/catalogue.ts';

/** An outage as the insights derived it (see src/projections/insights/insightsState.ts). */
export interface OutageFacts {
  readonly id: string;
  readonly placeKind: 'box' | 'pon';
  readonly place: string;
  readonly startedAt: string;
  readonly clients: readonly string[];
  readonly placeClients: number;
  readonly back: readonly string[];
  readonly clearedAt: string | null;
}

export type OutageAlertEvent =
  | { readonly type: 'OutageSuspected'; readonly data: EventPayload<'OutageSuspected'> }
  | { readonly type: 'OutageCleared'; readonly data: EventPayload<'OutageCleared'> };

/**
 * Outages older than this when first seen are history (a log replayed after an upgrade, a
 * service down for days): they are listed, never alerted on.
 */
const ALERT_HORIZON_MS = 24 * 3_600_000;

/**
 * The alerts still owed, as the events that record them: a suspicion for each open outage not
 * yet alerted on (and recent), a clearing for each cleared one whose suspicion was alerted.
 * Recording them is what keeps the alerts to one per incident, across restarts. Pure.
 */
export function outageAlertsOwed(
  outages: readonly OutageFacts[],
  alerted: Readonly<Record<string, { readonly suspected: boolean; readonly cleared: boolean }>>,
  now: Date,
): OutageAlertEvent[] {
  const at = now.toISOString();
  const owed: OutageAlertEvent[] = [];
  for (const o of outages) {
    const done = alerted[o.id] ?? { suspected: false, cleared: false };
    const { placeKind, place } = o;
    if (!done.suspected && o.clearedAt === null && now.getTime() - Date.parse(o.startedAt) <= ALERT_HORIZON_MS) {
      owed.push({
        type: 'OutageSuspected',
        data: {
          v: 1,
          at,
          outageId: o.id,
          placeKind,
          place,
          clients: [...o.clients],
          placeClients: o.placeClients,
          startedAt: o.startedAt,
        },
      });
    }
    if (done.suspected && !done.cleared && o.clearedAt !== null) {
      owed.push({
        type: 'OutageCleared',
        data: { v: 1, at, outageId: o.id, placeKind, place, back: o.back.length, clients: o.clients.length },
      });
    }
  }
  return owed;
}
