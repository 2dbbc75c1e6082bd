import { SkipReason } from '../../domain/planner/commands.ts';
import { createBoxNameSuggester, ctoAliasesSnippet, type BoxNameSuggestion } from '../../domain/suggestBoxNames.ts';
import type { ReadModels, SkipSummaryEntry } from '../../projections/readModels.ts';

/** Codes listed per unmatched CTO, as `skipSummary` lists per reason. */
export const CODES_PER_CTO = 50;

export interface UnmatchedCto {
  readonly cto: string;
  readonly count: number;
  /** The first 50 codes, in code order. */
  readonly codes: string[];
  readonly suggestions: BoxNameSuggestion[];
}

export interface SkippedReport {
  readonly reasons: SkipSummaryEntry[];
  readonly unmatchedCtos: UnmatchedCto[];
  readonly aliasesSnippet: Record<string, string>;
}

// The read models' list order: shorter codes first, so numeric codes sort as numbers.
const byCode = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/**
 * `GET /api/skipped`: the skip reasons, and for `box-not-found` the SGP CTO names that matched
 * no OZmap box, most contracts first, each with the closest box names of the last OZmap read.
 */
export function skippedReport(readModels: ReadModels, boxNames: readonly string[]): SkippedReport {
  const codesByCto = new Map<string, string[]>();
  for (const row of readModels.contracts()) {
    const cto = row.snapshot?.cto;
    if (row.lastSkipReason !== SkipReason.boxNotFound || !cto) continue;
    const codes = codesByCto.get(cto);
    if (codes) codes.push(row.code);
    else codesByCto.set(cto, [row.code]);
  }
  const suggest = createBoxNameSuggester(boxNames);
  const unmatchedCtos = [...codesByCto]
    .sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : a > b ? 1 : 0))
    .map(([cto, codes]) => ({ cto, count: codes.length, codes: codes.sort(byCode).slice(0, CODES_PER_CTO), suggestions: suggest(cto) }));
  return { reasons: readModels.skipSummary(), unmatchedCtos, aliasesSnippet: ctoAliasesSnippet(unmatchedCtos) };
}
