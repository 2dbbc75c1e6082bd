import type { OzmapFixture } from '../ozmap/ozmapFixture.ts';
import type { SgpFixture } from '../sgp/sgpFixture.ts';
import { createRandom, deriveSeed } from '../shared/random.ts';
import { buildOzmapBoxes, createIdSource, type BoxDraft } from './buildOzmapBoxes.ts';
import { addExistingClient, type ClientWorld } from './buildOzmapClients.ts';
import { buildSgpRecords } from './buildSgpRecords.ts';
import { addSgpMess, type SgpMessEntry } from './addSgpMess.ts';
import { occupyCandidatePorts, occupyRandomPorts } from './occupyPorts.ts';
import { planContracts, type ContractPlan } from './planContracts.ts';
import { planNetwork } from './planNetwork.ts';
import { messOzmap } from './messOzmap.ts';

export interface GenerateOptions {
  readonly contracts: number;
  readonly seed: number;
  /**
   * OZmap records per thousand, in each collection, given a value outside the documented forms
   * (`handEdits`, served verbatim). Default 0: a clean world; `sim generate` and the demo ask for 3.
   */
  readonly ozmapMessPerThousand?: number;
  /**
   * Fraction of SGP client records made messy (duplicated codes, absurd values: addSgpMess.ts);
   * 0 or absent, a clean base. `REALISTIC_SGP_MESS` is what real bases hold.
   */
  readonly sgpMess?: number;
}

export interface GeneratedFixtures {
  readonly sgp: SgpFixture;
  readonly ozmap: OzmapFixture;
  /** The contracts the SGP mess touched, and how (empty on a clean base). */
  readonly sgpMess: readonly SgpMessEntry[];
}

/** Stage numbers for `deriveSeed`: each stage draws from its own stream, so editing one does not reshuffle the others. */
const stage = { network: 1, contracts: 2, sgp: 3, ids: 4, boxes: 5, clients: 6, sgpMess: 7, ozmapMess: 11 } as const;

function emitBoxes(boxes: readonly BoxDraft[]): Pick<OzmapFixture, 'boxes' | 'splitters'> {
  return {
    boxes: boxes.map((b) => ({
      id: b.id,
      name: b.name,
      project: b.project,
      implanted: true,
      coords: b.coords,
      observation: '',
    })),
    splitters: boxes.flatMap((b) =>
      b.splitters.map((s) => ({
        id: s.id,
        name: s.name,
        parent: s.parent,
        project: s.project,
        isDrop: s.isDrop,
        ratio: { input: 1, output: s.output.length },
        connectables: { input: [s.input], output: [...s.output] },
        ports: s.blocked.map((blocked) => ({ blocked, observation: blocked ? 'Porta danificada' : '' })),
      })),
    ),
  };
}

/**
 * A realistic, reproducible pair of fixtures: an SGP customer base and the OZmap documentation of
 * the same network, with every case the rules (RULES.md) tell apart: CTOs missing in OZmap or
 * named slightly differently, duplicated box names, boxes without splitters, taken and blocked
 * ports, existing clients drifted by hand, every status text, missing coordinates and readings.
 * The same options always give byte-identical JSON.
 */
export function generateFixtures(options: GenerateOptions): GeneratedFixtures {
  if (!Number.isInteger(options.contracts) || options.contracts < 1) {
    throw new RangeError(`generateFixtures: contracts must be a positive integer, got ${options.contracts}`);
  }
  const seedOf = (n: number) => createRandom(deriveSeed(options.seed, n));
  const ctos = planNetwork(seedOf(stage.network), options.contracts);
  const clients = planContracts(seedOf(stage.contracts), ctos, options.contracts);
  const messy = addSgpMess(seedOf(stage.sgpMess), buildSgpRecords(seedOf(stage.sgp), clients), options.sgpMess ?? 0);
  const sgp: SgpFixture = { clientes: messy.clientes };

  const nextId = createIdSource(seedOf(stage.ids));
  const { boxes, boxOfCto } = buildOzmapBoxes(seedOf(stage.boxes), nextId, ctos);
  const lastCode = clients.at(-1)?.contracts.at(-1)?.code ?? 0;
  const world: ClientWorld = {
    random: seedOf(stage.clients),
    nextId,
    boxOfCto,
    properties: [],
    ftthClients: [],
    counters: { legacyCode: Math.max(900000, lastCode + 100000) },
  };
  const notInOzmap: ContractPlan[] = [];
  for (const client of clients) {
    for (const contract of client.contracts) {
      if (!addExistingClient(world, client, contract)) notInOzmap.push(contract);
    }
  }
  occupyCandidatePorts(world, notInOzmap);
  occupyRandomPorts(world, boxes);
  const ozmap = { ...emitBoxes(boxes), properties: world.properties, ftthClients: world.ftthClients };
  const handEdits = messOzmap(seedOf(stage.ozmapMess), ozmap, options.ozmapMessPerThousand ?? 0);
  return { sgp, ozmap: handEdits.length > 0 ? { ...ozmap, handEdits } : ozmap, sgpMess: messy.mess };
}
