/**
 * What every chaos campaign shares: its options, its result (one row of the runner's table), and
 * the tally that counts faults injected and invariants checked and keeps every violation.
 */

export type Scale = 'full' | 'short';

export interface CampaignOptions {
  /** Base seed: every random choice of the campaign derives from it. */
  readonly seed: number;
  /** How many runs; each campaign has its own default per scale. */
  readonly runs?: number;
  /** Replays this run number only (its seed derives from `seed` and the number). */
  readonly only?: number;
  /** Keeps each run's temporary directory and prints where (debugging). */
  readonly keep?: boolean;
  /** `short` is the version that runs inside `npm test`: few runs, small fixtures. */
  readonly scale: Scale;
  /** Progress lines (the runner prints them on stderr; tests drop them). */
  readonly log: (line: string) => void;
}

export interface CampaignResult {
  readonly campaign: string;
  readonly runs: number;
  readonly faults: number;
  readonly invariants: number;
  /** One line per violated invariant, with the run and the seed to replay it. */
  readonly failures: readonly string[];
  /** Checks that could not run here (say why; never counted as held). */
  readonly skipped: readonly string[];
  readonly durationMs: number;
  /** Free-form facts for the summary (e.g. "1,036 OZmap clients"). */
  readonly notes: readonly string[];
}

export interface Campaign {
  readonly name: string;
  readonly title: string;
  run(options: CampaignOptions): Promise<CampaignResult>;
}

export interface Tally {
  /** Counts one invariant check; records a failure when `held` is false. */
  check(name: string, held: boolean, detail?: () => string): boolean;
  fault(count?: number): void;
  skip(what: string): void;
  note(what: string): void;
  run(): void;
  /** Prefixes failure lines with the run being checked (`run 7 (seed 1234)`). */
  context(text: string): void;
  result(durationMs: number): CampaignResult;
}

export function createTally(campaign: string): Tally {
  let invariants = 0;
  let faults = 0;
  let runs = 0;
  let where = '';
  const failures: string[] = [];
  const skipped: string[] = [];
  const notes: string[] = [];
  return {
    check(name, held, detail) {
      invariants += 1;
      if (!held) failures.push(`${where}${name}${detail ? `: ${detail()}` : ''}`);
      return held;
    },
    fault(count = 1) {
      faults += count;
    },
    skip: (what) => void skipped.push(what),
    note: (what) => void notes.push(what),
    run() {
      runs += 1;
    },
    context(text) {
      where = text ? `${text}: ` : '';
    },
    result: (durationMs) => ({ campaign, runs, faults, invariants, failures, skipped, durationMs, notes }),
  };
}

/** A run's own seed, derived from the campaign's seed and the run's number. */
export function runSeed(seed: number, run: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(run + 1, 0x85ebca6b)) >>> 0;
}

/** The run numbers a campaign goes through: 1..runs, or the one asked for. */
export function runNumbers(options: CampaignOptions, defaultRuns: number): number[] {
  if (options.only !== undefined) return [options.only];
  return Array.from({ length: options.runs ?? defaultRuns }, (_, i) => i + 1);
}

/** Holds when every element of `items` satisfies `held`; names the first few that do not. */
export function listProblems<T>(items: readonly T[], describe: (item: T) => string, max = 5): string {
  const shown = items.slice(0, max).map(describe).join('; ');
  return items.length > max ? `${shown}; and ${items.length - max} more` : shown;
}
