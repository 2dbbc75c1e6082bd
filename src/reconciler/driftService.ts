import type { EventStore } from '../domain/eventStore.ts';
import { decodeEvent } from '../domain/events/decodeEvent.ts';
import { DRIFT_STREAM } from '../domain/events/streams.ts';
import { digestMessage, driftDigestOwed, type LastDigest } from '../domain/drift/driftDigest.ts';
import { driftKey, sortDrift, trackDrift, type DriftItem, type DriftObservation } from '../domain/drift/driftItem.ts';
import { listDrift } from '../domain/drift/listDrift.ts';
import { indexExclusions, noExclusions, type Exclusions } from '../domain/exclusions/exclusions.ts';
import { fieldPolicies, type FieldPolicy, type PolicyField } from '../domain/planner/fieldPolicy.ts';
import type { OzmapIndex } from '../domain/planner/ozmapIndex.ts';
import type { RuleOptions } from '../domain/ruleOptions.ts';
import type { ReadModels } from '../projections/readModels.ts';
import type { ReconcilerLogger } from './reconcilerLogger.ts';
import type { Alert } from './engine.ts';
import { createEventWriter } from './eventWriter.ts';
import { readExclusions, type ExclusionChange } from './exclusionsLog.ts';

/** R9.2: the drift list as the API shows it: the last read's differences, with their ages. */
export interface DriftView {
  /** When the OZmap read it comes from was made; null before the first sync. */
  readonly at: string | null;
  readonly digestAgeMs: number;
  readonly items: readonly DriftItem[];
  /** R9.1: each field's policy, which decides most of the items. */
  readonly fieldPolicies: Readonly<Record<PolicyField, FieldPolicy>>;
  /** The last digest recorded (`DriftDigestSent`/`DriftDigestCleared`), if any. */
  readonly lastDigest: { readonly type: string; readonly at: string } | null;
}

export interface DriftService {
  /**
   * Other sources of differences not written (the contested-field flow, R9.4-R9.5): asked at
   * every observation, their items join the list, the digest and the API.
   */
  addSource(name: string, source: () => readonly DriftObservation[]): void;
  /** After a sync: the differences of that OZmap read, each keeping the age it had. */
  observe(index: OzmapIndex, at: Date): Promise<void>;
  /** After an observation: the digest owed, recorded then sent (one a day, one when over). */
  alertDigest(): Promise<boolean>;
  view(): DriftView;
  /** The exclusions as the last observation or change saw them (the client detail reads it). */
  exclusionIndex(): Exclusions;
  /** Passes a change through, keeping the exclusion index in step with it. */
  refreshExclusions<T extends ExclusionChange>(change: T): T;
}

/**
 * The differences known and not written (R9.2), kept in memory between syncs. Ages survive a
 * restart for the differences a digest named (its items carry their `since`); a younger one
 * starts again at the first sync after a restart, which can only delay its first digest.
 */
export function createDriftService(args: {
  readonly store: EventStore;
  readonly readModels: () => ReadModels;
  readonly options: RuleOptions;
  readonly digestAgeMs: number;
  readonly alert: (alert: Alert) => Promise<void>;
  readonly logger: ReconcilerLogger;
  readonly clock: () => Date;
}): DriftService {
  const { store, options, digestAgeMs, logger, clock } = args;
  const writer = createEventWriter(store);
  const sources = new Map<string, () => readonly DriftObservation[]>();
  let items: DriftItem[] = [];
  let at: string | null = null;
  let last: LastDigest | undefined;
  let since = new Map<string, string>();
  let exclusionIndex: Exclusions = noExclusions;

  async function lastDigest(): Promise<LastDigest> {
    if (last !== undefined) return last;
    last = null;
    for (const recorded of await store.readStream(DRIFT_STREAM)) {
      const event = decodeEvent(recorded)?.event;
      if (event?.type === 'DriftDigestSent' || event?.type === 'DriftDigestCleared') last = event;
    }
    // The ages the last digest named come back (see above).
    if (last?.type === 'DriftDigestSent' && since.size === 0)
      since = new Map(last.data.items.map((i) => [driftKey(i), i.since]));
    return last;
  }

  return {
    addSource(name, source) {
      sources.set(name, source);
    },
    async observe(index, now) {
      await lastDigest();
      const readModels = args.readModels();
      const states = [...index.clientsByCode.keys()].flatMap((code) => readModels.getContract(code) ?? []);
      exclusionIndex = indexExclusions(await readExclusions(store), options.boxNameMatch);
      const observed = [...listDrift(states, index, options, exclusionIndex)];
      for (const [name, source] of sources) {
        try {
          observed.push(...source());
        } catch (error) {
          logger.warn({ err: error, source: name }, 'drift source failed; its differences are left out this time');
        }
      }
      items = sortDrift(trackDrift(since, observed, now));
      since = new Map(items.map((i) => [driftKey(i), i.since]));
      at = now.toISOString();
    },
    async alertDigest() {
      const owed = driftDigestOwed(items, await lastDigest(), clock(), digestAgeMs);
      if (owed === null) return false;
      await writer.append(DRIFT_STREAM, owed.type, owed.data);
      last = owed;
      const alert: Alert =
        owed.type === 'DriftDigestSent'
          ? {
              kind: 'drift-digest',
              cycleId: '',
              message: digestMessage(owed.data, digestAgeMs),
              details: { ...owed.data },
            }
          : {
              kind: 'drift-digest-cleared',
              cycleId: '',
              message: `no difference between SGP and OZmap is left unwritten for more than ${Math.round(digestAgeMs / 3_600_000)} h`,
              details: { ...owed.data },
            };
      logger.warn({ alert: alert.kind }, alert.message);
      await args.alert(alert).catch((e: unknown) => logger.warn({ err: e }, 'alert not delivered'));
      return true;
    },
    exclusionIndex: () => exclusionIndex,
    refreshExclusions(change) {
      if (change.ok) exclusionIndex = indexExclusions(change.exclusions, options.boxNameMatch);
      return change;
    },
    view() {
      const recorded = last ?? null;
      return {
        at,
        digestAgeMs,
        items,
        fieldPolicies: fieldPolicies(options),
        lastDigest: recorded ? { type: recorded.type, at: recorded.data.at } : null,
      };
    },
  };
}
