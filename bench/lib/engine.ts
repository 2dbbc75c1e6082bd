/**
 * The engine as an operator runs it: `sgp-ozmap sync --once --json` in its own process, against
 * the simulators, on a SQLite event store; and `replay` through a small script that times the
 * replay alone.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { CLI, baseEnv, runNode, tsxScript, type ChildResult } from './processes.ts';
import type { Sims } from './sims.ts';

export interface EngineSettings {
  readonly sgpConcurrency: number;
  readonly ozmapConcurrency: number;
  /** High enough that the rate cap is never what is measured. */
  readonly maxRps: number;
  readonly ozmapPageSize: number;
}

export const DEFAULT_SETTINGS: EngineSettings = {
  sgpConcurrency: 4,
  ozmapConcurrency: 4,
  maxRps: 100_000,
  ozmapPageSize: 100,
};

export function engineEnv(sims: Sims, eventsDb: string, settings: EngineSettings): NodeJS.ProcessEnv {
  return baseEnv({
    SGP_URL: sims.sgpUrl,
    SGP_TOKEN: 'sim-token',
    SGP_APP: 'sim-app',
    OZMAP_URL: sims.ozmapUrl,
    OZMAP_API_KEY: 'sim-key',
    SGP_CONCURRENCY: String(settings.sgpConcurrency),
    OZMAP_CONCURRENCY: String(settings.ozmapConcurrency),
    SGP_MAX_RPS: String(settings.maxRps),
    OZMAP_MAX_RPS: String(settings.maxRps),
    OZMAP_PAGE_SIZE: String(settings.ozmapPageSize),
    EVENTSTORE_URL: `sqlite:${eventsDb}`,
    LOG_LEVEL: 'warn',
  });
}

/**
 * The largest heap left after a full collection (`--trace-gc`'s Mark-Compact lines): what the
 * program really holds at its fullest, apart from the garbage V8 lets pile up before collecting.
 */
export function peakLiveHeapMb(output: string): number | null {
  let peak: number | null = null;
  for (const match of output.matchAll(/Mark-Compact(?: \([a-z ]+\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \(/g)) {
    peak = Math.max(peak ?? 0, Number(match[1]));
  }
  return peak;
}

/** The program's own last line of JSON, among `--trace-gc`'s lines. */
function lastJsonLine(stdout: string): string {
  return (
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .at(-1) ?? ''
  );
}

export interface CycleRun {
  readonly child: ChildResult;
  readonly liveHeapMb: number | null;
  readonly report: {
    outcome: string;
    exitCode: number;
    counts: Record<string, number>;
    durationMs: number;
    commands: number;
  };
}

export async function runSyncOnce(env: NodeJS.ProcessEnv): Promise<CycleRun> {
  const child = await runNode(['--trace-gc', CLI, 'sync', '--once', '--json'], env);
  const line = lastJsonLine(child.stdout);
  let report: CycleRun['report'];
  try {
    report = JSON.parse(line) as CycleRun['report'];
  } catch {
    throw new Error(`sync --once gave no report (exit ${child.code}): ${child.stderr.slice(-2000)}`);
  }
  if (report.outcome !== 'completed')
    throw new Error(`sync --once: ${report.outcome} ${JSON.stringify(report)} ${child.stderr.slice(-2000)}`);
  return { child, report, liveHeapMb: peakLiveHeapMb(child.stdout) };
}

export interface ReplayRun {
  readonly child: ChildResult;
  readonly liveHeapMb: number | null;
  readonly events: number;
  readonly replayMs: number;
  readonly contracts: number;
  readonly identical: boolean;
}

export async function runReplay(eventsDb: string): Promise<ReplayRun> {
  const child = await runNode(['--trace-gc', ...tsxScript('bench/child/replayOnce.ts', eventsDb)], baseEnv({}));
  if (child.code !== 0) throw new Error(`replay failed (exit ${child.code}): ${child.stderr.slice(-2000)}`);
  const result = JSON.parse(lastJsonLine(child.stdout) || '{}') as Omit<ReplayRun, 'child' | 'liveHeapMb'>;
  return { ...result, child, liveHeapMb: peakLiveHeapMb(child.stdout) };
}

export interface EventCounts {
  readonly all: number;
  /** In the contracts' own streams (`contract-<code>`): observations, commands, outcomes. */
  readonly contracts: number;
}

/** Events in the log (none when there is no log yet). */
export function countEvents(eventsDb: string): EventCounts {
  if (!existsSync(eventsDb)) return { all: 0, contracts: 0 };
  const db = new Database(eventsDb, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        'SELECT count(*) AS "all", count(*) FILTER (WHERE stream_id LIKE \'contract-%\') AS contracts FROM events',
      )
      .get() as EventCounts;
  } finally {
    db.close();
  }
}

/**
 * The log's stored bytes after `position` (every column of every event, as SQLite keeps them as
 * text, plus 16 bytes a row for its integers): what a cycle adds to the disk, before indexes.
 */
export function eventBytesAfter(
  eventsDb: string,
  position: number,
): { events: number; bytes: number; lastPosition: number } {
  const db = new Database(eventsDb, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT count(*) AS events,
                coalesce(sum(length(stream_id) + length(id) + length(type) + length(coalesce(data, '')) + length(coalesce(metadata, '')) + length(created) + 16), 0) AS bytes,
                coalesce(max(position), ?) AS lastPosition
           FROM events WHERE position > ?`,
      )
      .get(position, position) as { events: number; bytes: number; lastPosition: number };
  } finally {
    db.close();
  }
}
