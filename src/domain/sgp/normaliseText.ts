import type { SgpScalar } from './sgpContractRecord.ts';

/**
 * The text of an SGP slot that should hold text (a name, an address part, a CTO name, an id).
 * A number is text SGP happened to send unquoted (`numero: 1`), so it reads as its decimal form.
 * A boolean is never a name or an address part, only some serialiser's stand-in for "nothing":
 * it reads as empty, so that "true" never reaches OZmap as a street or a client name.
 */
export function scalarText(value: SgpScalar): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/**
 * Trims and collapses every run of whitespace to one space. `\s` covers Unicode spaces too:
 * SGP text pasted from spreadsheets carries no-break spaces and tabs.
 */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
