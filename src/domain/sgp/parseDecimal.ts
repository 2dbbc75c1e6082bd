import type { SgpScalar } from './sgpContractRecord.ts';

/**
 * A plain decimal numeral: optional sign, digits, and an optional fraction after a dot or a
 * comma (Brazilian SGP installs write "-21,5"). Deliberately stricter than `Number()`, which
 * reads "" as 0, and also accepts "0x10", "1e3" and "Infinity": none of those is a reading SGP
 * means, and an empty string turning into 0 would put a client at (0, 0) or on port 0.
 */
const DECIMAL = /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$/;

/**
 * The number in an SGP slot that SGP may send as a number or as text (RX, latitude, port, id),
 * or null when it holds none. Surrounding whitespace is ignored. -0 becomes 0 so that two
 * readings of zero always compare equal, in memory and after a JSON round trip.
 */
export function parseDecimal(value: SgpScalar): number | null {
  let parsed: number;
  if (typeof value === 'number') {
    parsed = value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (!DECIMAL.test(text)) return null;
    parsed = Number(text.replace(',', '.'));
  } else {
    return null;
  }
  // A numeral of a few hundred digits parses to Infinity: not a number SGP means either.
  return Number.isFinite(parsed) ? parsed + 0 : null;
}
