import type Database from 'better-sqlite3';
import { PAGE_MEMO_FORMAT, type PageMemo, type RememberedPage } from './pageMemo.ts';

/**
 * The page memo in a SQLite database (the read models' own), one row per page offset. A page
 * extracted longer than `maxAgeMs` ago is parsed again, which bounds how long any flaw in the
 * memo could last; `maxAgeMs` 0 parses every page every sweep (and keeps nothing).
 */
export function sqlitePageMemo(db: Database.Database, maxAgeMs: number): PageMemo {
  if (maxAgeMs <= 0) return { recall: () => undefined, remember: () => undefined };
  db.exec(`CREATE TABLE IF NOT EXISTS sgp_page_memo (
    page_offset INTEGER PRIMARY KEY,
    page_limit INTEGER NOT NULL,
    body_hash TEXT NOT NULL,
    format TEXT NOT NULL,
    extracted_at INTEGER NOT NULL,
    page TEXT NOT NULL
  )`);
  const read = db.prepare<
    [number],
    { page_limit: number; body_hash: string; format: string; extracted_at: number; page: string }
  >('SELECT page_limit, body_hash, format, extracted_at, page FROM sgp_page_memo WHERE page_offset = ?');
  const write = db.prepare(
    'INSERT OR REPLACE INTO sgp_page_memo (page_offset, page_limit, body_hash, format, extracted_at, page) VALUES (?, ?, ?, ?, ?, ?)',
  );
  return {
    recall(offset, limit, bodyHash, now) {
      const row = read.get(offset);
      if (row === undefined || row.page_limit !== limit || row.body_hash !== bodyHash) return undefined;
      if (row.format !== PAGE_MEMO_FORMAT || !(now - row.extracted_at < maxAgeMs) || row.extracted_at > now)
        return undefined;
      // A damaged row reads as none: the page is parsed, and remembered again.
      try {
        const page = JSON.parse(row.page) as RememberedPage;
        return Array.isArray(page.located) && Array.isArray(page.rejected) && Number.isInteger(page.count)
          ? page
          : undefined;
      } catch {
        return undefined;
      }
    },
    remember(offset, limit, bodyHash, page, now) {
      write.run(offset, limit, bodyHash, PAGE_MEMO_FORMAT, now, JSON.stringify(page));
    },
  };
}
