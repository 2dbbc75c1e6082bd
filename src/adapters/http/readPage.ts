import { InvalidCursorError } from '../readmodel/cursor.ts';
import { HttpError } from './httpErrors.ts';

/**
 * Runs a read-model page query; the read models throw an InvalidCursorError for a cursor they
 * did not make (or that belongs to another listing), which is the caller's mistake, not ours.
 * Told apart by its class, never by its message text.
 */
export function readPage<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new HttpError('INVALID_CURSOR', error.message);
    throw error;
  }
}
