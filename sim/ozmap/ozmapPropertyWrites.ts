/**
 * The writes on properties, with OZmap's side effects: an inline client becomes an FTTH client,
 * `connector` + `port` take a splitter port, deleting a property frees its ports. Every check
 * runs before the first change, so a refused request leaves the state untouched.
 */
import { z } from 'zod';
import { ozFtthClientRecordSchema, ozPropertyRecordSchema } from './ozmapFixture.ts';
import { checkPortFree, connectPort, freePropertyPorts } from './ozmapPorts.ts';
import { parseBody, simError } from './ozmapSimError.ts';
import type { OzmapSimState, SimRecord } from './ozmapState.ts';

const coords = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** What the SDK's `CreatePropertyDTOSchema` sends, less the fields the simulator ignores. */
const createPropertyBody = z.looseObject({
  box: z.string().min(1),
  project: z.string().nullish(),
  connector: z.string().min(1).nullish(),
  port: z.number().int().nullish(),
  address: z.string().nullish(),
  coords: coords.nullish(),
  potencyRead: z.number().nullish(),
  observation: z.string().nullish(),
  client: z.union([z.string().min(1), z.looseObject({ code: z.string().min(1) })]).nullish(),
});

const patchPropertyBody = z.object({
  box: z.string().min(1).optional(),
  connector: z.string().min(1).nullish(),
  port: z.number().int().nullish(),
  address: z.string().nullish(),
  coords: coords.nullish(),
  potencyRead: z.number().nullish(),
  observation: z.string().nullish(),
  client: z.string().min(1).nullable().optional(),
});

export function createProperty(state: OzmapSimState, body: unknown): SimRecord {
  const input = parseBody(createPropertyBody, body, 'POST properties');
  // 1. Check everything: box, client reference, port.
  const box = state.collections.boxes.get(input.box);
  if (box === undefined) throw simError('boxNotFound', `box ${input.box} (field box) does not exist`);
  const target = connectionTarget(input.box, input.connector, input.port, 'POST properties');
  const splitter = target === null ? null : checkPortFree(state, target);
  if (typeof input.client === 'string' && !state.collections.ftthClients.has(input.client)) {
    throw simError('clientNotFound', `FTTH client ${input.client} (field client) does not exist`);
  }
  const client =
    typeof input.client === 'object' && input.client !== null
      ? parseBody(ozFtthClientRecordSchema, { ...input.client, id: 'pending' }, 'POST properties client')
      : null;
  // 2. Create the client, then the property, then take the port.
  let clientId = typeof input.client === 'string' ? input.client : null;
  if (client !== null) clientId = state.insert('ftthClients', { ...client, id: state.newId() }).id;
  const property = state.insert(
    'properties',
    ozPropertyRecordSchema.parse({
      id: state.newId(),
      box: input.box,
      client: clientId,
      project: input.project ?? (typeof box.project === 'string' ? box.project : null),
      address: input.address ?? '',
      coords: input.coords ?? box.coords ?? null,
      observation: input.observation ?? '',
      potencyRead: input.potencyRead ?? null,
      connections: [],
    }) as SimRecord,
  );
  if (splitter !== null && target !== null) connectPort(state, property, splitter, target.port);
  return property;
}

function connectionTarget(
  boxId: string,
  connector: string | null | undefined,
  port: number | null | undefined,
  what: string,
): { boxId: string; splitterId: string; port: number } | null {
  const hasConnector = connector !== undefined && connector !== null;
  const hasPort = port !== undefined && port !== null;
  if (hasConnector !== hasPort) throw simError('badRequest', `${what}: connector and port go together`);
  return hasConnector && hasPort ? { boxId, splitterId: connector, port } : null;
}

export function patchProperty(state: OzmapSimState, id: string, body: unknown): void {
  const property = state.collections.properties.get(id);
  if (property === undefined) throw simError('notFound', `property ${id} does not exist`);
  const input = parseBody(patchPropertyBody, body, `PATCH properties/${id}`);
  // 1. Check the references and the new port before changing anything.
  if (input.box !== undefined && !state.collections.boxes.has(input.box)) {
    throw simError('boxNotFound', `box ${input.box} (field box) does not exist`);
  }
  if (typeof input.client === 'string' && !state.collections.ftthClients.has(input.client)) {
    throw simError('clientNotFound', `FTTH client ${input.client} (field client) does not exist`);
  }
  const boxId = input.box ?? String(property.box);
  const target = connectionTarget(boxId, input.connector, input.port, `PATCH properties/${id}`);
  const splitter = target === null ? null : checkPortFree(state, target);
  // 2. Apply: plain fields, then the move to the new port.
  if (input.box !== undefined) property.box = input.box;
  if (input.client !== undefined) property.client = input.client;
  if (input.address !== undefined) property.address = input.address ?? '';
  if (input.observation !== undefined) property.observation = input.observation ?? '';
  if (input.coords !== undefined) property.coords = input.coords;
  if (input.potencyRead !== undefined) property.potencyRead = input.potencyRead;
  if (splitter !== null && target !== null) {
    freePropertyPorts(state, property);
    connectPort(state, property, splitter, target.port);
  }
  state.collections.properties.reindex(property);
  state.touch(property);
}

export function deleteProperty(state: OzmapSimState, id: string): void {
  const property = state.collections.properties.get(id);
  if (property === undefined) throw simError('notFound', `property ${id} does not exist`);
  freePropertyPorts(state, property);
  state.collections.properties.delete(id);
}
