/**
 * Test-control routes under `/__sim/`: read the whole state, and add, edit or remove objects
 * behind the API's back, as a person editing OZmap by hand would. These writes skip the API's
 * rules on purpose (no port bookkeeping, no validation of a merge), so that tests can build the
 * odd states real tenants hold, malformed records included.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodType } from 'zod';
import { asObject } from './ozmapClientWrites.ts';
import { ozmapRecordSchemas } from './ozmapFixture.ts';
import type { OzmapCollection } from './ozmapFixture.ts';
import { ozmapRoutes } from './ozmapReadRoutes.ts';
import { parseBody, simError } from './ozmapSimError.ts';
import type { OzmapSimState, SimRecord } from './ozmapState.ts';

/** The credential the API accepts; `PUT /__sim/api-key` rotates it (an expired login token). */
export interface OzmapSimAuth {
  apiKey: string;
  readonly login: string;
  readonly password: string;
}

type CollectionParams = { Params: { collection: string; id: string } };

/** Accepts the fixture name (`ftthClients`) and the route name (`ftth-clients`). */
function collectionOf(name: string): OzmapCollection {
  if (Object.hasOwn(ozmapRecordSchemas, name)) return name as OzmapCollection;
  const collection = Object.hasOwn(ozmapRoutes, name) ? ozmapRoutes[name] : undefined;
  if (collection === undefined) throw simError('notFound', `no collection named ${name}`);
  return collection;
}

// Keys that would reach Object.prototype through a plain assignment.
const unsafeKeys = new Set(['__proto__', 'constructor', 'prototype']);

export function registerOzmapSimRoutes(app: FastifyInstance, state: OzmapSimState, auth: OzmapSimAuth): void {
  app.get('/__sim/state', async () => state.snapshot());

  app.get<CollectionParams>('/__sim/objects/:collection/:id', async (request) => {
    const collection = collectionOf(request.params.collection);
    const record = state.collections[collection].get(request.params.id);
    if (record === undefined) throw simError('notFound', `${collection} ${request.params.id} does not exist`);
    return record;
  });

  app.post<CollectionParams>('/__sim/objects/:collection', async (request, reply) => {
    const collection = collectionOf(request.params.collection);
    const body = asObject(request.body);
    const id = typeof body.id === 'string' && body.id !== '' ? body.id : state.newId();
    if (state.collections[collection].has(id)) throw simError('badRequest', `${collection} ${id} already exists`);
    const schema: ZodType<SimRecord> = ozmapRecordSchemas[collection];
    const record = parseBody(schema, { ...body, id }, `POST /__sim/objects/${collection}`);
    return reply.code(201).send(state.insert(collection, record));
  });

  app.patch<CollectionParams>('/__sim/objects/:collection/:id', async (request) => {
    const collection = collectionOf(request.params.collection);
    const record = state.collections[collection].get(request.params.id);
    if (record === undefined) throw simError('notFound', `${collection} ${request.params.id} does not exist`);
    const fields = asObject(request.body);
    for (const [key, value] of Object.entries(fields)) {
      if (key !== 'id' && !unsafeKeys.has(key)) record[key] = value;
    }
    state.collections[collection].reindex(record);
    // A hand edit is a write like any other, unless the test sets the time itself.
    if (!('updatedAt' in fields)) state.touch(record);
    return record;
  });

  app.delete<CollectionParams>('/__sim/objects/:collection/:id', async (request, reply) => {
    const collection = collectionOf(request.params.collection);
    if (!state.collections[collection].delete(request.params.id)) {
      throw simError('notFound', `${collection} ${request.params.id} does not exist`);
    }
    return reply.code(204).send();
  });

  app.put('/__sim/api-key', async (request, reply) => {
    const { apiKey } = parseBody(z.object({ apiKey: z.string().min(1) }), request.body, 'PUT /__sim/api-key');
    auth.apiKey = apiKey;
    return reply.code(204).send();
  });
}
