import type { DomainEvent } from '../../domain/events/catalogue.ts';
import { DAY_MS, type InsightSettings } from '../../domain/insights/insightSettings.ts';
import { chooseFtthService } from '../../domain/sgp/chooseFtthService.ts';
import { normaliseContract } from '../../domain/sgp/normaliseContract.ts';
import { parseOnuPlace, ponKey } from '../../domain/sgp/parseOnuIdentity.ts';

/** A reading as it changed: `[ISO time, value]`; a series holds only the changes. */
type Point<T> = readonly [string, T];

/** One contract's history as the insights read it. */
export interface ClientHistory {
  readonly code: string;
  readonly name: string;
  /** SGP's CTO name (the box), or null. */
  readonly box: string | null;
  readonly port: number | null;
  /** The OZmap splitter the client was connected to when it was created, when known. */
  readonly splitter: string | null;
  /** `<olt id>/<slot>/<pon>`, or null when SGP does not say. */
  readonly pon: string | null;
  readonly oltName: string | null;
  readonly online: boolean | null;
  readonly rxDbm: number | null;
  readonly rx: Point<number | null>[];
  readonly status: Point<boolean | null>[];
  /** Vanished from SGP: out of every count. */
  readonly gone: boolean;
}

export type PlaceKind = 'box' | 'pon';

/** Clients of one place that went online -> offline together, and those back since. */
export interface Outage {
  readonly id: string;
  readonly placeKind: PlaceKind;
  readonly place: string;
  /** The cycle (sweep) in which it was detected. */
  readonly sweepId: string;
  readonly startedAt: string;
  readonly clients: readonly string[];
  /** Clients on the place when it was detected. */
  readonly placeClients: number;
  readonly back: readonly string[];
  readonly clearedAt: string | null;
}

/**
 * Everything the insights derive from the log. Plain JSON whose keys are built in the log's
 * order, so that two folds of the same log compare equal as canonical JSON. The fold mutates
 * it (the projection owns it): copying a map of 100,000 clients per event would be quadratic.
 */
export interface InsightsState {
  readonly clients: Record<string, ClientHistory>;
  /** Clients per place now (not gone), kept as counts so each event costs O(1). */
  readonly members: Record<PlaceKind, Record<string, number>>;
  /** The current sweep's online -> offline transitions, per place. */
  sweep: { readonly id: string; readonly offline: Record<PlaceKind, Record<string, string[]>> } | null;
  readonly outages: Outage[];
  /** Outage ids whose suspicion / clearing was already alerted on (the `outages` stream). */
  readonly alerted: Record<string, { suspected: boolean; cleared: boolean }>;
}

export const emptyInsightsState = (): InsightsState => ({
  clients: {},
  members: { box: {}, pon: {} },
  sweep: null,
  outages: [],
  alerted: {},
});

/** Series points older than this before a client's newest point are dropped (all but the last). */
const retentionMs = (settings: InsightSettings): number => (settings.rxWindowDays + settings.rxEdgeDays) * DAY_MS;

const HOUR_MS = 3_600_000;

/**
 * Appends a point when the value changed (in place: the projection owns the series), and drops
 * what the retention no longer needs. With `hourly`, at most one change per hour is kept, the
 * hour's last value from the hour's first change: RX read every ten minutes would otherwise
 * hold thousands of points per client, and a 30-day trend needs no finer grain. Connection
 * changes are all kept: a short outage is what the status strip is for.
 */
function addPoint<T>(series: Point<T>[], at: string, value: T, keepMs: number, hourly: boolean): void {
  const last = series[series.length - 1];
  if (last !== undefined && last[1] === value) return;
  const t = Date.parse(at);
  if (
    hourly &&
    last !== undefined &&
    series.length >= 2 &&
    Math.floor(Date.parse(last[0]) / HOUR_MS) === Math.floor(t / HOUR_MS)
  ) {
    series.pop();
    if (series[series.length - 1]![1] !== value) series.push([last[0], value]);
  } else {
    series.push([at, value]);
  }
  // Keep the last point before the cutoff: it is the value in effect when the window opens.
  const cutoff = t - keepMs;
  let drop = 0;
  while (drop + 1 < series.length && Date.parse(series[drop + 1]![0]) <= cutoff) drop += 1;
  if (drop > 0) series.splice(0, drop);
}

const placeOf = (client: ClientHistory | undefined, kind: PlaceKind): string | null =>
  client && !client.gone ? (kind === 'box' ? client.box : client.pon) : null;

function moveMembers(members: InsightsState['members'], before: ClientHistory | undefined, after: ClientHistory): void {
  for (const kind of ['box', 'pon'] as const) {
    const old = placeOf(before, kind);
    const now = placeOf(after, kind);
    if (old === now) continue;
    if (old !== null) {
      const left = (members[kind][old] ?? 1) - 1;
      if (left > 0) members[kind][old] = left;
      else delete members[kind][old];
    }
    if (now !== null) members[kind][now] = (members[kind][now] ?? 0) + 1;
  }
}

/** The outage id: the place and the sweep it started in (one incident per place per sweep). */
const outageIdOf = (kind: PlaceKind, place: string, sweepId: string): string => `${kind}:${place}@${sweepId}`;

/** An online -> offline transition: counted for its places, and an outage opened or grown. */
function wentOffline(
  state: InsightsState,
  client: ClientHistory,
  sweepId: string,
  at: string,
  settings: InsightSettings,
): void {
  if (state.sweep?.id !== sweepId) state.sweep = { id: sweepId, offline: { box: {}, pon: {} } };
  const { offline } = state.sweep;
  for (const kind of ['box', 'pon'] as const) {
    const place = placeOf(client, kind);
    if (place === null) continue;
    const codes = [...(offline[kind][place] ?? []), client.code];
    offline[kind][place] = codes;
    const open = state.outages.findIndex((o) => o.placeKind === kind && o.place === place && o.clearedAt === null);
    if (open >= 0) {
      // Part of the incident already open there: one outage, more clients.
      const outage = state.outages[open]!;
      state.outages[open] = {
        ...outage,
        clients: outage.clients.includes(client.code) ? outage.clients : [...outage.clients, client.code],
        back: outage.back.filter((c) => c !== client.code),
      };
      continue;
    }
    const total = state.members[kind][place] ?? 0;
    if (codes.length >= settings.outageMinClients && codes.length >= settings.outageShare * total) {
      state.outages.push({
        id: outageIdOf(kind, place, sweepId),
        placeKind: kind,
        place,
        sweepId,
        startedAt: at,
        clients: codes,
        placeClients: total,
        back: [],
        clearedAt: null,
      });
    }
  }
}

/** Back online: counted in the open outages it is part of; most back clears them. */
function cameBack(state: InsightsState, code: string, at: string): void {
  state.outages.forEach((o, i) => {
    if (o.clearedAt !== null || !o.clients.includes(code) || o.back.includes(code)) return;
    const back = [...o.back, code];
    state.outages[i] = { ...o, back, clearedAt: back.length * 2 > o.clients.length ? at : null };
  });
}

function observed(
  state: InsightsState,
  code: string,
  event: Extract<DomainEvent, { type: 'SgpContractObserved' }>,
  settings: InsightSettings,
): void {
  const { record, sweepId, observedAt: at } = event.data;
  const snapshot = normaliseContract(record);
  const place = parseOnuPlace(chooseFtthService(record.servicos));
  const before = state.clients[code];
  const keep = retentionMs(settings);
  const client: ClientHistory = {
    code,
    name: snapshot.name,
    box: snapshot.cto,
    port: snapshot.ctoPort,
    splitter: before?.box === snapshot.cto ? (before?.splitter ?? null) : null,
    pon: place ? ponKey(place) : null,
    oltName: place?.oltName ?? null,
    online: snapshot.online,
    rxDbm: snapshot.rxDbm,
    rx: before?.rx ?? [],
    status: before?.status ?? [],
    gone: false,
  };
  addPoint(client.rx, at, snapshot.rxDbm, keep, true);
  addPoint(client.status, at, snapshot.online, keep, false);
  state.clients[code] = client;
  moveMembers(state.members, before, client);
  if (before?.online === true && !before.gone && snapshot.online === false)
    wentOffline(state, client, sweepId, at, settings);
  if (snapshot.online === true && before?.online !== true) cameBack(state, code, at);
}

function changeClient(state: InsightsState, code: string, change: (client: ClientHistory) => ClientHistory): void {
  const before = state.clients[code];
  if (!before) return;
  const after = change(before);
  state.clients[code] = after;
  moveMembers(state.members, before, after);
}

function markAlerted(state: InsightsState, id: string, what: 'suspected' | 'cleared'): void {
  const current = state.alerted[id] ?? { suspected: false, cleared: false };
  current[what] = true;
  state.alerted[id] = current;
}

/**
 * The insights fold: one event applied to `state` (mutated). `code` is the contract of a
 * `contract-<code>` event, null for the `outages` stream. Events it does not use change nothing.
 */
export function applyInsightsEvent(
  state: InsightsState,
  code: string | null,
  event: DomainEvent,
  settings: InsightSettings,
): void {
  switch (event.type) {
    case 'SgpContractObserved':
      if (code !== null) observed(state, code, event, settings);
      return;
    case 'SgpContractVanished':
      if (code !== null) changeClient(state, code, (c) => ({ ...c, gone: true }));
      return;
    case 'OzmapClientCreated':
      if (code !== null)
        changeClient(state, code, (c) => ({ ...c, splitter: event.data.connection?.splitterName ?? null }));
      return;
    case 'OutageSuspected':
      markAlerted(state, event.data.outageId, 'suspected');
      return;
    case 'OutageCleared':
      markAlerted(state, event.data.outageId, 'cleared');
      return;
    default:
      return;
  }
}
