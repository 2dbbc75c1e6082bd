import type { SgpContractRecord } from '../../domain/sgp/sgpContractRecord.ts';
import { UpstreamError, UpstreamErrorCode } from '../upstream/upstreamError.ts';
import { extractContracts, type ExtractedContracts } from './extractContracts.ts';
import type { ClientesPage } from './parseSgpBody.ts';
import type { SgpRecordError } from './sgpRecordError.ts';

export interface SgpSweep {
  readonly records: SgpContractRecord[];
  readonly rejected: SgpRecordError[];
  /** True only when every page was read (R1.6): false forbids cancellations. */
  readonly complete: boolean;
  /** One per page that kept failing. */
  readonly failures: UpstreamError[];
  /** Clients in SGP's listing (`paginacao.total`), or null when SGP did not say. */
  readonly total: number | null;
}

export interface SweepPlan {
  readonly pageSize: number;
  readonly concurrency: number;
  /** Extra reads of a page that came back shorter than `total` implies. */
  readonly shortPageRereads: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (read: number, total: number) => void;
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
export async function sweepPages(readPage: ReadPage, plan: SweepPlan): Promise<SgpSweep> {
  const state: SweepState = { total: null, pageSize: plan.pageSize, read: 0 };
  const readSettled = (offset: number): Promise<ClientesPage> => readWithRereads(readPage, offset, state, plan.shortPageRereads);

  // 1. The first page: `total`, and the page size SGP really applies.
  let first: ClientesPage;
  try {
    first = await readSettled(0);
  } catch (error) {
    if (isFatal(error)) throw error;
    return { records: [], rejected: [], complete: false, failures: [error as UpstreamError], total: null };
  }
  state.total = first.total;
  state.pageSize = effectivePageSize(first, plan.pageSize);
  state.read = first.clientes.length;
  plan.onProgress?.(state.read, state.total ?? state.read);

  // 2. The other pages, `concurrency` at a time, planned as far as `total` (which may grow).
  // Each page is reduced to its contracts as it lands: a sweep of 100,000 contracts never holds
  // SGP's whole raw listing (passwords, invoices, every field) in memory at once.
  const pages = new Map<number, ExtractedContracts>([[0, extractContracts(first.clientes, 0)]]);
  const failures: UpstreamError[] = [];
  let planEnd = planEndAfter(first, 0, state);
  let stopAt = first.clientes.length === 0 ? 0 : Number.POSITIVE_INFINITY;
  let next = state.pageSize;
  let fatal: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (fatal === undefined && next < Math.min(planEnd, stopAt)) {
      const offset = next;
      next += state.pageSize;
      try {
        plan.signal?.throwIfAborted();
        const page = await readSettled(offset);
        pages.set(offset, extractContracts(page.clientes, offset));
        state.read += page.clientes.length;
        if (page.total !== null && page.total > (state.total ?? -1)) state.total = page.total;
        plan.onProgress?.(state.read, state.total ?? state.read);
        // An empty page: nothing lies beyond it, whatever `total` said.
        if (page.clientes.length === 0) stopAt = Math.min(stopAt, offset);
        planEnd = Math.max(planEnd, planEndAfter(page, offset, state));
      } catch (error) {
        if (isFatal(error)) fatal ??= { error };
        else failures.push(error as UpstreamError);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, plan.concurrency) }, worker));
  if (fatal !== undefined) throw fatal.error;

  // 3. Merge in offset order, so that de-duplication keeps the same copy whatever finished first.
  return { ...mergePages(pages), complete: failures.length === 0, failures, total: state.total };
}

interface SweepState {
  /** The largest `total` any page reported (the listing may grow during the sweep). */
  total: number | null;
  pageSize: number;
  read: number;
}

/** Reads a page, and again (up to `rereads` times) while it is shorter than `total` implies. */
async function readWithRereads(readPage: ReadPage, offset: number, state: SweepState, rereads: number): Promise<ClientesPage> {
  const isShort = (page: ClientesPage): boolean => {
    const total = page.total ?? state.total;
    const size = Math.min(state.pageSize, page.limit ?? state.pageSize); // SGP may cap the limit
    return total !== null && page.clientes.length < Math.min(size, total - offset);
  };
  let best = await readPage(offset, state.pageSize);
  for (let reread = 0; reread < rereads && isShort(best); reread += 1) {
    const again = await readPage(offset, state.pageSize).catch(keepGoingOnUpstreamError);
    if (again === undefined) break; // the short read stands
    if (again.clientes.length > best.clientes.length) best = again;
  }
  return best;
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
  if (first.clientes.length > 0 && first.clientes.length < Math.min(size, remaining)) size = first.clientes.length;
  return size;
}

/**
 * Offsets below the returned value are to be read: the known total (the largest any page
 * reported, as the listing may grow during the sweep); without one, one more page after every
 * full page.
 */
function planEndAfter(page: ClientesPage, offset: number, state: SweepState): number {
  if (state.total !== null) return state.total;
  return page.clientes.length >= state.pageSize ? offset + state.pageSize + 1 : 0;
}

function mergePages(pages: ReadonlyMap<number, ExtractedContracts>): Pick<SgpSweep, 'records' | 'rejected'> {
  const records: SgpContractRecord[] = [];
  const rejected: SgpRecordError[] = [];
  const seen = new Set<string>();
  const seenRejections = new Set<string>();
  for (const offset of [...pages.keys()].sort((a, b) => a - b)) {
    const page = pages.get(offset) ?? { records: [], rejected: [] };
    for (const record of page.records) {
      if (seen.has(record.code)) continue;
      seen.add(record.code);
      records.push(record);
    }
    for (const error of page.rejected) {
      // A contract shifted onto two pages is reported once; one without an id each time.
      const key = error.contract === null ? undefined : `${error.contract}\u0000${error.field}`;
      if (key !== undefined && seenRejections.has(key)) continue;
      if (key !== undefined) seenRejections.add(key);
      rejected.push(error);
    }
  }
  return { records, rejected };
}
