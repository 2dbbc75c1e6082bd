/**
 * Writes on FTTH clients, and the plain creations of boxes and splitters that tests use to build
 * a network. Deleting a client does NOT clear the `client` of its property (OZMAP-API.md: whether
 * OZmap cascades is unknown), so the engine must detach first; the simulator takes the strict view.
 */
import { z } from 'zod';
import { ozBoxRecordSchema, ozFtthClientRecordSchema, ozSplitterRecordSchema } from './ozmapFixture.ts';
import { parseBody, simError } from './ozmapSimError.ts';
import type { OzmapSimState, SimRecord } from './ozmapState.ts';

const patchClientBody = z.object({
  code: z.string().min(1).optional(),
  name: z.string().optional(),
  observation: z.string().optional(),
  implanted: z.boolean().optional(),
  certified: z.boolean().optional(),
  status: z.union([z.literal(0), z.literal(1)]).optional(),
  onu: z
    .object({
      serial_number: z.string().optional(),
      mac_address: z.string().optional(),
      user_PPPoE: z.string().optional(),
    })
    .optional(),
});

export function createClient(state: OzmapSimState, body: unknown): SimRecord {
  const input = parseBody(ozFtthClientRecordSchema, { ...asObject(body), id: state.newId() }, 'POST ftth-clients');
  return state.insert('ftthClients', input as SimRecord);
}

export function patchClient(state: OzmapSimState, id: string, body: unknown): void {
  const client = state.collections.ftthClients.get(id);
  if (client === undefined) throw simError('notFound', `FTTH client ${id} does not exist`);
  const input = parseBody(patchClientBody, body, `PATCH ftth-clients/${id}`);
  const { onu, ...fields } = input;
  for (const [field, value] of Object.entries(fields)) {
    if (value !== undefined) client[field] = value;
  }
  if (onu !== undefined) client.onu = { ...asObject(client.onu), ...onu };
  state.collections.ftthClients.reindex(client);
  state.touch(client);
}

export function deleteClient(state: OzmapSimState, id: string): void {
  if (!state.collections.ftthClients.delete(id)) throw simError('notFound', `FTTH client ${id} does not exist`);
}

export function createBox(state: OzmapSimState, body: unknown): SimRecord {
  const input = parseBody(ozBoxRecordSchema, { ...asObject(body), id: state.newId() }, 'POST boxes');
  return state.insert('boxes', input as SimRecord);
}

export function createSplitter(state: OzmapSimState, body: unknown): SimRecord {
  const input = parseBody(ozSplitterRecordSchema, { ...asObject(body), id: state.newId() }, 'POST splitters');
  if (!state.collections.boxes.has(input.parent)) {
    throw simError('boxNotFound', `box ${input.parent} (field parent) does not exist`);
  }
  return state.insert('splitters', input as SimRecord);
}

export function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
