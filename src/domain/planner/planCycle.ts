import type { RuleOptions } from '../ruleOptions.ts';
import { buildBoxNameIndex } from './boxMatch.ts';
import { evaluateGuard, type GuardVerdict } from './cancelGuard.ts';
import { SkipReason, type CancelClientCommand, type CreateClientCommand, type NoteCommand, type PlannedCommand, type SkipCommand } from './commands.ts';
import type { ContractState } from './contractState.ts';
import type { OzmapIndex } from './ozmapIndex.ts';
import { isCancelled, planContractCancellation } from './planCancellation.ts';
import { planCreation } from './planCreation.ts';
import { planUpdate } from './planUpdate.ts';
import { planDivergenceNote } from './planDivergence.ts';
import { planReactivation } from './planReactivation.ts';
import { connectionContext, mergeUpdates } from './connectionContext.ts';
import { planConnection } from './planConnection.ts';

export interface PlanContext {
  readonly options: RuleOptions;
  readonly now: Date;
  /** Every SGP page was read (R1.6). */
  readonly sweepComplete: boolean;
  /** Every OZmap list was read (R1.6): without it nothing is created or cancelled. */
  readonly ozmapComplete: boolean;
  readonly projectNames?: ReadonlyMap<string, string>;
  /** The guarded set a person released (R5.6). */
  readonly confirmedHash?: string | null;
}

const byCode = (a: ContractState, b: ContractState): number =>
  a.code.length - b.code.length || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

function skipOnce(state: ContractState, command: SkipCommand): SkipCommand {
  // R2.7: tried every cycle, recorded only when the reason changes.
  return { ...command, record: state.lastSkipReason !== command.reason };
}

/** R5.8: a creation that could not reuse the previous property says why in its reason. */
function withWhy<T extends CreateClientCommand | SkipCommand>(command: T, why: string | undefined): T {
  if (why === undefined) return command;
  return command.kind === 'create' ? { ...command, reason: `${command.reason}; ${why}` } : { ...command, detail: `${(command as SkipCommand).detail}; ${why}` };
}

/**
 * The sync cycle (R2-R4): creation of missing clients and updates of existing ones, for the
 * contracts given (the caller passes only contracts read in this sweep, R1.6).
 */
export function planSync(contracts: readonly ContractState[], index: OzmapIndex, ctx: PlanContext): PlannedCommand[] {
  const { options } = ctx;
  const boxes = buildBoxNameIndex(index.actual.boxes, options.boxNameMatch);
  const plannedPorts = new Set<string>();
  const commands: PlannedCommand[] = [];
  const connecting = connectionContext(contracts, index, { boxes, options, plannedPorts, ...(ctx.projectNames ? { projectNames: ctx.projectNames } : {}) });
  for (const state of [...contracts].sort(byCode)) {
    const snapshot = state.snapshot;
    if (snapshot === null || state.vanished) continue;
    const clients = index.clientsByCode.get(state.code) ?? [];
    const cancelled = isCancelled(state, options);
    if (clients.length === 0) {
      const skip = (rule: string, reason: SkipReason, detail: string): void => {
        commands.push(skipOnce(state, { kind: 'skip', code: state.code, rule, reason, detail, record: true }));
      };
      if (cancelled) skip('R2.1', SkipReason.cancelled, `status "${snapshot.statusText}" is a cancellation status`);
      else if (snapshot.status === 'unknown') skip('R3.1', SkipReason.statusUnknown, `status "${snapshot.statusText}" is not one SGP documents`);
      else if (!options.createClients) skip('R7', SkipReason.creationDisabled, 'CREATE_CLIENTS is off');
      else if (!ctx.ozmapComplete) skip('R1.6', SkipReason.ozmapReadIncomplete, 'OZmap clients were not all read: a client not read may exist');
      else {
        const creation = { index, boxes, options, plannedPorts, ...(ctx.projectNames ? { projectNames: ctx.projectNames } : {}) };
        // R5.8: a reactivation goes back on its own previous property when it can.
        const reactivation = planReactivation(state, snapshot, creation);
        if (reactivation?.kind === 'reuse') {
          commands.push(reactivation.command);
          continue;
        }
        const planned = withWhy(planCreation(snapshot, creation), reactivation?.why);
        commands.push(planned.kind === 'skip' ? skipOnce(state, planned) : planned);
      }
      continue;
    }
    if (cancelled) continue; // R4 applies to non-cancelled contracts only; R5 handles these.
    const [only] = clients;
    if (clients.length === 1 && only && !index.propertyByClientId.has(only.id)) {
      // R5.8: a reactivation stopped between creating the client and attaching it.
      const resumed = planReactivation(state, snapshot, { index, boxes, options, plannedPorts, ...(ctx.projectNames ? { projectNames: ctx.projectNames } : {}) }, only.id);
      if (resumed?.kind === 'reuse') {
        commands.push(resumed.command);
        continue;
      }
    }
    for (const client of clients) {
      const property = index.propertyByClientId.get(client.id) ?? null;
      const update = planUpdate({ snapshot, previous: state.previousSnapshot, client, property, options });
      // R4.8: connect later, or move; merged into the one property PATCH (R4.7).
      const connect = property ? planConnection(state, client, property, connecting) : null;
      const write = connect !== null && connect !== 'held' && connect.kind === 'update' ? mergeUpdates(update, connect) : update;
      if (write) commands.push(write);
      if (connect !== null && connect !== 'held' && connect.kind === 'note') commands.push(connect);
      const note: NoteCommand | null = connect === null ? planDivergenceNote(state, property, index, options) : null;
      if (note) commands.push(note);
    }
  }
  return commands;
}

export interface CancelPlan {
  readonly commands: CancelClientCommand[];
  readonly guard: GuardVerdict;
  /** Why nothing was planned, when nothing could be. */
  readonly blocked: 'disabled' | 'sgp-incomplete' | 'ozmap-incomplete' | 'guard' | null;
}

/** The cancellation cycle (R5), with the mass-deletion guard (R5.6). */
export function planCancel(contracts: readonly ContractState[], index: OzmapIndex, ctx: PlanContext): CancelPlan {
  const { options } = ctx;
  const candidates = options.cancelClients
    ? [...contracts].sort(byCode).filter((s) => !s.vanished && isCancelled(s, options))
    : [];
  const all = candidates.flatMap((state) => planContractCancellation(state, index, options, ctx.now));
  const guard = evaluateGuard(all, index.actual.clients.length, options.cancelGuard);
  const blocked: CancelPlan['blocked'] = !options.cancelClients
    ? 'disabled'
    : !ctx.sweepComplete
      ? 'sgp-incomplete'
      : !ctx.ozmapComplete
        ? 'ozmap-incomplete'
        : guard.tripped && ctx.confirmedHash !== guard.hash
          ? 'guard'
          : null;
  return { commands: blocked === null ? all : [], guard, blocked };
}
