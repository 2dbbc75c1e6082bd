/** The benchmark's table, its goals, and the section appended to BENCHMARKS.md. */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import type { ScenarioResult } from './measure.ts';

export interface RunInfo {
  readonly command: string;
  readonly startedAt: string;
  readonly totalSeconds: number;
  readonly machine: Readonly<Record<string, unknown>>;
  readonly settings: Readonly<Record<string, unknown>>;
}

export interface Goal {
  readonly goal: string;
  readonly met: boolean | null;
  readonly detail: string;
  /** The figure this goal's measurement replaces (issue 18's "today" column). */
  readonly replaces?: string;
}

const s = (ms: number | null): string => (ms === null ? '-' : (ms / 1000).toFixed(ms < 10_000 ? 2 : 1));
const n = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : v.toLocaleString('en'));

export function table(results: readonly ScenarioResult[]): string {
  const head =
    '| contracts | latency | scenario | wall s | work s | net. lower bound s | work / bound | SGP reads | OZmap reads | OZmap writes | differing objects | writes / object | events appended | CPU s | peak RSS MiB | live heap MB |';
  const rule = '|' + '---|'.repeat(16);
  const rows = results.map((r) => {
    const ratio =
      r.networkLowerBoundMs && r.networkLowerBoundMs > 0 ? (r.workMs / r.networkLowerBoundMs).toFixed(2) : '-';
    return `| ${n(r.contracts)} | ${r.latencyMs} ms | ${r.title} | ${s(r.wallMs)} | ${s(r.workMs)} | ${s(r.networkLowerBoundMs)} | ${ratio} | ${n(r.requests?.sgpReads)} | ${n(r.requests?.ozmapReads)} | ${n(r.requests?.ozmapWrites)} | ${n(r.differingObjects)} | ${r.writesPerObject === null ? '-' : r.writesPerObject.toFixed(2)} | ${n(r.eventsAppended)} | ${r.cpuSeconds ?? '-'} | ${r.peakRssMb ?? '-'} | ${r.liveHeapMb ?? '-'} |`;
  });
  return [head, rule, ...rows].join('\n');
}

/**
 * Issue 7's goal against the naive baseline, checked against this run (null: not run). Its other
 * goals (steady ratio, RSS, replay) are rows of issue 18's table, with tighter figures: issue18Goals.
 */
export function goals(results: readonly ScenarioResult[]): Goal[] {
  const find = (contracts: number, latency: number, scenario: string) =>
    results.find((r) => r.contracts === contracts && r.latencyMs === latency && r.scenario === scenario);
  const out: Goal[] = [];
  const naive = results.filter((r) => r.scenario === '5');
  if (naive.length === 0)
    out.push({
      goal: 'at least 10x fewer requests and 5x less time than the naive baseline',
      met: null,
      detail: 'not run',
    });
  for (const baseline of naive) {
    const ours = find(baseline.contracts, baseline.latencyMs, '3');
    const total = (r: ScenarioResult) =>
      r.requests ? r.requests.sgpReads + r.requests.ozmapReads + r.requests.ozmapWrites : 0;
    const requestRatio = ours ? total(baseline) / Math.max(1, total(ours)) : null;
    const timeRatio = ours ? baseline.workMs / ours.workMs : null;
    out.push({
      goal: `at least 10x fewer requests and 5x less time than the naive baseline (${n(baseline.contracts)} contracts, ${baseline.latencyMs} ms)`,
      met: requestRatio !== null && timeRatio !== null ? requestRatio >= 10 && timeRatio >= 5 : null,
      detail: ours
        ? `naive ${n(total(baseline))} requests in ${s(baseline.workMs)} s; scenario 3 ${n(total(ours))} requests in ${s(ours.workMs)} s: ${requestRatio!.toFixed(1)}x fewer requests, ${timeRatio!.toFixed(1)}x less time`
        : 'scenario 3 not run at that size',
    });
  }
  return out;
}

/** A figure measured outside the cycles (the CLI's start, the daemon's RSS), when this run measured it. */
export interface ExtraFigures {
  /** `bin/sgp-ozmap --help` against a bare `node -e ''`, medians of the same run. */
  readonly cliStart?: { readonly wallMs: number; readonly bareWallMs: number; readonly peakRssMb: number };
  /** `run` over many cycles: RSS after each cycle, in MiB. */
  readonly daemon?: { readonly contracts: number; readonly cycles: number; readonly rssMb: readonly number[] };
}

/**
 * Issue 18's table, every row, met or not, with the figure it replaces (BENCHMARKS.md, run of
 * 2026-11-29). A goal this run did not measure says so (`met: null`) and where it is measured.
 */
export function issue18Goals(results: readonly ScenarioResult[], extra: ExtraFigures = {}): Goal[] {
  const find = (contracts: number, latency: number, scenario: string) =>
    results.find((r) => r.contracts === contracts && r.latencyMs === latency && r.scenario === scenario);
  const steadyAt = (contracts: number) =>
    results.filter((r) => r.contracts === contracts && (r.scenario === '2' || r.scenario === '3b'));
  const firstAt = (contracts: number) => results.filter((r) => r.contracts === contracts && r.scenario === '1');
  const max = (rs: readonly ScenarioResult[], f: (r: ScenarioResult) => number | null) =>
    rs.reduce<number | null>((m, r) => (f(r) === null ? m : Math.max(m ?? 0, f(r)!)), null);
  const out: Goal[] = [];
  const ratio = (r: ScenarioResult | undefined, limit: number, what: string, replaces: string) => {
    const bound = r?.networkLowerBoundMs ?? 0;
    out.push({
      goal: `${what}, work / network lower bound <= ${limit}x`,
      replaces,
      met: r && bound > 0 ? r.workMs <= limit * bound : null,
      detail:
        r && bound > 0
          ? `cycle ${s(r.workMs)} s vs bound ${s(bound)} s: ${(r.workMs / bound).toFixed(2)}x (${r.cpuSeconds ?? '-'} CPU s)`
          : 'not run (needs 100,000 contracts at 20 ms)',
    });
  };
  ratio(find(100_000, 20, '2'), 1.5, 'steady 100,000-contract cycle at 20 ms', '1.9-3.4x');
  ratio(find(100_000, 20, '1'), 1.15, 'first sync at 100,000 and 20 ms', '1.34x');
  const steady = steadyAt(100_000);
  const cpu = max(steady, (r) => r.cpuSeconds);
  out.push({
    goal: 'CPU seconds of a steady 100,000-contract cycle <= 7 (highest of this run)',
    replaces: '17-22',
    met: cpu === null ? null : cpu <= 7,
    detail: cpu === null ? 'not run' : `${cpu} CPU s (process: start-up included)`,
  });
  const rss = max(steady, (r) => r.peakRssMb);
  out.push({
    goal: 'peak RSS of a steady 100,000-contract cycle <= 400 MiB (highest of this run)',
    replaces: '718-975 MiB',
    met: rss === null ? null : rss <= 400,
    detail: rss === null ? 'not run' : `${rss} MiB (live heap ${max(steady, (r) => r.liveHeapMb) ?? '-'} MB)`,
  });
  const firstRss = max(firstAt(100_000), (r) => r.peakRssMb);
  out.push({
    goal: 'peak RSS of a first sync at 100,000 <= 600 MiB (highest of this run)',
    replaces: '957-1,535 MiB',
    met: firstRss === null ? null : firstRss <= 600,
    detail: firstRss === null ? 'not run' : `${firstRss} MiB`,
  });
  const replays = results.filter((r) => r.scenario === '4');
  const slowest = replays.reduce<ScenarioResult | null>((w, r) => (w === null || rate(r) < rate(w) ? r : w), null);
  out.push({
    goal: 'replay on SQLite >= 100,000 events/s (slowest of this run)',
    replaces: '11,000-12,500 events/s',
    met: slowest ? rate(slowest) >= 100_000 : null,
    detail: slowest
      ? `${n(Math.round(rate(slowest)))} events/s (${n(slowest.extra.events as number)} events)`
      : 'not run',
  });
  const cli = extra.cliStart;
  out.push({
    goal: "`bin/sgp-ozmap --help` <= 4x bare `node -e ''` wall time, <= 60 MiB",
    replaces: '0.79 s wall, 1.1 CPU s, 106 MiB',
    met: cli ? cli.wallMs <= 4 * cli.bareWallMs && cli.peakRssMb <= 60 : null,
    detail: cli
      ? `${s(cli.wallMs)} s vs bare node ${s(cli.bareWallMs)} s (${(cli.wallMs / cli.bareWallMs).toFixed(1)}x), ${cli.peakRssMb} MiB`
      : 'not measured in this run',
  });
  // Growth: the steady cycle's CPU and RSS per contract at the smallest and largest size run.
  const sizes = [...new Set(results.filter((r) => r.scenario === '2').map((r) => r.contracts))].sort((a, b) => a - b);
  const small = sizes.find((size) => size >= 10_000);
  const large = sizes.at(-1);
  if (small !== undefined && large !== undefined && large >= 3 * small) {
    const per = (size: number, f: (r: ScenarioResult) => number | null) => (max(steadyAt(size), f) ?? 0) / size;
    const cpuGrowth = per(large, (r) => r.cpuSeconds) / per(small, (r) => r.cpuSeconds);
    const rssGrowth = per(large, (r) => r.peakRssMb) / per(small, (r) => r.peakRssMb);
    const within = (g: number) => g >= 0.75 && g <= 1.25;
    out.push({
      goal: `steady cycle from ${n(small)} to ${n(large)} contracts: CPU and RSS per contract constant within 25%`,
      replaces: 'not measured',
      met: within(cpuGrowth) && within(rssGrowth),
      detail: `per contract at ${n(large)} / at ${n(small)}: CPU ${cpuGrowth.toFixed(2)}x, RSS ${rssGrowth.toFixed(2)}x`,
    });
  } else {
    out.push({
      goal: 'steady cycle from 10,000 to 300,000 contracts: CPU and RSS per contract constant within 25%',
      replaces: 'not measured',
      met: null,
      detail: 'not run (needs --sizes 10000,...,300000)',
    });
  }
  out.push({
    goal: 'event log growth with realistic RX jitter at 100,000 contracts: bytes per day, bounded, with a disk-usage metric',
    replaces: 'not measured',
    met: null,
    detail: 'measured by the RX-jitter scenario, not by this benchmark',
  });
  const daemon = extra.daemon;
  if (daemon && daemon.rssMb.length > 10) {
    const after = daemon.rssMb.slice(10);
    const base = daemon.rssMb[9]!;
    const worst = Math.max(...after.map((v) => Math.abs(v - base) / base));
    out.push({
      goal: `\`run\` daemon over ${daemon.cycles} cycles at ${n(daemon.contracts)} contracts: RSS flat within 10% after the tenth cycle`,
      replaces: 'not measured',
      met: worst <= 0.1,
      detail: `RSS after cycle 10 ${base} MiB, then ${Math.min(...after)}-${Math.max(...after)} MiB (${(worst * 100).toFixed(1)}% at most)`,
    });
  } else {
    out.push({
      goal: '`run` daemon over 200 cycles at 10,000 contracts: RSS flat within 10% after the tenth cycle',
      replaces: 'not measured',
      met: null,
      detail: 'not measured in this run',
    });
  }
  return out;
}

function rate(r: ScenarioResult): number {
  return ((r.extra.events as number) / r.workMs) * 1000;
}

export function markdownSection(info: RunInfo, results: readonly ScenarioResult[], checked: readonly Goal[]): string {
  const mark = (g: Goal) => (g.met === null ? 'not measured' : g.met ? '**met**' : '**missed**');
  const failures = results.flatMap((r) =>
    r.failures.map((f) => `- ${n(r.contracts)} contracts, ${r.latencyMs} ms, ${r.title}: ${f}`),
  );
  return [
    `### Run of ${info.startedAt}`,
    '',
    `Command: \`${info.command}\` (${info.totalSeconds.toFixed(0)} s in all)  `,
    `Machine: ${Object.entries(info.machine)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ')}  `,
    `Settings: ${Object.entries(info.settings)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ')}`,
    '',
    table(results),
    '',
    ...checked.map((g) => `- ${g.goal}: ${mark(g)}, ${g.detail}${g.replaces ? ` (replaces: ${g.replaces})` : ''}`),
    ...(failures.length > 0
      ? ['', 'Invariants broken:', ...failures]
      : [
          '',
          'Invariants held: every steady cycle sent zero writes; scenario 3 wrote exactly the objects that differ, one write each.',
        ]),
    '',
    '<details><summary>JSON</summary>',
    '',
    '```json',
    JSON.stringify({ ...info, goals: checked, results }, null, 1),
    '```',
    '',
    '</details>',
    '',
  ].join('\n');
}

export function appendToBenchmarks(path: string, section: string): void {
  if (!existsSync(path)) writeFileSync(path, '# Benchmarks\n\n');
  appendFileSync(path, `\n${section}`);
}
