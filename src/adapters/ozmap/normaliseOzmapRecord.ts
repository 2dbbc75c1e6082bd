/**
 * Turns one OZmap record, in whatever shape the tenant answers (`id` or `_id`, references as id
 * strings or embedded objects, docs/OZMAP-API.md "Ids and response shapes"), into the domain type, or
 * into an `OzmapRecordError` naming the field. Each record is checked on its own (docs/RULES.md R8).
 */
import { z } from 'zod';
import type { OzBox, OzClient, OzProperty, OzSplitter } from '../../domain/ozmap/ozmapObjects.ts';
import type { UnreadableOzmapRecord } from '../../domain/ozmap/unreadableRecord.ts';
import { ozmapAssumptions } from './ozmapAssumptions.ts';
import { ozmapRecordError } from './ozmapRecordError.ts';
import type { OzmapKind, OzmapRecordError } from './ozmapRecordError.ts';

export interface OzmapObjects {
  readonly boxes: OzBox;
  readonly splitters: OzSplitter;
  readonly properties: OzProperty;
  readonly ftthClients: OzClient;
}

const id = z.string().min(1, 'is empty');

/** A reference: an id string, an embedded object with `id` or `_id`, or nothing. */
const reference = z
  .union([id, z.looseObject({ id }), z.looseObject({ _id: id })], { error: 'is not an id nor an object with an id' })
  .nullish()
  .transform((ref): string | null => {
    if (ref === null || ref === undefined) return null;
    if (typeof ref === 'string') return ref;
    return typeof ref.id === 'string' ? ref.id : (ref._id as string);
  });

/** OZmap's `[lng, lat]`, longitude first, to named fields so that a swap cannot happen. */
const coords = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)], { error: 'is not [lng, lat] in range' })
  .nullish()
  .transform((pair) => (pair ? { lng: pair[0], lat: pair[1] } : null));

const text = z
  .string()
  .nullish()
  .transform((value) => value ?? '');

const box = z.object({ id, name: z.string(), project: reference, coords }).transform((raw): OzBox => raw);

const splitter = z
  .object({
    id,
    name: text,
    parent: reference.refine((parent) => parent !== null, 'is missing'),
    isDrop: z.boolean().nullish(),
    ratio: z.looseObject({ output: z.number().int().min(0) }).nullish(),
    connectables: z.looseObject({ output: z.array(reference).nullish() }).nullish(),
    ports: z.array(z.looseObject({ blocked: z.boolean().nullish() }).nullable()).nullish(),
  })
  .transform((raw): OzSplitter => {
    // Without connectables, the ratio says how many (free) output ports there are.
    const fibers = raw.connectables?.output ?? Array.from({ length: raw.ratio?.output ?? 0 }, () => null);
    return {
      id: raw.id,
      name: raw.name,
      boxId: raw.parent as string,
      isDrop: raw.isDrop ?? false,
      outputs: fibers.map((fiber, index) => ({ fiber, blocked: raw.ports?.[index]?.blocked ?? false })),
    };
  });

const connection = z
  .looseObject({ id: reference, port: z.number().int().min(ozmapAssumptions.firstPortNumber), fiber: reference })
  .transform((raw) => ({ splitterId: raw.id, port: raw.port, fiber: raw.fiber }))
  .refine((value) => value.splitterId !== null, { message: 'has no splitter id', path: ['id'] });

const property = z
  .object({
    id,
    box: reference,
    client: reference,
    address: text,
    coords,
    observation: text,
    potencyRead: z
      .number()
      .nullish()
      .transform((value) => value ?? null),
    connections: z
      .array(connection)
      .nullish()
      .transform((value) => value ?? []),
  })
  .transform((raw): OzProperty => ({
    id: raw.id,
    boxId: raw.box,
    clientId: raw.client,
    address: raw.address,
    coords: raw.coords,
    observation: raw.observation,
    potencyRead: raw.potencyRead,
    connections: raw.connections.map((item) => ({ ...item, splitterId: item.splitterId as string })),
  }));

const status = z
  .union([z.literal(0), z.literal(1), z.enum(['OK', 'ERROR'])], { error: 'is not 0, 1, "OK" or "ERROR"' })
  .nullish()
  .transform((value) =>
    value === null || value === undefined
      ? null
      : typeof value === 'string'
        ? ozmapAssumptions.legacyClientStatus[value]
        : value,
  );

const clientCode = z
  .union([z.string().min(1, 'is empty'), z.number().int()], { error: 'is missing' })
  .transform(String);

const client = z
  .object({
    id,
    code: clientCode,
    name: text,
    implanted: z
      .boolean()
      .nullish()
      .transform((value) => value ?? false),
    status,
    observation: text,
    // Only read, never required: a tenant that answers no `onu` (or a strange one) has none.
    onu: z
      .unknown()
      .optional()
      .transform((value) => {
        if (typeof value !== 'object' || value === null) return undefined;
        const part = (key: string): string | null => {
          const v = (value as Record<string, unknown>)[key];
          return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
        };
        return {
          serial_number: part('serial_number'),
          mac_address: part('mac_address'),
          user_PPPoE: part('user_PPPoE'),
        };
      }),
  })
  .transform((raw): OzClient => raw);

const schemas: { readonly [K in OzmapKind]: z.ZodType<OzmapObjects[K]> } = {
  boxes: box,
  splitters: splitter,
  properties: property,
  ftthClients: client,
};

export type NormalisedRecord<K extends OzmapKind> =
  | { readonly outcome: 'valid'; readonly value: OzmapObjects[K] }
  | { readonly outcome: 'invalid'; readonly error: OzmapRecordError; readonly unreadable: UnreadableOzmapRecord }
  | { readonly outcome: 'deleted' };

export function normaliseOzmapRecord<K extends OzmapKind>(kind: K, raw: unknown): NormalisedRecord<K> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const error = ozmapRecordError(kind, null, '(record)', 'is not an object');
    return { outcome: 'invalid', error, unreadable: unreadableOf(kind, {}, error) };
  }
  const record = raw as Record<string, unknown>;
  const recordId = firstId(record.id, record._id);
  if (ozmapAssumptions.isSoftDeleted(record)) return { outcome: 'deleted' };
  const result = schemas[kind].safeParse({ ...record, id: recordId ?? record.id ?? record._id });
  if (result.success) return { outcome: 'valid', value: result.data };
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || '(record)';
  const error = ozmapRecordError(kind, recordId, field, issue?.message ?? 'is invalid');
  return { outcome: 'invalid', error, unreadable: unreadableOf(kind, record, error) };
}

/**
 * What can still be read of a record that does not fit its schema: each part that ties it to
 * something the service could write, parsed on its own with the same schema as a valid record
 * (docs/decisions/0004). A part that does not parse is null: unknown, not absent.
 */
function unreadableOf(
  kind: OzmapKind,
  record: Record<string, unknown>,
  error: OzmapRecordError,
): UnreadableOzmapRecord {
  const part = <T>(schema: z.ZodType<T>, value: unknown): T | null => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : null;
  };
  const connections = kind === 'properties' ? part(z.array(connection).nullish(), record.connections) : null;
  return {
    kind,
    id: error.id,
    field: error.field,
    reason: error.problem,
    code: kind === 'ftthClients' ? part(clientCode, record.code) : null,
    name: kind === 'boxes' ? part(z.string(), record.name) : null,
    boxId:
      kind === 'properties'
        ? part(reference, record.box)
        : kind === 'splitters'
          ? part(reference, record.parent)
          : null,
    clientId: kind === 'properties' ? part(reference, record.client) : null,
    clientKnown: kind !== 'properties' || reference.safeParse(record.client).success,
    connections:
      connections === null
        ? null
        : (connections ?? []).map((c) => ({ splitterId: c.splitterId as string, port: c.port })),
  };
}

function firstId(...candidates: unknown[]): string | null {
  const found = candidates.find((candidate) => typeof candidate === 'string' && candidate !== '');
  return typeof found === 'string' ? found : null;
}
