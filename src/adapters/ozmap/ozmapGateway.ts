import type { FailureCode } from '../../domain/failureCodes.ts';
import type { OzmapActual } from '../../domain/planner/ozmapIndex.ts';
import type { CreateClientCommand } from '../../domain/planner/commands.ts';
import type { OzmapGateway, OzmapReadResult } from '../../reconciler/ports.ts';
import type { OzmapClient } from './createOzmapClient.ts';
import type { OzmapKind } from './ozmapRecordError.ts';

/** Raised when a creation has no coordinates at all: neither SGP's nor the box's. */
class MissingCoordinatesError extends Error {
  override readonly name = 'MissingCoordinatesError';
  readonly code = 'NO_COORDINATES' satisfies FailureCode;
  readonly retryable = false;
}

/**
 * The engine's view of OZmap (`OzmapGateway`) over the OZmap client: one read of everything the
 * planner compares, in pages, and the writes of the executor.
 */
export function createOzmapGateway(client: OzmapClient): OzmapGateway {
  async function readActual(
    options: { onProgress?: (what: string, read: number, total: number) => void } = {},
  ): Promise<OzmapReadResult> {
    const progress = (what: string) => ({
      onProgress: (p: { pagesRead: number; pages: number }) => options.onProgress?.(what, p.pagesRead, p.pages),
    });
    // The four lists are independent: read them side by side (the transport caps concurrency).
    const [boxes, splitters, properties, clients] = await Promise.all([
      client.readAll('boxes', progress('boxes')),
      client.readAll('splitters', progress('splitters')),
      client.readAll('properties', progress('properties')),
      client.readAll('ftthClients', progress('clients')),
    ]);
    const actual: OzmapActual = {
      boxes: boxes.items,
      splitters: splitters.items,
      properties: properties.items,
      clients: clients.items,
      complete: boxes.complete && splitters.complete && properties.complete && clients.complete,
      unreadable: [boxes, splitters, properties, clients].flatMap((r) => r.unreadable),
    };
    const tag = (kind: OzmapKind) => (f: { message: string }) => ({ message: `${kind}: ${f.message}` });
    return {
      actual,
      rejected: [boxes, splitters, properties, clients].flatMap((r) =>
        r.rejected.map((e) => ({ collection: e.collection, id: e.id, field: e.field, problem: e.problem })),
      ),
      failures: [
        ...boxes.failures.map(tag('boxes')),
        ...splitters.failures.map(tag('splitters')),
        ...properties.failures.map(tag('properties')),
        ...clients.failures.map(tag('ftthClients')),
      ],
    };
  }

  async function createPropertyWithClient(
    command: CreateClientCommand,
  ): Promise<{ clientId: string; propertyId: string }> {
    const coords = command.property.coords;
    if (!coords)
      throw new MissingCoordinatesError(
        `contract ${command.code}: no coordinates in SGP and none on box "${command.boxName}"`,
      );
    const property = await client.createPropertyWithClient({
      boxId: command.boxId,
      project: command.boxProject,
      connection: command.connection
        ? { splitterId: command.connection.splitterId, port: command.connection.port }
        : null,
      address: command.property.address,
      coords,
      potencyRead: command.property.potencyRead,
      client: {
        code: command.client.code,
        name: command.client.name,
        implanted: command.client.implanted,
        status: command.client.status,
        ...(command.client.onu ? { onu: command.client.onu } : {}),
      },
    });
    // Some tenants answer the property without its client id: look the client up by its code.
    const clientId = property.clientId ?? (await client.findClientByCode(command.code))?.id;
    if (!clientId)
      throw new Error(`contract ${command.code}: OZmap created property ${property.id} but its client cannot be found`);
    return { clientId, propertyId: property.id };
  }

  return {
    readActual,
    findClientByCode: (code) => client.findClientByCode(code),
    getProperty: (id) => client.getProperty(id),
    createPropertyWithClient,
    createClient: async (input) => ({ clientId: (await client.createClient(input)).id }),
    updateClient: (id, patch) => client.updateClient(id, patch),
    updateProperty: async (id, patch) => {
      const { client: attach, ...fields } = patch;
      // `client: null` has its own assumed shape (see ozmapAssumptions): send it the way it says.
      const body = typeof attach === 'string' ? { ...fields, client: attach } : fields;
      if (Object.keys(body).length > 0) await client.updateProperty(id, body);
      if (attach === null) await client.detachClient(id);
    },
    deleteClient: (id) => client.deleteClient(id),
    deleteProperty: (id) => client.deleteProperty(id),
    disconnect: (splitterId, fiber) => client.disconnect(splitterId, fiber),
  };
}
