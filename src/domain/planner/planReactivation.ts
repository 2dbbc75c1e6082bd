import type { OzProperty } from '../ozmap/ozmapObjects.ts';
import type { ContractSnapshot } from '../sgp/contractSnapshot.ts';
import { matchBox } from './boxMatch.ts';
import type { CreationContext } from './planCreation.ts';
import type { CreateClientCommand } from './commands.ts';
import type { ContractState } from './contractState.ts';
import { portKey, type OzmapIndex } from './ozmapIndex.ts';
import { desiredClientStatus } from './planUpdate.ts';

/** What creation needs (R2): the same lookups and the ports planned in this cycle. */
export type ReactivationContext = CreationContext;

/** R5.8: what a reactivated contract's previous property allows. */
export type Reactivation =
  | { readonly kind: 'reuse'; readonly command: CreateClientCommand }
  /** Not reused, and why: the normal creation rules apply, and the trail says so. */
  | { readonly kind: 'not-reused'; readonly why: string };

/**
 * R5.8: a contract that comes back from a cancellation that kept its property (R5.2) gets a new
 * client on that property while it still exists, has no client, and sits on the box and port
 * SGP gives now. Null when the contract is not such a reactivation. `clientId` is a client of
 * the code an interrupted run already created, still without a property.
 */
export function planReactivation(
  state: ContractState,
  snapshot: ContractSnapshot,
  ctx: ReactivationContext,
  clientId: string | null = null,
): Reactivation | null {
  // A cancellation stopped after it detached the client but before its outcome was recorded
  // kept the property all the same: its intent names it. (Not with `clientId`: a client of the
  // code still there is the cancelled one, not a new one of an interrupted reactivation.)
  const pending = state.pendingCancellation;
  const interrupted =
    clientId === null && !state.cancelledAt && pending !== null && pending.mode === 'detach'
      ? pending.propertyId
      : null;
  const previousId = interrupted ?? state.ozmap?.propertyId ?? null;
  if ((!state.cancelledAt && interrupted === null) || previousId === null || snapshot.cto === null) return null;
  const property = ctx.index.propertyById.get(previousId);
  const not = (why: string): Reactivation => ({
    kind: 'not-reused',
    why: `previous property ${previousId} not reused: ${why}`,
  });
  if (!property) return not('it no longer exists');
  if (property.clientId !== null) return not(`it holds client ${property.clientId}`);
  const match = matchBox(snapshot.cto, ctx.boxes, ctx.options, ctx.projectNames);
  if (match.kind !== 'found') return not(`SGP's CTO "${snapshot.cto}" matches no single OZmap box`);
  const at = placeOf(property, ctx.index);
  const wanted = `box "${match.box.name}" port ${snapshot.ctoPort ?? '-'}`;
  if (at === null) return not(`it is connected to no splitter port, SGP gives ${wanted}`);
  if (at.boxId !== match.box.id || at.port !== snapshot.ctoPort)
    return not(`it is on box "${at.boxName}" port ${at.port}, SGP gives ${wanted}`);
  ctx.plannedPorts.add(portKey(at.splitterId, at.port));
  const { options } = ctx;
  const implanted =
    options.implant && snapshot.status !== 'unknown' && options.implantStatuses.includes(snapshot.status);
  return {
    kind: 'reuse',
    command: {
      kind: 'create',
      code: snapshot.code,
      rule: 'R5.8',
      reason: `reactivated after a cancellation: new client on its previous property ${property.id} (box "${at.boxName}", splitter "${at.splitterName}" port ${at.port})`,
      boxId: match.box.id,
      boxName: match.box.name,
      boxProject: match.box.project,
      connection: { splitterId: at.splitterId, splitterName: at.splitterName, port: at.port },
      unconnectedReason: null,
      property: { address: property.address, coords: property.coords, potencyRead: property.potencyRead },
      client: {
        code: snapshot.code,
        name: snapshot.name,
        implanted,
        status: options.updateStatus ? desiredClientStatus(snapshot) : null,
      },
      reuseProperty: { propertyId: property.id, clientId },
    },
  };
}

/** The box and splitter port a property is connected to, or null. */
export function placeOf(
  property: OzProperty,
  index: OzmapIndex,
): { boxId: string; boxName: string; splitterId: string; splitterName: string; port: number } | null {
  const connection = property.connections[0];
  const splitter = connection ? index.splitterById.get(connection.splitterId) : undefined;
  const box = splitter ? index.boxById.get(splitter.boxId) : undefined;
  if (!connection || !splitter || !box) return null;
  return {
    boxId: box.id,
    boxName: box.name,
    splitterId: splitter.id,
    splitterName: splitter.name,
    port: connection.port,
  };
}
