/** Request counts keyed by `<METHOD> <route pattern>`, e.g. `PATCH /api/v2/properties/:id`. */
export function createSimCounters() {
  let counts = new Map<string, number>();

  const count = (method: string, route: string): void => {
    const key = `${method.toUpperCase()} ${route}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };

  /** Sorted keys, so that two snapshots compare as plain JSON. */
  const snapshot = () => {
    const sorted = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      total: sorted.reduce((sum, [, n]) => sum + n, 0),
      counts: Object.fromEntries(sorted),
    };
  };

  return { count, snapshot, reset: () => void (counts = new Map()) };
}
export type SimCounters = ReturnType<typeof createSimCounters>;
