import { isChangeBack, type FieldContestState, type OpenContest } from '../domain/contest/contestState.ts';
import type { DomainEvent } from '../domain/events/catalogue.ts';

/** Changes back kept per field: enough for any sane CONTEST_THRESHOLD, bounded for the row's size. */
const KEPT_CHANGES_BACK = 20;

type Written = Record<string, { readonly value: unknown; readonly at: string }>;

/** What a creation wrote, by the field keys of the updates (R4.x, planUpdate.ts). */
function createdFields(event: Extract<DomainEvent, { type: 'OzmapClientCreated' }>): Record<string, unknown> {
  const { client, property } = event.data;
  return {
    name: client.name,
    implanted: client.implanted,
    status: client.status,
    ...(client.onu ? { onu: client.onu } : {}),
    address: property.address,
    coords: property.coords,
    potencyRead: property.potencyRead,
  };
}

const without = <T>(record: Readonly<Record<string, T>> | undefined, key: string): Record<string, T> => {
  const { [key]: _gone, ...rest } = record ?? {};
  return rest;
};

/**
 * R9.4/R9.5: the contest part of a contract's row, one event at a time. Returns the same object
 * when the event does not concern it (most events), so the row is not copied for nothing.
 */
export function foldContest(state: FieldContestState | undefined, event: DomainEvent): FieldContestState | undefined {
  switch (event.type) {
    case 'OzmapClientCreated': {
      const written: Record<string, { value: unknown; at: string }> = {};
      for (const [field, value] of Object.entries(createdFields(event))) written[field] = { value, at: event.data.at };
      // A new client: what was written to an earlier one of this contract is not this one's.
      return { ...(state?.overrides ? { overrides: state.overrides } : {}), written };
    }
    case 'OzmapClientUpdated': {
      const written: Written = { ...(state?.written ?? {}) };
      const reverts = { ...(state?.reverts ?? {}) };
      const open: Record<string, OpenContest> = { ...(state?.open ?? {}) };
      for (const change of event.data.changes) {
        if (isChangeBack(written[change.field], change)) {
          reverts[change.field] = [...(reverts[change.field] ?? []), event.data.at].slice(-KEPT_CHANGES_BACK);
          const contest = open[change.field];
          if (contest) {
            open[change.field] = {
              ...contest,
              reverts: contest.reverts + 1,
              lastRevertAt: event.data.at,
              ozmapValue: change.from,
            };
          }
        }
        written[change.field] = { value: change.to, at: event.data.at };
      }
      return { ...state, written, reverts, open };
    }
    case 'FieldContested': {
      const d = event.data;
      const contest: OpenContest = {
        object: d.object,
        since: d.at,
        sgpValue: d.sgpValue,
        ozmapValue: d.ozmapValue,
        mode: d.mode,
        lastRevertAt: d.at,
        reverts: d.changesBack.length,
        changedBy: d.changedBy,
      };
      // The change back that opened it is counted in the contest, and written again in apply mode.
      const reverts = { ...(state?.reverts ?? {}), [d.field]: d.changesBack.slice(-KEPT_CHANGES_BACK) };
      return { ...state, reverts, open: { ...(state?.open ?? {}), [d.field]: contest } };
    }
    case 'FieldContestResolved':
      // Watching again starts the count afresh: the changes back before it were the contest's.
      return {
        ...state,
        open: without(state?.open, event.data.field),
        reverts: without(state?.reverts, event.data.field),
      };
    case 'FieldOverrideSet': {
      const overrides = without(state?.overrides, event.data.field);
      if (event.data.owner !== null) overrides[event.data.field] = event.data.owner;
      return { ...state, overrides };
    }
    default:
      return state;
  }
}
