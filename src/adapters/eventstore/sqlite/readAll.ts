import Database from 'better-sqlite3';
import { matchesFilter, type ReadAllOptions, type RecordedEvent } from '../../../domain/eventStore.ts';
import { toStoreError } from './errors.ts';
import { EMPTY_PAGE, LAST_PAGE, pageIterator, pagedIterator, type Page } from './pagedIterator.ts';
import { PAGE_SELECT, decodePage, type PageTexts } from './readAllPage.ts';
import { toSqlFilter } from './sqlFilter.ts';

export interface ReadAll {
  readonly readAll: (options?: ReadAllOptions) => AsyncIterable<RecordedEvent>;
  readonly readAllPages: (options?: ReadAllOptions) => AsyncIterable<readonly RecordedEvent[]>;
}

export const DEFAULT_PAGE_SIZE = 4_000;
// Target size of a page's texts together, in characters.
const PAGE_CHARS = 8_000_000;

/**
 * Every event in position order, read a page at a time. `ensureOpen` runs before each page, so
 * a reader still iterating when the store closes fails with CLOSED instead of using a closed
 * connection.
 */
export function prepareReadAll(db: Database.Database, path: string, pageSize: number, ensureOpen: () => void): ReadAll {
  const pageStatements = new Map<string, Database.Statement<unknown[], PageTexts>>();

  function pageStatement(where: string): Database.Statement<unknown[], PageTexts> {
    let statement = pageStatements.get(where);
    if (!statement) {
      statement = db
        .prepare<unknown[], PageTexts>(
          `SELECT ${PAGE_SELECT} FROM (SELECT * FROM events WHERE position > ?${where} ORDER BY position LIMIT ?)`,
        )
        .raw();
      pageStatements.set(where, statement);
    }
    return statement;
  }

  const pageReader = (options: ReadAllOptions = {}): (() => Page<RecordedEvent>) => {
    const { filter } = options;
    let after = options.after ?? -1;
    let left = options.maxCount ?? Infinity;
    let rowsPerPage = pageSize;
    const sqlFilter = toSqlFilter(filter);
    const readPage = (): Page<RecordedEvent> => {
      ensureOpen();
      if (sqlFilter === 'nothing' || left <= 0) return LAST_PAGE;
      const statement = pageStatement(sqlFilter.where);
      const limit = Math.min(rowsPerPage, left);
      let texts: PageTexts;
      try {
        texts = statement.get(after, ...sqlFilter.params, limit)!;
      } catch (error) {
        // A page longer than a JS string can be: read the same rows in smaller pages.
        if (error instanceof Database.SqliteError && error.code === 'SQLITE_TOOBIG' && limit > 1) {
          rowsPerPage = Math.ceil(limit / 8);
          return EMPTY_PAGE;
        }
        throw toStoreError(error, 'read all', path);
      }
      const rows = decodePage(texts, after, path);
      if (rows.length > 0) {
        // Large events make smaller pages, so a page stays a few megabytes of text.
        const chars = texts.reduce((sum, text) => sum + (text?.length ?? 0), 0);
        rowsPerPage = Math.max(1, Math.min(pageSize, Math.floor((PAGE_CHARS * rows.length) / chars)));
      }
      const events: RecordedEvent[] = [];
      for (const event of rows) {
        if (filter && !matchesFilter(event, filter)) continue;
        events.push(event);
        left -= 1;
      }
      after = rows.at(-1)?.position ?? after;
      return { items: events, last: rows.length < limit || left <= 0 };
    };
    return readPage;
  };
  return {
    readAll: (options) => ({ [Symbol.asyncIterator]: () => pagedIterator(pageReader(options)) }),
    readAllPages: (options) => ({ [Symbol.asyncIterator]: () => pageIterator(pageReader(options)) }),
  };
}
