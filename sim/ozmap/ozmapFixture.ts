/**
 * The OZmap simulator's data, in OZmap's API shape (OZMAP-API.md "Objects and fields") with `id`
 * and references as id strings. The same format seeds the simulator and comes back from
 * `GET /__sim/state`. Unknown fields are kept (loose objects): a test can plant `kind`, `tags`
 * or anything else a real tenant sends, and the simulator returns it untouched.
 */
import { z } from 'zod';

/** `[lng, lat]`, longitude first, as OZmap stores it. */
const coordsSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).describe('[lng, lat]');

const timestamps = {
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
};

export const ozBoxRecordSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  project: z.string().nullable().default(null),
  implanted: z.boolean().default(false),
  coords: coordsSchema.nullable().default(null),
  observation: z.string().default(''),
  ...timestamps,
});

const splitterPortSchema = z.looseObject({
  blocked: z.boolean().default(false),
  observation: z.string().default(''),
});

export const ozSplitterRecordSchema = z
  .looseObject({
    id: z.string().min(1),
    name: z.string(),
    parent: z.string().min(1),
    project: z.string().nullable().default(null),
    isDrop: z.boolean().default(false),
    ratio: z.object({ input: z.number().int().min(1), output: z.number().int().min(1) }),
    connectables: z
      .object({
        input: z.array(z.string().nullable()).default([]),
        output: z.array(z.string().nullable()).optional(),
      })
      .optional(),
    ports: z.array(splitterPortSchema).optional(),
    ...timestamps,
  })
  // A fixture may give only the ratio: every output port then starts free and unblocked.
  .transform((splitter) => {
    const outputs = splitter.ratio.output;
    const output = splitter.connectables?.output ?? Array.from({ length: outputs }, () => null);
    const ports = splitter.ports ?? Array.from({ length: output.length }, () => ({ blocked: false, observation: '' }));
    return { ...splitter, connectables: { input: splitter.connectables?.input ?? [], output }, ports };
  });

const connectionSchema = z.looseObject({
  id: z.string().min(1),
  port: z.number().int().min(1),
  fiber: z.string().nullable(),
});

const historyEntrySchema = z.looseObject({
  code: z.string(),
  enter_date: z.string().nullable().optional(),
  exit_date: z.string().nullable().optional(),
});

export const ozPropertyRecordSchema = z.looseObject({
  id: z.string().min(1),
  box: z.string().nullable().default(null),
  client: z.string().nullable().default(null),
  project: z.string().nullable().optional(),
  address: z.string().default(''),
  coords: coordsSchema.nullable().default(null),
  observation: z.string().default(''),
  potencyRead: z.number().nullable().default(null),
  connections: z.array(connectionSchema).default([]),
  history: z.looseObject({ clients: z.array(historyEntrySchema).default([]) }).default({ clients: [] }),
  ...timestamps,
});

const onuSchema = z.looseObject({
  serial_number: z.string().default(''),
  mac_address: z.string().default(''),
  user_PPPoE: z.string().default(''),
});

export const ozFtthClientRecordSchema = z.looseObject({
  id: z.string().min(1),
  code: z.string().min(1),
  name: z.string().default(''),
  observation: z.string().default(''),
  implanted: z.boolean().default(false),
  // Numbers today; very old tenants answered "OK"/"ERROR" (OZMAP-API.md), so a fixture may too.
  status: z.union([z.literal(0), z.literal(1), z.literal('OK'), z.literal('ERROR')]).default(0),
  onu: onuSchema.default({ serial_number: '', mac_address: '', user_PPPoE: '' }),
  ...timestamps,
});

/**
 * Values outside the documented forms, merged verbatim into a record after it is loaded, as a
 * person editing OZmap by hand might leave them (a status "BROKEN", a potência lida in text):
 * the simulator serves them as they are. The same as `PATCH /__sim/objects`, in the fixture.
 */
export const ozHandEditSchema = z.object({
  collection: z.enum(['boxes', 'splitters', 'properties', 'ftthClients']),
  id: z.string().min(1),
  fields: z.record(z.string(), z.unknown()),
});

export const ozmapFixtureSchema = z.object({
  boxes: z.array(ozBoxRecordSchema).default([]),
  splitters: z.array(ozSplitterRecordSchema).default([]),
  properties: z.array(ozPropertyRecordSchema).default([]),
  ftthClients: z.array(ozFtthClientRecordSchema).default([]),
  handEdits: z.array(ozHandEditSchema).optional(),
});

/** What a test writes (defaults optional). */
export type OzmapFixture = z.input<typeof ozmapFixtureSchema>;
/** What the simulator holds and `/__sim/state` answers (defaults filled). */
export type OzmapState = z.output<typeof ozmapFixtureSchema>;

export const ozmapCollections = ['boxes', 'splitters', 'properties', 'ftthClients'] as const;
export type OzmapCollection = (typeof ozmapCollections)[number];

/** One schema per collection, for `/__sim/objects` and the simple `POST` routes. */
export const ozmapRecordSchemas = {
  boxes: ozBoxRecordSchema,
  splitters: ozSplitterRecordSchema,
  properties: ozPropertyRecordSchema,
  ftthClients: ozFtthClientRecordSchema,
} as const;
