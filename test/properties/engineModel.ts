import fc from 'fast-check';
import type { OzmapState } from '../../sim/ozmap/ozmapFixture.ts';
import type { StopPoint } from './killSwitch.ts';
import {
  CODES,
  contractArb,
  ctoArb,
  nameArb,
  onlineArb,
  placeArb,
  portArb,
  rxArb,
  sgpRecord,
  statusArb,
  STREETS,
  type CtoText,
  type NameText,
  type Place,
  type RxText,
  type SgpContract,
  type StatusText,
} from './world.ts';

/**
 * The model-based run: `fc.commands` over SGP changes, OZmap hand edits, sync and cancel cycles
 * (each possibly killed at an operation drawn by fast-check, then restarted), OZmap fault plans
 * (exact request indices) and restarts. The model is SGP as the test made it; what OZmap must
 * become is computed from it, and from OZmap before the final round, by `desiredState.ts`.
 */

export interface Model {
  /** SGP's contracts, by code, exactly as the simulator holds them. */
  readonly sgp: Map<string, SgpContract>;
}

/** An OZmap fault rule, as `POST /__sim/faults` takes it: exact request indices, never a rate. */
export interface FaultRule {
  readonly match: { readonly method: string; readonly route: string };
  readonly fault:
    | { readonly kind: 'status'; readonly status: number; readonly retryAfter: number }
    | { readonly kind: 'reset' }
    | { readonly kind: 'html200' };
  readonly when: 'before' | 'after';
  readonly sequence: readonly number[];
}

/** The system under test, as the commands drive it (implemented by `scenario.ts`). */
export interface Real {
  sgpEdit(code: string, edit: Record<string, unknown>): Promise<void>;
  sgpAdd(record: Record<string, unknown>): Promise<void>;
  sgpDelete(code: string): Promise<void>;
  ozmapState(): Promise<OzmapState>;
  /**
   * A hand edit that leaves a value outside OZmap's documented forms (decision 0004): from then
   * on the service must never write that record.
   */
  ozmapBreak(collection: 'ftthClients' | 'properties', id: string, fields: Record<string, unknown>): Promise<void>;
  /** A hand edit in OZmap (`/__sim/objects`), bypassing the API's rules as a person's edit does. */
  ozmapEdit(
    collection: 'ftthClients' | 'properties',
    id: string,
    fields: Record<string, unknown> | null,
  ): Promise<void>;
  /** A hand creation in OZmap (`POST /__sim/objects`): a splitter installed in a box (issue 14). */
  ozmapAdd(collection: 'splitters', record: Record<string, unknown>): Promise<void>;
  setFaults(rules: readonly FaultRule[]): Promise<void>;
  /** One cycle; with `stop`, the engine is killed there (if the cycle gets that far), then restarted. */
  cycle(kind: 'sync' | 'cancel', stop: StopPoint | null): Promise<void>;
  restart(): Promise<void>;
  /** Checks the invariants of every step (no duplicate client, no doubled or lost line). */
  observe(step: string): Promise<void>;
}

export type Cmd = fc.AsyncCommand<Model, Real>;

/** A command from its description, check and action; `observe` runs after every action. */
export function command(
  label: string,
  check: (m: Readonly<Model>) => boolean,
  act: (m: Model, r: Real) => Promise<void>,
): Cmd {
  return {
    check,
    async run(m, r) {
      await act(m, r);
      await r.observe(label);
    },
    toString: () => label,
  };
}

export const present = (code: string) => (m: Readonly<Model>) => m.sgp.has(code);
/** Mostly codes the initial world has (101-103 always, 104 often), sometimes new or absent ones. */
export const codeArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CODES.slice(0, 4)) },
  { weight: 1, arbitrary: fc.constantFrom(...CODES) },
);

/** An edit of one contract in SGP, applied to the simulator and to the model alike. */
function sgpChange(code: string, label: string, edit: Record<string, unknown>, apply: (c: SgpContract) => void): Cmd {
  return command(`sgp ${code} ${label}`, present(code), async (m, r) => {
    await r.sgpEdit(code, edit);
    apply(m.sgp.get(code) as SgpContract);
  });
}

/** A hand edit on the client of `code` (or its property), when OZmap has one. */
function handEdit(
  code: string,
  label: string,
  edit: (state: OzmapState, clientId: string, r: Real) => Promise<void>,
): Cmd {
  return command(
    `hand ${code} ${label}`,
    () => true,
    async (_m, r) => {
      const state = await r.ozmapState();
      const client = state.ftthClients.find((c) => c.code === code);
      if (client) await edit(state, client.id, r);
    },
  );
}

const onProperty = (fields: Record<string, unknown>) => async (state: OzmapState, clientId: string, r: Real) => {
  const property = state.properties.find((p) => p.client === clientId);
  if (property) await r.ozmapEdit('properties', property.id, fields);
};

const HAND_EDITS = {
  rename: (_s: OzmapState, id: string, r: Real) => r.ozmapEdit('ftthClients', id, { name: 'Renomeado à mão' }),
  'un-implant': (_s: OzmapState, id: string, r: Real) => r.ozmapEdit('ftthClients', id, { implanted: false }),
  implant: (_s: OzmapState, id: string, r: Real) => r.ozmapEdit('ftthClients', id, { implanted: true }),
  'status=1': (_s: OzmapState, id: string, r: Real) => r.ozmapEdit('ftthClients', id, { status: 1 }),
  // As a person deleting it in OZmap would: its property keeps pointing at it, and its port.
  'delete client': (_s: OzmapState, id: string, r: Real) => r.ozmapEdit('ftthClients', id, null),
  'potencyRead=-30.55': onProperty({ potencyRead: -30.55 }),
  address: onProperty({ address: 'Rua Editada à Mão, 99' }),
  coords: onProperty({ coords: [-38.61, -3.81] }),
} as const;
export type HandEdit = keyof typeof HAND_EDITS;

const onBrokenProperty = (fields: Record<string, unknown>) => async (state: OzmapState, clientId: string, r: Real) => {
  const property = state.properties.find((p) => p.client === clientId);
  if (property) await r.ozmapBreak('properties', property.id, fields);
};

/** Values outside the documented forms, as `sim generate --ozmap-mess` plants them. */
const UNREADABLE_EDITS = {
  'status="BROKEN"': (_s: OzmapState, id: string, r: Real) => r.ozmapBreak('ftthClients', id, { status: 'BROKEN' }),
  'code=null': (_s: OzmapState, id: string, r: Real) => r.ozmapBreak('ftthClients', id, { code: null }),
  'implanted="sim"': (_s: OzmapState, id: string, r: Real) => r.ozmapBreak('ftthClients', id, { implanted: 'sim' }),
  'potencyRead="-21,40"': onBrokenProperty({ potencyRead: '-21,40' }),
  'connections port "três"': async (state: OzmapState, clientId: string, r: Real) => {
    const property = state.properties.find((p) => p.client === clientId);
    if (property)
      await r.ozmapBreak('properties', property.id, {
        connections: property.connections.map((c) => ({ ...c, port: 'três' })),
      });
  },
} as const;
export type UnreadableEdit = keyof typeof UNREADABLE_EDITS;

/** Steps that leave one of the records of `code` unreadable; for `commandsArb`'s `extra`. */
export const unreadableCommands: fc.Arbitrary<Cmd>[] = (Object.keys(UNREADABLE_EDITS) as UnreadableEdit[]).map((edit) =>
  codeArb.map((code) => handEdit(code, `unreadable ${edit}`, UNREADABLE_EDITS[edit])),
);

/** Every step of a run, built by the arbitraries below or written out by a regression test. */
export const step = {
  nome: (code: string, nome: NameText) =>
    sgpChange(code, `nome=${JSON.stringify(nome)}`, { nome }, (c) => void (c.nome = nome)),
  rx: (code: string, rx: RxText) => sgpChange(code, `rx=${JSON.stringify(rx)}`, { rx }, (c) => void (c.rx = rx)),
  online: (code: string, online: boolean | null) =>
    sgpChange(code, `online=${online}`, { online }, (c) => void (c.online = online)),
  status: (code: string, status: StatusText) =>
    sgpChange(code, `status=${JSON.stringify(status)}`, { status }, (c) => void (c.status = status)),
  cto: (code: string, cto: CtoText | null, porta: number | null) =>
    sgpChange(
      code,
      `cto=${JSON.stringify(cto)} porta=${porta}`,
      cto === null ? { cto: null } : { cto, porta },
      (c) => void (c.splitter = cto === null ? null : { nome: cto, porta }),
    ),
  place: (code: string, place: Place, logradouro: string) =>
    sgpChange(
      code,
      `place=${place.lat || '-'} street=${JSON.stringify(logradouro)}`,
      { latitude: place.lat, longitude: place.lng, logradouro },
      (c) => {
        c.service = { lat: place.lat, lng: place.lng, logradouro };
      },
    ),
  /** A -> B -> A with a sync after each change (TESTING.md): the second A is a new value, not a duplicate. */
  rxBounce: (code: string, rx: RxText) =>
    command(`sgp ${code} rx bounce via ${JSON.stringify(rx)}`, present(code), async (m, r) => {
      const before = (m.sgp.get(code) as SgpContract).rx;
      await r.sgpEdit(code, { rx });
      await r.cycle('sync', null);
      await r.sgpEdit(code, { rx: before });
      await r.cycle('sync', null);
    }),
  newContract: (contract: SgpContract) =>
    command(
      `sgp new contract ${contract.code} ${JSON.stringify({ status: contract.status, splitter: contract.splitter })}`,
      (m) => !m.sgp.has(contract.code),
      async (m, r) => {
        await r.sgpAdd(sgpRecord(contract));
        m.sgp.set(contract.code, structuredClone(contract));
      },
    ),
  /** R5.7: a contract gone from SGP is not a cancellation. */
  vanish: (code: string) =>
    command(`sgp ${code} vanishes`, present(code), async (m, r) => {
      await r.sgpDelete(code);
      m.sgp.delete(code);
    }),
  hand: (code: string, edit: HandEdit) => handEdit(code, edit, HAND_EDITS[edit]),
  cycle: (kind: 'sync' | 'cancel', stop: StopPoint | null = null) =>
    command(
      `${kind}${stop === null ? '' : ` killed ${typeof stop === 'number' ? `after op ${stop}` : `before ${stop.before}${stop.nth ? ` #${stop.nth}` : ''}`}`}`,
      () => true,
      (_m, r) => r.cycle(kind, stop),
    ),
  faults: (rules: readonly FaultRule[]) =>
    command(
      rules.length === 0 ? 'faults cleared' : `faults ${JSON.stringify(rules)}`,
      () => true,
      (_m, r) => r.setFaults(rules),
    ),
  /** One cycle under its own fault plan (request indices count from this cycle on), cleared after. */
  troubled: (kind: 'sync' | 'cancel', rules: readonly FaultRule[], stop: StopPoint | null = null) =>
    command(
      `${kind} under faults ${JSON.stringify(rules)}${stop === null ? '' : ` killed ${JSON.stringify(stop)}`}`,
      () => true,
      async (_m, r) => {
        await r.setFaults(rules);
        await r.cycle(kind, stop);
        await r.setFaults([]);
      },
    ),
  restart: () =>
    command(
      'restart',
      () => true,
      (_m, r) => r.restart(),
    ),
  /** Two steps as one (checked and labelled together). */
  then: (first: Cmd, second: Cmd): Cmd => ({
    check: (m) => first.check(m) as boolean,
    async run(m, r) {
      await first.run(m, r);
      await second.run(m, r);
    },
    toString: () => `${first.toString()}; then ${second.toString()}`,
  }),
};

export const cancelStatusArb = fc.constantFrom<StatusText>('Cancelado', 'Inviabilidade Técnica');

/** Copies of an arbitrary: `fc.commands` picks uniformly among the arbitraries it is given. */
export const weigh = <T>(weight: number, arbitrary: T): T[] => Array.from({ length: weight }, () => arbitrary);

const sgpCommands: fc.Arbitrary<Cmd>[] = [
  fc.tuple(codeArb, nameArb).map(([code, nome]) => step.nome(code, nome)),
  fc.tuple(codeArb, rxArb).map(([code, rx]) => step.rx(code, rx)),
  fc.tuple(codeArb, onlineArb).map(([code, online]) => step.online(code, online)),
  // Status changes weigh more, cancellations most: R5 needs a cancelled contract with a client.
  ...weigh(
    3,
    fc
      .tuple(codeArb, fc.oneof({ weight: 3, arbitrary: statusArb }, { weight: 2, arbitrary: cancelStatusArb }))
      .map(([code, status]) => step.status(code, status)),
  ),
  fc.tuple(codeArb, fc.option(ctoArb, { freq: 5 }), portArb).map(([code, cto, porta]) => step.cto(code, cto, porta)),
  fc
    .tuple(codeArb, placeArb, fc.constantFrom(...STREETS, ''))
    .map(([code, place, street]) => step.place(code, place, street)),
  fc.tuple(codeArb, rxArb).map(([code, rx]) => step.rxBounce(code, rx)),
  codeArb.chain((code) => contractArb(code).map((contract) => step.newContract(contract))),
  codeArb.map((code) => step.vanish(code)),
];

const handCommands: fc.Arbitrary<Cmd>[] = (Object.keys(HAND_EDITS) as HandEdit[]).map((edit) =>
  codeArb.map((code) => step.hand(code, edit)),
);

const ROUTES = [
  { method: 'POST', route: '/api/v2/properties' },
  { method: 'PATCH', route: '/api/v2/properties/:id' },
  { method: 'PATCH', route: '/api/v2/ftth-clients/:id' },
  { method: 'DELETE', route: '/api/v2/ftth-clients/:id' },
  { method: 'DELETE', route: '/api/v2/properties/:id' },
  { method: 'GET', route: '/api/v2/ftth-clients' },
  { method: 'GET', route: '/api/v2/properties' },
] as const;

/**
 * A 429 is generated only as a refusal BEFORE the request takes effect: the transport retries an
 * unsafe POST on 429 on the documented assumption that a throttled request was not processed
 * (createHttpTransport, ozmapAssumptions.throttledStatuses). A creation applied and then answered
 * with 429 is outside that assumption, and the retry then creates the client a second time.
 */
export const faultRuleArb: fc.Arbitrary<FaultRule> = fc
  .record({
    match: fc.constantFrom(...ROUTES),
    fault: fc.constantFrom<FaultRule['fault']>(
      { kind: 'status', status: 500, retryAfter: 0 },
      { kind: 'status', status: 503, retryAfter: 0 },
      { kind: 'status', status: 429, retryAfter: 0 },
      { kind: 'reset' },
      { kind: 'html200' },
    ),
    when: fc.constantFrom('before' as const, 'after' as const),
    sequence: fc.oneof(
      // Small indices: a cycle of the tiny world makes only a few requests of each kind.
      {
        weight: 5,
        arbitrary: fc
          .uniqueArray(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 })
          .map((s) => s.sort((a, b) => a - b)),
      },
      // An outage: five failures in a row outlast the transport's retries (a read left incomplete, R1.6).
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }).map((first) => [0, 1, 2, 3, 4].map((i) => first + i)) },
    ),
  })
  .map((rule) =>
    rule.fault.kind === 'status' && rule.fault.status === 429 && rule.match.method === 'POST'
      ? { ...rule, when: 'before' as const }
      : rule,
  )
  // An outage answers 503 with Retry-After 0: retried at once, it costs no backoff sleeps.
  .map((rule) =>
    rule.sequence.length === 5 ? { ...rule, fault: { kind: 'status' as const, status: 503, retryAfter: 0 } } : rule,
  );

/**
 * Where a killed cycle stops: after k operations (store and gateway together; a cycle of the tiny
 * world makes about 10-45), or right before the 1st or 2nd of the operations where a stop
 * matters most (between an intent and its write, between two writes of one cancellation,
 * between a write and its outcome event), which a plain k hits only now and then.
 */
const CRITICAL_OPERATIONS = [
  'append:SgpContractObserved',
  'readActual',
  'append:OzmapCommandIssued',
  'findClientByCode',
  'createPropertyWithClient',
  'append:OzmapClientCreated',
  'updateClient',
  'updateProperty',
  'append:OzmapClientUpdated',
  'getProperty',
  'deleteClient',
  'deleteProperty',
  'append:OzmapClientCancelled',
  'append:CycleFinished',
] as const;
export const stopArb: fc.Arbitrary<StopPoint | null> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 45 }) },
  {
    weight: 1,
    arbitrary: fc.record({ before: fc.constantFrom(...CRITICAL_OPERATIONS), nth: fc.integer({ min: 1, max: 2 }) }),
  },
);

export const faultPlanArb = fc.array(faultRuleArb, { minLength: 1, maxLength: 4 });

export const engineCommands = {
  sync: stopArb.map((stop) => step.cycle('sync', stop)),
  cancel: stopArb.map((stop) => step.cycle('cancel', stop)),
  troubledSync: fc.tuple(faultPlanArb, stopArb).map(([rules, stop]) => step.troubled('sync', rules, stop)),
  troubledCancel: fc.tuple(faultPlanArb, stopArb).map(([rules, stop]) => step.troubled('cancel', rules, stop)),
  /** A contract cancelled in SGP, then a cancel cycle at once, often in trouble. */
  cancelContract: fc
    .tuple(codeArb, cancelStatusArb, fc.option(faultPlanArb), stopArb)
    .map(([code, status, rules, stop]) =>
      step.then(
        step.status(code, status),
        rules === null ? step.cycle('cancel', stop) : step.troubled('cancel', rules, stop),
      ),
    ),
  faults: faultPlanArb.map((rules) => step.faults(rules)),
  clear: fc.constant(step.faults([])),
  restart: fc.constant(step.restart()),
};

/**
 * The steps, weighted: cycles weigh more than any single edit, so that most edits meet a cycle,
 * and many cycles meet trouble (their own fault plan, a kill point, or a plan left in force).
 */
export const commandsArb = (
  maxCommands: number,
  extra: readonly fc.Arbitrary<Cmd>[] = [],
): fc.Arbitrary<Iterable<Cmd>> => {
  const e = engineCommands;
  return fc.commands(
    [
      ...sgpCommands,
      ...handCommands,
      ...extra,
      ...weigh(3, e.sync),
      ...weigh(3, e.cancel),
      ...weigh(2, e.troubledSync),
      ...weigh(2, e.troubledCancel),
      ...weigh(2, e.cancelContract),
      e.faults,
      e.clear,
      e.restart,
    ],
    { maxCommands, size: 'max' },
  );
};
