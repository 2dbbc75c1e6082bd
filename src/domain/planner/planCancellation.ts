import type { RuleOptions } from '../ruleOptions.ts';
import type { OzClient, OzProperty } from '../ozmap/ozmapObjects.ts';
import type { CancelClientCommand, CancelMode, NoteCommand } from './commands.ts';
import type { ContractState } from './contractState.ts';
import { containsObservationLine, findObservationLine, observationLine } from './observationLine.ts';
import { lastSeenActiveKey } from './lastSeenActive.ts';
import type { OzmapIndex } from './ozmapIndex.ts';

/** R5.1: the contract's status is a cancellation status. */
export function isCancelled(state: ContractState, options: RuleOptions): boolean {
  const status = state.snapshot?.status;
  return status !== undefined && status !== 'unknown' && options.cancelStatuses.includes(status);
}

/** R5.2-R5.4: implanted -> detach (unless removePropertyCompletely); not implanted -> remove. */
export function cancelMode(client: OzClient, options: RuleOptions): CancelMode {
  return client.implanted && !options.removePropertyCompletely ? 'detach' : 'remove';
}

function disconnectOf(
  property: OzProperty | null,
  mode: CancelMode,
  options: RuleOptions,
): CancelClientCommand['disconnect'] {
  if (mode !== 'detach' || !options.disconnectCancelledProperty || property === null) return null;
  const connection = property.connections.find((c) => c.fiber !== null);
  return connection?.fiber ? { splitterId: connection.splitterId, fiber: connection.fiber } : null;
}

/** R5.5: what the cancellation of one client finds on its property and would decide now. */
interface ClientLine {
  readonly client: OzClient;
  readonly mode: CancelMode;
  readonly resumed: boolean;
  readonly property: OzProperty | null;
  /** This cancellation's line, already on the property. */
  readonly written: string | null;
  /** The line this cancellation writes when none of its own is there. */
  readonly decided: string;
}

function clientLine(
  state: ContractState,
  client: OzClient,
  index: OzmapIndex,
  options: RuleOptions,
  now: Date,
): ClientLine {
  const pending = state.pendingCancellation;
  // R5.5: a line of this cancellation already on the property (written by a run whose intent
  // the log may have lost: a restore from a backup) is the line; one dated before the contract
  // was last seen active belongs to an earlier cancellation and does not count.
  const since = lastSeenActiveKey(state, options);
  // The steps of one cancellation never change `implanted`, so a pending command whose mode no
  // longer fits the client no longer applies: the client was implanted since (by a sync after
  // a reactivation, or by hand; R5.2 then keeps the property), or the options changed.
  const mode = cancelMode(client, options);
  const resumed = pending !== null && pending.clientId === client.id && pending.mode === mode;
  const property =
    index.propertyByClientId.get(client.id) ??
    (resumed && pending.propertyId ? (index.propertyById.get(pending.propertyId) ?? null) : null);
  const written = property ? findObservationLine(property.observation, state.code, since, state.endedLines) : null;
  const decided =
    resumed && pending.observationLine
      ? pending.observationLine
      : observationLine(client.name, state.code, now, options.timezone);
  return { client, mode, resumed, property, written, decided };
}

/**
 * R5.5: a new line that would read exactly as a line already on the property, which is not this
 * cancellation's (an earlier cancellation of the code, under the same name, in the same minute:
 * cancelled, reactivated and cancelled again within a minute). Written, the two could never be
 * told apart (a retry would take either for its own; the executor did, and wrote none); so the
 * cancellation waits for a minute in which its line is its own.
 */
function heldForItsLine(line: ClientLine): boolean {
  return (
    line.mode === 'detach' &&
    !line.resumed &&
    line.written === null &&
    line.property !== null &&
    containsObservationLine(line.property.observation, line.decided)
  );
}

/**
 * R5.5: the note that a cancellation waits for the next minute (see `heldForItsLine`), recorded
 * once per line it would have written; `held` when it was already recorded, null when nothing
 * waits.
 */
export function cancellationHold(
  state: ContractState,
  index: OzmapIndex,
  options: RuleOptions,
  now: Date,
): NoteCommand | 'held' | null {
  for (const client of index.clientsByCode.get(state.code) ?? []) {
    const line = clientLine(state, client, index, options, now);
    if (!heldForItsLine(line)) continue;
    if (state.lastNotes['cancel-held'] === line.decided) return 'held';
    return {
      kind: 'note',
      code: state.code,
      rule: 'R5.5',
      reason: 'cancellation held until the next minute',
      note: 'cancel-held',
      detail: `the line it would write, "${line.decided}", is already on property ${line.property?.id ?? '?'} for an earlier cancellation of this code: the next cancel cycle in another minute writes a line of its own`,
      key: line.decided,
    };
  }
  return null;
}

/**
 * The cancellation commands for one cancelled contract: one per OZmap client with its code (but
 * a client whose line would read as an earlier cancellation's waits, `cancellationHold`), and a
 * resumed command when an earlier run stopped after removing the client (R5.5).
 */
export function planContractCancellation(
  state: ContractState,
  index: OzmapIndex,
  options: RuleOptions,
  now: Date,
): CancelClientCommand[] {
  const pending = state.pendingCancellation;
  const clients = index.clientsByCode.get(state.code) ?? [];
  const lines = clients.map((client) => clientLine(state, client, index, options, now));
  const commands: CancelClientCommand[] = lines
    .filter((line) => !heldForItsLine(line))
    .map(({ client, mode, resumed, property, written, decided }) => {
      const line = mode === 'detach' ? (written ?? decided) : null;
      return {
        kind: 'cancel',
        code: state.code,
        rule:
          mode === 'detach'
            ? options.disconnectCancelledProperty
              ? 'R5.2,R5.4'
              : 'R5.2'
            : client.implanted
              ? 'R5.4'
              : 'R5.3',
        reason:
          mode === 'detach'
            ? 'cancelled in SGP, client implanted: leaves its property'
            : 'cancelled in SGP, client not implanted: removed with its property',
        mode,
        clientId: client.id,
        clientName: resumed && pending ? pending.clientName : client.name,
        propertyId: property?.id ?? null,
        observationLine: line,
        disconnect: resumed && pending ? pending.disconnect : disconnectOf(property, mode, options),
        resumed,
      };
    });
  if (pending && !clients.some((c) => c.id === pending.clientId)) {
    // The client is gone; finish what is left on the property, if anything is.
    const property = pending.propertyId ? (index.propertyById.get(pending.propertyId) ?? null) : null;
    const lineMissing =
      pending.mode === 'detach' &&
      property !== null &&
      pending.observationLine !== null &&
      !containsObservationLine(property.observation, pending.observationLine);
    const propertyLeft = pending.mode === 'remove' && property !== null;
    const stillAttached = property !== null && property.clientId !== null && property.clientId === pending.clientId;
    // The port to free may still be connected after the line was written (R5.4 + R5.5).
    const { disconnect } = pending;
    const portLeft =
      disconnect !== null &&
      property !== null &&
      property.connections.some((c) => c.splitterId === disconnect.splitterId && c.fiber === disconnect.fiber);
    if (lineMissing || propertyLeft || stillAttached || portLeft) {
      commands.push({
        kind: 'cancel',
        code: state.code,
        rule: pending.mode === 'detach' ? 'R5.5' : 'R5.3,R5.5',
        reason: 'finishing a cancellation interrupted in an earlier run',
        mode: pending.mode,
        clientId: null,
        clientName: pending.clientName,
        propertyId: property?.id ?? null,
        observationLine: pending.observationLine,
        disconnect: pending.disconnect,
        resumed: true,
      });
    }
  }
  return commands;
}
