import { z } from 'zod';

/**
 * The states a contract is listed under, declared here only: the API's filter, its documentation
 * and the read models use this list (the dashboard's copy is checked against it by a test).
 * `pending` when none of the others applies yet; `blocked`: an unreadable OZmap record holds
 * every write for it (R8.1); `linked`: the client was found in OZmap (not created by this
 * service) and the contract follows it. The projection decides which applies (contractRow.ts).
 */
export const ContractListState = z.enum([
  'created',
  'linked',
  'skipped',
  'cancelled',
  'vanished',
  'rejected',
  'pending',
  'blocked',
]);
export type ContractListState = z.infer<typeof ContractListState>;
