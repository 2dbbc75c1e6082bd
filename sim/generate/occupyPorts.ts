import { sgpStatusCode } from '../sgp/sgpStatusCode.ts';
import { dropSplitters, type BoxDraft, type SplitterDraft } from './buildOzmapBoxes.ts';
import type { ClientWorld } from './buildOzmapClients.ts';
import type { ContractPlan } from './planContracts.ts';

/**
 * Ports taken by something other than the SGP contract that should be there: a drop to a
 * customer SGP no longer knows, a property left behind by a past cancellation, a bare fiber, or
 * a port blocked as damaged. These make R2.5's `port-occupied` happen.
 */
const occupants = { legacyClient: 50, leftBehind: 25, bareFiber: 25 } as const;

function occupy(world: ClientWorld, box: BoxDraft, splitter: SplitterDraft, port: number): void {
  const { random } = world;
  if (random.chance(0.35)) {
    splitter.blocked[port - 1] = true;
    return;
  }
  const fiber = world.nextId();
  splitter.output[port - 1] = fiber;
  const kind = random.weighted(occupants);
  if (kind === 'bareFiber') return;
  world.counters.legacyCode += random.int(1, 7);
  const code = String(world.counters.legacyCode);
  const clientId = kind === 'legacyClient' ? world.nextId() : null;
  if (clientId) {
    world.ftthClients.push({
      id: clientId,
      code,
      name: `Cliente Antigo ${code}`,
      observation: 'Migrado do sistema anterior',
      implanted: true,
      status: 0,
      onu: { serial_number: '', mac_address: '', user_PPPoE: '' },
    });
  }
  world.properties.push({
    id: world.nextId(),
    box: box.id,
    client: clientId,
    address: `Endereço não informado (${code})`,
    coords: box.coords,
    observation: clientId
      ? ''
      : `Cliente removido pela integração SGP: Cliente Antigo ${code} (código ${code}) em 14/08/2025 10:32`,
    potencyRead: clientId ? -22.5 : null,
    connections: [{ id: splitter.id, port, fiber }],
    history: {
      clients: [
        { code, enter_date: '2022-05-10T12:00:00.000Z', exit_date: clientId ? null : '2025-08-14T13:32:00.000Z' },
      ],
    },
  });
}

function freeSlot(box: BoxDraft, port: number | null): SplitterDraft | undefined {
  if (port === null) return undefined;
  const splitter = dropSplitters(box).find((s) => s.output.length >= port);
  return splitter && splitter.output[port - 1] === null && !splitter.blocked[port - 1] ? splitter : undefined;
}

/** Takes the port of some contracts that the service will try to create (not cancelled, not unknown). */
export function occupyCandidatePorts(world: ClientWorld, candidates: readonly ContractPlan[]): void {
  for (const contract of candidates) {
    const code = sgpStatusCode(contract.status);
    if (code === undefined || code === 3 || code === 5 || !contract.cto) continue;
    const box = world.boxOfCto.get(contract.cto.sgpId);
    const splitter = box ? freeSlot(box, contract.port) : undefined;
    if (box && splitter && contract.port !== null && world.random.chance(0.05))
      occupy(world, box, splitter, contract.port);
  }
}

/** Background occupancy of every drop splitter's free ports. */
export function occupyRandomPorts(world: ClientWorld, boxes: readonly BoxDraft[]): void {
  for (const box of boxes) {
    for (const splitter of dropSplitters(box)) {
      for (let port = 1; port <= splitter.output.length; port += 1) {
        if (splitter.output[port - 1] !== null || splitter.blocked[port - 1]) continue;
        if (world.random.chance(0.07)) occupy(world, box, splitter, port);
      }
    }
  }
}
