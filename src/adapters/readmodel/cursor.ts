/**
 * Opaque page cursors: the sort key of a page's last row, as base64url JSON, so that callers
 * pass them back untouched and never build them.
 */
export function encodeCursor(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** A cursor this code did not make (or made for another listing): the caller's mistake. */
export class InvalidCursorError extends RangeError {
  override readonly name = 'InvalidCursorError';
  readonly code = 'INVALID_CURSOR';
}

/** The `count` strings of a cursor; a cursor this code did not make throws an InvalidCursorError. */
export function decodeCursor(cursor: string, count: number): string[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  if (!Array.isArray(values) || values.length !== count || !values.every((v) => typeof v === 'string')) {
    throw new InvalidCursorError(`invalid page cursor "${cursor}"`);
  }
  return values as string[];
}
