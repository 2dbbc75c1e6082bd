/**
 * The simulator's live data: one insertion-ordered map per collection, ids generated
 * deterministically from the seed, and `updatedAt` bumped on every accepted write.
 */
import { ozmapCollections, ozmapFixtureSchema } from './ozmapFixture.ts';
import type { OzmapCollection, OzmapFixture } from './ozmapFixture.ts';
import { SimCollection } from './simCollection.ts';

/**
 * A stored object. Kept loose on purpose: `PATCH /__sim/objects` merges whatever a test sends,
 * so that malformed records (a client without `code`) can be planted, as a hand edit might.
 */
export type SimRecord = Record<string, unknown> & { id: string };

export interface OzmapSimState {
  readonly collections: Readonly<Record<OzmapCollection, SimCollection<SimRecord>>>;
  /** A fresh 24-hex-digit id (the shape of a MongoDB ObjectId), never one already in use. */
  newId(): string;
  /** The timestamp for a write to `record`: never equal to or before its current `updatedAt`. */
  touch(record: SimRecord): void;
  /** Stores a new record, stamping `createdAt`/`updatedAt` when absent. */
  insert(collection: OzmapCollection, record: SimRecord): SimRecord;
  /** Deep copy of everything, in fixture format. */
  snapshot(): Record<OzmapCollection, SimRecord[]>;
}

export function createOzmapState(options: { fixture: OzmapFixture; clock: () => Date; seed: number }): OzmapSimState {
  const { clock } = options;
  const parsed = ozmapFixtureSchema.parse(options.fixture);
  const collections = {
    boxes: new SimCollection<SimRecord>(),
    splitters: new SimCollection<SimRecord>(),
    properties: new SimCollection<SimRecord>(),
    ftthClients: new SimCollection<SimRecord>(),
  };
  // Fiber ids are not a collection but must not collide with anything either.
  const usedIds = new Set<string>();
  const idPrefix = (options.seed >>> 0).toString(16).padStart(8, '0');
  let counter = 0;

  function newId(): string {
    for (;;) {
      counter += 1;
      const id = idPrefix + counter.toString(16).padStart(16, '0');
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  }

  function touch(record: SimRecord): void {
    // A real clock can return the same millisecond twice; a write must still be visible as a
    // newer `updatedAt`, because the engine detects hand edits by it.
    const now = clock().getTime();
    const previous = typeof record.updatedAt === 'string' ? Date.parse(record.updatedAt) : NaN;
    const next = Number.isFinite(previous) && previous >= now ? previous + 1 : now;
    record.updatedAt = new Date(next).toISOString();
  }

  function insert(collection: OzmapCollection, record: SimRecord): SimRecord {
    const now = clock().toISOString();
    const stored: SimRecord = { ...record };
    if (typeof stored.createdAt !== 'string') stored.createdAt = now;
    if (typeof stored.updatedAt !== 'string') stored.updatedAt = now;
    usedIds.add(stored.id);
    collections[collection].set(stored.id, stored);
    return stored;
  }

  function snapshot(): Record<OzmapCollection, SimRecord[]> {
    const copy = (collection: OzmapCollection): SimRecord[] =>
      [...collections[collection].values()].map((record) => structuredClone(record));
    return {
      boxes: copy('boxes'),
      splitters: copy('splitters'),
      properties: copy('properties'),
      ftthClients: copy('ftthClients'),
    };
  }

  for (const collection of ozmapCollections) {
    for (const record of parsed[collection]) {
      if (collections[collection].has(record.id)) {
        throw new Error(`OZmap fixture: ${collection} id "${record.id}" appears twice`);
      }
      insert(collection, record as SimRecord);
      for (const fiber of fibersOf(record as SimRecord)) usedIds.add(fiber);
    }
  }
  for (const edit of parsed.handEdits ?? []) {
    const record = collections[edit.collection].get(edit.id);
    if (record === undefined)
      throw new Error(`OZmap fixture: hand edit of ${edit.collection} "${edit.id}", which is not in the fixture`);
    for (const [key, value] of Object.entries(edit.fields)) if (key !== 'id' && !unsafeKey(key)) record[key] = value;
    collections[edit.collection].reindex(record);
  }
  return { collections, newId, touch, insert, snapshot };
}

/** Keys that would reach Object.prototype through a plain merge. */
const unsafeKey = (key: string): boolean => key === '__proto__' || key === 'constructor' || key === 'prototype';

function fibersOf(record: SimRecord): string[] {
  const connectables = record.connectables as { output?: unknown[] } | undefined;
  const output = Array.isArray(connectables?.output) ? connectables.output : [];
  return output.filter((fiber): fiber is string => typeof fiber === 'string');
}
