import type { SgpAddress, SgpContractRecord, SgpService } from '../../../src/domain/sgp/sgpContractRecord.ts';

/**
 * Builders of raw SGP contract records for the R1 tests: a plausible FTTH contract by default,
 * so that each test overrides only the slot its rule clause is about.
 */

type SgpOnu = NonNullable<SgpService['onu']>;

export const noAddress: SgpAddress = {
  logradouro: null,
  numero: null,
  complemento: null,
  bairro: null,
  cidade: null,
  uf: null,
  cep: null,
  latitude: null,
  longitude: null,
};

export function anAddress(parts: Partial<SgpAddress> = {}): SgpAddress {
  return { ...noAddress, ...parts };
}

export function anOnu(overrides: Partial<SgpOnu> = {}): SgpOnu {
  return {
    splitter: { id: 10, nome: 'CTO-01', porta: 3 },
    rx: '-21,5',
    conexao: { status: 'online' },
    ...overrides,
  };
}

export function aService(overrides: Partial<SgpService> = {}): SgpService {
  return { id: 1, tipo: 'FTTH', onu: anOnu(), endereco: null, ...overrides };
}

export function aRecord(overrides: Partial<SgpContractRecord> = {}): SgpContractRecord {
  return {
    code: '1234',
    status: 'Ativo',
    motivoStatus: null,
    cliente: { nome: 'Maria da Silva', endereco: null },
    servicos: [aService()],
    ...overrides,
  };
}

/** A record whose only service is FTTH, with these ONU slots changed. */
export function withOnu(overrides: Partial<SgpOnu>): SgpContractRecord {
  return aRecord({ servicos: [aService({ onu: anOnu(overrides) })] });
}

/** A record with these addresses on the client and on its only (FTTH) service. */
export function withAddresses(client: SgpAddress | null, service: SgpAddress | null): SgpContractRecord {
  return aRecord({
    cliente: { nome: 'Maria da Silva', endereco: client },
    servicos: [aService({ endereco: service })],
  });
}
