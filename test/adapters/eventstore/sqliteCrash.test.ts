import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '../../../src/adapters/eventstore/sqliteEventStore.ts';
import type { RecordedEvent } from '../../../src/domain/eventStore.ts';
import { mulberry32 } from '../../../sim/shared/random.ts';

/**
 * SIGKILLs a child that appends batches in a loop, at a random moment, several times over the
 * same file, and checks after each kill that SQLite's recovery left whole batches only.
 * The delays come from a printed seed: CRASH_SEED=<seed> replays the same schedule.
 */

const ROUNDS = 5;
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CHILD = fileURLToPath(new URL('./fixtures/appendLoop.ts', import.meta.url));

interface Probe {
  readonly batch: number;
  readonly index: number;
  readonly size: number;
}

/** Starts the child; resolves once it has opened the store, with a reader of what it printed. */
function startChild(path: string, seed: number): Promise<{ child: ChildProcess; lastCommitted: () => number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, String(seed)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  // Only complete lines count: a line cut by the kill says nothing.
  const lastCommitted = (): number => {
    const lines = out.slice(0, out.lastIndexOf('\n')).split('\n');
    const last = lines.findLast((l) => l.startsWith('committed '));
    return last === undefined ? -1 : Number(last.slice('committed '.length));
  };
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      if (out.includes('ready ')) {
        child.stdout!.off('data', onData);
        resolve({ child, lastCommitted });
      }
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code, signal) => reject(new Error(`child exited early (${code ?? signal}): ${err}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Asserts the file's invariants; returns how many whole batches it holds. */
async function verify(path: string): Promise<number> {
  const store = openSqliteEventStore(path);
  try {
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const events: RecordedEvent[] = [];
    for await (const e of store.readAll()) events.push(e);

    // Positions: strictly increasing, and gap-free from 0 as the adapter assigns them.
    events.forEach((e, i) => expect(e.position).toBe(i));

    // Batches: whole, in order, numbered 0..n-1 with no gap, each in consecutive positions.
    let batches = 0;
    for (let i = 0; i < events.length;) {
      const head = events[i]!.data as Probe;
      expect(head.batch, `batch at position ${i}`).toBe(batches);
      for (let k = 0; k < head.size; k++) {
        const probe = events[i + k]?.data as Probe | undefined;
        expect(probe, `batch ${head.batch} is cut after ${k} of ${head.size} events`).toEqual(
          expect.objectContaining({ batch: head.batch, index: k, size: head.size }),
        );
      }
      i += head.size;
      batches += 1;
    }

    // Revisions: 0..n-1 in every stream, and the streams table agrees.
    const byStream = new Map<string, RecordedEvent[]>();
    for (const e of events) {
      const list = byStream.get(e.streamId);
      if (list) list.push(e);
      else byStream.set(e.streamId, [e]);
    }
    for (const [stream, streamEvents] of byStream) {
      streamEvents.forEach((e, i) => expect(e.revision, `${stream} revision`).toBe(i));
      expect(await store.streamRevision(stream)).toBe(streamEvents.length - 1);
    }
    return batches;
  } finally {
    await store.close();
  }
}

describe(`sqlite crash recovery (CRASH_SEED=${SEED})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-es-crash-'));
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) await killed(child);
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${ROUNDS} SIGKILLs at random moments leave whole batches only, a gap-free prefix, and an intact file`, async () => {
    const path = join(dir, 'events.db');
    const random = mulberry32(SEED);
    let batches = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const delay = 50 + Math.floor(random() * 350);
      const { child, lastCommitted } = await startChild(path, SEED + round);
      children.push(child);
      await new Promise((r) => setTimeout(r, delay));
      await killed(child);
      const reported = lastCommitted();
      const found = await verify(path);
      const context = `seed ${SEED}, round ${round}, killed after ${delay} ms`;
      // Every append the child saw return survived the kill (WAL, synchronous=NORMAL).
      expect(found - 1, context).toBeGreaterThanOrEqual(reported);
      // At most the one batch in flight committed without being reported.
      expect(found - 1, context).toBeLessThanOrEqual(reported + 1);
      expect(found, context).toBeGreaterThanOrEqual(batches);
      batches = found;
      if (process.env.CRASH_VERBOSE) console.error(`${context}: ${found} batches, last reported ${reported}`);
    }
    expect(batches).toBeGreaterThan(0);
    // Mostly child start-up (tsx); slower when the whole suite shares the CPUs.
  }, 60_000);
});
