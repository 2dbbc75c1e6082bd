import type { Config } from '../config/index.ts';
import { createHttpTransport } from '../../adapters/upstream/createHttpTransport.ts';
import { UpstreamError } from '../../adapters/upstream/upstreamError.ts';
import { createSgpClient } from '../../adapters/sgp/createSgpClient.ts';
import { sgpSecrets, type SgpAuth } from '../../adapters/sgp/sgpAuth.ts';
import { createOzmapSession } from '../../adapters/ozmap/ozmapSession.ts';
import { ozmapAssumptions } from '../../adapters/ozmap/ozmapAssumptions.ts';
import { openLocalState } from '../openLocalState.ts';
import { configSecrets } from '../config/index.ts';
import { checkConnectionShape } from './checkConnectionShape.ts';
import { checkOnuField } from './onuCheck.ts';

export type Verdict = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  readonly check: string;
  readonly verdict: Verdict;
  readonly detail: string;
  /** What to do about it, when it is not ok. */
  readonly fix?: string;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export interface DoctorContext {
  readonly config: Config;
  readonly sgpAuth: SgpAuth;
}

/** The event store opens, its read models catch up, and it answers a read. */
export async function checkEventStore({ config }: DoctorContext): Promise<CheckResult> {
  try {
    const state = await openLocalState(config.eventStore, config.readModelPath);
    try {
      const caughtUp = await state.projector.catchUp();
      return {
        check: 'event store',
        verdict: 'ok',
        detail: `${config.eventStore.kind}: ${caughtUp.checkpoint + 1} events projected, ${state.readModels.contractCount()} contracts known`,
      };
    } finally {
      await state.close();
    }
  } catch (error) {
    return {
      check: 'event store',
      verdict: 'fail',
      detail: describe(error),
      fix: 'check EVENTSTORE_URL (sqlite:<path> must be writable; esdb:// must reach a running EventStoreDB)',
    };
  }
}

/** Credentials, reachability and one page of contracts. */
export async function checkSgp({ config, sgpAuth }: DoctorContext): Promise<CheckResult[]> {
  const transport = createHttpTransport({
    upstream: 'sgp',
    baseUrl: config.sgp.url,
    concurrency: 1,
    maxRps: config.sgp.maxRps,
    timeoutMs: config.requestTimeoutMs,
    maxAttempts: 2,
    secrets: [...configSecrets(config), ...sgpSecrets(sgpAuth)],
  });
  const client = createSgpClient({ transport, auth: sgpAuth, concurrency: 1 });
  const results: CheckResult[] = [];
  try {
    const ctos = await client.listCtos();
    results.push({
      check: 'SGP credentials and CTO list',
      verdict: 'ok',
      detail: `${ctos.ctos.length} CTOs (GET /api/fttx/splitter/all/)`,
    });
  } catch (error) {
    const credentials = error instanceof UpstreamError && error.code === 'UPSTREAM_CREDENTIALS';
    results.push({
      check: 'SGP credentials and CTO list',
      verdict: 'fail',
      detail: describe(error),
      fix: credentials
        ? 'check SGP_TOKEN and SGP_APP (Administração -> Integrações -> Tokens; the app name is case-sensitive; the token must allow this host)'
        : 'check SGP_URL: the instance base, e.g. https://isp.sgp.net.br, with no path',
    });
    return results;
  }
  return results;
}

/** Credentials, one page of clients, and the [assumed] points that can be checked read-only. */
export async function checkOzmap({ config }: DoctorContext): Promise<CheckResult[]> {
  const transport = createHttpTransport({
    upstream: 'ozmap',
    baseUrl: config.ozmap.url,
    concurrency: 1,
    maxRps: config.ozmap.maxRps,
    timeoutMs: config.requestTimeoutMs,
    maxAttempts: 2,
    secrets: configSecrets(config),
  });
  const auth =
    config.ozmap.apiKey !== undefined
      ? { apiKey: config.ozmap.apiKey }
      : { login: config.ozmap.login ?? '', password: config.ozmap.password ?? '' };
  const session = createOzmapSession(transport, auth);
  const list = async (route: string, query: Record<string, string | number>) => {
    const response = await session.send({ method: 'GET', path: `/api/v2/${route}`, query });
    return JSON.parse(response.text) as {
      total?: number;
      rows?: { id?: string; _id?: string; code?: unknown; status?: unknown; parent?: unknown; onu?: unknown }[];
    };
  };
  const results: CheckResult[] = [];
  let first: Awaited<ReturnType<typeof list>>;
  try {
    first = await list('ftth-clients', {
      limit: 2,
      [ozmapAssumptions.paging.param]: ozmapAssumptions.paging.firstPage,
    });
    results.push({
      check: 'OZmap credentials and clients',
      verdict: 'ok',
      detail: `${first.total ?? '?'} FTTH clients`,
    });
  } catch (error) {
    const credentials = error instanceof UpstreamError && error.code === 'UPSTREAM_CREDENTIALS';
    results.push({
      check: 'OZmap credentials and clients',
      verdict: 'fail',
      detail: describe(error),
      fix: credentials
        ? 'check OZMAP_API_KEY: the raw key of a user with the API module'
        : 'check OZMAP_URL: the tenant base, e.g. https://isp.ozmap.com.br:9994, without /api/v2',
    });
    return results;
  }
  const rows = first.rows ?? [];
  // [assumed] paging: the second page is another row than the first.
  if ((first.total ?? 0) >= 2) {
    try {
      const second = await list('ftth-clients', {
        limit: 1,
        [ozmapAssumptions.paging.param]: ozmapAssumptions.paging.firstPage + 1,
      });
      const idOf = (r: { id?: string; _id?: string } | undefined) => r?.id ?? r?._id;
      const moved = idOf(second.rows?.[0]) !== undefined && idOf(second.rows?.[0]) === idOf(rows[1]);
      results.push({
        check: `assumption: paging by "${ozmapAssumptions.paging.param}"`,
        verdict: moved ? 'ok' : 'warn',
        detail: moved ? 'page 2 of size 1 is the second row' : 'page 2 did not return the second row',
        ...(moved ? {} : { fix: 'switch ozmapAssumptions.paging.param (src/adapters/ozmap/ozmapAssumptions.ts)' }),
      });
    } catch (error) {
      results.push({ check: 'assumption: paging', verdict: 'warn', detail: describe(error) });
    }
  }
  // [assumed] client status is a number (old SDKs sent "OK"/"ERROR").
  const statuses = rows.map((r) => r.status).filter((s) => s !== undefined && s !== null);
  results.push({
    check: 'assumption: client status is 0/1',
    verdict: statuses.every((s) => typeof s === 'number') ? 'ok' : 'warn',
    detail: `seen: ${JSON.stringify(statuses)}`,
  });
  const onu = checkOnuField(config.rules.updateOnu, rows);
  if (onu) results.push(onu);
  // [assumed] the page size is accepted.
  try {
    await list('boxes', {
      limit: config.ozmap.pageSize,
      [ozmapAssumptions.paging.param]: ozmapAssumptions.paging.firstPage,
    });
    results.push({ check: `assumption: page size ${config.ozmap.pageSize}`, verdict: 'ok', detail: 'accepted' });
  } catch (error) {
    results.push({
      check: `assumption: page size ${config.ozmap.pageSize}`,
      verdict: 'fail',
      detail: describe(error),
      fix: 'lower OZMAP_PAGE_SIZE (100 is what the SDK uses)',
    });
  }
  // [assumed] a client filter in the query string is honoured.
  const code = rows[0]?.code;
  if (typeof code === 'string') {
    try {
      const found = await list('ftth-clients', {
        filter: JSON.stringify([{ property: 'code', operator: '=', value: code }]),
        limit: 5,
      });
      const honoured = (found.rows ?? []).every((r) => r.code === code);
      results.push({
        check: 'assumption: filters in the query string',
        verdict: honoured ? 'ok' : 'fail',
        detail: honoured ? `code filter returned ${found.rows?.length ?? 0} row(s)` : 'the filter was ignored',
        ...(honoured
          ? {}
          : {
              fix: 'this tenant ignores query-string filters: creation re-checks by code would be wrong; do not run without fixing the OZmap client',
            }),
      });
    } catch (error) {
      results.push({ check: 'assumption: filters in the query string', verdict: 'warn', detail: describe(error) });
    }
  }
  // [assumed] R4.8: what a move or a later connection writes reads back as `connections`.
  results.push(await checkConnectionShape(session));
  return results;
}
