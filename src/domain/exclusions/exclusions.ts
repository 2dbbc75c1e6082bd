import type { EventPayload } from '../events/catalogue.ts';
import type { RuleOptions } from '../ruleOptions.ts';
import type { OzmapIndex } from '../planner/ozmapIndex.ts';
import type { ContractState } from '../planner/contractState.ts';

export type ExclusionKind = 'contract' | 'box';

/** One exclusion in force (R9.3): who set it, when and why. */
export interface Exclusion {
  readonly kind: ExclusionKind;
  readonly value: string;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

/** The exclusions in force, by kind; box names folded as BOX_NAME_MATCH compares them. */
export interface Exclusions {
  readonly contracts: ReadonlyMap<string, Exclusion>;
  readonly boxes: ReadonlyMap<string, Exclusion>;
}

export const noExclusions: Exclusions = { contracts: new Map(), boxes: new Map() };

export type ExclusionEvent =
  | { readonly type: 'ExclusionAdded'; readonly data: EventPayload<'ExclusionAdded'> }
  | { readonly type: 'ExclusionRemoved'; readonly data: EventPayload<'ExclusionRemoved'> };

/** A contract code as SGP gives it: digits only (R1.2), so a typo is refused, not stored. */
export function exclusionValueProblem(kind: ExclusionKind, value: string): string | null {
  if (kind === 'contract' && !/^\d{1,18}$/.test(value)) return `contract code must be 1-18 digits (got "${value}")`;
  if (kind === 'box' && value.trim() === '') return 'box name must not be empty';
  if (value.length > 255) return `${kind} must be at most 255 characters`;
  return null;
}

/** The exclusions the events leave in force, oldest first. Pure. */
export function foldExclusions(events: readonly ExclusionEvent[]): Exclusion[] {
  const inForce = new Map<string, Exclusion>();
  for (const event of events) {
    const key = `${event.data.kind}:${event.data.value}`;
    if (event.type === 'ExclusionAdded') inForce.set(key, { ...event.data });
    else inForce.delete(key);
  }
  return [...inForce.values()];
}

const foldName = (name: string, mode: RuleOptions['boxNameMatch']): string =>
  mode === 'case-insensitive' ? name.trim().toLowerCase() : name.trim();

/** The lookup the planner uses. */
export function indexExclusions(list: readonly Exclusion[], mode: RuleOptions['boxNameMatch']): Exclusions {
  return {
    contracts: new Map(list.filter((e) => e.kind === 'contract').map((e) => [e.value, e])),
    boxes: new Map(list.filter((e) => e.kind === 'box').map((e) => [foldName(e.value, mode), e])),
  };
}

/**
 * The exclusion that covers a contract, if any: its code, the OZmap box its client's property
 * sits in, or the box its SGP CTO names (through CTO_ALIASES), so that nothing is created there
 * either.
 */
export function exclusionOf(
  state: ContractState,
  index: OzmapIndex,
  exclusions: Exclusions,
  options: RuleOptions,
): Exclusion | null {
  const byCode = exclusions.contracts.get(state.code);
  if (byCode) return byCode;
  if (exclusions.boxes.size === 0) return null;
  for (const client of index.clientsByCode.get(state.code) ?? []) {
    const boxId = index.propertyByClientId.get(client.id)?.boxId ?? null;
    const box = boxId === null ? undefined : index.boxById.get(boxId);
    const hit = box ? exclusions.boxes.get(foldName(box.name, options.boxNameMatch)) : undefined;
    if (hit) return hit;
  }
  const cto = state.snapshot?.cto ?? null;
  if (cto === null) return null;
  const boxName = options.ctoAliases[cto] ?? cto;
  return exclusions.boxes.get(foldName(boxName, options.boxNameMatch)) ?? null;
}

export const describeExclusion = (e: Exclusion): string =>
  `${e.kind === 'contract' ? 'contract' : 'box'} ${e.value} is excluded${e.reason ? ` (${e.reason})` : ''}, by ${e.by} at ${e.at}`;
