import { describe, expect, it } from 'vitest';
import type { EventStore } from '../../src/domain/eventStore.ts';
import { getMemoryEventStore } from '../../src/adapters/eventstore/memoryEventStore.ts';
import { commandId } from '../../src/domain/events/eventIds.ts';
import { contractStream } from '../../src/domain/events/streams.ts';
import type { OzClient, OzProperty } from '../../src/domain/ozmap/ozmapObjects.ts';
import type {
  CancelClientCommand,
  CreateClientCommand,
  PlannedCommand,
  UpdateClientCommand,
} from '../../src/domain/planner/commands.ts';
import { createEventWriter } from '../../src/reconciler/eventWriter.ts';
import {
  executeCommand,
  recordFinishedCancellations,
  type ExecutionContext,
} from '../../src/reconciler/executeCommand.ts';
import type { ContractState, PendingCancellation } from '../../src/domain/planner/contractState.ts';
import type { OzmapGateway } from '../../src/reconciler/ports.ts';

const CODE = '1234';
const LINE = 'Cliente removido pela integração SGP: Maria da Silva (código 1234) em 29/11/2026 14:05';

const aCreate = (): CreateClientCommand => ({
  kind: 'create',
  code: CODE,
  rule: 'R2.5',
  reason: 'box "CTO-01", splitter "SPL-1" port 3',
  boxId: 'box-1',
  boxName: 'CTO-01',
  boxProject: 'proj-1',
  connection: { splitterId: 'spl-1', splitterName: 'SPL-1', port: 3 },
  unconnectedReason: null,
  property: { address: 'Rua A, 10', coords: { lat: -3.73, lng: -38.52 }, potencyRead: -21.5 },
  client: { code: CODE, name: 'Maria da Silva', implanted: true, status: 0 },
});
const anUpdate = (overrides: Partial<UpdateClientCommand> = {}): UpdateClientCommand => ({
  kind: 'update',
  code: CODE,
  rule: 'R4.1,R4.2',
  reason: 'name, potencyRead',
  clientId: 'client-1',
  propertyId: 'prop-1',
  clientPatch: { name: 'Maria da Silva' },
  propertyPatch: { potencyRead: -19 },
  changes: [
    { object: 'client', field: 'name', from: 'Maria', to: 'Maria da Silva', rule: 'R4.1', cause: 'drift' },
    { object: 'property', field: 'potencyRead', from: -21.5, to: -19, rule: 'R4.2', cause: 'sgp' },
  ],
  ...overrides,
});
const aCancel = (overrides: Partial<CancelClientCommand> = {}): CancelClientCommand => ({
  kind: 'cancel',
  code: CODE,
  rule: 'R5.2',
  reason: 'cancelled in SGP, client implanted: leaves its property',
  mode: 'detach',
  clientId: 'client-1',
  clientName: 'Maria da Silva',
  propertyId: 'prop-1',
  observationLine: LINE,
  disconnect: null,
  resumed: false,
  ...overrides,
});

const aClient = (): OzClient => ({
  id: 'client-1',
  code: CODE,
  name: 'Maria',
  implanted: true,
  status: 0,
  observation: '',
});
const aProperty = (overrides: Partial<OzProperty> = {}): OzProperty => ({
  id: 'prop-1',
  boxId: 'box-1',
  clientId: 'client-1',
  address: 'Rua A, 10',
  coords: null,
  observation: 'Poste 12',
  potencyRead: -21.5,
  connections: [{ splitterId: 'spl-1', port: 3, fiber: 'fiber-1' }],
  ...overrides,
});

/**
 * An OZmap that keeps what is written to it, and one log of every gateway call and every event
 * append, in the order they happened. `failOn` makes one gateway method throw.
 */
function world(
  args: {
    clients?: OzClient[];
    properties?: OzProperty[];
    failOn?: { method: keyof OzmapGateway; error: unknown };
  } = {},
) {
  const log: string[] = [];
  const clients = new Map((args.clients ?? []).map((c) => [c.id, c]));
  const properties = new Map((args.properties ?? []).map((p) => [p.id, p]));
  const call = (method: keyof OzmapGateway, detail: string): void => {
    log.push(`${method} ${detail}`);
    if (args.failOn?.method === method) throw args.failOn.error;
  };
  const gateway: OzmapGateway = {
    readActual: async () => {
      throw new Error('not used by executeCommand');
    },
    findClientByCode: async (code) => {
      call('findClientByCode', code);
      return [...clients.values()].find((c) => c.code === code) ?? null;
    },
    getProperty: async (id) => {
      call('getProperty', id);
      return properties.get(id) ?? null;
    },
    createPropertyWithClient: async (command) => {
      call('createPropertyWithClient', command.code);
      const clientId = `client-${clients.size + 1}`;
      clients.set(clientId, {
        id: clientId,
        code: command.code,
        name: command.client.name,
        implanted: command.client.implanted,
        status: command.client.status,
        observation: '',
      });
      properties.set(`prop-${clientId}`, aProperty({ id: `prop-${clientId}`, clientId }));
      return { clientId, propertyId: `prop-${clientId}` };
    },
    createClient: async (input) => {
      call('createClient', input.code);
      const clientId = `client-${clients.size + 1}`;
      clients.set(clientId, {
        id: clientId,
        code: input.code,
        name: input.name,
        implanted: input.implanted,
        status: input.status,
        observation: '',
      });
      return { clientId };
    },
    updateClient: async (id, patch) => {
      call('updateClient', `${id} ${JSON.stringify(patch)}`);
    },
    updateProperty: async (id, patch) => {
      call('updateProperty', `${id} ${JSON.stringify(patch)}`);
      const current = properties.get(id);
      if (!current) return;
      properties.set(id, {
        ...current,
        ...(patch.observation !== undefined ? { observation: patch.observation } : {}),
        ...(patch.client !== undefined ? { clientId: patch.client } : {}),
      });
    },
    deleteClient: async (id) => {
      call('deleteClient', id);
      return clients.delete(id) ? 'deleted' : 'absent';
    },
    deleteProperty: async (id) => {
      call('deleteProperty', id);
      return properties.delete(id) ? 'deleted' : 'absent';
    },
    disconnect: async (splitterId, fiber) => {
      call('disconnect', `${splitterId} ${fiber}`);
    },
  };
  const memory = getMemoryEventStore();
  const store: EventStore = Object.assign(Object.create(memory) as EventStore, {
    append: async (...a: Parameters<EventStore['append']>) => {
      for (const event of a[1]) log.push(`append ${event.type}`);
      return memory.append(...a);
    },
  });
  const ctx: ExecutionContext = {
    gateway,
    writer: createEventWriter(store),
    cycleId: 'sync-1',
    now: () => new Date('2026-11-29T17:05:00Z'),
    observedRevision: () => 0,
  };
  const run = (command: PlannedCommand) => executeCommand(command, ctx);
  const finish = (states: readonly ContractState[], planned: readonly PlannedCommand[]) =>
    recordFinishedCancellations(states, planned, ctx);
  const events = async () => memory.readStream(contractStream(CODE));
  const payloads = async (type: string) =>
    (await events()).filter((e) => e.type === type).map((e) => e.data as Record<string, unknown>);
  return { log, clients, properties, run, finish, events, payloads };
}

describe('executeCommand: intent first', () => {
  it('DESIGN the intent event (OzmapCommandIssued) is appended before the write, the outcome after it', async () => {
    const w = world();
    expect(await w.run(aCreate())).toBe('created');
    expect(w.log).toEqual([
      'append OzmapCommandIssued',
      `findClientByCode ${CODE}`,
      `createPropertyWithClient ${CODE}`,
      'append OzmapClientCreated',
    ]);
  });

  it('DESIGN the intent carries the whole command and an id from the client and its observation position', async () => {
    const w = world();
    await w.run(aCreate());
    const [issued] = await w.payloads('OzmapCommandIssued');
    expect(issued).toMatchObject({ commandId: commandId(CODE, 'create', 0, ''), command: aCreate() });
    expect(await w.payloads('OzmapClientCreated')).toEqual([
      expect.objectContaining({ commandId: issued?.commandId, clientId: 'client-1', propertyId: 'prop-client-1' }),
    ]);
  });
});

describe('executeCommand: creation (R3.2)', () => {
  it('R3.2 creation re-checks by code right before the call, and records Superseded instead of creating', async () => {
    const w = world({ clients: [aClient()] });
    expect(await w.run(aCreate())).toBe('superseded');
    expect(w.log).not.toContain(`createPropertyWithClient ${CODE}`);
    expect(await w.payloads('OzmapCreationSuperseded')).toEqual([expect.objectContaining({ clientId: 'client-1' })]);
    expect(w.clients.size).toBe(1);
  });

  it('R3.2 a replayed create never produces a second client', async () => {
    const w = world();
    expect(await w.run(aCreate())).toBe('created');
    expect(await w.run(aCreate())).toBe('superseded');
    expect([...w.clients.values()].filter((c) => c.code === CODE)).toHaveLength(1);
  });
});

describe('executeCommand: failures', () => {
  const unavailable = Object.assign(new Error('OZmap answered 503'), {
    code: 'UPSTREAM_SERVER_ERROR',
    retryable: true,
    details: { status: 503 },
  });

  it('DESIGN a failure records OzmapCommandFailed with the step and the error, and never throws', async () => {
    const w = world({ failOn: { method: 'updateProperty', error: unavailable } });
    expect(await w.run(anUpdate())).toBe('failed');
    expect(await w.payloads('OzmapCommandFailed')).toEqual([
      expect.objectContaining({
        kind: 'update',
        step: 'patch-property',
        error: { code: 'UPSTREAM_SERVER_ERROR', message: 'OZmap answered 503', status: 503 },
        retryable: true,
      }),
    ]);
    expect(await w.payloads('OzmapClientUpdated')).toEqual([]);
  });

  it('DESIGN a cancellation failing at the client delete names that step', async () => {
    const w = world({
      clients: [aClient()],
      properties: [aProperty()],
      failOn: { method: 'deleteClient', error: unavailable },
    });
    expect(await w.run(aCancel())).toBe('failed');
    expect(await w.payloads('OzmapCommandFailed')).toEqual([
      expect.objectContaining({ kind: 'cancel', step: 'delete-client' }),
    ]);
    expect(await w.payloads('OzmapClientCancelled')).toEqual([]);
  });

  it('DESIGN a failure that is not an upstream error is recorded as INTERNAL, not retryable', async () => {
    const w = world({ failOn: { method: 'createPropertyWithClient', error: 'boom' } });
    expect(await w.run(aCreate())).toBe('failed');
    expect(await w.payloads('OzmapCommandFailed')).toEqual([
      expect.objectContaining({ step: 'create', error: { code: 'INTERNAL', message: 'boom' }, retryable: false }),
    ]);
  });
});

describe('executeCommand: updates (R4.7)', () => {
  it('R4.7 one PATCH per object carrying its fields, none for an object with nothing to change', async () => {
    const w = world();
    expect(await w.run(anUpdate({ propertyPatch: {} }))).toBe('updated');
    expect(w.log.filter((l) => !l.startsWith('append'))).toEqual(['updateClient client-1 {"name":"Maria da Silva"}']);
  });
});

describe('executeCommand: cancellation steps are idempotent (R5.5)', () => {
  it('R5.2 detach: the line is appended after the existing text and the client detached in one write, then deleted', async () => {
    const w = world({ clients: [aClient()], properties: [aProperty()] });
    expect(await w.run(aCancel())).toBe('cancelled');
    expect(w.properties.get('prop-1')).toMatchObject({ observation: `Poste 12\n${LINE}`, clientId: null });
    expect(w.clients.size).toBe(0);
    expect(w.log.filter((l) => !l.startsWith('append'))).toEqual([
      'getProperty prop-1',
      `updateProperty prop-1 ${JSON.stringify({ observation: `Poste 12\n${LINE}`, client: null })}`,
      'deleteClient client-1',
    ]);
  });

  it('R5.5 run again, the detach writes no second line and tolerates the client already gone', async () => {
    const w = world({ clients: [aClient()], properties: [aProperty()] });
    await w.run(aCancel());
    expect(await w.run(aCancel())).toBe('cancelled');
    expect(w.properties.get('prop-1')?.observation).toBe(`Poste 12\n${LINE}`);
    expect(w.log.filter((l) => l.startsWith('updateProperty'))).toHaveLength(1);
    expect((await w.payloads('OzmapClientCancelled')).map((c) => c.observationWritten)).toEqual([true, false]);
  });

  it('R5.3 remove: the property goes first, then the client; run again, both are already gone and it still completes', async () => {
    const w = world({ clients: [aClient()], properties: [aProperty()] });
    const remove = aCancel({ mode: 'remove', rule: 'R5.3', observationLine: null });
    expect(await w.run(remove)).toBe('cancelled');
    expect(w.log.filter((l) => l.startsWith('delete'))).toEqual(['deleteProperty prop-1', 'deleteClient client-1']);
    expect(await w.run(remove)).toBe('cancelled');
    expect(w.properties.size + w.clients.size).toBe(0);
  });

  it('R5.4 disconnectCancelledProperty frees the splitter port after the client is deleted', async () => {
    const w = world({ clients: [aClient()], properties: [aProperty()] });
    await w.run(aCancel({ disconnect: { splitterId: 'spl-1', fiber: 'fiber-1' } }));
    expect(w.log.filter((l) => !l.startsWith('append')).slice(-2)).toEqual([
      'deleteClient client-1',
      'disconnect spl-1 fiber-1',
    ]);
    expect(await w.payloads('OzmapClientCancelled')).toEqual([expect.objectContaining({ disconnected: true })]);
  });
});

describe('executeCommand: skips and notes', () => {
  it('R2.7 a skip already recorded with that reason appends nothing; a new reason is recorded', async () => {
    const w = world();
    const skip = {
      kind: 'skip',
      code: CODE,
      rule: 'R2.3',
      reason: 'box-not-found',
      detail: 'no OZmap box named "CTO-01"',
    } as const;
    expect(await w.run({ ...skip, record: false })).toBe('skipped');
    expect(await w.events()).toEqual([]);
    expect(await w.run({ ...skip, record: true })).toBe('skipped');
    expect(await w.payloads('ClientCreationSkipped')).toEqual([
      expect.objectContaining({ reason: 'box-not-found', rule: 'R2.3' }),
    ]);
  });

  it('R4.8 a divergence note is recorded with its key, and nothing is written to OZmap', async () => {
    const w = world();
    const note = {
      kind: 'note',
      code: CODE,
      rule: 'R4.8',
      reason: 'CTO changed',
      note: 'cto-divergence',
      detail: 'SGP: CTO "X"',
      key: 'X|3|box-1|3',
    } as const;
    expect(await w.run(note)).toBe('noted');
    expect(await w.payloads('AuditNoteRecorded')).toEqual([
      expect.objectContaining({ note: 'cto-divergence', key: 'X|3|box-1|3' }),
    ]);
    expect(w.log).toEqual(['append AuditNoteRecorded']);
  });
});

describe('recordFinishedCancellations (R5.5, regression)', () => {
  const pending: PendingCancellation = {
    commandId: 'cmd-1',
    mode: 'detach',
    clientId: 'client-1',
    clientName: 'Maria',
    propertyId: 'prop-1',
    observationLine: LINE,
    disconnect: null,
  };
  const state = (code: string, pendingCancellation: PendingCancellation | null): ContractState => ({
    code,
    snapshot: null,
    previousSnapshot: null,
    observedRevision: 0,
    streamRevision: 0,
    vanished: false,
    lastSkipReason: null,
    lastNotes: {},
    pendingCancellation,
  });

  it('R5.5 a pending cancellation with nothing left to do is recorded finished, with the line and command id decided before', async () => {
    const w = world();
    expect(await w.finish([state(CODE, pending)], [])).toBe(1);
    expect(await w.payloads('OzmapClientCancelled')).toEqual([
      expect.objectContaining({
        commandId: 'cmd-1',
        mode: 'detach',
        clientId: 'client-1',
        propertyId: 'prop-1',
        observationLine: LINE,
        observationWritten: false,
      }),
    ]);
    expect(w.log).toEqual(['append OzmapClientCancelled']);
  });

  it('R5.5 nothing is recorded for a contract the plan still acts on, nor for one with nothing pending', async () => {
    const w = world();
    expect(await w.finish([state(CODE, pending)], [aCancel({ resumed: true })])).toBe(0);
    expect(await w.finish([state(CODE, null)], [])).toBe(0);
    expect(await w.events()).toEqual([]);
  });
});

describe('executeCommand: reactivation on the previous property (R5.8)', () => {
  const reuse = (clientId: string | null = null): CreateClientCommand => ({
    ...aCreate(),
    rule: 'R5.8',
    reuseProperty: { propertyId: 'prop-old', clientId },
  });
  const kept = () => aProperty({ id: 'prop-old', clientId: null, observation: 'Cliente removido ...' });

  it('R5.8 a new client is created alone, then attached to the previous property; the outcome says it was reused', async () => {
    const w = world({ clients: [], properties: [kept()] });
    expect(await w.run(reuse())).toBe('created');
    expect(w.log.filter((l) => !l.startsWith('append'))).toEqual([
      `findClientByCode ${CODE}`,
      'getProperty prop-old',
      `createClient ${CODE}`,
      'updateProperty prop-old {"client":"client-1"}',
    ]);
    expect(await w.payloads('OzmapClientCreated')).toEqual([
      expect.objectContaining({ clientId: 'client-1', propertyId: 'prop-old', reusedProperty: true }),
    ]);
  });

  it('R5.8 run again after a stop between the two steps: the client already created is attached, no second client', async () => {
    const w = world({ clients: [{ ...aClient(), id: 'client-9' }], properties: [kept()] });
    expect(await w.run(reuse('client-9'))).toBe('created');
    expect(w.log).not.toContain(`createClient ${CODE}`);
    expect(w.clients.size).toBe(1);
    expect(w.properties.get('prop-old')?.clientId).toBe('client-9');
  });

  it('R3.2 a client of the code made elsewhere since the read -> superseded, nothing written', async () => {
    const w = world({ clients: [{ ...aClient(), id: 'client-7' }], properties: [kept()] });
    expect(await w.run(reuse())).toBe('superseded');
    expect(w.log.some((l) => l.startsWith('updateProperty') || l.startsWith('createClient'))).toBe(false);
  });
});
