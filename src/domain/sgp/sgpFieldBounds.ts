import type { Coordinates } from './contractSnapshot.ts';

/**
 * The bounds of every field read from SGP, in one place (RULES R1.5 and R8, revised
 * 2026-12-07). What SGP sends outside them is rejected or dropped with a warning in the
 * contract's trail, never silently replaced and never truncated (a truncated name would differ
 * from SGP's every cycle and be rewritten every cycle).
 *
 * Fixed here: what no real line can hold (physics, the globe, SGP's own forms). Passed in: what
 * depends on the tenant (the region, a setting) or on OZmap (the text lengths it accepts, an
 * [assumed] figure kept with the other OZmap assumptions in the adapters).
 */

/**
 * R1.5 RX an ONU behind a splitter can read, in dBm. The lower end: GPON class C+ receivers
 * are specified down to -32 dBm and ONUs report their optics to about -40 dBm before they
 * declare loss of signal; anything lower is a sentinel. The upper end: a class C+ OLT sends at
 * most +7 dBm, and the smallest drop splitter (1x2, -3.5 dB) plus a connector leave well under
 * 0 dBm; a receiver overloads near -8 dBm, so -1 dBm is already a reading to doubt, and a
 * positive one is not a reading at all.
 */
export const RX_DBM = { min: -40, max: -1 } as const;

/**
 * SGP's placeholder for "no value": -99.999 as RX (an ONU offline, R1.5), and written with more
 * nines (-99.9999999) in unfilled coordinates. It still means "no reading" / "no position": no
 * value, and no warning (every offline ONU carries it).
 */
export function isSgpPlaceholder(value: number | null): boolean {
  return value !== null && value <= -99.999 && value > -100;
}

/** Degrees on the globe. */
export const GLOBE = { maxAbsLat: 90, maxAbsLng: 180 } as const;

/**
 * Raw SGP texts longer than this are not stored whole in the event log: a 1 MB name would make
 * a 1 MB event every time the contract changes. Larger than every OZmap text limit, so a value
 * stored in summary is always one that no rule may write.
 */
export const RAW_TEXT_STORED_MAX = 2_048;

/** The ISP's region, in degrees: coordinates outside it are dropped (a setting, REGION_BOUNDS). */
export interface RegionBounds {
  readonly minLat: number;
  readonly maxLat: number;
  readonly minLng: number;
  readonly maxLng: number;
}

/** Brazil's bounding box, Fernando de Noronha and Trindade included. */
export const BRAZIL_REGION: RegionBounds = { minLat: -33.8, maxLat: 5.3, minLng: -74.0, maxLng: -28.8 };

/** The longest texts OZmap accepts, in characters (src/adapters/ozmap/ozmapAssumptions.ts). */
export interface TextLimits {
  readonly clientName: number;
  readonly address: number;
}

/** A value dropped (or a character removed) from one field, for the contract's trail. */
export interface FieldWarning {
  readonly field: 'name' | 'address' | 'cto' | 'ctoPort' | 'rxDbm' | 'coords';
  /** The value as SGP sent it, shortened for the trail. */
  readonly value: string;
  readonly problem: string;
}

// Cc: C0/C1 controls (NUL, ESC...); the bidirectional embeddings, overrides and isolates, and
// the marks that reorder text: they make a name display as something it is not.
const UNSAFE_CHARACTERS = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/**
 * Removes control and bidirectional characters. Whitespace controls (tab, newline) become
 * spaces first, so that "Rua\tA" stays two words. Returns the text and how many were removed.
 */
export function removeUnsafeCharacters(text: string): { readonly text: string; readonly removed: number } {
  const spaced = text.replace(/[\t\n\v\f\r\u0085]/g, ' ');
  let removed = 0;
  const clean = spaced.replace(UNSAFE_CHARACTERS, () => {
    removed += 1;
    return '';
  });
  return { text: clean, removed };
}

const SUMMARY_PREFIX = 64;
const OVERSIZE_SUFFIX = /… \[(\d+) characters, sha256 [0-9a-f]{16}\]/gu;

/**
 * The form a raw text over `RAW_TEXT_STORED_MAX` is stored in: a prefix, its length and a hash
 * (so a change of the value is still seen as a change). `hash` is given, the domain stays pure.
 */
export function summariseOversizeText(text: string, hash: string): string {
  return `${text.slice(0, SUMMARY_PREFIX)}… [${text.length} characters, sha256 ${hash.slice(0, 16)}]`;
}

/**
 * The length of the text a stored value stands for: its own, with each summary in it (a name,
 * or one part of an address line) counted at the length it records.
 */
export function originalLength(text: string): number {
  let length = text.length;
  for (const match of text.matchAll(OVERSIZE_SUFFIX)) length += Number(match[1]) - match[0].length - SUMMARY_PREFIX;
  return Math.max(length, 0);
}

/** A value for a warning: short, and with nothing that could reorder the trail's text. */
export function shownValue(value: unknown): string {
  const text = typeof value === 'string' ? removeUnsafeCharacters(value).text : String(value);
  return text.length > 48 ? `${text.slice(0, 48)}… (${originalLength(text)} characters)` : text;
}

function insideRegion(coords: Coordinates, region: RegionBounds): boolean {
  return (
    coords.lat >= region.minLat &&
    coords.lat <= region.maxLat &&
    coords.lng >= region.minLng &&
    coords.lng <= region.maxLng
  );
}

/**
 * Coordinates outside the ISP's region, or null when they are inside. Swapped latitude and
 * longitude (a common slip in SGP's form) are named as such: they are dropped too, since
 * guessing which of two numbers is which could put a client in the wrong street.
 */
export function regionProblem(coords: Coordinates, region: RegionBounds): string | null {
  if (insideRegion(coords, region)) return null;
  const swapped = { lat: coords.lng, lng: coords.lat };
  if (insideRegion(swapped, region))
    return 'latitude and longitude look swapped: the other way round they would lie in the region';
  return `outside the region (latitude ${region.minLat}..${region.maxLat}, longitude ${region.minLng}..${region.maxLng}, REGION_BOUNDS)`;
}
