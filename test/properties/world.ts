import fc from 'fast-check';

/**
 * The tiny world of the model-based runs: 2-4 boxes, 3-8 SGP contracts, some of them already in
 * OZmap. Every raw value SGP may send is drawn from a table that states, beside it, what RULES R1
 * makes of it: the model reads the table, never the engine's normaliser.
 */

/** Raw SGP status text -> R1.3 code. */
export const STATUS_TEXTS = {
  Ativo: 1,
  ' ATIVO ': 1,
  Inativo: 2,
  Cancelado: 3,
  Suspenso: 4,
  'Inviabilidade Técnica': 5,
  Novo: 6,
  'Ativo V. Reduzida': 7,
  Bloqueado: 'unknown',
  'Em análise': 'unknown',
} as const satisfies Record<string, number | 'unknown'>;
export type StatusText = keyof typeof STATUS_TEXTS;

/** Raw `onu.rx` -> R1.5 reading in dBm (null: no reading). */
export const RX_TEXTS = { '-21.50': -21.5, '-19,30': -19.3, '-24.1': -24.1, '-99.999': null, '': null } as const;
export type RxText = keyof typeof RX_TEXTS;

/** Raw client `nome` -> R1.5 name (trimmed, inner whitespace collapsed). */
export const NAME_TEXTS = {
  'Maria da Silva': 'Maria da Silva',
  ' João  Souza ': 'João Souza',
  'Ana Lima': 'Ana Lima',
  'Pedro Alves': 'Pedro Alves',
} as const;
export type NameText = keyof typeof NAME_TEXTS;

/** Raw `onu.splitter.nome` -> R1.5 CTO name (trimmed). CTO-Z has no OZmap box. */
export const CTO_TEXTS = {
  'CTO-A': 'CTO-A',
  'CTO-B': 'CTO-B',
  ' CTO-B ': 'CTO-B',
  'CTO-C': 'CTO-C',
  'CTO-D': 'CTO-D',
  'CTO-Z': 'CTO-Z',
} as const;
export type CtoText = keyof typeof CTO_TEXTS;

/** Latitude/longitude pairs; the blank one is "no coordinates" (R1.5). */
export const PLACES = [
  { lat: '-3.7301', lng: '-38.5201' },
  { lat: '-3.7402', lng: '-38.5302' },
  { lat: '', lng: '' },
] as const;
export type Place = (typeof PLACES)[number];

/** Streets; a blank street on the service address falls back to the client's address (R1.5). */
export const STREETS = ['Rua das Flores', 'Avenida Brasil', 'Travessa do Sol'] as const;

/** The address line R1.5 builds from one of our addresses (numero, bairro... are fixed). */
export const addressLine = (street: string): string => `${street}, 10 - Centro, Fortaleza - CE, 60000-000`;

/** One SGP contract as the simulator holds it: the raw values the test controls. */
export interface SgpContract {
  readonly code: string;
  nome: NameText;
  status: StatusText;
  /** The ONU's splitter; null = no FTTH service (R1.4): no CTO, port, RX or connection. */
  splitter: { readonly nome: CtoText; readonly porta: number | null } | null;
  rx: RxText;
  online: boolean | null;
  service: { lat: string; lng: string; logradouro: string };
  /** The client's own address, fixed at creation (the fallback of R1.5). */
  readonly client: { readonly lat: string; readonly lng: string; readonly logradouro: string };
}

export interface SplitterSpec {
  readonly id: string;
  readonly name: string;
  readonly ports: number;
  readonly blocked: readonly number[];
}

export interface BoxSpec {
  readonly id: string;
  readonly name: string;
  /** [lng, lat], as OZmap stores it. */
  readonly coords: readonly [number, number];
  readonly splitters: readonly SplitterSpec[];
}

/** A client already in OZmap before the first cycle, with drift from SGP. */
export interface PreexistingClient {
  readonly code: string;
  readonly name: string;
  readonly implanted: boolean;
  readonly status: 0 | 1;
  readonly potencyRead: number | null;
  readonly observation: string;
}

export interface World {
  readonly boxes: readonly BoxSpec[];
  readonly contracts: readonly SgpContract[];
  readonly preexisting: readonly PreexistingClient[];
  /** A client SGP does not know (code 999): never touched. */
  readonly foreign: boolean;
}

/** Codes the runs use: the initial contracts take the first ones, new contracts the rest. */
export const CODES = ['101', '102', '103', '104', '105', '106', '107', '108', '109', '110'] as const;

const BOX_NAMES = ['CTO-A', 'CTO-B', 'CTO-C', 'CTO-D'] as const;

/** `arbitrary`'s value `some` times in `some + none`, else null. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, some: number, none: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: none, arbitrary: fc.constant(null) }, { weight: some, arbitrary });

/**
 * Splitter layouts: none (R2.4); one 1x4 drop, maybe with a blocked port; or two drops listed
 * against name order, a 1x2 "SPL-1" and a 1x8 "SPL-2" (R2.5 takes the first BY NAME that has
 * the port: port 3 goes to SPL-2, port 1 to SPL-1).
 */
const splittersArb = (boxId: string): fc.Arbitrary<readonly SplitterSpec[]> =>
  fc.oneof(
    fc.constant<readonly SplitterSpec[]>([]),
    sometimes(fc.integer({ min: 1, max: 4 }), 1, 2).map((blocked) => [
      { id: `${boxId}-s1`, name: 'SPL-1', ports: 4, blocked: blocked === null ? [] : [blocked] },
    ]),
    fc.constant<readonly SplitterSpec[]>([
      { id: `${boxId}-s2`, name: 'SPL-2', ports: 8, blocked: [] },
      { id: `${boxId}-s1`, name: 'SPL-1', ports: 2, blocked: [] },
    ]),
  );

export const placeArb = fc.constantFrom(...PLACES);
export const statusArb = fc.constantFrom(...(Object.keys(STATUS_TEXTS) as StatusText[]));
export const rxArb = fc.constantFrom(...(Object.keys(RX_TEXTS) as RxText[]));
export const nameArb = fc.constantFrom(...(Object.keys(NAME_TEXTS) as NameText[]));
export const ctoArb = fc.constantFrom(...(Object.keys(CTO_TEXTS) as CtoText[]));
/** Ports 1-4 mostly; 3 and 4 exist only on some layouts (R2.5 `port-not-in-box`). */
export const portArb = fc.option(fc.integer({ min: 1, max: 4 }), { freq: 6 });
export const splitterArb = fc.option(fc.record({ nome: ctoArb, porta: portArb }), { freq: 6 });
export const onlineArb = fc.constantFrom(true, false, null);

export const contractArb = (code: string): fc.Arbitrary<SgpContract> =>
  fc
    .record({
      nome: nameArb,
      // Mostly statuses that create a client, so that there is something to update and cancel;
      // cancelled ones find a preexisting client to cancel at the first cancel cycle.
      status: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom<StatusText>('Ativo', ' ATIVO ', 'Inativo', 'Novo') },
        { weight: 1, arbitrary: fc.constantFrom<StatusText>('Cancelado', 'Inviabilidade Técnica') },
        { weight: 1, arbitrary: statusArb },
      ),
      splitter: splitterArb,
      rx: rxArb,
      online: onlineArb,
      place: fc.constantFrom(PLACES[0], PLACES[1], PLACES[0], PLACES[2]),
      street: fc.constantFrom(...STREETS),
    })
    .map(({ place, street, ...rest }) => ({
      code,
      ...rest,
      service: { lat: place.lat, lng: place.lng, logradouro: street },
      client: { lat: place.lat, lng: place.lng, logradouro: street },
    }));

const preexistingArb = (code: string): fc.Arbitrary<PreexistingClient> =>
  fc.record({
    code: fc.constant(code),
    name: fc.constantFrom('Maria da Silva', 'Nome Antigo'),
    implanted: fc.boolean(),
    status: fc.constantFrom<0 | 1>(0, 1),
    potencyRead: fc.constantFrom(null, -28, -21.5),
    observation: fc.constantFrom('', 'Portão azul'),
  });

export const worldArb: fc.Arbitrary<World> = fc
  .record({
    boxCount: fc.integer({ min: 2, max: 4 }),
    contractCount: fc.integer({ min: 3, max: 8 }),
    foreign: fc.boolean(),
  })
  .chain(({ boxCount, contractCount, foreign }) => {
    const boxIds = BOX_NAMES.slice(0, boxCount).map((_, i) => `box-${i + 1}`);
    const codes = CODES.slice(0, contractCount);
    return fc.record({
      boxes: fc.tuple(...boxIds.map((id) => splittersArb(id))).map((layouts) =>
        layouts.map((splitters, i) => ({
          id: boxIds[i] as string,
          name: BOX_NAMES[i] as string,
          coords: [-38.5 - i / 100, -3.7 - i / 100] as const,
          splitters,
        })),
      ),
      contracts: fc.tuple(...codes.map((code) => contractArb(code))),
      preexisting: fc
        .tuple(...codes.map((code) => sometimes(preexistingArb(code), 1, 2)))
        .map((list) => list.filter((p) => p !== null)),
      foreign: fc.constant(foreign),
    });
  });

/** R1.4/R1.5 as the simulator serves it: one client record with one contract and one service. */
export function sgpRecord(contract: SgpContract): Record<string, unknown> {
  const address = (a: { lat: string; lng: string; logradouro: string }) => ({
    logradouro: a.logradouro,
    numero: '10',
    complemento: '',
    bairro: 'Centro',
    cidade: 'Fortaleza',
    uf: 'CE',
    cep: '60000-000',
    latitude: a.lat,
    longitude: a.lng,
  });
  const { splitter } = contract;
  const ctoId = splitter === null ? null : Object.keys(CTO_TEXTS).indexOf(splitter.nome) + 1;
  return {
    nome: contract.nome,
    cpfcnpj: '00000000000',
    endereco: address(contract.client),
    contratos: [
      {
        contrato: Number(contract.code),
        status: contract.status,
        motivo_status: '',
        servicos: [
          {
            id: 1,
            tipo: 'internet',
            login: `c${contract.code}`,
            onu: {
              id: Number(contract.code),
              splitter: splitter === null ? null : { id: ctoId, nome: splitter.nome, porta: splitter.porta },
              rx: contract.rx,
              ...(contract.online === null
                ? {}
                : { conexao: { status: contract.online ? 'online' : 'offline', ip: '10.0.0.1' } }),
            },
            endereco: address(contract.service),
          },
        ],
      },
    ],
  };
}

/**
 * The OZmap fixture: the boxes and splitters, and the preexisting clients, each on a property of
 * its SGP CTO's box (the first box when there is none), connected to its SGP port when that port
 * exists and is free, unconnected otherwise.
 */
export function ozmapFixtureOf(world: World): Record<string, unknown[]> {
  const splitters = world.boxes.flatMap((box) =>
    box.splitters.map((s) => ({
      spec: s,
      record: {
        id: s.id,
        name: s.name,
        parent: box.id,
        project: 'p1',
        isDrop: true,
        ratio: { input: 1, output: s.ports },
        connectables: { input: [], output: Array.from({ length: s.ports }, (): string | null => null) },
        ports: Array.from({ length: s.ports }, (_, i) => ({ blocked: s.blocked.includes(i + 1), observation: '' })),
      },
    })),
  );
  const properties: unknown[] = [];
  const clients: unknown[] = [];
  for (const pre of world.preexisting) {
    const contract = world.contracts.find((c) => c.code === pre.code);
    const cto = contract?.splitter ? CTO_TEXTS[contract.splitter.nome] : null;
    const box = world.boxes.find((b) => b.name === cto) ?? (world.boxes[0] as BoxSpec);
    const port = contract?.splitter?.porta ?? null;
    const candidate = [...box.splitters]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .find((s) => port !== null && s.ports >= port);
    const target = candidate && port !== null ? splitters.find((s) => s.spec.id === candidate.id) : undefined;
    const connections: unknown[] = [];
    if (
      target &&
      port !== null &&
      !target.spec.blocked.includes(port) &&
      target.record.connectables.output[port - 1] === null
    ) {
      const fiber = `fiber-${pre.code}`;
      target.record.connectables.output[port - 1] = fiber;
      connections.push({ id: target.spec.id, port, fiber });
    }
    clients.push({
      id: `cli-${pre.code}`,
      code: pre.code,
      name: pre.name,
      observation: '',
      implanted: pre.implanted,
      status: pre.status,
    });
    properties.push({
      id: `prop-${pre.code}`,
      box: box.id,
      client: `cli-${pre.code}`,
      project: 'p1',
      address: 'Rua Velha, 1',
      coords: [...box.coords],
      observation: pre.observation,
      potencyRead: pre.potencyRead,
      connections,
    });
  }
  if (world.foreign) {
    clients.push({
      id: 'cli-999',
      code: '999',
      name: 'Cliente de outra integração',
      observation: '',
      implanted: true,
      status: 0,
    });
    properties.push({
      id: 'prop-999',
      box: world.boxes[0]?.id,
      client: 'cli-999',
      project: 'p1',
      address: 'Rua Longe, 5',
      coords: [-38.4, -3.6],
      observation: '',
      potencyRead: -20,
      connections: [],
    });
  }
  return {
    boxes: world.boxes.map((b) => ({
      id: b.id,
      name: b.name,
      project: 'p1',
      implanted: true,
      coords: [...b.coords],
      observation: '',
    })),
    splitters: splitters.map((s) => s.record),
    properties,
    ftthClients: clients,
  };
}
