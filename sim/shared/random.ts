/**
 * Seeded randomness for the simulators and the fixture generator. Everything that looks random
 * in a simulator comes from here, never from `Math.random`, so that a failing run replays from
 * its seed.
 */

/** mulberry32: a tiny, fast 32-bit PRNG; plenty for test data, useless for secrets. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Random {
  /** A float in [0, 1). */
  readonly next: () => number;
  /** An integer in [min, max], both included. */
  readonly int: (min: number, max: number) => number;
  /** True with probability `p`. */
  readonly chance: (p: number) => boolean;
  readonly pick: <T>(items: readonly T[]) => T;
  /** Picks a key of `weights` with probability proportional to its weight. */
  readonly weighted: <K extends string>(weights: Readonly<Record<K, number>>) => K;
  /** `length` lowercase hex digits. */
  readonly hex: (length: number) => string;
}

interface WeightTable {
  readonly keys: readonly string[];
  readonly cumulative: readonly number[];
  readonly total: number;
}

// Tables are built once per weights object: hot loops pass module-level constants.
const weightTables = new WeakMap<object, WeightTable>();

function weightTable(weights: Readonly<Record<string, number>>): WeightTable {
  const cached = weightTables.get(weights);
  if (cached) return cached;
  const keys = Object.keys(weights);
  let total = 0;
  const cumulative = keys.map((key) => (total += weights[key] ?? 0));
  const table = { keys, cumulative, total };
  weightTables.set(weights, table);
  return table;
}

const hexBytes = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('pick: no items to pick from');
    return items[Math.floor(next() * items.length)] as T;
  };
  const weighted = <K extends string>(weights: Readonly<Record<K, number>>): K => {
    const { keys, cumulative, total } = weightTable(weights);
    const roll = next() * total;
    for (let i = 0; i < keys.length; i += 1) if (roll < (cumulative[i] as number)) return keys[i] as K;
    return keys[keys.length - 1] as K;
  };
  const hex = (length: number): string => {
    let out = '';
    while (out.length < length) {
      // 24 bits at a time through a byte table: Number#toString(16) is slow on large numbers.
      const bits = Math.floor(next() * 0x1000000);
      out += `${hexBytes[bits >> 16]}${hexBytes[(bits >> 8) & 0xff]}${hexBytes[bits & 0xff]}`;
    }
    return out.length === length ? out : out.slice(0, length);
  };
  return { next, int, chance: (p) => next() < p, pick, weighted, hex };
}

/** Derives an independent seed for a sub-stream (a rule, a generator stage) from a base seed. */
export function deriveSeed(seed: number, stream: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
}
