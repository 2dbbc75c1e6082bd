import type { Coordinates } from './contractSnapshot.ts';
import { parseDecimal } from './parseDecimal.ts';
import type { SgpAddress } from './sgpContractRecord.ts';
import { GLOBE, isSgpPlaceholder, shownValue, type FieldWarning } from './sgpFieldBounds.ts';

/**
 * The coordinates of one SGP address, or null unless latitude AND longitude both parse (a comma
 * decimal accepted), lie in range (lat [-90, 90], lng [-180, 180]) and are not (0, 0), which
 * is what an unfilled form saves. A single bad axis voids both: half a position is no position.
 */
export function parseCoordinates(address: SgpAddress | null): Coordinates | null {
  if (address === null) return null;
  const lat = parseDecimal(address.latitude);
  const lng = parseDecimal(address.longitude);
  if (lat === null || lng === null) return null;
  if (Math.abs(lat) > GLOBE.maxAbsLat || Math.abs(lng) > GLOBE.maxAbsLng) return null;
  if (lat === 0 && lng === 0) return null;
  return { lat, lng };
}

/** R1.5 `coords`: the service address's if usable, else the client address's, else null. */
export function chooseCoordinates(
  serviceAddress: SgpAddress | null,
  clientAddress: SgpAddress | null,
): Coordinates | null {
  return parseCoordinates(serviceAddress) ?? parseCoordinates(clientAddress);
}

/**
 * R1.5/R8: the addresses whose latitude or longitude was filled in but is no position on the
 * globe, for the trail. (0, 0), empty fields and SGP's -99.999 placeholder are how an unfilled
 * form saves: no warning.
 */
export function coordinateWarnings(addresses: readonly (SgpAddress | null)[]): FieldWarning[] {
  const warnings: FieldWarning[] = [];
  for (const address of addresses) {
    if (address === null) continue;
    const filled = [address.latitude, address.longitude].some(
      (v) => v !== null && v !== false && String(v).trim() !== '',
    );
    const lat = parseDecimal(address.latitude);
    const lng = parseDecimal(address.longitude);
    if (
      !filled ||
      (lat === 0 && lng === 0) ||
      isSgpPlaceholder(lat) ||
      isSgpPlaceholder(lng) ||
      parseCoordinates(address) !== null
    )
      continue;
    const value = `${shownValue(address.latitude)}, ${shownValue(address.longitude)}`;
    warnings.push({
      field: 'coords',
      value,
      problem: 'not a position on the globe (latitude -90..90, longitude -180..180): dropped',
    });
  }
  return warnings;
}
