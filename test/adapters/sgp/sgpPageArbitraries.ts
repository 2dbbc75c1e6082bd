import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { RAW_TEXT_STORED_MAX, summariseOversizeText } from '../../../src/domain/sgp/sgpFieldBounds.ts';

/**
 * fast-check generators of SGP `clientes` pages that mix valid contracts with broken ones, and
 * the outcome extraction must produce for each (RULES R8). Generation is plan first, then
 * `buildClientes` turns plans into JSON and expectations, so shrinking stays meaningful.
 */

export const SECRET_MARK = 'S3CR3T-MARK';

// Odd unicode: combining marks, RTL text and overrides, emoji sequences, lone surrogates (they
// travel as \ud800 escapes once stringified), NUL, JSON-special characters.
const oddUnit = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '\u0301',
      'e\u0301',
      '\u202E',
      '\u200F',
      'א',
      'ع',
      '👍🏽',
      '👨‍👩‍👧',
      '\uD800',
      '\uDFFF',
      '\u0000',
      '"',
      '\\',
      '</script>',
    ),
  },
);
const text = fc.string({ unit: oddUnit, maxLength: 16 });
const huge = fc.constantFrom('x'.repeat(100_000), '👍🏽'.repeat(25_000), 'a\u0301'.repeat(50_000));

/** What a scalar slot may hold and still be valid; `undefined` leaves the key out. */
export const goodScalar: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 40,
    arbitrary: fc.oneof(
      text,
      text,
      fc.constant(null),
      fc.constant(undefined),
      fc.boolean(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom('-21,5', '-21.50', ' 3 ', '', '-99.999', '1'),
    ),
  },
  { weight: 1, arbitrary: huge },
);
const badScalar = fc.oneof(
  fc.constant({}),
  fc.dictionary(fc.string({ maxLength: 3 }), goodScalar, { maxKeys: 2 }),
  fc.array(goodScalar, { maxLength: 2 }),
);
const emptyObjectSlot = fc.constantFrom(null, undefined, '', false, [] as unknown[]);
const badObjectSlot = fc.oneof(
  fc.integer(),
  fc.string({ minLength: 1, maxLength: 5 }),
  fc.array(goodScalar, { minLength: 1, maxLength: 2 }),
  fc.constant(true),
);
const badList = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.integer(),
  fc.dictionary(fc.string({ maxLength: 3 }), goodScalar, { maxKeys: 2 }),
  fc.boolean(),
);
const notAnObject = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.string({ maxLength: 5 }),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.boolean(),
);
const badId = fc.oneof(
  fc.constantFrom('abc', '1.5', '-1', '1e3', '0x10', '１２', '1'.repeat(19), 1.5, -4, true),
  fc.constant({}),
  fc.constant([1]),
);

const address = fc.record(
  { logradouro: goodScalar, numero: goodScalar, cidade: goodScalar, latitude: goodScalar, longitude: goodScalar },
  { requiredKeys: [] },
);
const objectSlot = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary }, { weight: 1, arbitrary: emptyObjectSlot });
const service = fc.record({
  id: goodScalar,
  tipo: goodScalar,
  onu: objectSlot(
    fc.record(
      {
        rx: goodScalar,
        splitter: objectSlot(fc.record({ id: goodScalar, nome: goodScalar, porta: goodScalar })),
        conexao: objectSlot(fc.record({ status: goodScalar })),
      },
      { requiredKeys: [] },
    ),
  ),
  endereco: objectSlot(address),
});

/** One way to break a contract, with the field it must be reported on (relative to servicos[0]). */
type Mutation =
  | { readonly at: 'status' | 'motivo_status'; readonly value: unknown }
  | { readonly at: 'servicos'; readonly value: unknown }
  | {
      readonly at: 'service' | 'onu' | 'rx' | 'porta' | 'conexao.status' | 'endereco.latitude';
      readonly value: unknown;
    };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ at: fc.constantFrom('status' as const, 'motivo_status' as const), value: badScalar }),
  fc.record({ at: fc.constant('servicos' as const), value: badList }),
  fc.record({ at: fc.constant('service' as const), value: notAnObject }),
  fc.record({ at: fc.constant('onu' as const), value: badObjectSlot }),
  fc.record({
    at: fc.constantFrom('rx' as const, 'porta' as const, 'conexao.status' as const, 'endereco.latitude' as const),
    value: badScalar,
  }),
);

export const contractPlan = fc.record({
  idForm: fc.constantFrom('contrato', 'contrato-text', 'contrato-padded', 'id', 'id-text', 'contrato-null-then-id'),
  badId: fc.option(fc.oneof(badId, fc.constant('missing' as const)), { freq: 6 }),
  status: goodScalar,
  motivo: goodScalar,
  servicos: fc.array(service, { maxLength: 3 }),
  mutation: fc.option(mutation, { freq: 3 }),
});
export type ContractPlan = typeof contractPlan extends fc.Arbitrary<infer T> ? T : never;

export const clientPlan = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('object' as const),
      nome: goodScalar,
      endereco: objectSlot(address),
      contratos: fc.array(contractPlan, { maxLength: 3 }),
      clientProblem: fc.option(
        fc.oneof(
          fc.record({ at: fc.constant('nome' as const), value: badScalar }),
          fc.record({ at: fc.constant('endereco' as const), value: badObjectSlot }),
        ),
        { freq: 8 },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('broken' as const), value: notAnObject }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bad-contratos' as const), value: badList }) },
);
export type ClientPlan = typeof clientPlan extends fc.Arbitrary<infer T> ? T : never;

export interface ExpectedRecord {
  readonly code: string;
  readonly nome: unknown;
  readonly status: unknown;
  readonly services: number;
}
export interface ExpectedRejection {
  readonly contract: string | null;
  readonly clientIndex: number;
  readonly field: string;
}
export interface BuiltPage {
  readonly clientes: unknown[];
  readonly records: ExpectedRecord[];
  readonly rejected: ExpectedRejection[];
}

/** What a value becomes after a JSON round trip (undefined keys vanish, -0 becomes 0). */
/** What extraction keeps of a scalar: its JSON value, a text over the stored size in summary (issue 11). */
const viaJson = (value: unknown): unknown => {
  if (value === undefined) return null;
  if (typeof value === 'string' && value.length > RAW_TEXT_STORED_MAX) {
    return summariseOversizeText(value, createHash('sha256').update(value).digest('hex'));
  }
  return JSON.parse(JSON.stringify(value)) as unknown;
};

type Json = Record<string, unknown>;

/** Turns plans into a `clientes` array and what extraction must return for it. */
export function buildClientes(plans: readonly ClientPlan[], options: { offset: number; firstCode: number }): BuiltPage {
  const built: { clientes: unknown[]; records: ExpectedRecord[]; rejected: ExpectedRejection[] } = {
    clientes: [],
    records: [],
    rejected: [],
  };
  let nextCode = options.firstCode;
  plans.forEach((plan, i) => {
    const clientIndex = options.offset + i;
    if (plan.kind === 'broken') {
      built.clientes.push(plan.value);
      built.rejected.push({ contract: null, clientIndex, field: 'cliente' });
      return;
    }
    if (plan.kind === 'bad-contratos') {
      built.clientes.push({ nome: 'x', cpfcnpj: `${SECRET_MARK}-cpf`, contratos: plan.value });
      built.rejected.push({ contract: null, clientIndex, field: 'contratos' });
      return;
    }
    const client: Json = {
      nome: plan.nome,
      cpfcnpj: `${SECRET_MARK}-cpf`,
      endereco: plan.endereco,
      titulos: [{ codigoBarras: SECRET_MARK }],
    };
    if (plan.clientProblem) client[plan.clientProblem.at] = plan.clientProblem.value;
    client['contratos'] = plan.contratos.map((contract, j) => {
      const code = nextCode++;
      const { value, expected } = buildContract(contract, code, `contratos[${j}]`);
      if (contract.badId !== null) built.rejected.push({ contract: null, clientIndex, field: expected as string });
      else if (plan.clientProblem)
        built.rejected.push({ contract: String(code), clientIndex, field: plan.clientProblem.at });
      else if (typeof expected === 'string')
        built.rejected.push({ contract: String(code), clientIndex, field: expected });
      else
        built.records.push({
          code: String(code),
          nome: viaJson(plan.nome),
          status: viaJson(contract.status),
          services: expected.services,
        });
      return value;
    });
    built.clientes.push(client);
  });
  return built;
}

/** The contract's JSON, and either the field it must be rejected on or its service count. */
function buildContract(
  plan: ContractPlan,
  code: number,
  path: string,
): { value: Json; expected: string | { services: number } } {
  const ids: Record<ContractPlan['idForm'], Json> = {
    contrato: { contrato: code },
    'contrato-text': { contrato: String(code) },
    'contrato-padded': { contrato: ` 00${code} ` },
    id: { id: code },
    'id-text': { id: String(code) },
    'contrato-null-then-id': { contrato: null, id: code },
  };
  const id = plan.badId === null ? ids[plan.idForm] : plan.badId === 'missing' ? {} : { contrato: plan.badId };
  const servicos: unknown[] = plan.servicos.map((s) => withSecrets(structuredClone(s) as Json));
  const value: Json = { ...id, status: plan.status, motivo_status: plan.motivo, servicos, senha: SECRET_MARK };
  if (plan.badId !== null) return { value, expected: `${path}.contrato` };
  if (plan.mutation === null) return { value, expected: { services: servicos.length } };
  return { value, expected: mutate(value, servicos, plan.mutation, path) };
}

function withSecrets(service: Json): Json {
  const onu = service['onu'];
  if (typeof onu === 'object' && onu !== null && !Array.isArray(onu)) (onu as Json)['voip_sip_password'] = SECRET_MARK;
  return { ...service, senha: SECRET_MARK, wifi_password: SECRET_MARK };
}

/** Breaks one field and returns its path; everything else stays valid. */
function mutate(contract: Json, servicos: unknown[], mutation: Mutation, path: string): string {
  if (mutation.at === 'status' || mutation.at === 'motivo_status') {
    contract[mutation.at] = mutation.value;
    return `${path}.${mutation.at}`;
  }
  if (mutation.at === 'servicos') {
    contract['servicos'] = mutation.value;
    return `${path}.servicos`;
  }
  const servicePath = `${path}.servicos[0]`;
  if (mutation.at === 'service') {
    servicos[0] = mutation.value;
    return servicePath;
  }
  const service = objectAt(servicos, 0);
  if (mutation.at === 'onu') {
    service['onu'] = mutation.value;
    return `${servicePath}.onu`;
  }
  if (mutation.at === 'endereco.latitude') {
    objectAt(service, 'endereco')['latitude'] = mutation.value;
    return `${servicePath}.endereco.latitude`;
  }
  const onu = objectAt(service, 'onu');
  if (mutation.at === 'rx') onu['rx'] = mutation.value;
  if (mutation.at === 'porta') objectAt(onu, 'splitter')['porta'] = mutation.value;
  if (mutation.at === 'conexao.status') objectAt(onu, 'conexao')['status'] = mutation.value;
  return `${servicePath}.onu.${mutation.at === 'porta' ? 'splitter.porta' : mutation.at}`;
}

/** The object at `key`, replacing whatever non-object is there with an empty one. */
function objectAt(owner: Json | unknown[], key: string | number): Json {
  const current = (owner as Record<string | number, unknown>)[key];
  if (typeof current === 'object' && current !== null && !Array.isArray(current)) return current as Json;
  const fresh: Json = {};
  (owner as Record<string | number, unknown>)[key] = fresh;
  return fresh;
}
