import fc from 'fast-check';
import type { EventPayload, EventType } from '../../src/domain/events/catalogue.ts';
import { contractStream, CYCLES_STREAM } from '../../src/domain/events/streams.ts';
import { aRecord, anOnu, aService } from '../domain/sgp/sgpRecordBuilder.ts';
import {
  cancelCommand,
  cancelled,
  created,
  failed,
  issued,
  note,
  observed,
  rejected,
  skipped,
  plannedUpdate,
  superseded,
  updated,
  vanished,
} from './projectionEvents.ts';

/** One event to append: a valid catalogue payload on a contract stream or the cycles stream. */
export interface LogEvent {
  readonly stream: string;
  readonly type: EventType;
  readonly data: unknown;
}

const codes = fc.constantFrom('1', '2', '10');
const cycleIds = fc.constantFrom('c1', 'c2', 'c3');
const hashes = fc.constantFrom('h1', 'h2');
const minute = fc.integer({ min: 0, max: 10_000 });
const at = (m: number): string => new Date(Date.UTC(2026, 0, 1) + m * 60_000).toISOString();

const record = fc
  .record({
    code: codes,
    name: fc.constantFrom('Ana', ' Ana ', 'João  Silva', ''),
    rx: fc.constantFrom('-21,5', '-24.9', null, '-99.999', 'x'),
    status: fc.constantFrom<string | number>('Ativo', 'Cancelado', '2', 'inviabilidade técnica', 'xx', 4),
  })
  .map(({ code, name, rx, status }) =>
    aRecord({ code, status, cliente: { nome: name, endereco: null }, servicos: [aService({ onu: anOnu({ rx }) })] }),
  );

const on = <T extends EventType>(code: string, type: T, data: EventPayload<T>): LogEvent => ({
  stream: contractStream(code),
  type,
  data,
});
const cycleEvent = <T extends EventType>(type: T, data: EventPayload<T>): LogEvent => ({
  stream: CYCLES_STREAM,
  type,
  data,
});

const contractEvent: fc.Arbitrary<LogEvent> = fc.oneof(
  fc.tuple(record, minute).map(([r, m]) => on(r.code, 'SgpContractObserved', observed(r, at(m)))),
  fc.tuple(codes, minute).map(([c, m]) => on(c, 'SgpContractRejected', rejected('cliente.nome', 'not text', at(m)))),
  fc.tuple(codes, minute).map(([c, m]) => on(c, 'SgpContractVanished', vanished(at(m)))),
  fc
    .tuple(codes, fc.constantFrom('box-not-found', 'no-cto-in-sgp', 'port-occupied'), minute)
    .map(([c, r, m]) => on(c, 'ClientCreationSkipped', skipped(r, at(m)))),
  fc
    .tuple(codes, fc.constantFrom('cl-1', 'cl-2'), minute)
    .map(([c, id, m]) => on(c, 'OzmapClientCreated', created(id, `pr-${id}`, at(m)))),
  fc
    .tuple(codes, fc.constantFrom('cl-1', 'cl-3'), minute)
    .map(([c, id, m]) => on(c, 'OzmapCreationSuperseded', superseded(id, at(m)))),
  fc
    .tuple(codes, minute)
    .map(([c, m]) =>
      on(
        c,
        'OzmapClientUpdated',
        updated([{ object: 'client', field: 'name', from: 'X', to: 'Ana', rule: 'R4.1', cause: 'drift' }], {}, at(m)),
      ),
    ),
  fc
    .tuple(codes, fc.constantFrom('detach', 'remove'), minute)
    .map(([c, mode, m]) => on(c, 'OzmapCommandIssued', issued(`cancel-${m}`, cancelCommand({ code: c, mode }), at(m)))),
  fc
    .tuple(codes, fc.boolean())
    .map(([c, withClient]) => on(c, 'OzmapClientCancelled', cancelled({ clientId: withClient ? 'cl-1' : null }))),
  fc.tuple(codes, minute).map(([c, m]) => on(c, 'OzmapCommandFailed', failed('UPSTREAM_SERVER_ERROR', 'down', at(m)))),
  fc
    .tuple(codes, fc.constantFrom('k1', 'k2'), minute)
    .map(([c, k, m]) => on(c, 'AuditNoteRecorded', note('cto-divergence', k, at(m)))),
);

const kinds = fc.constantFrom<'sync' | 'cancel'>('sync', 'cancel');

const cyclesEvent: fc.Arbitrary<LogEvent> = fc.oneof(
  fc
    .tuple(cycleIds, kinds, fc.boolean(), minute)
    .map(([cycleId, kind, dryRun, m]) =>
      cycleEvent('CycleStarted', { v: 1, cycleId, kind, at: at(m), dryRun, trigger: 'schedule' }),
    ),
  fc
    .tuple(
      cycleIds,
      kinds,
      fc.constantFrom('completed', 'incomplete', 'guard-tripped', 'failed') as fc.Arbitrary<
        EventPayload<'CycleFinished'>['outcome']
      >,
      minute,
    )
    .map(([cycleId, kind, outcome, m]) =>
      cycleEvent('CycleFinished', {
        v: 1,
        cycleId,
        kind,
        at: at(m),
        outcome,
        durationMs: m,
        sweepComplete: true,
        ozmapComplete: outcome !== 'incomplete',
        dryRun: false,
        counts: { n: m },
        error: null,
      }),
    ),
  fc.tuple(cycleIds, fc.nat(3), minute).map(([cycleId, n, m]) =>
    cycleEvent('CyclePlanned', {
      v: 1,
      cycleId,
      at: at(m),
      commands: Array.from({ length: n }, () => plannedUpdate('1')),
    }),
  ),
  fc.tuple(cycleIds, hashes, minute).map(([cycleId, hash, m]) =>
    cycleEvent('CancellationGuardTripped', {
      v: 1,
      cycleId,
      at: at(m),
      hash,
      removals: 60,
      totalClients: 100,
      codes: ['1'],
    }),
  ),
  fc
    .tuple(hashes, minute)
    .map(([hash, m]) => cycleEvent('CancellationGuardReleased', { v: 1, at: at(m), hash, by: 'ana' })),
);

/** A random log over a few contracts and cycles, every event valid for the catalogue. */
export const arbitraryLog = (): fc.Arbitrary<LogEvent[]> =>
  fc.array(fc.oneof({ arbitrary: contractEvent, weight: 3 }, { arbitrary: cyclesEvent, weight: 1 }), {
    minLength: 1,
    maxLength: 40,
  });
