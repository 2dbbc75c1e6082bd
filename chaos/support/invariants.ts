import type { OzmapFixture, OzmapState } from '../../sim/ozmap/ozmapFixture.ts';
import type { LogEvent } from './eventLog.ts';
import type { OzmapWrite } from './simWorld.ts';

/**
 * The invariants the issue names, as pure functions of the OZmap state, the event log and the
 * writes the simulator received. Each returns the violations (empty = holds).
 */

type State = OzmapState | OzmapFixture;
const clientsOf = (state: State) => state.ftthClients ?? [];
const propertiesOf = (state: State) => state.properties ?? [];

/** Codes held by more than one FTTH client. */
export function duplicateCodes(state: State): string[] {
  const seen = new Map<string, number>();
  for (const client of clientsOf(state)) seen.set(String(client.code), (seen.get(String(client.code)) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([code, n]) => `code ${code} x${n}`);
}

/** R5.5: a removal line written twice on one property (same `(código N)`). */
export function repeatedObservationLines(state: State): string[] {
  const problems: string[] = [];
  for (const property of propertiesOf(state)) {
    const counts = new Map<string, number>();
    for (const match of String(property.observation ?? '').matchAll(/\(código (\d+)\)/g))
      counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + 1);
    for (const [code, n] of counts) if (n > 1) problems.push(`property ${property.id}: line for código ${code} x${n}`);
  }
  return problems;
}

const round = (n: unknown): string => (typeof n === 'number' ? n.toFixed(6) : String(n));
// The minute a line was written depends on when the run happened, not on what it did.
const withoutDates = (text: unknown): string =>
  String(text ?? '').replace(/ em \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/g, ' em <date>');

/**
 * OZmap's state in a canonical form, free of what legitimately differs between two correct runs
 * (generated ids, fiber ids, timestamps, the minute of an observation line): sorted lines.
 */
export function canonicalOzmap(state: OzmapState): string[] {
  const codeOf = new Map(state.ftthClients.map((c) => [c.id, c.code]));
  const lines: string[] = [];
  const propertyLine = (p: OzmapState['properties'][number]): string =>
    `box=${p.box} addr=${JSON.stringify(p.address)} coords=${(p.coords ?? []).map(round).join(',')} rx=${round(p.potencyRead)} obs=${JSON.stringify(withoutDates(p.observation))} conn=${p.connections
      .map((c) => `${c.id}:${c.port}`)
      .sort()
      .join(',')}`;
  const propertyOf = new Map(state.properties.filter((p) => p.client).map((p) => [p.client!, p]));
  for (const client of state.ftthClients) {
    const property = propertyOf.get(client.id);
    lines.push(
      `client ${client.code} name=${JSON.stringify(client.name)} implanted=${client.implanted} status=${client.status} ${property ? propertyLine(property) : 'no-property'}`,
    );
  }
  for (const property of state.properties) {
    if (property.client && codeOf.has(property.client)) continue;
    lines.push(`property without client ${propertyLine(property)}`);
  }
  for (const splitter of state.splitters) {
    const used = splitter.connectables.output.flatMap((fiber, i) => (fiber ? [i + 1] : []));
    lines.push(`splitter ${splitter.id} used=${used.join(',')}`);
  }
  return lines.sort();
}

/** The lines only one side has, as a short text (empty when equal). */
export function diffLines(actual: readonly string[], expected: readonly string[]): string {
  const count = (lines: readonly string[]) =>
    lines.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const a = count(actual);
  const e = count(expected);
  const extra = [...a].flatMap(([l, n]) => Array<string>(Math.max(0, n - (e.get(l) ?? 0))).fill(l));
  const missing = [...e].flatMap(([l, n]) => Array<string>(Math.max(0, n - (a.get(l) ?? 0))).fill(l));
  if (extra.length === 0 && missing.length === 0) return '';
  return [
    ...missing.slice(0, 3).map((l) => `expected ${l}`),
    ...extra.slice(0, 3).map((l) => `found ${l}`),
    `(${missing.length} missing, ${extra.length} unexpected)`,
  ].join(' | ');
}

/** Clients and properties that disappeared although their contract was not cancelled in SGP. */
export function wrongDeletions(initial: State, final: OzmapState, cancelled: ReadonlySet<string>): string[] {
  const finalClients = new Set(final.ftthClients.map((c) => c.id));
  const finalProperties = new Set(final.properties.map((p) => p.id));
  const codeOf = new Map(clientsOf(initial).map((c) => [c.id, String(c.code)]));
  const problems: string[] = [];
  for (const client of clientsOf(initial)) {
    if (!finalClients.has(client.id) && !cancelled.has(String(client.code)))
      problems.push(`client ${client.id} (code ${client.code}) deleted`);
  }
  for (const property of propertiesOf(initial)) {
    const code = property.client ? codeOf.get(property.client) : undefined;
    if (!finalProperties.has(property.id) && (code === undefined || !cancelled.has(code)))
      problems.push(`property ${property.id} (code ${code ?? 'none'}) deleted`);
  }
  return problems;
}

const OUTCOMES = new Set([
  'OzmapClientCreated',
  'OzmapCreationSuperseded',
  'OzmapClientUpdated',
  'OzmapClientCancelled',
  'OzmapCommandFailed',
]);

/**
 * R6: the last command issued for each contract has its outcome (done, superseded, or failed
 * with its error) in the trail. An earlier command without one was followed by a new decision
 * on a fresh read of OZmap, which the trail shows.
 */
export function unresolvedCommands(events: readonly LogEvent[]): string[] {
  const last = new Map<string, { id: string; text: string; resolved: boolean }>();
  for (const event of events) {
    const id = event.data['commandId'];
    if (typeof id !== 'string') continue;
    if (event.type === 'OzmapCommandIssued') {
      const command = event.data['command'] as { kind?: string } | undefined;
      last.set(event.stream, {
        id,
        text: `${event.stream}: ${command?.kind ?? '?'} ${id.slice(0, 8)}`,
        resolved: false,
      });
    } else if (OUTCOMES.has(event.type)) {
      const open = last.get(event.stream);
      if (open?.id === id) open.resolved = true;
    }
  }
  return [...last.values()].filter((c) => !c.resolved).map((c) => c.text);
}

/**
 * R6: every client the run created or removed is named in its contract's trail: a creation by
 * `OzmapClientCreated`/`OzmapCreationSuperseded`, a removal by `OzmapClientCancelled`.
 */
export function unexplainedChanges(initial: State, final: OzmapState, events: readonly LogEvent[]): string[] {
  const before = new Set(clientsOf(initial).map((c) => c.id));
  const after = new Set(final.ftthClients.map((c) => c.id));
  const named = (types: readonly string[]) =>
    new Set(events.filter((e) => types.includes(e.type)).map((e) => `${e.stream}|${String(e.data['clientId'])}`));
  const created = named(['OzmapClientCreated', 'OzmapCreationSuperseded']);
  const cancelled = named(['OzmapClientCancelled']);
  const problems: string[] = [];
  for (const client of final.ftthClients) {
    if (!before.has(client.id) && !created.has(`contract-${client.code}|${client.id}`))
      problems.push(`client ${client.id} (code ${client.code}) created, not in its trail`);
  }
  for (const client of clientsOf(initial)) {
    if (!after.has(client.id) && !cancelled.has(`contract-${client.code}|${client.id}`))
      problems.push(`client ${client.id} (code ${client.code}) removed, not in its trail`);
  }
  return problems;
}

/** Writes one command may send at most: create 1, update 2 (client, property), cancel 4. */
const WRITES_PER_COMMAND: Record<string, number> = { create: 1, update: 2, cancel: 4 };

/** Why a write is not covered by a command issued (logged) before it; null when it is. */
export function uncoveredWrite(write: OzmapWrite, issued: readonly Record<string, unknown>[] | null): string | null {
  if (write.code === null) return `${write.method} ${write.route} ${write.id ?? ''}: concerns no known contract`;
  if (issued === null || issued.length === 0)
    return `${write.method} ${write.route} for contract ${write.code}: no OzmapCommandIssued before it`;
  const body = (write.body ?? {}) as Record<string, unknown>;
  const keys = Object.keys(body);
  const covers = (c: Record<string, unknown>): boolean => {
    const kind = c['kind'];
    const subset = (patch: unknown) => keys.every((k) => k in ((patch ?? {}) as object));
    switch (`${write.method} ${write.route}`) {
      case 'POST /api/v2/properties':
        return kind === 'create' && c['boxId'] === body['box'];
      case 'PATCH /api/v2/ftth-clients/:id':
        return kind === 'update' && c['clientId'] === write.id && subset(c['clientPatch']);
      case 'PATCH /api/v2/properties/:id':
        return (
          (kind === 'update' && c['propertyId'] === write.id && subset(c['propertyPatch'])) ||
          (kind === 'cancel' && c['propertyId'] === write.id)
        );
      case 'DELETE /api/v2/ftth-clients/:id':
        return kind === 'cancel' && c['clientId'] === write.id;
      case 'DELETE /api/v2/properties/:id':
        return kind === 'cancel' && c['mode'] === 'remove' && c['propertyId'] === write.id;
      case 'POST /api/v2/disconnect':
        return (
          kind === 'cancel' &&
          (c['disconnect'] as { splitterId?: unknown } | null)?.splitterId ===
            (body['elementA'] as { id?: unknown } | undefined)?.id
        );
      default:
        return false;
    }
  };
  return issued.some(covers)
    ? null
    : `${write.method} ${write.route} ${write.id ?? ''} for contract ${write.code}: no issued command covers it (${issued.map((c) => String(c['kind'])).join(',')})`;
}

/** Per contract: no more writes than the commands issued for it allow (campaigns without retries). */
export function writesOverBudget(writes: readonly OzmapWrite[], events: readonly LogEvent[]): string[] {
  const budget = new Map<string, number>();
  for (const event of events) {
    if (event.type !== 'OzmapCommandIssued') continue;
    const kind = String((event.data['command'] as { kind?: unknown })?.kind);
    budget.set(event.stream, (budget.get(event.stream) ?? 0) + (WRITES_PER_COMMAND[kind] ?? 0));
  }
  const used = new Map<string, number>();
  for (const write of writes)
    if (write.code !== null) used.set(`contract-${write.code}`, (used.get(`contract-${write.code}`) ?? 0) + 1);
  return [...used]
    .filter(([stream, n]) => n > (budget.get(stream) ?? 0))
    .map(([stream, n]) => `${stream}: ${n} writes, commands issued allow ${budget.get(stream) ?? 0}`);
}

/** Without crashes, every command issued (each id) must reach an outcome: done, superseded or failed with its error. */
export function commandsWithoutOutcome(events: readonly LogEvent[]): string[] {
  const open = new Map<string, string>();
  for (const event of events) {
    const id = event.data['commandId'];
    if (typeof id !== 'string') continue;
    if (event.type === 'OzmapCommandIssued')
      open.set(
        `${event.stream}|${id}`,
        `${event.stream}: ${String((event.data['command'] as { kind?: unknown })?.kind)} ${id.slice(0, 8)}`,
      );
    else if (OUTCOMES.has(event.type)) open.delete(`${event.stream}|${id}`);
  }
  return [...open.values()];
}

/** Cycles started but never finished in the log. */
export function unfinishedCycles(events: readonly LogEvent[]): string[] {
  const started = new Set(events.filter((e) => e.type === 'CycleStarted').map((e) => String(e.data['cycleId'])));
  for (const e of events) if (e.type === 'CycleFinished') started.delete(String(e.data['cycleId']));
  return [...started];
}
