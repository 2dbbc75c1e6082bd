import type { RecordedEvent } from '../eventStore.ts';
import { catalogue, type DomainEvent, type EventType } from './catalogue.ts';
import { upcast } from './upcast.ts';

export interface DecodedEvent {
  readonly event: DomainEvent;
  readonly recorded: RecordedEvent;
}

const isKnown = (type: string): type is EventType => Object.hasOwn(catalogue, type);

/**
 * Validates a recorded event against the catalogue (after upcasting). Unknown types and invalid
 * payloads give null: a projection skips what it cannot read instead of stopping the service,
 * and the caller may report it.
 */
export function decodeEvent(recorded: RecordedEvent): DecodedEvent | null {
  if (!isKnown(recorded.type)) return null;
  const parsed = catalogue[recorded.type].safeParse(upcast(recorded.type, recorded.data));
  if (!parsed.success) return null;
  return { event: { type: recorded.type, data: parsed.data } as DomainEvent, recorded };
}
