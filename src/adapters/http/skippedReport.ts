import { SkipReason } from '../../domain/planner/commands.ts';
import { createBoxNameSuggester, ctoAliasesSnippet, type BoxNameSuggestion } from '../../domain/suggestBoxNames.ts';
import type { ReadModels, SkipSummaryEntry } from '../../projections/readModels.ts';
import { deepFreeze } from './scrubResponses.ts';

/** Codes listed per unmatched CTO, as `skipSummary` lists per reason. */
const CODES_PER_CTO = 50;

interface UnmatchedCto {
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
  return buildSkippedReport(readModels, createBoxNameSuggester(boxNames));
}

function buildSkippedReport(readModels: ReadModels, suggest: (cto: string) => BoxNameSuggestion[]): SkippedReport {
  const codesByCto = new Map<string, string[]>();
  for (const row of readModels.contracts()) {
    const cto = row.snapshot?.cto;
    if (row.lastSkipReason !== SkipReason.enum.boxNotFound || !cto) continue;
    const codes = codesByCto.get(cto);
    if (codes) codes.push(row.code);
    else codesByCto.set(cto, [row.code]);
  }
  const unmatchedCtos = [...codesByCto]
    .sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : a > b ? 1 : 0))
    .map(([cto, codes]) => ({
      cto,
      count: codes.length,
      codes: codes.sort(byCode).slice(0, CODES_PER_CTO),
      suggestions: suggest(cto),
    }));
  return { reasons: readModels.skipSummary(), unmatchedCtos, aliasesSnippet: ctoAliasesSnippet(unmatchedCtos) };
}

/**
 * `skippedReport`, computed once per read-model change and OZmap read instead of per request:
 * at 10,000 contracts ranking box names against every unmatched CTO costs hundreds of ms of CPU,
 * and the API shares its event loop with the cycle (issue 17, the load benchmark). The report is
 * a function of the read models (their checkpoint moves with every projected batch; a replay
 * swaps in another instance) and of the box names (a new list per OZmap read), so those are the
 * key. Suggestions are also kept per CTO for one box-name list: a batch projected mid-cycle
 * only regroups the rows.
 */
export function createSkippedReportCache(): (readModels: ReadModels, boxNames: readonly string[]) => SkippedReport {
  let last: { readModels: ReadModels; checkpoint: number; boxNames: readonly string[]; report: SkippedReport } | null =
    null;
  let suggestions: {
    boxNames: readonly string[];
    byCto: Map<string, BoxNameSuggestion[]>;
    suggest: (cto: string) => BoxNameSuggestion[];
  } | null = null;
  return (readModels, boxNames) => {
    const checkpoint = readModels.checkpoint();
    if (last && last.readModels === readModels && last.checkpoint === checkpoint && last.boxNames === boxNames)
      return last.report;
    if (!suggestions || suggestions.boxNames !== boxNames)
      suggestions = { boxNames, byCto: new Map(), suggest: createBoxNameSuggester(boxNames) };
    const memo = suggestions;
    const suggest = (cto: string): BoxNameSuggestion[] => {
      let found = memo.byCto.get(cto);
      if (!found) memo.byCto.set(cto, (found = memo.suggest(cto)));
      // A copy: a caller (or serializer) changing one answer must not change the next.
      return [...found];
    };
    // Frozen: served as it is to every request until the next change, and scrubbed once.
    const report = deepFreeze(buildSkippedReport(readModels, suggest));
    last = { readModels, checkpoint, boxNames, report };
    return report;
  };
}
