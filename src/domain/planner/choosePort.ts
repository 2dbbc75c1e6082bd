import type { OzSplitter } from '../ozmap/ozmapObjects.ts';
import { cmp, portKey } from './ozmapIndex.ts';
import type { UnconnectedReason } from './commands.ts';

export type PortChoice =
  | { readonly kind: 'connect'; readonly splitter: OzSplitter; readonly port: number }
  | { readonly kind: 'unconnected'; readonly reason: UnconnectedReason }
  | {
      readonly kind: 'occupied';
      readonly splitter: OzSplitter;
      readonly port: number;
      readonly why: 'fiber' | 'blocked' | 'property' | 'planned';
    };

/**
 * R2.4/R2.5: the drop splitters of the box (all of them when none is marked), in code-point
 * order of name, and the first that has output `port`. `taken` holds ports already connected
 * to a property or claimed by a creation planned earlier in the same cycle.
 */
export function choosePort(
  splitters: readonly OzSplitter[],
  port: number | null,
  taken: ReadonlySet<string>,
  plannedInCycle: ReadonlySet<string>,
): PortChoice {
  if (splitters.length === 0) return { kind: 'unconnected', reason: 'box-without-splitter' };
  if (port === null) return { kind: 'unconnected', reason: 'no-port-in-sgp' };
  const drops = splitters.filter((s) => s.isDrop);
  const candidates = (drops.length > 0 ? drops : [...splitters]).sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id));
  const splitter = candidates.find((s) => s.outputs.length >= port);
  if (!splitter) return { kind: 'unconnected', reason: 'port-not-in-box' };
  const output = splitter.outputs[port - 1];
  const key = portKey(splitter.id, port);
  if (output?.blocked) return { kind: 'occupied', splitter, port, why: 'blocked' };
  if (output?.fiber) return { kind: 'occupied', splitter, port, why: 'fiber' };
  if (taken.has(key)) return { kind: 'occupied', splitter, port, why: 'property' };
  if (plannedInCycle.has(key)) return { kind: 'occupied', splitter, port, why: 'planned' };
  return { kind: 'connect', splitter, port };
}
