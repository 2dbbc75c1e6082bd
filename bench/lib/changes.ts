/**
 * Scenario 3's changes, and the objects they make differ, worked out here, independently of the
 * engine: 1% of the contracts change in SGP (name, RX, status, coordinates) and 0.5% of OZmap's
 * clients are edited by hand. Each change is picked so that whether it makes an OZmap object
 * differ follows from RULES R4 directly, without the engine's code:
 *
 * - targets are contracts alone on their SGP client, with one FTTH service, whose OZmap client
 *   and property exist (created by the first sync), status "Ativo" (or "Inativo" for implanting);
 * - SGP name -> the client differs (R4.1); RX to a value 1+ dB away -> the property (R4.2);
 *   coordinates moved 0.0005 degrees -> the property (R4.3); "Ativo" -> "Suspenso" -> nothing
 *   (both are implanted statuses, R4.5; a change that must cost no write); "Inativo" -> "Ativo"
 *   on a client OZmap has not implanted -> the client (R4.5);
 * - by hand in OZmap: a renamed client -> the client (R4.1 overwrites it); a client marked not
 *   implanted -> the client (R4.5); an edited observation -> nothing (no rule compares it).
 *   A quarter of the hand edits land on contracts also changed in SGP, so that one object with
 *   two differing fields must still get one write (R4.7).
 */
import type { OzmapRecord, OzmapState, Sims } from './sims.ts';
import { mulberry32 } from '../../sim/shared/random.ts';

type Json = Record<string, unknown>;

export interface PlannedChanges {
  readonly sgpEdits: readonly { readonly code: string; readonly kind: string; readonly edit: Json }[];
  readonly handEdits: readonly {
    readonly code: string;
    readonly kind: string;
    readonly clientId: string;
    readonly fields: Json;
  }[];
  /** `client:<id>` / `property:<id>`: the OZmap objects that differ from SGP after the changes. */
  readonly differing: ReadonlySet<string>;
  /** Contracts changed in SGP, and OZmap clients edited by hand. */
  readonly changedContracts: number;
  readonly editedClients: number;
}

interface Target {
  readonly code: string;
  readonly status: 'ativo' | 'inativo';
  readonly client: OzmapRecord;
  readonly property: OzmapRecord;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const asObject = (value: unknown): Json | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;

/** The contracts scenario 3 may change, with their OZmap client and property. */
function findTargets(clientes: readonly unknown[], ozmap: OzmapState): Target[] {
  const clientsByCode = new Map<string, OzmapRecord[]>();
  for (const client of ozmap.ftthClients) {
    if (typeof client.code !== 'string') continue;
    clientsByCode.set(client.code, [...(clientsByCode.get(client.code) ?? []), client]);
  }
  const propertiesByClient = new Map<string, OzmapRecord[]>();
  for (const property of ozmap.properties) {
    if (typeof property.client !== 'string') continue;
    propertiesByClient.set(property.client, [...(propertiesByClient.get(property.client) ?? []), property]);
  }
  const targets: Target[] = [];
  for (const record of clientes) {
    const contratos = asObject(record)?.contratos;
    if (!Array.isArray(contratos) || contratos.length !== 1) continue;
    const contrato = asObject(contratos[0]);
    const code = contrato?.contrato ?? contrato?.id;
    if (typeof code !== 'number' && typeof code !== 'string') continue;
    const status = typeof contrato?.status === 'string' ? contrato.status.trim().toLowerCase() : '';
    if (status !== 'ativo' && status !== 'inativo') continue;
    const servicos = Array.isArray(contrato?.servicos) ? contrato.servicos : [];
    const ftth = servicos.filter((s) => asObject(asObject(asObject(s)?.onu)?.splitter) !== null);
    if (servicos.length !== 1 || ftth.length !== 1) continue;
    const clients = clientsByCode.get(String(code)) ?? [];
    if (clients.length !== 1) continue;
    const properties = propertiesByClient.get(clients[0]!.id) ?? [];
    if (properties.length !== 1 || !Array.isArray(properties[0]!.coords)) continue;
    targets.push({ code: String(code), status, client: clients[0]!, property: properties[0]! });
  }
  return targets;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function planChanges(
  clientes: readonly unknown[],
  ozmap: OzmapState,
  contracts: number,
  seed: number,
): PlannedChanges {
  const random = mulberry32(seed);
  const all = findTargets(clientes, ozmap);
  const ativos = shuffled(
    all.filter((t) => t.status === 'ativo' && t.client.implanted === true),
    random,
  );
  const inativos = shuffled(
    all.filter((t) => t.status === 'inativo' && t.client.implanted === false),
    random,
  );
  const sgpCount = Math.max(1, Math.round(contracts * 0.01));
  const handCount = Math.max(1, Math.round(ozmap.ftthClients.length * 0.005));
  const differing = new Set<string>();
  const sgpEdits: PlannedChanges['sgpEdits'][number][] = [];
  const kinds = ['name', 'rx', 'coords', 'suspend', 'implant'] as const;
  let next = 0;
  const changed: Target[] = [];
  for (let i = 0; i < sgpCount; i++) {
    let kind: (typeof kinds)[number] = kinds[i % kinds.length]!;
    if (kind === 'implant' && inativos.length === 0) kind = 'name';
    const target = kind === 'implant' ? inativos.pop()! : ativos[next++];
    if (target === undefined) throw new Error(`scenario 3: not enough contracts to change (${all.length} candidates)`);
    changed.push(target);
    const client = `client:${target.client.id}`;
    const property = `property:${target.property.id}`;
    switch (kind) {
      case 'name':
        sgpEdits.push({ code: target.code, kind, edit: { nome: `Cliente Renomeado ${target.code}` } });
        differing.add(client);
        break;
      case 'rx': {
        const current = typeof target.property.potencyRead === 'number' ? round2(target.property.potencyRead) : null;
        const rx = current === -14.37 ? -16.37 : -14.37;
        sgpEdits.push({ code: target.code, kind, edit: { rx: rx.toFixed(2) } });
        differing.add(property);
        break;
      }
      case 'coords': {
        const [lng, lat] = target.property.coords as [number, number];
        sgpEdits.push({
          code: target.code,
          kind,
          edit: { latitude: (lat + 0.0005).toFixed(6), longitude: (lng + 0.0005).toFixed(6) },
        });
        differing.add(property);
        break;
      }
      case 'suspend':
        sgpEdits.push({ code: target.code, kind, edit: { status: 'Suspenso' } });
        break;
      case 'implant':
        sgpEdits.push({ code: target.code, kind, edit: { status: 'Ativo' } });
        differing.add(client);
        break;
    }
  }
  // Hand edits: a quarter on contracts changed above (still "Ativo" ones), the rest untouched.
  const handEdits: PlannedChanges['handEdits'][number][] = [];
  const overlap = shuffled(
    changed.filter((t) => t.status === 'ativo'),
    random,
  ).slice(0, Math.floor(handCount / 4));
  const fresh = ativos.slice(next, next + (handCount - overlap.length));
  const handKinds = ['rename', 'unimplant', 'observation'] as const;
  [...overlap, ...fresh].forEach((target, i) => {
    const kind = handKinds[i % handKinds.length]!;
    const client = `client:${target.client.id}`;
    if (kind === 'rename') {
      handEdits.push({
        code: target.code,
        kind,
        clientId: target.client.id,
        fields: { name: `${String(target.client.name)} (editado)` },
      });
      differing.add(client);
    } else if (kind === 'unimplant') {
      handEdits.push({ code: target.code, kind, clientId: target.client.id, fields: { implanted: false } });
      differing.add(client);
    } else {
      handEdits.push({
        code: target.code,
        kind,
        clientId: target.client.id,
        fields: { observation: 'Editado à mão pela equipe de campo' },
      });
    }
  });
  if (handEdits.length < handCount)
    throw new Error(`scenario 3: not enough clients to edit by hand (${all.length} candidates)`);
  return { sgpEdits, handEdits, differing, changedContracts: sgpEdits.length, editedClients: handEdits.length };
}

/** Applies the changes through the simulators' hooks, a few at a time. */
export async function applyChanges(sims: Sims, changes: PlannedChanges): Promise<void> {
  const jobs: (() => Promise<void>)[] = [
    ...changes.sgpEdits.map((e) => () => sims.editContract(e.code, e.edit)),
    ...changes.handEdits.map((e) => () => sims.editOzmapObject('ftthClients', e.clientId, e.fields)),
  ];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
}

/** `client:<id>` / `property:<id>` of every client and property whose `updatedAt` moved. */
export function writtenObjects(before: OzmapState, after: OzmapState): Set<string> {
  const written = new Set<string>();
  const compare = (kind: string, a: readonly OzmapRecord[], b: readonly OzmapRecord[]): void => {
    const was = new Map(a.map((r) => [r.id, r.updatedAt]));
    for (const record of b) if (was.get(record.id) !== record.updatedAt) written.add(`${kind}:${record.id}`);
  };
  compare('client', before.ftthClients, after.ftthClients);
  compare('property', before.properties, after.properties);
  compare('splitter', before.splitters, after.splitters);
  compare('box', before.boxes, after.boxes);
  return written;
}
