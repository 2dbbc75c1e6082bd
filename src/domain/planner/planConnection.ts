import { z } from 'zod';
import type { OzClient, OzProperty } from '../ozmap/ozmapObjects.ts';
import { matchBox } from './boxMatch.ts';
import type { CreationContext } from './planCreation.ts';
import { choosePort } from './choosePort.ts';
import type { NoteCommand, UpdateClientCommand } from './commands.ts';
import type { ContractState } from './contractState.ts';
import { portKey } from './ozmapIndex.ts';
import { placeOf } from './planReactivation.ts';

/** Where a property is, or is to be, connected: what the trail shows as from -> to. */
export const Place = z.object({
  boxId: z.string(),
  boxName: z.string(),
  splitterId: z.string(),
  splitterName: z.string(),
  port: z.number(),
});
export type Place = Readonly<z.infer<typeof Place>>;

/** Creation's lookups (`plannedPorts`: creations, reactivations and moves of this cycle), plus: */
export interface ConnectionContext extends CreationContext {
  /** Property id -> the contract code of its client, to name who holds a target port. */
  readonly codeOfProperty: (propertyId: string) => string | null;
  /** What SGP gives another contract (`box id:port`), to tell a swap from a plain taken port. */
  readonly wantedPlace: (code: string) => string | null;
}

export const describePlace = (p: Place | null): string =>
  p === null ? 'no connection' : `box "${p.boxName}", splitter "${p.splitterName}" port ${p.port}`;

/**
 * R4.8, the splitter connection of an existing client:
 * - connect later (`connectLater`, default on): a property connected to nothing, on the box SGP
 *   gives, is connected once that box has a splitter whose port (SGP's) is free;
 * - move (`moveOnCtoChange`, default off): a property on another box or port than SGP gives is
 *   reconnected to the new box's splitter port, the old port freed in the same write.
 * A taken or missing target port holds the move, with a note recorded once per reason. Two
 * contracts that swap ports hold each other: both are held, and the note says a person must do
 * the swap (moving one first would leave the other without a port for a while). A chain (the
 * target's holder moves elsewhere) goes ahead one cycle later, once the port is free.
 */
/** `held`: a move waits, its reason already in the trail. */
export function planConnection(
  state: ContractState,
  client: OzClient,
  property: OzProperty,
  ctx: ConnectionContext,
): UpdateClientCommand | NoteCommand | 'held' | null {
  const snapshot = state.snapshot;
  const { options, index } = ctx;
  if (snapshot === null || snapshot.cto === null || snapshot.ctoPort === null) return null;
  const match = matchBox(snapshot.cto, ctx.boxes, options, ctx.projectNames);
  if (match.kind !== 'found') return null;
  const box = match.box;
  const from = placeOf(property, index);
  const sameBox = from ? from.boxId === box.id : property.boxId === box.id;
  if (from !== null && sameBox && from.port === snapshot.ctoPort) return null;
  const move = !(from === null && sameBox);
  if (move ? !options.moveOnCtoChange : !options.connectLater) return null;
  const choice = choosePort(
    index.splittersByBoxId.get(box.id) ?? [],
    snapshot.ctoPort,
    index.connectedPorts,
    ctx.plannedPorts,
  );
  const target = `box "${box.name}" port ${snapshot.ctoPort}`;
  if (choice.kind !== 'connect') {
    // Connect later simply waits: nothing to hold, the client stays as R2.4/R2.5 left it.
    if (!move) return null;
    return held(
      state,
      from,
      target,
      choice.kind === 'unconnected'
        ? `${target} does not exist (${choice.reason})`
        : takenWhy(choice.splitter.id, choice.port, from, ctx),
    );
  }
  const to: Place = {
    boxId: box.id,
    boxName: box.name,
    splitterId: choice.splitter.id,
    splitterName: choice.splitter.name,
    port: choice.port,
  };
  ctx.plannedPorts.add(portKey(to.splitterId, to.port));
  return {
    kind: 'update',
    code: state.code,
    rule: 'R4.8',
    reason: move
      ? `moved in SGP: ${describePlace(from)} -> ${describePlace(to)}`
      : `connect later: ${describePlace(to)} is now there and free`,
    clientId: client.id,
    propertyId: property.id,
    clientPatch: {},
    propertyPatch: { connection: { boxId: to.boxId, splitterId: to.splitterId, port: to.port } },
    changes: [{ object: 'property', field: 'connection', from, to, rule: 'R4.8', cause: 'sgp' }],
  };
}

function takenWhy(splitterId: string, port: number, from: Place | null, ctx: ConnectionContext): string {
  const holder = ctx.index.actual.properties.find((p) =>
    p.connections.some((c) => c.splitterId === splitterId && c.port === port),
  );
  const code = holder ? ctx.codeOfProperty(holder.id) : null;
  const base = `port ${port} of that box is taken${holder ? ` by property ${holder.id}${code ? ` (contract ${code})` : ''}` : ''}`;
  const swap = code !== null && from !== null && ctx.wantedPlace(code) === `${from.boxId}:${from.port}`;
  return swap ? `${base}, which SGP puts on this contract's port: a swap, which a person must do in OZmap` : base;
}

function held(state: ContractState, from: Place | null, target: string, why: string): NoteCommand | 'held' {
  const key = `${from ? `${from.boxId}:${from.port}` : '-'}|${target}|${why}`;
  if (state.lastNotes['move-held'] === key) return 'held';
  return {
    kind: 'note',
    code: state.code,
    rule: 'R4.8',
    reason: 'move held',
    note: 'move-held',
    detail: `move held: ${describePlace(from)} -> ${target}: ${why}`,
    key,
  };
}
