/**
 * The sqlite event store against raw better-sqlite3 on the same table.
 *
 *   npm run bench:store                # 1,000,000 events
 *   npm run bench:store -- --events 100000
 *
 * Appends go in batches of 100 (one append call each) round-robin over 2,000 `contract-<n>`
 * streams with exact expected revisions; the baseline inserts the same rows with one prepared
 * statement in transactions of 100, without any concurrency or idempotence check. Reads go
 * through `readAll` versus a raw paged SELECT that parses the same JSON; each read runs three
 * times, alternating raw and store, and the median counts, because on a shared machine one pass
 * can be off by a third. Rates per CPU-second of this process are printed beside the wall-clock
 * ones: they show what the code costs when other processes compete for the CPUs.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteEventStore } from '../src/adapters/eventstore/sqliteEventStore.ts';
import type { EventData } from '../src/domain/eventStore.ts';

const BATCH = 100;
const STREAMS = 2_000;
const APPEND_GOAL = 0.5; // of the raw insert rate
const READ_GOAL = 500_000; // events per second
const READ_PASSES = 3;
const RAW_COLUMNS = 'position, stream_id, revision, id, type, data, metadata, created';

interface Batch {
  readonly stream: string;
  readonly events: EventData[];
}

/** Events per second, by the wall clock and per CPU-second of this process. */
interface Rate {
  readonly wall: number;
  readonly cpu: number;
}

function parseEvents(argv: readonly string[]): number {
  const at = argv.indexOf('--events');
  if (at === -1) return 1_000_000;
  const n = Number(argv[at + 1]);
  if (!Number.isInteger(n) || n < BATCH) throw new Error(`--events wants an integer >= ${BATCH}, got ${argv[at + 1]}`);
  return n;
}

// Built before any clock starts, so that both sides are timed on storing, not on making data.
function makeBatches(total: number): Batch[] {
  const batches: Batch[] = [];
  for (let i = 0; i < total; i += BATCH) {
    const events: EventData[] = [];
    for (let j = i; j < Math.min(i + BATCH, total); j++) {
      events.push({ id: randomUUID(), type: 'SgpContractObserved', data: { code: j % 2_000, rx: -20.5 } });
    }
    batches.push({ stream: `contract-${batches.length % STREAMS}`, events });
  }
  return batches;
}

async function measure(events: number, run: () => Promise<void> | void): Promise<Rate> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1_000;
  return { wall: Math.round((events / wallMs) * 1_000), cpu: Math.round((events / cpuMs) * 1_000) };
}

async function appendToStore(path: string, batches: readonly Batch[]): Promise<Rate> {
  const store = openSqliteEventStore(path);
  const revisions = new Map<string, number>();
  const rate = await measure(countEvents(batches), async () => {
    for (const { stream, events } of batches) {
      const r = await store.append(stream, events, { expectedRevision: revisions.get(stream) ?? 'no_stream' });
      revisions.set(stream, r.nextExpectedRevision);
    }
  });
  await store.close();
  return rate;
}

async function readStore(path: string, total: number): Promise<Rate> {
  const store = openSqliteEventStore(path);
  let read = 0;
  let checksum = 0;
  const rate = await measure(total, async () => {
    for await (const e of store.readAll()) {
      read += 1;
      checksum += (e.data as { code: number }).code;
    }
  });
  await store.close();
  if (read !== total) throw new Error(`store read ${read} events, wrote ${total}`);
  if (checksum < 0) throw new Error('unreachable: keeps the parse from being optimised away');
  return rate;
}

async function appendRaw(path: string, batches: readonly Batch[]): Promise<Rate> {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE events (
    position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL, id TEXT NOT NULL,
    type TEXT NOT NULL, data TEXT, metadata TEXT, created TEXT NOT NULL, UNIQUE (stream_id, revision))`);
  const insert = db.prepare(`INSERT INTO events (${RAW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const revisions = new Map<string, number>();
  let position = 0;
  const insertBatch = db.transaction((batch: Batch) => {
    let revision = revisions.get(batch.stream) ?? -1;
    const created = new Date().toISOString();
    for (const e of batch.events) {
      revision += 1;
      insert.run(position++, batch.stream, revision, e.id, e.type, JSON.stringify(e.data), null, created);
    }
    revisions.set(batch.stream, revision);
  });
  const rate = await measure(countEvents(batches), () => {
    for (const batch of batches) insertBatch(batch);
  });
  db.close();
  return rate;
}

async function readRaw(path: string, total: number): Promise<Rate> {
  const db = new Database(path, { readonly: true });
  const page = db.prepare(`SELECT ${RAW_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT 4000`).raw();
  let read = 0;
  let checksum = 0;
  const rate = await measure(total, () => {
    for (let after = -1; ;) {
      const rows = page.all(after) as unknown[][];
      for (const row of rows) {
        read += 1;
        checksum += (JSON.parse(row[5] as string) as { code: number }).code;
      }
      if (rows.length < 4000) break;
      after = rows.at(-1)![0] as number;
    }
  });
  db.close();
  if (read !== total) throw new Error(`raw read ${read} rows, wrote ${total}`);
  if (checksum < 0) throw new Error('unreachable');
  return rate;
}

function countEvents(batches: readonly Batch[]): number {
  return batches.reduce((n, b) => n + b.events.length, 0);
}

function median(rates: readonly Rate[]): Rate {
  const middle = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { wall: middle(rates.map((r) => r.wall)), cpu: middle(rates.map((r) => r.cpu)) };
}

async function main(): Promise<void> {
  const total = parseEvents(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'store-bench-'));
  const f = (n: number): string => n.toLocaleString('en');
  try {
    console.log(`sqlite event store benchmark: ${f(total)} events, batches of ${BATCH}, ${STREAMS} streams`);
    console.log(
      `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const rawPath = join(dir, 'raw.db');
    const storePath = join(dir, 'store.db');
    // The batches are dropped before reading: a million live objects would make every major GC
    // during the reads trace them.
    let batches: Batch[] | undefined = makeBatches(total);
    const rawAppend = await appendRaw(rawPath, batches);
    const storeAppend = await appendToStore(storePath, batches);
    batches = undefined;
    const rawReads: Rate[] = [];
    const storeReads: Rate[] = [];
    for (let pass = 0; pass < READ_PASSES; pass++) {
      rawReads.push(await readRaw(rawPath, total));
      storeReads.push(await readStore(storePath, total));
    }
    const rawRead = median(rawReads);
    const storeRead = median(storeReads);
    const passes = (rates: Rate[]): string => rates.map((r) => f(r.wall)).join(', ');
    console.log(`read passes, wall clock (events/s): raw ${passes(rawReads)}; store ${passes(storeReads)}`);
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );

    const appendRatio = storeAppend.wall / rawAppend.wall;
    const appendOk = appendRatio >= APPEND_GOAL;
    const readOk = storeRead.wall >= READ_GOAL;
    const row = (name: string, raw: Rate, store: Rate, goal: string, ok: boolean): string =>
      `| ${name} | ${f(raw.wall)} | ${f(store.wall)} | ${(store.wall / raw.wall).toFixed(2)} | ${f(raw.cpu)} | ${f(store.cpu)} | ${goal} | ${ok ? 'yes' : 'NO'} |`;
    console.log('');
    console.log(
      '| operation | raw better-sqlite3 (events/s) | event store (events/s) | store / raw | raw per CPU-s | store per CPU-s | goal | met |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---|---|');
    console.log(row('append', rawAppend, storeAppend, `>= ${APPEND_GOAL} of raw`, appendOk));
    console.log(row(`read all (median of ${READ_PASSES})`, rawRead, storeRead, `>= ${f(READ_GOAL)}/s`, readOk));
    console.log('');
    console.log(appendOk && readOk ? 'goals met' : 'GOALS NOT MET');
    if (!(appendOk && readOk)) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
