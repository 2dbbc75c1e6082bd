/**
 * The OZmap write routes the integration uses (OZMAP-API.md "Calls the integration needs"):
 * creations answer 201 with the object, PATCH and DELETE answer 204 [doc].
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createBox, createClient, createSplitter, deleteClient, patchClient } from './ozmapClientWrites.ts';
import type { OzmapCollection } from './ozmapFixture.ts';
import { disconnectFiber } from './ozmapPorts.ts';
import { createProperty, deleteProperty, patchProperty } from './ozmapPropertyWrites.ts';
import type { OzmapRouteContext } from './ozmapReadRoutes.ts';
import { parseBody, simError } from './ozmapSimError.ts';
import type { OzmapSimState, SimRecord } from './ozmapState.ts';

type Params = { Params: { id: string } };

const creations: readonly [string, OzmapCollection, (state: OzmapSimState, body: unknown) => SimRecord][] = [
  ['properties', 'properties', createProperty],
  ['ftth-clients', 'ftthClients', createClient],
  ['boxes', 'boxes', createBox],
  ['splitters', 'splitters', createSplitter],
];

const disconnectElement = z.object({ id: z.string().min(1), kind: z.string() });
const disconnectBody = z.object({ elementA: disconnectElement, elementB: disconnectElement });

export function registerOzmapWriteRoutes(app: FastifyInstance, context: OzmapRouteContext): void {
  const { state, shaper } = context;

  for (const [route, collection, create] of creations) {
    app.post(`/api/v2/${route}`, async (request, reply) => {
      const record = create(state, request.body);
      return reply.code(201).send(shaper.shape(collection, record));
    });
  }

  app.patch<Params>('/api/v2/ftth-clients/:id', async (request, reply) => {
    patchClient(state, request.params.id, request.body);
    return reply.code(204).send();
  });
  app.patch<Params>('/api/v2/properties/:id', async (request, reply) => {
    patchProperty(state, request.params.id, request.body);
    return reply.code(204).send();
  });
  app.delete<Params>('/api/v2/ftth-clients/:id', async (request, reply) => {
    deleteClient(state, request.params.id);
    return reply.code(204).send();
  });
  app.delete<Params>('/api/v2/properties/:id', async (request, reply) => {
    deleteProperty(state, request.params.id);
    return reply.code(204).send();
  });

  app.post('/api/v2/disconnect', async (request, reply) => {
    const { elementA, elementB } = parseBody(disconnectBody, request.body, 'POST disconnect');
    // The documented order is splitter then fiber [doc]; the kinds decide, not the order.
    const elements = [elementA, elementB];
    const splitter = elements.find((element) => element.kind.toLowerCase() === 'splitter');
    const fiber = elements.find((element) => element.kind.toLowerCase() === 'fiber');
    if (splitter === undefined || fiber === undefined) {
      throw simError('badRequest', 'POST disconnect: expects one element of kind "splitter" and one of kind "fiber"');
    }
    disconnectFiber(state, splitter.id, fiber.id);
    return reply.code(204).send();
  });
}
