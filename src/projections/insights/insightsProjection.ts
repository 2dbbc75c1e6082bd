import type { EventStore } from '../../domain/eventStore.ts';
import { decodeEvent } from '../../domain/events/decodeEvent.ts';
import { canonicalJson } from '../../domain/events/eventIds.ts';
import { CONTRACT_STREAM_PREFIX, OUTAGES_STREAM, codeOfStream } from '../../domain/events/streams.ts';
import type { InsightSettings } from '../../domain/insights/insightSettings.ts';
import { applyInsightsEvent, emptyInsightsState, type InsightsState } from './insightsState.ts';

export interface InsightsProjection {
  /** Folds every event after its checkpoint; calls run one at a time. */
  catchUp(): Promise<number>;
  /** The state as of the last catch-up. */
  state(): InsightsState;
  checkpoint(): number;
  /**
   * Folds the whole log again into a fresh state, compares it with the live one (canonical
   * JSON) and swaps it in: what `replay` does for the read models.
   */
  rebuild(): Promise<{ readonly identical: boolean; readonly checkpoint: number }>;
}

const FILTER = { streamPrefixes: [CONTRACT_STREAM_PREFIX, OUTAGES_STREAM] };

async function foldInto(
  store: EventStore,
  state: InsightsState,
  after: number,
  settings: InsightSettings,
): Promise<{ position: number; events: number }> {
  let position = after;
  let events = 0;
  for await (const recorded of store.readAll({ after, filter: FILTER })) {
    position = recorded.position;
    const decoded = decodeEvent(recorded);
    if (decoded === null) continue;
    const code = recorded.streamId.startsWith(CONTRACT_STREAM_PREFIX) ? codeOfStream(recorded.streamId) : null;
    try {
      applyInsightsEvent(state, code, decoded.event, settings);
      events += 1;
    } catch {
      // A record R1 cannot read is skipped here as in the contract fold: one event never
      // stops the projections, and a replay after the fix folds it.
    }
  }
  return { position, events };
}

/**
 * The insights (issue 16) as a projection of the event log, kept in memory: the contract
 * streams give the RX and status history, the `outages` stream which outages were alerted on.
 * It reads the local store only, never SGP or OZmap. Built from the first event when the
 * service starts; `rebuild` folds it again from scratch, which is how `replay` repairs it.
 */
export function createInsightsProjection(store: EventStore, settings: InsightSettings): InsightsProjection {
  let state = emptyInsightsState();
  let position = -1;
  let running: Promise<number> = Promise.resolve(0);

  const run = async (): Promise<number> => {
    const result = await foldInto(store, state, position, settings);
    position = result.position;
    return result.events;
  };

  return {
    catchUp() {
      running = running.catch(() => 0).then(run);
      return running;
    },
    state: () => state,
    checkpoint: () => position,
    async rebuild() {
      const result = running
        .catch(() => 0)
        .then(async () => {
          const fresh = emptyInsightsState();
          let freshAt = (await foldInto(store, fresh, -1, settings)).position;
          // Both caught up to the same position, so that the comparison is like for like.
          position = (await foldInto(store, state, position, settings)).position;
          while (freshAt < position) freshAt = (await foldInto(store, fresh, freshAt, settings)).position;
          const identical = canonicalJson(fresh) === canonicalJson(state);
          state = fresh;
          position = freshAt;
          return { identical, checkpoint: freshAt };
        });
      running = result.then(
        () => 0,
        () => 0,
      );
      return result;
    },
  };
}
