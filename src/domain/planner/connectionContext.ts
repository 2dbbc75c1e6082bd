import type { RuleOptions } from '../ruleOptions.ts';
import { matchBox, type BoxNameIndex } from './boxMatch.ts';
import type { UpdateClientCommand } from './commands.ts';
import type { ContractState } from './contractState.ts';
import type { OzmapIndex } from './ozmapIndex.ts';
import type { ConnectionContext } from './planConnection.ts';

/**
 * The lookups R4.8 needs across contracts, built lazily once per cycle: who holds a port, and
 * where SGP wants each contract (to tell a swap from a taken port).
 */
export function connectionContext(
  contracts: readonly ContractState[],
  index: OzmapIndex,
  base: {
    boxes: BoxNameIndex;
    options: RuleOptions;
    plannedPorts: Set<string>;
    projectNames?: ReadonlyMap<string, string>;
  },
): ConnectionContext {
  let codeByClientId: Map<string, string> | null = null;
  let stateByCode: Map<string, ContractState> | null = null;
  return {
    ...base,
    index,
    codeOfProperty(propertyId) {
      codeByClientId ??= new Map(index.actual.clients.map((c) => [c.id, c.code]));
      const clientId = index.propertyById.get(propertyId)?.clientId;
      return clientId ? (codeByClientId.get(clientId) ?? null) : null;
    },
    wantedPlace(code) {
      stateByCode ??= new Map(contracts.map((s) => [s.code, s]));
      const snapshot = stateByCode.get(code)?.snapshot;
      if (!snapshot?.cto || snapshot.ctoPort === null) return null;
      const match = matchBox(snapshot.cto, base.boxes, base.options, base.projectNames);
      return match.kind === 'found' ? `${match.box.id}:${snapshot.ctoPort}` : null;
    },
  };
}

/** R4.7: one PATCH per object, so a connection joins the field updates of the same client. */
export function mergeUpdates(update: UpdateClientCommand | null, connect: UpdateClientCommand): UpdateClientCommand {
  if (update === null) return connect;
  return {
    ...update,
    rule: [...new Set([...update.rule.split(','), connect.rule])].join(','),
    reason: `${update.reason}, ${connect.reason}`,
    propertyPatch: { ...update.propertyPatch, ...connect.propertyPatch },
    changes: [...update.changes, ...connect.changes],
  };
}
