import type { OzmapState } from '../../sim/ozmap/ozmapFixture.ts';
import { addressLine, CTO_TEXTS, NAME_TEXTS, RX_TEXTS, STATUS_TEXTS, type SgpContract } from './world.ts';

/**
 * An independent, deliberately small model of RULES R1-R5 for the tiny world of the runs: what
 * OZmap must look like after one fault-free cancel cycle and then one sync cycle, given OZmap
 * just before them and SGP's contracts. It reads the raw-value tables of `world.ts`, never the
 * engine's normaliser or planner, and compares in a canonical form: sorted, ids of objects the
 * cycles create replaced by `new:<code>`, our observation lines reduced to `«removed <code>»`
 * (their time and the client name are checked by format only).
 */

/** R1 for one of our contracts. */
export interface DesiredContract {
  readonly code: string;
  readonly status: number | 'unknown';
  readonly name: string;
  readonly cto: string | null;
  readonly port: number | null;
  readonly rx: number | null;
  readonly online: boolean | null;
  readonly coords: { readonly lat: number; readonly lng: number } | null;
  readonly address: string;
}

export function desiredOf(c: SgpContract): DesiredContract {
  // R1.4: without a splitter there is no FTTH service, hence no CTO, port, RX, connection, and
  // the location comes from the client's own address.
  const ftth = c.splitter !== null;
  const place = (a: { lat: string; lng: string }) => (a.lat === '' ? null : { lat: Number(a.lat), lng: Number(a.lng) });
  return {
    code: c.code,
    status: STATUS_TEXTS[c.status],
    name: NAME_TEXTS[c.nome],
    cto: c.splitter ? CTO_TEXTS[c.splitter.nome] : null,
    port: c.splitter ? c.splitter.porta : null,
    rx: ftth ? RX_TEXTS[c.rx] : null,
    online: ftth ? c.online : null,
    coords: (ftth ? place(c.service) : null) ?? place(c.client),
    address: addressLine(ftth && c.service.logradouro !== '' ? c.service.logradouro : c.client.logradouro),
  };
}

const CANCELLED = [3, 5];
const IMPLANTED = [1, 4, 6, 7];

export interface CanonClient {
  readonly key: string;
  readonly code: string;
  readonly name: string;
  readonly implanted: boolean;
  readonly status: unknown;
}

export interface CanonProperty {
  readonly key: string;
  readonly box: string | null;
  /** The client's key, `gone:<id>` for a reference to a deleted client, or null. */
  readonly client: string | null;
  readonly address: string;
  readonly coords: readonly number[] | null;
  readonly potencyRead: number | null;
  readonly observation: readonly string[];
  /** `splitter:port`, sorted. */
  readonly connections: readonly string[];
}

export interface CanonState {
  readonly clients: CanonClient[];
  readonly properties: CanonProperty[];
}

const LINE = /^Cliente removido pela integração SGP: .+ \(código (\d+)\) em \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/;
const removed = (code: string): string => `«removed ${code}»`;

/** Observations as lines, our R5.2 lines reduced to a token; a malformed one stays visible. */
export function observationLines(observation: string): string[] {
  const text = observation.replace(/\s+$/, '');
  if (text === '') return [];
  return text.split('\n').map((line) => {
    const match = LINE.exec(line);
    return match ? removed(match[1] as string) : line;
  });
}

/**
 * The canonical form of a simulator state. `known` holds the ids of objects that existed before
 * the cycles under test: any other object was created by them and is keyed by its code.
 */
export function canonical(state: OzmapState, known: ReadonlySet<string>): CanonState {
  const clientKey = new Map(state.ftthClients.map((c) => [c.id, known.has(c.id) ? c.id : `new:${c.code}`]));
  const codeOf = new Map(state.ftthClients.map((c) => [c.id, c.code]));
  const clients = state.ftthClients.map((c) => ({
    key: clientKey.get(c.id) as string,
    code: c.code,
    name: c.name,
    implanted: c.implanted,
    status: c.status,
  }));
  const properties = state.properties.map((p) => ({
    key: known.has(p.id) ? p.id : `new:${p.client === null ? '?' : (codeOf.get(p.client) ?? '?')}`,
    box: p.box,
    client: p.client === null ? null : (clientKey.get(p.client) ?? `gone:${p.client}`),
    address: p.address,
    coords: p.coords === null ? null : [...p.coords],
    potencyRead: p.potencyRead,
    observation: observationLines(p.observation),
    connections: p.connections.map((c) => `${c.id}:${c.port}`).sort(),
  }));
  return sortCanon({ clients, properties });
}

/** JSON with every object's keys sorted: equal states, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function sortCanon(state: CanonState): CanonState {
  const byKey = <T extends { key: string }>(a: T, b: T): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return { clients: [...state.clients].sort(byKey), properties: [...state.properties].sort(byKey) };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const byCode = (a: DesiredContract, b: DesiredContract): number => Number(a.code) - Number(b.code);

/**
 * R2 (creation) and R4 (updates) of one fault-free sync cycle, on `state`; `pre` brings the boxes
 * and splitters (which no cycle changes) and the ports held by something other than a property.
 */
function applySync(pre: OzmapState, state: CanonState, contracts: readonly DesiredContract[]): CanonState {
  const clients = [...state.clients];
  const properties = [...state.properties];
  // Ports that cannot take a new drop: blocked, a fiber no property holds, a property's connection.
  const held = new Set(pre.properties.flatMap((p) => p.connections.map((c) => `${c.id}:${c.port}`)));
  const taken = new Set<string>();
  for (const s of pre.splitters) {
    (s.connectables.output ?? []).forEach(
      (fiber, i) => fiber !== null && !held.has(`${s.id}:${i + 1}`) && taken.add(`${s.id}:${i + 1}`),
    );
    s.ports.forEach((port, i) => port.blocked && taken.add(`${s.id}:${i + 1}`));
  }
  for (const p of properties) for (const c of p.connections) taken.add(c);

  for (const d of [...contracts].sort(byCode)) {
    const own = clients.filter((c) => c.code === d.code);
    if (own.length === 0) {
      // R2.1, R3.1: cancelled and unknown statuses are never created; R2.2/R2.3: a CTO, one box.
      if (d.status === 'unknown' || CANCELLED.includes(d.status) || d.cto === null) continue;
      const box = pre.boxes.find((b) => b.name === d.cto);
      if (!box) continue;
      // R2.5: drop splitters by name, the first that has the port.
      const splitter = pre.splitters
        .filter((s) => s.parent === box.id)
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .find((s) => d.port !== null && (s.connectables.output ?? []).length >= d.port);
      const port = splitter && d.port !== null ? `${splitter.id}:${d.port}` : null;
      if (port !== null && taken.has(port)) continue; // port-occupied, onPortConflict skip
      if (port !== null) taken.add(port);
      const key = `new:${d.code}`;
      clients.push({
        key,
        code: d.code,
        name: d.name,
        implanted: IMPLANTED.includes(d.status),
        status: d.online === null ? 0 : d.online ? 0 : 1,
      });
      properties.push({
        key,
        box: box.id,
        client: key,
        address: d.address,
        coords: d.coords ? [d.coords.lng, d.coords.lat] : box.coords ? [...box.coords] : null,
        potencyRead: d.rx,
        observation: [],
        connections: port === null ? [] : [port],
      });
      continue;
    }
    if (d.status !== 'unknown' && CANCELLED.includes(d.status)) continue; // R5's business
    for (const client of own) {
      // R4.1, R4.5 (never for an unknown status), R4.6.
      const implant = d.status !== 'unknown' && IMPLANTED.includes(d.status);
      const status = d.online === null ? client.status : d.online ? 0 : 1;
      clients[clients.indexOf(client)] = { ...client, name: d.name, implanted: client.implanted || implant, status };
      const index = properties.findIndex((p) => p.client === client.key);
      const property = properties[index];
      if (!property) continue;
      // R4.2 at 2 decimals, R4.3 beyond 1e-6, R4.4 after collapsing whitespace.
      const rxDiffers =
        d.rx !== null && (property.potencyRead === null || round2(property.potencyRead) !== round2(d.rx));
      const coordsDiffer =
        d.coords !== null &&
        (property.coords === null ||
          Math.abs((property.coords[0] as number) - d.coords.lng) > 1e-6 ||
          Math.abs((property.coords[1] as number) - d.coords.lat) > 1e-6);
      const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();
      properties[index] = {
        ...property,
        potencyRead: rxDiffers ? d.rx : property.potencyRead,
        coords: coordsDiffer && d.coords ? [d.coords.lng, d.coords.lat] : property.coords,
        address: collapse(property.address) !== collapse(d.address) ? d.address : property.address,
      };
    }
  }
  return { clients, properties };
}

/**
 * R5.1-R5.3 of one cancel cycle (default options: no complete removal, no disconnection): every
 * state it may leave. A property that hosts the client and already holds a line of its code is
 * the one thing OZmap alone cannot settle (issue 14): the line is this cancellation's, written by
 * an interrupted run (the line and the detachment are two requests), and is not written again;
 * or an earlier cancellation's, before a reactivation put a client back on the property (R5.8),
 * and this one writes its own. The engine tells them apart from its log; the model allows both.
 * (A cancellation waiting for the next minute, R5.5, does not arise: the final round runs in a
 * minute of its own, `runScenario`.)
 */
function applyCancel(state: CanonState, contracts: readonly DesiredContract[]): CanonState[] {
  let states: CanonState[] = [state];
  for (const d of contracts) {
    if (d.status === 'unknown' || !CANCELLED.includes(d.status)) continue;
    for (const key of state.clients.filter((c) => c.code === d.code).map((c) => c.key)) {
      states = states.flatMap((s) => cancelOne(s, key, d.code));
    }
  }
  return states;
}

function cancelOne(state: CanonState, clientKey: string, code: string): CanonState[] {
  const client = state.clients.find((c) => c.key === clientKey) as CanonClient;
  const clients = state.clients.filter((c) => c !== client);
  const property = state.properties.find((p) => p.client === client.key);
  if (!property) return [{ ...state, clients }];
  if (!client.implanted) {
    // R5.3: a desistência leaves nothing.
    return [{ clients, properties: state.properties.filter((p) => p !== property) }];
  }
  // R5.2: the property stays, connected, without its client, with a line of ours.
  const detached = (observation: readonly string[]): CanonState => ({
    clients,
    properties: state.properties.map((p) => (p === property ? { ...p, client: null, observation } : p)),
  });
  const added = detached([...property.observation, removed(code)]);
  return property.observation.includes(removed(code)) ? [detached(property.observation), added] : [added];
}

type Finish = 'keep' | { readonly line: string } | 'removed';

/**
 * R5.5 leaves one thing the state of OZmap alone cannot tell: a cancellation the engine recorded
 * (in its log) and did not finish. When the client went away meanwhile (deleted by hand, or by
 * the interrupted run itself), the engine finishes the job on the property it recorded: the line
 * and the detachment (R5.2) or the removal (R5.3). The model does not read the engine's log, so
 * for a property without a live client that once hosted a now-cancelled code (`hosted`, what
 * the test saw after each step) it accepts the three outcomes: untouched, finished as R5.2,
 * finished as R5.3.
 */
function finishes(
  property: CanonProperty,
  hosted: ReadonlySet<string> | undefined,
  cancelled: ReadonlySet<string>,
): Finish[] {
  const orphan = property.client === null || property.client.startsWith('gone:');
  const codes = [...(hosted ?? [])].filter((code) => cancelled.has(code));
  if (!orphan || codes.length === 0) return ['keep'];
  return ['keep', 'removed', ...codes.map((code) => ({ line: code }))];
}

function applyFinish(state: CanonState, key: string, finish: Finish): CanonState {
  if (finish === 'keep') return state;
  if (finish === 'removed') return { ...state, properties: state.properties.filter((p) => p.key !== key) };
  const token = removed(finish.line);
  return {
    ...state,
    properties: state.properties.map((p) =>
      p.key === key
        ? { ...p, client: null, observation: p.observation.includes(token) ? p.observation : [...p.observation, token] }
        : p,
    ),
  };
}

/**
 * Every state OZmap may be in after one fault-free cancel cycle and then one fault-free sync
 * cycle, from OZmap before them: one, unless an unfinished cancellation may be finished (see
 * `finishes`). Cancel first: a desistência (R5.3) frees its port, which a contract waiting for
 * that port then takes in the same round (R2.7), so the next round has nothing left to do.
 */
export function expectedAfterCancelAndSync(
  pre: OzmapState,
  sgp: Iterable<SgpContract>,
  hosted: ReadonlyMap<string, ReadonlySet<string>>,
): CanonState[] {
  const contracts = [...sgp].map(desiredOf);
  const cancelled = new Set(
    contracts.filter((d) => d.status !== 'unknown' && CANCELLED.includes(d.status)).map((d) => d.code),
  );
  const known = new Set([...pre.ftthClients, ...pre.properties].map((o) => o.id));
  let starts: CanonState[] = [canonical(pre, known)];
  for (const property of starts[0]?.properties ?? []) {
    const options = finishes(property, hosted.get(property.key), cancelled);
    starts = starts.flatMap((state) => options.map((finish) => applyFinish(state, property.key, finish)));
  }
  const results = new Map(
    starts
      .flatMap((start) => applyCancel(start, contracts))
      .map((cancelled) => sortCanon(applySync(pre, cancelled, contracts)))
      .map((state) => [canonicalJson(state), state]),
  );
  return [...results.values()];
}
