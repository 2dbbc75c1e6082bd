import type { OzmapState } from '../../sim/ozmap/ozmapFixture.ts';
import { BRAZIL_REGION, RX_DBM } from '../../src/domain/sgp/sgpFieldBounds.ts';

/**
 * Issue 11: no value outside the bounds is written to OZmap. Checked on every client and property
 * a cycle created or changed (its JSON differs from before): records already out of bounds before
 * the cycles are the hand edits of the messy world, and not written to. Returns the violations.
 */
const UNSAFE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

export function outOfBoundsWrites(before: OzmapState, after: OzmapState): string[] {
  const seen = new Set([...before.ftthClients, ...before.properties].map((r) => JSON.stringify(r)));
  const changed = <T>(records: readonly T[]): T[] => records.filter((r) => !seen.has(JSON.stringify(r)));
  const violations: string[] = [];
  for (const client of changed(after.ftthClients)) {
    if (client.name.length === 0 || client.name.length > 255)
      violations.push(`client ${client.code}: name of ${client.name.length} characters`);
    if (UNSAFE.test(client.name)) violations.push(`client ${client.code}: control or bidi character in its name`);
  }
  for (const property of changed(after.properties)) {
    if (property.address.length > 500 || UNSAFE.test(property.address))
      violations.push(
        `property ${property.id}: address ${JSON.stringify(property.address.slice(0, 40))}… (${property.address.length} characters)`,
      );
    if (property.potencyRead !== null && !(property.potencyRead >= RX_DBM.min && property.potencyRead <= RX_DBM.max))
      violations.push(`property ${property.id}: RX ${property.potencyRead}`);
    if (property.coords) {
      const [lng, lat] = property.coords;
      const inside =
        lat >= BRAZIL_REGION.minLat &&
        lat <= BRAZIL_REGION.maxLat &&
        lng >= BRAZIL_REGION.minLng &&
        lng <= BRAZIL_REGION.maxLng;
      if (!inside)
        violations.push(
          `property ${property.id}: coordinates ${JSON.stringify(property.coords)} outside REGION_BOUNDS`,
        );
    }
  }
  return violations;
}
