import type { Random } from '../shared/random.ts';
import {
  city,
  companySuffixes,
  companyWords,
  complementos,
  firstNames,
  middleNames,
  streets,
  surnameLinks,
  surnames,
} from './brazilianData.ts';
import type { Bairro, CtoPlan } from './planNetwork.ts';
import { createPortAllocator } from './planNetwork.ts';

export interface AddressPlan {
  readonly logradouro: string;
  readonly numero: number | string;
  readonly complemento: string;
  readonly bairro: string;
  readonly cep: string;
  /** Absolute coordinates of the place, whether or not SGP has them. */
  readonly lat: number;
  readonly lng: number;
}

/** ftth: ONU on a CTO port; noPort: on a CTO, port unknown; noCto: ONU on no CTO; noFtth: no ONU. */
export type Connectivity = 'ftth' | 'noPort' | 'noCto' | 'noFtth';
/** Which addresses carry latitude/longitude in SGP. */
export type CoordsWhere = 'both' | 'client' | 'service' | 'none';

export interface ContractPlan {
  readonly code: number;
  readonly status: string;
  readonly connectivity: Connectivity;
  readonly cto: CtoPlan | undefined;
  readonly port: number | null;
  readonly rx: string;
  readonly online: boolean;
  readonly serviceAddress: AddressPlan;
  readonly coordsWhere: CoordsWhere;
  readonly extraServices: number;
}

export interface ClientPlan {
  readonly nome: string;
  readonly tipo: 'F' | 'J';
  readonly address: AddressPlan;
  readonly contracts: ContractPlan[];
}

/** Realistic proportions: mostly active, a few of every other status, a couple SGP-odd texts. */
const statusWeights: Readonly<Record<string, number>> = {
  Ativo: 700,
  Suspenso: 100,
  Cancelado: 110,
  Inativo: 25,
  Novo: 20,
  'Ativo V. Reduzida': 20,
  'Inviabilidade Técnica': 15,
  ' ATIVO ': 4,
  Bloqueado: 4,
  'Suspenso ': 2,
};

const onlineChance: Readonly<Record<string, number>> = {
  Ativo: 0.88,
  'Ativo V. Reduzida': 0.85,
  ' ATIVO ': 0.88,
  Suspenso: 0.45,
  'Suspenso ': 0.45,
  Cancelado: 0.04,
  'Inviabilidade Técnica': 0,
};

const rxKinds = { reading: 92, empty: 4, placeholder: 4 } as const;
const nameDirt = { clean: 88, upper: 8, spaces: 4 } as const;
const extraServiceCounts = { '0': 85, '1': 12, '2': 3 } as const;
const contractsPerClient = { '1': 85, '2': 12, '3': 3 } as const;
const connectivityWeights: Readonly<Record<Connectivity, number>> = { ftth: 935, noPort: 20, noCto: 15, noFtth: 30 };
const coordsWeights: Readonly<Record<CoordsWhere, number>> = { both: 56, client: 10, service: 4, none: 30 };

export function rxReading(random: Random): string {
  const value = (-(18 + random.next() * 9.99)).toFixed(2);
  return random.chance(0.22) ? value.replace('.', ',') : value;
}

function rxFor(random: Random, online: boolean): string {
  if (!online && random.chance(0.5)) return '';
  return random.weighted(rxKinds) === 'reading' ? rxReading(random) : random.chance(0.5) ? '' : '-99.999';
}

function personName(random: Random): string {
  const middle = random.chance(0.35) ? ` ${random.pick(middleNames)}` : '';
  const link = random.pick(surnameLinks);
  const last = random.chance(0.4) ? ` ${random.pick(surnames)}` : '';
  const name = `${random.pick(firstNames)}${middle} ${link ? `${link} ` : ''}${random.pick(surnames)}${last}`;
  // Data typed in a hurry: all caps, a double space, a trailing blank.
  const dirt = random.weighted(nameDirt);
  return dirt === 'upper' ? name.toUpperCase() : dirt === 'spaces' ? `${name.replace(' ', '  ')} ` : name;
}

function addressNear(random: Random, bairro: Bairro, lat: number, lng: number): AddressPlan {
  return {
    logradouro: random.pick(streets),
    numero: random.chance(0.02) ? 'S/N' : random.int(1, 3500),
    complemento: random.chance(0.25) ? random.pick(complementos) : '',
    bairro: bairro.name,
    cep: `${city.cepPrefix}${random.int(10, 99)}-${String(random.int(0, 999)).padStart(3, '0')}`,
    lat: city.lat + lat + (random.next() - 0.5) * 0.003,
    lng: city.lng + lng + (random.next() - 0.5) * 0.003,
  };
}

interface ContractContext {
  readonly random: Random;
  readonly allocate: ReturnType<typeof createPortAllocator>;
  /** Where contracts on no CTO live: somewhere in the network's area. */
  readonly ctos: readonly CtoPlan[];
}

function planContract(context: ContractContext, code: number, shareAddress: AddressPlan | undefined): ContractPlan {
  const { random } = context;
  const status = random.weighted(statusWeights);
  const infeasible = status === 'Inviabilidade Técnica' && random.chance(0.7);
  let connectivity: Connectivity = infeasible ? 'noCto' : random.weighted(connectivityWeights);
  const slot = connectivity === 'ftth' || connectivity === 'noPort' ? context.allocate() : undefined;
  if (!slot && (connectivity === 'ftth' || connectivity === 'noPort')) connectivity = 'noCto';
  const where = slot?.cto ?? random.pick(context.ctos);
  const online = connectivity !== 'noFtth' && random.chance(onlineChance[status] ?? 0.3);
  return {
    code,
    status,
    connectivity,
    cto: slot?.cto,
    port: connectivity === 'ftth' ? (slot?.port ?? null) : null,
    rx: connectivity === 'noFtth' ? '' : rxFor(random, online),
    online,
    serviceAddress: shareAddress ?? addressNear(random, where.bairro, where.lat, where.lng),
    coordsWhere: random.weighted(coordsWeights),
    extraServices: Number(random.weighted(extraServiceCounts)),
  };
}

/** Clients with one to three contracts, `contracts` contracts in all, codes ascending with gaps. */
export function planContracts(random: Random, ctos: readonly CtoPlan[], contracts: number): ClientPlan[] {
  const context: ContractContext = { random, allocate: createPortAllocator(random, ctos), ctos };
  const clients: ClientPlan[] = [];
  let code = 1000;
  let planned = 0;
  while (planned < contracts) {
    const count = Math.min(contracts - planned, Number(random.weighted(contractsPerClient)));
    const plansOfClient: ContractPlan[] = [];
    for (let i = 0; i < count; i += 1) {
      code += random.int(1, 3);
      const first = plansOfClient[0];
      const share = first && random.chance(0.5) ? first.serviceAddress : undefined;
      plansOfClient.push(planContract(context, code, share));
    }
    planned += count;
    const head = plansOfClient[0] as ContractPlan;
    const company = random.chance(0.08);
    const billingElsewhere = random.chance(0.1);
    const anchor = head.cto ?? random.pick(ctos);
    clients.push({
      nome: company ? `${random.pick(companyWords)} ${random.pick(companySuffixes)}` : personName(random),
      tipo: company ? 'J' : 'F',
      address: billingElsewhere ? addressNear(random, anchor.bairro, anchor.lat, anchor.lng) : head.serviceAddress,
      contracts: plansOfClient,
    });
  }
  return clients;
}
