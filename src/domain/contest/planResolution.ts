import type { EventPayload } from '../events/catalogue.ts';
import {
  isContestableField,
  CONTESTABLE_FIELDS,
  type FieldContestState,
  type OperatorResolution,
} from './contestState.ts';

export type ResolutionEvent =
  | { readonly type: 'FieldContestResolved'; readonly data: EventPayload<'FieldContestResolved'> }
  | { readonly type: 'FieldOverrideSet'; readonly data: EventPayload<'FieldOverrideSet'> };

export type ResolutionPlan =
  | { readonly ok: true; readonly events: ResolutionEvent[] }
  | { readonly ok: false; readonly code: 'UNKNOWN_FIELD' | 'NOTHING_TO_RESOLVE'; readonly message: string };

/**
 * R9.5: the events an operator's decision on one field of one client appends. `sgp` and `ozmap`
 * set an override (and end the contest if one is open); `watch` clears any override and ends the
 * contest, so the field is watched afresh. An override may be set on a field not contested (the
 * operator knows ahead of time); `watch` with nothing to undo is refused, so a typo is noticed.
 */
export function planResolution(
  state: FieldContestState | undefined,
  field: string,
  resolution: OperatorResolution,
  by: string,
  now: Date,
): ResolutionPlan {
  if (!isContestableField(field)) {
    return {
      ok: false,
      code: 'UNKNOWN_FIELD',
      message: `field "${field}" is not one of ${CONTESTABLE_FIELDS.join(', ')}`,
    };
  }
  const at = now.toISOString();
  const open = state?.open?.[field];
  const override = state?.overrides?.[field] ?? null;
  const events: ResolutionEvent[] = [];
  const owner = resolution === 'watch' ? null : resolution;
  if (owner !== override) events.push({ type: 'FieldOverrideSet', data: { v: 1, at, field, owner, by } });
  if (open) events.push({ type: 'FieldContestResolved', data: { v: 1, at, field, resolution, by, since: open.since } });
  if (events.length === 0) {
    const why = resolution === 'watch' ? 'is neither contested nor overridden' : `already belongs to ${resolution}`;
    return { ok: false, code: 'NOTHING_TO_RESOLVE', message: `nothing to do: ${field} ${why}` };
  }
  return { ok: true, events };
}
