import { asObject, contractCode, contractsOf, type JsonObject } from './sgpRecords.ts';
import { codesParam, flagParam, intParam, stringParam, type SgpParams } from './sgpParams.ts';
import { sgpStatusCode } from './sgpStatusCode.ts';

/** SGP's page size: the default, and the most it returns whatever `limit` asks for. */
export const sgpMaxLimit = 100;

export interface ClientesPage {
  readonly paginacao: { offset: number; limit: number; parcial: number; total: number };
  readonly clientes: unknown[];
}

type ContractFilter = (contract: unknown) => boolean;

function contractFilter(params: SgpParams): ContractFilter | undefined {
  const contrato = stringParam(params, 'contrato');
  const statuses = codesParam(params, 'contrato_status');
  if (contrato === undefined && statuses.size === 0) return undefined;
  return (contract) => {
    if (contrato !== undefined && contractCode(contract) !== contrato) return false;
    if (statuses.size === 0) return true;
    const code = sgpStatusCode(asObject(contract)?.status);
    return code !== undefined && statuses.has(code);
  };
}

/**
 * Keeps a client with only its contracts that pass the filter, or drops it. A record too broken
 * to hold contracts cannot match a contract filter.
 */
function filterClientes(clientes: readonly unknown[], keep: ContractFilter): unknown[] {
  const out: unknown[] = [];
  for (const record of clientes) {
    const contratos = contractsOf(record);
    if (!contratos) continue;
    const kept = contratos.filter(keep);
    if (kept.length > 0) out.push({ ...(record as JsonObject), contratos: kept });
  }
  return out;
}

/** Without `exibir_conexao`, SGP leaves the connection status out of every ONU. */
function withoutConexao(record: unknown): unknown {
  const contratos = contractsOf(record);
  if (!contratos) return record;
  const mapService = (service: unknown): unknown => {
    const onu = asObject(asObject(service)?.onu);
    if (!onu || !('conexao' in onu)) return service;
    const { conexao: _dropped, ...rest } = onu;
    return { ...(service as JsonObject), onu: rest };
  };
  const mapContract = (contract: unknown): unknown => {
    const servicos = asObject(contract)?.servicos;
    return Array.isArray(servicos) ? { ...(contract as JsonObject), servicos: servicos.map(mapService) } : contract;
  };
  return { ...(record as JsonObject), contratos: contratos.map(mapContract) };
}

/** An open invoice per contract: noise the service must ignore (it always sends `omitir_titulos`). */
function placeholderTitulos(record: JsonObject): unknown[] {
  return (contractsOf(record) ?? []).map((contract, index) => ({
    id: 900000 + index,
    portador: 'Banco do Brasil',
    numeroDocumento: 100000 + index,
    contrato: asObject(contract)?.contrato ?? null,
    status: 'Gerado',
    valor: 99.9,
    valorCorrigido: 99.9,
    valorPago: '',
    diasAtraso: 0,
    codigoBarras: '00190000090000000000000000000000000000000000000',
    codigoPix: '',
    dataEmissao: '2026-01-01',
    dataVencimento: '2026-01-10',
    dataPagamento: '',
    dataCancelamento: '',
  }));
}

function withTitulos(record: unknown, omit: boolean): unknown {
  const object = asObject(record);
  if (!object) return record;
  if (omit) {
    if (!('titulos' in object)) return record;
    const { titulos: _dropped, ...rest } = object;
    return rest;
  }
  return 'titulos' in object ? record : { ...object, titulos: placeholderTitulos(object) };
}

/** One page of `POST /api/ura/clientes/`: records verbatim except for what the flags change. */
export function listClientes(clientes: readonly unknown[], params: SgpParams): ClientesPage {
  const filter = contractFilter(params);
  const matching = filter ? filterClientes(clientes, filter) : clientes;
  const offset = Math.max(0, intParam(params, 'offset', 0));
  const asked = intParam(params, 'limit', sgpMaxLimit);
  const limit = asked <= 0 ? sgpMaxLimit : Math.min(asked, sgpMaxLimit);
  const showConexao = flagParam(params, 'exibir_conexao');
  const omitTitulos = flagParam(params, 'omitir_titulos');
  const page = matching
    .slice(offset, offset + limit)
    .map((record) => withTitulos(showConexao ? record : withoutConexao(record), omitTitulos));
  return { paginacao: { offset, limit, parcial: page.length, total: matching.length }, clientes: page };
}
