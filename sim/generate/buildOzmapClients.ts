import { sgpStatusCode } from '../sgp/sgpStatusCode.ts';
import type { Random } from '../shared/random.ts';
import { dropSplitters, type BoxDraft, type IdSource, type SplitterDraft } from './buildOzmapBoxes.ts';
import type { AddressPlan, ClientPlan, ContractPlan } from './planContracts.ts';
import { city } from './brazilianData.ts';

export type OzPropertyOut = {
  id: string;
  box: string;
  client: string | null;
  address: string;
  coords: [number, number];
  observation: string;
  potencyRead: number | null;
  connections: { id: string; port: number; fiber: string }[];
  history: { clients: { code: string; enter_date: string; exit_date: string | null }[] };
};

export type OzClientOut = {
  id: string;
  code: string;
  name: string;
  observation: string;
  implanted: boolean;
  status: 0 | 1;
  onu: { serial_number: string; mac_address: string; user_PPPoE: string };
};

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;
const round2 = (n: number): number => Math.round(n * 100) / 100;

/** The one-line address of RULES R1.5, so that an undrifted property already matches SGP. */
export function addressLine(address: AddressPlan): string {
  const street = [address.logradouro, String(address.numero)].filter((p) => p !== '').join(', ');
  const head = [street, address.complemento, address.bairro].filter((p) => p !== '').join(' - ');
  return `${head}, ${city.cidade} - ${city.uf}, ${address.cep}`.replace(/\s+/g, ' ').trim();
}

/** The coordinates the service derives (R1.5): the service address's, else the client's. */
function sgpCoords(client: ClientPlan, contract: ContractPlan): [number, number] | undefined {
  if (contract.coordsWhere === 'both' || contract.coordsWhere === 'service') {
    return [round6(contract.serviceAddress.lng), round6(contract.serviceAddress.lat)];
  }
  const head = client.contracts[0];
  if (head?.coordsWhere === 'both' || head?.coordsWhere === 'client')
    return [round6(client.address.lng), round6(client.address.lat)];
  return undefined;
}

function rxValue(rx: string): number | undefined {
  const n = Number(rx.replace(',', '.'));
  return rx.trim() !== '' && Number.isFinite(n) && n >= -50 && n <= 10 ? round2(n) : undefined;
}

/** How likely a contract already has its OZmap client, by status code (undefined = unknown text). */
function existenceChance(code: number | undefined): number {
  if (code === 3 || code === 5) return 0.4;
  if (code === 2 || code === 6) return 0.3;
  return code === undefined ? 0.5 : 0.6;
}

function implantedFor(random: Random, code: number | undefined): boolean {
  if (code === 1 || code === 4 || code === 7) return !random.chance(0.04);
  if (code === 3 || code === 5) return random.chance(0.75);
  return code === undefined ? random.chance(0.5) : random.chance(0.1);
}

function driftedName(random: Random, name: string): string {
  const parts = name.split(' ');
  return random.chance(0.5)
    ? name.toUpperCase()
    : `${parts[0] ?? name} ${(parts[parts.length - 1] ?? '').slice(0, 1)}.`;
}

export interface ClientWorld {
  readonly random: Random;
  readonly nextId: IdSource;
  readonly boxOfCto: ReadonlyMap<number, BoxDraft>;
  readonly properties: OzPropertyOut[];
  readonly ftthClients: OzClientOut[];
  /** Codes of clients OZmap has and SGP does not: above every SGP contract code. */
  readonly counters: { legacyCode: number };
}

/** Where an existing client hangs: a free splitter port of its box, or the box alone. */
function placement(
  world: ClientWorld,
  contract: ContractPlan,
): { box: BoxDraft; splitter?: SplitterDraft } | undefined {
  const box = contract.cto ? world.boxOfCto.get(contract.cto.sgpId) : undefined;
  if (!box) return undefined;
  const port = contract.port;
  const splitter = port === null ? undefined : dropSplitters(box).find((s) => s.output.length >= port);
  if (splitter && port !== null && splitter.output[port - 1] === null) return { box, splitter };
  // No port to take: some such clients were still drawn on the box by hand.
  return world.random.chance(0.3) ? { box } : undefined;
}

function ozName(random: Random, nome: string): string {
  const clean = nome.trim().replace(/\s+/g, ' ');
  return random.chance(0.06) ? driftedName(random, clean) : clean;
}

const potencyDrift = { same: 80, stale: 15, none: 5 } as const;

function potencyRead(random: Random, rx: string): number | null {
  const reading = rxValue(rx);
  const roll = random.weighted(potencyDrift);
  if (roll === 'none') return null;
  if (reading === undefined) return roll === 'stale' ? round2(-(19 + random.next() * 8)) : null;
  return roll === 'stale' ? round2(reading + (random.chance(0.5) ? 1 : -1) * (0.5 + random.next() * 2.5)) : reading;
}

/** Adds the OZmap client and property of one contract that already exists in OZmap, drift included. */
export function addExistingClient(world: ClientWorld, client: ClientPlan, contract: ContractPlan): boolean {
  const { random } = world;
  const code = sgpStatusCode(contract.status);
  if (!random.chance(existenceChance(code))) return false;
  const where = placement(world, contract);
  if (!where) return false;
  const fiber = world.nextId();
  const port = contract.port ?? 0;
  if (where.splitter) where.splitter.output[port - 1] = fiber;
  const coords = sgpCoords(client, contract) ?? where.box.coords;
  const clientId = world.nextId();
  const truthful: 0 | 1 = contract.online ? 0 : 1;
  world.ftthClients.push({
    id: clientId,
    code: String(contract.code),
    name: ozName(random, client.nome),
    observation: '',
    implanted: implantedFor(random, code),
    status: random.chance(0.05) ? (truthful === 0 ? 1 : 0) : truthful,
    onu: {
      serial_number: `ZTEG${random.hex(8).toUpperCase()}`,
      mac_address: '',
      user_PPPoE: `cliente${contract.code}`,
    },
  });
  world.properties.push({
    id: world.nextId(),
    box: where.box.id,
    client: clientId,
    address: random.chance(0.05)
      ? `${contract.serviceAddress.logradouro} ${contract.serviceAddress.numero}`
      : addressLine(contract.serviceAddress),
    coords: random.chance(0.05) ? [round6(coords[0] + 0.0005), round6(coords[1] - 0.0004)] : coords,
    observation: random.chance(0.1) ? 'Instalação com cabo drop de 80 m' : '',
    potencyRead: potencyRead(random, contract.rx),
    connections: where.splitter ? [{ id: where.splitter.id, port, fiber }] : [],
    history: { clients: [{ code: String(contract.code), enter_date: '2024-03-01T12:00:00.000Z', exit_date: null }] },
  });
  return true;
}
