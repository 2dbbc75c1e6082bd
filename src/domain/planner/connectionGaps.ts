import type { RuleOptions } from '../ruleOptions.ts';
import { buildBoxNameIndex, matchBox } from './boxMatch.ts';
import type { ContractState } from './contractState.ts';
import type { OzmapIndex } from './ozmapIndex.ts';
import { isCancelled } from './planCancellation.ts';
import { placeOf } from './planReactivation.ts';

export interface ConnectionGaps {
  /** Contracts whose OZmap property sits on another box or port than SGP gives (R4.8). */
  readonly differ: readonly string[];
  /** Contracts whose property, on the box SGP gives, is connected to no splitter port. */
  readonly unconnected: readonly string[];
}

/**
 * R4.8, what `plan` and the dashboard count: with `moveOnCtoChange` off nothing moves these,
 * so a person sees how many wait. Live contracts only (R5 handles the cancelled ones).
 */
export function connectionGaps(
  states: readonly ContractState[],
  index: OzmapIndex,
  options: RuleOptions,
  projectNames?: ReadonlyMap<string, string>,
): ConnectionGaps {
  const boxes = buildBoxNameIndex(index.actual.boxes, options.boxNameMatch);
  const differ: string[] = [];
  const unconnected: string[] = [];
  for (const state of states) {
    const snapshot = state.snapshot;
    if (
      snapshot === null ||
      state.vanished ||
      snapshot.cto === null ||
      snapshot.ctoPort === null ||
      isCancelled(state, options)
    )
      continue;
    const match = matchBox(snapshot.cto, boxes, options, projectNames);
    if (match.kind !== 'found') continue;
    for (const client of index.clientsByCode.get(state.code) ?? []) {
      const property = index.propertyByClientId.get(client.id);
      if (!property) continue;
      const at = placeOf(property, index);
      if (at === null && property.boxId === match.box.id) unconnected.push(state.code);
      else if (at === null || at.boxId !== match.box.id || at.port !== snapshot.ctoPort) differ.push(state.code);
    }
  }
  return { differ, unconnected };
}
