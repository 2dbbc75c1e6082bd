/**
 * Opaque page cursors: the sort key of a page's last row, as base64url JSON, so that callers
 * pass them back untouched and never build them.
 */
export function encodeCursor(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The `count` strings of a cursor; a cursor this code did not make throws a RangeError. */
export function decodeCursor(cursor: string, count: number): string[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  if (!Array.isArray(values) || values.length !== count || !values.every((v) => typeof v === 'string')) {
    throw new RangeError(`invalid page cursor "${cursor}"`);
  }
  return values as string[];
}
