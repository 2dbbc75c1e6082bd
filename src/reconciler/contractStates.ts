import type { ContractState } from '../domain/planner/contractState.ts';
import type { ReadModels } from '../projections/readModels.ts';

/** The planner's desired side for the given codes, from the read models (unknown codes left out). */
export function contractStatesFor(readModels: ReadModels, codes: readonly string[]): ContractState[] {
  const states: ContractState[] = [];
  for (const code of new Set(codes)) {
    const row = readModels.getContract(code);
    if (row) states.push(row);
  }
  return states;
}
