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

/** The issue's goals, checked against this run (null: not measured in this run). */
export function goals(results: readonly ScenarioResult[]): Goal[] {
  const find = (contracts: number, latency: number, scenario: string) =>
    results.find((r) => r.contracts === contracts && r.latencyMs === latency && r.scenario === scenario);
  const out: Goal[] = [];
  const steady = find(100_000, 20, '2');
  out.push({
    goal: 'steady 100,000-contract cycle at 20 ms within 1.5x of its network lower bound',
    met: steady?.networkLowerBoundMs ? steady.workMs <= 1.5 * steady.networkLowerBoundMs : null,
    detail: steady?.networkLowerBoundMs
      ? `cycle ${s(steady.workMs)} s (process ${s(steady.wallMs)} s) vs bound ${s(steady.networkLowerBoundMs)} s: ${(steady.workMs / steady.networkLowerBoundMs).toFixed(2)}x`
      : 'not run',
  });
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
  const big = results.filter((r) => r.contracts >= 100_000 && r.peakRssMb !== null && r.scenario !== '5');
  const worst = big.reduce<ScenarioResult | null>(
    (w, r) => (w === null || (r.peakRssMb ?? 0) > (w.peakRssMb ?? 0) ? r : w),
    null,
  );
  out.push({
    goal: 'peak RSS under 400 MB at 100,000 contracts',
    met: worst ? (worst.peakRssMb ?? 0) * 1.048576 < 400 : null,
    detail: worst
      ? `highest: ${worst.peakRssMb} MiB (${((worst.peakRssMb ?? 0) * 1.048576).toFixed(0)} MB) in "${worst.title}" at ${worst.latencyMs} ms`
      : 'not run',
  });
  const replays = results.filter((r) => r.scenario === '4');
  const slowest = replays.reduce<ScenarioResult | null>((w, r) => (w === null || rate(r) < rate(w) ? r : w), null);
  out.push({
    goal: 'replay at least 100,000 events/s on SQLite',
    met: slowest ? rate(slowest) >= 100_000 : null,
    detail: slowest
      ? `slowest: ${n(Math.round(rate(slowest)))} events/s (${n(slowest.extra.events as number)} events, ${n(slowest.contracts)} contracts)`
      : 'not run',
  });
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
    ...checked.map((g) => `- ${g.goal}: ${mark(g)}, ${g.detail}`),
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
