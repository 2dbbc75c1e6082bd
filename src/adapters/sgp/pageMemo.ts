import { createHash } from 'node:crypto';
import type { RecogniseRecord } from '../../domain/sgp/contractIdentity.ts';
import type { InvalidSgpRecord } from './invalidSgpRecord.ts';
import type { LocatedRecord } from './mergeDuplicateCodes.ts';

/**
 * Bump when what a page's bytes extract to changes (extractContracts, readSgpFields, the record
 * schema, the content hash): pages remembered under another format are parsed again.
 * `test/adapters/sgp/pageMemo.test.ts` fails when those sources change and this did not.
 */
export const PAGE_MEMO_FORMAT = 'extract-1';

/** What one page of SGP's listing extracted to, kept to stand for it while its bytes stay the same. */
export interface RememberedPage {
  /** Client records on the page. */
  readonly count: number;
  readonly total: number | null;
  readonly limit: number | null;
  /** Every valid contract record of the page, as its code, content hash and place. */
  readonly located: readonly {
    readonly code: string;
    readonly hash: string;
    readonly clientIndex: number;
    readonly clientId: string | null;
  }[];
  readonly rejected: readonly InvalidSgpRecord[];
}

/**
 * Where pages are remembered between sweeps (issue 18): a steady sweep of 100,000 contracts read
 * 190 MB of JSON and parsed, walked and hashed all of it to learn that nothing had changed.
 * Keyed by the page's offset and limit, holding the hash of its body, when it was extracted and
 * under which `PAGE_MEMO_FORMAT`.
 */
export interface PageMemo {
  /** The page remembered at this offset and limit for this body, unless older than the memo allows. */
  recall(offset: number, limit: number, bodyHash: string, now: number): RememberedPage | undefined;
  remember(offset: number, limit: number, bodyHash: string, page: RememberedPage, now: number): void;
}

/** The hash of a page's body, as text. */
export function bodyHash(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

/**
 * The page a body stands for without being parsed: the one remembered for these same bytes at
 * this offset, when every contract it held is still its log's last observation (`recognise`
 * knows its hash). Same bytes and same code give the same records, so those records are
 * unchanged; anything else (a record observed since, rejected, vanished) and the body is parsed.
 */
export function recallPage(
  memo: PageMemo,
  recognise: RecogniseRecord,
  key: { readonly offset: number; readonly limit: number; readonly bodyHash: string; readonly now: number },
): { readonly page: RememberedPage; readonly located: LocatedRecord[] } | undefined {
  const page = memo.recall(key.offset, key.limit, key.bodyHash, key.now);
  if (page === undefined) return undefined;
  const located: LocatedRecord[] = [];
  for (const entry of page.located) {
    const identity = recognise.identityOf(entry.code, entry.hash);
    if (identity === undefined) return undefined;
    located.push({ ...entry, record: null, identity });
  }
  return { page, located };
}

/** What to remember of a page just extracted; undefined when a record on it has no hash (no `recognise`). */
export function pageToRemember(
  extracted: { readonly located: readonly LocatedRecord[]; readonly rejected: readonly InvalidSgpRecord[] },
  envelope: { readonly count: number; readonly total: number | null; readonly limit: number | null },
): RememberedPage | undefined {
  const located: RememberedPage['located'][number][] = [];
  for (const { code, hash, clientIndex, clientId } of extracted.located) {
    if (hash === null) return undefined;
    located.push({ code, hash, clientIndex, clientId });
  }
  return { ...envelope, located, rejected: extracted.rejected };
}
