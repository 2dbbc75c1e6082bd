/**
 * Cycles benchmark (issue #7): the engine against the SGP and OZmap simulators, each in its own
 * process, with injected latency.
 *
 *   npm run bench                                  # 10,000 and 100,000 contracts, 0 and 20 ms
 *   npm run bench -- --sizes 10000 --latencies 20  # a part of it
 *   npm run bench -- --quick                       # 1,000 contracts, 0 ms, in under a minute
 *
 * For each size and latency, on fresh simulators and a fresh SQLite event store:
 *   1. first sync: OZmap has the boxes and splitters, no clients;
 *   2. steady cycle, nothing changed: must send zero writes;
 *   3. 1% of the contracts changed in SGP and 0.5% of OZmap's clients edited by hand: must write
 *      exactly the objects that differ, once each (computed by the benchmark, bench/lib/changes.ts);
 *   3b. the cycle after that: zero writes again (it converged);
 *   4. replay of the whole log into fresh read models;
 *   5. the naive baseline (bench/child/naiveSync.ts), at 10,000 contracts or fewer only.
 *   6. realistic RX jitter: 90% of the readings moved by 0.01-0.05 dB (the SGP simulator's
 *      /__sim/rx-jitter): events, log bytes (a day at 100,000 contracts) and writes; 6b, zero after.
 * Every cycle is `sgp-ozmap sync --once` in a child process; its peak RSS is the kernel's.
 *
 * Options: --sizes N,N  --latencies MS,MS  --seed S  --naive-max N  --json PATH  --no-append  --keep
 * (the table and JSON are appended to BENCHMARKS.md unless --no-append; --quick implies it).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyChanges, planChanges, writtenObjects } from './lib/changes.ts';
import {
  DEFAULT_SETTINGS,
  countEvents,
  engineEnv,
  eventBytesAfter,
  runReplay,
  runSyncOnce,
  type EngineSettings,
} from './lib/engine.ts';
import { ensureFixtures } from './lib/fixtures.ts';
import { lowerBoundMs, requestsOf, type ScenarioResult } from './lib/measure.ts';
import { CLI, ROOT, baseEnv, runNode, tsxScript, type ChildResult } from './lib/processes.ts';
import { appendToBenchmarks, goals, issue18Goals, markdownSection, table, type ExtraFigures } from './lib/report.ts';
import { startSims, type Sims } from './lib/sims.ts';

interface Options {
  readonly sizes: number[];
  readonly latencies: number[];
  readonly seed: number;
  readonly naiveMax: number;
  readonly json: string | undefined;
  readonly append: boolean;
  readonly quick: boolean;
  /** Keep the event stores (for profiling): their directory is printed. */
  readonly keep: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      sizes: { type: 'string' },
      latencies: { type: 'string' },
      seed: { type: 'string' },
      'naive-max': { type: 'string' },
      json: { type: 'string' },
      'no-append': { type: 'boolean' },
      quick: { type: 'boolean' },
      keep: { type: 'boolean' },
    },
    strict: true,
  });
  const list = (text: string | undefined, fallback: number[], name: string): number[] => {
    if (text === undefined) return fallback;
    const items = text.split(',').map((item) => Number(item.trim()));
    if (items.length === 0 || items.some((item) => !Number.isInteger(item) || item < 0))
      throw new Error(`--${name} wants integers separated by commas, got "${text}"`);
    return items;
  };
  const quick = values.quick ?? false;
  return {
    sizes: list(values.sizes, quick ? [1_000] : [10_000, 100_000], 'sizes').filter((size) => size > 0),
    latencies: list(values.latencies, quick ? [0] : [0, 20], 'latencies'),
    seed: values.seed === undefined ? 7 : Number(values.seed),
    naiveMax: values['naive-max'] === undefined ? (quick ? 1_000 : 10_000) : Number(values['naive-max']),
    json: values.json,
    append: !(values['no-append'] ?? quick),
    quick,
    keep: values.keep ?? false,
  };
}

const log = (line: string): void => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

interface RunContext {
  readonly sims: Sims;
  readonly contracts: number;
  readonly latencyMs: number;
  readonly eventsDb: string;
  readonly env: NodeJS.ProcessEnv;
  readonly settings: EngineSettings;
  readonly results: ScenarioResult[];
  readonly seed: number;
  readonly naiveMax: number;
}

/** One `sync --once`, with the simulators' counters and the log's growth around it. */
async function measuredCycle(
  ctx: RunContext,
  scenario: string,
  title: string,
  differing: number | null,
  extra: Record<string, unknown> = {},
) {
  await ctx.sims.resetCounters();
  const eventsBefore = countEvents(ctx.eventsDb);
  const run = await runSyncOnce(ctx.env);
  const requests = requestsOf(await ctx.sims.counters());
  const eventsAfter = countEvents(ctx.eventsDb);
  const eventsAppended = eventsAfter.all - eventsBefore.all;
  const result: ScenarioResult = {
    contracts: ctx.contracts,
    latencyMs: ctx.latencyMs,
    scenario,
    title,
    wallMs: run.child.wallMs,
    workMs: run.report.durationMs,
    requests,
    networkLowerBoundMs: lowerBoundMs(requests, ctx.latencyMs, {
      sgp: ctx.settings.sgpConcurrency,
      ozmap: ctx.settings.ozmapConcurrency,
    }),
    eventsAppended,
    differingObjects: differing,
    writesPerObject: differing === null || differing === 0 ? null : requests.ozmapWrites / differing,
    peakRssMb: run.child.peakRssMb,
    liveHeapMb: run.liveHeapMb,
    cpuSeconds: run.child.cpuSeconds,
    checks: [],
    failures: [],
    extra: {
      ...extra,
      contractEventsAppended: eventsAfter.contracts - eventsBefore.contracts,
      counts: run.report.counts,
    },
  };
  log(
    `${ctx.contracts} contracts, ${ctx.latencyMs} ms, ${title}: cycle ${(result.workMs / 1000).toFixed(2)} s, process ${(result.wallMs / 1000).toFixed(2)} s, ` +
      `${requests.sgpReads} SGP + ${requests.ozmapReads} OZmap reads, ${requests.ozmapWrites} writes, ${eventsAppended} events, ${result.cpuSeconds} CPU s, peak RSS ${result.peakRssMb} MiB, live heap ${result.liveHeapMb} MB`,
  );
  return result;
}

function check(result: ScenarioResult, ok: boolean, what: string): void {
  (ok ? (result.checks as string[]) : (result.failures as string[])).push(what);
  if (!ok) log(`INVARIANT BROKEN: ${what}`);
}

async function runSizeAndLatency(ctx: RunContext): Promise<void> {
  const { sims, results } = ctx;
  // 1. First sync: no clients in OZmap.
  const first = await measuredCycle(ctx, '1', '1. first sync (no clients in OZmap)', null);
  const created = (await sims.ozmapState()).ftthClients.length;
  results.push({
    ...first,
    differingObjects: created,
    writesPerObject: created > 0 ? first.requests!.ozmapWrites / created : null,
    extra: { ...first.extra, clientsCreated: created },
  });
  check(
    results.at(-1)!,
    first.requests!.ozmapWrites === created,
    `one write (POST property with its client) per client created: ${first.requests!.ozmapWrites} writes, ${created} clients`,
  );

  // 2. Steady: nothing changed since.
  const steady = await measuredCycle(ctx, '2', '2. steady, nothing changed', 0);
  results.push(steady);
  check(
    steady,
    steady.requests!.ozmapWrites === 0,
    `steady cycle sends zero writes (sent ${steady.requests!.ozmapWrites})`,
  );
  check(
    steady,
    steady.extra.contractEventsAppended === 0,
    `steady cycle appends nothing to any contract's stream (appended ${String(steady.extra.contractEventsAppended)}; ${steady.eventsAppended} in all: the cycle's start and finish, the lease)`,
  );
  // Decision 0010: every page came back with the bytes of the first sync's read, so none is parsed
  // (the one read more is SGP's total, re-read at the end of the sweep).
  const recalled = (steady.extra.counts as Record<string, number> | undefined)?.['sgpPagesRecalled'];
  check(
    steady,
    recalled === steady.requests!.sgpReads - 1,
    `steady cycle parses no SGP page: ${String(recalled)} of ${steady.requests!.sgpReads - 1} pages stood as remembered`,
  );

  // 3. 1% of contracts changed in SGP, 0.5% of OZmap clients edited by hand.
  const [sgpState, ozBefore] = await Promise.all([sims.sgpState(), sims.ozmapState()]);
  const changes = planChanges(sgpState.clientes, ozBefore, ctx.contracts, ctx.seed);
  await applyChanges(sims, changes);
  const before = await sims.ozmapState();
  const changed = await measuredCycle(ctx, '3', '3. 1% changed in SGP, 0.5% edited in OZmap', changes.differing.size, {
    changedContracts: changes.changedContracts,
    editedClients: changes.editedClients,
    changeKinds: Object.fromEntries(
      ['name', 'rx', 'coords', 'suspend', 'implant'].map((k) => [
        k,
        changes.sgpEdits.filter((e) => e.kind === k).length,
      ]),
    ),
    handEditKinds: Object.fromEntries(
      ['rename', 'unimplant', 'observation'].map((k) => [k, changes.handEdits.filter((e) => e.kind === k).length]),
    ),
  });
  const written = writtenObjects(before, await sims.ozmapState());
  const missing = [...changes.differing].filter((o) => !written.has(o));
  const extraWritten = [...written].filter((o) => !changes.differing.has(o));
  results.push(changed);
  check(
    changed,
    changed.requests!.ozmapWrites === changes.differing.size,
    `writes equal the objects that differ: ${changed.requests!.ozmapWrites} writes, ${changes.differing.size} objects (write amplification ${changed.writesPerObject?.toFixed(2)})`,
  );
  check(
    changed,
    missing.length === 0 && extraWritten.length === 0,
    `the objects written are exactly those that differ (missed ${missing.length}: ${missing.slice(0, 5).join(' ')}; written needlessly ${extraWritten.length}: ${extraWritten.slice(0, 5).join(' ')})`,
  );

  // 3b. And then nothing is left to do.
  const after = await measuredCycle(ctx, '3b', '3b. steady after the changes', 0);
  results.push(after);
  check(
    after,
    after.requests!.ozmapWrites === 0,
    `the cycle after the changes sends zero writes (sent ${after.requests!.ozmapWrites})`,
  );

  // 4. Replay of the whole log.
  const replayed = await runReplay(ctx.eventsDb);
  const replay: ScenarioResult = {
    contracts: ctx.contracts,
    latencyMs: ctx.latencyMs,
    scenario: '4',
    title: '4. replay of the whole log',
    wallMs: replayed.child.wallMs,
    workMs: replayed.replayMs,
    requests: null,
    networkLowerBoundMs: null,
    eventsAppended: 0,
    differingObjects: null,
    writesPerObject: null,
    peakRssMb: replayed.child.peakRssMb,
    liveHeapMb: replayed.liveHeapMb,
    cpuSeconds: replayed.child.cpuSeconds,
    checks: [],
    failures: [],
    extra: {
      events: replayed.events,
      eventsPerSecond: Math.round((replayed.events / replayed.replayMs) * 1000),
      contracts: replayed.contracts,
      identical: replayed.identical,
    },
  };
  results.push(replay);
  check(replay, replayed.identical, 'the replayed read models equal the live ones');
  log(
    `${ctx.contracts} contracts, ${ctx.latencyMs} ms, replay: ${replayed.events} events in ${(replayed.replayMs / 1000).toFixed(2)} s (${replay.extra.eventsPerSecond} events/s), ${replay.peakRssMb} MiB`,
  );

  // 5. The naive baseline, at small sizes only (its cost is linear).
  if (ctx.contracts <= ctx.naiveMax) {
    await sims.resetCounters();
    const child = await runNode(tsxScript('bench/child/naiveSync.ts'), ctx.env);
    if (child.code !== 0) throw new Error(`naive baseline failed (exit ${child.code}): ${child.stderr.slice(-2000)}`);
    const outcome = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
      ms: number;
      found: number;
      patched: number;
      failed: number;
      contracts: number;
    };
    const requests = requestsOf(await sims.counters());
    const naive: ScenarioResult = {
      contracts: ctx.contracts,
      latencyMs: ctx.latencyMs,
      scenario: '5',
      title: '5. naive: find by code + PATCH, every contract',
      wallMs: child.wallMs,
      workMs: outcome.ms,
      requests,
      networkLowerBoundMs: lowerBoundMs(requests, ctx.latencyMs, {
        sgp: ctx.settings.sgpConcurrency,
        ozmap: ctx.settings.ozmapConcurrency,
      }),
      eventsAppended: null,
      differingObjects: changes.differing.size,
      writesPerObject: null,
      peakRssMb: child.peakRssMb,
      liveHeapMb: null,
      cpuSeconds: child.cpuSeconds,
      checks: [],
      failures: [],
      extra: outcome,
    };
    results.push(naive);
    check(naive, outcome.failed === 0, `the naive baseline had no failed contract (${outcome.failed})`);
    log(
      `${ctx.contracts} contracts, ${ctx.latencyMs} ms, naive: ${(outcome.ms / 1000).toFixed(2)} s, ${requests.sgpReads + requests.ozmapReads + requests.ozmapWrites} requests`,
    );
  }
}

/** RULES R4.2's cost with real OLT readings: share of the readings moved between two sweeps. */
const RX_JITTER = { share: 0.9, maxDb: 0.05 } as const;
const CYCLES_PER_DAY = (24 * 60) / 10; // SYNC_INTERVAL's default, 10m

/**
 * 6. Realistic RX jitter (issue 18): most readings move by a few hundredths of a dB between two
 * sweeps, as real ones do. Measures the events, the bytes the log grows by, and the OZmap writes
 * of such a cycle, extrapolated to a day at 100,000 contracts; 6b, the cycle after it with no
 * new jitter, must send nothing.
 */
async function runRxJitter(ctx: RunContext): Promise<void> {
  const { sims, results } = ctx;
  const moved = await sims.jitterRx(RX_JITTER.share, RX_JITTER.maxDb, ctx.seed);
  const position = eventBytesAfter(ctx.eventsDb, -1).lastPosition;
  const before = await sims.ozmapState();
  const jitter = await measuredCycle(
    ctx,
    '6',
    `6. RX jitter: ${RX_JITTER.share * 100}% of readings moved by 0.01-${RX_JITTER.maxDb} dB`,
    null,
  );
  const grown = eventBytesAfter(ctx.eventsDb, position);
  const written = writtenObjects(before, await sims.ozmapState());
  const perDayAt100k = (grown.bytes * CYCLES_PER_DAY * 100_000) / ctx.contracts;
  const result: ScenarioResult = {
    ...jitter,
    differingObjects: written.size,
    writesPerObject: written.size > 0 ? jitter.requests!.ozmapWrites / written.size : null,
    extra: {
      ...jitter.extra,
      readingsMoved: moved,
      logBytes: grown.bytes,
      bytesPerEvent: grown.events > 0 ? Math.round(grown.bytes / grown.events) : null,
      logBytesPerDayAt100k: Math.round(perDayAt100k),
    },
  };
  results.push(result);
  check(
    result,
    jitter.requests!.ozmapWrites === written.size,
    `RX jitter: one write per object written (${jitter.requests!.ozmapWrites} writes, ${written.size} objects changed)`,
  );
  log(
    `${ctx.contracts} contracts, ${ctx.latencyMs} ms, RX jitter: ${moved} readings moved, ${jitter.eventsAppended} events, ${grown.bytes} bytes in the log (${(perDayAt100k / 1e9).toFixed(2)} GB a day at 100,000 contracts, one cycle every 10 min), ${jitter.requests!.ozmapWrites} OZmap writes`,
  );
  const after = await measuredCycle(ctx, '6b', '6b. steady after the RX jitter', 0);
  results.push(after);
  check(
    after,
    after.requests!.ozmapWrites === 0 && after.extra.contractEventsAppended === 0,
    `the cycle after the RX jitter sends zero writes and appends nothing per contract (${after.requests!.ozmapWrites} writes, ${String(after.extra.contractEventsAppended)} events)`,
  );
}

/** `bin/sgp-ozmap --help` against a bare `node -e ''`, five of each alternating: medians. */
async function measureCliStart(): Promise<NonNullable<ExtraFigures['cliStart']>> {
  const cli: ChildResult[] = [];
  const bare: ChildResult[] = [];
  for (let i = 0; i < 5; i += 1) {
    cli.push(await runNode([CLI, '--help'], baseEnv({})));
    bare.push(await runNode(['-e', ''], baseEnv({})));
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const result = {
    wallMs: median(cli.map((c) => c.wallMs)),
    bareWallMs: median(bare.map((c) => c.wallMs)),
    peakRssMb: median(cli.map((c) => c.peakRssMb ?? 0)),
  };
  log(
    `CLI start: --help ${(result.wallMs / 1000).toFixed(2)} s, bare node ${(result.bareWallMs / 1000).toFixed(2)} s, ${result.peakRssMb} MiB`,
  );
  return result;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const settings = DEFAULT_SETTINGS;
  const startedAt = new Date();
  const results: ScenarioResult[] = [];
  const work = mkdtempSync(join(tmpdir(), 'sgp-ozmap-bench-run-'));
  log(
    `sizes ${options.sizes.join(', ')}; latencies ${options.latencies.join(', ')} ms; node ${process.version}; ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}`,
  );
  try {
    for (const contracts of options.sizes) {
      log(`fixtures for ${contracts} contracts (generated once, then cached under ${tmpdir()})`);
      const fixtures = await ensureFixtures(contracts, options.seed);
      for (const latencyMs of options.latencies) {
        const dir = mkdtempSync(join(work, `${contracts}-${latencyMs}ms-`));
        const eventsDb = join(dir, 'events.db');
        log(`${contracts} contracts, ${latencyMs} ms: starting the simulators`);
        const sims = await startSims(fixtures.sgp, fixtures.ozmapNetwork);
        try {
          await sims.setLatency(latencyMs);
          const ctx = {
            sims,
            contracts,
            latencyMs,
            eventsDb,
            env: engineEnv(sims, eventsDb, settings),
            settings,
            results,
            seed: options.seed,
            naiveMax: options.naiveMax,
          };
          await runSizeAndLatency(ctx);
          await runRxJitter(ctx);
        } finally {
          await sims.stop();
          if (!options.keep) rmSync(dir, { recursive: true, force: true });
        }
      }
    }
  } finally {
    if (options.keep) log(`event stores kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  const totalSeconds = (Date.now() - startedAt.getTime()) / 1000;
  // Where a copy of the JSON went is this machine's business, not the record's.
  const argv = process.argv.slice(2).map((arg, i, all) => (all[i - 1] === '--json' ? '<file>' : arg));
  const info = {
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    startedAt: startedAt.toISOString(),
    totalSeconds,
    machine: {
      cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
      memory: `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
      os: `${platform()} ${release()}`,
      node: process.version,
      'load average at the end': loadavg()
        .map((l) => l.toFixed(2))
        .join(' '),
    },
    settings: {
      SGP_CONCURRENCY: settings.sgpConcurrency,
      OZMAP_CONCURRENCY: settings.ozmapConcurrency,
      SGP_MAX_RPS: settings.maxRps,
      OZMAP_MAX_RPS: settings.maxRps,
      OZMAP_PAGE_SIZE: settings.ozmapPageSize,
      'SGP page size': 100,
      EVENTSTORE_URL: 'sqlite:<fresh file>',
      seed: options.seed,
    },
  };
  const extra: ExtraFigures = options.quick ? {} : { cliStart: await measureCliStart() };
  const checked = [...goals(results), ...issue18Goals(results, extra)];
  console.log('');
  console.log(table(results));
  console.log('');
  for (const g of checked)
    console.log(`${g.met === null ? 'n/a   ' : g.met ? 'MET   ' : 'MISSED'} ${g.goal}: ${g.detail}`);
  const output = { ...info, goals: checked, results, extraFigures: extra };
  if (options.json) writeFileSync(options.json, JSON.stringify(output, null, 1));
  if (options.append) {
    appendToBenchmarks(join(ROOT, 'BENCHMARKS.md'), markdownSection(info, results, checked));
    log('appended to BENCHMARKS.md');
  }
  const broken = results.flatMap((r) => r.failures);
  if (broken.length > 0) {
    console.error(`${broken.length} invariant(s) broken`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
