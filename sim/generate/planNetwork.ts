import type { Random } from '../shared/random.ts';
import { bairros, olts } from './brazilianData.ts';
import { driftedName, uniqueCtoName, type NameDrift } from './ctoNames.ts';

export type Bairro = (typeof bairros)[number];

/** How the SGP CTO shows up in OZmap: the cases R2.3 must tell apart. */
export type BoxPresence = 'exact' | 'missing' | 'drifted' | 'duplicated';

/**
 * What the OZmap box holds: one drop splitter with as many outputs as the CTO has ports; the
 * same behind a non-drop 1x2; nothing (R2.4); a 1x8 drop in a 16-port CTO (ports 9-16 are
 * `port-not-in-box`); or splitters none of which is marked as drop (R2.5 then uses them all).
 */
export type BoxLayout = 'drop' | 'dropBehind1x2' | 'empty' | 'undersized' | 'unmarked';

export interface CtoPlan {
  readonly sgpId: number;
  readonly name: string;
  readonly ports: 8 | 16;
  readonly lat: number;
  readonly lng: number;
  readonly bairro: Bairro;
  readonly olt: (typeof olts)[number];
  readonly pon: number;
  readonly presence: BoxPresence;
  /** The OZmap box name (differs from `name` only when drifted). */
  readonly boxName: string;
  readonly drift: NameDrift | undefined;
  readonly layout: BoxLayout;
}

const layoutWeights: Readonly<Record<BoxLayout, number>> = {
  drop: 78,
  dropBehind1x2: 10,
  empty: 5,
  undersized: 3,
  unmarked: 4,
};
const presenceWeights: Readonly<Record<BoxPresence, number>> = { exact: 84, missing: 5, drifted: 8, duplicated: 3 };
const driftWeights: Readonly<Record<NameDrift, number>> = { case: 3, spacing: 2, accent: 2, typo: 2 };

function layoutFor(random: Random, ports: 8 | 16): BoxLayout {
  const layout = random.weighted(layoutWeights);
  return layout === 'undersized' && ports === 8 ? 'drop' : layout;
}

function planCto(random: Random, sgpId: number, usedNames: Set<string>): CtoPlan {
  const bairro = random.pick(bairros);
  const name = uniqueCtoName(random, bairro, sgpId, usedNames);
  const ports = random.chance(0.7) ? 8 : 16;
  const presence = random.weighted(presenceWeights);
  const drift = presence === 'drifted' ? random.weighted(driftWeights) : undefined;
  return {
    sgpId,
    name,
    ports,
    lat: bairro.dLat + (random.next() - 0.5) * 0.012,
    lng: bairro.dLng + (random.next() - 0.5) * 0.012,
    bairro,
    olt: random.pick(olts),
    pon: random.int(1, 16),
    presence,
    boxName: drift ? driftedName(random, name, drift) : name,
    drift,
    layout: layoutFor(random, ports),
  };
}

/**
 * Enough CTOs for `contracts` at roughly 60% occupancy, like a network that still sells. The
 * coordinates are offsets from the city centre; callers add the centre.
 */
export function planNetwork(random: Random, contracts: number): CtoPlan[] {
  const count = Math.max(6, Math.ceil(contracts / 6));
  const usedNames = new Set<string>();
  const ctos = Array.from({ length: count }, (_, i) => planCto(random, i + 1, usedNames));
  // Make sure every presence case exists even in a tiny network (the rules need each one).
  const forced: BoxPresence[] = ['missing', 'drifted', 'duplicated'];
  forced.forEach((presence, i) => {
    const index = ctos.length - 1 - i;
    const cto = ctos[index];
    if (!cto || ctos.some((c) => c.presence === presence)) return;
    const drift: NameDrift | undefined = presence === 'drifted' ? 'case' : undefined;
    ctos[index] = { ...cto, presence, drift, boxName: drift ? driftedName(random, cto.name, drift) : cto.name };
  });
  const layouts: BoxLayout[] = ['empty', 'dropBehind1x2', 'unmarked'];
  layouts.forEach((layout, index) => {
    const cto = ctos[index];
    if (cto && !ctos.some((c) => c.layout === layout)) ctos[index] = { ...cto, layout };
  });
  return ctos;
}

/** Hands out free ports of the CTOs at random; a full CTO leaves the pool. */
export function createPortAllocator(random: Random, ctos: readonly CtoPlan[]) {
  const pool = ctos.map((cto) => ({ cto, free: Array.from({ length: cto.ports }, (_, i) => i + 1) }));
  return (): { cto: CtoPlan; port: number } | undefined => {
    while (pool.length > 0) {
      const at = random.int(0, pool.length - 1);
      const entry = pool[at];
      if (!entry) return undefined;
      if (entry.free.length === 0) {
        pool[at] = pool[pool.length - 1] as (typeof pool)[number];
        pool.pop();
        continue;
      }
      const slot = random.int(0, entry.free.length - 1);
      const port = entry.free[slot] as number;
      entry.free[slot] = entry.free[entry.free.length - 1] as number;
      entry.free.pop();
      return { cto: entry.cto, port };
    }
    return undefined;
  };
}
