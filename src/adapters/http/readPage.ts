import { HttpError } from './httpErrors.ts';

/**
 * Runs a read-model page query; the read models throw a RangeError for a cursor they did not
 * make (or that belongs to another listing), which is the caller's mistake, not ours.
 */
export function readPage<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof RangeError && /cursor/i.test(error.message)) throw new HttpError('INVALID_CURSOR', error.message);
    throw error;
  }
}
