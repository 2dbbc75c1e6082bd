import type { FastifyReply } from 'fastify';
import type { LocalServer, SeenRequest } from '../upstream/localServer.ts';
import { startLocalServer } from '../upstream/localServer.ts';

export const TOKEN = 'tok-3f9a-SECRET';
export const APP = 'sgp-ozmap';

/** A fault for one request: answer it yourself, or return undefined for the normal page. */
export type Fault = (context: { offset: number; limit: number; readOfOffset: number; reply: FastifyReply }) => unknown;

export interface FakeSgpOptions {
  /** The whole `clientes` listing. */
  readonly clientes: readonly unknown[];
  readonly fault?: Fault;
  readonly delayMs?: number;
  /** Leave `paginacao` out of the answers. */
  readonly noPaginacao?: boolean;
  /** The most clients SGP returns per page, whatever `limit` asks. */
  readonly maxLimit?: number;
  readonly ctos?: unknown;
}

export interface FakeSgp extends LocalServer {
  /** Offsets asked for, in arrival order. */
  readonly offsets: number[];
}

/**
 * A stand-in for an SGP instance, just enough for the client's tests: `POST /api/ura/clientes/`
 * with token/app in a JSON body (or Basic), paged by offset/limit, with SGP's two 403 bodies,
 * and `GET /api/fttx/splitter/all/`. (The project's full simulator lives in sim/.)
 */
export async function startFakeSgp(options: FakeSgpOptions): Promise<FakeSgp> {
  const offsets: number[] = [];
  const reads = new Map<number, number>();
  const server = await startLocalServer(async (seen, reply) => {
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const refusal = checkCredentials(seen, reply);
    if (refusal !== undefined) return refusal;
    if (seen.method === 'GET' && seen.url.startsWith('/api/fttx/splitter/all/')) return reply.send(options.ctos ?? []);
    const body = (seen.body ?? {}) as Record<string, unknown>;
    const offset = Number(body['offset'] ?? 0);
    const limit = Math.min(Number(body['limit'] ?? 100), options.maxLimit ?? 100);
    offsets.push(offset);
    const readOfOffset = (reads.get(offset) ?? 0) + 1;
    reads.set(offset, readOfOffset);
    const faulted = await options.fault?.({ offset, limit, readOfOffset, reply });
    if (faulted !== undefined) return faulted;
    const clientes = options.clientes.slice(offset, offset + limit);
    const paginacao = { offset, limit, parcial: 1, total: options.clientes.length };
    return reply.send(options.noPaginacao ? { clientes } : { paginacao, clientes });
  });
  return Object.assign(server, { offsets });
}

function checkCredentials(seen: SeenRequest, reply: FastifyReply): unknown {
  if (typeof seen.headers['authorization'] === 'string') {
    const ok = seen.headers['authorization'] === `Basic ${Buffer.from('admin:pa55').toString('base64')}`;
    return ok ? undefined : reply.code(403).send({ detail: 'Credenciais de autenticação incorretas.' });
  }
  const fields =
    seen.method === 'GET'
      ? Object.fromEntries(new URL(seen.url, 'http://x').searchParams)
      : ((seen.body ?? {}) as Record<string, unknown>);
  if (fields['token'] === undefined) {
    return reply.code(403).send({ detail: 'As credenciais de autenticação não foram fornecidas.' });
  }
  if (fields['token'] !== TOKEN || fields['app'] !== APP) {
    return reply.code(403).send({ detail: 'Credenciais de autenticação incorretas.' });
  }
  return undefined;
}

/** A realistic client with one contract, secrets included (they must never come out). */
export function sgpClient(contract: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    nome: `Cliente ${contract}`,
    cpfcnpj: `000${contract}`,
    endereco: {
      logradouro: 'Rua A',
      numero: contract,
      bairro: 'Centro',
      cidade: 'Fortaleza',
      uf: 'CE',
      cep: '60000-000',
      complemento: '',
      latitude: '-3.7',
      longitude: '-38.5',
    },
    contratos: [
      {
        contrato: contract,
        status: 'Ativo',
        motivo_status: '',
        servicos: [
          {
            id: contract * 10,
            tipo: 'internet',
            senha: `senha-${contract}`,
            wifi_password: `wifi-${contract}`,
            onu: {
              splitter: { id: 7, nome: 'CTO-01', porta: (contract % 8) + 1 },
              rx: '-21.5',
              conexao: { status: 'online' },
              password: 'onu-pw',
            },
            endereco: null,
          },
        ],
        ...overrides,
      },
    ],
    titulos: [{ id: 1, valor: 99.9 }],
  };
}

export const listing = (count: number): Array<Record<string, unknown>> =>
  Array.from({ length: count }, (_, i) => sgpClient(i + 1));
