import type { ResponseProblem } from '../upstream/httpTransport.ts';
import { UpstreamErrorCode } from '../upstream/upstreamError.ts';
import { isJsonObject, own } from './readSgpFields.ts';
import type { InvalidSgpRecord } from './invalidSgpRecord.ts';
import type { LocatedRecord } from './mergeDuplicateCodes.ts';

/** One page of `POST /api/ura/clientes/`, its envelope checked, its records still raw. */
export interface ClientesPage {
  readonly clientes: readonly unknown[];
  /** `paginacao.total` (clients in the whole listing), or null when SGP did not say. */
  readonly total: number | null;
  /** `paginacao.limit` as SGP applied it, or null. */
  readonly limit: number | null;
  /**
   * The page as extracted the last time its body came back byte for byte the same at this offset
   * (`PageMemo`): `clientes` is then empty, not parsed.
   */
  readonly recalled?: RecalledPage;
  /** The body's hash (`bodyHash`), to remember the page by once extracted. */
  readonly bodyHash?: string;
}

export interface RecalledPage {
  readonly count: number;
  readonly located: readonly LocatedRecord[];
  readonly rejected: readonly InvalidSgpRecord[];
}

/** Client records on the page, parsed or recalled. */
export function clientCount(page: ClientesPage): number {
  return page.recalled?.count ?? page.clientes.length;
}

/**
 * Parses an SGP response body as JSON, or says why it is not acceptable (docs/RULES.md R8): an HTML page
 * or a truncated body is a bad response (retried), `{"status": 0, "msg": ...}` a business error.
 * Parser messages are not quoted: they repeat part of the body.
 */
export function parseSgpJson(text: string): { readonly json: unknown } | ResponseProblem {
  try {
    return { json: JSON.parse(text) as unknown };
  } catch {
    const html = /^\s*</.test(text);
    return badResponse(
      html
        ? 'the body is an HTML page, not JSON (an SGP error page, or a base URL with a path)'
        : `the body is not JSON (${text.length === 0 ? 'empty' : 'malformed or truncated'})`,
    );
  }
}

/** `{"status": 0, "msg": "..."}`: SGP's way of refusing a request with HTTP 200. */
export function businessError(json: unknown): ResponseProblem | undefined {
  if (!isJsonObject(json)) return undefined;
  const status = own(json, 'status');
  if (status !== 0 && status !== '0') return undefined;
  const msg = own(json, 'msg');
  const text = typeof msg === 'string' ? msg.slice(0, 200) : 'no message';
  return { code: UpstreamErrorCode.business, problem: `SGP refused the request: ${JSON.stringify(text)}` };
}

export function parseClientesPage(text: string): ClientesPage | ResponseProblem {
  const parsed = parseSgpJson(text);
  if ('code' in parsed) return parsed;
  const { json } = parsed;
  if (!isJsonObject(json)) return badResponse('the body is not a JSON object');
  const clientes = own(json, 'clientes');
  if (!Array.isArray(clientes)) return businessError(json) ?? badResponse('the body has no "clientes" list');
  const paginacao = own(json, 'paginacao');
  const count = (key: string): number | null =>
    isJsonObject(paginacao) ? nonNegativeInteger(own(paginacao, key)) : null;
  const limit = count('limit');
  return { clientes, total: count('total'), limit: limit === 0 ? null : limit };
}

export function nonNegativeInteger(value: unknown): number | null {
  const number = typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0 ? number : null;
}

function badResponse(problem: string): ResponseProblem {
  return { code: UpstreamErrorCode.badResponse, problem };
}
