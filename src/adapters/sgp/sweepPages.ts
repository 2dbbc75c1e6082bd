import type { SgpContractRecord } from '../../domain/sgp/sgpContractRecord.ts';
import { UpstreamError, UpstreamErrorCode } from '../upstream/upstreamError.ts';
import { extractContracts, type ExtractedContracts } from './extractContracts.ts';
import { mergeDuplicateCodes } from './mergeDuplicateCodes.ts';
import { clientCount, type ClientesPage } from './parseSgpBody.ts';
import { pageToRemember, type PageMemo } from './pageMemo.ts';
import type { InvalidSgpRecord } from './invalidSgpRecord.ts';
import type { RecogniseRecord } from '../../domain/sgp/contractIdentity.ts';
import type { LocatedRecord } from './mergeDuplicateCodes.ts';

/** SGP's whole client listing read page by page: its contracts, rejections, page failures and counts. */
export interface SgpListingRead {
  readonly records: SgpContractRecord[];
  /** Codes of the records `recognise` knew (not in `records`): read, and unchanged. */
  readonly known: string[];
  readonly rejected: InvalidSgpRecord[];
  /**
   * True only when the sweep holds what SGP said it holds (R1.6): every page read, none empty or
   * short before SGP's total, and the client records read within `TOTAL_TOLERANCE` of the total
   * SGP gives at the end of the sweep. False forbids cancellations.
   */
  readonly complete: boolean;
  /** One per page that kept failing. */
  readonly failures: UpstreamError[];
  /** Why a sweep whose pages all answered is still incomplete (empty or short pages, a total that moved too far). */
  readonly gaps: string[];
  /** Clients in SGP's listing (`paginacao.total`, re-read at the end), or null when SGP did not say. */
  readonly total: number | null;
  /** Client records read (not contracts: a client may hold several, or none). */
  readonly clientsRead: number;
  /** Pages that stood for themselves as remembered, not parsed (`PageMemo`, decision 0010). */
  readonly pagesRecalled: number;
}

/**
 * How far the client records read may be from the total SGP gives at the end of the sweep, and
 * the sweep still count as complete. `total` counts client records and moves while people edit
 * SGP: a sweep of 100,000 clients at 10 pages a second lasts under two minutes, in which an ISP's
 * staff add or remove a handful of clients. A larger difference means records were lost (or SGP
 * miscounts), and the sweep is not trusted for cancellations or vanishings (R1.6, R5.7).
 */
const TOTAL_TOLERANCE = 5;

export interface SweepPlan {
  readonly pageSize: number;
  readonly concurrency: number;
  /** Extra reads of a page that came back shorter than `total` implies. */
  readonly shortPageRereads: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (read: number, total: number) => void;
  /** Records the caller already holds are kept as their code and identity only. */
  readonly recognise?: RecogniseRecord;
  /** Where each page extracted is remembered, to stand for it while its body stays the same (with `recognise`). */
  readonly memo?: { readonly pages: PageMemo; readonly now: number };
}

/** Reads one page; rejects with an UpstreamError, or the signal's reason. */
export type ReadPage = (offset: number, limit: number) => Promise<ClientesPage>;

/**
 * Pages through SGP's client listing (docs/SGP-API.md "Contracts"): the first page tells `total`, the
 * other offsets are then read concurrently. Records shift between pages while SGP is edited, so
 * a page shorter than `total` implies is read again, and contracts are de-duplicated. A page
 * that keeps failing is left out and makes the sweep incomplete; a credentials error (nothing
 * can be read) or an abort rejects the whole sweep.
 */
export async function sweepPages(readPage: ReadPage, plan: SweepPlan): Promise<SgpListingRead> {
  const state: SweepState = { total: null, pageSize: plan.pageSize, read: 0 };
  const gaps: string[] = [];
  const readSettled = async (offset: number): Promise<ClientesPage> => {
    const { page, short } = await readWithRereads(readPage, offset, state, plan.shortPageRereads);
    if (short)
      gaps.push(
        `the page at offset ${offset} held ${clientCount(page)} clients after ${plan.shortPageRereads} re-reads, while SGP lists ${page.total ?? state.total}`,
      );
    return page;
  };

  // 1. The first page: `total`, and the page size SGP really applies.
  let first: ClientesPage;
  try {
    first = await readSettled(0);
  } catch (error) {
    if (isFatal(error)) throw error;
    return {
      records: [],
      known: [],
      rejected: [],
      complete: false,
      failures: [error as UpstreamError],
      gaps,
      total: null,
      clientsRead: 0,
      pagesRecalled: 0,
    };
  }
  state.total = first.total;
  state.pageSize = effectivePageSize(first, plan.pageSize);
  state.read = clientCount(first);
  plan.onProgress?.(state.read, state.total ?? state.read);

  // 2. The other pages, `concurrency` at a time, planned as far as `total` (which may grow).
  // Each page is reduced to its contracts as it lands: a sweep of 100,000 contracts never holds
  // SGP's whole raw listing (passwords, invoices, every field) in memory at once.
  const pages = new Map<number, PageContracts>([[0, pageContracts(first, { offset: 0, limit: plan.pageSize }, plan)]]);
  const failures: UpstreamError[] = [];
  let planEnd = planEndAfter(first, 0, state);
  let stopAt = clientCount(first) === 0 ? 0 : Number.POSITIVE_INFINITY;
  let next = state.pageSize;
  let fatal: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (fatal === undefined && next < Math.min(planEnd, stopAt)) {
      const offset = next;
      next += state.pageSize;
      try {
        plan.signal?.throwIfAborted();
        const page = await readSettled(offset);
        pages.set(offset, pageContracts(page, { offset, limit: state.pageSize }, plan));
        state.read += clientCount(page);
        if (page.total !== null && page.total > (state.total ?? -1)) state.total = page.total;
        plan.onProgress?.(state.read, state.total ?? state.read);
        // An empty page: nothing lies beyond it, whatever `total` said.
        if (clientCount(page) === 0) stopAt = Math.min(stopAt, offset);
        planEnd = Math.max(planEnd, planEndAfter(page, offset, state));
      } catch (error) {
        if (isFatal(error)) fatal ??= { error };
        else failures.push(error as UpstreamError);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, plan.concurrency) }, worker));
  if (fatal !== undefined) throw fatal.error;

  // 3. SGP's total again, now: the listing moved while it was read, so the first page's total
  // is not what the sweep should hold. One client is enough to carry `paginacao`.
  let total = state.total;
  if (total !== null && failures.length === 0) {
    try {
      const last = await readPage(0, 1);
      total = last.total ?? total;
    } catch (error) {
      if (isFatal(error)) throw error;
      failures.push(error as UpstreamError);
    }
    if (Math.abs(state.read - total) > TOTAL_TOLERANCE) {
      gaps.push(
        `read ${state.read} client records while SGP lists ${total} at the end of the sweep (tolerance ${TOTAL_TOLERANCE})`,
      );
    }
  }

  // 4. Merge in offset order, so that the same copy of a duplicated code wins whatever finished first.
  const merged = mergePages(pages, state.pageSize);
  return {
    ...merged,
    complete: failures.length === 0 && gaps.length === 0,
    failures,
    gaps,
    total,
    clientsRead: state.read,
    pagesRecalled: [...pages.values()].filter((page) => page.recalled).length,
  };
}

interface SweepState {
  /** The largest `total` any page reported (the listing may grow during the sweep). */
  total: number | null;
  pageSize: number;
  read: number;
}

/**
 * Reads a page, and again (up to `rereads` times) while it is shorter than `total` implies;
 * `short` when it still is (an empty page before the total included).
 */
async function readWithRereads(
  readPage: ReadPage,
  offset: number,
  state: SweepState,
  rereads: number,
): Promise<{ page: ClientesPage; short: boolean }> {
  const isShort = (page: ClientesPage): boolean => {
    const total = page.total ?? state.total;
    const size = Math.min(state.pageSize, page.limit ?? state.pageSize); // SGP may cap the limit
    return total !== null && clientCount(page) < Math.min(size, total - offset);
  };
  let best = await readPage(offset, state.pageSize);
  for (let reread = 0; reread < rereads && isShort(best); reread += 1) {
    const again = await readPage(offset, state.pageSize).catch(keepGoingOnUpstreamError);
    if (again === undefined) break; // the short read stands
    if (clientCount(again) > clientCount(best)) best = again;
  }
  return { page: best, short: isShort(best) };
}

/** A credentials error or an abort stops the sweep; any other upstream failure loses one page. */
function isFatal(error: unknown): boolean {
  return !(error instanceof UpstreamError) || error.code === UpstreamErrorCode.credentials;
}

function keepGoingOnUpstreamError(error: unknown): undefined {
  if (isFatal(error)) throw error;
  return undefined;
}

/**
 * SGP may apply a smaller limit than asked (its `paginacao.limit`, or a short first page while
 * `total` says more): offsets then advance by what it returns, or records would be skipped.
 */
function effectivePageSize(first: ClientesPage, asked: number): number {
  let size = Math.min(asked, first.limit ?? asked);
  const remaining = first.total ?? 0;
  const count = clientCount(first);
  if (count > 0 && count < Math.min(size, remaining)) size = count;
  return size;
}

/**
 * Offsets below the returned value are to be read: the known total (the largest any page
 * reported, as the listing may grow during the sweep); without one, one more page after every
 * full page.
 */
function planEndAfter(page: ClientesPage, offset: number, state: SweepState): number {
  if (state.total !== null) return state.total;
  return clientCount(page) >= state.pageSize ? offset + state.pageSize + 1 : 0;
}

/** What a sweep keeps of a page until its end: the located records (recognised ones as code and identity). */
type PageContracts = Pick<ExtractedContracts, 'located' | 'rejected'> & { readonly recalled?: true };

/**
 * A page's contracts: recalled when its body is the one remembered (nothing parsed), else
 * extracted, and then remembered by the body's hash for the next sweep.
 */
function pageContracts(
  page: ClientesPage,
  { offset, limit }: { readonly offset: number; readonly limit: number },
  plan: SweepPlan,
): PageContracts {
  if (page.recalled) {
    return { located: [...page.recalled.located], rejected: [...page.recalled.rejected], recalled: true };
  }
  const extracted = extractContracts(page.clientes, offset, plan.recognise);
  if (plan.memo && page.bodyHash !== undefined) {
    const envelope = { count: page.clientes.length, total: page.total, limit: page.limit };
    const remembered = pageToRemember(extracted, envelope);
    if (remembered) plan.memo.pages.remember(offset, limit, page.bodyHash, remembered, plan.memo.now);
  }
  return { located: extracted.located, rejected: extracted.rejected };
}

function mergePages(
  pages: ReadonlyMap<number, PageContracts>,
  pageSize: number,
): Pick<SgpListingRead, 'records' | 'known' | 'rejected'> {
  const located: LocatedRecord[] = [];
  const rejected: InvalidSgpRecord[] = [];
  const seenRejections = new Set<string>();
  for (const offset of [...pages.keys()].sort((a, b) => a - b)) {
    const page = pages.get(offset) ?? { located: [], rejected: [] };
    located.push(...page.located);
    for (const error of page.rejected) {
      // A contract shifted onto two pages is reported once; one without an id each time.
      const key = error.contract === null ? undefined : `${error.contract}\u0000${error.field}`;
      if (key !== undefined && seenRejections.has(key)) continue;
      if (key !== undefined) seenRejections.add(key);
      rejected.push(error);
    }
  }
  const merged = mergeDuplicateCodes(located, pageSize);
  return { records: merged.records, known: merged.known, rejected: [...rejected, ...merged.rejected] };
}
