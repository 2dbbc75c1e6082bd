import { describe, expect, test } from 'vitest';
import type { RecordedEvent } from '../../src/domain/eventStore.ts';
import { contractStream } from '../../src/domain/events/streams.ts';
import { buildTimeline } from '../../src/projections/timeline.ts';
import { cancelled, created, recordedEvent, skipped } from './projectionEvents.ts';

/** Contract 1234's stream, event by event. */
function stream(...events: [string, unknown][]): RecordedEvent[] {
  return events.map(([type, data], i) => recordedEvent(contractStream('1234'), i, type, data, 100 + i));
}

describe('R6 trail wording after a cancellation', () => {
  test('R2.1 the skip a sync records after the client was removed does not read as if it never existed', () => {
    const trail = buildTimeline(
      stream(
        ['OzmapClientCreated', created('cl-1', 'pr-1')],
        ['OzmapClientCancelled', cancelled()],
        [
          'ClientCreationSkipped',
          { ...skipped('cancelled-in-sgp'), rule: 'R2.1', detail: 'status "Cancelado" is a cancellation status' },
        ],
      ),
    );
    const last = trail.at(-1)!;
    expect(last.kind).toBe('skipped');
    expect(last.summary).not.toMatch(/^not created/);
    expect(last.summary).toBe(
      'stays removed from OZmap: the contract is cancelled in SGP (status "Cancelado" is a cancellation status)',
    );
  });

  test('R2.1 a contract cancelled before it ever had a client still says "not created"', () => {
    const trail = buildTimeline(
      stream([
        'ClientCreationSkipped',
        { ...skipped('cancelled-in-sgp'), rule: 'R2.1', detail: 'status "Cancelado" is a cancellation status' },
      ]),
    );
    expect(trail[0]?.summary).toBe('not created: cancelled-in-sgp: status "Cancelado" is a cancellation status');
  });
});
