import { createHash } from 'node:crypto';

/** The namespace of every id this service derives (a fixed random UUID). */
const NAMESPACE = Buffer.from('6f0e5a52a2b44c1e9b7f5c3d2e1a0b98', 'hex');

/** RFC 4122 version 5 (SHA-1, name-based) UUID: the same name always gives the same id. */
export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Stable JSON: object keys sorted, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
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
