/** What one synchronous read of a page gives. */
export interface Page<T> {
  readonly items: readonly T[];
  /** No page follows this one. */
  readonly last: boolean;
}

export const LAST_PAGE: Page<never> = { items: [], last: true };
/** Nothing read this time, but more may follow (the reader is retrying with smaller pages). */
export const EMPTY_PAGE: Page<never> = { items: [], last: false };
const DONE: Promise<IteratorResult<never, undefined>> = Promise.resolve({ done: true, value: undefined });

/**
 * An async iterator over pages read synchronously. Hand-written rather than an async generator:
 * a generator's per-item suspension costs about as much as decoding a row, and reading the whole
 * log is the hot path of every projection rebuild.
 */
export function pagedIterator<T>(readPage: () => Page<T>): AsyncIterator<T, undefined> {
  let items: readonly T[] = [];
  let index = 0;
  let last = false;
  return {
    next: () => {
      try {
        while (index >= items.length) {
          if (last) return DONE;
          ({ items, last } = readPage());
          index = 0;
        }
        return Promise.resolve({ done: false, value: items[index++]! });
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    return: () => {
      last = true;
      items = [];
      return DONE;
    },
  };
}

/** The same pages, whole: one promise per page instead of one per item. */
export function pageIterator<T>(readPage: () => Page<T>): AsyncIterator<readonly T[], undefined> {
  let last = false;
  return {
    next: () => {
      try {
        while (!last) {
          const page = readPage();
          last = page.last;
          if (page.items.length > 0) return Promise.resolve({ done: false, value: page.items });
        }
        return DONE;
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    return: () => {
      last = true;
      return DONE;
    },
  };
}
