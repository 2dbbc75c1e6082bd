import { applyFieldBounds } from '../sgp/applyFieldBounds.ts';
import type { ContractState } from '../planner/contractState.ts';
import type { OzmapIndex } from '../planner/ozmapIndex.ts';
import { isCancelled } from '../planner/planCancellation.ts';
import { unreadableOfContract } from '../planner/planUnreadable.ts';
import { fieldDecisions } from '../planner/planUpdate.ts';
import { describeExclusion, exclusionOf, type Exclusions } from '../exclusions/exclusions.ts';
import type { RuleOptions } from '../ruleOptions.ts';
import type { DriftObservation } from './driftItem.ts';

/**
 * R9.2: the differences one OZmap read shows and the plan does not write, by the planner's own
 * comparison (fieldDecisions, on the bounded snapshot): those a field's policy withholds
 * (`ozmap`, `fill` on a filled value) and every difference of an excluded contract (R9.3).
 * Contracts R4 leaves alone (cancelled, vanished, unreadable in OZmap) have none. Pure.
 */
export function listDrift(
  states: readonly ContractState[],
  index: OzmapIndex,
  options: RuleOptions,
  exclusions: Exclusions,
): DriftObservation[] {
  const items: DriftObservation[] = [];
  for (const state of states) {
    if (state.snapshot === null || state.vanished || isCancelled(state, options)) continue;
    if (unreadableOfContract(state.code, index)) continue;
    const snapshot = applyFieldBounds(state.snapshot, options).snapshot;
    const previous =
      state.previousSnapshot === null ? null : applyFieldBounds(state.previousSnapshot, options).snapshot;
    const exclusion = exclusionOf(state, index, exclusions, options);
    for (const client of index.clientsByCode.get(state.code) ?? []) {
      const property = index.propertyByClientId.get(client.id) ?? null;
      for (const d of fieldDecisions({ snapshot, previous, client, property, options })) {
        if (exclusion === null && d.decision === 'write') continue;
        items.push({
          code: state.code,
          field: d.field,
          object: d.object,
          sgpValue: d.to,
          ozmapValue: d.from,
          ...(exclusion
            ? { cause: 'excluded' as const, reason: describeExclusion(exclusion) }
            : { cause: d.policy === 'fill' ? ('policy-fill' as const) : ('policy-ozmap' as const) }),
        });
      }
    }
  }
  return items;
}
