import { z } from 'zod';
import type { CancelGuard } from '../../domain/ruleOptions.ts';
import type { RegionBounds } from '../../domain/sgp/sgpFieldBounds.ts';

/**
 * The value formats of docs/CONFIG.md. Each format is a plain `parseX(text)` (undefined when the text
 * is not in the format, so other callers such as CLI flags can reuse it) and a zod schema built
 * on it whose issue message says what was expected, with an example, so that a problem line reads
 * `NAME: must be ..., e.g. ...`.
 */

const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
type DurationUnit = keyof typeof DURATION_UNITS_MS;

/** `30s`, `10m`, `1h`, `500ms`, and sums such as `1h30m` -> milliseconds. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+(ms|s|m|h))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)(ms|s|m|h)/g)) {
    total += Number(amount) * DURATION_UNITS_MS[unit as DurationUnit];
  }
  return Number.isSafeInteger(total) ? total : undefined;
}

// A Map, not an object literal, so that `constructor` or `toString` is not taken for a word.
const BOOLEAN_WORDS = new Map([
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
  ['on', true],
  ['off', false],
]);

/** `true`/`false`, `1`/`0`, `on`/`off`, in any case. */
export function parseBoolean(text: string): boolean | undefined {
  return BOOLEAN_WORDS.get(text.trim().toLowerCase());
}

/** `1,4,6,7` -> [1, 4, 6, 7]; spaces around items are allowed, empty items are not. */
export function parseIntegerList(text: string): number[] | undefined {
  const items = text.split(',').map((item) => item.trim());
  if (!items.every((item) => /^\d+$/.test(item))) return undefined;
  const numbers = items.map(Number);
  return numbers.every(Number.isSafeInteger) ? [...new Set(numbers)] : undefined;
}

/** `a, b` -> ['a', 'b']; an empty item (`a,,b`) is a typo, not a value. */
export function parseStringList(text: string): string[] | undefined {
  const items = text.split(',').map((item) => item.trim());
  return items.every((item) => item.length > 0) ? [...new Set(items)] : undefined;
}

/** `50,5%` -> { maxCount: 50, maxPercent: 5 }; the percentage may have decimals (`0.5%`). */
export function parseCancelGuard(text: string): CancelGuard | undefined {
  const match = /^(\d+)\s*,\s*(\d+(?:\.\d+)?)\s*%$/.exec(text.trim());
  if (!match) return undefined;
  const maxCount = Number(match[1]);
  const maxPercent = Number(match[2]);
  return Number.isSafeInteger(maxCount) && maxPercent <= 100 ? { maxCount, maxPercent } : undefined;
}

/** A whole number within bounds; no sign, no decimals, no exponent. */
export function parseInteger(text: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : undefined;
}

/** A plain decimal number (`0.5`, `10`), at least `min`. */
export function parseDecimal(text: string, min: number): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= min ? value : undefined;
}

/** An absolute http or https URL with a host. */
export function parseHttpUrl(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url : undefined;
}

/** An instance base URL: no credentials, query or fragment; the path is judged by the caller. */
export function parseBaseUrl(text: string, isPathAllowed: (path: string) => boolean): string | undefined {
  const url = parseHttpUrl(text);
  if (!url || url.username || url.password || url.search || url.hash) return undefined;
  const path = url.pathname.replace(/\/+$/, '');
  return isPathAllowed(path) ? url.origin + path : undefined;
}

export type EventStoreConfig = { kind: 'sqlite'; path: string } | { kind: 'esdb'; url: string } | { kind: 'memory' };

/** `sqlite:<path>`, `esdb://...` or `esdb+discover://...` (kept whole for the client), `memory:`. */
export function parseEventStoreUrl(text: string): EventStoreConfig | undefined {
  const trimmed = text.trim();
  if (trimmed === 'memory:') return { kind: 'memory' };
  if (trimmed.startsWith('sqlite:')) {
    // `sqlite://data/x.db` and `sqlite:///abs/x.db` are common spellings of `sqlite:` + path.
    const path = trimmed.slice('sqlite:'.length).replace(/^\/\//, '');
    return path === '' ? undefined : { kind: 'sqlite', path };
  }
  return /^esdb(\+discover)?:\/\/[^\s/?#]+\/?(\?[^\s#]*)?$/.test(trimmed) ? { kind: 'esdb', url: trimmed } : undefined;
}

export function parseHost(text: string): string | undefined {
  const bare = text.trim().replace(/^\[(.*)\]$/, '$1');
  return /^[^\s/?#@]+$/.test(bare) ? bare : undefined;
}

/** Intl is the judge (R5.2 formats with it); its canonical spelling is kept. */
export function canonicalTimeZone(text: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: text.trim() }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * Turns a parse function into a zod schema over the text. The issue is marked `continue` so that
 * the cross-variable checks still run and every problem is reported in one go.
 */
export function textSchema<T>(parse: (text: string) => T | undefined, expected: string) {
  return z.string().transform((text, ctx): T => {
    const value = parse(text);
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: expected, continue: true });
      return z.NEVER;
    }
    return value;
  });
}

export const durationText = (example = '30s') =>
  textSchema((text) => {
    const ms = parseDuration(text);
    return ms !== undefined && ms > 0 ? ms : undefined;
  }, `must be a positive duration in ms, s, m or h, e.g. ${example}`);

/** A duration as `durationText`, or `0` for none. */
export const durationOrZeroText = (example = '1h') =>
  textSchema(
    (text) => (text.trim() === '0' ? 0 : parseDuration(text)),
    `must be a duration in ms, s, m or h, e.g. ${example}, or 0`,
  );

export const booleanText = () => textSchema(parseBoolean, 'must be true or false (also 1/0, on/off)');

export const integerListText = (example: string) =>
  textSchema(parseIntegerList, `must be a comma-separated list of whole numbers, e.g. ${example}`);

export const stringListText = (example: string) =>
  textSchema(parseStringList, `must be a comma-separated list with no empty item, e.g. ${example}`);

export const cancelGuardText = () =>
  textSchema(parseCancelGuard, 'must be a count and a percentage up to 100%, e.g. 50,5%');

/**
 * REGION_BOUNDS: `minLat,maxLat,minLng,maxLng` in degrees, each range ordered and on the globe.
 */
export function parseRegionBounds(text: string): RegionBounds | undefined {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length !== 4 || parts.some((part) => !/^[+-]?\d+(\.\d+)?$/.test(part))) return undefined;
  const [minLat = 0, maxLat = 0, minLng = 0, maxLng = 0] = parts.map(Number);
  if (
    minLat >= maxLat ||
    minLng >= maxLng ||
    Math.abs(minLat) > 90 ||
    Math.abs(maxLat) > 90 ||
    Math.abs(minLng) > 180 ||
    Math.abs(maxLng) > 180
  )
    return undefined;
  return { minLat, maxLat, minLng, maxLng };
}

export const regionBoundsText = () =>
  textSchema(
    parseRegionBounds,
    'must be minLat,maxLat,minLng,maxLng in degrees, each min below its max, e.g. -33.8,5.3,-74,-28.8',
  );

export const integerText = (min: number, max: number, example: string) =>
  textSchema((text) => parseInteger(text, min, max), `must be a whole number from ${min} to ${max}, e.g. ${example}`);

export const decimalText = (min: number, example: string) =>
  textSchema((text) => parseDecimal(text, min), `must be a number of at least ${min}, e.g. ${example}`);

/** One of a few words, matched in any case, returned as written in `choices`. */
export function choiceText<const T extends readonly [string, ...string[]]>(choices: T) {
  return textSchema(
    (text): T[number] | undefined => choices.find((choice) => choice === text.trim().toLowerCase()),
    `must be one of ${choices.join(', ')}`,
  );
}

export const httpUrlText = (example: string) =>
  textSchema((text) => parseHttpUrl(text)?.href, `must be an http(s) URL, e.g. ${example}`);

/** A share as a percentage, `50%` or `50`, from 0 to 100 -> 0.5. */
export function parseShare(text: string): number | undefined {
  const match = /^(\d+(?:[.,]\d+)?)\s*%?$/.exec(text.trim());
  if (!match) return undefined;
  const percent = Number(match[1]!.replace(',', '.'));
  return percent >= 0 && percent <= 100 ? percent / 100 : undefined;
}

export const shareText = (example: string) =>
  textSchema(parseShare, `must be a percentage from 0 to 100, e.g. ${example}`);
