/**
 * Navigation in SGP records that may be malformed: every helper answers `undefined` rather than
 * throwing when a level is missing or of the wrong type, so the simulator can serve a broken
 * record verbatim and still filter the good ones.
 */
export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function contractsOf(cliente: unknown): unknown[] | undefined {
  const contratos = asObject(cliente)?.contratos;
  return Array.isArray(contratos) ? contratos : undefined;
}

export function servicesOf(contract: unknown): unknown[] | undefined {
  const servicos = asObject(contract)?.servicos;
  return Array.isArray(servicos) ? servicos : undefined;
}

/** A contract's id: `contrato`, else `id` (both are seen), as a string. */
export function contractCode(contract: unknown): string | undefined {
  const object = asObject(contract);
  const code = object?.contrato ?? object?.id;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}

/** The service holding the ONU on a CTO: the first with `onu.splitter`, else the first with an `onu`. */
export function ftthServiceOf(contract: unknown): JsonObject | undefined {
  const services = (servicesOf(contract) ?? []).map(asObject).filter((s) => s !== undefined);
  return (
    services.find((s) => asObject(asObject(s.onu)?.splitter) !== undefined) ??
    services.find((s) => asObject(s.onu) !== undefined)
  );
}

export interface ContractLocation {
  readonly clientIndex: number;
  readonly cliente: JsonObject;
  readonly contratos: unknown[];
  readonly contractIndex: number;
  readonly contract: JsonObject;
}

/** Finds the first record holding contract `code`. */
export function findContract(clientes: readonly unknown[], code: string): ContractLocation | undefined {
  for (const [clientIndex, record] of clientes.entries()) {
    const cliente = asObject(record);
    const contratos = contractsOf(record);
    if (!cliente || !contratos) continue;
    const contractIndex = contratos.findIndex((c) => contractCode(c) === code);
    const contract = asObject(contratos[contractIndex]);
    if (contract) return { clientIndex, cliente, contratos, contractIndex, contract };
  }
  return undefined;
}
