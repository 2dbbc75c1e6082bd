/**
 * The OZmap client: the reads and writes the integration needs (docs/OZMAP-API.md "Calls the
 * service makes"), over the shared HTTP transport, returning domain objects whatever the
 * tenant's id and reference shapes. Everything assumed about the API is read from
 * `ozmapAssumptions`.
 */
import type { Coordinates } from '../../domain/sgp/contractSnapshot.ts';
import type { OzBox, OzClient, OzClientStatus, OzProperty, OzSplitter } from '../../domain/ozmap/ozmapObjects.ts';
import type { HttpTransport, ResponseProblem, UpstreamResponse } from '../upstream/httpTransport.ts';
import { UpstreamError, UpstreamErrorCode } from '../upstream/upstreamError.ts';
import { normaliseOzmapRecord } from './normaliseOzmapRecord.ts';
import type { OzmapObjects } from './normaliseOzmapRecord.ts';
import { ozmapAssumptions } from './ozmapAssumptions.ts';
import type { OzmapFilterCondition } from './ozmapAssumptions.ts';
import { OzmapReadError, OzmapRecordInvalidError } from './ozmapRecordError.ts';
import type { OzmapKind } from './ozmapRecordError.ts';
import { createOzmapSession } from './ozmapSession.ts';
import type { OzmapAuth, OzmapSession } from './ozmapSession.ts';
import { ozmapRoutePaths, readOzmapCollection } from './readOzmapCollection.ts';
import type { ReadAllOptions, ReadAllResult } from './readOzmapCollection.ts';

interface NewOzmapClient {
  readonly code: string;
  readonly name: string;
  readonly implanted: boolean;
  readonly status: OzClientStatus | null;
  readonly observation?: string;
  /** UPDATE_ONU: `{ serial_number, mac_address, user_PPPoE }`, the parts SGP has. */
  readonly onu?: Readonly<Record<string, string>>;
}

interface NewOzmapProperty {
  readonly boxId: string;
  /** The box's project; sent as the property's `project` (see ozmapAssumptions). */
  readonly project?: string | null;
  /** Splitter output port (1-based); absent = created on the box with no connection. */
  readonly connection?: { readonly splitterId: string; readonly port: number } | null;
  readonly address: string;
  readonly coords: Coordinates;
  readonly potencyRead?: number | null;
  readonly observation?: string;
  readonly client: NewOzmapClient;
}

type OzmapClientPatch = Partial<Pick<OzClient, 'name' | 'implanted' | 'observation'>> & {
  readonly status?: OzClientStatus;
  readonly onu?: { readonly serial_number?: string; readonly mac_address?: string; readonly user_PPPoE?: string };
};
type OzmapPropertyPatch = Partial<Pick<OzProperty, 'address' | 'observation'>> & {
  readonly potencyRead?: number;
  readonly coords?: Coordinates;
  /** Attach a client (R5.8), sent as `ozmapAssumptions.attachClientPatch` says. */
  readonly client?: string;
  /** Connect to, or move to, a splitter port (R4.8), sent as `ozmapAssumptions.connectPatch` says. */
  readonly connection?: { readonly boxId: string; readonly splitterId: string; readonly port: number };
};

export interface OzmapClient {
  readAll<K extends OzmapKind>(kind: K, options?: ReadAllOptions): Promise<ReadAllResult<OzmapObjects[K]>>;
  findBoxesByName(name: string): Promise<readonly OzBox[]>;
  findSplittersOfBox(boxId: string): Promise<readonly OzSplitter[]>;
  findClientByCode(code: string): Promise<OzClient | null>;
  findPropertyByClientId(clientId: string): Promise<OzProperty | null>;
  /** `GET properties/<id>`: null when absent or soft-deleted. */
  getProperty(id: string): Promise<OzProperty | null>;
  createPropertyWithClient(input: NewOzmapProperty): Promise<OzProperty>;
  /** `POST ftth-clients`: a client alone, to attach to an existing property (R5.8). */
  createClient(input: NewOzmapClient): Promise<OzClient>;
  updateClient(id: string, patch: OzmapClientPatch): Promise<void>;
  updateProperty(id: string, patch: OzmapPropertyPatch): Promise<void>;
  detachClient(propertyId: string): Promise<void>;
  deleteClient(id: string): Promise<'deleted' | 'absent'>;
  deleteProperty(id: string): Promise<'deleted' | 'absent'>;
  disconnect(splitterId: string, fiberId: string): Promise<void>;
}

export function createOzmapClient(options: {
  transport: HttpTransport;
  auth: OzmapAuth;
  pageSize?: number;
}): OzmapClient {
  const session = createOzmapSession(options.transport, options.auth);
  const pageSize = options.pageSize ?? ozmapAssumptions.defaultPageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new RangeError(`OZmap pageSize must be an integer >= 1, got ${pageSize}`);

  const readAll = <K extends OzmapKind>(kind: K, readOptions?: ReadAllOptions) =>
    readOzmapCollection(session, kind, pageSize, readOptions);

  /** A lookup must not answer "none" when it could not read everything. */
  async function find<K extends OzmapKind>(
    kind: K,
    filter: readonly OzmapFilterCondition[],
  ): Promise<readonly OzmapObjects[K][]> {
    const result = await readAll(kind, { filter });
    if (!result.complete) throw new OzmapReadError(kind, result.failures);
    // Nor when a record it matched cannot be read: unreadable is not absent (R8, decision 0004).
    const [unreadable] = result.rejected;
    if (unreadable) throw new OzmapRecordInvalidError(unreadable);
    return result.items;
  }

  return {
    readAll,
    getProperty: (id) => getById(session, 'properties', id),
    findBoxesByName: (name) => find('boxes', [{ property: 'name', operator: '=', value: name }]),
    findSplittersOfBox: (boxId) => find('splitters', ozmapAssumptions.splittersOfBox(boxId)),
    findClientByCode: async (code) =>
      (await find('ftthClients', [{ property: 'code', operator: '=', value: code }]))[0] ?? null,
    findPropertyByClientId: async (clientId) =>
      (await find('properties', [{ property: 'client', operator: '=', value: clientId }]))[0] ?? null,
    createPropertyWithClient: (input) => createPropertyWithClient(session, input),
    createClient: (input) => createClient(session, input),
    updateClient: (id, changes) => patchObject(session, 'ftthClients', id, changes),
    updateProperty: (id, changes) => patchObject(session, 'properties', id, propertyPatchBody(changes)),
    detachClient: (propertyId) => patchObject(session, 'properties', propertyId, ozmapAssumptions.detachClientPatch),
    deleteClient: (id) => removeObject(session, 'ftthClients', id),
    deleteProperty: (id) => removeObject(session, 'properties', id),
    async disconnect(splitterId, fiberId) {
      await session.send({
        method: 'POST',
        path: '/api/v2/disconnect',
        body: {
          kind: 'json',
          value: { elementA: { id: splitterId, kind: 'splitter' }, elementB: { id: fiberId, kind: 'fiber' } },
        },
        check: checkWriteAnswer,
      });
    },
  };
}

/**
 * A write answers nothing (204) or JSON. Anything else, such as the HTML page of a proxy that fell
 * over with a 200, says nothing about whether the write happened: it fails the attempt (R8), and
 * the transport retries a PATCH or DELETE, which are safe to repeat. Taken as success, it once
 * let a cancellation record its observation line (R5.2) as written when it was not.
 */
function checkWriteAnswer(response: UpstreamResponse): ResponseProblem | undefined {
  if (response.text.trim() === '' || safeJson(response.text) !== undefined) return undefined;
  return { code: UpstreamErrorCode.badResponse, problem: 'the answer to a write is neither empty nor JSON' };
}

async function patchObject(
  session: OzmapSession,
  kind: 'ftthClients' | 'properties',
  id: string,
  body: Readonly<Record<string, unknown>>,
): Promise<void> {
  await session.send({
    method: 'PATCH',
    path: `${ozmapRoutePaths[kind]}/${encodeURIComponent(id)}`,
    body: { kind: 'json', value: body },
    check: checkWriteAnswer,
  });
}

async function removeObject(
  session: OzmapSession,
  kind: 'ftthClients' | 'properties',
  id: string,
): Promise<'deleted' | 'absent'> {
  try {
    await session.send({
      method: 'DELETE',
      path: `${ozmapRoutePaths[kind]}/${encodeURIComponent(id)}`,
      check: checkWriteAnswer,
    });
    return 'deleted';
  } catch (error) {
    const gone = error instanceof UpstreamError && error.code === UpstreamErrorCode.notFound;
    if (gone && ozmapAssumptions.deleteNotFoundMeansAbsent) return 'absent';
    throw error;
  }
}

async function getById<K extends OzmapKind>(
  session: OzmapSession,
  kind: K,
  id: string,
): Promise<OzmapObjects[K] | null> {
  let raw: unknown;
  try {
    await session.send({
      method: 'GET',
      path: `${ozmapRoutePaths[kind]}/${encodeURIComponent(id)}`,
      check(response) {
        raw = safeJson(response.text);
        return raw === undefined
          ? { code: UpstreamErrorCode.badResponse, problem: 'the answer is not JSON' }
          : undefined;
      },
    });
  } catch (error) {
    if (error instanceof UpstreamError && error.code === UpstreamErrorCode.notFound) return null;
    throw error;
  }
  const record = normaliseOzmapRecord(kind, raw);
  if (record.outcome === 'invalid') throw new OzmapRecordInvalidError(record.error);
  return record.outcome === 'valid' ? record.value : null;
}

/** OZmap stores `[lng, lat]`, longitude first. */
function toLngLat(coords: Coordinates): [number, number] {
  return [coords.lng, coords.lat];
}

function propertyPatchBody(changes: OzmapPropertyPatch): Record<string, unknown> {
  const { coords, client, connection, ...rest } = changes;
  return {
    ...rest,
    ...(coords === undefined ? {} : { coords: toLngLat(coords) }),
    ...(client === undefined ? {} : ozmapAssumptions.attachClientPatch(client)),
    ...(connection === undefined ? {} : ozmapAssumptions.connectPatch(connection)),
  };
}

async function createClient(session: OzmapSession, input: NewOzmapClient): Promise<OzClient> {
  let created: OzClient | undefined;
  await session.send({
    method: 'POST',
    path: ozmapRoutePaths.ftthClients,
    body: {
      kind: 'json',
      value: {
        code: input.code,
        name: input.name,
        implanted: input.implanted,
        ...(input.status !== null ? { status: input.status } : {}),
      },
    },
    // Never resent: a create that may have reached OZmap is found again by its code.
    retry: 'unsafe',
    check(response) {
      const record = normaliseOzmapRecord('ftthClients', safeJson(response.text));
      created = record.outcome === 'valid' ? record.value : undefined;
      return created
        ? undefined
        : { code: UpstreamErrorCode.badResponse, problem: 'the created client could not be read' };
    },
  });
  return created as OzClient;
}

async function createPropertyWithClient(session: OzmapSession, input: NewOzmapProperty): Promise<OzProperty> {
  const { client } = input;
  const body = {
    box: input.boxId,
    ...(ozmapAssumptions.propertyProjectFromBox && input.project ? { project: input.project } : {}),
    ...(input.connection ? { connector: input.connection.splitterId, port: input.connection.port } : {}),
    address: input.address,
    coords: toLngLat(input.coords),
    ...(input.potencyRead !== undefined && input.potencyRead !== null ? { potencyRead: input.potencyRead } : {}),
    ...(input.observation !== undefined ? { observation: input.observation } : {}),
    client: {
      code: client.code,
      name: client.name,
      implanted: client.implanted,
      ...(client.status !== null ? { status: client.status } : {}),
      ...(client.observation !== undefined ? { observation: client.observation } : {}),
      ...(client.onu !== undefined ? { onu: client.onu } : {}),
    },
  };
  let created: OzProperty | undefined;
  await session.send({
    method: 'POST',
    path: ozmapRoutePaths.properties,
    body: { kind: 'json', value: body },
    // Never resent: a create that may have reached OZmap is re-checked by code by the caller.
    retry: 'unsafe',
    check(response) {
      const record = normaliseOzmapRecord('properties', safeJson(response.text));
      created = record.outcome === 'valid' ? record.value : undefined;
      return created
        ? undefined
        : { code: UpstreamErrorCode.badResponse, problem: 'the created property could not be read' };
    },
  });
  return created as OzProperty;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
