/**
 * Runs `work` over `items` with at most `concurrency` in flight; results in input order.
 *
 * When an item fails, no new item starts, and the pool waits for the items already in flight
 * before it rejects with the first error: once it has settled, none of its work is still
 * running. A cycle that failed (its store full, say) must not leave OZmap writes going on in
 * the background beside the next cycle, which would not see them and could create a client a
 * second time.
 */
export async function runPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && failures.length === 0) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failures.length > 0) throw failures[0];
  return results;
}
