import { createHash } from 'node:crypto';

/** The namespace of every id this service derives (a fixed random UUID). */
const NAMESPACE = Buffer.from('6f0e5a52a2b44c1e9b7f5c3d2e1a0b98', 'hex');

/** RFC 4122 version 5 (SHA-1, name-based) UUID: the same name always gives the same id. */
function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Stable JSON: object keys sorted, so equal content always hashes equally. The definition: what
 * this gives is the canonical form, and stored hashes and ids depend on it byte for byte.
 */
export function canonicalJsonReference(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** Not plain JSON data (a Date, a Map, a value with toJSON...): left to the reference. */
const NOT_PLAIN = Symbol('not plain');

/**
 * An array index key ("0", "17"): JS objects list these first, in numeric order, whatever the
 * order they were added in, so the reference's sorted copy lists them that way too. Objects with
 * such keys are rare in events (none in the catalogue): they are left to the reference.
 */
function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(?:0|[1-9][0-9]*)$/.test(key) && Number(key) < 4_294_967_295;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// A string JSON.stringify would escape: quotes, backslashes, control characters, surrogates.
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const quote = (text: string): string => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`);

// Keys repeat in every event of a type: quote each once (bounded, in case keys are data).
const quotedKeys = new Map<string, string>();
function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = quote(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** JSON text of `value`, undefined where JSON.stringify leaves a value out. */
function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        if (
          Object.getPrototypeOf(value) !== Array.prototype ||
          typeof (value as { toJSON?: unknown }).toJSON === 'function'
        )
          throw NOT_PLAIN;
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += write(value[i]) ?? 'null';
        }
        return `${out}]`;
      }
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (
        (prototype !== Object.prototype && prototype !== null) ||
        typeof (value as { toJSON?: unknown }).toJSON === 'function'
      )
        throw NOT_PLAIN;
      const keys = Object.keys(value);
      for (const key of keys) if (isArrayIndex(key)) throw NOT_PLAIN;
      keys.sort(byCodeUnits);
      let out = '{';
      let first = true;
      for (const key of keys) {
        const text = write((value as Record<string, unknown>)[key]);
        if (text === undefined) continue;
        if (!first) out += ',';
        out += `${quoteKey(key)}:${text}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      // A bigint: the reference throws the same TypeError.
      throw NOT_PLAIN;
  }
}

/**
 * True when `value` is plain JSON data (as `write` accepts it) whose every object lists its keys
 * in sorted order: then JSON.stringify's text is the canonical text, byte for byte.
 */
function isSortedPlain(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return typeof value !== 'bigint';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) if (!isSortedPlain(value[i])) return false;
    return true;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  let previous: string | undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (isArrayIndex(key) || (previous !== undefined && previous >= key)) return false;
    previous = key;
    if (!isSortedPlain((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * `canonicalJsonReference`, written out directly for plain JSON data (every event and read
 * model row): the same text, without building a sorted copy of every object and a replacer call
 * per value. It runs for every SGP record of every sweep (its hash says whether it changed) and
 * every event appended.
 */
export function canonicalJson(value: unknown): string {
  // Plain data whose keys are already in order (the SGP records extraction builds, issue 18) is
  // its own canonical form: JSON.stringify writes it natively.
  if (isSortedPlain(value)) return JSON.stringify(value);
  try {
    return write(value) as string;
  } catch (error) {
    if (error === NOT_PLAIN) return canonicalJsonReference(value);
    throw error;
  }
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}

/**
 * An event's id: stream, the revision it is appended after, its type and content. A retried
 * append of the same event gets the same id (and the store writes it once), while the same
 * content observed again later (RX going A -> B -> A) sits at another revision: a new id.
 */
export function eventId(stream: string, expectedRevision: number | string, type: string, data: unknown): string {
  return uuidV5(`${stream}\u0000${expectedRevision}\u0000${type}\u0000${contentHash(data)}`);
}

/** A command's id: the client and the log position its desired state came from. */
export function commandId(code: string, kind: string, observedRevision: number, discriminator = ''): string {
  return uuidV5(`command\u0000${code}\u0000${kind}\u0000${observedRevision}\u0000${discriminator}`);
}
