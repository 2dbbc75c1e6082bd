import type { ReadAllOptions, RecordedEvent, SubscribeOptions } from '../../domain/eventStore.ts';
import type { AppendNotifier } from './appendNotifier.ts';

/**
 * A catch-up subscription built from `readAll`: reads everything after the checkpoint, then
 * waits for the next append (or `pollMs`, for writers in other processes) and reads again.
 * Ends quietly when the signal aborts.
 */
export async function* catchUpSubscription(
  readAll: (options: ReadAllOptions) => AsyncIterable<RecordedEvent>,
  notifier: AppendNotifier,
  options: SubscribeOptions,
  pollMs?: number,
): AsyncGenerator<RecordedEvent> {
  const { signal, filter } = options;
  let after = options.after;
  while (!signal.aborted) {
    const seen = notifier.version();
    for await (const event of readAll({ after, filter })) {
      if (signal.aborted) return;
      after = event.position;
      yield event;
    }
    await notifier.waitForChange(seen, signal, pollMs);
  }
}
