import type { RuleOptions } from '../ruleOptions.ts';
import type { ContractSnapshot } from '../sgp/contractSnapshot.ts';
import type { Coordinates } from '../sgp/contractSnapshot.ts';
import { matchBox, type BoxNameIndex } from './boxMatch.ts';
import { choosePort } from './choosePort.ts';
import { SkipReason, type CreateClientCommand, type SkipCommand } from './commands.ts';
import { portKey, type OzmapIndex } from './ozmapIndex.ts';
import { desiredClientStatus, onuToWrite } from './planUpdate.ts';
import { creationBlocker } from './planUnreadable.ts';

export interface CreationContext {
  readonly index: OzmapIndex;
  readonly boxes: BoxNameIndex;
  readonly options: RuleOptions;
  readonly projectNames?: ReadonlyMap<string, string>;
  /** Ports claimed by creations planned earlier in this cycle (mutated as creations are planned). */
  readonly plannedPorts: Set<string>;
}

const skip = (code: string, rule: string, reason: SkipReason, detail: string): SkipCommand => ({
  kind: 'skip',
  code,
  rule,
  reason,
  detail,
  record: true,
});

/**
 * R2.6 with `placeAroundBox`: the box's coordinates plus a small offset per port, 16 slots on a
 * circle of about 8 m, so that clients of one box do not stack. Deterministic: same port, same
 * place. Each further 16 ports go on a ring 4 m further out, or port 17 would stack on port 1.
 */
export function placeAroundBox(box: Coordinates, port: number | null): Coordinates {
  const slot = port ?? 0;
  const angle = (slot * 2 * Math.PI) / 16;
  const radiusDeg = 0.00007 * (1 + Math.floor(slot / 16) / 2);
  return { lat: box.lat + radiusDeg * Math.sin(angle), lng: box.lng + radiusDeg * Math.cos(angle) };
}

/** R2.2-R2.6: where and how to create the client of one contract, or why not. */
export function planCreation(snapshot: ContractSnapshot, ctx: CreationContext): CreateClientCommand | SkipCommand {
  const { code } = snapshot;
  const { options } = ctx;
  // 1. R2.2: a CTO in SGP.
  if (snapshot.cto === null) return skip(code, 'R2.2', SkipReason.enum.noCtoInSgp, 'SGP has no CTO for this contract');
  // 2. R2.3: exactly one OZmap box of that name (R8: or one that cannot be read may be it).
  const unreadableBox = creationBlocker(code, { cto: snapshot.cto, box: null, port: null }, ctx.index, options);
  if (unreadableBox) return unreadableBox;
  const match = matchBox(snapshot.cto, ctx.boxes, options, ctx.projectNames);
  if (match.kind === 'not-found') {
    return skip(
      code,
      'R2.3',
      SkipReason.enum.boxNotFound,
      `no OZmap box named "${match.boxName}" (SGP CTO "${snapshot.cto}")`,
    );
  }
  if (match.kind === 'ambiguous') {
    const ids = match.candidates.map((b) => `${b.id}${b.project ? ` (project ${b.project})` : ''}`).join(', ');
    return skip(
      code,
      'R2.3',
      SkipReason.enum.boxAmbiguous,
      `${match.candidates.length} OZmap boxes named "${match.boxName}": ${ids}`,
    );
  }
  const { box } = match;
  // 3. R2.4/R2.5: the splitter port.
  const choice = choosePort(
    ctx.index.splittersByBoxId.get(box.id) ?? [],
    snapshot.ctoPort,
    ctx.index.connectedPorts,
    ctx.plannedPorts,
  );
  // R8: a record that cannot be read may hold that port, or any port of the box.
  const chosenPort =
    choice.kind === 'unconnected'
      ? null
      : {
          key: portKey(choice.splitter.id, choice.port),
          label: `port ${choice.port} of splitter "${choice.splitter.name}" in box "${box.name}"`,
        };
  const unreadable = creationBlocker(code, { cto: snapshot.cto, box, port: chosenPort }, ctx.index, options);
  if (unreadable) return unreadable;
  if (choice.kind === 'occupied' && options.onPortConflict === 'skip') {
    return skip(
      code,
      'R2.5',
      SkipReason.enum.portOccupied,
      `port ${choice.port} of splitter "${choice.splitter.name}" in box "${box.name}" is taken (${choice.why})`,
    );
  }
  const connection =
    choice.kind === 'connect'
      ? { splitterId: choice.splitter.id, splitterName: choice.splitter.name, port: choice.port }
      : null;
  const unconnectedReason =
    choice.kind === 'unconnected' ? choice.reason : choice.kind === 'occupied' ? 'port-occupied' : null;
  // 4. R2.6: the property with its client inline.
  const coords =
    options.placeAroundBox && box.coords
      ? placeAroundBox(box.coords, snapshot.ctoPort)
      : (snapshot.coords ?? box.coords);
  // OZmap needs a place for the property: without one the create can only fail, every cycle.
  if (coords === null) {
    return skip(code, 'R2.6', SkipReason.enum.noCoordinates, `no coordinates in SGP and none on box "${box.name}"`);
  }
  if (connection) ctx.plannedPorts.add(portKey(connection.splitterId, connection.port));
  const implanted =
    options.implant && snapshot.status !== 'unknown' && options.implantStatuses.includes(snapshot.status);
  return {
    kind: 'create',
    code,
    rule: connection
      ? 'R2.5'
      : choice.kind === 'unconnected' && choice.reason === 'box-without-splitter'
        ? 'R2.4'
        : 'R2.5',
    reason: connection
      ? `box "${box.name}", splitter "${connection.splitterName}" port ${connection.port}`
      : `box "${box.name}" without connection (${unconnectedReason})`,
    boxId: box.id,
    boxName: box.name,
    boxProject: box.project,
    connection,
    unconnectedReason,
    property: { address: snapshot.address, coords, potencyRead: snapshot.rxDbm },
    client: {
      code,
      name: snapshot.name,
      implanted,
      status: options.updateStatus ? desiredClientStatus(snapshot) : null,
      ...onuAtCreation(snapshot, options),
    },
  };
}

/** UPDATE_ONU: the client is created with the ONU identity SGP has, not patched a cycle later. */
function onuAtCreation(snapshot: ContractSnapshot, options: RuleOptions): { onu?: Record<string, string> } {
  if (!options.updateOnu || !snapshot.onu) return {};
  const onu = onuToWrite(snapshot, {
    id: '',
    code: snapshot.code,
    name: '',
    implanted: false,
    status: null,
    observation: '',
  });
  return onu ? { onu } : {};
}
