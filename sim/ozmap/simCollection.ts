/**
 * A collection of the OZmap simulator: an insertion-ordered map of records that also keeps what
 * a tenant's MongoDB keeps in indexes, so that a collection of 100,000 records answers a page or
 * a lookup by code without sorting or scanning everything (the benchmarks read and write at that
 * size, and must measure the service, not the simulator).
 *
 * - `version` counts the records put in or taken out: a list sorted by id (ids never change once
 *   stored) stays valid while it holds.
 * - `lookup(name, key)` answers from an index kept up to date on `set`/`delete`, and on
 *   `reindex(record)`, which every write that changes a stored record in place calls. Its
 *   answer is a superset: callers check each candidate with the real condition, and records an
 *   index cannot key (a malformed hand edit) are always candidates.
 */

/** The keys a record is found under, or null when it cannot be keyed (always a candidate). */
export type IndexKeys<V> = (record: V) => readonly string[] | null;

interface Index<V> {
  readonly keysOf: IndexKeys<V>;
  readonly byKey: Map<string, Set<V>>;
  readonly unkeyed: Set<V>;
  /** The keys each record was filed under, to unfile it when it changes or leaves. */
  readonly filed: WeakMap<object, readonly string[] | null>;
}

export class SimCollection<V extends object> extends Map<string, V> {
  version = 0;
  readonly #indexes = new Map<string, Index<V>>();

  override set(key: string, value: V): this {
    this.version += 1;
    const previous = super.get(key);
    if (previous !== undefined) this.#unfile(previous);
    super.set(key, value);
    this.#file(value);
    return this;
  }

  override delete(key: string): boolean {
    this.version += 1;
    const previous = super.get(key);
    if (previous !== undefined) this.#unfile(previous);
    return super.delete(key);
  }

  override clear(): void {
    this.version += 1;
    for (const index of this.#indexes.values()) {
      index.byKey.clear();
      index.unkeyed.clear();
    }
    super.clear();
  }

  /** Files a stored record again after a change made in place. */
  reindex(record: V): void {
    if (this.#indexes.size === 0) return;
    this.#unfile(record);
    this.#file(record);
  }

  /**
   * The records that may be filed under `key` in the index `name` (built on first use from
   * `keysOf`). A superset of the matches, in no particular order: check each one.
   */
  lookup(name: string, keysOf: IndexKeys<V>, key: string): V[] {
    let index = this.#indexes.get(name);
    if (index === undefined) {
      index = { keysOf, byKey: new Map(), unkeyed: new Set(), filed: new WeakMap() };
      this.#indexes.set(name, index);
      for (const record of super.values()) fileIn(index, record);
    }
    return [...(index.byKey.get(key) ?? []), ...index.unkeyed];
  }

  #file(record: V): void {
    for (const index of this.#indexes.values()) fileIn(index, record);
  }

  #unfile(record: V): void {
    for (const index of this.#indexes.values()) {
      if (!index.filed.has(record)) continue;
      const keys = index.filed.get(record) ?? null;
      if (keys === null) index.unkeyed.delete(record);
      else for (const key of keys) index.byKey.get(key)?.delete(record);
      index.filed.delete(record);
    }
  }
}

function fileIn<V extends object>(index: Index<V>, record: V): void {
  let keys: readonly string[] | null;
  try {
    keys = index.keysOf(record);
  } catch {
    keys = null;
  }
  index.filed.set(record, keys);
  if (keys === null) {
    index.unkeyed.add(record);
    return;
  }
  for (const key of keys) {
    let set = index.byKey.get(key);
    if (set === undefined) index.byKey.set(key, (set = new Set()));
    set.add(record);
  }
}
