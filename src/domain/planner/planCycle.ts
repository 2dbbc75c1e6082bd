import type { RuleOptions } from '../ruleOptions.ts';
import type { Exclusions } from '../exclusions/exclusions.ts';
import { buildBoxNameIndex } from './boxMatch.ts';
import { evaluateGuard, type GuardVerdict } from './cancelGuard.ts';
import {
  SkipReason,
  type CancelClientCommand,
  type CreateClientCommand,
  type NoteCommand,
  type PlannedCommand,
  type SkipCommand,
} from './commands.ts';
import type { ContractState } from './contractState.ts';
import type { OzmapIndex } from './ozmapIndex.ts';
import { cancellationHold, isCancelled, planContractCancellation } from './planCancellation.ts';
import { planCreation } from './planCreation.ts';
import { planUpdate } from './planUpdate.ts';
import { planDivergenceNote } from './planDivergence.ts';
import { applyFieldBounds, describeWarnings, type BoundedSnapshot } from '../sgp/applyFieldBounds.ts';
import { cancellationBlocker, readableAgainNote, unreadableOfContract, unreadableSkip } from './planUnreadable.ts';
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
  /** R9.3: contracts and boxes never written; absent = none. */
  readonly exclusions?: Exclusions;
}

const byCode = (a: ContractState, b: ContractState): number =>
  a.code.length - b.code.length || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

function skipOnce(state: ContractState, command: SkipCommand, ctx: PlanContext): SkipCommand {
  // R2.7: tried every cycle, recorded only when the reason changes. Reasons follow the truth:
  // a cycle that did not read everything (R1.6) plans its skips but records none, or one failed
  // read would mark every contract, created ones included, with a reason nothing else undoes.
  const complete = ctx.sweepComplete && ctx.ozmapComplete;
  return { ...command, record: complete && state.lastSkipReason !== command.reason };
}

/**
 * R2.7: a complete read found the contract's client in OZmap, so no reason for not creating it
 * still holds; the note clears the one recorded (one written by a cycle that read OZmap only in
 * part, or a box that appeared since).
 */
function clearedSkip(state: ContractState, clientId: string, ctx: PlanContext): NoteCommand | null {
  if (state.lastSkipReason === null || !ctx.sweepComplete || !ctx.ozmapComplete) return null;
  const detail = `OZmap holds client ${clientId} for this contract: "${state.lastSkipReason}" no longer applies`;
  return {
    kind: 'note',
    code: state.code,
    rule: 'R2.7',
    reason: 'skip-reason-cleared',
    note: 'skip-reason-cleared',
    detail,
    key: state.lastSkipReason,
  };
}

/** R5.8: a creation that could not reuse the previous property says why in its reason. */
function withWhy<T extends CreateClientCommand | SkipCommand>(command: T, why: string | undefined): T {
  if (why === undefined) return command;
  return command.kind === 'create'
    ? { ...command, reason: `${command.reason}; ${why}` }
    : { ...command, detail: `${(command as SkipCommand).detail}; ${why}` };
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
  const connecting = connectionContext(contracts, index, {
    boxes,
    options,
    plannedPorts,
    ...(ctx.projectNames ? { projectNames: ctx.projectNames } : {}),
  });
  for (const state of [...contracts].sort(byCode)) {
    if (state.snapshot === null || state.vanished) continue;
    // R8: only values inside their bounds reach the rules below; what was dropped is noted once.
    const bounded = applyFieldBounds(state.snapshot, options);
    const snapshot = bounded.snapshot;
    const previous =
      state.previousSnapshot === null ? null : applyFieldBounds(state.previousSnapshot, options).snapshot;
    const dropped = droppedFieldsNote(state, bounded);
    if (dropped) commands.push(dropped);
    const clients = index.clientsByCode.get(state.code) ?? [];
    const cancelled = isCancelled(state, options);
    // R8: its client or its property cannot be read: it counts as present, nothing is written.
    const unreadable = unreadableOfContract(state.code, index);
    if (unreadable) {
      commands.push(skipOnce(state, unreadableSkip(state.code, unreadable, 'its OZmap client counts as present'), ctx));
      continue;
    }
    if (clients.length === 0) {
      const skip = (rule: string, reason: SkipReason, detail: string): void => {
        commands.push(skipOnce(state, { kind: 'skip', code: state.code, rule, reason, detail, record: true }, ctx));
      };
      if (cancelled)
        skip('R2.1', SkipReason.enum.cancelled, `status "${snapshot.statusText}" is a cancellation status`);
      else if (snapshot.status === 'unknown')
        skip('R3.1', SkipReason.enum.statusUnknown, `status "${snapshot.statusText}" is not one SGP documents`);
      else if (!options.createClients) skip('R7', SkipReason.enum.creationDisabled, 'CREATE_CLIENTS is off');
      else if (!ctx.ozmapComplete)
        skip(
          'R1.6',
          SkipReason.enum.ozmapReadIncomplete,
          'OZmap clients were not all read: a client not read may exist',
        );
      else if (bounded.invalidName)
        skip(
          'R8',
          SkipReason.enum.sgpFieldInvalid,
          `SGP record of contract ${state.code}, field name: ${bounded.invalidName.problem}`,
        );
      else {
        const creation = {
          index,
          boxes,
          options,
          plannedPorts,
          ...(ctx.projectNames ? { projectNames: ctx.projectNames } : {}),
        };
        // R5.8: a reactivation goes back on its own previous property when it can.
        const reactivation = planReactivation(state, snapshot, creation);
        if (reactivation?.kind === 'reuse') {
          commands.push(reactivation.command);
          continue;
        }
        const planned = withWhy(planCreation(snapshot, creation), reactivation?.why);
        commands.push(planned.kind === 'skip' ? skipOnce(state, planned, ctx) : planned);
      }
      continue;
    }
    // R8: records that read again say so in their own words; any other recorded reason is over (R2.7).
    const readable = cancelled ? null : readableAgainNote(state);
    const cleared = readable ?? clearedSkip(state, clients[0]?.id ?? '', ctx);
    if (cleared) commands.push(cleared);
    if (cancelled) continue; // R4 applies to non-cancelled contracts only; R5 handles these.
    const [only] = clients;
    if (clients.length === 1 && only && !index.propertyByClientId.has(only.id)) {
      // R5.8: a reactivation stopped between creating the client and attaching it.
      const resumed = planReactivation(
        state,
        snapshot,
        { index, boxes, options, plannedPorts, ...(ctx.projectNames ? { projectNames: ctx.projectNames } : {}) },
        only.id,
      );
      if (resumed?.kind === 'reuse') {
        commands.push(resumed.command);
        continue;
      }
    }
    for (const client of clients) {
      const property = index.propertyByClientId.get(client.id) ?? null;
      const update = planUpdate({ snapshot, previous, client, property, options });
      // R4.8: connect later, or move; merged into the one property PATCH (R4.7).
      const connect = property ? planConnection(state, client, property, connecting) : null;
      const write =
        connect !== null && connect !== 'held' && connect.kind === 'update' ? mergeUpdates(update, connect) : update;
      if (write) commands.push(write);
      if (connect !== null && connect !== 'held' && connect.kind === 'note') commands.push(connect);
      const note: NoteCommand | null = connect === null ? planDivergenceNote(state, property, index, options) : null;
      if (note) commands.push(note);
    }
  }
  return commands;
}

/** R8: the values dropped from this contract's SGP record, noted when the set of them changes. */
function droppedFieldsNote(state: ContractState, bounded: BoundedSnapshot): NoteCommand | null {
  if (bounded.warnings.length === 0) return null;
  const detail = describeWarnings(bounded.warnings);
  if (state.lastNotes['sgp-field-dropped'] === detail) return null;
  return {
    kind: 'note',
    code: state.code,
    rule: 'R8',
    reason: 'SGP values outside their bounds',
    note: 'sgp-field-dropped',
    detail,
    key: detail,
  };
}

export interface CancelPlan {
  readonly commands: CancelClientCommand[];
  /**
   * Cancellations an unreadable OZmap record blocks (R8), whatever else blocks the plan, and the
   * notes of cancellations that wait for a line of their own (R5.5, `cancellationHold`).
   */
  readonly skips: (SkipCommand | NoteCommand)[];
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
  const skips: (SkipCommand | NoteCommand)[] = [];
  const all = candidates.flatMap((state) => {
    const commands = planContractCancellation(state, index, options, ctx.now);
    const unreadable = cancellationBlocker(state, commands, index);
    if (unreadable === null) {
      const hold = cancellationHold(state, index, options, ctx.now);
      if (hold !== null && hold !== 'held') skips.push(hold);
      return commands;
    }
    skips.push(
      skipOnce(
        state,
        unreadableSkip(
          state.code,
          unreadable,
          'the cancellation could not be sure to write its line or to act on the right object',
        ),
        ctx,
      ),
    );
    return [];
  });
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
  return { commands: blocked === null ? all : [], skips, guard, blocked };
}
