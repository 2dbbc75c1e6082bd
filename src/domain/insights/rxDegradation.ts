import { DAY_MS, FAULT_MIN_CLIENTS, type InsightSettings } from './insightSettings.ts';

/** One client's RX changes, oldest first: `[ISO time, dBm or null]`. */
export interface RxHistory {
  readonly code: string;
  readonly name: string;
  readonly box: string | null;
  readonly splitter: string | null;
  readonly pon: string | null;
  readonly rx: readonly (readonly [string, number | null])[];
}

interface DegradedClient {
  readonly code: string;
  readonly name: string;
  readonly box: string | null;
  readonly splitter: string | null;
  readonly pon: string | null;
  /** Median RX of the window's first days and of its last days, dBm. */
  readonly firstDbm: number;
  readonly lastDbm: number;
  /** How much worse, dB (first - last); positive is worse. */
  readonly dropDb: number;
}

interface PlaceDegradation {
  readonly place: string;
  /** Clients of the place with readings at both ends of the window. */
  readonly measured: number;
  readonly degraded: number;
  /** degraded / measured. */
  readonly share: number;
  /** Enough of its clients degraded together: the fault is likely upstream of their drops. */
  readonly likelyFault: boolean;
  readonly codes: readonly string[];
}

export interface RxDegradationReport {
  readonly from: string;
  readonly to: string;
  readonly settings: Pick<InsightSettings, 'rxDegradationDb' | 'rxWindowDays' | 'rxEdgeDays' | 'rxFaultShare'>;
  readonly measured: number;
  /** Worst first. */
  readonly clients: readonly DegradedClient[];
  readonly boxes: readonly PlaceDegradation[];
  /** `<box> / <splitter>`: the OZmap splitter, when the service created the client. */
  readonly splitters: readonly PlaceDegradation[];
  /** `<olt id>/<slot>/<pon>`. */
  readonly pons: readonly PlaceDegradation[];
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The readings of [from, to] with how long each stood: the one in effect at `from` (the last
 * change before it) and every change inside. A series holds changes only, so a reading stands
 * until the next one; null readings (no usable value) are left out.
 */
export function readingsIn(rx: RxHistory['rx'], from: number, to: number): { value: number; ms: number }[] {
  const spans: { value: number | null; start: number }[] = [];
  for (const [at, value] of rx) {
    const t = Date.parse(at);
    if (t > to) break;
    if (t <= from) spans.splice(0, spans.length, { value, start: from });
    else spans.push({ value, start: t });
  }
  return spans.flatMap((span, i) => {
    const end = spans[i + 1]?.start ?? to;
    return span.value === null || end <= span.start ? [] : [{ value: span.value, ms: end - span.start }];
  });
}

/**
 * The median of the span weighted by time: the value the RX stayed at or under for half of the
 * time read. A spike of a few minutes weighs a few minutes, which is why one noisy reading
 * does not count.
 */
export function timeMedian(readings: readonly { value: number; ms: number }[]): number | null {
  const total = readings.reduce((sum, r) => sum + r.ms, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const r of [...readings].sort((a, b) => a.value - b.value)) {
    seen += r.ms;
    if (seen * 2 >= total) return r.value;
  }
  return null;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** What a client's RX did over the window; null without readings at both ends. */
function clientDrop(history: RxHistory, now: Date, settings: InsightSettings): DegradedClient | null {
  const to = now.getTime();
  const from = to - settings.rxWindowDays * DAY_MS;
  const edge = settings.rxEdgeDays * DAY_MS;
  const first = timeMedian(readingsIn(history.rx, from, from + edge));
  const last = timeMedian(readingsIn(history.rx, to - edge, to));
  if (first === null || last === null) return null;
  const { code, name, box, splitter, pon } = history;
  return {
    code,
    name,
    box,
    splitter,
    pon,
    firstDbm: round2(first),
    lastDbm: round2(last),
    dropDb: round2(first - last),
  };
}

function groupBy(
  measured: readonly DegradedClient[],
  keyOf: (c: DegradedClient) => string | null,
  isDegraded: (c: DegradedClient) => boolean,
  share: number,
): PlaceDegradation[] {
  const groups = new Map<string, DegradedClient[]>();
  for (const client of measured) {
    const key = keyOf(client);
    if (key !== null) groups.set(key, [...(groups.get(key) ?? []), client]);
  }
  const places: PlaceDegradation[] = [];
  for (const [place, clients] of groups) {
    const degraded = clients.filter(isDegraded);
    if (degraded.length === 0) continue;
    const ratio = degraded.length / clients.length;
    places.push({
      place,
      measured: clients.length,
      degraded: degraded.length,
      share: round2(ratio),
      likelyFault: degraded.length >= FAULT_MIN_CLIENTS && ratio >= share,
      codes: degraded.map((c) => c.code),
    });
  }
  // Likely faults first, then by how many clients, then by name for a stable order.
  return places.sort(
    (a, b) =>
      Number(b.likelyFault) - Number(a.likelyFault) || b.degraded - a.degraded || a.place.localeCompare(b.place),
  );
}

/**
 * RX degradation over the window ending at `now`: the median (over time) of the RX in its
 * first days against that of its last days, so that one noisy reading does not count. Grouped by box,
 * splitter and PON; a place where at least RX_FAULT_SHARE of the measured clients degraded
 * together (two at least) is the likely place of the fault. Pure.
 */
export function rxDegradation(
  histories: Iterable<RxHistory>,
  now: Date,
  settings: InsightSettings,
): RxDegradationReport {
  const measured: DegradedClient[] = [];
  for (const history of histories) {
    const drop = clientDrop(history, now, settings);
    if (drop) measured.push(drop);
  }
  const isDegraded = (c: DegradedClient): boolean => c.dropDb >= settings.rxDegradationDb - 1e-9;
  const share = settings.rxFaultShare;
  const { rxDegradationDb, rxWindowDays, rxEdgeDays, rxFaultShare } = settings;
  return {
    from: new Date(now.getTime() - rxWindowDays * DAY_MS).toISOString(),
    to: now.toISOString(),
    settings: { rxDegradationDb, rxWindowDays, rxEdgeDays, rxFaultShare },
    measured: measured.length,
    clients: measured.filter(isDegraded).sort((a, b) => b.dropDb - a.dropDb || a.code.localeCompare(b.code)),
    boxes: groupBy(measured, (c) => c.box, isDegraded, share),
    splitters: groupBy(
      measured,
      (c) => (c.box !== null && c.splitter !== null ? `${c.box} / ${c.splitter}` : null),
      isDegraded,
      share,
    ),
    pons: groupBy(measured, (c) => c.pon, isDegraded, share),
  };
}
