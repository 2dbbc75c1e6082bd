import type { ContractSnapshot } from './contractSnapshot.ts';
import {
  originalLength,
  RAW_TEXT_STORED_MAX,
  regionProblem,
  shownValue,
  type FieldWarning,
  type RegionBounds,
  type TextLimits,
} from './sgpFieldBounds.ts';

export interface BoundedSnapshot {
  /** The snapshot with every value outside its bounds dropped ('' or null): what may be written. */
  readonly snapshot: ContractSnapshot;
  /** Everything dropped or cleaned, normalisation's warnings first, for the trail (R8). */
  readonly warnings: readonly FieldWarning[];
  /** The name, when it cannot be written: a creation needs one (R8, required field). */
  readonly invalidName: FieldWarning | null;
}

/**
 * RULES R8 (revised): the bounds that depend on the tenant (the region) and on OZmap (the text
 * lengths it accepts), applied to a normalised snapshot before the planner reads it. A value
 * outside them is dropped, never truncated or replaced; the warnings say which and why.
 * Normalisation (R1.5) already applied the fixed bounds: characters, RX, the globe, ports.
 */
export function applyFieldBounds(
  snapshot: ContractSnapshot,
  bounds: { readonly region: RegionBounds; readonly textLimits?: TextLimits | undefined },
): BoundedSnapshot {
  const warnings: FieldWarning[] = [...(snapshot.warnings ?? [])];
  const limits = bounds.textLimits;
  // 1. The name: required for a creation; an update leaves OZmap's as it is (R4.1 skips '').
  let invalidName: FieldWarning | null = null;
  const nameLength = originalLength(snapshot.name);
  const nameLimit = limits?.clientName ?? RAW_TEXT_STORED_MAX;
  if (snapshot.name === '') invalidName = { field: 'name', value: '', problem: 'empty: a client needs a name' };
  else if (nameLength > nameLimit) {
    invalidName = {
      field: 'name',
      value: shownValue(snapshot.name),
      problem: `${nameLength} characters, more than OZmap accepts (${nameLimit}): not written`,
    };
  }
  if (invalidName) warnings.push(invalidName);
  // 2. The address: dropped when longer than OZmap accepts.
  const addressLength = originalLength(snapshot.address);
  const addressLimit = limits?.address ?? RAW_TEXT_STORED_MAX;
  const addressTooLong = addressLength > addressLimit;
  if (addressTooLong) {
    warnings.push({
      field: 'address',
      value: shownValue(snapshot.address),
      problem: `${addressLength} characters, more than OZmap accepts (${addressLimit}): not written`,
    });
  }
  // 3. Coordinates: inside the ISP's region, swapped ones recognised.
  const coordsProblem = snapshot.coords === null ? null : regionProblem(snapshot.coords, bounds.region);
  if (coordsProblem !== null && snapshot.coords !== null) {
    warnings.push({
      field: 'coords',
      value: `${snapshot.coords.lat}, ${snapshot.coords.lng}`,
      problem: `${coordsProblem}: not written`,
    });
  }
  if (!invalidName && !addressTooLong && coordsProblem === null) return { snapshot, warnings, invalidName };
  return {
    snapshot: {
      ...snapshot,
      name: invalidName ? '' : snapshot.name,
      address: addressTooLong ? '' : snapshot.address,
      coords: coordsProblem === null ? snapshot.coords : null,
    },
    warnings,
    invalidName,
  };
}

/** One line per warning, for the trail; also the key that records each distinct set once. */
export function describeWarnings(warnings: readonly FieldWarning[]): string {
  return warnings.map((w) => `${w.field} ${JSON.stringify(w.value)}: ${w.problem}`).join('; ');
}
