/** Hand-made SGP `/api/ura/clientes/` records in the official shape, for end-to-end tests. */
export interface ContractSpec {
  readonly code: number;
  readonly nome?: string;
  readonly status?: string;
  readonly cto?: string | null;
  readonly porta?: number | null;
  readonly rx?: string;
  readonly online?: 'online' | 'offline' | null;
  readonly lat?: string;
  readonly lng?: string;
  readonly logradouro?: string;
  readonly numero?: string | number;
  readonly bairro?: string;
}

const address = (spec: ContractSpec) => ({
  logradouro: spec.logradouro ?? 'Rua das Flores',
  numero: spec.numero ?? 10,
  bairro: spec.bairro ?? 'Centro',
  cidade: 'Fortaleza',
  uf: 'CE',
  cep: '60000-000',
  complemento: '',
  latitude: spec.lat ?? '-3.731862',
  longitude: spec.lng ?? '-38.526669',
});

/** One SGP client with one contract and one FTTH service (or none when `cto` is null). */
export function sgpCliente(spec: ContractSpec): Record<string, unknown> {
  const onu =
    spec.cto === null
      ? null
      : {
          id: spec.code,
          splitter: { id: 7, nome: spec.cto ?? 'CTO-01', porta: spec.porta === undefined ? 1 : spec.porta },
          rx: spec.rx ?? '-21.50',
          senha: 'onu-secret',
          conexao: spec.online === null ? undefined : { status: spec.online ?? 'online', ip: '10.0.0.1' },
        };
  return {
    nome: spec.nome ?? `Cliente ${spec.code}`,
    cpfcnpj: '00000000000',
    endereco: address(spec),
    contratos: [
      {
        contrato: spec.code,
        status: spec.status ?? 'Ativo',
        motivo_status: '',
        servicos: [
          {
            id: 1,
            tipo: 'internet',
            login: `c${spec.code}`,
            senha: 'pppoe-secret',
            wifi_password: 'wifi-secret',
            ...(onu ? { onu } : {}),
            endereco: address(spec),
          },
        ],
      },
    ],
  };
}

export const sgpFixture = (...specs: ContractSpec[]) => ({ clientes: specs.map(sgpCliente) });
