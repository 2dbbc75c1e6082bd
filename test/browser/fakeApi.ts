import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * A fake of the routes of docs/api-contract.md with fixed data, serving the real dashboard
 * folder at `/`, so the browser test does not depend on the real API. It records what the
 * page sent to the write routes.
 */

export const DASHBOARD_DIR = fileURLToPath(new URL('../../src/adapters/http/dashboard/', import.meta.url));
export const ADMIN_TOKEN = 's3cret-admin';
export const GUARD_HASH = 'a3f9c2e1b7d45e60';
export const XSS_NAME = '<img src=x onerror="window.__xss = 1">Zé do Teste';
export const OBSERVATION = 'Cliente removido pela integração SGP: Maria Souza Lima (código 1234) em 29/11/2026 14:05';
/** The browser's clock in the test: 17:05 UTC is 14:05 in São Paulo. */
export const NOW = '2026-11-29T17:05:00.000Z';

const error = (code: string, message: string) => ({ error: { code, message } });

const cycles = [
  {
    cycleId: 'sync-0007',
    kind: 'sync',
    trigger: 'schedule',
    dryRun: false,
    startedAt: '2026-11-29T17:00:00.000Z',
    finishedAt: '2026-11-29T17:00:08.420Z',
    outcome: 'completed',
    durationMs: 8420,
    counts: { planned: 47, created: 12, updated: 30, skipped: 4, failed: 1 },
    sweepComplete: true,
    ozmapComplete: true,
    error: null,
    plannedCommands: null,
  },
  {
    cycleId: 'sync-0006',
    kind: 'sync',
    trigger: 'api:10.0.0.5',
    dryRun: false,
    startedAt: '2026-11-29T16:50:00.000Z',
    finishedAt: '2026-11-29T16:51:10.000Z',
    outcome: 'incomplete',
    durationMs: 70000,
    counts: { updated: 3, skipped: 2 },
    sweepComplete: false,
    ozmapComplete: true,
    error: null,
    plannedCommands: null,
  },
  {
    cycleId: 'cancel-0003',
    kind: 'cancel',
    trigger: 'schedule',
    dryRun: false,
    startedAt: '2026-11-29T16:45:00.000Z',
    finishedAt: '2026-11-29T16:45:03.100Z',
    outcome: 'guard-tripped',
    durationMs: 3100,
    counts: { planned: 62 },
    sweepComplete: true,
    ozmapComplete: true,
    error: null,
    plannedCommands: null,
  },
  {
    cycleId: 'sync-0005',
    kind: 'sync',
    trigger: 'schedule',
    dryRun: false,
    startedAt: '2026-11-29T16:40:00.000Z',
    finishedAt: '2026-11-29T16:40:00.900Z',
    outcome: 'failed',
    durationMs: 900,
    counts: {},
    sweepComplete: false,
    ozmapComplete: false,
    error: 'SGP unreachable: ECONNREFUSED',
    plannedCommands: null,
  },
];

const skipped = {
  reasons: [
    { reason: 'box-not-found', count: 3, codes: ['2001', '2002', '2003'] },
    { reason: 'port-occupied', count: 1, codes: ['2004'] },
    { reason: 'no-cto-in-sgp', count: 2, codes: ['2005', '2006'] },
    // The API sends at most 50 codes of a group: the count is the group's size.
    { reason: 'cancelled-in-sgp', count: 227, codes: Array.from({ length: 50 }, (_, i) => String(5001 + i)) },
  ],
  unmatchedCtos: [
    {
      cto: 'CTO-CENTRO-01',
      count: 2,
      codes: ['2001', '2002'],
      suggestions: [{ boxName: 'CTO CENTRO 01', why: 'spacing', distance: 1 }],
    },
    {
      cto: 'cto-norte-7',
      count: 1,
      codes: ['2003'],
      suggestions: [
        { boxName: 'CTO-NORTE-7', why: 'case', distance: 0 },
        { boxName: 'CTO-NORTE-1', why: 'edit-distance', distance: 2 },
      ],
    },
  ],
  aliasesSnippet: { 'CTO-CENTRO-01': 'CTO CENTRO 01', 'cto-norte-7': 'CTO-NORTE-7' },
};

const summary = (code: string, name: string, state: string, extra: Record<string, unknown> = {}) => ({
  code,
  name,
  state,
  status: 1,
  cto: 'CTO-CENTRO-02',
  ctoPort: 3,
  skipReason: null,
  lastEventAt: '2026-11-29T17:00:05.000Z',
  lastFailure: null,
  ...extra,
});

const summaries = [
  summary('1234', 'Maria Souza Lima', 'cancelled', { status: 3 }),
  summary('2001', 'João Pereira', 'skipped', { cto: 'CTO-CENTRO-01', skipReason: 'box-not-found' }),
  summary('2004', 'Ana Beatriz Costa', 'skipped', { ctoPort: 5, skipReason: 'port-occupied' }),
  summary('5001', 'Carlos Eduardo Nunes', 'created'),
  summary('6666', XSS_NAME, 'created', { ctoPort: 4 }),
];

const snapshot = (name: string, extra: Record<string, unknown> = {}) => ({
  code: '1234',
  status: 1,
  statusText: 'Ativo',
  name,
  cto: 'CTO-CENTRO-02',
  ctoPort: 3,
  rxDbm: -21.3,
  online: true,
  coords: { lat: -23.55052, lng: -46.633308 },
  address: 'Rua das Flores, 120 - Centro, São Paulo - SP, 01010-000',
  ...extra,
});

const row = (code: string, snap: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  code,
  snapshot: snap,
  previousSnapshot: null,
  observedRevision: 0,
  streamRevision: 3,
  vanished: false,
  lastSkipReason: null,
  lastNotes: {},
  pendingCancellation: null,
  lastHash: 'h1',
  lastObservedAt: '2026-11-10T12:00:00.000Z',
  lastRejected: null,
  ozmap: { clientId: 'oc-1', propertyId: 'op-1' },
  lastEventAt: '2026-11-10T12:00:05.000Z',
  lastFailure: null,
  cancelledAt: null,
  ...extra,
});

const entry = (
  at: string,
  position: number,
  kind: string,
  rule: string | undefined,
  details: Record<string, unknown>,
) => ({
  at,
  position,
  revision: position,
  kind,
  ...(rule ? { rule } : {}),
  summary: `(English summary of ${kind})`,
  details,
});

const history1234 = [
  entry('2026-11-10T12:00:00.000Z', 1, 'observed', 'R1.5', {
    sweepId: 'sw1',
    hash: 'h1',
    snapshot: snapshot('Maria Souza'),
    record: {},
  }),
  entry('2026-11-10T12:00:04.000Z', 2, 'issued', 'R2.5', {
    cycleId: 'sync-0001',
    at: '2026-11-10T12:00:04.000Z',
    commandId: 'cmd1',
    command: { kind: 'create', code: '1234', rule: 'R2.5', reason: 'new contract' },
  }),
  entry('2026-11-10T12:00:05.000Z', 3, 'created', 'R2.5', {
    cycleId: 'sync-0001',
    commandId: 'cmd1',
    clientId: 'oc-1',
    propertyId: 'op-1',
    boxId: 'b1',
    boxName: 'CTO-CENTRO-02',
    connection: { splitterId: 's1', splitterName: 'SPL-1x8-A', port: 3 },
    unconnectedReason: null,
    client: { name: 'Maria Souza', implanted: true, status: 0 },
    property: { address: '', coords: null, potencyRead: -21.3 },
  }),
  entry('2026-11-12T17:03:00.000Z', 4, 'sgp-change', 'R4.1', {
    sweepId: 'sw2',
    hash: 'h2',
    field: 'name',
    from: 'Maria Souza',
    to: 'Maria Souza Lima',
  }),
  entry('2026-11-12T17:03:00.000Z', 4, 'sgp-change', 'R4.2', {
    sweepId: 'sw2',
    hash: 'h2',
    field: 'rxDbm',
    from: -21.3,
    to: -24.9,
  }),
  entry('2026-11-12T17:03:09.000Z', 6, 'updated', 'R4.1', {
    cycleId: 'sync-0002',
    commandId: 'cmd2',
    clientId: 'oc-1',
    propertyId: 'op-1',
    object: 'client',
    field: 'name',
    from: 'Maria Souza',
    to: 'Maria Souza Lima',
    cause: 'sgp',
  }),
  entry('2026-11-12T17:03:09.000Z', 6, 'updated', 'R4.2', {
    cycleId: 'sync-0002',
    commandId: 'cmd2',
    clientId: 'oc-1',
    propertyId: 'op-1',
    object: 'property',
    field: 'potencyRead',
    from: -21.3,
    to: -24.9,
    cause: 'sgp',
  }),
  entry('2026-11-29T17:00:00.000Z', 7, 'sgp-change', 'R1.3', {
    sweepId: 'sw3',
    hash: 'h3',
    field: 'status',
    from: 1,
    to: 3,
  }),
  entry('2026-11-29T17:05:00.000Z', 9, 'cancelled', 'R5.2', {
    cycleId: 'cancel-0004',
    at: '2026-11-29T17:05:00.000Z',
    commandId: 'cmd3',
    mode: 'detach',
    clientId: 'oc-1',
    clientName: 'Maria Souza Lima',
    propertyId: 'op-1',
    observationLine: OBSERVATION,
    observationWritten: true,
    disconnected: false,
  }),
];

const history2001 = [
  entry('2026-11-10T12:00:00.000Z', 1, 'observed', 'R1.5', {
    sweepId: 'sw1',
    hash: 'x',
    snapshot: { ...snapshot('João Pereira'), code: '2001', cto: 'CTO-CENTRO-01' },
    record: {},
  }),
  entry('2026-11-10T12:00:04.000Z', 2, 'skipped', 'R2.3', {
    cycleId: 'sync-0001',
    at: '2026-11-10T12:00:04.000Z',
    rule: 'R2.3',
    reason: 'box-not-found',
    detail: 'no OZmap box named "CTO-CENTRO-01" (SGP CTO "CTO-CENTRO-01")',
  }),
];

const details: Record<string, { contract: unknown; listState: string; seenInOzmap: unknown }> = {
  '1234': {
    listState: 'cancelled',
    contract: row('1234', snapshot('Maria Souza Lima', { status: 3, statusText: 'Cancelado', rxDbm: -24.9 }), {
      cancelledAt: '2026-11-29T17:05:00.000Z',
    }),
    seenInOzmap: {
      at: '2026-11-29T17:05:00.000Z',
      clients: [],
      properties: [
        {
          id: 'op-1',
          boxId: 'b1',
          clientId: null,
          address: 'Rua das Flores, 120 - Centro',
          coords: { lat: -23.55052, lng: -46.633308 },
          observation: `Cliente antigo.\n${OBSERVATION}`,
          potencyRead: -24.9,
          connections: [{ splitterId: 's1', port: 3, fiber: 'f1' }],
        },
      ],
      pendingUpdates: [],
    },
  },
  '2001': {
    listState: 'skipped',
    contract: row(
      '2001',
      { ...snapshot('João Pereira'), code: '2001', cto: 'CTO-CENTRO-01' },
      { ozmap: null, lastSkipReason: 'box-not-found' },
    ),
    seenInOzmap: null,
  },
  '6666': {
    listState: 'created',
    contract: row('6666', { ...snapshot(XSS_NAME), code: '6666' }),
    seenInOzmap: {
      at: '2026-11-29T17:00:00.000Z',
      clients: [{ id: 'oc-6', code: '6666', name: 'Zé', implanted: true, status: 0, observation: '' }],
      properties: [],
      pendingUpdates: [
        {
          kind: 'update',
          code: '6666',
          rule: 'R4.1',
          reason: 'name',
          clientId: 'oc-6',
          propertyId: null,
          clientPatch: {},
          propertyPatch: {},
          changes: [{ object: 'client', field: 'name', from: 'Zé', to: XSS_NAME, rule: 'R4.1', cause: 'drift' }],
        },
      ],
    },
  },
};
// Pages of issue 12: a cancelled contract after its client was removed (7001), a skipped one
// whose OZmap read found no client (3001), one linked to a client found in OZmap (8001).
const cancelledEntry = (code: string) =>
  entry('2026-11-29T17:05:00.000Z', 3, 'cancelled', 'R5.2', {
    cycleId: 'cancel-0004',
    at: '2026-11-29T17:05:00.000Z',
    commandId: 'cmd7',
    mode: 'detach',
    clientId: 'oc-7',
    clientName: 'Pedro Alves',
    propertyId: 'op-7',
    observationLine: `Cliente removido pela integração SGP: Pedro Alves (código ${code}) em 29/11/2026 14:05`,
    observationWritten: true,
    disconnected: false,
  });
const history7001 = [
  entry('2026-11-10T12:00:00.000Z', 1, 'observed', 'R1.5', {
    sweepId: 'sw1',
    hash: 'x7',
    snapshot: { ...snapshot('Pedro Alves'), code: '7001', status: 3, statusText: 'Cancelado' },
    record: {},
  }),
  entry('2026-11-10T12:00:05.000Z', 2, 'linked', 'R3.2', {
    cycleId: 'sync-0001',
    at: '2026-11-10T12:00:05.000Z',
    clientId: 'oc-7',
    propertyId: 'op-7',
    previous: null,
    detail: 'found',
  }),
  cancelledEntry('7001'),
  entry('2026-11-29T17:10:00.000Z', 4, 'skipped', 'R2.1', {
    cycleId: 'sync-0008',
    at: '2026-11-29T17:10:00.000Z',
    rule: 'R2.1',
    reason: 'cancelled-in-sgp',
    detail: 'status "Cancelado" is a cancellation status',
  }),
];
const history8001 = [
  entry('2026-11-10T12:00:00.000Z', 1, 'observed', 'R1.5', {
    sweepId: 'sw1',
    hash: 'x8',
    snapshot: { ...snapshot('Lúcia Ramos'), code: '8001' },
    record: {},
  }),
  entry('2026-11-10T12:00:05.000Z', 2, 'linked', 'R3.2', {
    cycleId: 'sync-0001',
    at: '2026-11-10T12:00:05.000Z',
    clientId: 'oc-8',
    propertyId: 'op-8',
    previous: null,
    detail: 'found',
  }),
];
const emptyRead = { at: '2026-11-29T17:00:00.000Z', clients: [], properties: [], pendingUpdates: [] };
details['7001'] = {
  listState: 'cancelled',
  seenInOzmap: emptyRead,
  contract: row(
    '7001',
    { ...snapshot('Pedro Alves'), code: '7001', status: 3, statusText: 'Cancelado' },
    {
      ozmap: { clientId: 'oc-7', propertyId: 'op-7' },
      foundInOzmap: true,
      cancelledAt: '2026-11-29T17:05:00.000Z',
      lastSkipReason: 'cancelled-in-sgp',
    },
  ),
};
details['3001'] = {
  listState: 'skipped',
  seenInOzmap: emptyRead,
  contract: row(
    '3001',
    { ...snapshot('Rita Gomes'), code: '3001', cto: 'CTO-SUL-9' },
    { ozmap: null, lastSkipReason: 'box-not-found' },
  ),
};
details['8001'] = {
  listState: 'linked',
  seenInOzmap: {
    at: '2026-11-29T17:00:00.000Z',
    clients: [{ id: 'oc-8', code: '8001', name: 'Lúcia Ramos', implanted: true, status: 0, observation: '' }],
    properties: [],
    pendingUpdates: [],
  },
  contract: row(
    '8001',
    { ...snapshot('Lúcia Ramos'), code: '8001' },
    { ozmap: { clientId: 'oc-8', propertyId: 'op-8' }, foundInOzmap: true },
  ),
};
const history3001 = [
  entry('2026-11-10T12:00:00.000Z', 1, 'observed', 'R1.5', {
    sweepId: 'sw1',
    hash: 'x3',
    snapshot: { ...snapshot('Rita Gomes'), code: '3001', cto: 'CTO-SUL-9' },
    record: {},
  }),
  entry('2026-11-10T12:00:04.000Z', 2, 'skipped', 'R2.3', {
    cycleId: 'sync-0001',
    at: '2026-11-10T12:00:04.000Z',
    rule: 'R2.3',
    reason: 'box-not-found',
    detail: 'no OZmap box named "CTO-SUL-9" (SGP CTO "CTO-SUL-9")',
  }),
];

const histories: Record<string, unknown[]> = {
  '1234': history1234,
  '2001': history2001,
  '6666': [],
  '7001': history7001,
  '3001': history3001,
  '8001': history8001,
};

/** The plans the last cycles recorded (GET /api/plan) and a live one (POST /api/plan). */
const recordedPlans = {
  sync: {
    cycleId: 'sync-0007',
    kind: 'sync',
    startedAt: '2026-11-29T17:00:00.000Z',
    dryRun: false,
    at: '2026-11-29T17:00:03.000Z',
    writes: 42,
    blocked: null,
    guard: null,
    groups: [
      { kind: 'create', reason: 'connected', rule: 'R2.5', count: 12, codes: ['5001', '5002', '5003'] },
      { kind: 'update', reason: 'potencyRead', rule: 'R4.2', count: 30, codes: ['1234', '6666'] },
      { kind: 'skip', reason: 'box-not-found', rule: 'R2.3', count: 3, codes: ['2001', '2002', '2003'] },
    ],
  },
  cancel: {
    cycleId: 'cancel-0003',
    kind: 'cancel',
    startedAt: '2026-11-29T16:45:00.000Z',
    dryRun: false,
    at: '2026-11-29T16:45:02.000Z',
    writes: 0,
    blocked: 'guard',
    guard: { tripped: true, removals: 62, totalClients: 950, hash: GUARD_HASH },
    groups: [{ kind: 'cancel', reason: 'detach', rule: 'R5.2', count: 62, codes: ['1234', '7001'] }],
  },
};
const livePlan = {
  at: '2026-11-29T17:05:00.000Z',
  live: true,
  sweepComplete: true,
  ozmapComplete: true,
  sync: {
    writes: 1,
    blocked: null,
    guard: null,
    groups: [{ kind: 'create', reason: 'box-without-splitter', rule: 'R2.4', count: 1, codes: ['9001'] }],
  },
  cancel: {
    writes: 0,
    blocked: null,
    guard: { tripped: false, removals: 0, totalClients: 950, hash: 'e3b0c44298fc1c14' },
    groups: [],
  },
};

export interface FakeApi {
  readonly app: FastifyInstance;
  /** Live plans the page asked for (POST /api/plan), with the token it sent. */
  readonly livePlans: { authorization: string | undefined }[];
  readonly url: string;
  readonly confirmations: { hash: unknown; authorization: string | undefined }[];
  readonly cycleRequests: { kind: unknown; authorization: string | undefined }[];
  readonly atQueries: string[];
  /** R9.3: exclusions the page added or lifted, with the token it sent. */
  readonly exclusionChanges: { path: string; body: unknown; authorization: string | undefined }[];
  /** Decisions on contested fields (POST /api/contested/resolve), with the token sent. */
  readonly resolutions: { body: unknown; authorization: string | undefined }[];
  /** Write attempts answered 401 (no or wrong token). */
  unauthorized: number;
}

function page<T>(items: readonly T[], request: FastifyRequest): { items: T[]; nextCursor: string | null } {
  const q = request.query as Record<string, string | undefined>;
  const limit = Math.min(200, Math.max(1, Number(q.limit ?? 50)));
  const start = Number(q.cursor ?? 0);
  const end = start + limit;
  return { items: items.slice(start, end), nextCursor: end < items.length ? String(end) : null };
}

export async function startFakeApi(): Promise<FakeApi> {
  const app = Fastify();
  let guardPending = true;
  const state: Omit<FakeApi, 'app' | 'url'> = {
    confirmations: [],
    cycleRequests: [],
    atQueries: [],
    livePlans: [],
    exclusionChanges: [],
    resolutions: [],
    unauthorized: 0,
  };
  let contested = true;

  const admin = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (request.headers.authorization === `Bearer ${ADMIN_TOKEN}`) return true;
    state.unauthorized += 1;
    void reply.code(401).send(error('UNAUTHORIZED', 'missing or wrong bearer token'));
    return false;
  };

  await app.register(fastifyStatic, { root: DASHBOARD_DIR, prefix: '/' });

  app.get('/ready', async (_request, reply) =>
    guardPending
      ? reply.code(503).send({
          ready: false,
          reasons: [`mass-deletion guard tripped: 62 removals pending confirmation (hash ${GUARD_HASH})`],
          problems: [{ code: 'guard-tripped', removals: 62, hash: GUARD_HASH }],
        })
      : { ready: true, reasons: [], problems: [] },
  );
  app.get('/api/meta', async () => ({
    timezone: 'America/Sao_Paulo',
    dryRun: true,
    version: '0.1.0',
    nextRuns: { sync: '2026-11-29T17:10:00.000Z', cancel: '2026-11-29T17:30:00.000Z' },
  }));
  app.get('/api/cycles', async (request) => page(cycles, request));
  app.get('/api/skipped', async () => skipped);
  app.get('/api/guard', async () => ({
    pending: guardPending
      ? {
          hash: GUARD_HASH,
          removals: 62,
          totalClients: 950,
          codes: Array.from({ length: 62 }, (_, i) => String(3001 + i)),
          cycleId: 'cancel-0003',
          at: '2026-11-29T16:45:03.100Z',
        }
      : null,
    released: [{ hash: '77aa01be9c3d2f10', at: '2026-11-20T12:00:00.000Z', by: 'api' }],
  }));
  app.get('/api/clients', async (request) => {
    const q = request.query as Record<string, string | undefined>;
    const search = (q.search ?? '').trim().toLowerCase();
    const found = summaries.filter(
      (s) =>
        (!search || s.code === search || s.name.toLowerCase().includes(search)) &&
        (!q.state || s.state === q.state) &&
        (!q.skipReason || s.skipReason === q.skipReason),
    );
    return page(found, request);
  });
  app.get('/api/clients/:code', async (request, reply) => {
    const { code } = request.params as { code: string };
    return details[code] ?? reply.code(404).send(error('CONTRACT_NOT_FOUND', `no contract ${code}`));
  });
  app.get('/api/clients/:code/history', async (request, reply) => {
    const { code } = request.params as { code: string };
    const { at } = request.query as { at?: string };
    if (!(code in histories)) return reply.code(404).send(error('CONTRACT_NOT_FOUND', `no contract ${code}`));
    if (at) {
      state.atQueries.push(at);
      const before = Date.parse(at) < Date.parse('2026-11-12T17:03:00.000Z');
      if (code === '1234' && before) return { at, state: row('1234', snapshot('Maria Souza')), listState: 'created' };
      return { at, state: details[code]?.contract ?? null, listState: details[code]?.listState ?? null };
    }
    return page(histories[code] ?? [], request);
  });
  app.get('/api/plan', async () => recordedPlans);
  app.post('/api/plan', async (request, reply) => {
    if (!admin(request, reply)) return reply;
    state.livePlans.push({ authorization: request.headers.authorization });
    return livePlan;
  });
  app.post('/api/cycles', async (request, reply) => {
    if (!admin(request, reply)) return reply;
    state.cycleRequests.push({
      kind: (request.body as { kind?: unknown }).kind,
      authorization: request.headers.authorization,
    });
    return reply.code(202).send({ queued: true, running: null });
  });
  app.post('/api/cancellations/confirm', async (request, reply) => {
    if (!admin(request, reply)) return reply;
    const { hash } = request.body as { hash?: unknown };
    state.confirmations.push({ hash, authorization: request.headers.authorization });
    if (!guardPending || hash !== GUARD_HASH)
      return reply.code(409).send(error('GUARD_HASH_MISMATCH', 'no pending set with that hash'));
    guardPending = false;
    return {
      cycleId: 'cancel-0004',
      kind: 'cancel',
      outcome: 'completed',
      contractsWithFailedWrites: 0,
      counts: { cancelled: 62 },
      durationMs: 5400,
      error: null,
    };
  });

  // R9: other writers.
  const exclusions = [
    { kind: 'box', value: 'CTO-CENTRO-9', reason: 'migração', by: 'cli:ana', at: '2026-11-29T16:00:00.000Z' },
  ];
  app.get('/api/drift', async () => ({
    at: '2026-11-29T17:00:00.000Z',
    digestAgeMs: 86_400_000,
    lastDigest: null,
    fieldPolicies: {
      name: 'sgp',
      potencyRead: 'sgp',
      coords: 'fill',
      address: 'ozmap',
      implanted: 'sgp',
      status: 'sgp',
      onu: 'off',
    },
    items: [
      {
        code: '1001',
        field: 'address',
        object: 'property',
        sgpValue: 'Rua A, 10',
        ozmapValue: 'Rua A, 10 (fundos)',
        cause: 'policy-ozmap',
        since: '2026-11-27T17:00:00.000Z',
        ageMs: 172_800_000,
      },
    ],
  }));
  app.get('/api/exclusions', async () => ({ exclusions }));
  for (const path of ['/api/exclusions', '/api/exclusions/remove'])
    app.post(path, async (request, reply) => {
      if (!admin(request, reply)) return reply;
      state.exclusionChanges.push({ path, body: request.body, authorization: request.headers.authorization });
      return { changed: true, exclusions };
    });
  app.get('/api/contested', async () => ({
    items: contested
      ? [
          {
            code: '1234',
            name: 'Maria Souza Lima',
            field: 'name',
            state: 'contested',
            mode: 'hold',
            owner: null,
            since: '2026-11-29T16:40:00.000Z',
            sgpValue: 'Maria Souza Lima',
            ozmapValue: 'Maria S. Lima (à mão)',
            changesBack: 3,
            lastChangeBackAt: '2026-11-29T17:00:00.000Z',
            changedBy: null,
          },
        ]
      : [],
  }));
  app.post('/api/contested/resolve', async (request, reply) => {
    if (!admin(request, reply)) return reply;
    state.resolutions.push({ body: request.body, authorization: request.headers.authorization });
    contested = false;
    return { recorded: ['FieldOverrideSet', 'FieldContestResolved'] };
  });

  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return Object.assign(state, { app, url });
}
