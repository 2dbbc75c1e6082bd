import { createHash } from 'node:crypto';
import type { SgpScalar } from '../../domain/sgp/sgpContractRecord.ts';
import { RAW_TEXT_STORED_MAX, summariseOversizeText } from '../../domain/sgp/sgpFieldBounds.ts';

/**
 * Readers for SGP JSON that trust nothing: each returns the value in the shape the schema keeps
 * or throws a `RecordFieldError` naming the field. What counts as a rejection, per kind of slot:
 * - scalar slot: a string, number, boolean or null is kept RAW (a number sent as a string stays
 *   a string; R1 normalisation interprets it later); a missing key is null; an object, an array
 *   or a non-finite number is a rejection, since no rule can read it.
 * - object slot (`endereco`, `onu`, `splitter`, `conexao`): an object is read; a missing key,
 *   null, and the "nothing here" values serialisers emit ("", false, []) are null; any other
 *   value (a non-empty array, a number, a text) is a rejection.
 * - list slot (`contratos`, `servicos`): an array is read; missing or null is empty; anything
 *   else is a rejection.
 */
export type JsonObject = Readonly<Record<string, unknown>>;

/** Internal: thrown by the readers, turned into an `InvalidSgpRecord` per contract. */
export class RecordFieldError extends Error {
  override readonly name = 'RecordFieldError';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own keys only: a key named like an Object.prototype member must not read the prototype. */
export function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function readScalar(object: JsonObject, key: string, path: string): SgpScalar {
  const value = own(object, key);
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.length > RAW_TEXT_STORED_MAX ? summariseOversize(value) : value;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new RecordFieldError(path, `expected a text, a number or null, got ${describe(value)}`);
}

export function readObject(object: JsonObject, key: string, path: string): JsonObject | null {
  const value = own(object, key);
  if (isJsonObject(value)) return value;
  if (value === undefined || value === null || value === '' || value === false) return null;
  if (Array.isArray(value) && value.length === 0) return null;
  throw new RecordFieldError(path, `expected an object or null, got ${describe(value)}`);
}

export function readList(object: JsonObject, key: string, path: string): readonly unknown[] {
  const value = own(object, key);
  if (Array.isArray(value)) return value;
  if (value === undefined || value === null) return [];
  throw new RecordFieldError(path, `expected a list, got ${describe(value)}`);
}

/** A short, safe description of a value for a problem text (never the whole value). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${preview(value)}`;
  if (typeof value === 'number') return `the number ${String(value)}`;
  return String(value);
}

function preview(text: string): string {
  const shown = text.length > 24 ? `${text.slice(0, 24)}…` : text;
  return JSON.stringify(shown);
}

/**
 * A text too large to store whole in the event log (sgpFieldBounds.ts): a prefix, its length and
 * a hash, so that the log stays small and a change of the value is still a change.
 */
function summariseOversize(text: string): string {
  return summariseOversizeText(text, createHash('sha256').update(text).digest('hex'));
}
