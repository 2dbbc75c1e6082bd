/**
 * Turns a stored record into a response in the configured shape. Tenants differ (OZMAP-API.md
 * "Ids and response shapes"): OZmap's examples show `_id`, the SDK's types `id`; references may
 * come back as ids or as embedded (populated) objects. The client must read them all, so the
 * simulator can answer in each.
 */
import type { OzmapCollection } from './ozmapFixture.ts';
import type { OzmapSimState, SimRecord } from './ozmapState.ts';

export type IdShape = 'id' | '_id' | 'both';
export type RefShape = 'id' | 'embedded';

/** The references the simulator can embed, and the collection each points into. */
const references: Readonly<Partial<Record<OzmapCollection, Readonly<Record<string, OzmapCollection>>>>> = {
  properties: { box: 'boxes', client: 'ftthClients' },
  splitters: { parent: 'boxes' },
};

export interface OzmapShaper {
  /** `embed` overrides the configured reference shape for the named fields. */
  shape(collection: OzmapCollection, record: SimRecord, embed?: readonly string[]): Record<string, unknown>;
}

export function createOzmapShaper(options: {
  state: OzmapSimState;
  idShape: IdShape;
  refShape: RefShape;
}): OzmapShaper {
  const { state, idShape, refShape } = options;

  function withIdShape(record: SimRecord): Record<string, unknown> {
    const { id, ...rest } = record;
    if (idShape === 'id') return { id, ...rest };
    if (idShape === '_id') return { _id: id, ...rest };
    return { _id: id, id, ...rest };
  }

  function shape(
    collection: OzmapCollection,
    record: SimRecord,
    embed: readonly string[] = [],
  ): Record<string, unknown> {
    const shaped = withIdShape(record);
    for (const [field, target] of Object.entries(references[collection] ?? {})) {
      const ref = record[field];
      if (typeof ref !== 'string' || !(field in record)) continue;
      if (refShape !== 'embedded' && !embed.includes(field)) continue;
      // A reference to an object that is gone populates to null, as MongoDB's populate does.
      const target_ = state.collections[target].get(ref);
      shaped[field] = target_ === undefined ? null : withIdShape(target_);
    }
    return shaped;
  }

  return { shape };
}
