import type { ContractState } from '../domain/planner/contractState.ts';
import type { ReadModels } from '../projections/readModels.ts';

/** The planner's input for the contracts a sweep read: their states in the read models (codes never seen left out). */
export function sweptContractStates(readModels: ReadModels, codes: readonly string[]): ContractState[] {
  const states: ContractState[] = [];
  for (const code of new Set(codes)) {
    const row = readModels.getContract(code);
    if (row) states.push(row);
  }
  return states;
}
