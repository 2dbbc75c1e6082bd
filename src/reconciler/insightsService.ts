import type { EventStore } from '../domain/eventStore.ts';
import { OUTAGES_STREAM } from '../domain/events/streams.ts';
import { DAY_MS, type InsightSettings } from '../domain/insights/insightSettings.ts';
import { outageAlertsOwed } from '../domain/insights/outageAlerts.ts';
import { rxDegradation, type RxDegradationReport } from '../domain/insights/rxDegradation.ts';
import { statusStrip, type StatusSegment } from '../domain/insights/statusStrip.ts';
import { createInsightsProjection, type InsightsProjection } from '../projections/insights/insightsProjection.ts';
import type { ClientHistory, Outage, PlaceKind } from '../projections/insights/insightsState.ts';
import { createEventWriter } from './eventWriter.ts';
import type { Alert } from './engine.ts';
import type { ReconcilerLogger } from './reconcilerLogger.ts';

export interface OutageView extends Outage {
  readonly alerted: { readonly suspected: boolean; readonly cleared: boolean };
}

export interface PlaceView {
  readonly placeKind: PlaceKind;
  readonly place: string;
  readonly from: string;
  readonly to: string;
  readonly clients: readonly {
    readonly code: string;
    readonly name: string;
    readonly online: boolean | null;
    readonly segments: readonly StatusSegment[];
  }[];
  readonly outages: readonly OutageView[];
}

/** What the API reads of the insights (issue 16); every answer comes from the local log. */
export interface InsightsReader {
  rx(): Promise<RxDegradationReport>;
  outages(): Promise<readonly OutageView[]>;
  client(code: string): Promise<ClientHistory | null>;
  place(kind: PlaceKind, place: string, days: number): Promise<PlaceView>;
}

export interface InsightsService extends InsightsReader {
  readonly projection: InsightsProjection;
  /** After a sync: the outage alerts still owed, recorded then sent, each once. */
  alertOutages(): Promise<number>;
  rebuild(): Promise<{ readonly identical: boolean }>;
}

const placeText = (kind: PlaceKind, place: string): string => (kind === 'box' ? `box ${place}` : `PON ${place}`);

/**
 * The insights of the running service: the projection, the reports the API reads, and the
 * outage alerts. An alert is recorded (`OutageSuspected` / `OutageCleared`) before it is sent,
 * so a restart or a replay never sends it again; a webhook that fails loses that one alert,
 * like every other alert of the service (best effort, logged).
 */
export function createInsightsService(args: {
  readonly store: EventStore;
  readonly settings: InsightSettings;
  readonly alert: (alert: Alert) => Promise<void>;
  readonly logger: ReconcilerLogger;
  readonly clock: () => Date;
}): InsightsService {
  const { store, settings, logger, clock } = args;
  const projection = createInsightsProjection(store, settings);
  const writer = createEventWriter(store);
  const fresh = async () => {
    await projection.catchUp();
    return projection.state();
  };
  const withAlerted = (o: Outage, alerted: Record<string, { suspected: boolean; cleared: boolean }>): OutageView => ({
    ...o,
    alerted: { ...(alerted[o.id] ?? { suspected: false, cleared: false }) },
  });

  return {
    projection,
    async rx() {
      const state = await fresh();
      return rxDegradation(
        Object.values(state.clients).filter((c) => !c.gone),
        clock(),
        settings,
      );
    },
    async outages() {
      const state = await fresh();
      return [...state.outages].reverse().map((o) => withAlerted(o, state.alerted));
    },
    async client(code) {
      return (await fresh()).clients[code] ?? null;
    },
    async place(kind, place, days) {
      const state = await fresh();
      const to = clock();
      const members = Object.values(state.clients).filter((c) => !c.gone && (kind === 'box' ? c.box : c.pon) === place);
      // A history younger than the span starts at its first reading, not in days of "unknown".
      const first = Math.min(...members.map((c) => Date.parse(c.status[0]?.[0] ?? to.toISOString())));
      const from = new Date(Math.max(to.getTime() - days * DAY_MS, Math.min(first, to.getTime() - 60_000)));
      const clients = members.map((c) => ({
        code: c.code,
        name: c.name,
        online: c.online,
        segments: statusStrip(c.status, from, to),
      }));
      const outages = [...state.outages]
        .reverse()
        .filter((o) => o.placeKind === kind && o.place === place)
        .map((o) => withAlerted(o, state.alerted));
      return { placeKind: kind, place, from: from.toISOString(), to: to.toISOString(), clients, outages };
    },
    async alertOutages() {
      const state = await fresh();
      const owed = outageAlertsOwed(state.outages, state.alerted, clock());
      for (const event of owed) {
        await writer.append(OUTAGES_STREAM, event.type, event.data);
        const d = event.data;
        const alert: Alert =
          event.type === 'OutageSuspected'
            ? {
                kind: 'outage-suspected',
                cycleId: '',
                message: `outage suspected at ${placeText(d.placeKind, d.place)}: ${event.data.clients.length} of ${event.data.placeClients} clients went offline together`,
                details: { ...event.data },
              }
            : {
                kind: 'outage-cleared',
                cycleId: '',
                message: `outage at ${placeText(d.placeKind, d.place)} cleared: ${event.data.back} of ${event.data.clients} clients back online`,
                details: { ...event.data },
              };
        logger.warn({ outageId: d.outageId, place: d.place, placeKind: d.placeKind }, alert.message);
        await args.alert(alert).catch((e: unknown) => logger.warn({ err: e }, 'alert not delivered'));
      }
      await projection.catchUp();
      return owed.length;
    },
    rebuild: () => projection.rebuild(),
  };
}
