import type { RuleOptions } from '../ruleOptions.ts';
import type { OzBox } from '../ozmap/ozmapObjects.ts';
import { cmp } from './ozmapIndex.ts';

export type BoxMatch =
  | { readonly kind: 'found'; readonly box: OzBox; readonly boxName: string }
  | { readonly kind: 'not-found'; readonly boxName: string }
  | { readonly kind: 'ambiguous'; readonly boxName: string; readonly candidates: readonly OzBox[] };

/** Box names as R2.3 compares them; built once per cycle. */
export interface BoxNameIndex {
  readonly lookup: (name: string) => readonly OzBox[];
}

const fold = (name: string, mode: RuleOptions['boxNameMatch']): string =>
  mode === 'exact' ? name.trim() : name.trim().toLocaleLowerCase('pt-BR');

export function buildBoxNameIndex(boxes: readonly OzBox[], mode: RuleOptions['boxNameMatch']): BoxNameIndex {
  const byName = new Map<string, OzBox[]>();
  for (const box of boxes) {
    const key = fold(box.name, mode);
    const list = byName.get(key);
    if (list) list.push(box);
    else byName.set(key, [box]);
  }
  return { lookup: (name) => byName.get(fold(name, mode)) ?? [] };
}

/**
 * R2.3: the OZmap box whose name equals the SGP CTO's (after `ctoAliases`), narrowed to
 * `projects` when given (a project matches by id or by name, `projectNames` maps id -> name).
 */
export function matchBox(
  cto: string,
  boxes: BoxNameIndex,
  options: Pick<RuleOptions, 'ctoAliases' | 'projects'>,
  projectNames: ReadonlyMap<string, string> = new Map(),
): BoxMatch {
  // Own keys only: a CTO named "constructor" must not resolve to Object.prototype's.
  const alias = Object.hasOwn(options.ctoAliases, cto.trim()) ? options.ctoAliases[cto.trim()] : undefined;
  const boxName = (alias ?? cto).trim();
  let candidates = boxes.lookup(boxName);
  if (options.projects.length > 0) {
    const wanted = new Set(options.projects);
    candidates = candidates.filter(
      (b) => b.project !== null && (wanted.has(b.project) || wanted.has(projectNames.get(b.project) ?? '\u0000')),
    );
  }
  // By id, so that a box-ambiguous detail does not depend on the order OZmap listed the boxes in.
  candidates = [...candidates].sort((a, b) => cmp(a.id, b.id));
  const [first] = candidates;
  if (!first) return { kind: 'not-found', boxName };
  if (candidates.length > 1) return { kind: 'ambiguous', boxName, candidates };
  return { kind: 'found', box: first, boxName };
}
