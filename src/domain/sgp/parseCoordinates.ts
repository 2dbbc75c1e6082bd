import type { Coordinates } from './contractSnapshot.ts';
import { parseDecimal } from './parseDecimal.ts';
import type { SgpAddress } from './sgpContractRecord.ts';

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
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return null;
  if (lat === 0 && lng === 0) return null;
  return { lat, lng };
}

/** R1.5 `coords`: the service address's if usable, else the client address's, else null. */
export function chooseCoordinates(serviceAddress: SgpAddress | null, clientAddress: SgpAddress | null): Coordinates | null {
  return parseCoordinates(serviceAddress) ?? parseCoordinates(clientAddress);
}
