/**
 * Reads a whole OZmap collection page by page (docs/OZMAP-API.md "Lists, filters, pages"): the first
 * page gives `total`, the others are then requested together (the transport bounds concurrency
 * and rate). Every record is normalised on its own; a page that fails, or pages that disagree on
 * `total`, make the read incomplete (docs/RULES.md R1.6) without losing the records that were read.
 */
import { UpstreamError, UpstreamErrorCode } from '../upstream/upstreamError.ts';
import type { UpstreamRequest } from '../upstream/httpTransport.ts';
import type { OzmapFilterCondition } from './ozmapAssumptions.ts';
import { ozmapAssumptions } from './ozmapAssumptions.ts';
import { normaliseOzmapRecord } from './normaliseOzmapRecord.ts';
import type { OzmapObjects } from './normaliseOzmapRecord.ts';
import type { OzmapKind, OzmapReadFailure, OzmapRecordError } from './ozmapRecordError.ts';
import type { OzmapSession } from './ozmapSession.ts';
import type { UnreadableOzmapRecord } from '../../domain/ozmap/unreadableRecord.ts';

/** OZmap's route for each collection [sdk]. */
export const ozmapRoutePaths: Readonly<Record<OzmapKind, string>> = {
  boxes: '/api/v2/boxes',
  splitters: '/api/v2/splitters',
  properties: '/api/v2/properties',
  ftthClients: '/api/v2/ftth-clients',
};

interface ReadProgress {
  readonly kind: OzmapKind;
  readonly pagesRead: number;
  readonly pages: number;
  readonly total: number;
}

export interface ReadAllOptions {
  readonly filter?: readonly OzmapFilterCondition[];
  /** Fields to ask for; the id always comes. */
  readonly select?: readonly string[];
  readonly onProgress?: (progress: ReadProgress) => void;
}

export interface ReadAllResult<T> {
  readonly items: readonly T[];
  readonly rejected: readonly OzmapRecordError[];
  /** The rejected records, with what of them can still be read: present, not absent (R8). */
  readonly unreadable: readonly UnreadableOzmapRecord[];
  /** True only when every page was read and the pages agree. */
  readonly complete: boolean;
  readonly failures: readonly OzmapReadFailure[];
}

interface Envelope {
  readonly total: number;
  readonly rows: readonly unknown[];
}

type PageOutcome =
  | { readonly page: number; readonly envelope: Envelope }
  | { readonly page: number; readonly failure: OzmapReadFailure };

type Normalised<K extends OzmapKind> = ReturnType<typeof normaliseOzmapRecord<K>>;

/**
 * A page with its rows already normalised: each page is turned into domain records as it lands
 * (while the others are still on the wire), and its raw rows, every field of every object, are
 * not all held until the last page arrives.
 */
type NormalisedOutcome<K extends OzmapKind> =
  | { readonly page: number; readonly total: number; readonly records: readonly Normalised<K>[] }
  | { readonly page: number; readonly failure: OzmapReadFailure };

function normalisePage<K extends OzmapKind>(kind: K, outcome: PageOutcome): NormalisedOutcome<K> {
  if ('failure' in outcome) return outcome;
  return {
    page: outcome.page,
    total: outcome.envelope.total,
    records: outcome.envelope.rows.map((raw) => normaliseOzmapRecord(kind, raw)),
  };
}

export async function readOzmapCollection<K extends OzmapKind>(
  session: OzmapSession,
  kind: K,
  pageSize: number,
  options: ReadAllOptions = {},
): Promise<ReadAllResult<OzmapObjects[K]>> {
  const readPage = async (page: number) => normalisePage(kind, await fetchPage(session, kind, page, pageSize, options));
  // 1. The first page says how many there are.
  const first = await readPage(ozmapAssumptions.paging.firstPage);
  if ('failure' in first)
    return { items: [], rejected: [], unreadable: [], complete: false, failures: [first.failure] };
  const pages = Math.max(1, Math.ceil(first.total / pageSize));
  let pagesRead = 1;
  const progress = () => options.onProgress?.({ kind, pagesRead, pages, total: first.total });
  progress();
  // 2. The rest together, each reporting progress as it lands.
  const rest = await Promise.all(
    Array.from({ length: pages - 1 }, (_, index) =>
      readPage(ozmapAssumptions.paging.firstPage + index + 1).then((outcome) => {
        pagesRead += 1;
        progress();
        return outcome;
      }),
    ),
  );
  return assemble([first, ...rest], first.total);
}

function assemble<K extends OzmapKind>(
  outcomes: readonly NormalisedOutcome<K>[],
  total: number,
): ReadAllResult<OzmapObjects[K]> {
  const items: OzmapObjects[K][] = [];
  const rejected: OzmapRecordError[] = [];
  const unreadable: UnreadableOzmapRecord[] = [];
  const failures: OzmapReadFailure[] = [];
  const seen = new Set<string>();
  let deleted = 0;
  for (const outcome of outcomes) {
    if ('failure' in outcome) {
      failures.push(outcome.failure);
      continue;
    }
    if (outcome.total !== total) {
      failures.push(
        inconsistent(outcome.page, `page ${outcome.page} says total ${outcome.total}, page 1 said ${total}`),
      );
    }
    for (const record of outcome.records) {
      if (record.outcome === 'invalid') {
        rejected.push(record.error);
        // Met twice (the collection moved between pages): kept once, like a valid record.
        if (record.unreadable.id === null || !seen.has(record.unreadable.id)) unreadable.push(record.unreadable);
        if (record.unreadable.id !== null) seen.add(record.unreadable.id);
      }
      if (record.outcome === 'deleted') deleted += 1;
      // A record met twice (the collection moved between pages) counts once.
      if (record.outcome === 'valid' && !seen.has(record.value.id)) {
        seen.add(record.value.id);
        items.push(record.value);
      }
    }
  }
  // Fewer distinct records than announced: rows were skipped, or the server ignores the paging
  // parameter and answered the same page again (see ozmapAssumptions.paging).
  const accounted = seen.size + unreadable.filter((u) => u.id === null).length + deleted;
  if (failures.length === 0 && accounted < total) {
    failures.push(inconsistent(outcomes.length, `read ${accounted} distinct records of the ${total} announced`));
  }
  return { items, rejected, unreadable, complete: failures.length === 0, failures };
}

function inconsistent(page: number, message: string): OzmapReadFailure {
  return { code: 'OZMAP_READ_INCONSISTENT', page, message };
}

async function fetchPage(
  session: OzmapSession,
  kind: OzmapKind,
  page: number,
  pageSize: number,
  options: ReadAllOptions,
): Promise<PageOutcome> {
  const { paging, stableSort, selectSeparator } = ozmapAssumptions;
  const position = paging.param === 'page' ? page : (page - paging.firstPage) * pageSize;
  let envelope: Envelope | undefined;
  const request: UpstreamRequest = {
    method: 'GET',
    path: ozmapRoutePaths[kind],
    query: {
      [paging.param]: position,
      limit: pageSize,
      sort: JSON.stringify(stableSort),
      filter: options.filter && options.filter.length > 0 ? JSON.stringify(options.filter) : undefined,
      select: options.select ? ['_id', 'deletedAt', ...options.select].join(selectSeparator) : undefined,
    },
    // A body that is not the envelope is retried by the transport like any bad answer (R8).
    check(response) {
      envelope = readEnvelope(response.text);
      return envelope
        ? undefined
        : { code: UpstreamErrorCode.badResponse, problem: 'the answer is not an OZmap list envelope' };
    },
  };
  try {
    await session.send(request);
    return { page, envelope: envelope as Envelope };
  } catch (error) {
    // Refused credentials are no page lost but a configuration error: the read stops there (as
    // SGP's sweep does), and the cycle fails with what to check instead of reading as incomplete.
    if (!(error instanceof UpstreamError) || error.code === UpstreamErrorCode.credentials) throw error;
    return { page, failure: { code: error.code, page, message: error.message } };
  }
}

function readEnvelope(text: string): Envelope | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const candidate = parsed as { total?: unknown; rows?: unknown } | null;
  if (typeof candidate !== 'object' || candidate === null || !Array.isArray(candidate.rows)) return undefined;
  if (typeof candidate.total !== 'number' || !Number.isInteger(candidate.total) || candidate.total < 0)
    return undefined;
  return { total: candidate.total, rows: candidate.rows };
}
