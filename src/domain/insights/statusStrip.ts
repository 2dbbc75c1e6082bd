/** A stretch of time with one connection status. */
export interface StatusSegment {
  readonly from: string;
  readonly to: string;
  /** null: unknown, or no reading yet. */
  readonly online: boolean | null;
}

/**
 * The connection status of one client over [from, to] as segments, from its status changes
 * (oldest first). Before its first change the status is unknown. Pure.
 */
export function statusStrip(
  changes: readonly (readonly [string, boolean | null])[],
  from: Date,
  to: Date,
): StatusSegment[] {
  const start = from.getTime();
  const end = to.getTime();
  const segments: StatusSegment[] = [];
  let current: boolean | null = null;
  let since = start;
  for (const [at, online] of changes) {
    const t = Date.parse(at);
    if (t >= end) break;
    if (t <= start) {
      current = online;
      continue;
    }
    if (online === current) continue;
    segments.push({ from: new Date(since).toISOString(), to: at, online: current });
    current = online;
    since = t;
  }
  segments.push({ from: new Date(since).toISOString(), to: to.toISOString(), online: current });
  return segments;
}
