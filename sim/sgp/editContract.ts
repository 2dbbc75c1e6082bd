import { z } from 'zod';
import { asObject, contractsOf, findContract, ftthServiceOf, servicesOf, type JsonObject } from './sgpRecords.ts';
import { sgpStatusText } from './sgpStatusCode.ts';

const text = z.union([z.string(), z.number()]);

/** High-level edits a test makes to one contract, as an SGP user would in SGP's screens. */
export const ContractEdit = z.strictObject({
  /** Status text (kept as given, padding included) or a code 1-7 (stored as SGP's text). */
  status: z.union([z.string(), z.number().int().min(1).max(7)]).optional(),
  motivo_status: z.string().optional(),
  /** The client's name: every contract of that client sees it. */
  nome: z.string().optional(),
  rx: text.optional(),
  tx: text.optional(),
  /** true: "online", false: "offline", null: no connection status at all. */
  online: z.boolean().nullable().optional(),
  /** The CTO name (`onu.splitter.nome`); null removes the CTO from the ONU. */
  cto: z.string().nullable().optional(),
  ctoId: z.number().int().optional(),
  porta: z.union([z.number().int(), z.string(), z.null()]).optional(),
  latitude: text.optional(),
  longitude: text.optional(),
  logradouro: z.string().optional(),
  numero: text.optional(),
  complemento: z.string().optional(),
  bairro: z.string().optional(),
  cidade: z.string().optional(),
  uf: z.string().optional(),
  cep: z.string().optional(),
});
export type ContractEdit = z.infer<typeof ContractEdit>;

export type EditError =
  | { readonly code: 'contract-not-found'; readonly contract: string; readonly message: string }
  | { readonly code: 'no-service'; readonly contract: string; readonly field: string; readonly message: string };

const addressKeys = [
  'latitude',
  'longitude',
  'logradouro',
  'numero',
  'complemento',
  'bairro',
  'cidade',
  'uf',
  'cep',
] as const;
const onuKeys = ['rx', 'tx', 'online', 'cto', 'ctoId', 'porta'] as const;

function child(parent: JsonObject, key: string): JsonObject {
  const existing = asObject(parent[key]);
  if (existing) return existing;
  const created: JsonObject = {};
  parent[key] = created;
  return created;
}

/** A CTO id for a name: the one SGP already uses for it, else a new one. */
function ctoIdFor(clientes: readonly unknown[], name: string): number {
  let highest = 0;
  for (const record of clientes) {
    for (const contract of contractsOf(record) ?? []) {
      for (const service of servicesOf(contract) ?? []) {
        const splitter = asObject(asObject(asObject(service)?.onu)?.splitter);
        if (typeof splitter?.id !== 'number') continue;
        if (splitter.nome === name) return splitter.id;
        highest = Math.max(highest, splitter.id);
      }
    }
  }
  return highest + 1;
}

function editOnu(clientes: readonly unknown[], onu: JsonObject, edit: ContractEdit): void {
  if (edit.rx !== undefined) onu.rx = String(edit.rx);
  if (edit.tx !== undefined) onu.tx = String(edit.tx);
  if (edit.online === null) delete onu.conexao;
  else if (edit.online !== undefined) {
    const conexao = asObject(onu.conexao) ?? { ip: '', data_conexao: '', data_desconexao: '' };
    onu.conexao = { ...conexao, status: edit.online ? 'online' : 'offline' };
  }
  if (edit.cto === null) onu.splitter = null;
  else if (edit.cto !== undefined || edit.ctoId !== undefined || edit.porta !== undefined) {
    const splitter = child(onu, 'splitter');
    // The id first: looked up by name, it must not find this very splitter under its new name.
    if (edit.ctoId !== undefined) splitter.id = edit.ctoId;
    else if (edit.cto !== undefined) splitter.id = ctoIdFor(clientes, edit.cto);
    if (edit.cto !== undefined) splitter.nome = edit.cto;
    if (edit.porta !== undefined) splitter.porta = edit.porta;
    splitter.porta ??= null;
  }
}

/**
 * Applies `edit` in place to the record holding contract `code`. ONU and address edits go to the
 * contract's FTTH service (the first with a CTO, else the first with an ONU, else the first
 * service, which then gets an ONU: a contract assigned to a CTO after it was sold).
 */
export function editContract(clientes: readonly unknown[], code: string, edit: ContractEdit): EditError | undefined {
  const found = findContract(clientes, code);
  if (!found) return { code: 'contract-not-found', contract: code, message: `No SGP contract ${code}` };
  const { cliente, contract } = found;
  if (edit.status !== undefined) {
    contract.status = typeof edit.status === 'number' ? sgpStatusText[edit.status] : edit.status;
  }
  if (edit.motivo_status !== undefined) contract.motivo_status = edit.motivo_status;
  if (edit.nome !== undefined) cliente.nome = edit.nome;
  const touchesOnu = onuKeys.some((k) => edit[k] !== undefined);
  const touchesAddress = addressKeys.some((k) => edit[k] !== undefined);
  if (!touchesOnu && !touchesAddress) return undefined;
  const service = ftthServiceOf(contract) ?? asObject((servicesOf(contract) ?? [])[0]);
  if (!service) {
    const field = [...onuKeys, ...addressKeys].find((k) => edit[k] !== undefined) ?? '';
    return { code: 'no-service', contract: code, field, message: `SGP contract ${code} has no service to edit` };
  }
  if (touchesOnu) editOnu(clientes, child(service, 'onu'), edit);
  if (touchesAddress) {
    const endereco = child(service, 'endereco');
    for (const key of addressKeys) if (edit[key] !== undefined) endereco[key] = edit[key];
  }
  return undefined;
}

/** Removes contract `code`; a client left with no contract goes too. False when absent. */
export function deleteContract(clientes: unknown[], code: string): boolean {
  const found = findContract(clientes, code);
  if (!found) return false;
  found.contratos.splice(found.contractIndex, 1);
  if (found.contratos.length === 0) clientes.splice(found.clientIndex, 1);
  return true;
}
