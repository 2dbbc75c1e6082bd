/**
 * Splitter output ports: `connectables.output[port - 1]` holds the fiber of the drop on port
 * `port` (1-based, OZMAP-API.md [assumed]) or null when free; the property keeps the other end in
 * its `connections`. Both sides always change together.
 */
import { simError } from './ozmapSimError.ts';
import type { OzmapSimState, SimRecord } from './ozmapState.ts';

interface StoredConnection {
  id: string;
  port: number;
  fiber: string | null;
}

function outputsOf(splitter: SimRecord): (string | null)[] {
  const connectables = (splitter.connectables ?? {}) as { input?: unknown[]; output?: (string | null)[] };
  if (!Array.isArray(connectables.output)) connectables.output = [];
  splitter.connectables = connectables;
  return connectables.output;
}

export function connectionsOf(property: SimRecord): StoredConnection[] {
  if (!Array.isArray(property.connections)) property.connections = [];
  return property.connections as StoredConnection[];
}

/** Throws the refusal OZmap gives for a port that cannot take a new drop. */
export function checkPortFree(
  state: OzmapSimState,
  target: { boxId: string; splitterId: string; port: number },
): SimRecord {
  const { boxId, splitterId, port } = target;
  const splitter = state.collections.splitters.get(splitterId);
  if (splitter === undefined) throw simError('splitterNotFound', `splitter ${splitterId} (connector) does not exist`);
  if (splitter.parent !== boxId) {
    throw simError('splitterNotInBox', `splitter ${splitterId} (connector) is not in box ${boxId}`);
  }
  const outputs = outputsOf(splitter);
  if (!Number.isInteger(port) || port < 1 || port > outputs.length) {
    throw simError('portOutOfRange', `splitter ${splitterId} has output ports 1-${outputs.length}, not port ${port}`);
  }
  const ports = Array.isArray(splitter.ports) ? (splitter.ports as { blocked?: unknown }[]) : [];
  if (ports[port - 1]?.blocked === true) {
    throw simError('portBlocked', `splitter ${splitterId} output port ${port} is blocked`);
  }
  const holder = portHolder(state, splitterId, port);
  if (outputs[port - 1] !== null && outputs[port - 1] !== undefined) {
    throw simError(
      'portOccupied',
      `splitter ${splitterId} output port ${port} already holds fiber ${String(outputs[port - 1])}`,
    );
  }
  if (holder !== undefined) {
    throw simError('portOccupied', `splitter ${splitterId} output port ${port} already holds property ${holder.id}`);
  }
  return splitter;
}

const holds = (property: SimRecord, splitterId: string, port: number): boolean =>
  connectionsOf(property).some((connection) => connection.id === splitterId && connection.port === port);

/** The ports a property's connections name, as index keys (null when one is malformed). */
function portKeys(property: SimRecord): readonly string[] | null {
  if (!Array.isArray(property.connections)) return [];
  const keys: string[] = [];
  for (const connection of property.connections as unknown[]) {
    if (typeof connection !== 'object' || connection === null) return null;
    const { id, port } = connection as { id?: unknown; port?: unknown };
    if (typeof id === 'string' && typeof port === 'number') keys.push(`${id}\u0000${port}`);
  }
  return keys;
}

/** The first property (in insertion order) connected to that port, found through an index. */
function portHolder(state: OzmapSimState, splitterId: string, port: number): SimRecord | undefined {
  const properties = state.collections.properties;
  const candidates = properties
    .lookup('ports', portKeys, `${splitterId}\u0000${port}`)
    .filter((property) => holds(property, splitterId, port));
  if (candidates.length <= 1) return candidates[0];
  for (const property of properties.values()) if (holds(property, splitterId, port)) return property;
  return undefined;
}

/** Connects a property to a port already checked with `checkPortFree`. */
export function connectPort(state: OzmapSimState, property: SimRecord, splitter: SimRecord, port: number): void {
  const fiber = state.newId();
  outputsOf(splitter)[port - 1] = fiber;
  connectionsOf(property).push({ id: splitter.id, port, fiber });
  state.collections.properties.reindex(property);
  state.touch(splitter);
}

/** Frees every port the property holds (its drop is gone). */
export function freePropertyPorts(state: OzmapSimState, property: SimRecord): void {
  for (const connection of connectionsOf(property)) {
    const splitter = state.collections.splitters.get(connection.id);
    if (splitter === undefined) continue;
    const outputs = outputsOf(splitter);
    if (outputs[connection.port - 1] === connection.fiber) outputs[connection.port - 1] = null;
    state.touch(splitter);
  }
  property.connections = [];
  state.collections.properties.reindex(property);
}

/** `POST disconnect`: frees the splitter port holding `fiberId` and the property's connection. */
export function disconnectFiber(state: OzmapSimState, splitterId: string, fiberId: string): void {
  const splitter = state.collections.splitters.get(splitterId);
  if (splitter === undefined) throw simError('splitterNotFound', `splitter ${splitterId} (elementA) does not exist`);
  const outputs = outputsOf(splitter);
  const index = outputs.indexOf(fiberId);
  if (index < 0) throw simError('notConnected', `fiber ${fiberId} is not on an output port of splitter ${splitterId}`);
  outputs[index] = null;
  state.touch(splitter);
  for (const property of state.collections.properties.values()) {
    const connections = connectionsOf(property);
    const kept = connections.filter((connection) => !(connection.id === splitterId && connection.fiber === fiberId));
    if (kept.length !== connections.length) {
      property.connections = kept;
      state.collections.properties.reindex(property);
      state.touch(property);
    }
  }
}
