import { describeExclusion, exclusionOf, type Exclusion, type Exclusions } from '../exclusions/exclusions.ts';
import type { RuleOptions } from '../ruleOptions.ts';
import type { NoteCommand } from './commands.ts';
import type { ContractState } from './contractState.ts';
import type { OzmapIndex } from './ozmapIndex.ts';

export interface ExclusionSplit {
  /** The contracts the planner may write for. */
  readonly planned: ContractState[];
  /** Those an exclusion covers: read and reported (R9.2), never written. */
  readonly excluded: { readonly state: ContractState; readonly exclusion: Exclusion }[];
  /** The trail says once that a contract is excluded, and once that it no longer is. */
  readonly notes: NoteCommand[];
}

const keyOf = (e: Exclusion): string => `${e.kind}:${e.value}`;

/**
 * R9.3: the contracts an exclusion covers leave the plan before the planner sees them: no
 * creation, update, connection or cancellation (and they count for no guard). Pure.
 */
export function splitExcluded(
  states: readonly ContractState[],
  index: OzmapIndex,
  exclusions: Exclusions,
  options: RuleOptions,
): ExclusionSplit {
  const split: { planned: ContractState[]; excluded: ExclusionSplit['excluded']; notes: NoteCommand[] } = {
    planned: [],
    excluded: [],
    notes: [],
  };
  for (const state of states) {
    const exclusion = exclusionOf(state, index, exclusions, options);
    const last = state.lastNotes['excluded'] ?? '';
    if (exclusion === null) {
      split.planned.push(state);
      if (last !== '') split.notes.push(note(state.code, '', `no longer excluded (was ${last}): written again`));
      continue;
    }
    split.excluded.push({ state, exclusion });
    if (last !== keyOf(exclusion))
      split.notes.push(note(state.code, keyOf(exclusion), `${describeExclusion(exclusion)}: never written`));
  }
  return split;
}

function note(code: string, key: string, detail: string): NoteCommand {
  return { kind: 'note', code, rule: 'R9.3', reason: 'excluded', note: 'excluded', detail, key };
}
