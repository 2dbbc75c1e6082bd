import type { Random } from '../shared/random.ts';
import { city } from './brazilianData.ts';
import type { CtoPlan } from './planNetwork.ts';

/** Mutable while the generator fills ports; emitted as OZmap API objects at the end. */
export interface SplitterDraft {
  readonly id: string;
  readonly name: string;
  readonly parent: string;
  readonly project: string;
  readonly isDrop: boolean;
  readonly output: (string | null)[];
  readonly blocked: boolean[];
  readonly input: string;
}

export interface BoxDraft {
  readonly id: string;
  readonly name: string;
  readonly project: string;
  readonly coords: [number, number];
  readonly splitters: SplitterDraft[];
}

/** Ids shaped like MongoDB ObjectIds: random-looking, unique by construction (a counter). */
export function createIdSource(random: Random) {
  const prefix = `6${random.hex(7)}`;
  let counter = 0;
  return (): string => {
    counter += 1;
    return `${prefix}${random.hex(6)}${counter.toString(16).padStart(10, '0')}`;
  };
}
export type IdSource = ReturnType<typeof createIdSource>;

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

function splitter(
  nextId: IdSource,
  box: { id: string; project: string },
  name: string,
  isDrop: boolean,
  outputs: number,
): SplitterDraft {
  return {
    id: nextId(),
    name,
    parent: box.id,
    project: box.project,
    isDrop,
    output: Array.from({ length: outputs }, () => null),
    blocked: Array.from({ length: outputs }, () => false),
    input: nextId(),
  };
}

function splittersFor(nextId: IdSource, cto: CtoPlan, box: { id: string; project: string }): SplitterDraft[] {
  const ratio = cto.ports === 16 ? '1x16' : '1x8';
  switch (cto.layout) {
    case 'drop':
      return [splitter(nextId, box, `SPL-01 ${ratio}`, true, cto.ports)];
    case 'dropBehind1x2': {
      const upstream = splitter(nextId, box, 'SPL-00 1x2', false, 2);
      // The 1x2 feeds the drop splitter and passes the signal on: both outputs carry fibers.
      upstream.output[0] = nextId();
      upstream.output[1] = nextId();
      return [upstream, splitter(nextId, box, `SPL-01 ${ratio}`, true, cto.ports)];
    }
    case 'undersized':
      return [splitter(nextId, box, 'SPL-01 1x8', true, 8)];
    case 'unmarked':
      return [splitter(nextId, box, `Splitter 1:${cto.ports}`, false, cto.ports)];
    case 'empty':
      return [];
  }
}

/**
 * The OZmap boxes of the SGP CTOs: none for a missing one, two of the same name in two projects
 * for a duplicated one, a slightly different name for a drifted one. Returns the boxes and, per
 * SGP CTO id, the box its existing clients hang from.
 */
export function buildOzmapBoxes(random: Random, nextId: IdSource, ctos: readonly CtoPlan[]) {
  const projects = [nextId(), nextId()] as const;
  const boxes: BoxDraft[] = [];
  const boxOfCto = new Map<number, BoxDraft>();
  const makeBox = (cto: CtoPlan, project: string): BoxDraft => {
    const id = nextId();
    const coords: [number, number] = [
      round6(city.lng + cto.lng + (random.next() - 0.5) * 0.0004),
      round6(city.lat + cto.lat + (random.next() - 0.5) * 0.0004),
    ];
    const box: BoxDraft = { id, name: cto.boxName, project, coords, splitters: [] };
    box.splitters.push(...splittersFor(nextId, cto, box));
    boxes.push(box);
    return box;
  };
  for (const cto of ctos) {
    if (cto.presence === 'missing') continue;
    const first = makeBox(cto, random.chance(0.8) ? projects[0] : projects[1]);
    boxOfCto.set(cto.sgpId, first);
    if (cto.presence === 'duplicated') makeBox(cto, first.project === projects[0] ? projects[1] : projects[0]);
  }
  // Splice boxes and planned CTOs that SGP does not know: OZmap documents more than SGP sells.
  const extras = Math.max(1, Math.round(ctos.length * 0.03));
  for (let i = 1; i <= extras; i += 1) {
    const anchor = random.pick(ctos);
    boxes.push({
      id: nextId(),
      name: `CEO-${String(i).padStart(3, '0')}`,
      project: projects[0],
      coords: [round6(city.lng + anchor.lng + 0.001), round6(city.lat + anchor.lat + 0.001)],
      splitters: [],
    });
  }
  return { boxes, boxOfCto, projects };
}

/** The splitters R2.5 looks at: the drop ones (all if none is marked), by name in code-point order. */
export function dropSplitters(box: BoxDraft): SplitterDraft[] {
  const drops = box.splitters.filter((s) => s.isDrop);
  return [...(drops.length > 0 ? drops : box.splitters)].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}
