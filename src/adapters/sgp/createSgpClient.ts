import type { HttpTransport } from '../upstream/httpTransport.ts';
import { UpstreamError } from '../upstream/upstreamError.ts';
import type { SgpCtoList } from './parseCtoList.ts';
import { parseCtoList } from './parseCtoList.ts';
import { parseClientesPage, type ClientesPage } from './parseSgpBody.ts';
import { bodyHash, recallPage, type PageMemo } from './pageMemo.ts';
import type { ResponseProblem } from '../upstream/httpTransport.ts';
import { requestParsed } from './requestParsed.ts';
import type { SgpAuth } from './sgpAuth.ts';
import { explainCredentialsError, sgpCredentials } from './sgpAuth.ts';
import type { SgpListingRead } from './sweepPages.ts';
import type { RecogniseRecord } from '../../domain/sgp/contractIdentity.ts';
import { sweepPages } from './sweepPages.ts';

export interface SgpClientOptions {
  /** The SGP transport; create it with `secrets: sgpSecrets(auth)`. */
  readonly transport: HttpTransport;
  readonly auth: SgpAuth;
  /** Clients per page, at most 100 (SGP's maximum). Default 100. */
  readonly pageSize?: number;
  /** Pages read at once. Default 4 (SGP degrades above 8-10 parallel calls). */
  readonly concurrency?: number;
  /** Extra reads of a short page before it is accepted. Default 2. */
  readonly shortPageRereads?: number;
  /**
   * Pages of the whole listing remembered between sweeps: a page whose body comes back the same,
   * all its records still known to the sweep's `recognise`, is not parsed again.
   */
  readonly memo?: PageMemo;
  /** Milliseconds since the epoch, for the memo's age. Default `Date.now`. */
  readonly now?: () => number;
}

interface SweepContractsOptions {
  /** Read only this contract (SGP's `contrato` filter). */
  readonly contrato?: string;
  readonly signal?: AbortSignal;
  /** Clients read so far and SGP's total, after each page. */
  readonly onProgress?: (read: number, total: number) => void;
  /** Records the caller already holds come back as codes in `known` (sweepPages.ts). */
  readonly recognise?: RecogniseRecord;
}

export interface SgpClient {
  /**
   * Every contract (docs/RULES.md R1.1). Resolves with what could be read, `complete: false` when a page
   * kept failing (R1.6); rejects with an `UPSTREAM_CREDENTIALS` UpstreamError whose message says
   * what to check when SGP refuses the credentials, and with the signal's reason on abort.
   */
  sweepContracts(options?: SweepContractsOptions): Promise<SgpListingRead>;
  /** Every CTO, for `doctor`. Rejects with an UpstreamError when the list cannot be read. */
  listCtos(options?: { readonly signal?: AbortSignal }): Promise<SgpCtoList>;
}

export type { SgpAuth } from './sgpAuth.ts';
export { sgpSecrets } from './sgpAuth.ts';

const CLIENTES_PATH = '/api/ura/clientes/';
const CTOS_PATH = '/api/fttx/splitter/all/';

/**
 * The SGP client (docs/RULES.md R1, R8). Response bodies are validated inside the transport's retry
 * loop (see requestParsed), so a 200 with an HTML page is retried like a 5xx.
 */
export function createSgpClient(options: SgpClientOptions): SgpClient {
  const { transport, auth } = options;
  const credentials = sgpCredentials(auth);
  const pageSize = Math.min(100, Math.max(1, Math.trunc(options.pageSize ?? 100)));
  const explain = (error: unknown): never => {
    throw error instanceof UpstreamError ? explainCredentialsError(error, auth) : error;
  };

  /**
   * A page's body parsed, or recalled from the memo without parsing (a sweep of the whole
   * listing that recognises records: offsets of a one-contract read mean another listing).
   */
  const parsePage =
    (sweep: SweepContractsOptions, memo: { pages: PageMemo; now: number } | undefined) =>
    (offset: number, limit: number) =>
    (text: string): ClientesPage | ResponseProblem => {
      const recognise = sweep.recognise;
      if (memo === undefined || recognise === undefined) return parseClientesPage(text);
      const hash = bodyHash(text);
      const recalled = recallPage(memo.pages, recognise, { offset, limit, bodyHash: hash, now: memo.now });
      if (recalled) {
        const { count, total, limit: applied, rejected } = recalled.page;
        return { clientes: [], total, limit: applied, recalled: { count, located: recalled.located, rejected } };
      }
      const page = parseClientesPage(text);
      return 'clientes' in page ? { ...page, bodyHash: hash } : page;
    };

  const readPage =
    (signal: AbortSignal | undefined, contrato: string | undefined, parse: ReturnType<typeof parsePage>) =>
    (offset: number, limit: number) =>
      requestParsed(
        transport,
        {
          method: 'POST',
          path: CLIENTES_PATH,
          // A read, though a POST: retrying it is always safe.
          retry: 'safe',
          body: {
            kind: 'json',
            value: {
              ...credentials.fields,
              offset,
              limit,
              exibir_conexao: 1,
              omitir_titulos: 1,
              ...(contrato ? { contrato } : {}),
            },
          },
          headers: credentials.headers,
          signal,
        },
        parse(offset, limit),
      );

  return {
    async sweepContracts(sweep = {}) {
      const wholeListing = sweep.contrato === undefined && sweep.recognise !== undefined;
      const memo = wholeListing && options.memo ? { pages: options.memo, now: (options.now ?? Date.now)() } : undefined;
      const result = await sweepPages(readPage(sweep.signal, sweep.contrato, parsePage(sweep, memo)), {
        pageSize,
        concurrency: options.concurrency ?? 4,
        shortPageRereads: options.shortPageRereads ?? 2,
        signal: sweep.signal,
        onProgress: sweep.onProgress,
        recognise: sweep.recognise,
        ...(memo ? { memo } : {}),
      }).catch(explain);
      if (sweep.contrato === undefined) return result;
      // SGP answers with the whole client; keep the contract asked for.
      const wanted = sweep.contrato;
      return {
        ...result,
        records: result.records.filter((record) => record.code === wanted),
        known: result.known.filter((code) => code === wanted),
        rejected: result.rejected.filter((error) => error.contract === null || error.contract === wanted),
      };
    },

    listCtos(list = {}) {
      return requestParsed(
        transport,
        // The transport never quotes the query string, which carries the token here.
        {
          method: 'GET',
          path: CTOS_PATH,
          query: credentials.fields,
          headers: credentials.headers,
          signal: list.signal,
        },
        parseCtoList,
      ).catch(explain);
    },
  };
}
