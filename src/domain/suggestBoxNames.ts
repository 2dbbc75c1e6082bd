/**
 * "Did you mean" for SGP CTO names that match no OZmap box (skip reason `box-not-found`): the
 * OZmap box names that differ from the CTO only by case, spacing, accents or a few typed
 * characters, so that a person can write CTO_ALIASES instead of renaming boxes by hand.
 */

/** The biggest difference a suggestion explains, least to most: the order they rank in. */
type SuggestionWhy = 'case' | 'spacing' | 'accents' | 'edit-distance';

export interface BoxNameSuggestion {
  readonly boxName: string;
  readonly why: SuggestionWhy;
  /** Levenshtein distance between the two names once case, spacing and accents are folded. */
  readonly distance: number;
}

const MAX_EDIT_DISTANCE = 3;
const MAX_SUGGESTIONS = 3;

const RANK: Readonly<Record<SuggestionWhy, number>> = { case: 0, spacing: 1, accents: 2, 'edit-distance': 3 };

// Each fold undoes one more kind of difference than the one before. Locale as R2.3's
// case-insensitive match, so that "case" here means what BOX_NAME_MATCH would forgive.
const foldCase = (name: string): string => name.trim().toLocaleLowerCase('pt-BR');
// Separators count as spacing: "CTO 01", "CTO-01", "cto_01" and "CTO01" are one name typed
// four ways, which is exactly the mismatch ISPs have between SGP and OZmap.
const foldSpacing = (name: string): string => foldCase(name).replace(/[\s\-_./]+/gu, '');
const foldAccents = (name: string): string => foldSpacing(name).normalize('NFD').replace(/\p{M}/gu, '');

interface FoldedName {
  readonly name: string;
  readonly trimmed: string;
  readonly byCase: string;
  readonly bySpacing: string;
  readonly byAccents: string;
}

function foldName(name: string): FoldedName {
  return {
    name,
    trimmed: name.trim(),
    byCase: foldCase(name),
    bySpacing: foldSpacing(name),
    byAccents: foldAccents(name),
  };
}

/**
 * Levenshtein distance of `a` and `b`, or `max + 1` as soon as it is known to exceed `max`:
 * one row at a time, stopping when a whole row is over the bound (it only grows from there).
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1);
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return Math.min(previous[y.length]!, max + 1);
}

function compare(a: BoxNameSuggestion, b: BoxNameSuggestion): number {
  return (
    RANK[a.why] - RANK[b.why] || a.distance - b.distance || (a.boxName < b.boxName ? -1 : a.boxName > b.boxName ? 1 : 0)
  );
}

function suggestionFor(cto: FoldedName, box: FoldedName): BoxNameSuggestion | null {
  // The same name is no suggestion: that box was left out for another reason (PROJECTS).
  if (cto.trimmed === box.trimmed || cto.byAccents === '') return null;
  if (cto.byCase === box.byCase) return { boxName: box.name, why: 'case', distance: 0 };
  if (cto.bySpacing === box.bySpacing) return { boxName: box.name, why: 'spacing', distance: 0 };
  if (cto.byAccents === box.byAccents) return { boxName: box.name, why: 'accents', distance: 0 };
  const distance = boundedEditDistance(cto.byAccents, box.byAccents, MAX_EDIT_DISTANCE);
  // A distance as long as the CTO's name itself would make "C1" look like "X9": no evidence.
  if (distance > MAX_EDIT_DISTANCE || distance >= [...cto.byAccents].length) return null;
  return { boxName: box.name, why: 'edit-distance', distance };
}

/**
 * Folds the box names once, for many CTOs (one `GET /api/skipped` asks for every unmatched
 * CTO against every box). Duplicate box names are suggested once.
 */
export function createBoxNameSuggester(boxNames: readonly string[]): (cto: string) => BoxNameSuggestion[] {
  const boxes = [...new Set(boxNames)].map(foldName);
  return (cto) => {
    const folded = foldName(cto);
    const found = boxes.flatMap((box) => suggestionFor(folded, box) ?? []);
    return found.sort(compare).slice(0, MAX_SUGGESTIONS);
  };
}

/**
 * The closest OZmap box names to one SGP CTO name, best first (case, then spacing, then
 * accents, then edit distance up to 3; ties by name), at most three.
 */
export function suggestBoxNames(cto: string, boxNames: readonly string[]): BoxNameSuggestion[] {
  return createBoxNameSuggester(boxNames)(cto);
}

/** The numbers in a name, as numbers: "CTO-05" and "cto 5" carry the same, "CTO-06" another. */
const numbersOf = (name: string): string =>
  (name.match(/\d+/gu) ?? []).map((digits) => String(Number(digits))).join(',');

/**
 * A CTO_ALIASES object of the best suggestion per CTO, ready to paste. Left out, for a person
 * to decide, because a wrong alias attaches clients to the wrong box:
 * - a CTO whose two best suggestions are equally good (picking by name order is no choice);
 * - a typo suggestion whose numbers differ from the CTO's: "CTO-05" is one edit from "CTO-06",
 *   and that is another box, not a typo.
 */
export function ctoAliasesSnippet(
  unmatched: readonly { readonly cto: string; readonly suggestions: readonly BoxNameSuggestion[] }[],
): Record<string, string> {
  const entries: [string, string][] = [];
  for (const { cto, suggestions } of unmatched) {
    const [best, second] = suggestions;
    if (!best) continue;
    if (second && second.why === best.why && second.distance === best.distance) continue;
    if (best.why === 'edit-distance' && numbersOf(best.boxName) !== numbersOf(cto)) continue;
    entries.push([cto.trim(), best.boxName]);
  }
  // fromEntries defines own properties, so a CTO named "__proto__" stays a plain key.
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
