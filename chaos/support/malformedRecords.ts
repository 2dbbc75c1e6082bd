import fc from 'fast-check';

/**
 * Malformed SGP client records as fast-check data: a valid generated record, cut down to one
 * contract with a fresh code, then broken in exactly one place, with the field R8 must report
 * and whether the contract id is still readable (then the rejection lands in its trail; if not,
 * only in the log, with the client's position).
 */

export interface Malformed {
  readonly record: unknown;
  /** The contract id the rejection must name; null when the record has no readable one. */
  readonly contract: string | null;
  readonly field: string;
}

type Json = Record<string, unknown>;

const notAnObject = fc.constantFrom<unknown>(null, 42, 'texto', [1, 2], true);
const notAList = fc.constantFrom<unknown>('x', 5, { a: 1 }, true);
const notAScalar = fc.constantFrom<unknown>({}, { x: 1 }, [1, 2], ['a']);
const badObjectSlot = fc.constantFrom<unknown>(7, 'texto', [1], true);
const badId = fc.constantFrom<unknown>('abc', 1.5, -4, '1e3', '0x10', {}, [1], true, '1'.repeat(19));

const S = 'contratos[0].servicos[0]';

/** Where to break the record; each case knows the field R8 names and whether the id survives. */
const mutation = fc.oneof(
  fc.record({ at: fc.constant('cliente' as const), value: notAnObject }),
  fc.record({ at: fc.constant('contratos' as const), value: notAList }),
  fc.record({ at: fc.constant('contrato-object' as const), value: fc.constantFrom<unknown>(5, 'x', true, [1]) }),
  fc.record({ at: fc.constant('contrato-id' as const), value: badId }),
  fc.record({ at: fc.constant('contrato-missing' as const), value: fc.constant(null) }),
  fc.record({ at: fc.constantFrom('status' as const, 'motivo_status' as const), value: notAScalar }),
  fc.record({ at: fc.constant('nome' as const), value: notAScalar }),
  fc.record({ at: fc.constant('endereco' as const), value: badObjectSlot }),
  fc.record({ at: fc.constant('servicos' as const), value: notAList }),
  fc.record({ at: fc.constant('servico' as const), value: fc.constantFrom<unknown>(5, 'x', true, [1]) }),
  fc.record({ at: fc.constant('onu' as const), value: badObjectSlot }),
  fc.record({
    at: fc.constantFrom('rx' as const, 'porta' as const, 'conexao.status' as const, 'endereco.latitude' as const),
    value: notAScalar,
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function applyMutation(base: Json, code: number, m: Mutation): Malformed {
  const client = structuredClone(base);
  const contrato = structuredClone(((client['contratos'] as Json[] | undefined) ?? [])[0] ?? {}) as Json;
  delete contrato['id'];
  contrato['contrato'] = code;
  client['contratos'] = [contrato];
  const servicos =
    Array.isArray(contrato['servicos']) && contrato['servicos'].length > 0
      ? (contrato['servicos'] as Json[])
      : [{ id: 1, tipo: 'Internet' }];
  contrato['servicos'] = servicos;
  const servico = servicos[0]!;
  const onu = (): Json =>
    servico['onu'] && typeof servico['onu'] === 'object' ? (servico['onu'] as Json) : ((servico['onu'] = {}) as Json);
  const id = String(code);
  switch (m.at) {
    case 'cliente':
      return { record: m.value, contract: null, field: 'cliente' };
    case 'contratos':
      client['contratos'] = m.value;
      return { record: client, contract: null, field: 'contratos' };
    case 'contrato-object':
      client['contratos'] = [m.value];
      return { record: client, contract: null, field: 'contratos[0]' };
    case 'contrato-id':
      contrato['contrato'] = m.value;
      return { record: client, contract: null, field: 'contratos[0].contrato' };
    case 'contrato-missing':
      delete contrato['contrato'];
      return { record: client, contract: null, field: 'contratos[0].contrato' };
    case 'status':
    case 'motivo_status':
      contrato[m.at] = m.value;
      return { record: client, contract: id, field: `contratos[0].${m.at}` };
    case 'nome':
    case 'endereco':
      client[m.at] = m.value;
      return { record: client, contract: id, field: m.at };
    case 'servicos':
      contrato['servicos'] = m.value;
      return { record: client, contract: id, field: 'contratos[0].servicos' };
    case 'servico':
      servicos[0] = m.value as Json;
      return { record: client, contract: id, field: S };
    case 'onu':
      servico['onu'] = m.value;
      return { record: client, contract: id, field: `${S}.onu` };
    case 'rx':
      onu()['rx'] = m.value;
      return { record: client, contract: id, field: `${S}.onu.rx` };
    case 'porta':
      onu()['splitter'] = { id: 1, nome: 'CTO-X', ...(onu()['splitter'] as Json | undefined), porta: m.value };
      return { record: client, contract: id, field: `${S}.onu.splitter.porta` };
    case 'conexao.status':
      onu()['conexao'] = { status: m.value };
      return { record: client, contract: id, field: `${S}.onu.conexao.status` };
    case 'endereco.latitude':
      servico['endereco'] = { ...(servico['endereco'] as Json | undefined), latitude: m.value };
      return { record: client, contract: id, field: `${S}.endereco.latitude` };
  }
}

/** `count` malformed records built from the valid `clientes`, codes from `firstCode` up. */
export function malformedRecords(
  clientes: readonly unknown[],
  count: number,
  firstCode: number,
  seed: number,
): Malformed[] {
  const picks = fc.sample(fc.tuple(fc.nat({ max: clientes.length - 1 }), mutation), { seed, numRuns: count });
  return picks.map(([index, m], i) => applyMutation(clientes[index] as Json, firstCode + i, m));
}

/** Valid and malformed records interleaved, deterministically from the seed. */
export function interleave<T>(valid: readonly T[], broken: readonly T[], seed: number): T[] {
  const slots = fc.sample(fc.nat({ max: valid.length + broken.length }), { seed, numRuns: broken.length });
  const out = [...valid];
  broken.forEach((item, i) => out.splice(Math.min(slots[i]!, out.length), 0, item));
  return out;
}
