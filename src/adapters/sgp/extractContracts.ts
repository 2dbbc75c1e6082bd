import { SgpContractRecord } from '../../domain/sgp/sgpContractRecord.ts';
import type { SgpAddress, SgpScalar, SgpService } from '../../domain/sgp/sgpContractRecord.ts';
import type { JsonObject } from './readSgpFields.ts';
import { describe, isJsonObject, own, readList, readObject, readScalar, RecordFieldError } from './readSgpFields.ts';
import type { InvalidSgpRecord } from './invalidSgpRecord.ts';
import type { LocatedRecord } from './mergeDuplicateCodes.ts';
import type { RecogniseRecord } from '../../domain/sgp/contractIdentity.ts';

export interface ExtractedContracts {
  readonly records: SgpContractRecord[];
  /** The same records with where each was in the listing, to name duplicated codes (R8). */
  readonly located: LocatedRecord[];
  readonly rejected: InvalidSgpRecord[];
}

/**
 * One page of `POST /api/ura/clientes/` -> one `SgpContractRecord` per contract of each client
 * (docs/RULES.md R1). Only the schema's fields are copied: passwords, Wi-Fi keys, CPF/CNPJ and invoices
 * never leave this function. Each contract is validated on its own (R8): an invalid one becomes
 * an `InvalidSgpRecord` naming the contract and the field, and the rest of the page goes on.
 *
 * @param clientes the page's `clientes` array, as parsed (nothing in it is trusted)
 * @param offset the page's offset, so that `clientIndex` is a position in SGP's whole listing
 */
export function extractContracts(
  clientes: readonly unknown[],
  offset = 0,
  recognise?: RecogniseRecord,
): ExtractedContracts {
  const records: SgpContractRecord[] = [];
  const located: LocatedRecord[] = [];
  const rejected: InvalidSgpRecord[] = [];
  clientes.forEach((cliente, index) => {
    const clientIndex = offset + index;
    const reject = (contract: string | null, error: RecordFieldError): void => {
      rejected.push({ code: 'SGP_RECORD_INVALID', contract, clientIndex, field: error.field, problem: error.problem });
    };
    if (!isJsonObject(cliente)) {
      reject(
        null,
        new RecordFieldError('cliente', `expected the client record to be an object, got ${describe(cliente)}`),
      );
      return;
    }
    const contratos = attempt(() => readList(cliente, 'contratos', 'contratos'));
    if (contratos instanceof RecordFieldError) {
      reject(null, contratos);
      return;
    }
    // The client's own fields are shared by its contracts: read once, and a problem in them
    // rejects each contract under its own id.
    const client = attempt(() => readClient(cliente));
    const clientId = readClientId(cliente);
    contratos.forEach((contrato, j) => {
      const path = `contratos[${j}]`;
      const code = attempt(() => readContractCode(contrato, path));
      if (code instanceof RecordFieldError) return reject(null, code);
      if (client instanceof RecordFieldError) return reject(code, client);
      const built = attempt(() => readContract(code, contrato as JsonObject, path, client));
      if (built instanceof RecordFieldError) return reject(code, built);
      // A record the caller already holds byte for byte was valid when it was stored: only its
      // code and identity go on (issue 18: a steady sweep no longer keeps, or re-checks, them all).
      const hash = recognise?.hashOf(built) ?? null;
      const identity = hash === null ? undefined : recognise?.identityOf(code, hash);
      if (identity !== undefined) {
        located.push({ code, record: null, identity, hash, clientIndex, clientId });
        return;
      }
      const record = attempt(() => checkedRecord(built, path));
      if (record instanceof RecordFieldError) return reject(code, record);
      records.push(record);
      located.push({ code, record, identity: null, hash, clientIndex, clientId });
    });
  });
  return { records, located, rejected };
}

/** SGP's id of the client record (`id`, else `cliente_id`), to name it; null when it has none. */
function readClientId(cliente: JsonObject): string | null {
  for (const key of ['id', 'cliente_id']) {
    const value = own(cliente, key);
    if ((typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value))) {
      return String(value).trim().slice(0, 40);
    }
  }
  return null;
}

function attempt<T>(read: () => T): T | RecordFieldError {
  try {
    return read();
  } catch (error) {
    if (error instanceof RecordFieldError) return error;
    throw error;
  }
}

// Every object below is built with its keys in sorted order, read in the order the fields are
// checked: a record's JSON is then its canonical JSON, and its hash costs one JSON.stringify
// (canonicalJson's fast path, test/adapters/sgp/recordHash.test.ts).

function readClient(cliente: JsonObject): SgpContractRecord['cliente'] {
  const nome = readScalar(cliente, 'nome', 'nome');
  return { endereco: readAddress(cliente, 'endereco', 'endereco'), nome };
}

/**
 * R1.2: `contrato`, else `id`; a missing, null or blank `contrato` counts as absent. The id
 * must be an integer (a number, or a text of digits): it becomes the OZmap client code, in
 * canonical form ("007" and 7 are the same contract).
 */
function readContractCode(contrato: unknown, path: string): string {
  if (!isJsonObject(contrato)) {
    throw new RecordFieldError(path, `expected the contract to be an object, got ${describe(contrato)}`);
  }
  const absent = (value: unknown): boolean =>
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  const key = absent(own(contrato, 'contrato')) ? 'id' : 'contrato';
  const raw = own(contrato, key);
  if (absent(raw)) throw new RecordFieldError(`${path}.contrato`, 'no contract id: neither "contrato" nor "id" is set');
  const code = canonicalInteger(raw);
  if (code === undefined) {
    throw new RecordFieldError(`${path}.${key}`, `the contract id must be an integer, got ${describe(raw)}`);
  }
  return code;
}

function canonicalInteger(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const digits = value.trim();
  // 18 digits: any real contract id, and still exact if a consumer makes it a number.
  if (!/^\d{1,18}$/.test(digits)) return undefined;
  return digits.replace(/^0+(?=\d)/, '');
}

function readContract(
  code: string,
  contrato: JsonObject,
  path: string,
  cliente: SgpContractRecord['cliente'],
): SgpContractRecord {
  const servicos = readList(contrato, 'servicos', `${path}.servicos`).map((servico, k) =>
    readService(servico, `${path}.servicos[${k}]`),
  );
  const status = readScalar(contrato, 'status', `${path}.status`);
  const motivoStatus = readScalar(contrato, 'motivo_status', `${path}.motivo_status`);
  return { cliente, code, motivoStatus, servicos, status };
}

function checkedRecord(record: SgpContractRecord, path: string): SgpContractRecord {
  // Belt and braces: the readers above already enforce the schema; if they ever drift from it,
  // the record is rejected here rather than stored.
  const checked = SgpContractRecord.safeParse(record);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new RecordFieldError(issue?.path.join('.') ?? path, issue?.message ?? 'does not fit the schema');
  }
  // The record itself, not zod's copy: the same values (the schema has no transforms), its keys
  // still sorted.
  return record;
}

function readService(servico: unknown, path: string): SgpService {
  if (!isJsonObject(servico))
    throw new RecordFieldError(path, `expected the service to be an object, got ${describe(servico)}`);
  const onu = readObject(servico, 'onu', `${path}.onu`);
  const id = readScalar(servico, 'id', `${path}.id`);
  const tipo = readScalar(servico, 'tipo', `${path}.tipo`);
  const login = lenientScalar(servico, 'login');
  const mac = lenientScalar(servico, 'mac');
  const onuRecord = onu === null ? null : readOnu(onu, `${path}.onu`);
  const endereco = readAddress(servico, 'endereco', `${path}.endereco`);
  return { endereco, id, login, mac, onu: onuRecord, tipo };
}

function readOnu(onu: JsonObject, path: string): NonNullable<SgpService['onu']> {
  const splitter = readObject(onu, 'splitter', `${path}.splitter`);
  const conexao = readObject(onu, 'conexao', `${path}.conexao`);
  const splitterRecord =
    splitter === null
      ? null
      : {
          id: readScalar(splitter, 'id', `${path}.splitter.id`),
          nome: readScalar(splitter, 'nome', `${path}.splitter.nome`),
          porta: readScalar(splitter, 'porta', `${path}.splitter.porta`),
        };
  const rx = readScalar(onu, 'rx', `${path}.rx`);
  const conexaoRecord = conexao === null ? null : { status: readScalar(conexao, 'status', `${path}.conexao.status`) };
  return {
    conexao: conexaoRecord,
    olt_id: lenientScalar(onu, 'olt_id'),
    olt_nome: lenientScalar(onu, 'olt_nome'),
    pon: lenientScalar(onu, 'pon'),
    rx,
    serial: lenientScalar(onu, 'serial'),
    slot: lenientScalar(onu, 'slot'),
    splitter: splitterRecord,
  };
}

/**
 * The fields only the insights and the ONU option read (login, MAC, serial, OLT, slot, PON): a
 * value that is not a scalar reads as none instead of rejecting the contract (R8), because the
 * rules R2-R5 do not depend on them.
 */
function lenientScalar(owner: JsonObject, key: string): SgpScalar {
  const value = own(owner, key);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const ADDRESS_KEYS = [
  'logradouro',
  'numero',
  'complemento',
  'bairro',
  'cidade',
  'uf',
  'cep',
  'latitude',
  'longitude',
] as const;

function readAddress(owner: JsonObject, key: string, path: string): SgpAddress | null {
  const endereco = readObject(owner, key, path);
  if (endereco === null) return null;
  const read = ADDRESS_KEYS.map((field) => [field, readScalar(endereco, field, `${path}.${field}`)] as const);
  const entries = read.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries) as SgpAddress;
}
